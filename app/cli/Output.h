#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace cloudcost::cli {

enum class OutputFormat
{
    Table,
    Json,
    Csv,
};

// A result table: the CLI prints it as aligned text or CSV; JSON output is built separately so
// that its field names stay stable (docs/CLI.md).
struct Table
{
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> rightAlign; // per column; numbers are right-aligned
};

void printTable(std::ostream& out, const Table& table);
void printCsv(std::ostream& out, const Table& table);
void printJson(std::ostream& out, const nlohmann::json& value);

// Fixed-point text for money: enough decimals for sub-cent hourly rates, no trailing zeros noise.
std::string formatMoney(double value);
std::string formatNumber(double value);
std::string formatOptional(const double* value);
// printf "%.*f" and "%.*g" (the shared spellings of the commands' number columns).
std::string formatFixed(double value, int decimals);
std::string formatSignificant(double value, int digits);
// "k=v k=v" of benchmark parameters, in key order.
std::string joinParams(const std::map<std::string, std::string>& params);
// Ids joined by sep ("1,2,3").
std::string joinIds(const std::vector<std::int64_t>& ids, const std::string& sep);

} // namespace cloudcost::cli
