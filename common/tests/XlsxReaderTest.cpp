#include "common/xlsx/XlsxReader.h"

#include "common/InputFile.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "tests/support/TestData.h"
#include <zlib.h>

using cloudcost::xlsx::Cell;
using cloudcost::xlsx::CellType;
using cloudcost::xlsx::Row;
using cloudcost::xlsx::Workbook;
using cloudcost::xlsx::XlsxLimits;

namespace {

std::filesystem::path inventory(const std::string& relative)
{
    return cloudcost::testing::sharedData("inventory/" + relative);
}

// All non-blank rows of a sheet, failing the test on error.
std::vector<Row> readSheet(const Workbook& wb, const std::string& sheet)
{
    std::vector<Row> rows;
    auto n = wb.forEachRow(sheet, [&](const Row& row) {
        rows.push_back(row);
        return true;
    });
    INFO((n ? std::string() : n.error().describe()));
    REQUIRE(n);
    REQUIRE(*n == static_cast<std::int64_t>(rows.size()));
    return rows;
}

// Column index of a header in row 1.
std::size_t col(const Row& header, const std::string& name)
{
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        if (header.cells[i].text == name) {
            return i;
        }
    }
    FAIL("no column " << name);
    return 0;
}

// A tiny zip writer for crafted, possibly broken, packages.
struct ZipPart
{
    ZipPart(std::string n, std::string d)
        : name(std::move(n))
        , data(std::move(d))
    {}
    std::string name;
    std::string data;
    bool deflate = true;
    std::optional<std::uint32_t> crcOverride;
    std::optional<std::uint32_t> sizeOverride; // declared uncompressed size
};

void put16(std::string& out, std::uint32_t v)
{
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

void put32(std::string& out, std::uint32_t v)
{
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

std::string deflateRaw(const std::string& data)
{
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

std::string makeZip(const std::vector<ZipPart>& parts)
{
    std::string out;
    std::string central;
    for (const ZipPart& part : parts) {
        const std::string body = part.deflate ? deflateRaw(part.data) : part.data;
        const auto crc = part.crcOverride.value_or(
            static_cast<std::uint32_t>(crc32(0,
                                             reinterpret_cast<const Bytef*>(part.data.data()),
                                             static_cast<uInt>(part.data.size()))));
        const auto usize = part.sizeOverride.value_or(static_cast<std::uint32_t>(part.data.size()));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const std::uint32_t method = part.deflate ? 8 : 0;
        put32(out, 0x04034b50);
        put16(out, 20);
        put16(out, 0);
        put16(out, method);
        put32(out, 0);
        put32(out, crc);
        put32(out, static_cast<std::uint32_t>(body.size()));
        put32(out, usize);
        put16(out, static_cast<std::uint32_t>(part.name.size()));
        put16(out, 0);
        out += part.name;
        out += body;
        put32(central, 0x02014b50);
        put16(central, 20);
        put16(central, 20);
        put16(central, 0);
        put16(central, method);
        put32(central, 0);
        put32(central, crc);
        put32(central, static_cast<std::uint32_t>(body.size()));
        put32(central, usize);
        put16(central, static_cast<std::uint32_t>(part.name.size()));
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0);
        put32(central, offset);
        central += part.name;
    }
    const auto cdOffset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(parts.size()));
    put16(out, static_cast<std::uint32_t>(parts.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, cdOffset);
    put16(out, 0);
    return out;
}

const char* kWorkbook =
    R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
    R"(<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const char* kRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(</Relationships>)";

std::string sheetXml(const std::string& rows)
{
    return R"(<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
           + rows + "</sheetData></worksheet>";
}

std::vector<ZipPart> workbookParts(const std::string& sheet)
{
    return {ZipPart("xl/workbook.xml", kWorkbook),
            ZipPart("xl/_rels/workbook.xml.rels", kRels),
            ZipPart("xl/worksheets/sheet1.xml", sheet)};
}

struct Crafted
{
    std::filesystem::path dir = cloudcost::testing::makeTempDir("xlsx-test");
    ~Crafted() { std::filesystem::remove_all(dir); }
    std::filesystem::path write(const std::string& name, const std::string& bytes)
    {
        const auto path = dir / name;
        std::ofstream out(path, std::ios::binary);
        out << bytes;
        return path;
    }
};

std::string errorOf(const cloudcost::Result<std::int64_t>& r)
{
    REQUIRE_FALSE(r);
    return r.error().describe();
}

} // namespace

TEST_CASE("Column references map to zero-based indexes and back")
{
    using cloudcost::xlsx::columnIndex;
    using cloudcost::xlsx::columnName;
    CHECK(columnIndex("A1") == 0u);
    CHECK(columnIndex("Z9") == 25u);
    CHECK(columnIndex("AA10") == 26u);
    CHECK(columnIndex("CL1048576") == 89u);
    CHECK(columnIndex("XFD1") == 16383u);
    CHECK_FALSE(columnIndex("XFE1"));
    CHECK_FALSE(columnIndex("12"));
    CHECK_FALSE(columnIndex("ABCD1"));
    CHECK(columnName(0) == "A");
    CHECK(columnName(27) == "AB");
    CHECK(columnName(16383) == "XFD");
}

TEST_CASE("The kubev2v RVTools workbook skips its blank formatted rows and keeps numeric cells")
{
    // shared/data/inventory/rvtools/README.md: 9 VMs in vInfo, 7 hosts, thousands of blank
    // formatted rows, a <dimension> of A1:CL1048576 and a trailing empty header cell.
    auto wb = Workbook::open(
        inventory("rvtools/kubev2v-migration-planner_example1_rvtools4-vcenter8.xlsx"));
    REQUIRE(wb);
    CHECK(wb->sheetNames()
          == std::vector<std::string>{"vInfo", "vCPU", "vMemory", "vDisk", "vPartition", "vHost"});
    CHECK_FALSE(wb->date1904());
    const auto info = readSheet(*wb, "vInfo");
    REQUIRE(info.size() == 10);
    CHECK(info[0].number == 1);
    CHECK(info[0].cells.size() == 79); // 80 header cells, the last one empty
    const Row& header = info[0];
    const Row* vm3 = nullptr;
    for (const Row& r : info) {
        if (r.text(0) == "vm-3") {
            vm3 = &r;
        }
    }
    REQUIRE(vm3 != nullptr);
    CHECK(vm3->text(col(header, "Powerstate")) == "poweredOn");
    CHECK(vm3->cells[col(header, "CPUs")].type == CellType::Number);
    CHECK(vm3->cells[col(header, "CPUs")].number() == 3.0);
    CHECK(vm3->cells[col(header, "Memory")].number() == 3526.0);
    CHECK(vm3->cells[col(header, "Provisioned MiB")].number() == 531343.0);
    CHECK(vm3->cells[col(header, "In Use MiB")].number() == 8746.0);
    CHECK(vm3->text(col(header, "Template")) == "False");
    CHECK(info[1].text(col(header, "Creation date")) == "45714.5372106481");
    CHECK(readSheet(*wb, "vHost").size() == 8);
    CHECK(readSheet(*wb, "vDisk").size() == 10);
}

TEST_CASE("The IBM RVTools sample reads inline strings without a shared strings part")
{
    // README: openpyxl output, t="inlineStr" everywhere, no sharedStrings.xml, absolute targets.
    auto wb =
        Workbook::open(inventory("rvtools/ibm-rvtools-to-ibm-cloud_rvtools-small-complete.xlsx"));
    REQUIRE(wb);
    CHECK(wb->sheetNames().size() == 17);
    CHECK(wb->hasSheet("dvPort"));
    CHECK(wb->findSheet("VINFO") == "vInfo");
    const auto info = readSheet(*wb, "vInfo");
    REQUIRE(info.size() == 4);
    CHECK(info[0].cells.size() == 14);
    CHECK(info[2].text(0) == "sample-db-01");
    CHECK(info[2].text(3) == "16384");
    CHECK(info[2].cells[3].number() == 16384.0);
    CHECK(readSheet(*wb, "vDisk").size() == 6);
    CHECK(readSheet(*wb, "vPartition")[0].text(6) == "Free % ");
}

TEST_CASE("The Azure Migrate discovery report reads booleans, numbers and shared strings")
{
    auto wb = Workbook::open(inventory("azure-migrate-export/AzureMigrate_Discovery_Report.xlsx"));
    REQUIRE(wb);
    CHECK(wb->sheetNames() == std::vector<std::string>{"Properties", "Discovery_Report"});
    const auto rows = readSheet(*wb, "Discovery_Report");
    REQUIRE(rows.size() == 295); // header + 294 machines (README)
    const Row& header = rows[0];
    const std::size_t sql = col(header, "Is SQL Service Present");
    CHECK(rows[1].cells[sql].type == CellType::Boolean);
    CHECK(rows[1].cells[sql].boolean() == false);
    const std::size_t cores = col(header, "Cores");
    const std::size_t memory = col(header, "Memory (in MB)");
    double coreSum = 0;
    double memorySum = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        coreSum += rows[i].cells[cores].number().value_or(0);
        memorySum += rows[i].cells[memory].number().value_or(0);
    }
    CHECK(coreSum == 959.0);       // README: Σ Cores 959
    CHECK(memorySum == 2159616.0); // README: Σ Memory 2,159,616 MB
    // Environment (column B) is blank in most rows: the cell is skipped, not misplaced.
    CHECK(rows[1].at(1) != nullptr);
    CHECK(rows[1].text(1).empty());
    CHECK(rows[1].text(2) == "-1");
}

TEST_CASE("The Open XML SDK clash report resolves x: prefixed elements and junk entries")
{
    auto wb =
        Workbook::open(inventory("azure-migrate-export/AzureMigrate_Assessment_Clash_Report.xlsx"));
    REQUIRE(wb);
    CHECK(wb->sheetNames() == std::vector<std::string>{"Clash_Report"});
    const auto rows = readSheet(*wb, "Clash_Report");
    REQUIRE(rows.size() == 295);
    const std::size_t vm = col(rows[0], "VM_IaaS_Server_Rehost_Perf");
    int rehost = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        rehost += rows[i].cells[vm].number().value_or(0) == 1.0 ? 1 : 0;
    }
    CHECK(rehost == 174); // README: 174 machines went to plain VM rehost
}

TEST_CASE("A crafted sheet handles namespaces, sparse cells, inline rich text and blank rows")
{
    Crafted tmp;
    const std::string sheet =
        "\xEF\xBB\xBF"
        R"(<?xml version="1.0"?>)"
        R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
        R"(<x:dimension ref="A1:CL1048576"/><x:sheetData>)"
        R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:r><x:t>Na</x:t></x:r><x:r><x:t>me</x:t></x:r>)"
        R"(<x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c><x:c r="D1" t="str"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>)"
        R"(<x:row r="2" s="3" customFormat="1"/><x:row r="3"><x:c r="B3" s="1"/></x:row>)"
        R"(<x:row r="7"><x:c t="b"><x:v>1</x:v></x:c><x:c><x:v> 12.5 </x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>)"
        R"(</x:sheetData></x:worksheet>)";
    auto parts = workbookParts(sheet); // starts with a UTF-8 BOM
    auto wb = Workbook::open(tmp.write("crafted.xlsx", makeZip(parts)));
    REQUIRE(wb);
    const auto rows = readSheet(*wb, "Data");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].number == 1);
    CHECK(rows[0].text(0) == "Name");
    CHECK(rows[0].cells.size() == 4);
    CHECK(rows[0].cells[1].type == CellType::Empty);
    CHECK(rows[0].text(3) == "2");
    CHECK(rows[1].number == 7);
    CHECK(rows[1].cells[0].boolean() == true);
    CHECK(rows[1].cells[1].number() == 12.5);
    CHECK(rows[1].cells[2].type == CellType::Error);
    CHECK_FALSE(rows[1].cells[2].number());
}

TEST_CASE("A callback that returns false stops the stream early")
{
    auto wb = Workbook::open(inventory("azure-migrate-export/AzureMigrate_Discovery_Report.xlsx"));
    REQUIRE(wb);
    int seen = 0;
    auto n = wb->forEachRow("Discovery_Report", [&](const Row&) { return ++seen < 3; });
    REQUIRE(n);
    CHECK(seen == 3);
}

TEST_CASE("Broken packages fail with a message naming the file and the problem")
{
    Crafted tmp;
    SECTION("not a zip at all")
    {
        auto wb = Workbook::open(tmp.write("text.xlsx", "VM,CPUs\nvm-1,2\n"));
        REQUIRE_FALSE(wb);
        CHECK_THAT(wb.error().describe(),
                   Catch::Contains("text.xlsx") && Catch::Contains("not a zip archive"));
    }
    SECTION("a real workbook truncated to half its size")
    {
        auto bytes = cloudcost::readWholeFile(
            inventory("rvtools/ibm-rvtools-to-ibm-cloud_rvtools-small-complete.xlsx"));
        REQUIRE(bytes);
        auto wb = Workbook::open(tmp.write("half.xlsx", bytes->substr(0, bytes->size() / 2)));
        REQUIRE_FALSE(wb);
        CHECK_THAT(wb.error().describe(),
                   Catch::Contains("half.xlsx") && Catch::Contains("truncated"));
    }
    SECTION("a workbook whose central directory offset points past the data")
    {
        std::string zip = makeZip(workbookParts(sheetXml("")));
        zip[zip.size() - 6] = '\x7F'; // cdOffset high byte
        auto wb = Workbook::open(tmp.write("offset.xlsx", zip));
        REQUIRE_FALSE(wb);
        CHECK_THAT(wb.error().describe(), Catch::Contains("central directory"));
    }
    SECTION("a zip without a workbook part")
    {
        auto wb = Workbook::open(tmp.write("nowb.xlsx", makeZip({ZipPart("hello.txt", "hi")})));
        REQUIRE_FALSE(wb);
        CHECK_THAT(wb.error().describe(), Catch::Contains("not an XLSX workbook"));
    }
    SECTION("a sheet with a bad CRC")
    {
        auto parts =
            workbookParts(sheetXml(R"(<row r="1"><c t="inlineStr"><is><t>x</t></is></c></row>)"));
        parts[2].crcOverride = 0xDEADBEEF;
        auto wb = Workbook::open(tmp.write("crc.xlsx", makeZip(parts)));
        REQUIRE(wb);
        const std::string message =
            errorOf(wb->forEachRow("Data", [](const Row&) { return true; }));
        CHECK_THAT(message,
                   Catch::Contains("crc.xlsx") && Catch::Contains("CRC-32 mismatch")
                       && Catch::Contains("sheet1.xml") && Catch::Contains("sheet 'Data'"));
    }
    SECTION("a sheet that inflates beyond its declared size")
    {
        auto parts = workbookParts(sheetXml(std::string(100000, ' ')));
        parts[2].sizeOverride = 1000;
        auto wb = Workbook::open(tmp.write("lie.xlsx", makeZip(parts)));
        REQUIRE(wb);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("inflates beyond its declared 1000 bytes"));
    }
    SECTION("a zip bomb above the size limit")
    {
        // 6 MB of blank formatted rows compress to a few KB.
        std::string rows;
        for (int i = 1; i <= 250000; ++i) {
            rows += "<row r=\"" + std::to_string(i) + "\" s=\"1\"/>";
        }
        auto parts = workbookParts(sheetXml(rows));
        XlsxLimits limits;
        limits.maxSheetBytes = 4 << 20;
        auto wb = Workbook::open(tmp.write("bomb.xlsx", makeZip(parts)), limits);
        REQUIRE(wb);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("above the limit"));
        XlsxLimits zipLimits;
        zipLimits.zip.maxEntryBytes = 4 << 20;
        auto wb2 = Workbook::open(tmp.dir / "bomb.xlsx", zipLimits);
        REQUIRE(wb2);
        CHECK_THAT(errorOf(wb2->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("possible zip bomb"));
    }
    SECTION("a missing sheet and a sheet whose part is missing")
    {
        auto parts = workbookParts(sheetXml(""));
        parts.pop_back();
        auto wb = Workbook::open(tmp.write("nosheet.xlsx", makeZip(parts)));
        REQUIRE(wb);
        auto missing = wb->forEachRow("vInfo", [](const Row&) { return true; });
        CHECK_THAT(errorOf(missing),
                   Catch::Contains("no sheet named 'vInfo'") && Catch::Contains("sheets: Data"));
        CHECK(missing.error().code == cloudcost::Error::Code::NotFound);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("sheet 'Data'") && Catch::Contains("missing from the zip"));
    }
    SECTION("malformed sheet XML names the line, column and last good row")
    {
        auto parts =
            workbookParts(sheetXml("<row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>\n"
                                   "<row r=\"2\"><c><v>1</c></row>"));
        auto wb = Workbook::open(tmp.write("badxml.xlsx", makeZip(parts)));
        REQUIRE(wb);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("badxml.xlsx: sheet 'Data'") && Catch::Contains("line 2")
                       && Catch::Contains("mismatched tag") && Catch::Contains("after row 1"));
    }
    SECTION("a shared string index out of range names the cell")
    {
        auto parts = workbookParts(sheetXml(R"(<row r="4"><c r="C4" t="s"><v>7</v></c></row>)"));
        auto wb = Workbook::open(tmp.write("ss.xlsx", makeZip(parts)));
        REQUIRE(wb);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("row 4 cell C4") && Catch::Contains("0 shared strings"));
    }
    SECTION("a DOCTYPE (entity expansion) is refused")
    {
        auto parts = workbookParts(
            R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet><sheetData/></worksheet>)");
        auto wb = Workbook::open(tmp.write("dtd.xlsx", makeZip(parts)));
        REQUIRE(wb);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("DOCTYPE"));
    }
    SECTION("a cell reference beyond column XFD")
    {
        auto parts = workbookParts(sheetXml(R"(<row r="1"><c r="ZZZZ1"><v>1</v></c></row>)"));
        auto wb = Workbook::open(tmp.write("col.xlsx", makeZip(parts)));
        REQUIRE(wb);
        CHECK_THAT(errorOf(wb->forEachRow("Data", [](const Row&) { return true; })),
                   Catch::Contains("bad cell reference \"ZZZZ1\""));
    }
}
