#include "store/change_feed.h"

#include <libpq-fe.h>
#include <poll.h>

#include <sstream>

#include "common/error.h"
#include "store/postgres.h"

namespace stf2m::store {

struct ChangeFeed::Impl {
  PGconn* conn = nullptr;
  std::string name;  // the URI without password
  ~Impl() {
    if (conn) PQfinish(conn);
  }
  [[noreturn]] void lost() const {
    throw Error(ErrorCode::StorageFailure, name,
                "lost the connection that listens for other people's changes (" + std::string(PQerrorMessage(conn)) + ")");
  }
};

ChangeFeed::ChangeFeed(const std::string& uri) : impl_(std::make_unique<Impl>()) {
  if (!detail::isPostgresUri(uri))
    throw Error(ErrorCode::InvalidArgument, uri, "only a project on a server has a change feed; a file has one writer's changes");
  impl_->name = detail::uriWithoutPassword(uri);
  impl_->conn = detail::openPostgres(uri, 3);  // the Studio connects on its GUI thread: never long
  if (PQstatus(impl_->conn) != CONNECTION_OK)
    throw Error(ErrorCode::StorageFailure, impl_->name, "cannot connect to listen for changes: " + std::string(PQerrorMessage(impl_->conn)));
  PGresult* r = PQexec(impl_->conn, "LISTEN stf2m_changes");
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) impl_->lost();
}

ChangeFeed::~ChangeFeed() = default;

int ChangeFeed::socket() const { return PQsocket(impl_->conn); }

std::vector<Change> ChangeFeed::take() {
  if (!PQconsumeInput(impl_->conn) || PQstatus(impl_->conn) != CONNECTION_OK) impl_->lost();
  std::vector<Change> out;
  while (PGnotify* n = PQnotifies(impl_->conn)) {
    Change c;
    std::istringstream in(n->extra ? n->extra : "");
    if (in >> c.table >> c.id >> c.sessionId) out.push_back(std::move(c));
    PQfreemem(n);
  }
  return out;
}

std::vector<Change> ChangeFeed::waitFor(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::vector<Change> got = take();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (!got.empty() || left.count() <= 0) return got;
    pollfd p{socket(), POLLIN, 0};
    ::poll(&p, 1, int(left.count()));
  }
}

}  // namespace stf2m::store
