#pragma once

// Placement (issue #6 "Placement", MIGRATION.md §2.6 item 6 and §3): the cheapest catalog offer
// that fits a right-sized need under each purchase option the caller allows, whole hosts for bare
// metal, and (BinPacking.h) containers packed onto nodes.
//
// Designed for scale (10,000 needs against millions of offers): the catalog is read ONCE by
// loadCandidates() — one plain SQL scan, folded in a hash map to the cheapest offer of each
// distinct shape per provider, region, OS, architecture, tenancy and purchase option — then
// PlacementIndex keeps, per such pool, only the Pareto-cheapest shapes (the "skyline": no kept
// shape is both dearer and smaller than another) and answers every need from memory.
//
// Typical use (what `cloudcost plan` does):
//   PlacementConstraints c;            // providers, regions, purchase options, currency
//   auto cands = loadCandidates(workspace, c);          // one pass over the catalog
//   PlacementIndex index(std::move(*cands), c.performanceFactor);
//   PlacementResult r = index.place(need, DeploymentModel::VirtualMachine, c);

#include "common/Result.h"
#include "decision/Sizing.h"
#include "pricing/Offer.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cloudcost::pricing {
class Workspace;
}

namespace cloudcost::decision::plan {

// A purchase option the caller allows. termMonths 0 and payment nullopt mean "any".
struct PurchaseChoice
{
    pricing::PurchaseOption option = pricing::PurchaseOption::OnDemand;
    int termMonths = 0;
    std::optional<pricing::PaymentOption> payment;

    // "on_demand", "spot", "reserved/36/all_upfront", "savings_plan/12" (stable, for output).
    std::string label() const;
    bool matches(pricing::PurchaseOption o, int term, pricing::PaymentOption p) const;
};

// Parses a label as written by PurchaseChoice::label ("reserved/36/all_upfront", "spot", ...).
Result<PurchaseChoice> parsePurchaseChoice(const std::string& text);
// Each label of a list (the first bad one is the error; callers add where it came from).
Result<std::vector<PurchaseChoice>> parsePurchaseChoices(const std::vector<std::string>& labels);

// One priced shape: the cheapest catalog offer of its kind (see loadCandidates).
struct Candidate
{
    std::int64_t offerId = 0; // offers.id of the offer that gave the price (0 when built in code)
    std::string provider;
    std::string region;
    std::string instanceType;
    std::string os;   // linux, windows, rhel, ...
    std::string arch; // x86_64, arm64, ""
    std::string tenancy = "shared";
    std::string gpuModel;
    std::string currency;
    pricing::PurchaseOption purchaseOption = pricing::PurchaseOption::OnDemand;
    int termMonths = 0;
    pricing::PaymentOption paymentOption = pricing::PaymentOption::None;
    double vcpus = 0;
    double memoryGib = 0;
    double gpus = 0;
    double hourly = 0;          // recurring, per instance-hour
    double upfront = 0;         // one-off per instance for the term
    double effectiveHourly = 0; // hourly + upfront amortised (pricing::effectiveHourly)
    bool bareMetal = false;     // a whole host ("metal" in the type name or specs.bare_metal)
};

// Fills effectiveHourly from hourly, upfront and termMonths with pricing::effectiveHourly
// (MODELS.md §1.2: e = upfront / term_hours + hourly). Error for a commitment without a term.
Status amortise(Candidate& c);

struct PlacementConstraints
{
    std::vector<std::string> providers; // empty = any
    std::vector<std::string> regions;   // empty = any
    // Purchase options to price under; empty = on-demand only.
    std::vector<PurchaseChoice> purchase;
    std::string tenancy = "shared"; // "" = any
    // Burstable / shared-core types (pricing::isBurstable) run a sustained need on CPU credits;
    // left out unless allowed.
    bool allowBurstable = false;
    // Report currency. "" = the catalog's single currency (an error if candidates mix
    // currencies); else every price is converted with the workspace's FX table.
    std::string currency;
    // Relative per-vCPU performance by instance type (1.0 = the reference the needs were sized
    // on), e.g. from benchmark results: a type at 1.25 counts 4 vCPUs as 5. Types not listed: 1.0.
    std::map<std::string, double> performanceFactor;
};

// Reads the candidate offers once: the cheapest offer (by effective hourly) of each distinct
// (provider, region, OS, arch, tenancy, purchase option, term, payment, vCPUs, memory, GPUs, GPU
// model, bare metal) — instance types named in performanceFactor stay distinct. Offers without
// vCPUs or memory, with preinstalled software, or in Azure's DevTest/low-priority classes are left
// out. Prices are converted to constraints.currency when given.
Result<std::vector<Candidate>> loadCandidates(pricing::Workspace& ws,
                                              const PlacementConstraints& constraints);

// The best offer for one need under one purchase choice.
struct PlacementOption
{
    std::string purchase; // PurchaseChoice::label()
    Candidate offer;
    double effectiveVcpus = 0; // offer vCPUs × performance factor
    double annualCost = 0;     // effectiveHourly × 8,760 h (MODELS.md §0)
};

struct PlacementResult
{
    bool placed = false;
    std::vector<PlacementOption> options; // one per purchase choice that has a fit, cheapest first
    std::vector<std::string> notes;       // assumptions made (e.g. unknown OS priced as Linux)
    std::string reason;                   // why nothing fits, when !placed
    const PlacementOption* best() const { return options.empty() ? nullptr : &options.front(); }
};

// The in-memory index over candidates: per pool the skyline of Pareto-cheapest shapes.
class PlacementIndex
{
public:
    PlacementIndex() = default;
    PlacementIndex(std::vector<Candidate> candidates,
                   const std::map<std::string, double>& performanceFactor = {});

    // The cheapest fitting offer per allowed purchase choice. VirtualMachine and Container
    // (a container need placed alone) use non-metal offers; BareMetal uses whole metal hosts.
    // Unknown OS is priced as Linux (with a note); arch "" means any; GPU model is a
    // case-insensitive substring. Thread-safe (const).
    PlacementResult place(const SizedNeed& need,
                          DeploymentModel model,
                          const PlacementConstraints& constraints) const;

    // The skyline shapes of the pools matching constraints (non-metal, no GPU, given OS/arch),
    // for the node choice of the bin packer: at most `limit` shapes, lowest price per packed
    // capacity first, capacity being min(vCPUs, memory / memGibPerVcpu) with memGibPerVcpu the
    // items' aggregate ratio (<= 0: vCPUs only).
    std::vector<Candidate> nodeShapes(const PlacementConstraints& constraints,
                                      const PurchaseChoice& purchase,
                                      const std::string& osFamily,
                                      const std::string& arch,
                                      double memGibPerVcpu,
                                      std::size_t limit) const;

    // What a container cluster needs of its nodes: the total, the largest item and the target
    // utilisation the packer keeps nodes under.
    struct NodeDemand
    {
        double vcpus = 0;
        double memoryGib = 0;
        double maxItemVcpus = 0;
        double maxItemMemoryGib = 0;
        double targetUtilisation = 0.8;
    };
    // As above, but only shapes that can hold the largest item at the target, the cheapest
    // offer of each instance type, ranked by the estimated cost of carrying the whole demand
    // (nodes = ceil(max(vCPU demand / usable vCPUs, memory demand / usable memory)) × hourly).
    // A shape cheap per unit but far larger than the demand no longer crowds out the right-sized
    // ones.
    std::vector<Candidate> nodeShapes(const PlacementConstraints& constraints,
                                      const PurchaseChoice& purchase,
                                      const std::string& osFamily,
                                      const std::string& arch,
                                      const NodeDemand& demand,
                                      std::size_t limit) const;

    std::size_t candidateCount() const { return m_candidateCount; }
    std::size_t skylineSize() const;
    double performanceFactor(const std::string& instanceType) const;

private:
    struct Pool
    {
        std::string provider, region, os, arch, tenancy, gpuModel;
        pricing::PurchaseOption purchaseOption = pricing::PurchaseOption::OnDemand;
        int termMonths = 0;
        pricing::PaymentOption paymentOption = pricing::PaymentOption::None;
        bool bareMetal = false;
        std::vector<Candidate> skyline; // cheapest first, none dominated
        std::vector<double> effVcpus;   // parallel to skyline
    };
    std::vector<Pool> m_pools;
    std::map<std::string, double> m_perf;
    std::size_t m_candidateCount = 0;
};

} // namespace cloudcost::decision::plan
