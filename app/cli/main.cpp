// stf2m: the headless command-line interface over core. Contract: results on stdout; on any
// error exactly one line "error: ..." on stderr and exit code 2 (1 for usage errors).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "commands.h"
#include "common/error.h"
#ifdef STF2M_WITH_TORCH
#include "compute/compute.h"
#endif

namespace stf2m::cli {

namespace {
std::vector<std::string> gInvocation;
}  // namespace

const std::vector<std::string>& invocationArguments() { return gInvocation; }
void setInvocationArguments(std::vector<std::string> arguments) { gInvocation = std::move(arguments); }

const CLI::Validator kNotNegative(
    [](std::string& text) { return text.rfind('-', 0) == 0 ? std::string("must not be negative") : std::string(); },
    "NOT NEGATIVE");

const CLI::Validator kPositive(
    [](std::string& text) {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      return end != text.c_str() && v > 0 ? std::string() : std::string("must be a number above 0");
    },
    "POSITIVE");

CLI::Option* addDeviceOption(CLI::App* command, std::string& device) {
  return command->add_option("--device", device, "compute device: auto (CUDA when present), cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
}

}  // namespace stf2m::cli

namespace {

#ifndef STF2M_WITH_MEDIA
// The GPU build (STF2M_WITH_MEDIA=OFF) names the commands it lacks, so that calling one says why.
void addUnavailable(CLI::App& parent, const std::string& name, const std::string& what) {
  CLI::App* cmd = parent.add_subcommand(name, what + " (not in this build: no FFmpeg or SQLite)");
  cmd->allow_extras()->prefix_command();
  cmd->callback([cmd] {
    throw stf2m::Error(stf2m::ErrorCode::InvalidArgument, cmd->get_name(),
                       "this build has no FFmpeg or SQLite (built with STF2M_WITH_MEDIA=OFF)");
  });
}
#endif

void addCommands(CLI::App& app) {
  using namespace stf2m::cli;
#ifdef STF2M_WITH_MEDIA
  addProbeCommand(app);
  addMediaHashCommand(app);
#else
  addUnavailable(app, "probe", "media information as JSON");
  addUnavailable(app, "media-hash", "index,pts_seconds,md5 per decoded frame");
#endif
  CLI::App* bench = app.add_subcommand("bench", "speed benchmarks that print figures against a reference");
  bench->require_subcommand(1);
#ifdef STF2M_WITH_MEDIA
  addBenchDecodeCommand(*bench);
  addBenchStoreCommand(*bench);
#else
  addUnavailable(*bench, "decode", "decode and seek speed");
  addUnavailable(*bench, "store", "project store speed");
#endif
  addBenchPerceptionCommand(*bench);
#if defined(STF2M_WITH_MEDIA) && defined(STF2M_WITH_TORCH)
  addBenchAnalyzeCommand(*bench);
  addFeatureProfileCommand(app);
  addAnalyzeCommand(app);
  addFeaturesCommand(app);
  addSubjectCommands(app);
#endif
  addSynthCommand(app);
  addFacesCommand(app);
#ifdef STF2M_WITH_MEDIA
  addVoiceCommand(app);
#else
  addUnavailable(app, "voice", "voice features at 100 Hz");
#endif
#ifdef STF2M_WITH_TORCH
  addBenchTrainCommand(*bench);
  addTrainCommand(app);
  addEvalCommand(app);
  addAdaptCommand(app);
  addPredictCommand(app);
  addModelCommands(app);
#endif
  addInfoCommand(app);
#ifdef STF2M_WITH_MEDIA
  addProjectCommands(app);
  addTeamCommands(app);
#else
  addUnavailable(app, "project", "projects: sessions, annotations, interchange, agreement");
  addUnavailable(app, "team", "a project on a PostgreSQL server shared by a team");
#endif
}

// "bench decode" for the subcommand being parsed when an error came, "" for the top level.
std::string commandPath(const CLI::App& app) {
  std::string path;
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) {
    at = at->get_subcommands().front();
    path += (path.empty() ? "" : " ") + at->get_name();
  }
  return path;
}

// The deepest command parsed so far.
const CLI::App& deepest(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  return *at;
}

int usageError(const CLI::App& app, std::string message) {
  std::fflush(stdout);
  const std::string path = commandPath(app);
  // A misspelt command reads better as that than as a missing one.
  const CLI::App& at = deepest(app);
  if (at.get_require_subcommand_min() > 0 && at.get_subcommands().empty() && !at.remaining().empty())
    message = "unknown command '" + at.remaining().front() + "'";
  std::fprintf(stderr, "error: %s%s (see stf2m %s--help)\n", path.empty() ? "" : (path + ": ").c_str(), message.c_str(),
               path.empty() ? "" : (path + " ").c_str());
  return 1;
}

int runtimeError(const char* message) {
  std::fflush(stdout);
  std::fprintf(stderr, "error: %s\n", message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("stf2m " STF2M_VERSION " - ST-F2M Studio command-line interface", "stf2m");
  app.set_version_flag("--version", "stf2m " STF2M_VERSION);
  app.require_subcommand(1);
  addCommands(app);
  app.footer(  // after the commands, which would otherwise inherit it
      "Every project command takes --actor NAME (default $STF2M_ACTOR, else the login name).\n"
      "STF2M_THREADS=N sets LibTorch's thread count (default: the hardware concurrency).\n"
      "Exit codes: 0 success, 1 usage error, 2 any other error. 'stf2m COMMAND --help' lists a command's options.");
  if (argc < 2) {  // no command: the overview, on stderr, as a usage error
    std::fputs(app.help().c_str(), stderr);
    return 1;
  }
  stf2m::cli::setInvocationArguments(std::vector<std::string>(argv + 1, argv + argc));
  try {
#ifdef STF2M_WITH_TORCH
    stf2m::compute::configureThreads(stf2m::compute::threadsFromEnvironment());
#endif
    app.parse(argc, argv);  // the chosen subcommand's callback runs inside
    return 0;
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usageError(app, e.what());
  } catch (const stf2m::cli::UsageError& e) {
    return usageError(app, e.what());
  } catch (const stf2m::Error& e) {
    return runtimeError(e.what());
  } catch (const std::bad_alloc&) {
    return runtimeError("out of memory");
  } catch (const std::exception& e) {
    return runtimeError((std::string("internal error: ") + e.what()).c_str());
  }
}
