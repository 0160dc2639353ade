// Label schemes, segments, traces and the audit log of a Project.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "common/error.h"
#include "store/project.h"
#include "store/project_impl.h"

namespace stf2m::store {

using detail::Transaction;

LabelScheme defaultEmotionScheme() {
  LabelScheme s;
  s.name = "emotion";
  s.kind = "categorical";
  s.description = "Fine-grained emotion categories (one per segment)";
  // Mnemonic single-letter hotkeys; colours distinguishable on light and dark timelines.
  const struct {
    const char* name;
    const char* color;
    const char* key;
  } items[] = {{"anger", "#d62728", "A"},        {"disgust", "#8c564b", "D"},      {"fear", "#9467bd", "F"},
               {"happiness", "#f2b701", "H"},    {"neutral", "#7f7f7f", "N"},      {"sadness", "#1f77b4", "S"},
               {"surprise", "#17becf", "U"},     {"contempt", "#bcbd22", "C"},     {"anxiety", "#e377c2", "X"},
               {"helplessness", "#393b79", "L"}, {"disappointment", "#ff7f0e", "P"}};
  int position = 0;
  for (const auto& it : items) s.categories.push_back({0, it.name, it.color, it.key, position++});
  return s;
}

LabelScheme defaultAffectScheme() {
  LabelScheme s;
  s.name = "affect";
  s.kind = "continuous";
  s.description = "Continuous valence and arousal";
  s.dimensions = {{0, "valence", -1.0, 1.0}, {0, "arousal", -1.0, 1.0}};
  return s;
}

int64_t Project::addScheme(const LabelScheme& scheme) {
  if (scheme.kind == "categorical" && scheme.categories.empty())
    throw Error(ErrorCode::InvalidArgument, path(), "categorical scheme '" + scheme.name + "' has no categories");
  if (scheme.kind == "continuous" && scheme.dimensions.empty())
    throw Error(ErrorCode::InvalidArgument, path(), "continuous scheme '" + scheme.name + "' has no dimensions");
  Transaction tx(impl_->db);
  const int64_t id = impl_->db.prepare("INSERT INTO label_scheme(name, kind, description) VALUES ($1, $2, $3) RETURNING id")
      .bind(1, scheme.name).bind(2, scheme.kind).bind(3, scheme.description).runReturningId();
  auto cat = impl_->db.prepare("INSERT INTO label_category(scheme_id, name, color, hotkey, position) VALUES ($1, $2, $3, $4, $5)");
  for (const Category& c : scheme.categories) {
    cat.bind(1, id).bind(2, c.name).bind(3, c.color).bind(4, c.hotkey).bind(5, c.position).run();
    cat.reset();
  }
  auto dim = impl_->db.prepare("INSERT INTO label_dimension(scheme_id, name, min_value, max_value) VALUES ($1, $2, $3, $4)");
  for (const Dimension& d : scheme.dimensions) {
    dim.bind(1, id).bind(2, d.name).bind(3, d.min).bind(4, d.max).run();
    dim.reset();
  }
  tx.commit();
  return id;
}

std::vector<LabelScheme> Project::schemes() const {
  std::vector<LabelScheme> out;
  std::map<int64_t, size_t> byId;
  auto s = impl_->db.prepare("SELECT id, name, kind, description FROM label_scheme ORDER BY id");
  while (s.step()) {
    byId[s.int64(0)] = out.size();
    out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), {}, {}});
  }
  auto c = impl_->db.prepare("SELECT scheme_id, id, name, color, hotkey, position FROM label_category ORDER BY scheme_id, position, id");
  while (c.step())
    if (auto it = byId.find(c.int64(0)); it != byId.end())
      out[it->second].categories.push_back({c.int64(1), c.text(2), c.text(3), c.text(4), static_cast<int>(c.int64(5))});
  auto d = impl_->db.prepare("SELECT scheme_id, id, name, min_value, max_value FROM label_dimension ORDER BY scheme_id, id");
  while (d.step())
    if (auto it = byId.find(d.int64(0)); it != byId.end())
      out[it->second].dimensions.push_back({d.int64(1), d.text(2), d.real(3), d.real(4)});
  return out;
}

int64_t Project::addCategory(int64_t schemeId, const Category& category) {
  Transaction tx(impl_->db);
  auto k = impl_->db.prepare("SELECT kind FROM label_scheme WHERE id = $1");
  k.bind(1, schemeId);
  if (!k.step()) throw Error(ErrorCode::NotFound, path(), "no label scheme with id " + std::to_string(schemeId));
  if (k.text(0) != "categorical")
    throw Error(ErrorCode::InvalidArgument, path(), "categories belong to categorical schemes only");
  const int64_t id = impl_->db.prepare("INSERT INTO label_category(scheme_id, name, color, hotkey, position) VALUES ($1, $2, $3, $4, $5) RETURNING id")
      .bind(1, schemeId).bind(2, category.name).bind(3, category.color).bind(4, category.hotkey).bind(5, category.position).runReturningId();
  tx.commit();
  return id;
}

LabelScheme Project::scheme(const std::string& name) const {
  for (auto& s : schemes())
    if (s.name == name) return s;
  throw Error(ErrorCode::NotFound, path(), "no label scheme named '" + name + "'");
}

// ---- segments -------------------------------------------------------------------------------------

// Constant-rate mapping through the session's first video file: the frame shown at session time
// t is floor((t - offset) * fps). For variable-frame-rate media this is an approximation; the
// seconds are the authoritative times.
int64_t Project::Impl::frameAt(int64_t sessionId, double t, bool lastShown) {
  auto s = db.prepare("SELECT offset_s, fps FROM media_file WHERE session_id = $1 AND fps > 0 ORDER BY id LIMIT 1");
  s.bind(1, sessionId);
  if (!s.step()) return 0;
  const double x = (t - s.real(0)) * s.real(1);
  const auto frame = static_cast<int64_t>(lastShown ? std::ceil(x - 1e-9) - 1 : std::floor(x + 1e-9));
  return std::max<int64_t>(0, frame);
}

void Project::Impl::checkSegment(const Segment& s) {
  if (!std::isfinite(s.start) || !std::isfinite(s.end) || s.start < 0 || s.end <= s.start) {
    char buf[120];
    std::snprintf(buf, sizeof buf, "a segment needs 0 <= start < end (got %.6f to %.6f s)", s.start, s.end);
    throw Error(ErrorCode::InvalidArgument, db.path(), buf);
  }
  if (s.source != "human" && s.source != "model")
    throw Error(ErrorCode::InvalidArgument, db.path(), "segment source must be 'human' or 'model', not '" + s.source + "'");
  // A category's scheme never changes and its id is never reused, so the map is read once and
  // again only for a category it does not know yet (one added since, by anyone): on a server
  // each read is a round trip of every edit.
  auto found = categorySchemes.find(s.categoryId);
  if (found == categorySchemes.end()) {
    categorySchemes.clear();
    auto c = db.prepare("SELECT id, scheme_id FROM label_category");
    while (c.step()) categorySchemes[c.int64(0)] = c.int64(1);
    found = categorySchemes.find(s.categoryId);
  }
  if (found == categorySchemes.end())
    throw Error(ErrorCode::NotFound, db.path(), "no label category with id " + std::to_string(s.categoryId));
  if (found->second != s.schemeId)
    throw Error(ErrorCode::Conflict, db.path(), "label category " + std::to_string(s.categoryId) +
                                                    " does not belong to scheme " + std::to_string(s.schemeId));
}

void Project::Impl::fillFrames(Segment& s) {
  if (s.startFrame < 0) s.startFrame = frameAt(s.sessionId, s.start, false);
  if (s.endFrame < 0) s.endFrame = std::max(s.startFrame, frameAt(s.sessionId, s.end, true));
}

namespace {
constexpr const char* kInsertSegment =
    "INSERT INTO segment(session_id, scheme_id, category_id, annotator_id, start_s, end_s, start_frame, end_frame, "
    "confidence, source, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";

// Binds $1..$10 (after `offset` earlier parameters).
void bindSegment(detail::Statement& st, const Segment& s, int offset = 0) {
  st.bind(offset + 1, s.sessionId).bind(offset + 2, s.schemeId).bind(offset + 3, s.categoryId).bind(offset + 4, s.annotatorId)
      .bind(offset + 5, s.start).bind(offset + 6, s.end).bind(offset + 7, s.startFrame).bind(offset + 8, s.endFrame)
      .bind(offset + 9, s.confidence).bind(offset + 10, s.source);
}

// On a server each statement is a round trip and its own parse and plan (about 0.3 ms here for a
// one-row INSERT with its triggers), so rows go in batches of one multi-row INSERT each.
constexpr size_t kServerBatch = 256;

std::string batchInsertSql(size_t rows) {
  std::string sql =
      "INSERT INTO segment(session_id, scheme_id, category_id, annotator_id, start_s, end_s, start_frame, end_frame, "
      "confidence, source, created_at, modified_at) VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 1; c <= 12; ++c) sql += (c > 1 ? ", $" : "$") + std::to_string(r * 12 + size_t(c));
    sql += ")";
  }
  return sql + " RETURNING id";
}
}  // namespace

int64_t Project::addSegment(Segment segment) { return addSegments({std::move(segment)}).front(); }

std::vector<int64_t> Project::addSegments(std::vector<Segment> segments) {
  std::vector<int64_t> ids;
  const std::string now = utcNow();
  detail::retryingTransaction(impl_->db, [&] {
    ids.clear();
    ids.reserve(segments.size());
    if (impl_->db.dialect() == detail::Dialect::Postgres) {
      for (size_t first = 0; first < segments.size(); first += kServerBatch) {
        const size_t n = std::min(kServerBatch, segments.size() - first);
        auto st = impl_->db.prepare(batchInsertSql(n));
        for (size_t r = 0; r < n; ++r) {
          Segment s = segments[first + r];
          impl_->checkSegment(s);
          impl_->fillFrames(s);
          const int offset = int(r * 12);
          bindSegment(st, s, offset);
          st.bind(offset + 11, now).bind(offset + 12, now);
        }
        // The identity is drawn row by row in VALUES order, so sorted ids are the rows' ids in order.
        std::vector<int64_t> batch;
        while (st.step()) batch.push_back(st.int64(0));
        if (batch.size() != n) throw Error(ErrorCode::Internal, path(), "a batch INSERT returned another number of ids");
        std::sort(batch.begin(), batch.end());
        ids.insert(ids.end(), batch.begin(), batch.end());
      }
      return;
    }
    auto st = impl_->db.prepare(kInsertSegment);
    for (Segment s : segments) {
      impl_->checkSegment(s);
      impl_->fillFrames(s);
      bindSegment(st, s);
      ids.push_back(st.bind(11, now).bind(12, now).runReturningId());
      st.reset();
    }
  });
  return ids;
}

int64_t Project::updateSegment(Segment segment) {
  impl_->checkSegment(segment);
  int64_t version = 0;
  detail::retryingTransaction(impl_->db, [&] {
    impl_->fillFrames(segment);
    auto st = impl_->db.prepare(
        "UPDATE segment SET session_id = $1, scheme_id = $2, category_id = $3, annotator_id = $4, start_s = $5, end_s = $6, "
        "start_frame = $7, end_frame = $8, confidence = $9, source = $10, modified_at = $11, version = version + 1 "
        "WHERE id = $12 AND ($13 = 0 OR version = $13) RETURNING version");
    bindSegment(st, segment);
    st.bind(11, utcNow()).bind(12, segment.id).bind(13, segment.version);
    if (!st.step()) impl_->refuseUnchanged("segment", "annotator_id", segment.id, segment.version);
    version = st.int64(0);
    st.reset();
  }, false);
  return version;
}

void Project::deleteSegment(int64_t id, int64_t expectedVersion) {
  detail::retryingTransaction(impl_->db, [&] {
    // Support sets are records of what a model learnt from: their segments stay.
    std::string sets;
    auto uses = impl_->db.prepare("SELECT support_set_id FROM support_set_segment WHERE segment_id = $1 ORDER BY support_set_id");
    uses.bind(1, id);
    while (uses.step()) sets += (sets.empty() ? "" : ", ") + std::to_string(uses.int64(0));
    if (!sets.empty())
      throw Error(ErrorCode::Conflict, path(),
                  "segment " + std::to_string(id) + " is in support set " + sets +
                      ", the record of what an adapted model learnt from; it cannot be deleted (relabel it, or label anew)");
    impl_->db.prepare("DELETE FROM segment WHERE id = $1 AND ($2 = 0 OR version = $2)").bind(1, id).bind(2, expectedVersion).run();
    if (impl_->db.changes() == 0) impl_->refuseUnchanged("segment", "annotator_id", id, expectedVersion);
  }, false);
}

std::vector<Segment> Project::segments(int64_t sessionId) const {
  std::vector<Segment> out;
  auto s = impl_->db.prepare(
      "SELECT id, session_id, scheme_id, category_id, annotator_id, start_s, end_s, start_frame, end_frame, confidence, "
      "source, created_at, modified_at, version FROM segment WHERE session_id = $1 ORDER BY start_s, id");
  s.bind(1, sessionId);
  while (s.step()) {
    Segment g;
    g.id = s.int64(0);
    g.sessionId = s.int64(1);
    g.schemeId = s.int64(2);
    g.categoryId = s.int64(3);
    g.annotatorId = s.int64(4);
    g.start = s.real(5);
    g.end = s.real(6);
    g.startFrame = s.int64(7);
    g.endFrame = s.int64(8);
    if (!s.isNull(9)) g.confidence = s.real(9);
    g.source = s.text(10);
    g.createdAt = s.text(11);
    g.modifiedAt = s.text(12);
    g.version = s.int64(13);
    out.push_back(std::move(g));
  }
  return out;
}

// ---- traces -----------------------------------------------------------------------------------------

namespace {
// The dimension's range, after checking the samples lie in it.
void checkTraceSamples(detail::Connection& db, const std::string& file, const Trace& trace) {
  if (!(trace.sampleRate > 0) || !std::isfinite(trace.sampleRate))
    throw Error(ErrorCode::InvalidArgument, file, "a trace needs a positive sample rate");
  if (!std::isfinite(trace.start)) throw Error(ErrorCode::InvalidArgument, file, "a trace needs a finite start time");
  auto d = db.prepare("SELECT min_value, max_value FROM label_dimension WHERE id = $1");
  d.bind(1, trace.dimensionId);
  if (!d.step()) throw Error(ErrorCode::NotFound, file, "no label dimension with id " + std::to_string(trace.dimensionId));
  const double lo = d.real(0), hi = d.real(1);
  for (size_t i = 0; i < trace.values.size(); ++i)
    if (!std::isfinite(trace.values[i]) || trace.values[i] < lo || trace.values[i] > hi)
      throw Error(ErrorCode::InvalidArgument, file,
                  "trace sample " + std::to_string(i) + " (" + std::to_string(trace.values[i]) + ") lies outside the dimension's range");
}
}  // namespace

int64_t Project::addTrace(const Trace& trace) {
  int64_t id = 0;
  detail::retryingTransaction(impl_->db, [&] {
    checkTraceSamples(impl_->db, path(), trace);
    id = impl_->db
        .prepare("INSERT INTO trace(session_id, dimension_id, annotator_id, sample_rate, start_s, sample_count, samples, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(1, trace.sessionId).bind(2, trace.dimensionId).bind(3, trace.annotatorId).bind(4, trace.sampleRate)
        .bind(5, trace.start).bind(6, static_cast<int64_t>(trace.values.size()))
        .bindBlob(7, trace.values.data(), trace.values.size() * sizeof(float)).bind(8, utcNow()).runReturningId();
  }, false);
  return id;
}

int64_t Project::updateTrace(const Trace& trace) {
  int64_t version = 0;
  detail::retryingTransaction(impl_->db, [&] {
    auto stored = impl_->db.prepare("SELECT dimension_id FROM trace WHERE id = $1");
    stored.bind(1, trace.id);
    if (!stored.step()) impl_->refuseUnchanged("trace", "annotator_id", trace.id, trace.version);
    Trace checked = trace;
    checked.dimensionId = stored.int64(0);
    checkTraceSamples(impl_->db, path(), checked);
    auto st = impl_->db.prepare(
        "UPDATE trace SET sample_rate = $1, start_s = $2, sample_count = $3, samples = $4, modified_at = $5, "
        "version = version + 1 WHERE id = $6 AND ($7 = 0 OR version = $7) RETURNING version");
    st.bind(1, trace.sampleRate).bind(2, trace.start).bind(3, static_cast<int64_t>(trace.values.size()))
        .bindBlob(4, trace.values.data(), trace.values.size() * sizeof(float)).bind(5, utcNow()).bind(6, trace.id)
        .bind(7, trace.version);
    if (!st.step()) impl_->refuseUnchanged("trace", "annotator_id", trace.id, trace.version);
    version = st.int64(0);
    st.reset();
  }, false);
  return version;
}

void Project::deleteTrace(int64_t id, int64_t expectedVersion) {
  detail::retryingTransaction(impl_->db, [&] {
    impl_->db.prepare("DELETE FROM trace WHERE id = $1 AND ($2 = 0 OR version = $2)").bind(1, id).bind(2, expectedVersion).run();
    if (impl_->db.changes() == 0) impl_->refuseUnchanged("trace", "annotator_id", id, expectedVersion);
  }, false);
}

std::vector<Trace> Project::traces(int64_t sessionId) const {
  std::vector<Trace> out;
  auto s = impl_->db.prepare(
      "SELECT id, session_id, dimension_id, annotator_id, sample_rate, start_s, samples, created_at, modified_at, version FROM trace "
      "WHERE session_id = $1 ORDER BY id");
  s.bind(1, sessionId);
  while (s.step()) {
    Trace t;
    t.id = s.int64(0);
    t.sessionId = s.int64(1);
    t.dimensionId = s.int64(2);
    t.annotatorId = s.int64(3);
    t.sampleRate = s.real(4);
    t.start = s.real(5);
    const std::vector<uint8_t> bytes = s.blob(6);
    t.values.resize(bytes.size() / sizeof(float));
    if (!bytes.empty()) std::memcpy(t.values.data(), bytes.data(), t.values.size() * sizeof(float));
    t.createdAt = s.text(7);
    if (!s.isNull(8)) t.modifiedAt = s.text(8);
    t.version = s.int64(9);
    out.push_back(std::move(t));
  }
  return out;
}

// ---- audit ------------------------------------------------------------------------------------------

std::vector<AuditEntry> Project::audit(int limit, const std::string& table) const {
  std::vector<AuditEntry> out;
  auto s = impl_->db.prepare(
      "SELECT id, at, actor, table_name, row_id, action, before, after FROM audit_log "
      "WHERE ($1 = '' OR table_name = $1) ORDER BY id DESC LIMIT $2");
  s.bind(1, table).bind(2, static_cast<int64_t>(limit));
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.int64(4), s.text(5), s.text(6), s.text(7)});
  return out;
}

}  // namespace stf2m::store
