// stf2m feature-profile: fits a feature profile (dataset/feature_profile.h) on real perception
// output: every face the face pipeline finds in the given pictures (face schema v1) and every
// voice-active row of the given recordings (voice schema v1). packaging/make-session-model.sh
// fits the shipped session model's profile this way (docs/session-model.md).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "common/error.h"
#include "common/json.h"
#include "compute/compute.h"
#include "dataset/feature_profile.h"
#include "perception/face_features.h"
#include "perception/face_pipeline.h"
#include "pipeline/session_model.h"
#include "rgb_frames.h"
#include "voice/voice_schema.h"

namespace stf2m::cli {

namespace {

struct ProfileOptions {
  std::vector<std::string> images, audio;
  std::string out;
  double faceRate = 25.0;
  std::string device = "auto";
};

// Every face of every frame of `path` (a picture, or each frame of a video) into `acc`.
int addFaces(perception::FacePipeline& pipeline, const std::string& path, dataset::ProfileAccumulator& acc) {
  RgbFrames reader(path);
  RgbFrames::Frame frame;
  int faces = 0, frames = 0;
  while (reader.next(frame)) {
    ++frames;
    for (const perception::FaceAnalysis& a :
         pipeline.analyse({frame.rgb, reader.width(), reader.height(), reader.width() * 3})) {
      const perception::FaceObservation o{a.box, a.landmarks, a.expressions};
      acc.add(perception::faceFeatures(&o).data());
      ++faces;
    }
  }
  if (frames == 0) reader.throwIfNothingDecoded();
  return faces;
}

// The rows of `path` where voice activity is on.
int addVoice(const std::string& path, dataset::ProfileAccumulator& acc) {
  const voice::VoiceFeatures f = voice::voiceFeaturesOfFile(path);
  std::vector<float> row(voice::kVoiceFeatureCount);
  int rows = 0;
  for (int k = 0; k < f.frames; ++k)
    if (f.vad[size_t(k)] > 0.5f) {
      voice::voiceFeatureRow(f, k, row.data());
      acc.add(row.data());
      ++rows;
    }
  return rows;
}

void run(const ProfileOptions& o) {
  if (o.images.empty() && o.audio.empty()) throw UsageError("give --images, --audio or both");
  dataset::FeatureProfile profile;
  Json source = Json::object(), counts = Json::object();
  if (!o.images.empty()) {
    compute::ComputeSettings cs;
    cs.threads = compute::threadsFromEnvironment();
    cs.device = compute::parseDevicePreference(o.device);
    perception::FacePipelineOptions po;
    po.device = compute::configureCompute(cs).device;
    perception::FacePipeline pipeline(po);
    dataset::ProfileAccumulator acc(pipeline::faceModality(o.faceRate), perception::faceFeatureNames());
    Json images = Json::array();
    for (const std::string& path : o.images) {
      const int faces = addFaces(pipeline, path, acc);
      images.push_back({{"file", path}, {"faces", faces}});
      if (faces == 0) std::fprintf(stderr, "warning: %s: no face found\n", path.c_str());
    }
    if (acc.samples() == 0) throw Error(ErrorCode::InvalidArgument, o.images.front(), "no face in any of the pictures");
    profile.modalities.push_back(acc.profile());
    source["face"] = std::move(images);
  }
  if (!o.audio.empty()) {
    dataset::ProfileAccumulator acc(pipeline::voiceModality(), voice::voiceFeatureNames());
    Json files = Json::array();
    for (const std::string& path : o.audio) {
      const int rows = addVoice(path, acc);
      files.push_back({{"file", path}, {"voice_rows", rows}});
      if (rows == 0) std::fprintf(stderr, "warning: %s: no voice activity\n", path.c_str());
    }
    if (acc.samples() == 0) throw Error(ErrorCode::InvalidArgument, o.audio.front(), "no voice activity in any recording");
    profile.modalities.push_back(acc.profile());
    source["voice"] = std::move(files);
  }
  source["command"] = "stf2m feature-profile";
  profile.sourceText = dumpJson(source, false);
  dataset::writeFeatureProfile(profile, o.out);
  for (const auto& m : profile.modalities) counts[m.spec.name] = m.samples;
  std::printf("%s\n", dumpJson(Json{{"out", o.out}, {"samples", std::move(counts)}}, false).c_str());
}

}  // namespace

void addFeatureProfileCommand(CLI::App& app) {
  auto o = std::make_shared<ProfileOptions>();
  CLI::App* cmd = app.add_subcommand(
      "feature-profile", "fit per-column feature statistics on real perception output, for the session-schema "
                         "simulation (docs/session-model.md)");
  cmd->add_option("--images", o->images, "pictures (or videos): every face found counts");
  cmd->add_option("--audio", o->audio, "recordings: every voice-active 10 ms row counts");
  cmd->add_option("--out", o->out, "the profile JSON to write")->required();
  cmd->add_option("--face-rate", o->faceRate, "frame rate recorded for the face modality")
      ->check(CLI::Range(1.0, 240.0))
      ->capture_default_str();
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
