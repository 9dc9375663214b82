// iperf3 results: `iperf3 -J` JSON (TCP, UDP, -R, --bidir, -O warm-up, error documents) and the
// client's text output as a fallback. Keys and units: data/benchmarks/iperf3/README.md and
// BENCHMARKS.md §1.2-1.4; metric names and conversions: docs/BENCHMARK-IMPORT.md.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/JsonImport.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <cmath>
#include <map>
#include <optional>
#include <regex>

namespace cloudcost::benchmark {

namespace {

using json = nlohmann::json;
namespace ji = jsonimport;
namespace ti = textimport;

constexpr double kUsToS = 1e-6; // RTT fields are microseconds (iperf3 README, units)
constexpr double kMsToS = 1e-3; // jitter_ms

std::string formatCount(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    return std::to_string(v);
}

Sample makeSample(std::string metric,
                  double value,
                  const char* unit,
                  bool higherIsBetter,
                  const std::map<std::string, std::string>& params)
{
    Sample s;
    s.metric = std::move(metric);
    s.value = value;
    s.unit = unit;
    s.higherIsBetter = higherIsBetter;
    s.parameters = params;
    return s;
}

const json* objectAt(const json& obj, const char* key)
{
    if (!obj.is_object()) {
        return nullptr;
    }
    auto it = obj.find(key);
    return it != obj.end() && it->is_object() ? &*it : nullptr;
}

// "Linux vm 6.18.44-fc-v782 #1 SMP ..." (uname -a order: kernel name, node name, release).
void hostFromSystemInfo(const std::string& info, HostFacts& host)
{
    auto f = ti::fields(info);
    if (f.size() >= 3 && f[0] == "Linux") {
        host.hostname = std::string(f[1]);
        host.kernel = std::string(f[2]);
    }
}

Result<BenchmarkRun> parseIperf3Json(std::string_view content, const std::string& displayName)
{
    const std::size_t start = ji::findJsonStart(content);
    if (start == std::string_view::npos) {
        return makeError(Error::Code::ParseFailed,
                         "no JSON object found: expected iperf3 -J output",
                         displayName);
    }
    auto doc = ji::parseObject(content, start, displayName, "iperf3 -J output");
    if (!doc) {
        return doc.error();
    }
    const json& root = doc->value;
    // iperf 3.12 -J exits 0 and writes {"error": "..."} instead of results (iperf3 README):
    // refused, even when partial results precede the error.
    if (auto err = root.find("error"); err != root.end() && !err->is_null()) {
        const std::string message = err->is_string() ? err->get<std::string>() : err->dump();
        return makeError(Error::Code::InvalidInput,
                         "iperf3 reported an error instead of results: "
                             + text::printable(message, 200) + " (nothing to import)",
                         displayName);
    }
    BenchmarkRun run;
    run.tool = "iperf3";
    if (start > 0) {
        run.warnings.push_back("skipped " + std::to_string(ji::lineOf(content, start) - 1)
                               + " line(s) before the JSON document");
    }
    if (doc->trailingByte > 0) {
        run.warnings.push_back("ignored text after the JSON document from line "
                               + std::to_string(ji::lineOf(content, doc->trailingByte)));
    }
    const json* startObj = objectAt(root, "start");
    const json* end = objectAt(root, "end");
    if (!startObj || !end) {
        return ji::fieldError(displayName,
                              startObj ? "end" : "start",
                              "missing or not an object (not iperf3 -J output?)");
    }
    std::string version = ji::optText(*startObj, "version"); // "iperf 3.12"
    if (text::startsWith(version, "iperf ")) {
        version = version.substr(6);
    }
    run.toolVersion = version;
    hostFromSystemInfo(ji::optText(*startObj, "system_info"), run.host);
    if (const json* ts = objectAt(*startObj, "timestamp")) {
        auto secs = ji::optNumber(*ts, "timesecs", "start.timestamp", displayName);
        if (!secs) {
            return secs.error();
        }
        if (*secs) {
            run.measuredAt = ti::isoFromEpoch(**secs);
        }
    }
    const json* testStart = objectAt(*startObj, "test_start");
    if (!testStart) {
        return ji::fieldError(displayName, "start.test_start", "missing (not iperf3 -J output?)");
    }
    const std::string protocol = text::toLower(ji::optText(*testStart, "protocol"));
    if (protocol != "tcp" && protocol != "udp") {
        return ji::fieldError(displayName,
                              "start.test_start.protocol",
                              "expected TCP or UDP, found " + ti::quoted(protocol));
    }
    std::map<std::string, std::string> params;
    for (const auto& [key, name] : {std::pair{"num_streams", "streams"},
                                    std::pair{"blksize", "block_size"},
                                    std::pair{"duration", "duration_s"},
                                    std::pair{"omit", "omit_s"},
                                    std::pair{"target_bitrate", "target_bitrate"}}) {
        auto v = ji::optNonNegative(*testStart, key, "start.test_start", displayName);
        if (!v) {
            return v.error();
        }
        if (*v && !(std::string_view(key) == "target_bitrate" && **v == 0)) {
            params[name] = formatCount(**v);
        }
    }
    auto reverse = ji::optNumber(*testStart, "reverse", "start.test_start", displayName);
    auto bidir = ji::optNumber(*testStart, "bidir", "start.test_start", displayName);
    if (!reverse || !bidir) {
        return !reverse ? reverse.error() : bidir.error();
    }
    const bool isReverse = reverse->value_or(0) != 0;
    const bool isBidir = bidir->value_or(0) != 0 || end->contains("sum_received_bidir_reverse");
    if (auto cc = ji::optText(*end, "sender_tcp_congestion"); !cc.empty()) {
        params["congestion"] = cc;
    }
    // Direction from the client's point of view: upload = client -> server (iperf3's default),
    // download = server -> client (-R).
    auto directionParams = [&](bool download) {
        auto p = params;
        p["direction"] = download ? "download" : "upload";
        return p;
    };
    const std::string prefix = "net." + protocol;

    // Per-interval receiver-side rates without warm-up intervals, for the spread.
    std::vector<double> intervalRates;
    if (auto intervals = root.find("intervals"); intervals != root.end() && intervals->is_array()) {
        for (std::size_t i = 0; i < intervals->size(); ++i) {
            const json* sum = objectAt((*intervals)[i], "sum");
            if (!sum) {
                continue;
            }
            if (auto omitted = sum->find("omitted");
                omitted != sum->end() && omitted->is_boolean() && omitted->get<bool>()) {
                continue;
            }
            auto bps = ji::optNonNegative(*sum,
                                          "bits_per_second",
                                          "intervals[" + std::to_string(i) + "].sum",
                                          displayName);
            if (!bps) {
                return bps.error();
            }
            if (*bps) {
                intervalRates.push_back(**bps);
            }
        }
    }

    // One direction's end totals: throughput at the receiver, retransmits (TCP), jitter and loss
    // (UDP).
    auto addSums = [&](const char* receivedKey,
                       const char* sentKey,
                       bool download,
                       bool withIntervals) -> Status {
        const auto p = directionParams(download);
        const json* received = objectAt(*end, receivedKey);
        const json* sent = objectAt(*end, sentKey);
        const json* udpSum = protocol == "udp" ? objectAt(*end, "sum") : nullptr;
        const json* rateFrom = received;
        std::string ratePath = std::string("end.") + receivedKey;
        if (!rateFrom && udpSum) {
            rateFrom = udpSum; // before 3.?: UDP end has only `sum` (sender-side rate)
            ratePath = "end.sum";
            ti::warnOnce(run,
                         "no end.sum_received: UDP throughput taken from end.sum (sender side, "
                         "lost packets not subtracted)");
        }
        if (!rateFrom) {
            return ji::fieldError(displayName,
                                  std::string("end.") + receivedKey,
                                  "missing (expected the receiver totals)");
        }
        auto bps = ji::optNonNegative(*rateFrom, "bits_per_second", ratePath, displayName);
        if (!bps) {
            return bps.error();
        }
        if (!*bps) {
            return ji::fieldError(displayName, ratePath + ".bits_per_second", "missing");
        }
        run.samples.push_back(makeSample(prefix + ".throughput", **bps, "bit/s", true, p));
        if (withIntervals) {
            run.samples.back().rawValues = intervalRates;
        }
        if (protocol == "tcp" && sent) {
            auto retr = ji::optNonNegative(*sent,
                                           "retransmits",
                                           std::string("end.") + sentKey,
                                           displayName);
            if (!retr) {
                return retr.error();
            }
            if (*retr) {
                run.samples.push_back(
                    makeSample(prefix + ".retransmits", **retr, "count", false, p));
            }
        }
        if (protocol == "udp") {
            const json* stats = received ? received : udpSum;
            const std::string path = received ? ratePath : "end.sum";
            auto jitter = ji::optNonNegative(*stats, "jitter_ms", path, displayName);
            auto loss = ji::optNonNegative(*stats, "lost_percent", path, displayName);
            if (!jitter || !loss) {
                return !jitter ? jitter.error() : loss.error();
            }
            if (*jitter) {
                run.samples.push_back(
                    makeSample(prefix + ".jitter", **jitter * kMsToS, "s", false, p));
            }
            if (*loss) {
                if (**loss > 100) {
                    return ji::fieldError(displayName,
                                          path + ".lost_percent",
                                          "expected a percentage <= 100");
                }
                run.samples.push_back(makeSample(prefix + ".loss", **loss, "%", false, p));
            }
        }
        return {};
    };
    if (auto st = addSums("sum_received", "sum_sent", isReverse, !isBidir); !st) {
        return st.error();
    }
    if (isBidir) {
        // --bidir: the reverse sums are the opposite direction (iperf3 README, end).
        if (auto st =
                addSums("sum_received_bidir_reverse", "sum_sent_bidir_reverse", !isReverse, false);
            !st) {
            return st.error();
        }
    }

    // Smoothed TCP RTT of the streams this side sent (Linux tcp_info, a latency proxy, not a
    // ping); with -R the client only receives and its RTT fields are 0.
    if (protocol == "tcp") {
        double rttSum = 0;
        int rttStreams = 0;
        if (auto streams = end->find("streams"); streams != end->end() && streams->is_array()) {
            for (std::size_t i = 0; i < streams->size(); ++i) {
                const json* sender = objectAt((*streams)[i], "sender");
                if (!sender) {
                    continue;
                }
                const std::string path = "end.streams[" + std::to_string(i) + "].sender";
                auto isSender = sender->find("sender");
                if (isSender != sender->end() && isSender->is_boolean() && !isSender->get<bool>()) {
                    continue;
                }
                auto rtt = ji::optNonNegative(*sender, "mean_rtt", path, displayName);
                if (!rtt) {
                    return rtt.error();
                }
                if (*rtt && **rtt > 0) {
                    rttSum += **rtt;
                    ++rttStreams;
                }
            }
        }
        if (rttStreams > 0) {
            auto p = directionParams(isReverse);
            run.samples.push_back(
                makeSample(prefix + ".rtt.mean", rttSum / rttStreams * kUsToS, "s", false, p));
        } else {
            run.warnings.push_back(
                "no TCP RTT: the client did not send (-R) or the platform reports none");
        }
    }
    return run;
}

// ---- text output -------------------------------------------------------------------------------

// "12.5" + "Gbits/sec" -> bit/s (decimal prefixes, iperf3 README text output).
std::optional<double> bitrate(std::string_view number, std::string_view unit)
{
    auto v = ti::number(number);
    if (!v || *v < 0) {
        return std::nullopt;
    }
    static const std::pair<const char*, double> kUnits[] = {
        {"bits/sec", 1.0},
        {"Kbits/sec", 1e3},
        {"Mbits/sec", 1e6},
        {"Gbits/sec", 1e9},
        {"Tbits/sec", 1e12},
    };
    for (const auto& [name, mult] : kUnits) {
        if (unit == name) {
            return *v * mult;
        }
    }
    return std::nullopt;
}

Result<BenchmarkRun> parseIperf3Text(std::string_view content, const std::string& displayName)
{
    if (auto st = ti::checkText(content, displayName, "iperf3 text output"); !st) {
        return st.error();
    }
    // "[  5]   0.00-3.00   sec  4.37 GBytes  12.5 Gbits/sec   33             sender"
    // "[SUM]   0.00-10.00  sec  ...  receiver" with -P N.
    static const std::regex kSummary(
        R"(^\[\s*(\d+|SUM)\]\s+[0-9.]+-[0-9.]+\s+sec\s+[0-9.]+\s+\S*Bytes\s+)"
        R"(([0-9.]+)\s+(\S+/sec)\s+(?:(\d+)\s+)?(sender|receiver)\s*$)");
    static const std::regex kUdpSummary(
        R"(^\[\s*(\d+|SUM)\]\s+[0-9.]+-[0-9.]+\s+sec\s+[0-9.]+\s+\S*Bytes\s+)"
        R"(([0-9.]+)\s+(\S+/sec)\s+([0-9.]+) ms\s+(\d+)/(\d+) \(([0-9.e+-]+)%\)\s+)"
        R"((sender|receiver)\s*$)");
    static const std::regex kError(R"(^iperf3: error - (.*)$)");
    static const std::regex kReverse(R"(^Reverse mode, remote host)");
    BenchmarkRun run;
    run.tool = "iperf3";
    run.warnings.push_back(
        "iperf3 text output: rates are rounded to 3 significant digits; use iperf3 -J for exact "
        "figures");
    bool reverse = false;
    bool sawSum = false;
    std::map<std::string, std::string> params;
    struct Found
    {
        double bps = 0;
        std::optional<double> retransmits;
        std::optional<double> jitterMs, lossPercent;
        std::size_t line = 0;
        bool udp = false;
    };
    std::optional<Found> sender, receiver;
    std::size_t streams = 0;
    for (const auto& line : ti::splitLines(content)) {
        const std::string s(line.text);
        std::smatch m;
        if (std::regex_search(s, m, kError)) {
            return ti::parseError(displayName,
                                  line.number,
                                  "iperf3 reported an error instead of results: "
                                      + text::printable(m[1].str(), 200) + " (nothing to import)");
        }
        if (std::regex_search(s, m, kReverse)) {
            reverse = true;
            continue;
        }
        const bool udp = std::regex_match(s, m, kUdpSummary);
        if (!udp && !std::regex_match(s, m, kSummary)) {
            continue;
        }
        const bool isSum = m[1] == "SUM";
        if (sawSum && !isSum) {
            continue; // per-stream lines after [SUM] lines do not replace the totals
        }
        auto bps = bitrate(m[2].str(), m[3].str());
        if (!bps) {
            return ti::parseError(displayName,
                                  line.number,
                                  "cannot read the bitrate "
                                      + ti::quoted(m[2].str() + " " + m[3].str()));
        }
        Found f;
        f.bps = *bps;
        f.line = line.number;
        f.udp = udp;
        std::string role;
        if (udp) {
            f.jitterMs = ti::number(m[4].str());
            f.lossPercent = ti::number(m[7].str());
            role = m[8];
        } else {
            if (m[4].matched) {
                f.retransmits = ti::number(m[4].str());
            }
            role = m[5];
        }
        if (isSum && !sawSum) {
            sawSum = true;
            sender.reset();
            receiver.reset();
        }
        if (!isSum) {
            ++streams;
        }
        auto& slot = role == "sender" ? sender : receiver;
        if (!isSum && slot) {
            // several streams without a [SUM] line (should not happen): add them up
            slot->bps += f.bps;
            if (f.retransmits) {
                slot->retransmits = slot->retransmits.value_or(0) + *f.retransmits;
            }
            continue;
        }
        slot = f;
    }
    if (!receiver) {
        return makeError(Error::Code::ParseFailed,
                         "no iperf3 summary line ending in `receiver` found (expected the client's "
                         "text output, or use iperf3 -J)",
                         displayName);
    }
    const bool udp = receiver->udp;
    params["direction"] = reverse ? "download" : "upload";
    if (streams > 0 && !sawSum) {
        params["streams"] = std::to_string(std::max<std::size_t>(1, streams / 2));
    }
    const std::string prefix = udp ? "net.udp" : "net.tcp";
    run.samples.push_back(makeSample(prefix + ".throughput", receiver->bps, "bit/s", true, params));
    if (!udp && sender && sender->retransmits) {
        run.samples.push_back(
            makeSample(prefix + ".retransmits", *sender->retransmits, "count", false, params));
    }
    if (udp) {
        if (receiver->jitterMs) {
            run.samples.push_back(
                makeSample(prefix + ".jitter", *receiver->jitterMs * kMsToS, "s", false, params));
        }
        if (receiver->lossPercent) {
            run.samples.push_back(
                makeSample(prefix + ".loss", *receiver->lossPercent, "%", false, params));
        }
    }
    return run;
}

int sniffIperf3Json(std::string_view head, std::string_view /*fileName*/)
{
    if (ji::findJsonStart(head) == std::string_view::npos) {
        return 0; // a document about the format (a README) is not the format
    }
    const bool start = text::contains(head, "\"start\"");
    if (start && text::contains(head, "\"iperf 3")) {
        return 95;
    }
    if (start
        && (text::contains(head, "\"test_start\"") || text::contains(head, "\"connected\""))) {
        return 85;
    }
    return 0;
}

int sniffIperf3Text(std::string_view head, std::string_view /*fileName*/)
{
    if (text::contains(head, "\"start\"")) {
        return 0;
    }
    if (text::contains(head, "[ ID] Interval") || text::contains(head, "iperf Done.")) {
        return 85;
    }
    if (text::contains(head, "iperf3: error - ")) {
        return 60;
    }
    return 0;
}

} // namespace

void registerIperf3Importers(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"iperf3-json",
                   "iperf3 -J JSON: TCP and UDP, -P, -R, --bidir (error documents are refused)",
                   sniffIperf3Json,
                   parseIperf3Json});
    out.push_back({"iperf3-text",
                   "iperf3 client text output (rounded figures; prefer -J)",
                   sniffIperf3Text,
                   parseIperf3Text});
}

} // namespace cloudcost::benchmark
