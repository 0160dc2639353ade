// The whole project as one JSON document, for archiving and for analysis outside the app. Each
// entity type is a top-level array holding the project's own ids, so references (a segment's
// scheme_id, category_id, annotator_id, session_id) resolve within the document. Predictions are
// listed per session and model (window count and extent); their values are exported per session
// (exportFrameCsv, the analysis outputs).
#include "common/json.h"
#include "common/file_io.h"
#include "interchange/interchange.h"
#include "interchange/text_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

Json optionalNumber(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json schemesJson(const store::Project& project) {
  Json out = Json::array();
  for (const auto& s : project.schemes()) {
    Json categories = Json::array(), dimensions = Json::array();
    for (const auto& c : s.categories)
      categories.push_back(
          {{"id", c.id}, {"name", c.name}, {"color", c.color}, {"hotkey", c.hotkey}, {"position", c.position}});
    for (const auto& d : s.dimensions)
      dimensions.push_back({{"id", d.id}, {"name", d.name}, {"min", d.min}, {"max", d.max}});
    out.push_back({{"id", s.id},
                   {"name", s.name},
                   {"kind", s.kind},
                   {"description", s.description},
                   {"categories", std::move(categories)},
                   {"dimensions", std::move(dimensions)}});
  }
  return out;
}

Json sessionsJson(const std::vector<store::Session>& sessions) {
  Json out = Json::array();
  for (const auto& s : sessions) {
    Json media = Json::array();
    for (const auto& m : s.media)
      media.push_back({{"id", m.id},
                       {"path", m.path},
                       {"kind", m.kind},
                       {"offset_s", m.offset},
                       {"sha256", m.sha256},
                       {"size_bytes", m.sizeBytes},
                       {"duration_s", m.duration},
                       {"fps", m.fps},
                       {"sample_rate", m.sampleRate}});
    out.push_back({{"id", s.id},
                   {"subject_id", s.subjectId},
                   {"name", s.name},
                   {"recorded_at", s.recordedAt},
                   {"notes", s.notes},
                   {"media", std::move(media)}});
  }
  return out;
}

Json segmentsJson(const store::Project& project, const std::vector<store::Session>& sessions) {
  Json out = Json::array();
  for (const auto& s : sessions)
    for (const auto& g : project.segments(s.id))
      out.push_back({{"id", g.id},
                     {"session_id", g.sessionId},
                     {"scheme_id", g.schemeId},
                     {"category_id", g.categoryId},
                     {"annotator_id", g.annotatorId},
                     {"start_s", g.start},
                     {"end_s", g.end},
                     {"start_frame", g.startFrame},
                     {"end_frame", g.endFrame},
                     {"confidence", optionalNumber(g.confidence)},
                     {"source", g.source},
                     {"created_at", g.createdAt},
                     {"modified_at", g.modifiedAt}});
  return out;
}

Json tracesJson(const store::Project& project, const std::vector<store::Session>& sessions) {
  Json out = Json::array();
  for (const auto& s : sessions)
    for (const auto& t : project.traces(s.id)) {
      Json values = Json::array();
      for (float v : t.values) values.push_back(static_cast<double>(v));
      out.push_back({{"id", t.id},
                     {"session_id", t.sessionId},
                     {"dimension_id", t.dimensionId},
                     {"annotator_id", t.annotatorId},
                     {"sample_rate", t.sampleRate},
                     {"start_s", t.start},
                     {"created_at", t.createdAt},
                     {"modified_at", t.modifiedAt.empty() ? Json(nullptr) : Json(t.modifiedAt)},
                     {"values", std::move(values)}});
    }
  return out;
}

Json optionalId(const std::optional<int64_t>& id) { return id ? Json(*id) : Json(nullptr); }

// Support sets and each subject's model history (newest first, as the store lists it).
void addSubjectData(const store::Project& project, Json& j) {
  Json sets = Json::array(), history = Json::array();
  for (const auto& subject : project.subjects()) {
    for (const auto& set : project.supportSets(subject.id)) {
      Json segments = Json::array();
      for (int64_t id : set.segmentIds) segments.push_back(id);
      sets.push_back({{"id", set.id},
                      {"subject_id", set.subjectId},
                      {"name", set.name},
                      {"chosen_by", set.chosenBy},
                      {"created_at", set.createdAt},
                      {"segment_ids", std::move(segments)}});
    }
    for (const auto& a : project.modelHistory(subject.id))
      history.push_back({{"id", a.id},
                         {"subject_id", a.subjectId},
                         {"model_id", a.modelId},
                         {"support_set_id", optionalId(a.supportSetId)},
                         {"activated_by", a.activatedBy},
                         {"activated_at", a.activatedAt}});
  }
  j["support_sets"] = std::move(sets);
  j["model_history"] = std::move(history);
}

// Registered models (their cards as JSON) and, per session, which models have predictions for it.
void addModelData(const store::Project& project, const std::vector<store::Session>& sessions, Json& j) {
  Json models = Json::array(), predictions = Json::array();
  for (const auto& m : project.models())
    models.push_back({{"id", m.id},
                      {"kind", m.kind},
                      {"parent_id", optionalId(m.parentId)},
                      {"path", m.path},
                      {"sha256", m.sha256},
                      {"card", m.card},
                      {"created_at", m.createdAt}});
  for (const auto& s : sessions)
    for (const auto& p : project.predictionSets(s.id))
      predictions.push_back({{"session_id", s.id},
                             {"model_id", p.modelId},
                             {"windows", p.windows},
                             {"end_s", p.end},
                             {"created_at", p.createdAt}});
  j["models"] = std::move(models);
  j["prediction_sets"] = std::move(predictions);
}

}  // namespace

std::string projectJson(const store::Project& project) {
  const std::vector<store::Session> sessions = project.sessions();
  Json j = {{"format", "stf2m-project-json"},
            {"format_version", 1},
            {"app_version", STF2M_VERSION},
            {"exported_at", utcTimestamp()},
            {"project", {{"name", project.name()}, {"schema_version", project.schemaVersion()}}}};
  Json subjects = Json::array(), annotators = Json::array();
  for (const auto& s : project.subjects()) subjects.push_back({{"id", s.id}, {"code", s.code}, {"notes", s.notes}});
  for (const auto& a : project.annotators()) annotators.push_back({{"id", a.id}, {"name", a.name}, {"role", a.role}});
  j["subjects"] = std::move(subjects);
  j["annotators"] = std::move(annotators);
  j["schemes"] = schemesJson(project);
  j["sessions"] = sessionsJson(sessions);
  j["segments"] = segmentsJson(project, sessions);
  j["traces"] = tracesJson(project, sessions);
  addSubjectData(project, j);
  addModelData(project, sessions, j);
  return dumpJson(j) + "\n";
}

void exportProjectJson(const store::Project& project, const std::string& path) {
  writeFileAtomically(path, projectJson(project));
}

}  // namespace stf2m::interchange
