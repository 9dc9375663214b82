// Container bin packing (MIGRATION.md §3): hand-computed cases and properties.
#include "decision/plan/BinPacking.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>

using namespace cloudcost::decision::plan;

namespace {

Candidate node(const std::string& type, double vcpus, double mem, double hourly)
{
    Candidate c;
    c.provider = "aws";
    c.region = "us-east-1";
    c.instanceType = type;
    c.os = "linux";
    c.currency = "USD";
    c.vcpus = vcpus;
    c.memoryGib = mem;
    c.hourly = c.effectiveHourly = hourly;
    return c;
}

std::vector<PackItem> repeat(std::size_t n, double vcpus, double mem)
{
    std::vector<PackItem> items;
    for (std::size_t i = 0; i < n; ++i) {
        items.push_back({"c" + std::to_string(i), vcpus, mem});
    }
    return items;
}

PackingOptions exact()
{
    PackingOptions o;
    o.targetUtilisation = 1.0;
    o.minFailoverNodes = 0;
    return o;
}

} // namespace

TEST_CASE("Packing keeps 80 % headroom and adds an N+1 failover node", "[decision][plan][packing]")
{
    // Usable capacity of a 4 vCPU / 16 GiB node at 80 %: 3.2 vCPU, 12.8 GiB: three 1-vCPU
    // containers per node; 7 containers → 3 work nodes (fluid bound ceil(7 / 3.2) = 3) + 1.
    auto r = packContainers(repeat(7, 1, 2), {node("m5.xlarge", 4, 16, 0.20)});
    CHECK(r.workNodes == 3);
    CHECK(r.failoverNodes == 1);
    CHECK(r.fluidLowerBoundNodes == 3);
    CHECK(r.hourly == Approx(0.80));
    CHECK(r.workHourly == Approx(0.60));
    double sum = 0;
    for (double h : r.itemHourly) {
        sum += h;
    }
    CHECK(sum == Approx(r.hourly));
}

TEST_CASE("Items sorted by dominant share pair CPU-heavy with memory-heavy items",
          "[decision][plan][packing]")
{
    // Node 4 vCPU / 16 GiB at 100 %: {3 vCPU 1 GiB, 1 vCPU 12 GiB} and {3 vCPU 2 GiB, 1 vCPU
    // 4 GiB} fill two nodes exactly on CPU; the fluid bound is max(8/4, 19/16) = 2.
    std::vector<PackItem> items = {{"cpu-a", 3, 1}, {"mem-b", 1, 12}, {"c", 1, 4}, {"cpu-d", 3, 2}};
    auto r = packContainers(items, {node("n", 4, 16, 0.2)}, exact());
    CHECK(r.workNodes == 2);
    CHECK(r.fluidLowerBoundNodes == 2);
    CHECK(r.unplaced.empty());
}

TEST_CASE("The cheapest node type wins and consolidation replaces an almost empty node",
          "[decision][plan][packing]")
{
    // 17 × (1 vCPU, 4 GiB). Big 8/32 at 0.28: 3 nodes (8, 8, 1) = 0.84. Small 2/8 at 0.10:
    // 9 nodes = 0.90. Big wins; the third node (1 item) is replaced by a small one:
    // 0.28 + 0.28 + 0.10 = 0.66. Cost bound: 17 vCPU × min(0.28/8, 0.10/2) = 0.595.
    auto r = packContainers(repeat(17, 1, 4),
                            {node("big", 8, 32, 0.28), node("small", 2, 8, 0.10)},
                            exact());
    REQUIRE(r.trials.size() == 2);
    CHECK(r.trials[0].hourly == Approx(0.84));
    CHECK(r.trials[1].hourly == Approx(0.90));
    CHECK(r.shapes[r.chosenShape].instanceType == "big");
    CHECK(r.fluidLowerBoundNodes == 3);
    CHECK(r.consolidationReplaced == 1);
    CHECK(r.workNodes == 3);
    CHECK(r.hourly == Approx(0.66));
    CHECK(r.fluidLowerBoundHourly == Approx(0.595));
}

TEST_CASE("Failover follows kubev2v's 10 % with at least 2 when asked", "[decision][plan][packing]")
{
    PackingOptions o = exact();
    o.minFailoverNodes = 2;
    o.failoverFraction = 0.10;
    auto r = packContainers(repeat(25, 2, 2), {node("n", 2, 8, 0.1)}, o);
    CHECK(r.workNodes == 25);
    CHECK(r.failoverNodes == 3); // max(2, ceil(2.5))
    auto small = packContainers(repeat(3, 2, 2), {node("n", 2, 8, 0.1)}, o);
    CHECK(small.failoverNodes == 2);
}

TEST_CASE("A per-node item cap and reservations shrink what a node holds",
          "[decision][plan][packing]")
{
    PackingOptions o = exact();
    o.maxItemsPerNode = 2;
    auto r = packContainers(repeat(5, 0.1, 0.1), {node("n", 4, 16, 0.2)}, o);
    CHECK(r.workNodes == 3);
    CHECK(r.fluidLowerBoundNodes == 3);
    o.maxItemsPerNode = 0;
    o.reservedVcpusPerNode = 1;
    auto reserved = packContainers(repeat(6, 1, 1), {node("n", 4, 16, 0.2)}, o);
    CHECK(reserved.workNodes == 2); // 3 usable vCPUs per node
}

TEST_CASE("Items larger than every node are reported, never dropped", "[decision][plan][packing]")
{
    std::vector<PackItem> items = {{"ok", 1, 1}, {"huge", 64, 1}};
    auto r = packContainers(items, {node("n", 4, 16, 0.2)});
    REQUIRE(r.unplaced.size() == 1);
    CHECK(r.unplaced[0] == 1);
    CHECK(r.itemHourly[1] == 0.0);
    auto none = packContainers(items, {});
    CHECK(none.unplaced.size() == 2);
    CHECK_FALSE(none.notes.empty());
}

TEST_CASE("Packing properties hold on generated instances", "[decision][plan][packing]")
{
    std::mt19937_64 rng(20261127);
    std::uniform_real_distribution<double> cpu(0.1, 6.0);
    std::uniform_real_distribution<double> mem(0.25, 24.0);
    std::uniform_int_distribution<int> count(1, 120);
    for (int trial = 0; trial < 60; ++trial) {
        std::vector<PackItem> items;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) {
            items.push_back({"i" + std::to_string(i), cpu(rng), mem(rng)});
        }
        const std::vector<Candidate> shapes = {node("s", 2, 8, 0.096),
                                               node("m", 4, 16, 0.192),
                                               node("c", 8, 16, 0.34),
                                               node("r", 8, 64, 0.504)};
        PackingOptions o;
        o.maxItemsPerNode = trial % 3 == 0 ? 5 : 0;
        auto r = packContainers(items, shapes, o);
        o.consolidate = false;
        auto raw = packContainers(items, shapes, o);
        INFO("trial " << trial);
        // Every item on exactly one work node or reported unplaced.
        std::multiset<std::size_t> seen(r.unplaced.begin(), r.unplaced.end());
        for (const auto& nd : r.nodes) {
            const auto& s = r.shapes[nd.shape];
            double c = 0;
            double m = 0;
            for (auto i : nd.items) {
                seen.insert(i);
                c += items[i].vcpus;
                m += items[i].memoryGib;
            }
            // Never above capacity at the target utilisation.
            CHECK(c <= s.vcpus * o.targetUtilisation + 1e-9);
            CHECK(m <= s.memoryGib * o.targetUtilisation + 1e-9);
            CHECK(c == Approx(nd.usedVcpus));
            if (o.maxItemsPerNode > 0) {
                CHECK(nd.items.size() <= o.maxItemsPerNode);
            }
            CHECK((nd.failover == nd.items.empty()));
        }
        CHECK(seen.size() == items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            CHECK(seen.count(i) == 1);
        }
        // Never below the fluid bounds; consolidation never costs more.
        CHECK(r.workHourly >= r.fluidLowerBoundHourly - 1e-9);
        if (r.trials[r.chosenShape].feasible) {
            CHECK(r.trials[r.chosenShape].nodes >= r.fluidLowerBoundNodes);
        }
        CHECK(r.workHourly <= raw.workHourly + 1e-9);
        CHECK(r.failoverNodes >= 1);
    }
}
