#include "pricing/importers/AwsOfferGenerator.h"

#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsOfferFile.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

ImportRequest requestFor(const std::filesystem::path& path, ProgressSink* progress = nullptr)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    request.progress = progress;
    return request;
}

std::string describe(const Offer& o)
{
    std::ostringstream s;
    s << o.region << '|' << o.instanceType << '|' << o.vcpus.value_or(-1) << '|'
      << o.memoryGib.value_or(-1) << '|' << o.gpus.value_or(-1) << '|' << o.arch << '|' << o.os
      << '|' << o.licenseModel << '|' << o.preinstalledSoftware << '|' << o.tenancy << '|'
      << toString(o.purchaseOption) << '|' << o.termMonths << '|' << toString(o.paymentOption)
      << '|' << o.offeringClass << '|' << o.hourly << '|' << o.upfront << '|' << o.currency << '|'
      << o.effectiveDate << '|' << o.sku;
    return s.str();
}

std::string describe(const Rate& r)
{
    std::ostringstream s;
    s << r.service << '|' << r.productFamily << '|' << r.region << '|' << r.sku << '|' << r.unit
      << '|' << r.beginRange << '|' << r.endRange.value_or(-1) << '|' << r.price << '|'
      << r.termType << '|' << r.usageType;
    return s.str();
}

template <typename T>
std::vector<std::string> describeAll(const std::vector<T>& items)
{
    std::vector<std::string> out;
    for (const auto& i : items) {
        out.push_back(describe(i));
    }
    std::sort(out.begin(), out.end());
    return out;
}

class RecordingProgress : public ProgressSink
{
public:
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        ++calls;
        lastDone = done;
        lastTotal = total;
    }
    bool cancelled() const override { return cancelAfter > 0 && calls >= cancelAfter; }
    int calls = 0;
    int cancelAfter = 0;
    std::uint64_t lastDone = 0;
    std::uint64_t lastTotal = 0;
};

// Counts what it is given, without keeping it: the import alone is timed.
class CountingSink : public ImportSink
{
public:
    Status addOffer(const Offer& o) override
    {
        ++m_stats.offersStored;
        checksum += o.hourly + o.upfront;
        return {};
    }
    Status addSpec(const InstanceSpec&) override { return {}; }
    Status addSpotPrice(const SpotPricePoint&) override { return {}; }
    Status addSpotAdvice(const SpotAdvice&) override { return {}; }
    Status addRate(const Rate& r) override
    {
        ++m_stats.ratesStored;
        checksum += r.price;
        return {};
    }
    double checksum = 0;
};

} // namespace

TEST_CASE("A generated offer file reads the same in its JSON and CSV forms across chunks",
          "[pricing][aws][awsoffer]")
{
    const auto dir = cloudcost::testing::makeTempDir("awsoffer-gen");
    const auto json = dir / "ec2.json";
    const auto csv = dir / "ec2.csv";
    // About 20 MB: records straddle the 8 MiB JSON chunks and the 4 MiB CSV chunks.
    REQUIRE(generateAwsOfferFileWithSkus(json, 1800, false, 7));
    REQUIRE(generateAwsOfferFileWithSkus(csv, 1800, true, 7));
    CHECK(std::filesystem::file_size(json) > (16U << 20)); // more than two chunks

    VectorSink fromJson;
    RecordingProgress progress;
    auto jsonFacts = aws::importOfferJson(requestFor(json, &progress), fromJson);
    REQUIRE(jsonFacts);
    CHECK(jsonFacts->key == "aws-offer:AmazonEC2:us-east-1");
    CHECK(progress.calls >= 3);
    CHECK(progress.lastDone == std::filesystem::file_size(json));
    CHECK(progress.lastTotal == std::filesystem::file_size(json));

    VectorSink fromCsv;
    auto csvFacts = aws::importOfferCsv(requestFor(csv), fromCsv);
    REQUIRE(csvFacts);
    CHECK(csvFacts->key == jsonFacts->key);

    CHECK(fromJson.offers.size() > 10000);
    CHECK(fromJson.rates.size() > 50);
    CHECK(describeAll(fromJson.offers) == describeAll(fromCsv.offers));
    CHECK(describeAll(fromJson.rates) == describeAll(fromCsv.rates));
    CHECK(fromJson.stats().rowsRead == fromCsv.stats().rowsRead);
    CHECK(fromJson.stats().skippedTotal() == fromCsv.stats().skippedTotal());
    // The generator's skip rows: capacity reservations, capacity blocks, instances on hosts.
    CHECK(fromJson.stats().skipped.count("capacity block row (not a list price)") == 1);
    CHECK(fromJson.stats().skipped.count(
              "capacity status 'UnusedCapacityReservation' (not a list price)")
          == 1);
    for (const Offer& o : fromJson.offers) {
        REQUIRE(validateOffer(o, o.sku));
    }

    SECTION("a cancelled import stops with Cancelled")
    {
        RecordingProgress cancel;
        cancel.cancelAfter = 1;
        CountingSink sink;
        auto r = aws::importOfferJson(requestFor(json, &cancel), sink);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Error::Code::Cancelled);
    }
    std::filesystem::remove_all(dir);
}

// Hidden by default; run with: pricing_tests "[awsoffer-perf]" (CLOUDCOST_PERF_MB sets the size).
TEST_CASE("Streaming a 1 GiB EC2 offer file runs above 200 MB per second", "[.perf][awsoffer-perf]")
{
    const char* mbEnv = std::getenv("CLOUDCOST_PERF_MB");
    const std::uint64_t mb = mbEnv ? std::strtoull(mbEnv, nullptr, 10) : 1024;
    const auto dir = cloudcost::testing::makeTempDir("awsoffer-perf");
    const auto path = dir / "AmazonEC2-us-east-1-synthetic.json";
    REQUIRE(generateAwsOfferFile(path, mb << 20, false, 42));
    const auto size = std::filesystem::file_size(path);
    CHECK(size >= (mb << 20));

    CountingSink sink;
    const auto start = std::chrono::steady_clock::now();
    auto facts = aws::importOfferJson(requestFor(path), sink);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(facts);
    const double mbPerSecond = static_cast<double>(size) / 1e6 / seconds;
    WARN("aws-offer-json: " << size / 1000000 << " MB in " << seconds << " s = " << mbPerSecond
                            << " MB/s; " << sink.stats().offersStored << " offers, "
                            << sink.stats().ratesStored << " rates, " << sink.stats().skippedTotal()
                            << " skipped");
    CHECK(mbPerSecond > 200);
    std::filesystem::remove_all(dir);
}
