#include "decision/plan/Placement.h"

#include "common/Text.h"
#include "pricing/Workspace.h"
#include "pricing/models/Commitments.h"
#include "pricing/models/Conventions.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <unordered_map>

namespace cloudcost::decision::plan {

using pricing::PaymentOption;
using pricing::PurchaseOption;

namespace {

// Instance types are matched to performance factors case-insensitively (benchmark tags are
// typed by hand: "standard_d2s_v3" names Azure's Standard_D2s_v3).
std::map<std::string, double> lowerKeys(const std::map<std::string, double>& factors)
{
    std::map<std::string, double> out;
    for (const auto& [type, factor] : factors) {
        out[text::toLower(type)] = factor;
    }
    return out;
}

// Needs and capacities are compared with a small tolerance so that 2.0000000001 vCPUs (a product
// of fractions) still fits a 2-vCPU shape.
constexpr double kEps = 1e-9;

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

std::string offerOsFor(const std::string& osFamily)
{
    return osFamily == "windows" ? "windows" : "linux";
}

bool gpuModelMatches(const std::string& offerModel, const std::string& wanted)
{
    if (wanted.empty()) {
        return true;
    }
    return text::toLower(offerModel).find(text::toLower(wanted)) != std::string::npos;
}

} // namespace

std::string PurchaseChoice::label() const
{
    std::string s(pricing::toString(option));
    if (termMonths > 0) {
        s += "/" + std::to_string(termMonths);
    }
    if (payment && *payment != PaymentOption::None) {
        if (termMonths <= 0) {
            s += "/any";
        }
        s += "/" + std::string(pricing::toString(*payment));
    }
    return s;
}

bool PurchaseChoice::matches(PurchaseOption o, int term, PaymentOption p) const
{
    if (o != option) {
        return false;
    }
    if (termMonths > 0 && term != termMonths) {
        return false;
    }
    return !payment || *payment == p;
}

Result<std::vector<PurchaseChoice>> parsePurchaseChoices(const std::vector<std::string>& labels)
{
    std::vector<PurchaseChoice> out;
    for (const auto& label : labels) {
        auto c = parsePurchaseChoice(label);
        if (!c) {
            return c.error();
        }
        out.push_back(*c);
    }
    return out;
}

Result<PurchaseChoice> parsePurchaseChoice(const std::string& textIn)
{
    PurchaseChoice c;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto slash = textIn.find('/', start);
        parts.push_back(textIn.substr(start, slash - start));
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    const auto option = pricing::parsePurchaseOption(parts[0]);
    const std::string expected = "expected on_demand, spot, or reserved|savings_plan|committed_use"
                                 "[/MONTHS[/no_upfront|partial_upfront|all_upfront]]";
    if (!option || parts.size() > 3) {
        return makeError(Error::Code::InvalidInput,
                         "purchase option '" + textIn + "' is not understood: " + expected);
    }
    c.option = *option;
    if (parts.size() >= 2 && parts[1] != "any") {
        char* end = nullptr;
        const long months = std::strtol(parts[1].c_str(), &end, 10);
        if (parts[1].empty() || *end != '\0' || months <= 0 || months > 120) {
            return makeError(Error::Code::InvalidInput,
                             "purchase option '" + textIn + "': term '" + parts[1]
                                 + "' is not a number of months between 1 and 120");
        }
        c.termMonths = static_cast<int>(months);
    }
    if (parts.size() == 3) {
        const auto p = pricing::parsePaymentOption(parts[2]);
        if (!p) {
            return makeError(Error::Code::InvalidInput,
                             "purchase option '" + textIn + "': payment '" + parts[2]
                                 + "' is not understood: " + expected);
        }
        c.payment = *p;
    }
    const bool commitment =
        c.option != PurchaseOption::OnDemand && c.option != PurchaseOption::Spot;
    if (!commitment && parts.size() > 1) {
        return makeError(Error::Code::InvalidInput,
                         "purchase option '" + textIn + "': on_demand and spot take no term");
    }
    return c;
}

Status amortise(Candidate& c)
{
    if (c.termMonths <= 0) {
        if (c.upfront != 0) {
            return makeError(Error::Code::InvalidInput,
                             "offer " + c.instanceType + " has an upfront price but no term");
        }
        c.effectiveHourly = c.hourly;
        return {};
    }
    auto hours = pricing::termHoursFromMonths(c.termMonths);
    if (!hours) {
        return hours.error();
    }
    auto e = pricing::effectiveHourly(c.hourly, c.upfront, *hours);
    if (!e) {
        return e.error();
    }
    c.effectiveHourly = *e;
    return {};
}

// ---------------------------------------------------------------------------------------------

Result<std::vector<Candidate>> loadCandidates(pricing::Workspace& ws,
                                              const PlacementConstraints& constraints)
{
    std::vector<std::string> values;
    auto inList = [&](std::string& where, const char* column, const std::vector<std::string>& v) {
        if (v.empty()) {
            return;
        }
        where += std::string(" AND ") + column + " IN (";
        for (std::size_t i = 0; i < v.size(); ++i) {
            where += i ? ",?" : "?";
            values.push_back(v[i]);
        }
        where += ")";
    };
    std::string where = "o.vcpus > 0 AND o.memory_gib > 0 AND o.preinstalled_software = ''"
                        " AND o.offering_class NOT IN ('devtest', 'low_priority')"
                        " AND o.license_model <> 'byol'";
    inList(where, "o.provider", constraints.providers);
    inList(where, "o.region", constraints.regions);
    if (!constraints.tenancy.empty()) {
        inList(where, "o.tenancy", {constraints.tenancy});
    }
    std::vector<PurchaseChoice> purchase = constraints.purchase;
    if (purchase.empty()) {
        purchase.push_back({});
    }
    {
        std::set<std::string> names;
        for (const auto& p : purchase) {
            names.insert(std::string(pricing::toString(p.option)));
        }
        inList(where, "o.purchase_option", {names.begin(), names.end()});
    }
    std::set<std::string> perfTypes;
    for (const auto& [type, factor] : constraints.performanceFactor) {
        if (!(factor > 0) || !std::isfinite(factor)) {
            return makeError(Error::Code::InvalidInput,
                             "performance factor of " + type + " must be a positive number",
                             "performance factors");
        }
        perfTypes.insert(text::toLower(type));
    }
    // Bare-metal types from the specs (besides "metal" in the type name).
    std::set<std::string, std::less<>> metalTypes;
    {
        auto st = ws.database().prepare("SELECT DISTINCT instance_type FROM specs"
                                        " WHERE bare_metal = 1");
        if (!st) {
            return st.error();
        }
        for (;;) {
            auto row = st->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            metalTypes.insert(st->text(0));
        }
    }
    // One plain pass (no GROUP BY: sorting millions of rows in SQLite costs several times the
    // scan); the fold to the cheapest offer per shape happens here in a hash map. Instance types
    // with their own performance factor keep their identity; all others fold by shape.
    const std::string sql =
        "SELECT o.effective_hourly, o.id, o.provider, o.region, o.instance_type, o.os,"
        " o.arch, o.tenancy, o.gpu_model, o.currency, o.purchase_option, o.term_months,"
        " o.payment_option, o.vcpus, o.memory_gib, COALESCE(o.gpus, 0), o.hourly, o.upfront"
        " FROM offers o WHERE "
        + where;
    auto st = ws.database().prepare(sql);
    if (!st) {
        return st.error();
    }
    int index = 1;
    for (const auto& v : values) {
        st->bind(index++, v);
    }
    std::vector<Candidate> out;
    std::unordered_map<std::string, std::size_t> slot;
    std::set<std::string> currencies;
    std::string key;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const double effective = st->real(0);
        const auto po =
            pricing::parsePurchaseOption(st->textView(10)).value_or(PurchaseOption::OnDemand);
        const int term = static_cast<int>(st->int64(11));
        const auto pay =
            pricing::parsePaymentOption(st->textView(12)).value_or(PaymentOption::None);
        bool wanted = false;
        for (const auto& p : purchase) {
            wanted = wanted || p.matches(po, term, pay);
        }
        if (!wanted) {
            continue;
        }
        const auto type = st->textView(4);
        if (!constraints.allowBurstable && pricing::isBurstable(st->textView(2), type)) {
            continue;
        }
        const bool metal =
            type.find("metal") != std::string_view::npos || metalTypes.count(type) > 0;
        const double vcpus = st->real(13);
        const double mem = st->real(14);
        const double gpus = st->real(15);
        key.clear();
        for (int col : {2, 3, 5, 6, 7, 8, 9, 10, 12}) {
            key += st->textView(col);
            key += '\x1f';
        }
        key.append(reinterpret_cast<const char*>(&term), sizeof term);
        key.append(reinterpret_cast<const char*>(&vcpus), sizeof vcpus);
        key.append(reinterpret_cast<const char*>(&mem), sizeof mem);
        key.append(reinterpret_cast<const char*>(&gpus), sizeof gpus);
        key += metal ? 'm' : 'v';
        if (!perfTypes.empty() && perfTypes.count(text::toLower(type))) {
            key += type;
        }
        auto [it, inserted] = slot.try_emplace(key, out.size());
        if (!inserted && out[it->second].effectiveHourly <= effective) {
            continue;
        }
        Candidate c;
        c.effectiveHourly = effective;
        c.offerId = st->int64(1);
        c.provider = st->text(2);
        c.region = st->text(3);
        c.instanceType = std::string(type);
        c.os = st->text(5);
        c.arch = st->text(6);
        c.tenancy = st->text(7);
        c.gpuModel = st->text(8);
        c.currency = st->text(9);
        c.purchaseOption = po;
        c.termMonths = term;
        c.paymentOption = pay;
        c.vcpus = vcpus;
        c.memoryGib = mem;
        c.gpus = gpus;
        c.hourly = st->real(16);
        c.upfront = st->real(17);
        c.bareMetal = metal;
        if (inserted) {
            currencies.insert(c.currency);
            out.push_back(std::move(c));
        } else {
            out[it->second] = std::move(c);
        }
    }
    if (constraints.currency.empty()) {
        if (currencies.size() > 1) {
            std::string list;
            for (const auto& c : currencies) {
                list += (list.empty() ? "" : ", ") + c;
            }
            return makeError(Error::Code::InvalidInput,
                             "the candidate offers are in several currencies (" + list
                                 + "): choose a report currency so that prices compare");
        }
        return out;
    }
    std::map<std::string, double> factor;
    for (const auto& from : currencies) {
        if (from == constraints.currency) {
            factor[from] = 1.0;
            continue;
        }
        auto path = ws.conversionPath(from, constraints.currency);
        if (!path) {
            return path.error();
        }
        double f = 1.0;
        std::string at = from;
        for (const auto& r : *path) {
            if (r.base == at) {
                f *= r.rate;
                at = r.quote;
            } else {
                f /= r.rate;
                at = r.base;
            }
        }
        factor[from] = f;
    }
    for (auto& c : out) {
        const double f = factor[c.currency];
        c.hourly *= f;
        c.upfront *= f;
        c.effectiveHourly *= f;
        c.currency = constraints.currency;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

PlacementIndex::PlacementIndex(std::vector<Candidate> candidates,
                               const std::map<std::string, double>& factors)
    : m_perf(lowerKeys(factors))
    , m_candidateCount(candidates.size())
{
    std::unordered_map<std::string, std::size_t> poolOf;
    std::vector<std::vector<Candidate>> members;
    for (auto& c : candidates) {
        std::string key =
            c.provider + '\x1f' + c.region + '\x1f' + c.os + '\x1f' + c.arch + '\x1f' + c.tenancy
            + '\x1f' + c.gpuModel + '\x1f' + std::string(pricing::toString(c.purchaseOption))
            + '\x1f' + std::to_string(c.termMonths) + '\x1f'
            + std::string(pricing::toString(c.paymentOption)) + '\x1f' + (c.bareMetal ? "m" : "v");
        auto [it, inserted] = poolOf.try_emplace(key, m_pools.size());
        if (inserted) {
            Pool p;
            p.provider = c.provider;
            p.region = c.region;
            p.os = c.os;
            p.arch = c.arch;
            p.tenancy = c.tenancy;
            p.gpuModel = c.gpuModel;
            p.purchaseOption = c.purchaseOption;
            p.termMonths = c.termMonths;
            p.paymentOption = c.paymentOption;
            p.bareMetal = c.bareMetal;
            m_pools.push_back(std::move(p));
            members.emplace_back();
        }
        members[it->second].push_back(std::move(c));
    }
    for (std::size_t i = 0; i < m_pools.size(); ++i) {
        // Each candidate's effective vCPUs (vCPUs × performance factor), computed once.
        std::vector<std::pair<double, Candidate>> list;
        list.reserve(members[i].size());
        for (auto& c : members[i]) {
            const double ev = c.vcpus * performanceFactor(c.instanceType);
            list.emplace_back(ev, std::move(c));
        }
        // Cheapest first; at equal price the bigger shape first so that it dominates.
        std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
            const Candidate& a = x.second;
            const Candidate& b = y.second;
            return std::tie(a.effectiveHourly, b.memoryGib, y.first, b.gpus, a.instanceType)
                   < std::tie(b.effectiveHourly, a.memoryGib, x.first, a.gpus, b.instanceType);
        });
        auto& pool = m_pools[i];
        for (auto& [ev, c] : list) {
            bool dominated = false;
            for (std::size_t k = 0; k < pool.skyline.size() && !dominated; ++k) {
                const auto& s = pool.skyline[k];
                dominated =
                    pool.effVcpus[k] >= ev && s.memoryGib >= c.memoryGib && s.gpus >= c.gpus;
            }
            if (!dominated) {
                pool.effVcpus.push_back(ev);
                pool.skyline.push_back(std::move(c));
            }
        }
    }
}

double PlacementIndex::performanceFactor(const std::string& instanceType) const
{
    if (m_perf.empty()) {
        return 1.0;
    }
    auto it = m_perf.find(text::toLower(instanceType));
    return it == m_perf.end() ? 1.0 : it->second;
}

std::size_t PlacementIndex::skylineSize() const
{
    std::size_t n = 0;
    for (const auto& p : m_pools) {
        n += p.skyline.size();
    }
    return n;
}

PlacementResult PlacementIndex::place(const SizedNeed& need,
                                      DeploymentModel model,
                                      const PlacementConstraints& constraints) const
{
    PlacementResult result;
    if (!(need.vcpus > 0) || !(need.memoryGib >= 0) || !std::isfinite(need.vcpus)
        || !std::isfinite(need.memoryGib)) {
        result.reason = "the need has no positive vCPU count or a bad memory size";
        return result;
    }
    if (need.osFamily.empty()) {
        result.notes.push_back("OS unknown: priced as Linux");
    }
    const std::string os = offerOsFor(need.osFamily);
    const bool metal = model == DeploymentModel::BareMetal;
    std::vector<PurchaseChoice> purchase = constraints.purchase;
    if (purchase.empty()) {
        purchase.push_back({});
    }
    bool anyPool = false;
    for (const auto& choice : purchase) {
        const Pool* bestPool = nullptr;
        std::size_t bestIndex = 0;
        for (const auto& pool : m_pools) {
            if (pool.bareMetal != metal || pool.os != os
                || !choice.matches(pool.purchaseOption, pool.termMonths, pool.paymentOption)
                || (!constraints.tenancy.empty() && pool.tenancy != constraints.tenancy)
                || (!need.arch.empty() && pool.arch != need.arch)
                || !contains(constraints.providers, pool.provider)
                || !contains(constraints.regions, pool.region)) {
                continue;
            }
            if (need.gpus > 0 ? !gpuModelMatches(pool.gpuModel, need.gpuModel)
                              : !pool.gpuModel.empty()) {
                continue;
            }
            anyPool = true;
            for (std::size_t k = 0; k < pool.skyline.size(); ++k) {
                const auto& c = pool.skyline[k];
                if (pool.effVcpus[k] + kEps < need.vcpus || c.memoryGib + kEps < need.memoryGib
                    || c.gpus + kEps < need.gpus) {
                    continue;
                }
                if (!bestPool
                    || std::tie(c.effectiveHourly, c.provider, c.region, c.instanceType)
                           < std::tie(bestPool->skyline[bestIndex].effectiveHourly,
                                      bestPool->skyline[bestIndex].provider,
                                      bestPool->skyline[bestIndex].region,
                                      bestPool->skyline[bestIndex].instanceType)) {
                    bestPool = &pool;
                    bestIndex = k;
                }
                break; // the skyline is cheapest first: the first fit is this pool's best
            }
        }
        if (bestPool) {
            PlacementOption o;
            o.purchase = choice.label();
            o.offer = bestPool->skyline[bestIndex];
            o.effectiveVcpus = bestPool->effVcpus[bestIndex];
            o.annualCost = o.offer.effectiveHourly * pricing::kHoursPerYear;
            result.options.push_back(std::move(o));
        }
    }
    std::stable_sort(result.options.begin(),
                     result.options.end(),
                     [](const PlacementOption& a, const PlacementOption& b) {
                         return a.offer.effectiveHourly < b.offer.effectiveHourly;
                     });
    result.placed = !result.options.empty();
    if (!result.placed) {
        char buf[160];
        std::snprintf(buf,
                      sizeof buf,
                      "%.4g vCPU, %.4g GiB%s",
                      need.vcpus,
                      need.memoryGib,
                      need.gpus > 0 ? (", " + std::to_string(need.gpus) + " GPU").c_str() : "");
        result.reason = std::string(anyPool ? "no " : "no candidate offers for ")
                        + (metal ? "bare-metal host" : "instance") + " (" + os
                        + (need.arch.empty() ? "" : ", " + need.arch) + ") "
                        + (anyPool ? "is large enough for " : "to hold ") + buf
                        + " under the allowed providers, regions and purchase options";
    }
    return result;
}

std::vector<Candidate> PlacementIndex::nodeShapes(const PlacementConstraints& constraints,
                                                  const PurchaseChoice& purchase,
                                                  const std::string& osFamily,
                                                  const std::string& arch,
                                                  double memGibPerVcpu,
                                                  std::size_t limit) const
{
    const std::string os = offerOsFor(osFamily);
    std::vector<Candidate> shapes;
    for (const auto& pool : m_pools) {
        if (pool.bareMetal || pool.os != os || !pool.gpuModel.empty()
            || !purchase.matches(pool.purchaseOption, pool.termMonths, pool.paymentOption)
            || (!constraints.tenancy.empty() && pool.tenancy != constraints.tenancy)
            || (!arch.empty() && pool.arch != arch)
            || !contains(constraints.providers, pool.provider)
            || !contains(constraints.regions, pool.region)) {
            continue;
        }
        shapes.insert(shapes.end(), pool.skyline.begin(), pool.skyline.end());
    }
    // Capacity in "need units": vCPUs, or the vCPUs the memory can serve at the items' ratio.
    auto perUnit = [&](const Candidate& c) {
        const double v = c.vcpus * performanceFactor(c.instanceType);
        const double units = memGibPerVcpu > 0 ? std::min(v, c.memoryGib / memGibPerVcpu) : v;
        return units > 0 ? c.effectiveHourly / units : HUGE_VAL;
    };
    std::sort(shapes.begin(), shapes.end(), [&](const Candidate& a, const Candidate& b) {
        const double ua = perUnit(a);
        const double ub = perUnit(b);
        return std::tie(ua, a.provider, a.region, a.instanceType)
               < std::tie(ub, b.provider, b.region, b.instanceType);
    });
    if (shapes.size() > limit) {
        shapes.resize(limit);
    }
    return shapes;
}

std::vector<Candidate> PlacementIndex::nodeShapes(const PlacementConstraints& constraints,
                                                  const PurchaseChoice& purchase,
                                                  const std::string& osFamily,
                                                  const std::string& arch,
                                                  const NodeDemand& demand,
                                                  std::size_t limit) const
{
    const std::string os = offerOsFor(osFamily);
    const double t = demand.targetUtilisation > 0 ? demand.targetUtilisation : 1.0;
    struct Ranked
    {
        double estimate;
        const Candidate* shape;
    };
    std::map<std::pair<std::string, std::string>, Ranked> cheapestPerType;
    for (const auto& pool : m_pools) {
        if (pool.bareMetal || pool.os != os || !pool.gpuModel.empty()
            || !purchase.matches(pool.purchaseOption, pool.termMonths, pool.paymentOption)
            || (!constraints.tenancy.empty() && pool.tenancy != constraints.tenancy)
            || (!arch.empty() && pool.arch != arch)
            || !contains(constraints.providers, pool.provider)
            || !contains(constraints.regions, pool.region)) {
            continue;
        }
        for (const auto& c : pool.skyline) {
            const double v = c.vcpus * performanceFactor(c.instanceType) * t;
            const double m = c.memoryGib * t;
            if (!(v > 0) || !(m > 0) || demand.maxItemVcpus > v || demand.maxItemMemoryGib > m) {
                continue;
            }
            const double nodes =
                std::max(1.0, std::ceil(std::max(demand.vcpus / v, demand.memoryGib / m)));
            const double estimate = nodes * c.effectiveHourly;
            auto key = std::make_pair(c.provider, c.instanceType);
            auto it = cheapestPerType.find(key);
            if (it == cheapestPerType.end() || estimate < it->second.estimate) {
                cheapestPerType[key] = Ranked{estimate, &c};
            }
        }
    }
    std::vector<Ranked> ranked;
    ranked.reserve(cheapestPerType.size());
    for (const auto& [key, r] : cheapestPerType) {
        ranked.push_back(r);
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return std::tie(a.estimate, a.shape->provider, a.shape->region, a.shape->instanceType)
               < std::tie(b.estimate, b.shape->provider, b.shape->region, b.shape->instanceType);
    });
    std::vector<Candidate> shapes;
    for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) {
        shapes.push_back(*ranked[i].shape);
    }
    return shapes;
}

} // namespace cloudcost::decision::plan
