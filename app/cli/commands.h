#pragma once
// One function per stf2m subcommand. Each returns the process exit code and throws
// stf2m::Error (exit 2) or cli::UsageError (exit 1); main() turns those into one stderr line.
#include <string>
#include <vector>

namespace stf2m::cli {

int runProbe(const std::vector<std::string>& args);
int runMediaHash(const std::vector<std::string>& args);
int runBenchDecode(const std::vector<std::string>& args);
int runBenchStore(const std::vector<std::string>& args);
int runBenchPerception(const std::vector<std::string>& args);
int runInfo(const std::vector<std::string>& args);
int runProject(const std::vector<std::string>& args);
int runSynth(const std::vector<std::string>& args);
int runVoice(const std::vector<std::string>& args);
int runFaces(const std::vector<std::string>& args);
// The learning engine (built with LibTorch only).
int runTrain(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runAdapt(const std::vector<std::string>& args);
int runPredict(const std::vector<std::string>& args);
int runModel(const std::vector<std::string>& args);

}  // namespace stf2m::cli
