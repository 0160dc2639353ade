#include "store/schema.h"

#include <string>

#include "common/error.h"
#include "store/connection.h"

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

// Tables added or changed after version 1 (buildV3, buildV5).
Audited subjectModelAudit() { return {"subject_model", {"subject_id", "model_id", "support_set_id", "activated_by", "activated_at"}}; }
Audited traceAuditV5() {
  return {"trace", {"session_id", "dimension_id", "annotator_id", "sample_rate", "start_s", "sample_count", "created_at", "modified_at"}};
}

std::string jsonOf(const Audited& t, const char* row, Dialect d) {
  std::string s = std::string(d == Dialect::Sqlite ? "json_object" : "json_build_object") + "('id', " + row + ".id";
  for (const char* c : t.columns) s += std::string(", '") + c + "', " + row + "." + c;
  return s + (d == Dialect::Sqlite ? ")" : ")::text");
}

// SQLite: three triggers calling stf2m_actor() (the actor the application registered).
// PostgreSQL: one trigger function per table, run as its owner (SECURITY DEFINER, so the app's
// roles need no right on audit_log), recording the server's session_user.
std::string auditTriggers(const Audited& t, Dialect d) {
  const std::string name = t.table;
  if (d == Dialect::Postgres) {
    return "CREATE OR REPLACE FUNCTION audit_" + name + "() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $f$\n"
           "BEGIN\n"
           "  INSERT INTO audit_log(at, actor, table_name, row_id, action, before, after) VALUES (\n"
           "    to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), session_user, '" + name + "',\n"
           "    CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, lower(TG_OP),\n"
           "    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE " + jsonOf(t, "OLD", d) + " END,\n"
           "    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE " + jsonOf(t, "NEW", d) + " END);\n"
           "  RETURN NULL;\n"
           "END $f$;\n"
           "DROP TRIGGER IF EXISTS audit_" + name + " ON " + name + ";\n"
           "CREATE TRIGGER audit_" + name + " AFTER INSERT OR UPDATE OR DELETE ON " + name +
           " FOR EACH ROW EXECUTE FUNCTION audit_" + name + "();\n";
  }
  const std::string insert = "INSERT INTO audit_log(at, actor, table_name, row_id, action, before, after) VALUES ("
                             "strftime('%Y-%m-%dT%H:%M:%fZ','now'), stf2m_actor(), '" + name + "', ";
  return "CREATE TRIGGER audit_" + name + "_insert AFTER INSERT ON " + name + " BEGIN " + insert +
         "NEW.id, 'insert', NULL, " + jsonOf(t, "NEW", d) + "); END;\n" +
         "CREATE TRIGGER audit_" + name + "_update AFTER UPDATE ON " + name + " BEGIN " + insert +
         "NEW.id, 'update', " + jsonOf(t, "OLD", d) + ", " + jsonOf(t, "NEW", d) + "); END;\n" +
         "CREATE TRIGGER audit_" + name + "_delete AFTER DELETE ON " + name + " BEGIN " + insert +
         "OLD.id, 'delete', " + jsonOf(t, "OLD", d) + ", NULL); END;\n";
}

// The three statement-level triggers `prefix`_insert, _update and _delete of `table`, each running
// `function` over the statement's transition tables: new_rows (inserts and updates) and old_rows
// (deletes, and updates when `updatesSeeOld`).
std::string statementTriggers(const std::string& prefix, const std::string& table, const std::string& function,
                              bool updatesSeeOld) {
  const std::string run = " FOR EACH STATEMENT EXECUTE FUNCTION " + function + "();\n";
  return "CREATE TRIGGER " + prefix + "_insert AFTER INSERT ON " + table + " REFERENCING NEW TABLE AS new_rows" + run +
         "CREATE TRIGGER " + prefix + "_update AFTER UPDATE ON " + table + " REFERENCING " +
         (updatesSeeOld ? "OLD TABLE AS old_rows " : "") + "NEW TABLE AS new_rows" + run +
         "CREATE TRIGGER " + prefix + "_delete AFTER DELETE ON " + table + " REFERENCING OLD TABLE AS old_rows" + run;
}

// PostgreSQL from version 9: one trigger per table and operation, run once per statement over
// its transition tables (the rows it inserted, the rows before and after it updated, the rows it
// deleted), so a batch of rows is audited by one INSERT ... SELECT instead of a function call per
// row. Entries, their order (by row id) and their JSON are those of the row triggers before; the
// rows of one statement share its time.
std::string statementAuditTriggers(const Audited& t) {
  const std::string name = t.table;
  const std::string head = "INSERT INTO audit_log(at, actor, table_name, row_id, action, before, after) SELECT "
                           "stamp, session_user, '" + name + "', ";
  std::string sql = "CREATE OR REPLACE FUNCTION audit_" + name + "() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $f$\n"
                    "DECLARE stamp text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"');\n"
                    "BEGIN\n"
                    "  IF TG_OP = 'INSERT' THEN\n    " + head + "n.id, 'insert', NULL, " + jsonOf(t, "n", Dialect::Postgres) +
                    " FROM new_rows n ORDER BY n.id;\n"
                    "  ELSIF TG_OP = 'UPDATE' THEN\n    " + head + "n.id, 'update', " + jsonOf(t, "o", Dialect::Postgres) + ", " +
                    jsonOf(t, "n", Dialect::Postgres) + " FROM old_rows o JOIN new_rows n ON n.id = o.id ORDER BY n.id;\n"
                    "  ELSE\n    " + head + "o.id, 'delete', " + jsonOf(t, "o", Dialect::Postgres) +
                    ", NULL FROM old_rows o ORDER BY o.id;\n"
                    "  END IF;\n"
                    "  RETURN NULL;\n"
                    "END $f$;\n";
  return sql + statementTriggers("audit_" + name, name, "audit_" + name, true);
}

// The tables' SQL is written once, in SQLite's words; PostgreSQL's differ in a few fixed places.
std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

std::string inDialect(std::string sql, Dialect d) {
  if (d == Dialect::Sqlite) return sql;
  sql = replaceAll(sql, "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  sql = replaceAll(sql, " INTEGER", " BIGINT");
  sql = replaceAll(sql, " REAL", " DOUBLE PRECISION");
  sql = replaceAll(sql, " BLOB", " BYTEA");
  sql = replaceAll(sql, "color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'",
                   "color ~ '^#[0-9a-fA-F]{6}$'");
  sql = replaceAll(sql, "length(samples)", "octet_length(samples)");
  return sql;
}

// Ids are AUTOINCREMENT: a deleted row's id is never given to a new row, so the audit log's
// row_id names one row for the whole life of the project.
std::string buildV1(Dialect d) {
  std::string sql = inDialect(R"SQL(
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
)SQL", d);
  if (d == Dialect::Sqlite)
    sql += R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL";
  else  // TRUNCATE skips row triggers, so it has its own
    sql += R"SQL(
CREATE TABLE stf2m_schema (version BIGINT NOT NULL);
INSERT INTO stf2m_schema VALUES (0);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'integrity_constraint_violation'; END $f$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)SQL";
  for (const auto& t : auditedTablesV1()) sql += auditTriggers(t, d);
  return sql;
}

// Version 2: what the Studio draws of an analysis besides the view probabilities: each view's
// low / medium / high memberships per class, its reliability (weight in the fused answer) and the
// window's confidence. NULL in rows stored before (the views show those as unknown).
std::string buildV2(Dialect d) {
  return inDialect(R"SQL(
ALTER TABLE prediction ADD COLUMN terms BLOB;
ALTER TABLE prediction ADD COLUMN reliability BLOB;
ALTER TABLE prediction ADD COLUMN confidence REAL;
)SQL", d);
}

// Version 3: each subject's model history. A row makes a model the subject's active model (the
// one its sessions are reviewed and exported with), with the support set it was adapted from;
// the newest row is the active one, so rolling back is a new row and the history stays whole.
std::string buildV3(Dialect d) {
  std::string sql = inDialect(R"SQL(
CREATE TABLE subject_model (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE RESTRICT,
  support_set_id INTEGER REFERENCES support_set(id) ON DELETE RESTRICT,
  activated_by TEXT NOT NULL,
  activated_at TEXT NOT NULL);
CREATE INDEX subject_model_subject ON subject_model(subject_id, id);
)SQL", d);
  return sql + auditTriggers(subjectModelAudit(), d);
}

// Version 4: what the rule inspector reads of each view: the firing strength of every fuzzy rule
// and the rule variables (the values the membership functions were evaluated at). NULL in rows
// stored before and for methods without rules.
std::string buildV4(Dialect d) {
  return inDialect(R"SQL(
ALTER TABLE prediction ADD COLUMN rule_firing BLOB;
ALTER TABLE prediction ADD COLUMN rule_inputs BLOB;
)SQL", d);
}

// Version 5: a trace is painted over and over in the Studio, so it records when it last changed
// (NULL until then); its audit entries carry that time, since the samples themselves are not
// copied into the log.
std::string buildV5(Dialect d) {
  std::string sql = d == Dialect::Sqlite ? R"SQL(
DROP TRIGGER audit_trace_insert;
DROP TRIGGER audit_trace_update;
DROP TRIGGER audit_trace_delete;
)SQL" : "";  // PostgreSQL's one trigger function is replaced below
  sql += "ALTER TABLE trace ADD COLUMN modified_at TEXT;\n";
  return sql + auditTriggers(traceAuditV5(), d);
}

// Every audited table at the latest version, with the columns its triggers record.
std::vector<Audited> currentAuditedTables() {
  std::vector<Audited> tables;
  for (const Audited& t : auditedTablesV1()) tables.push_back(std::string(t.table) == "trace" ? traceAuditV5() : t);
  tables.push_back(subjectModelAudit());
  return tables;
}

// Version 6: row versions. Every change of a segment, trace or support set adds one to its
// version; a writer names the version it saw, and a write against a newer one is a Conflict that
// says who changed the row (issue 23: several annotators at once on a team server).
std::string buildV6(Dialect d) {
  return inDialect(R"SQL(
ALTER TABLE segment ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE trace ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE support_set ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX audit_log_row ON audit_log(table_name, row_id);
)SQL", d);
}

// The tables the change feed reports (buildV7).
const std::vector<const char*>& notifiedTables() {
  static const std::vector<const char*> tables{"subject", "session", "media_file", "segment",
                                               "trace", "support_set", "subject_model", "prediction"};
  return tables;
}

// Version 7: the change feed of a server (change_feed.h). Every change of a row that the Studio
// shows sends NOTIFY stf2m_changes with "table id session_id" (0 for rows without a session), ids
// only; a listener reads the rows itself, with its own rights. A file has no listeners: on SQLite
// the version only moves on.
std::string buildV7(Dialect d) {
  if (d == Dialect::Sqlite) return "SELECT 1;";
  std::string sql = R"SQL(
CREATE FUNCTION stf2m_notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE row_data jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  PERFORM pg_notify('stf2m_changes', TG_TABLE_NAME || ' ' || (row_data->>'id') || ' ' ||
                    COALESCE(row_data->>'session_id', CASE WHEN TG_TABLE_NAME = 'session' THEN row_data->>'id' END, '0'));
  RETURN NULL;
END $f$;
)SQL";
  for (const char* table : notifiedTables())
    sql += std::string("CREATE TRIGGER notify_") + table + " AFTER INSERT OR UPDATE OR DELETE ON " + table +
           " FOR EACH ROW EXECUTE FUNCTION stf2m_notify_change();\n";
  return sql;
}

// Version 8: analysis jobs (issue 23: several analysis machines on one project). A worker of
// `stf2m analyze --pending` claims a (session, model) pair for a lease, renews it while it works,
// and marks it done in the transaction that stores the predictions; a worker that dies leaves a
// claim that expires. Times are the database's own clock in seconds since 1970 (databaseNowSql), so
// machines whose clocks differ agree on when a claim expires. Not audited: the predictions it
// stores are; a job row is bookkeeping.
std::string buildV8(Dialect d) {
  return inDialect(R"SQL(
CREATE TABLE analysis_job (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('claimed', 'done', 'failed')),
  worker TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  expires_at REAL NOT NULL,
  finished_at TEXT,
  message TEXT NOT NULL DEFAULT '',
  UNIQUE (session_id, model_id));
)SQL", d);
}

// Version 9: on PostgreSQL the audit and the change feed run once per statement over its rows
// (statementAuditTriggers), not once per row: 100,000 segments in batches took 6.9 s with the row
// triggers against 1.9 s in a file (docs/team.md, "Figures"). A file keeps its row triggers.
std::string buildV9(Dialect d) {
  if (d == Dialect::Sqlite) return "SELECT 1;";
  std::string sql;
  for (const Audited& t : currentAuditedTables())
    sql += "DROP TRIGGER audit_" + std::string(t.table) + " ON " + t.table + ";\n" + statementAuditTriggers(t);
  // One function per table, naming its columns: to_jsonb of every row (version 7's generic way)
  // cost as much as the rest of the insert.
  sql += "DROP FUNCTION stf2m_notify_change() CASCADE;\n";
  for (const char* table : notifiedTables()) {
    const std::string t = table;
    const bool hasSession = t == "media_file" || t == "segment" || t == "trace" || t == "prediction";
    const std::string session = t == "session" ? "r.id" : hasSession ? "r.session_id" : "0";
    const std::string notify = "PERFORM pg_notify('stf2m_changes', '" + t + " ' || r.id || ' ' || " + session + ") FROM ";
    sql += "CREATE FUNCTION stf2m_notify_" + t + "() RETURNS trigger LANGUAGE plpgsql AS $f$\nBEGIN\n"
           "  IF TG_OP = 'DELETE' THEN " + notify + "old_rows r; ELSE " + notify + "new_rows r; END IF;\n"
           "  RETURN NULL;\nEND $f$;\n";
    sql += statementTriggers("notify_" + t, t, "stf2m_notify_" + t, false);
  }
  return sql;
}

const std::vector<std::string>& migrations(Dialect d) {
  static const std::vector<std::string> sqlite{buildV1(Dialect::Sqlite), buildV2(Dialect::Sqlite), buildV3(Dialect::Sqlite),
                                               buildV4(Dialect::Sqlite), buildV5(Dialect::Sqlite), buildV6(Dialect::Sqlite),
                                               buildV7(Dialect::Sqlite), buildV8(Dialect::Sqlite),
                                               buildV9(Dialect::Sqlite)};
  static const std::vector<std::string> postgres{buildV1(Dialect::Postgres), buildV2(Dialect::Postgres),
                                                 buildV3(Dialect::Postgres), buildV4(Dialect::Postgres),
                                                 buildV5(Dialect::Postgres), buildV6(Dialect::Postgres),
                                                 buildV7(Dialect::Postgres), buildV8(Dialect::Postgres),
                                                 buildV9(Dialect::Postgres)};
  return d == Dialect::Sqlite ? sqlite : postgres;
}

int readInt(Connection& c, const char* sql) {
  auto s = c.prepare(sql);
  return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

}  // namespace

std::string databaseNowSql(Dialect d) {
  return d == Dialect::Sqlite ? "((julianday('now') - 2440587.5) * 86400.0)" : "extract(epoch FROM clock_timestamp())::double precision";
}

int latestSchemaVersion() { return static_cast<int>(migrations(Dialect::Sqlite).size()); }

const std::string& migrationSql(int version, Dialect dialect) {
  if (version < 1 || version > latestSchemaVersion())
    throw Error(ErrorCode::InvalidArgument, "schema", "no migration to version " + std::to_string(version));
  return migrations(dialect)[static_cast<size_t>(version - 1)];
}

std::string auditTriggerSql(Dialect d) {
  std::string sql;
  for (const Audited& t : currentAuditedTables()) sql += d == Dialect::Postgres ? statementAuditTriggers(t) : auditTriggers(t, d);
  return sql;
}

std::string dropAuditTriggerSql(Dialect d) {
  std::string sql;
  for (const Audited& t : currentAuditedTables()) {
    const std::string name = t.table;
    for (const char* op : {"insert", "update", "delete"})
      sql += "DROP TRIGGER audit_" + name + "_" + op + (d == Dialect::Postgres ? " ON " + name : std::string()) + ";\n";
  }
  return sql;
}

int schemaVersion(Connection& c) {
  if (c.dialect() == Dialect::Sqlite) return readInt(c, "PRAGMA user_version");
  auto s = c.prepare("SELECT to_regclass('stf2m_schema') IS NOT NULL");
  if (!s.step() || s.text(0) != "t") return 0;
  return readInt(c, "SELECT version FROM stf2m_schema");
}

void migrate(Connection& c) {
  for (;;) {
    Transaction tx(c);
    const int version = schemaVersion(c);
    if (version < 0)  // found by the project fuzz harness: the header's version is a signed integer
      throw Error(ErrorCode::CorruptData, c.path(),
                  "the project has schema version " + std::to_string(version) +
                      ", which no ST-F2M Studio writes: the file is damaged");
    if (version > latestSchemaVersion())
      throw Error(ErrorCode::ProjectTooNew, c.path(),
                  "the project has schema version " + std::to_string(version) + " but this build knows versions up to " +
                      std::to_string(latestSchemaVersion()) + "; open it with a newer ST-F2M Studio");
    if (version == latestSchemaVersion()) return;  // the transaction rolls back: nothing to do
    c.exec(migrationSql(version + 1, c.dialect()));
    if (c.dialect() == Dialect::Sqlite) {
      c.exec("PRAGMA user_version = " + std::to_string(version + 1));
      if (version == 0) c.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    } else {
      c.exec("UPDATE stf2m_schema SET version = " + std::to_string(version + 1));
    }
    tx.commit();
  }
}

}  // namespace stf2m::store::detail
