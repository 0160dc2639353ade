#include "store/sqlite.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace stf2m::store::detail {

namespace {

ErrorCode codeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return ErrorCode::Conflict;
    case SQLITE_NOTADB: return ErrorCode::NotProject;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY: return ErrorCode::FileUnreadable;
    default: return ErrorCode::StorageFailure;
  }
}

void actorFunction(sqlite3_context* ctx, int, sqlite3_value**) {
  const auto* actor = static_cast<const std::string*>(sqlite3_user_data(ctx));
  sqlite3_result_text(ctx, actor->c_str(), static_cast<int>(actor->size()), SQLITE_TRANSIENT);
}

class SqliteConnection;

class SqliteStatement final : public StatementBackend {
 public:
  SqliteStatement(SqliteConnection& c, sqlite3_stmt* s) : conn_(c), stmt_(s) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bindInt64(int i, int64_t v) override { check(sqlite3_bind_int64(stmt_, index(i), v)); }
  void bindDouble(int i, double v) override { check(sqlite3_bind_double(stmt_, index(i), v)); }
  void bindText(int i, const std::string& v) override {
    check(sqlite3_bind_text(stmt_, index(i), v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bindBlob(int i, const void* data, size_t bytes) override {
    check(sqlite3_bind_blob64(stmt_, index(i), data, bytes, SQLITE_TRANSIENT));
  }
  void bindNull(int i) override { check(sqlite3_bind_null(stmt_, index(i))); }

  bool step() override;
  void reset(bool clearBindings) override {
    sqlite3_reset(stmt_);
    if (clearBindings) sqlite3_clear_bindings(stmt_);
  }

  bool isNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::vector<uint8_t> blob(int col) const override {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
    return p ? std::vector<uint8_t>(p, p + sqlite3_column_bytes(stmt_, col)) : std::vector<uint8_t>();
  }

 private:
  // SQLite numbers "$N" parameters by their first appearance; PostgreSQL by N. Binding by name
  // makes the same text mean the same on both.
  int index(int i) const;
  void check(int rc) const;

  SqliteConnection& conn_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public ConnectionBackend {
 public:
  SqliteConnection(const std::string& path, bool create) : path_(path) {
    if (create) {
      // Create the file ourselves so that it is owner-only from its first byte; SQLite gives its
      // -wal and -shm companions the database file's permissions.
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) {
        const int err = errno;
        throw Error(err == EEXIST ? ErrorCode::Conflict : ErrorCode::FileUnreadable, path,
                    err == EEXIST ? "already exists; a new project is never written over an existing file"
                                  : std::string("cannot create the project file: ") + std::strerror(err));
      }
      ::close(fd);
    }
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw Error(codeFor(rc), path, "cannot open the project database: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::Sqlite; }
  const std::string& name() const override { return path_; }
  sqlite3* handle() const { return db_; }

  [[noreturn]] void fail(int rc, const std::string& what) const {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_CORRUPT)
      throw Error(ErrorCode::StorageFailure, path_,
                  "the project file is damaged (" + msg + "); nothing was written to it: restore it from a backup");
    if ((rc & 0xff) == SQLITE_FULL) throw Error(ErrorCode::StorageFailure, path_, "the disk is full; the change was not saved");
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw Error(ErrorCode::Conflict, path_, "the change was refused (" + msg + ")");
    throw Error(codeFor(rc), path_, what + ": " + msg);
  }

  void exec(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_CONSTRAINT) fail(rc, msg);
      throw Error(codeFor(rc), path_, msg);
    }
  }

  std::unique_ptr<StatementBackend> prepare(std::string_view sql) override {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) fail(rc, "cannot prepare a query");
    return std::make_unique<SqliteStatement>(*this, s);
  }

  int changes() const override { return sqlite3_changes(db_); }
  void begin(bool) override { exec("BEGIN IMMEDIATE"); }  // one writer at a time: already serializable
  void commit() override { exec("COMMIT"); }
  void rollbackQuietly() noexcept override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

int SqliteStatement::index(int i) const {
  const std::string name = "$" + std::to_string(i);
  const int found = sqlite3_bind_parameter_index(stmt_, name.c_str());
  if (found == 0)
    throw Error(ErrorCode::Internal, conn_.name(),
                "parameter " + name + " is not in the query: " + std::string(sqlite3_sql(stmt_)));
  return found;
}

void SqliteStatement::check(int rc) const {
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  conn_.fail(rc, "query failed");
}

}  // namespace

std::unique_ptr<ConnectionBackend> openSqlite(const std::string& path, bool create) {
  return std::make_unique<SqliteConnection>(path, create);
}

void registerSqliteActor(ConnectionBackend& backend, const std::string* actor) {
  auto* sqlite = dynamic_cast<SqliteConnection*>(&backend);
  if (!sqlite) throw Error(ErrorCode::Internal, backend.name(), "not a project file");
  if (sqlite3_create_function_v2(sqlite->handle(), "stf2m_actor", 0, SQLITE_UTF8, const_cast<std::string*>(actor),
                                 &actorFunction, nullptr, nullptr, nullptr) != SQLITE_OK)
    sqlite->fail(SQLITE_ERROR, "cannot register the audit function");
}

}  // namespace stf2m::store::detail
