// Move groups and waves (MIGRATION.md §2.6 item 5).
#include "decision/plan/Waves.h"

#include <catch2/catch.hpp>

#include <random>

using namespace cloudcost::decision;
using namespace cloudcost::decision::plan;

namespace {

Workload
vm(const std::string& name, const std::string& app, const std::string& env, double diskGib = 100)
{
    Workload w;
    w.name = name;
    w.application = app;
    w.environment = env;
    w.os = "Red Hat Enterprise Linux 8 (64-bit)";
    w.osFamily = "linux";
    Disk d;
    d.allocatedGib = diskGib;
    w.disks.push_back(d);
    return w;
}

std::vector<Workload> shop()
{
    std::vector<Workload> ws = {vm("web1", "shop", "prod"),
                                vm("web2", "shop", "prod"),
                                vm("db1", "", "prod"),
                                vm("batch", "", "dev"),
                                vm("lonely", "", "test"),
                                vm("report", "", "prod")};
    ws[0].dependencies.push_back({"db1", false, "tcp/5432"});
    ws[5].dependencies.push_back({"shop", true, ""});
    return ws;
}

} // namespace

TEST_CASE("Move groups join dependencies and shared applications", "[decision][plan][waves]")
{
    auto plan = planWaves(shop(), {});
    REQUIRE(plan.groups.size() == 3);
    // Ordered dev, test, prod.
    CHECK(plan.groups[0].name == "batch");
    CHECK(plan.groups[1].name == "lonely");
    CHECK(plan.groups[2].name == "shop");
    CHECK(plan.groups[2].members == std::vector<std::size_t>{0, 1, 2, 5});
    CHECK(plan.groups[2].environmentRank == 3);
    CHECK(plan.warnings.empty());
    // No capacity limit: one wave holds everything.
    CHECK(plan.waves.size() == 1);
}

TEST_CASE("A dependency on an unknown name is reported", "[decision][plan][waves]")
{
    auto ws = shop();
    ws[3].dependencies.push_back({"mainframe", false, ""});
    auto plan = planWaves(ws, {});
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].find("mainframe") != std::string::npos);
}

TEST_CASE("A group larger than a wave gets its own wave with a warning", "[decision][plan][waves]")
{
    WaveCapacity cap;
    cap.maxServers = 3;
    auto plan = planWaves(shop(), cap);
    REQUIRE(plan.waves.size() == 2);
    CHECK(plan.waves[0].servers == 2);
    CHECK(plan.waves[1].servers == 4);
    CHECK(plan.waves[1].oversized);
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].find("'shop' exceeds") != std::string::npos);
}

TEST_CASE("Transfer time follows kubev2v's formula and default bandwidth",
          "[decision][plan][waves]")
{
    WaveCapacity cap;
    // MIGRATION.md §2.4: 620 Mbps ≈ 77.6 MB/s, "110 min per 500 GB".
    CHECK(cap.transferHours(500) * 60.0 == Approx(110.0).margin(0.5));
    cap.windowDays = 1;
    cap.engineers = 1;
    // 8 engineer hours a wave at 60 min per VM: 8 VMs; 20 independent VMs → 8, 8, 4.
    std::vector<Workload> ws;
    for (int i = 0; i < 20; ++i) {
        ws.push_back(vm("vm" + std::to_string(i), "", "test", 10));
    }
    auto plan = planWaves(ws, cap);
    REQUIRE(plan.waves.size() == 3);
    CHECK(plan.waves[0].servers == 8);
    CHECK(plan.waves[1].servers == 8);
    CHECK(plan.waves[2].servers == 4);
    CHECK(plan.waves[0].engineerHours == Approx(8.0));
    // 24 transfer hours a day at 620 Mbps: ~6,540 GiB; two 4 TiB VMs need two waves.
    std::vector<Workload> big = {vm("a", "", "dev", 4096), vm("b", "", "dev", 4096)};
    cap.engineers = 10;
    auto bigPlan = planWaves(big, cap);
    CHECK(bigPlan.waves.size() == 2);
}

TEST_CASE("Groups are ordered by environment, then criticality, then complexity",
          "[decision][plan][waves]")
{
    auto a = vm("a", "", "prod");
    a.criticality = "low";
    auto b = vm("b", "", "prod");
    b.criticality = "mission-critical";
    auto c = vm("c", "", "dev");
    c.os = "Microsoft Windows Server 2012 R2 (64-bit)";
    auto d = vm("d", "", "dev");
    auto e = vm("e", "", "");
    auto plan = planWaves({a, b, c, d, e}, {});
    std::vector<std::string> names;
    for (const auto& g : plan.groups) {
        names.push_back(g.name);
    }
    CHECK(names == std::vector<std::string>{"d", "c", "e", "a", "b"});
}

TEST_CASE("Complexity crosses kubev2v's OS classes and disk tiers", "[decision][plan][waves]")
{
    struct Case
    {
        const char* os;
        double diskGib;
        int osClass, diskTier, score;
    };
    const Case cases[] = {
        {"Red Hat Enterprise Linux 8 (64-bit)", 100, 1, 1, 1},
        {"Microsoft Windows Server 2019 (64-bit)", 100, 2, 1, 2},
        {"Microsoft Windows Server 2012 R2 (64-bit)", 100, 3, 1, 3},
        {"Ubuntu Linux (64-bit)", 15 * 1024, 3, 2, 3},
        {"CentOS 7 (64-bit)", 60 * 1024, 1, 4, 4},
        {"SUSE Linux Enterprise 11 (64-bit)", 100, 3, 1, 3},
        {"FreeBSD", 100, 0, 1, 1},
    };
    for (const auto& k : cases) {
        auto w = vm("x", "", "", k.diskGib);
        w.os = k.os;
        auto c = complexityOf(w);
        INFO(k.os);
        CHECK(c.osClass == k.osClass);
        CHECK(c.diskTier == k.diskTier);
        CHECK(c.score == k.score);
    }
    auto sql = vm("sql", "", "");
    sql.licences = {"sql-server-enterprise"};
    CHECK(complexityOf(sql).score == 4);
}

TEST_CASE("Excluded workloads get no group and no wave", "[decision][plan][waves]")
{
    auto ws = shop();
    auto plan = planWaves(ws, {}, {true, true, true, false, true, true});
    CHECK(plan.groups.size() == 2);
    CHECK(plan.groupOfWorkload[3] == std::numeric_limits<std::size_t>::max());
}

TEST_CASE("Groups are never split across waves", "[decision][plan][waves]")
{
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 30; ++trial) {
        const int n = 5 + static_cast<int>(rng() % 200);
        std::vector<Workload> ws;
        for (int i = 0; i < n; ++i) {
            const char* envs[] = {"dev", "test", "prod", ""};
            auto w = vm("w" + std::to_string(i),
                        rng() % 4 == 0 ? "app" + std::to_string(rng() % 10) : "",
                        envs[rng() % 4],
                        static_cast<double>(rng() % 4000));
            if (i > 0 && rng() % 3 == 0) {
                w.dependencies.push_back({"w" + std::to_string(rng() % i), false, ""});
            }
            ws.push_back(w);
        }
        WaveCapacity cap;
        cap.maxServers = 1 + rng() % 20;
        cap.windowDays = 1;
        auto plan = planWaves(ws, cap);
        INFO("trial " << trial);
        std::size_t servers = 0;
        for (std::size_t g = 0; g < plan.groups.size(); ++g) {
            for (auto i : plan.groups[g].members) {
                CHECK(plan.groupOfWorkload[i] == g);
            }
        }
        for (const auto& w : plan.waves) {
            servers += w.servers;
            if (!w.oversized) {
                CHECK(w.servers <= cap.maxServers);
                CHECK(w.engineerHours <= cap.engineerHoursPerWave() + 1e-9);
                CHECK(w.transferHours <= cap.transferHoursPerWave() + 1e-9);
            } else {
                CHECK(w.groups.size() == 1);
            }
        }
        CHECK(servers == ws.size());
        // Dependencies always land in the same group.
        for (std::size_t i = 0; i < ws.size(); ++i) {
            for (const auto& d : ws[i].dependencies) {
                const auto j = static_cast<std::size_t>(std::stoi(d.target.substr(1)));
                CHECK(plan.groupOfWorkload[i] == plan.groupOfWorkload[j]);
            }
        }
    }
}
