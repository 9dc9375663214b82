#include "benchmark-runner/BenchmarkStore.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::benchmark;

namespace {

// A run shaped like an fio import, with every field set so the round trip checks each column.
BenchmarkRun exampleRun()
{
    BenchmarkRun run;
    run.tool = "fio";
    run.toolVersion = "fio-3.33";
    run.sourceFile = "fio_randread_4k_qd16_json.json";
    run.sourceSha256 = std::string(64, 'a');
    run.measuredAt = "2026-11-26T12:21:43Z";
    run.importedAt = "2026-11-27T08:00:00Z";
    run.host.hostname = "vm";
    run.host.cpuModel = "AMD EPYC";
    run.host.logicalCpus = 2;
    run.host.physicalCores = 1;
    run.host.memoryGib = 23.25;
    run.host.kernel = "6.18.44-fc";
    run.host.os = "Debian GNU/Linux 12 (bookworm)";
    run.host.platform = PlatformKind::VirtualMachine;
    run.host.hypervisor = "bhyve";
    run.host.container = "docker";
    run.host.provider = "aws";
    run.host.region = "us-east-1";
    run.host.instanceType = "m5.large";
    run.warnings = {"first warning", "second \"quoted\" warning"};
    Sample iops;
    iops.metric = "disk.randread.iops";
    iops.value = 44650.4;
    iops.unit = "ops/s";
    iops.parameters = {{"block_size", "4096"}, {"iodepth", "16"}, {"job", "randread4k"}};
    iops.rawValues = {1.0 / 3.0, 2.5e-9, 1e300};
    iops.mean = 44000.5;
    iops.ciLow = 43000;
    iops.ciHigh = 45000;
    iops.cv = 0.021;
    iops.noisy = true;
    Sample latency;
    latency.metric = "disk.randread.latency.p99";
    latency.value = 782336e-9;
    latency.unit = "s";
    latency.higherIsBetter = false;
    run.samples = {iops, latency};
    return run;
}

Sample makeSample(std::string metric, double value, std::string unit)
{
    Sample s;
    s.metric = std::move(metric);
    s.value = value;
    s.unit = std::move(unit);
    return s;
}

struct StoreFixture
{
    sql::Database db = std::move(*sql::Database::open(":memory:"));
};

} // namespace

TEST_CASE("A stored run comes back with every field and sample unchanged", "[benchmark][store]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    const BenchmarkRun in = exampleRun();
    auto id = store->addRun(in);
    REQUIRE(id);
    auto out = store->run(*id);
    REQUIRE(out);
    CHECK(out->id == *id);
    CHECK(out->tool == in.tool);
    CHECK(out->toolVersion == in.toolVersion);
    CHECK(out->sourceFile == in.sourceFile);
    CHECK(out->sourceSha256 == in.sourceSha256);
    CHECK(out->measuredAt == in.measuredAt);
    CHECK(out->importedAt == in.importedAt);
    CHECK(out->host.hostname == "vm");
    CHECK(out->host.cpuModel == "AMD EPYC");
    CHECK(out->host.logicalCpus == 2);
    CHECK(out->host.physicalCores == 1);
    CHECK(out->host.memoryGib == 23.25);
    CHECK(out->host.kernel == in.host.kernel);
    CHECK(out->host.os == in.host.os);
    CHECK(out->host.platform == PlatformKind::VirtualMachine);
    CHECK(out->host.hypervisor == "bhyve");
    CHECK(out->host.container == "docker");
    CHECK(out->host.provider == "aws");
    CHECK(out->host.region == "us-east-1");
    CHECK(out->host.instanceType == "m5.large");
    CHECK(out->warnings == in.warnings);
    REQUIRE(out->samples.size() == 2);
    const Sample& s = out->samples[0];
    CHECK(s.metric == "disk.randread.iops");
    CHECK(s.value == 44650.4);
    CHECK(s.unit == "ops/s");
    CHECK(s.higherIsBetter);
    CHECK(s.parameters == in.samples[0].parameters);
    // Doubles survive the JSON text exactly (17 significant digits).
    CHECK(s.rawValues == in.samples[0].rawValues);
    CHECK(s.mean == 44000.5);
    CHECK(s.ciLow == 43000);
    CHECK(s.ciHigh == 45000);
    CHECK(s.cv == 0.021);
    CHECK(s.noisy);
    const Sample& lat = out->samples[1];
    CHECK(lat.metric == "disk.randread.latency.p99");
    CHECK_FALSE(lat.higherIsBetter);
    CHECK(lat.value == 782336e-9);
    CHECK(lat.parameters.empty());
    CHECK(lat.rawValues.empty());
    CHECK_FALSE(lat.mean);
    CHECK_FALSE(lat.cv);
    CHECK_FALSE(lat.noisy);
}

TEST_CASE("Unknown host facts stay unknown after a round trip", "[benchmark][store]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    BenchmarkRun in;
    in.tool = "sysbench";
    in.samples.push_back(makeSample("cpu.events_per_s", 1545.47, "ops/s"));
    auto id = store->addRun(in);
    REQUIRE(id);
    auto out = store->run(*id);
    REQUIRE(out);
    CHECK_FALSE(out->host.logicalCpus);
    CHECK_FALSE(out->host.physicalCores);
    CHECK_FALSE(out->host.memoryGib);
    CHECK(out->host.platform == PlatformKind::Unknown);
    CHECK_FALSE(out->importedAt.empty()); // the store stamps it when the caller did not
}

TEST_CASE("Runs are listed newest first without their samples", "[benchmark][store]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    BenchmarkRun older = exampleRun();
    older.importedAt = "2026-11-01T00:00:00Z";
    BenchmarkRun newer = exampleRun();
    newer.tool = "iperf3";
    newer.importedAt = "2026-11-02T00:00:00Z";
    auto a = store->addRun(newer);
    auto b = store->addRun(older);
    REQUIRE(a);
    REQUIRE(b);
    auto runs = store->runs();
    REQUIRE(runs);
    REQUIRE(runs->size() == 2);
    CHECK((*runs)[0].id == *a);
    CHECK((*runs)[0].tool == "iperf3");
    CHECK((*runs)[1].id == *b);
    CHECK((*runs)[0].samples.empty());
    CHECK((*runs)[1].host.instanceType == "m5.large");
}

TEST_CASE("Tagging a run sets provider region and instance type", "[benchmark][store]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    auto id = store->addRun(exampleRun());
    REQUIRE(id);
    REQUIRE(store->tagRun(*id, "gcp", "europe-west1", "n2-standard-2"));
    auto out = store->run(*id);
    REQUIRE(out);
    CHECK(out->host.provider == "gcp");
    CHECK(out->host.region == "europe-west1");
    CHECK(out->host.instanceType == "n2-standard-2");
    CHECK(out->samples.size() == 2);

    auto missing = store->tagRun(*id + 100, "aws", "", "");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    auto control = store->tagRun(*id, "aws\nregion", "", "");
    REQUIRE_FALSE(control);
    CHECK(control.error().message == "provider contains a control character");
}

TEST_CASE("Removing a run removes its samples through the foreign key", "[benchmark][store]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    auto keep = store->addRun(exampleRun());
    auto gone = store->addRun(exampleRun());
    REQUIRE(keep);
    REQUIRE(gone);
    REQUIRE(store->removeRun(*gone));
    auto count = f.db.prepare("SELECT count(*) FROM bench_samples WHERE run_id=?");
    REQUIRE(count);
    count->bind(1, *gone);
    REQUIRE(*count->step());
    CHECK(count->int64(0) == 0);
    auto missing = store->run(*gone);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    CHECK(store->run(*keep)->samples.size() == 2);
    auto again = store->removeRun(*gone);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Error::Code::NotFound);
}

TEST_CASE("A bad sample after good ones rolls the whole run back", "[benchmark][store][error]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    BenchmarkRun run = exampleRun();
    Sample bad;
    bad.metric = "disk.randread.latency.mean";
    bad.unit = "s";
    bad.value = std::numeric_limits<double>::quiet_NaN();
    run.samples.push_back(bad);
    auto id = store->addRun(run);
    REQUIRE_FALSE(id);
    CHECK(id.error().message
          == "samples[2].value is not a finite number (metric disk.randread.latency.mean)");
    auto runs = store->runs();
    REQUIRE(runs);
    CHECK(runs->empty());
    auto count = f.db.prepare("SELECT count(*) FROM bench_samples");
    REQUIRE(count);
    REQUIRE(*count->step());
    CHECK(count->int64(0) == 0);
}

TEST_CASE("Appending samples is all or nothing and needs an existing run", "[benchmark][store]")
{
    StoreFixture f;
    auto store = BenchmarkStore::open(f.db);
    REQUIRE(store);
    BenchmarkRun run = exampleRun();
    run.samples.clear();
    auto id = store->addRun(run);
    REQUIRE(id);
    Sample ok = makeSample("cpu.events_per_s", 575e6, "ops/s");
    ok.parameters = {{"threads", "1"}};
    REQUIRE(store->addSamples(*id, {ok}));
    Sample badRaw = ok;
    badRaw.rawValues = {1.0, std::numeric_limits<double>::infinity()};
    auto failed = store->addSamples(*id, {ok, badRaw});
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message
          == "samples[1].raw_values[1] is not a finite number (metric cpu.events_per_s)");
    CHECK(store->run(*id)->samples.size() == 1);
    auto missing = store->addSamples(*id + 1, {ok});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
}

TEST_CASE("The benchmark schema has its own version key and refuses a newer one",
          "[benchmark][store]")
{
    StoreFixture f;
    REQUIRE(BenchmarkStore::open(f.db));
    {
        auto q = f.db.prepare("SELECT value FROM meta WHERE key='bench_schema_version'");
        REQUIRE(q);
        REQUIRE(*q->step());
        CHECK(q->text(0) == "1");
    }
    // Opening twice is harmless (tables IF NOT EXISTS, version already current).
    REQUIRE(BenchmarkStore::open(f.db));
    REQUIRE(f.db.exec("UPDATE meta SET value='99' WHERE key='bench_schema_version'"));
    auto newer = BenchmarkStore::open(f.db);
    REQUIRE_FALSE(newer);
    CHECK(newer.error().code == Error::Code::Unsupported);
}

TEST_CASE("Runs persist in a workspace file across connections", "[benchmark][store]")
{
    const auto dir = testing::makeTempDir("benchstore");
    const auto path = dir / "w.db";
    std::int64_t id = 0;
    {
        auto db = sql::Database::open(path);
        REQUIRE(db);
        auto store = BenchmarkStore::open(*db);
        REQUIRE(store);
        auto added = store->addRun(exampleRun());
        REQUIRE(added);
        id = *added;
    }
    {
        auto db = sql::Database::open(path);
        REQUIRE(db);
        auto store = BenchmarkStore::open(*db);
        REQUIRE(store);
        auto run = store->run(id);
        REQUIRE(run);
        CHECK(run->samples.size() == 2);
    }
    std::filesystem::remove_all(dir);
}
