#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string_view>

namespace cloudcost {

// Writes content to path atomically: a temporary file in the same directory is written, flushed to
// disk and renamed over path, so readers see the old file or the new one, never a half-written one.
Status writeFileAtomic(const std::filesystem::path& path, std::string_view content);

} // namespace cloudcost
