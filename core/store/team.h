#pragma once
// A project on a PostgreSQL server shared by a team (issue 23, docs/team.md). The server enforces
// who may do what, not the client:
//   - the owner: the role that runs `stf2m team init`; it owns the schema, runs migrations, copies
//     projects in and imports other people's annotations. The Studio never connects as it.
//   - stf2m_annotator: reads everything; creates, changes and deletes only its own segments,
//     traces and support sets (row-level security on the annotator's login name).
//   - stf2m_reviewer: reads everything; manages subjects, sessions, media and label schemes,
//     registers and adopts models, stores predictions (analysis machines connect as reviewers),
//     and chooses support sets of its own.
//   - nobody: updates, deletes or truncates the audit log, or writes it directly (its triggers run
//     as the owner and record the server's session_user).
// Login roles are members of one of the two roles (`stf2m team add`). Roles belong to the server,
// not to one database: a team server holds one team's projects.
#include <string>

namespace stf2m::store {

enum class TeamRole { Annotator, Reviewer };

// "stf2m_annotator" or "stf2m_reviewer".
const char* teamRoleName(TeamRole role);
// "annotator" / "reviewer" -> the role; InvalidArgument otherwise.
TeamRole parseTeamRole(const std::string& text);

struct TeamInitResult {
  bool createdProject = false;  // false: the database held a project already (migrated if needed)
  int schemaVersion = 0;
};

// Creates the project in an empty database of `uri` (or opens the one there), the two roles when
// the server has none yet, and the rights and row-level security policies. Run as the role that is
// to own the project (it needs CREATEROLE when the roles do not exist yet). Idempotent: run it
// again after an upgrade or a `project copy` into the database. InvalidArgument for a file.
TeamInitResult initTeam(const std::string& uri, const std::string& projectName, const std::string& actor);

// Makes `login` a member of `role`, creating it as a login role without password when missing
// (set one with psql's \password, or use the server's certificate or peer authentication).
void addTeamMember(const std::string& uri, const std::string& login, TeamRole role);

}  // namespace stf2m::store
