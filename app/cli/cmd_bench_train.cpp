// stf2m bench train: meta-training speed at several world sizes (docs/distributed.md). For each
// N of --nproc it runs `stf2m train --nproc N` on the same data and configuration, each rank with
// cores / N LibTorch threads, so every run uses the whole machine; it prints meta-iterations per
// second, the scaling efficiency against 1 rank (which has all the threads), and the time the
// ranks spend summing gradients per iteration. Medians of --repeat runs.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "commands.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/json.h"
#include "dataset/synth.h"

namespace stf2m::cli {

namespace {

namespace fs = std::filesystem;

struct BenchTrainOptions {
  std::vector<int> nproc{1, 2, 4};
  std::string data;
  int iterations = 30;
  int metaBatch = 8;
  int repeat = 3;
};

struct RunFigures {
  double secondsPerIteration = 0;
  double exchangeSecondsPerIteration = 0;
};

// Runs this program with `arguments` and `threads` LibTorch threads per rank; returns its stdout.
// Its stderr goes to ours only when it fails (through a file, to keep the table readable).
std::string runSelf(const std::vector<std::string>& arguments, int threads, const std::string& scratch) {
  std::vector<std::string> argv{"stf2m"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("STF2M_THREADS=", 0) != 0) env.push_back(*e);
  env.push_back("STF2M_THREADS=" + std::to_string(threads));
  std::vector<char*> envs;
  for (std::string& e : env) envs.push_back(e.data());
  envs.push_back(nullptr);

  const std::string outPath = scratch + "/run.out", errPath = scratch + "/run.err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, args.data(), envs.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw Error(ErrorCode::Internal, "bench train", "cannot start stf2m train");
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string err = readWholeFile(errPath);
    while (!err.empty() && err.back() == '\n') err.pop_back();
    const size_t last = err.rfind('\n');
    throw Error(ErrorCode::Internal, "bench train", "stf2m train failed: " + (last == std::string::npos ? err : err.substr(last + 1)));
  }
  return readWholeFile(outPath);
}

RunFigures trainOnce(const std::string& data, const std::string& config, int nproc,
                     const std::string& scratch) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = int(std::max(1u, cores / unsigned(nproc)));
  const std::string out = runSelf({"train", "--data", data, "--out", scratch + "/bench.stf2m", "--config", config,
                                   "--nproc", std::to_string(nproc)},
                                  threads, scratch);
  const JsonNode summary = parseJson(out, "stf2m train's summary");
  RunFigures f;
  f.secondsPerIteration = summary.at("seconds_per_iteration").asNumber();
  f.exchangeSecondsPerIteration = summary.at("exchange_seconds_per_iteration").asNumber();
  return f;
}

void run(const BenchTrainOptions& o) {
  const fs::path scratch = fs::temp_directory_path() / ("stf2m-bench-train-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  struct Cleanup {
    fs::path path;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } cleanup{scratch};
  std::string data = o.data;
  if (data.empty()) {
    data = (scratch / "synth").string();
    dataset::writeSynthetic(dataset::generateSynthetic(dataset::SynthParams{}), data);
  }
  const std::string config = (scratch / "config.json").string();
  // No validation and no checkpoint inside the timed iterations: the figures are the training step's.
  writeFileAtomically(config, dumpJson(Json{{"iterations", o.iterations},
                                            {"meta_batch", o.metaBatch},
                                            {"validate_every", o.iterations + 1},
                                            {"checkpoint_every", o.iterations + 1}}) +
                                  "\n");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("stf2m bench train: %d iterations of %d episodes, %s, %u cores, medians of %d runs\n", o.iterations,
              o.metaBatch, o.data.empty() ? "the default synthetic benchmark" : o.data.c_str(), cores, o.repeat);
  std::printf("%6s %9s %12s %11s %12s\n", "ranks", "threads", "iter/s", "efficiency", "exchange ms");
  double reference = 0;
  for (const int n : o.nproc) {
    std::vector<double> seconds, exchange;
    for (int r = 0; r < o.repeat; ++r) {
      const RunFigures f = trainOnce(data, config, n, scratch.string());
      seconds.push_back(f.secondsPerIteration);
      exchange.push_back(f.exchangeSecondsPerIteration);
    }
    const double rate = 1.0 / median(seconds);
    if (reference == 0) reference = rate;
    std::printf("%6d %9u %12.2f %10.0f%% %12.2f\n", n, std::max(1u, cores / unsigned(n)), rate,
                100.0 * rate / reference, 1000.0 * median(exchange));
    std::fflush(stdout);
  }
  std::printf("efficiency: iterations per second against the first row's (1 rank: all cores' threads in one process)\n");
}

}  // namespace

void addBenchTrainCommand(CLI::App& bench) {
  auto o = std::make_shared<BenchTrainOptions>();
  CLI::App* cmd = bench.add_subcommand("train", "meta-training speed per world size (ranks on this machine)");
  cmd->add_option("--nproc", o->nproc, "world sizes to measure, in order (the first is the reference)")
      ->delimiter(',')
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--data", o->data, "feature dataset folder (default: the synthetic benchmark, written to a temporary folder)");
  cmd->add_option("--iterations", o->iterations, "meta-training iterations per run")->check(CLI::Range(2, 100000))->capture_default_str();
  cmd->add_option("--meta-batch", o->metaBatch, "episodes per iteration")->check(CLI::Range(1, 1024))->capture_default_str();
  cmd->add_option("--repeat", o->repeat, "runs per world size")->check(CLI::Range(1, 100))->capture_default_str();
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
