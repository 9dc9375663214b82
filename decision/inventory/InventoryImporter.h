#pragma once

// Inventory formats (MIGRATION.md §1, shared/data/inventory): one registry, one registration
// function per format family, mirroring benchmark-runner/BenchImporter.h. An importer reads one or
// more files (Bitbrains: one CSV per VM; CMF: server and wave CSVs; Konveyor: applications and
// dependencies) into one normalised Inventory, all or nothing.

#include "common/Result.h"
#include "decision/inventory/Inventory.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::decision {

struct InventoryImportOptions
{
    std::string name; // inventory name; empty = the first file's stem
};

struct InventoryImporterInfo
{
    std::string name;        // stable id, e.g. "rvtools"; accepted by `inventory import --format`
    std::string description; // one line for `cloudcost inventory import --list-formats`
    // Confidence 0..100 that a file with these first bytes (up to 64 KiB; for XLSX the caller
    // passes the zip's first bytes) and this name has this format. 0 = certainly not.
    std::function<int(std::string_view head, std::string_view fileName)> sniff;
    // Reads the files into one inventory. Errors name file, sheet, row and column.
    std::function<Result<Inventory>(const std::vector<std::filesystem::path>& files,
                                    const InventoryImportOptions& options)>
        import;
};

// Every known format, in detection priority order.
const std::vector<InventoryImporterInfo>& inventoryImporters();
const InventoryImporterInfo* findInventoryImporter(std::string_view name);
// Picks the format from the first file (or uses formatName when not empty) and imports all files.
Result<Inventory> importInventory(const std::vector<std::filesystem::path>& files,
                                  const InventoryImportOptions& options,
                                  const std::string& formatName = {});

// Registration, one function per format family in inventory/<Format>Importer.cpp.
void registerRvtoolsImporters(std::vector<InventoryImporterInfo>& out); // RVTools XLSX
void registerAzureMigrateImporters(
    std::vector<InventoryImporterInfo>& out); // import CSV + export XLSX
// Azure Migrate Export discovery report XLSX (inventory/AzureMigrateExportImporter.cpp).
void registerAzureMigrateExportImporters(std::vector<InventoryImporterInfo>& out);
void registerVropsImporters(std::vector<InventoryImporterInfo>& out);     // Aria Operations exports
void registerBitbrainsImporters(std::vector<InventoryImporterInfo>& out); // GWA-T-12 traces
void registerCmfImporters(std::vector<InventoryImporterInfo>& out);       // AWS CMF server/wave CSV
void registerKonveyorImporters(std::vector<InventoryImporterInfo>& out);  // Konveyor apps + deps
void registerNativeInventoryImporters(std::vector<InventoryImporterInfo>& out); // our CSV / JSON

} // namespace cloudcost::decision
