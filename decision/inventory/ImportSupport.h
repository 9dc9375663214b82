#pragma once

// Helpers shared by the inventory importers (not part of the public contract): a CSV file held as
// a header plus rows with their line numbers, header matching by normalised name, number parsing
// that reports what it cannot read, percentiles, and duplicate-name checks.

#include "common/Result.h"
#include "decision/inventory/Inventory.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::decision::inv {

// Inventory files are spreadsheets' worth of rows; 512 MiB bounds memory on a wrong file.
constexpr std::uint64_t kMaxInventoryFileBytes = 512ULL << 20;

// Lower-cased, trimmed, without a leading '*' (Azure's mandatory-column marker) or a UTF-8 BOM.
std::string headerKey(std::string_view header);

struct CsvRow
{
    std::int64_t line = 0; // 1-based line of the record in the file (header = 1)
    std::vector<std::string> cells;
};

struct CsvSheet
{
    std::string file; // display name (file name as given)
    std::vector<std::string> headers;
    std::vector<std::string> keys; // headerKey() of each header
    std::vector<CsvRow> rows;      // blank lines skipped

    // Index of the first column whose key equals key (already normalised), or -1.
    int column(std::string_view key) const;
    // The trimmed cell, "" when the row is shorter than the header or col < 0.
    std::string_view cell(const CsvRow& row, int col) const;
    const std::string& header(int col) const { return headers[static_cast<std::size_t>(col)]; }
};

// Reads a comma-separated file (BOM stripped) with common/CsvReader. Ragged rows are kept as they
// are; the importer decides what a short or long row means.
Result<CsvSheet> readCsvSheet(const std::filesystem::path& path);
Result<CsvSheet> parseCsvSheet(std::string_view text, const std::string& displayName);

// The first line of head without a BOM, lower-cased (for sniffers).
std::string firstLineLower(std::string_view head);

SourceRef refOf(const CsvSheet& sheet, const CsvRow& row, int col = -1);

void addIssue(Inventory& inv,
              InventoryIssue::Severity severity,
              SourceRef where,
              std::string message);

// Parses a number cell: "" -> nullopt silently; text that is not a number, or a negative value
// when !allowNegative -> nullopt plus a warning naming the column and what was expected. Strips
// thousands separators when thousands is true ("1,546.6").
std::optional<double> numberCell(Inventory& inv,
                                 const CsvSheet& sheet,
                                 const CsvRow& row,
                                 int col,
                                 std::string_view expected,
                                 bool thousands = false,
                                 bool allowNegative = false);

// "windows", "linux" or "" from an OS name ("Microsoft Windows Server 2016 (64-bit)", "RHEL 8").
std::string osFamilyOf(std::string_view os);

// Linear-interpolated percentile (p in 0..100) of the finite values; nullopt when there are none.
std::optional<double> percentile(std::vector<double> values, double p);
std::optional<double> mean(const std::vector<double>& values);
std::optional<double> maximum(const std::vector<double>& values);

// Drops every workload whose name (case-insensitive: host names) repeats an earlier one, each with
// an issue naming both places. Run once after the rows are read.
void dropDuplicateNames(Inventory& inv);

// Reports ragged rows: longer than the header (extra cells ignored) as a warning.
void checkRowWidth(Inventory& inv, const CsvSheet& sheet, const CsvRow& row);

std::string fileStem(const std::filesystem::path& path);

} // namespace cloudcost::decision::inv
