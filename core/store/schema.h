#pragma once
// The project database schema and its migrations. Version n is PRAGMA user_version = n; every
// migration runs in one transaction, so a project is always at exactly one schema version.
#include <string>
#include <vector>

#include "store/database.h"

namespace stf2m::store::detail {

class Connection;

// PRAGMA application_id of every ST-F2M project ("STF2" in ASCII); a SQLite file without it is
// someone else's database and is never modified.
constexpr int kApplicationId = 0x53544632;

int latestSchemaVersion();

// The SQL that takes a database from version v-1 to v (v >= 1). Exposed so tests can build a
// project at any earlier version and check that it migrates.
const std::string& migrationSql(int version, Dialect dialect = Dialect::Sqlite);

// The triggers that write every change of the audited tables to audit_log, at the latest version,
// and the statements that drop them: a project copy (project_copy.cpp) stores the source's rows
// and audit log as they are, without the copy itself being audited row by row.
std::string auditTriggerSql(Dialect dialect);
std::string dropAuditTriggerSql(Dialect dialect);

// An SQL expression for the database's own clock, in seconds since 1970 (UTC): what every machine
// of a team agrees on, whatever its own clock says.
std::string databaseNowSql(Dialect dialect);

// The schema version the database is at (0: empty).
int schemaVersion(Connection& c);

// Brings `c` from its current version to the latest, one transaction per step.
void migrate(Connection& c);

}  // namespace stf2m::store::detail
