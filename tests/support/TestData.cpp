#include "tests/support/TestData.h"

#include <cstdlib>
#include <stdexcept>

namespace cloudcost::testing {

std::filesystem::path makeTempDir(const std::string& prefix)
{
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(tmpl.data())) {
        throw std::runtime_error("mkdtemp failed");
    }
    return tmpl;
}

} // namespace cloudcost::testing
