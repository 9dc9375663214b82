// Aria Operations list-view CSV: values from shared/data/inventory/vrops-view-export/README.md.
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

TEST_CASE("The Aria Operations VM view gives one VM with 168 hourly demand samples",
          "[inventory][vrops]")
{
    auto inv = importOne(inventoryData("vrops-view-export/aria-ops_VM_hourly-7d_2026-07-21.csv"));
    REQUIRE(inv);
    CHECK(inv->format == "vrops-csv");
    REQUIRE(inv->workloads.size() == 1);
    const Workload& w = inv->workloads[0];
    CHECK(w.name == "servername9901");
    CHECK_FALSE(w.vcpus); // the view has no sizing
    REQUIRE(w.series.size() == 1);
    const auto& s = w.series[0];
    REQUIRE(s.times.size() == 168);
    CHECK(s.intervalSeconds == 3600);
    CHECK(s.times.front() == 1784592000); // 12:00 AM 21 July 2026, read as UTC
    CHECK(s.times.back() == 1785193200);  // 11:00 PM 27 July 2026
    REQUIRE(s.cpuMhz.size() == 168);
    CHECK(s.cpuMhz[0] == Approx(1546.6)); // "1,546.6": thousands separator
    CHECK(*std::min_element(s.cpuMhz.begin(), s.cpuMhz.end()) == Approx(1189.39));
    CHECK(*std::max_element(s.cpuMhz.begin(), s.cpuMhz.end()) == Approx(12536.01));
    CHECK(std::isnan(s.cpu[0])); // MHz cannot become a fraction without vCPU x core clock
    REQUIRE(w.utilisation.size() == 1);
    const auto& u = w.utilisation[0];
    CHECK(u.statistic == UtilStatistic::Percentile);
    CHECK(u.percentile == 95);
    CHECK(*u.cpuMhz == Approx(8190.82).epsilon(1e-6)); // README: linear-interpolated p95
    CHECK(u.windowDays == Approx(7.0));
    CHECK(*u.coverage == Approx(1.0));
    CHECK_FALSE(u.cpu);
    // The unused CPU-ready column and the zone-less times are reported.
    CHECK(countIssues(*inv, InventoryIssue::Severity::Dropped) == 0);
    REQUIRE(inv->issues.size() == 2);
    const auto* ready = findIssue(*inv, "column not used");
    REQUIRE(ready);
    CHECK(ready->where.column == "VM|CPU|Ready (%)|Max");
    CHECK(findIssue(*inv, "no time zone"));
}

TEST_CASE("The Aria Operations cluster view is refused: clusters are not workloads",
          "[inventory][vrops]")
{
    auto inv =
        importOne(inventoryData("vrops-view-export/aria-ops_Cluster_hourly-7d_2026-07-21.csv"));
    REQUIRE_FALSE(inv);
    CHECK(inv.error().message.find("'Cluster' objects, not VMs") != std::string::npos);
}

TEST_CASE("Aria Operations rows with bad times, repeats and '-' are reported", "[inventory][vrops]")
{
    ScratchDir d;
    const auto f = d.write("view.csv",
                           "\"Name\",\"Interval Breakdown\",\"VM|CPU|Demand (MHz)|Avg\","
                           "\"VM|CPU|Usage (%)|Avg\"\n"
                           "\"vm1\",\"12:00 AM 21 July 2026\",\"1,000\",\"12.5\"\n"
                           "\"vm1\",\"1:00 PM 21 July 2026\",\"-\",\"50\"\n"
                           "\"vm1\",\"13:00 21.07.2026\",\"10\",\"1\"\n"
                           "\"vm1\",\"1:00 PM 21 July 2026\",\"20\",\"2\"\n"
                           "\"vm1\",\"2:00 PM 21 July 2026\",\"abc\",\"2\"\n");
    auto inv = importOne(f);
    REQUIRE(inv);
    REQUIRE(inv->workloads.size() == 1);
    const auto& s = inv->workloads[0].series[0];
    REQUIRE(s.times.size() == 3);
    CHECK(s.times[1] - s.times[0] == 13 * 3600); // 1:00 PM
    CHECK(s.cpuMhz[0] == Approx(1000.0));
    CHECK(std::isnan(s.cpuMhz[1])); // "-" = no value
    CHECK(s.cpu[1] == Approx(0.5)); // percent -> fraction
    const auto* badTime = findIssue(*inv, "is not an interval start");
    REQUIRE(badTime);
    CHECK(badTime->where.row == 4);
    CHECK(badTime->where.column == "Interval Breakdown");
    const auto* repeat = findIssue(*inv, "same hour (first at row 3");
    REQUIRE(repeat);
    CHECK(repeat->where.row == 5);
    const auto* bad = findIssue(*inv, "'abc' is not a number");
    REQUIRE(bad);
    CHECK(bad->where.column == "VM|CPU|Demand (MHz)|Avg");
    // Coverage: 3 of 15 hours (00:00 .. 14:00).
    CHECK(*inv->workloads[0].utilisation[0].coverage == Approx(3.0 / 15.0));
}
