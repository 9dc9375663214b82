#include "pricing/importers/SkypilotImporters.h"

#include "pricing/Importer.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

const std::string kDir = "multicloud/skypilot-format/";

Result<skypilot::VmsCsvSummary> importFile(const std::filesystem::path& path,
                                           VectorSink& sink,
                                           std::map<std::string, std::string> params = {})
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    request.params = std::move(params);
    return skypilot::importVmsCsv(request, sink);
}

std::filesystem::path writeTemp(const std::string& fileName, const std::string& content)
{
    static const auto dir = cloudcost::testing::makeTempDir("skypilot-test");
    const auto path = dir / fileName;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
}

const Offer* findOffer(const VectorSink& sink,
                       std::string_view type,
                       std::string_view region,
                       std::string_view zone,
                       PurchaseOption option)
{
    for (const auto& o : sink.offers) {
        if (o.instanceType == type && o.region == region && o.zone == zone
            && o.purchaseOption == option) {
            return &o;
        }
    }
    return nullptr;
}

std::uint64_t skipped(const VectorSink& sink, const std::string& reasonStart)
{
    std::uint64_t n = 0;
    for (const auto& [reason, skip] : sink.stats().skipped) {
        if (reason.rfind(reasonStart, 0) == 0) {
            n += skip.count;
        }
    }
    return n;
}

const std::string kGenericHeader = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,"
                                   "GpuInfo,Price,SpotPrice,Region\n";
const std::string kAwsHeader = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,"
                               "GpuInfo,Price,SpotPrice,Region,AvailabilityZone\n";

} // namespace

TEST_CASE("The SkyPilot AWS excerpt gives on-demand and spot offers per availability zone id",
          "[pricing][skypilot]")
{
    VectorSink sink;
    auto summary = importFile(
        cloudcost::testing::sharedData(kDir + "aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv"),
        sink);
    REQUIRE(summary);
    CHECK(summary->facts.format == "skypilot-vms-csv");
    CHECK(summary->facts.provider == "aws");
    CHECK(summary->facts.key == "skypilot:aws");
    CHECK(summary->facts.publishedAt.empty()); // no date in the file name
    CHECK(summary->providerFrom == "file name");
    CHECK(sink.stats().rowsRead == 114);
    CHECK(summary->onDemandOffers == 114);
    CHECK(summary->spotOffers == 114);
    CHECK(sink.stats().skippedTotal() == 0);

    const Offer* od =
        findOffer(sink, "a1.2xlarge", "ap-northeast-1", "apne1-az2", PurchaseOption::OnDemand);
    REQUIRE(od);
    CHECK(od->provider == "aws");
    CHECK(od->service == "AmazonEC2");
    CHECK(od->hourly == Approx(0.2568));
    CHECK(od->currency == "USD");
    CHECK(od->os == "linux");
    REQUIRE(od->vcpus);
    CHECK(*od->vcpus == Approx(8));
    REQUIRE(od->memoryGib);
    CHECK(*od->memoryGib == Approx(16));
    REQUIRE(od->gpus);
    CHECK(*od->gpus == 0);
    const Offer* spot =
        findOffer(sink, "a1.2xlarge", "ap-south-1", "aps1-az3", PurchaseOption::Spot);
    REQUIRE(spot);
    CHECK(spot->hourly == Approx(0.2033));
}

TEST_CASE("The SkyPilot Azure catalog recovers rows split by the unquoted V1 V2 generation",
          "[pricing][skypilot]")
{
    VectorSink sink;
    auto summary =
        importFile(cloudcost::testing::sharedData(kDir + "azure_vms_2026-05-20.csv"), sink);
    REQUIRE(summary);
    CHECK(summary->facts.provider == "azure");
    CHECK(summary->facts.publishedAt == "2026-05-20");
    CHECK(sink.stats().rowsRead == 56671);
    CHECK(summary->recoveredGenerationRows == 27141);
    CHECK(summary->onDemandOffers == 56671);
    CHECK(summary->spotOffers == 56671 - 2846); // 2,846 rows have no spot price
    CHECK(sink.stats().skippedTotal() == 0);

    // Standard_B12ms,,,12,48,,0.634,,australiacentral,V1,V2: recovered, no spot offer.
    const Offer* b12 =
        findOffer(sink, "Standard_B12ms", "australiacentral", "", PurchaseOption::OnDemand);
    REQUIRE(b12);
    CHECK(b12->service == "Virtual Machines");
    CHECK(b12->hourly == Approx(0.634));
    CHECK(*b12->vcpus == Approx(12));
    CHECK(*b12->memoryGib == Approx(48));
    CHECK(b12->effectiveDate == "2026-05-20");
    CHECK_FALSE(findOffer(sink, "Standard_B12ms", "australiacentral", "", PurchaseOption::Spot));

    const Offer* a100 =
        findOffer(sink, "Standard_NC24ads_A100_v4", "eastus", "", PurchaseOption::Spot);
    REQUIRE(a100);
    CHECK(a100->hourly == Approx(0.746721));
    CHECK(a100->gpuModel == "A100-80GB");
    CHECK(*a100->gpus == Approx(1));

    // FPGA sizes have an AcceleratorCount but no name: GPU count unknown, not 1.
    const Offer* fpga = findOffer(sink, "Standard_NP10s", "eastus", "", PurchaseOption::OnDemand);
    REQUIRE(fpga);
    CHECK(fpga->hourly == Approx(1.65));
    CHECK_FALSE(fpga->gpus);
    CHECK(fpga->gpuModel.empty());
}

TEST_CASE("The SkyPilot GCP catalog stores accelerator-only rows as per-accelerator rates",
          "[pricing][skypilot]")
{
    VectorSink sink;
    auto summary =
        importFile(cloudcost::testing::sharedData(kDir + "gcp_vms_2026-05-20.csv"), sink);
    REQUIRE(summary);
    CHECK(summary->facts.provider == "gcp");
    CHECK(sink.stats().rowsRead == 31285);
    // 28,890 machine rows of which 11 (a4-highgpu-8g) have Price and SpotPrice 0.0 = unknown.
    CHECK(summary->onDemandOffers == 28879);
    CHECK(summary->spotOffers == 28879);
    CHECK(skipped(sink, "no price (Price empty or 0.0") == 11);
    CHECK(sink.stats()
              .skipped
              .at("no price (Price empty or 0.0: SkyPilot's marker for an unknown "
                  "price)")
              .firstWhere
          == "gcp_vms_2026-05-20.csv:295");
    // 2,395 accelerator rows: one rate per accelerator, region and term; the rows for other
    // zones and counts repeat it.
    CHECK(summary->acceleratorRates == 2000);
    CHECK(sink.rates.size() == 2000);
    CHECK(skipped(sink, "accelerator price repeated") == 1392);

    const Offer* n2 =
        findOffer(sink, "n2-standard-8", "us-central1", "us-central1-b", PurchaseOption::Spot);
    REQUIRE(n2);
    CHECK(n2->hourly == Approx(0.12568));
    CHECK(n2->service == "Compute Engine");
    const Offer* n2od =
        findOffer(sink, "n2-standard-8", "us-central1", "us-central1-b", PurchaseOption::OnDemand);
    REQUIRE(n2od);
    CHECK(n2od->hourly == Approx(0.38847));

    auto a100 = std::find_if(sink.rates.begin(), sink.rates.end(), [](const Rate& r) {
        return r.resource == "gpu:A100" && r.region == "us-central1" && r.termType == "on_demand";
    });
    REQUIRE(a100 != sink.rates.end());
    CHECK(a100->price == Approx(2.93391)); // per A100-hour (16 A100s cost 46.94253)
    CHECK(a100->unit == "Hrs");
    CHECK(a100->currency == "USD");
    CHECK(a100->family.empty());
    auto tpu = std::find_if(sink.rates.begin(), sink.rates.end(), [](const Rate& r) {
        return r.resource == "tpu:tpu-v2-8" && r.region == "us-central1" && r.termType == "spot";
    });
    REQUIRE(tpu != sink.rates.end());
    CHECK(tpu->price == Approx(1.35));
}

TEST_CASE("The SkyPilot Lambda catalog has no spot and reads GPU memory from GpuInfo",
          "[pricing][skypilot]")
{
    VectorSink sink;
    auto summary =
        importFile(cloudcost::testing::sharedData(kDir + "lambda_vms_2026-05-20.csv"), sink);
    REQUIRE(summary);
    CHECK(summary->facts.provider == "lambda");
    CHECK(summary->onDemandOffers == 425);
    CHECK(summary->spotOffers == 0);
    CHECK(sink.stats().skippedTotal() == 0);
    const Offer* h100 =
        findOffer(sink, "gpu_1x_h100_pcie", "europe-central-1", "", PurchaseOption::OnDemand);
    REQUIRE(h100);
    CHECK(h100->hourly == Approx(3.29));
    CHECK(h100->gpuModel == "H100");
    CHECK(*h100->gpus == Approx(1));
    REQUIRE(h100->gpuMemoryGib);
    CHECK(*h100->gpuMemoryGib == Approx(80)); // TotalGpuMemoryInMiB 81920
    CHECK(h100->service.empty());
}

TEST_CASE("The SkyPilot Vast catalog keeps free-text regions and skips its 0.00 spot prices",
          "[pricing][skypilot]")
{
    VectorSink sink;
    auto summary =
        importFile(cloudcost::testing::sharedData(kDir + "vast_vms_2026-05-20.csv"), sink);
    REQUIRE(summary);
    CHECK(summary->facts.provider == "vast");
    CHECK(sink.stats().rowsRead == 64);
    CHECK(summary->onDemandOffers == 64);
    CHECK(summary->spotOffers == 0);
    CHECK(skipped(sink, "spot price 0.00") == 64);
    const Offer* dk =
        findOffer(sink, "1x-RTX_5090-32-65536", "Denmark, DK, EU", "", PurchaseOption::OnDemand);
    REQUIRE(dk);
    CHECK(dk->hourly == Approx(0.44));
    CHECK(*dk->gpuMemoryGib == Approx(32607.0 / 1024));
    CHECK(findOffer(sink, "1x-RTX_5090-32-65536", ", CA, NA", "", PurchaseOption::OnDemand));
}

TEST_CASE("The provider comes from the parameter or the file name or the content",
          "[pricing][skypilot]")
{
    CHECK(skypilot::providerFromFileName("aws_vms_2026.csv") == "aws");
    CHECK(skypilot::providerFromFileName("GCP-vms.csv") == "gcp");
    CHECK(skypilot::providerFromFileName("vast_vms_2026-05-20.csv") == "vast");
    CHECK(skypilot::providerFromFileName("awsome.csv").empty());
    CHECK(skypilot::providerFromFileName("vms.csv").empty());
    CHECK(skypilot::providerFromInstanceType("Standard_D4s_v5") == "azure");
    CHECK(skypilot::providerFromInstanceType("n2-standard-8") == "gcp");
    CHECK(skypilot::providerFromInstanceType("a1.2xlarge") == "aws");
    CHECK(skypilot::providerFromInstanceType("gpu_1x_h100_pcie") == "lambda");
    CHECK(skypilot::providerFromInstanceType("1x-RTX_5090-32-65536") == "vast");
    CHECK(skypilot::providerFromInstanceType("VM.Standard2.1").empty());

    SECTION("content: Azure header and names")
    {
        VectorSink sink;
        auto summary = importFile(
            writeTemp("catalog.csv",
                      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,"
                      "SpotPrice,Region,Generation\nStandard_A1_v2,,,1,2,,0.05,0.00924,"
                      "australiacentral,V1\n"),
            sink);
        REQUIRE(summary);
        CHECK(summary->facts.provider == "azure");
        CHECK(summary->providerFrom == "file content");
    }
    SECTION("content: GCP header with an accelerator row first")
    {
        VectorSink sink;
        auto summary = importFile(
            writeTemp(
                "catalog.csv",
                "InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,GpuInfo,Region,"
                "AvailabilityZone,Price,SpotPrice\n,,,T4,2,,us-central1,us-central1-a,0.7,"
                "0.3308\n"),
            sink);
        REQUIRE(summary);
        CHECK(summary->facts.provider == "gcp");
        REQUIRE(sink.rates.size() == 2);
        CHECK(sink.rates[0].price == Approx(0.35));
        CHECK(sink.rates[1].price == Approx(0.1654));
    }
    SECTION("parameter wins over the file name and sets the key")
    {
        VectorSink sink;
        auto summary = importFile(
            writeTemp("aws_prices.csv", kGenericHeader + "gpu_8x_x,X,8,8,64,,1.5,,Oslo\n"),
            sink,
            {{"provider", "MyCloud"}, {"date", "2026-01-31"}});
        REQUIRE(summary);
        CHECK(summary->facts.key == "skypilot:mycloud");
        CHECK(sink.offers[0].provider == "mycloud");
        CHECK(sink.offers[0].effectiveDate == "2026-01-31");
    }
    SECTION("unknown: asks for the parameter")
    {
        VectorSink sink;
        auto summary =
            importFile(writeTemp("catalog.csv", kGenericHeader + "n2-standard-8,,,8,32,,0.3,,x\n"),
                       sink);
        REQUIRE_FALSE(summary);
        CHECK_THAT(summary.error().describe(),
                   Catch::Matchers::Contains("pass --param provider=NAME"));
    }
}

TEST_CASE("GpuInfo dicts are read leniently", "[pricing][skypilot]")
{
    using skypilot::gpuInfoTotalMemoryMib;
    CHECK(gpuInfoTotalMemoryMib("{'Gpus': [{'Name': 'H100', 'Manufacturer': 'NVIDIA', 'Count': "
                                "8, 'MemoryInfo': {'SizeInMiB': 81920}}], "
                                "'TotalGpuMemoryInMiB': 655360}")
          == Approx(655360));
    CHECK(gpuInfoTotalMemoryMib("{'Gpus': None, 'Ok': True, 'No': False, 'T': (1, 2,), "
                                "\"TotalGpuMemoryInMiB\": 1024.0}")
          == Approx(1024));
    CHECK(gpuInfoTotalMemoryMib("{'Name': 'it\\'s', 'TotalGpuMemoryInMiB': 16}") == Approx(16));
    CHECK_FALSE(gpuInfoTotalMemoryMib(""));
    CHECK_FALSE(gpuInfoTotalMemoryMib("V100"));
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'Gpus': [{'MemoryInfo': {'SizeInMiB': 40960}}]}"));
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'Gpus': [{'TotalGpuMemoryInMiB': 5}]}")); // not top level
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'TotalGpuMemoryInMiB': 'lots'}"));
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'TotalGpuMemoryInMiB': 81920")); // truncated
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'TotalGpuMemoryInMiB': 81920} trailing"));
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'TotalGpuMemoryInMiB': -5}"));
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'a': " + std::string(5000, '['))); // deep
    CHECK_FALSE(gpuInfoTotalMemoryMib("{'a': 'unterminated"));
}

TEST_CASE("SkyPilot rows with a wrong field count are skipped with their line",
          "[pricing][skypilot][error]")
{
    {
        VectorSink sink;
        auto summary = importFile(writeTemp("aws_bad.csv",
                                            kAwsHeader
                                                + "a1.large,,,2.0,4.0,,0.051,0.02,us-east-1,"
                                                  "use1-az1\n"
                                                  "a1.large,,,2.0,4.0,0.051\n"
                                                  "a1.large,,,2.0,4.0,,0.051,0.02,us-east-1,"
                                                  "use1-az2,extra\n"),
                                  sink);
        REQUIRE(summary);
        CHECK(summary->onDemandOffers == 1);
        const auto& skip =
            sink.stats().skipped.at("row has a different number of fields than the header");
        CHECK(skip.count == 2);
        CHECK(skip.firstWhere == "aws_bad.csv:3");
    }
}

TEST_CASE("Malformed SkyPilot input fails the import with its line", "[pricing][skypilot][error]")
{
    const auto [content, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {kAwsHeader + "a1.large,,,2.0,4.0,,abc,0.02,us-east-1,use1-az1\n",
         "aws_bad.csv:2: Price 'abc' is not a number",
         "price that is not a number"},
        {kAwsHeader
             + "a1.large,,,2.0,4.0,,0.05,0.02,us-east-1,use1-az1\n"
               "a1.large,,,2.0,4.0,,-0.05,0.02,us-east-1,use1-az2\n",
         "aws_bad.csv:3: Price is negative",
         "negative price"},
        {kAwsHeader + "a1.large,,,2.0,4.0,,0.05,-1,us-east-1,use1-az1\n",
         "aws_bad.csv:2: SpotPrice is negative",
         "negative spot price"},
        {kAwsHeader + "a1.large,,,two,4.0,,0.05,0.02,us-east-1,use1-az1\n",
         "aws_bad.csv:2: vCPUs 'two' is not a number",
         "vCPUs as a word"},
        {kAwsHeader + "a1.large,,,2.0,4.0,,0.05,0.02,,use1-az1\n",
         "aws_bad.csv:2: offer for a1.large has no region",
         "empty region"},
        {kAwsHeader + "a1.large,,,2.0,4.0,,1e15,0.02,us-east-1,use1-az1\n",
         "aws_bad.csv:2: Price of 1000000000000000",
         "absurd price"},
        {kAwsHeader + "a1.large,,,2.0,4.0,,0.05,0.02,us-" + std::string(1, '\0') + "ast-1,x\n",
         "aws_bad.csv:2: NUL byte",
         "NUL byte"},
        {kAwsHeader + "a1.large,,,2.0,4.0,\"{'Gpus': [,0.05,0.02,us-east-1,use1-az1\n",
         "aws_bad.csv:2: unterminated quoted field",
         "unterminated quote"},
        {"InstanceType,vCPUs,Region\na1.large,2,us-east-1\n",
         "aws_bad.csv:1: not a SkyPilot vms.csv: the header has no Price column",
         "header without Price"},
        {"", "aws_bad.csv: file is empty", "empty file"},
    }));
    INFO(why);
    VectorSink sink;
    auto summary = importFile(writeTemp("aws_bad.csv", content), sink);
    REQUIRE_FALSE(summary);
    CHECK_THAT(summary.error().describe(), Catch::Matchers::StartsWith(expected));
}

TEST_CASE("A bad provider or date parameter is refused", "[pricing][skypilot][error]")
{
    const auto path = writeTemp("x.csv", kGenericHeader + "t,,,1,1,,0.1,,r\n");
    VectorSink sink;
    auto bad = importFile(path, sink, {{"provider", "my cloud!"}});
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Catch::Matchers::Contains("is not a name"));
    auto badDate = importFile(path, sink, {{"provider", "x"}, {"date", "20/05/2026"}});
    REQUIRE_FALSE(badDate);
    CHECK_THAT(badDate.error().message, Catch::Matchers::Contains("is not a date"));
}

TEST_CASE("SkyPilot catalogs are detected by their header", "[pricing][skypilot]")
{
    const auto file = GENERATE(as<std::string>{},
                               "aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv",
                               "azure_vms_2026-05-20.csv",
                               "gcp_vms_2026-05-20.csv",
                               "lambda_vms_2026-05-20.csv",
                               "vast_vms_2026-05-20.csv");
    INFO(file);
    auto detected = detectImporter(cloudcost::testing::sharedData(kDir + file));
    REQUIRE(detected);
    CHECK((*detected)->name == "skypilot-vms-csv");
}

TEST_CASE("The registered SkyPilot importer returns the source facts", "[pricing][skypilot]")
{
    const ImporterInfo* info = findImporter("skypilot-vms-csv");
    REQUIRE(info);
    ImportRequest request;
    request.path = cloudcost::testing::sharedData(kDir + "vast_vms_2026-05-20.csv");
    request.displayName = "vast_vms_2026-05-20.csv";
    VectorSink sink;
    auto facts = info->run(request, sink);
    REQUIRE(facts);
    CHECK(facts->key == "skypilot:vast");
    CHECK(facts->publishedAt == "2026-05-20");
    CHECK(sink.offers.size() == 64);
}
