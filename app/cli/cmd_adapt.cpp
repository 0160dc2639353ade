// stf2m adapt: adapts a meta-trained model to labelled support clips (a subject's few examples)
// and writes the adapted model file; prints a JSON summary.
#include <cstdio>
#include <memory>
#include <string>

#include "cmd_subject.h"
#include "commands.h"
#include "common/json.h"
#include "model/engine.h"
#include "model_options.h"
#include "project_command.h"

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
  if (s.statistics.present()) w["statistics_path"] = s.statistics.toJson();
  std::printf("%s\n", dumpJson(w).c_str());
}

}  // namespace

void addAdaptCommand(CLI::App& app) {
  auto r = std::make_shared<model::AdaptRequest>();
  auto p = std::make_shared<ProjectAdaptOptions>();
  CLI::App* cmd = app.add_subcommand(
      "adapt", "adapt to labelled support clips (a feature dataset, or a subject's support set in a project)");
  cmd->add_option("--model", r->modelPath, "a meta-trained model file (with --project: default the shipped session meta-model)");
  cmd->add_option("--support", r->supportPath,
                  "a feature dataset folder (or its clips.csv) whose clips are all support; with --project, a support "
                  "set's id (default: the subject's newest)");
  cmd->add_option("--out", r->outPath, "the adapted model file to write")->required();
  cmd->add_option("--note", r->note, "a sentence for the card: what the model has and has not seen");
  cmd->add_option("--project", p->project, "adapt to a subject of this project (a file or postgresql:// URI), store the model and make it active");
  cmd->add_option("--subject", p->subject, "with --project: the subject's code");
  cmd->add_option("--scheme", p->scheme, "with --project: the categorical scheme of the segments")->capture_default_str();
  cmd->add_flag("--no-predict", p->noPredict, "with --project: do not re-predict the subject's sessions");
  cmd->add_option("--actor", p->actor, "with --project: who the audit log names (default: $STF2M_ACTOR, else the login name)");
  addDeviceOption(cmd, r->device);
  cmd->callback([r, p] {
    if (p->project.empty()) {
      if (!p->subject.empty()) throw UsageError("--subject needs --project");
      if (r->modelPath.empty() || r->supportPath.empty()) throw UsageError("give --model and --support, or --project and --subject");
      run(*r);
      return;
    }
#ifdef STF2M_WITH_MEDIA
    if (p->subject.empty()) throw UsageError("--project needs --subject");
    ProjectAdaptOptions o = *p;
    o.modelPath = r->modelPath;
    o.support = r->supportPath;
    o.outPath = r->outPath;
    o.device = r->device;
    if (o.actor.empty()) o.actor = ProjectTarget{{}, {}}.who();
    runProjectAdapt(o);
#else
    throw UsageError("this build of stf2m has no project store (it was built without FFmpeg and SQLite)");
#endif
  });
}

}  // namespace stf2m::cli
