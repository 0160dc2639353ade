#pragma once
// Internal to core/store: what a project's database connection does, whichever server holds it
// (issue 23, docs/team.md). Two implementations: SQLite (a project file, the embedded default)
// and PostgreSQL through libpq (a team's server). Queries are written once for both:
//   - parameters are $1, $2, ... (SQLite binds "$N" by name, so order and repeats behave as in
//     PostgreSQL);
//   - new ids come from INSERT ... RETURNING id (SQLite 3.35 and later);
//   - types are INTEGER (64-bit), DOUBLE PRECISION, TEXT and BLOB/bytea, declared per dialect by
//     the schema description (schema.h).
// Every failure is a stf2m::Error naming the project (its file, or its URI without a password).
// A connection belongs to one thread at a time.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "store/connection_events.h"

namespace stf2m::store::detail {

enum class Dialect { Sqlite, Postgres };

// The server gave up a SERIALIZABLE transaction because another writer touched the same rows at
// the same time (SQLSTATE 40001, or a deadlock, 40P01): run again, the transaction may succeed.
class SerializationFailure : public Error {
 public:
  using Error::Error;
};

// The connection to the server broke before the transaction was committed: nothing of it was
// stored, and the server rolled it back. The next transaction reconnects (ConnectionBackend).
class ConnectionLost : public Error {
 public:
  using Error::Error;
};

class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  // 1-based positions, as $N in the text.
  virtual void bindInt64(int i, int64_t v) = 0;
  virtual void bindDouble(int i, double v) = 0;
  virtual void bindText(int i, const std::string& v) = 0;
  virtual void bindBlob(int i, const void* data, size_t bytes) = 0;
  virtual void bindNull(int i) = 0;
  // Runs the statement on the first call after (re)binding; true while a row is available.
  virtual bool step() = 0;
  // Ready to run again; `clearBindings` also forgets the bound values.
  virtual void reset(bool clearBindings) = 0;
  // The current row's columns (0-based).
  virtual bool isNull(int col) const = 0;
  virtual int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
  virtual std::vector<uint8_t> blob(int col) const = 0;
};

class ConnectionBackend {
 public:
  virtual ~ConnectionBackend() = default;
  virtual Dialect dialect() const = 0;
  // The project as errors name it: the file path, or the URI without its password.
  virtual const std::string& name() const = 0;
  virtual void exec(const std::string& sql) = 0;  // one or more statements, no results
  virtual std::unique_ptr<StatementBackend> prepare(std::string_view sql) = 0;
  virtual int changes() const = 0;  // rows the last statement changed
  // The outermost transaction takes the write lock up front on SQLite (BEGIN IMMEDIATE); on
  // PostgreSQL it is SERIALIZABLE when `serializable`, else READ COMMITTED with row versions.
  virtual void begin(bool serializable) = 0;
  virtual void commit() = 0;
  // Never throws: it runs while an exception unwinds.
  virtual void rollbackQuietly() noexcept = 0;
  // A server connection that broke (a restart, a network outage) is made again before the next
  // transaction or statement outside one, trying for up to `seconds`; `observer` hears of the loss
  // and of the reconnection. A file has nothing to reconnect.
  virtual void setReconnection(double seconds, ConnectionObserver observer) {
    (void)seconds;
    (void)observer;
  }
};

}  // namespace stf2m::store::detail
