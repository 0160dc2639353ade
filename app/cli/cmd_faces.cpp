// stf2m faces FILE: faces per frame of a picture (JPEG/PNG open as a 1-frame video, Netpbm in
// every build) or a video, tracked across frames (core/perception/face_tracker.h), on the CPU or
// on CUDA (--device). Coordinates are pixels of the picture as displayed: decoded at the display
// size (rotation metadata and sample aspect ratio applied, as VideoReader::convertToRgb does),
// x right, y down, origin at the top-left corner.
#include <cmath>
#include <cstdio>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "common/error.h"
#include "common/json.h"
#include "rgb_frames.h"

#ifdef STF2M_WITH_TORCH
#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "perception/face_sequence.h"
#endif

namespace stf2m::cli {

namespace {

struct FacesOptions {
  std::string path;
  int every = 1;
  int inputSize = 416;
  double score = 0.5;
  int maxFrames = 0;  // 0: all
  bool json = false;
  bool rawLandmarks = false;
  std::string device = "auto";
};

#ifndef STF2M_WITH_TORCH

void run(const FacesOptions&) {
  throw Error(ErrorCode::InvalidArgument, "faces", "this build has no face networks (built without LibTorch)");
}

#else

using namespace stf2m::perception;

void run(const FacesOptions& opt) {
  const std::string& path = opt.path;
  if (opt.inputSize % 32) throw UsageError("--input-size must be a multiple of 32");
  FaceTrackerOptions trackOptions;
  trackOptions.detectEvery = opt.every;
  trackOptions.smoothing.enabled = !opt.rawLandmarks;
  const int maxFrames = opt.maxFrames;
  const bool json = opt.json;

  compute::ComputeSettings cs;
  cs.threads = compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(opt.device);

  RgbFrames reader(path);  // FileNotFound / NotMedia / ... before the networks load
  if (reader.fps() > 0) {
    trackOptions.fps = reader.fps();
    trackOptions.reidentifyFrames = int(std::ceil(2.5 * reader.fps()));  // as the session pipeline
  }
  keepActivationBuffersInHeap();
  FacePipelineOptions po;
  po.inputSize = opt.inputSize;
  po.scoreThreshold = opt.score;
  po.device = compute::configureCompute(cs).device;
  FaceSequence faceFrames(po, trackOptions);
  const int width = reader.width(), height = reader.height();

  Json frameList = Json::array();
  int frames = 0;
  RgbFrames::Frame frame;
  while (reader.next(frame)) {
    if (maxFrames > 0 && frames >= maxFrames) break;
    if (!json && frames == 0) std::printf("frame,time,track,x,y,width,height,score,expression,source\n");
    const std::vector<TrackedFace> faces =
        faceFrames.process(int(frame.index), {frame.rgb, width, height, width * 3});
    if (json) {
      Json faceList = Json::array();
      for (const TrackedFace& f : faces) {
        const FaceObservation& o = f.observation;
        Json landmarks = Json::array(), expressions = Json::object();
        if (o.landmarks.valid)
          for (const FacePoint& p : o.landmarks.points) landmarks.push_back({p.x, p.y});
        if (o.expressions.valid)
          for (int i = 0; i < kExpressionCount; ++i) expressions[kExpressionNames[i]] = double(o.expressions.probabilities[i]);
        faceList.push_back({{"track", f.trackId},
                            {"source", faceSourceName(f.source)},
                            {"box", {o.box.x, o.box.y, o.box.width, o.box.height}},
                            {"score", o.box.score},
                            {"landmarks", std::move(landmarks)},
                            {"expressions", std::move(expressions)}});
      }
      frameList.push_back({{"index", frame.index}, {"time", frame.time}, {"faces", std::move(faceList)}});
    } else {
      for (const TrackedFace& f : faces) {
        const FaceObservation& o = f.observation;
        int top = 0;
        for (int i = 1; i < kExpressionCount; ++i)
          if (o.expressions.probabilities[i] > o.expressions.probabilities[top]) top = i;
        std::printf("%lld,%.6f,%d,%.2f,%.2f,%.2f,%.2f,%.4f,%s,%s\n", static_cast<long long>(frame.index), frame.time,
                    f.trackId, o.box.x, o.box.y, o.box.width, o.box.height, o.box.score,
                    o.expressions.valid ? kExpressionNames[top] : "", faceSourceName(f.source));
      }
    }
    ++frames;
  }
  if (frames == 0) reader.throwIfNothingDecoded();
  if (json) std::printf("%s\n", dumpJson(Json{{"frames", std::move(frameList)}}, false).c_str());
  std::fflush(stdout);
  for (const auto& p : reader.diagnostics()) std::fprintf(stderr, "warning: %s: %s\n", path.c_str(), p.c_str());
}

#endif

}  // namespace

void addFacesCommand(CLI::App& app) {
  auto o = std::make_shared<FacesOptions>();
  CLI::App* cmd = app.add_subcommand(
      "faces", "faces per frame (tracked) as CSV or JSON (docs/face-features.md); FILE: a picture or video FFmpeg "
               "opens, or Netpbm (P5/P6)");
  cmd->add_option("FILE", o->path, "picture or video")->required();
  cmd->add_option("--every", o->every, "run the detector every N-th frame, track landmarks in between")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON with boxes, 68 landmarks and 7 expression probabilities (default: CSV)");
  cmd->add_flag("--raw-landmarks", o->rawLandmarks,
                "landmarks as the network reads them in each frame (default: smoothed over time per track)");
  cmd->add_option("--input-size", o->inputSize, "detector input size, a multiple of 32")
      ->check(CLI::Range(32, 4096))
      ->capture_default_str();
  cmd->add_option("--score", o->score, "detector score threshold")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->add_option("--max-frames", o->maxFrames, "stop after K frames (0: all)")->check(CLI::Range(0, 1 << 30));
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
