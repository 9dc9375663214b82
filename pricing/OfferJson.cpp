#include "pricing/OfferJson.h"

#include <nlohmann/json.hpp>

namespace cloudcost::pricing {

using json = nlohmann::json;

namespace {

json opt(const std::optional<double>& v)
{
    return v ? json(*v) : json(nullptr);
}

json optBool(const std::optional<bool>& v)
{
    return v ? json(*v) : json(nullptr);
}

// Reads typed fields and remembers the first type error.
class Reader
{
public:
    Reader(const json& j, std::string where)
        : m_j(j)
        , m_where(std::move(where))
    {}

    std::string str(const char* key)
    {
        const auto it = m_j.find(key);
        if (it == m_j.end() || it->is_null()) {
            return {};
        }
        if (!it->is_string()) {
            fail(key, "a string");
            return {};
        }
        return it->get<std::string>();
    }
    std::optional<double> num(const char* key)
    {
        const auto it = m_j.find(key);
        if (it == m_j.end() || it->is_null()) {
            return std::nullopt;
        }
        if (!it->is_number()) {
            fail(key, "a number");
            return std::nullopt;
        }
        return it->get<double>();
    }
    std::optional<bool> boolean(const char* key)
    {
        const auto it = m_j.find(key);
        if (it == m_j.end() || it->is_null()) {
            return std::nullopt;
        }
        if (!it->is_boolean()) {
            fail(key, "true or false");
            return std::nullopt;
        }
        return it->get<bool>();
    }
    void fail(const std::string& key, const std::string& expected)
    {
        if (!m_error) {
            m_error = makeError(Error::Code::ParseFailed,
                                "field '" + key + "' must be " + expected,
                                m_where);
        }
    }
    const std::optional<Error>& error() const { return m_error; }

private:
    const json& m_j;
    std::string m_where;
    std::optional<Error> m_error;
};

} // namespace

json offerToJson(const Offer& o)
{
    return json{{"provider", o.provider},
                {"service", o.service},
                {"region", o.region},
                {"zone", o.zone},
                {"instance_type", o.instanceType},
                {"vcpus", opt(o.vcpus)},
                {"memory_gib", opt(o.memoryGib)},
                {"gpus", opt(o.gpus)},
                {"gpu_model", o.gpuModel},
                {"gpu_memory_gib", opt(o.gpuMemoryGib)},
                {"arch", o.arch},
                {"os", o.os},
                {"license_model", o.licenseModel},
                {"preinstalled_software", o.preinstalledSoftware},
                {"tenancy", o.tenancy},
                {"purchase_option", std::string(toString(o.purchaseOption))},
                {"term_months", o.termMonths},
                {"payment_option", std::string(toString(o.paymentOption))},
                {"offering_class", o.offeringClass},
                {"hourly", o.hourly},
                {"upfront", o.upfront},
                {"currency", o.currency},
                {"effective_date", o.effectiveDate},
                {"sku", o.sku}};
}

Result<Offer> offerFromJson(const json& j, const std::string& where)
{
    if (!j.is_object()) {
        return makeError(Error::Code::ParseFailed, "offer must be an object", where);
    }
    Reader r(j, where);
    Offer o;
    o.provider = r.str("provider");
    o.service = r.str("service");
    o.region = r.str("region");
    o.zone = r.str("zone");
    o.instanceType = r.str("instance_type");
    o.vcpus = r.num("vcpus");
    o.memoryGib = r.num("memory_gib");
    o.gpus = r.num("gpus");
    o.gpuModel = r.str("gpu_model");
    o.gpuMemoryGib = r.num("gpu_memory_gib");
    o.arch = r.str("arch");
    o.os = r.str("os");
    o.licenseModel = r.str("license_model");
    o.preinstalledSoftware = r.str("preinstalled_software");
    o.tenancy = r.str("tenancy");
    const std::string purchase = r.str("purchase_option");
    const std::string payment = r.str("payment_option");
    o.termMonths = static_cast<int>(r.num("term_months").value_or(0));
    o.offeringClass = r.str("offering_class");
    o.hourly = r.num("hourly").value_or(0);
    o.upfront = r.num("upfront").value_or(0);
    o.currency = r.str("currency");
    o.effectiveDate = r.str("effective_date");
    o.sku = r.str("sku");
    if (r.error()) {
        return *r.error();
    }
    const auto p = parsePurchaseOption(purchase);
    if (!p) {
        return makeError(
            Error::Code::ParseFailed,
            "purchase_option '" + purchase
                + "' is not one of on_demand, reserved, savings_plan, committed_use, spot",
            where);
    }
    o.purchaseOption = *p;
    const auto pay = parsePaymentOption(payment);
    if (!pay) {
        return makeError(Error::Code::ParseFailed,
                         "payment_option '" + payment
                             + "' is not one of no_upfront, partial_upfront, all_upfront",
                         where);
    }
    o.paymentOption = *pay;
    if (o.tenancy.empty()) {
        o.tenancy = "shared";
    }
    return o;
}

json specToJson(const InstanceSpec& s)
{
    return json{{"provider", s.provider},
                {"instance_type", s.instanceType},
                {"family", s.family},
                {"vcpus", opt(s.vcpus)},
                {"physical_cores", opt(s.physicalCores)},
                {"memory_gib", opt(s.memoryGib)},
                {"gpus", opt(s.gpus)},
                {"gpu_model", s.gpuModel},
                {"gpu_memory_gib", opt(s.gpuMemoryGib)},
                {"arch", s.arch},
                {"processor", s.processor},
                {"clock_ghz", opt(s.clockGhz)},
                {"network", s.network},
                {"network_gbps", opt(s.networkGbps)},
                {"local_storage", s.localStorage},
                {"local_storage_gb", opt(s.localStorageGb)},
                {"bare_metal", optBool(s.bareMetal)},
                {"shared_cpu", optBool(s.sharedCpu)}};
}

Result<InstanceSpec> specFromJson(const json& j, const std::string& where)
{
    if (!j.is_object()) {
        return makeError(Error::Code::ParseFailed, "spec must be an object", where);
    }
    Reader r(j, where);
    InstanceSpec s;
    s.provider = r.str("provider");
    s.instanceType = r.str("instance_type");
    s.family = r.str("family");
    s.vcpus = r.num("vcpus");
    s.physicalCores = r.num("physical_cores");
    s.memoryGib = r.num("memory_gib");
    s.gpus = r.num("gpus");
    s.gpuModel = r.str("gpu_model");
    s.gpuMemoryGib = r.num("gpu_memory_gib");
    s.arch = r.str("arch");
    s.processor = r.str("processor");
    s.clockGhz = r.num("clock_ghz");
    s.network = r.str("network");
    s.networkGbps = r.num("network_gbps");
    s.localStorage = r.str("local_storage");
    s.localStorageGb = r.num("local_storage_gb");
    s.bareMetal = r.boolean("bare_metal");
    s.sharedCpu = r.boolean("shared_cpu");
    if (r.error()) {
        return *r.error();
    }
    return s;
}

json spotAdviceToJson(const SpotAdvice& a)
{
    return json{{"provider", a.provider},
                {"region", a.region},
                {"zone", a.zone},
                {"os", a.os},
                {"instance_type", a.instanceType},
                {"savings_pct", opt(a.savingsPct)},
                {"interruption_pct", opt(a.interruptionPct)},
                {"interruption_bucket", a.interruptionBucket},
                {"interruption_max_pct", opt(a.interruptionMaxPct)}};
}

Result<SpotAdvice> spotAdviceFromJson(const json& j, const std::string& where)
{
    if (!j.is_object()) {
        return makeError(Error::Code::ParseFailed, "spot advice must be an object", where);
    }
    Reader r(j, where);
    SpotAdvice a;
    a.provider = r.str("provider");
    a.region = r.str("region");
    a.zone = r.str("zone");
    a.os = r.str("os");
    a.instanceType = r.str("instance_type");
    a.savingsPct = r.num("savings_pct");
    a.interruptionPct = r.num("interruption_pct");
    a.interruptionBucket = r.str("interruption_bucket");
    a.interruptionMaxPct = r.num("interruption_max_pct");
    if (r.error()) {
        return *r.error();
    }
    return a;
}

json rateToJson(const Rate& x)
{
    return json{{"provider", x.provider},
                {"service", x.service},
                {"product_family", x.productFamily},
                {"region", x.region},
                {"sku", x.sku},
                {"description", x.description},
                {"usage_type", x.usageType},
                {"unit", x.unit},
                {"unit_block", x.unitBlock},
                {"begin_range", x.beginRange},
                {"end_range", opt(x.endRange)},
                {"price", x.price},
                {"currency", x.currency},
                {"term_type", x.termType},
                {"effective_date", x.effectiveDate},
                {"family", x.family},
                {"resource", x.resource}};
}

Result<Rate> rateFromJson(const json& j, const std::string& where)
{
    if (!j.is_object()) {
        return makeError(Error::Code::ParseFailed, "rate must be an object", where);
    }
    Reader r(j, where);
    Rate x;
    x.provider = r.str("provider");
    x.service = r.str("service");
    x.productFamily = r.str("product_family");
    x.region = r.str("region");
    x.sku = r.str("sku");
    x.description = r.str("description");
    x.usageType = r.str("usage_type");
    x.unit = r.str("unit");
    x.unitBlock = r.num("unit_block").value_or(1);
    x.beginRange = r.num("begin_range").value_or(0);
    x.endRange = r.num("end_range");
    x.price = r.num("price").value_or(0);
    x.currency = r.str("currency");
    x.termType = r.str("term_type");
    x.effectiveDate = r.str("effective_date");
    x.family = r.str("family");
    x.resource = r.str("resource");
    if (r.error()) {
        return *r.error();
    }
    return x;
}

std::string dumpCatalog(const json& catalog)
{
    std::string out = "{\n";
    bool first = true;
    for (const auto& [key, value] : catalog.items()) {
        out += first ? "" : ",\n";
        first = false;
        out += json(key).dump() + ": ";
        if (value.is_array() && !value.empty()) {
            out += "[\n";
            for (std::size_t i = 0; i < value.size(); ++i) {
                out += "  " + value[i].dump() + (i + 1 < value.size() ? ",\n" : "\n");
            }
            out += "]";
        } else {
            out += value.dump();
        }
    }
    out += "\n}\n";
    return out;
}

} // namespace cloudcost::pricing
