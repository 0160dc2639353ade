#pragma once
// The stf2m subcommands, declared with CLI11. Each add*Command function adds its subcommand (or
// group of subcommands) to the application with typed options and one-line help texts; the
// subcommand's callback does the work. Work throws stf2m::Error (exit 2) or UsageError (exit 1);
// main() turns those, and CLI11's own parse errors (exit 1), into one "error:" line on stderr.
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace stf2m::cli {

// A mistake in how the command was called that CLI11's declarations cannot express: exit code 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void addProbeCommand(CLI::App& app);
void addMediaHashCommand(CLI::App& app);
void addProjectCommands(CLI::App& app);
void addTeamCommands(CLI::App& app);
void addVoiceCommand(CLI::App& app);
void addBenchDecodeCommand(CLI::App& bench);
void addBenchStoreCommand(CLI::App& bench);
void addBenchPerceptionCommand(CLI::App& bench);
void addBenchAnalyzeCommand(CLI::App& bench);  // media and LibTorch builds
void addBenchTrainCommand(CLI::App& bench);    // LibTorch builds
void addFeatureProfileCommand(CLI::App& app);  // media and LibTorch builds
void addAnalyzeCommand(CLI::App& app);         // media and LibTorch builds
void addFeaturesCommand(CLI::App& app);        // media and LibTorch builds
void addSubjectCommands(CLI::App& app);        // support, models, suggest (media and LibTorch builds)
void addInfoCommand(CLI::App& app);
void addSynthCommand(CLI::App& app);
void addFacesCommand(CLI::App& app);
// The learning engine (built with LibTorch only).
void addTrainCommand(CLI::App& app);
void addEvalCommand(CLI::App& app);
void addAdaptCommand(CLI::App& app);
void addPredictCommand(CLI::App& app);
void addModelCommands(CLI::App& app);

// For unsigned options (seeds): CLI11 would otherwise read "-3" as a huge number.
extern const CLI::Validator kNotNegative;
// For ids and rates: a number above zero.
extern const CLI::Validator kPositive;

// --device auto|cpu|cuda into `device` (which holds the default).
CLI::Option* addDeviceOption(CLI::App* command, std::string& device);

// The arguments the program was started with (after its name), as main() recorded them: model
// cards record the command that made them.
const std::vector<std::string>& invocationArguments();
void setInvocationArguments(std::vector<std::string> arguments);

}  // namespace stf2m::cli
