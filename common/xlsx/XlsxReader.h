#pragma once

// Streaming XLSX (Office Open XML spreadsheet) reader for inventory imports: finds sheets by name
// through workbook.xml and its relationships, loads the shared strings, and streams a sheet's rows
// through expat without loading the sheet XML into memory. Handles the producers' quirks listed in
// shared/data/inventory/README.md: absent sharedStrings part, inline strings, rich-text runs,
// namespace prefixes (<x:row>), BOMs, absolute or relative relationship targets, sparse cells,
// blank formatted rows and lying <dimension> elements. Values come back as text exactly as stored
// (numbers in their XML spelling) with the cell type, so callers parse by column meaning.

#include "common/Result.h"
#include "common/xlsx/ZipReader.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::xlsx {

enum class CellType
{
    Empty,
    String,  // shared, inline or formula string
    Number,  // numeric cell; text is the stored spelling ("45714.5372106481")
    Boolean, // text "1" or "0"
    Error    // text such as "#N/A"
};

struct Cell
{
    CellType type = CellType::Empty;
    std::string text;

    bool empty() const { return text.empty(); }
    // The number in the cell, whether stored as a number or as text ("2048", " 1.5 "); nullopt
    // for empty or non-numeric text.
    std::optional<double> number() const;
    // true/false from a boolean cell or the texts True/False/yes/no/1/0 (any case).
    std::optional<bool> boolean() const;
};

struct Row
{
    std::int64_t number = 0; // 1-based row number as in the sheet (r attribute)
    std::vector<Cell> cells; // index = 0-based column; missing cells are Empty; no trailing empties

    const Cell* at(std::size_t column) const
    {
        return column < cells.size() ? &cells[column] : nullptr;
    }
    // Text of a column, "" when absent.
    std::string_view text(std::size_t column) const
    {
        return column < cells.size() ? std::string_view(cells[column].text) : std::string_view();
    }
};

struct XlsxLimits
{
    ZipLimits zip;
    std::uint64_t maxSharedStringsBytes = 256ULL << 20; // uncompressed sharedStrings.xml
    std::uint64_t maxSheetBytes = 1ULL << 30;           // uncompressed sheet XML
    std::uint64_t maxCellBytes = 1 << 20;               // text of one cell
    std::int64_t maxRows = 1048576;                     // Excel's own limits
    std::size_t maxColumns = 16384;
};

// "A" -> 0, "AB12" -> 27; nullopt when there are no letters or the column exceeds XFD.
std::optional<std::size_t> columnIndex(std::string_view cellReference);
// 0 -> "A", 27 -> "AB".
std::string columnName(std::size_t index);

class Workbook
{
public:
    // Opens the package and reads workbook.xml, its relationships and the shared strings. Errors
    // name the file and the part (and the line/column for malformed XML).
    static Result<Workbook> open(const std::filesystem::path& path, XlsxLimits limits = {});

    const std::vector<std::string>& sheetNames() const { return m_sheetNames; }
    bool hasSheet(std::string_view name) const;
    // Case-insensitive lookup; returns the name as stored, or "" when absent.
    std::string findSheet(std::string_view name) const;
    bool date1904() const { return m_date1904; }
    const std::filesystem::path& path() const { return m_zip.path(); }

    // Streams the non-blank rows of a sheet (rows whose cells are all empty are skipped, however
    // many there are) in file order. The callback returns false to stop. Returns the number of
    // rows delivered. Errors name file, sheet, part and row.
    Result<std::int64_t> forEachRow(std::string_view sheet,
                                    const std::function<bool(const Row&)>& callback) const;

private:
    ZipArchive m_zip;
    XlsxLimits m_limits;
    std::vector<std::string> m_sheetNames;
    std::vector<std::string> m_sheetParts; // zip entry name of each sheet
    std::vector<std::string> m_sharedStrings;
    bool m_date1904 = false;
};

} // namespace cloudcost::xlsx
