// A subject's few-shot loop in batch (docs/adaptation.md): `stf2m support create` picks the
// support set from labelled segments, `stf2m adapt --project` adapts to it (cmd_adapt.cpp calls
// runProjectAdapt), `stf2m models` lists the subject's model history and rolls back, `stf2m
// suggest` lists the windows to label next.
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "cmd_subject.h"
#include "commands.h"
#include "common/error.h"
#include "common/json.h"
#include "common/statistics_choice.h"
#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "pipeline/subject_adaptation.h"
#include "pipeline/suggestions.h"
#include "project_command.h"

namespace stf2m::cli {

namespace {

void configureDevice(std::string& device) {
  compute::ComputeSettings cs;
  cs.threads = compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(device);
  device = compute::configureCompute(cs).device;
  perception::keepActivationBuffersInHeap();
}

std::vector<store::Session> sessionsOf(const store::Project& project, int64_t subjectId) {
  std::vector<store::Session> out;
  for (store::Session& s : project.sessions())
    if (s.subjectId == subjectId) out.push_back(std::move(s));
  return out;
}

// ---- support create

struct SupportOptions {
  ProjectTarget project;
  std::string subject, scheme = "emotion", name;
  std::vector<int64_t> segments;
  bool allLabelled = false;
};

void createSupport(const SupportOptions& o) {
  if (o.segments.empty() == !o.allLabelled) throw UsageError("give --segments ID,ID,... or --all-labelled");
  store::Project project = o.project.open();
  std::map<std::string, int> perClass;
  const int64_t id = pipeline::createSupportSet(project, o.subject, o.scheme, o.segments, o.name, &perClass);
  std::string counts;
  int total = 0;
  for (const auto& [label, n] : perClass) {
    counts += (counts.empty() ? "" : ", ") + label + " " + std::to_string(n);
    total += n;
  }
  std::fprintf(stderr, "support set %lld of subject %s: %d segments (%s)\n", static_cast<long long>(id), o.subject.c_str(),
               total, counts.c_str());
  for (const std::string& w : pipeline::supportWarnings(perClass)) std::fprintf(stderr, "warning: %s\n", w.c_str());
  std::printf("%lld\n", static_cast<long long>(id));
}

// ---- models

struct ModelsOptions {
  ProjectTarget project;
  std::string subject;
  int64_t activate = 0;
  bool json = false;
  std::string device = "auto";
};

void listModels(ModelsOptions& o) {
  store::Project project = o.project.open();
  const store::Subject subject = project.subjectByCode(o.subject);
  if (o.activate > 0) {
    std::string path;
    for (const store::ModelRecord& m : project.models())
      if (m.id == o.activate) path = m.path;
    if (path.empty()) throw Error(ErrorCode::NotFound, o.project.path, "no model with id " + std::to_string(o.activate));
    project.activateModel(subject.id, o.activate);
    // Its predictions are still stored; sessions it never predicted are predicted now.
    std::vector<std::string> warnings;
    int missing = 0;
    for (const store::Session& s : sessionsOf(project, subject.id)) {
      bool has = false;
      for (const store::PredictionSet& p : project.predictionSets(s.id)) has = has || p.modelId == o.activate;
      missing += !has;
    }
    if (missing > 0) {
      configureDevice(o.device);
      pipeline::AnalysisOptions options;
      options.device = o.device;
      CancelToken cancel;
      InterruptCancels interrupts(cancel);
      pipeline::predictSubjectSessions(project, subject.id, path, options, &cancel, {}, &warnings);
    }
    for (const std::string& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    std::fprintf(stderr, "model %lld is subject %s's active model\n", static_cast<long long>(o.activate), subject.code.c_str());
  }
  std::map<int64_t, store::ModelRecord> models;
  for (store::ModelRecord& m : project.models()) models.emplace(m.id, std::move(m));
  const std::vector<store::ModelActivation> history = project.modelHistory(subject.id);
  if (o.json) {
    Json rows = Json::array();
    for (size_t i = 0; i < history.size(); ++i) {
      const store::ModelActivation& a = history[i];
      const store::ModelRecord& m = models.at(a.modelId);
      rows.push_back({{"activation", a.id},
                      {"active", i == 0},
                      {"model", a.modelId},
                      {"kind", m.kind},
                      {"support_set", a.supportSetId ? Json(*a.supportSetId) : Json()},
                      {"sha256", m.sha256},
                      {"path", m.path},
                      {"activated_at", a.activatedAt},
                      {"activated_by", a.activatedBy}});
      const StatisticsChoice statistics = StatisticsChoice::fromCard(m.card);
      if (statistics.present()) rows.back()["labelled_by"] = statistics.labelledBy();
    }
    std::printf("%s\n", dumpJson(Json{{"subject", subject.code}, {"history", rows}}).c_str());
    return;
  }
  if (history.empty()) {
    std::printf("subject %s has no model history yet (adapt to it, or activate a model)\n", subject.code.c_str());
    return;
  }
  std::printf("%-6s %-6s %-8s %-8s %-24s %-12s %-16s %-44s %s\n", "", "model", "kind", "support", "activated at", "by",
              "sha256", "labelled by", "path");
  for (size_t i = 0; i < history.size(); ++i) {
    const store::ModelActivation& a = history[i];
    const store::ModelRecord& m = models.at(a.modelId);
    const std::string labelledBy = StatisticsChoice::fromCard(m.card).labelledBy();
    std::printf("%-6s %-6lld %-8s %-8s %-24s %-12s %-16s %-44s %s\n", i == 0 ? "active" : "",
                static_cast<long long>(a.modelId), m.kind.c_str(),
                a.supportSetId ? std::to_string(*a.supportSetId).c_str() : "-", a.activatedAt.c_str(),
                a.activatedBy.c_str(), m.sha256.substr(0, 16).c_str(), labelledBy.empty() ? "-" : labelledBy.c_str(),
                m.path.c_str());
  }
}

// ---- suggest

struct SuggestOptions {
  ProjectTarget project;
  int64_t session = 0;
  int top = 10;
  int64_t model = 0;
  bool json = false;
};

void suggest(const SuggestOptions& o) {
  const store::Project project = o.project.open();
  const std::vector<pipeline::Suggestion> list =
      pipeline::suggestWindows(project, o.session, o.top, o.model > 0 ? std::optional<int64_t>(o.model) : std::nullopt);
  if (o.json) {
    Json rows = Json::array();
    for (const pipeline::Suggestion& s : list)
      rows.push_back({{"start", s.start},
                      {"end", s.end},
                      {"predicted", s.predicted},
                      {"probability", s.probability},
                      {"uncertainty", s.uncertainty},
                      {"disagreement", s.disagreement},
                      {"score", s.score}});
    std::printf("%s\n", dumpJson(Json{{"session", o.session}, {"suggestions", rows}}).c_str());
    return;
  }
  std::printf("%8s %8s  %-16s %6s %11s %12s %6s\n", "start", "end", "predicted", "p", "uncertainty", "disagreement", "score");
  for (const pipeline::Suggestion& s : list)
    std::printf("%8.2f %8.2f  %-16s %6.3f %11.3f %12.3f %6.3f\n", s.start, s.end, s.predicted.c_str(), s.probability,
                s.uncertainty, s.disagreement, s.score);
}

}  // namespace

void runProjectAdapt(const ProjectAdaptOptions& o) {
  std::string device = o.device;
  configureDevice(device);
  store::Project project = store::Project::open(o.project, o.actor);
  reportConnectionEvents(project);
  pipeline::SubjectAdaptationOptions options;
  options.metaModelPath = o.modelPath;
  options.outPath = o.outPath;
  if (!o.support.empty()) {
    char* end = nullptr;
    const long long id = std::strtoll(o.support.c_str(), &end, 10);
    if (*end != 0 || id <= 0) throw UsageError("with --project, --support is a support set's id (stf2m support create)");
    options.supportSetId = id;
  }
  options.scheme = o.scheme;
  options.analysis.device = device;
  options.repredict = !o.noPredict;
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const pipeline::SubjectAdaptationSummary s = pipeline::adaptSubject(project, o.subject, options, &cancel);
  for (const std::string& w : s.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const pipeline::AdaptationAccuracy& a = s.accuracy;
  Json accuracy = {{"method", a.method}, {"clips", a.clips}, {"adapted_correct", a.adaptedCorrect}};
  if (a.clips > 0) accuracy["adapted"] = double(a.adaptedCorrect) / a.clips;
  if (a.previousModelId) accuracy["previous_model"] = *a.previousModelId;
  if (a.previousCorrect >= 0 && a.clips > 0) {
    accuracy["previous_correct"] = a.previousCorrect;
    accuracy["previous"] = double(a.previousCorrect) / a.clips;
  }
  Json out = {{"out", o.outPath},
              {"model", s.modelId},
              {"sha256", s.modelSha256},
              {"subject", o.subject},
              {"support_set", s.supportSetId},
              {"classes", s.classes},
              {"support_clips", s.supportClips},
              {"support_views", s.supportViews},
              {"accuracy", accuracy},
              {"sessions_predicted", s.sessionsPredicted},
              {"seconds", {{"support", s.supportSeconds},
                           {"adapt", s.adaptSeconds},
                           {"evaluate", s.evaluateSeconds},
                           {"predict", s.predictSeconds}}}};
  if (s.statistics.present()) {
    out["labelled_by"] = s.statistics.labelledBy();
    out["statistics_path"] = s.statistics.toJson();
  }
  std::printf("%s\n", dumpJson(out).c_str());
}

void addSubjectCommands(CLI::App& app) {
  CLI::App* support = app.add_subcommand("support", "a subject's support sets (the labelled clips it is adapted to)");
  support->require_subcommand(1);
  auto s = std::make_shared<SupportOptions>();
  CLI::App* create = support->add_subcommand("create", "a support set from a subject's labelled segments; prints its id");
  create->add_option("--project", s->project.path, kProjectArgumentHelp)->required();
  create->add_option("--subject", s->subject, "the subject's code")->required();
  create->add_option("--segments", s->segments, "segment ids, comma-separated")
      ->delimiter(',')
      ->check(kPositive)
      ->type_name("ID,..");
  create->add_flag("--all-labelled", s->allLabelled, "every human segment of the scheme in the subject's sessions");
  create->add_option("--scheme", s->scheme, "a categorical label scheme")->capture_default_str();
  create->add_option("--name", s->name, "a name for the set (default: subject and scheme)");
  create->add_option("--actor", s->project.actor, "who the audit log names (default: $STF2M_ACTOR, else the login name)");
  create->callback([s] { createSupport(*s); });

  auto m = std::make_shared<ModelsOptions>();
  CLI::App* models = app.add_subcommand("models", "a subject's model history; --activate rolls back (or forward)");
  models->add_option("--project", m->project.path, kProjectArgumentHelp)->required();
  models->add_option("--subject", m->subject, "the subject's code")->required();
  models->add_option("--activate", m->activate, "make this model id the subject's active model")->check(kPositive);
  models->add_flag("--json", m->json, "the history as JSON");
  models->add_option("--actor", m->project.actor, "who the audit log names (default: $STF2M_ACTOR, else the login name)");
  addDeviceOption(models, m->device);
  models->callback([m] { listModels(*m); });

  auto g = std::make_shared<SuggestOptions>();
  CLI::App* suggestCmd = app.add_subcommand("suggest", "the windows of a session to label next, most informative first");
  suggestCmd->add_option("--project", g->project.path, kProjectArgumentHelp)->required();
  suggestCmd->add_option("--session", g->session, "the session's id")->required()->check(kPositive);
  suggestCmd->add_option("--top", g->top, "how many windows")->check(CLI::Range(1, 10000))->capture_default_str();
  suggestCmd->add_option("--model", g->model, "the model's id (default: the subject's active model)")->check(kPositive);
  suggestCmd->add_flag("--json", g->json, "as JSON");
  suggestCmd->callback([g] { suggest(*g); });
}

}  // namespace stf2m::cli
