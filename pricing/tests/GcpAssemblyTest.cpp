#include "pricing/GcpAssembly.h"

#include "pricing/Importer.h"
#include "pricing/importers/GcpBillingSkus.h"
#include "pricing/importers/GcpMachineTypes.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

std::vector<Rate> fixtureRates()
{
    ImportRequest request;
    request.path = cloudcost::testing::sharedData(
        "gcp/cloudbilling-skus/compute-engine_skus_page_opencost-fixture_2023-08.json");
    request.displayName = request.path.filename().string();
    VectorSink sink;
    REQUIRE(gcp::importBillingSkus(request, sink));
    return sink.rates;
}

std::vector<InstanceSpec> fixtureTypes()
{
    ImportRequest request;
    request.path = cloudcost::testing::sharedData(
        "gcp/compute-machine-types/machineTypes_list_zone-us-central1-a_libcloud-fixture.json");
    request.displayName = request.path.filename().string();
    VectorSink sink;
    REQUIRE(gcp::importMachineTypes(request, sink));
    return sink.specs;
}

InstanceSpec spec(const std::string& name,
                  double vcpus,
                  double memoryGib,
                  double gpus = 0,
                  const std::string& gpuModel = {},
                  bool shared = false)
{
    InstanceSpec s;
    s.provider = "gcp";
    s.instanceType = name;
    s.family = name.substr(0, name.find('-'));
    s.vcpus = vcpus;
    s.memoryGib = memoryGib;
    s.gpus = gpus;
    s.gpuModel = gpuModel;
    s.sharedCpu = shared;
    return s;
}

Rate rate(const std::string& sku,
          const std::string& family,
          const std::string& resource,
          double price,
          const std::string& termType = "on_demand",
          const std::string& usageType = "OnDemand")
{
    Rate r;
    r.provider = "gcp";
    r.service = "Compute Engine";
    r.productFamily = "Compute";
    r.region = "us-central1";
    r.sku = sku;
    r.usageType = usageType;
    r.unit = resource == "ram" ? "GiBy.h" : "h";
    r.price = price;
    r.currency = "USD";
    r.termType = termType;
    r.effectiveDate = "2024-01-02";
    r.family = family;
    r.resource = resource;
    return r;
}

std::vector<const Offer*> offersFor(const std::vector<Offer>& offers, const std::string& type)
{
    std::vector<const Offer*> out;
    for (const auto& o : offers) {
        if (o.instanceType == type) {
            out.push_back(&o);
        }
    }
    return out;
}

bool hasNote(const std::vector<std::string>& notes, const std::string& text)
{
    return std::find(notes.begin(), notes.end(), text) != notes.end();
}

} // namespace

TEST_CASE("The fixture machine types cannot be priced from the fixture SKUs and say why",
          "[pricing][gcp][assembly]")
{
    std::vector<std::string> notes;
    const auto offers = assembleGcpOffers(fixtureRates(), fixtureTypes(), &notes);
    CHECK(offers.empty());
    // libcloud hand-added a2-highgpu-1g with a V100; the SKU page only prices the A100.
    CHECK(hasNote(notes,
                  "a2-highgpu-1g: no nvidia-tesla-v100 GPU rate in us-central1 "
                  "(on_demand, USD); not priced there"));
    CHECK(hasNote(notes,
                  "family n1: no core (CPU) rate in the SKUs; its machine types are not "
                  "priced"));
    CHECK(hasNote(notes,
                  "f1-micro: shared-core type priced per instance, and the SKUs have no "
                  "f1 instance rate; not priced"));
    CHECK(hasNote(notes,
                  "g1-small: shared-core type priced per instance, and the SKUs have no "
                  "g1 instance rate; not priced"));
}

TEST_CASE("Machine types of the fixture SKU families are priced from their components",
          "[pricing][gcp][assembly]")
{
    // Hand-written machine types of the families the SKU fixture prices (a2, e2, t2d), with
    // the shapes the machineTypes API reports for them: a2-highgpu-1g 12 vCPUs, 87040 MiB and one
    // nvidia-tesla-a100; e2-standard-2 2 vCPUs 8192 MiB; e2-micro 2 shared vCPUs 1024 MiB;
    // t2d-standard-1 1 vCPU 4096 MiB.
    const std::vector<InstanceSpec> types = {
        spec("a2-highgpu-1g", 12, 85, 1, "nvidia-tesla-a100"),
        spec("e2-standard-2", 2, 8),
        spec("e2-micro", 2, 1, 0, {}, true),
        spec("t2d-standard-1", 1, 4),
    };
    std::vector<std::string> notes;
    const auto offers = assembleGcpOffers(fixtureRates(), types, &notes);
    INFO(notes.size());
    CHECK(notes.empty());
    REQUIRE(offers.size() == 3 + 3 + 3 + 1);

    // 12 x 0.031611 + 85 x 0.004237 + 1 x 2.933908 = 3.673385 USD/h (Google's list price).
    const auto a2 = offersFor(offers, "a2-highgpu-1g");
    REQUIRE(a2.size() == 3);
    for (const Offer* o : a2) {
        CHECK(o->hourly == Approx(3.673385).epsilon(1e-12));
        CHECK(o->currency == "USD");
        CHECK(o->sku == "2922-40C5-B19F+2390-DCAF-DA38+039F-D0DA-4055");
        CHECK(o->provider == "gcp");
        CHECK(o->service == "Compute Engine");
        CHECK(o->purchaseOption == PurchaseOption::OnDemand);
        CHECK(o->os == "linux");
        CHECK(*o->gpus == 1);
        CHECK(o->gpuModel == "nvidia-tesla-a100");
        CHECK(o->effectiveDate == "2023-03-24");
    }
    std::vector<std::string> regions;
    for (const Offer* o : a2) {
        regions.push_back(o->region);
    }
    std::sort(regions.begin(), regions.end());
    CHECK(regions == std::vector<std::string>{"us-central1", "us-east1", "us-west1"});

    // 2 x 327.173848364 + 8 x 43.852949780 = 1005.171294968 IDR/h.
    for (const Offer* o : offersFor(offers, "e2-standard-2")) {
        CHECK(o->hourly == Approx(1005.171294968).epsilon(1e-12));
        CHECK(o->currency == "IDR");
        CHECK(o->sku == "CF4E-A0C7-E3BF+F449-33EC-A5EF");
    }
    // e2-micro is billed for 0.25 vCPU: 0.25 x 327.173848364 + 1 x 43.852949780.
    const auto micro = offersFor(offers, "e2-micro");
    REQUIRE(micro.size() == 3);
    CHECK(micro[0]->hourly == Approx(125.646411871).epsilon(1e-12));
    CHECK(*micro[0]->vcpus == 2); // what the VM exposes
    // 1 x 508.934997455 + 4 x 68.204999658 = 781.754996087 IDR/h, Singapore only.
    const auto t2d = offersFor(offers, "t2d-standard-1");
    REQUIRE(t2d.size() == 1);
    CHECK(t2d[0]->region == "asia-southeast1");
    CHECK(t2d[0]->hourly == Approx(781.754996087).epsilon(1e-12));
    CHECK(t2d[0]->effectiveDate == "2023-08-10");
}

TEST_CASE("Spot and committed use component rates give spot and committed offers",
          "[pricing][gcp][assembly]")
{
    const std::vector<Rate> rates = {
        rate("CPU-OD", "n2", "cpu", 0.031611),
        rate("RAM-OD", "n2", "ram", 0.004237),
        rate("CPU-SPOT", "n2", "cpu", 0.007, "spot", "Preemptible"),
        rate("RAM-SPOT", "n2", "ram", 0.001, "spot", "Preemptible"),
        rate("CPU-1Y", "n2", "cpu", 0.019915, "committed_use", "Commit1Yr"),
        rate("RAM-1Y", "n2", "ram", 0.002669, "committed_use", "Commit1Yr"),
        rate("CPU-3Y", "n2", "cpu", 0.014225, "committed_use", "Commit3Yr"), // no 3-year RAM
        rate("ST-CPU", "n2", "cpu", 0.5, "sole_tenancy_premium"),
        rate("F1", "f1", "instance", 0.0076),
    };
    const std::vector<InstanceSpec> types = {spec("n2-standard-4", 4, 16),
                                             spec("f1-micro", 1, 0.6, 0, {}, true),
                                             spec("g1-small", 1, 1.7, 0, {}, true)};
    std::vector<std::string> notes;
    const auto offers = assembleGcpOffers(rates, types, &notes);

    const auto n2 = offersFor(offers, "n2-standard-4");
    REQUIRE(n2.size() == 3);
    for (const Offer* o : n2) {
        switch (o->purchaseOption) {
        case PurchaseOption::OnDemand:
            CHECK(o->hourly == Approx(4 * 0.031611 + 16 * 0.004237));
            CHECK(o->paymentOption == PaymentOption::None);
            break;
        case PurchaseOption::Spot:
            CHECK(o->hourly == Approx(4 * 0.007 + 16 * 0.001));
            CHECK(o->sku == "CPU-SPOT+RAM-SPOT");
            break;
        case PurchaseOption::CommittedUse:
            CHECK(o->termMonths == 12);
            CHECK(o->paymentOption == PaymentOption::NoUpfront);
            CHECK(o->upfront == 0);
            CHECK(o->hourly == Approx(4 * 0.019915 + 16 * 0.002669));
            break;
        default:
            FAIL("unexpected purchase option");
        }
    }
    CHECK(hasNote(notes,
                  "family n2: a core rate without a RAM rate in us-central1 "
                  "(committed_use 36 months, USD); not priced there"));
    const auto f1 = offersFor(offers, "f1-micro");
    REQUIRE(f1.size() == 1);
    CHECK(f1[0]->hourly == Approx(0.0076));
    CHECK(f1[0]->sku == "F1");
    CHECK(offersFor(offers, "g1-small").empty());
    // The sole-tenancy premium never becomes a price of its own.
    CHECK(std::none_of(offers.begin(), offers.end(), [](const Offer& o) {
        return o.sku.find("ST-CPU") != std::string::npos;
    }));
}

TEST_CASE("Tiered and zero-priced and duplicate component rates are not used blindly",
          "[pricing][gcp][assembly]")
{
    Rate tiered = rate("CPU-T", "c2", "cpu", 0.03);
    tiered.endRange = 100;
    std::vector<Rate> rates = {
        tiered,
        rate("RAM-C2", "c2", "ram", 0.004),
        rate("CPU-Z", "c3", "cpu", 0),
        rate("RAM-C3", "c3", "ram", 0.004),
        rate("CPU-A", "n4", "cpu", 0.03),
        rate("CPU-B", "n4", "cpu", 0.05),
        rate("RAM-N4", "n4", "ram", 0.004),
    };
    std::vector<std::string> notes;
    const auto offers = assembleGcpOffers(rates,
                                          {spec("c2-standard-4", 4, 16),
                                           spec("c3-standard-4", 4, 16),
                                           spec("n4-standard-2", 2, 8),
                                           spec("custom-4-8192", 4, 8)},
                                          &notes);
    REQUIRE(offers.size() == 1);
    CHECK(offers[0].instanceType == "n4-standard-2");
    CHECK(offers[0].hourly == Approx(2 * 0.03 + 8 * 0.004));
    CHECK(hasNote(notes, "rate CPU-T (c2 cpu in us-central1) is tiered; not used for VM prices"));
    CHECK(hasNote(notes,
                  "rate CPU-Z (c3 cpu in us-central1) has price 0; not used for VM "
                  "prices"));
    CHECK(hasNote(notes,
                  "two prices for n4 cpu in us-central1 (on_demand, USD): CPU-A 0.03 and "
                  "CPU-B 0.05; the first is used"));
    CHECK(hasNote(notes,
                  "family custom: no core (CPU) rate in the SKUs; its machine types are "
                  "not priced"));
}
