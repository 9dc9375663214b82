#include "benchmark-runner/BenchmarkStore.h"

#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <utility>

namespace cloudcost::benchmark {

namespace {

using json = nlohmann::json;

// The key of this module's schema version in the workspace's shared `meta` table (the pricing
// tables use `schema_version`; each module migrates only its own tables).
constexpr const char* kSchemaKey = "bench_schema_version";

// Schema migrations of the benchmark tables, applied in order inside one transaction. Never edit a
// shipped step: add one.
const char* const kMigrations[] = {
    // 1: runs and samples.
    R"SQL(
CREATE TABLE IF NOT EXISTS bench_runs(
    id INTEGER PRIMARY KEY,
    tool TEXT NOT NULL,
    tool_version TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    source_sha256 TEXT NOT NULL DEFAULT '',
    measured_at TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    hostname TEXT NOT NULL DEFAULT '',
    cpu_model TEXT NOT NULL DEFAULT '',
    logical_cpus INTEGER,
    physical_cores INTEGER,
    memory_gib REAL,
    kernel TEXT NOT NULL DEFAULT '',
    os TEXT NOT NULL DEFAULT '',
    platform TEXT NOT NULL DEFAULT 'unknown',
    hypervisor TEXT NOT NULL DEFAULT '',
    container TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    instance_type TEXT NOT NULL DEFAULT '',
    warnings_json TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS bench_samples(
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    higher_is_better INTEGER NOT NULL,
    parameters_json TEXT NOT NULL DEFAULT '{}',
    raw_values_json TEXT NOT NULL DEFAULT '[]',
    mean REAL,
    ci_low REAL,
    ci_high REAL,
    cv REAL,
    noisy INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS bench_samples_run ON bench_samples(run_id);
CREATE INDEX IF NOT EXISTS bench_runs_instance ON bench_runs(provider, region, instance_type);
)SQL",
};

constexpr const char* kRunColumns =
    "id, tool, tool_version, source_file, source_sha256, measured_at, imported_at, hostname,"
    " cpu_model, logical_cpus, physical_cores, memory_gib, kernel, os, platform, hypervisor,"
    " container, provider, region, instance_type, warnings_json";

bool finite(const std::optional<double>& v)
{
    return !v || std::isfinite(*v);
}

// Rejects what the table cannot hold faithfully: a sample without a metric or unit, non-finite
// numbers (SQLite turns NaN into NULL).
Status checkSample(const Sample& s, std::size_t index)
{
    const std::string where = "samples[" + std::to_string(index) + "]";
    if (text::trim(s.metric).empty()) {
        return makeError(Error::Code::InvalidInput, where + ".metric is empty");
    }
    if (s.unit.empty()) {
        return makeError(Error::Code::InvalidInput,
                         where + ".unit is empty (metric " + text::printable(s.metric) + ")");
    }
    if (!std::isfinite(s.value)) {
        return makeError(Error::Code::InvalidInput,
                         where + ".value is not a finite number (metric "
                             + text::printable(s.metric) + ")");
    }
    for (std::size_t i = 0; i < s.rawValues.size(); ++i) {
        if (!std::isfinite(s.rawValues[i])) {
            return makeError(Error::Code::InvalidInput,
                             where + ".raw_values[" + std::to_string(i)
                                 + "] is not a finite number (metric " + text::printable(s.metric)
                                 + ")");
        }
    }
    if (!finite(s.mean) || !finite(s.ciLow) || !finite(s.ciHigh) || !finite(s.cv)) {
        return makeError(Error::Code::InvalidInput,
                         where + ": mean, ci_low, ci_high and cv must be finite (metric "
                             + text::printable(s.metric) + ")");
    }
    return {};
}

// Tag values are short identifiers shown in tables: no control characters, bounded length.
Status checkTag(const std::string& value, const char* field)
{
    if (value.size() > 200) {
        return makeError(Error::Code::InvalidInput,
                         std::string(field) + " is longer than 200 characters");
    }
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7f) {
            return makeError(Error::Code::InvalidInput,
                             std::string(field) + " contains a control character");
        }
    }
    return {};
}

Status insertSamples(sql::Database& db, std::int64_t runId, const std::vector<Sample>& samples)
{
    auto ins = db.prepare(
        "INSERT INTO bench_samples(run_id, metric, value, unit, higher_is_better, parameters_json,"
        " raw_values_json, mean, ci_low, ci_high, cv, noisy) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins) {
        return ins.error();
    }
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        // Checked one by one while inserting: a bad sample after good ones rolls the whole
        // transaction back (tested), so nothing half written survives.
        if (auto st = checkSample(s, i); !st) {
            return st;
        }
        json params = json::object();
        for (const auto& [k, v] : s.parameters) {
            params[k] = v;
        }
        json raw = s.rawValues;
        const std::string paramsText = params.dump(-1, ' ', false, json::error_handler_t::replace);
        const std::string rawText = raw.dump();
        ins->bind(1, runId)
            .bind(2, s.metric)
            .bind(3, s.value)
            .bind(4, s.unit)
            .bind(5, s.higherIsBetter ? 1 : 0)
            .bind(6, paramsText)
            .bind(7, rawText)
            .bind(8, s.mean)
            .bind(9, s.ciLow)
            .bind(10, s.ciHigh)
            .bind(11, s.cv)
            .bind(12, s.noisy ? 1 : 0);
        if (auto st = ins->run(); !st) {
            return st;
        }
    }
    return {};
}

Result<bool> runExists(sql::Database& db, std::int64_t runId)
{
    auto q = db.prepare("SELECT 1 FROM bench_runs WHERE id=?");
    if (!q) {
        return q.error();
    }
    q->bind(1, runId);
    return q->step();
}

Error noSuchRun(std::int64_t runId)
{
    return makeError(Error::Code::NotFound,
                     "no benchmark run with id " + std::to_string(runId)
                         + " (see `cloudcost bench list`)");
}

std::optional<int> optInt(const sql::Statement& q, int column)
{
    if (q.isNull(column)) {
        return std::nullopt;
    }
    return static_cast<int>(q.int64(column));
}

// Reads one bench_runs row (columns in kRunColumns order).
Result<BenchmarkRun> readRun(const sql::Statement& q)
{
    BenchmarkRun r;
    r.id = q.int64(0);
    r.tool = q.text(1);
    r.toolVersion = q.text(2);
    r.sourceFile = q.text(3);
    r.sourceSha256 = q.text(4);
    r.measuredAt = q.text(5);
    r.importedAt = q.text(6);
    HostFacts& h = r.host;
    h.hostname = q.text(7);
    h.cpuModel = q.text(8);
    h.logicalCpus = optInt(q, 9);
    h.physicalCores = optInt(q, 10);
    h.memoryGib = q.optReal(11);
    h.kernel = q.text(12);
    h.os = q.text(13);
    h.platform = parsePlatformKind(q.textView(14)).value_or(PlatformKind::Unknown);
    h.hypervisor = q.text(15);
    h.container = q.text(16);
    h.provider = q.text(17);
    h.region = q.text(18);
    h.instanceType = q.text(19);
    const std::string context = "bench_runs id " + std::to_string(r.id);
    json warnings = json::parse(q.textView(20), nullptr, false);
    if (!warnings.is_array()) {
        return makeError(Error::Code::ParseFailed, "warnings_json is not a JSON array", context);
    }
    for (const auto& w : warnings) {
        if (!w.is_string()) {
            return makeError(Error::Code::ParseFailed, "warnings_json holds a non-string", context);
        }
        r.warnings.push_back(w.get<std::string>());
    }
    return r;
}

} // namespace

Result<BenchmarkStore> BenchmarkStore::open(sql::Database& db)
{
    if (auto st = sql::migrateSchema(db, kSchemaKey, kMigrations, "the benchmark tables"); !st) {
        return st.error();
    }
    return BenchmarkStore(db);
}

Result<std::int64_t> BenchmarkStore::addRun(const BenchmarkRun& run)
{
    if (text::trim(run.tool).empty()) {
        return makeError(Error::Code::InvalidInput, "a benchmark run needs a tool name");
    }
    for (const auto& [value, field] : {std::pair{&run.host.provider, "provider"},
                                       std::pair{&run.host.region, "region"},
                                       std::pair{&run.host.instanceType, "instance type"}}) {
        if (auto st = checkTag(*value, field); !st) {
            return st.error();
        }
    }
    if ((run.host.memoryGib && !std::isfinite(*run.host.memoryGib))) {
        return makeError(Error::Code::InvalidInput, "host memory_gib is not a finite number");
    }
    auto tx = sql::Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    auto ins = m_db->prepare(
        "INSERT INTO bench_runs(tool, tool_version, source_file, source_sha256, measured_at,"
        " imported_at, hostname, cpu_model, logical_cpus, physical_cores, memory_gib, kernel, os,"
        " platform, hypervisor, container, provider, region, instance_type, warnings_json)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins) {
        return ins.error();
    }
    const HostFacts& h = run.host;
    const std::string importedAt = run.importedAt.empty() ? text::nowUtcIso() : run.importedAt;
    const std::string warningsText =
        json(run.warnings).dump(-1, ' ', false, json::error_handler_t::replace);
    ins->bind(1, run.tool)
        .bind(2, run.toolVersion)
        .bind(3, run.sourceFile)
        .bind(4, run.sourceSha256)
        .bind(5, run.measuredAt)
        .bind(6, importedAt)
        .bind(7, h.hostname)
        .bind(8, h.cpuModel);
    if (h.logicalCpus) {
        ins->bind(9, *h.logicalCpus);
    } else {
        ins->bindNull(9);
    }
    if (h.physicalCores) {
        ins->bind(10, *h.physicalCores);
    } else {
        ins->bindNull(10);
    }
    ins->bind(11, h.memoryGib)
        .bind(12, h.kernel)
        .bind(13, h.os)
        .bind(14, toString(h.platform))
        .bind(15, h.hypervisor)
        .bind(16, h.container)
        .bind(17, h.provider)
        .bind(18, h.region)
        .bind(19, h.instanceType)
        .bind(20, warningsText);
    if (auto st = ins->run(); !st) {
        return st.error();
    }
    const std::int64_t runId = m_db->lastInsertRowId();
    if (auto st = insertSamples(*m_db, runId, run.samples); !st) {
        return st.error();
    }
    if (auto st = tx->commit(); !st) {
        return st.error();
    }
    return runId;
}

Status BenchmarkStore::addSamples(std::int64_t runId, const std::vector<Sample>& samples)
{
    auto tx = sql::Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    auto exists = runExists(*m_db, runId);
    if (!exists) {
        return exists.error();
    }
    if (!*exists) {
        return noSuchRun(runId);
    }
    if (auto st = insertSamples(*m_db, runId, samples); !st) {
        return st;
    }
    return tx->commit();
}

Status BenchmarkStore::tagRun(std::int64_t runId,
                              const std::string& provider,
                              const std::string& region,
                              const std::string& instanceType)
{
    for (const auto& [value, field] : {std::pair{&provider, "provider"},
                                       std::pair{&region, "region"},
                                       std::pair{&instanceType, "instance type"}}) {
        if (auto st = checkTag(*value, field); !st) {
            return st;
        }
    }
    auto tx = sql::Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    auto up =
        m_db->prepare("UPDATE bench_runs SET provider=?, region=?, instance_type=? WHERE id=?");
    if (!up) {
        return up.error();
    }
    if (auto st = up->bind(1, provider).bind(2, region).bind(3, instanceType).bind(4, runId).run();
        !st) {
        return st;
    }
    if (m_db->changes() == 0) {
        return noSuchRun(runId);
    }
    return tx->commit();
}

Status BenchmarkStore::removeRun(std::int64_t runId)
{
    auto tx = sql::Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    // Samples go with the run (ON DELETE CASCADE; sql::Database turns foreign keys on).
    auto del = m_db->prepare("DELETE FROM bench_runs WHERE id=?");
    if (!del) {
        return del.error();
    }
    if (auto st = del->bind(1, runId).run(); !st) {
        return st;
    }
    if (m_db->changes() == 0) {
        return noSuchRun(runId);
    }
    return tx->commit();
}

Result<std::vector<BenchmarkRun>> BenchmarkStore::runs()
{
    auto q = m_db->prepare(std::string("SELECT ") + kRunColumns
                           + " FROM bench_runs ORDER BY imported_at DESC, id DESC");
    if (!q) {
        return q.error();
    }
    std::vector<BenchmarkRun> out;
    while (true) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        auto r = readRun(*q);
        if (!r) {
            return r.error();
        }
        out.push_back(std::move(*r));
    }
    return out;
}

Result<std::vector<BenchmarkRun>> BenchmarkStore::runsWithSamples()
{
    auto list = runs();
    if (!list) {
        return list.error();
    }
    std::vector<BenchmarkRun> out;
    out.reserve(list->size());
    for (const auto& r : *list) {
        auto full = run(r.id);
        if (!full) {
            return full.error();
        }
        out.push_back(std::move(*full));
    }
    return out;
}

Result<BenchmarkRun> BenchmarkStore::run(std::int64_t runId)
{
    BenchmarkRun result;
    {
        auto q =
            m_db->prepare(std::string("SELECT ") + kRunColumns + " FROM bench_runs WHERE id=?");
        if (!q) {
            return q.error();
        }
        q->bind(1, runId);
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return noSuchRun(runId);
        }
        auto r = readRun(*q);
        if (!r) {
            return r.error();
        }
        result = std::move(*r);
    }
    auto q = m_db->prepare(
        "SELECT id, metric, value, unit, higher_is_better, parameters_json, raw_values_json, mean,"
        " ci_low, ci_high, cv, noisy FROM bench_samples WHERE run_id=? ORDER BY id");
    if (!q) {
        return q.error();
    }
    q->bind(1, runId);
    while (true) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const std::string context = "bench_samples id " + std::to_string(q->int64(0));
        Sample s;
        s.metric = q->text(1);
        s.value = q->real(2);
        s.unit = q->text(3);
        s.higherIsBetter = q->int64(4) != 0;
        json params = json::parse(q->textView(5), nullptr, false);
        if (!params.is_object()) {
            return makeError(Error::Code::ParseFailed,
                             "parameters_json is not a JSON object",
                             context);
        }
        for (const auto& [k, v] : params.items()) {
            if (!v.is_string()) {
                return makeError(Error::Code::ParseFailed,
                                 "parameters_json." + k + " is not a string",
                                 context);
            }
            s.parameters[k] = v.get<std::string>();
        }
        json raw = json::parse(q->textView(6), nullptr, false);
        if (!raw.is_array()) {
            return makeError(Error::Code::ParseFailed,
                             "raw_values_json is not a JSON array",
                             context);
        }
        for (const auto& v : raw) {
            if (!v.is_number()) {
                return makeError(Error::Code::ParseFailed,
                                 "raw_values_json holds a non-number",
                                 context);
            }
            s.rawValues.push_back(v.get<double>());
        }
        s.mean = q->optReal(7);
        s.ciLow = q->optReal(8);
        s.ciHigh = q->optReal(9);
        s.cv = q->optReal(10);
        s.noisy = q->int64(11) != 0;
        result.samples.push_back(std::move(s));
    }
    return result;
}

} // namespace cloudcost::benchmark
