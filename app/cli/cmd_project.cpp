// stf2m project ...: the project store without the GUI.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_args.h"
#include "commands.h"
#include "common/error.h"
#include "common/json_writer.h"
#include "interchange/interchange.h"
#include "store/agreement_report.h"
#include "store/project.h"

namespace stf2m::cli {

namespace {

// Who the audit log names: --actor, else $STF2M_ACTOR, else the login name.
std::string actorFrom(const Args& args) {
  if (auto a = args.value("--actor")) return *a;
  for (const char* var : {"STF2M_ACTOR", "USER", "LOGNAME"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "unknown";
}

double parseOffset(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') throw UsageError("--offset expects seconds, got '" + text + "'");
  return v;
}

int projectInit(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project init", {"--name", "--actor"}, {}, 1, 1}, argv);
  const std::string name = args.value("--name").value_or("Untitled project");
  store::Project p = store::Project::create(args.positional()[0], name, actorFrom(args));
  std::printf("created project '%s' at %s (schema version %d)\n", p.name().c_str(), p.path().c_str(), p.schemaVersion());
  return 0;
}

// add-session PROJECT --subject CODE --name NAME --media FILE [--offset S] [--media FILE --offset S ...]
int projectAddSession(const std::vector<std::string>& argv) {
  // --media/--offset may repeat; pair each --offset with the --media before it.
  std::vector<std::string> rest;
  std::vector<std::pair<std::string, double>> media;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--media" || argv[i] == "--offset") {
      if (i + 1 >= argv.size()) throw UsageError("project add-session: " + argv[i] + " needs a value");
      if (argv[i] == "--media") media.emplace_back(argv[i + 1], 0.0);
      else if (media.empty()) throw UsageError("project add-session: --offset must follow a --media");
      else media.back().second = parseOffset(argv[i + 1]);
      ++i;
    } else {
      rest.push_back(argv[i]);
    }
  }
  Args args = Args::parse({"project add-session", {"--subject", "--name", "--recorded", "--notes", "--actor"}, {}, 1, 1}, rest);
  const auto subjectCode = args.value("--subject");
  const auto name = args.value("--name");
  if (!subjectCode || !name) throw UsageError("project add-session: --subject CODE and --name NAME are required");
  if (media.empty()) throw UsageError("project add-session: at least one --media FILE is required");

  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  int64_t subjectId = 0;
  try {
    subjectId = p.subjectByCode(*subjectCode).id;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::NotFound) throw;
    subjectId = p.addSubject(*subjectCode);
  }
  std::vector<store::Project::MediaSpec> specs;
  for (const auto& [file, offset] : media) specs.push_back({file, offset});
  const int64_t sessionId = p.addSessionWithMedia(subjectId, *name, specs, args.value("--recorded").value_or(""),
                                                  args.value("--notes").value_or(""));
  const store::Session s = p.session(sessionId);
  std::printf("session %lld '%s' of subject %s:\n", static_cast<long long>(s.id), s.name.c_str(), subjectCode->c_str());
  for (const auto& m : s.media)
    std::printf("  media %lld %s (%s, %.3f s, offset %.3f s, sha256 %s)\n", static_cast<long long>(m.id), m.path.c_str(),
                m.kind.c_str(), m.duration, m.offset, m.sha256.c_str());
  return 0;
}

int projectSessions(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project sessions", {"--actor"}, {}, 1, 1}, argv);
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  JsonWriter w;
  w.beginObject().key("project").value(p.name()).key("schema_version").value(p.schemaVersion()).key("sessions").beginArray();
  for (const auto& s : p.sessions()) {
    w.beginObject().key("id").value(s.id).key("subject_id").value(s.subjectId).key("name").value(s.name);
    w.key("segments").value(static_cast<int64_t>(p.segments(s.id).size())).key("media").beginArray();
    for (const auto& m : s.media)
      w.beginObject().key("id").value(m.id).key("path").value(m.path).key("kind").value(m.kind).key("offset").value(m.offset)
          .key("duration").value(m.duration).key("fps").value(m.fps).key("sample_rate").value(m.sampleRate)
          .key("sha256").value(m.sha256).endObject();
    w.endArray().endObject();
  }
  w.endArray().endObject();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int projectCheckMedia(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project check-media", {"--actor"}, {}, 1, 1}, argv);
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  int problems = 0;
  for (const auto& s : p.sessions())
    for (const auto& c : p.checkMedia(s.id)) {
      const char* state = c.state == store::MediaState::Present ? "ok" : c.state == store::MediaState::Missing ? "missing" : "changed";
      std::printf("%lld,%lld,%s,%s%s%s\n", static_cast<long long>(s.id), static_cast<long long>(c.file.id), state,
                  c.file.path.c_str(), c.detail.empty() ? "" : ",", c.detail.c_str());
      problems += c.state != store::MediaState::Present;
    }
  if (problems) std::fprintf(stderr, "warning: %d media file(s) missing or changed; relink with 'stf2m project relink'\n", problems);
  return 0;
}

int projectRelink(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project relink", {"--media-id", "--actor"}, {"--accept-different-content"}, 2, 2}, argv);
  const int id = args.intValue("--media-id", -1, 1, 1 << 30);
  if (id < 1) throw UsageError("project relink: --media-id ID is required");
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  p.relinkMedia(id, args.positional()[1], args.has("--accept-different-content"));
  std::printf("media %d now at %s\n", id, args.positional()[1].c_str());
  return 0;
}

int projectAudit(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project audit", {"--limit", "--table", "--actor"}, {}, 1, 1}, argv);
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  JsonWriter w;
  w.beginArray();
  for (const auto& e : p.audit(args.intValue("--limit", 100, 1, 1 << 30), args.value("--table").value_or(""))) {
    w.beginObject().key("id").value(e.id).key("at").value(e.at).key("actor").value(e.actor).key("table").value(e.table)
        .key("row_id").value(e.rowId).key("action").value(e.action);
    w.key("before");
    e.before.empty() ? w.null() : w.value(e.before);
    w.key("after");
    e.after.empty() ? w.null() : w.value(e.after);
    w.endObject();
  }
  w.endArray();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int projectAgreement(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project agreement", {"--scheme", "--rate", "--by", "--actor"}, {}, 1, 1}, argv);
  const std::string by = args.value("--by").value_or("session");
  if (by != "session" && by != "subject") throw UsageError("project agreement: --by expects session or subject");
  const std::string rateText = args.value("--rate").value_or("25");
  char* end = nullptr;
  const double rate = std::strtod(rateText.c_str(), &end);
  if (rateText.empty() || *end != '\0' || !(rate > 0)) throw UsageError("project agreement: --rate expects a positive number of Hz");
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  const auto groups = store::computeAgreement(p, args.value("--scheme").value_or("emotion"), rate,
                                              by == "session" ? store::AgreementScope::Session : store::AgreementScope::Subject);
  JsonWriter w;
  w.beginArray();
  for (const auto& g : groups) {
    w.beginObject().key("scope").value(g.scope).key("scheme").value(g.scheme).key("rate_hz").value(g.rate)
        .key("units").value(g.units).key("raters").beginArray();
    for (const auto& r : g.raters) w.value(r);
    w.endArray().key("pairs").beginArray();
    for (const auto& pr : g.pairs)
      w.beginObject().key("a").value(pr.raterA).key("b").value(pr.raterB).key("model").value(pr.involvesModel)
          .key("units").value(pr.units).key(g.statistic).value(pr.value).endObject();
    w.endArray();
    w.key("human_range").beginArray().value(g.humanMin).value(g.humanMax).endArray();
    w.key(g.statistic == "ccc" ? "krippendorff_alpha_interval" : "krippendorff_alpha_nominal").value(g.alpha);
    if (g.statistic == "ccc") w.key("icc_2_1").value(g.icc21);
    else w.key("fleiss_kappa").value(g.fleissKappa);
    w.endObject();
  }
  w.endArray();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

std::string formatFor(const Args& args, const std::string& file) {
  if (auto f = args.value("--format")) return *f;
  const std::string ext = std::filesystem::path(file).extension().string();
  if (ext == ".eaf") return "eaf";
  if (ext == ".TextGrid" || ext == ".textgrid") return "textgrid";
  if (ext == ".csv") return "csv";
  if (ext == ".json") return "json";
  throw UsageError("cannot tell the format of '" + file + "' from its extension; give --format");
}

int64_t sessionOption(const Args& args) {
  const int id = args.intValue("--session", -1, 1, 1 << 30);
  if (id < 1) throw UsageError("--session ID is required for this format");
  return id;
}

// import PROJECT FILE --session ID [--format eaf|textgrid|csv] [--no-create]
int projectImport(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project import", {"--session", "--format", "--actor"}, {"--no-create", "--keep-times"}, 2, 2}, argv);
  const std::string& file = args.positional()[1];
  const std::string format = formatFor(args, file);
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  interchange::ImportOptions options;
  options.createMissing = !args.has("--no-create");
  options.alignToSessionMedia = !args.has("--keep-times");
  const int64_t session = sessionOption(args);
  interchange::ImportReport r;
  if (format == "eaf") r = interchange::importEaf(p, session, file, options);
  else if (format == "textgrid") r = interchange::importTextGrid(p, session, file, options);
  else if (format == "csv") r = interchange::importSegmentsCsv(p, session, file, options);
  else throw UsageError("project import: --format expects eaf, textgrid or csv");
  std::printf("imported %lld segments from %lld tiers (%lld tiers and %lld annotations skipped, %lld empty, %lld time slots interpolated)\n",
              static_cast<long long>(r.segmentsImported), static_cast<long long>(r.tiersImported),
              static_cast<long long>(r.tiersSkipped), static_cast<long long>(r.annotationsSkipped),
              static_cast<long long>(r.emptySkipped), static_cast<long long>(r.interpolatedTimeSlots));
  for (const auto& s : r.createdSchemes) std::printf("created scheme %s\n", s.c_str());
  for (const auto& a : r.createdAnnotators) std::printf("created annotator %s\n", a.c_str());
  for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s: %s\n", file.c_str(), w.c_str());
  return 0;
}

// export PROJECT --out FILE [--format eaf|textgrid|csv|traces|predictions|frames|json]
//        [--session ID] [--model ID] [--fps F]
int projectExport(const std::vector<std::string>& argv) {
  Args args = Args::parse({"project export", {"--out", "--session", "--model", "--format", "--fps", "--actor"}, {}, 1, 1}, argv);
  const auto out = args.value("--out");
  if (!out) throw UsageError("project export: --out FILE is required");
  const std::string format = formatFor(args, *out);
  store::Project p = store::Project::open(args.positional()[0], actorFrom(args));
  auto model = [&] {
    const int id = args.intValue("--model", -1, 1, 1 << 30);
    if (id < 1) throw UsageError("project export: --model ID is required for " + format);
    return static_cast<int64_t>(id);
  };
  if (format == "json") interchange::exportProjectJson(p, *out);
  else if (format == "eaf") interchange::exportEaf(p, sessionOption(args), *out);
  else if (format == "textgrid") interchange::exportTextGrid(p, sessionOption(args), *out);
  else if (format == "csv") interchange::exportSegmentsCsv(p, sessionOption(args), *out);
  else if (format == "traces") interchange::exportTracesCsv(p, sessionOption(args), *out);
  else if (format == "predictions") interchange::exportPredictionsCsv(p, sessionOption(args), model(), *out);
  else if (format == "frames") {
    const double fps = args.value("--fps") ? std::strtod(args.value("--fps")->c_str(), nullptr) : 0.0;
    interchange::exportFrameCsv(p, sessionOption(args), model(), *out, fps);
  } else {
    throw UsageError("project export: --format expects eaf, textgrid, csv, traces, predictions, frames or json");
  }
  std::printf("wrote %s (%s)\n", out->c_str(), format.c_str());
  return 0;
}

}  // namespace

int runProject(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError("project: expected a subcommand (init, add-session, sessions, check-media, relink, import, export, audit, agreement)");
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  const std::string& sub = argv[0];
  if (sub == "init") return projectInit(rest);
  if (sub == "add-session") return projectAddSession(rest);
  if (sub == "sessions") return projectSessions(rest);
  if (sub == "check-media") return projectCheckMedia(rest);
  if (sub == "relink") return projectRelink(rest);
  if (sub == "audit") return projectAudit(rest);
  if (sub == "agreement") return projectAgreement(rest);
  if (sub == "import") return projectImport(rest);
  if (sub == "export") return projectExport(rest);
  throw UsageError("project: unknown subcommand '" + sub + "'");
}

}  // namespace stf2m::cli
