// stf2m train: meta-trains an ST-F2M model (or a baseline) on a feature dataset and writes the
// model file with its card. Progress lines go to stderr, the summary (JSON) to stdout.
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "common/error.h"
#include "common/json_writer.h"
#include "model/engine.h"
#include "model_options.h"

namespace stf2m::cli {

namespace {

void printProgress(const std::string& dataDir, const model::TrainProgress& p) {
  if (!p.notice.empty()) std::fprintf(stderr, "warning: %s: %s\n", dataDir.c_str(), p.notice.c_str());
  std::string line = "iteration " + std::to_string(p.iteration) + "/" + std::to_string(p.iterations);
  char buf[96];
  std::snprintf(buf, sizeof buf, "  loss %.4f", p.loss);
  line += buf;
  if (p.validationAccuracy >= 0) {
    std::snprintf(buf, sizeof buf, "  val-acc %.2f%%", 100.0 * p.validationAccuracy);
    line += buf;
  }
  std::snprintf(buf, sizeof buf, "  %.1f s", p.seconds);
  line += buf;
  if (p.checkpointed) line += "  checkpoint";
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace

int runTrain(const std::vector<std::string>& argv) {
  const Args args = Args::parse({"train",
                                 {"--data", "--method", "--ablate", "--config", "--out", "--seed", "--iterations", "--device"},
                                 {"--resume"},
                                 0,
                                 0},
                                argv);
  model::TrainRequest request;
  request.dataDir = requiredOption(args, "train", "--data", "DIR");
  request.outPath = requiredOption(args, "train", "--out", "MODEL");
  request.configPath = args.value("--config");
  // Names are checked here so that a misspelt method or ablation is a usage error (exit 1).
  if (const auto method = args.value("--method")) {
    try {
      request.method = model::parseMethod(*method);
    } catch (const Error& e) {
      throw UsageError(std::string("train: --method: ") + e.what());
    }
  }
  if (const auto ablate = args.value("--ablate")) {
    try {
      request.ablate = model::Ablations::parse(*ablate);
    } catch (const Error& e) {
      throw UsageError(std::string("train: --ablate: ") + e.what());
    }
  }
  request.seed = uint64Option(args, "train", "--seed");
  if (args.value("--iterations")) request.iterations = args.intValue("--iterations", 0, 1, 10000000);
  request.resume = args.has("--resume");
  request.device = deviceOption(args, "train");
  request.commandLine = commandLineText("train", argv);

  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const model::TrainSummary s = model::trainModel(
      request, &cancel, [&](const model::TrainProgress& p) { printProgress(request.dataDir, p); });

  JsonWriter w;
  w.beginObject();
  w.key("out").value(request.outPath);
  w.key("card").value(request.outPath + ".card.json");
  w.key("iterations").value(s.iterations);
  w.key("start_iteration").value(s.startIteration);
  w.key("seconds").value(s.seconds);
  w.key("seconds_per_iteration").value(s.secondsPerIteration);
  if (s.secondsPerPretrainIteration > 0) w.key("seconds_per_pretrain_iteration").value(s.secondsPerPretrainIteration);
  if (s.validationAccuracy >= 0)
    w.key("validation_accuracy").value(s.validationAccuracy);
  else
    w.key("validation_accuracy").null();
  w.key("validation_queries").value(s.validationQueries);
  if (!s.validationNote.empty()) w.key("validation_note").value(s.validationNote);
  w.key("parameters").value(s.parameters);
  w.key("device").value(s.device);
  w.endObject();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

}  // namespace stf2m::cli
