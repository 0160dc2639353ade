// stf2m: the headless command-line interface over core. Contract: results on stdout; on any
// error exactly one line "error: ..." on stderr and exit code 2 (1 for usage errors).
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "cli_args.h"
#include "commands.h"
#include "common/error.h"
#ifdef STF2M_WITH_TORCH
#include "compute/compute.h"
#endif

namespace {

const char* kUsage =
    "stf2m " STF2M_VERSION " - ST-F2M Studio command-line interface\n"
    "\n"
    "usage: stf2m COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  probe FILE                      media information as JSON\n"
    "  media-hash FILE [--at T1,T2,..] per decoded frame of the first video stream:\n"
    "                                  index,pts_seconds,md5 (md5 as FFmpeg's framemd5)\n"
    "        [--threads N] [--strict]  --strict: damaged data is an error, not a warning\n"
    "  bench decode FILE [--threads N] [--repeat R] [--seeks K] [--seed S]\n"
    "        [--only decode|seek] [--json]\n"
    "                                  decode and seek speed, against the ffmpeg CLI\n"
    "  bench store [--dir D] [--repeat R] [--segments N] [--sessions S] [--media FILE]\n"
    "                                  project store speed, against bare SQLite\n"
    "  bench perception FILE... [--threads N] [--repeat R] [--every N] [--no-reference]\n"
    "        [--device cpu|cuda|auto]  face pipeline speed per stage, against face-api (node)\n"
    "  synth --out DIR [--seed S] [--subjects N] [--classes C] [--clips-per-class K]\n"
    "        [--compound-rate R] [--graded-rate R] [--label-noise R] [--noisy-face-fraction R]\n"
    "                                  write the synthetic benchmark dataset (docs/dataset-format.md)\n"
    "  faces FILE [--every N] [--json] [--input-size S] [--score S] [--max-frames K]\n"
    "        [--device auto|cpu|cuda]  faces per frame (tracked) as JSON or CSV (docs/face-features.md);\n"
    "                                  FILE: a picture or video FFmpeg opens, or Netpbm (P5/P6)\n"
    "  voice FILE --csv                voice features at 100 Hz as CSV (docs/voice-features.md)\n"
    "  train --data DIR --out MODEL [--method stf2m|protonet|maml|metalstm|finetune]\n"
    "        [--ablate spatial,temporal,fuzzy,metarnn] [--config FILE] [--resume] [--seed N]\n"
    "        [--iterations N] [--device auto|cpu|cuda]\n"
    "                                  meta-train a model (progress on stderr, summary JSON)\n"
    "  eval --data DIR --model MODEL [--ways N] [--shots 1,5] [--episodes N] [--queries Q]\n"
    "        [--seed S] [--part test|val|train] [--json] [--device D]\n"
    "                                  few-shot accuracy and macro-F1 with 95% CIs\n"
    "  eval --data DIR --all MODEL...  the same for several models as one Markdown table\n"
    "  adapt --model MODEL --support DIR --out ADAPTED [--device D]\n"
    "                                  adapt to labelled support clips, write the adapted model\n"
    "  predict --model ADAPTED --data DIR [--csv|--json] [--device D]\n"
    "                                  clip and view emotion probabilities (JSON by default)\n"
    "  model card MODEL                the model's JSON card (after an integrity check)\n"
    "  info [--threads N] [--device auto|cpu|cuda]\n"
    "                                  versions and the compute device as JSON\n"
    "  project init PROJECT [--name N]  create a project file (owner-only permissions)\n"
    "  project add-session PROJECT --subject CODE --name NAME --media FILE [--offset S]...\n"
    "        [--recorded WHEN] [--notes TEXT]  add a session with its media (probed and hashed)\n"
    "  project sessions PROJECT         sessions and media as JSON\n"
    "  project check-media PROJECT      session,media,ok|missing|changed,path per media file\n"
    "  project relink PROJECT FILE --media-id ID [--accept-different-content]\n"
    "  project import PROJECT FILE --session ID [--format eaf|textgrid|csv] [--no-create]\n"
    "        [--keep-times]            ELAN, Praat or segment CSV into a session, all or nothing\n"
    "  project export PROJECT --out FILE [--format eaf|textgrid|csv|traces|predictions|frames|json]\n"
    "        [--session ID] [--model ID] [--fps F]\n"
    "  project audit PROJECT [--limit N] [--table T]  the audit log, newest first, as JSON\n"
    "  project agreement PROJECT [--scheme S] [--rate HZ] [--by session|subject]\n"
    "                                  rater-rater and model-rater agreement as JSON\n"
    "        (every project command takes --actor NAME; default $STF2M_ACTOR or the login name)\n"
    "\n"
    "exit codes: 0 success, 1 usage error, 2 any other error\n";

using Command = int (*)(const std::vector<std::string>&);

int runBench(const std::vector<std::string>& args) {
  const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
#ifdef STF2M_WITH_MEDIA
  if (!args.empty() && args[0] == "decode") return stf2m::cli::runBenchDecode(rest);
  if (!args.empty() && args[0] == "store") return stf2m::cli::runBenchStore(rest);
#endif
  if (!args.empty() && args[0] == "perception") return stf2m::cli::runBenchPerception(rest);
  throw stf2m::cli::UsageError("bench: expected 'bench decode FILE', 'bench store' or 'bench perception FILE...'");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "--version") {
    std::printf("stf2m %s\n", STF2M_VERSION);
    return 0;
  }
  const std::map<std::string, Command> commands = {
#ifdef STF2M_WITH_MEDIA
      {"probe", stf2m::cli::runProbe},
      {"media-hash", stf2m::cli::runMediaHash},
      {"project", stf2m::cli::runProject},
      {"voice", stf2m::cli::runVoice},
#endif
      {"bench", runBench},
      {"info", stf2m::cli::runInfo},
      {"synth", stf2m::cli::runSynth},
      {"faces", stf2m::cli::runFaces},
#ifdef STF2M_WITH_TORCH
      {"train", stf2m::cli::runTrain},
      {"eval", stf2m::cli::runEval},
      {"adapt", stf2m::cli::runAdapt},
      {"predict", stf2m::cli::runPredict},
      {"model", stf2m::cli::runModel},
#endif
  };
  auto it = commands.find(args[0]);
  if (it == commands.end()) {
#ifndef STF2M_WITH_MEDIA
    if (args[0] == "probe" || args[0] == "media-hash" || args[0] == "project" || args[0] == "voice") {
      std::fprintf(stderr, "error: %s: this build has no FFmpeg or SQLite (built with STF2M_WITH_MEDIA=OFF)\n", args[0].c_str());
      return 2;
    }
#endif
    std::fprintf(stderr, "error: unknown command '%s' (see stf2m --help)\n", args[0].c_str());
    return 1;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
#ifdef STF2M_WITH_TORCH
    stf2m::compute::configureThreads(stf2m::compute::threadsFromEnvironment());
#endif
    return it->second(rest);
  } catch (const stf2m::cli::UsageError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s (see stf2m --help)\n", e.what());
    return 1;
  } catch (const stf2m::Error& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fflush(stdout);
    std::fputs("error: out of memory\n", stderr);
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: internal error: %s\n", e.what());
    return 2;
  }
}
