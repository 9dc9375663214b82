// fio results: `--output-format=json` and `json+` (fio 3.x, and the legacy 2.x layout whose
// latencies are in microseconds), and the normal text output as a fallback. Field meanings and
// units: data/benchmarks/fio/README.md and BENCHMARKS.md §1.2-1.4; the metric names and unit
// conversions are listed in docs/BENCHMARK-IMPORT.md.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/JsonImport.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace cloudcost::benchmark {

namespace {

using json = nlohmann::json;
namespace ji = jsonimport;
namespace ti = textimport;

constexpr double kNsToS = 1e-9;
constexpr double kUsToS = 1e-6;
constexpr double kMsToS = 1e-3;
constexpr double kKib = 1024.0; // fio's JSON "bw" is KiB/s (fio README, "bw")

// The percentiles kept as samples (fio's default percentile_list contains all four).
constexpr std::pair<double, const char*> kPercentiles[] = {
    {50.0, "p50"},
    {95.0, "p95"},
    {99.0, "p99"},
    {99.9, "p99.9"},
};

// Completion latency (or sync latency) of one direction, in seconds.
struct Latency
{
    double meanS = 0;
    double count = 0;                  // N: number of I/Os measured
    std::map<double, double> percentS; // percentile (50, 99.9...) -> seconds
    std::map<double, double> binsS;    // json+: latency (s) -> I/O count
    bool hasBins = false;
};

// One direction (read, write, trim) of one job entry.
struct Direction
{
    bool used = false;
    double iops = 0;
    double bandwidthBps = 0;
    std::optional<Latency> clat;
};

// One entry of `jobs` (one job, or one clone of it when numjobs > 1 without group_reporting).
struct Job
{
    std::string name;
    std::string groupId;
    std::map<std::string, std::string> options;  // global options overridden by job options
    std::map<std::string, Direction> directions; // "read", "write", "trim"
    std::optional<Latency> sync;
    std::string path; // "jobs[3]" for messages
    // False when the options are unknown (a text job without its description line): then
    // fio's defaults are not assumed for what is missing.
    bool optionsKnown = true;
};

constexpr const char* kDirections[] = {"read", "write", "trim"};

// fio's size syntax for bs: digits with an optional k/m/g/t suffix. In the default compatibility
// mode (kb_base=1024) "4k" and "4kb" are 4096 while the IEC forms ("4KiB") are 1000-based; with
// kb_base=1000 it is the other way round (fio HOWTO, option kb_base).
std::optional<double> fioSizeBytes(std::string_view s, bool kbBase1000)
{
    s = text::trim(s);
    std::size_t digits = 0;
    while (digits < s.size() && ((s[digits] >= '0' && s[digits] <= '9') || s[digits] == '.')) {
        ++digits;
    }
    if (digits == 0) {
        return std::nullopt;
    }
    auto value = text::parseDouble(s.substr(0, digits));
    if (!value || *value < 0) {
        return std::nullopt;
    }
    std::string suffix = text::toLower(s.substr(digits));
    if (suffix.empty() || suffix == "b") {
        return *value;
    }
    static const std::string kPrefixes = "kmgtp";
    const auto p = kPrefixes.find(suffix[0]);
    if (p == std::string::npos) {
        return std::nullopt;
    }
    const std::string rest = suffix.substr(1);
    bool iec = false;
    if (rest == "ib") {
        iec = true;
    } else if (!rest.empty() && rest != "b") {
        return std::nullopt;
    }
    const double base = (iec != kbBase1000) ? 1000.0 : 1024.0;
    return *value * std::pow(base, static_cast<double>(p + 1));
}

std::string formatCount(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    return std::to_string(v);
}

std::string option(const Job& job, const char* name)
{
    const auto it = job.options.find(name);
    return it == job.options.end() ? std::string() : it->second;
}

// "rand" or "seq" from the rw option (default `read`, fio HOWTO "rw"); "" when unrecognised.
std::string accessPattern(const std::string& rw)
{
    const std::string mode = rw.substr(0, rw.find(':')); // "randread:8" = offset modifier
    static const std::set<std::string> kRandom = {"randread", "randwrite", "randrw", "randtrim"};
    static const std::set<std::string> kSequential =
        {"read", "write", "rw", "readwrite", "trim", "trimwrite"};
    if (kRandom.count(mode)) {
        return "rand";
    }
    if (kSequential.count(mode)) {
        return "seq";
    }
    return {};
}

// Directions the rw option asks for, to warn when the sections say otherwise.
std::set<std::string> directionsOf(const std::string& rw)
{
    const std::string mode = rw.substr(0, rw.find(':'));
    if (mode == "read" || mode == "randread") {
        return {"read"};
    }
    if (mode == "write" || mode == "randwrite") {
        return {"write"};
    }
    if (mode == "trim" || mode == "randtrim") {
        return {"trim"};
    }
    if (mode == "rw" || mode == "readwrite" || mode == "randrw") {
        return {"read", "write"};
    }
    if (mode == "trimwrite") {
        return {"trim", "write"};
    }
    return {};
}

// The block size of one direction: bs may hold "read,write,trim" sizes (fio HOWTO "bs").
std::optional<std::string> blockSizeParam(const Job& job, const std::string& direction)
{
    std::string bs = option(job, "bs");
    if (bs.empty()) {
        bs = option(job, "blocksize");
    }
    if (bs.empty()) {
        return std::nullopt;
    }
    auto parts = text::split(bs, ',');
    std::size_t index = direction == "read" ? 0 : direction == "write" ? 1 : 2;
    std::string_view part = index < parts.size() ? parts[index] : parts.back();
    if (text::trim(part).empty()) {
        part = parts.front();
    }
    auto bytes = fioSizeBytes(part, option(job, "kb_base") == "1000");
    if (!bytes) {
        return std::string(text::trim(part)); // a range "4k-16k" stays as written
    }
    return formatCount(*bytes);
}

std::map<std::string, std::string>
parameters(const Job& job, const std::string& direction, BenchmarkRun& run)
{
    std::map<std::string, std::string> p;
    p["job"] = job.name;
    if (auto bs = blockSizeParam(job, direction)) {
        p["block_size"] = *bs;
    } else if (job.optionsKnown && option(job, "bsrange").empty()
               && option(job, "bssplit").empty()) {
        // fio HOWTO, option bs: "Defaults to 4096". job options only list what was given.
        p["block_size"] = "4096";
        ti::warnOnce(run,
                     "job " + job.name
                         + ": bs not given, fio's default 4096 bytes assumed (fio HOWTO, bs)");
    }
    // fio HOWTO, option iodepth: "Default: 1"; numjobs: "Default: 1".
    const std::string fioDefault = job.optionsKnown ? "1" : "";
    for (const char* key : {"iodepth", "numjobs"}) {
        const std::string v = option(job, key).empty() ? fioDefault : option(job, key);
        if (!v.empty()) {
            p[key] = v;
        }
    }
    for (const char* key : {"ioengine", "direct", "fsync", "fdatasync"}) {
        if (auto v = option(job, key); !v.empty()) {
            p[key] = v;
        }
    }
    const std::string rw = option(job, "rw").empty() ? option(job, "readwrite") : option(job, "rw");
    if (directionsOf(rw).size() > 1) {
        const std::string mix = option(job, "rwmixread");
        if (!mix.empty()) {
            p["rwmixread"] = mix;
        }
    }
    return p;
}

Result<std::optional<Latency>> readLatency(const json& dir,
                                           const std::string& path,
                                           const std::string& displayName,
                                           const char* nsKey,
                                           const char* usKey)
{
    const json* obj = nullptr;
    double scale = 0;
    std::string objPath;
    if (auto it = dir.find(nsKey); it != dir.end()) {
        obj = &*it;
        scale = kNsToS;
        objPath = path + "." + nsKey;
    } else if (auto legacy = dir.find(usKey); legacy != dir.end()) {
        obj = &*legacy; // fio 2.x: microseconds (fio README, legacy layout)
        scale = kUsToS;
        objPath = path + "." + usKey;
    } else {
        return std::optional<Latency>{};
    }
    if (!obj->is_object()) {
        return ji::fieldError(displayName, objPath, "expected an object");
    }
    Latency lat;
    auto n = ji::optNonNegative(*obj, "N", objPath, displayName);
    if (!n) {
        return n.error();
    }
    auto mean = ji::optNonNegative(*obj, "mean", objPath, displayName);
    if (!mean) {
        return mean.error();
    }
    if (!*mean) {
        return std::optional<Latency>{};
    }
    lat.meanS = **mean * scale;
    // fio 2.x has no N; a zero mean means nothing was measured.
    lat.count = n->value_or(**mean > 0 ? 1.0 : 0.0);
    if (lat.count == 0) {
        return std::optional<Latency>{};
    }
    if (auto pct = obj->find("percentile"); pct != obj->end()) {
        if (!pct->is_object()) {
            return ji::fieldError(displayName, objPath + ".percentile", "expected an object");
        }
        for (const auto& [key, value] : pct->items()) {
            auto p = text::parseDouble(key);
            if (!p || *p <= 0 || *p > 100) {
                continue; // fio 2.1.4 writes bogus "0.00" keys (fio README)
            }
            if (!value.is_number() || !std::isfinite(value.get<double>())
                || value.get<double>() < 0) {
                return ji::fieldError(displayName,
                                      objPath + ".percentile[\"" + key + "\"]",
                                      "expected a number >= 0");
            }
            lat.percentS[*p] = value.get<double>() * scale;
        }
    }
    if (auto bins = obj->find("bins"); bins != obj->end()) {
        if (!bins->is_object()) {
            return ji::fieldError(displayName, objPath + ".bins", "expected an object");
        }
        for (const auto& [key, value] : bins->items()) {
            auto at = text::parseDouble(key);
            if (!at || *at < 0 || !value.is_number() || value.get<double>() < 0
                || !std::isfinite(value.get<double>())) {
                return ji::fieldError(displayName,
                                      objPath + ".bins[\"" + key + "\"]",
                                      "expected latency -> count");
            }
            lat.binsS[*at * scale] += value.get<double>();
        }
        lat.hasBins = true;
    }
    return std::optional<Latency>(std::move(lat));
}

Result<Direction>
readDirection(const json& dir, const std::string& path, const std::string& displayName)
{
    Direction d;
    if (!dir.is_object()) {
        return ji::fieldError(displayName, path, "expected an object");
    }
    auto totalIos = ji::optNonNegative(dir, "total_ios", path, displayName);
    auto ioBytes = ji::optNonNegative(dir, "io_bytes", path, displayName);
    auto iops = ji::optNonNegative(dir, "iops", path, displayName);
    auto bwBytes = ji::optNonNegative(dir, "bw_bytes", path, displayName);
    auto bwKib = ji::optNonNegative(dir, "bw", path, displayName);
    for (const auto* r : {&totalIos, &ioBytes, &iops, &bwBytes, &bwKib}) {
        if (!*r) {
            return r->error();
        }
    }
    d.used = totalIos->value_or(0) > 0 || ioBytes->value_or(0) > 0 || iops->value_or(0) > 0;
    if (!d.used) {
        return d;
    }
    if (!*iops) {
        return ji::fieldError(displayName, path + ".iops", "missing (expected a number)");
    }
    d.iops = **iops;
    if (*bwBytes) {
        d.bandwidthBps = **bwBytes;
    } else if (*bwKib) {
        d.bandwidthBps = **bwKib * kKib;
    } else {
        return ji::fieldError(displayName, path + ".bw_bytes", "missing (and no bw either)");
    }
    auto clat = readLatency(dir, path, displayName, "clat_ns", "clat");
    if (!clat) {
        return clat.error();
    }
    d.clat = std::move(*clat);
    return d;
}

Result<Job> readJob(const json& entry,
                    const std::string& path,
                    const std::map<std::string, std::string>& globals,
                    const std::string& displayName)
{
    if (!entry.is_object()) {
        return ji::fieldError(displayName, path, "expected a job object");
    }
    Job job;
    job.path = path;
    job.name = ji::optText(entry, "jobname");
    job.groupId = ji::optText(entry, "groupid");
    job.options = globals;
    if (auto opts = entry.find("job options"); opts != entry.end()) {
        if (!opts->is_object()) {
            return ji::fieldError(displayName, path + ".job options", "expected an object");
        }
        for (const auto& [k, v] : opts->items()) {
            job.options[k] = ji::optText(*opts, k);
            (void)v;
        }
    }
    if (job.name.empty()) {
        job.name = option(job, "name");
    }
    for (const char* name : kDirections) {
        auto it = entry.find(name);
        if (it == entry.end()) {
            continue; // trim is absent in fio 2.x
        }
        auto d = readDirection(*it, path + "." + name, displayName);
        if (!d) {
            return d.error();
        }
        job.directions[name] = std::move(*d);
    }
    if (auto sync = entry.find("sync"); sync != entry.end() && sync->is_object()) {
        auto lat = readLatency(*sync, path + ".sync", displayName, "lat_ns", "lat");
        if (!lat) {
            return lat.error();
        }
        job.sync = std::move(*lat);
    }
    return job;
}

// Percentile p of a histogram (latency -> count): the first bin whose cumulative count reaches
// p % of all I/Os, as fio computes its own percentiles from the same bins.
double percentileFromBins(const std::map<double, double>& bins, double total, double p)
{
    const double rank = p / 100.0 * total;
    double cumulative = 0;
    for (const auto& [at, count] : bins) {
        cumulative += count;
        if (cumulative >= rank) {
            return at;
        }
    }
    return bins.empty() ? 0.0 : bins.rbegin()->first;
}

// Merges clones of one job (numjobs > 1 without group_reporting): rates add up, the mean
// latency is weighted by I/O count, percentiles come from merged json+ bins when all clones have
// them and are dropped otherwise (percentiles of parts do not combine).
std::optional<Latency> mergeLatency(const std::vector<const Latency*>& parts, bool& lostPercentiles)
{
    if (parts.empty()) {
        return std::nullopt;
    }
    if (parts.size() == 1) {
        return *parts.front();
    }
    Latency merged;
    bool allBins = true;
    double weighted = 0;
    for (const Latency* l : parts) {
        merged.count += l->count;
        weighted += l->meanS * l->count;
        allBins = allBins && l->hasBins;
        for (const auto& [at, c] : l->binsS) {
            merged.binsS[at] += c;
        }
    }
    if (merged.count <= 0) {
        return std::nullopt;
    }
    merged.meanS = weighted / merged.count;
    if (allBins) {
        merged.hasBins = true;
        for (const auto& [p, name] : kPercentiles) {
            (void)name;
            merged.percentS[p] = percentileFromBins(merged.binsS, merged.count, p);
        }
    } else {
        merged.binsS.clear();
        lostPercentiles = true;
    }
    return merged;
}

void addLatencySamples(std::vector<Sample>& out,
                       const std::string& prefix,
                       const Latency& lat,
                       const std::map<std::string, std::string>& params)
{
    Sample mean;
    mean.metric = prefix + ".mean";
    mean.value = lat.meanS;
    mean.unit = "s";
    mean.higherIsBetter = false;
    mean.parameters = params;
    out.push_back(mean);
    for (const auto& [p, name] : kPercentiles) {
        for (const auto& [have, seconds] : lat.percentS) {
            if (std::fabs(have - p) < 1e-6) {
                Sample s = mean;
                s.metric = prefix + "." + name;
                s.value = seconds;
                out.push_back(std::move(s));
            }
        }
    }
}

Sample rateSample(std::string metric,
                  double value,
                  const char* unit,
                  const std::map<std::string, std::string>& params)
{
    Sample s;
    s.metric = std::move(metric);
    s.value = value;
    s.unit = unit;
    s.higherIsBetter = true;
    s.parameters = params;
    return s;
}

// Emits the samples of one job (its clones merged) into run.
void emitJob(const std::vector<const Job*>& clones, BenchmarkRun& run)
{
    const Job& job = *clones.front();
    const std::string rw = option(job, "rw").empty() ? option(job, "readwrite") : option(job, "rw");
    // fio HOWTO, rw: "Default: read" (not assumed when the options are unknown).
    const std::string rwOrDefault = rw.empty() && job.optionsKnown ? "read" : rw;
    const std::string pattern = accessPattern(rwOrDefault);
    if (pattern.empty() && !rwOrDefault.empty()) {
        ti::warnOnce(run,
                     "job " + job.name + ": unknown rw " + ti::quoted(rw)
                         + ": random or sequential unknown, metrics named disk.<direction>.*");
    }
    std::set<std::string> usedDirections;
    for (const char* name : kDirections) {
        std::vector<const Direction*> parts;
        for (const Job* clone : clones) {
            auto it = clone->directions.find(name);
            if (it != clone->directions.end() && it->second.used) {
                parts.push_back(&it->second);
            }
        }
        if (parts.empty()) {
            continue;
        }
        usedDirections.insert(name);
        double iops = 0;
        double bandwidth = 0;
        std::vector<const Latency*> lats;
        for (const Direction* d : parts) {
            iops += d->iops;
            bandwidth += d->bandwidthBps;
            if (d->clat) {
                lats.push_back(&*d->clat);
            }
        }
        const auto params = parameters(job, name, run);
        const std::string prefix = "disk." + pattern + name;
        run.samples.push_back(rateSample(prefix + ".iops", iops, "ops/s", params));
        run.samples.push_back(rateSample(prefix + ".bandwidth", bandwidth, "B/s", params));
        bool lostPercentiles = false;
        if (auto lat = mergeLatency(lats, lostPercentiles)) {
            addLatencySamples(run.samples, prefix + ".latency", *lat, params);
        }
        if (lostPercentiles) {
            ti::warnOnce(run,
                         "job " + job.name + ": " + std::to_string(clones.size())
                             + " clones without group_reporting; their latency percentiles "
                               "cannot be combined without json+ bins, only the mean is kept");
        }
        if (clones.size() > 1) {
            ti::warnOnce(run,
                         "job " + job.name + ": " + std::to_string(clones.size())
                             + " clone entries (numjobs without group_reporting) summed");
        }
    }
    const auto expected = directionsOf(rwOrDefault);
    if (!expected.empty() && !usedDirections.empty() && expected != usedDirections) {
        std::string have;
        for (const auto& d : usedDirections) {
            have += (have.empty() ? "" : "+") + d;
        }
        ti::warnOnce(run,
                     "job " + job.name + ": option rw is " + ti::quoted(rwOrDefault)
                         + " but the sections with I/O are " + have
                         + "; directions taken from the sections (BENCHMARKS.md §1.4)");
    }
    std::vector<const Latency*> syncs;
    for (const Job* clone : clones) {
        if (clone->sync) {
            syncs.push_back(&*clone->sync);
        }
    }
    bool lostPercentiles = false;
    if (auto sync = mergeLatency(syncs, lostPercentiles)) {
        auto params = parameters(job, "write", run);
        params["sync_call"] = !option(job, "fdatasync").empty() ? "fdatasync"
                              : !option(job, "fsync").empty()   ? "fsync"
                                                                : "sync";
        addLatencySamples(run.samples, "disk.sync.latency", *sync, params);
    }
}

Result<BenchmarkRun> parseFioJson(std::string_view content, const std::string& displayName)
{
    const std::size_t start = ji::findJsonStart(content);
    if (start == std::string_view::npos) {
        return makeError(Error::Code::ParseFailed,
                         "no JSON object found: expected fio --output-format=json output",
                         displayName);
    }
    auto doc = ji::parseObject(content, start, displayName, "fio --output-format=json output");
    if (!doc) {
        return doc.error();
    }
    const json& root = doc->value;
    BenchmarkRun run;
    run.tool = "fio";
    run.toolVersion = ji::optText(root, "fio version");
    if (start > 0) {
        run.warnings.push_back("skipped " + std::to_string(ji::lineOf(content, start) - 1)
                               + " line(s) before the JSON document (fio messages)");
    }
    if (doc->trailingByte > 0) {
        run.warnings.push_back("ignored text after the JSON document from line "
                               + std::to_string(ji::lineOf(content, doc->trailingByte)));
    }
    if (run.toolVersion.empty()) {
        run.warnings.push_back("no \"fio version\" key: layout detected per section");
    }
    if (auto ts = ji::optNumber(root, "timestamp", "$", displayName); ts && *ts) {
        run.measuredAt = ti::isoFromEpoch(**ts);
    }
    std::map<std::string, std::string> globals;
    if (auto g = root.find("global options"); g != root.end()) {
        if (!g->is_object()) {
            return ji::fieldError(displayName, "global options", "expected an object");
        }
        for (const auto& [k, v] : g->items()) {
            globals[k] = ji::optText(*g, k);
            (void)v;
        }
    }
    const char* listKey = "jobs";
    auto jobsIt = root.find("jobs");
    if (jobsIt == root.end()) {
        jobsIt = root.find("client_stats"); // client/server mode (fio README, top level)
        listKey = "client_stats";
    }
    if (jobsIt == root.end() || !jobsIt->is_array()) {
        return ji::fieldError(displayName, "jobs", "missing or not an array (not fio JSON?)");
    }
    std::vector<Job> jobs;
    std::size_t failed = 0;
    for (std::size_t i = 0; i < jobsIt->size(); ++i) {
        const json& entry = (*jobsIt)[i];
        const std::string path = std::string(listKey) + "[" + std::to_string(i) + "]";
        if (entry.is_object() && ji::optText(entry, "jobname") == "All clients") {
            continue; // the client/server aggregate repeats the per-client figures
        }
        auto err = ji::optNumber(entry, "error", path, displayName);
        if (!err) {
            return err.error();
        }
        if (*err && **err != 0) {
            ++failed;
            run.warnings.push_back("job " + ji::optText(entry, "jobname") + " (" + path
                                   + ") failed with error " + formatCount(**err)
                                   + ": its figures are not imported");
            continue;
        }
        auto job = readJob(entry, path, globals, displayName);
        if (!job) {
            return job.error();
        }
        jobs.push_back(std::move(*job));
    }
    if (jobs.empty()) {
        return makeError(Error::Code::ParseFailed,
                         failed > 0 ? "every fio job failed (error != 0): nothing to import"
                                    : "the fio output has no jobs",
                         displayName);
    }
    // Clones of a job are consecutive entries with the same name and group.
    for (std::size_t i = 0; i < jobs.size();) {
        std::vector<const Job*> clones{&jobs[i]};
        std::size_t j = i + 1;
        while (j < jobs.size() && jobs[j].name == jobs[i].name
               && jobs[j].groupId == jobs[i].groupId) {
            clones.push_back(&jobs[j]);
            ++j;
        }
        emitJob(clones, run);
        i = j;
    }
    return run;
}

// ---- normal text output ------------------------------------------------------------------------

// "82.7k" -> 82700 (fio prints IOPS with decimal k/M suffixes).
std::optional<double> suffixedCount(std::string_view s)
{
    double mult = 1;
    if (!s.empty() && (s.back() == 'k' || s.back() == 'M' || s.back() == 'G')) {
        mult = s.back() == 'k' ? 1e3 : s.back() == 'M' ? 1e6 : 1e9;
        s.remove_suffix(1);
    }
    auto v = ti::number(s);
    if (!v || *v < 0) {
        return std::nullopt;
    }
    return *v * mult;
}

// "323MiB/s" or "339MB/s" -> bytes per second.
std::optional<double> bandwidthText(std::string_view s)
{
    if (!text::endsWith(s, "/s")) {
        return std::nullopt;
    }
    s.remove_suffix(2);
    static const std::pair<const char*, double> kUnits[] = {
        {"TiB", 1099511627776.0},
        {"GiB", 1073741824.0},
        {"MiB", 1048576.0},
        {"KiB", 1024.0},
        {"kB", 1e3},
        {"MB", 1e6},
        {"GB", 1e9},
        {"TB", 1e12},
        {"B", 1.0},
    };
    for (const auto& [unit, mult] : kUnits) {
        if (text::endsWith(s, unit)) {
            auto v = ti::number(s.substr(0, s.size() - std::string_view(unit).size()));
            if (!v || *v < 0) {
                return std::nullopt;
            }
            return *v * mult;
        }
    }
    return std::nullopt;
}

std::optional<double> latencyUnit(std::string_view unit)
{
    if (unit == "nsec") {
        return kNsToS;
    }
    if (unit == "usec") {
        return kUsToS;
    }
    if (unit == "msec") {
        return kMsToS;
    }
    return std::nullopt;
}

Result<BenchmarkRun> parseFioText(std::string_view content, const std::string& displayName)
{
    if (auto st = ti::checkText(content, displayName, "fio normal output"); !st) {
        return st.error();
    }
    BenchmarkRun run;
    run.tool = "fio";
    run.warnings.push_back(
        "fio normal (text) output: IOPS and bandwidth are rounded to 3 significant digits; "
        "run fio with --output-format=json for exact figures");
    static const std::regex kDescription(
        R"(^(\S[^:]*): \(g=(\d+)\): rw=(\w+), bs=\(R\) (\S+)-(\S+), \(W\) (\S+)-(\S+), )"
        R"(\(T\) (\S+)-(\S+), ioengine=(\S+), iodepth=(\d+))");
    static const std::regex kJobHeader(
        R"(^(\S[^:]*): \(groupid=(\d+), jobs=(\d+)\): err=\s*(\d+))");
    static const std::regex kDirection(
        R"(^\s+(read|write|trim)\s*: IOPS=([0-9.]+[kMG]?), BW=([0-9.]+[A-Za-z]+/s))");
    static const std::regex kClat(R"(^\s+clat \((nsec|usec|msec)\):.*avg=\s*([0-9.]+))");
    static const std::regex kSync(R"(^\s+sync \((nsec|usec|msec)\):.*avg=\s*([0-9.]+))");
    static const std::regex kPercentHeader(R"(^\s+(clat|sync) percentiles \((nsec|usec|msec)\):)");
    static const std::regex kPercentEntry(R"(([0-9.]+)th=\[\s*([0-9]+)\])");
    static const std::regex kVersion(R"(^fio-(\d+\.\d+\S*)\s*$)");

    struct Shape
    {
        std::string rw;
        std::string bsRead, bsWrite, bsTrim;
        std::string ioengine;
        std::string iodepth;
    };
    std::map<std::string, Shape> shapes;
    Job job; // current job
    Latency* current = nullptr;
    std::string currentDirection;
    double percentScale = 0;
    bool inPercentiles = false;
    std::vector<Job> jobs;
    std::vector<std::pair<std::string, std::size_t>> order;

    auto finishJob = [&]() {
        if (!job.name.empty()) {
            jobs.push_back(job);
        }
        job = Job{};
        current = nullptr;
        inPercentiles = false;
    };

    for (const auto& line : ti::splitLines(content)) {
        const std::string s(line.text);
        std::smatch m;
        if (std::regex_search(s, m, kVersion)) {
            run.toolVersion = "fio-" + m[1].str();
            continue;
        }
        if (std::regex_search(s, m, kDescription)) {
            Shape shape;
            shape.rw = m[3];
            shape.bsRead = m[4];
            shape.bsWrite = m[6];
            shape.bsTrim = m[8];
            shape.ioengine = m[10];
            shape.iodepth = m[11];
            for (const auto& [lo, hi] : {std::pair{m[4].str(), m[5].str()},
                                         std::pair{m[6].str(), m[7].str()},
                                         std::pair{m[8].str(), m[9].str()}}) {
                if (lo != hi) {
                    ti::warnOnce(run, "job " + m[1].str() + ": block size range " + lo + "-" + hi);
                }
            }
            shapes[m[1]] = shape;
            continue;
        }
        if (std::regex_search(s, m, kJobHeader)) {
            finishJob();
            job.name = m[1];
            job.groupId = m[2];
            job.options["numjobs"] = m[3]; // "(groupid=0, jobs=1)"
            job.path = ti::where(displayName, line.number);
            if (m[4] != "0") {
                return ti::parseError(displayName,
                                      line.number,
                                      "job " + m[1].str() + " failed (err=" + m[4].str()
                                          + "): no figures to import");
            }
            continue;
        }
        if (job.name.empty()) {
            continue;
        }
        if (std::regex_search(s, m, kDirection)) {
            inPercentiles = false;
            auto iops = suffixedCount(m[2].str());
            auto bw = bandwidthText(m[3].str());
            if (!iops || !bw) {
                return ti::parseError(displayName,
                                      line.number,
                                      "cannot read IOPS/BW in " + ti::quoted(s));
            }
            Direction d;
            d.used = true;
            d.iops = *iops;
            d.bandwidthBps = *bw;
            currentDirection = m[1];
            job.directions[currentDirection] = d;
            continue;
        }
        if (std::regex_search(s, m, kClat) && !currentDirection.empty()) {
            auto avg = ti::number(m[2].str());
            if (!avg || *avg < 0) {
                return ti::parseError(displayName, line.number, "bad clat avg in " + ti::quoted(s));
            }
            Latency lat;
            lat.meanS = *avg * *latencyUnit(m[1].str());
            lat.count = 1;
            job.directions[currentDirection].clat = lat;
            current = &*job.directions[currentDirection].clat;
            continue;
        }
        if (std::regex_search(s, m, kSync)) {
            auto avg = ti::number(m[2].str());
            if (!avg || *avg < 0) {
                return ti::parseError(displayName, line.number, "bad sync avg in " + ti::quoted(s));
            }
            Latency lat;
            lat.meanS = *avg * *latencyUnit(m[1].str());
            lat.count = 1;
            job.sync = lat;
            current = &*job.sync;
            continue;
        }
        if (std::regex_search(s, m, kPercentHeader)) {
            inPercentiles = current != nullptr;
            percentScale = *latencyUnit(m[2].str());
            continue;
        }
        if (inPercentiles) {
            if (!text::startsWith(text::trim(line.text), "|")) {
                inPercentiles = false;
                continue;
            }
            for (auto it = std::sregex_iterator(s.begin(), s.end(), kPercentEntry);
                 it != std::sregex_iterator();
                 ++it) {
                auto p = ti::number((*it)[1].str());
                auto v = ti::number((*it)[2].str());
                if (!p || !v || *p <= 0 || *p > 100) {
                    return ti::parseError(displayName,
                                          line.number,
                                          "bad percentile entry " + ti::quoted((*it)[0].str()));
                }
                current->percentS[*p] = *v * percentScale;
            }
        }
    }
    finishJob();
    if (jobs.empty()) {
        return makeError(Error::Code::ParseFailed,
                         "no fio job results found (expected lines like `name: (groupid=0, "
                         "jobs=1): err= 0` and `read: IOPS=...`)",
                         displayName);
    }
    for (auto& j : jobs) {
        if (auto it = shapes.find(j.name); it != shapes.end()) {
            const Shape& shape = it->second;
            j.options["rw"] = shape.rw;
            // The description prints sizes in bytes ("4096B"); keep one bs when all agree.
            auto strip = [](std::string v) {
                return text::endsWith(v, "B") ? v.substr(0, v.size() - 1) : v;
            };
            j.options["bs"] =
                strip(shape.bsRead) + "," + strip(shape.bsWrite) + "," + strip(shape.bsTrim);
            j.options["ioengine"] = shape.ioengine;
            j.options["iodepth"] = shape.iodepth;
        } else {
            j.optionsKnown = false;
            ti::warnOnce(run,
                         "job " + j.name
                             + ": its description line (rw=, bs=, iodepth=) is missing");
        }
        emitJob({&j}, run);
    }
    return run;
}

int sniffFioJson(std::string_view head, std::string_view /*fileName*/)
{
    if (ji::findJsonStart(head) == std::string_view::npos) {
        return 0; // a document about the format (a README) is not the format
    }
    if (text::contains(head, "\"fio version\"")) {
        return 95;
    }
    if (text::contains(head, "\"jobs\"") && text::contains(head, "\"job options\"")) {
        return 80;
    }
    return 0;
}

int sniffFioText(std::string_view head, std::string_view /*fileName*/)
{
    if (text::contains(head, "\"fio version\"")) {
        return 0;
    }
    if (text::contains(head, "(groupid=") && text::contains(head, "IOPS=")) {
        return 90;
    }
    if (text::contains(head, "(groupid=") || text::contains(head, "Run status group")) {
        return 60;
    }
    return 0;
}

} // namespace

void registerFioImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"fio-json",
                   "fio --output-format=json or json+ (fio 3.x; legacy 2.x with latencies in µs)",
                   sniffFioJson,
                   parseFioJson});
    out.push_back({"fio-text",
                   "fio normal text output (rounded figures; prefer --output-format=json)",
                   sniffFioText,
                   parseFioText});
}

} // namespace cloudcost::benchmark
