// stf2m adapt: adapts a meta-trained model to labelled support clips (a subject's few examples)
// and writes the adapted model file; prints a JSON summary.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "common/json.h"
#include "model/engine.h"
#include "model_options.h"

namespace stf2m::cli {

namespace {

void run(model::AdaptRequest request) {
  request.commandLine = commandLineText();
  const model::AdaptSummary s = model::adaptModel(request);
  warnWeakCalibration(s.calibration);
  Json w = {{"out", request.outPath},
            {"card", request.outPath + ".card.json"},
            {"classes", s.classes},
            {"support_clips", s.supportClips},
            {"support_views", s.supportViews},
            {"milliseconds", s.milliseconds}};
  addCalibration(w, s.calibration);
  std::printf("%s\n", dumpJson(w).c_str());
}

}  // namespace

void addAdaptCommand(CLI::App& app) {
  auto r = std::make_shared<model::AdaptRequest>();
  CLI::App* cmd = app.add_subcommand("adapt", "adapt to labelled support clips, write the adapted model");
  cmd->add_option("--model", r->modelPath, "a meta-trained model file")->required();
  cmd->add_option("--support", r->supportPath, "feature dataset folder (or its clips.csv) whose clips are all support")
      ->required();
  cmd->add_option("--out", r->outPath, "the adapted model file to write")->required();
  cmd->add_option("--note", r->note, "a sentence for the card: what the model has and has not seen");
  addDeviceOption(cmd, r->device);
  cmd->callback([r] { run(*r); });
}

}  // namespace stf2m::cli
