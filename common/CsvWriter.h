#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudcost {

// Quotes a CSV field when needed (RFC 4180) and neutralises text a spreadsheet would run as a
// formula (a leading =, +, -, @, tab or CR gets a leading apostrophe), unless the whole field is
// a plain number such as -0.5, which stays a number.
std::string csvField(std::string_view value);
// Joins fields into one CSV line ending in "\n".
std::string csvLine(const std::vector<std::string>& fields);

} // namespace cloudcost
