// cloudcost-bench-tools: inputs and baselines for the whole-process benchmarks (bench/run.sh).
//   gen-aws OUT MIB [csv]      a synthetic regional EC2 offer file in AWS's published layout
//   gen-pricebook OUT ROWS     price books OUT-NN.csv with ROWS offers in all (big workspaces)
//   sax FILE                   baseline: nlohmann's SAX parser over FILE, storing nothing
#include "common/AtomicFile.h"
#include "common/InputFile.h"
#include "pricing/importers/AwsOfferGenerator.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

namespace {

// Writes rows offers as price books of at most kRowsPerFile rows each: OUT-00.csv, OUT-01.csv, ...
// (a price book is typed by people and read whole, so the format caps a file at 64 MiB).
constexpr std::uint64_t kRowsPerFile = 500000;

int genPricebook(const std::string& out, std::uint64_t rows)
{
    std::ofstream f;
    auto openPart = [&](std::uint64_t part) {
        char name[32];
        std::snprintf(name, sizeof name, "-%02llu.csv", static_cast<unsigned long long>(part));
        f.close();
        f.open(out + name, std::ios::binary);
        f << "# cloudcost price book\n# source: synthetic benchmark data (bench/BenchTools.cpp)\n"
             "provider,region,instance_type,vcpus,memory_gib,arch,os,purchase_option,term_months,"
             "payment_option,hourly,upfront,currency\n";
    };
    const std::array<const char*, 6> providers =
        {"aws", "azure", "gcp", "alibaba", "tencent", "huawei"};
    const std::array<const char*, 5> families = {"std", "mem", "cpu", "gpu", "arm"};
    const std::array<const char*, 4> purchase = {"on_demand", "spot", "reserved", "reserved"};
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> jitter(0.8, 1.25);
    std::string line;
    for (std::uint64_t i = 0; i < rows; ++i) {
        if (i % kRowsPerFile == 0) {
            openPart(i / kRowsPerFile);
        }
        // Every (type, region, purchase option) is distinct: a price book refuses duplicates.
        const auto region = i % 40;
        const auto typeIndex = i / 40;
        const auto p = providers[typeIndex % providers.size()];
        const auto family = families[(typeIndex / 7) % families.size()];
        const int sizeLog = static_cast<int>((typeIndex / 3) % 8);
        const int vcpus = 1 << sizeLog;
        const double mem = vcpus * (family[0] == 'm' ? 8.0 : family[0] == 'c' ? 2.0 : 4.0);
        const char* po = purchase[(typeIndex / 5) % purchase.size()];
        const bool reserved = po[0] == 'r';
        const double hourly = vcpus * 0.024 * jitter(rng);
        char upfront[32];
        std::snprintf(upfront, sizeof upfront, "%.2f", hourly * 0.3 * 8760);
        char buf[512];
        std::snprintf(buf,
                      sizeof buf,
                      "%s,region-%02llu,%s%llu.%dx,%d,%.1f,%s,linux,%s,%s,%s,%.6f,%s,USD\n",
                      p,
                      static_cast<unsigned long long>(region),
                      family,
                      static_cast<unsigned long long>(typeIndex),
                      vcpus,
                      vcpus,
                      mem,
                      family[0] == 'a' ? "arm64" : "x86_64",
                      po,
                      reserved ? "12" : "",
                      reserved ? "partial_upfront" : "",
                      reserved ? hourly * 0.35 : hourly,
                      reserved ? upfront : "");
        f << buf;
    }
    return f ? 0 : 1;
}

// Counts events; nlohmann's SAX interface with nothing stored is the parse-only baseline.
struct CountingSax : nlohmann::json_sax<nlohmann::json>
{
    std::uint64_t events = 0;
    bool null() override { return ++events; }
    bool boolean(bool) override { return ++events; }
    bool number_integer(number_integer_t) override { return ++events; }
    bool number_unsigned(number_unsigned_t) override { return ++events; }
    bool number_float(number_float_t, const string_t&) override { return ++events; }
    bool string(string_t&) override { return ++events; }
    bool binary(binary_t&) override { return ++events; }
    bool start_object(std::size_t) override { return ++events; }
    bool key(string_t&) override { return ++events; }
    bool end_object() override { return ++events; }
    bool start_array(std::size_t) override { return ++events; }
    bool end_array() override { return ++events; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override
    {
        return false;
    }
};

int sax(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    CountingSax handler;
    const bool ok = nlohmann::json::sax_parse(in, &handler);
    std::cout << "events " << handler.events << (ok ? "" : " (parse error)") << '\n';
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char* argv[])
{
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "gen-aws" && argc >= 4) {
        const bool csv = argc > 4 && std::string(argv[4]) == "csv";
        auto st = cloudcost::pricing::generateAwsOfferFile(argv[2],
                                                           std::stoull(argv[3]) << 20,
                                                           csv,
                                                           20240528);
        if (!st) {
            std::cerr << st.error().describe() << '\n';
            return 1;
        }
        return 0;
    }
    if (cmd == "gen-pricebook" && argc == 4) {
        return genPricebook(argv[2], std::stoull(argv[3]));
    }
    if (cmd == "sax" && argc == 3) {
        return sax(argv[2]);
    }
    std::cerr << "usage: cloudcost-bench-tools gen-aws OUT MIB [csv] | gen-pricebook OUT ROWS | "
                 "sax FILE\n";
    return 2;
}
