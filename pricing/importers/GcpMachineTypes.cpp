#include "pricing/importers/GcpMachineTypes.h"

#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/importers/AzureGcpJson.h"

#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace cloudcost::pricing::gcp {

namespace {

constexpr std::string_view kFormat = "gcp-machine-types";
constexpr std::string_view kProvider = "gcp";

// "us-central1-a", ".../zones/us-central1-a/machineTypes" or "zones/us-central1-a" -> the zone.
std::string zoneOf(std::string_view s)
{
    const auto at = s.find("zones/");
    if (at == std::string_view::npos) {
        return s.find('/') == std::string_view::npos ? std::string(s) : std::string();
    }
    const auto rest = s.substr(at + 6);
    return std::string(rest.substr(0, rest.find('/')));
}

std::string number(double x)
{
    std::ostringstream out;
    out << x;
    return out.str();
}

// Reads machine type lists into a sink.
class MachineTypeReader
{
public:
    MachineTypeReader(ImportSink& sink, const JsonScanner& scanner)
        : m_sink(sink)
        , m_scanner(scanner)
    {}

    Status readAll()
    {
        auto values = m_scanner.topLevelValues();
        if (!values) {
            return values.error();
        }
        for (const auto& value : *values) {
            if (auto st = readTopLevel(value); !st) {
                return st;
            }
        }
        if (m_count == 0) {
            return makeError(Error::Code::InvalidInput,
                             "no machine types in the file (expected {\"kind\": "
                             "\"compute#machineTypeList\", \"items\": [...]} or an array)",
                             m_scanner.displayName());
        }
        return {};
    }

    SourceFacts facts() const
    {
        SourceFacts f;
        f.format = std::string(kFormat);
        f.provider = std::string(kProvider);
        if (m_aggregated) {
            f.key = std::string(kFormat) + ":aggregated";
        } else if (m_zones.size() == 1) {
            f.key = std::string(kFormat) + ":" + *m_zones.begin();
        } // else: format + file name (the workspace default)
        return f;
    }

private:
    std::string where() const
    {
        return m_scanner.displayName() + ": machine type " + std::to_string(m_count);
    }

    Status readTopLevel(JsonScanner::Span value)
    {
        const char kind = m_scanner.kind(value);
        if (kind == '[') {
            return readArray(value);
        }
        if (kind != '{') {
            return m_scanner.errorAt(value.begin,
                                     "expected a machineTypes list {\"kind\": "
                                     "\"compute#machineTypeList\", \"items\": [...]} or an array "
                                     "of machine types");
        }
        auto members = m_scanner.objectMembers(value);
        if (!members) {
            return members.error();
        }
        const JsonScanner::Member* items = nullptr;
        bool single = false;
        std::string listZone;
        for (const auto& m : *members) {
            if (m.key == "items") {
                items = &m;
            } else if (m.key == "guestCpus" || m.key == "memoryMb") {
                single = true;
            } else if ((m.key == "selfLink" || m.key == "id") && m_scanner.kind(m.value) == '"') {
                auto link = m_scanner.parse(m.value);
                if (!link) {
                    return link.error();
                }
                if (const auto zone = zoneOf(link->get<std::string>());
                    !zone.empty() && text::contains(link->get<std::string>(), "zones/")) {
                    listZone = zone;
                }
            }
        }
        if (single && !items) {
            return readTypeSpan(value, {});
        }
        if (!items) {
            return m_scanner.errorAt(value.begin,
                                     "not a machine type list: the object has no \"items\" "
                                     "(expected {\"kind\": \"compute#machineTypeList\", "
                                     "\"items\": [...]})");
        }
        if (m_scanner.kind(items->value) == '[') {
            if (!listZone.empty()) {
                m_zones.insert(listZone);
            }
            return readArray(items->value, listZone);
        }
        if (m_scanner.kind(items->value) != '{') {
            return m_scanner.errorAt(items->value.begin,
                                     "\"items\" must be an array (list) or an object of zones "
                                     "(aggregatedList)");
        }
        // aggregatedList: {"zones/us-central1-a": {"machineTypes": [...]}, "zones/x":
        // {"warning": {...}}}.
        m_aggregated = true;
        auto scopes = m_scanner.objectMembers(items->value);
        if (!scopes) {
            return scopes.error();
        }
        for (const auto& scope : *scopes) {
            if (m_scanner.kind(scope.value) != '{') {
                return m_scanner.errorAt(scope.value.begin,
                                         "aggregatedList scope \"" + text::printable(scope.key)
                                             + "\" must be an object");
            }
            auto scopeMembers = m_scanner.objectMembers(scope.value);
            if (!scopeMembers) {
                return scopeMembers.error();
            }
            for (const auto& m : *scopeMembers) {
                if (m.key != "machineTypes") {
                    continue; // "warning": no machine types in this zone
                }
                if (m_scanner.kind(m.value) != '[') {
                    return m_scanner.errorAt(m.value.begin, "\"machineTypes\" must be an array");
                }
                if (auto st = readArray(m.value, zoneOf(scope.key)); !st) {
                    return st;
                }
            }
        }
        return {};
    }

    Status readArray(JsonScanner::Span array, const std::string& zone = {})
    {
        auto elements = m_scanner.arrayElements(array);
        if (!elements) {
            return elements.error();
        }
        for (const auto& element : *elements) {
            if (auto st = readTypeSpan(element, zone); !st) {
                return st;
            }
        }
        return {};
    }

    Status readTypeSpan(JsonScanner::Span span, const std::string& zone)
    {
        auto json = m_scanner.parse(span);
        if (!json) {
            return json.error();
        }
        return readType(*json, span.begin, zone);
    }

    Status readType(const nlohmann::json& json, std::size_t offset, const std::string& zone)
    {
        ++m_count;
        m_sink.rowRead();
        const JsonRecord r(m_scanner, offset, json, "machine type " + std::to_string(m_count));
        if (!json.is_object()) {
            return r.error("expected a machine type object, found " + describeJson(json));
        }
        auto name = r.string("name");
        if (!name) {
            return name.error();
        }
        auto cpus = r.number("guestCpus");
        auto memoryMb = r.number("memoryMb");
        auto shared = r.booleanOr("isSharedCpu", false);
        auto description = r.stringOr("description", {});
        auto itemZone = r.stringOr("zone", {});
        if (!cpus || !memoryMb || !shared || !description || !itemZone) {
            return !cpus          ? cpus.error()
                   : !memoryMb    ? memoryMb.error()
                   : !shared      ? shared.error()
                   : !description ? description.error()
                                  : itemZone.error();
        }
        const std::string label = "machine type " + text::printable(*name);
        if (*cpus <= 0 || *cpus > 100000 || std::floor(*cpus) != *cpus) {
            return r.error(label + ": guestCpus " + number(*cpus)
                           + " is not a whole number of vCPUs between 1 and 100000");
        }
        if (*memoryMb <= 0 || *memoryMb > 1e9) {
            return r.error(label + ": memoryMb " + number(*memoryMb) + " is out of range");
        }
        if (zone.empty() && !m_aggregated && !itemZone->empty()) {
            m_itemZones.insert(zoneOf(*itemZone));
        }
        if (const auto* deprecated = r.find("deprecated")) {
            const auto state = deprecated->is_object() ? deprecated->find("state")
                                                       : nlohmann::json::const_iterator();
            if (deprecated->is_object() && state != deprecated->end() && state->is_string()
                && (*state == "OBSOLETE" || *state == "DELETED")) {
                m_sink.skip("machine type no longer available (deprecated.state "
                                + state->get<std::string>() + ")",
                            where());
                return {};
            }
            // DEPRECATED types can still be created; they are kept (a replacement exists).
        }

        InstanceSpec spec;
        spec.provider = std::string(kProvider);
        spec.instanceType = *name;
        spec.family = name->substr(0, name->find('-'));
        spec.vcpus = *cpus;
        spec.memoryGib = *memoryMb / 1024.0; // memoryMb is MiB: n1-standard-1 3840 -> 3.75 GiB
        // isSharedCpu is left out when false (proto3 JSON); API data from before the field
        // existed (f1-micro, g1-small) says "shared physical core" in the description.
        spec.sharedCpu = *shared || text::contains(text::toLower(*description), "shared");
        // Built-in accelerators (A2, A3, G2) are listed; other types have none attached.
        spec.gpus = 0.0;
        if (const auto* accelerators = r.find("accelerators")) {
            if (!accelerators->is_array()) {
                return r.error(label + ": \"accelerators\" must be an array");
            }
            double count = 0;
            for (const auto& a : *accelerators) {
                const auto type = a.is_object() ? a.find("guestAcceleratorType") : a.end();
                const auto n = a.is_object() ? a.find("guestAcceleratorCount") : a.end();
                if (!a.is_object() || type == a.end() || !type->is_string() || n == a.end()
                    || !n->is_number() || n->get<double>() < 0 || n->get<double>() > 1000) {
                    return r.error(label
                                   + ": accelerators must be {guestAcceleratorType, "
                                     "guestAcceleratorCount} objects");
                }
                count += n->get<double>();
                if (spec.gpuModel.empty()) {
                    spec.gpuModel = type->get<std::string>();
                } else if (spec.gpuModel != type->get<std::string>()) {
                    spec.gpuModel += "+" + type->get<std::string>();
                }
            }
            spec.gpus = count;
        }
        if (const auto* disks = r.find("scratchDisks")) {
            if (!disks->is_array()) {
                return r.error(label + ": \"scratchDisks\" must be an array");
            }
            double total = 0;
            std::map<double, int> sizes;
            for (const auto& d : *disks) {
                const auto gb = d.is_object() ? d.find("diskGb") : d.end();
                if (!d.is_object() || gb == d.end() || !gb->is_number() || gb->get<double>() < 0) {
                    return r.error(label + ": scratchDisks must be {diskGb} objects");
                }
                total += gb->get<double>();
                ++sizes[gb->get<double>()];
            }
            for (const auto& [gb, n] : sizes) {
                spec.localStorage += (spec.localStorage.empty() ? "" : ", ") + std::to_string(n)
                                     + " x " + number(gb) + " GB";
            }
            if (!disks->empty()) {
                spec.localStorageGb = total;
            }
        }

        const std::string signature = number(*spec.vcpus) + "|" + number(*spec.memoryGib) + "|"
                                      + number(*spec.gpus) + "|" + spec.gpuModel;
        const auto [it, inserted] = m_seen.emplace(spec.instanceType, signature);
        if (!inserted) {
            m_sink.skip(it->second == signature
                            ? "same machine type in another zone (stored once)"
                            : "same machine type with other specs in another zone (first kept)",
                        where());
            return {};
        }
        return m_sink.addSpec(spec);
    }

    ImportSink& m_sink;
    const JsonScanner& m_scanner;
    std::uint64_t m_count = 0;
    std::map<std::string, std::string> m_seen; // name -> specs signature
    std::set<std::string> m_zones;
    std::set<std::string> m_itemZones;
    bool m_aggregated = false;

public:
    // Zones named by list links, else by the items themselves (bare gcloud arrays).
    void settleZones()
    {
        if (m_zones.empty()) {
            m_zones = m_itemZones;
        }
    }
};

} // namespace

int sniffMachineTypes(std::string_view head, std::string_view fileName)
{
    (void)fileName;
    if (text::contains(head, "compute#machineType")) {
        return 95;
    }
    if (text::contains(head, "\"guestCpus\"") && text::contains(head, "\"memoryMb\"")) {
        return 85;
    }
    return 0;
}

Result<SourceFacts> importMachineTypes(const ImportRequest& request, ImportSink& sink)
{
    auto contents = readWholeFile(request.path);
    if (!contents) {
        return contents.error();
    }
    const std::string name =
        request.displayName.empty() ? request.path.filename().string() : request.displayName;
    const JsonScanner scanner(*contents, name);
    MachineTypeReader reader(sink, scanner);
    if (auto st = reader.readAll(); !st) {
        return st.error();
    }
    reader.settleZones();
    return reader.facts();
}

} // namespace cloudcost::pricing::gcp
