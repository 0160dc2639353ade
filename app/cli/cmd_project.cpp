// stf2m project ...: the project store without the GUI (interchange and agreement in
// cmd_project_interchange.cpp).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json.h"
#include "project_command.h"
#include "store/project.h"

namespace stf2m::cli {

std::string ProjectTarget::who() const {
  if (!actor.empty()) return actor;
  for (const char* var : {"STF2M_ACTOR", "USER", "LOGNAME"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "unknown";
}

void reportConnectionEvents(store::Project& project) {
  constexpr double kWaitSeconds = 30;
  project.setReconnection(kWaitSeconds, [name = project.path()](store::ConnectionEvent event, const std::string& detail) {
    if (event == store::ConnectionEvent::Lost)
      std::fprintf(stderr, "warning: %s: lost the connection to the server (%s); connecting again, for up to %.0f s\n",
                   name.c_str(), detail.c_str(), kWaitSeconds);
    else
      std::fprintf(stderr, "%s: connected again %s\n", name.c_str(), detail.c_str());
  });
}

store::Project ProjectTarget::open() const {
  store::Project project = store::Project::open(path, who());
  reportConnectionEvents(project);
  return project;
}

CLI::App* addProjectSubcommand(CLI::App& project, const std::string& name, const std::string& description,
                               ProjectTarget& target) {
  CLI::App* cmd = project.add_subcommand(name, description);
  cmd->add_option("PROJECT", target.path, kProjectArgumentHelp)->required();
  cmd->add_option("--actor", target.actor, "who the audit log names (default: $STF2M_ACTOR, else the login name)");
  return cmd;
}

namespace {

void addInit(CLI::App& project) {
  struct Options {
    ProjectTarget target;
    std::string name = "Untitled project";
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = addProjectSubcommand(project, "init", "create a project: a new file (owner-only permissions), or the schema in an empty server database", o->target);
  cmd->add_option("--name", o->name, "the project's name")->capture_default_str();
  cmd->callback([o] {
    store::Project p = store::Project::create(o->target.path, o->name, o->target.who());
    std::printf("created project '%s' at %s (schema version %d)\n", p.name().c_str(), p.path().c_str(), p.schemaVersion());
  });
}

struct AddSessionOptions {
  ProjectTarget target;
  std::string subject, name, recorded, notes;
  std::vector<std::string> media;
  std::vector<double> offsets;
};

// Each --offset belongs to the --media before it; media without one start at 0.
std::vector<store::Project::MediaSpec> mediaWithOffsets(const AddSessionOptions& o, const CLI::App& cmd) {
  std::vector<store::Project::MediaSpec> specs;
  size_t nextMedia = 0, nextOffset = 0;
  bool offsetGiven = false;
  for (const CLI::Option* opt : cmd.parse_order()) {
    if (opt->get_name() == "--media") {
      specs.push_back({o.media.at(nextMedia++), 0.0});
      offsetGiven = false;
    } else if (opt->get_name() == "--offset") {
      if (specs.empty()) throw UsageError("--offset must follow a --media");
      if (offsetGiven) throw UsageError("--media " + specs.back().path + " has two --offset values");
      specs.back().offset = o.offsets.at(nextOffset++);
      offsetGiven = true;
    }
  }
  return specs;
}

void addSession(const AddSessionOptions& o, const CLI::App& cmd) {
  const std::vector<store::Project::MediaSpec> specs = mediaWithOffsets(o, cmd);
  store::Project p = o.target.open();
  int64_t subjectId = 0;
  try {
    subjectId = p.subjectByCode(o.subject).id;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::NotFound) throw;
    subjectId = p.addSubject(o.subject);
  }
  const int64_t sessionId = p.addSessionWithMedia(subjectId, o.name, specs, o.recorded, o.notes);
  const store::Session s = p.session(sessionId);
  std::printf("session %lld '%s' of subject %s:\n", static_cast<long long>(s.id), s.name.c_str(), o.subject.c_str());
  for (const auto& m : s.media)
    std::printf("  media %lld %s (%s, %.3f s, offset %.3f s, sha256 %s)\n", static_cast<long long>(m.id), m.path.c_str(),
                m.kind.c_str(), m.duration, m.offset, m.sha256.c_str());
}

void addAddSession(CLI::App& project) {
  auto o = std::make_shared<AddSessionOptions>();
  CLI::App* cmd = addProjectSubcommand(project, "add-session", "add a session with its media (probed and hashed)", o->target);
  cmd->add_option("--subject", o->subject, "the subject's code (created when new)")->required();
  cmd->add_option("--name", o->name, "the session's name")->required();
  cmd->add_option("--media", o->media, "a media file of the session (repeat for several)")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--offset", o->offsets, "seconds the --media before it starts after the session (default 0)")
      ->allow_extra_args(false);
  cmd->add_option("--recorded", o->recorded, "when the session was recorded");
  cmd->add_option("--notes", o->notes, "free text");
  cmd->callback([o, cmd] { addSession(*o, *cmd); });
}

void addSessions(CLI::App& project) {
  auto t = std::make_shared<ProjectTarget>();
  CLI::App* cmd = addProjectSubcommand(project, "sessions", "sessions and media as JSON", *t);
  cmd->callback([t] {
    store::Project p = t->open();
    Json sessions = Json::array();
    for (const auto& s : p.sessions()) {
      Json media = Json::array();
      for (const auto& m : s.media)
        media.push_back({{"id", m.id},
                         {"path", m.path},
                         {"kind", m.kind},
                         {"offset", m.offset},
                         {"duration", m.duration},
                         {"fps", m.fps},
                         {"sample_rate", m.sampleRate},
                         {"sha256", m.sha256}});
      sessions.push_back({{"id", s.id},
                          {"subject_id", s.subjectId},
                          {"name", s.name},
                          {"segments", static_cast<int64_t>(p.segments(s.id).size())},
                          {"media", std::move(media)}});
    }
    const Json w = {{"project", p.name()}, {"schema_version", p.schemaVersion()}, {"sessions", std::move(sessions)}};
    std::printf("%s\n", dumpJson(w).c_str());
  });
}

void addCheckMedia(CLI::App& project) {
  auto t = std::make_shared<ProjectTarget>();
  CLI::App* cmd =
      addProjectSubcommand(project, "check-media", "session,media,ok|missing|changed,path per media file", *t);
  cmd->callback([t] {
    store::Project p = t->open();
    int problems = 0;
    for (const auto& s : p.sessions())
      for (const auto& c : p.checkMedia(s.id)) {
        const char* state = c.state == store::MediaState::Present   ? "ok"
                            : c.state == store::MediaState::Missing ? "missing"
                                                                    : "changed";
        std::printf("%lld,%lld,%s,%s%s%s\n", static_cast<long long>(s.id), static_cast<long long>(c.file.id), state,
                    c.file.path.c_str(), c.detail.empty() ? "" : ",", c.detail.c_str());
        problems += c.state != store::MediaState::Present;
      }
    if (problems)
      std::fprintf(stderr, "warning: %d media file(s) missing or changed; relink with 'stf2m project relink'\n", problems);
  });
}

void addRelink(CLI::App& project) {
  struct Options {
    ProjectTarget target;
    std::string file;
    int64_t mediaId = 0;
    bool acceptDifferent = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = addProjectSubcommand(project, "relink", "point a media record at a moved file", o->target);
  cmd->add_option("FILE", o->file, "the file's new place")->required();
  cmd->add_option("--media-id", o->mediaId, "the media record (see 'project sessions')")
      ->required()
      ->check(CLI::Range(int64_t(1), int64_t(1) << 40));
  cmd->add_flag("--accept-different-content", o->acceptDifferent, "relink even when the content differs (re-hashed)");
  cmd->callback([o] {
    store::Project p = o->target.open();
    p.relinkMedia(o->mediaId, o->file, o->acceptDifferent);
    std::printf("media %lld now at %s\n", static_cast<long long>(o->mediaId), o->file.c_str());
  });
}

void addAudit(CLI::App& project) {
  struct Options {
    ProjectTarget target;
    int limit = 100;
    std::string table;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = addProjectSubcommand(project, "audit", "the audit log, newest first, as JSON", o->target);
  cmd->add_option("--limit", o->limit, "at most this many entries")->check(CLI::Range(1, 1 << 30))->capture_default_str();
  cmd->add_option("--table", o->table, "only changes of this table (segment, session, ...)");
  cmd->callback([o] {
    store::Project p = o->target.open();
    Json w = Json::array();
    for (const auto& e : p.audit(o->limit, o->table))
      w.push_back({{"id", e.id},
                   {"at", e.at},
                   {"actor", e.actor},
                   {"table", e.table},
                   {"row_id", e.rowId},
                   {"action", e.action},
                   {"before", e.before.empty() ? Json(nullptr) : Json(e.before)},
                   {"after", e.after.empty() ? Json(nullptr) : Json(e.after)}});
    std::printf("%s\n", dumpJson(w).c_str());
  });
}

void addCopy(CLI::App& project) {
  struct Options {
    std::string source, destination, actor;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = project.add_subcommand(
      "copy", "copy a whole project, audit log and ids included, to a new file or an empty server database "
              "(SQLite to PostgreSQL and back)");
  cmd->add_option("SOURCE", o->source, kProjectArgumentHelp)->required();
  cmd->add_option("DESTINATION", o->destination, "where the copy goes: a new file, or postgresql://user@host[:port]/db "
                                                 "of an empty database (connect as the role that is to own the schema)")
      ->required();
  cmd->add_option("--actor", o->actor, "who opens the source (default: $STF2M_ACTOR, else the login name)");
  cmd->callback([o] {
    const ProjectTarget source{o->source, o->actor};
    int64_t total = 0;
    for (const auto& t : store::Project::copy(o->source, o->destination, source.who())) {
      std::printf("%-20s %lld rows\n", t.table.c_str(), static_cast<long long>(t.rows));
      total += t.rows;
    }
    const store::Project copy = store::Project::open(o->destination, source.who());
    std::printf("copied project '%s' to %s: %lld rows (schema version %d)\n", copy.name().c_str(), copy.path().c_str(),
                static_cast<long long>(total), copy.schemaVersion());
  });
}

}  // namespace

void addProjectCommands(CLI::App& app) {
  CLI::App* project = app.add_subcommand("project", "projects: sessions, annotations, interchange, agreement, audit");
  project->require_subcommand(1);
  addInit(*project);
  addAddSession(*project);
  addSessions(*project);
  addCheckMedia(*project);
  addRelink(*project);
  addProjectInterchangeCommands(*project);
  addAudit(*project);
  addCopy(*project);
}

}  // namespace stf2m::cli
