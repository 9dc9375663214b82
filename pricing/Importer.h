#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "pricing/ImportSink.h"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::pricing {

// What an importer is asked to read.
struct ImportRequest
{
    std::filesystem::path path;
    std::string displayName;                   // used in messages: usually the file name
    std::map<std::string, std::string> params; // request context some formats need (RegionId=...)
    ProgressSink* progress = nullptr;          // may be null
};

// One supported input format.
struct ImporterInfo
{
    std::string name;        // stable id, e.g. "aws-offer-json"; accepted by --format
    std::string description; // one line for `cloudcost import --list-formats`
    // Confidence 0..100 that a file whose first bytes are head (up to 64 KiB) and whose name is
    // fileName has this format. 0 = certainly not.
    std::function<int(std::string_view head, std::string_view fileName)> sniff;
    // Reads the file into sink. Must not store anything it has not validated; any error aborts
    // the whole import (the caller rolls back).
    std::function<Result<SourceFacts>(const ImportRequest& request, ImportSink& sink)> run;
};

// Every known format, in detection priority order.
const std::vector<ImporterInfo>& importers();
const ImporterInfo* findImporter(std::string_view name);
// Picks the importer for a file from its first bytes and name; the error says what the file
// looks like when no importer accepts it ("not a price sheet: ...").
Result<const ImporterInfo*> detectImporter(const std::filesystem::path& path);

// Registration, one function per provider file in importers/.
void registerAwsImporters(std::vector<ImporterInfo>& out);
void registerAzureImporters(std::vector<ImporterInfo>& out);
void registerGcpImporters(std::vector<ImporterInfo>& out);
void registerAlibabaImporters(std::vector<ImporterInfo>& out);
void registerSkypilotImporters(std::vector<ImporterInfo>& out);
void registerPriceBookImporters(std::vector<ImporterInfo>& out);
void registerCatalogImporters(std::vector<ImporterInfo>& out);

} // namespace cloudcost::pricing
