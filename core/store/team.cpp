#include "store/team.h"

#include "common/error.h"
#include "store/connection.h"
#include "store/postgres.h"
#include "store/project.h"
#include "store/schema.h"

namespace stf2m::store {

using detail::Connection;
using detail::Transaction;

namespace {

// The two roles, created once per server. NOLOGIN: people log in as their own roles, members of these.
constexpr const char* kRoles = R"SQL(
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stf2m_annotator') THEN CREATE ROLE stf2m_annotator NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stf2m_reviewer') THEN CREATE ROLE stf2m_reviewer NOLOGIN; END IF;
END $$;
)SQL";

// Rights, from nothing: PUBLIC loses what PostgreSQL gives it by default (connecting, temporary
// tables, creating in the schema), the roles get exactly what docs/team.md lists. Temporary tables
// are refused because the audit functions run as the owner: a table of the same name in pg_temp
// must never stand in for audit_log (they also name their search_path, below).
constexpr const char* kRights = R"SQL(
DO $$ BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO stf2m_annotator, stf2m_reviewer', current_database());
  EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO stf2m_annotator, stf2m_reviewer', current_schema());
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC, stf2m_annotator, stf2m_reviewer', current_schema());
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO stf2m_annotator, stf2m_reviewer', current_schema());
  EXECUTE format('GRANT SELECT, USAGE ON ALL SEQUENCES IN SCHEMA %I TO stf2m_annotator, stf2m_reviewer', current_schema());
END $$;
GRANT INSERT ON annotator TO stf2m_annotator, stf2m_reviewer;
GRANT INSERT, UPDATE, DELETE ON segment, trace TO stf2m_annotator;
GRANT INSERT, UPDATE, DELETE ON support_set, support_set_segment TO stf2m_annotator, stf2m_reviewer;
GRANT INSERT, UPDATE, DELETE ON subject, session, media_file, label_scheme, label_category, label_dimension,
  model, subject_model, prediction, analysis_job TO stf2m_reviewer;
DO $$ DECLARE f regprocedure; BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.prosecdef AND p.pronamespace = current_schema()::regnamespace LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
  END LOOP;
END $$;
)SQL";

// Row-level security: whose rows a role may write. The owner is exempt (it is not forced), so
// migrations and copies see every row. stf2m_self() is the annotator row of the login.
constexpr const char* kPolicies = R"SQL(
CREATE OR REPLACE FUNCTION stf2m_self() RETURNS bigint LANGUAGE sql STABLE AS
  $f$ SELECT id FROM annotator WHERE name = session_user $f$;
DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT unnest(ARRAY['annotator', 'segment', 'trace', 'support_set', 'support_set_segment']) LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS stf2m_read ON %I', t);
    EXECUTE format('CREATE POLICY stf2m_read ON %I FOR SELECT TO stf2m_annotator, stf2m_reviewer USING (true)', t);
    EXECUTE format('DROP POLICY IF EXISTS stf2m_own_insert ON %I', t);
    EXECUTE format('DROP POLICY IF EXISTS stf2m_own_update ON %I', t);
    EXECUTE format('DROP POLICY IF EXISTS stf2m_own_delete ON %I', t);
  END LOOP;
END $$;
CREATE POLICY stf2m_own_insert ON annotator FOR INSERT TO stf2m_annotator, stf2m_reviewer
  WITH CHECK (name = session_user);
DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT unnest(ARRAY['segment', 'trace']) LOOP
    EXECUTE format('CREATE POLICY stf2m_own_insert ON %I FOR INSERT TO stf2m_annotator WITH CHECK (annotator_id = stf2m_self())', t);
    EXECUTE format('CREATE POLICY stf2m_own_update ON %I FOR UPDATE TO stf2m_annotator '
                   'USING (annotator_id = stf2m_self()) WITH CHECK (annotator_id = stf2m_self())', t);
    EXECUTE format('CREATE POLICY stf2m_own_delete ON %I FOR DELETE TO stf2m_annotator USING (annotator_id = stf2m_self())', t);
  END LOOP;
END $$;
CREATE POLICY stf2m_own_insert ON support_set FOR INSERT TO stf2m_annotator, stf2m_reviewer
  WITH CHECK (chosen_by = stf2m_self());
CREATE POLICY stf2m_own_update ON support_set FOR UPDATE TO stf2m_annotator, stf2m_reviewer
  USING (chosen_by = stf2m_self()) WITH CHECK (chosen_by = stf2m_self());
CREATE POLICY stf2m_own_delete ON support_set FOR DELETE TO stf2m_annotator, stf2m_reviewer
  USING (chosen_by = stf2m_self());
CREATE POLICY stf2m_own_insert ON support_set_segment FOR INSERT TO stf2m_annotator, stf2m_reviewer
  WITH CHECK (support_set_id IN (SELECT id FROM support_set WHERE chosen_by = stf2m_self()));
CREATE POLICY stf2m_own_delete ON support_set_segment FOR DELETE TO stf2m_annotator, stf2m_reviewer
  USING (support_set_id IN (SELECT id FROM support_set WHERE chosen_by = stf2m_self()));
)SQL";

// "name" with embedded quotes doubled: an identifier PostgreSQL takes literally.
std::string quotedIdentifier(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void requireServer(const std::string& uri) {
  if (!detail::isPostgresUri(uri))
    throw Error(ErrorCode::InvalidArgument, uri,
                "team roles and row-level rights need a PostgreSQL server (postgresql://user@host[:port]/db); a project "
                "file belongs to one person");
}

}  // namespace

const char* teamRoleName(TeamRole role) { return role == TeamRole::Annotator ? "stf2m_annotator" : "stf2m_reviewer"; }

TeamRole parseTeamRole(const std::string& text) {
  if (text == "annotator") return TeamRole::Annotator;
  if (text == "reviewer") return TeamRole::Reviewer;
  throw Error(ErrorCode::InvalidArgument, text, "is not a team role; the roles are 'annotator' and 'reviewer'");
}

TeamInitResult initTeam(const std::string& uri, const std::string& projectName, const std::string& actor) {
  requireServer(uri);
  TeamInitResult result;
  {
    Connection probe(uri, false);
    result.createdProject = detail::schemaVersion(probe) == 0;
  }
  const Project project = result.createdProject ? Project::create(uri, projectName, actor) : Project::open(uri, actor);
  result.schemaVersion = project.schemaVersion();
  Connection db(uri, false);
  Transaction tx(db);
  db.exec(kRoles);
  db.exec(kRights);
  db.exec(kPolicies);
  tx.commit();
  return result;
}

void addTeamMember(const std::string& uri, const std::string& login, TeamRole role) {
  requireServer(uri);
  if (login.empty() || login.size() > 63)
    throw Error(ErrorCode::InvalidArgument, login, "a login name has 1 to 63 characters");
  Connection db(uri, false);
  Transaction tx(db);
  auto exists = db.prepare("SELECT 1 FROM pg_roles WHERE rolname = $1");
  exists.bind(1, login);
  if (!exists.step()) db.exec("CREATE ROLE " + quotedIdentifier(login) + " LOGIN");
  db.exec(std::string("GRANT ") + teamRoleName(role) + " TO " + quotedIdentifier(login));
  tx.commit();
}

}  // namespace stf2m::store
