// Analysis jobs: several analysis workers (`stf2m analyze --pending`) sharing one project's sessions
// (schema version 8, project.h). A claim is a row of analysis_job in state 'claimed' whose lease
// (expires_at, on the database's clock) the worker renews; the predictions and the 'done' state are
// written in one transaction, so a worker that dies leaves its old claim and nothing half-written.
#include <string>

#include "common/error.h"
#include "store/project.h"
#include "store/project_impl.h"
#include "store/schema.h"

namespace stf2m::store {

using detail::Dialect;
using detail::Transaction;

namespace {

// "1,5,9": the ids a claim passes over, matched in SQL with LIKE (both dialects; no arrays in SQLite).
std::string idList(const std::vector<int64_t>& ids) {
  std::string text;
  for (int64_t id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
  return text;
}

void requireLease(double seconds, const std::string& project) {
  if (!(seconds >= 1 && seconds <= 7 * 86400))
    throw Error(ErrorCode::InvalidArgument, project, "an analysis claim's lease is 1 s to 7 days, not " + std::to_string(seconds));
}

}  // namespace

std::optional<AnalysisClaim> Project::claimPendingSession(int64_t modelId, const std::string& worker, double leaseSeconds,
                                                          const std::vector<int64_t>& passOver) {
  requireLease(leaseSeconds, path());
  if (worker.empty()) throw Error(ErrorCode::InvalidArgument, path(), "an analysis claim needs the worker's name");
  detail::Connection& db = impl_->db;
  const std::string now = detail::databaseNowSql(db.dialect());
  // READ COMMITTED on a server: the row lock on the session keeps concurrent claimers apart (they
  // skip it), and the conditional upsert below refuses a claim that another worker committed
  // after this statement's snapshot (then the next session is tried).
  const std::string pending =
      "SELECT s.id FROM session s WHERE EXISTS (SELECT 1 FROM media_file m WHERE m.session_id = s.id) "
      "AND NOT EXISTS (SELECT 1 FROM prediction p WHERE p.session_id = s.id AND p.model_id = $1) "
      "AND NOT EXISTS (SELECT 1 FROM analysis_job j WHERE j.session_id = s.id AND j.model_id = $1 "
      "  AND (j.state = 'done' OR (j.state = 'claimed' AND j.expires_at > " + now + "))) "
      "AND (',' || CAST($2 AS TEXT) || ',') NOT LIKE ('%,' || CAST(s.id AS TEXT) || ',%') "
      "ORDER BY s.id LIMIT 1" + std::string(db.dialect() == Dialect::Postgres ? " FOR UPDATE OF s SKIP LOCKED" : "");
  const std::string claim =
      "INSERT INTO analysis_job(session_id, model_id, state, worker, claimed_at, expires_at) "
      "VALUES ($1, $2, 'claimed', $3, $4, " + now + " + $5) "
      "ON CONFLICT (session_id, model_id) DO UPDATE SET state = 'claimed', worker = excluded.worker, "
      "claimed_at = excluded.claimed_at, expires_at = excluded.expires_at, finished_at = NULL, message = '' "
      "WHERE analysis_job.state = 'failed' OR (analysis_job.state = 'claimed' AND analysis_job.expires_at <= " + now + ")";
  std::vector<int64_t> skipped = passOver;
  for (;;) {
    Transaction tx(db);
    auto next = db.prepare(pending);
    next.bind(1, modelId).bind(2, idList(skipped));
    if (!next.step()) return std::nullopt;
    const int64_t sessionId = next.int64(0);
    db.prepare(claim).bind(1, sessionId).bind(2, modelId).bind(3, worker).bind(4, utcNow()).bind(5, leaseSeconds).run();
    if (db.changes() == 1) {
      tx.commit();
      return AnalysisClaim{sessionId, modelId, worker};
    }
    skipped.push_back(sessionId);  // claimed or finished by another worker a moment ago
  }
}

bool Project::renewClaim(const AnalysisClaim& claim, double leaseSeconds) {
  requireLease(leaseSeconds, path());
  detail::Connection& db = impl_->db;
  Transaction tx(db);
  db.prepare("UPDATE analysis_job SET expires_at = " + detail::databaseNowSql(db.dialect()) +
             " + $4 WHERE session_id = $1 AND model_id = $2 AND worker = $3 AND state = 'claimed'")
      .bind(1, claim.sessionId).bind(2, claim.modelId).bind(3, claim.worker).bind(4, leaseSeconds).run();
  const bool held = db.changes() == 1;
  tx.commit();
  return held;
}

std::vector<int64_t> Project::finishClaim(const AnalysisClaim& claim, const std::vector<Prediction>& predictions,
                                          const std::string& summary) {
  detail::Connection& db = impl_->db;
  std::vector<int64_t> ids;
  detail::retryingTransaction(db, [&] {
    auto held = db.prepare("SELECT state, worker FROM analysis_job WHERE session_id = $1 AND model_id = $2" +
                           std::string(db.dialect() == Dialect::Postgres ? " FOR UPDATE" : ""));
    held.bind(1, claim.sessionId).bind(2, claim.modelId);
    const std::string what = "session " + std::to_string(claim.sessionId) + " (model " + std::to_string(claim.modelId) + ")";
    if (!held.step())
      throw Error(ErrorCode::Conflict, path(), what + " is no longer claimed by " + claim.worker + "; its analysis is not stored");
    if (held.text(0) != "claimed" || held.text(1) != claim.worker)
      throw Error(ErrorCode::Conflict, path(),
                  what + ": the claim of " + claim.worker + " expired and passed to " + held.text(1) + " (" + held.text(0) +
                      "); this analysis is not stored");
    ids = impl_->replaceWindows(claim.sessionId, claim.modelId, predictions);
    db.prepare("UPDATE analysis_job SET state = 'done', finished_at = $3, message = $4 WHERE session_id = $1 AND model_id = $2")
        .bind(1, claim.sessionId).bind(2, claim.modelId).bind(3, utcNow()).bind(4, summary).run();
  });
  return ids;
}

void Project::failClaim(const AnalysisClaim& claim, const std::string& message) {
  detail::Connection& db = impl_->db;
  Transaction tx(db);
  db.prepare("UPDATE analysis_job SET state = 'failed', finished_at = $4, message = $5 "
             "WHERE session_id = $1 AND model_id = $2 AND worker = $3 AND state = 'claimed'")
      .bind(1, claim.sessionId).bind(2, claim.modelId).bind(3, claim.worker).bind(4, utcNow()).bind(5, message).run();
  tx.commit();
}

std::vector<AnalysisJob> Project::analysisJobs(int64_t modelId) const {
  detail::Connection& db = impl_->db;
  auto s = db.prepare("SELECT session_id, model_id, state, worker, claimed_at, expires_at - " +
                      detail::databaseNowSql(db.dialect()) +
                      ", finished_at, message FROM analysis_job WHERE $1 = 0 OR model_id = $1 ORDER BY session_id, model_id");
  s.bind(1, modelId);
  std::vector<AnalysisJob> jobs;
  while (s.step()) {
    AnalysisJob j{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.real(5), {}, s.text(7)};
    if (!s.isNull(6)) j.finishedAt = s.text(6);
    jobs.push_back(std::move(j));
  }
  return jobs;
}

}  // namespace stf2m::store
