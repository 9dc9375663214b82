// aws-spot-advisor: the Spot Instance Advisor feed (spot-advisor-data.json) -> SpotAdvice per
// (region, OS, instance type) and InstanceSpec per instance type (data/aws/README.md §7).
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsMiscSupport.h"

#include <cmath>
#include <map>

namespace cloudcost::pricing::awsmisc {

namespace {

using nlohmann::json;

struct Bucket
{
    std::string label;
    std::optional<double> upperPct;
};

Error invalid(const std::string& message, const std::string& where)
{
    return makeError(Error::Code::InvalidInput, message, where);
}

// "r" is an index into "ranges", matched by each range's own "index" (README §7). The upper bound
// comes from the label ("5-10%" -> 10), not from "max", whose values (5, 11, 16, 22, 100) do not
// match the label boundaries.
Result<std::map<std::int64_t, Bucket>> readRanges(const json& root, const std::string& name)
{
    const json* ranges = member(root, "ranges");
    if (!ranges || !ranges->is_array() || ranges->empty()) {
        return invalid("Spot Advisor feed has no \"ranges\" list (interruption buckets)", name);
    }
    std::map<std::int64_t, Bucket> out;
    std::int64_t position = 0;
    for (const auto& r : *ranges) {
        const std::string where = name + ": ranges[" + std::to_string(position) + "]";
        const json* index = member(r, "index");
        const json* label = member(r, "label");
        if (!label || !label->is_string() || label->get_ref<const std::string&>().empty()) {
            return invalid("interruption range has no \"label\" string", where);
        }
        std::int64_t key = position;
        if (index && !index->is_null()) {
            if (!index->is_number_integer() && !index->is_number_unsigned()) {
                return invalid("interruption range \"index\" is " + jsonTypeName(*index)
                                   + " (expected an integer)",
                               where);
            }
            key = index->get<std::int64_t>();
        }
        if (out.count(key)) {
            return invalid("interruption range index " + std::to_string(key) + " appears twice",
                           where);
        }
        const std::string text = text::printable(label->get_ref<const std::string&>(), 20);
        out[key] = Bucket{text, bucketUpperBound(text)};
        ++position;
    }
    return out;
}

Status readInstanceTypes(const json& root, const std::string& name, ImportSink& sink)
{
    const json* types = member(root, "instance_types");
    if (!types || types->is_null()) {
        return {};
    }
    if (!types->is_object()) {
        return invalid("\"instance_types\" is " + jsonTypeName(*types) + " (expected an object)",
                       name);
    }
    for (const auto& [type, info] : types->items()) {
        const std::string where = name + ": instance_types." + text::printable(type, 60);
        sink.rowRead();
        if (!info.is_object()) {
            return invalid("instance type entry is " + jsonTypeName(info) + " (expected an object)",
                           where);
        }
        auto cores = strictNumber(member(info, "cores"), "cores");
        if (!cores) {
            return invalid(cores.error().message, where);
        }
        auto ram = strictNumber(member(info, "ram_gb"), "ram_gb");
        if (!ram) {
            return invalid(ram.error().message, where);
        }
        if ((*cores && (**cores < 0 || **cores > 1e5)) || (*ram && (**ram < 0 || **ram > 1e7))) {
            return invalid("cores or ram_gb out of range", where);
        }
        InstanceSpec spec;
        spec.provider = "aws";
        spec.instanceType = text::printable(type, 80);
        spec.family = instanceFamily(spec.instanceType);
        // "cores" is the vCPU count (m5.large: 2), not physical cores.
        spec.vcpus = *cores;
        // "ram_gb" is GiB despite the name: it repeats AWS's published memory (t3.nano 0.5,
        // m5.large 8, x2iedn.32xlarge 4096 = 4 TiB), which is in GiB.
        spec.memoryGib = *ram;
        if (auto st = sink.addSpec(spec); !st) {
            return st;
        }
    }
    return {};
}

int sniffAdvisor(std::string_view head, std::string_view /*fileName*/)
{
    const auto t = text::trim(head);
    if (t.empty() || t.front() != '{') {
        return 0;
    }
    if (text::contains(head, "\"spot_advisor\"")) {
        return 95;
    }
    // Key order varies; the instance_types map alone may fill the first 64 KiB.
    if (text::contains(head, "\"instance_types\"") && text::contains(head, "\"ram_gb\"")
        && text::contains(head, "\"emr\"")) {
        return 90;
    }
    if (text::contains(head, "\"ranges\"") && text::contains(head, "\"dots\"")) {
        return 90;
    }
    return 0;
}

Result<SourceFacts> runAdvisor(const ImportRequest& request, ImportSink& sink)
{
    const std::string name = displayName(request);
    auto doc = loadJsonFile(request);
    if (!doc) {
        return doc.error();
    }
    const json& root = *doc;
    const json* advisor = member(root, "spot_advisor");
    if (!advisor || !advisor->is_object()) {
        return invalid(
            "not a Spot Instance Advisor feed: expected an object with a "
            "\"spot_advisor\" map, found "
                + (root.is_object() ? std::string("an object without it") : jsonTypeName(root)),
            name);
    }
    auto buckets = readRanges(root, name);
    if (!buckets) {
        return buckets.error();
    }
    if (auto st = readInstanceTypes(root, name, sink); !st) {
        return st.error();
    }
    std::size_t regionsDone = 0;
    for (const auto& [region, byOs] : advisor->items()) {
        const std::string regionWhere = name + ": spot_advisor." + text::printable(region, 40);
        if (!byOs.is_object()) {
            return invalid("region entry is " + jsonTypeName(byOs) + " (expected an object)",
                           regionWhere);
        }
        for (const auto& [osName, byType] : byOs.items()) {
            const std::string osWhere = regionWhere + "." + text::printable(osName, 40);
            if (!byType.is_object()) {
                return invalid("OS entry is " + jsonTypeName(byType) + " (expected an object)",
                               osWhere);
            }
            const std::string os = normaliseOs(osName);
            for (const auto& [type, entry] : byType.items()) {
                const std::string where = osWhere + "." + text::printable(type, 60);
                sink.rowRead();
                if (!entry.is_object()) {
                    return invalid("entry is " + jsonTypeName(entry) + " (expected {\"s\", \"r\"})",
                                   where);
                }
                auto savings = strictNumber(member(entry, "s"), "savings \"s\"");
                if (!savings) {
                    return invalid(savings.error().message, where);
                }
                // Negative savings are published as is (2025-06 feed: ca-central-1 Linux
                // p5.48xlarge has -62, spot above on-demand); above 100% is impossible.
                if (*savings && (**savings < -100 || **savings > 100)) {
                    return invalid("savings \"s\" of " + std::to_string(**savings)
                                       + " is not a percentage (-100 to 100)",
                                   where);
                }
                const json* r = member(entry, "r");
                if (!r || !(r->is_number_integer() || r->is_number_unsigned())) {
                    return invalid(std::string("interruption range \"r\" is ")
                                       + (r ? jsonTypeName(*r) : std::string("missing"))
                                       + " (expected an integer index into \"ranges\")",
                                   where);
                }
                const auto key = r->get<std::int64_t>();
                const auto bucket = buckets->find(key);
                if (bucket == buckets->end()) {
                    return invalid("interruption range \"r\": " + std::to_string(key)
                                       + " is not an index of \"ranges\" (0 to "
                                       + std::to_string(buckets->rbegin()->first) + ")",
                                   where);
                }
                SpotAdvice a;
                a.provider = "aws";
                a.region = text::printable(region, 40);
                a.os = os;
                a.instanceType = text::printable(type, 80);
                a.savingsPct = *savings;
                a.interruptionBucket = bucket->second.label;
                a.interruptionMaxPct = bucket->second.upperPct;
                if (auto st = sink.addSpotAdvice(a); !st) {
                    return st.error();
                }
            }
        }
        if (auto st = reportProgress(request, ++regionsDone, advisor->size()); !st) {
            return st.error();
        }
    }
    // The feed is one global snapshot: a newer import replaces it.
    return SourceFacts{"aws-spot-advisor", "aws", {}, {}, "aws-spot-advisor"};
}

} // namespace

ImporterInfo spotAdvisorImporter()
{
    return ImporterInfo{"aws-spot-advisor",
                        "AWS Spot Instance Advisor feed (spot-advisor-data.json: interruption "
                        "buckets and savings per region, OS and instance type)",
                        sniffAdvisor,
                        runAdvisor};
}

} // namespace cloudcost::pricing::awsmisc
