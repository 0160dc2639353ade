// The whole project as one JSON document, for archiving and for analysis outside the app. Each
// entity type is a top-level array holding the project's own ids, so references (a segment's
// scheme_id, category_id, annotator_id, session_id) resolve within the document.
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
                     {"values", std::move(values)}});
    }
  return out;
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
  return dumpJson(j) + "\n";
}

void exportProjectJson(const store::Project& project, const std::string& path) {
  writeFileAtomically(path, projectJson(project));
}

}  // namespace stf2m::interchange
