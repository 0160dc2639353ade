#pragma once
// What other people and machines change in a team project, as it happens (issue 23,
// docs/team.md): a second connection to the server that LISTENs to the notifications every change
// of a shown row sends (schema 7: table, row id and session id; ids only, the rows are read
// through the project with the reader's own rights). The Studio watches socket() with a
// QSocketNotifier and calls take() when it is readable; nothing here blocks except connecting.
// A project file has no feed (several writers on one file are one person's own windows).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stf2m::store {

struct Change {
  std::string table;      // "segment", "trace", "prediction", "session", ...
  int64_t id = 0;         // the row
  int64_t sessionId = 0;  // the session the row belongs to (its own id for a session), 0 for none
};

class ChangeFeed {
 public:
  // Connects and listens; InvalidArgument for a project file, StorageFailure naming the URI
  // (without password) when the server cannot be reached.
  explicit ChangeFeed(const std::string& uri);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  int socket() const;  // readable when notifications (or a lost connection) are waiting
  // Every change received since the last call, in the order the server committed them; empty when
  // none. StorageFailure when the connection was lost.
  std::vector<Change> take();
  // For tools and tests: waits up to `timeout` for the first change, then returns all pending.
  std::vector<Change> waitFor(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::store
