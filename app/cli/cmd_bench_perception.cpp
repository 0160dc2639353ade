// stf2m bench perception FILE...: speed of the face pipeline (core/perception/face_pipeline.h)
// per stage on pictures and videos decoded beforehand (decoding is not timed), and, for pictures,
// against @vladmandic/face-api itself (tests/perception/face_reference.js, TensorFlow.js's
// wasm backend, the same settings and the same RGB bytes) run in the same command.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"
#include "commands.h"
#include "common/error.h"
#include "rgb_frames.h"

#ifdef STF2M_WITH_TORCH
#include <filesystem>
#include <fstream>

#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "perception/face_sequence.h"
#include "perception/model_locator.h"
#endif

extern char** environ;

namespace stf2m::cli {

namespace {

struct BenchPerceptionOptions {
  std::vector<std::string> files;
  int threads = 0;  // 0: STF2M_THREADS or the hardware concurrency
  int repeat = 3, every = 5;
  std::string device = "cpu";
  bool noReference = false;
};

#ifndef STF2M_WITH_TORCH

void run(const BenchPerceptionOptions&) {
  throw Error(ErrorCode::InvalidArgument, "bench perception", "this build has no face networks (built without LibTorch)");
}

#else

using namespace stf2m::perception;

namespace fs = std::filesystem;

constexpr int kMaxVideoFrames = 300;

struct Decoded {
  int width = 0, height = 0;
  std::vector<std::vector<uint8_t>> frames;  // packed RGB24
  bool picture = false;
};

Decoded decodeFile(const std::string& path) {
  RgbFrames reader(path);
  Decoded d;
  d.width = reader.width(), d.height = reader.height();
  const size_t bytes = size_t(d.width) * size_t(d.height) * 3;
  RgbFrames::Frame frame;
  while (int(d.frames.size()) < kMaxVideoFrames && reader.next(frame)) d.frames.emplace_back(frame.rgb, frame.rgb + bytes);
  if (d.frames.empty()) {
    reader.throwIfNothingDecoded();
    throw Error(ErrorCode::CorruptData, path, "no picture could be decoded");
  }
  d.picture = d.frames.size() == 1 && reader.isPicture();
  return d;
}

struct StageMs {
  double detection = 0, landmarks = 0, expressions = 0, total = 0;  // ms per frame
  double faces = 0;                                                  // per frame
};

// Every frame through the whole pipeline `repeat` times; medians over the repeats of the mean
// per-frame time of each stage.
StageMs timePipeline(FacePipeline& pipeline, const Decoded& d, int repeat) {
  std::vector<double> det, lm, ex, total;
  double faces = 0;
  for (int r = 0; r < repeat; ++r) {
    double sd = 0, sl = 0, se = 0, st = 0;
    size_t n = 0;
    for (const auto& rgb : d.frames) {
      FaceTimings t;
      const auto start = Clock::now();
      n += pipeline.analyse({rgb.data(), d.width, d.height, d.width * 3}, &t).size();
      st += secondsSince(start) * 1000.0;
      sd += t.detectionMs, sl += t.landmarksMs, se += t.expressionsMs;
    }
    const double f = double(d.frames.size());
    det.push_back(sd / f), lm.push_back(sl / f), ex.push_back(se / f), total.push_back(st / f);
    faces = double(n) / f;
  }
  return {median(det), median(lm), median(ex), median(total), faces};
}

struct TrackedMs {
  double ms = 0;                // per frame, median over the repeats
  int detections = 0, refits = 0, searches = 0;  // of the last repeat
};

// Every frame through FaceSequence (detection every `every` frames, landmark refits between, as
// `stf2m faces --every` does), a fresh tracker per repeat; median ms/frame over the repeats.
TrackedMs timeTracked(const Decoded& d, const std::string& device, int every, int repeat) {
  std::vector<double> ms;
  TrackedMs result;
  FaceTrackerOptions to;
  to.detectEvery = every;
  for (int r = 0; r < repeat; ++r) {
    FacePipelineOptions po;
    po.device = device;
    FaceSequence frames(po, to);  // loading the networks is not timed
    const auto start = Clock::now();
    for (size_t i = 0; i < d.frames.size(); ++i) frames.process(int(i), {d.frames[i].data(), d.width, d.height, d.width * 3});
    ms.push_back(secondsSince(start) * 1000.0 / double(d.frames.size()));
    result.detections = frames.tracker().detectionsRun(), result.refits = frames.tracker().refinementsRun(),
    result.searches = frames.tracker().searchesRun();
  }
  result.ms = median(ms);
  return result;
}

void printStage(const char* name, double ms) {
  std::printf("  %-26s %9.2f ms/frame  %9.1f frames/s\n", name, ms, ms > 0 ? 1000.0 / ms : 0.0);
}

// Runs `node SCRIPT JOB` with NODE_PATH set; returns its stdout, or sets `why` and returns "".
std::string runNode(const std::string& script, const std::string& job, const std::string& nodePath, std::string& why) {
  int out[2];
  if (pipe(out) != 0) return why = "pipe failed", "";
  const std::string nodePathEnv = "NODE_PATH=" + nodePath;
  std::vector<std::string> envStrings;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("NODE_PATH=", 0) != 0) envStrings.emplace_back(*e);
  envStrings.push_back(nodePathEnv);
  std::vector<char*> envp;
  for (auto& s : envStrings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> cmd = {"node", script, job};
  std::vector<char*> argv;
  for (auto& s : cmd) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, "node", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (err != 0) {
    close(out[0]);
    return why = "node not found", "";
  }
  std::string text;
  char buf[65536];
  for (ssize_t k; (k = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, size_t(k));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return why = "node face_reference.js failed", "";
  return text;
}

// The "ms" values of the reference's images array, in order.
std::vector<double> msValues(const std::string& json) {
  std::vector<double> v;
  const std::string key = "\"ms\":";
  for (size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + key.size()))
    v.push_back(std::strtod(json.c_str() + at + key.size(), nullptr));
  return v;
}

std::string jsonString(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

void run(const BenchPerceptionOptions& o) {
  const int repeat = o.repeat, every = o.every;
  compute::ComputeSettings cs;
  cs.threads = o.threads > 0 ? o.threads : compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(o.device);
  const compute::ComputeInfo computeInfo = compute::configureCompute(cs);
  const int threads = computeInfo.threads;
  const std::string device = computeInfo.device;
  const bool reference = !o.noReference;

  keepActivationBuffersInHeap();  // as stf2m faces does
  std::vector<Decoded> files;
  for (const std::string& path : o.files) files.push_back(decodeFile(path));  // errors before timing
  FacePipelineOptions po;  // 416, 0.5, landmarks + expressions: face-api's settings
  po.device = device;
  FacePipeline pipeline(po);
  std::printf("device %s, LibTorch threads: %d, runs per measurement: %d (medians reported), input size %d, score %.2f\n",
              device.c_str(), threads, repeat, pipeline.options().inputSize, pipeline.options().scoreThreshold);

  std::vector<double> oursPhotoMs;
  std::vector<size_t> photoIndex;
  for (size_t i = 0; i < files.size(); ++i) {
    const Decoded& d = files[i];
    const std::string& path = o.files[i];
    // One untimed warm-up frame so the first file does not pay LibTorch's first-call costs.
    pipeline.analyse({d.frames[0].data(), d.width, d.height, d.width * 3});
    const StageMs s = timePipeline(pipeline, d, repeat);
    std::printf("%s: %s %dx%d, %zu frame%s, %.2f faces/frame\n", path.c_str(), d.picture ? "picture" : "video", d.width,
                d.height, d.frames.size(), d.frames.size() == 1 ? "" : "s", s.faces);
    printStage("detection", s.detection);
    printStage("landmarks", s.landmarks);
    printStage("expressions", s.expressions);
    printStage("whole pipeline", s.total);
    if (!d.picture) {
      char name[64];
      std::snprintf(name, sizeof name, "tracked, detect every %d", every);
      const TrackedMs tracked = timeTracked(d, device, every, repeat);
      printStage(name, tracked.ms);
      std::printf("  (tracked = stf2m faces --every %d: full detection at least every %d frames, landmark refits between;\n"
                  "   %d detections, %d face refits, %d region searches; %.2fx the whole-pipeline frame rate)\n",
                  every, every, tracked.detections, tracked.refits, tracked.searches, s.total / tracked.ms);
    }
    if (d.picture) oursPhotoMs.push_back(s.total), photoIndex.push_back(i);
  }
  std::fflush(stdout);

  if (photoIndex.empty()) return;
  if (!reference) {
    std::printf("reference: not run (--no-reference)\n");
    return;
  }
  const fs::path source(STF2M_SOURCE_DIR);
  const fs::path script = source / "tests/perception/face_reference.js";
  const fs::path nodeModules = source / "resources/npm/node_modules";
  if (!fs::exists(script) || !fs::exists(nodeModules / "@vladmandic/face-api")) {
    std::printf("reference: not run (%s or %s missing)\n", script.c_str(), (nodeModules / "@vladmandic/face-api").c_str());
    return;
  }
  std::string modelDir;
  try {
    modelDir = findFaceModelDir();
  } catch (const Error& e) {
    std::printf("reference: not run (%s)\n", e.what());
    return;
  }
  char tmpl[] = "/tmp/stf2m-bench-perception-XXXXXX";
  if (!mkdtemp(tmpl)) throw Error(ErrorCode::FileUnreadable, "/tmp", "cannot create a temporary folder");
  const fs::path tmp(tmpl);
  std::string job = "{\"modelDir\": " + jsonString(modelDir) + ", \"backend\": \"wasm\", \"repeat\": " + std::to_string(repeat) + ", \"images\": [";
  for (size_t k = 0; k < photoIndex.size(); ++k) {
    const Decoded& d = files[photoIndex[k]];
    const fs::path raw = tmp / ("photo" + std::to_string(k) + ".rgb");
    std::ofstream(raw, std::ios::binary).write(reinterpret_cast<const char*>(d.frames[0].data()), std::streamsize(size_t(d.width) * d.height * 3));
    job += (k ? ", " : "") + std::string("{\"path\": ") + jsonString(raw.string()) + ", \"width\": " + std::to_string(d.width) +
           ", \"height\": " + std::to_string(d.height) + "}";
  }
  job += "]}";
  const fs::path jobPath = tmp / "job.json";
  std::ofstream(jobPath) << job;
  std::string why;
  const std::string out = runNode(script.string(), jobPath.string(), nodeModules.string(), why);
  std::error_code ec;
  fs::remove_all(tmp, ec);
  const std::vector<double> refMs = msValues(out);
  if (out.empty() || refMs.size() != photoIndex.size()) {
    std::printf("reference: not run (%s)\n", why.empty() ? "unexpected output from face_reference.js" : why.c_str());
    return;
  }
  std::printf("against @vladmandic/face-api (tfjs wasm backend, 416/0.5, tiny landmarks, expressions; one node run,\n"
              "warm-up + median of %d per photo, timed in node around detectAllFaces):\n", repeat);
  std::printf("  %-60s %10s %10s %8s\n", "photo", "ours ms", "ref ms", "ref/ours");
  std::vector<double> ratios;
  double oursSum = 0, refSum = 0;
  for (size_t k = 0; k < photoIndex.size(); ++k) {
    const double ratio = refMs[k] / oursPhotoMs[k];
    ratios.push_back(ratio);
    oursSum += oursPhotoMs[k], refSum += refMs[k];
    std::printf("  %-60s %10.2f %10.2f %8.2f\n", o.files[photoIndex[k]].c_str(), oursPhotoMs[k], refMs[k], ratio);
  }
  std::printf("  total: ours %.2f ms, reference %.2f ms, ratio %.2f (median per-photo ratio %.2f; >1 = we are faster)\n",
              oursSum, refSum, refSum / oursSum, median(ratios));
}

#endif

}  // namespace

void addBenchPerceptionCommand(CLI::App& bench) {
  auto o = std::make_shared<BenchPerceptionOptions>();
  CLI::App* cmd =
      bench.add_subcommand("perception", "face pipeline speed per stage, against face-api itself (node) on the same photos");
  cmd->add_option("FILE", o->files, "photos or videos")->required();
  cmd->add_option("--threads", o->threads, "LibTorch threads (default: STF2M_THREADS or the hardware concurrency)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--repeat", o->repeat, "runs per measurement (medians reported)")->check(CLI::Range(1, 100))->capture_default_str();
  cmd->add_option("--every", o->every, "detector every N-th frame for videos")->check(CLI::Range(1, 1000000))->capture_default_str();
  addDeviceOption(cmd, o->device);
  cmd->add_flag("--no-reference", o->noReference, "do not run face-api in node");
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
