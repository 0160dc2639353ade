#include "store/schema.h"

#include <string>

#include "common/error.h"
#include "store/sqlite.h"

namespace stf2m::store::detail {

namespace {

// Tables whose every change is written to audit_log by triggers, with their columns.
struct Audited {
  const char* table;
  std::vector<const char*> columns;
};

const std::vector<Audited>& auditedTablesV1() {
  static const std::vector<Audited> tables{
      {"project", {"name", "created_at", "app_version"}},
      {"subject", {"code", "notes"}},
      {"annotator", {"name", "role"}},
      {"session", {"subject_id", "name", "recorded_at", "notes"}},
      {"media_file", {"session_id", "path", "kind", "offset_s", "sha256", "size_bytes", "duration_s", "fps", "sample_rate"}},
      {"label_scheme", {"name", "kind", "description"}},
      {"label_category", {"scheme_id", "name", "color", "hotkey", "position"}},
      {"label_dimension", {"scheme_id", "name", "min_value", "max_value"}},
      {"segment", {"session_id", "scheme_id", "category_id", "annotator_id", "start_s", "end_s", "start_frame",
                   "end_frame", "confidence", "source", "created_at", "modified_at"}},
      {"trace", {"session_id", "dimension_id", "annotator_id", "sample_rate", "start_s", "sample_count", "created_at"}},
      {"support_set", {"subject_id", "name", "chosen_by", "created_at"}},
      {"support_set_segment", {"support_set_id", "segment_id"}},
      {"model", {"kind", "parent_id", "path", "sha256", "card", "created_at"}},
      {"prediction", {"session_id", "model_id", "window_start_s", "window_end_s", "view_count", "class_count", "created_at"}},
  };
  return tables;
}

std::string jsonOf(const Audited& t, const char* row) {
  std::string s = "json_object('id', " + std::string(row) + ".id";
  for (const char* c : t.columns) s += std::string(", '") + c + "', " + row + "." + c;
  return s + ")";
}

std::string auditTriggers(const Audited& t) {
  const std::string name = t.table;
  const std::string insert = "INSERT INTO audit_log(at, actor, table_name, row_id, action, before, after) VALUES (" 
                             "strftime('%Y-%m-%dT%H:%M:%fZ','now'), stf2m_actor(), '" + name + "', ";
  return "CREATE TRIGGER audit_" + name + "_insert AFTER INSERT ON " + name + " BEGIN " + insert +
         "NEW.id, 'insert', NULL, " + jsonOf(t, "NEW") + "); END;\n" +
         "CREATE TRIGGER audit_" + name + "_update AFTER UPDATE ON " + name + " BEGIN " + insert +
         "NEW.id, 'update', " + jsonOf(t, "OLD") + ", " + jsonOf(t, "NEW") + "); END;\n" +
         "CREATE TRIGGER audit_" + name + "_delete AFTER DELETE ON " + name + " BEGIN " + insert +
         "OLD.id, 'delete', " + jsonOf(t, "OLD") + ", NULL); END;\n";
}

// Ids are AUTOINCREMENT: a deleted row's id is never given to a new row, so the audit log's
// row_id names one row for the whole life of the project.
std::string buildV1() {
  std::string sql = R"SQL(
CREATE TABLE project (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  app_version TEXT NOT NULL);
CREATE TABLE subject (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  notes TEXT NOT NULL DEFAULT '');
CREATE TABLE annotator (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  role TEXT NOT NULL DEFAULT '');
CREATE TABLE session (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE RESTRICT,
  name TEXT NOT NULL CHECK (length(name) > 0),
  recorded_at TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  UNIQUE (subject_id, name));
CREATE TABLE media_file (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('video', 'audio', 'audio+video')),
  offset_s REAL NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size_bytes INTEGER NOT NULL,
  duration_s REAL NOT NULL,
  fps REAL NOT NULL DEFAULT 0,
  sample_rate INTEGER NOT NULL DEFAULT 0);
CREATE INDEX media_file_session ON media_file(session_id);
CREATE TABLE label_scheme (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('categorical', 'continuous')),
  description TEXT NOT NULL DEFAULT '');
CREATE TABLE label_category (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scheme_id INTEGER NOT NULL REFERENCES label_scheme(id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
  hotkey TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  UNIQUE (scheme_id, name));
CREATE TABLE label_dimension (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scheme_id INTEGER NOT NULL REFERENCES label_scheme(id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  min_value REAL NOT NULL,
  max_value REAL NOT NULL CHECK (max_value > min_value),
  UNIQUE (scheme_id, name));
CREATE TABLE segment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  scheme_id INTEGER NOT NULL REFERENCES label_scheme(id) ON DELETE RESTRICT,
  category_id INTEGER NOT NULL REFERENCES label_category(id) ON DELETE RESTRICT,
  annotator_id INTEGER NOT NULL REFERENCES annotator(id) ON DELETE RESTRICT,
  start_s REAL NOT NULL CHECK (start_s >= 0),
  end_s REAL NOT NULL CHECK (end_s > start_s),
  start_frame INTEGER NOT NULL CHECK (start_frame >= 0),
  end_frame INTEGER NOT NULL CHECK (end_frame >= start_frame),
  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  source TEXT NOT NULL CHECK (source IN ('human', 'model')),
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL);
CREATE INDEX segment_session_time ON segment(session_id, start_s);
CREATE TABLE trace (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  dimension_id INTEGER NOT NULL REFERENCES label_dimension(id) ON DELETE RESTRICT,
  annotator_id INTEGER NOT NULL REFERENCES annotator(id) ON DELETE RESTRICT,
  sample_rate REAL NOT NULL CHECK (sample_rate > 0),
  start_s REAL NOT NULL DEFAULT 0,
  sample_count INTEGER NOT NULL,
  samples BLOB NOT NULL CHECK (length(samples) = 4 * sample_count),
  created_at TEXT NOT NULL);
CREATE TABLE support_set (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  chosen_by INTEGER NOT NULL REFERENCES annotator(id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL);
CREATE TABLE support_set_segment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  support_set_id INTEGER NOT NULL REFERENCES support_set(id) ON DELETE CASCADE,
  segment_id INTEGER NOT NULL REFERENCES segment(id) ON DELETE RESTRICT,
  UNIQUE (support_set_id, segment_id));
CREATE TABLE model (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('meta', 'adapted')),
  parent_id INTEGER REFERENCES model(id) ON DELETE RESTRICT,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  card TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL);
CREATE TABLE prediction (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE RESTRICT,
  window_start_s REAL NOT NULL,
  window_end_s REAL NOT NULL CHECK (window_end_s > window_start_s),
  view_count INTEGER NOT NULL,
  class_count INTEGER NOT NULL,
  memberships BLOB NOT NULL,
  fused BLOB NOT NULL,
  created_at TEXT NOT NULL);
CREATE INDEX prediction_session ON prediction(session_id, model_id, window_start_s);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  before TEXT,
  after TEXT);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL";
  for (const auto& t : auditedTablesV1()) sql += auditTriggers(t);
  return sql;
}

// Version 2: what the Studio draws of an analysis besides the view probabilities: each view's
// low / medium / high memberships per class, its reliability (weight in the fused answer) and the
// window's confidence. NULL in rows stored before (the views show those as unknown).
const char* const kV2 = R"SQL(
ALTER TABLE prediction ADD COLUMN terms BLOB;
ALTER TABLE prediction ADD COLUMN reliability BLOB;
ALTER TABLE prediction ADD COLUMN confidence REAL;
)SQL";

// Version 3: each subject's model history. A row makes a model the subject's active model (the
// one its sessions are reviewed and exported with), with the support set it was adapted from;
// the newest row is the active one, so rolling back is a new row and the history stays whole.
std::string buildV3() {
  std::string sql = R"SQL(
CREATE TABLE subject_model (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE RESTRICT,
  support_set_id INTEGER REFERENCES support_set(id) ON DELETE RESTRICT,
  activated_by TEXT NOT NULL,
  activated_at TEXT NOT NULL);
CREATE INDEX subject_model_subject ON subject_model(subject_id, id);
)SQL";
  return sql + auditTriggers({"subject_model", {"subject_id", "model_id", "support_set_id", "activated_by", "activated_at"}});
}

// Version 4: what the rule inspector reads of each view: the firing strength of every fuzzy rule
// and the rule variables (the values the membership functions were evaluated at). NULL in rows
// stored before and for methods without rules.
const char* const kV4 = R"SQL(
ALTER TABLE prediction ADD COLUMN rule_firing BLOB;
ALTER TABLE prediction ADD COLUMN rule_inputs BLOB;
)SQL";

// Version 5: a trace is painted over and over in the Studio, so it records when it last changed
// (NULL until then); its audit entries carry that time, since the samples themselves are not
// copied into the log.
std::string buildV5() {
  std::string sql = R"SQL(
DROP TRIGGER audit_trace_insert;
DROP TRIGGER audit_trace_update;
DROP TRIGGER audit_trace_delete;
ALTER TABLE trace ADD COLUMN modified_at TEXT;
)SQL";
  return sql + auditTriggers({"trace", {"session_id", "dimension_id", "annotator_id", "sample_rate", "start_s",
                                        "sample_count", "created_at", "modified_at"}});
}

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> all{buildV1(), kV2, buildV3(), kV4, buildV5()};
  return all;
}

int readInt(Connection& c, const char* sql) {
  auto s = c.prepare(sql);
  return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

}  // namespace

int latestSchemaVersion() { return static_cast<int>(migrations().size()); }

const std::string& migrationSql(int version) {
  if (version < 1 || version > latestSchemaVersion())
    throw Error(ErrorCode::InvalidArgument, "schema", "no migration to version " + std::to_string(version));
  return migrations()[static_cast<size_t>(version - 1)];
}

void migrate(Connection& c) {
  for (;;) {
    Transaction tx(c);
    const int version = readInt(c, "PRAGMA user_version");
    if (version < 0)  // found by the project fuzz harness: the header's version is a signed integer
      throw Error(ErrorCode::CorruptData, c.path(),
                  "the project has schema version " + std::to_string(version) +
                      ", which no ST-F2M Studio writes: the file is damaged");
    if (version > latestSchemaVersion())
      throw Error(ErrorCode::ProjectTooNew, c.path(),
                  "the project has schema version " + std::to_string(version) + " but this build knows versions up to " +
                      std::to_string(latestSchemaVersion()) + "; open it with a newer ST-F2M Studio");
    if (version == latestSchemaVersion()) return;  // the transaction rolls back: nothing to do
    c.exec(migrationSql(version + 1));
    c.exec("PRAGMA user_version = " + std::to_string(version + 1));
    if (version == 0) c.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    tx.commit();
  }
}

}  // namespace stf2m::store::detail
