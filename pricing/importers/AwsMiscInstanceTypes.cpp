// aws-instance-types: `aws ec2 describe-instance-types` JSON output -> InstanceSpec
// (data/aws/README.md §8). Memory is MiB there, the authoritative numeric spec source.
#include "common/Text.h"
#include "pricing/importers/AwsMiscSupport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cloudcost::pricing::awsmisc {

namespace {

using nlohmann::json;

struct ItemContext
{
    const std::string& name;
    std::size_t index; // 1-based
    std::string instanceType;

    std::string where() const { return name + ": item " + std::to_string(index); }
    Error error(const std::string& message) const
    {
        return makeError(Error::Code::InvalidInput,
                         (instanceType.empty() ? std::string() : instanceType + ": ") + message,
                         where());
    }
};

// A number at a path of nested objects ("VCpuInfo", "DefaultVCpus"); absent or null is unknown.
Result<std::optional<double>>
numberAt(const json& item, std::initializer_list<const char*> path, const ItemContext& ctx)
{
    const json* v = &item;
    std::string label;
    for (const char* key : path) {
        label += label.empty() ? key : std::string(".") + key;
        if (v->is_null()) {
            return std::optional<double>{};
        }
        if (!v->is_object()) {
            return ctx.error(label + " is " + jsonTypeName(*v) + " (expected an object)");
        }
        v = member(*v, key);
        if (!v) {
            return std::optional<double>{};
        }
    }
    auto n = strictNumber(v, label);
    if (!n) {
        return ctx.error(n.error().message);
    }
    if (*n && (**n < 0 || **n > 1e9)) {
        return ctx.error(label + " is out of range (" + std::to_string(**n) + ")");
    }
    return n;
}

Result<std::string> stringAt(const json& obj, const char* key, const ItemContext& ctx)
{
    const json* v = member(obj, key);
    if (!v || v->is_null()) {
        return std::string();
    }
    if (!v->is_string()) {
        return ctx.error(std::string(key) + " is " + jsonTypeName(*v) + " (expected a string)");
    }
    return text::printable(v->get_ref<const std::string&>(), 120);
}

Result<std::optional<bool>> boolAt(const json& obj, const char* key, const ItemContext& ctx)
{
    const json* v = member(obj, key);
    if (!v || v->is_null()) {
        return std::optional<bool>{};
    }
    if (!v->is_boolean()) {
        return ctx.error(std::string(key) + " is " + jsonTypeName(*v) + " (expected true/false)");
    }
    return std::optional<bool>{v->get<bool>()};
}

// Prefers arm64, then x86_64, over i386 (types that list i386 also run x86_64). The Mac variants
// ("x86_64_mac", "arm64_mac") are the same ISAs.
Result<std::string> architecture(const json& item, const ItemContext& ctx)
{
    const json* proc = member(item, "ProcessorInfo");
    const json* archs = proc ? member(*proc, "SupportedArchitectures") : nullptr;
    if (!archs || archs->is_null()) {
        return std::string();
    }
    if (!archs->is_array()) {
        return ctx.error("ProcessorInfo.SupportedArchitectures is " + jsonTypeName(*archs)
                         + " (expected an array)");
    }
    bool arm = false, x86 = false, i386 = false;
    for (const auto& a : *archs) {
        if (!a.is_string()) {
            return ctx.error("ProcessorInfo.SupportedArchitectures holds " + jsonTypeName(a)
                             + " (expected strings)");
        }
        const auto& s = a.get_ref<const std::string&>();
        arm = arm || s == "arm64" || s == "arm64_mac";
        x86 = x86 || s == "x86_64" || s == "x86_64_mac";
        i386 = i386 || s == "i386";
    }
    return std::string(arm ? "arm64" : x86 ? "x86_64" : i386 ? "i386" : "");
}

Status readGpus(const json& item, InstanceSpec& spec, const ItemContext& ctx)
{
    const json* info = member(item, "GpuInfo");
    if (!info || info->is_null()) {
        // The API includes GpuInfo only for types that have GPUs (the fixtures write the missing
        // key as null), so its absence is a known zero, unlike the other null fields.
        spec.gpus = 0.0;
        return {};
    }
    if (!info->is_object()) {
        return ctx.error("GpuInfo is " + jsonTypeName(*info) + " (expected an object)");
    }
    const json* gpus = member(*info, "Gpus");
    if (gpus && !gpus->is_null() && !gpus->is_array()) {
        return ctx.error("GpuInfo.Gpus is " + jsonTypeName(*gpus) + " (expected an array)");
    }
    double count = 0;
    bool countKnown = true;
    std::vector<std::string> models;
    if (gpus && gpus->is_array()) {
        for (const auto& g : *gpus) {
            auto c = numberAt(g, {"Count"}, ctx);
            if (!c) {
                return c.error();
            }
            if (*c) {
                count += **c;
            } else {
                countKnown = false;
            }
            auto maker = stringAt(g, "Manufacturer", ctx);
            auto model = stringAt(g, "Name", ctx);
            if (!maker) {
                return maker.error();
            }
            if (!model) {
                return model.error();
            }
            std::string label = std::string(text::trim(*maker + " " + *model));
            if (!label.empty() && std::find(models.begin(), models.end(), label) == models.end()) {
                models.push_back(label);
            }
        }
    }
    if (countKnown) {
        spec.gpus = count;
    }
    for (const auto& m : models) {
        spec.gpuModel += (spec.gpuModel.empty() ? "" : " + ") + m;
    }
    auto memory = numberAt(*info, {"TotalGpuMemoryInMiB"}, ctx);
    if (!memory) {
        return memory.error();
    }
    if (*memory) {
        spec.gpuMemoryGib = **memory / 1024.0;
    }
    return {};
}

Status readStorage(const json& item, InstanceSpec& spec, const ItemContext& ctx)
{
    const json* info = member(item, "InstanceStorageInfo");
    if (!info || info->is_null()) {
        // Known EBS-only when the record says so explicitly; otherwise unknown.
        auto supported = boolAt(item, "InstanceStorageSupported", ctx);
        if (!supported) {
            return supported.error();
        }
        if (*supported && !**supported) {
            spec.localStorageGb = 0.0;
        }
        return {};
    }
    if (!info->is_object()) {
        return ctx.error("InstanceStorageInfo is " + jsonTypeName(*info) + " (expected an object)");
    }
    auto total = numberAt(*info, {"TotalSizeInGB"}, ctx);
    if (!total) {
        return total.error();
    }
    spec.localStorageGb = *total;
    auto nvme = stringAt(*info, "NvmeSupport", ctx);
    if (!nvme) {
        return nvme.error();
    }
    const json* disks = member(*info, "Disks");
    if (disks && disks->is_array()) {
        for (const auto& d : *disks) {
            auto count = numberAt(d, {"Count"}, ctx);
            auto size = numberAt(d, {"SizeInGB"}, ctx);
            auto type = stringAt(d, "Type", ctx);
            if (!count) {
                return count.error();
            }
            if (!size) {
                return size.error();
            }
            if (!type) {
                return type.error();
            }
            if (!*count || !*size) {
                continue;
            }
            const std::string lower = text::toLower(*type);
            std::string media = lower == "ssd" ? "SSD" : lower == "hdd" ? "HDD" : lower;
            if (media == "SSD" && (*nvme == "required" || *nvme == "supported")) {
                media = "NVMe SSD";
            }
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g x %g", **count, **size);
            spec.localStorage += (spec.localStorage.empty() ? "" : " + ") + std::string(buf)
                                 + (media.empty() ? "" : " " + media);
        }
    }
    return {};
}

Result<InstanceSpec> readItem(const json& item, const ItemContext& ctxIn)
{
    ItemContext ctx = ctxIn;
    if (!item.is_object()) {
        return ctx.error("instance type record is " + jsonTypeName(item) + " (expected an object)");
    }
    const json* typeValue = member(item, "InstanceType");
    if (!typeValue || !typeValue->is_string() || typeValue->get_ref<const std::string&>().empty()) {
        return ctx.error("record has no InstanceType string");
    }
    InstanceSpec spec;
    spec.provider = "aws";
    spec.instanceType = text::printable(typeValue->get_ref<const std::string&>(), 80);
    ctx.instanceType = spec.instanceType;
    spec.family = instanceFamily(spec.instanceType);

    auto vcpus = numberAt(item, {"VCpuInfo", "DefaultVCpus"}, ctx);
    auto cores = numberAt(item, {"VCpuInfo", "DefaultCores"}, ctx);
    auto mib = numberAt(item, {"MemoryInfo", "SizeInMiB"}, ctx);
    auto clock = numberAt(item, {"ProcessorInfo", "SustainedClockSpeedInGhz"}, ctx);
    for (const auto* r : {&vcpus, &cores, &mib, &clock}) {
        if (!*r) {
            return r->error();
        }
    }
    spec.vcpus = *vcpus;
    spec.physicalCores = *cores;
    if (*mib) {
        spec.memoryGib = **mib / 1024.0;
    }
    spec.clockGhz = *clock;

    auto arch = architecture(item, ctx);
    if (!arch) {
        return arch.error();
    }
    spec.arch = *arch;

    if (const json* net = member(item, "NetworkInfo"); net && !net->is_null()) {
        auto perf = stringAt(*net, "NetworkPerformance", ctx);
        if (!perf) {
            return perf.error();
        }
        spec.network = *perf;
        spec.networkGbps = networkGbps(spec.network);
    }
    if (auto st = readGpus(item, spec, ctx); !st) {
        return st.error();
    }
    if (auto st = readStorage(item, spec, ctx); !st) {
        return st.error();
    }
    auto metal = boolAt(item, "BareMetal", ctx);
    auto burstable = boolAt(item, "BurstablePerformanceSupported", ctx);
    if (!metal) {
        return metal.error();
    }
    if (!burstable) {
        return burstable.error();
    }
    spec.bareMetal = *metal;
    // Burstable (T-family) types share physical cores through CPU credits.
    spec.sharedCpu = *burstable;
    return spec;
}

int sniffInstanceTypes(std::string_view head, std::string_view /*fileName*/)
{
    const auto t = text::trim(head);
    if (t.empty()) {
        return 0;
    }
    const bool fields =
        text::contains(head, "\"VCpuInfo\"") || text::contains(head, "\"MemoryInfo\"");
    if (t.front() == '{' && text::contains(head, "\"InstanceTypes\"") && fields) {
        return 95;
    }
    if (t.front() == '[' && fields && text::contains(head, "\"InstanceType\"")) {
        return 85;
    }
    return 0;
}

Result<SourceFacts> runInstanceTypes(const ImportRequest& request, ImportSink& sink)
{
    const std::string name = displayName(request);
    auto doc = loadJsonFile(request);
    if (!doc) {
        return doc.error();
    }
    const json* items = nullptr;
    if (doc->is_array()) {
        items = &*doc;
    } else if (const json* list = member(*doc, "InstanceTypes"); list && list->is_array()) {
        items = list;
    } else {
        return makeError(Error::Code::InvalidInput,
                         "not describe-instance-types output: expected {\"InstanceTypes\": [...]} "
                         "or an array of instance types, found "
                             + (doc->is_object() ? std::string("an object without an "
                                                               "\"InstanceTypes\" array")
                                                 : jsonTypeName(*doc)),
                         name);
    }
    std::size_t index = 0;
    for (const auto& item : *items) {
        ++index;
        sink.rowRead();
        auto spec = readItem(item, ItemContext{name, index, {}});
        if (!spec) {
            return spec.error();
        }
        if (auto st = sink.addSpec(*spec); !st) {
            return st.error();
        }
        if (index % 256 == 0) {
            if (auto st = reportProgress(request, index, items->size()); !st) {
                return st.error();
            }
        }
    }
    return SourceFacts{"aws-instance-types", "aws", {}, {}, {}};
}

} // namespace

ImporterInfo instanceTypesImporter()
{
    return ImporterInfo{
        "aws-instance-types",
        "AWS `aws ec2 describe-instance-types` JSON output (instance specifications)",
        sniffInstanceTypes,
        runInstanceTypes};
}

} // namespace cloudcost::pricing::awsmisc
