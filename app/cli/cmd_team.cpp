// stf2m team ...: a project on a PostgreSQL server shared by a team (docs/team.md): its roles,
// rights and row-level security, and who is a member of which role.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "project_command.h"
#include "store/team.h"

namespace stf2m::cli {

namespace {

constexpr const char* kServerUriHelp =
    "the team's database: postgresql://user@host[:port]/db (password from ~/.pgpass or $PGPASSWORD)";

void addInit(CLI::App& team) {
  struct Options {
    ProjectTarget target;
    std::string name = "Untitled project";
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = team.add_subcommand(
      "init", "make a server database a team project: the project (if the database has none), the roles "
              "stf2m_annotator and stf2m_reviewer, their rights and row-level security; run it as the role that is to "
              "own the project, again after upgrades and copies");
  cmd->add_option("URI", o->target.path, kServerUriHelp)->required();
  cmd->add_option("--name", o->name, "the project's name, when one is created")->capture_default_str();
  cmd->callback([o] {
    const store::TeamInitResult r = store::initTeam(o->target.path, o->name, o->target.who());
    std::printf("%s project at %s (schema version %d); roles stf2m_annotator and stf2m_reviewer are in force\n",
                r.createdProject ? "created the" : "secured the", o->target.path.c_str(), r.schemaVersion);
  });
}

void addMember(CLI::App& team) {
  struct Options {
    std::string uri, login, role;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = team.add_subcommand(
      "add", "make a login a member of the team as annotator or reviewer (a new login has no password: set one with "
             "psql's \\password)");
  cmd->add_option("URI", o->uri, kServerUriHelp)->required();
  cmd->add_option("LOGIN", o->login, "the person's or machine's login role on the server")->required();
  cmd->add_option("--role", o->role, "annotator or reviewer")->required()->check(CLI::IsMember({"annotator", "reviewer"}));
  cmd->callback([o] {
    const store::TeamRole role = store::parseTeamRole(o->role);
    store::addTeamMember(o->uri, o->login, role);
    std::printf("%s is a member of %s\n", o->login.c_str(), store::teamRoleName(role));
  });
}

}  // namespace

void addTeamCommands(CLI::App& app) {
  CLI::App* team = app.add_subcommand("team", "a project on a PostgreSQL server shared by a team: roles and members");
  team->require_subcommand(1);
  addInit(*team);
  addMember(*team);
}

}  // namespace stf2m::cli
