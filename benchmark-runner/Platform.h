#pragma once

#include "benchmark-runner/Sample.h"
#include "common/Result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Where this process runs: hardware virtualisation (bare metal or which hypervisor, which cloud)
// and OS-level isolation (which container runtime), as two independent verdicts, each with the
// evidence it rests on and a confidence (BENCHMARKS.md §2.4). Reads files only: no root, no
// network, no external programs.
namespace cloudcost::benchmark {

// How sure a verdict is. Low: weak or conflicting signals; Medium: one good signal or a conflict
// between good ones; High: agreeing independent signals.
enum class Confidence
{
    Low,
    Medium,
    High,
};
std::string_view toString(Confidence confidence); // low|medium|high

// How much one observation counts (BENCHMARKS.md §2.4: a lone /.dockerenv is weak).
enum class Strength
{
    Weak,
    Medium,
    Strong,
};
std::string_view toString(Strength strength); // weak|medium|strong

// One observation and what it suggests.
struct Evidence
{
    std::string source;      // file or instruction read: "/sys/class/dmi/id/sys_vendor", "CPUID"
    std::string observation; // what was found, printable: "Amazon EC2", "absent", "not readable"
    std::string suggests;    // vm, bare_metal, container, none, or "" when only informative
    std::string name;        // hypervisor, cloud or runtime it points to ("kvm", "docker"), or ""
    Strength strength = Strength::Weak;
    std::string note; // why it matters, with its source section
};

// The verdict of one layer.
struct Verdict
{
    // Virtualisation layer: "vm", "bare_metal" or "unknown".
    // Container layer: "container", "none" or "unknown".
    std::string kind = "unknown";
    std::string name;  // kvm, amazon, xen, microsoft, vmware, bhyve, ... or docker, podman,
                       // kubernetes, lxc, ...; "" when unidentified
    std::string cloud; // aws, gcp, azure, oracle, alibaba when a fingerprint says so, else ""
    Confidence confidence = Confidence::Low;
    std::vector<Evidence> evidence;
    std::vector<std::string> notes; // conflicts, leftovers, nesting
};

// CPUID facts on x86: the hypervisor-present bit (leaf 1 ECX bit 31) and the 12-byte vendor
// signature of leaf 0x40000000 ("KVMKVMKVM\0\0\0" is returned as "KVMKVMKVM").
struct CpuidFacts
{
    bool hypervisorBit = false;
    std::string signature; // "" when the bit is clear or the leaf is empty
};

// Reads CPUID on this machine; nullopt on non-x86 builds.
std::optional<CpuidFacts> readCpuid();

// Where to look. Tests point root at a fake tree and inject CPUID facts.
struct PlatformOptions
{
    std::filesystem::path root = "/";
    // When set, used instead of the CPUID instruction (tests); when unset, the real CPUID is read
    // only if useRealCpuid.
    std::optional<CpuidFacts> cpuid;
    bool useRealCpuid = true;
    // Whether uname(), sysconf() and gethostname() may fill facts the tree lacks (off in tests
    // so that a fake tree is the only input).
    bool useSystemCalls = true;
};

// Both verdicts and the host facts.
struct PlatformReport
{
    Verdict virtualization;
    Verdict container;
    bool nestedPossible = false;    // conflicting hypervisor identities (BENCHMARKS.md §2.4/2.5)
    HostFacts host;                 // platform, hypervisor, container filled from the verdicts
    std::vector<std::string> notes; // host notes: CPU quota, THP, steal time
};

// Detects the platform from the files under options.root. Missing or unreadable files are
// evidence ("absent", "not readable"), never errors; fails only when root is not a directory.
Result<PlatformReport> detectPlatform(const PlatformOptions& options = {});

} // namespace cloudcost::benchmark
