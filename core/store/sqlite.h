#pragma once
// Internal to core/store: RAII over the sqlite3 C API and the one path from an SQLite failure to
// a stf2m::Error naming the project file. A Connection belongs to one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace stf2m::store::detail {

class Statement;

class Connection {
 public:
  // Opens an existing database file or creates it (readable by the owner only). Throws
  // StorageFailure / FileUnreadable naming `path`.
  Connection(const std::string& path, bool create);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  void exec(const std::string& sql);                  // one or more statements, no results
  Statement prepare(std::string_view sql);
  int64_t lastInsertId() const;
  int changes() const;
  // Throws the Error for an SQLite result code (`what` says what was being done).
  [[noreturn]] void fail(int rc, const std::string& what) const;

 private:
  friend class Transaction;
  std::string path_;
  sqlite3* db_ = nullptr;
  int transactionDepth_ = 0;
};

class Statement {
 public:
  Statement(Connection& c, sqlite3_stmt* s) : conn_(&c), stmt_(s) {}
  Statement(Statement&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based position; returns *this so calls chain.
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::string& v);
  Statement& bind(int i, const char* v) { return bind(i, std::string(v)); }
  Statement& bindBlob(int i, const void* data, size_t bytes);
  Statement& bindNull(int i);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bindNull(i); }

  bool step();            // true while a row is available
  void run();             // steps to completion, expecting no rows
  void reset();           // for re-use with new bindings

  bool isNull(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::vector<uint8_t> blob(int col) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
};

// Commits on commit(), rolls back otherwise (an exception leaves the database untouched).
// Nestable: the outermost is BEGIN IMMEDIATE (the write lock up front, so a writer never fails
// on a lock upgrade), inner ones are savepoints, and only the outermost commit makes it durable.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  int level_ = 0;
  bool done_ = false;
};

}  // namespace stf2m::store::detail
