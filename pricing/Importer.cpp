#include "pricing/Importer.h"

#include "common/InputFile.h"
#include "common/Text.h"

namespace cloudcost::pricing {

const std::vector<ImporterInfo>& importers()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerCatalogImporters(v);
        registerAwsImporters(v);
        registerAzureImporters(v);
        registerGcpImporters(v);
        registerAlibabaImporters(v);
        registerSkypilotImporters(v);
        registerPriceBookImporters(v);
        return v;
    }();
    return all;
}

const ImporterInfo* findImporter(std::string_view name)
{
    for (const auto& info : importers()) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

Result<const ImporterInfo*> detectImporter(const std::filesystem::path& path)
{
    auto file = InputFile::open(path);
    if (!file) {
        return file.error();
    }
    std::string head;
    if (auto st = file->read(head, 64 << 10); !st) {
        return st.error();
    }
    if (text::trim(head).empty()) {
        return makeError(Error::Code::InvalidInput, "file is empty", path.string());
    }
    const ImporterInfo* best = nullptr;
    int bestScore = 0;
    const std::string fileName = path.filename().string();
    for (const auto& info : importers()) {
        const int score = info.sniff ? info.sniff(head, fileName) : 0;
        if (score > bestScore) {
            best = &info;
            bestScore = score;
        }
    }
    if (!best) {
        return makeError(Error::Code::Unsupported,
                         "not a price sheet in any format cloudcost knows (see `cloudcost import "
                         "--list-formats`; --format NAME overrides detection)",
                         path.string());
    }
    return best;
}

} // namespace cloudcost::pricing
