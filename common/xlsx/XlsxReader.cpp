#include "common/xlsx/XlsxReader.h"

#include "common/Text.h"

#include <cstring>

#include <expat.h>

namespace cloudcost::xlsx {

namespace {

constexpr char kNsSep = '\x01';

std::string_view localName(const XML_Char* name)
{
    const char* sep = std::strrchr(name, kNsSep);
    return sep != nullptr ? std::string_view(sep + 1) : std::string_view(name);
}

bool hasNamespace(const XML_Char* name)
{
    return std::strchr(name, kNsSep) != nullptr;
}

// Attribute by local name; namespaced = true requires a prefixed attribute (r:id), false an
// unprefixed one.
const char* attribute(const XML_Char** attrs, std::string_view name, bool namespaced = false)
{
    for (std::size_t i = 0; attrs[i] != nullptr; i += 2) {
        if (localName(attrs[i]) == name && hasNamespace(attrs[i]) == namespaced) {
            return attrs[i + 1];
        }
    }
    return nullptr;
}

// Receives the elements of one XML part; set `failure` to abort the parse with that message.
struct XmlHandler
{
    virtual ~XmlHandler() = default;
    virtual void start(std::string_view name, const XML_Char** attrs) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void characters(std::string_view) {}
    std::string failure;
};

struct ParseState
{
    XML_Parser parser = nullptr;
    XmlHandler* handler = nullptr;
    bool doctype = false;
};

void XMLCALL onStart(void* data, const XML_Char* name, const XML_Char** attrs)
{
    auto* state = static_cast<ParseState*>(data);
    state->handler->start(localName(name), attrs);
    if (!state->handler->failure.empty()) {
        XML_StopParser(state->parser, XML_FALSE);
    }
}

void XMLCALL onEnd(void* data, const XML_Char* name)
{
    auto* state = static_cast<ParseState*>(data);
    state->handler->end(localName(name));
    if (!state->handler->failure.empty()) {
        XML_StopParser(state->parser, XML_FALSE);
    }
}

void XMLCALL onText(void* data, const XML_Char* s, int len)
{
    auto* state = static_cast<ParseState*>(data);
    state->handler->characters(std::string_view(s, static_cast<std::size_t>(len)));
    if (!state->handler->failure.empty()) {
        XML_StopParser(state->parser, XML_FALSE);
    }
}

// OOXML parts never carry a DTD; refusing one rules out entity expansion attacks outright.
void XMLCALL onDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int)
{
    auto* state = static_cast<ParseState*>(data);
    state->doctype = true;
    XML_StopParser(state->parser, XML_FALSE);
}

// Streams one zip entry through expat into handler. afterChunk runs after each parsed chunk and
// returns false to stop early. context names the file and part for messages.
Status parsePart(const ZipArchive& zip,
                 const ZipEntry& entry,
                 XmlHandler& handler,
                 const std::string& context,
                 const std::function<bool()>& afterChunk = {})
{
    XML_Parser parser = XML_ParserCreateNS(nullptr, kNsSep);
    if (parser == nullptr) {
        return makeError(Error::Code::IoFailed, "cannot create an XML parser", context);
    }
    struct Free
    {
        XML_Parser p;
        ~Free() { XML_ParserFree(p); }
    } freeParser{parser};
    ParseState state{parser, &handler};
    XML_SetUserData(parser, &state);
    XML_SetElementHandler(parser, onStart, onEnd);
    XML_SetCharacterDataHandler(parser, onText);
    XML_SetStartDoctypeDeclHandler(parser, onDoctype);

    std::string xmlError;
    bool stoppedByCaller = false;
    auto describe = [&](const std::string& what) {
        return "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + " column "
               + std::to_string(XML_GetCurrentColumnNumber(parser) + 1) + ": " + what;
    };
    auto feed = [&](const char* data, std::size_t n, bool final) -> bool {
        if (XML_Parse(parser, data, static_cast<int>(n), final ? 1 : 0) == XML_STATUS_ERROR) {
            if (!handler.failure.empty()) {
                xmlError = handler.failure;
            } else if (state.doctype) {
                xmlError = describe("unexpected DOCTYPE declaration (not allowed in XLSX parts)");
            } else {
                xmlError = describe(std::string("malformed XML: ")
                                    + XML_ErrorString(XML_GetErrorCode(parser)));
            }
            return false;
        }
        if (afterChunk && !afterChunk()) {
            stoppedByCaller = true;
            return false;
        }
        return true;
    };
    Status st = zip.read(entry, [&](std::string_view chunk) {
        return feed(chunk.data(), chunk.size(), false);
    });
    if (!xmlError.empty()) {
        return makeError(Error::Code::ParseFailed, xmlError, context);
    }
    if (!st) {
        return st.error();
    }
    if (stoppedByCaller) {
        return {};
    }
    if (!feed("", 0, true)) {
        if (!xmlError.empty()) {
            return makeError(Error::Code::ParseFailed, xmlError, context);
        }
    }
    return {};
}

// "xl/workbook.xml" -> "xl/"
std::string directoryOf(const std::string& part)
{
    const auto slash = part.rfind('/');
    return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

// Resolves a relationship target against the source part's directory ("/xl/a.xml" is absolute).
std::string resolveTarget(const std::string& baseDir, const std::string& target)
{
    std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : baseDir + target;
    std::vector<std::string> parts;
    for (std::string_view seg : text::split(joined, '/')) {
        if (seg.empty() || seg == ".") {
            continue;
        }
        if (seg == "..") {
            if (!parts.empty()) {
                parts.pop_back();
            }
            continue;
        }
        parts.emplace_back(seg);
    }
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) {
            out += '/';
        }
        out += p;
    }
    return out;
}

struct Relationship
{
    std::string id;
    std::string type;
    std::string target;
    bool external = false;
};

struct RelsHandler : XmlHandler
{
    std::vector<Relationship> rels;
    void start(std::string_view name, const XML_Char** attrs) override
    {
        if (name != "Relationship") {
            return;
        }
        Relationship rel;
        const char* id = attribute(attrs, "Id");
        const char* type = attribute(attrs, "Type");
        const char* target = attribute(attrs, "Target");
        const char* mode = attribute(attrs, "TargetMode");
        rel.id = id != nullptr ? id : "";
        rel.type = type != nullptr ? type : "";
        rel.target = target != nullptr ? target : "";
        rel.external = mode != nullptr && std::string_view(mode) == "External";
        rels.push_back(std::move(rel));
    }
    void end(std::string_view) override {}
};

struct WorkbookHandler : XmlHandler
{
    std::vector<std::pair<std::string, std::string>> sheets; // name, relationship id
    bool date1904 = false;
    void start(std::string_view name, const XML_Char** attrs) override
    {
        if (name == "sheet") {
            const char* sheetName = attribute(attrs, "name");
            const char* rid = attribute(attrs, "id", true);
            if (sheetName == nullptr || rid == nullptr) {
                failure = "a <sheet> element lacks its name or r:id attribute";
                return;
            }
            sheets.emplace_back(sheetName, rid);
        } else if (name == "workbookPr") {
            const char* d = attribute(attrs, "date1904");
            date1904 =
                d != nullptr && (std::string_view(d) == "1" || std::string_view(d) == "true");
        }
    }
    void end(std::string_view) override {}
};

struct SharedStringsHandler : XmlHandler
{
    std::vector<std::string>* out = nullptr;
    std::string current;
    bool inItem = false;
    bool inText = false;
    int phoneticDepth = 0;
    std::uint64_t total = 0;
    std::uint64_t maxBytes = 0;
    void start(std::string_view name, const XML_Char**) override
    {
        if (name == "si") {
            inItem = true;
            current.clear();
        } else if (name == "rPh") {
            ++phoneticDepth;
        } else if (name == "t" && inItem && phoneticDepth == 0) {
            inText = true;
        }
    }
    void end(std::string_view name) override
    {
        if (name == "si") {
            out->push_back(std::move(current));
            current.clear();
            inItem = false;
        } else if (name == "rPh") {
            --phoneticDepth;
        } else if (name == "t") {
            inText = false;
        }
    }
    void characters(std::string_view s) override
    {
        if (inText) {
            total += s.size();
            if (total > maxBytes) {
                failure = "shared strings exceed " + std::to_string(maxBytes) + " bytes";
                return;
            }
            current.append(s);
        }
    }
};

// Turns <row>/<c> elements into Rows, queued until the chunk has been parsed.
struct SheetHandler : XmlHandler
{
    const std::vector<std::string>* sharedStrings = nullptr;
    const XlsxLimits* limits = nullptr;
    std::vector<Row> pending;
    Row row;
    bool inSheetData = false;
    bool inRow = false;
    bool inCell = false;
    bool collecting = false; // inside <v>, or <t> of an inline string
    bool inInline = false;
    int phoneticDepth = 0;
    std::string cellType;
    std::string cellRef;
    std::size_t column = 0;
    std::string value;
    std::int64_t lastRow = 0;
    std::int64_t lastCompletedRow = 0;

    std::string where() const
    {
        std::string w = "row " + std::to_string(row.number);
        if (inCell) {
            w += " cell "
                 + (cellRef.empty() ? columnName(column) + std::to_string(row.number)
                                    : text::printable(cellRef, 16));
        }
        return w;
    }

    void start(std::string_view name, const XML_Char** attrs) override
    {
        if (name == "sheetData") {
            inSheetData = true;
        } else if (!inSheetData) {
            return;
        } else if (name == "row") {
            inRow = true;
            row.cells.clear();
            const char* r = attribute(attrs, "r");
            if (r != nullptr) {
                const auto n = text::parseInt(r);
                if (!n || *n < 1 || *n > limits->maxRows) {
                    row.number = lastRow + 1;
                    failure = "row " + std::to_string(lastRow + 1) + ": bad row number r=\""
                              + text::printable(r, 20) + "\" (expected 1.."
                              + std::to_string(limits->maxRows) + ")";
                    return;
                }
                row.number = *n;
            } else {
                row.number = lastRow + 1;
            }
            lastRow = row.number;
            column = 0;
        } else if (name == "c" && inRow) {
            inCell = true;
            const char* r = attribute(attrs, "r");
            const char* t = attribute(attrs, "t");
            cellType = t != nullptr ? t : "";
            cellRef = r != nullptr ? r : "";
            if (r != nullptr) {
                const auto col = columnIndex(r);
                if (!col || *col >= limits->maxColumns) {
                    failure = "row " + std::to_string(row.number) + ": bad cell reference \""
                              + text::printable(r, 20) + "\"";
                    return;
                }
                column = *col;
            } else if (!row.cells.empty() || column > 0) {
                // No reference: the cell follows the previous one.
            }
            if (column >= limits->maxColumns) {
                failure =
                    where() + ": more than " + std::to_string(limits->maxColumns) + " columns";
                return;
            }
            value.clear();
        } else if (inCell && name == "v") {
            collecting = true;
        } else if (inCell && name == "is") {
            inInline = true;
        } else if (inInline && name == "rPh") {
            ++phoneticDepth;
        } else if (inInline && name == "t" && phoneticDepth == 0) {
            collecting = true;
        }
    }

    void end(std::string_view name) override
    {
        if (!inSheetData) {
            return;
        }
        if (name == "sheetData") {
            inSheetData = false;
        } else if (name == "v" || name == "t") {
            collecting = false;
        } else if (name == "rPh") {
            --phoneticDepth;
        } else if (name == "is") {
            inInline = false;
        } else if (name == "c" && inCell) {
            finishCell();
            inCell = false;
            ++column;
        } else if (name == "row" && inRow) {
            inRow = false;
            while (!row.cells.empty() && row.cells.back().text.empty()) {
                row.cells.pop_back();
            }
            if (!row.cells.empty()) {
                pending.push_back(std::move(row));
                row = Row{};
            }
            lastCompletedRow = lastRow;
        }
    }

    void characters(std::string_view s) override
    {
        if (!collecting) {
            return;
        }
        if (value.size() + s.size() > limits->maxCellBytes) {
            failure = where() + ": cell text longer than " + std::to_string(limits->maxCellBytes)
                      + " bytes";
            return;
        }
        value.append(s);
    }

    void finishCell()
    {
        Cell cell;
        if (cellType == "s") {
            const auto index = text::parseInt(text::trim(value));
            if (!index || *index < 0
                || static_cast<std::uint64_t>(*index) >= sharedStrings->size()) {
                failure = where() + ": shared string index \"" + text::printable(value, 20)
                          + "\" out of range (the workbook has "
                          + std::to_string(sharedStrings->size()) + " shared strings)";
                return;
            }
            cell.type = CellType::String;
            cell.text = (*sharedStrings)[static_cast<std::size_t>(*index)];
        } else if (cellType == "inlineStr" || cellType == "str" || cellType == "d") {
            cell.type = CellType::String;
            cell.text = std::move(value);
        } else if (cellType == "b") {
            cell.type = CellType::Boolean;
            cell.text = std::move(value);
        } else if (cellType == "e") {
            cell.type = CellType::Error;
            cell.text = std::move(value);
        } else if (cellType.empty() || cellType == "n") {
            cell.type = CellType::Number;
            cell.text = std::move(value);
        } else {
            failure = where() + ": unknown cell type t=\"" + text::printable(cellType, 20) + "\"";
            return;
        }
        if (cell.text.empty()) {
            return;
        }
        if (row.cells.size() <= column) {
            row.cells.resize(column + 1);
        }
        row.cells[column] = std::move(cell);
    }
};

} // namespace

std::optional<double> Cell::number() const
{
    if (type == CellType::Empty || type == CellType::Error || text.empty()) {
        return std::nullopt;
    }
    return text::parseDouble(text);
}

std::optional<bool> Cell::boolean() const
{
    const std::string key = text::toLower(text::trim(text));
    if (key == "1" || key == "true" || key == "yes") {
        return true;
    }
    if (key == "0" || key == "false" || key == "no") {
        return false;
    }
    return std::nullopt;
}

std::optional<std::size_t> columnIndex(std::string_view ref)
{
    std::size_t index = 0;
    std::size_t letters = 0;
    for (const char c : ref) {
        if (c >= 'A' && c <= 'Z') {
            index = index * 26 + static_cast<std::size_t>(c - 'A' + 1);
        } else if (c >= 'a' && c <= 'z') {
            index = index * 26 + static_cast<std::size_t>(c - 'a' + 1);
        } else {
            break;
        }
        if (++letters > 3) {
            return std::nullopt;
        }
    }
    if (letters == 0 || index > 16384) {
        return std::nullopt;
    }
    return index - 1;
}

std::string columnName(std::size_t index)
{
    std::string name;
    ++index;
    while (index > 0) {
        const std::size_t rem = (index - 1) % 26;
        name.insert(name.begin(), static_cast<char>('A' + rem));
        index = (index - 1) / 26;
    }
    return name;
}

Result<Workbook> Workbook::open(const std::filesystem::path& path, XlsxLimits limits)
{
    auto zip = ZipArchive::open(path, limits.zip);
    if (!zip) {
        return zip.error();
    }
    const std::string file = path.string();
    auto partContext = [&](const std::string& part) {
        return file + " (" + part + ")";
    };

    auto readRels = [&](const std::string& relsPart) -> Result<std::vector<Relationship>> {
        const ZipEntry* entry = zip->find(relsPart);
        if (entry == nullptr) {
            return std::vector<Relationship>{};
        }
        RelsHandler handler;
        Status st = parsePart(*zip, *entry, handler, partContext(relsPart));
        if (!st) {
            return st.error();
        }
        return std::move(handler.rels);
    };

    // _rels/.rels names the workbook part; xl/workbook.xml is the usual fallback.
    std::string workbookPart = "xl/workbook.xml";
    auto rootRels = readRels("_rels/.rels");
    if (!rootRels) {
        return rootRels.error();
    }
    for (const Relationship& rel : *rootRels) {
        if (!rel.external && text::endsWith(rel.type, "/officeDocument")) {
            workbookPart = resolveTarget({}, rel.target);
            break;
        }
    }
    const ZipEntry* workbookEntry = zip->find(workbookPart);
    if (workbookEntry == nullptr) {
        return makeError(Error::Code::ParseFailed,
                         "no workbook part '" + workbookPart + "' in the zip: not an XLSX workbook",
                         file);
    }
    workbookPart = workbookEntry->name;
    WorkbookHandler wbHandler;
    if (Status st = parsePart(*zip, *workbookEntry, wbHandler, partContext(workbookPart)); !st) {
        return st.error();
    }
    const std::string baseDir = directoryOf(workbookPart);
    const std::string relsPart = baseDir + "_rels/" + workbookPart.substr(baseDir.size()) + ".rels";
    auto rels = readRels(relsPart);
    if (!rels) {
        return rels.error();
    }

    Workbook wb;
    wb.m_limits = limits;
    wb.m_date1904 = wbHandler.date1904;
    for (const auto& [name, rid] : wbHandler.sheets) {
        std::string part;
        for (const Relationship& rel : *rels) {
            if (rel.id == rid && !rel.external) {
                part = resolveTarget(baseDir, rel.target);
            }
        }
        if (part.empty()) {
            return makeError(Error::Code::ParseFailed,
                             "sheet '" + text::printable(name) + "' refers to relationship '"
                                 + text::printable(rid) + "', which " + relsPart
                                 + " does not define",
                             file);
        }
        wb.m_sheetNames.push_back(name);
        wb.m_sheetParts.push_back(part);
    }

    std::string sharedPart;
    for (const Relationship& rel : *rels) {
        if (!rel.external && text::endsWith(rel.type, "/sharedStrings")) {
            sharedPart = resolveTarget(baseDir, rel.target);
        }
    }
    if (sharedPart.empty() && zip->find(baseDir + "sharedStrings.xml") != nullptr) {
        sharedPart = baseDir + "sharedStrings.xml";
    }
    if (!sharedPart.empty()) {
        const ZipEntry* entry = zip->find(sharedPart);
        if (entry == nullptr) {
            return makeError(Error::Code::ParseFailed,
                             "the shared strings part '" + sharedPart + "' is missing from the zip",
                             file);
        }
        if (entry->uncompressedSize > limits.maxSharedStringsBytes) {
            return makeError(
                Error::Code::ParseFailed,
                "the shared strings part declares " + std::to_string(entry->uncompressedSize)
                    + " bytes, above the limit of " + std::to_string(limits.maxSharedStringsBytes),
                partContext(sharedPart));
        }
        SharedStringsHandler handler;
        handler.out = &wb.m_sharedStrings;
        handler.maxBytes = limits.maxSharedStringsBytes;
        if (Status st = parsePart(*zip, *entry, handler, partContext(sharedPart)); !st) {
            return st.error();
        }
    }
    wb.m_zip = std::move(*zip);
    return wb;
}

bool Workbook::hasSheet(std::string_view name) const
{
    for (const std::string& s : m_sheetNames) {
        if (s == name) {
            return true;
        }
    }
    return false;
}

std::string Workbook::findSheet(std::string_view name) const
{
    for (const std::string& s : m_sheetNames) {
        if (s == name) {
            return s;
        }
    }
    for (const std::string& s : m_sheetNames) {
        if (text::iequals(s, name)) {
            return s;
        }
    }
    return {};
}

Result<std::int64_t> Workbook::forEachRow(std::string_view sheet,
                                          const std::function<bool(const Row&)>& callback) const
{
    const std::string file = m_zip.path().string();
    std::size_t index = m_sheetNames.size();
    for (std::size_t i = 0; i < m_sheetNames.size(); ++i) {
        if (m_sheetNames[i] == sheet) {
            index = i;
        }
    }
    if (index == m_sheetNames.size()) {
        std::string known;
        for (const std::string& s : m_sheetNames) {
            known += (known.empty() ? "" : ", ") + s;
        }
        return makeError(Error::Code::NotFound,
                         "no sheet named '" + text::printable(sheet) + "' (sheets: " + known + ")",
                         file);
    }
    const std::string& part = m_sheetParts[index];
    const std::string context = file + ": sheet '" + text::printable(sheet) + "' (" + part + ")";
    const ZipEntry* entry = m_zip.find(part);
    if (entry == nullptr) {
        return makeError(Error::Code::ParseFailed,
                         "the sheet's part is missing from the zip (corrupt workbook)",
                         context);
    }
    if (entry->uncompressedSize > m_limits.maxSheetBytes) {
        return makeError(Error::Code::ParseFailed,
                         "the sheet declares " + std::to_string(entry->uncompressedSize)
                             + " uncompressed bytes, above the limit of "
                             + std::to_string(m_limits.maxSheetBytes),
                         context);
    }
    SheetHandler handler;
    handler.sharedStrings = &m_sharedStrings;
    handler.limits = &m_limits;
    std::int64_t delivered = 0;
    bool stopped = false;
    auto flush = [&]() {
        for (const Row& row : handler.pending) {
            ++delivered;
            if (!callback(row)) {
                stopped = true;
                break;
            }
        }
        handler.pending.clear();
        return !stopped;
    };
    Status st = parsePart(m_zip, *entry, handler, context, flush);
    if (!st) {
        Error error = st.error();
        if (error.code == Error::Code::ParseFailed && handler.failure.empty()
            && handler.lastCompletedRow > 0 && error.context == context) {
            error.message += " (after row " + std::to_string(handler.lastCompletedRow) + ")";
        }
        if (error.context != context) {
            error.message = "sheet '" + text::printable(sheet) + "': " + error.message;
        }
        return error;
    }
    if (!stopped) {
        flush();
    }
    return delivered;
}

} // namespace cloudcost::xlsx
