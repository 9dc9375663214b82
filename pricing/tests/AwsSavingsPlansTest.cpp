#include "pricing/importers/AwsMisc.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

const std::string kSample =
    "aws/savings-plans/AWSDatabaseSavingsPlans_ap-south-2_v20260422194203_RDS-ES-DMS-rows.csv";

const ImporterInfo& savingsImporter()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerAwsMiscImporters(v);
        return v;
    }();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& i) {
        return i.name == "aws-savings-plan-csv";
    });
    REQUIRE(it != all.end());
    return *it;
}

Result<SourceFacts> importFile(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return savingsImporter().run(request, sink);
}

std::filesystem::path
writeFile(const std::filesystem::path& dir, const std::string& name, const std::string& content)
{
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

const Offer* findOffer(const VectorSink& sink, const std::string& sku)
{
    for (const auto& o : sink.offers) {
        if (o.sku == sku) {
            return &o;
        }
    }
    return nullptr;
}

const std::string kHeader =
    "SKU,RateCode,Unit,EffectiveDate,DiscountedRate,Currency,DiscountedSKU,DiscountedServiceCode,"
    "DiscountedUsageType,DiscountedOperation,PurchaseOption,LeaseContractLength,"
    "LeaseContractLengthUnit,ServiceCode,UsageType,Operation,Description,Instance Family,Location,"
    "Location Type,Granularity,Product Family,DiscountedRegionCode,DiscountedInstanceType\n";

const std::string kPreamble = "FormatVersion,v1.0\nDisclaimer,x\nPublication Date,"
                              "2025-09-11T18:44:47Z\nVersion,20250911184447\nOfferCode,"
                              "AmazonComputeSavingsPlan\n";

} // namespace

TEST_CASE("The Database Savings Plans sample gives 396 instance offers and 29 serverless rates",
          "[pricing][aws][savings]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kSample), sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    CHECK(facts->format == "aws-savings-plan-csv");
    CHECK(facts->provider == "aws");
    CHECK(facts->publishedAt == "2026-04-22T19:42:03Z");
    CHECK(facts->version == "20260422194203");
    CHECK(facts->key == "aws-savings-plan:AmazonDatabaseSavingsPlans:ap-south-2");
    const auto& stats = sink.stats();
    CHECK(stats.rowsRead == 425);
    // 292 RDS + 68 OpenSearch + 36 DMS instance-hour rows; 22 DCU-Hr + 5 ACU-Hr + 2 OCU-hours.
    CHECK(sink.offers.size() == 396);
    CHECK(sink.rates.size() == 29);
    CHECK(stats.skippedTotal() == 0);
    CHECK(std::all_of(sink.offers.begin(), sink.offers.end(), [](const Offer& o) {
        return o.purchaseOption == PurchaseOption::SavingsPlan && o.termMonths == 12
               && o.paymentOption == PaymentOption::NoUpfront && o.offeringClass == "database"
               && o.region == "ap-south-2" && o.currency == "USD" && o.upfront == 0 && !o.vcpus
               && !o.memoryGib;
    }));
}

TEST_CASE("A Multi-AZ RDS Oracle row keeps its rate engine and deployment",
          "[pricing][aws][savings]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink).hasValue());
    // Line 8: APS5-Multi-AZUsage:db.r7i.2xl, CreateDBInstance:0005, 1.824 USD.
    const Offer* o = findOffer(sink, "DZCHH8H3SPVYZ2Z4.25B2RB2TJW9VCXZ6");
    REQUIRE(o);
    CHECK(o->provider == "aws");
    CHECK(o->service == "AmazonRDS");
    CHECK(o->instanceType == "db.r7i.2xlarge");
    CHECK(o->hourly == Approx(1.824));
    CHECK(o->os.empty());
    CHECK(o->preinstalledSoftware == "Oracle EE (Multi-AZ)");
    CHECK(o->licenseModel == "byol");
    CHECK(o->tenancy == "shared");
    CHECK(o->effectiveDate == "2026-04-20");
    CHECK(o->termMonths == 12);
    CHECK(o->offeringClass == "database");
}

TEST_CASE("An RDS row whose instance type column holds a family takes the type from the usage",
          "[pricing][aws][savings]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink).hasValue());
    // Line 12: DiscountedInstanceType "R7G", usage APS5-InstanceUsage:db.r7g.2xl, Aurora
    // PostgreSQL.
    const Offer* single = findOffer(sink, "DZCHH8H3SPVYZ2Z4.2W284E62J5CUFN9F");
    REQUIRE(single);
    CHECK(single->instanceType == "db.r7g.2xlarge");
    CHECK(single->preinstalledSoftware == "Aurora PostgreSQL");
    CHECK(single->licenseModel.empty());
    CHECK(single->hourly == Approx(1.0));
    // Line 105: the I/O-Optimized configuration of the same type costs 1.3.
    const Offer* io = findOffer(sink, "DZCHH8H3SPVYZ2Z4.9A62VYNU6HZSSUG7");
    REQUIRE(io);
    CHECK(io->instanceType == "db.r7g.2xlarge");
    CHECK(io->preinstalledSoftware == "Aurora PostgreSQL (I/O-Optimized)");
    CHECK(io->hourly == Approx(1.3));
}

TEST_CASE("DMS and OpenSearch instance rows become offers with their own type names",
          "[pricing][aws][savings]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink).hasValue());
    // Line 7: empty DiscountedInstanceType, usage APS5-Multi-AZUsg:dms.r7i.12xlarge.
    const Offer* dms = findOffer(sink, "DZCHH8H3SPVYZ2Z4.245EPUU8S7HP5WUD");
    REQUIRE(dms);
    CHECK(dms->service == "AWSDatabaseMigrationSvc");
    CHECK(dms->instanceType == "dms.r7i.12xlarge");
    CHECK(dms->preinstalledSoftware == "Multi-AZ");
    CHECK(dms->hourly == Approx(10.976));
    // Line 375: OpenSearch r7g.large.search at 0.1.
    const Offer* search = findOffer(sink, "DZCHH8H3SPVYZ2Z4.W5SX8862KPEGR9PZ");
    REQUIRE(search);
    CHECK(search->service == "AmazonES");
    CHECK(search->instanceType == "r7g.large.search");
    CHECK(search->preinstalledSoftware.empty());
    CHECK(search->hourly == Approx(0.1));
}

TEST_CASE("Serverless capacity rows become savings plan rates with their unit",
          "[pricing][aws][savings]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink).hasValue());
    auto rate = [&](const std::string& sku) -> const Rate* {
        for (const auto& r : sink.rates) {
            if (r.sku == sku) {
                return &r;
            }
        }
        return nullptr;
    };
    // Line 154: Aurora Serverless v2 ACU-Hr at 0.117.
    const Rate* acu = rate("DZCHH8H3SPVYZ2Z4.D4TZZSE29UGAE9WP");
    REQUIRE(acu);
    CHECK(acu->service == "AmazonRDS");
    CHECK(acu->unit == "ACU-Hr");
    CHECK(acu->unitBlock == 1);
    CHECK(acu->price == Approx(0.117));
    CHECK(acu->termType == "savings_plan");
    CHECK(acu->region == "ap-south-2");
    CHECK(acu->usageType == "APS5-Aurora:ServerlessV2Usage");
    CHECK(acu->description == "1 year No Upfront Database Savings Plan");
    CHECK(acu->effectiveDate == "2026-04-20");
    // Line 240: DMS Serverless at 128 DCUs, 10.53750378 per hour = per 128 DCU-hours.
    const Rate* dcu = rate("DZCHH8H3SPVYZ2Z4.JZ4RGYHY5STDD66E");
    REQUIRE(dcu);
    CHECK(dcu->unit == "DCU-Hr");
    CHECK(dcu->unitBlock == 128);
    CHECK(dcu->price == Approx(10.53750378));
    CHECK(dcu->price / dcu->unitBlock == Approx(0.082324248));
}

TEST_CASE("Compute Savings Plan rows map EC2 operations to operating systems and tenancy",
          "[pricing][aws][savings]")
{
    const auto dir = cloudcost::testing::makeTempDir("awssp");
    const std::string rows =
        // EC2 Instance SP, dedicated RHEL with HA, 3 years partial upfront; Location fallback.
        "S1,S1.A,Hrs,2025-06-05T18:51:13Z,0.2399,USD,A,AmazonEC2,APE2-DedicatedUsage:r7g.xlarge,"
        "RunInstances:1010,Partial Upfront,3,year,ComputeSavingsPlans,"
        "APE2-EC2SP:r7g.3yrPartialUpfront,,x,r7g,Asia Pacific (Taipei),AWS Region,hourly,"
        "EC2InstanceSavingsPlans,,r7g.xlarge\n"
        // Compute SP, shared Windows with SQL Web, 1 year all upfront.
        "S2,S2.B,Hrs,2025-06-05T18:51:13Z,0.5,USD,B,AmazonEC2,BoxUsage:m5.large,RunInstances:0202,"
        "All Upfront,1,year,ComputeSavingsPlans,ComputeSP:1yrAllUpfront,,x,,Any,AWS Region,"
        "hourly,ComputeSavingsPlans,us-east-1,m5.large\n"
        // Unused capacity reservation: skipped.
        "S1,S1.C,Hrs,2025-06-05T18:51:13Z,0.0562,USD,C,AmazonEC2,APE2-UnusedDed:r7g.large,"
        "RunInstances,Partial Upfront,3,year,ComputeSavingsPlans,APE2-EC2SP:r7g.3yrPartialUpfront,"
        ",x,r7g,Asia Pacific (Taipei),AWS Region,hourly,EC2InstanceSavingsPlans,ap-east-2,"
        "r7g.large\n"
        // Fargate: no instance type, a rate.
        "S2,S2.D,Hrs,2025-06-05T18:51:13Z,0.03,USD,D,AmazonECS,USE1-Fargate-vCPU-Hours:perCPU,"
        "FargateTask,No Upfront,1,year,ComputeSavingsPlans,ComputeSP:1yrNoUpfront,,x,,Any,"
        "AWS Region,hourly,ComputeSavingsPlans,us-east-1,\n";
    const auto path = writeFile(dir, "sp.csv", kPreamble + kHeader + rows);
    VectorSink sink;
    auto facts = importFile(path, sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    CHECK(facts->key.empty()); // several regions
    REQUIRE(sink.offers.size() == 2);
    CHECK(sink.rates.size() == 1);
    CHECK(sink.stats().skipped.count(
        "unused capacity reservation rate (not an instance-hour price)"));
    const Offer& rhel = sink.offers[0];
    CHECK(rhel.region == "ap-east-2");
    CHECK(rhel.os == "rhel_ha");
    CHECK(rhel.tenancy == "dedicated");
    CHECK(rhel.termMonths == 36);
    CHECK(rhel.paymentOption == PaymentOption::PartialUpfront);
    CHECK(rhel.offeringClass == "ec2_instance");
    CHECK(rhel.sku == "S1.A");
    const Offer& win = sink.offers[1];
    CHECK(win.os == "windows");
    CHECK(win.preinstalledSoftware == "SQL Web");
    CHECK(win.licenseModel == "included");
    CHECK(win.offeringClass == "compute");
    CHECK(win.paymentOption == PaymentOption::AllUpfront);
    CHECK(win.hourly == Approx(0.5));
    std::filesystem::remove_all(dir);
}

TEST_CASE("Quoted Savings Plans files import like unquoted ones", "[pricing][aws][savings]")
{
    const auto dir = cloudcost::testing::makeTempDir("awssp");
    std::string quoted = "\"FormatVersion\",\"v1.0\"\n\"OfferCode\",\"AWSComputeSavingsPlan\"\n";
    std::string header;
    for (const auto& name : {"SKU",
                             "RateCode",
                             "Unit",
                             "DiscountedRate",
                             "Currency",
                             "DiscountedServiceCode",
                             "DiscountedUsageType",
                             "DiscountedOperation",
                             "PurchaseOption",
                             "LeaseContractLength",
                             "DiscountedRegionCode",
                             "DiscountedInstanceType"}) {
        header += (header.empty() ? "\"" : ",\"") + std::string(name) + "\"";
    }
    quoted += header
              + "\n\"S\",\"S.R\",\"Hrs\",\"0.0416\",\"USD\",\"AmazonEC2\",\"BoxUsage:m5."
                "large\",\"RunInstances\",\"No Upfront\",\"3\",\"us-east-1\",\"m5.large\"\n";
    const auto path = writeFile(dir, "quoted.csv", quoted);
    VectorSink sink;
    REQUIRE(importFile(path, sink).hasValue());
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].os == "linux");
    CHECK(sink.offers[0].termMonths == 36);
    CHECK(sink.offers[0].offeringClass == "compute");
    CHECK(sink.offers[0].hourly == Approx(0.0416));
    std::filesystem::remove_all(dir);
}

TEST_CASE("Malformed Savings Plans files fail with the line and the reason",
          "[pricing][aws][savings][error]")
{
    const std::string good = "S,S.R,Hrs,2025-06-05T18:51:13Z,0.5,USD,R,AmazonEC2,BoxUsage:m5.large,"
                             "RunInstances,No Upfront,1,year,C,ComputeSP:1yrNoUpfront,,x,,Any,"
                             "AWS Region,hourly,ComputeSavingsPlans,us-east-1,m5.large\n";
    auto replace = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        s.replace(s.find(from), from.size(), to);
        return kPreamble + kHeader + s;
    };
    const auto [content,
                expected,
                why] = GENERATE_REF(table<std::string, std::string, std::string>({
        {"", "file is empty", "empty file"},
        {kPreamble, "no header line", "preamble only"},
        {"hello,world,again,and,more\n",
         "expected the Savings Plans preamble",
         "not a CSV we know"},
        {kPreamble + kHeader + "S,S.R,Hrs\n",
         "row has 3 fields but the header has 24",
         "truncated row"},
        {replace(",0.5,", ",abc,"), "DiscountedRate 'abc' is not a number", "text rate"},
        {replace(",0.5,", ",-0.5,"), "negative", "negative rate"},
        {replace(",USD,", ",XYZ,"), "unknown currency 'XYZ'", "bad currency"},
        {replace("No Upfront,1,year", "No Upfront,0,year"), "LeaseContractLength '0'", "zero term"},
        {replace("No Upfront,1,year", "Some Upfront,1,year"),
         "PurchaseOption 'some upfront'",
         "unknown payment"},
        {"FormatVersion,v1.0\nOfferCode,AmazonEC2\nSKU,OfferTermCode,RateCode\n",
         "no DiscountedRate column",
         "an EC2 offer CSV"},
    }));
    INFO(why);
    const auto dir = cloudcost::testing::makeTempDir("awssp");
    const auto path = writeFile(dir, "bad.csv", content);
    VectorSink sink;
    auto facts = importFile(path, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK_THAT(facts.error().message, Catch::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::StartsWith("bad.csv"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("A row error names the file and line", "[pricing][aws][savings][error]")
{
    const auto dir = cloudcost::testing::makeTempDir("awssp");
    const auto path =
        writeFile(dir,
                  "line.csv",
                  kPreamble + kHeader
                      + "S,S.R,Hrs,2025-06-05T18:51:13Z,1e99,USD,R,AmazonEC2,BoxUsage:m5.large,"
                        "RunInstances,No Upfront,1,year,C,ComputeSP:1yrNoUpfront,,x,,Any,"
                        "AWS Region,hourly,ComputeSavingsPlans,us-east-1,m5.large\n");
    VectorSink sink;
    auto facts = importFile(path, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK(facts.error().context == "line.csv:7");
    CHECK_THAT(facts.error().message, Catch::Contains("absurdly large"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("The Savings Plans sniffer claims SP files and not offer files",
          "[pricing][aws][savings][sniff]")
{
    const auto& sniff = savingsImporter().sniff;
    CHECK(sniff(kPreamble + kHeader, "index.csv") >= 90);
    CHECK(sniff("FormatVersion,v1.0\nDisclaimer,x\nPublication Date,x\nVersion,x\n"
                "OfferCode,AWSComputeSavingsPlan\n",
                "index.csv")
          >= 90);
    CHECK(
        sniff("\"FormatVersion\",\"v1.0\"\n\"OfferCode\",\"comprehend\"\n\"SKU\",\"OfferTermCode\","
              "\"RateCode\",\"TermType\"\n",
              "index.csv")
        == 0);
    CHECK(sniff("{\"offerCode\": \"AmazonEC2\"}", "index.json") == 0);
}
