// Project::copy: a whole project from one place to another, between SQLite and PostgreSQL in
// either direction (issue 23, docs/team.md "Copying a project in and out").
//
// The copy is made table by table in foreign-key order, each row with its own id, read from the
// source in pages of ids (bounded memory on both backends). The destination's audit triggers are
// dropped for the copy and created again before its commit, so its audit log is the source's,
// entry for entry, and not a second record of every row. Column lists and types come from the
// destination's own schema (both ends are at the latest version), so a column added by a future
// migration is copied without a change here; a table this file does not know stops the copy.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "store/project.h"
#include "store/project_impl.h"
#include "store/schema.h"

namespace stf2m::store {

using detail::Connection;
using detail::Dialect;
using detail::Statement;
using detail::Transaction;

namespace {

// Every table of a project in an order in which references point backwards (model.parent_id
// points to a smaller id of its own table, so id order serves it).
const std::vector<std::string>& tablesInOrder() {
  static const std::vector<std::string> tables{
      "project",        "subject", "annotator", "session",     "media_file",          "label_scheme",
      "label_category", "label_dimension", "segment", "trace", "support_set", "support_set_segment",
      "model",          "subject_model", "prediction", "analysis_job", "audit_log"};
  return tables;
}

enum class Kind { Integer, Real, Text, Blob };

struct Column {
  std::string name;
  Kind kind;
};

Kind kindOf(const std::string& declared, const std::string& table, const std::string& column) {
  std::string t = declared;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (t == "integer" || t == "bigint") return Kind::Integer;
  if (t == "real" || t == "double precision") return Kind::Real;
  if (t == "text") return Kind::Text;
  if (t == "blob" || t == "bytea") return Kind::Blob;
  throw Error(ErrorCode::Internal, table, "column " + column + " has type '" + declared + "', which a project copy does not know");
}

std::vector<Column> columnsOf(Connection& db, const std::string& table) {
  auto s = db.prepare(db.dialect() == Dialect::Sqlite
                          ? "SELECT name, type FROM pragma_table_info($1) ORDER BY cid"
                          : "SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position");
  s.bind(1, table);
  std::vector<Column> columns;
  while (s.step()) columns.push_back({s.text(0), kindOf(s.text(1), table, s.text(0))});
  if (columns.empty()) throw Error(ErrorCode::Internal, db.path(), "has no table " + table);
  return columns;
}

// The project's tables, besides the backends' own bookkeeping.
std::set<std::string> tablesOf(Connection& db) {
  auto s = db.prepare(db.dialect() == Dialect::Sqlite
                          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                          : "SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  std::set<std::string> tables;
  while (s.step()) tables.insert(s.text(0));
  tables.erase("stf2m_schema");  // PostgreSQL's schema version (SQLite keeps it in the header)
  return tables;
}

// The last id the table's counter gave out (0: none), which may be above every id still present.
int64_t lastIssuedId(Connection& db, const std::string& table) {
  auto s = db.prepare(db.dialect() == Dialect::Sqlite
                          ? "SELECT seq FROM sqlite_sequence WHERE name = $1"
                          : "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass)");
  s.bind(1, table);
  return s.step() && !s.isNull(0) ? s.int64(0) : 0;
}

void setLastIssuedId(Connection& db, const std::string& table, int64_t id) {
  if (id <= 0) return;
  if (db.dialect() == Dialect::Postgres) {
    auto s = db.prepare("SELECT setval(pg_get_serial_sequence($1, 'id')::regclass, $2)");
    s.bind(1, table).bind(2, id);
    while (s.step()) {
    }
    return;
  }
  db.prepare("UPDATE sqlite_sequence SET seq = $2 WHERE name = $1").bind(1, table).bind(2, id).run();
  if (db.changes() == 0) db.prepare("INSERT INTO sqlite_sequence(name, seq) VALUES ($1, $2)").bind(1, table).bind(2, id).run();
}

void copyValue(Statement& from, int col, const Column& c, Statement& to) {
  const int param = col + 1;
  if (from.isNull(col)) {
    to.bindNull(param);
    return;
  }
  switch (c.kind) {
    case Kind::Integer: to.bind(param, from.int64(col)); break;
    case Kind::Real: to.bind(param, from.real(col)); break;
    case Kind::Text: to.bind(param, from.text(col)); break;
    case Kind::Blob: {
      const std::vector<uint8_t> bytes = from.blob(col);
      to.bindBlob(param, bytes.data(), bytes.size());
      break;
    }
  }
}

int64_t copyTable(Connection& src, Connection& dst, const std::string& table, const CancelToken* cancel) {
  const std::vector<Column> columns = columnsOf(dst, table);
  std::string names, params;
  for (size_t i = 0; i < columns.size(); ++i) {
    names += (i ? ", " : "") + columns[i].name;
    params += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  constexpr int kPage = 512;
  auto read = src.prepare("SELECT " + names + " FROM " + table + " WHERE id > $1 ORDER BY id LIMIT " + std::to_string(kPage));
  auto write = dst.prepare("INSERT INTO " + table + "(" + names + ") VALUES (" + params + ")");
  const size_t idColumn = size_t(std::find_if(columns.begin(), columns.end(), [](const Column& c) { return c.name == "id"; }) -
                                 columns.begin());
  if (idColumn == columns.size()) throw Error(ErrorCode::Internal, table, "has no id column to copy it by");
  int64_t after = 0, rows = 0;
  for (bool more = true; more;) {
    throwIfCancelled(cancel, src.path().c_str());
    read.reset();
    read.bind(1, after);
    int inPage = 0;
    while (read.step()) {
      for (size_t i = 0; i < columns.size(); ++i) copyValue(read, int(i), columns[i], write);
      write.run();
      write.reset();
      after = read.int64(int(idColumn));
      ++inPage;
    }
    rows += inPage;
    more = inPage == kPage;
  }
  setLastIssuedId(dst, table, lastIssuedId(src, table));
  return rows;
}

}  // namespace

std::vector<Project::CopiedTable> Project::copy(const std::string& source, const std::string& destination,
                                                const std::string& actor, const CancelToken* cancel) {
  Project from = open(source, actor);  // checks the source is a project, at the latest schema
  Connection& src = from.impl_->db;
  auto to = createEmpty(destination, actor);
  std::vector<CopiedTable> copied;
  try {
    Connection& dst = to->db;
    Transaction snapshot(src, true);  // one consistent view of the source; never committed
    Transaction tx(dst);
    detail::migrate(dst);  // savepoints inside the copy's transaction
    const std::vector<std::string>& known = tablesInOrder();
    for (const std::string& table : tablesOf(dst))
      if (std::find(known.begin(), known.end(), table) == known.end())
        throw Error(ErrorCode::Internal, dst.path(), "has a table " + table + " that the project copy does not know");
    dst.exec(detail::dropAuditTriggerSql(dst.dialect()));
    for (const std::string& table : known) copied.push_back({table, copyTable(src, dst, table, cancel)});
    dst.exec(detail::auditTriggerSql(dst.dialect()));
    tx.commit();
  } catch (...) {
    discardHalfMade(to, destination);
    throw;
  }
  return copied;
}

}  // namespace stf2m::store
