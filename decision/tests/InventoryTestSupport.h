#pragma once

// Helpers for the inventory importer tests: the real shared files, and scratch files for
// malformed input (written to a private temp dir, removed with the fixture).

#include "decision/inventory/InventoryImporter.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/TestData.h"

namespace cloudcost::decision::testing {

inline std::filesystem::path inventoryData(const std::string& relative)
{
    return cloudcost::testing::sharedData("inventory/" + relative);
}

struct ScratchDir
{
    std::filesystem::path dir = cloudcost::testing::makeTempDir("inventory-test");
    ~ScratchDir() { std::filesystem::remove_all(dir); }

    std::filesystem::path write(const std::string& name, const std::string& content) const
    {
        const auto p = dir / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
};

inline const Workload* findWorkload(const Inventory& inv, const std::string& name)
{
    for (const auto& w : inv.workloads) {
        if (w.name == name) {
            return &w;
        }
    }
    return nullptr;
}

// The first issue whose message contains text, or nullptr.
inline const InventoryIssue* findIssue(const Inventory& inv, const std::string& text)
{
    for (const auto& i : inv.issues) {
        if (i.message.find(text) != std::string::npos) {
            return &i;
        }
    }
    return nullptr;
}

inline std::size_t countIssues(const Inventory& inv, InventoryIssue::Severity severity)
{
    return static_cast<std::size_t>(
        std::count_if(inv.issues.begin(), inv.issues.end(), [&](const InventoryIssue& i) {
            return i.severity == severity;
        }));
}

inline Result<Inventory> importOne(const std::filesystem::path& file,
                                   const std::string& format = {})
{
    return importInventory({file}, InventoryImportOptions{}, format);
}

} // namespace cloudcost::decision::testing
