#include "pricing/importers/PriceBookImporters.h"

#include "pricing/ImportSupport.h"
#include "pricing/Importer.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

std::filesystem::path examplePath()
{
    // The project's own examples/ folder, found from this source file (pricing/tests/).
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "examples"
           / "pricebook-tencent-huawei.csv";
}

std::filesystem::path writeTemp(const std::string& fileName, const std::string& content)
{
    static const auto dir = cloudcost::testing::makeTempDir("pricebook-test");
    const auto path = dir / fileName;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
}

Result<pricebook::PriceBookSummary> importFile(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return pricebook::importPriceBook(request, sink);
}

} // namespace

TEST_CASE("The example price book parses with its metadata and conventions", "[pricing][pricebook]")
{
    const auto path = examplePath();
    REQUIRE(std::filesystem::exists(path));
    VectorSink sink;
    auto summary = importFile(path, sink);
    REQUIRE(summary);
    CHECK(summary->hasMarker);
    CHECK_THAT(summary->source, Catch::Matchers::Contains("ILLUSTRATIVE"));
    CHECK(summary->facts.format == "cloudcost-pricebook-csv");
    CHECK(summary->facts.publishedAt == "2026-01-15");
    CHECK(summary->facts.provider.empty()); // tencent, huawei and onprem rows
    REQUIRE(sink.offers.size() == 6);
    CHECK(sink.stats().rowsRead == 6);

    const Offer& od = sink.offers[0];
    CHECK(od.provider == "tencent");
    CHECK(od.region == "ap-guangzhou");
    CHECK(od.instanceType == "S5.MEDIUM4");
    CHECK(*od.vcpus == Approx(2));
    CHECK(*od.memoryGib == Approx(4));
    CHECK(od.arch == "x86_64");
    CHECK(od.os == "linux");
    CHECK(od.purchaseOption == PurchaseOption::OnDemand);
    CHECK(od.hourly == Approx(0.50));
    CHECK(od.currency == "CNY"); // from "# currency: CNY"
    CHECK(od.effectiveDate == "2026-01-15");

    const Offer& yearly = sink.offers[1];
    CHECK(yearly.purchaseOption == PurchaseOption::Reserved);
    CHECK(yearly.termMonths == 12);
    CHECK(yearly.paymentOption == PaymentOption::AllUpfront);
    CHECK(yearly.offeringClass == "subscription");
    CHECK(yearly.upfront == Approx(3000));
    CHECK(yearly.hourly == 0);

    const Offer& monthly = sink.offers[2];
    CHECK(monthly.zone == "ap-shanghai-5");
    CHECK(monthly.hourly == Approx(420.0 / 730.0)); // 730 h per month

    const Offer& owned = sink.offers[5];
    CHECK(owned.provider == "onprem");
    CHECK(owned.offeringClass == "owned");
    CHECK(owned.termMonths == 60);
    CHECK(effectiveHourly(owned) == Approx(150000.0 / (60 * 730.0)));
}

TEST_CASE("A price book without the marker is read from its header with friendly names",
          "[pricing][pricebook]")
{
    const auto path = writeTemp("negotiated.csv",
                                "\xEF\xBB\xBF# source: contract 2025-117\r\n"
                                "# provider: MyCorp-DC\r\n"
                                "Region,Instance Type,vCPUs,Memory GiB,Purchase Option,Term Months,"
                                "Hourly,Upfront,Currency,Notes,\r\n"
                                "fra-1,big-box,64,512,Reserved,36,0.10,5000,eur,\"first, row\",\r\n"
                                ",,,,,,,,,,\r\n"
                                "# a comment row\r\n"
                                "fra-1,small-box,8,32,on-demand,,0.05,,EUR\r\n");
    VectorSink sink;
    auto summary = importFile(path, sink);
    REQUIRE(summary);
    CHECK_FALSE(summary->hasMarker);
    CHECK(summary->source == "contract 2025-117");
    CHECK(summary->facts.provider == "mycorp-dc");
    REQUIRE(sink.offers.size() == 2);
    CHECK(sink.offers[0].provider == "mycorp-dc");
    CHECK(sink.offers[0].currency == "EUR");
    CHECK(sink.offers[0].termMonths == 36);
    CHECK(sink.offers[0].paymentOption == PaymentOption::PartialUpfront); // inferred
    CHECK(sink.offers[0].hourly == Approx(0.10));
    CHECK(sink.offers[0].upfront == Approx(5000));
    CHECK(sink.offers[1].purchaseOption == PurchaseOption::OnDemand);
    CHECK(sink.offers[1].effectiveDate.empty());
    CHECK(sink.stats().rowsRead == 2);
}

TEST_CASE("Each price book error names the line and what was expected",
          "[pricing][pricebook][error]")
{
    const std::string head = "# cloudcost price book\n# published: 2026-01-15\n"
                             "provider,region,instance_type,vcpus,purchase_option,term_months,"
                             "payment_option,hourly,monthly,upfront,currency,effective_date\n"
                             "tencent,ap-guangzhou,S5.MEDIUM4,2,,,,0.5,,,CNY,\n";
    const auto [row, expected, why] = GENERATE_COPY(table<std::string, std::string, std::string>({
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,0,50,,,CNY,2026-01-01",
         "book.csv:5: row has 13 fields but the header has 12",
         "decimal comma splits the row"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,\"0,50\",,,CNY,",
         "book.csv:5: column hourly: '0,50' is not a number (use a dot",
         "decimal comma in quotes"},
        {"tencent,ap-guangzhou,S5.LARGE8,four,,,,1,,,CNY,",
         "book.csv:5: column vcpus: 'four' is not a number",
         "bad number"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,-1,,,CNY,",
         "book.csv:5: column hourly: -1 is negative",
         "negative price"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,5e9,,,CNY,",
         "book.csv:5: column hourly of 5000000000",
         "absurd price"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,rented,,,1,,,CNY,",
         "book.csv:5: column purchase_option: 'rented' is not one of on_demand, reserved, "
         "savings_plan, committed_use, spot",
         "bad enum"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,reserved,,,,,3000,CNY,",
         "book.csv:5: column term_months: empty, but a reserved offer needs its term",
         "reserved without term"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,reserved,twelve,,,,3000,CNY,",
         "book.csv:5: column term_months: 'twelve' is not a whole number of months",
         "bad term"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,12,,1,,,CNY,",
         "book.csv:5: column term_months: a term is only for",
         "term on on-demand"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,spot,,,1,,10,CNY,",
         "book.csv:5: column upfront: an upfront fee needs a commitment",
         "upfront on spot"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,all_upfront,1,,,CNY,",
         "book.csv:5: column payment_option: a payment option is only for commitments",
         "payment option on on-demand"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,reserved,12,sometimes,,,1,CNY,",
         "book.csv:5: column payment_option: 'sometimes' is not one of none, no_upfront",
         "bad payment option"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,1,730,,CNY,",
         "book.csv:5: column monthly: give hourly or monthly, not both",
         "hourly and monthly"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,,,,CNY,", "book.csv:5: no price", "no price"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,1,,,RMB,",
         "book.csv:5: column currency: unknown currency 'RMB' (write CNY for renminbi)",
         "RMB"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,1,,,XYZ,",
         "book.csv:5: column currency: unknown currency 'XYZ'",
         "unknown currency"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,1,,,,",
         "book.csv:5: column currency: empty",
         "no currency"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,1,,,CNY,15/01/2026",
         "book.csv:5: column effective_date: '15/01/2026' is not a date",
         "bad date"},
        {"tencent,,S5.LARGE8,4,,,,1,,,CNY,", "book.csv:5: column region: empty", "no region"},
        {"tencent,ap-guangzhou,,4,,,,1,,,CNY,",
         "book.csv:5: column instance_type: empty",
         "no instance type"},
        {",ap-guangzhou,S5.LARGE8,4,,,,1,,,CNY,",
         "book.csv:5: column provider: empty (and no '# provider:' line",
         "no provider"},
        {"Tencent Cloud,ap-guangzhou,S5.LARGE8,4,,,,1,,,CNY,",
         "book.csv:5: column provider: value 'tencent cloud' is not a name",
         "provider with a space"},
        {"tencent,ap-guangzhou,S5.MEDIUM4,2,,,,0.6,,,CNY,",
         "book.csv:5: the same offer as line 4",
         "duplicate"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,$1,,,CNY,",
         "book.csv:5: column hourly: '$1' is not a number (write the number only",
         "currency symbol"},
        {"tencent,ap-guangzhou,\"S5.LARGE8,4,,,,1,,,CNY,",
         "book.csv:5: unterminated quoted field",
         "broken quote"},
        {"tencent,ap-guangzhou,S5.LARGE8,4,,,,1,,,CNY,\ntencent,x,y,1,,,,1,,,CNY,2026-13-01",
         "book.csv:6: column effective_date: '2026-13-01' is not a date",
         "error on a later line"},
        {"tencent,ap-guangzhou,S5.\xC0\xAF,4,,,,1,,,CNY,",
         "book.csv:5: not UTF-8 text",
         "GBK or other encoding"},
        {"tencent,ap-guangzhou,S5." + std::string(1, '\0') + ",4,,,,1,,,CNY,",
         "book.csv:5: NUL byte",
         "NUL byte"},
    }));
    INFO(why);
    VectorSink sink;
    auto summary = importFile(writeTemp("book.csv", head + row + "\n"), sink);
    REQUIRE_FALSE(summary);
    CHECK_THAT(summary.error().describe(), Catch::Matchers::StartsWith(expected));
}

TEST_CASE("Price book header and metadata errors name the line", "[pricing][pricebook][error]")
{
    const auto [content, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {"region,instanse_type,hourly,currency,provider\n",
         "book.csv:1: unknown column 'instanse_type' (did you mean instance_type? accepted "
         "columns: provider, service, region",
         "typo in a column"},
        {"region,instance_type,hourly,price,currency,provider\n",
         "book.csv:1: unknown column 'price' (accepted columns:",
         "unknown column"},
        {"# note\nregion,region,instance_type,hourly,currency,provider\n",
         "book.csv:2: column region appears twice",
         "duplicate column"},
        {"region,instance_type,currency,provider\nr,t,CNY,p\n",
         "book.csv:1: the header lacks required columns: hourly, monthly or upfront",
         "no price column"},
        {"# cloudcost price book\nregion,instance_type,hourly\nr,t,1\n",
         "book.csv:2: the header lacks required columns: provider (or '# provider: NAME'), "
         "currency (or '# currency: CODE')",
         "no provider or currency"},
        {"region;instance_type;hourly;currency;provider\n",
         "book.csv:1: the header is separated by semicolons",
         "semicolon sheet"},
        {"# cloudcost price book\n# published: 15.01.2026\nregion\n",
         "book.csv:2: published '15.01.2026' is not a date",
         "bad published date"},
        {"# provider: a\n# provider: b\nregion\n",
         "book.csv:2: '# provider:' is given twice (first on line 1)",
         "metadata twice"},
        {"# currency: RMB\nregion\n",
         "book.csv:1: currency: unknown currency 'RMB'",
         "bad default currency"},
        {"# cloudcost price book\n# only comments\n",
         "book.csv: no header line after the comments",
         "no header"},
        {"", "book.csv: file is empty", "empty file"},
        {"region,,instance_type,hourly,currency,provider\n",
         "book.csv:1: column 2 of the header has no name",
         "unnamed column"},
    }));
    INFO(why);
    VectorSink sink;
    auto summary = importFile(writeTemp("book.csv", content), sink);
    REQUIRE_FALSE(summary);
    CHECK_THAT(summary.error().describe(), Catch::Matchers::StartsWith(expected));
    CHECK(sink.offers.empty());
}

TEST_CASE("The price book sniffer claims its own files only", "[pricing][pricebook]")
{
    CHECK(pricebook::sniffPriceBook("# cloudcost price book\nregion,instance_type,hourly\n")
          == 100);
    CHECK(pricebook::sniffPriceBook("\xEF\xBB\xBF# Cloudcost Price Book v1\n") == 100);
    CHECK(pricebook::sniffPriceBook("# source: x\n\nRegion,Instance Type,Monthly,Currency\n")
          == 80);
    CHECK(pricebook::sniffPriceBook("\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"x\"\n") == 0);
    CHECK(pricebook::sniffPriceBook("InstanceType,vCPUs,MemoryGiB,Price,Region\n") == 0);
    CHECK(pricebook::sniffPriceBook("{\"PriceInfo\": {}}") == 0);
    CHECK(pricebook::sniffPriceBook("") == 0);

    auto detected = detectImporter(examplePath());
    REQUIRE(detected);
    CHECK((*detected)->name == "cloudcost-pricebook-csv");
}
