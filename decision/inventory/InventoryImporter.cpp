#include "decision/inventory/InventoryImporter.h"

#include "common/InputFile.h"
#include "common/Text.h"

#include <system_error>

namespace cloudcost::decision {

namespace {

// What the sniffers see (InventoryImporterInfo::sniff).
constexpr std::size_t kSniffBytes = 64 << 10;

std::string formatNames()
{
    std::string names;
    for (const auto& info : inventoryImporters()) {
        names += (names.empty() ? "" : ", ") + info.name;
    }
    return names;
}

Result<std::string> readHead(const std::filesystem::path& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return makeError(Error::Code::InvalidInput,
                         "is a directory, not an inventory file",
                         path.string());
    }
    auto file = InputFile::open(path);
    if (!file) {
        Error e = file.error();
        if (e.context.empty()) {
            e.context = path.string();
        }
        return e;
    }
    std::string head;
    if (auto st = file->read(head, kSniffBytes); !st) {
        return st.error();
    }
    if (text::trim(head).empty()) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (no inventory to import)",
                         path.string());
    }
    return head;
}

// The best-scoring importer for one file, or nullptr when none claims it.
const InventoryImporterInfo* detect(std::string_view head, const std::string& fileName, int& score)
{
    const InventoryImporterInfo* best = nullptr;
    score = 0;
    for (const auto& info : inventoryImporters()) {
        const int s = info.sniff ? info.sniff(head, fileName) : 0;
        if (s > score) {
            best = &info;
            score = s;
        }
    }
    return best;
}

Error notAnInventory(const std::filesystem::path& path)
{
    return makeError(Error::Code::Unsupported,
                     "not an inventory in any format cloudcost knows (formats: " + formatNames()
                         + "; --format FORMAT overrides detection). Price sheets go to `cloudcost "
                           "import`, benchmark outputs to `cloudcost bench import`",
                     path.string());
}

} // namespace

const std::vector<InventoryImporterInfo>& inventoryImporters()
{
    // Registration order is the tie-break between equal sniff scores: the most specific formats
    // first, our own generic CSV/JSON last.
    static const std::vector<InventoryImporterInfo> all = [] {
        std::vector<InventoryImporterInfo> v;
        registerRvtoolsImporters(v);
        registerAzureMigrateImporters(v);
        registerAzureMigrateExportImporters(v);
        registerVropsImporters(v);
        registerBitbrainsImporters(v);
        registerCmfImporters(v);
        registerKonveyorImporters(v);
        registerNativeInventoryImporters(v);
        return v;
    }();
    return all;
}

const InventoryImporterInfo* findInventoryImporter(std::string_view name)
{
    for (const auto& info : inventoryImporters()) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

Result<Inventory> importInventory(const std::vector<std::filesystem::path>& files,
                                  const InventoryImportOptions& options,
                                  const std::string& formatName)
{
    if (files.empty()) {
        return makeError(Error::Code::InvalidInput, "no inventory file given");
    }
    const InventoryImporterInfo* importer = nullptr;
    if (!formatName.empty()) {
        importer = findInventoryImporter(formatName);
        if (!importer) {
            return makeError(Error::Code::InvalidInput,
                             "unknown inventory format '" + text::printable(formatName)
                                 + "' (known: " + formatNames() + ")");
        }
    }
    for (const auto& path : files) {
        auto head = readHead(path);
        if (!head) {
            return head.error();
        }
        if (importer && !formatName.empty()) {
            continue; // the user said what it is; the importer reports what does not fit
        }
        int score = 0;
        const InventoryImporterInfo* found = detect(*head, path.filename().string(), score);
        if (!found) {
            return notAnInventory(path);
        }
        if (!importer) {
            importer = found;
        } else if (found != importer && importer->sniff(*head, path.filename().string()) == 0) {
            return makeError(Error::Code::InvalidInput,
                             "looks like " + found->name + ", not " + importer->name + " like "
                                 + files.front().string()
                                 + "; import files of different formats separately",
                             path.string());
        }
    }
    InventoryImportOptions opts = options;
    if (opts.name.empty()) {
        opts.name = files.front().stem().string();
    }
    auto inv = importer->import(files, opts);
    if (!inv) {
        return inv.error();
    }
    inv->name = opts.name;
    inv->format = importer->name;
    inv->files.clear();
    for (const auto& f : files) {
        inv->files.push_back(f.filename().string());
    }
    return inv;
}

} // namespace cloudcost::decision
