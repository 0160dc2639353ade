#pragma once
// Internal to core/store: what the Project's source files share.
#include <string>
#include <unordered_map>
#include <vector>

#include "common/time_util.h"
#include "store/project.h"
#include "store/connection.h"

namespace stf2m::store {

struct Project::Impl {
  Impl(const std::string& path, bool create, std::string actorName);
  detail::Connection db;
  std::string actor;

  // The frame shown at session time t in the session's first video (0 without video).
  int64_t frameAt(int64_t sessionId, double t, bool lastShown);
  void fillFrames(Segment& s);
  void checkSegment(const Segment& s);
  // After an UPDATE or DELETE of `table` changed no row: NotAllowed when the row exists but a team
  // server's row-level security kept this role from it (naming its owner), else NotFound.
  // With `expectedVersion` (> 0), a row at another version, or deleted, is a Conflict naming who
  // changed it (from the audit log).
  [[noreturn]] void refuseUnchanged(const char* table, const char* ownerColumn, int64_t id, int64_t expectedVersion);
  // Inside a transaction: the session's windows of the model replaced by `predictions`, which must
  // all be of that session and model.
  std::vector<int64_t> replaceWindows(int64_t sessionId, int64_t modelId, const std::vector<Prediction>& predictions);
  std::unordered_map<int64_t, int64_t> categorySchemes;  // category id -> scheme id (checkSegment)
};

// Timestamps of created/modified rows.
inline std::string utcNow() { return utcTimestamp(); }

}  // namespace stf2m::store
