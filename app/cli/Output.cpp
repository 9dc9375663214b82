#include "app/cli/Output.h"

#include "common/CsvWriter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace cloudcost::cli {

namespace {
// Display width of UTF-8 text: counts code points (CJK wide characters count as 2).
std::size_t displayWidth(const std::string& s)
{
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 1;
        std::uint32_t cp = c;
        if (c >= 0xf0) {
            len = 4;
            cp = c & 0x07U;
        } else if (c >= 0xe0) {
            len = 3;
            cp = c & 0x0fU;
        } else if (c >= 0xc0) {
            len = 2;
            cp = c & 0x1fU;
        }
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fU);
        }
        width +=
            (cp >= 0x1100
             && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
                 || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60)))
                ? 2
                : 1;
        i += len;
    }
    return width;
}
} // namespace

void printTable(std::ostream& out, const Table& table)
{
    std::vector<std::size_t> widths(table.headers.size(), 0);
    for (std::size_t c = 0; c < table.headers.size(); ++c) {
        widths[c] = displayWidth(table.headers[c]);
    }
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], displayWidth(row[c]));
        }
    }
    auto emit = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const std::string cell = c < row.size() ? row[c] : std::string();
            const std::size_t pad = widths[c] - std::min(widths[c], displayWidth(cell));
            const bool right = c < table.rightAlign.size() && table.rightAlign[c];
            if (c) {
                line += "  ";
            }
            if (right) {
                line += std::string(pad, ' ') + cell;
            } else {
                line += cell;
                if (c + 1 < widths.size()) {
                    line += std::string(pad, ' ');
                }
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    };
    emit(table.headers);
    std::vector<std::string> rule;
    for (auto w : widths) {
        rule.emplace_back(w, '-');
    }
    emit(rule);
    for (const auto& row : table.rows) {
        emit(row);
    }
}

void printCsv(std::ostream& out, const Table& table)
{
    out << csvLine(table.headers);
    for (const auto& row : table.rows) {
        out << csvLine(row);
    }
}

void printJson(std::ostream& out, const nlohmann::json& value)
{
    out << value.dump(2) << '\n';
}

std::string formatMoney(double value)
{
    char buf[64];
    const double a = std::fabs(value);
    const int decimals = a == 0 ? 2 : a < 0.01 ? 6 : a < 10 ? 4 : 2;
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string formatNumber(double value)
{
    char buf[64];
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
    } else {
        std::snprintf(buf, sizeof buf, "%.4g", value);
    }
    return buf;
}

std::string formatOptional(const double* value)
{
    return value ? formatNumber(*value) : std::string("-");
}

std::string formatFixed(double value, int decimals)
{
    char buf[64] = {};
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string formatSignificant(double value, int digits)
{
    char buf[64] = {};
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    return buf;
}

std::string joinParams(const std::map<std::string, std::string>& params)
{
    std::string out;
    for (const auto& [k, v] : params) {
        out += (out.empty() ? "" : " ") + k + "=" + v;
    }
    return out;
}

std::string joinIds(const std::vector<std::int64_t>& ids, const std::string& sep)
{
    std::string out;
    for (auto id : ids) {
        out += (out.empty() ? "" : sep) + std::to_string(id);
    }
    return out;
}

} // namespace cloudcost::cli
