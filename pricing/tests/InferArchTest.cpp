#include "common/Sqlite.h"
#include "pricing/Offer.h"
#include "pricing/Workspace.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "tests/support/TestData.h"

using cloudcost::pricing::inferArch;

TEST_CASE("Architecture from documented instance naming", "[offer][arch]")
{
    struct Row
    {
        const char* provider;
        const char* type;
        const char* arch;
    };
    const Row rows[] = {
        // Azure: additive feature 'p' = Arm (Azure VM sizes naming conventions).
        {"azure", "Standard_D2ps_v5", "arm64"},
        {"azure", "Standard_B2pls_v2", "arm64"},
        {"azure", "Standard_E96pds_v6", "arm64"},
        {"azure", "Standard_D2s_v5", "x86_64"},
        {"azure", "Standard_D16as_v4", "x86_64"},
        {"azure", "Standard_NC24ads_A100_v4", "x86_64"},
        {"azure", "Standard_M8-2ms", "x86_64"},
        {"azure", "Standard_NP10s", "x86_64"}, // 'P' is the family (FPGA), not a feature
        {"azure", "Virtual Machines", ""},
        // GCP machine series.
        {"gcp", "t2a-standard-4", "arm64"},
        {"gcp", "c4a-highmem-8", "arm64"},
        {"gcp", "n2d-standard-2", "x86_64"},
        {"gcp", "e2-medium", "x86_64"},
        {"gcp", "ct5lp-hightpu-4t", ""},
        // AWS: Graviton 'g' among the attributes; a1 is Graviton 1.
        {"aws", "m6g.large", "arm64"},
        {"aws", "c7gn.xlarge", "arm64"},
        {"aws", "is4gen.large", "arm64"},
        {"aws", "a1.medium", "arm64"},
        {"aws", "g5g.xlarge", "arm64"},
        {"aws", "g4dn.xlarge", "x86_64"},
        {"aws", "x2iedn.32xlarge", "x86_64"},
        {"aws", "m5.large", "x86_64"},
        {"aws", "mac2.metal", ""},
        {"aws", "u-6tb1.metal", ""},
        // Providers without a documented convention here.
        {"lambda", "gpu_1x_a100", ""},
        {"vast", "1x-RTX_4090-8-32", ""},
    };
    for (const auto& r : rows) {
        INFO(r.provider << " " << r.type);
        CHECK(inferArch(r.provider, r.type) == r.arch);
    }
}

TEST_CASE("Imported Azure offers without an architecture column get one from their names",
          "[offer][arch][workspace]")
{
    auto dir = cloudcost::testing::makeTempDir("infer-arch");
    auto ws = cloudcost::pricing::Workspace::open(dir / "w.db");
    REQUIRE(ws);
    const auto sheet =
        cloudcost::testing::sharedData("multicloud/skypilot-format/azure_vms_2026-05-20.csv");
    cloudcost::pricing::ImportOptions options;
    options.format = "skypilot-vms-csv";
    options.params = {{"provider", "azure"}};
    auto imported = ws->importFile(sheet, options);
    REQUIRE(imported);
    auto st = ws->database().prepare("SELECT arch, count(*) FROM offers GROUP BY arch");
    REQUIRE(st);
    std::map<std::string, long long> counts;
    for (;;) {
        auto row = st->step();
        REQUIRE(row);
        if (!*row) {
            break;
        }
        counts[st->text(0)] = st->int64(1);
    }
    CHECK(counts["arm64"] > 0);
    CHECK(counts["x86_64"] > counts["arm64"]);
    std::filesystem::remove_all(dir);
}

TEST_CASE("Burstable and shared-core types are recognised", "[offer][burstable]")
{
    using cloudcost::pricing::isBurstable;
    CHECK(isBurstable("azure", "Standard_B2s"));
    CHECK(isBurstable("azure", "Standard_B32als_v2"));
    CHECK_FALSE(isBurstable("azure", "Standard_D4s_v5"));
    CHECK_FALSE(isBurstable("azure", "Standard_E2bs_v5"));
    CHECK(isBurstable("aws", "t3.large"));
    CHECK(isBurstable("aws", "t4g.micro"));
    CHECK_FALSE(isBurstable("aws", "trn1.2xlarge"));
    CHECK_FALSE(isBurstable("aws", "m5.large"));
    CHECK(isBurstable("gcp", "e2-medium"));
    CHECK_FALSE(isBurstable("gcp", "e2-standard-2"));
}
