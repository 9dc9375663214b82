#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

Result<BenchmarkRun> importIperf3(const std::string& name)
{
    return importBenchmarkFile(cloudcost::testing::sharedData("benchmarks/iperf3/" + name));
}

BenchmarkRun importOk(const std::string& name)
{
    auto run = importIperf3(name);
    INFO(name << ": " << (run ? std::string() : run.error().describe()));
    REQUIRE(run.hasValue());
    CHECK(run->tool == "iperf3");
    return std::move(*run);
}

double valueOf(const BenchmarkRun& run, const std::string& metric)
{
    const Sample* s = findSample(run, metric);
    INFO("metric " << metric);
    REQUIRE(s != nullptr);
    return s->value;
}

Result<BenchmarkRun> parseJson(const std::string& content)
{
    return importerNamed(registerIperf3Importers, "iperf3-json").parse(content, "i.json");
}

} // namespace

// Expected values: data/benchmarks/iperf3/README.md "key values" column, exact digits from the
// files.
TEST_CASE("iperf3 TCP gives receiver throughput retransmits and RTT", "[benchmark][iperf3]")
{
    const auto run = importOk("iperf3_tcp_loopback_1stream_5s.json");
    CHECK(run.toolVersion == "3.12");
    CHECK(run.measuredAt == "2026-11-26T12:23:02Z"); // timesecs 1795695782
    CHECK(run.host.hostname == "vm");
    CHECK(run.host.kernel == "6.18.44-fc-v782");
    const Sample* bps = findSample(run, "net.tcp.throughput");
    REQUIRE(bps);
    CHECK(bps->value == Approx(14498778106.445568)); // README: 14498.8 Mbit/s
    CHECK(bps->unit == "bit/s");
    CHECK(bps->parameters.at("direction") == "upload");
    CHECK(bps->parameters.at("streams") == "1");
    CHECK(bps->parameters.at("duration_s") == "5");
    CHECK(bps->parameters.at("block_size") == "131072");
    CHECK(bps->parameters.at("congestion") == "bbr");
    REQUIRE(bps->rawValues.size() == 5);
    CHECK(bps->rawValues[0] == Approx(14315931639.72535));
    const Sample* retr = findSample(run, "net.tcp.retransmits");
    REQUIRE(retr);
    CHECK(retr->value == 38);
    CHECK_FALSE(retr->higherIsBetter);
    const Sample* rtt = findSample(run, "net.tcp.rtt.mean");
    REQUIRE(rtt);
    CHECK(rtt->value == Approx(85e-6)); // mean_rtt 85 µs
    CHECK(rtt->unit == "s");
}

TEST_CASE("iperf3 reverse mode is a download without client RTT", "[benchmark][iperf3]")
{
    const auto run = importOk("iperf3_tcp_loopback_2streams_reverse_4s.json");
    const Sample* bps = findSample(run, "net.tcp.throughput");
    REQUIRE(bps);
    CHECK(bps->value == Approx(16791974324.481417)); // README: sum_received 16792.0 Mbit/s
    CHECK(bps->parameters.at("direction") == "download");
    CHECK(bps->parameters.at("streams") == "2");
    CHECK(valueOf(run, "net.tcp.retransmits") == 74);
    // sender:false, RTT fields 0 (README)
    CHECK(countMetric(run, "net.tcp.rtt.mean") == 0);
    CHECK(hasWarning(run, "no TCP RTT"));
}

TEST_CASE("iperf3 UDP gives throughput loss and jitter", "[benchmark][iperf3]")
{
    const auto run = importOk("iperf3_udp_loopback_500M_4s.json");
    const Sample* bps = findSample(run, "net.udp.throughput");
    REQUIRE(bps);
    CHECK(bps->value == Approx(497759271.932188)); // README: received 497.76 Mbit/s
    CHECK(bps->parameters.at("target_bitrate") == "500000000");
    CHECK(bps->parameters.at("block_size") == "32768");
    const Sample* loss = findSample(run, "net.udp.loss");
    REQUIRE(loss);
    CHECK(loss->value == Approx(0.406397482957525)); // 31/7628 packets (0.406 %)
    CHECK(loss->unit == "%");
    CHECK_FALSE(loss->higherIsBetter);
    CHECK(valueOf(run, "net.udp.jitter") == Approx(0.00246727428498968e-3)); // 0.0025 ms
    CHECK(countMetric(run, "net.udp.retransmits") == 0);
}

TEST_CASE("iperf3 text output gives the rounded receiver rate", "[benchmark][iperf3]")
{
    const auto run = importOk("iperf3_tcp_loopback_text.txt");
    CHECK(valueOf(run, "net.tcp.throughput") == Approx(12.5e9)); // README: 12.5 Gbits/sec
    CHECK(valueOf(run, "net.tcp.retransmits") == 33);
    CHECK(findSample(run, "net.tcp.throughput")->parameters.at("direction") == "upload");
    CHECK(hasWarning(run, "use iperf3 -J"));
}

TEST_CASE("An iperf3 error document is refused with its message", "[benchmark][iperf3][error]")
{
    auto run = importIperf3("iperf3_error_connection_refused.json");
    REQUIRE_FALSE(run);
    CHECK(run.error().code == Error::Code::InvalidInput);
    CHECK_THAT(run.error().message,
               Catch::Contains("iperf3 reported an error instead of results: unable to connect "
                               "to server: Connection refused"));
    CHECK_THAT(run.error().context, Catch::EndsWith("iperf3_error_connection_refused.json"));
}

TEST_CASE("iperf3 warm-up intervals are left out of the raw values", "[benchmark][iperf3]")
{
    auto run = parseJson(R"({"start":{"version":"iperf 3.12","test_start":{"protocol":"TCP",
        "num_streams":1,"omit":1,"duration":2,"reverse":0}},
        "intervals":[{"sum":{"bits_per_second":1e9,"omitted":true}},
                     {"sum":{"bits_per_second":2e9,"omitted":false}},
                     {"sum":{"bits_per_second":3e9,"omitted":false}}],
        "end":{"sum_sent":{"bits_per_second":2.5e9,"retransmits":0},
               "sum_received":{"bits_per_second":2.4e9}}})");
    REQUIRE(run);
    const Sample* bps = findSample(*run, "net.tcp.throughput");
    REQUIRE(bps);
    CHECK(bps->value == Approx(2.4e9));
    CHECK(bps->rawValues == std::vector<double>{2e9, 3e9});
    CHECK(bps->parameters.at("omit_s") == "1");
}

TEST_CASE("iperf3 bidirectional runs give both directions", "[benchmark][iperf3]")
{
    auto run = parseJson(R"({"start":{"version":"iperf 3.12","test_start":{"protocol":"TCP",
        "num_streams":1,"duration":2,"reverse":0,"bidir":1}},"intervals":[],
        "end":{"sum_sent":{"bits_per_second":5e9,"retransmits":1},
               "sum_received":{"bits_per_second":4e9},
               "sum_sent_bidir_reverse":{"bits_per_second":3e9,"retransmits":2},
               "sum_received_bidir_reverse":{"bits_per_second":2e9}}})");
    REQUIRE(run);
    CHECK(findSample(*run, "net.tcp.throughput", {{"direction", "upload"}})->value == 4e9);
    CHECK(findSample(*run, "net.tcp.throughput", {{"direction", "download"}})->value == 2e9);
    CHECK(findSample(*run, "net.tcp.retransmits", {{"direction", "download"}})->value == 2);
}

TEST_CASE("Hostile iperf3 documents are refused with the JSON path", "[benchmark][iperf3][error]")
{
    const auto [body, expected, why] = GENERATE(table<std::string, std::string, const char*>({
        {R"({"start":{"test_start":{"protocol":"SCTP"}},"end":{}})",
         "start.test_start.protocol: expected TCP or UDP",
         "unknown protocol"},
        {R"({"start":{"test_start":{"protocol":"TCP"}},)"
         R"("end":{"sum_received":{"bits_per_second":"fast"}}})",
         "end.sum_received.bits_per_second: expected a number, found string",
         "string rate"},
        {R"({"start":{"test_start":{"protocol":"TCP"}},)"
         R"("end":{"sum_received":{"bits_per_second":-1}}})",
         "end.sum_received.bits_per_second: expected a number >= 0",
         "negative rate"},
        {R"({"start":{"test_start":{"protocol":"TCP"}},"end":{}})",
         "end.sum_received: missing",
         "no receiver totals"},
        {R"({"start":{"test_start":{"protocol":"UDP"}},)"
         R"("end":{"sum_received":{"bits_per_second":1,"lost_percent":150}}})",
         "end.sum_received.lost_percent: expected a percentage <= 100",
         "loss over 100 %"},
        {R"({"start":{},"intervals":[],"end":{},"error":"the server has terminated"})",
         "iperf3 reported an error instead of results: the server has terminated",
         "error after start"},
    }));
    INFO(why);
    auto run = parseJson(body);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains(expected));
}
