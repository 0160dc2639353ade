#pragma once
// Internal to core/store: a project on a PostgreSQL server, through plain libpq (docs/team.md).
// Passwords come from libpq's own mechanisms (~/.pgpass, PGPASSWORD, a service file), never
// from our command line or logs: errors name the URI with any password taken out.
#include <memory>
#include <string>

#include "store/database.h"

struct pg_conn;  // libpq's PGconn

namespace stf2m::store::detail {

// True for "postgresql://..." and "postgres://..." (libpq's URI forms).
bool isPostgresUri(const std::string& text);

// The URI as it may be shown: "postgresql://user:secret@host/db?password=x" ->
// "postgresql://user@host/db".
std::string uriWithoutPassword(const std::string& uri);

// libpq's connection to `uri`, given up after `timeoutSeconds` when the server does not answer (a
// connect_timeout in the URI wins); check PQstatus.
::pg_conn* openPostgres(const std::string& uri, int timeoutSeconds);

// Connects; StorageFailure naming the URI (without password) when the server refuses or is
// unreachable.
std::unique_ptr<ConnectionBackend> connectPostgres(const std::string& uri);

}  // namespace stf2m::store::detail
