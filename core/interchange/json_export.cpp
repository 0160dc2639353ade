// The whole project as one JSON document, for archiving and for analysis outside the app. Each
// entity type is a top-level array holding the project's own ids, so references (a segment's
// scheme_id, category_id, annotator_id, session_id) resolve within the document.
#include "common/json_writer.h"
#include "common/file_io.h"
#include "interchange/interchange.h"
#include "interchange/text_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

void writeOptional(JsonWriter& j, const std::optional<double>& v) {
  if (v)
    j.value(*v);
  else
    j.null();
}

void writeSchemes(JsonWriter& j, const store::Project& project) {
  j.key("schemes").beginArray();
  for (const auto& s : project.schemes()) {
    j.beginObject().key("id").value(s.id).key("name").value(s.name).key("kind").value(s.kind);
    j.key("description").value(s.description).key("categories").beginArray();
    for (const auto& c : s.categories)
      j.beginObject().key("id").value(c.id).key("name").value(c.name).key("color").value(c.color)
          .key("hotkey").value(c.hotkey).key("position").value(c.position).endObject();
    j.endArray().key("dimensions").beginArray();
    for (const auto& d : s.dimensions)
      j.beginObject().key("id").value(d.id).key("name").value(d.name).key("min").value(d.min)
          .key("max").value(d.max).endObject();
    j.endArray().endObject();
  }
  j.endArray();
}

void writeSessions(JsonWriter& j, const std::vector<store::Session>& sessions) {
  j.key("sessions").beginArray();
  for (const auto& s : sessions) {
    j.beginObject().key("id").value(s.id).key("subject_id").value(s.subjectId).key("name").value(s.name);
    j.key("recorded_at").value(s.recordedAt).key("notes").value(s.notes).key("media").beginArray();
    for (const auto& m : s.media)
      j.beginObject().key("id").value(m.id).key("path").value(m.path).key("kind").value(m.kind)
          .key("offset_s").value(m.offset).key("sha256").value(m.sha256).key("size_bytes").value(m.sizeBytes)
          .key("duration_s").value(m.duration).key("fps").value(m.fps).key("sample_rate").value(m.sampleRate)
          .endObject();
    j.endArray().endObject();
  }
  j.endArray();
}

void writeSegmentsAndTraces(JsonWriter& j, const store::Project& project, const std::vector<store::Session>& sessions) {
  j.key("segments").beginArray();
  for (const auto& s : sessions)
    for (const auto& g : project.segments(s.id)) {
      j.beginObject().key("id").value(g.id).key("session_id").value(g.sessionId).key("scheme_id").value(g.schemeId)
          .key("category_id").value(g.categoryId).key("annotator_id").value(g.annotatorId)
          .key("start_s").value(g.start).key("end_s").value(g.end)
          .key("start_frame").value(g.startFrame).key("end_frame").value(g.endFrame).key("confidence");
      writeOptional(j, g.confidence);
      j.key("source").value(g.source).key("created_at").value(g.createdAt).key("modified_at").value(g.modifiedAt)
          .endObject();
    }
  j.endArray();
  j.key("traces").beginArray();
  for (const auto& s : sessions)
    for (const auto& t : project.traces(s.id)) {
      j.beginObject().key("id").value(t.id).key("session_id").value(t.sessionId).key("dimension_id").value(t.dimensionId)
          .key("annotator_id").value(t.annotatorId).key("sample_rate").value(t.sampleRate).key("start_s").value(t.start)
          .key("created_at").value(t.createdAt).key("values").beginArray();
      for (float v : t.values) j.value(static_cast<double>(v));
      j.endArray().endObject();
    }
  j.endArray();
}

}  // namespace

std::string projectJson(const store::Project& project) {
  const std::vector<store::Session> sessions = project.sessions();
  JsonWriter j(true);
  j.beginObject().key("format").value("stf2m-project-json").key("format_version").value(1);
  j.key("app_version").value(STF2M_VERSION).key("exported_at").value(utcTimestamp());
  j.key("project").beginObject().key("name").value(project.name()).key("schema_version").value(project.schemaVersion())
      .endObject();
  j.key("subjects").beginArray();
  for (const auto& s : project.subjects())
    j.beginObject().key("id").value(s.id).key("code").value(s.code).key("notes").value(s.notes).endObject();
  j.endArray();
  j.key("annotators").beginArray();
  for (const auto& a : project.annotators())
    j.beginObject().key("id").value(a.id).key("name").value(a.name).key("role").value(a.role).endObject();
  j.endArray();
  writeSchemes(j, project);
  writeSessions(j, sessions);
  writeSegmentsAndTraces(j, project, sessions);
  j.endObject();
  return j.str() + "\n";
}

void exportProjectJson(const store::Project& project, const std::string& path) {
  writeFileAtomically(path, projectJson(project));
}

}  // namespace stf2m::interchange
