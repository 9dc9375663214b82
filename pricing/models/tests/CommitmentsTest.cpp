#include "pricing/models/Commitments.h"

#include "pricing/Workspace.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

UsageProfile profile(std::vector<double> hourly)
{
    auto p = UsageProfile::fromHourly(hourly);
    REQUIRE(p);
    return *p;
}

UsageProfile steady(double count, std::size_t hours = 1)
{
    auto p = UsageProfile::constant(count, hours);
    REQUIRE(p);
    return *p;
}

AwsUsageLine ec2(const std::string& type, double count, double onDemand = 1.0)
{
    AwsUsageLine l;
    l.id = type;
    l.instanceType = type;
    l.region = "us-east-1";
    l.onDemandHourly = onDemand;
    l.usage = steady(count);
    return l;
}

AwsReservedInstance ri(const std::string& type, double count)
{
    AwsReservedInstance r;
    r.instanceType = type;
    r.region = "us-east-1";
    r.count = count;
    r.recurringHourly = 0.5;
    return r;
}

const AwsLineResult& line(const AwsApplication& a, const std::string& id)
{
    for (const auto& l : a.lines) {
        if (l.id == id) {
            return l;
        }
    }
    FAIL("no line " << id);
    return a.lines.front();
}

// Uniform double in [0, 1) from the raw 64 bits (MODELS.md §4: not std::uniform_real_distribution,
// whose algorithm differs between standard libraries).
double unit(std::mt19937_64& rng)
{
    return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

} // namespace

// ------------------------------------------------------------------------------------------------
// Amortisation and break-even

TEST_CASE("Effective hourly amortises the upfront over 8760 hours a year", "[models][commit]")
{
    // MODELS.md §1.2: e = upfront / term_hours + recurring; §0: 8,760 h a year.
    struct Row
    {
        double hourly, upfront, termHours, expected;
        const char* source;
    };
    const Row rows[] = {
        {0.0,
         494,
         8760,
         0.056392694064,
         "AWS m5.large 1yr standard all upfront (GetProducts 2021)"},
        {0.029, 252, 8760, 0.057767123288, "AWS m5.large 1yr standard partial upfront"},
        {0.019, 505, 26280, 0.038216133942, "AWS m5.large 3yr standard partial upfront"},
        {0.06, 0, 8760, 0.06, "AWS m5.large 1yr standard no upfront"},
        {0.0, 649, 8760, 0.074086757991, "Azure E2s_v4 westus3 1yr reservation (retail prices)"},
    };
    for (const auto& r : rows) {
        INFO(r.source);
        auto e = effectiveHourly(r.hourly, r.upfront, r.termHours);
        REQUIRE(e);
        CHECK(*e == Approx(r.expected).epsilon(1e-9));
    }
    auto years = termHoursFromMonths(36);
    REQUIRE(years);
    CHECK(*years == Approx(26280.0));
}

TEST_CASE("Published break-even examples are reproduced", "[models][commit][published]")
{
    SECTION("Doppler Quarterly Summer 2019 p.41: m5.large breaks even at 435 hours a month")
    {
        // On-demand $0.096/h; 1-year standard all upfront $501 ($41.75/month); break-even
        // 41.75 / 0.096 = 435 h/month; 120 h/month -> on-demand; 586 h/month -> reserve.
        const CommitmentPrice price{0.096, 0.0, 501.0, 8760.0};
        auto b = breakEven(price);
        REQUIRE(b);
        CHECK(b->breakEvenUsageHours / 12.0 == Approx(435.0).margin(0.5));
        CHECK(price.upfront * kDefaultHoursPerMonth / price.termHours == Approx(41.75));
        auto testing = breakEven(price, 120.0 / 730.0);
        REQUIRE(testing);
        CHECK(testing->netSaving < 0);
        CHECK_FALSE(testing->breakEvenMonth.has_value());
        auto dev = breakEven(price, 586.0 / 730.0);
        REQUIRE(dev);
        CHECK(dev->netSaving > 0);
    }
    SECTION("cloudcostkit break-even calculator: 6667 hours and 9.14 months")
    {
        // $0.12/h on-demand vs $0.075/h committed with $300 upfront: 6,667 hours, 9.14 months at
        // 24 h x 30.4 days (729.6 h a month, the other convention of MODELS.md §0). The
        // calculator has no term; a three-year term keeps the month inside it.
        const CommitmentPrice price{0.12, 0.075, 300.0, 26280.0};
        auto b = breakEven(price, 1.0, 729.6);
        REQUIRE(b);
        REQUIRE(b->upfrontRecoveryHours);
        CHECK(*b->upfrontRecoveryHours == Approx(6667.0).margin(0.5));
        REQUIRE(b->upfrontRecoveryMonth);
        CHECK(*b->upfrontRecoveryMonth == Approx(9.14).margin(0.005));
    }
    SECTION("cal11 RI break-even calculator: 2500 hours")
    {
        // $1,000 upfront, $0.50 on-demand, $0.10 reserved: 1000 / 0.40 = 2,500 hours.
        auto b = breakEven({0.50, 0.10, 1000.0, 8760.0});
        REQUIRE(b);
        REQUIRE(b->upfrontRecoveryHours);
        CHECK(*b->upfrontRecoveryHours == Approx(2500.0));
    }
    SECTION("awsnegotiations RI break-even guide: 60 percent utilisation")
    {
        // A 1-year RI costing $5,256 in total against $1.00/h on-demand: 5256 / 8760 = 60 %.
        auto b = breakEven({1.0, 0.0, 5256.0, 8760.0});
        REQUIRE(b);
        CHECK(b->breakEvenUtilisation == Approx(0.60));
    }
    SECTION("Cloudability break-even post: m4.large partial upfront saves 41 percent")
    {
        // Effective $0.074/h vs $0.126/h on-demand: $1,103.76 vs $648.24 a year (41 %); used half
        // the time, on-demand costs $551.88 against the same $648.24.
        const CommitmentPrice price{0.126, 0.074, 0.0, 8760.0};
        auto full = breakEven(price, 1.0);
        REQUIRE(full);
        CHECK(full->termCost == Approx(648.24));
        CHECK(full->netSaving == Approx(1103.76 - 648.24));
        CHECK(full->savingFraction == Approx(0.41).margin(0.005));
        auto half = breakEven(price, 0.5);
        REQUIRE(half);
        CHECK(half->netSaving == Approx(551.88 - 648.24));
        CHECK(full->breakEvenUtilisation == Approx(0.074 / 0.126)); // [D] e / OD
    }
}

TEST_CASE("The break-even month is when cumulative on-demand spend passes the term cost",
          "[models][commit]")
{
    // [D] from MODELS.md §1.2: 1-year term costing 600 against 0.1/h on-demand used 80 % of
    // 730-h months: 600 / (0.1 x 0.8 x 730) = 10.27 months.
    auto b = breakEven({0.1, 0.0, 600.0, 8760.0}, 0.8);
    REQUIRE(b);
    REQUIRE(b->breakEvenMonth);
    CHECK(*b->breakEvenMonth == Approx(600.0 / (0.1 * 0.8 * 730.0)));
    // Used 60 % the commitment (break-even utilisation 0.685) never pays within the term.
    auto low = breakEven({0.1, 0.0, 600.0, 8760.0}, 0.6);
    REQUIRE(low);
    CHECK_FALSE(low->breakEvenMonth);
    CHECK(low->netSaving < 0);
    // A no-upfront commitment recovers its (zero) upfront at once.
    auto noUpfront = breakEven({0.096, 0.06, 0.0, 8760.0});
    REQUIRE(noUpfront);
    CHECK(*noUpfront->upfrontRecoveryHours == 0.0);
    CHECK(noUpfront->breakEvenUtilisation == Approx(0.625));
    // A commitment dearer per hour than on-demand never recovers anything.
    auto dear = breakEven({0.05, 0.06, 10.0, 8760.0});
    REQUIRE(dear);
    CHECK_FALSE(dear->upfrontRecoveryHours);
    CHECK(dear->savingFraction < 0);
}

TEST_CASE("Hostile commitment prices are rejected with the field named", "[models][commit][error]")
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(effectiveHourly(nan, 0, 8760).error().context == "hourly");
    CHECK(effectiveHourly(0.1, -5, 8760).error().context == "upfront");
    CHECK(effectiveHourly(0.1, 5, 0).error().context == "term_hours");
    CHECK(effectiveHourly(0.1, inf, 8760).error().context == "upfront");
    CHECK(breakEven({0.0, 0.1, 0, 8760}).error().context == "on_demand_hourly");
    CHECK(breakEven({0.1, 0.05, 0, 8760}, 1.5).error().context == "utilisation");
    CHECK(breakEven({0.1, 0.05, 0, 8760}, nan).error().context == "utilisation");
    CHECK(breakEven({0.1, 0.05, 0, 8760}, 1.0, -730).error().context == "hours_per_month");
    CHECK_FALSE(termHoursFromMonths(0));
    CHECK_FALSE(termHoursFromMonths(-12));
}

TEST_CASE("Usage profiles are run-length encoded and reject bad counts", "[models][commit]")
{
    auto p = UsageProfile::fromHourly({1, 1, 1, 2, 2, 0, 0.75});
    REQUIRE(p);
    CHECK(p->hours() == 7);
    CHECK(p->runs().size() == 4);
    CHECK(p->at(3) == 2.0);
    CHECK(p->at(6) == 0.75);
    CHECK(p->at(100) == 0.0);
    CHECK(p->totalCountHours() == Approx(7.75));
    auto s = p->slice(2, 3);
    CHECK(s.hours() == 3);
    CHECK(s.totalCountHours() == Approx(5.0));
    auto bad = UsageProfile::fromHourly({1, 2, 3, -1});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().context == "usage[3]");
    auto nan = UsageProfile::fromRuns({{10, 1}, {5, std::nan("")}}, "profile");
    REQUIRE_FALSE(nan);
    CHECK(nan.error().context == "profile[1].count");
    auto huge = UsageProfile::fromRuns({{UsageProfile::kMaxHours, 1}, {1, 1}});
    REQUIRE_FALSE(huge);
    CHECK(huge.error().context == "usage[1].hours");
}

// ------------------------------------------------------------------------------------------------
// AWS

TEST_CASE("AWS normalisation factors follow the EC2 user guide tables", "[models][commit][aws]")
{
    // awsdocs/amazon-ec2-user-guide doc_source/apply_ri.md @096556437f.
    const auto [type, factor] = GENERATE(table<const char*, double>({
        {"t3.nano", 0.25},        {"t2.micro", 0.5},
        {"t2.small", 1},          {"t2.medium", 2},
        {"m5.large", 4},          {"m5.xlarge", 8},
        {"m5.2xlarge", 16},       {"c5.4xlarge", 32},
        {"c5.9xlarge", 72},       {"m5.12xlarge", 96},
        {"m5.24xlarge", 192},     {"r5.32xlarge", 256},
        {"u-6tb1.56xlarge", 448}, {"u-12tb1.112xlarge", 896},
        {"i3.metal", 128},        {"m5.metal", 192},
        {"c5n.metal", 144},       {"a1.metal", 32},
        {"z1d.metal", 96},        {"u-9tb1.metal", 896},
    }));
    INFO(type);
    auto f = awsNormalizationFactor(type);
    REQUIRE(f);
    CHECK(*f == factor);
}

TEST_CASE("An AWS size without a published factor is an error naming it", "[models][commit][aws]")
{
    auto f = awsNormalizationFactor("m7i.metal-48xl");
    REQUIRE_FALSE(f);
    CHECK(f.error().code == Error::Code::NotFound);
    CHECK_THAT(f.error().message, Catch::Matchers::Contains("m7i.metal-48xl"));
    CHECK_FALSE(awsNormalizationFactor("m5"));
    CHECK_FALSE(awsNormalizationFactor("m5.large.x"));
}

TEST_CASE("AWS size flexibility examples of the EC2 user guide", "[models][commit][aws][published]")
{
    // apply_ri.md @096556437f: "Instance size flexibility determined by normalization factor"
    // and "Examples of applying Reserved Instances" (single-account parts).
    struct Expect
    {
        const char* line;
        double reservedHours;
        double onDemandHours;
    };
    struct Row
    {
        const char* source;
        std::vector<AwsReservedInstance> reserved;
        std::vector<AwsUsageLine> usage;
        std::vector<Expect> expect;
    };
    AwsReservedInstance zonal = ri("m3.large", 4);
    zonal.zonal = true;
    const std::vector<Row> rows = {
        {"t2.medium RI applies in full to two t2.small",
         {ri("t2.medium", 1)},
         {ec2("t2.small", 2)},
         {{"t2.small", 2, 0}}},
        {"t2.medium RI applies to 50% of one t2.large",
         {ri("t2.medium", 1)},
         {ec2("t2.large", 1)},
         {{"t2.large", 0.5, 0.5}}},
        {"i3.metal RI covers one i3.16xlarge",
         {ri("i3.metal", 1)},
         {ec2("i3.16xlarge", 1)},
         {{"i3.16xlarge", 1, 0}}},
        {"i3.metal RI covers two i3.8xlarge",
         {ri("i3.metal", 1)},
         {ec2("i3.8xlarge", 2)},
         {{"i3.8xlarge", 2, 0}}},
        {"i3.metal RI covers four i3.4xlarge",
         {ri("i3.metal", 1)},
         {ec2("i3.4xlarge", 4)},
         {{"i3.4xlarge", 4, 0}}},
        {"two i3.8xlarge RIs cover one i3.metal",
         {ri("i3.8xlarge", 2)},
         {ec2("i3.metal", 1)},
         {{"i3.metal", 1, 0}}},
        {"Scenario 1: zonal m3.large, regional m4.large and c4.large RIs",
         {zonal, ri("m4.large", 4), ri("c4.large", 1)},
         {ec2("m3.large", 4), ec2("m4.xlarge", 2), ec2("c4.xlarge", 1)},
         {{"m3.large", 4, 0}, {"m4.xlarge", 2, 0}, {"c4.xlarge", 0.5, 0.5}}},
        {"Scenario 2: m3.2xlarge RI applies to the smallest sizes first",
         {ri("m3.2xlarge", 1)},
         {ec2("m3.xlarge", 2), ec2("m3.large", 2)},
         {{"m3.large", 2, 0}, {"m3.xlarge", 1, 1}}},
        {"Scenario 3 account A: m4.xlarge and c4.xlarge RIs",
         {ri("m4.xlarge", 4), ri("c4.xlarge", 2)},
         {ec2("m4.xlarge", 2), ec2("m4.2xlarge", 1), ec2("c4.xlarge", 2), ec2("c4.2xlarge", 1)},
         {{"m4.xlarge", 2, 0}, {"m4.2xlarge", 1, 0}, {"c4.xlarge", 2, 0}, {"c4.2xlarge", 0, 1}}},
        // [D] from the factor table (c5.4xlarge 32 = 2 x c5.2xlarge 16), as the brief asks.
        {"c5.4xlarge RI covers two c5.2xlarge",
         {ri("c5.4xlarge", 1)},
         {ec2("c5.2xlarge", 2)},
         {{"c5.2xlarge", 2, 0}}},
    };
    for (const auto& row : rows) {
        INFO(row.source);
        auto a = applyAwsCommitments(row.usage, row.reserved, {});
        REQUIRE(a);
        for (const auto& e : row.expect) {
            INFO(e.line);
            CHECK(line(*a, e.line).reservedHours == Approx(e.reservedHours).margin(1e-12));
            CHECK(line(*a, e.line).onDemandHours == Approx(e.onDemandHours).margin(1e-12));
        }
        REQUIRE(a->reservedUtilisation);
        CHECK(*a->reservedUtilisation <= 1.0);
    }
}

TEST_CASE("AWS RIs for Windows or dedicated tenancy or G4dn are not size-flexible",
          "[models][commit][aws]")
{
    // apply_ri.md @096556437f "Limitations".
    CHECK(awsRiIsSizeFlexible("m5.xlarge", "linux", "shared", false));
    CHECK_FALSE(awsRiIsSizeFlexible("m5.xlarge", "windows", "shared", false));
    CHECK_FALSE(awsRiIsSizeFlexible("m5.xlarge", "linux", "dedicated", false));
    CHECK_FALSE(awsRiIsSizeFlexible("m5.xlarge", "linux", "shared", true));
    CHECK_FALSE(awsRiIsSizeFlexible("g4dn.xlarge", "linux", "shared", false));

    AwsReservedInstance windowsRi = ri("m5.xlarge", 1);
    windowsRi.os = "windows";
    AwsUsageLine small = ec2("m5.large", 2);
    small.os = "windows";
    AwsUsageLine same = ec2("m5.xlarge", 1);
    same.id = "m5.xlarge-windows";
    same.os = "windows";
    auto a = applyAwsCommitments({small, same}, {windowsRi}, {});
    REQUIRE(a);
    CHECK(line(*a, "m5.large").reservedHours == 0.0);
    CHECK(line(*a, "m5.xlarge-windows").reservedHours == 1.0);
}

namespace {

// The rate table of sp-applying.html (earlier version of the page): on-demand, Compute savings
// plan and EC2 Instance savings plan rates; "illustrative only".
std::vector<AwsUsageLine> spExampleUsage()
{
    AwsUsageLine linux9 = ec2("c5.9xlarge", 1, 4.00);
    AwsUsageLine win24 = ec2("c5.24xlarge", 1, 10.00);
    win24.os = "windows";
    win24.tenancy = "dedicated";
    AwsUsageLine vcpu;
    vcpu.id = "fargate-vcpu";
    vcpu.region = "us-west-1";
    vcpu.onDemandHourly = 1.50;
    vcpu.usage = steady(10);
    AwsUsageLine gb = vcpu;
    gb.id = "fargate-gb";
    gb.onDemandHourly = 2.00;
    gb.usage = steady(5);
    return {linux9, win24, vcpu, gb};
}

AwsSavingsPlan computePlan(double commitment)
{
    return {"compute",
            AwsSavingsPlanType::Compute,
            commitment,
            {{"c5.9xlarge", 2.00},
             {"c5.24xlarge", 8.00},
             {"fargate-vcpu", 1.00},
             {"fargate-gb", 1.00}}};
}

AwsSavingsPlan instancePlanC5(double commitment)
{
    return {"ec2-c5",
            AwsSavingsPlanType::Ec2Instance,
            commitment,
            {{"c5.9xlarge", 1.00}, {"c5.24xlarge", 6.00}}};
}

} // namespace

TEST_CASE("AWS savings plans example of the savings plans user guide",
          "[models][commit][aws][published]")
{
    struct Row
    {
        const char* source;
        std::vector<AwsSavingsPlan> plans;
        double totalCost;
        double coverage;
        double utilisation;
    };
    const Row rows[] = {
        // sp-applying.html Scenario 1: a $25.00/hour Compute savings plan covers all the usage
        // and "you will pay $25.00 in that hour".
        {"sp-applying Scenario 1: Compute SP $25/h covers all usage",
         {computePlan(25.0)},
         25.0,
         1.0,
         1.0},
        // [D] by the page's rule: highest savings first (c5.9xlarge and Fargate GB tie at 50 %,
        // the lower rate, Fargate GB at $1.00, goes first): 2 GB-h covered (worth 2 x $2.00
        // on-demand), the rest on-demand: 2 + 4 + 10 + 15 + 3 x 2 = 37.
        {"[D] Compute SP $2/h: ties go to the lowest rate",
         {computePlan(2.0)},
         37.0,
         4.0 / 39.0,
         1.0},
        // [D] EC2 Instance SP first: $1 covers c5.9xlarge (75 %), $2 covers 1/3 of c5.24xlarge
        // (40 %). Then Compute SP $20: Fargate GB (50 %) $5, Fargate vCPU (33.3 %) $10, and the
        // last $5 covers 5/8 of c5.24xlarge (20 %); 2/3 - 5/8 of it stays on-demand at $10.
        {"[D] EC2 Instance SP $3/h then Compute SP $20/h",
         {instancePlanC5(3.0), computePlan(20.0)},
         23.0 + (2.0 / 3.0 - 5.0 / 8.0) * 10.0,
         (39.0 - (2.0 / 3.0 - 5.0 / 8.0) * 10.0) / 39.0,
         1.0},
        // [D] Too big a plan: $30/h pays for $25 of usage; utilisation 25/30.
        {"[D] Compute SP $30/h is under-used", {computePlan(30.0)}, 30.0, 1.0, 25.0 / 30.0},
    };
    for (const auto& row : rows) {
        INFO(row.source);
        auto a = applyAwsCommitments(spExampleUsage(), {}, row.plans);
        REQUIRE(a);
        CHECK(a->totals.onDemandEquivalentCost == Approx(39.0));
        CHECK(a->totals.totalCost == Approx(row.totalCost).epsilon(1e-12));
        CHECK(a->totals.coverage == Approx(row.coverage).epsilon(1e-12));
        REQUIRE(a->savingsPlanUtilisation);
        CHECK(*a->savingsPlanUtilisation == Approx(row.utilisation).epsilon(1e-12));
    }
    auto instanceFirst =
        applyAwsCommitments(spExampleUsage(), {}, {computePlan(20.0), instancePlanC5(3.0)});
    REQUIRE(instanceFirst);
    CHECK(line(*instanceFirst, "c5.9xlarge").instanceSpHours == 1.0);
    CHECK(line(*instanceFirst, "c5.9xlarge").computeSpHours == 0.0);
    CHECK(line(*instanceFirst, "c5.24xlarge").instanceSpHours == Approx(1.0 / 3.0));
}

TEST_CASE("AWS savings plans apply only to usage that RIs left uncovered", "[models][commit][aws]")
{
    // sp-applying.html: "Savings Plans apply to your usage after the EC2 Reserved Instances".
    AwsReservedInstance m5 = ri("m5.large", 1);
    m5.recurringHourly = 0.06;
    AwsUsageLine usage = ec2("m5.large", 3, 0.096);
    AwsSavingsPlan plan{"compute", AwsSavingsPlanType::Compute, 0.07, {{"m5.large", 0.07}}};
    auto a = applyAwsCommitments({usage}, {m5}, {plan});
    REQUIRE(a);
    CHECK(line(*a, "m5.large").reservedHours == 1.0);
    CHECK(line(*a, "m5.large").computeSpHours == Approx(1.0));
    CHECK(line(*a, "m5.large").onDemandHours == Approx(1.0));
    CHECK(a->totals.totalCost == Approx(0.06 + 0.07 + 0.096));
}

TEST_CASE("AWS commitments are paid in hours without usage", "[models][commit][aws]")
{
    AwsReservedInstance m5 = ri("m5.large", 1);
    m5.recurringHourly = 0.06;
    AwsUsageLine usage = ec2("m5.large", 0, 0.096);
    usage.usage = profile({1, 0, 0, 1});
    auto a = applyAwsCommitments({usage}, {m5}, {});
    REQUIRE(a);
    CHECK(a->totals.hours == 4);
    CHECK(a->reservedCost == Approx(0.24));
    CHECK(*a->reservedUtilisation == Approx(0.5));
    CHECK(a->totals.netSaving == Approx(2 * 0.096 - 0.24));
}

TEST_CASE("Bad AWS commitment input names the field", "[models][commit][aws][error]")
{
    auto lines = spExampleUsage();
    AwsSavingsPlan plan{"p", AwsSavingsPlanType::Compute, 1.0, {{"nope", 1.0}}};
    auto a = applyAwsCommitments(lines, {}, {plan});
    REQUIRE_FALSE(a);
    CHECK(a.error().context == "savings_plans[0].rates['nope']");
    lines[2].id = lines[0].id;
    auto dup = applyAwsCommitments(lines, {}, {});
    REQUIRE_FALSE(dup);
    CHECK(dup.error().context == "lines[2].id");
    auto badRi = applyAwsCommitments(spExampleUsage(), {ri("m5", 1)}, {});
    REQUIRE_FALSE(badRi);
    CHECK(badRi.error().context == "reserved[0].instance_type");
    AwsReservedInstance negative = ri("m5.large", 1);
    negative.upfront = -1;
    auto neg = applyAwsCommitments(spExampleUsage(), {negative}, {});
    REQUIRE_FALSE(neg);
    CHECK(neg.error().context == "reserved[0].upfront");
}

// ------------------------------------------------------------------------------------------------
// Azure

namespace {

AzureUsageLine dsv2(const std::string& size, double ratio, double count)
{
    AzureUsageLine l;
    l.id = size;
    l.flexibilityGroup = "DSv2 Series";
    l.ratio = ratio;
    l.payAsYouGoHourly = 0.1 * ratio;
    l.usage = steady(count);
    return l;
}

} // namespace

TEST_CASE("Azure instance size flexibility examples of the Azure docs",
          "[models][commit][azure][published]")
{
    // articles/virtual-machines/reserved-vm-instance-size-flexibility.md: a Standard_DS4_v2
    // reservation (ratio 8); ratios DS1 1, DS2 2, DS3 4, DS5 16 as the examples state them.
    AzureReservation ds4{"DSv2 Series", 8, 1, 0, 1000, 8760};
    struct Row
    {
        const char* source;
        std::vector<AzureUsageLine> usage;
        double coveredHours;
        double hourCoverage;
    };
    const std::vector<Row> rows = {
        {"Scenario 1: eight Standard_DS1_v2", {dsv2("DS1", 1, 8)}, 8, 1.0},
        {"Scenario 2: two Standard_DS2_v2 and one Standard_DS3_v2",
         {dsv2("DS2", 2, 2), dsv2("DS3", 4, 1)},
         3,
         1.0},
        {"Scenario 3: one Standard_DS5_v2 gets half its compute cost covered",
         {dsv2("DS5", 16, 1)},
         0.5,
         0.5},
    };
    for (const auto& row : rows) {
        INFO(row.source);
        auto a = applyAzureReservations(row.usage, {ds4});
        REQUIRE(a);
        CHECK(a->totals.coveredHours == Approx(row.coveredHours));
        CHECK(a->totals.hourCoverage == Approx(row.hourCoverage));
        REQUIRE(a->reservationUtilisation);
        CHECK(*a->reservationUtilisation == Approx(1.0));
    }
}

TEST_CASE("Azure reservations are use-it-or-lose-it hour by hour",
          "[models][commit][azure][published]")
{
    // articles/cost-management-billing/manage/understand-vm-reservation-charges.md: one
    // reservation, two matching instances; hour 1: 0.75 + 0.5 h, pay-as-you-go 0.25 h; hours 2-3:
    // both run, one pays pay-as-you-go; hour 4: 0.5 + 1 h, pay-as-you-go 0.5 h.
    AzureUsageLine vm{"vm", "Dv3", 1, 0.2, profile({1.25, 2, 2, 1.5})};
    AzureReservation one{"Dv3", 1, 1, 0, 876, 8760};
    auto a = applyAzureReservations({vm}, {one});
    REQUIRE(a);
    CHECK(a->lines[0].reservedHours == Approx(4.0));
    CHECK(a->lines[0].payAsYouGoHours == Approx(0.25 + 1 + 1 + 0.5));
    CHECK(*a->reservationUtilisation == Approx(1.0));
    CHECK(a->totals.commitmentCost == Approx(4 * 0.1));

    // "You can't carry forward unused reserved hours": an idle hour's reservation is lost and
    // does not cover the second instance of the next hour.
    AzureUsageLine bursty{"vm", "Dv3", 1, 0.2, profile({0, 2})};
    auto lost = applyAzureReservations({bursty}, {one});
    REQUIRE(lost);
    CHECK(lost->lines[0].reservedHours == Approx(1.0));
    CHECK(lost->lines[0].payAsYouGoHours == Approx(1.0));
    CHECK(*lost->reservationUtilisation == Approx(0.5));
    CHECK(lost->lostUnitHours == Approx(1.0));
}

TEST_CASE("Bad Azure input names the field", "[models][commit][azure][error]")
{
    AzureUsageLine vm{"vm", "Dv3", 0, 0.2, steady(1)};
    auto a = applyAzureReservations({vm}, {});
    REQUIRE_FALSE(a);
    CHECK(a.error().context == "lines[0].ratio");
    vm.ratio = 1;
    AzureReservation res{"Dv3", 1, -2, 0, 100, 8760};
    auto b = applyAzureReservations({vm}, {res});
    REQUIRE_FALSE(b);
    CHECK(b.error().context == "reservations[0].quantity");
}

// ------------------------------------------------------------------------------------------------
// GCP

TEST_CASE("GCP N1 sustained-use discounts reach 10 20 and 30 percent",
          "[models][commit][gcp][published]")
{
    // Google's SUD page (quoted by easycloud.company 2018 [V3]): used 50 % of the month -> 10 %,
    // 75 % -> 20 %, the whole month -> 30 %; nothing below 25 %.
    const auto [fraction, discount] = GENERATE(table<double, double>({
        {0.25, 0.0},
        {0.50, 0.10},
        {0.75, 0.20},
        {1.00, 0.30},
    }));
    INFO(fraction);
    const auto hours = static_cast<std::size_t>(fraction * 720);
    auto r = gcpSustainedUse(steady(1, hours), 0.0475, gcpN1SustainedUseTiers(), 720);
    REQUIRE(r);
    CHECK(r->discountFraction == Approx(discount).margin(1e-12));
}

TEST_CASE("GCP N1 sustained-use increments match the published n1-standard-1 rates",
          "[models][commit][gcp][published]")
{
    // Same table: incremental $0.0475, $0.0380, $0.0285, $0.0190 per hour for n1-standard-1.
    const auto [hourInMonth, incremental] = GENERATE(table<std::size_t, double>({
        {100, 0.0475},
        {300, 0.0380},
        {500, 0.0285},
        {700, 0.0190},
    }));
    auto before = gcpSustainedUse(steady(1, hourInMonth), 0.0475, gcpN1SustainedUseTiers(), 720);
    auto after = gcpSustainedUse(steady(1, hourInMonth + 1), 0.0475, gcpN1SustainedUseTiers(), 720);
    REQUIRE(before);
    REQUIRE(after);
    CHECK(after->cost - before->cost == Approx(incremental).epsilon(1e-9));
}

TEST_CASE("GCP sustained use stacks concurrent usage into layers and restarts each month",
          "[models][commit][gcp]")
{
    // [D] 2 units all month: both layers get 30 %; 1 unit all month and a second for half the
    // month: 30 % on the first, 10 % on the second.
    auto two = gcpSustainedUse(steady(2, 720), 1.0, gcpN1SustainedUseTiers(), 720);
    REQUIRE(two);
    CHECK(two->cost == Approx(2 * 720 * 0.7));
    std::vector<double> hourly(720, 1.0);
    std::fill(hourly.begin(), hourly.begin() + 360, 2.0);
    auto mixed = gcpSustainedUse(profile(hourly), 1.0, gcpN1SustainedUseTiers(), 720);
    REQUIRE(mixed);
    CHECK(mixed->cost == Approx(720 * 0.7 + 360 * 0.9));
    // Two months of full use: each month 30 %, not 30 % on a 1440-hour "month".
    auto months = gcpSustainedUse(steady(1, 1440), 1.0, gcpN1SustainedUseTiers(), 720);
    REQUIRE(months);
    CHECK(months->months == 2);
    CHECK(months->discountFraction == Approx(0.30));
}

TEST_CASE("GCP resource commitments cover usage up to the commitment", "[models][commit][gcp]")
{
    // [D] 4 vCPUs committed at 0.02 per vCPU-hour; usage 6 vCPUs for 360 h then 2 vCPUs for 360 h
    // at 0.0316 on-demand; the overage (2 vCPUs, 360 h) gets SUDs of its own.
    std::vector<double> hourly(720, 2.0);
    std::fill(hourly.begin(), hourly.begin() + 360, 6.0);
    const GcpResourceCommitment cud{4, 0.02};
    auto a = applyGcpResourceCommitment(profile(hourly), 0.0316, cud);
    REQUIRE(a);
    CHECK(a->totals.usageHours == Approx(2880));
    CHECK(a->totals.coveredHours == Approx(4 * 360 + 2 * 360));
    CHECK(a->utilisation == Approx(2160.0 / 2880.0));
    CHECK(a->totals.commitmentCost == Approx(4 * 0.02 * 720));
    CHECK(a->totals.onDemandCost == Approx(2 * 360 * 0.0316));
    auto withSud =
        applyGcpResourceCommitment(profile(hourly), 0.0316, cud, &gcpN1SustainedUseTiers(), 720);
    REQUIRE(withSud);
    CHECK(withSud->overageDiscountFraction == Approx(0.10)); // 2 layers of 360 h of 720
    CHECK(withSud->totals.onDemandCost == Approx(2 * 360 * 0.0316 * 0.9));
}

TEST_CASE("A sustained-use tier table must cover the month without gaps",
          "[models][commit][gcp][error]")
{
    std::vector<SustainedUseTier> gap{{0, 0.5, 1}, {0.6, 1, 0.5}};
    auto st = validateSustainedUseTiers(gap);
    REQUIRE_FALSE(st);
    CHECK(st.error().context == "tiers[1].from");
    std::vector<SustainedUseTier> short_{{0, 0.5, 1}};
    CHECK_FALSE(validateSustainedUseTiers(short_));
    std::vector<SustainedUseTier> rate{{0, 1, 1.5}};
    CHECK(validateSustainedUseTiers(rate).error().context == "tiers[0].rate");
    CHECK(validateSustainedUseTiers(gcpN1SustainedUseTiers()));
}

// ------------------------------------------------------------------------------------------------
// Real sample through the catalog

TEST_CASE("The real m5.large reserved offers give AWS's effective rates and break-even",
          "[models][commit][catalog]")
{
    // aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json (README
    // §2): on-demand $0.096/h and 12 reserved offers.
    const auto dir = cloudcost::testing::makeTempDir("commit-catalog");
    {
        auto ws = Workspace::open(dir / "w.db");
        REQUIRE(ws);
        auto imported = ws->importFile(cloudcost::testing::sharedData(
            "aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json"));
        REQUIRE(imported);
        OfferQuery q;
        q.providers = {"aws"};
        q.instanceTypes = {"m5.large"};
        q.regions = {"us-east-1"};
        q.limit = 0;
        auto page = ws->queryOffers(q);
        REQUIRE(page);
        const OfferRow* onDemand = nullptr;
        std::vector<const OfferRow*> reserved;
        for (const auto& r : page->rows) {
            if (r.offer.purchaseOption == PurchaseOption::OnDemand) {
                onDemand = &r;
            } else if (r.offer.purchaseOption == PurchaseOption::Reserved) {
                reserved.push_back(&r);
            }
        }
        REQUIRE(onDemand);
        CHECK(onDemand->offer.hourly == Approx(0.096));
        REQUIRE(reserved.size() == 12);

        struct Expect
        {
            int termMonths;
            PaymentOption payment;
            const char* offeringClass;
            double effective;
            double breakEvenUtilisation;
        };
        // [D] upfront / (8760 x years) + hourly with the sheet's prices; u* = e / 0.096.
        const Expect expected[] = {
            {12, PaymentOption::AllUpfront, "standard", 494.0 / 8760, 494.0 / 8760 / 0.096},
            {12,
             PaymentOption::PartialUpfront,
             "standard",
             252.0 / 8760 + 0.029,
             (252.0 / 8760 + 0.029) / 0.096},
            {12, PaymentOption::NoUpfront, "standard", 0.060, 0.625},
            {36, PaymentOption::AllUpfront, "standard", 949.0 / 26280, 949.0 / 26280 / 0.096},
            {36,
             PaymentOption::PartialUpfront,
             "convertible",
             592.0 / 26280 + 0.023,
             (592.0 / 26280 + 0.023) / 0.096},
            {36, PaymentOption::NoUpfront, "convertible", 0.049, 0.049 / 0.096},
        };
        for (const auto& e : expected) {
            INFO(e.termMonths << " " << e.offeringClass << " " << toString(e.payment));
            const OfferRow* match = nullptr;
            for (const auto* r : reserved) {
                if (r->offer.termMonths == e.termMonths && r->offer.paymentOption == e.payment
                    && r->offer.offeringClass == e.offeringClass) {
                    match = r;
                }
            }
            REQUIRE(match);
            auto hours = termHoursFromMonths(match->offer.termMonths);
            REQUIRE(hours);
            auto b = breakEven(
                {onDemand->offer.hourly, match->offer.hourly, match->offer.upfront, *hours});
            REQUIRE(b);
            CHECK(b->effectiveHourly == Approx(e.effective).epsilon(1e-9));
            CHECK(b->effectiveHourly == Approx(match->effectiveHourly).epsilon(1e-9));
            CHECK(b->breakEvenUtilisation == Approx(e.breakEvenUtilisation).epsilon(1e-9));
        }
    }
    std::filesystem::remove_all(dir);
}

// ------------------------------------------------------------------------------------------------
// Properties

TEST_CASE(
    "Coverage and utilisation never exceed 1 and costs are never negative for random profiles",
    "[models][commit][property]")
{
    std::mt19937_64 rng(20240528);
    for (int trial = 0; trial < 200; ++trial) {
        INFO("trial " << trial);
        std::vector<double> a(48);
        std::vector<double> b(48);
        for (std::size_t h = 0; h < a.size(); ++h) {
            // Whole and fractional counts, some hours idle.
            a[h] = unit(rng) < 0.2 ? 0.0 : std::floor(unit(rng) * 6.0);
            b[h] = unit(rng) * 3.0;
        }
        AwsUsageLine large = ec2("m5.large", 0, 0.096);
        large.usage = profile(a);
        AwsUsageLine xl = ec2("m5.2xlarge", 0, 0.384);
        xl.usage = profile(b);
        AwsReservedInstance r1 = ri("m5.xlarge", 1 + std::floor(unit(rng) * 3));
        r1.recurringHourly = 0.12;
        AwsSavingsPlan sp{
            "c",
            AwsSavingsPlanType::Compute,
            unit(rng) * 0.5,
            {{"m5.large", 0.06 + unit(rng) * 0.03}, {"m5.2xlarge", 0.2 + unit(rng) * 0.1}}};
        auto aws = applyAwsCommitments({large, xl}, {r1}, {sp});
        REQUIRE(aws);
        const auto& t = aws->totals;
        CHECK(t.coverage >= 0.0);
        CHECK(t.coverage <= 1.0);
        CHECK(t.hourCoverage <= 1.0);
        CHECK(*aws->reservedUtilisation <= 1.0);
        CHECK(*aws->savingsPlanUtilisation <= 1.0);
        CHECK(t.totalCost >= 0.0);
        CHECK(t.onDemandCost >= 0.0);
        CHECK(t.coveredHours <= t.usageHours * (1 + 1e-12));
        for (const auto& l : aws->lines) {
            CHECK(l.reservedHours + l.instanceSpHours + l.computeSpHours + l.onDemandHours
                  == Approx(l.usageHours).margin(1e-9));
        }

        AzureUsageLine vm{"vm", "Dv3", 2, 0.2, profile(b)};
        AzureReservation res{"Dv3", 4, unit(rng) * 2 + 0.1, 0, 1000, 8760};
        auto az = applyAzureReservations({vm}, {res});
        REQUIRE(az);
        CHECK(az->totals.coverage <= 1.0);
        CHECK(*az->reservationUtilisation <= 1.0);
        CHECK(az->totals.totalCost >= 0.0);

        auto gcp = applyGcpResourceCommitment(profile(a),
                                              0.03,
                                              {unit(rng) * 4, 0.02},
                                              &gcpN1SustainedUseTiers(),
                                              24);
        REQUIRE(gcp);
        CHECK(gcp->totals.coverage <= 1.0);
        CHECK(gcp->utilisation <= 1.0);
        CHECK(gcp->totals.totalCost >= 0.0);

        auto sud = gcpSustainedUse(profile(b), 0.05, gcpN1SustainedUseTiers(), 24);
        REQUIRE(sud);
        CHECK(sud->cost <= sud->baseCost);
        CHECK(sud->cost >= 0.7 * sud->baseCost * (1 - 1e-12)); // never more than the 30 % maximum
    }
}
