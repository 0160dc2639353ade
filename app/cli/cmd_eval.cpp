// stf2m eval: few-shot evaluation of model files on episodes of a feature dataset's test (or
// val/train) part. One model: a report per shot count (text or --json). --all MODEL...: every
// model on the same episodes, as one Markdown table (or a JSON array with --json).
#include <cstdint>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "common/json.h"
#include "model/engine.h"
#include "model_options.h"

namespace stf2m::cli {

namespace {

std::string percent(double fraction, double ci) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f ± %.2f", 100.0 * fraction, 100.0 * ci);
  return buf;
}

Json reportJson(const model::EvalReport& r, const model::EvalRequest& q) {
  Json results = Json::array();
  for (const auto& s : r.results)
    results.push_back({{"shots", s.shots},
                       {"episodes", s.episodes},
                       {"accuracy", s.accuracy},
                       {"accuracy_ci95", s.accuracyCi95},
                       {"macro_f1", s.macroF1},
                       {"macro_f1_ci95", s.macroF1Ci95},
                       {"clip_accuracy", s.clipAccuracy},
                       {"clip_accuracy_ci95", s.clipAccuracyCi95},
                       {"adapt_ms_median", s.adaptMsMedian}});
  return {{"model", r.modelPath},
          {"method", r.method},
          {"ablations", r.ablations},
          {"data", q.dataDir},
          {"part", q.part},
          {"ways", r.ways},
          {"queries", q.queries},
          {"whole_clips", q.wholeClips},
          {"seed", static_cast<int64_t>(q.seed)},
          {"device", r.device},
          {"results", std::move(results)}};
}

void printText(const model::EvalReport& r, const model::EvalRequest& q) {
  std::printf("model %s: %s, %s part of %s, device %s\n", r.modelPath.c_str(), r.method.c_str(), q.part.c_str(),
              q.dataDir.c_str(), r.device.c_str());
  for (const auto& s : r.results) {
    std::printf("%d-way %d-shot (%d episodes, %d %s per class): accuracy %s %%, macro-F1 %s %%, "
                "clip accuracy %s %%, adaptation %.1f ms (median)\n",
                r.ways, s.shots, s.episodes, q.queries, q.wholeClips ? "query clips at most" : "query views", percent(s.accuracy, s.accuracyCi95).c_str(),
                percent(s.macroF1, s.macroF1Ci95).c_str(), percent(s.clipAccuracy, s.clipAccuracyCi95).c_str(),
                s.adaptMsMedian);
  }
}

// One row per model; accuracy, macro-F1 and clip accuracy (the fused answer per query clip)
// columns, one per shot count, "mean ± 95% CI" in %.
void printMarkdown(const std::vector<model::EvalReport>& reports, const model::EvalRequest& q) {
  std::string header = "| Method | Model file |", rule = "|---|---|";
  for (int shots : q.shots) {
    header += " " + std::to_string(q.ways) + "-way " + std::to_string(shots) + "-shot accuracy (%) |";
    rule += "---:|";
  }
  for (int shots : q.shots) {
    header += " " + std::to_string(shots) + "-shot macro-F1 (%) |";
    rule += "---:|";
  }
  for (int shots : q.shots) {
    header += " " + std::to_string(shots) + "-shot clip accuracy (%) |";
    rule += "---:|";
  }
  std::printf("%s\n%s\n", header.c_str(), rule.c_str());
  for (const auto& r : reports) {
    std::string row = "| " + r.method + " | " + std::filesystem::path(r.modelPath).filename().string() + " |";
    for (const auto& s : r.results) row += " " + percent(s.accuracy, s.accuracyCi95) + " |";
    for (const auto& s : r.results) row += " " + percent(s.macroF1, s.macroF1Ci95) + " |";
    for (const auto& s : r.results) row += " " + percent(s.clipAccuracy, s.clipAccuracyCi95) + " |";
    std::printf("%s\n", row.c_str());
  }
}

struct EvalOptions {
  model::EvalRequest request;
  std::string model;
  std::vector<std::string> modelFiles;  // MODEL... (with --all)
  bool several = false;  // --all
  bool json = false;
  bool noStatisticsPath = false;
};

void run(EvalOptions& o) {
  model::EvalRequest& request = o.request;
  request.statisticsPath = !o.noStatisticsPath;
  if (std::set<int>(request.shots.begin(), request.shots.end()).size() != request.shots.size())
    throw UsageError("--shots names a shot count twice");
  const bool several = o.several;
  if (several && o.modelFiles.empty()) throw UsageError("--all needs at least one MODEL file");
  if (!several && !o.modelFiles.empty())
    throw UsageError("unexpected argument '" + o.modelFiles.front() + "' (several models: --all MODEL...)");
  if (!several && o.model.empty()) throw UsageError("--model MODEL or --all MODEL... is required");
  const std::vector<std::string> models = several ? o.modelFiles : std::vector<std::string>{o.model};

  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  // A live percentage only for a person watching; logs and pipes get nothing extra on stderr.
  const bool showProgress = ::isatty(STDERR_FILENO) == 1;
  std::vector<model::EvalReport> reports;
  for (size_t i = 0; i < models.size(); ++i) {
    request.modelPath = models[i];
    ProgressCallback progress;
    if (showProgress)
      progress = [&, i](double f) {
        std::fprintf(stderr, "\revaluating %s (%zu/%zu): %3.0f %%", models[i].c_str(), i + 1, models.size(), 100 * f);
        std::fflush(stderr);
      };
    try {
      reports.push_back(model::evaluateModel(request, &cancel, progress));
    } catch (...) {
      if (showProgress) std::fprintf(stderr, "\r\033[K");  // the error line must stand alone
      throw;
    }
    if (showProgress) std::fprintf(stderr, "\r\033[K");
  }

  if (o.json) {
    Json out = Json::array();
    for (const auto& r : reports) out.push_back(reportJson(r, request));
    std::printf("%s\n", dumpJson(several ? out : out.front()).c_str());
  } else if (several) {
    printMarkdown(reports, request);
  } else {
    printText(reports.front(), request);
  }
}

}  // namespace

void addEvalCommand(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  model::EvalRequest& r = o->request;
  CLI::App* cmd = app.add_subcommand(
      "eval", "few-shot accuracy and macro-F1 with 95% CIs; --all MODEL...: several models as one Markdown table");
  cmd->add_option("--data", r.dataDir, "feature dataset folder")->required();
  CLI::Option* model = cmd->add_option("--model", o->model, "the model file to evaluate");
  cmd->add_flag("--all", o->several, "evaluate every MODEL on the same episodes")->excludes(model);
  cmd->add_option("MODEL", o->modelFiles, "with --all: the model files");
  cmd->add_option("--ways", r.ways, "classes per episode")->check(CLI::Range(2, 1000))->capture_default_str();
  cmd->add_option("--shots", r.shots, "support views per class (clips with --whole-clips), comma-separated")
      ->delimiter(',')
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--episodes", r.episodes, "episodes per shot count")->check(CLI::Range(1, 10000000))->capture_default_str();
  cmd->add_option("--queries", r.queries, "query views per class (at most this many clips with --whole-clips)")->check(CLI::Range(1, 10000))->capture_default_str();
  cmd->add_option("--seed", r.seed, "episode seed (same seed, same episodes for every model)")
      ->check(kNotNegative)
      ->capture_default_str();
  cmd->add_flag("--whole-clips", r.wholeClips,
                "shots and queries count whole clips with all their views, as a subject's support set is used");
  cmd->add_flag("--no-statistics-path", o->noStatisticsPath,
                "evaluate ST-F2M models without their statistics path (the ablation)");
  cmd->add_option("--part", r.part, "the split part to draw episodes from")
      ->check(CLI::IsMember({"test", "val", "train"}))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON instead of text (an array with --all)");
  addDeviceOption(cmd, r.device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
