#include "decision/plan/BinPacking.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cloudcost::decision::plan {

namespace {

constexpr double kEps = 1e-9;

struct Cap
{
    double cpu = 0;
    double mem = 0;
    bool usable() const { return cpu > kEps && mem > kEps; }
};

Cap usableCap(const Candidate& c, const PackingOptions& o)
{
    return {(c.vcpus - o.reservedVcpusPerNode) * o.targetUtilisation,
            (c.memoryGib - o.reservedMemoryGibPerNode) * o.targetUtilisation};
}

struct OpenNode
{
    std::size_t shape = 0;
    double cpu = 0;
    double mem = 0;
    std::vector<std::size_t> items;
};

class Packer
{
public:
    Packer(const std::vector<PackItem>& items,
           const std::vector<Candidate>& shapes,
           const PackingOptions& o)
        : m_items(items)
        , m_shapes(shapes)
        , m_o(o)
    {
        for (const auto& s : shapes) {
            m_caps.push_back(usableCap(s, o));
        }
    }

    bool fitsShape(std::size_t item, std::size_t shape) const
    {
        const auto& c = m_caps[shape];
        return c.usable() && m_items[item].vcpus <= c.cpu + kEps
               && m_items[item].memoryGib <= c.mem + kEps;
    }

    bool fitsNode(std::size_t item, const OpenNode& n) const
    {
        const auto& c = m_caps[n.shape];
        return (m_o.maxItemsPerNode == 0 || n.items.size() < m_o.maxItemsPerNode)
               && n.cpu + m_items[item].vcpus <= c.cpu + kEps
               && n.mem + m_items[item].memoryGib <= c.mem + kEps;
    }

    double fillAfter(std::size_t item, const OpenNode& n) const
    {
        const auto& c = m_caps[n.shape];
        return std::max((n.cpu + m_items[item].vcpus) / c.cpu,
                        (n.mem + m_items[item].memoryGib) / c.mem);
    }

    // The open node the item fills most (MostAllocated), or -1.
    long bestNode(std::size_t item, const std::vector<OpenNode>& nodes, long skip = -1) const
    {
        long best = -1;
        double bestFill = -1;
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            if (static_cast<long>(k) == skip || !fitsNode(item, nodes[k])) {
                continue;
            }
            const double f = fillAfter(item, nodes[k]);
            if (f > bestFill + kEps) {
                bestFill = f;
                best = static_cast<long>(k);
            }
        }
        return best;
    }

    // FFD by dominant share over `shape`; items that do not fit it open a node of the cheapest
    // shape that holds them.
    std::vector<OpenNode> ffd(const std::vector<std::size_t>& placeable, std::size_t shape) const
    {
        const auto& cap = m_caps[shape];
        std::vector<std::size_t> order = placeable;
        std::vector<double> dominant(m_items.size(), 0.0);
        for (auto i : order) {
            dominant[i] = std::max(m_items[i].vcpus / cap.cpu, m_items[i].memoryGib / cap.mem);
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return dominant[a] > dominant[b];
        });
        std::vector<OpenNode> nodes;
        for (auto i : order) {
            long k = bestNode(i, nodes);
            if (k < 0) {
                OpenNode n;
                n.shape = fitsShape(i, shape) ? shape : cheapestShapeFor(i);
                nodes.push_back(n);
                k = static_cast<long>(nodes.size() - 1);
            }
            add(nodes[static_cast<std::size_t>(k)], i);
        }
        return nodes;
    }

    std::size_t cheapestShapeFor(std::size_t item) const
    {
        std::size_t best = m_shapes.size();
        for (std::size_t s = 0; s < m_shapes.size(); ++s) {
            if (fitsShape(item, s)
                && (best == m_shapes.size()
                    || m_shapes[s].effectiveHourly < m_shapes[best].effectiveHourly)) {
                best = s;
            }
        }
        return best;
    }

    void add(OpenNode& n, std::size_t item) const
    {
        n.cpu += m_items[item].vcpus;
        n.mem += m_items[item].memoryGib;
        n.items.push_back(item);
    }

    double hourly(const std::vector<OpenNode>& nodes) const
    {
        double h = 0;
        for (const auto& n : nodes) {
            h += m_shapes[n.shape].effectiveHourly;
        }
        return h;
    }

    // Deletion then replacement (Karpenter consolidation, MIGRATION.md §3).
    std::pair<std::size_t, std::size_t> consolidate(std::vector<OpenNode>& nodes) const
    {
        std::size_t deleted = 0;
        std::size_t replaced = 0;
        // Emptiest nodes first: the likeliest to be absorbed by the others.
        std::vector<std::size_t> order(nodes.size());
        std::iota(order.begin(), order.end(), 0);
        auto fill = [&](const OpenNode& n) {
            const auto& c = m_caps[n.shape];
            return std::max(n.cpu / c.cpu, n.mem / c.mem);
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return fill(nodes[a]) < fill(nodes[b]);
        });
        std::vector<bool> gone(nodes.size(), false);
        for (auto victim : order) {
            std::vector<OpenNode> trial = nodes;
            // A gone node must not receive items: make it look full.
            for (std::size_t k = 0; k < trial.size(); ++k) {
                if (gone[k]) {
                    trial[k].cpu = HUGE_VAL;
                }
            }
            bool ok = true;
            for (auto item : nodes[victim].items) {
                const long k = bestNode(item, trial, static_cast<long>(victim));
                if (k < 0) {
                    ok = false;
                    break;
                }
                add(trial[static_cast<std::size_t>(k)], item);
            }
            if (ok) {
                for (std::size_t k = 0; k < trial.size(); ++k) {
                    if (!gone[k] && k != victim) {
                        nodes[k] = trial[k];
                    }
                }
                nodes[victim].items.clear();
                nodes[victim].cpu = nodes[victim].mem = 0;
                gone[victim] = true;
                ++deleted;
            }
        }
        std::vector<OpenNode> kept;
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            if (!gone[k]) {
                kept.push_back(std::move(nodes[k]));
            }
        }
        nodes = std::move(kept);
        for (auto& n : nodes) {
            std::size_t best = n.shape;
            for (std::size_t s = 0; s < m_shapes.size(); ++s) {
                const auto& c = m_caps[s];
                if (c.usable() && n.cpu <= c.cpu + kEps && n.mem <= c.mem + kEps
                    && m_shapes[s].effectiveHourly < m_shapes[best].effectiveHourly - kEps) {
                    best = s;
                }
            }
            if (best != n.shape) {
                n.shape = best;
                ++replaced;
            }
        }
        return {deleted, replaced};
    }

    const std::vector<Cap>& caps() const { return m_caps; }

private:
    const std::vector<PackItem>& m_items;
    const std::vector<Candidate>& m_shapes;
    const PackingOptions& m_o;
    std::vector<Cap> m_caps;
};

std::size_t ceilCount(double x)
{
    return x <= kEps ? 0 : static_cast<std::size_t>(std::ceil(x - 1e-9));
}

} // namespace

PackingResult packContainers(const std::vector<PackItem>& items,
                             const std::vector<Candidate>& shapes,
                             const PackingOptions& options)
{
    PackingResult r;
    r.shapes = shapes;
    r.itemHourly.assign(items.size(), 0.0);
    if (shapes.empty()) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            r.unplaced.push_back(i);
        }
        if (!items.empty()) {
            r.notes.push_back("no candidate node shapes: nothing packed");
        }
        return r;
    }
    Packer packer(items, r.shapes, options);
    std::vector<std::size_t> placeable;
    for (std::size_t i = 0; i < items.size(); ++i) {
        bool fits = false;
        for (std::size_t s = 0; s < shapes.size() && !fits; ++s) {
            fits = packer.fitsShape(i, s);
        }
        (fits ? placeable : r.unplaced).push_back(i);
    }
    if (placeable.empty()) {
        return r;
    }
    std::vector<OpenNode> best;
    double bestHourly = HUGE_VAL;
    for (std::size_t s = 0; s < shapes.size(); ++s) {
        ShapeTrial t;
        t.instanceType = shapes[s].instanceType;
        if (!packer.caps()[s].usable()) {
            r.trials.push_back(t);
            continue;
        }
        t.feasible = std::all_of(placeable.begin(), placeable.end(), [&](std::size_t i) {
            return packer.fitsShape(i, s);
        });
        auto nodes = packer.ffd(placeable, s);
        t.nodes = nodes.size();
        t.hourly = packer.hourly(nodes);
        r.trials.push_back(t);
        if (t.hourly < bestHourly - kEps) {
            bestHourly = t.hourly;
            best = std::move(nodes);
            r.chosenShape = s;
        }
    }
    // Fluid lower bounds (before consolidation changes shapes).
    double sumCpu = 0;
    double sumMem = 0;
    for (auto i : placeable) {
        sumCpu += items[i].vcpus;
        sumMem += items[i].memoryGib;
    }
    {
        const auto& c = packer.caps()[r.chosenShape];
        r.fluidLowerBoundNodes = std::max(ceilCount(sumCpu / c.cpu), ceilCount(sumMem / c.mem));
        if (options.maxItemsPerNode > 0) {
            r.fluidLowerBoundNodes =
                std::max(r.fluidLowerBoundNodes,
                         ceilCount(static_cast<double>(placeable.size())
                                   / static_cast<double>(options.maxItemsPerNode)));
        }
        double cpuRate = HUGE_VAL;
        double memRate = HUGE_VAL;
        for (std::size_t s = 0; s < shapes.size(); ++s) {
            const auto& cs = packer.caps()[s];
            if (cs.usable()) {
                cpuRate = std::min(cpuRate, shapes[s].effectiveHourly / cs.cpu);
                memRate = std::min(memRate, shapes[s].effectiveHourly / cs.mem);
            }
        }
        r.fluidLowerBoundHourly = std::max(sumCpu * cpuRate, sumMem * memRate);
    }
    if (options.consolidate) {
        auto [deleted, replaced] = packer.consolidate(best);
        r.consolidationDeleted = deleted;
        r.consolidationReplaced = replaced;
    }
    // Failover nodes of the largest shape in use.
    std::size_t largest = best.front().shape;
    for (const auto& n : best) {
        const auto& a = shapes[n.shape];
        const auto& b = shapes[largest];
        if (a.vcpus > b.vcpus || (a.vcpus == b.vcpus && a.memoryGib > b.memoryGib)) {
            largest = n.shape;
        }
    }
    r.workNodes = best.size();
    r.failoverNodes =
        std::max(options.minFailoverNodes,
                 ceilCount(options.failoverFraction * static_cast<double>(r.workNodes)));
    for (const auto& n : best) {
        PackedNode p;
        p.shape = n.shape;
        p.items = n.items;
        p.usedVcpus = n.cpu;
        p.usedMemoryGib = n.mem;
        r.workHourly += shapes[n.shape].effectiveHourly;
        r.nodes.push_back(std::move(p));
    }
    for (std::size_t k = 0; k < r.failoverNodes; ++k) {
        PackedNode p;
        p.shape = largest;
        p.failover = true;
        r.nodes.push_back(p);
    }
    r.hourly =
        r.workHourly + static_cast<double>(r.failoverNodes) * shapes[largest].effectiveHourly;
    // Cost per item: its dominant share of its node, failover spread pro rata.
    const double uplift = r.workHourly > 0 ? r.hourly / r.workHourly : 1.0;
    for (const auto& n : r.nodes) {
        if (n.failover || n.items.empty()) {
            continue;
        }
        const auto& c = packer.caps()[n.shape];
        double total = 0;
        for (auto i : n.items) {
            total += std::max(items[i].vcpus / c.cpu, items[i].memoryGib / c.mem);
        }
        for (auto i : n.items) {
            const double share =
                total > 0 ? std::max(items[i].vcpus / c.cpu, items[i].memoryGib / c.mem) / total
                          : 1.0 / static_cast<double>(n.items.size());
            r.itemHourly[i] = shapes[n.shape].effectiveHourly * share * uplift;
        }
    }
    return r;
}

} // namespace cloudcost::decision::plan
