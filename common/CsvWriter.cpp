#include "common/CsvWriter.h"

#include "common/Text.h"

namespace cloudcost {

std::string csvField(std::string_view value)
{
    std::string v(value);
    if (!v.empty()) {
        const char c = v.front();
        const bool risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        if (risky && !text::parseDouble(v)) {
            v.insert(v.begin(), '\'');
        }
    }
    if (v.find_first_of(",\"\n\r") == std::string::npos) {
        return v;
    }
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') {
            out += "\"\"";
        } else {
            out.push_back(c);
        }
    }
    out += '"';
    return out;
}

std::string csvLine(const std::vector<std::string>& fields)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) {
            line += ',';
        }
        line += csvField(fields[i]);
    }
    line += '\n';
    return line;
}

} // namespace cloudcost
