#include "store/connection.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "common/error.h"
#include "store/postgres.h"
#include "store/sqlite.h"

namespace stf2m::store::detail {

Connection::Connection(const std::string& location, bool create)
    : backend_(isPostgresUri(location) ? connectPostgres(location) : openSqlite(location, create)) {}

Connection::Connection(std::unique_ptr<ConnectionBackend> backend) : backend_(std::move(backend)) {}

Connection::~Connection() = default;

Statement Connection::prepare(std::string_view sql) { return Statement(backend_->prepare(sql)); }

void Statement::run() {
  while (step()) {
  }
  stmt_->reset(false);
}

int64_t Statement::runReturningId() {
  if (!step()) throw Error(ErrorCode::Internal, "project", "an INSERT ... RETURNING id returned no row");
  const int64_t id = int64(0);
  run();
  return id;
}

Transaction::Transaction(Connection& c, bool serializable) : conn_(c), level_(c.transactionDepth_) {
  if (level_ == 0) conn_.backend_->begin(serializable);
  else conn_.exec("SAVEPOINT level" + std::to_string(level_));
  ++conn_.transactionDepth_;
}

Transaction::~Transaction() {
  if (done_) return;
  --conn_.transactionDepth_;
  if (level_ == 0) {
    conn_.backend_->rollbackQuietly();
    return;
  }
  try {
    conn_.exec("ROLLBACK TO level" + std::to_string(level_) + "; RELEASE level" + std::to_string(level_));
  } catch (...) {
    // The outer transaction's rollback undoes this level too.
  }
}

void Transaction::commit() {
  if (level_ == 0) conn_.backend_->commit();
  else conn_.exec("RELEASE level" + std::to_string(level_));
  done_ = true;
  --conn_.transactionDepth_;
}

void retryingTransaction(Connection& c, const std::function<void()>& work, bool serializable) {
  constexpr int kAttempts = 8, kReconnections = 3;
  const bool outermost = c.transactionDepth_ == 0;
  int reconnections = 0;
  for (int attempt = 1;; ++attempt) {
    try {
      Transaction tx(c, serializable);
      work();
      tx.commit();
      return;
    } catch (const SerializationFailure&) {
      if (!outermost || attempt == kAttempts) throw;
    } catch (const ConnectionLost&) {
      // The server rolled the work back; the next begin connects again (waiting for the server).
      if (!outermost || ++reconnections > kReconnections) throw;
      continue;
    }
    // 2, 4, 8 ... ms, each up to twice as long at random, so the writers that collided drift apart.
    thread_local std::minstd_rand jitter{std::random_device{}()};
    const int base = 1 << std::min(attempt, 7);
    std::this_thread::sleep_for(std::chrono::milliseconds(base + int(jitter() % unsigned(base + 1))));
  }
}

}  // namespace stf2m::store::detail
