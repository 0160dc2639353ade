// stf2m eval: few-shot evaluation of model files on episodes of a feature dataset's test (or
// val/train) part. One model: a report per shot count (text or --json). --all MODEL...: every
// model on the same episodes, as one Markdown table (or a JSON array with --json).
#include <cstdint>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_args.h"
#include "commands.h"
#include "common/json_writer.h"
#include "model/engine.h"
#include "model_options.h"

namespace stf2m::cli {

namespace {

std::string percent(double fraction, double ci) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f ± %.2f", 100.0 * fraction, 100.0 * ci);
  return buf;
}

void writeReport(JsonWriter& w, const model::EvalReport& r, const model::EvalRequest& q) {
  w.beginObject();
  w.key("model").value(r.modelPath);
  w.key("method").value(r.method);
  w.key("ablations").value(r.ablations);
  w.key("data").value(q.dataDir);
  w.key("part").value(q.part);
  w.key("ways").value(r.ways);
  w.key("queries").value(q.queries);
  w.key("seed").value(static_cast<int64_t>(q.seed));
  w.key("device").value(r.device);
  w.key("results").beginArray();
  for (const auto& s : r.results) {
    w.beginObject();
    w.key("shots").value(s.shots);
    w.key("episodes").value(s.episodes);
    w.key("accuracy").value(s.accuracy);
    w.key("accuracy_ci95").value(s.accuracyCi95);
    w.key("macro_f1").value(s.macroF1);
    w.key("macro_f1_ci95").value(s.macroF1Ci95);
    w.key("clip_accuracy").value(s.clipAccuracy);
    w.key("clip_accuracy_ci95").value(s.clipAccuracyCi95);
    w.key("adapt_ms_median").value(s.adaptMsMedian);
    w.endObject();
  }
  w.endArray();
  w.endObject();
}

void printText(const model::EvalReport& r, const model::EvalRequest& q) {
  std::printf("model %s: %s, %s part of %s, device %s\n", r.modelPath.c_str(), r.method.c_str(), q.part.c_str(),
              q.dataDir.c_str(), r.device.c_str());
  for (const auto& s : r.results) {
    std::printf("%d-way %d-shot (%d episodes, %d queries per class): accuracy %s %%, macro-F1 %s %%, "
                "clip accuracy %s %%, adaptation %.1f ms (median)\n",
                r.ways, s.shots, s.episodes, q.queries, percent(s.accuracy, s.accuracyCi95).c_str(),
                percent(s.macroF1, s.macroF1Ci95).c_str(), percent(s.clipAccuracy, s.clipAccuracyCi95).c_str(),
                s.adaptMsMedian);
  }
}

// One row per model; accuracy then macro-F1 columns, one per shot count, "mean ± 95% CI" in %.
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
  std::printf("%s\n%s\n", header.c_str(), rule.c_str());
  for (const auto& r : reports) {
    std::string row = "| " + r.method + " | " + std::filesystem::path(r.modelPath).filename().string() + " |";
    for (const auto& s : r.results) row += " " + percent(s.accuracy, s.accuracyCi95) + " |";
    for (const auto& s : r.results) row += " " + percent(s.macroF1, s.macroF1Ci95) + " |";
    std::printf("%s\n", row.c_str());
  }
}

}  // namespace

int runEval(const std::vector<std::string>& argv) {
  const Args args = Args::parse({"eval",
                                 {"--data", "--model", "--ways", "--shots", "--episodes", "--queries", "--seed", "--part",
                                  "--device"},
                                 {"--json", "--all"},
                                 0,
                                 1000},
                                argv);
  model::EvalRequest request;
  request.dataDir = requiredOption(args, "eval", "--data", "DIR");
  std::vector<std::string> models;
  if (args.has("--all")) {
    if (args.value("--model")) throw UsageError("eval: --all takes the model files as arguments, not --model");
    models = args.positional();
    if (models.empty()) throw UsageError("eval: --all needs at least one MODEL file");
  } else {
    if (!args.positional().empty())
      throw UsageError("eval: unexpected argument '" + args.positional()[0] + "' (several models: --all MODEL...)");
    models.push_back(requiredOption(args, "eval", "--model", "MODEL"));
  }
  request.ways = args.intValue("--ways", request.ways, 2, 1000);
  if (const auto shots = args.value("--shots")) request.shots = shotList(*shots, "eval");
  request.episodes = args.intValue("--episodes", request.episodes, 1, 10000000);
  request.queries = args.intValue("--queries", request.queries, 1, 10000);
  request.seed = uint64Option(args, "eval", "--seed").value_or(request.seed);
  request.part = args.value("--part").value_or(request.part);
  if (request.part != "test" && request.part != "val" && request.part != "train")
    throw UsageError("eval: --part expects test, val or train, got '" + request.part + "'");
  request.device = deviceOption(args, "eval");

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

  if (args.has("--json")) {
    JsonWriter w;
    if (args.has("--all")) w.beginArray();
    for (const auto& r : reports) writeReport(w, r, request);
    if (args.has("--all")) w.endArray();
    std::printf("%s\n", w.str().c_str());
  } else if (args.has("--all")) {
    printMarkdown(reports, request);
  } else {
    printText(reports.front(), request);
  }
  return 0;
}

}  // namespace stf2m::cli
