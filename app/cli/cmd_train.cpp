// stf2m train: meta-trains an ST-F2M model (or a baseline) on a feature dataset and writes the
// model file with its card. Progress lines go to stderr, the summary (JSON) to stdout.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.h"
#include "common/error.h"
#include "common/json.h"
#include "model/engine.h"
#include "model_options.h"
#include "rank_launcher.h"

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

struct TrainOptions {
  model::TrainRequest request;
  std::string config, method, ablate;
  uint64_t seed = 0;
  int iterations = 0;
  const CLI::Option* seedOption = nullptr;        // given or not
  const CLI::Option* iterationsOption = nullptr;
  int nproc = 1;
  double peerTimeout = 60;
};

void run(TrainOptions& o) {
  model::TrainRequest& request = o.request;
  if (o.nproc > 1) {
    if (std::getenv("RANK") || std::getenv("OMPI_COMM_WORLD_RANK") || std::getenv("PMI_RANK"))
      throw UsageError("--nproc: this process is already a rank of a launcher (RANK or an MPI rank is set); "
                       "let the launcher start the ranks");
    runLocalRanks(o.nproc, invocationArguments(), "--nproc");
    return;
  }
  request.peerTimeout = std::chrono::milliseconds(int64_t(o.peerTimeout * 1000));
  if (!o.config.empty()) request.configPath = o.config;
  if (o.seedOption->count() > 0) request.seed = o.seed;
  if (o.iterationsOption->count() > 0) request.iterations = o.iterations;
  // Names are checked here so that a misspelt method or ablation is a usage error (exit 1).
  if (!o.method.empty()) {
    try {
      request.method = model::parseMethod(o.method);
    } catch (const Error& e) {
      throw UsageError(std::string("--method: ") + e.what());
    }
  }
  if (!o.ablate.empty()) {
    try {
      request.ablate = model::Ablations::parse(o.ablate);
    } catch (const Error& e) {
      throw UsageError(std::string("--ablate: ") + e.what());
    }
  }
  request.commandLine = commandLineText();

  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const model::TrainSummary s = model::trainModel(
      request, &cancel, [&](const model::TrainProgress& p) { printProgress(request.dataDir, p); });

  Json w = {{"out", request.outPath},
            {"card", request.outPath + ".card.json"},
            {"iterations", s.iterations},
            {"start_iteration", s.startIteration},
            {"seconds", s.seconds},
            {"seconds_per_iteration", s.secondsPerIteration}};
  if (s.secondsPerPretrainIteration > 0) w["seconds_per_pretrain_iteration"] = s.secondsPerPretrainIteration;
  w["validation_accuracy"] = s.validationAccuracy >= 0 ? Json(s.validationAccuracy) : Json(nullptr);
  w["validation_queries"] = s.validationQueries;
  if (!s.validationNote.empty()) w["validation_note"] = s.validationNote;
  w["parameters"] = s.parameters;
  w["device"] = s.device;
  w["exchange_seconds_per_iteration"] = s.exchangeSecondsPerIteration;
  w["rank"] = s.rank;
  w["ranks"] = s.world;
  w["weights_sha256"] = s.weightsSha256;
  std::printf("%s\n", dumpJson(w).c_str());
}

}  // namespace

void addTrainCommand(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* cmd = app.add_subcommand("train", "meta-train a model (progress on stderr, summary JSON on stdout)");
  cmd->add_option("--data", o->request.dataDir, "feature dataset folder (docs/dataset-format.md)")->required();
  cmd->add_option("--out", o->request.outPath, "the model file to write (its card beside it)")->required();
  cmd->add_option("--note", o->request.note, "a sentence for the card: what the model is and what it has seen");
  cmd->add_option("--method", o->method, "stf2m, protonet, maml, metalstm, finetune or pooled (default: the config's)");
  cmd->add_option("--ablate", o->ablate, "parts to switch off: spatial,temporal,fuzzy,metarnn");
  cmd->add_option("--config", o->config, "JSON config (default: the built-in defaults)");
  cmd->add_flag("--resume", o->request.resume, "continue from MODEL.checkpoint (same config and data)");
  o->seedOption = cmd->add_option("--seed", o->seed, "training seed (overrides the config)")->check(kNotNegative);
  o->iterationsOption = cmd->add_option("--iterations", o->iterations, "meta-training iterations (overrides the config)")
                            ->check(CLI::Range(1, 10000000));
  addDeviceOption(cmd, o->request.device);
  cmd->add_option("--nproc", o->nproc, "ranks to start on this machine for data-parallel training (docs/distributed.md)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--peer-timeout", o->peerTimeout, "seconds a rank waits for the others before it stops with an error")
      ->check(kPositive)
      ->capture_default_str();
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
