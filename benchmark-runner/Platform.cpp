#include "benchmark-runner/Platform.h"

#include "common/Text.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include <sys/utsname.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace cloudcost::benchmark {

namespace fs = std::filesystem;

std::string_view toString(Confidence confidence)
{
    switch (confidence) {
    case Confidence::High:
        return "high";
    case Confidence::Medium:
        return "medium";
    case Confidence::Low:
        break;
    }
    return "low";
}

std::string_view toString(Strength strength)
{
    switch (strength) {
    case Strength::Strong:
        return "strong";
    case Strength::Medium:
        return "medium";
    case Strength::Weak:
        break;
    }
    return "weak";
}

std::optional<CpuidFacts> readCpuid()
{
#if defined(__x86_64__) || defined(__i386__)
    unsigned eax = 0;
    unsigned ebx = 0;
    unsigned ecx = 0;
    unsigned edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) {
        return std::nullopt;
    }
    CpuidFacts facts;
    facts.hypervisorBit = (ecx & (1U << 31)) != 0;
    if (facts.hypervisorBit) {
        // Leaf 0x40000000 is outside the range __get_cpuid checks, hence the raw macro
        // (systemd src/basic/virt.c does the same).
        __cpuid(0x40000000U, eax, ebx, ecx, edx);
        std::array<char, 12> sig{};
        std::memcpy(sig.data(), &ebx, 4);
        std::memcpy(sig.data() + 4, &ecx, 4);
        std::memcpy(sig.data() + 8, &edx, 4);
        std::string s(sig.data(), sig.size());
        s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
        facts.signature = s;
    }
    return facts;
#else
    return std::nullopt;
#endif
}

namespace {

// What reading one file gave.
struct FileText
{
    enum class State
    {
        Absent,
        Unreadable,
        Ok,
    };
    State state = State::Absent;
    std::string text;
    bool ok() const { return state == State::Ok; }
};

// The facts files are tiny; a hostile tree cannot make us read more than this.
constexpr std::size_t kMaxFactFileBytes = 256 * 1024;

class Tree
{
public:
    explicit Tree(fs::path root)
        : m_root(std::move(root))
    {}

    fs::path path(std::string_view logical) const
    {
        std::string rel(logical);
        while (!rel.empty() && rel.front() == '/') {
            rel.erase(rel.begin());
        }
        return m_root / rel;
    }

    FileText read(std::string_view logical, std::size_t cap = kMaxFactFileBytes) const
    {
        FileText out;
        const auto p = path(logical);
        std::error_code ec;
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            out.state = FileText::State::Absent;
            return out;
        }
        if (fs::is_directory(st)) {
            out.state = FileText::State::Unreadable;
            return out;
        }
        std::ifstream in(p, std::ios::binary);
        if (!in) {
            out.state = FileText::State::Unreadable;
            return out;
        }
        std::string buf(cap, '\0');
        in.read(buf.data(), static_cast<std::streamsize>(cap));
        if (in.bad()) {
            out.state = FileText::State::Unreadable;
            return out;
        }
        buf.resize(static_cast<std::size_t>(in.gcount()));
        out.state = FileText::State::Ok;
        out.text = std::move(buf);
        return out;
    }

    // Trimmed first line, printable; "" when absent or unreadable.
    std::string value(std::string_view logical) const
    {
        const auto f = read(logical, 4096);
        if (!f.ok()) {
            return {};
        }
        auto t = text::trim(f.text);
        const auto nl = t.find('\n');
        if (nl != std::string_view::npos) {
            t = text::trim(t.substr(0, nl));
        }
        return text::printable(t, 120);
    }

    bool exists(std::string_view logical) const
    {
        std::error_code ec;
        return fs::exists(path(logical), ec);
    }

    std::vector<std::string> list(std::string_view logical) const
    {
        std::vector<std::string> out;
        std::error_code ec;
        fs::directory_iterator it(path(logical), ec);
        if (ec) {
            return out;
        }
        for (const auto& e : it) {
            out.push_back(e.path().filename().string());
            if (out.size() > 4096) {
                break;
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    fs::path m_root;
};

std::vector<std::string> lines(std::string_view s)
{
    std::vector<std::string> out;
    for (auto part : text::split(s, '\n')) {
        out.emplace_back(part);
    }
    return out;
}

// NUL-separated KEY=VALUE (environ files).
std::map<std::string, std::string> parseEnviron(std::string_view s)
{
    std::map<std::string, std::string> out;
    for (auto item : text::split(s, '\0')) {
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            continue;
        }
        out.emplace(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
    }
    return out;
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return text::startsWith(s, prefix);
}

Evidence ev(std::string source,
            std::string observation,
            std::string suggests,
            std::string name,
            Strength strength,
            std::string note)
{
    return Evidence{std::move(source),
                    text::printable(observation, 160),
                    std::move(suggests),
                    std::move(name),
                    strength,
                    std::move(note)};
}

// ---- Layer A: hardware virtualisation -------------------------------------------------------

struct DmiVendor
{
    std::string_view prefix;
    std::string_view name;
};

// systemd src/basic/virt.c dmi_vendor_table (BENCHMARKS.md §2.1 step 1), matched as prefixes.
constexpr std::array<DmiVendor, 16> kDmiVendors{{
    {"KVM", "kvm"},
    {"OpenStack", "kvm"},
    {"KubeVirt", "kvm"},
    {"Amazon EC2", "amazon"},
    {"QEMU", "qemu"},
    {"VMware", "vmware"},
    {"VMW", "vmware"},
    {"innotek GmbH", "oracle"},
    {"VirtualBox", "oracle"},
    {"Oracle Corporation", "oracle"},
    {"Xen", "xen"},
    {"Bochs", "bochs"},
    {"Parallels", "parallels"},
    {"BHYVE", "bhyve"},
    {"Hyper-V", "microsoft"},
    {"Apple Virtualization", "apple"},
}};

// CPUID leaf 0x40000000 signatures (BENCHMARKS.md §2.1 step 4).
std::string signatureName(std::string_view sig)
{
    static const std::map<std::string, std::string, std::less<>> table{
        {"XenVMMXenVMM", "xen"},
        {"KVMKVMKVM", "kvm"},
        {"Linux KVM Hv", "kvm"},
        {"TCGTCGTCGTCG", "qemu"},
        {"VMwareVMware", "vmware"},
        {"Microsoft Hv", "microsoft"},
        {"bhyve bhyve", "bhyve"},
        {"bhyve bhyve ", "bhyve"},
        {"QNXQVMBSQG", "qnx"},
        {"ACRNACRNACRN", "acrn"},
        {"SRESRESRESRE", "sre"},
        {"Apple VZ", "apple"},
    };
    const auto it = table.find(sig);
    if (it != table.end()) {
        return it->second;
    }
    const auto trimmed = text::trim(sig);
    const auto it2 = table.find(trimmed);
    return it2 != table.end() ? it2->second : std::string("vm-other");
}

// Hypervisor families: KVM and QEMU (and KVM-based clouds) are one family for conflict checks.
std::string family(std::string_view name)
{
    if (name == "kvm" || name == "qemu" || name == "amazon" || name == "google"
        || name == "kvm-family") {
        return "kvm";
    }
    return std::string(name);
}

struct Dmi
{
    std::map<std::string, std::string> fields; // name -> trimmed value (non-empty only)
    bool present = false;
    std::string get(const std::string& k) const
    {
        const auto it = fields.find(k);
        return it == fields.end() ? std::string() : it->second;
    }
};

Dmi readDmi(const Tree& tree)
{
    Dmi dmi;
    for (const char* f : {"sys_vendor",
                          "product_name",
                          "product_version",
                          "bios_vendor",
                          "bios_version",
                          "board_vendor",
                          "chassis_asset_tag"}) {
        auto v = tree.value(std::string("/sys/class/dmi/id/") + f);
        if (!v.empty()) {
            dmi.fields[f] = v;
            dmi.present = true;
        }
    }
    return dmi;
}

struct CpuInfo
{
    bool present = false;
    bool hasFlagsLine = false;
    bool hypervisorFlag = false;
    std::string vendorId;
    std::string modelName;
    int processors = 0;
    std::set<std::pair<std::string, std::string>> cores; // (physical id, core id)
    bool coreIdsComplete = true;
};

CpuInfo readCpuInfo(const Tree& tree)
{
    CpuInfo info;
    const auto f = tree.read("/proc/cpuinfo", 8U << 20);
    if (!f.ok()) {
        return info;
    }
    info.present = true;
    std::string physicalId;
    std::string coreId;
    bool inProcessor = false;
    auto flushCore = [&] {
        if (!inProcessor) {
            return;
        }
        if (coreId.empty()) {
            info.coreIdsComplete = false;
        } else {
            info.cores.emplace(physicalId, coreId);
        }
        physicalId.clear();
        coreId.clear();
    };
    for (const auto& raw : lines(f.text)) {
        const auto colon = raw.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        const auto key = text::trim(std::string_view(raw).substr(0, colon));
        const auto val = text::trim(std::string_view(raw).substr(colon + 1));
        if (key == "processor") {
            flushCore();
            inProcessor = true;
            ++info.processors;
        } else if (key == "vendor_id" && info.vendorId.empty()) {
            info.vendorId = text::printable(val, 80);
        } else if ((key == "model name" || key == "Model" || key == "cpu model")
                   && info.modelName.empty()) {
            info.modelName = text::printable(val, 120);
        } else if (key == "physical id") {
            physicalId = std::string(val);
        } else if (key == "core id") {
            coreId = std::string(val);
        } else if (key == "flags") {
            info.hasFlagsLine = true;
            for (auto flag : text::split(val, ' ')) {
                if (flag == "hypervisor") {
                    info.hypervisorFlag = true;
                }
            }
        }
    }
    flushCore();
    return info;
}

// One candidate identity seen by some signal, for conflict detection.
struct Identity
{
    std::string name;
    std::string source;
};

void detectVirtualization(const Tree& tree,
                          const PlatformOptions& options,
                          const CpuInfo& cpuinfo,
                          PlatformReport& report)
{
    auto& v = report.virtualization;
    auto add = [&v](Evidence e) {
        v.evidence.push_back(std::move(e));
    };
    std::vector<Identity> identities;

    // 1. DMI (BENCHMARKS.md §2.4 layer A step 1, §2.1 step 1, §2.3 fingerprints).
    const auto dmi = readDmi(tree);
    std::string dmiVendorName;
    std::string dmiVendorField;
    if (!dmi.present) {
        add(ev("/sys/class/dmi/id",
               tree.exists("/sys/class/dmi/id") ? "empty or unreadable" : "absent",
               "",
               "",
               Strength::Weak,
               "no DMI: typical of microVMs (Firecracker) and some ARM boards; cannot prove "
               "bare metal (BENCHMARKS.md §2.3, §2.5)"));
    } else {
        for (const char* field :
             {"product_name", "sys_vendor", "board_vendor", "bios_vendor", "product_version"}) {
            const auto value = dmi.get(field);
            if (value.empty()) {
                continue;
            }
            for (const auto& vendor : kDmiVendors) {
                if (startsWith(value, vendor.prefix)) {
                    dmiVendorName = std::string(vendor.name);
                    dmiVendorField = field;
                    break;
                }
            }
            if (!dmiVendorName.empty()) {
                break;
            }
        }
        // Azure / Hyper-V: "Microsoft Corporation" + "Virtual Machine" (BENCHMARKS.md §2.3).
        if (dmiVendorName.empty() && dmi.get("sys_vendor") == "Microsoft Corporation"
            && dmi.get("product_name") == "Virtual Machine") {
            dmiVendorName = "microsoft";
            dmiVendorField = "sys_vendor";
        }
        if (dmi.get("product_name") == "Google Compute Engine") {
            dmiVendorName = "google";
            dmiVendorField = "product_name";
        }
        if (!dmiVendorName.empty()) {
            add(ev("/sys/class/dmi/id/" + dmiVendorField,
                   dmi.get(dmiVendorField),
                   "vm",
                   dmiVendorName,
                   Strength::Strong,
                   "virtual platform vendor in DMI (systemd virt.c table, BENCHMARKS.md §2.1)"));
            identities.push_back({dmiVendorName, "DMI"});
        } else {
            add(ev("/sys/class/dmi/id/sys_vendor",
                   dmi.get("sys_vendor").empty() ? dmi.fields.begin()->second
                                                 : dmi.get("sys_vendor"),
                   "bare_metal",
                   "",
                   Strength::Medium,
                   "DMI names a hardware vendor, no virtual platform (BENCHMARKS.md §2.4 "
                   "step 4)"));
        }
        // Cloud fingerprints (BENCHMARKS.md §2.3).
        const auto vendor = dmi.get("sys_vendor");
        const auto asset = dmi.get("chassis_asset_tag");
        if (vendor == "Amazon EC2" || text::endsWith(dmi.get("bios_version"), ".amazon")) {
            v.cloud = "aws";
            add(ev("/sys/class/dmi/id/product_name",
                   dmi.get("product_name"),
                   "",
                   "aws",
                   Strength::Strong,
                   "AWS: the product name is the instance type (BENCHMARKS.md §2.3)"));
        } else if (dmi.get("product_name") == "Google Compute Engine"
                   || dmi.get("bios_vendor") == "Google") {
            v.cloud = "gcp";
        } else if (asset == "7783-7084-3265-9085-8269-3286-77") {
            v.cloud = "azure";
            add(ev("/sys/class/dmi/id/chassis_asset_tag",
                   asset,
                   "",
                   "azure",
                   Strength::Strong,
                   "Azure asset tag used by cloud-init (BENCHMARKS.md §2.3)"));
        } else if (asset == "OracleCloud.com") {
            v.cloud = "oracle";
            add(ev("/sys/class/dmi/id/chassis_asset_tag",
                   asset,
                   "",
                   "oracle",
                   Strength::Strong,
                   "Oracle Cloud asset tag (BENCHMARKS.md §2.3)"));
        } else if (startsWith(vendor, "Alibaba")) {
            v.cloud = "alibaba";
        }
    }
    // SMBIOS "is a virtual machine" bit: BIOS characteristics extension byte 2 bit 4 (offset 19);
    // root-only on most systems (BENCHMARKS.md §2.1 Amazon special case).
    std::optional<bool> smbiosVmBit;
    {
        const auto raw = tree.read("/sys/firmware/dmi/entries/0-0/raw", 4096);
        if (raw.ok() && raw.text.size() > 19) {
            smbiosVmBit = (static_cast<unsigned char>(raw.text[19]) & 0x10U) != 0;
            add(ev("/sys/firmware/dmi/entries/0-0/raw",
                   *smbiosVmBit ? "VM bit set" : "VM bit clear",
                   *smbiosVmBit ? "vm" : "bare_metal",
                   "",
                   Strength::Strong,
                   "SMBIOS BIOS characteristics extension byte 2 bit 4 (BENCHMARKS.md §2.1)"));
        }
    }

    // 2. CPUID (BENCHMARKS.md §2.4 layer A step 2).
    std::optional<CpuidFacts> cpuid = options.cpuid;
    if (!cpuid && options.useRealCpuid) {
        cpuid = readCpuid();
    }
    std::optional<bool> hypervisorBit;
    std::string signatureId;
    if (cpuid) {
        hypervisorBit = cpuid->hypervisorBit;
        add(ev("CPUID leaf 1 ECX bit 31",
               cpuid->hypervisorBit ? "set" : "clear",
               cpuid->hypervisorBit ? "vm" : "bare_metal",
               "",
               cpuid->hypervisorBit ? Strength::Strong : Strength::Medium,
               "hypervisor-present bit (BENCHMARKS.md §2.1 step 4)"));
        if (cpuid->hypervisorBit && !cpuid->signature.empty()) {
            signatureId = signatureName(cpuid->signature);
            add(ev("CPUID leaf 0x40000000",
                   "'" + cpuid->signature + "'",
                   "vm",
                   signatureId,
                   Strength::Strong,
                   "hypervisor vendor signature; the VMM chooses it (BENCHMARKS.md §2.1, §2.5)"));
        }
    } else if (cpuinfo.hasFlagsLine) {
        hypervisorBit = cpuinfo.hypervisorFlag;
        add(ev("/proc/cpuinfo flags",
               cpuinfo.hypervisorFlag ? "hypervisor" : "no hypervisor flag",
               cpuinfo.hypervisorFlag ? "vm" : "bare_metal",
               "",
               cpuinfo.hypervisorFlag ? Strength::Strong : Strength::Medium,
               "the kernel's view of the CPUID hypervisor bit (BENCHMARKS.md §2.1 step 4)"));
    } else {
        add(ev("CPUID",
               "not available (not x86)",
               "",
               "",
               Strength::Weak,
               "no CPUID on ARM: DMI and the device tree decide (BENCHMARKS.md §2.4 step 2)"));
    }
    if (cpuinfo.vendorId == "User Mode Linux") {
        add(ev("/proc/cpuinfo vendor_id",
               cpuinfo.vendorId,
               "vm",
               "uml",
               Strength::Strong,
               "User-Mode Linux (BENCHMARKS.md §2.1 step 2)"));
        identities.push_back({"uml", "cpuinfo"});
    }
    if (!signatureId.empty() && signatureId != "vm-other") {
        identities.push_back({signatureId, "CPUID"});
    }

    // 3. Other hypervisor interfaces and weak signals (BENCHMARKS.md §2.4 step 3, §2.1 step 3/6).
    std::string xenName;
    bool xenDom0 = false;
    if (tree.exists("/proc/xen")) {
        const auto caps = tree.value("/proc/xen/capabilities");
        xenDom0 = text::contains(caps, "control_d");
        add(ev("/proc/xen",
               caps.empty() ? "present" : "capabilities: " + caps,
               xenDom0 ? "" : "vm",
               "xen",
               Strength::Strong,
               xenDom0 ? "Xen dom0: the host domain (BENCHMARKS.md §2.1 step 3)"
                       : "Xen guest interface (BENCHMARKS.md §2.1 step 3)"));
        xenName = "xen";
    }
    const auto hvType = tree.value("/sys/hypervisor/type");
    if (!hvType.empty()) {
        add(ev("/sys/hypervisor/type",
               hvType,
               "vm",
               hvType,
               Strength::Strong,
               "hypervisor interface exposed by the kernel (BENCHMARKS.md §2.1 step 6)"));
        identities.push_back({hvType, "/sys/hypervisor/type"});
        if (xenName.empty()) {
            xenName = hvType;
        }
        const auto guestType = tree.value("/sys/hypervisor/guest_type");
        if (!guestType.empty()) {
            add(ev("/sys/hypervisor/guest_type",
                   guestType,
                   "vm",
                   hvType,
                   Strength::Medium,
                   "PV guests pay the legacy paravirtual overheads (BENCHMARKS.md §3.3)"));
        }
    }
    std::string deviceTreeName;
    {
        const auto compat = tree.read("/proc/device-tree/hypervisor/compatible", 4096);
        if (compat.ok()) {
            for (auto item : text::split(compat.text, '\0')) {
                if (text::contains(item, "kvm")) {
                    deviceTreeName = "kvm";
                } else if (text::contains(item, "xen")) {
                    deviceTreeName = "xen";
                } else if (text::contains(item, "vmware")) {
                    deviceTreeName = "vmware";
                }
                if (!deviceTreeName.empty()) {
                    break;
                }
            }
            std::string shown = compat.text;
            std::replace(shown.begin(), shown.end(), '\0', ' ');
            add(ev("/proc/device-tree/hypervisor/compatible",
                   std::string(text::trim(shown)),
                   "vm",
                   deviceTreeName.empty() ? "vm-other" : deviceTreeName,
                   Strength::Strong,
                   "hypervisor node of the device tree (ARM, POWER, RISC-V; BENCHMARKS.md §2.1)"));
            if (!deviceTreeName.empty()) {
                identities.push_back({deviceTreeName, "device tree"});
            }
        }
    }
    std::string weakName;
    int weakVmSignals = 0;
    {
        const auto clock =
            tree.value("/sys/devices/system/clocksource/clocksource0/current_clocksource");
        std::string clockName;
        if (clock == "kvm-clock") {
            clockName = "kvm";
        } else if (clock == "xen") {
            clockName = "xen";
        } else if (startsWith(clock, "hyperv")) {
            clockName = "microsoft";
        }
        if (!clock.empty()) {
            add(ev("/sys/devices/system/clocksource/clocksource0/current_clocksource",
                   clock,
                   clockName.empty() ? "" : "vm",
                   clockName,
                   Strength::Weak,
                   clockName.empty() ? "tsc and others occur on both (BENCHMARKS.md §2.3)"
                                     : "paravirtual clock (BENCHMARKS.md §2.3)"));
        }
        if (!clockName.empty()) {
            ++weakVmSignals;
            weakName = clockName;
            identities.push_back({clockName, "clocksource"});
        }
    }
    {
        std::map<std::string, int> vendors;
        for (const auto& dev : tree.list("/sys/bus/pci/devices")) {
            const auto id = text::toLower(tree.value("/sys/bus/pci/devices/" + dev + "/vendor"));
            if (!id.empty()) {
                ++vendors[id];
            }
        }
        struct PciVendor
        {
            const char* id;
            const char* name;
            const char* suggests;
            const char* note;
        };
        // PCI vendor ids (BENCHMARKS.md §2.3 "additional, weaker signals").
        static constexpr std::array<PciVendor, 4> kPci{{
            {"0x1af4", "kvm-family", "vm", "virtio devices (KVM/QEMU, Firecracker)"},
            {"0x15ad", "vmware", "vm", "VMware virtual devices"},
            {"0x1414", "microsoft", "vm", "Hyper-V synthetic devices"},
            {"0x1d0f", "aws", "", "Amazon ENA/NVMe devices (Nitro VMs and .metal alike)"},
        }};
        for (const auto& p : kPci) {
            const auto it = vendors.find(p.id);
            if (it == vendors.end()) {
                continue;
            }
            add(ev("/sys/bus/pci/devices/*/vendor",
                   std::string(p.id) + " x" + std::to_string(it->second),
                   p.suggests,
                   p.name,
                   Strength::Weak,
                   std::string(p.note) + " (BENCHMARKS.md §2.3)"));
            if (std::string_view(p.suggests) == "vm") {
                ++weakVmSignals;
                if (weakName.empty()) {
                    weakName = p.name;
                }
                identities.push_back({family(p.name), "PCI"});
            }
        }
    }

    // Decision (BENCHMARKS.md §2.4 layer A; systemd's order from §2.1).
    const bool finalDmi = dmiVendorName == "oracle" || dmiVendorName == "xen"
                          || dmiVendorName == "amazon" || dmiVendorName == "parallels"
                          || dmiVendorName == "google";
    auto conflicts = [&identities](const std::string& chosen) {
        std::vector<std::string> out;
        for (const auto& id : identities) {
            if (family(id.name) != family(chosen)) {
                out.push_back(id.source + " says " + id.name);
            }
        }
        return out;
    };

    if (finalDmi) {
        v.name = dmiVendorName;
        v.kind = "vm";
        if (dmiVendorName == "amazon") {
            const auto product = dmi.get("product_name");
            const bool metalName = text::contains(product, ".metal");
            if (smbiosVmBit == false || (!smbiosVmBit && metalName && hypervisorBit != true)) {
                v.kind = "bare_metal";
                v.name.clear();
                v.notes.push_back(
                    "EC2 bare metal: "
                    + std::string(smbiosVmBit ? "SMBIOS VM bit clear" : "'.metal' type")
                    + " (BENCHMARKS.md §2.1 Amazon special case)");
            } else if (metalName && hypervisorBit == true) {
                v.notes.push_back("product name says .metal but the CPUID hypervisor bit is "
                                  "set: treated as a VM");
            }
        }
        if (v.kind == "vm") {
            v.confidence = hypervisorBit == true ? Confidence::High : Confidence::Medium;
            if (hypervisorBit == false) {
                v.notes.push_back("DMI names a virtual platform but the hypervisor bit is clear");
            }
        } else {
            v.confidence = hypervisorBit == false || smbiosVmBit == false ? Confidence::High
                                                                          : Confidence::Medium;
        }
    } else if (hypervisorBit == true) {
        v.kind = "vm";
        if (!signatureId.empty()) {
            v.name = signatureId;
            // "Microsoft Hv" is also presented by QEMU/KVM with Hyper-V enlightenments: DMI
            // decides (BENCHMARKS.md §2.1 step 4, §2.3).
            if (signatureId == "microsoft" && (dmiVendorName == "kvm" || dmiVendorName == "qemu")) {
                v.name = "kvm";
                v.notes.push_back("'Microsoft Hv' signature with QEMU/KVM DMI: KVM with Hyper-V "
                                  "enlightenments");
            }
        } else if (!dmiVendorName.empty()) {
            v.name = dmiVendorName;
        } else if (!xenName.empty()) {
            v.name = xenName;
        } else if (!deviceTreeName.empty()) {
            v.name = deviceTreeName;
        } else if (!weakName.empty()) {
            v.name = weakName == "kvm-family" ? "kvm" : weakName;
        }
        v.confidence = Confidence::High;
    } else if (!dmiVendorName.empty()) {
        v.kind = "vm";
        v.name = dmiVendorName;
        v.confidence = Confidence::Medium;
        if (hypervisorBit == false) {
            v.notes.push_back("DMI names a virtual platform but the hypervisor bit is clear");
        }
    } else if (!xenName.empty()) {
        v.kind = xenDom0 ? "bare_metal" : "vm";
        v.name = xenDom0 ? "" : xenName;
        v.confidence = Confidence::Medium;
        if (xenDom0) {
            v.notes.push_back("Xen dom0 (control domain): the host side of Xen");
        }
    } else if (!deviceTreeName.empty()) {
        v.kind = "vm";
        v.name = deviceTreeName;
        v.confidence = Confidence::Medium;
    } else if (smbiosVmBit == true) {
        v.kind = "vm";
        v.name = "vm-other";
        v.confidence = Confidence::Medium;
    } else if (weakVmSignals > 0) {
        v.kind = "vm";
        v.name = weakName == "kvm-family" ? "" : weakName;
        v.confidence = Confidence::Low;
        v.notes.push_back("only weak signals (clock source, virtual devices): VM, hypervisor "
                          "unidentified (BENCHMARKS.md §2.4 step 3)");
    } else if (hypervisorBit == false && dmi.present) {
        v.kind = "bare_metal";
        v.confidence = Confidence::High;
    } else if (!hypervisorBit && dmi.present) {
        // No CPUID (ARM): a hardware vendor in DMI and no hypervisor node in the device tree.
        v.kind = "bare_metal";
        v.confidence = Confidence::Medium;
        v.notes.push_back("no CPUID on this architecture: bare metal from DMI alone");
    } else if (hypervisorBit == false) {
        v.kind = "unknown";
        v.confidence = Confidence::Low;
        v.notes.push_back("hypervisor bit clear but no DMI to confirm the hardware: not claiming "
                          "bare metal (BENCHMARKS.md §2.4 step 4)");
    } else {
        v.kind = "unknown";
        v.confidence = Confidence::Low;
        v.notes.push_back("no usable evidence either way (BENCHMARKS.md §2.4 step 4)");
    }

    if (v.kind == "vm") {
        if (!dmi.present) {
            v.notes.push_back("no DMI: a microVM (Firecracker-style) or a platform hiding DMI "
                              "(BENCHMARKS.md §2.3, §2.5)");
        }
        const auto c = v.name.empty() ? std::vector<std::string>{} : conflicts(v.name);
        if (!c.empty()) {
            std::string joined;
            for (const auto& s : c) {
                joined += (joined.empty() ? "" : "; ") + s;
            }
            v.notes.push_back("conflicting hypervisor identities (" + joined + " vs " + v.name
                              + "): the signature may be chosen by the VMM, or this is "
                                "nested virtualisation (BENCHMARKS.md §2.4 step 5, §2.5)");
            report.nestedPossible = true;
            if (v.confidence == Confidence::High) {
                v.confidence = Confidence::Medium;
            }
        }
    }
}

// ---- Layer B: containers --------------------------------------------------------------------

double points(Strength s)
{
    // Internal weighting: a strong signal alone decides, two medium ones agree, weak ones only
    // support (BENCHMARKS.md §2.4 layer B: "require two agreeing signals").
    switch (s) {
    case Strength::Strong:
        return 2.0;
    case Strength::Medium:
        return 1.0;
    case Strength::Weak:
        break;
    }
    return 0.5;
}

std::string runtimeFromCgroupPath(std::string_view path)
{
    if (text::contains(path, "kubepods")) {
        return "kubernetes";
    }
    if (text::contains(path, "/docker/") || text::contains(path, "docker-")) {
        return "docker";
    }
    if (text::contains(path, "libpod")) {
        return "podman";
    }
    if (text::contains(path, "/lxc/") || text::contains(path, "lxc.payload")) {
        return "lxc";
    }
    if (text::contains(path, "containerd")) {
        return "containerd";
    }
    return {};
}

void detectContainer(const Tree& tree, PlatformReport& report)
{
    auto& c = report.container;
    auto add = [&c](Evidence e) {
        c.evidence.push_back(std::move(e));
    };
    bool cgroupRead = false;
    bool mountsRead = false;

    // 1. Declarations by the runtime (BENCHMARKS.md §2.4 layer B step 1).
    const auto env1 = tree.read("/proc/1/environ", 1U << 20);
    if (env1.ok()) {
        const auto env = parseEnviron(env1.text);
        const auto it = env.find("container");
        if (it != env.end() && !it->second.empty()) {
            add(ev("/proc/1/environ",
                   "container=" + it->second,
                   "container",
                   text::printable(it->second, 40),
                   Strength::Strong,
                   "set by the container manager for PID 1 (BENCHMARKS.md §2.1, §2.4)"));
        }
    } else if (env1.state == FileText::State::Unreadable) {
        add(ev("/proc/1/environ",
               "not readable",
               "",
               "",
               Strength::Weak,
               "needs privileges; skipped (BENCHMARKS.md §2.1)"));
    }
    for (const char* f : {"/run/systemd/container", "/run/host/container-manager"}) {
        const auto value = tree.value(f);
        if (!value.empty()) {
            add(ev(f,
                   value,
                   "container",
                   value,
                   Strength::Strong,
                   "written by the container manager (BENCHMARKS.md §2.1)"));
        }
    }

    // 2. Marker files and orchestrator traces (step 2).
    if (tree.exists("/run/.containerenv")) {
        add(ev("/run/.containerenv",
               "present",
               "container",
               "podman",
               Strength::Medium,
               "created by Podman in every container (BENCHMARKS.md §2.1)"));
    }
    if (tree.exists("/.dockerenv")) {
        add(ev("/.dockerenv",
               "present",
               "container",
               "docker",
               Strength::Weak,
               "often a leftover in images built with Docker: weak alone (BENCHMARKS.md §2.4, "
               "§2.5)"));
    }
    {
        const auto self = tree.read("/proc/self/environ", 1U << 20);
        if (self.ok()) {
            const auto env = parseEnviron(self.text);
            if (env.count("KUBERNETES_SERVICE_HOST") != 0) {
                add(ev("/proc/self/environ",
                       "KUBERNETES_SERVICE_HOST=" + env.at("KUBERNETES_SERVICE_HOST"),
                       "container",
                       "kubernetes",
                       Strength::Medium,
                       "injected by the kubelet into every pod (BENCHMARKS.md §2.4)"));
            }
        }
    }
    for (const char* f : {"/var/run/secrets/kubernetes.io/serviceaccount",
                          "/run/secrets/kubernetes.io/serviceaccount"}) {
        if (tree.exists(f)) {
            add(ev(f,
                   "present",
                   "container",
                   "kubernetes",
                   Strength::Medium,
                   "service-account mount of a pod (BENCHMARKS.md §2.4)"));
            break;
        }
    }

    // 3. cgroup paths (step 3).
    {
        std::set<std::string> seen;
        for (const char* f : {"/proc/1/cgroup", "/proc/self/cgroup"}) {
            const auto cg = tree.read(f, 1U << 20);
            if (!cg.ok()) {
                continue;
            }
            cgroupRead = true;
            for (const auto& line : lines(cg.text)) {
                // hierarchy-ID:controllers:path
                const auto first = line.find(':');
                const auto second =
                    first == std::string::npos ? std::string::npos : line.find(':', first + 1);
                if (second == std::string::npos) {
                    continue;
                }
                const auto path = std::string_view(line).substr(second + 1);
                const auto runtime = runtimeFromCgroupPath(path);
                if (runtime.empty() || !seen.insert(runtime).second) {
                    continue;
                }
                add(ev(f,
                       std::string(path),
                       "container",
                       runtime,
                       Strength::Strong,
                       "cgroup path of a container runtime (BENCHMARKS.md §2.4 step 3)"));
            }
        }
        if (cgroupRead && seen.empty()) {
            add(ev("/proc/1/cgroup",
                   "no runtime path",
                   "",
                   "",
                   Strength::Weak,
                   "on cgroup v2 a namespaced container only sees '/' (BENCHMARKS.md §2.4 "
                   "step 3)"));
        }
    }

    // 4. Root filesystem (step 4).
    for (const char* f : {"/proc/self/mountinfo", "/proc/1/mountinfo"}) {
        const auto mi = tree.read(f, 4U << 20);
        if (!mi.ok()) {
            continue;
        }
        mountsRead = true;
        for (const auto& line : lines(mi.text)) {
            const auto fields = text::split(line, ' ');
            if (fields.size() < 5 || fields[4] != "/") {
                continue;
            }
            const auto dash = line.find(" - ");
            if (dash == std::string::npos) {
                continue;
            }
            const auto tail = text::split(std::string_view(line).substr(dash + 3), ' ');
            const auto fstype = tail.empty() ? std::string_view() : tail[0];
            if (fstype != "overlay" && fstype != "fuse-overlayfs") {
                continue;
            }
            std::string runtime;
            if (text::contains(line, "/var/lib/docker/")) {
                runtime = "docker";
            } else if (text::contains(line, "/containers/storage/")) {
                runtime = "podman";
            } else if (text::contains(line, "containerd")) {
                runtime = "containerd";
            } else if (text::contains(line, "/var/lib/lxc")
                       || text::contains(line, "/var/lib/lxd")) {
                runtime = "lxc";
            }
            add(ev(f,
                   "/ on " + std::string(fstype)
                       + (runtime.empty() ? "" : " (layers under " + runtime + "'s storage)"),
                   "container",
                   runtime,
                   runtime.empty() ? Strength::Medium : Strength::Strong,
                   "overlay root filesystem, typical of image-based containers (BENCHMARKS.md "
                   "§2.4 step 4)"));
            break;
        }
        break;
    }

    // 5. PID 1 and our PID namespace (step 5).
    {
        const auto comm = tree.value("/proc/1/comm");
        static const std::set<std::string, std::less<>>
            inits{"systemd", "init", "openrc-init", "runit", "s6-svscan", "upstart", "launchd"};
        if (!comm.empty() && inits.count(comm) == 0) {
            add(ev("/proc/1/comm",
                   comm,
                   "container",
                   "",
                   Strength::Weak,
                   "PID 1 is not an init system: a container or a microVM init (BENCHMARKS.md "
                   "§2.4 step 5)"));
        }
        const auto status = tree.read("/proc/self/status", 64 * 1024);
        if (status.ok()) {
            for (const auto& line : lines(status.text)) {
                if (startsWith(line, "NSpid:")) {
                    int count = 0;
                    for (auto part : text::split(std::string_view(line).substr(6), '\t')) {
                        for (auto p : text::split(part, ' ')) {
                            if (!text::trim(p).empty()) {
                                ++count;
                            }
                        }
                    }
                    if (count > 1) {
                        add(ev("/proc/self/status NSpid",
                               std::string(text::trim(std::string_view(line).substr(6))),
                               "container",
                               "",
                               Strength::Medium,
                               "this process is in a nested PID namespace"));
                    }
                } else if (startsWith(line, "TracerPid:")) {
                    const auto pid = text::trim(std::string_view(line).substr(10));
                    if (!pid.empty() && pid != "0") {
                        add(ev("/proc/self/status TracerPid",
                               std::string(pid),
                               "",
                               "",
                               Strength::Weak,
                               "traced (debugger, or proot which emulates a container; "
                               "BENCHMARKS.md §2.1)"));
                    }
                }
            }
        }
    }

    // 6. WSL and OpenVZ (step 6).
    {
        const auto osrelease = tree.value("/proc/sys/kernel/osrelease");
        if (text::contains(text::toLower(osrelease), "microsoft")
            || text::contains(osrelease, "WSL")) {
            add(ev("/proc/sys/kernel/osrelease",
                   osrelease,
                   "container",
                   "wsl",
                   Strength::Strong,
                   "Windows Subsystem for Linux (BENCHMARKS.md §2.1)"));
        }
        if (tree.exists("/proc/vz") && !tree.exists("/proc/bc")) {
            add(ev("/proc/vz",
                   "present without /proc/bc",
                   "container",
                   "openvz",
                   Strength::Strong,
                   "OpenVZ container (BENCHMARKS.md §2.1)"));
        }
    }

    // Decision.
    double score = 0;
    std::map<std::string, double> byName;
    for (const auto& e : c.evidence) {
        if (e.suggests != "container") {
            continue;
        }
        score += points(e.strength);
        if (!e.name.empty()) {
            byName[e.name] += points(e.strength);
        }
    }
    std::string name;
    double best = 0;
    for (const auto& [n, p] : byName) {
        if (p > best) {
            best = p;
            name = n;
        }
    }
    // The orchestrator names the platform when there is one; the runtime under it is in the
    // evidence.
    if (byName.count("kubernetes") != 0) {
        name = "kubernetes";
    }
    const bool disagree = byName.size() > 1
                          && !(byName.size() == 2 && byName.count("kubernetes") != 0
                               && (byName.count("docker") != 0 || byName.count("containerd") != 0));
    if (score >= 2.0) {
        c.kind = "container";
        c.name = name;
        c.confidence = score >= 4.0 ? Confidence::High : Confidence::Medium;
        if (disagree) {
            c.confidence = Confidence::Medium;
            c.notes.push_back("signals name different runtimes");
        }
    } else if (score > 0) {
        c.kind = "none";
        c.confidence = Confidence::Low;
        std::string weak;
        for (const auto& e : c.evidence) {
            if (e.suggests == "container") {
                weak += (weak.empty() ? "" : ", ") + e.source;
            }
        }
        c.notes.push_back("only weak container signals (" + weak
                          + ") without cgroup, mount or runtime evidence: probably not a "
                            "container (a leftover /.dockerenv is common; BENCHMARKS.md §2.4, "
                            "§2.5)");
    } else if (cgroupRead && mountsRead) {
        c.kind = "none";
        c.confidence = Confidence::High;
    } else if (cgroupRead || mountsRead) {
        c.kind = "none";
        c.confidence = Confidence::Medium;
    } else {
        c.kind = "unknown";
        c.confidence = Confidence::Low;
        c.notes.push_back("neither /proc/*/cgroup nor mountinfo could be read");
    }
}

// ---- Host facts -----------------------------------------------------------------------------

std::optional<int> countCpuList(std::string_view list)
{
    // "0-3,8-11"
    int total = 0;
    for (auto part : text::split(text::trim(list), ',')) {
        part = text::trim(part);
        if (part.empty()) {
            continue;
        }
        const auto dash = part.find('-');
        if (dash == std::string_view::npos) {
            if (!text::parseInt(part)) {
                return std::nullopt;
            }
            ++total;
            continue;
        }
        const auto a = text::parseInt(part.substr(0, dash));
        const auto b = text::parseInt(part.substr(dash + 1));
        if (!a || !b || *b < *a || *b - *a > 100000) {
            return std::nullopt;
        }
        total += static_cast<int>(*b - *a + 1);
    }
    return total > 0 ? std::optional<int>(total) : std::nullopt;
}

void readHostFacts(const Tree& tree,
                   const PlatformOptions& options,
                   const CpuInfo& cpuinfo,
                   PlatformReport& report)
{
    auto& h = report.host;
    h.hostname = tree.value("/proc/sys/kernel/hostname");
    h.cpuModel = cpuinfo.modelName;
    if (auto n = countCpuList(tree.value("/sys/devices/system/cpu/online"))) {
        h.logicalCpus = *n;
    } else if (cpuinfo.processors > 0) {
        h.logicalCpus = cpuinfo.processors;
    }
    if (cpuinfo.coreIdsComplete && !cpuinfo.cores.empty()) {
        h.physicalCores = static_cast<int>(cpuinfo.cores.size());
    }
    if (const auto meminfo = tree.read("/proc/meminfo", 1U << 20); meminfo.ok()) {
        for (const auto& line : lines(meminfo.text)) {
            if (!startsWith(line, "MemTotal:")) {
                continue;
            }
            auto rest = text::trim(std::string_view(line).substr(9));
            if (text::endsWith(rest, "kB")) {
                rest = text::trim(rest.substr(0, rest.size() - 2));
            }
            if (auto kb = text::parseDouble(rest); kb && *kb > 0) {
                h.memoryGib = *kb / (1024.0 * 1024.0);
            }
        }
    }
    h.kernel = tree.value("/proc/sys/kernel/osrelease");
    if (const auto osr = tree.read("/etc/os-release", 64 * 1024); osr.ok()) {
        for (const auto& line : lines(osr.text)) {
            if (!startsWith(line, "PRETTY_NAME=")) {
                continue;
            }
            auto value = text::trim(std::string_view(line).substr(12));
            if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')
                && value.back() == value.front()) {
                value = value.substr(1, value.size() - 2);
            }
            h.os = text::printable(value, 120);
        }
    }
    if (options.useSystemCalls) {
        utsname u{};
        if (h.kernel.empty() && ::uname(&u) == 0) {
            h.kernel = text::printable(u.release, 120);
        }
        if (h.hostname.empty()) {
            std::array<char, 256> name{};
            if (::gethostname(name.data(), name.size() - 1) == 0) {
                h.hostname = text::printable(name.data(), 120);
            }
        }
        if (!h.logicalCpus) {
            const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
            if (n > 0) {
                h.logicalCpus = static_cast<int>(n);
            }
        }
    }

    // CPU quota of our cgroup: a container quota looks like a slow CPU (BENCHMARKS.md §4.3).
    const auto cpuMax = tree.value("/sys/fs/cgroup/cpu.max");
    if (!cpuMax.empty()) {
        const auto parts = text::split(cpuMax, ' ');
        if (parts.size() == 2 && parts[0] != "max") {
            const auto quota = text::parseDouble(parts[0]);
            const auto period = text::parseDouble(parts[1]);
            if (quota && period && *period > 0) {
                report.notes.push_back("cgroup CPU quota " + text::printable(cpuMax, 40) + " = "
                                       + std::to_string(*quota / *period).substr(0, 4)
                                       + " CPUs (/sys/fs/cgroup/cpu.max)");
            }
        }
    } else {
        const auto quota = text::parseDouble(tree.value("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
        const auto period = text::parseDouble(tree.value("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
        if (quota && period && *quota > 0 && *period > 0) {
            report.notes.push_back("cgroup CPU quota "
                                   + std::to_string(*quota / *period).substr(0, 4)
                                   + " CPUs (/sys/fs/cgroup/cpu/cpu.cfs_quota_us)");
        }
    }
    const auto thp = tree.value("/sys/kernel/mm/transparent_hugepage/enabled");
    if (!thp.empty()) {
        report.notes.push_back("transparent huge pages: " + thp
                               + " (memory latency depends on page size, BENCHMARKS.md §3.3)");
    }
    if (const auto stat = tree.read("/proc/stat", 1U << 20); stat.ok()) {
        for (const auto& line : lines(stat.text)) {
            if (!startsWith(line, "cpu ")) {
                continue;
            }
            std::vector<std::string_view> f;
            for (auto p : text::split(line, ' ')) {
                if (!p.empty()) {
                    f.push_back(p);
                }
            }
            if (f.size() > 8) {
                report.notes.push_back("steal time since boot: " + std::string(f[8])
                                       + " ticks (/proc/stat; > 0 proves a shared host, "
                                         "BENCHMARKS.md §2.3)");
            }
            break;
        }
    }
}

} // namespace

Result<PlatformReport> detectPlatform(const PlatformOptions& options)
{
    std::error_code ec;
    if (!fs::is_directory(options.root, ec)) {
        return makeError(Error::Code::InvalidInput,
                         "platform detection root is not a directory",
                         options.root.string());
    }
    const Tree tree(options.root);
    PlatformReport report;
    const auto cpuinfo = readCpuInfo(tree);
    detectVirtualization(tree, options, cpuinfo, report);
    detectContainer(tree, report);
    readHostFacts(tree, options, cpuinfo, report);

    auto& h = report.host;
    if (report.container.kind == "container") {
        h.platform = PlatformKind::Container;
    } else if (report.virtualization.kind == "vm") {
        h.platform = PlatformKind::VirtualMachine;
    } else if (report.virtualization.kind == "bare_metal") {
        h.platform = PlatformKind::BareMetal;
    }
    h.hypervisor = report.virtualization.kind == "vm" ? report.virtualization.name : "";
    h.container = report.container.kind == "container" ? report.container.name : "";
    h.provider = report.virtualization.cloud;
    if (report.virtualization.cloud == "aws") {
        // The EC2 DMI product name is the instance type (BENCHMARKS.md §2.3).
        const auto product = tree.value("/sys/class/dmi/id/product_name");
        if (!product.empty() && text::contains(product, ".")) {
            h.instanceType = product;
        }
    }
    return report;
}

} // namespace cloudcost::benchmark
