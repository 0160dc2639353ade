#include "store/postgres.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "common/error.h"

namespace stf2m::store::detail {

namespace {

// PostgreSQL's type ids of the parameters we send (pg_type.oid; stable across versions).
constexpr Oid kInt8 = 20, kFloat8 = 701, kBytea = 17;

std::string firstLine(const char* text) {
  std::string s = text ? text : "";
  if (const size_t end = s.find('\n'); end != std::string::npos) s.resize(end);
  return s;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection;

class PgStatement final : public StatementBackend {
 public:
  PgStatement(PgConnection& connection, std::string sql, int parameters)
      : connection_(connection), sql_(std::move(sql)), values_(size_t(parameters)), types_(size_t(parameters), 0),
        formats_(size_t(parameters), 0) {}

  void bindInt64(int i, int64_t v) override {
    uint64_t u = uint64_t(v);
    std::string bytes(8, '\0');
    for (int b = 7; b >= 0; --b, u >>= 8) bytes[size_t(b)] = char(u & 0xff);
    set(i, std::move(bytes), kInt8, 1);
  }
  void bindDouble(int i, double v) override {
    uint64_t u;
    std::memcpy(&u, &v, 8);
    std::string bytes(8, '\0');
    for (int b = 7; b >= 0; --b, u >>= 8) bytes[size_t(b)] = char(u & 0xff);
    set(i, std::move(bytes), kFloat8, 1);
  }
  void bindText(int i, const std::string& v) override { set(i, v, 0, 0); }  // the server infers the type
  void bindBlob(int i, const void* data, size_t bytes) override {
    set(i, std::string(static_cast<const char*>(data), bytes), kBytea, 1);
  }
  void bindNull(int i) override {
    check(i);
    values_[size_t(i - 1)].reset();
    executed_ = false;
  }

  bool step() override;
  void reset(bool clearBindings) override {
    result_.reset();
    executed_ = false;
    row_ = -1;
    if (clearBindings)
      for (auto& v : values_) v.reset();
  }

  bool isNull(int col) const override { return PQgetisnull(result_.get(), row_, col) != 0; }
  int64_t int64(int col) const override {
    if (isNull(col)) return 0;
    return std::strtoll(PQgetvalue(result_.get(), row_, col), nullptr, 10);
  }
  double real(int col) const override {
    if (isNull(col)) return 0;
    return std::strtod(PQgetvalue(result_.get(), row_, col), nullptr);
  }
  std::string text(int col) const override {
    if (isNull(col)) return {};
    return std::string(PQgetvalue(result_.get(), row_, col), size_t(PQgetlength(result_.get(), row_, col)));
  }
  std::vector<uint8_t> blob(int col) const override {
    if (isNull(col)) return {};
    size_t length = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, col)), &length);
    std::vector<uint8_t> out(raw, raw + length);
    PQfreemem(raw);
    return out;
  }

 private:
  void check(int i) const;
  void set(int i, std::string bytes, Oid type, int format) {
    check(i);
    values_[size_t(i - 1)] = std::move(bytes);
    types_[size_t(i - 1)] = type;
    formats_[size_t(i - 1)] = format;
    executed_ = false;
  }

  PgConnection& connection_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;
  Result result_;
  bool executed_ = false;
  int row_ = -1;
};

class PgConnection final : public ConnectionBackend {
 public:
  explicit PgConnection(const std::string& uri) : name_(uriWithoutPassword(uri)) {
    conn_ = openPostgres(uri, 10);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = conn_ ? firstLine(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      throw Error(ErrorCode::StorageFailure, name_, "cannot connect to the project's server: " + why);
    }
    configureSession();
  }
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::Postgres; }
  const std::string& name() const override { return name_; }

  void exec(const std::string& sql) override {
    if (!inTransaction_) ensureConnected();
    Result r(PQexec(conn_, sql.c_str()));
    expect(r.get(), "a statement failed");
    changes_ = std::atoi(PQcmdTuples(r.get()));
  }

  std::unique_ptr<StatementBackend> prepare(std::string_view sql) override {
    return std::make_unique<PgStatement>(*this, std::string(sql), parameterCount(sql));
  }

  int changes() const override { return changes_; }
  void setChanges(int n) { changes_ = n; }

  // The transaction's id is read at its start: should the connection break while the COMMIT is
  // on its way, the id tells afterwards whether the server committed it.
  void begin(bool serializable) override {
    ensureConnected();
    inTransaction_ = true;
    try {
      Result r(PQexec(conn_, serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT pg_current_xact_id()"
                                          : "BEGIN; SELECT pg_current_xact_id()"));
      expect(r.get(), "a statement failed");
      transactionId_ = PQgetvalue(r.get(), 0, 0);
    } catch (...) {
      inTransaction_ = false;
      throw;
    }
  }
  // A connection that broke under the COMMIT: once connected again, the server says whether the
  // transaction committed (then it was stored: no error) or not (ConnectionLost: nothing was
  // stored, the caller may run it again). Only when the server cannot be reached or cannot tell is
  // the outcome unknown, and the error says so.
  void commit() override {
    try {
      exec("COMMIT");
      inTransaction_ = false;
    } catch (const ConnectionLost& e) {
      inTransaction_ = false;
      const std::string outcome = outcomeOf(transactionId_);
      if (outcome == "committed") return;
      if (outcome == "aborted") throw;
      throw Error(ErrorCode::StorageFailure, name_,
                  "lost the connection to the project's server while committing, and the server could not tell whether "
                  "the change was stored; reload to see (" + firstLine(PQerrorMessage(conn_)) + ")");
    }
  }
  void rollbackQuietly() noexcept override {
    inTransaction_ = false;
    if (PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
  }

  void setReconnection(double seconds, ConnectionObserver observer) override {
    reconnectSeconds_ = seconds;
    observer_ = std::move(observer);
  }

  // Before a transaction or a statement outside one: a connection the server closed while it was
  // idle (a restart, an administrator) is noticed here, by reading what the server sent, and made
  // again, so the work runs on a live connection and nothing of it is lost.
  void ensureConnected() {
    // Reads what the server sent meanwhile without blocking: a closed connection shows as a
    // FATAL message, then the end of the stream, which the second read meets.
    for (int read = 0; read < 2 && PQstatus(conn_) == CONNECTION_OK; ++read) PQconsumeInput(conn_);
    if (PQstatus(conn_) == CONNECTION_OK) return;
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    const std::string lost = firstLine(PQerrorMessage(conn_));
    if (observer_) observer_(ConnectionEvent::Lost, lost.empty() ? std::string("the connection was closed") : lost);
    for (int attempt = 0;; ++attempt) {
      PQreset(conn_);
      if (PQstatus(conn_) == CONNECTION_OK) {
        configureSession();
        const double took = std::chrono::duration<double>(Clock::now() - start).count();
        char detail[64];
        std::snprintf(detail, sizeof detail, "after %.1f s", took);
        if (observer_) observer_(ConnectionEvent::Restored, detail);
        return;
      }
      const double waited = std::chrono::duration<double>(Clock::now() - start).count();
      if (waited >= reconnectSeconds_)
        throw Error(ErrorCode::StorageFailure, name_,  // not ConnectionLost: waiting again would not help
                    "lost the connection to the project's server and could not connect again within " +
                        std::to_string(int(reconnectSeconds_ + 0.5)) + " s; nothing was saved (" +
                        firstLine(PQerrorMessage(conn_)) + ")");
      // 0.1, 0.2, 0.4 ... s, at most 2 s between attempts, never past the window.
      const double pause = std::min({0.1 * double(1 << std::min(attempt, 5)), 2.0, reconnectSeconds_ - waited});
      std::this_thread::sleep_for(std::chrono::duration<double>(pause));
    }
  }

  bool inTransaction() const { return inTransaction_; }

  PGconn* handle() const { return conn_; }

  // Throws the Error for a failed result (null: the connection failed).
  void expect(PGresult* r, const std::string& what) const {
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlState = state ? state : "";
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;  // without "ERROR:  "
    const std::string message = firstLine(primary ? primary : r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    if (PQstatus(conn_) != CONNECTION_OK || sqlState.rfind("08", 0) == 0 || sqlState.rfind("57P", 0) == 0)
      throw ConnectionLost(ErrorCode::StorageFailure, name_,
                           "lost the connection to the project's server; the change in progress was not saved (" + message + ")");
    if (sqlState.rfind("23", 0) == 0) throw Error(ErrorCode::Conflict, name_, "the change was refused (" + message + ")");
    if (sqlState == "40001" || sqlState == "40P01")
      throw SerializationFailure(ErrorCode::Conflict, name_,
                                 "another writer changed the same rows at the same time, again and again (" + message + ")");
    if (sqlState == "42501") throw Error(ErrorCode::NotAllowed, name_, "not allowed for this role: " + message);
    if (sqlState == "53100") throw Error(ErrorCode::StorageFailure, name_, "the server's disk is full; the change was not saved");
    throw Error(ErrorCode::StorageFailure, name_, what + ": " + message);
  }

 private:
  // The highest $N outside quotes and comments.
  static int parameterCount(std::string_view sql) {
    int highest = 0;
    char quote = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
      const char c = sql[i];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '\'' || c == '"') quote = c;
      else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') i = std::min(sql.find('\n', i), sql.size());
      else if (c == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        int n = 0;
        while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) n = n * 10 + (sql[++i] - '0');
        highest = std::max(highest, n);
      }
    }
    return highest;
  }

  // "committed", "aborted", or "" when the server cannot be reached or cannot tell.
  std::string outcomeOf(const std::string& transactionId) {
    try {
      ensureConnected();
    } catch (const Error&) {
      return {};
    }
    const char* values[] = {transactionId.c_str()};
    for (int attempt = 0; attempt < 40; ++attempt) {  // the old backend may still be ending: up to 2 s
      Result r(PQexecParams(conn_, "SELECT pg_xact_status($1::xid8)", 1, nullptr, values, nullptr, nullptr, 0));
      if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) return {};
      const std::string status = PQgetvalue(r.get(), 0, 0);
      if (status == "committed" || status == "aborted") return status;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {};
  }

  void configureSession() {
    Result r(PQexec(conn_, "SET client_encoding = 'UTF8'; SET application_name = 'stf2m'; SET extra_float_digits = 3; "
                           "SET client_min_messages = warning"));
    expect(r.get(), "configuring the connection failed");
  }

  std::string name_;
  PGconn* conn_ = nullptr;
  int changes_ = 0;
  bool inTransaction_ = false;
  std::string transactionId_;  // of the open transaction (pg_current_xact_id)
  double reconnectSeconds_ = 30;
  ConnectionObserver observer_;
};

void PgStatement::check(int i) const {
  if (i < 1 || size_t(i) > values_.size())
    throw Error(ErrorCode::Internal, connection_.name(),
                "parameter $" + std::to_string(i) + " is not in the query (" + std::to_string(values_.size()) + " parameters)");
}

bool PgStatement::step() {
  if (!executed_) {
    if (!connection_.inTransaction()) connection_.ensureConnected();
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? int(values_[i]->size()) : 0;
    }
    // A query outside a transaction changes nothing: when the connection broke under it, it is
    // run once more on a new one.
    const bool readOnly = !connection_.inTransaction() && sql_.compare(0, 7, "SELECT ") == 0;
    for (int attempt = 0;; ++attempt) {
      result_.reset(PQexecParams(connection_.handle(), sql_.c_str(), int(values_.size()), types_.data(), values.data(),
                                 lengths.data(), formats_.data(), /*resultFormat text*/ 0));
      executed_ = true;
      row_ = -1;
      try {
        connection_.expect(result_.get(), "a query failed");
        break;
      } catch (const ConnectionLost&) {
        result_.reset();
        if (!readOnly || attempt > 0) throw;
        connection_.ensureConnected();
      } catch (...) {
        result_.reset();
        throw;
      }
    }
    connection_.setChanges(std::atoi(PQcmdTuples(result_.get())));
  }
  if (!result_ || PQresultStatus(result_.get()) != PGRES_TUPLES_OK) return false;
  return ++row_ < PQntuples(result_.get());
}

}  // namespace

PGconn* openPostgres(const std::string& uri, int timeoutSeconds) {
  const std::string timeout = std::to_string(timeoutSeconds);
  const char* keys[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), uri.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname*/ 1);
  // The server's notices (the FATAL a shutdown sends before it closes the connection) are not
  // printed on the user's stderr: what matters reaches the caller as an error or a ConnectionEvent.
  if (conn) PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return conn;
}

bool isPostgresUri(const std::string& text) {
  return text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0;
}

std::string uriWithoutPassword(const std::string& uri) {
  std::string out = uri;
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // "password=..." among the query parameters.
  if (const size_t query = out.find('?'); query != std::string::npos) {
    std::string kept;
    size_t pos = query + 1;
    while (pos <= out.size()) {
      size_t end = out.find('&', pos);
      if (end == std::string::npos) end = out.size();
      const std::string pair = out.substr(pos, end - pos);
      if (!pair.empty() && pair.rfind("password=", 0) != 0) kept += (kept.empty() ? "" : "&") + pair;
      pos = end + 1;
    }
    out = out.substr(0, query) + (kept.empty() ? "" : "?" + kept);
  }
  return out;
}

std::unique_ptr<ConnectionBackend> connectPostgres(const std::string& uri) { return std::make_unique<PgConnection>(uri); }

}  // namespace stf2m::store::detail
