#include "pricing/models/Tco.h"

#include "common/Text.h"
#include "pricing/models/Commitments.h"
#include "pricing/models/Conventions.h"
#include "pricing/models/Finance.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace cloudcost::pricing {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v)
{
    std::ostringstream s;
    s.precision(8);
    s << v;
    return s.str();
}

std::string child(const std::string& path, std::string_view key)
{
    return path + "." + std::string(key);
}

bool isCommitment(PurchaseOption p)
{
    return p == PurchaseOption::Reserved || p == PurchaseOption::SavingsPlan
           || p == PurchaseOption::CommittedUse;
}

// Exchange rates: the scenario's own first (direct, inverse, then through USD), then the
// workspace's (Workspace::conversionPath). Factors are cached; every rate used is recorded once.
class FxTable
{
public:
    FxTable(const std::vector<FxRate>& inlineRates, Workspace* workspace)
        : m_inline(inlineRates)
        , m_workspace(workspace)
    {}

    Result<double> factor(const std::string& from, const std::string& to)
    {
        if (from == to) {
            return 1.0;
        }
        const auto key = from + ">" + to;
        if (auto it = m_cache.find(key); it != m_cache.end()) {
            return it->second;
        }
        std::vector<FxRate> path;
        if (auto direct = findInline(from, to)) {
            path.push_back(*direct);
        } else if (from != "USD" && to != "USD") {
            auto a = findInline(from, "USD");
            auto b = findInline("USD", to);
            if (a && b) {
                path = {*a, *b};
            }
        }
        if (path.empty()) {
            if (!m_workspace) {
                return makeError(Error::Code::NotFound,
                                 "no exchange rate from " + from + " to " + to
                                     + " in the scenario's fx_rates (a missing rate is never "
                                       "taken as 1)");
            }
            auto ws = m_workspace->conversionPath(from, to);
            if (!ws) {
                return makeError(Error::Code::NotFound,
                                 ws.error().message + "; or add it to the scenario's fx_rates");
            }
            path = *ws;
        }
        double f = 1.0;
        std::string at = from;
        for (const auto& r : path) {
            if (r.base == at) {
                f *= r.rate;
                at = r.quote;
            } else {
                f /= r.rate;
                at = r.base;
            }
            record(r);
        }
        m_cache[key] = f;
        return f;
    }

    const std::vector<FxRate>& used() const { return m_used; }

private:
    std::optional<FxRate> findInline(const std::string& a, const std::string& b) const
    {
        const FxRate* best = nullptr;
        for (const auto& r : m_inline) {
            if ((r.base == a && r.quote == b) || (r.base == b && r.quote == a)) {
                if (!best || r.asOf > best->asOf) {
                    best = &r;
                }
            }
        }
        return best ? std::optional<FxRate>(*best) : std::nullopt;
    }

    void record(const FxRate& r)
    {
        for (const auto& u : m_used) {
            if (u.base == r.base && u.quote == r.quote && u.asOf == r.asOf && u.rate == r.rate) {
                return;
            }
        }
        m_used.push_back(r);
    }

    const std::vector<FxRate>& m_inline;
    Workspace* m_workspace;
    std::map<std::string, double> m_cache;
    std::vector<FxRate> m_used;
};

std::string offerLabel(const Offer& o)
{
    std::string s = "os=" + (o.os.empty() ? std::string("-") : o.os) + " tenancy=" + o.tenancy;
    if (!o.offeringClass.empty()) {
        s += " class=" + o.offeringClass;
    }
    if (!o.zone.empty()) {
        s += " zone=" + o.zone;
    }
    if (o.termMonths > 0) {
        s += " term=" + std::to_string(o.termMonths)
             + "m payment=" + std::string(toString(o.paymentOption));
    }
    s += " hourly=" + num(o.hourly) + " upfront=" + num(o.upfront) + " " + o.currency;
    return s;
}

// The catalog rows of a cloud option under purchase option `po`, filtered like the option asks.
Result<std::vector<OfferRow>>
queryRows(Workspace& ws, const CloudSpec& c, PurchaseOption po, bool withTerm)
{
    OfferQuery q;
    q.providers = {c.provider};
    q.regions = {c.region};
    q.instanceTypes = {c.instanceType};
    q.purchaseOptions = {po};
    if (withTerm) {
        q.termMonths = c.termMonths;
        q.paymentOption = c.paymentOption;
    }
    if (!c.os.empty()) {
        q.os = {c.os};
    }
    if (!c.tenancy.empty()) {
        q.tenancies = {c.tenancy};
    }
    q.includeSpecialClasses = !c.offeringClass.empty();
    q.limit = 0;
    auto page = ws.queryOffers(q);
    if (!page) {
        return page.error();
    }
    std::vector<OfferRow> rows;
    for (auto& r : page->rows) {
        if (!c.zone.empty() && r.offer.zone != c.zone) {
            continue;
        }
        if (withTerm && !c.offeringClass.empty() && r.offer.offeringClass != c.offeringClass) {
            continue;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

// Rows with distinct prices (zones often repeat the same price).
std::vector<const OfferRow*> distinctPrices(const std::vector<OfferRow>& rows)
{
    std::vector<const OfferRow*> out;
    for (const auto& r : rows) {
        const bool seen = std::any_of(out.begin(), out.end(), [&](const OfferRow* o) {
            return o->offer.hourly == r.offer.hourly && o->offer.upfront == r.offer.upfront
                   && o->offer.currency == r.offer.currency
                   && o->offer.termMonths == r.offer.termMonths;
        });
        if (!seen) {
            out.push_back(&r);
        }
    }
    return out;
}

Result<ResolvedPrice> lookUpPrice(Workspace& ws, Scenario& s, const OptionSpec& opt)
{
    const CloudSpec& c = opt.cloud;
    auto rows = queryRows(ws, c, c.purchaseOption, true);
    if (!rows) {
        return Error{rows.error().code, rows.error().message, opt.path};
    }
    if (rows->empty()) {
        // Say which part of the request the catalog does not know.
        OfferQuery any;
        any.providers = {c.provider};
        any.instanceTypes = {c.instanceType};
        any.limit = 1;
        auto a = ws.queryOffers(any);
        const std::string cmd = "`cloudcost offers --provider " + c.provider + " --instance-type "
                                + c.instanceType + "`";
        if (a && a->rows.empty()) {
            return makeError(Error::Code::NotFound,
                             "unknown instance type '" + c.instanceType + "' for provider '"
                                 + c.provider
                                 + "' in the catalog (import its price sheet, or "
                                   "give an inline \"price\")",
                             child(opt.path, "instance_type"));
        }
        any.regions = {c.region};
        auto b = ws.queryOffers(any);
        if (b && b->rows.empty()) {
            return makeError(Error::Code::NotFound,
                             "no " + c.provider + " " + c.instanceType + " offer in region '"
                                 + c.region + "' in the catalog; see " + cmd,
                             child(opt.path, "region"));
        }
        return makeError(
            Error::Code::NotFound,
            "no " + c.instanceType + " offer in " + c.region + " matches "
                + std::string(toString(c.purchaseOption))
                + (c.termMonths ? " term " + std::to_string(*c.termMonths) + "m" : "")
                + (c.paymentOption ? " " + std::string(toString(*c.paymentOption)) : "")
                + (c.os.empty() ? "" : " os " + c.os)
                + (c.offeringClass.empty() ? "" : " class " + c.offeringClass) + "; see " + cmd
                + " --region " + c.region,
            child(opt.path, "purchase_option"));
    }
    const auto distinct = distinctPrices(*rows);
    if (distinct.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < distinct.size() && i < 6; ++i) {
            list += "\n  " + offerLabel(distinct[i]->offer);
        }
        if (distinct.size() > 6) {
            list += "\n  ... (" + std::to_string(distinct.size() - 6) + " more)";
        }
        return makeError(Error::Code::InvalidInput,
                         std::to_string(distinct.size())
                             + " different catalog prices match; choose one with os, tenancy, "
                               "offering_class, zone, term_months or payment_option:"
                             + list,
                         opt.path);
    }
    const OfferRow& row = *distinct.front();
    ResolvedPrice p;
    p.offer = row.offer;
    p.source = row.sourceName;
    p.sourcePublishedAt = row.sourcePublishedAt;
    p.termMonths = row.offer.termMonths;
    p.vcpus = row.offer.vcpus;
    p.memoryGib = row.offer.memoryGib;
    const std::string ref = row.sourceName
                            + (row.sourcePublishedAt.empty()
                                   ? ""
                                   : " (published " + text::isoDate(row.sourcePublishedAt) + ")");
    p.hourly = s.addParameter({child(opt.path, "price.hourly"),
                               "per instance-hour",
                               row.offer.currency,
                               Distribution::constant(row.offer.hourly),
                               false,
                               "catalog",
                               ref});
    p.upfront = s.addParameter({child(opt.path, "price.upfront"),
                                "per instance-term",
                                row.offer.currency,
                                Distribution::constant(row.offer.upfront),
                                false,
                                "catalog",
                                ref});
    if (isCommitment(c.purchaseOption)) {
        auto od = queryRows(ws, c, PurchaseOption::OnDemand, false);
        if (od) {
            const auto odDistinct = distinctPrices(*od);
            if (odDistinct.size() == 1) {
                const OfferRow& o = *odDistinct.front();
                p.onDemandSource = o.sourceName;
                p.onDemandHourly = s.addParameter({child(opt.path, "price.on_demand_hourly"),
                                                   "per instance-hour",
                                                   o.offer.currency,
                                                   Distribution::constant(o.offer.hourly),
                                                   false,
                                                   "catalog",
                                                   p.onDemandSource});
            }
        }
    }
    return p;
}

// Instances per workload: given, or enough for the workload's vCPUs and memory.
Status sizeInstances(const Scenario& s, const OptionSpec& opt, ResolvedPrice& p)
{
    for (const auto& w : s.workloads) {
        if (opt.cloud.instancesPerWorkload) {
            p.instancesPerWorkload.push_back(*opt.cloud.instancesPerWorkload);
            continue;
        }
        if (!p.vcpus && !p.memoryGib) {
            return makeError(Error::Code::InvalidInput,
                             "required: the instance's vCPUs and memory are unknown, so cloudcost "
                             "cannot size "
                                 + w.name
                                 + " (or give price.vcpus and "
                                   "price.memory_gib)",
                             child(opt.path, "instances_per_workload"));
        }
        double n = 1;
        if (p.vcpus && *p.vcpus > 0) {
            n = std::max(n, std::ceil(w.vcpus / *p.vcpus - 1e-9));
        }
        if (p.memoryGib && *p.memoryGib > 0) {
            n = std::max(n, std::ceil(w.memoryGib / *p.memoryGib - 1e-9));
        }
        if (n > 10'000) {
            return makeError(Error::Code::InvalidInput,
                             w.name + " needs " + num(n)
                                 + " instances each; choose a larger "
                                   "instance type",
                             child(opt.path, "instance_type"));
        }
        p.instancesPerWorkload.push_back(static_cast<int>(n));
        p.instancesDerived = true;
    }
    return {};
}

// Reads parameter values in the report currency.
struct Values
{
    std::span<const double> raw;
    const std::vector<double>& fx;
    double operator()(ParamId id) const { return raw[id] * fx[id]; }
    double opt(const std::optional<ParamId>& id, double fallback = 0) const
    {
        return id ? (*this)(*id) : fallback;
    }
};

class Flows
{
public:
    explicit Flows(int horizonYears)
        : m_slots(static_cast<std::size_t>(horizonYears) + 1)
    {}
    std::vector<double>& operator[](std::string_view head)
    {
        for (auto& h : m_heads) {
            if (h.head == head) {
                return h.amounts;
            }
        }
        m_heads.push_back({std::string(head), std::vector<double>(m_slots, 0.0)});
        return m_heads.back().amounts;
    }
    std::vector<CostHeadFlows> take()
    {
        return {std::make_move_iterator(m_heads.begin()), std::make_move_iterator(m_heads.end())};
    }

private:
    std::size_t m_slots;
    // A deque keeps references to earlier heads valid while new heads are added.
    std::deque<CostHeadFlows> m_heads;
};

std::vector<TierStep> tierSteps(const TierTable& t, const Values& v)
{
    std::vector<TierStep> steps;
    for (const auto& tier : t.tiers) {
        steps.push_back({tier.upToGb.value_or(kInf), v(tier.pricePerGb)});
    }
    return steps;
}

// Monthly storage (GB-months) and egress (GB) summed over workloads, priced by tiers.
void tieredHeads(const Scenario& s, const Values& v, const CloudSpec& c, Flows& f)
{
    const int months = s.horizonYears * 12;
    auto& storage = f[kHeadStorage];
    auto& egress = f[kHeadEgress];
    std::vector<TierStep> storageSteps;
    std::vector<TierStep> egressSteps;
    if (c.storageTiers) {
        storageSteps = tierSteps(*c.storageTiers, v);
    }
    if (c.egressTiers) {
        egressSteps = tierSteps(*c.egressTiers, v);
    }
    const double storageFree = c.storageTiers ? v.opt(c.storageTiers->freeGbPerMonth) : 0;
    const double egressFree = c.egressTiers ? v.opt(c.egressTiers->freeGbPerMonth) : 0;
    for (int k = 0; k < months; ++k) {
        double gbMonths = 0;
        double egressGb = 0;
        for (const auto& w : s.workloads) {
            gbMonths += w.count * monthAverage(v(w.storageGb), v.opt(w.storageGrowthPerYear), k);
            egressGb +=
                w.count * monthAverage(v(w.egressGbPerMonth), v.opt(w.egressGrowthPerYear), k);
        }
        const std::size_t year = static_cast<std::size_t>(k / 12) + 1;
        if (c.storageTiers) {
            storage[year] += tieredCost(gbMonths, storageFree, storageSteps);
        }
        if (c.egressTiers) {
            egress[year] += tieredCost(egressGb, egressFree, egressSteps);
        }
    }
}

double fte(const OptionSpec& o, const Values& v, double units)
{
    if (o.admins) {
        return v(*o.admins);
    }
    if (o.serversPerAdmin) {
        const double per = v(*o.serversPerAdmin);
        return per > 0 ? units / per : 0;
    }
    return 0;
}

void commonHeads(const Scenario& s, const OptionSpec& o, const Values& v, double units, Flows& f)
{
    const int H = s.horizonYears;
    if (o.admins || o.serversPerAdmin) {
        auto& labour = f[kHeadLabour];
        const double perYear = fte(o, v, units) * v.opt(o.loadedSalaryPerYear);
        for (int y = 1; y <= H; ++y) {
            labour[static_cast<std::size_t>(y)] += perYear;
        }
    }
    auto& migration = f[kHeadMigration];
    for (const auto& c : o.oneOffs) {
        migration[static_cast<std::size_t>(c.year)] += v(c.amount);
    }
    if (!o.recurring.empty()) {
        auto& other = f[kHeadOther];
        for (const auto& c : o.recurring) {
            for (int y = 1; y <= H; ++y) {
                other[static_cast<std::size_t>(y)] += v(c.perYear);
            }
        }
    }
}

void addLicence(const LicenseSpec& l,
                double cores,
                const Values& v,
                int H,
                std::vector<double>& licences)
{
    licences[0] += cores * v.opt(l.oneOffPerCore);
    const double annual = cores * v.opt(l.annualPerCore);
    for (int y = 1; y <= H; ++y) {
        licences[static_cast<std::size_t>(y)] += annual;
    }
}

void cloudOption(const ResolvedScenario& r,
                 std::size_t index,
                 const Values& v,
                 OptionTco& out,
                 bool withNotes)
{
    const Scenario& s = r.scenario;
    const OptionSpec& o = s.options[index];
    const CloudSpec& c = o.cloud;
    const ResolvedPrice& p = *r.prices[index];
    const int H = s.horizonYears;
    const double hoursPerYear = 12.0 * s.hoursPerMonth;
    Flows f(H);
    auto& compute = f[kHeadCompute];
    const double hourly = v(p.hourly);
    const double upfront = v(p.upfront);
    double instances = 0;
    double usedInstanceHoursPerMonth = 0;
    for (std::size_t w = 0; w < s.workloads.size(); ++w) {
        const double n = s.workloads[w].count * p.instancesPerWorkload[w];
        instances += n;
        usedInstanceHoursPerMonth += n * v(s.workloads[w].hoursPerMonth);
    }
    if (p.termMonths == 0) {
        // Pay as you go: only the hours each workload runs.
        for (int y = 1; y <= H; ++y) {
            compute[static_cast<std::size_t>(y)] += hourly * usedInstanceHoursPerMonth * 12.0;
        }
    } else {
        // A commitment is paid for every hour of its term, used or not (MODELS.md §1.2), and
        // renewed at the end of each term while the horizon lasts; its upfront is paid when a
        // term starts (t = ceil(start month / 12)).
        for (int y = 1; y <= H; ++y) {
            compute[static_cast<std::size_t>(y)] += hourly * instances * hoursPerYear;
        }
        for (int m = 0; m < 12 * H; m += p.termMonths) {
            compute[static_cast<std::size_t>((m + 11) / 12)] += upfront * instances;
        }
    }
    tieredHeads(s, v, c, f);

    auto& licences = f[kHeadLicences];
    auto coresPerInstance = [&](const WorkloadSpec& w, std::size_t wi) {
        return p.vcpus ? *p.vcpus : w.vcpus / p.instancesPerWorkload[wi];
    };
    for (std::size_t wi = 0; wi < s.workloads.size(); ++wi) {
        const auto& w = s.workloads[wi];
        for (const auto& l : w.licenses) {
            if (std::find(c.licensesIncluded.begin(), c.licensesIncluded.end(), l.name)
                != c.licensesIncluded.end()) {
                continue;
            }
            const double cores =
                w.count * p.instancesPerWorkload[wi]
                * std::max<double>(l.minCoresPerVm.value_or(0), coresPerInstance(w, wi));
            addLicence(l, cores, v, H, licences);
        }
    }
    for (const auto& l : o.licenses) {
        double cores = 0;
        for (std::size_t wi = 0; wi < s.workloads.size(); ++wi) {
            const auto& w = s.workloads[wi];
            cores += w.count * p.instancesPerWorkload[wi]
                     * std::max<double>(l.minCoresPerVm.value_or(0), coresPerInstance(w, wi));
        }
        addLicence(l, cores, v, H, licences);
    }
    if (c.supportShare) {
        auto& support = f[kHeadSupport];
        const double share = v(*c.supportShare);
        const auto& st = f[kHeadStorage];
        const auto& eg = f[kHeadEgress];
        for (std::size_t t = 0; t < support.size(); ++t) {
            support[t] = share * (compute[t] + st[t] + eg[t]);
        }
    }
    commonHeads(s, o, v, instances, f);
    out.heads = f.take();
    if (!withNotes) {
        return;
    }
    std::string sizing = num(instances) + " instances:";
    for (std::size_t w = 0; w < s.workloads.size(); ++w) {
        sizing += (w ? ", " : " ") + std::to_string(p.instancesPerWorkload[w]) + " per "
                  + s.workloads[w].name;
    }
    sizing += p.instancesDerived ? " (from the instance's vCPUs and memory)" : " (given)";
    out.notes.push_back(sizing);
    if (p.termMonths > 0 && (12 * H) % p.termMonths != 0) {
        out.notes.push_back("the last " + std::to_string(p.termMonths)
                            + "-month term runs past the horizon: its whole upfront is counted, "
                              "its hourly fees only until the horizon ends");
    }

    if (p.termMonths > 0 && p.onDemandHourly) {
        const double od = v(*p.onDemandHourly);
        auto th = termHoursFromMonths(p.termMonths);
        const double util =
            instances > 0
                ? std::clamp(usedInstanceHoursPerMonth / (instances * s.hoursPerMonth), 0.0, 1.0)
                : 0.0;
        if (th && od > 0) {
            auto be = breakEven({od, hourly, upfront, *th}, util, s.hoursPerMonth);
            if (be) {
                CommitmentBreakEvenSummary sum;
                sum.onDemandHourly = od;
                sum.effectiveHourly = be->effectiveHourly;
                sum.breakEvenUtilisation = be->breakEvenUtilisation;
                sum.upfrontRecoveryHours = be->upfrontRecoveryHours;
                sum.breakEvenMonth = be->breakEvenMonth;
                sum.utilisation = util;
                out.commitment = sum;
            }
        }
    }
}

// Level at time tYears of a quantity growing continuously by growth a year.
double levelAt(double start, double growth, double tYears)
{
    return start * std::pow(1.0 + growth, tYears);
}

void ownOption(const ResolvedScenario& r,
               std::size_t index,
               const Values& v,
               OptionTco& out,
               bool withNotes)
{
    const Scenario& s = r.scenario;
    const OptionSpec& o = s.options[index];
    const OwnHardwareSpec& h = o.own;
    const int H = s.horizonYears;
    const double hoursPerYear = 12.0 * s.hoursPerMonth;
    const double servers = h.servers;
    Flows f(H);
    auto& capex = f[kHeadServerCapex];
    auto& salvage = f[kHeadSalvage];
    auto& maintenance = f[kHeadHardwareMaintenance];
    auto& storage = f[kHeadStorage];
    auto& storageMaintenance = f[kHeadStorageMaintenance];
    auto& network = f[kHeadNetwork];
    auto& networkMaintenance = f[kHeadNetworkMaintenance];
    auto& power = f[kHeadPower];
    auto& colocation = f[kHeadColocation];
    auto& licences = f[kHeadLicences];
    auto& security = f[kHeadSecurity];
    auto& management = f[kHeadManagement];

    // Servers: bought at t = 0 and, with refresh, again at the end of each life; the salvage of
    // a retiring generation is received when it retires within the horizon (MODELS.md §1.2).
    const double serverCapex = servers * v(h.capexPerServer);
    const double serverSalvage = servers * v(h.salvagePerServer);
    const int L = h.lifeYears;
    for (int t = 0; t < H; t += h.refresh ? L : H) {
        capex[static_cast<std::size_t>(t)] += serverCapex;
    }
    if (h.refresh) {
        for (int t = L; t <= H; t += L) {
            salvage[static_cast<std::size_t>(t)] -= serverSalvage;
        }
    } else if (H >= L) {
        salvage[static_cast<std::size_t>(H)] -= serverSalvage;
    }

    // Storage: each generation is sized for the largest usage it will hold and bought when it
    // starts; maintenance is a share of the generation in service.
    std::vector<double> storageInService(static_cast<std::size_t>(H) + 1, 0.0);
    if (h.storageCapexPerGb) {
        const int Ls = h.refresh ? h.storageLifeYears : H;
        for (int t0 = 0; t0 < H; t0 += Ls) {
            const int t1 = std::min(t0 + Ls, H);
            double gb = 0;
            for (const auto& w : s.workloads) {
                const double g = v.opt(w.storageGrowthPerYear);
                gb += w.count
                      * std::max(levelAt(v(w.storageGb), g, t0), levelAt(v(w.storageGb), g, t1));
            }
            const double cost = gb * v(*h.storageCapexPerGb);
            storage[static_cast<std::size_t>(t0)] += cost;
            for (int y = t0 + 1; y <= t1; ++y) {
                storageInService[static_cast<std::size_t>(y)] = cost;
            }
        }
    }

    // Network: a share of every server and storage purchase, bought with it (Azure Migrate:
    // network = 10% of compute + storage); maintenance a share of the network in service.
    const double networkShare = v(h.networkShare);
    for (int t = 0; t <= H; ++t) {
        const auto i = static_cast<std::size_t>(t);
        network[i] = networkShare * (capex[i] + storage[i]);
    }
    const double maintenanceShare = v(h.hardwareMaintenanceShare);
    const double storageMaintenanceShare = v(h.storageMaintenanceShare);
    const double networkMaintenanceShare = v(h.networkMaintenanceShare);

    // Power: P_avg = P_idle + (P_max - P_idle) x utilisation; kWh = P_avg x PUE x hours
    // (MODELS.md §1.2 "Power and cooling").
    const double idleW = v(h.powerIdleW);
    const double avgW = idleW + (v(h.powerMaxW) - idleW) * v(h.utilisation);
    const double pue = v(h.pue);
    const double kwhPerYear = servers * avgW / 1000.0 * pue * hoursPerYear;
    const double powerPerYear = kwhPerYear * v(h.electricityPerKwh);
    // Colocation: contracted kW x $/kW/month x 12 x (1 + escalator)^(year - 1); contracted kW
    // = consumption (with PUE, as Azure Migrate) / (1 - unused share) unless given.
    const double contractedKw =
        h.contractedKw ? v(*h.contractedKw)
                       : servers * avgW / 1000.0 * pue / (1.0 - v(h.unusedCapacityShare));
    const double colocationBase = contractedKw * v(h.colocationPerKwMonth) * 12.0;
    const double escalator = v(h.colocationEscalator);
    const double securityPerYear = servers * v(h.securityPerServerYear);
    const double managementPerYear =
        servers
        * (v(h.monitoringPerServerYear) + v(h.patchingPerServerYear) + v(h.backupPerServerYear));
    for (int y = 1; y <= H; ++y) {
        const auto i = static_cast<std::size_t>(y);
        maintenance[i] = maintenanceShare * serverCapex;
        storageMaintenance[i] = storageMaintenanceShare * storageInService[i];
        networkMaintenance[i] =
            networkMaintenanceShare * networkShare * (serverCapex + storageInService[i]);
        power[i] = powerPerYear;
        colocation[i] = colocationBase * std::pow(1.0 + escalator, y - 1);
        security[i] = securityPerYear;
        management[i] = managementPerYear;
    }

    // Licences per physical core of every server (host licensing, MODELS.md §1.2).
    for (const auto& w : s.workloads) {
        for (const auto& l : w.licenses) {
            const double cores =
                servers * std::max(l.minCoresPerServer.value_or(0), h.coresPerServer);
            addLicence(l, cores, v, H, licences);
        }
    }
    for (const auto& l : o.licenses) {
        const double cores = servers * std::max(l.minCoresPerServer.value_or(0), h.coresPerServer);
        addLicence(l, cores, v, H, licences);
    }
    commonHeads(s, o, v, servers, f);
    out.heads = f.take();
    if (!withNotes) {
        return;
    }
    out.notes.push_back("average power " + num(std::round(avgW * 10) / 10) + " W per server; "
                        + num(std::round(kwhPerYear)) + " kWh a year with PUE " + num(pue)
                        + "; contracted " + num(std::round(contractedKw * 1000) / 1000) + " kW");
}

} // namespace

double tieredCost(double quantity, double freeUnits, std::span<const TierStep> tiers)
{
    if (!(quantity > freeUnits)) {
        return 0;
    }
    const double billable = quantity - std::max(0.0, freeUnits);
    double cost = 0;
    double previous = 0;
    for (const auto& t : tiers) {
        const double upper = std::min(billable, t.upTo);
        if (upper > previous) {
            cost += (upper - previous) * t.price;
        }
        if (billable <= t.upTo) {
            break;
        }
        previous = t.upTo;
    }
    return cost;
}

double monthAverage(double start, double growthPerYear, int monthIndex)
{
    const double a = 1.0 + growthPerYear;
    const double k = monthIndex;
    if (std::fabs(growthPerYear) < 1e-12) {
        return start;
    }
    const double lnA = std::log(a);
    return start * (std::pow(a, (k + 1) / 12.0) - std::pow(a, k / 12.0)) / (lnA / 12.0);
}

Result<ResolvedScenario> resolveScenario(Scenario scenario, Workspace* workspace)
{
    ResolvedScenario r;
    r.prices.resize(scenario.options.size());
    for (std::size_t i = 0; i < scenario.options.size(); ++i) {
        const OptionSpec& opt = scenario.options[i];
        if (opt.kind != OptionKind::Cloud) {
            continue;
        }
        ResolvedPrice p;
        if (opt.cloud.price) {
            const InlinePrice& ip = *opt.cloud.price;
            p.inlinePrice = true;
            p.source = ip.source;
            p.hourly = ip.hourly;
            p.upfront = ip.upfront;
            p.onDemandHourly = ip.onDemandHourly;
            p.onDemandSource = ip.onDemandHourly ? ip.source : "";
            p.termMonths = ip.termMonths;
            p.vcpus = ip.vcpus;
            p.memoryGib = ip.memoryGib;
        } else {
            if (!workspace) {
                return makeError(Error::Code::InvalidInput,
                                 "a catalog price needs a workspace (or give an inline \"price\")",
                                 opt.path);
            }
            auto looked = lookUpPrice(*workspace, scenario, opt);
            if (!looked) {
                return looked.error();
            }
            p = std::move(*looked);
            if (isCommitment(opt.cloud.purchaseOption) && p.termMonths == 0) {
                return makeError(Error::Code::InvalidInput,
                                 "the catalog offer has no term; cannot price a commitment",
                                 opt.path);
            }
        }
        if (auto st = sizeInstances(scenario, opt, p); !st) {
            return st.error();
        }
        r.prices[i] = std::move(p);
    }

    FxTable fx(scenario.fxRates, workspace);
    r.fxToReport.assign(scenario.parameters.size(), 1.0);
    for (std::size_t i = 0; i < scenario.parameters.size(); ++i) {
        const auto& p = scenario.parameters[i];
        if (p.currency.empty() || p.currency == scenario.currency) {
            continue;
        }
        auto f = fx.factor(p.currency, scenario.currency);
        if (!f) {
            std::string what = p.isDefault ? " (a default in " + p.currency + ")" : "";
            return makeError(Error::Code::NotFound, f.error().message + what, p.path);
        }
        r.fxToReport[i] = *f;
    }
    r.fxRatesUsed = fx.used();

    if (!scenario.baseline.empty()) {
        for (std::size_t i = 0; i < scenario.options.size(); ++i) {
            if (scenario.options[i].name == scenario.baseline) {
                r.baseline = i;
            }
        }
        r.baselineWhy = "baseline named in the scenario";
    } else {
        for (std::size_t i = 0; i < scenario.options.size(); ++i) {
            const auto& o = scenario.options[i];
            if (o.kind == OptionKind::Cloud && o.cloud.purchaseOption == PurchaseOption::OnDemand) {
                r.baseline = i;
                r.baselineWhy = "the first on-demand cloud option";
                break;
            }
        }
        if (!r.baseline) {
            r.baselineWhy = "no on-demand cloud option and no \"baseline\": no break-even";
        }
    }
    r.scenario = std::move(scenario);
    return r;
}

namespace {

// computeTco; withNotes = false skips the option notes (text) for Monte Carlo trials.
Result<TcoResult>
computeTcoImpl(const ResolvedScenario& r, std::span<const double> values, bool withNotes)
{
    const Scenario& s = r.scenario;
    if (values.size() != s.parameters.size() || r.fxToReport.size() != s.parameters.size()) {
        return makeError(Error::Code::InvalidInput, "parameter values do not match the scenario");
    }
    const Values v{values, r.fxToReport};
    TcoResult result;
    result.horizonYears = s.horizonYears;
    result.discountRate = v(s.discountRate);
    const int H = s.horizonYears;
    double workloadHours = 0;
    for (const auto& w : s.workloads) {
        workloadHours += w.count * v(w.hoursPerMonth) * 12.0 * H;
    }
    for (std::size_t i = 0; i < s.options.size(); ++i) {
        OptionTco o;
        o.name = s.options[i].name;
        o.kind = s.options[i].kind;
        if (o.kind == OptionKind::Cloud) {
            cloudOption(r, i, v, o, withNotes);
        } else {
            ownOption(r, i, v, o, withNotes);
        }
        o.totalByYear.assign(static_cast<std::size_t>(H) + 1, 0.0);
        for (const auto& h : o.heads) {
            for (std::size_t t = 0; t < h.amounts.size(); ++t) {
                o.totalByYear[t] += h.amounts[t];
            }
        }
        for (double x : o.totalByYear) {
            o.total += x;
        }
        auto npv = npvWithInitial(result.discountRate,
                                  o.totalByYear[0],
                                  std::span<const double>(o.totalByYear).subspan(1));
        if (!npv) {
            return Error{npv.error().code, npv.error().message, "discount_rate"};
        }
        o.npv = *npv;
        auto eac = equivalentAnnualCost(result.discountRate, H, o.npv);
        if (!eac) {
            return Error{eac.error().code, eac.error().message, "discount_rate"};
        }
        o.equivalentAnnualCost = *eac;
        o.workloadHours = workloadHours;
        o.effectiveHourly = workloadHours > 0 ? o.total / workloadHours : 0;
        result.options.push_back(std::move(o));
    }
    if (r.baseline) {
        const OptionTco& base = result.options[*r.baseline];
        for (std::size_t i = 0; i < result.options.size(); ++i) {
            if (i == *r.baseline) {
                continue;
            }
            OptionTco& o = result.options[i];
            std::vector<double> diff(o.totalByYear.size());
            for (std::size_t t = 0; t < diff.size(); ++t) {
                diff[t] = base.totalByYear[t] - o.totalByYear[t];
            }
            BaselineBreakEven be;
            be.baseline = base.name;
            be.totalSaving = base.total - o.total;
            be.npvSaving = base.npv - o.npv;
            if (auto pb = simplePaybackYears(diff)) {
                be.paybackYears = *pb;
            }
            if (auto pb = discountedPaybackYears(result.discountRate, diff)) {
                be.discountedPaybackYears = *pb;
            }
            o.breakEven = be;
        }
    }
    return result;
}

} // namespace

Result<TcoResult> computeTco(const ResolvedScenario& r, std::span<const double> values)
{
    return computeTcoImpl(r, values, true);
}

Result<TcoResult> computeTco(const ResolvedScenario& resolved)
{
    const auto values = resolved.scenario.baseValues();
    return computeTco(resolved, values);
}

std::vector<UncertainInput> uncertainInputs(const Scenario& scenario)
{
    std::vector<UncertainInput> out;
    for (const auto& p : scenario.parameters) {
        if (p.distribution.kind() != DistributionKind::Constant) {
            out.push_back({p.path, p.distribution});
        }
    }
    return out;
}

Result<MonteCarloResult> runTcoMonteCarlo(const ResolvedScenario& r,
                                          std::uint64_t trials,
                                          std::uint64_t seed,
                                          ProgressSink* progress)
{
    const Scenario& s = r.scenario;
    MonteCarloSpec spec;
    for (const auto& p : s.parameters) {
        spec.inputs.push_back({p.path, p.distribution});
    }
    for (const auto& o : s.options) {
        spec.outputNames.push_back("npv:" + o.name);
    }
    for (const auto& o : s.options) {
        spec.outputNames.push_back("total:" + o.name);
    }
    spec.trials = trials;
    spec.seed = seed;
    const std::size_t n = s.options.size();
    auto model = [&](std::span<const double> in, std::span<double> out) {
        auto res = computeTcoImpl(r, in, false);
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = res ? res->options[i].npv : std::numeric_limits<double>::quiet_NaN();
            out[n + i] = res ? res->options[i].total : std::numeric_limits<double>::quiet_NaN();
        }
    };
    return runMonteCarlo(spec, model, progress);
}

Result<std::vector<OptionTornado>> runTcoSensitivity(const ResolvedScenario& r)
{
    const Scenario& s = r.scenario;
    std::vector<UncertainInput> inputs;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < s.parameters.size(); ++i) {
        if (s.parameters[i].distribution.kind() != DistributionKind::Constant) {
            inputs.push_back({s.parameters[i].path, s.parameters[i].distribution});
            index.push_back(i);
        }
    }
    std::vector<OptionTornado> out;
    if (inputs.empty()) {
        return out;
    }
    auto tin = tornadoInputsFromDistributions(inputs, 0.1, 0.9, TornadoBase::Mean);
    if (!tin) {
        return tin.error();
    }
    const std::size_t n = s.options.size();
    std::vector<double> values = s.baseValues();
    auto model = [&](std::span<const double> in, std::span<double> outputs) {
        for (std::size_t k = 0; k < index.size(); ++k) {
            values[index[k]] = in[k];
        }
        auto res = computeTcoImpl(r, values, false);
        for (std::size_t i = 0; i < n; ++i) {
            outputs[i] = res ? res->options[i].npv : std::numeric_limits<double>::quiet_NaN();
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        auto t = tornado(std::span<const TornadoInput>(*tin), n, i, model);
        if (!t) {
            return t.error();
        }
        out.push_back({s.options[i].name, std::move(*t)});
    }
    return out;
}

} // namespace cloudcost::pricing
