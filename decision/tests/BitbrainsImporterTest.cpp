// Bitbrains GWA-T-12 traces: values from shared/data/inventory/bitbrains-gwa-t-12/README.md.
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

namespace {
const UtilisationRecord* record(const Workload& w, UtilStatistic s)
{
    for (const auto& u : w.utilisation) {
        if (u.statistic == s) {
            return &u;
        }
    }
    return nullptr;
}
const std::string kHeader =
    "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage "
    "[%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput "
    "[KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork "
    "transmitted throughput [KB/s]\n";
} // namespace

TEST_CASE("Two Bitbrains traces import as two VMs with their 5-minute series",
          "[inventory][bitbrains]")
{
    auto inv = importInventory({inventoryData("bitbrains-gwa-t-12/rnd_2013-7_vm1.csv"),
                                inventoryData("bitbrains-gwa-t-12/rnd_2013-7_vm2.csv")},
                               InventoryImportOptions{"bitbrains-july"});
    REQUIRE(inv);
    CHECK(inv->format == "bitbrains");
    CHECK(inv->name == "bitbrains-july");
    REQUIRE(inv->workloads.size() == 2);

    const Workload* vm1 = findWorkload(*inv, "rnd_2013-7_vm1");
    REQUIRE(vm1);
    CHECK(vm1->vcpus == 2);
    // Provisioned memory varies; the most frequent value, 8,388,608 KB (7,962 of 8,260 rows), is
    // the allocation: 8,192 MiB.
    CHECK(*vm1->memoryMib == Approx(8192.0));
    REQUIRE(vm1->series.size() == 1);
    CHECK(vm1->series[0].times.size() == 8260);
    CHECK(vm1->series[0].times.front() == 1372629804); // "Timestamp [ms]" holds seconds
    CHECK(vm1->series[0].intervalSeconds == 300);
    const auto* p95 = record(*vm1, UtilStatistic::Percentile);
    REQUIRE(p95);
    CHECK(*p95->cpu == Approx(0.1660).epsilon(1e-3));                 // README p95 16.60 %
    CHECK(*p95->cpuMhz == Approx(971.43).epsilon(1e-5));              // README CPU MHz p95
    CHECK(*p95->memory * 8388608.0 == Approx(1487857).epsilon(1e-6)); // README KB p95
    // 30.7-hour hole: coverage = 8,260 x 300 s / (2,591,653 s + 300 s).
    CHECK(*p95->coverage == Approx(8260.0 * 300.0 / 2591953.0));
    CHECK(p95->windowDays == Approx(2591953.0 / 86400.0));
    const auto* avg1 = record(*vm1, UtilStatistic::Average);
    const auto* max1 = record(*vm1, UtilStatistic::Maximum);
    REQUIRE(avg1);
    REQUIRE(max1);
    CHECK(*avg1->cpu == Approx(0.1157).epsilon(1e-3));
    CHECK(*max1->cpu == Approx(0.629));

    const Workload* vm2 = findWorkload(*inv, "rnd_2013-7_vm2");
    REQUIRE(vm2);
    CHECK(vm2->vcpus == 1);
    CHECK(*vm2->memoryMib == Approx(4071424.0 / 1024.0)); // KB (KiB) -> MiB
    const auto* p95b = record(*vm2, UtilStatistic::Percentile);
    const auto* max2 = record(*vm2, UtilStatistic::Maximum);
    REQUIRE(p95b);
    REQUIRE(max2);
    CHECK(*p95b->cpu == 0.0); // the idle VM
    CHECK(*max2->cpu == Approx(0.01667).epsilon(1e-3));
    CHECK(*p95b->memory * 4071424.0 == Approx(33552.0));

    // Issues: vm1's varying provisioned memory, and the 30.7-hour gap in both files.
    CHECK(countIssues(*inv, InventoryIssue::Severity::Dropped) == 0);
    REQUIRE(inv->issues.size() == 3);
    const auto* varying = findIssue(*inv, "provisioned memory changes");
    REQUIRE(varying);
    CHECK(varying->where.column == "Memory capacity provisioned [KB]");
    const auto* gap = findIssue(*inv, "gap of 30.7 hours");
    REQUIRE(gap);
    CHECK(gap->where.row > 1);
}

TEST_CASE("Bitbrains rows with wrong field counts or text are dropped with row and column",
          "[inventory][bitbrains]")
{
    ScratchDir d;
    const auto f =
        d.write("vm9.csv",
                kHeader
                    + "1000;\t2;\t5000;\t500;\t10;\t1048576;\t524288;\t1000;\t0;\t0;\t0\n"
                      "1300;\t2;\t5000\n"
                      "1600;\t2;\t5000;\tn/a;\t10;\t1048576;\t0;\t0;\t0;\t0;\t0\n"
                      "1900;\t2;\t5000;\t1000;\t20;\t1048576;\t262144;\t0;\t0;\t0;\t0\n");
    auto inv = importOne(f);
    REQUIRE(inv);
    REQUIRE(inv->workloads.size() == 1);
    const Workload& w = inv->workloads[0];
    CHECK(w.name == "vm9");
    CHECK(*w.memoryMib == Approx(1024.0)); // 1,048,576 KB
    CHECK(w.series[0].times.size() == 2);
    CHECK(w.series[0].memory[0] == Approx(0.5));
    const auto* ragged = findIssue(*inv, "row has 3 fields, expected 11");
    REQUIRE(ragged);
    CHECK(ragged->where.row == 3);
    const auto* text = findIssue(*inv, "'n/a' is not a non-negative number");
    REQUIRE(text);
    CHECK(text->where.row == 4);
    CHECK(text->where.column == "CPU usage [MHZ]");
    // Disk KB/s are KiB/s: 1,000 KiB/s = 1.024 MB/s.
    CHECK(*[&] {
        for (const auto& u : w.utilisation) {
            if (u.statistic == UtilStatistic::Maximum) {
                return u.diskMBps;
            }
        }
        return std::optional<double>{};
    }() == Approx(1.024));
}

TEST_CASE("A Bitbrains file with a different header is refused naming the column",
          "[inventory][bitbrains]")
{
    ScratchDir d;
    const auto f = d.write("vm.csv",
                           "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU "
                           "usage [%]\n1;\t1;\t1;\t1\n");
    auto inv = importInventory({f}, {}, "bitbrains");
    REQUIRE_FALSE(inv);
    CHECK(inv.error().describe().find("vm.csv:1") != std::string::npos);
    CHECK(inv.error().message.find("expected 'cpu usage [mhz]'") != std::string::npos);
}
