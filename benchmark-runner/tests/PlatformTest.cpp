#include "benchmark-runner/Platform.h"

#include "benchmark-runner/Overhead.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "tests/support/TestData.h"

using namespace cloudcost::benchmark;
namespace fs = std::filesystem;

namespace {

// A fake root tree (/proc, /sys, /etc, /run ...) in a temporary directory.
struct FakeRoot
{
    fs::path root = cloudcost::testing::makeTempDir("platform");
    ~FakeRoot() { fs::remove_all(root); }

    FakeRoot& file(const std::string& logical, const std::string& content)
    {
        const auto p = root / logical;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return *this;
    }
    FakeRoot& dir(const std::string& logical)
    {
        fs::create_directories(root / logical);
        return *this;
    }
    FakeRoot& dmi(const std::map<std::string, std::string>& fields)
    {
        for (const auto& [k, v] : fields) {
            file("sys/class/dmi/id/" + k, v + "\n");
        }
        return *this;
    }
    FakeRoot& cpuinfo(bool hypervisorFlag)
    {
        std::string s;
        for (int i = 0; i < 4; ++i) {
            s += "processor\t: " + std::to_string(i) + "\nvendor_id\t: GenuineIntel\n"
                 + "model name\t: Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz\n"
                 + "physical id\t: 0\ncore id\t\t: " + std::to_string(i / 2) + "\n"
                 + "flags\t\t: fpu vme de pse tsc msr" + (hypervisorFlag ? " hypervisor" : "")
                 + " sse sse2\n\n";
        }
        return file("proc/cpuinfo", s);
    }
    // An ordinary host: systemd as PID 1, ext4 root, cgroup v2 at the root.
    FakeRoot& plainHost()
    {
        file("proc/1/comm", "systemd\n");
        file("proc/1/cgroup", "0::/init.scope\n");
        file("proc/self/cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n");
        file("proc/self/mountinfo",
             "26 1 254:0 / / rw,relatime - ext4 /dev/nvme0n1p1 rw,discard\n"
             "21 26 0:20 / /proc rw,relatime - proc proc rw\n");
        file("proc/self/status", "Name:\tcloudcost\nTracerPid:\t0\nNSpid:\t4242\n");
        file("proc/self/environ", std::string("HOME=/root\0PATH=/usr/bin\0", 25));
        return *this;
    }
    PlatformReport detect(std::optional<CpuidFacts> cpuid) const
    {
        PlatformOptions o;
        o.root = root;
        o.cpuid = cpuid;
        o.useRealCpuid = false;
        o.useSystemCalls = false;
        auto r = detectPlatform(o);
        REQUIRE(r);
        return *r;
    }
};

CpuidFacts sig(const std::string& signature)
{
    return CpuidFacts{true, signature};
}

bool hasEvidence(const Verdict& v, const std::string& source)
{
    for (const auto& e : v.evidence) {
        if (e.source == source) {
            return true;
        }
    }
    return false;
}

std::string allNotes(const Verdict& v)
{
    std::string s;
    for (const auto& n : v.notes) {
        s += n + "\n";
    }
    return s;
}

} // namespace

TEST_CASE("A KVM guest is a VM named kvm with high confidence", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .cpuinfo(true)
        .dmi({{"sys_vendor", "QEMU"},
              {"product_name", "Standard PC (Q35 + ICH9, 2009)"},
              {"bios_vendor", "SeaBIOS"}})
        .file("sys/devices/system/clocksource/clocksource0/current_clocksource", "kvm-clock\n")
        .file("sys/bus/pci/devices/0000:00:03.0/vendor", "0x1af4\n");
    const auto r = t.detect(sig("KVMKVMKVM"));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "kvm");
    CHECK(r.virtualization.confidence == Confidence::High);
    CHECK_FALSE(r.nestedPossible);
    CHECK(hasEvidence(r.virtualization, "CPUID leaf 0x40000000"));
    CHECK(hasEvidence(r.virtualization, "/sys/class/dmi/id/sys_vendor"));
    CHECK(r.container.kind == "none");
    CHECK(r.host.platform == cloudcost::benchmark::PlatformKind::VirtualMachine);
    CHECK(r.host.hypervisor == "kvm");
}

TEST_CASE("An AWS Nitro instance is an amazon VM with its instance type", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .cpuinfo(true)
        .dmi({{"sys_vendor", "Amazon EC2"},
              {"product_name", "m5.large"},
              {"bios_vendor", "Amazon EC2"},
              {"board_vendor", "Amazon EC2"}})
        .file("sys/bus/pci/devices/0000:00:05.0/vendor", "0x1d0f\n");
    const auto r = t.detect(sig("KVMKVMKVM"));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "amazon");
    CHECK(r.virtualization.cloud == "aws");
    CHECK(r.virtualization.confidence == Confidence::High);
    CHECK(r.host.provider == "aws");
    CHECK(r.host.instanceType == "m5.large");
    REQUIRE(overheadPlatformFor(r));
    CHECK(*overheadPlatformFor(r) == OverheadPlatform::ModernVm);
}

TEST_CASE("An EC2 metal instance is bare metal on AWS", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost().cpuinfo(false).dmi({{"sys_vendor", "Amazon EC2"}, {"product_name", "m5.metal"}});
    const auto r = t.detect(CpuidFacts{false, ""});
    CHECK(r.virtualization.kind == "bare_metal");
    CHECK(r.virtualization.cloud == "aws");
    CHECK(r.virtualization.confidence == Confidence::High);
    CHECK(r.host.platform == cloudcost::benchmark::PlatformKind::BareMetal);
    CHECK_FALSE(overheadPlatformFor(r));
}

TEST_CASE("A Hyper-V guest on Azure is a microsoft VM in the azure cloud", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .cpuinfo(true)
        .dmi({{"sys_vendor", "Microsoft Corporation"},
              {"product_name", "Virtual Machine"},
              {"chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77"}})
        .file("sys/devices/system/clocksource/clocksource0/current_clocksource",
              "hyperv_clocksource_tsc_page\n");
    const auto r = t.detect(sig("Microsoft Hv"));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "microsoft");
    CHECK(r.virtualization.cloud == "azure");
    CHECK(r.virtualization.confidence == Confidence::High);
}

TEST_CASE("A Microsoft Hv signature with QEMU DMI is KVM with enlightenments",
          "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost().cpuinfo(true).dmi({{"sys_vendor", "QEMU"}, {"product_name", "Standard PC"}});
    const auto r = t.detect(sig("Microsoft Hv"));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "kvm");
    CHECK_THAT(allNotes(r.virtualization), Catch::Contains("enlightenments"));
}

TEST_CASE("A VMware guest is a vmware VM", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .cpuinfo(true)
        .dmi({{"sys_vendor", "VMware, Inc."}, {"product_name", "VMware Virtual Platform"}})
        .file("sys/bus/pci/devices/0000:00:0f.0/vendor", "0x15ad\n");
    const auto r = t.detect(sig("VMwareVMware"));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "vmware");
    CHECK(r.virtualization.confidence == Confidence::High);
    CHECK_FALSE(r.nestedPossible);
}

TEST_CASE("A Xen guest on old AWS families is a xen VM in the aws cloud", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .cpuinfo(true)
        .dmi({{"sys_vendor", "Xen"}, {"product_name", "HVM domU"}, {"bios_version", "4.11.amazon"}})
        .dir("proc/xen")
        .file("sys/hypervisor/type", "xen\n")
        .file("sys/devices/system/clocksource/clocksource0/current_clocksource", "xen\n");
    const auto r = t.detect(sig("XenVMMXenVMM"));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "xen");
    CHECK(r.virtualization.cloud == "aws");
    CHECK(r.virtualization.confidence == Confidence::High);
    CHECK(hasEvidence(r.virtualization, "/proc/xen"));
    CHECK(hasEvidence(r.virtualization, "/sys/hypervisor/type"));
}

TEST_CASE("A Xen PV guest maps to the legacy paravirtual overhead column", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .file("sys/hypervisor/type", "xen\n")
        .file("sys/hypervisor/guest_type", "PV\n")
        .dir("proc/xen");
    const auto r = t.detect(std::nullopt);
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "xen");
    REQUIRE(overheadPlatformFor(r));
    CHECK(*overheadPlatformFor(r) == OverheadPlatform::LegacyParavirtVm);
}

TEST_CASE("A server with a hardware vendor and no hypervisor bit is bare metal",
          "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost()
        .cpuinfo(false)
        .dmi({{"sys_vendor", "Dell Inc."}, {"product_name", "PowerEdge R640"}})
        .file("sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n")
        .file("sys/bus/pci/devices/0000:00:00.0/vendor", "0x8086\n");
    const auto r = t.detect(CpuidFacts{false, ""});
    CHECK(r.virtualization.kind == "bare_metal");
    CHECK(r.virtualization.confidence == Confidence::High);
    CHECK(r.container.kind == "none");
    CHECK(r.container.confidence == Confidence::High);
    CHECK(r.host.platform == cloudcost::benchmark::PlatformKind::BareMetal);
}

TEST_CASE("A Docker container with cgroup and overlay evidence is docker with high confidence",
          "[benchmark][platform]")
{
    FakeRoot t;
    t.cpuinfo(false)
        .dmi({{"sys_vendor", "Dell Inc."}})
        .file(".dockerenv", "")
        .file("proc/1/comm", "sh\n")
        .file("proc/1/cgroup",
              "12:memory:/docker/3f5e2a9c1b7d\n11:cpu,cpuacct:/docker/3f5e2a9c1b7d\n")
        .file("proc/self/mountinfo",
              "600 550 0:50 / / rw,relatime master:300 - overlay overlay "
              "rw,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,"
              "upperdir=/var/lib/docker/overlay2/x/diff\n");
    const auto r = t.detect(CpuidFacts{false, ""});
    CHECK(r.container.kind == "container");
    CHECK(r.container.name == "docker");
    CHECK(r.container.confidence == Confidence::High);
    CHECK(r.host.platform == cloudcost::benchmark::PlatformKind::Container);
    CHECK(r.host.container == "docker");
    REQUIRE(overheadPlatformFor(r));
    CHECK(*overheadPlatformFor(r) == OverheadPlatform::ContainerOnBareMetal);
}

TEST_CASE("A Podman container is podman", "[benchmark][platform]")
{
    FakeRoot t;
    t.cpuinfo(false)
        .file("run/.containerenv", "engine=\"podman-4.3.1\"\n")
        .file("proc/1/environ", std::string("container=podman\0HOME=/\0", 24))
        .file("proc/1/cgroup", "0::/\n")
        .file("proc/self/mountinfo",
              "700 650 0:60 / / rw - overlay overlay "
              "rw,lowerdir=/home/u/.local/share/containers/storage/overlay/l/Q\n");
    const auto r = t.detect(CpuidFacts{false, ""});
    CHECK(r.container.kind == "container");
    CHECK(r.container.name == "podman");
    CHECK(r.container.confidence == Confidence::High);
    CHECK(hasEvidence(r.container, "/proc/1/environ"));
}

TEST_CASE("A Kubernetes pod is named kubernetes from cgroup and environment",
          "[benchmark][platform]")
{
    FakeRoot t;
    t.cpuinfo(true)
        .file("proc/1/comm", "pause\n")
        .file("proc/1/cgroup",
              "11:cpu,cpuacct:/kubepods/burstable/pod5f1e/0a1b2c\n"
              "10:memory:/kubepods/burstable/pod5f1e/0a1b2c\n")
        .file("proc/self/environ",
              std::string("KUBERNETES_SERVICE_HOST=10.96.0.1\0KUBERNETES_SERVICE_PORT=443\0", 62));
    const auto r = t.detect(sig("KVMKVMKVM"));
    CHECK(r.container.kind == "container");
    CHECK(r.container.name == "kubernetes");
    CHECK(r.container.confidence != Confidence::Low);
    CHECK(hasEvidence(r.container, "/proc/self/environ"));
    CHECK(r.virtualization.kind == "vm");
}

TEST_CASE("An LXC container declared by PID 1 is lxc", "[benchmark][platform]")
{
    FakeRoot t;
    t.file("proc/1/environ", std::string("container=lxc\0", 14))
        .file("proc/1/comm", "systemd\n")
        .file("proc/1/cgroup", "0::/lxc.payload.web1/init.scope\n");
    const auto r = t.detect(std::nullopt);
    CHECK(r.container.kind == "container");
    CHECK(r.container.name == "lxc");
    CHECK(r.container.confidence == Confidence::High);
}

TEST_CASE("A lone leftover dockerenv is weighed and not taken for a container",
          "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost().cpuinfo(false).dmi({{"sys_vendor", "Supermicro"}}).file(".dockerenv", "");
    const auto r = t.detect(CpuidFacts{false, ""});
    CHECK(r.container.kind == "none");
    CHECK(r.container.confidence == Confidence::Low);
    CHECK(hasEvidence(r.container, "/.dockerenv"));
    CHECK_THAT(allNotes(r.container), Catch::Contains("leftover"));
    CHECK(r.host.platform == cloudcost::benchmark::PlatformKind::BareMetal);
}

TEST_CASE("A VM without DMI is a VM with a note and never bare metal", "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost().cpuinfo(true).file(
        "sys/devices/system/clocksource/clocksource0/current_clocksource",
        "kvm-clock\n");
    const auto r = t.detect(std::nullopt); // cpuinfo's hypervisor flag only
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "kvm");
    CHECK(hasEvidence(r.virtualization, "/sys/class/dmi/id"));
    CHECK_THAT(allNotes(r.virtualization), Catch::Contains("no DMI"));
}

TEST_CASE("Missing DMI with a clear hypervisor bit is unknown and not bare metal",
          "[benchmark][platform]")
{
    FakeRoot t;
    t.plainHost().cpuinfo(false);
    const auto r = t.detect(CpuidFacts{false, ""});
    CHECK(r.virtualization.kind == "unknown");
    CHECK(r.virtualization.confidence == Confidence::Low);
    CHECK(r.host.platform == cloudcost::benchmark::PlatformKind::Unknown);
}

TEST_CASE("A CPUID signature that contradicts the clock source flags possible nesting",
          "[benchmark][platform]")
{
    // This sandbox (BENCHMARKS.md §2.5): bhyve signature, kvm-clock, virtio, no DMI.
    FakeRoot t;
    t.cpuinfo(true)
        .file("sys/devices/system/clocksource/clocksource0/current_clocksource", "kvm-clock\n")
        .file("sys/bus/pci/devices/0000:00:01.0/vendor", "0x1af4\n")
        .file(".dockerenv", "")
        .file("proc/1/comm", "process_api\n")
        .file("proc/1/cgroup", "0::/\n");
    const auto r = t.detect(sig("bhyve bhyve "));
    CHECK(r.virtualization.kind == "vm");
    CHECK(r.virtualization.name == "bhyve");
    CHECK(r.virtualization.confidence == Confidence::Medium);
    CHECK(r.nestedPossible);
    CHECK(r.container.kind == "none");
    CHECK(r.container.confidence == Confidence::Low);
    REQUIRE(overheadPlatformFor(r));
    CHECK(*overheadPlatformFor(r) == OverheadPlatform::NestedOrSandbox);
}

TEST_CASE("Host facts come from cpuinfo meminfo os-release and osrelease", "[benchmark][platform]")
{
    FakeRoot t;
    t.cpuinfo(true)
        .file("proc/meminfo", "MemTotal:       16384000 kB\nMemFree:  100 kB\n")
        .file("etc/os-release",
              "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 "
              "(bookworm)\"\n")
        .file("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        .file("proc/sys/kernel/hostname", "box1\n");
    const auto r = t.detect(std::nullopt);
    CHECK(r.host.cpuModel == "Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz");
    REQUIRE(r.host.logicalCpus);
    CHECK(*r.host.logicalCpus == 4);
    REQUIRE(r.host.physicalCores);
    CHECK(*r.host.physicalCores == 2);
    REQUIRE(r.host.memoryGib);
    CHECK(*r.host.memoryGib == Approx(15.625));
    CHECK(r.host.os == "Debian GNU/Linux 12 (bookworm)");
    CHECK(r.host.kernel == "6.1.0-18-amd64");
    CHECK(r.host.hostname == "box1");
}

TEST_CASE("Hostile fact files do not break detection", "[benchmark][platform]")
{
    FakeRoot t;
    std::string garbage(3000, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i) {
        garbage[i] = static_cast<char>((i * 131) % 256);
    }
    t.file("proc/cpuinfo", garbage)
        .file("proc/1/environ", garbage)
        .file("proc/1/cgroup", garbage)
        .file("proc/meminfo", "MemTotal: -5 kB\n")
        .file("sys/devices/system/cpu/online", "7-2\n")
        .file("etc/os-release", "PRETTY_NAME=\"\n")
        .dmi({{"sys_vendor", std::string("\x01\x02\xff", 3)}});
    const auto r = t.detect(std::nullopt);
    CHECK_FALSE(r.host.memoryGib);
    CHECK_FALSE(r.host.logicalCpus);
    for (const auto& e : r.virtualization.evidence) {
        for (char ch : e.observation) {
            CHECK(static_cast<unsigned char>(ch) >= 0x20);
        }
    }
}

TEST_CASE("Detection refuses a root that is not a directory", "[benchmark][platform]")
{
    PlatformOptions o;
    o.root = "/nonexistent/cloudcost-root";
    auto r = detectPlatform(o);
    REQUIRE_FALSE(r);
    CHECK(r.error().context == "/nonexistent/cloudcost-root");
}

TEST_CASE("Detection on the real machine succeeds and gives evidence for both layers",
          "[benchmark][platform]")
{
    auto r = detectPlatform();
    REQUIRE(r);
    CHECK_FALSE(r->virtualization.evidence.empty());
    CHECK_FALSE(r->container.evidence.empty());
    CHECK_FALSE(r->host.kernel.empty());
    REQUIRE(r->host.logicalCpus);
    CHECK(*r->host.logicalCpus >= 1);
    const bool knownKind = r->virtualization.kind == "vm" || r->virtualization.kind == "bare_metal"
                           || r->virtualization.kind == "unknown";
    CHECK(knownKind);
}

TEST_CASE("The overhead defaults hold the published rows with sources", "[benchmark][overhead]")
{
    const auto& rows = overheadDefaults();
    REQUIRE(rows.size() == 8);
    // BENCHMARKS.md §3.3: CPU throughput, modern VM 0.98 (0.95–0.999); nested 0.90 (0.7–0.95).
    const auto& cpu = rows[0];
    CHECK(cpu.resource == "cpu_throughput");
    const auto& vm = cpu.cells[static_cast<std::size_t>(OverheadPlatform::ModernVm)];
    REQUIRE(vm.central);
    CHECK(*vm.central == Approx(0.98));
    CHECK(*vm.low == Approx(0.95));
    CHECK(*vm.high == Approx(0.999));
    const auto& nested = cpu.cells[static_cast<std::size_t>(OverheadPlatform::NestedOrSandbox)];
    CHECK(*nested.central == Approx(0.90));
    for (const auto& row : rows) {
        INFO(row.resource);
        CHECK_THAT(row.source, Catch::StartsWith("BENCHMARKS.md §3.3"));
        for (const auto& c : row.cells) {
            CHECK_FALSE(c.text.empty());
            if (c.low && c.high) {
                CHECK(*c.low <= *c.high);
            }
        }
    }
}
