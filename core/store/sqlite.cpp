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
}  // namespace

Connection::Connection(const std::string& path, bool create) : path_(path) {
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

Connection::~Connection() { sqlite3_close_v2(db_); }

void Connection::fail(int rc, const std::string& what) const {
  std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if ((rc & 0xff) == SQLITE_CORRUPT)
    throw Error(ErrorCode::StorageFailure, path_,
                "the project file is damaged (" + msg + "); nothing was written to it: restore it from a backup");
  if ((rc & 0xff) == SQLITE_FULL) throw Error(ErrorCode::StorageFailure, path_, "the disk is full; the change was not saved");
  if ((rc & 0xff) == SQLITE_CONSTRAINT) throw Error(ErrorCode::Conflict, path_, "the change was refused (" + msg + ")");
  throw Error(codeFor(rc), path_, what + ": " + msg);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_CONSTRAINT) fail(rc, msg);
    throw Error(codeFor(rc), path_, msg);
  }
}

Statement Connection::prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) fail(rc, "cannot prepare a query");
  return Statement(*this, s);
}

int64_t Connection::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (int rc = sqlite3_bind_double(stmt_, i, v); rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, const std::string& v) {
  if (int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); rc != SQLITE_OK)
    conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bindBlob(int i, const void* data, size_t bytes) {
  if (int rc = sqlite3_bind_blob64(stmt_, i, data, bytes, SQLITE_TRANSIENT); rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bindNull(int i) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  conn_->fail(rc, "query failed");
}

void Statement::run() {
  while (step()) {
  }
  sqlite3_reset(stmt_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
std::vector<uint8_t> Statement::blob(int col) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
  return p ? std::vector<uint8_t>(p, p + sqlite3_column_bytes(stmt_, col)) : std::vector<uint8_t>();
}

Transaction::Transaction(Connection& c) : conn_(c), level_(c.transactionDepth_) {
  conn_.exec(level_ == 0 ? std::string("BEGIN IMMEDIATE") : "SAVEPOINT level" + std::to_string(level_));
  ++conn_.transactionDepth_;
}

Transaction::~Transaction() {
  if (done_) return;
  const std::string undo = level_ == 0 ? std::string("ROLLBACK")
                                       : "ROLLBACK TO level" + std::to_string(level_) + "; RELEASE level" + std::to_string(level_);
  sqlite3_exec(conn_.handle(), undo.c_str(), nullptr, nullptr, nullptr);
  --conn_.transactionDepth_;
}

void Transaction::commit() {
  conn_.exec(level_ == 0 ? std::string("COMMIT") : "RELEASE level" + std::to_string(level_));
  done_ = true;
  --conn_.transactionDepth_;
}

}  // namespace stf2m::store::detail
