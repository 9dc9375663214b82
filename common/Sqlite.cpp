#include "common/Sqlite.h"

#include "common/Text.h"

#include <sqlite3.h>

#include <memory>
#include <regex>
#include <utility>

namespace cloudcost::sql {

namespace {
Error sqlError(sqlite3* db, std::string_view what)
{
    return makeError(Error::Code::IoFailed,
                     std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}
// REGEXP(pattern, text): ECMAScript regex search; the compiled pattern is cached per statement.
void regexpFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv)
{
    auto* re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0));
    if (!re) {
        const auto* pattern = sqlite3_value_text(argv[0]);
        if (!pattern) {
            sqlite3_result_null(ctx);
            return;
        }
        try {
            auto compiled =
                std::make_unique<std::regex>(reinterpret_cast<const char*>(pattern),
                                             std::regex::ECMAScript | std::regex::optimize);
            re = compiled.release();
            sqlite3_set_auxdata(ctx, 0, re, [](void* p) { delete static_cast<std::regex*>(p); });
        } catch (const std::regex_error& e) {
            sqlite3_result_error(ctx,
                                 (std::string("invalid regular expression: ") + e.what()).c_str(),
                                 -1);
            return;
        }
        // sqlite3_set_auxdata may have destroyed it already when it could not keep it.
        re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0));
        if (!re) {
            sqlite3_result_error(ctx, "cannot cache regular expression", -1);
            return;
        }
    }
    const auto* subject = sqlite3_value_text(argv[1]);
    if (!subject) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    sqlite3_result_int(ctx, std::regex_search(reinterpret_cast<const char*>(subject), *re) ? 1 : 0);
}
} // namespace

Database::~Database()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
    }
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
{}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        if (m_db) {
            sqlite3_close_v2(m_db);
        }
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Result<Database> Database::open(const std::filesystem::path& path, bool readOnly)
{
    Database db;
    db.m_path = path;
    const int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                      | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db.m_db, flags, nullptr) != SQLITE_OK) {
        Error e = sqlError(db.m_db, "cannot open workspace");
        e.context = path.string();
        return e;
    }
    sqlite3_extended_result_codes(db.m_db, 1);
    sqlite3_create_function_v2(db.m_db,
                               "regexp",
                               2,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               nullptr,
                               regexpFunction,
                               nullptr,
                               nullptr,
                               nullptr);
    sqlite3_busy_timeout(db.m_db, 5000);
    // WAL + synchronous=FULL: a committed transaction survives a crash or power loss.
    const char* pragmas = readOnly ? "PRAGMA foreign_keys=ON;"
                                   : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                     "PRAGMA foreign_keys=ON;";
    if (path != ":memory:" || !readOnly) {
        if (auto st = db.exec(pragmas); !st) {
            Error e = st.error();
            e.context = path.string();
            return e;
        }
    }
    return db;
}

Status Database::exec(std::string_view sql)
{
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : "unknown error";
        sqlite3_free(message);
        return makeError(Error::Code::IoFailed, "SQL failed: " + reason);
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr)
        != SQLITE_OK) {
        return sqlError(m_db, "cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
    }
    return Statement(stmt, m_db);
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

std::string Database::errorMessage() const
{
    return m_db ? sqlite3_errmsg(m_db) : "no database";
}

Statement::Statement(sqlite3_stmt* stmt, sqlite3* db)
    : m_stmt(stmt)
    , m_db(db)
{}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_db(other.m_db)
{}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    sqlite3_bind_text(m_stmt,
                      index,
                      value.data(),
                      static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindStatic(int index, std::string_view value)
{
    // A null pointer would bind SQL NULL: an empty view binds the empty string instead.
    sqlite3_bind_text(m_stmt,
                      index,
                      value.data() ? value.data() : "",
                      static_cast<int>(value.size()),
                      SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind(int index, std::optional<double> value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

int Statement::parameterIndex(const char* name) const
{
    return sqlite3_bind_parameter_index(m_stmt, name);
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return sqlError(m_db, "SQL step failed");
}

Status Statement::run()
{
    auto r = step();
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    if (!r) {
        return r.error();
    }
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::optional<double> Statement::optReal(int column) const
{
    if (isNull(column)) {
        return std::nullopt;
    }
    return real(column);
}

std::string Statement::text(int column) const
{
    return std::string(textView(column));
}

std::string_view Statement::textView(int column) const
{
    const auto* p = sqlite3_column_text(m_stmt, column);
    if (!p) {
        return {};
    }
    return {reinterpret_cast<const char*>(p),
            static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

Result<Transaction> Transaction::begin(Database& db)
{
    const bool nested = sqlite3_get_autocommit(db.handle()) == 0;
    if (auto st = db.exec(nested ? "SAVEPOINT cloudcost_nested" : "BEGIN IMMEDIATE"); !st) {
        return st.error();
    }
    return Transaction(db, nested);
}

Transaction::~Transaction()
{
    if (!m_db) {
        return;
    }
    if (m_nested) {
        // ROLLBACK TO leaves the savepoint open; RELEASE then ends it (LIFO, so the name is
        // always the innermost one).
        (void)m_db->exec("ROLLBACK TO cloudcost_nested");
        (void)m_db->exec("RELEASE cloudcost_nested");
    } else {
        (void)m_db->exec("ROLLBACK");
    }
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_nested(other.m_nested)
{}

Status migrateSchema(Database& db,
                     std::string_view versionKey,
                     std::span<const char* const> steps,
                     std::string_view tables)
{
    auto tx = Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    if (auto st =
            db.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        !st) {
        return st;
    }
    const std::string key(versionKey);
    long long version = 0;
    {
        auto q = db.prepare("SELECT value FROM meta WHERE key=?");
        if (!q) {
            return q.error();
        }
        q->bind(1, key);
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (*row) {
            version = text::parseInt(q->textView(0)).value_or(-1);
        }
    }
    const auto newest = static_cast<long long>(steps.size());
    if (version < 0) {
        return makeError(Error::Code::InvalidInput, "workspace has an unreadable " + key);
    }
    if (version > newest) {
        return makeError(Error::Code::Unsupported,
                         std::string(tables) + " (schema " + std::to_string(version)
                             + ") come from a newer cloudcost; this build knows schema "
                             + std::to_string(newest));
    }
    for (auto v = version; v < newest; ++v) {
        if (auto st = db.exec(steps[static_cast<std::size_t>(v)]); !st) {
            return makeError(Error::Code::IoFailed,
                             "migration " + std::to_string(v + 1) + " of " + std::string(tables)
                                 + " failed: " + st.error().message);
        }
    }
    if (version != newest) {
        auto up = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
        if (!up) {
            return up.error();
        }
        if (auto st = up->bind(1, key).bind(2, std::to_string(newest)).run(); !st) {
            return st;
        }
    }
    return tx->commit();
}

Status Transaction::commit()
{
    if (!m_db) {
        return makeError(Error::Code::InvalidInput, "transaction already finished");
    }
    auto st = m_db->exec(m_nested ? "RELEASE cloudcost_nested" : "COMMIT");
    if (st) {
        m_db = nullptr;
    }
    return st;
}

} // namespace cloudcost::sql
