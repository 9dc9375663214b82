#pragma once

#include <filesystem>
#include <string>

namespace cloudcost::testing {

// The shared third-party sample data (../shared/data beside the project root). Tests read it in
// place; it is never copied into the project.
inline std::filesystem::path sharedData(const std::string& relative = {})
{
    return std::filesystem::path(CLOUDCOST_SHARED_DATA_DIR) / relative;
}

// A fresh empty directory under the system temp dir, removed by the caller (or left for debugging).
std::filesystem::path makeTempDir(const std::string& prefix);

} // namespace cloudcost::testing
