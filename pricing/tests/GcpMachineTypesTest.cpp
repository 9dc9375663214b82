#include "pricing/importers/GcpMachineTypes.h"

#include "pricing/Importer.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;
namespace fs = std::filesystem;

namespace {

const char* const kTypes =
    "gcp/compute-machine-types/machineTypes_list_zone-us-central1-a_libcloud-fixture.json";

Result<SourceFacts> importFile(const fs::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return gcp::importMachineTypes(request, sink);
}

fs::path writeFile(const std::string& name, const std::string& contents)
{
    static const fs::path dir = cloudcost::testing::makeTempDir("gcp-types");
    const fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
}

const InstanceSpec* find(const VectorSink& sink, const std::string& name)
{
    for (const auto& s : sink.specs) {
        if (s.instanceType == name) {
            return &s;
        }
    }
    return nullptr;
}

nlohmann::json machineType(const std::string& name, int cpus, int memoryMb, const std::string& zone)
{
    return {{"kind", "compute#machineType"},
            {"id", "1"},
            {"name", name},
            {"description", std::to_string(cpus) + " vCPUs"},
            {"guestCpus", cpus},
            {"memoryMb", memoryMb},
            {"imageSpaceGb", 0},
            {"maximumPersistentDisks", 128},
            {"maximumPersistentDisksSizeGb", "263168"},
            {"zone", zone},
            {"selfLink",
             "https://www.googleapis.com/compute/v1/projects/p/zones/" + zone + "/machineTypes/"
                 + name}};
}

} // namespace

TEST_CASE("The machineTypes list fixture gives one spec per type with memory in GiB",
          "[pricing][gcp]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kTypes), sink);
    REQUIRE(facts);
    CHECK(sink.stats().rowsRead == 23);
    CHECK(sink.specs.size() == 23); // the 2013 "-d" types are DEPRECATED, not OBSOLETE: kept
    CHECK(sink.stats().skippedTotal() == 0);
    CHECK(sink.offers.empty());

    const InstanceSpec* n1 = find(sink, "n1-standard-1");
    REQUIRE(n1);
    CHECK(n1->provider == "gcp");
    CHECK(n1->family == "n1");
    CHECK(*n1->vcpus == 1);
    CHECK(*n1->memoryGib == Approx(3.75)); // 3840 MiB
    CHECK(n1->sharedCpu == false);
    CHECK(*n1->gpus == 0);
    CHECK(n1->localStorage.empty());

    const InstanceSpec* micro = find(sink, "f1-micro");
    REQUIRE(micro);
    CHECK(*micro->memoryGib == Approx(614.0 / 1024.0));
    CHECK(micro->sharedCpu == true); // "1 vCPU (shared physical core)", no isSharedCpu field
    CHECK(micro->family == "f1");
    CHECK(find(sink, "g1-small")->sharedCpu == true);

    const InstanceSpec* a2 = find(sink, "a2-highgpu-1g");
    REQUIRE(a2);
    CHECK(*a2->vcpus == 12);
    CHECK(*a2->memoryGib == Approx(85.0));
    CHECK(*a2->gpus == 1);
    CHECK(a2->gpuModel == "nvidia-tesla-v100"); // as the (hand-edited) fixture says

    const InstanceSpec* scratch = find(sink, "n1-highcpu-8-d");
    REQUIRE(scratch);
    CHECK(scratch->localStorage == "2 x 1770 GB");
    CHECK(*scratch->localStorageGb == Approx(3540));
    CHECK(*find(sink, "n1-highmem-8")->memoryGib == Approx(52.0));

    CHECK(facts->format == "gcp-machine-types");
    CHECK(facts->provider == "gcp");
    CHECK(facts->key == "gcp-machine-types:us-central1-a");
}

TEST_CASE("An aggregated list stores each machine type once across zones", "[pricing][gcp]")
{
    auto micro = machineType("e2-micro", 2, 1024, "us-central1-a");
    micro["isSharedCpu"] = true;
    auto gpu = machineType("a2-highgpu-2g", 24, 174080, "us-central1-b");
    gpu["accelerators"] = {
        {{"guestAcceleratorType", "nvidia-tesla-a100"}, {"guestAcceleratorCount", 2}}};
    auto obsolete = machineType("n1-old-1", 1, 1024, "us-central1-b");
    obsolete["deprecated"] = {{"state", "OBSOLETE"}};
    const nlohmann::json list = {
        {"kind", "compute#machineTypeAggregatedList"},
        {"items",
         {{"zones/us-central1-a",
           {{"machineTypes", {micro, machineType("n2-standard-8", 8, 32768, "us-central1-a")}}}},
          {"zones/us-central1-b",
           {{"machineTypes",
             {machineType("n2-standard-8", 8, 32768, "us-central1-b"), gpu, obsolete}}}},
          {"zones/asia-east2-c",
           {{"warning", {{"code", "NO_RESULTS_ON_PAGE"}, {"message", "none"}}}}}}}};
    VectorSink sink;
    auto facts = importFile(writeFile("aggregated.json", list.dump(2)), sink);
    REQUIRE(facts);
    CHECK(sink.stats().rowsRead == 5);
    CHECK(sink.specs.size() == 3);
    CHECK(sink.stats().skipped.count("same machine type in another zone (stored once)") == 1);
    CHECK(sink.stats().skipped.count("machine type no longer available (deprecated.state "
                                     "OBSOLETE)")
          == 1);
    CHECK(find(sink, "e2-micro")->sharedCpu == true);
    CHECK(*find(sink, "n2-standard-8")->memoryGib == Approx(32.0));
    CHECK(*find(sink, "a2-highgpu-2g")->gpus == 2);
    CHECK(find(sink, "a2-highgpu-2g")->gpuModel == "nvidia-tesla-a100");
    CHECK(facts->key == "gcp-machine-types:aggregated");
}

TEST_CASE("The gcloud JSON array of machine types is read too", "[pricing][gcp]")
{
    const nlohmann::json types = {machineType("c3-standard-4", 4, 16384, "europe-west4-a"),
                                  machineType("c3-standard-8", 8, 32768, "europe-west4-a")};
    VectorSink sink;
    auto facts = importFile(writeFile("gcloud.json", types.dump(2)), sink);
    REQUIRE(facts);
    CHECK(sink.specs.size() == 2);
    CHECK(find(sink, "c3-standard-8")->family == "c3");
    CHECK(facts->key == "gcp-machine-types:europe-west4-a");
}

TEST_CASE("Malformed machine type files fail with the file and line and what was expected",
          "[pricing][gcp][error]")
{
    const auto list = [](nlohmann::json t) {
        return nlohmann::json{{"kind", "compute#machineTypeList"},
                              {"items", nlohmann::json::array({std::move(t)})}}
            .dump(2);
    };
    auto textMemory = machineType("n1-standard-1", 1, 3840, "us-central1-a");
    textMemory["memoryMb"] = "3840";
    auto noCpus = machineType("n1-standard-1", 1, 3840, "us-central1-a");
    noCpus.erase("guestCpus");
    auto zeroMemory = machineType("n1-standard-1", 1, 0, "us-central1-a");
    auto badGpu = machineType("a2-highgpu-1g", 12, 87040, "us-central1-a");
    badGpu["accelerators"] = {{{"guestAcceleratorCount", 1}}};
    const std::string good = list(machineType("n1-standard-1", 1, 3840, "us-central1-a"));
    const auto [contents, expected, why] =
        GENERATE_REF(table<std::string, std::string, std::string>({
            {list(textMemory),
             "\"memoryMb\" must be a number, found string \"3840\"",
             "memory as text"},
            {list(noCpus), "missing \"guestCpus\"", "no vCPU count"},
            {list(zeroMemory), "memoryMb 0 is out of range", "zero memory"},
            {list(badGpu), "accelerators must be", "accelerator without a type"},
            {good.substr(0, good.size() - 5), "truncated JSON", "truncated list"},
            {R"({"kind": "compute#machineTypeList", "items": 3})",
             "\"items\" must be an array",
             "items is a number"},
            {R"({"skus": []})", "has no \"items\"", "a SKU page"},
        }));
    INFO(why);
    VectorSink sink;
    auto facts = importFile(writeFile("bad-types.json", contents), sink);
    REQUIRE_FALSE(facts);
    const std::string message = facts.error().describe();
    INFO(message);
    CHECK(message.rfind("bad-types.json:", 0) == 0);
    CHECK(message.find(expected) != std::string::npos);
}

TEST_CASE("Machine type lists are recognised from their first bytes", "[pricing][gcp]")
{
    CHECK(gcp::sniffMachineTypes(R"({"kind": "compute#machineTypeList", "items": [)", "x") >= 90);
    CHECK(gcp::sniffMachineTypes(R"([{"name": "e2-micro", "guestCpus": 2, "memoryMb": 1024}])", "x")
          > 0);
    CHECK(gcp::sniffMachineTypes(R"({"skus": [{"skuId": "1"}]})", "x") == 0);
    auto detected = detectImporter(cloudcost::testing::sharedData(kTypes));
    REQUIRE(detected);
    CHECK((*detected)->name == "gcp-machine-types");
}
