#pragma once
// Internal to core/store: the project's database connection as the store's code uses it,
// whichever backend holds the project (database.h): a file through SQLite, or a PostgreSQL
// server through libpq. A Connection belongs to one thread at a time.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace stf2m::store::detail {

class Statement;

class Connection {
 public:
  // A project file (created when `create`; owner-only) or a "postgresql://" URI.
  Connection(const std::string& location, bool create);
  explicit Connection(std::unique_ptr<ConnectionBackend> backend);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The project as errors name it: the file, or the URI without its password.
  const std::string& path() const { return backend_->name(); }
  Dialect dialect() const { return backend_->dialect(); }
  ConnectionBackend& backend() { return *backend_; }

  void exec(const std::string& sql) { backend_->exec(sql); }
  Statement prepare(std::string_view sql);
  int changes() const { return backend_->changes(); }
  void setReconnection(double seconds, ConnectionObserver observer) { backend_->setReconnection(seconds, std::move(observer)); }

 private:
  friend class Transaction;
  friend void retryingTransaction(Connection& c, const std::function<void()>& work, bool serializable);
  std::unique_ptr<ConnectionBackend> backend_;
  int transactionDepth_ = 0;
};

class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementBackend> s) : stmt_(std::move(s)) {}
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Binds $i (1-based); returns *this so calls chain.
  Statement& bind(int i, int64_t v) { stmt_->bindInt64(i, v); return *this; }
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, double v) { stmt_->bindDouble(i, v); return *this; }
  Statement& bind(int i, const std::string& v) { stmt_->bindText(i, v); return *this; }
  Statement& bind(int i, const char* v) { return bind(i, std::string(v)); }
  Statement& bindBlob(int i, const void* data, size_t bytes) { stmt_->bindBlob(i, data, bytes); return *this; }
  Statement& bindNull(int i) { stmt_->bindNull(i); return *this; }
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bindNull(i); }

  bool step() { return stmt_->step(); }  // true while a row is available
  void run();                             // steps to completion, expecting no rows
  // For INSERT ... RETURNING id: runs the statement and returns the new row's id.
  int64_t runReturningId();
  void reset() { stmt_->reset(true); }    // for re-use with new bindings

  bool isNull(int col) const { return stmt_->isNull(col); }
  int64_t int64(int col) const { return stmt_->int64(col); }
  double real(int col) const { return stmt_->real(col); }
  std::string text(int col) const { return stmt_->text(col); }
  std::vector<uint8_t> blob(int col) const { return stmt_->blob(col); }

 private:
  std::unique_ptr<StatementBackend> stmt_;
};

// Commits on commit(), rolls back otherwise (an exception leaves the database untouched).
// Nestable: the outermost begins the transaction (on SQLite with the write lock up front, so a
// writer never fails on a lock upgrade), inner ones are savepoints, and only the outermost commit
// makes it durable.
class Transaction {
 public:
  explicit Transaction(Connection& c, bool serializable = false);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  int level_ = 0;
  bool done_ = false;
};

// A write that is never lost to the timing alone: `work` runs in one transaction, SERIALIZABLE on
// a server when `serializable` (multi-row writes), and runs again when the server reports a
// SerializationFailure (up to 8 times, after a short random pause), so concurrent writers never
// see each other half-done, or when the connection broke before the commit (ConnectionLost: up to
// 3 times, each time connecting again first). Inside an outer transaction it runs once, as a
// savepoint; the outermost one retries. `work` must keep no state across attempts besides what it
// writes.
void retryingTransaction(Connection& c, const std::function<void()>& work, bool serializable = true);

}  // namespace stf2m::store::detail
