// Support sets, registered models and their predictions.
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "common/digest.h"
#include "store/project.h"
#include "store/project_impl.h"

namespace stf2m::store {

using detail::Transaction;

namespace {
std::vector<float> floatsOf(const std::vector<uint8_t>& bytes) {
  std::vector<float> v(bytes.size() / sizeof(float));
  if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
  return v;
}
}  // namespace

int64_t Project::addSupportSet(const SupportSet& set) {
  if (set.segmentIds.empty()) throw Error(ErrorCode::InvalidArgument, path(), "a support set needs at least one segment");
  int64_t id = 0;
  detail::retryingTransaction(impl_->db, [&] {
    id = impl_->db.prepare("INSERT INTO support_set(subject_id, name, chosen_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(1, set.subjectId).bind(2, set.name).bind(3, set.chosenBy).bind(4, utcNow()).runReturningId();
    // Every segment must belong to a session of this subject: a support set adapts to one person.
    auto owner = impl_->db.prepare("SELECT s.subject_id FROM segment g JOIN session s ON s.id = g.session_id WHERE g.id = $1");
    auto link = impl_->db.prepare("INSERT INTO support_set_segment(support_set_id, segment_id) VALUES ($1, $2)");
    for (int64_t segment : set.segmentIds) {
      owner.bind(1, segment);
      if (!owner.step()) throw Error(ErrorCode::NotFound, path(), "no segment with id " + std::to_string(segment));
      const int64_t subject = owner.int64(0);
      owner.reset();
      if (subject != set.subjectId)
        throw Error(ErrorCode::Conflict, path(), "segment " + std::to_string(segment) + " belongs to another subject");
      link.bind(1, id).bind(2, segment).run();
      link.reset();
    }
  }, false);
  return id;
}

std::vector<SupportSet> Project::supportSets(int64_t subjectId) const {
  std::vector<SupportSet> out;
  auto s = impl_->db.prepare(
      "SELECT id, subject_id, name, chosen_by, created_at, version FROM support_set WHERE subject_id = $1 ORDER BY id");
  s.bind(1, subjectId);
  while (s.step()) out.push_back({s.int64(0), s.int64(1), s.text(2), s.int64(3), {}, s.text(4), s.int64(5)});
  auto l = impl_->db.prepare("SELECT segment_id FROM support_set_segment WHERE support_set_id = $1 ORDER BY id");
  for (auto& set : out) {
    l.bind(1, set.id);
    while (l.step()) set.segmentIds.push_back(l.int64(0));
    l.reset();
  }
  return out;
}

void Project::deleteSupportSet(int64_t id, int64_t expectedVersion) {
  detail::retryingTransaction(impl_->db, [&] {
    auto used = impl_->db.prepare("SELECT model_id FROM subject_model WHERE support_set_id = $1 ORDER BY id LIMIT 1");
    used.bind(1, id);
    if (used.step())
      throw Error(ErrorCode::Conflict, path(),
                  "support set " + std::to_string(id) + " is what model " + std::to_string(used.int64(0)) +
                      " was adapted from; it stays with that model's history");
    impl_->db.prepare("DELETE FROM support_set WHERE id = $1 AND ($2 = 0 OR version = $2)").bind(1, id).bind(2, expectedVersion).run();
    if (impl_->db.changes() == 0) impl_->refuseUnchanged("support_set", "chosen_by", id, expectedVersion);
  }, false);
}

int64_t Project::registerModel(const ModelRecord& model) {
  if (model.kind != "meta" && model.kind != "adapted")
    throw Error(ErrorCode::InvalidArgument, path(), "model kind must be 'meta' or 'adapted', not '" + model.kind + "'");
  if (model.kind == "adapted" && !model.parentId)
    throw Error(ErrorCode::InvalidArgument, model.path, "an adapted model needs its parent meta-model");
  const std::string sha = sha256OfFile(model.path);
  Transaction tx(impl_->db);
  const int64_t id = impl_->db.prepare("INSERT INTO model(kind, parent_id, path, sha256, card, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
      .bind(1, model.kind).bind(2, model.parentId).bind(3, model.path).bind(4, sha)
      .bind(5, model.card.empty() ? std::string("{}") : model.card).bind(6, utcNow()).runReturningId();
  tx.commit();
  return id;
}

std::vector<ModelRecord> Project::models() const {
  std::vector<ModelRecord> out;
  auto s = impl_->db.prepare("SELECT id, kind, parent_id, path, sha256, card, created_at FROM model ORDER BY id");
  while (s.step()) {
    ModelRecord m{s.int64(0), s.text(1), {}, s.text(3), s.text(4), s.text(5), s.text(6)};
    if (!s.isNull(2)) m.parentId = s.int64(2);
    out.push_back(std::move(m));
  }
  return out;
}

int64_t Project::activateModel(int64_t subjectId, int64_t modelId, std::optional<int64_t> supportSetId,
                               std::optional<int64_t> seenActivation) {
  int64_t activation = 0;
  detail::retryingTransaction(impl_->db, [&] {
    auto exists = [&](const char* sql, int64_t id, const std::string& what) {
      auto s = impl_->db.prepare(sql);
      s.bind(1, id);
      if (!s.step()) throw Error(ErrorCode::NotFound, path(), "no " + what + " with id " + std::to_string(id));
      return s;
    };
    // On a server, the subject's row is locked until the commit, so two activations queue and the
    // second sees the first (SQLite's writers queue anyway).
    exists(impl_->db.dialect() == detail::Dialect::Postgres ? "SELECT id FROM subject WHERE id = $1 FOR UPDATE"
                                                            : "SELECT id FROM subject WHERE id = $1",
           subjectId, "subject");
    if (seenActivation) {
      auto current = impl_->db.prepare(
          "SELECT id, model_id, activated_by, activated_at FROM subject_model WHERE subject_id = $1 ORDER BY id DESC LIMIT 1");
      current.bind(1, subjectId);
      const int64_t now = current.step() ? current.int64(0) : 0;
      if (now != *seenActivation && now == 0)
        throw Error(ErrorCode::Conflict, path(), "subject " + std::to_string(subjectId) + " has no active model any more: reload");
      if (now != *seenActivation)
        throw Error(ErrorCode::Conflict, path(),
                    "the active model of subject " + std::to_string(subjectId) + " was changed by " + current.text(2) + " at " +
                        current.text(3) + " (to model " + std::to_string(current.int64(1)) + "): reload and choose again");
    }
    exists("SELECT id FROM model WHERE id = $1", modelId, "model");
    if (!supportSetId) {
      // A model made active again keeps the support set it was adapted from.
      auto earlier = impl_->db.prepare(
          "SELECT support_set_id FROM subject_model WHERE subject_id = $1 AND model_id = $2 AND support_set_id IS NOT NULL "
          "ORDER BY id DESC LIMIT 1");
      earlier.bind(1, subjectId).bind(2, modelId);
      if (earlier.step()) supportSetId = earlier.int64(0);
    }
    if (supportSetId) {
      auto s = exists("SELECT subject_id FROM support_set WHERE id = $1", *supportSetId, "support set");
      if (s.int64(0) != subjectId)
        throw Error(ErrorCode::Conflict, path(), "support set " + std::to_string(*supportSetId) + " belongs to another subject");
    }
    activation = impl_->db
        .prepare("INSERT INTO subject_model(subject_id, model_id, support_set_id, activated_by, activated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(1, subjectId).bind(2, modelId).bind(3, supportSetId).bind(4, actor()).bind(5, utcNow()).runReturningId();
  }, false);
  return activation;
}

std::vector<ModelActivation> Project::modelHistory(int64_t subjectId) const {
  std::vector<ModelActivation> out;
  auto s = impl_->db.prepare(
      "SELECT id, subject_id, model_id, support_set_id, activated_by, activated_at FROM subject_model "
      "WHERE subject_id = $1 ORDER BY id DESC");
  s.bind(1, subjectId);
  while (s.step()) {
    ModelActivation a{s.int64(0), s.int64(1), s.int64(2), {}, s.text(4), s.text(5)};
    if (!s.isNull(3)) a.supportSetId = s.int64(3);
    out.push_back(std::move(a));
  }
  return out;
}

std::optional<ModelActivation> Project::activeModel(int64_t subjectId) const {
  std::vector<ModelActivation> history = modelHistory(subjectId);
  if (history.empty()) return std::nullopt;
  return history.front();
}

namespace {

std::vector<int64_t> insertPredictions(detail::Connection& db, const std::string& path, const std::vector<Prediction>& predictions) {
  std::vector<int64_t> ids;
  const std::string now = utcNow();
  auto st = db.prepare(
      "INSERT INTO prediction(session_id, model_id, window_start_s, window_end_s, view_count, class_count, memberships, "
      "fused, created_at, terms, reliability, confidence, rule_firing, rule_inputs) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id");
  for (const Prediction& p : predictions) {
    if (p.viewCount < 1 || p.classCount < 1 ||
        p.memberships.size() != static_cast<size_t>(p.viewCount) * static_cast<size_t>(p.classCount) ||
        p.fused.size() != static_cast<size_t>(p.classCount))
      throw Error(ErrorCode::InvalidArgument, path, "a prediction's arrays do not match its view and class counts");
    if ((!p.terms.empty() && p.terms.size() != p.memberships.size() * 3) ||
        (!p.reliability.empty() && p.reliability.size() != static_cast<size_t>(p.viewCount)))
      throw Error(ErrorCode::InvalidArgument, path, "a prediction's terms or reliabilities do not match its view and class counts");
    if (p.ruleFiring.size() % size_t(p.viewCount) != 0 || p.ruleInputs.size() % size_t(p.viewCount) != 0)
      throw Error(ErrorCode::InvalidArgument, path, "a prediction's rule firing or rule inputs do not match its view count");
    if (!(p.windowEnd > p.windowStart) || !std::isfinite(p.windowStart) || !std::isfinite(p.windowEnd))
      throw Error(ErrorCode::InvalidArgument, path, "a prediction window needs start < end");
    st.bind(1, p.sessionId).bind(2, p.modelId).bind(3, p.windowStart).bind(4, p.windowEnd).bind(5, p.viewCount)
        .bind(6, p.classCount).bindBlob(7, p.memberships.data(), p.memberships.size() * sizeof(float))
        .bindBlob(8, p.fused.data(), p.fused.size() * sizeof(float)).bind(9, now);
    if (p.terms.empty()) st.bindNull(10);
    else st.bindBlob(10, p.terms.data(), p.terms.size() * sizeof(float));
    if (p.reliability.empty()) st.bindNull(11);
    else st.bindBlob(11, p.reliability.data(), p.reliability.size() * sizeof(float));
    if (std::isfinite(p.confidence)) st.bind(12, p.confidence);
    else st.bindNull(12);
    if (p.ruleFiring.empty()) st.bindNull(13);
    else st.bindBlob(13, p.ruleFiring.data(), p.ruleFiring.size() * sizeof(float));
    if (p.ruleInputs.empty()) st.bindNull(14);
    else st.bindBlob(14, p.ruleInputs.data(), p.ruleInputs.size() * sizeof(float));
    ids.push_back(st.runReturningId());
    st.reset();
  }
  return ids;
}

}  // namespace

std::vector<int64_t> Project::addPredictions(const std::vector<Prediction>& predictions) {
  std::vector<int64_t> ids;
  detail::retryingTransaction(impl_->db, [&] { ids = insertPredictions(impl_->db, path(), predictions); });
  return ids;
}

std::vector<int64_t> Project::Impl::replaceWindows(int64_t sessionId, int64_t modelId, const std::vector<Prediction>& predictions) {
  for (const Prediction& p : predictions)
    if (p.sessionId != sessionId || p.modelId != modelId)
      throw Error(ErrorCode::InvalidArgument, db.path(), "replacing predictions: every window must be of the same session and model");
  db.prepare("DELETE FROM prediction WHERE session_id = $1 AND model_id = $2").bind(1, sessionId).bind(2, modelId).run();
  return insertPredictions(db, db.path(), predictions);
}

std::vector<int64_t> Project::replacePredictions(int64_t sessionId, int64_t modelId,
                                                 const std::vector<Prediction>& predictions) {
  std::vector<int64_t> ids;
  detail::retryingTransaction(impl_->db, [&] { ids = impl_->replaceWindows(sessionId, modelId, predictions); });
  return ids;
}

std::vector<Prediction> Project::predictions(int64_t sessionId, int64_t modelId) const {
  std::vector<Prediction> out;
  auto s = impl_->db.prepare(
      "SELECT id, session_id, model_id, window_start_s, window_end_s, view_count, class_count, memberships, fused, "
      "created_at, terms, reliability, confidence, rule_firing, rule_inputs FROM prediction "
      "WHERE session_id = $1 AND model_id = $2 ORDER BY window_start_s, id");
  s.bind(1, sessionId).bind(2, modelId);
  while (s.step()) {
    Prediction p;
    p.id = s.int64(0);
    p.sessionId = s.int64(1);
    p.modelId = s.int64(2);
    p.windowStart = s.real(3);
    p.windowEnd = s.real(4);
    p.viewCount = static_cast<int>(s.int64(5));
    p.classCount = static_cast<int>(s.int64(6));
    p.memberships = floatsOf(s.blob(7));
    p.fused = floatsOf(s.blob(8));
    p.createdAt = s.text(9);
    p.terms = floatsOf(s.blob(10));
    p.reliability = floatsOf(s.blob(11));
    if (!s.isNull(12)) p.confidence = s.real(12);
    p.ruleFiring = floatsOf(s.blob(13));
    p.ruleInputs = floatsOf(s.blob(14));
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PredictionSet> Project::predictionSets(int64_t sessionId) const {
  std::vector<PredictionSet> out;
  auto s = impl_->db.prepare(
      "SELECT model_id, count(*), max(window_end_s), max(created_at) FROM prediction WHERE session_id = $1 "
      "GROUP BY model_id ORDER BY max(created_at) DESC, model_id DESC");
  s.bind(1, sessionId);
  while (s.step()) out.push_back({s.int64(0), static_cast<int>(s.int64(1)), s.real(2), s.text(3)});
  return out;
}

}  // namespace stf2m::store
