#pragma once

// The one normalised inventory model every importer fills (MIGRATION.md §2.6 item 1). Units are
// fixed here and converted by each importer: memory in MiB (2^20 bytes), disks in GiB (2^30 bytes),
// utilisation as a fraction of what is allocated (0.25 = 25 %), throughput in MB/s (10^6 bytes).
// "Missing" is std::nullopt, never 0: an unknown memory size and a 0-MiB VM are different facts.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cloudcost::decision {

enum class PowerState
{
    On,
    Off,
    Suspended,
    Unknown
};

// "on", "off", "suspended", "unknown" (stable names for JSON and CSV output).
const char* powerStateName(PowerState state);
// Reads the spellings producers use ("poweredOn", "Powered Off", "running", "stopped", "on", ...);
// anything else is Unknown.
PowerState parsePowerState(const std::string& text);

// Where an imported value came from, for messages and for the report's provenance column.
struct SourceRef
{
    std::string file;     // file name as given to the importer
    std::string sheet;    // XLSX sheet or CSV section; empty for flat files
    std::int64_t row = 0; // 1-based row in that sheet/file (header = row 1)
    std::string column;   // column header or letter when the fact is one cell; may be empty
};

struct Disk
{
    std::string name;
    std::optional<double> allocatedGib;
    std::optional<double> usedGib;
    bool thin = false;
};

// One utilisation figure over a window (an export's "95th percentile over 30 days", a trace's
// samples reduced by the importer, ...). A record with coverage below the sizing gate is kept and
// reported; sizing decides what to do with it.
enum class UtilStatistic
{
    Average,
    Maximum,
    Percentile
};

struct UtilisationRecord
{
    std::string source; // importer name, e.g. "vrops", "bitbrains", "azure-migrate"
    UtilStatistic statistic = UtilStatistic::Average;
    double percentile = 0.0;        // for Percentile: 95 for P95
    double windowDays = 0.0;        // length of the observed window
    std::optional<double> coverage; // fraction of the window with samples, 0..1
    std::optional<double> cpu;      // fraction of allocated vCPU, 0..1 (may exceed 1 briefly)
    // Absolute CPU demand/usage in MHz where the source measures MHz (Aria Operations demand,
    // Bitbrains usage); sizing turns it into a fraction once vCPU x core MHz is known.
    std::optional<double> cpuMhz;
    std::optional<double> memory; // fraction of allocated memory, 0..1
    std::optional<double> diskReadIops;
    std::optional<double> diskWriteIops;
    std::optional<double> diskMBps;
    std::optional<double> networkMBps;
};

// A per-sample time series, kept when the source has one (Bitbrains traces, vROps hourly rows) so
// that sizing can take any percentile; times are seconds since the epoch (UTC).
struct UtilisationSeries
{
    std::string source;
    std::vector<std::int64_t> times;
    std::vector<double> cpu;    // fraction of allocated; NaN where the sample lacks the value
    std::vector<double> memory; // fraction of allocated; NaN where missing
    std::vector<double> cpuMhz; // absolute MHz when the source has it (else empty); NaN missing
    double intervalSeconds = 0.0;
};

struct Dependency
{
    std::string target; // workload name or application name of the other end
    bool targetIsApplication = false;
    std::string protocol; // free text ("tcp/443"), may be empty
};

// A server, VM or application instance to place. Names are unique within an inventory (the
// importer reports duplicates and renames nothing silently).
struct Workload
{
    std::string name;
    std::string id; // the source's own id (VM UUID, server id), may be empty
    std::optional<int> vcpus;
    std::optional<double> memoryMib;
    std::vector<Disk> disks;
    PowerState power = PowerState::Unknown;
    bool isTemplate = false;
    std::string os;       // as reported (RVTools: the VMware Tools OS, else the configured one)
    std::string osFamily; // "linux", "windows" or "" when unknown
    std::string firmware; // "bios", "efi" or ""
    std::string host;
    std::string cluster;
    std::string datacenter;
    std::string application;
    std::string environment; // "prod", "test", "dev", ... as given, lower-cased
    std::vector<std::pair<std::string, std::string>> tags;
    // Licences, constraints and needs used by the decision tree (MODELS.md §5.2). Empty/nullopt
    // means unknown, and the tree says so in its trace.
    std::vector<std::string> licences;     // e.g. "windows-server", "sql-server-enterprise"
    bool perCoreLicensing = false;         // licence priced per physical core (Oracle, SQL ...)
    std::optional<bool> singleTenancy;     // compliance requires dedicated hardware
    std::optional<double> latencyBudgetMs; // end-to-end budget the workload must meet
    std::string securityLevel;             // "mlps-1".."mlps-3", "basic", "medium", "high"
    std::optional<int> gpus;
    std::string gpuModel;
    std::string gpuMode;              // "passthrough", "vgpu", "mig", ""
    std::optional<bool> customKernel; // needs kernel modules / a specific kernel
    std::string criticality;          // "low", "medium", "high", "mission-critical", ""
    std::vector<Dependency> dependencies;
    std::vector<UtilisationRecord> utilisation;
    std::vector<UtilisationSeries> series;
    SourceRef origin;
};

// Something the importer could not use or doubts, always reported (never a silent drop).
struct InventoryIssue
{
    enum class Severity
    {
        Warning,
        Dropped
    };
    Severity severity = Severity::Warning;
    SourceRef where;
    std::string message;
};

struct Inventory
{
    std::string name;   // user-given or the file stem
    std::string format; // importer id, e.g. "rvtools", "azure-migrate-csv"
    std::vector<std::string> files;
    std::vector<Workload> workloads;
    std::vector<InventoryIssue> issues;
};

} // namespace cloudcost::decision
