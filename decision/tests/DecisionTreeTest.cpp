#include "decision/rules/DecisionTree.h"

#include "data/rules/BuiltinRules.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <string>

using namespace cloudcost;
using namespace cloudcost::decision;
using json = nlohmann::json;

namespace {

RuleSet builtin()
{
    auto r = builtinRuleSet();
    REQUIRE(r);
    return *r;
}

Workload app(std::optional<double> latencyMs)
{
    Workload w;
    w.name = "app";
    w.vcpus = 4;
    w.memoryMib = 8192;
    w.latencyBudgetMs = latencyMs;
    return w;
}

const TraceLine* traceOf(const Decision& d, const std::string& id)
{
    for (const auto& t : d.trace) {
        if (t.ruleId == id) {
            return &t;
        }
    }
    return nullptr;
}

const ModelScore& scoreOf(const Decision& d, DeploymentModel m)
{
    return *std::find_if(d.ranking.begin(), d.ranking.end(), [&](const ModelScore& s) {
        return s.model == m;
    });
}

std::string name(DeploymentModel m)
{
    return deploymentModelName(m);
}

} // namespace

TEST_CASE("the shipped decision tree loads with MODELS.md §5.2's thresholds", "[rules][tree]")
{
    const auto rs = builtin();
    CHECK(rs.version == kDecisionTreeFormatVersion);
    CHECK_FALSE(rs.revision.empty());
    CHECK(rs.latency.t1 == 50.0);
    CHECK(rs.latency.t2 == 200.0);
    CHECK_FALSE(rs.latency.t1InLowerBand);
    CHECK(rs.latency.t2InMiddleBand);
    CHECK(rs.hard.size() == 7);
    for (const auto& h : rs.hard) {
        INFO(h.id);
        CHECK_THAT(h.source, Catch::Contains("MODELS.md §5.2"));
    }
    for (const auto& s : rs.soft) {
        INFO(s.id);
        CHECK_FALSE(s.source.empty());
    }
}

TEST_CASE("MODELS.md §5.2 boundary vectors", "[rules][tree][boundary]")
{
    // The table "Boundary test vectors" of MODELS.md §5.2, with the shipped rule set and no cost
    // input (bands decide; ties go to tie_break order).
    struct Row
    {
        double latency;
        bool perCore;      // H2
        bool customKernel; // H4
        const char* band;
        DeploymentModel expected;
        std::vector<DeploymentModel> excluded;
    };
    const Row rows[] = {
        {49.999, false, false, "below_t1", DeploymentModel::BareMetal, {}},
        {50, false, false, "between", DeploymentModel::VirtualMachine, {}},
        {200, false, false, "between", DeploymentModel::VirtualMachine, {}},
        {200.001, false, false, "above_t2", DeploymentModel::Container, {}},
        // Hard constraint beats band: bare metal / VM on a dedicated host, never container.
        {500, true, false, "above_t2", DeploymentModel::BareMetal, {DeploymentModel::Container}},
        // Bare metal preferred; container excluded (no sandboxed runtime allowed).
        {20, false, true, "below_t1", DeploymentModel::BareMetal, {DeploymentModel::Container}},
    };
    const auto rs = builtin();
    for (const auto& r : rows) {
        INFO("L = " << r.latency << " H2 = " << r.perCore << " H4 = " << r.customKernel);
        auto w = app(r.latency);
        w.perCoreLicensing = r.perCore;
        w.customKernel = r.customKernel;
        auto d = decide(w, rs, {});
        REQUIRE(d);
        CHECK(latencyBand(rs.latency, r.latency) == std::string(r.band));
        const auto* band = traceOf(*d, "L1");
        REQUIRE(band);
        CHECK_THAT(band->outcome, Catch::StartsWith(r.band));
        CHECK(name(d->model) == name(r.expected));
        for (auto m : r.excluded) {
            CHECK_FALSE(scoreOf(*d, m).allowed);
        }
    }
    SECTION("H2 names the dedicated host")
    {
        auto w = app(500);
        w.perCoreLicensing = true;
        auto d = decide(w, rs, {});
        REQUIRE(d);
        CHECK(scoreOf(*d, DeploymentModel::Container).excludedBy == "H2");
        REQUIRE(d->notes.size() == 1);
        CHECK_THAT(d->notes[0], Catch::Contains("dedicated host"));
    }
    SECTION("H4 does not exclude container when a sandboxed runtime is allowed")
    {
        auto w = app(20);
        w.customKernel = true;
        DecisionContext ctx;
        ctx.sandboxedRuntimeAllowed = true;
        auto d = decide(w, rs, ctx);
        REQUIRE(d);
        CHECK(scoreOf(*d, DeploymentModel::Container).allowed);
        CHECK(traceOf(*d, "H4")->outcome == "not fired");
    }
    SECTION("t1 >= t2 is rejected with a message")
    {
        auto copy = rs;
        auto s = setLatencyThresholds(copy, 200, 200);
        REQUIRE_FALSE(s);
        CHECK_THAT(s.error().message, Catch::Contains("0 < t1 < t2"));
        CHECK(setLatencyThresholds(copy, 60, 100));
        CHECK(latencyBand(copy.latency, 59.9) == std::string("below_t1"));
        CHECK(latencyBand(copy.latency, 100) == std::string("between"));
    }
}

TEST_CASE("the nearest flip is found at the band boundaries", "[rules][tree][flip]")
{
    const auto rs = builtin();
    DecisionContext ctx;
    ctx.annualCost = {{DeploymentModel::BareMetal, 12000},
                      {DeploymentModel::VirtualMachine, 10000},
                      {DeploymentModel::Container, 8000}};
    ctx.costSource = "test";
    struct Row
    {
        std::optional<double> latency;
        DeploymentModel winner;
        const char* flipText;
    };
    const Row rows[] = {
        // Below t1 bare metal and container tie on the band; the cost makes container win.
        {49, DeploymentModel::Container, "latency budget 49 ms -> 50 ms flips container -> vm"},
        {50,
         DeploymentModel::VirtualMachine,
         "latency budget 50 ms -> < 50 ms flips vm -> container"},
        {200,
         DeploymentModel::VirtualMachine,
         "latency budget 200 ms -> > 200 ms flips vm -> container"},
        {200.001,
         DeploymentModel::Container,
         "latency budget 200.001 ms -> 200 ms flips container -> vm"},
    };
    for (const auto& r : rows) {
        INFO("L = " << *r.latency);
        auto d = decide(app(r.latency), rs, ctx);
        REQUIRE(d);
        CHECK(name(d->model) == name(r.winner));
        REQUIRE(d->nearestFlip);
        CHECK(d->nearestFlip->text == r.flipText);
        CHECK(d->nearestFlip->input == "latency_budget_ms");
    }
    SECTION("applying the nearest change gives the named winner")
    {
        auto d = decide(app(49), rs, ctx);
        REQUIRE(d);
        auto after = decide(app(50), rs, ctx);
        REQUIRE(after);
        CHECK(name(after->model) == name(d->nearestFlip->newWinner));
    }
    SECTION("cost flips are found by how far a cost must move")
    {
        auto d = decide(app(49), rs, ctx);
        REQUIRE(d);
        // Container's cost at bare metal's 12,000 ties the two and tie_break picks bare metal.
        auto it = std::find_if(d->flips.begin(), d->flips.end(), [](const Flip& f) {
            return f.input == "annual_cost.container";
        });
        REQUIRE(it != d->flips.end());
        CHECK(it->relativeChange == Approx(0.5).margin(1e-6));
        CHECK(name(it->newWinner) == "bare_metal");
    }
    SECTION("an unknown latency budget skips the band and says what setting it would do")
    {
        auto d = decide(app(std::nullopt), rs, ctx);
        REQUIRE(d);
        CHECK(traceOf(*d, "L1")->outcome == "not applied: no latency budget");
        auto it = std::find_if(d->flips.begin(), d->flips.end(), [](const Flip& f) {
            return f.input == "latency_budget_ms";
        });
        REQUIRE(it != d->flips.end());
        CHECK(it->from == "unknown");
    }
}

TEST_CASE("the trace has one line per rule with input, value, threshold, outcome and weight",
          "[rules][tree]")
{
    const auto rs = builtin();
    auto w = app(120);
    w.gpuMode = "passthrough";
    DecisionContext ctx;
    ctx.kubernetesAvailable = false;
    auto d = decide(w, rs, ctx);
    REQUIRE(d);
    CHECK(d->trace.size() == rs.hard.size() + 1 + rs.soft.size());
    const auto* h3 = traceOf(*d, "H3");
    REQUIRE(h3);
    CHECK(h3->input == "single_tenancy");
    CHECK(h3->value == "unknown");
    CHECK(h3->outcome == "not applied: input unknown");
    const auto* h5 = traceOf(*d, "H5-passthrough");
    REQUIRE(h5);
    CHECK(h5->outcome == "fired: forces vm, bare_metal");
    CHECK(h5->op == "in");
    const auto* l1 = traceOf(*d, "L1");
    CHECK(l1->weight == 2.0);
    CHECK(l1->value == "120 ms");
    const auto* s2 = traceOf(*d, "S2-overhead");
    CHECK_THAT(s2->threshold, Catch::Contains("BENCHMARKS.md §3.3"));
    const auto* s3 = traceOf(*d, "S3-ops");
    CHECK(s3->outcome == "scores bare_metal 1, vm 1, container 0");
    CHECK(d->model == DeploymentModel::VirtualMachine);
    CHECK_FALSE(scoreOf(*d, DeploymentModel::Container).allowed);

    SECTION("a measured overhead replaces the default and is named")
    {
        DecisionContext m;
        m.overhead = {{DeploymentModel::VirtualMachine, 0.05}};
        m.overheadSource = "bench compare run 7";
        auto dm = decide(app(120), rs, m);
        REQUIRE(dm);
        CHECK(traceOf(*dm, "S2-overhead")->threshold == "bench compare run 7");
        CHECK(scoreOf(*dm, DeploymentModel::VirtualMachine).total == Approx(2.0 + 0.95));
    }
}

TEST_CASE("hard constraints that leave no model are an error naming the rules", "[rules][tree]")
{
    auto w = app(100);
    w.gpuMode = "mig";     // H5-shared forces container
    w.customKernel = true; // H4 excludes container
    auto d = decide(w, builtin(), {});
    REQUIRE_FALSE(d);
    CHECK_THAT(d.error().describe(),
               Catch::Contains("workload 'app'") && Catch::Contains("H4 excludes container")
                   && Catch::Contains("H5-shared forces container"));
}

TEST_CASE("inconsistent rule sets are rejected with the reason and the location",
          "[rules][tree][validation]")
{
    const json base = json::parse(data::builtinDecisionTreeJson());
    struct Row
    {
        const char* what;
        std::function<void(json&)> edit;
        const char* message;
        const char* where;
    };
    const Row rows[] = {
        {"t1 = t2",
         [](json& j) { j["latency"]["t1_ms"] = 200; },
         "must be below t2",
         "at /latency"},
        {"t1 > t2",
         [](json& j) { j["latency"]["t1_ms"] = 300; },
         "must be below t2",
         "at /latency"},
        {"t1 = 0", [](json& j) { j["latency"]["t1_ms"] = 0; }, "above 0", "/latency/t1_ms"},
        {"unknown top-level field",
         [](json& j) { j["thresholds"] = 1; },
         "unknown field 'thresholds'",
         "at /"},
        {"unknown field in a rule",
         [](json& j) { j["hard_constraints"][1]["weight"] = 1; },
         "unknown field 'weight'",
         "/hard_constraints/1"},
        {"unknown input field",
         [](json& j) { j["hard_constraints"][0]["when"][0]["field"] = "licence_count"; },
         "unknown input field 'licence_count'",
         "/hard_constraints/0/when/0/field"},
        {"wrong value type",
         [](json& j) { j["hard_constraints"][1]["when"][0]["value"] = "yes"; },
         "expected true or false",
         "/hard_constraints/1/when/0/value"},
        {"cycle",
         [](json& j) {
             j["hard_constraints"][1]["unless_fired"] = {"H3"};
             j["hard_constraints"][2]["unless_fired"] = {"H2"};
         },
         "cycle: H2 -> H3 -> H2",
         "/hard_constraints"},
        {"reference to an unknown rule",
         [](json& j) { j["hard_constraints"][1]["unless_fired"] = {"H9"}; },
         "unknown rule 'H9'",
         "/hard_constraints/1/unless_fired"},
        {"duplicate id",
         [](json& j) { j["hard_constraints"][2]["id"] = "H2"; },
         "duplicate rule id 'H2'",
         "/hard_constraints/2/id"},
        {"negative soft weight",
         [](json& j) { j["soft_scores"][0]["weight"] = -1; },
         "must not be negative",
         "/soft_scores/0/weight"},
        {"negative latency weight",
         [](json& j) { j["latency"]["weight"] = -0.5; },
         "must not be negative",
         "/latency/weight"},
        {"unknown version",
         [](json& j) { j["version"] = 2; },
         "unknown version 2 (this build reads version 1)",
         "/version"},
        {"missing version", [](json& j) { j.erase("version"); }, "missing field 'version'", "at /"},
        {"unknown model",
         [](json& j) { j["latency"]["between"] = {"vm_dedicated"}; },
         "unknown model 'vm_dedicated'",
         "/latency/between/0"},
        {"unknown soft kind",
         [](json& j) { j["soft_scores"][1]["kind"] = "density"; },
         "unknown kind 'density'",
         "/soft_scores/1/kind"},
        {"overhead above 1",
         [](json& j) { j["soft_scores"][1]["defaults"]["vm"] = 2; },
         "fraction between 0 and 1",
         "/soft_scores/1/defaults/vm"},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        json j = base;
        r.edit(j);
        auto rs = parseRuleSet(j.dump(), "rules.json");
        REQUIRE_FALSE(rs);
        CHECK_THAT(rs.error().message, Catch::Contains(r.message));
        CHECK_THAT(rs.error().context, Catch::StartsWith("rules.json") && Catch::Contains(r.where));
    }
    SECTION("malformed JSON names the byte offset")
    {
        auto rs = parseRuleSet("{\"format\": ", "broken.json");
        REQUIRE_FALSE(rs);
        CHECK(rs.error().context == "broken.json");
        CHECK_THAT(rs.error().message, Catch::Contains("at byte"));
    }
    SECTION("unless_fired orders and disables rules")
    {
        json j = base;
        // H4 yields to H5-passthrough: evaluated after it whatever the file order.
        j["hard_constraints"][3]["unless_fired"] = {"H5-passthrough"};
        auto rs = parseRuleSet(j.dump(), "rules.json");
        REQUIRE(rs);
        auto pos = [&](const std::string& id) {
            return std::find_if(rs->hard.begin(),
                                rs->hard.end(),
                                [&](const HardRule& h) { return h.id == id; })
                   - rs->hard.begin();
        };
        CHECK(pos("H5-passthrough") < pos("H4"));
        auto w = app(100);
        w.customKernel = true;
        w.gpuMode = "passthrough";
        auto d = decide(w, *rs, {});
        REQUIRE(d);
        CHECK(traceOf(*d, "H4")->outcome == "not applied: H5-passthrough fired");
    }
}
