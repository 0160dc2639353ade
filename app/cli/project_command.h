#pragma once
// What the stf2m project subcommands share: the project path argument and --actor.
#include <memory>
#include <string>

#include "commands.h"
#include "store/project.h"

namespace stf2m::cli {

// The help text of every argument or option that names a project.
inline constexpr const char* kProjectArgumentHelp =
    "the project: a file (.stf2m), or postgresql://user@host[:port]/db on a team server (password from "
    "~/.pgpass or $PGPASSWORD, never the command line)";

struct ProjectTarget {
  std::string path;
  std::string actor;  // --actor; empty: $STF2M_ACTOR, else the login name
  // Who the audit log names.
  std::string who() const;
  // The project, opened for `who()`; on a team server, losing and regaining the connection (a
  // server restart) is reported on stderr while the command waits for the server.
  store::Project open() const;
};

// Reports on stderr what a team server's connection goes through (ProjectTarget::open).
void reportConnectionEvents(store::Project& project);

// A project subcommand with its PROJECT argument and --actor option bound to `target`.
CLI::App* addProjectSubcommand(CLI::App& project, const std::string& name, const std::string& description,
                               ProjectTarget& target);

void addProjectInterchangeCommands(CLI::App& project);  // import, export, agreement

}  // namespace stf2m::cli
