// stf2m faces FILE: faces per frame of a picture (JPEG/PNG open as a 1-frame video, Netpbm in
// every build) or a video, tracked across frames (core/perception/face_tracker.h), on the CPU or
// on CUDA (--device). Coordinates are pixels of the picture as displayed: decoded at the display
// size (rotation metadata and sample aspect ratio applied, as VideoReader::convertToRgb does),
// x right, y down, origin at the top-left corner.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli_args.h"
#include "commands.h"
#include "common/error.h"
#include "common/json_writer.h"
#include "rgb_frames.h"

#ifdef STF2M_WITH_TORCH
#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "perception/face_sequence.h"
#endif

namespace stf2m::cli {

#ifndef STF2M_WITH_TORCH

int runFaces(const std::vector<std::string>&) {
  throw Error(ErrorCode::InvalidArgument, "faces", "this build has no face networks (built without LibTorch)");
}

#else

namespace {

using namespace stf2m::perception;


double doubleValue(const Args& args, const std::string& option, double fallback, double min, double max) {
  const auto text = args.value(option);
  if (!text) return fallback;
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text->size() || !(v >= min && v <= max))
    throw UsageError("faces: " + option + " expects a number in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return v;
}

}  // namespace

int runFaces(const std::vector<std::string>& argv) {
  Args args = Args::parse({"faces", {"--every", "--input-size", "--score", "--max-frames", "--device"}, {"--json"}, 1, 1}, argv);
  const std::string& path = args.positional()[0];
  FaceTrackerOptions trackOptions;
  trackOptions.detectEvery = args.intValue("--every", 1, 1, 1000000);
  const int inputSize = args.intValue("--input-size", 416, 32, 4096);
  if (inputSize % 32) throw UsageError("faces: --input-size must be a multiple of 32");
  const double score = doubleValue(args, "--score", 0.5, 0.0, 1.0);
  const int maxFrames = args.intValue("--max-frames", 0, 0, 1 << 30);  // 0: all
  const bool json = args.has("--json");

  compute::ComputeSettings cs;
  cs.threads = compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(deviceOption(args, "faces"));

  RgbFrames reader(path);  // FileNotFound / NotMedia / ... before the networks load
  keepActivationBuffersInHeap();
  FacePipelineOptions po;
  po.inputSize = inputSize;
  po.scoreThreshold = score;
  po.device = compute::configureCompute(cs).device;
  FaceSequence faceFrames(po, trackOptions);
  const int width = reader.width(), height = reader.height();

  JsonWriter w(false);
  if (json) w.beginObject().key("frames").beginArray();
  int frames = 0;
  RgbFrames::Frame frame;
  while (reader.next(frame)) {
    if (maxFrames > 0 && frames >= maxFrames) break;
    if (!json && frames == 0) std::printf("frame,time,track,x,y,width,height,score,expression\n");
    const std::vector<TrackedFace> faces =
        faceFrames.process(int(frame.index), {frame.rgb, width, height, width * 3});
    if (json) {
      w.beginObject().key("index").value(frame.index).key("time").value(frame.time).key("faces").beginArray();
      for (const TrackedFace& f : faces) {
        const FaceObservation& o = f.observation;
        w.beginObject().key("track").value(f.trackId);
        w.key("box").beginArray().value(o.box.x).value(o.box.y).value(o.box.width).value(o.box.height).endArray();
        w.key("score").value(o.box.score);
        w.key("landmarks").beginArray();
        if (o.landmarks.valid)
          for (const FacePoint& p : o.landmarks.points) w.beginArray().value(p.x).value(p.y).endArray();
        w.endArray();
        w.key("expressions").beginObject();
        if (o.expressions.valid)
          for (int i = 0; i < kExpressionCount; ++i) w.key(kExpressionNames[i]).value(double(o.expressions.probabilities[i]));
        w.endObject().endObject();
      }
      w.endArray().endObject();
    } else {
      for (const TrackedFace& f : faces) {
        const FaceObservation& o = f.observation;
        int top = 0;
        for (int i = 1; i < kExpressionCount; ++i)
          if (o.expressions.probabilities[i] > o.expressions.probabilities[top]) top = i;
        std::printf("%lld,%.6f,%d,%.2f,%.2f,%.2f,%.2f,%.4f,%s\n", static_cast<long long>(frame.index), frame.time,
                    f.trackId, o.box.x, o.box.y, o.box.width, o.box.height, o.box.score,
                    o.expressions.valid ? kExpressionNames[top] : "");
      }
    }
    ++frames;
  }
  if (frames == 0) reader.throwIfNothingDecoded();
  if (json) {
    w.endArray().endObject();
    std::printf("%s\n", w.str().c_str());
  }
  std::fflush(stdout);
  for (const auto& p : reader.diagnostics()) std::fprintf(stderr, "warning: %s: %s\n", path.c_str(), p.c_str());
  return 0;
}

#endif

}  // namespace stf2m::cli
