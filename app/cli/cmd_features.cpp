// stf2m features --project P --out DIR: a project's labelled segments as a feature dataset
// (core/pipeline/segment_features.h, docs/dataset-format.md), from the project's feature cache
// where it can, for `stf2m train` on one's own recordings.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "common/json.h"
#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "pipeline/segment_features.h"
#include "project_command.h"

namespace stf2m::cli {

namespace {

struct FeaturesOptions {
  ProjectTarget project;
  std::string out;
  pipeline::SegmentFeatureOptions segments;
  std::string device = "auto";
};

void run(FeaturesOptions& o) {
  compute::ComputeSettings cs;
  cs.threads = compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(o.device);
  o.segments.extraction.face.device = compute::configureCompute(cs).device;
  perception::keepActivationBuffersInHeap();
  const store::Project project = o.project.open();
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const pipeline::SegmentFeatureSummary s = pipeline::writeSegmentFeatures(project, o.out, o.segments, &cancel);
  for (const std::string& w : s.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const Json summary = {{"out", o.out},
                        {"scheme", o.segments.scheme},
                        {"sessions", s.sessions},
                        {"clips", s.clips},
                        {"face_chunks_computed", s.extraction.faceChunksComputed},
                        {"face_chunks_from_cache", s.extraction.faceChunksFromCache},
                        {"voice_chunks_computed", s.extraction.voiceChunksComputed},
                        {"voice_chunks_from_cache", s.extraction.voiceChunksFromCache}};
  std::printf("%s\n", dumpJson(summary).c_str());
}

}  // namespace

void addFeaturesCommand(CLI::App& app) {
  auto o = std::make_shared<FeaturesOptions>();
  CLI::App* cmd = app.add_subcommand(
      "features", "write a project's labelled segments as a feature dataset for stf2m train (docs/dataset-format.md)");
  cmd->add_option("--project", o->project.path, kProjectArgumentHelp)->required();
  cmd->add_option("--out", o->out, "the dataset folder to write (new or empty)")->required();
  cmd->add_option("--scheme", o->segments.scheme, "a categorical label scheme")->capture_default_str();
  cmd->add_option("--face-rate", o->segments.faceRateHz, "the dataset's face rate; every session is resampled to it")
      ->check(CLI::Range(1.0, 240.0))
      ->capture_default_str();
  cmd->add_option("--every", o->segments.extraction.face.detectEvery, "face detection every N-th frame (as analyze)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--actor", o->project.actor, "who the project's audit log names (default: $STF2M_ACTOR, else the login name)");
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
