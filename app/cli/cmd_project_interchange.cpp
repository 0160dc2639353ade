// stf2m project import / export / agreement: interchange with ELAN, Praat, CSV and JSON, and
// inter-rater agreement.
#include <cstdio>
#include <filesystem>
#include <string>

#include "common/json.h"
#include "interchange/interchange.h"
#include "project_command.h"
#include "store/agreement_report.h"
#include "store/project.h"

namespace stf2m::cli {

namespace {

std::string formatFor(const std::string& format, const std::string& file) {
  if (!format.empty()) return format;
  const std::string ext = std::filesystem::path(file).extension().string();
  if (ext == ".eaf") return "eaf";
  if (ext == ".TextGrid" || ext == ".textgrid") return "textgrid";
  if (ext == ".csv") return "csv";
  if (ext == ".json") return "json";
  throw UsageError("cannot tell the format of '" + file + "' from its extension; give --format");
}

int64_t required(int64_t id, const char* option, const std::string& format) {
  if (id < 1) throw UsageError(std::string(option) + " ID is required for " + format);
  return id;
}

struct ImportOptions {
  ProjectTarget target;
  std::string file, format;
  int64_t session = 0;
  bool noCreate = false, keepTimes = false;
};

void runImport(const ImportOptions& o) {
  const std::string format = formatFor(o.format, o.file);
  store::Project p = o.target.open();
  interchange::ImportOptions options;
  options.createMissing = !o.noCreate;
  options.alignToSessionMedia = !o.keepTimes;
  interchange::ImportReport r;
  if (format == "eaf") r = interchange::importEaf(p, o.session, o.file, options);
  else if (format == "textgrid") r = interchange::importTextGrid(p, o.session, o.file, options);
  else r = interchange::importSegmentsCsv(p, o.session, o.file, options);
  std::printf(
      "imported %lld segments from %lld tiers (%lld tiers and %lld annotations skipped, %lld empty, %lld time slots "
      "interpolated)\n",
      static_cast<long long>(r.segmentsImported), static_cast<long long>(r.tiersImported),
      static_cast<long long>(r.tiersSkipped), static_cast<long long>(r.annotationsSkipped),
      static_cast<long long>(r.emptySkipped), static_cast<long long>(r.interpolatedTimeSlots));
  for (const auto& s : r.createdSchemes) std::printf("created scheme %s\n", s.c_str());
  for (const auto& a : r.createdAnnotators) std::printf("created annotator %s\n", a.c_str());
  for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s: %s\n", o.file.c_str(), w.c_str());
}

void addImport(CLI::App& project) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = addProjectSubcommand(project, "import", "ELAN, Praat or segment CSV into a session, all or nothing",
                                       o->target);
  cmd->add_option("FILE", o->file, "an .eaf, .TextGrid or .csv file")->required();
  cmd->add_option("--session", o->session, "the session to import into")->required()->check(kPositive);
  cmd->add_option("--format", o->format, "the file's format (default: from its extension)")
      ->check(CLI::IsMember({"eaf", "textgrid", "csv"}));
  cmd->add_flag("--no-create", o->noCreate, "refuse unknown schemes, categories and annotators instead of creating them");
  cmd->add_flag("--keep-times", o->keepTimes, "keep the file's times (no alignment to the session's media)");
  cmd->callback([o] { runImport(*o); });
}

struct ExportOptions {
  ProjectTarget target;
  std::string out, format;
  int64_t session = 0, model = 0;
  double fps = 0;
};

void runExport(const ExportOptions& o) {
  const std::string format = formatFor(o.format, o.out);
  if (format != "json") required(o.session, "--session", format);
  if (format == "predictions" || format == "frames") required(o.model, "--model", format);
  store::Project p = o.target.open();
  if (format == "json") interchange::exportProjectJson(p, o.out);
  else if (format == "eaf") interchange::exportEaf(p, o.session, o.out);
  else if (format == "textgrid") interchange::exportTextGrid(p, o.session, o.out);
  else if (format == "csv") interchange::exportSegmentsCsv(p, o.session, o.out);
  else if (format == "traces") interchange::exportTracesCsv(p, o.session, o.out);
  else if (format == "predictions") interchange::exportPredictionsCsv(p, o.session, o.model, o.out);
  else interchange::exportFrameCsv(p, o.session, o.model, o.out, o.fps);
  std::printf("wrote %s (%s)\n", o.out.c_str(), format.c_str());
}

void addExport(CLI::App& project) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* cmd = addProjectSubcommand(project, "export", "a session's annotations or predictions, or the whole project",
                                       o->target);
  cmd->add_option("--out", o->out, "the file to write")->required();
  cmd->add_option("--format", o->format, "the format (default: from the extension of --out)")
      ->check(CLI::IsMember({"eaf", "textgrid", "csv", "traces", "predictions", "frames", "json"}));
  cmd->add_option("--session", o->session, "the session (every format but json)")->check(kPositive);
  cmd->add_option("--model", o->model, "the model whose predictions to export (predictions, frames)")
      ->check(kPositive);
  cmd->add_option("--fps", o->fps, "rows per second for frames (default: the video's frame rate)")
      ->check(kNotNegative);
  cmd->callback([o] { runExport(*o); });
}

struct AgreementOptions {
  ProjectTarget target;
  std::string scheme = "emotion", by = "session";
  double rate = 25;
  int64_t model = 0;
};

Json agreementJson(const std::vector<store::GroupAgreement>& groups) {
  Json out = Json::array();
  for (const auto& g : groups) {
    Json pairs = Json::array();
    for (const auto& pr : g.pairs)
      pairs.push_back({{"a", pr.raterA},
                       {"b", pr.raterB},
                       {"model", pr.involvesModel},
                       {"units", pr.units},
                       {g.statistic, pr.value}});
    Json group = {{"scope", g.scope},       {"scheme", g.scheme}, {"rate_hz", g.rate},
                  {"units", g.units},       {"raters", g.raters}, {"pairs", std::move(pairs)},
                  {"human_range", {g.humanMin, g.humanMax}}};
    group[g.statistic == "ccc" ? "krippendorff_alpha_interval" : "krippendorff_alpha_nominal"] = g.alpha;
    if (g.statistic == "ccc") group["icc_2_1"] = g.icc21;
    else group["fleiss_kappa"] = g.fleissKappa;
    out.push_back(std::move(group));
  }
  return out;
}

void addAgreement(CLI::App& project) {
  auto o = std::make_shared<AgreementOptions>();
  CLI::App* cmd = addProjectSubcommand(project, "agreement", "rater-rater and model-rater agreement as JSON", o->target);
  cmd->add_option("--scheme", o->scheme, "the label scheme")->capture_default_str();
  cmd->add_option("--rate", o->rate, "samples per second for segment agreement")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--by", o->by, "one result per session or per subject")
      ->check(CLI::IsMember({"session", "subject"}))
      ->capture_default_str();
  cmd->add_option("--model", o->model, "a model id: its stored predictions join as the rater model:<file>")
      ->check(kPositive);
  cmd->callback([o] {
    store::Project p = o->target.open();
    const auto groups = store::computeAgreement(
        p, o->scheme, o->rate, o->by == "session" ? store::AgreementScope::Session : store::AgreementScope::Subject,
        o->model);
    std::printf("%s\n", dumpJson(agreementJson(groups)).c_str());
  });
}

}  // namespace

void addProjectInterchangeCommands(CLI::App& project) {
  addImport(project);
  addExport(project);
  addAgreement(project);
}

}  // namespace stf2m::cli
