#include "pricing/models/Scenario.h"

#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/models/Finance.h"
#include "pricing/models/TcoDefaults.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

namespace cloudcost::pricing {

using json = nlohmann::json;

namespace {

namespace defaults = tco_defaults;

// Thrown inside this file only and turned into an Error by scenarioFromJson: validation is a deep
// walk and every failure ends it.
struct ScenarioFailure
{
    Error error;
};

[[noreturn]] void fail(const std::string& path, std::string message)
{
    throw ScenarioFailure{makeError(Error::Code::InvalidInput, std::move(message), path)};
}

[[noreturn]] void fail(const Error& error)
{
    throw ScenarioFailure{error};
}

std::string child(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string indexed(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

std::string typeName(const json& j)
{
    if (j.is_number()) {
        return "a number";
    }
    if (j.is_string()) {
        return "a string";
    }
    if (j.is_boolean()) {
        return "a boolean";
    }
    if (j.is_null()) {
        return "null";
    }
    if (j.is_array()) {
        return "an array";
    }
    return "an object";
}

std::string num(double v)
{
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

// The valid interval of a field and why the bounds are what they are.
struct Range
{
    double min = 0;
    double max = 1e12;
    bool minExclusive = false;
    std::string_view why; // appended to a violation message
};

constexpr Range kMoney{0, 1e12, false, "an amount of money, 0 to 1e12"};
constexpr Range kFraction{0, 1, false, "a fraction between 0 and 1"};
constexpr Range kShare{0, 10, false, "a fraction (0.10 = 10%)"};
constexpr Range kGrowth{-0.99, 100, false, "a yearly growth fraction above -1 (0.2 = +20%/yr)"};
constexpr Range kQuantity{0, 1e12, false, "a quantity, 0 to 1e12"};

// The interval a distribution's draws fall in: its parameters when bounded; the 1e-6 and
// 1 - 1e-6 quantiles for normal and lognormal (so that a draw leaves it with probability 2e-6).
std::pair<double, double> support(const Distribution& d)
{
    const auto& p = d.parameters();
    switch (d.kind()) {
    case DistributionKind::Constant:
        return {p[0], p[0]};
    case DistributionKind::Uniform:
        return {p[0], p[1]};
    case DistributionKind::Triangular:
    case DistributionKind::Pert:
        return {p[0], p[2]};
    case DistributionKind::Normal:
    case DistributionKind::Lognormal:
        break;
    }
    return {d.quantile(1e-6), d.quantile(1.0 - 1e-6)};
}

void checkRange(const Distribution& d, const std::string& path, const Range& r)
{
    const auto [lo, hi] = support(d);
    const bool constant = d.kind() == DistributionKind::Constant;
    const std::string what = constant ? num(lo) : d.describe();
    if (!(std::isfinite(lo) && std::isfinite(hi))) {
        fail(path, what + " is not a finite number");
    }
    const bool belowMin = r.minExclusive ? lo <= r.min : lo < r.min;
    if (belowMin) {
        std::string msg = constant ? what : what + " reaches " + num(lo);
        msg += r.minExclusive ? " but must be above " : " but must be at least ";
        msg += num(r.min) + " (" + std::string(r.why) + ")";
        if (!constant && (d.kind() == DistributionKind::Normal)) {
            msg += "; use a bounded distribution (uniform, triangular, pert)";
        }
        fail(path, msg);
    }
    if (hi > r.max) {
        std::string msg = constant ? what : what + " reaches " + num(hi);
        fail(path, msg + " but must be at most " + num(r.max) + " (" + std::string(r.why) + ")");
    }
}

// Builds a Scenario from JSON, failing (by exception, caught in scenarioFromJson) at the first
// invalid field with its path.
class Parser
{
public:
    Scenario s;

    void checkKeys(const json& obj,
                   const std::string& path,
                   std::initializer_list<std::string_view> allowed)
    {
        if (!obj.is_object()) {
            fail(path, "expected an object, got " + typeName(obj));
        }
        for (const auto& [key, value] : obj.items()) {
            (void)value;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (auto a : allowed) {
                    list += list.empty() ? "" : ", ";
                    list += a;
                }
                fail(child(path, text::printable(key, 60)),
                     "unknown key (a typo must not silently become a default); expected one of: "
                         + list);
            }
        }
    }

    static const json* find(const json& obj, std::string_view key)
    {
        auto it = obj.find(key);
        return it == obj.end() ? nullptr : &*it;
    }

    static std::string stringField(const json& obj,
                                   const std::string& path,
                                   std::string_view key,
                                   bool required,
                                   std::size_t maxLen = 200)
    {
        const json* v = find(obj, key);
        const std::string p = child(path, key);
        if (!v) {
            if (required) {
                fail(p, "required string is missing");
            }
            return {};
        }
        if (!v->is_string()) {
            fail(p, "expected a string, got " + typeName(*v));
        }
        const auto& str = v->get_ref<const std::string&>();
        if (str.size() > maxLen) {
            fail(p, "longer than " + std::to_string(maxLen) + " characters");
        }
        if (text::printable(str, maxLen) != str) {
            fail(p, "contains control characters or invalid UTF-8");
        }
        if (required && text::trim(str).empty()) {
            fail(p, "must not be empty");
        }
        return str;
    }

    static std::optional<std::int64_t> intField(const json& obj,
                                                const std::string& path,
                                                std::string_view key,
                                                std::int64_t minValue,
                                                std::int64_t maxValue,
                                                bool required)
    {
        const json* v = find(obj, key);
        const std::string p = child(path, key);
        if (!v) {
            if (required) {
                fail(p, "required whole number is missing");
            }
            return std::nullopt;
        }
        if (v->is_object()) {
            fail(p, "must be a fixed whole number (a distribution is not allowed here)");
        }
        if (!v->is_number()) {
            fail(p, "expected a whole number, got " + typeName(*v));
        }
        const double d = v->get<double>();
        if (!std::isfinite(d) || d != std::floor(d)) {
            fail(p, num(d) + " is not a whole number");
        }
        if (d < static_cast<double>(minValue) || d > static_cast<double>(maxValue)) {
            fail(p,
                 num(d) + " is outside " + std::to_string(minValue) + ".."
                     + std::to_string(maxValue));
        }
        return static_cast<std::int64_t>(d);
    }

    static std::optional<double>
    fixedNumber(const json& obj, const std::string& path, std::string_view key, const Range& r)
    {
        const json* v = find(obj, key);
        if (!v) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (v->is_object()) {
            fail(p, "must be a fixed number (a distribution is not allowed here)");
        }
        if (!v->is_number()) {
            fail(p, "expected a number, got " + typeName(*v));
        }
        const double d = v->get<double>();
        checkRange(Distribution::constant(d), p, r);
        return d;
    }

    static bool
    boolField(const json& obj, const std::string& path, std::string_view key, bool fallback)
    {
        const json* v = find(obj, key);
        if (!v) {
            return fallback;
        }
        if (!v->is_boolean()) {
            fail(child(path, key), "expected true or false, got " + typeName(*v));
        }
        return v->get<bool>();
    }

    // A numeric input given in the scenario (a number or a distribution object).
    ParamId given(const json& v,
                  const std::string& p,
                  const Range& r,
                  std::string unit,
                  std::string currency)
    {
        if (!v.is_number() && !v.is_object()) {
            fail(p,
                 "expected a number or a distribution object like {\"dist\": \"triangular\", "
                 "\"min\": 1, \"mode\": 2, \"max\": 4}, got "
                     + typeName(v));
        }
        auto d = distributionFromJson(v, p);
        if (!d) {
            fail(d.error());
        }
        checkRange(*d, p, r);
        return s.addParameter({p, std::move(unit), std::move(currency), *d, false, "", "scenario"});
    }

    std::optional<ParamId> optionalParam(const json& obj,
                                         const std::string& path,
                                         std::string_view key,
                                         const Range& r,
                                         std::string unit,
                                         std::string currency = {})
    {
        const json* v = find(obj, key);
        if (!v) {
            return std::nullopt;
        }
        return given(*v, child(path, key), r, std::move(unit), std::move(currency));
    }

    ParamId requiredParam(const json& obj,
                          const std::string& path,
                          std::string_view key,
                          const Range& r,
                          std::string unit,
                          std::string currency = {},
                          std::string_view hint = {})
    {
        const json* v = find(obj, key);
        if (!v) {
            fail(child(path, key),
                 "required" + std::string(hint.empty() ? "" : ": ") + std::string(hint)
                     + " (MODELS.md gives no default for it)");
        }
        return given(*v, child(path, key), r, std::move(unit), std::move(currency));
    }

    // A numeric input with a MODELS.md default; money defaults are in USD.
    ParamId defaultedParam(const json& obj,
                           const std::string& path,
                           std::string_view key,
                           const Range& r,
                           std::string unit,
                           const SourcedValue& def,
                           std::string currency = {})
    {
        if (find(obj, key)) {
            return given(*find(obj, key), child(path, key), r, std::move(unit), currency);
        }
        const bool money = !currency.empty();
        return s.addParameter({child(path, key),
                               std::move(unit),
                               money ? std::string(defaults::kDefaultsCurrency) : std::string(),
                               Distribution::constant(def.value),
                               true,
                               std::string(def.tag),
                               std::string(def.reference)});
    }

    std::string currencyField(const json& obj,
                              const std::string& path,
                              std::string_view key,
                              const std::string& fallback)
    {
        std::string c = stringField(obj, path, key, fallback.empty(), 3);
        if (c.empty()) {
            return fallback;
        }
        if (!isKnownCurrency(c)) {
            fail(child(path, key), "unknown currency '" + c + "' (expected an ISO 4217 code)");
        }
        return c;
    }

    const json& arrayField(const json& obj,
                           const std::string& path,
                           std::string_view key,
                           bool required,
                           std::size_t maxItems)
    {
        static const json empty = json::array();
        const json* v = find(obj, key);
        if (!v) {
            if (required) {
                fail(child(path, key), "required array is missing");
            }
            return empty;
        }
        if (!v->is_array()) {
            fail(child(path, key), "expected an array, got " + typeName(*v));
        }
        if (v->size() > maxItems) {
            fail(child(path, key), "more than " + std::to_string(maxItems) + " items");
        }
        return *v;
    }

    // ---------------------------------------------------------------------------------------

    void parseTop(const json& j)
    {
        checkKeys(j,
                  "",
                  {"format",
                   "version",
                   "name",
                   "description",
                   "currency",
                   "horizon_years",
                   "discount_rate",
                   "hours_per_month",
                   "fx_rates",
                   "workloads",
                   "options",
                   "baseline",
                   "monte_carlo"});
        const std::string format = stringField(j, "", "format", true);
        if (format != kScenarioFormat) {
            fail("format", "expected \"cloudcost-scenario\", got \"" + format + "\"");
        }
        const auto version = intField(j, "", "version", 0, 1'000'000, true);
        if (*version != kScenarioVersion) {
            fail("version",
                 "unsupported version " + std::to_string(*version) + "; this cloudcost reads "
                     + std::to_string(kScenarioVersion));
        }
        s.name = stringField(j, "", "name", false);
        s.description = stringField(j, "", "description", false, 2000);
        s.currency = currencyField(j, "", "currency", {});
        s.horizonYears = static_cast<int>(*intField(j, "", "horizon_years", 1, 50, true));
        s.discountRate = defaultedParam(j,
                                        "",
                                        "discount_rate",
                                        {-0.5, 1, false, "a yearly rate, 0.07 = 7%"},
                                        "fraction/yr",
                                        defaults::kDiscountRate);
        if (auto h = fixedNumber(j,
                                 "",
                                 "hours_per_month",
                                 {1, 744, false, "hours in a month: 730 = 8760/12"})) {
            s.hoursPerMonth = *h;
        } else {
            s.hoursPerMonth = defaults::kHoursPerMonth.value;
            s.notes.push_back({"hours_per_month",
                               "730 hours per month (8,760 a year)",
                               std::string(defaults::kHoursPerMonth.tag),
                               std::string(defaults::kHoursPerMonth.reference)});
        }
        parseFx(j);
        const json& workloads = arrayField(j, "", "workloads", true, 10'000);
        if (workloads.empty()) {
            fail("workloads", "at least one workload is required");
        }
        for (std::size_t i = 0; i < workloads.size(); ++i) {
            parseWorkload(workloads[i], indexed("workloads", i), i);
        }
        const json& options = arrayField(j, "", "options", true, 100);
        if (options.empty()) {
            fail("options", "at least one option to compare is required");
        }
        std::set<std::string> names;
        for (std::size_t i = 0; i < options.size(); ++i) {
            parseOption(options[i], indexed("options", i));
            if (!names.insert(s.options.back().name).second) {
                fail(child(indexed("options", i), "name"),
                     "duplicate option name '" + s.options.back().name + "'");
            }
        }
        s.baseline = stringField(j, "", "baseline", false);
        if (!s.baseline.empty() && !names.count(s.baseline)) {
            fail("baseline", "no option is named '" + s.baseline + "'");
        }
        if (const json* mc = find(j, "monte_carlo")) {
            checkKeys(*mc, "monte_carlo", {"trials", "seed"});
            if (auto t = intField(*mc, "monte_carlo", "trials", 2, 10'000'000, false)) {
                s.monteCarloTrials = static_cast<std::uint64_t>(*t);
            }
            if (const json* seed = find(*mc, "seed")) {
                if (!seed->is_number_unsigned()) {
                    fail("monte_carlo.seed",
                         "expected a whole number >= 0, got " + typeName(*seed));
                }
                s.monteCarloSeed = seed->get<std::uint64_t>();
            }
        }
        crossChecks();
    }

    void parseFx(const json& j)
    {
        const json& rates = arrayField(j, "", "fx_rates", false, 1000);
        for (std::size_t i = 0; i < rates.size(); ++i) {
            const std::string p = indexed("fx_rates", i);
            checkKeys(rates[i], p, {"base", "quote", "rate", "date", "source"});
            FxRate r;
            r.base = currencyField(rates[i], p, "base", {});
            r.quote = currencyField(rates[i], p, "quote", {});
            if (r.base == r.quote) {
                fail(child(p, "quote"), "base and quote are the same currency");
            }
            const auto rate = fixedNumber(rates[i],
                                          p,
                                          "rate",
                                          {0, 1e9, true, "1 base = rate quote, a positive number"});
            if (!rate) {
                fail(child(p, "rate"), "required number is missing");
            }
            r.rate = *rate;
            r.asOf = stringField(rates[i], p, "date", true, 10);
            if (auto d = dayNumberFromIsoDate(r.asOf, child(p, "date")); !d) {
                fail(child(p, "date"), "expected a date YYYY-MM-DD, got '" + r.asOf + "'");
            }
            r.source = stringField(rates[i], p, "source", true);
            s.fxRates.push_back(r);
        }
    }

    std::vector<LicenseSpec>
    parseLicenses(const json& obj, const std::string& path, const std::string& currency)
    {
        std::vector<LicenseSpec> out;
        const json& list = arrayField(obj, path, "licenses", false, 100);
        std::set<std::string> names;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string p = indexed(child(path, "licenses"), i);
            checkKeys(list[i],
                      p,
                      {"name",
                       "annual_per_core",
                       "one_off_per_core",
                       "min_cores_per_vm",
                       "min_cores_per_server"});
            LicenseSpec l;
            l.path = p;
            l.name = stringField(list[i], p, "name", true);
            if (!names.insert(l.name).second) {
                fail(child(p, "name"), "duplicate licence name '" + l.name + "'");
            }
            l.annualPerCore =
                optionalParam(list[i], p, "annual_per_core", kMoney, "per core-year", currency);
            l.oneOffPerCore =
                optionalParam(list[i], p, "one_off_per_core", kMoney, "per core", currency);
            if (!l.annualPerCore && !l.oneOffPerCore) {
                fail(child(p, "annual_per_core"),
                     "a licence needs annual_per_core, one_off_per_core or both (licence prices "
                     "change yearly: MODELS.md §7 keeps them out of the defaults)");
            }
            if (auto m = intField(list[i], p, "min_cores_per_vm", 0, 4096, false)) {
                l.minCoresPerVm = static_cast<int>(*m);
            }
            if (auto m = intField(list[i], p, "min_cores_per_server", 0, 4096, false)) {
                l.minCoresPerServer = static_cast<int>(*m);
            }
            out.push_back(std::move(l));
        }
        return out;
    }

    void parseWorkload(const json& w, const std::string& p, std::size_t i)
    {
        checkKeys(w,
                  p,
                  {"name",
                   "count",
                   "vcpus",
                   "memory_gib",
                   "hours_per_month",
                   "storage_gb",
                   "storage_growth_per_year",
                   "egress_gb_per_month",
                   "egress_growth_per_year",
                   "licenses"});
        WorkloadSpec wl;
        wl.path = p;
        wl.name = stringField(w, p, "name", false);
        if (wl.name.empty()) {
            wl.name = "workload-" + std::to_string(i + 1);
        }
        wl.count = static_cast<int>(*intField(w, p, "count", 1, 1'000'000, true));
        const auto vcpus = fixedNumber(w, p, "vcpus", {0, 4096, true, "vCPUs per workload"});
        if (!vcpus) {
            fail(child(p, "vcpus"), "required number is missing");
        }
        wl.vcpus = *vcpus;
        const auto mem =
            fixedNumber(w, p, "memory_gib", {0, 1e6, true, "memory per workload in GiB"});
        if (!mem) {
            fail(child(p, "memory_gib"), "required number is missing");
        }
        wl.memoryGib = *mem;
        if (find(w, "hours_per_month")) {
            wl.hoursPerMonth =
                given(w["hours_per_month"],
                      child(p, "hours_per_month"),
                      {0, s.hoursPerMonth, false, "at most the scenario's hours_per_month"},
                      "h/month",
                      {});
        } else {
            wl.hoursPerMonth = s.addParameter({child(p, "hours_per_month"),
                                               "h/month",
                                               {},
                                               Distribution::constant(s.hoursPerMonth),
                                               true,
                                               "[D]",
                                               "always on: the scenario's hours_per_month"});
        }
        wl.storageGb = requiredParam(w,
                                     p,
                                     "storage_gb",
                                     kQuantity,
                                     "GB",
                                     {},
                                     "GB stored per workload (0 for none)");
        wl.storageGrowthPerYear =
            optionalParam(w, p, "storage_growth_per_year", kGrowth, "fraction/yr");
        if (!wl.storageGrowthPerYear) {
            s.notes.push_back({child(p, "storage_growth_per_year"),
                               "storage stays constant (no growth given)",
                               "",
                               "scenario"});
        }
        wl.egressGbPerMonth = requiredParam(w,
                                            p,
                                            "egress_gb_per_month",
                                            kQuantity,
                                            "GB/month",
                                            {},
                                            "GB sent to the internet per workload (0 for none)");
        wl.egressGrowthPerYear =
            optionalParam(w, p, "egress_growth_per_year", kGrowth, "fraction/yr");
        wl.licenses = parseLicenses(w, p, s.currency);
        s.workloads.push_back(std::move(wl));
    }

    std::optional<TierTable> parseTiers(const json& obj,
                                        const std::string& path,
                                        std::string_view key,
                                        const std::string& currency,
                                        std::string_view unit)
    {
        const json* t = find(obj, key);
        if (!t) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        checkKeys(*t, p, {"free_gb_per_month", "tiers", "source"});
        TierTable table;
        table.path = p;
        table.source = stringField(*t, p, "source", false, 300);
        table.freeGbPerMonth = optionalParam(*t, p, "free_gb_per_month", kQuantity, "GB/month");
        const json& tiers = arrayField(*t, p, "tiers", true, 100);
        if (tiers.empty()) {
            fail(child(p, "tiers"), "at least one tier is required");
        }
        double previous = 0;
        for (std::size_t i = 0; i < tiers.size(); ++i) {
            const std::string tp = indexed(child(p, "tiers"), i);
            checkKeys(tiers[i], tp, {"up_to_gb", "price_per_gb"});
            PriceTier tier;
            tier.upToGb = fixedNumber(tiers[i], tp, "up_to_gb", {0, 1e15, true, "GB"});
            const bool last = i + 1 == tiers.size();
            if (last && tier.upToGb) {
                fail(child(tp, "up_to_gb"), "the last tier must be unbounded (leave out up_to_gb)");
            }
            if (!last && !tier.upToGb) {
                fail(child(tp, "up_to_gb"), "required for every tier but the last");
            }
            if (tier.upToGb && *tier.upToGb <= previous) {
                fail(child(tp, "up_to_gb"),
                     "tier bounds must increase (" + num(*tier.upToGb) + " after " + num(previous)
                         + ")");
            }
            if (tier.upToGb) {
                previous = *tier.upToGb;
            }
            tier.pricePerGb = requiredParam(tiers[i],
                                            tp,
                                            "price_per_gb",
                                            {0, 1e6, false, "a price"},
                                            std::string(unit),
                                            currency);
            table.tiers.push_back(tier);
        }
        return table;
    }

    TierTable awsEgressDefault(const std::string& path)
    {
        TierTable table;
        table.path = child(path, "egress_tiers");
        table.isDefault = true;
        table.source = std::string(defaults::kAwsEgressReference);
        table.freeGbPerMonth =
            s.addParameter({child(table.path, "free_gb_per_month"),
                            "GB/month",
                            {},
                            Distribution::constant(defaults::kAwsEgressFreeGbPerMonth.value),
                            true,
                            std::string(defaults::kAwsEgressFreeGbPerMonth.tag),
                            std::string(defaults::kAwsEgressFreeGbPerMonth.reference)});
        for (std::size_t i = 0; i < defaults::kAwsEgressTiers.size(); ++i) {
            const auto& d = defaults::kAwsEgressTiers[i];
            PriceTier tier;
            if (d.upToGb > 0) {
                tier.upToGb = d.upToGb;
            }
            tier.pricePerGb =
                s.addParameter({child(indexed(child(table.path, "tiers"), i), "price_per_gb"),
                                "per GB",
                                std::string(defaults::kDefaultsCurrency),
                                Distribution::constant(d.pricePerGb),
                                true,
                                std::string(defaults::kAwsEgressTag),
                                std::string(defaults::kAwsEgressReference)});
            table.tiers.push_back(tier);
        }
        return table;
    }

    void parseCloud(const json& o, const std::string& p, OptionSpec& opt)
    {
        CloudSpec& c = opt.cloud;
        c.provider = stringField(o, p, "provider", false, 60);
        c.region = stringField(o, p, "region", false, 60);
        c.zone = stringField(o, p, "zone", false, 60);
        c.instanceType = stringField(o, p, "instance_type", false, 100);
        c.os = stringField(o, p, "os", false, 40);
        c.tenancy = stringField(o, p, "tenancy", false, 40);
        c.offeringClass = stringField(o, p, "offering_class", false, 40);
        const std::string purchase = stringField(o, p, "purchase_option", true, 40);
        const auto po = parsePurchaseOption(purchase);
        if (!po) {
            fail(child(p, "purchase_option"),
                 "'" + purchase
                     + "' is not one of on_demand, reserved, savings_plan, committed_use, spot");
        }
        c.purchaseOption = *po;
        if (auto t = intField(o, p, "term_months", 1, 120, false)) {
            c.termMonths = static_cast<int>(*t);
        }
        const std::string payment = stringField(o, p, "payment_option", false, 40);
        if (!payment.empty()) {
            const auto pay = parsePaymentOption(payment);
            if (!pay || *pay == PaymentOption::None) {
                fail(child(p, "payment_option"),
                     "'" + payment + "' is not one of no_upfront, partial_upfront, all_upfront");
            }
            c.paymentOption = *pay;
        }
        const bool commitment = c.purchaseOption == PurchaseOption::Reserved
                                || c.purchaseOption == PurchaseOption::SavingsPlan
                                || c.purchaseOption == PurchaseOption::CommittedUse;
        if (const json* price = find(o, "price")) {
            const std::string pp = child(p, "price");
            checkKeys(*price,
                      pp,
                      {"hourly",
                       "upfront",
                       "on_demand_hourly",
                       "term_months",
                       "vcpus",
                       "memory_gib",
                       "source"});
            InlinePrice ip;
            ip.hourly =
                requiredParam(*price, pp, "hourly", kMoney, "per instance-hour", opt.currency);
            if (find(*price, "upfront")) {
                ip.upfront = given((*price)["upfront"],
                                   child(pp, "upfront"),
                                   kMoney,
                                   "per instance-term",
                                   opt.currency);
            } else {
                ip.upfront = s.addParameter({child(pp, "upfront"),
                                             "per instance-term",
                                             opt.currency,
                                             Distribution::constant(0),
                                             true,
                                             "[D]",
                                             "no upfront fee unless given"});
            }
            ip.onDemandHourly = optionalParam(*price,
                                              pp,
                                              "on_demand_hourly",
                                              kMoney,
                                              "per instance-hour",
                                              opt.currency);
            if (auto t = intField(*price, pp, "term_months", 1, 120, false)) {
                ip.termMonths = static_cast<int>(*t);
            }
            if (commitment && ip.termMonths == 0) {
                fail(child(pp, "term_months"),
                     "required for a " + purchase + " price (the upfront covers one term)");
            }
            if (!commitment && ip.termMonths != 0) {
                fail(child(pp, "term_months"), "only commitments have a term");
            }
            if (!commitment && find(*price, "upfront")) {
                const auto [lo, hi] = support(s.parameters[ip.upfront].distribution);
                if (hi > 0 || lo < 0) {
                    fail(child(pp, "upfront"), "an " + purchase + " price has no upfront fee");
                }
            }
            ip.vcpus = fixedNumber(*price, pp, "vcpus", {0, 4096, true, "vCPUs per instance"});
            ip.memoryGib =
                fixedNumber(*price, pp, "memory_gib", {0, 1e6, true, "GiB per instance"});
            ip.source = stringField(*price, pp, "source", true);
            c.price = ip;
        } else {
            if (c.provider.empty()) {
                fail(child(p, "provider"),
                     "required to look the price up in the catalog "
                     "(or give an inline \"price\")");
            }
            if (c.region.empty()) {
                fail(child(p, "region"),
                     "required to look the price up in the catalog "
                     "(or give an inline \"price\")");
            }
            if (c.instanceType.empty()) {
                fail(child(p, "instance_type"),
                     "required to look the price up in the catalog "
                     "(or give an inline \"price\")");
            }
        }
        if (auto n = intField(o, p, "instances_per_workload", 1, 10'000, false)) {
            c.instancesPerWorkload = static_cast<int>(*n);
        }
        c.storageTiers = parseTiers(o, p, "storage_tiers", opt.currency, "per GB-month");
        c.egressTiers = parseTiers(o, p, "egress_tiers", opt.currency, "per GB");
        if (!c.egressTiers && c.provider == "aws") {
            c.egressTiers = awsEgressDefault(p);
        }
        const json& included = arrayField(o, p, "licenses_included", false, 100);
        for (std::size_t i = 0; i < included.size(); ++i) {
            const std::string ip = indexed(child(p, "licenses_included"), i);
            if (!included[i].is_string()) {
                fail(ip, "expected a licence name, got " + typeName(included[i]));
            }
            c.licensesIncluded.push_back(included[i].get<std::string>());
        }
        c.supportShare = optionalParam(o, p, "support_share", kFraction, "fraction of spend");
        if (!c.supportShare) {
            s.notes.push_back({child(p, "support_share"),
                               "no provider support plan included (none given; MODELS.md has "
                               "no default)",
                               "",
                               "scenario"});
        }
    }

    void parseOwn(const json& o, const std::string& p, OptionSpec& opt)
    {
        OwnHardwareSpec& h = opt.own;
        const std::string& cur = opt.currency;
        h.servers = static_cast<int>(*intField(o, p, "servers", 1, 1'000'000, true));
        h.coresPerServer = static_cast<int>(*intField(o, p, "cores_per_server", 1, 4096, true));
        h.capexPerServer = requiredParam(o, p, "capex_per_server", kMoney, "per server", cur);
        if (auto life = intField(o, p, "life_years", 1, 50, false)) {
            h.lifeYears = static_cast<int>(*life);
        } else {
            h.lifeYears = static_cast<int>(defaults::kServerLifeYears.value);
            s.notes.push_back({child(p, "life_years"),
                               "server life 4 years",
                               std::string(defaults::kServerLifeYears.tag),
                               std::string(defaults::kServerLifeYears.reference)});
        }
        h.salvagePerServer = defaultedParam(o,
                                            p,
                                            "salvage_per_server",
                                            kMoney,
                                            "per server",
                                            defaults::kSalvagePerServer,
                                            cur);
        h.refresh = boolField(o, p, "refresh", true);
        s.notes.push_back({child(p, "refresh"),
                           h.refresh ? "servers are replaced at the end of each life (a new capex "
                                       "event every life_years)"
                                     : "servers are not replaced: they keep running past their "
                                       "life",
                           "[V]",
                           "MODELS.md §1.2: refresh as cash flows in the NPV timeline"});
        h.hardwareMaintenanceShare =
            requiredParam(o,
                          p,
                          "hardware_maintenance_share",
                          kShare,
                          "fraction of capex/yr",
                          {},
                          "yearly hardware maintenance as a fraction of server capex (0 when "
                          "covered by warranty)");
        h.powerIdleW = requiredParam(o, p, "power_idle_w", {0, 1e5, false, "W per server"}, "W");
        h.powerMaxW = requiredParam(o, p, "power_max_w", {0, 1e5, false, "W per server"}, "W");
        h.utilisation = requiredParam(o,
                                      p,
                                      "utilisation",
                                      kFraction,
                                      "fraction",
                                      {},
                                      "average CPU utilisation of the servers, 0..1");
        h.pue = defaultedParam(o,
                               p,
                               "pue",
                               {1,
                                5,
                                false,
                                "PUE is total facility power / IT power, never "
                                "below 1"},
                               "ratio",
                               defaults::kPue);
        h.electricityPerKwh = requiredParam(o,
                                            p,
                                            "electricity_per_kwh",
                                            {0, 100, false, "a price"},
                                            "per kWh",
                                            cur,
                                            "site-specific tariff (dellatek's $0.06/kWh is an "
                                            "example, not a default)");
        h.colocationPerKwMonth = defaultedParam(o,
                                                p,
                                                "colocation_per_kw_month",
                                                {0, 1e6, false, "a price"},
                                                "per kW-month",
                                                defaults::kColocationPerKwMonth,
                                                cur);
        h.colocationEscalator = defaultedParam(o,
                                               p,
                                               "colocation_escalator",
                                               {-0.5, 1, false, "a yearly fraction, 0.02 = 2%"},
                                               "fraction/yr",
                                               defaults::kColocationEscalator);
        h.unusedCapacityShare = defaultedParam(o,
                                               p,
                                               "unused_capacity_share",
                                               {0, 0.95, false, "a fraction below 1"},
                                               "fraction",
                                               defaults::kUnusedCapacityShare);
        h.contractedKw = optionalParam(o, p, "contracted_kw", {0, 1e6, false, "kW"}, "kW");
        h.networkShare = defaultedParam(o,
                                        p,
                                        "network_share",
                                        kShare,
                                        "fraction of capex",
                                        defaults::kNetworkShare);
        h.networkMaintenanceShare = defaultedParam(o,
                                                   p,
                                                   "network_maintenance_share",
                                                   kShare,
                                                   "fraction/yr",
                                                   defaults::kNetworkMaintenanceShare);
        h.storageCapexPerGb =
            optionalParam(o, p, "storage_capex_per_gb", kMoney, "per usable GB", cur);
        if (auto life = intField(o, p, "storage_life_years", 1, 50, false)) {
            h.storageLifeYears = static_cast<int>(*life);
        } else {
            h.storageLifeYears = static_cast<int>(defaults::kStorageLifeYears.value);
            s.notes.push_back({child(p, "storage_life_years"),
                               "storage life 4 years",
                               std::string(defaults::kStorageLifeYears.tag),
                               std::string(defaults::kStorageLifeYears.reference)});
        }
        h.storageMaintenanceShare = defaultedParam(o,
                                                   p,
                                                   "storage_maintenance_share",
                                                   kShare,
                                                   "fraction/yr",
                                                   defaults::kStorageMaintenanceShare);
        h.securityPerServerYear = defaultedParam(o,
                                                 p,
                                                 "security_per_server_year",
                                                 kMoney,
                                                 "per server-year",
                                                 defaults::kSecurityPerServerYear,
                                                 cur);
        h.monitoringPerServerYear = defaultedParam(o,
                                                   p,
                                                   "monitoring_per_server_year",
                                                   kMoney,
                                                   "per server-year",
                                                   defaults::kMonitoringPerServerYear,
                                                   cur);
        h.patchingPerServerYear = defaultedParam(o,
                                                 p,
                                                 "patching_per_server_year",
                                                 kMoney,
                                                 "per server-year",
                                                 defaults::kPatchingPerServerYear,
                                                 cur);
        h.backupPerServerYear = defaultedParam(o,
                                               p,
                                               "backup_per_server_year",
                                               kMoney,
                                               "per server-year",
                                               defaults::kBackupPerServerYear,
                                               cur);
        const auto& ps = s.parameters;
        if (ps[h.powerIdleW].distribution.mean() > ps[h.powerMaxW].distribution.mean()) {
            fail(child(p, "power_idle_w"), "idle power is above power_max_w");
        }
        if (ps[h.salvagePerServer].distribution.mean() > ps[h.capexPerServer].distribution.mean()) {
            fail(child(p, "salvage_per_server"), "salvage is above capex_per_server");
        }
    }

    void parseOption(const json& o, const std::string& p)
    {
        if (!o.is_object()) {
            fail(p, "expected an object, got " + typeName(o));
        }
        const std::string type = stringField(o, p, "type", true, 20);
        OptionSpec opt;
        opt.path = p;
        if (type == "cloud") {
            opt.kind = OptionKind::Cloud;
            checkKeys(o,
                      p,
                      {"name",
                       "type",
                       "currency",
                       "source",
                       "provider",
                       "region",
                       "zone",
                       "instance_type",
                       "os",
                       "tenancy",
                       "offering_class",
                       "purchase_option",
                       "term_months",
                       "payment_option",
                       "price",
                       "instances_per_workload",
                       "storage_tiers",
                       "egress_tiers",
                       "licenses_included",
                       "support_share",
                       "admins",
                       "servers_per_admin",
                       "loaded_salary_per_year",
                       "licenses",
                       "one_offs",
                       "recurring"});
        } else if (type == "own_hardware") {
            opt.kind = OptionKind::OwnHardware;
            checkKeys(o,
                      p,
                      {"name",
                       "type",
                       "currency",
                       "source",
                       "servers",
                       "cores_per_server",
                       "capex_per_server",
                       "life_years",
                       "salvage_per_server",
                       "refresh",
                       "hardware_maintenance_share",
                       "power_idle_w",
                       "power_max_w",
                       "utilisation",
                       "pue",
                       "electricity_per_kwh",
                       "colocation_per_kw_month",
                       "colocation_escalator",
                       "unused_capacity_share",
                       "contracted_kw",
                       "network_share",
                       "network_maintenance_share",
                       "storage_capex_per_gb",
                       "storage_life_years",
                       "storage_maintenance_share",
                       "security_per_server_year",
                       "monitoring_per_server_year",
                       "patching_per_server_year",
                       "backup_per_server_year",
                       "admins",
                       "servers_per_admin",
                       "loaded_salary_per_year",
                       "licenses",
                       "one_offs",
                       "recurring"});
        } else {
            fail(child(p, "type"), "'" + type + "' is not one of cloud, own_hardware");
        }
        opt.name = stringField(o, p, "name", true, 100);
        opt.currency = currencyField(o, p, "currency", s.currency);
        opt.source = stringField(o, p, "source", false, 500);
        if (opt.kind == OptionKind::Cloud) {
            parseCloud(o, p, opt);
        } else {
            parseOwn(o, p, opt);
        }
        const Range people{0, 1e5, false, "people"};
        opt.admins = optionalParam(o, p, "admins", people, "FTE");
        opt.serversPerAdmin =
            optionalParam(o,
                          p,
                          "servers_per_admin",
                          {0, 1e6, true, "servers per admin"},
                          opt.kind == OptionKind::Cloud ? "instances/FTE" : "servers/FTE");
        if (opt.admins && opt.serversPerAdmin) {
            fail(child(p, "servers_per_admin"), "give admins or servers_per_admin, not both");
        }
        opt.loadedSalaryPerYear =
            optionalParam(o, p, "loaded_salary_per_year", kMoney, "per FTE-year", opt.currency);
        const bool labour = opt.admins || opt.serversPerAdmin;
        if (opt.kind == OptionKind::OwnHardware && !labour) {
            fail(child(p, "admins"),
                 "required (or servers_per_admin): no servers-per-admin ratio is published "
                 "(MODELS.md §1.2 \"Admin labour\")");
        }
        if (labour && !opt.loadedSalaryPerYear) {
            fail(child(p, "loaded_salary_per_year"),
                 "required with admins: salary x (1 + overhead), MODELS.md §1.2");
        }
        if (!labour && opt.loadedSalaryPerYear) {
            fail(child(p, "admins"), "required with loaded_salary_per_year");
        }
        if (!labour) {
            s.notes.push_back({child(p, "admins"),
                               "no operations labour included for this option (none given)",
                               "",
                               "scenario"});
        }
        opt.licenses = parseLicenses(o, p, opt.currency);
        const json& oneOffs = arrayField(o, p, "one_offs", false, 100);
        for (std::size_t i = 0; i < oneOffs.size(); ++i) {
            const std::string ip = indexed(child(p, "one_offs"), i);
            checkKeys(oneOffs[i], ip, {"name", "amount", "year"});
            OneOffCost c;
            c.path = ip;
            c.name = stringField(oneOffs[i], ip, "name", true);
            c.amount = requiredParam(oneOffs[i], ip, "amount", kMoney, "one-off", opt.currency);
            c.year = static_cast<int>(
                intField(oneOffs[i], ip, "year", 0, s.horizonYears, false).value_or(0));
            opt.oneOffs.push_back(c);
        }
        const json& recurring = arrayField(o, p, "recurring", false, 100);
        for (std::size_t i = 0; i < recurring.size(); ++i) {
            const std::string ip = indexed(child(p, "recurring"), i);
            checkKeys(recurring[i], ip, {"name", "per_year"});
            RecurringCost c;
            c.path = ip;
            c.name = stringField(recurring[i], ip, "name", true);
            c.perYear =
                requiredParam(recurring[i], ip, "per_year", kMoney, "per year", opt.currency);
            opt.recurring.push_back(c);
        }
        s.options.push_back(std::move(opt));
    }

    // Checks that need the whole scenario: licences each option must price, prices the usage
    // needs.
    void crossChecks()
    {
        double storageHi = 0;
        double egressHi = 0;
        std::string storagePath;
        std::string egressPath;
        std::set<std::string> workloadLicences;
        for (const auto& w : s.workloads) {
            const double st = support(s.parameters[w.storageGb].distribution).second;
            const double eg = support(s.parameters[w.egressGbPerMonth].distribution).second;
            if (st > storageHi) {
                storageHi = st;
                storagePath = s.parameters[w.storageGb].path;
            }
            if (eg > egressHi) {
                egressHi = eg;
                egressPath = s.parameters[w.egressGbPerMonth].path;
            }
            for (const auto& l : w.licenses) {
                workloadLicences.insert(l.name);
            }
        }
        for (const auto& o : s.options) {
            const std::string what = "option '" + o.name + "' (" + o.path + ")";
            if (o.kind == OptionKind::Cloud) {
                if (storageHi > 0 && !o.cloud.storageTiers) {
                    fail(child(o.path, "storage_tiers"),
                         "required: workloads store data (" + storagePath
                             + ") and MODELS.md gives no cloud storage price");
                }
                if (egressHi > 0 && !o.cloud.egressTiers) {
                    fail(child(o.path, "egress_tiers"),
                         "required: workloads send data (" + egressPath
                             + ") and MODELS.md gives egress tiers for AWS only");
                }
                for (std::size_t i = 0; i < o.cloud.licensesIncluded.size(); ++i) {
                    if (!workloadLicences.count(o.cloud.licensesIncluded[i])) {
                        fail(indexed(child(o.path, "licenses_included"), i),
                             "no workload licence is named '"
                                 + text::printable(o.cloud.licensesIncluded[i], 60) + "'");
                    }
                }
            } else if (storageHi > 0 && !o.own.storageCapexPerGb) {
                fail(child(o.path, "storage_capex_per_gb"),
                     "required: workloads store data (" + storagePath
                         + "); price per usable GB bought (MODELS.md: TB x $/TB acquisition)");
            }
            auto needs = [&](const LicenseSpec& l) {
                if (o.kind == OptionKind::Cloud && !l.minCoresPerVm) {
                    fail(child(l.path, "min_cores_per_vm"),
                         "required because " + what
                             + " licenses by VM: max(min_cores_per_vm, vCPUs) per instance "
                               "(MODELS.md §1.2; 0 for no minimum)");
                }
                if (o.kind == OptionKind::OwnHardware && !l.minCoresPerServer) {
                    fail(child(l.path, "min_cores_per_server"),
                         "required because " + what
                             + " licenses physical hosts: max(min_cores_per_server, cores) per "
                               "server (MODELS.md §1.2; 0 for no minimum)");
                }
            };
            for (const auto& w : s.workloads) {
                for (const auto& l : w.licenses) {
                    const auto& inc = o.cloud.licensesIncluded;
                    if (o.kind == OptionKind::Cloud
                        && std::find(inc.begin(), inc.end(), l.name) != inc.end()) {
                        continue;
                    }
                    needs(l);
                }
            }
            for (const auto& l : o.licenses) {
                needs(l);
            }
        }
    }
};

} // namespace

std::string_view optionKindName(OptionKind kind)
{
    return kind == OptionKind::Cloud ? "cloud" : "own_hardware";
}

std::vector<double> Scenario::baseValues() const
{
    std::vector<double> v;
    v.reserve(parameters.size());
    for (const auto& p : parameters) {
        v.push_back(p.distribution.mean());
    }
    return v;
}

ParamId Scenario::addParameter(ScenarioParameter parameter)
{
    parameters.push_back(std::move(parameter));
    return parameters.size() - 1;
}

Result<Scenario> scenarioFromJson(const json& j)
{
    try {
        if (!j.is_object()) {
            return makeError(Error::Code::InvalidInput,
                             "a scenario is a JSON object with \"format\": \"cloudcost-scenario\"",
                             "(root)");
        }
        Parser parser;
        parser.parseTop(j);
        return std::move(parser.s);
    } catch (const ScenarioFailure& f) {
        return f.error;
    } catch (const json::exception& e) {
        return makeError(Error::Code::InvalidInput, std::string("invalid scenario: ") + e.what());
    }
}

Result<Scenario> parseScenario(std::string_view text, const std::string& fileName)
{
    auto withFile = [&](Error e) {
        if (!fileName.empty()) {
            e.context = e.context.empty() ? fileName : fileName + ": " + e.context;
        }
        return e;
    };
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        return withFile(makeError(Error::Code::ParseFailed,
                                  std::string("not valid JSON: ") + e.what(),
                                  "byte " + std::to_string(e.byte)));
    } catch (const json::exception& e) {
        return withFile(
            makeError(Error::Code::ParseFailed, std::string("not valid JSON: ") + e.what()));
    }
    auto s = scenarioFromJson(j);
    if (!s) {
        return withFile(s.error());
    }
    s->fileName = fileName;
    return s;
}

Result<Scenario> loadScenarioFile(const std::filesystem::path& path)
{
    auto text = readWholeFile(path, 16ULL << 20);
    if (!text) {
        return text.error();
    }
    return parseScenario(*text, path.string());
}

} // namespace cloudcost::pricing
