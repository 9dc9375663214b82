// Phoronix Test Suite results: composite.xml and the exports of `result-file-to-json` and
// `result-file-to-csv`. Layout: data/benchmarks/phoronix/README.md of the shared data, which quotes
// PTS's schema (pts-core/openbenchmarking.org/schemas/result-file.xsd): one Result per option
// combination, one Data/Entry per System identifier, Entry/Value the mean, Entry/RawString the
// ':'-separated per-run values, Result/Proportion HIB or LIB. composite.xml is read by a small
// strict XML reader (elements, text, the five predefined entities, character references,
// comments, CDATA; no DTD), which is all PTS writes.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/CsvReader.h"
#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;
using json = nlohmann::json;

// ---- the format-neutral result file ------------------------------------------------------------

struct PtsSystem
{
    std::string id;
    std::vector<std::pair<std::string, std::string>> hardware; // "Processor" -> "AMD EPYC (2 ..."
    std::vector<std::pair<std::string, std::string>> software;
};

struct PtsEntry
{
    std::string system;
    std::string valueText; // as written; checked when the run is built
    std::optional<double> value;
    std::vector<double> rawValues;
    bool rawValuesBroken = false;
};

struct PtsResult
{
    std::string identifier; // test profile with version, "local/sysbench-deb-1.0.0"
    std::string title;      // "Sysbench (Debian package)"
    std::string appVersion;
    std::string arguments;   // "memory run"
    std::string description; // "Test: RAM / Memory": the option combination
    std::string scale;       // unit, "MiB/sec"
    std::string proportion;  // HIB / LIB
    std::size_t line = 0;    // in the file, when known (XML, CSV)
    std::string path;        // JSON path, for messages ("results.<hash>"); "" otherwise
    std::vector<PtsEntry> entries;
};

struct PtsFile
{
    std::string toolVersion;
    std::vector<PtsSystem> systems;
    std::vector<PtsResult> results;
    bool fromCsv = false;
};

// "Key: value, Key2: value2" where values may contain ", " (a part without ": " continues the
// previous value).
std::vector<std::pair<std::string, std::string>> splitPairs(std::string_view s)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    for (;;) {
        const auto comma = s.find(", ", start);
        const auto part = s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
        const auto colon = part.find(": ");
        if (colon != std::string_view::npos && colon > 0) {
            out.emplace_back(std::string(text::trim(part.substr(0, colon))),
                             std::string(text::trim(part.substr(colon + 2))));
        } else if (!out.empty()) {
            out.back().second += ", " + std::string(part);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 2;
    }
    return out;
}

std::vector<double> parseRawString(std::string_view raw, bool& broken)
{
    std::vector<double> out;
    broken = false;
    raw = text::trim(raw);
    if (raw.empty()) {
        return out;
    }
    for (const auto part : text::split(raw, ':')) {
        const auto v = number(part);
        if (!v) {
            broken = true;
            return {};
        }
        out.push_back(*v);
    }
    return out;
}

// ---- units -------------------------------------------------------------------------------------

struct Unit
{
    double factor = 1;
    std::string unit;    // canonical
    std::string counted; // for generic rates: what is counted ("events"); "" otherwise
    bool isTime = false;
};

// PTS scales are what each test profile prints. Byte and bit prefixes follow their spelling
// (MiB = 2^20, MB = 10^6: PTS keeps the tool's own MiB/MB distinction, as in this file's
// "MiB/sec"); "<thing> Per Second" and "<thing>/sec" are generic rates (ops/s) that keep the
// counted thing as a parameter; other scales (Score, Points, ...) become "score".
Unit unitOf(std::string_view scale)
{
    scale = text::trim(scale);
    const std::string lower = text::toLower(scale);
    struct Fixed
    {
        const char* name;
        double factor;
        const char* unit;
        bool isTime;
    };
    constexpr Fixed kFixed[] = {
        {"mib/sec", 1048576, "B/s", false},
        {"mib/s", 1048576, "B/s", false},
        {"gib/sec", 1073741824, "B/s", false},
        {"gib/s", 1073741824, "B/s", false},
        {"kib/sec", 1024, "B/s", false},
        {"kib/s", 1024, "B/s", false},
        {"mb/sec", 1e6, "B/s", false},
        {"mb/s", 1e6, "B/s", false},
        {"gb/sec", 1e9, "B/s", false},
        {"gb/s", 1e9, "B/s", false},
        {"mbits/sec", 1e6, "bit/s", false},
        {"mbit/s", 1e6, "bit/s", false},
        {"gbits/sec", 1e9, "bit/s", false},
        {"gbit/s", 1e9, "bit/s", false},
        {"seconds", 1, "s", true},
        {"sec", 1, "s", true},
        {"milliseconds", 1e-3, "s", true},
        {"ms", 1e-3, "s", true},
        {"microseconds", 1e-6, "s", true},
        {"us", 1e-6, "s", true},
        {"nanoseconds", 1e-9, "s", true},
        {"ns", 1e-9, "s", true},
        {"iops", 1, "ops/s", false},
        {"%", 1, "%", false},
        {"percent", 1, "%", false},
    };
    for (const auto& f : kFixed) {
        if (lower == f.name) {
            return {f.factor, f.unit, {}, f.isTime};
        }
    }
    for (const char* suffix : {" per second", "/sec", "/s"}) {
        if (text::endsWith(lower, suffix) && lower.size() > std::string_view(suffix).size()) {
            const std::string counted(text::trim(
                std::string_view(lower).substr(0, lower.size() - std::string_view(suffix).size())));
            return {1, "ops/s", slug(counted), false};
        }
    }
    return {1, "score", slug(scale), false};
}

// ---- host facts --------------------------------------------------------------------------------

void hostFromSystem(const PtsSystem& system, BenchmarkRun& run)
{
    for (const auto& [key, value] : system.hardware) {
        if (key == "Processor") {
            // "AMD EPYC (2 Cores)", "Intel Core i7-8700 (6 Cores / 12 Threads)"
            const auto open = value.rfind(" (");
            run.host.cpuModel = value.substr(0, open);
            if (open != std::string::npos) {
                const auto inner = std::string_view(value).substr(open + 2);
                for (auto part : text::split(inner.substr(0, inner.find(')')), '/')) {
                    const auto f = fields(part);
                    if (f.size() == 2 && smallCount(f[0])) {
                        if (f[1] == "Cores" || f[1] == "Core") {
                            run.host.physicalCores = *smallCount(f[0]);
                        } else if (f[1] == "Threads" || f[1] == "Thread") {
                            run.host.logicalCpus = *smallCount(f[0]);
                        }
                    }
                }
            }
        }
    }
    for (const auto& [key, value] : system.software) {
        if (key == "OS") {
            run.host.os = value;
        } else if (key == "Kernel") {
            run.host.kernel = value.substr(0, value.find(" (")); // "6.18.44-fc-v782 (x86_64)"
        } else if (key == "System Layer") {
            const std::string layer = text::toLower(value);
            for (const char* c : {"docker", "podman", "lxc", "systemd-nspawn", "wsl"}) {
                if (text::contains(layer, c)) {
                    run.host.container = c;
                    run.host.platform = PlatformKind::Container;
                }
            }
            struct Vm
            {
                const char* needle;
                const char* hypervisor;
            };
            constexpr Vm kVms[] = {{"kvm", "kvm"},
                                   {"qemu", "qemu"},
                                   {"xen", "xen"},
                                   {"vmware", "vmware"},
                                   {"hyper-v", "microsoft"},
                                   {"amazon", "amazon"},
                                   {"bhyve", "bhyve"},
                                   {"virtualbox", "oracle"}};
            for (const auto& vm : kVms) {
                if (text::contains(layer, vm.needle)) {
                    run.host.hypervisor = vm.hypervisor;
                    if (run.host.platform == PlatformKind::Unknown) {
                        run.host.platform = PlatformKind::VirtualMachine;
                    }
                }
            }
            // README note: PTS names the layer from marker files (/.dockerenv), unverified.
            run.warnings.push_back("PTS reports System Layer " + inQuotes(value)
                                   + " (PTS infers it from marker files such as /.dockerenv; "
                                     "not verified)");
        }
    }
}

Result<BenchmarkRun> buildRun(const PtsFile& file, const std::string& displayName)
{
    auto resultError = [&](const PtsResult& r, const std::string& message) {
        return parseError(displayName,
                          r.line,
                          (r.path.empty() ? "" : "'" + r.path + "': ") + message);
    };
    BenchmarkRun run;
    run.tool = "phoronix";
    run.toolVersion = file.toolVersion;
    if (file.results.empty()) {
        return parseError(displayName,
                          0,
                          "no results: expected at least one PTS Result (test) with values");
    }
    std::set<std::string> systemIds;
    for (const auto& s : file.systems) {
        systemIds.insert(s.id);
    }
    std::set<std::string> usedSystems;
    std::set<std::string> scoreScales;
    for (const auto& result : file.results) {
        if (result.title.empty() && result.identifier.empty()) {
            return resultError(result, "result without Title or Identifier");
        }
        const Unit unit = unitOf(result.scale);
        if (result.scale.empty()) {
            return resultError(result, "result " + inQuotes(result.title) + " has no Scale (unit)");
        }
        bool higherIsBetter = true;
        if (result.proportion == "HIB") {
            higherIsBetter = true;
        } else if (result.proportion == "LIB") {
            higherIsBetter = false;
        } else if (unit.isTime) {
            higherIsBetter = false;
            warnOnce(run, "a result without HIB/LIB in time units is taken as lower-is-better");
        } else {
            return resultError(result,
                               "Proportion " + inQuotes(result.proportion) + " of "
                                   + inQuotes(result.title) + ": expected HIB or LIB");
        }
        if (unit.unit == "score") {
            scoreScales.insert(result.scale);
        }
        if (result.entries.empty()) {
            run.warnings.push_back("result " + inQuotes(result.title + " " + result.description)
                                   + " has no values");
        }
        for (const auto& entry : result.entries) {
            if (!entry.value) {
                run.warnings.push_back("result " + inQuotes(result.title + " " + result.description)
                                       + " for system " + inQuotes(entry.system)
                                       + " has no numeric value (" + inQuotes(entry.valueText)
                                       + "): skipped");
                continue;
            }
            if (*entry.value < 0) {
                return resultError(result,
                                   "negative value " + inQuotes(entry.valueText) + " for system "
                                       + inQuotes(entry.system));
            }
            if (!systemIds.empty() && systemIds.count(entry.system) == 0) {
                warnOnce(run,
                         "values for system " + inQuotes(entry.system)
                             + " that the file does not describe");
            }
            usedSystems.insert(entry.system);
            Sample s;
            s.metric = "pts." + slug(result.title);
            s.value = *entry.value * unit.factor;
            s.unit = unit.unit;
            s.higherIsBetter = higherIsBetter;
            s.parameters["options"] = result.description;
            s.parameters["system"] = entry.system;
            if (!result.identifier.empty()) {
                s.parameters["test_profile"] = result.identifier;
            }
            if (!result.arguments.empty()) {
                s.parameters["arguments"] = result.arguments;
            }
            if (!result.appVersion.empty()) {
                s.parameters["app_version"] = result.appVersion;
            }
            if (!unit.counted.empty()) {
                s.parameters[unit.unit == "score" ? "pts_scale" : "counted"] = unit.counted;
            }
            if (entry.rawValuesBroken) {
                warnOnce(run,
                         "per-run values of " + inQuotes(result.title + " " + result.description)
                             + " are not all numbers: not imported");
            }
            for (const double raw : entry.rawValues) {
                s.rawValues.push_back(raw * unit.factor);
            }
            run.samples.push_back(std::move(s));
        }
    }
    for (const auto& scale : scoreScales) {
        run.warnings.push_back("PTS scale " + inQuotes(scale)
                               + " is not a unit cloudcost converts: imported as a score");
    }
    if (file.systems.size() == 1 || (file.systems.size() > 1 && usedSystems.size() == 1)) {
        for (const auto& system : file.systems) {
            if (usedSystems.count(system.id) != 0 || file.systems.size() == 1) {
                hostFromSystem(system, run);
            }
        }
    } else if (usedSystems.size() > 1) {
        run.warnings.push_back("values of " + std::to_string(usedSystems.size())
                               + " systems in one file: host facts left empty; each sample "
                                 "names its system in parameter 'system'");
    }
    if (file.fromCsv) {
        run.warnings.push_back("the CSV export has no per-run values, test profile ids or PTS "
                               "version: import composite.xml for those");
    }
    if (run.samples.empty()) {
        return parseError(displayName, 0, "no numeric result values found");
    }
    return run;
}

// ---- composite.xml -----------------------------------------------------------------------------

struct XmlNode
{
    std::string name;
    std::string text;
    std::size_t line = 0;
    std::vector<XmlNode> children;

    const XmlNode* child(std::string_view n) const
    {
        for (const auto& c : children) {
            if (c.name == n) {
                return &c;
            }
        }
        return nullptr;
    }
    std::string childText(std::string_view n) const
    {
        const XmlNode* c = child(n);
        return c ? std::string(text::trim(c->text)) : std::string();
    }
};

class XmlReader
{
public:
    XmlReader(std::string_view text, const std::string& displayName)
        : m_s(text)
        , m_name(displayName)
    {}

    Result<XmlNode> document()
    {
        m_s = stripBom(m_s);
        if (auto ok = skipMisc(); !ok) {
            return ok.error();
        }
        if (!at("<")) {
            return fail("expected the root element '<PhoronixTestSuite>'");
        }
        XmlNode root;
        if (auto ok = element(root, 0); !ok) {
            return ok.error();
        }
        if (auto ok = skipMisc(); !ok) {
            return ok.error();
        }
        if (m_pos < m_s.size()) {
            return fail("text after the root element </" + root.name + ">");
        }
        return root;
    }

private:
    // Deeper than PTS ever nests (4 levels); bounds recursion on hostile input.
    static constexpr int kMaxDepth = 32;

    bool at(std::string_view p) const { return m_s.substr(m_pos, p.size()) == p; }

    std::size_t line()
    {
        for (; m_linePos < m_pos && m_linePos < m_s.size(); ++m_linePos) {
            m_line += m_s[m_linePos] == '\n' ? 1 : 0;
        }
        return m_line;
    }

    Error fail(const std::string& message) { return parseError(m_name, line(), message); }

    Status skipTo(std::string_view end, const char* what)
    {
        const auto pos = m_s.find(end, m_pos);
        if (pos == std::string_view::npos) {
            return fail(std::string("unterminated ") + what + " (truncated file?)");
        }
        m_pos = pos + end.size();
        return {};
    }

    void skipSpace()
    {
        while (m_pos < m_s.size()
               && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n'
                   || m_s[m_pos] == '\r')) {
            ++m_pos;
        }
    }

    // Whitespace, comments and processing instructions between elements.
    Status skipMisc()
    {
        for (;;) {
            skipSpace();
            if (at("<?")) {
                if (auto ok = skipTo("?>", "processing instruction"); !ok) {
                    return ok;
                }
            } else if (at("<!--")) {
                if (auto ok = skipTo("-->", "comment"); !ok) {
                    return ok;
                }
            } else if (at("<!")) {
                return fail("DOCTYPE and other declarations are not part of a PTS result file");
            } else {
                return {};
            }
        }
    }

    std::string_view name()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                            || (m_pos > start && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
            if (!ok) {
                break;
            }
            ++m_pos;
        }
        return m_s.substr(start, m_pos - start);
    }

    Status appendCodePoint(std::string& out, unsigned long cp)
    {
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return fail("invalid character reference");
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        return {};
    }

    // Character data up to the next '<', entities decoded.
    Status textInto(std::string& out)
    {
        while (m_pos < m_s.size() && m_s[m_pos] != '<') {
            const char c = m_s[m_pos];
            if (c != '&') {
                out.push_back(c);
                ++m_pos;
                continue;
            }
            const auto semi = m_s.find(';', m_pos);
            if (semi == std::string_view::npos || semi - m_pos > 12) {
                return fail("'&' that does not start an entity (expected &amp; &lt; ...)");
            }
            const std::string_view entity = m_s.substr(m_pos + 1, semi - m_pos - 1);
            if (entity == "lt") {
                out.push_back('<');
            } else if (entity == "gt") {
                out.push_back('>');
            } else if (entity == "amp") {
                out.push_back('&');
            } else if (entity == "quot") {
                out.push_back('"');
            } else if (entity == "apos") {
                out.push_back('\'');
            } else if (entity.size() > 1 && entity[0] == '#') {
                const bool hex = entity[1] == 'x';
                const std::string_view digits = entity.substr(hex ? 2 : 1);
                unsigned long cp = 0;
                bool ok = !digits.empty();
                for (const char d : digits) {
                    int v = -1;
                    if (d >= '0' && d <= '9') {
                        v = d - '0';
                    } else if (hex && d >= 'a' && d <= 'f') {
                        v = d - 'a' + 10;
                    } else if (hex && d >= 'A' && d <= 'F') {
                        v = d - 'A' + 10;
                    }
                    ok = ok && v >= 0;
                    cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v < 0 ? 0 : v);
                }
                if (!ok) {
                    return fail("invalid character reference &" + std::string(entity) + ";");
                }
                if (auto st = appendCodePoint(out, cp); !st) {
                    return st;
                }
            } else {
                return fail("unknown entity &" + text::printable(entity) + ";");
            }
            m_pos = semi + 1;
        }
        return {};
    }

    Status attributes()
    {
        for (;;) {
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] == '>' || at("/>")) {
                return {};
            }
            if (name().empty()) {
                return fail("expected an attribute name or '>'");
            }
            skipSpace();
            if (!at("=")) {
                return fail("expected '=' after an attribute name");
            }
            ++m_pos;
            skipSpace();
            if (m_pos >= m_s.size() || (m_s[m_pos] != '"' && m_s[m_pos] != '\'')) {
                return fail("expected a quoted attribute value");
            }
            const char quote = m_s[m_pos];
            const auto end = m_s.find(quote, m_pos + 1);
            if (end == std::string_view::npos) {
                return fail("unterminated attribute value (truncated file?)");
            }
            m_pos = end + 1;
        }
    }

    Status element(XmlNode& node, int depth)
    {
        if (depth > kMaxDepth) {
            return fail("elements nested deeper than " + std::to_string(kMaxDepth)
                        + ": not a PTS result file");
        }
        node.line = line();
        ++m_pos; // '<'
        node.name = std::string(name());
        if (node.name.empty()) {
            return fail("expected an element name after '<'");
        }
        if (auto ok = attributes(); !ok) {
            return ok;
        }
        if (at("/>")) {
            m_pos += 2;
            return {};
        }
        if (!at(">")) {
            return fail("unterminated tag <" + node.name + " (truncated file?)");
        }
        ++m_pos;
        for (;;) {
            if (m_pos >= m_s.size()) {
                return fail("end of file inside <" + node.name + "> opened on line "
                            + std::to_string(node.line) + " (truncated file?)");
            }
            if (at("</")) {
                m_pos += 2;
                const std::string_view closing = name();
                skipSpace();
                if (closing != node.name || !at(">")) {
                    return fail("expected </" + node.name + "> (opened on line "
                                + std::to_string(node.line) + "), found </"
                                + text::printable(closing) + ">");
                }
                ++m_pos;
                return {};
            }
            if (at("<!--")) {
                if (auto ok = skipTo("-->", "comment"); !ok) {
                    return ok;
                }
            } else if (at("<![CDATA[")) {
                const auto start = m_pos + 9;
                if (auto ok = skipTo("]]>", "CDATA section"); !ok) {
                    return ok;
                }
                node.text += std::string(m_s.substr(start, m_pos - 3 - start));
            } else if (at("<?")) {
                if (auto ok = skipTo("?>", "processing instruction"); !ok) {
                    return ok;
                }
            } else if (at("<!")) {
                return fail("declaration inside an element");
            } else if (at("<")) {
                node.children.emplace_back();
                if (auto ok = element(node.children.back(), depth + 1); !ok) {
                    return ok;
                }
            } else if (auto ok = textInto(node.text); !ok) {
                return ok;
            }
        }
    }

    std::string_view m_s;
    const std::string& m_name;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_linePos = 0;
};

constexpr const char* kXmlWhat = "a Phoronix Test Suite composite.xml (<PhoronixTestSuite> with "
                                 "<System> and <Result> elements)";

int sniffXml(std::string_view head, std::string_view /*fileName*/)
{
    return text::contains(head, "<PhoronixTestSuite>") ? 95 : 0;
}

Result<BenchmarkRun> parseXml(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kXmlWhat); !ok) {
        return ok.error();
    }
    XmlReader reader(content, displayName);
    auto root = reader.document();
    if (!root) {
        return root.error();
    }
    if (root->name != "PhoronixTestSuite") {
        return parseError(displayName,
                          root->line,
                          "root element <" + root->name + ">: expected " + kXmlWhat);
    }
    PtsFile file;
    if (const XmlNode* generated = root->child("Generated")) {
        const std::string client = generated->childText("TestClient");
        constexpr std::string_view kPrefix = "Phoronix Test Suite v";
        if (text::startsWith(client, kPrefix)) {
            file.toolVersion = client.substr(kPrefix.size());
        }
    }
    for (const auto& node : root->children) {
        if (node.name == "System") {
            PtsSystem system;
            system.id = node.childText("Identifier");
            if (system.id.empty()) {
                return parseError(displayName, node.line, "<System> without <Identifier>");
            }
            system.hardware = splitPairs(node.childText("Hardware"));
            system.software = splitPairs(node.childText("Software"));
            if (file.toolVersion.empty()) {
                file.toolVersion = node.childText("TestClientVersion");
            }
            file.systems.push_back(std::move(system));
        } else if (node.name == "Result") {
            PtsResult result;
            result.identifier = node.childText("Identifier");
            result.title = node.childText("Title");
            result.appVersion = node.childText("AppVersion");
            result.arguments = node.childText("Arguments");
            result.description = node.childText("Description");
            result.scale = node.childText("Scale");
            result.proportion = node.childText("Proportion");
            result.line = node.line;
            const XmlNode* data = node.child("Data");
            const std::vector<XmlNode> noEntries;
            for (const auto& entryNode : data ? data->children : noEntries) {
                if (entryNode.name != "Entry") {
                    continue;
                }
                PtsEntry entry;
                entry.system = entryNode.childText("Identifier");
                entry.valueText = entryNode.childText("Value");
                entry.value = number(entry.valueText);
                entry.rawValues =
                    parseRawString(entryNode.childText("RawString"), entry.rawValuesBroken);
                result.entries.push_back(std::move(entry));
            }
            file.results.push_back(std::move(result));
        }
    }
    return buildRun(file, displayName);
}

// ---- result-file-to-json -----------------------------------------------------------------------

constexpr const char* kJsonWhat = "a Phoronix Test Suite JSON export (result-file-to-json: "
                                  "'systems' and 'results')";

int sniffJson(std::string_view head, std::string_view /*fileName*/)
{
    return text::contains(head, "\"systems\"") && text::contains(head, "\"results\"")
                   && (text::contains(head, "\"proportion\"")
                       || text::contains(head, "\"client_version\""))
               ? 90
               : 0;
}

std::string jsonText(const json& obj, const char* key)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        return {};
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

Result<BenchmarkRun> parseJson(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kJsonWhat); !ok) {
        return ok.error();
    }
    const std::string_view body = stripBom(content);
    json doc;
    try {
        doc = json::parse(body.begin(), body.end());
    } catch (const json::parse_error& e) {
        const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        std::size_t line = 1;
        for (std::size_t i = 0; i < byte && i < body.size(); ++i) {
            line += body[i] == '\n' ? 1 : 0;
        }
        std::string message = e.what();
        if (const auto colon = message.find(": "); colon != std::string::npos) {
            message = message.substr(colon + 2);
        }
        return parseError(displayName,
                          line,
                          "invalid JSON at byte " + std::to_string(byte) + " (expected " + kJsonWhat
                              + "): " + message);
    } catch (const json::exception& e) {
        return parseError(displayName, 0, std::string("invalid JSON: ") + e.what());
    }
    auto fieldError = [&](const std::string& path, const std::string& what) {
        return parseError(displayName, 0, "'" + path + "': " + what);
    };
    if (!doc.is_object() || !doc.contains("results")) {
        return parseError(displayName,
                          0,
                          std::string("no 'results' object: expected ") + kJsonWhat);
    }
    PtsFile file;
    if (const auto systems = doc.find("systems"); systems != doc.end() && !systems->is_null()) {
        if (!systems->is_object()) {
            return fieldError("systems", "expected an object keyed by system identifier");
        }
        for (const auto& [id, sys] : systems->items()) {
            if (!sys.is_object()) {
                return fieldError("systems." + id, "expected an object");
            }
            PtsSystem system;
            system.id = id;
            for (const char* part : {"hardware", "software"}) {
                const auto it = sys.find(part);
                if (it == sys.end() || it->is_null()) {
                    continue;
                }
                if (!it->is_object()) {
                    return fieldError("systems." + id + "." + part, "expected an object");
                }
                auto& out =
                    std::string_view(part) == "hardware" ? system.hardware : system.software;
                for (const auto& [k, v] : it->items()) {
                    out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
                }
            }
            if (file.toolVersion.empty()) {
                file.toolVersion = jsonText(sys, "client_version");
            }
            file.systems.push_back(std::move(system));
        }
    }
    const json& results = doc["results"];
    if (!results.is_object()) {
        return fieldError("results", "expected an object keyed by result hash");
    }
    for (const auto& [hash, r] : results.items()) {
        const std::string path = "results." + hash;
        if (!r.is_object()) {
            return fieldError(path, "expected an object");
        }
        PtsResult result;
        result.identifier = jsonText(r, "identifier");
        result.title = jsonText(r, "title");
        result.appVersion = jsonText(r, "app_version");
        result.arguments = jsonText(r, "arguments");
        result.description = jsonText(r, "description");
        result.scale = jsonText(r, "scale");
        result.proportion = jsonText(r, "proportion");
        result.path = path;
        const auto values = r.find("results");
        if (values != r.end() && !values->is_null()) {
            if (!values->is_object()) {
                return fieldError(path + ".results", "expected an object keyed by system");
            }
            for (const auto& [system, v] : values->items()) {
                const std::string vpath = path + ".results." + system;
                if (!v.is_object()) {
                    return fieldError(vpath, "expected an object with 'value'");
                }
                PtsEntry entry;
                entry.system = system;
                const auto value = v.find("value");
                if (value != v.end() && value->is_number()) {
                    const double d = value->get<double>();
                    entry.valueText = value->dump();
                    if (std::isfinite(d)) {
                        entry.value = d;
                    }
                } else if (value != v.end() && value->is_string()) {
                    entry.valueText = value->get<std::string>();
                    entry.value = number(entry.valueText);
                } else {
                    entry.valueText = value == v.end() ? "" : value->dump();
                }
                if (const auto raw = v.find("raw_values"); raw != v.end() && !raw->is_null()) {
                    if (!raw->is_array()) {
                        return fieldError(vpath + ".raw_values", "expected an array of numbers");
                    }
                    for (const auto& x : *raw) {
                        if (!x.is_number() || !std::isfinite(x.get<double>())) {
                            entry.rawValuesBroken = true;
                            entry.rawValues.clear();
                            break;
                        }
                        entry.rawValues.push_back(x.get<double>());
                    }
                }
                result.entries.push_back(std::move(entry));
            }
        }
        file.results.push_back(std::move(result));
    }
    return buildRun(file, displayName);
}

// ---- result-file-to-csv ------------------------------------------------------------------------

constexpr const char* kCsvWhat = "a Phoronix Test Suite CSV export (result-file-to-csv: a system "
                                 "table, then '\"<title> - <options> (<unit>)\",HIB,<value>' rows)";

int sniffCsv(std::string_view head, std::string_view fileName)
{
    const bool rows = text::contains(head, "\",HIB,") || text::contains(head, "\",LIB,");
    if (!rows) {
        return 0;
    }
    return text::endsWith(text::toLower(fileName), ".csv") ? 85 : 70;
}

// "Sysbench (Debian package) - Test: RAM / Memory (MiB/sec)" -> title, options, unit.
bool splitCsvLabel(std::string_view label, PtsResult& result)
{
    label = text::trim(label);
    if (label.empty() || label.back() != ')') {
        return false;
    }
    const auto open = label.rfind(" (");
    if (open == std::string_view::npos) {
        return false;
    }
    result.scale = std::string(label.substr(open + 2, label.size() - open - 3));
    const std::string_view rest = label.substr(0, open);
    const auto dash = rest.find(" - ");
    result.title = std::string(rest.substr(0, dash));
    result.description = dash == std::string_view::npos ? "" : std::string(rest.substr(dash + 3));
    return !result.title.empty() && !result.scale.empty();
}

Result<BenchmarkRun> parseCsv(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kCsvWhat); !ok) {
        return ok.error();
    }
    CsvReader reader(stripBom(content), displayName);
    PtsFile file;
    file.fromCsv = true;
    std::vector<std::string> systemIds;
    std::map<std::string, PtsSystem> systems;
    std::vector<std::string_view> f;
    for (;;) {
        auto more = reader.next(f);
        if (!more) {
            return more.error();
        }
        if (!*more) {
            break;
        }
        const std::size_t lineNo = reader.line();
        const bool blank = std::all_of(f.begin(), f.end(), [](std::string_view x) {
            return text::trim(x).empty();
        });
        if (blank) {
            continue;
        }
        if (f.size() >= 3 && text::trim(f[0]).empty() && f[1].empty()) {
            // " ,,\"system-a\",\"system-b\"": the systems of the following rows
            systemIds.clear();
            for (std::size_t i = 2; i < f.size(); ++i) {
                systemIds.emplace_back(text::trim(f[i]));
                systems[systemIds.back()].id = systemIds.back();
            }
            continue;
        }
        if (f.size() >= 3 && (f[1] == "HIB" || f[1] == "LIB")) {
            if (systemIds.empty()) {
                return parseError(displayName,
                                  lineNo,
                                  "result row before the ' ,,\"<system>\"' header that names its "
                                  "systems");
            }
            PtsResult result;
            if (!splitCsvLabel(f[0], result)) {
                return parseError(displayName,
                                  lineNo,
                                  "expected '\"<title> - <options> (<unit>)\"', found "
                                      + inQuotes(f[0]));
            }
            result.proportion = std::string(f[1]);
            result.line = lineNo;
            for (std::size_t i = 2; i < f.size() && i - 2 < systemIds.size(); ++i) {
                if (text::trim(f[i]).empty()) {
                    continue; // this system did not run the test
                }
                PtsEntry entry;
                entry.system = systemIds[i - 2];
                entry.valueText = std::string(f[i]);
                entry.value = number(f[i]);
                result.entries.push_back(std::move(entry));
            }
            file.results.push_back(std::move(result));
            continue;
        }
        if (f.size() >= 3 && !text::trim(f[0]).empty() && f[1].empty() && !systemIds.empty()) {
            // "Processor,,AMD EPYC (2 Cores)": a property per system
            static const std::set<std::string> kSoftware = {"OS",
                                                            "Kernel",
                                                            "Compiler",
                                                            "File-System",
                                                            "System Layer",
                                                            "Desktop",
                                                            "Display Server",
                                                            "Screen Resolution",
                                                            "OpenGL",
                                                            "Vulkan"};
            const std::string key(text::trim(f[0]));
            for (std::size_t i = 2; i < f.size() && i - 2 < systemIds.size(); ++i) {
                auto& sys = systems[systemIds[i - 2]];
                (kSoftware.count(key) ? sys.software : sys.hardware)
                    .emplace_back(key, std::string(text::trim(f[i])));
            }
            continue;
        }
        if (f.size() >= 2 && text::trim(f[0]).empty() && file.results.empty()) {
            continue; // ",<title>,": the result file's title
        }
        return parseError(displayName,
                          lineNo,
                          "unexpected row " + inQuotes(reader.rawRecord()) + ": expected "
                              + kCsvWhat);
    }
    for (auto& [id, system] : systems) {
        file.systems.push_back(std::move(system));
    }
    return buildRun(file, displayName);
}

} // namespace

void registerPhoronixImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"phoronix-xml",
                   "Phoronix Test Suite composite.xml (per-test means and per-run values)",
                   sniffXml,
                   parseXml});
    out.push_back(
        {"phoronix-json", "Phoronix Test Suite result-file-to-json export", sniffJson, parseJson});
    out.push_back({"phoronix-csv",
                   "Phoronix Test Suite result-file-to-csv export (means only)",
                   sniffCsv,
                   parseCsv});
}

} // namespace cloudcost::benchmark
