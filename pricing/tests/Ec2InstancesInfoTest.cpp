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
    "multicloud/ec2instances-info/ec2_single_instance_x2iedn.32xlarge_2026-07.json";

const ImporterInfo& infoImporter()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerAwsMiscImporters(v);
        return v;
    }();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& i) {
        return i.name == "ec2instances-info";
    });
    REQUIRE(it != all.end());
    return *it;
}

Result<SourceFacts> importFile(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return infoImporter().run(request, sink);
}

Result<SourceFacts> importText(const std::string& json, VectorSink& sink)
{
    const auto dir = cloudcost::testing::makeTempDir("ec2info");
    const auto path = dir / "instances.json";
    std::ofstream(path, std::ios::binary) << json;
    auto result = importFile(path, sink);
    std::filesystem::remove_all(dir);
    return result;
}

const Offer* findOffer(const VectorSink& sink,
                       const std::string& region,
                       const std::string& osKey,
                       const std::string& term)
{
    const std::string sku =
        "ec2instances.info:x2iedn.32xlarge:" + region + ":" + osKey + ":" + term;
    for (const auto& o : sink.offers) {
        if (o.sku == sku) {
            return &o;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("The x2iedn.32xlarge page gives its spec and 3522 prices", "[pricing][ec2instances]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kSample), sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    CHECK(facts->format == "ec2instances-info");
    CHECK(facts->provider == "aws");

    REQUIRE(sink.specs.size() == 1);
    const auto& spec = sink.specs[0];
    CHECK(spec.instanceType == "x2iedn.32xlarge");
    CHECK(spec.family == "x2iedn");
    CHECK(spec.vcpus == Approx(128));
    CHECK(spec.memoryGib == Approx(4096));
    CHECK(spec.gpus == Approx(0));
    CHECK(spec.arch == "x86_64");
    CHECK(spec.clockGhz == Approx(3.5));
    CHECK(spec.processor == "Intel Xeon Scalable (Icelake)");
    CHECK(spec.networkGbps == Approx(100));
    CHECK(spec.localStorage == "2 x 1900 NVMe SSD");
    CHECK(spec.localStorageGb == Approx(3800));
    CHECK(spec.bareMetal == false);

    // 368 on-demand + 46 average spot + 3108 reserved; 46 spot advice; 17 EMR fees skipped.
    CHECK(sink.offers.size() == 3522);
    CHECK(sink.spotAdvice.size() == 46);
    CHECK(sink.stats().skipped.at("EMR fee (a surcharge on top of the instance price)").count
          == 17);
    CHECK(sink.stats().skippedTotal() == 17);
    CHECK(sink.stats().rowsRead == 1 + 3522 + 46 + 17);
}

TEST_CASE("ec2instances.info prices keep their platform and term", "[pricing][ec2instances]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink).hasValue());

    const Offer* od = findOffer(sink, "us-east-1", "linux", "ondemand");
    REQUIRE(od);
    CHECK(od->hourly == Approx(26.676));
    CHECK(od->purchaseOption == PurchaseOption::OnDemand);
    CHECK(od->os == "linux");
    CHECK(od->tenancy == "shared");
    CHECK(od->currency == "USD");
    CHECK(od->service == "AmazonEC2");
    CHECK(od->vcpus == Approx(128));
    CHECK(od->memoryGib == Approx(4096));
    CHECK(od->effectiveDate.empty());

    // Reserved values are effective hourly rates: hourly holds them and upfront stays 0.
    const Offer* ri = findOffer(sink, "us-east-1", "linux", "yrTerm1Standard.noUpfront");
    REQUIRE(ri);
    CHECK(ri->purchaseOption == PurchaseOption::Reserved);
    CHECK(ri->hourly == Approx(16.41374));
    CHECK(ri->upfront == 0);
    CHECK(ri->termMonths == 12);
    CHECK(ri->offeringClass == "standard");
    CHECK(ri->paymentOption == PaymentOption::NoUpfront);
    const Offer* ri3 = findOffer(sink, "us-east-1", "linux", "yrTerm3Convertible.allUpfront");
    REQUIRE(ri3);
    CHECK(ri3->hourly == Approx(9.332877));
    CHECK(ri3->termMonths == 36);
    CHECK(ri3->offeringClass == "convertible");
    CHECK(ri3->paymentOption == PaymentOption::AllUpfront);

    const Offer* spot = findOffer(sink, "us-east-1", "linux", "spot_avg");
    REQUIRE(spot);
    CHECK(spot->purchaseOption == PurchaseOption::Spot);
    CHECK(spot->offeringClass == "average");
    CHECK(spot->hourly == Approx(6.669));

    const Offer* sqlWeb = findOffer(sink, "us-east-1", "mswinSQLWeb", "ondemand");
    REQUIRE(sqlWeb);
    CHECK(sqlWeb->os == "windows");
    CHECK(sqlWeb->preinstalledSoftware == "SQL Web");
    CHECK(sqlWeb->licenseModel == "included");
    CHECK(sqlWeb->hourly == Approx(34.7272));

    const Offer* ubuntu = findOffer(sink, "us-east-1", "ubuntu", "ondemand");
    REQUIRE(ubuntu);
    CHECK(ubuntu->os == "ubuntu_pro");
    CHECK(ubuntu->hourly == Approx(26.9));

    const Offer* sles = findOffer(sink, "us-east-1", "sles", "ondemand");
    REQUIRE(sles);
    CHECK(sles->os == "suse");

    const Offer* dedicated = findOffer(sink, "us-east-1", "dedicated", "ondemand");
    REQUIRE(dedicated);
    CHECK(dedicated->tenancy == "dedicated");
    CHECK(dedicated->os == "linux");
    CHECK(dedicated->hourly == Approx(29.344));

    const Offer* ireland = findOffer(sink, "eu-west-1", "linux", "yrTerm3Standard.allUpfront");
    REQUIRE(ireland);
    CHECK(ireland->hourly == Approx(8.9371));
}

TEST_CASE("ec2instances.info spot fields become spot advice", "[pricing][ec2instances]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink).hasValue());
    auto advice = [&](const std::string& region, const std::string& os) -> const SpotAdvice* {
        for (const auto& a : sink.spotAdvice) {
            if (a.region == region && a.os == os) {
                return &a;
            }
        }
        return nullptr;
    };
    const SpotAdvice* linuxAdvice = advice("us-east-1", "linux");
    REQUIRE(linuxAdvice);
    CHECK(linuxAdvice->interruptionBucket == "5-10%");
    CHECK(linuxAdvice->interruptionMaxPct == Approx(10));
    CHECK(linuxAdvice->savingsPct == Approx(75));
    const SpotAdvice* windows = advice("us-east-1", "windows");
    REQUIRE(windows);
    CHECK(windows->interruptionBucket == "<5%");
    CHECK(windows->interruptionMaxPct == Approx(5));
    CHECK(windows->savingsPct == Approx(68));
}

TEST_CASE("An instances.json array imports every instance", "[pricing][ec2instances]")
{
    VectorSink sink;
    auto facts = importText(R"([{"instance_type": "t3.nano", "vCPU": 2, "memory": 0.5,
        "GPU": 0, "storage": null, "base_performance": 0.05, "arch": ["x86_64"],
        "pricing": {"us-east-1": {"linux": {"ondemand": "0.0052", "spot_avg": "N/A"},
                                  "mswin": {"ondemand": "0"}}}},
        {"instance_type": "inf2.xlarge", "vCPU": 4, "memory": 16, "GPU": 1,
         "arch": ["x86_64"], "pricing": {}}])",
                            sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    REQUIRE(sink.specs.size() == 2);
    CHECK(sink.specs[0].localStorageGb == Approx(0));
    CHECK(sink.specs[0].sharedCpu == true);
    CHECK_FALSE(sink.specs[1].gpus); // the scraper's GPU = 1 for Inferentia is not a GPU count
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].hourly == Approx(0.0052));
    CHECK(sink.stats().skipped.at("price not available (N/A or 0)").count == 2);
}

TEST_CASE("Malformed ec2instances.info data fails naming the instance",
          "[pricing][ec2instances][error]")
{
    const auto [json, expected, context, why] =
        GENERATE(table<std::string, std::string, std::string, std::string>({
            {"", "file is empty", "instances.json", "empty file"},
            {R"({"instance_type": "m5.large", "pricing": {"us-east-1": {"linux": {"ondem)",
             "truncated JSON",
             "instances.json: byte ",
             "truncated"},
            {R"({"name": "m5.large"})",
             "expected an object with \"instance_type\"",
             "instances.json",
             "another object"},
            {R"("m5.large")", "found a string", "instances.json", "a string document"},
            {R"({"instance_type": "m5.large", "vCPU": "two"})",
             "vCPU 'two' is not a number",
             "instances.json: m5.large",
             "text vCPU"},
            {R"({"instance_type": "m5.large", "pricing": {"us-east-1": {"linux":
                {"ondemand": "abc"}}}})",
             "price 'abc' is not a number",
             "instances.json: m5.large pricing.us-east-1.linux.ondemand",
             "text price"},
            {R"({"instance_type": "m5.large", "pricing": {"us-east-1": {"linux":
                {"reserved": {"yrTerm1Standard.noUpfront": "-0.5"}}}}})",
             "negative",
             "instances.json: m5.large pricing.us-east-1.linux.reserved",
             "negative"},
            {R"([{"instance_type": "m5.large"}, {"instance_type": "m5.xlarge", "pricing":
                {"us-east-1": {"linux": {"pct_savings_od": 140}}}}])",
             "not a percentage",
             "instances.json: item 2 m5.xlarge",
             "bad savings"},
        }));
    INFO(why);
    VectorSink sink;
    auto facts = importText(json, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK_THAT(facts.error().message, Catch::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::StartsWith(context));
}

TEST_CASE("The ec2instances.info sniffer claims instance pages only",
          "[pricing][ec2instances][sniff]")
{
    std::ifstream in(cloudcost::testing::sharedData(kSample), std::ios::binary);
    std::string head(64 << 10, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    CHECK(infoImporter().sniff(head, "x.json") >= 90);
    CHECK(infoImporter().sniff(R"({"InstanceTypes": [{"InstanceType": "m5.large"}]})", "x.json")
          == 0);
}
