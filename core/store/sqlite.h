#pragma once
// Internal to core/store: a project file through SQLite, behind ConnectionBackend (database.h),
// with the one path from an SQLite failure to a stf2m::Error naming the project file.
#include <memory>
#include <string>

#include "store/database.h"

namespace stf2m::store::detail {

// Opens an existing database file or creates it (readable by the owner only). Throws
// StorageFailure / FileUnreadable naming `path`.
std::unique_ptr<ConnectionBackend> openSqlite(const std::string& path, bool create);

// Registers stf2m_actor(), which the audit triggers of a project file call: it returns *actor.
// (On PostgreSQL the server's session_user is the actor.) `backend` must be an SQLite one.
void registerSqliteActor(ConnectionBackend& backend, const std::string* actor);

}  // namespace stf2m::store::detail
