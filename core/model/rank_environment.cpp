#include "model/rank_environment.h"

#include <cstdlib>
#include <limits>
#include <optional>

#include "common/error.h"

namespace stf2m::model {

namespace {

constexpr int kMaxWorld = 1 << 20;

// The variable's value as an integer in [low, high]; nullopt when it is not set.
std::optional<int64_t> integerVariable(const EnvironmentLookup& lookup, const char* name, int64_t low, int64_t high) {
  const char* text = lookup(name);
  if (!text) return std::nullopt;
  const std::string value(text);
  size_t used = 0;
  int64_t number = 0;
  try {
    number = std::stoll(value, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (value.empty() || used != value.size() || number < low || number > high)
    throw Error(ErrorCode::InvalidArgument, name,
                "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high) + ", found '" +
                    value + "'");
  return number;
}

int requiredInteger(const EnvironmentLookup& lookup, const char* name, const char* launcherVariable, int64_t low,
                    int64_t high) {
  const std::optional<int64_t> v = integerVariable(lookup, name, low, high);
  if (!v)
    throw Error(ErrorCode::InvalidArgument, name,
                std::string("is not set, but ") + launcherVariable + " is: a distributed run needs both");
  return int(*v);
}

std::string stringVariable(const EnvironmentLookup& lookup, const char* name) {
  const char* text = lookup(name);
  return text ? std::string(text) : std::string();
}

}  // namespace

std::string firstHostOfNodeList(const std::string& list, const std::string& variable) {
  auto malformed = [&](const std::string& why) -> Error {
    return Error(ErrorCode::InvalidArgument, variable, "cannot read the node list '" + list + "': " + why);
  };
  if (list.empty()) throw malformed("it is empty");
  const size_t end = list.find_first_of(",[");
  const std::string prefix = list.substr(0, end);
  if (prefix.empty()) throw malformed("it does not start with a host name");
  if (end == std::string::npos || list[end] == ',') return prefix;
  // "prefix[07-09,12]...": the first range's lower bound, zero padding kept.
  const size_t close = list.find(']', end);
  if (close == std::string::npos) throw malformed("a '[' without its ']'");
  const std::string first = list.substr(end + 1, list.find_first_of(",-]", end + 1) - end - 1);
  if (first.empty() || first.find_first_not_of("0123456789") != std::string::npos)
    throw malformed("the range does not start with a number");
  return prefix + first;
}

RankEnvironment rankEnvironment(const EnvironmentLookup& lookup) {
  RankEnvironment env;
  std::optional<int64_t> port;
  if (lookup("RANK")) {
    env.launcher = "torchrun";
    env.rank = requiredInteger(lookup, "RANK", "RANK", 0, kMaxWorld - 1);
    env.world = requiredInteger(lookup, "WORLD_SIZE", "RANK", 1, kMaxWorld);
    env.localRank = int(integerVariable(lookup, "LOCAL_RANK", 0, kMaxWorld - 1).value_or(0));
    env.agentStore = stringVariable(lookup, "TORCHELASTIC_USE_AGENT_STORE") == "True";
    env.attempt = int(integerVariable(lookup, "TORCHELASTIC_RESTART_COUNT", 0, kMaxWorld).value_or(0));
  } else if (lookup("SLURM_PROCID") && lookup("SLURM_STEP_NUM_TASKS")) {
    env.launcher = "slurm";
    env.rank = requiredInteger(lookup, "SLURM_PROCID", "SLURM_PROCID", 0, kMaxWorld - 1);
    env.world = requiredInteger(lookup, "SLURM_STEP_NUM_TASKS", "SLURM_PROCID", 1, kMaxWorld);
    env.localRank = int(integerVariable(lookup, "SLURM_LOCALID", 0, kMaxWorld - 1).value_or(0));
    if (!lookup("MASTER_ADDR")) {
      const char* nodes = lookup("SLURM_STEP_NODELIST") ? "SLURM_STEP_NODELIST" : "SLURM_JOB_NODELIST";
      env.masterAddress = firstHostOfNodeList(stringVariable(lookup, nodes), nodes);
    }
    // Jobs sharing a node get different ports: 20000 + the job id's last four digits.
    if (!lookup("MASTER_PORT"))
      if (const auto job = integerVariable(lookup, "SLURM_JOB_ID", 0, std::numeric_limits<int64_t>::max()))
        port = 20000 + *job % 10000;
  } else if (lookup("OMPI_COMM_WORLD_RANK")) {
    env.launcher = "open-mpi";
    env.rank = requiredInteger(lookup, "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_RANK", 0, kMaxWorld - 1);
    env.world = requiredInteger(lookup, "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", 1, kMaxWorld);
    env.localRank = int(integerVariable(lookup, "OMPI_COMM_WORLD_LOCAL_RANK", 0, kMaxWorld - 1).value_or(0));
  } else if (lookup("PMI_RANK")) {
    env.launcher = "mpich";
    env.rank = requiredInteger(lookup, "PMI_RANK", "PMI_RANK", 0, kMaxWorld - 1);
    env.world = requiredInteger(lookup, "PMI_SIZE", "PMI_RANK", 1, kMaxWorld);
    env.localRank = int(integerVariable(lookup, "MPI_LOCALRANKID", 0, kMaxWorld - 1).value_or(0));
  } else {
    env.launcher = "none";
    return env;
  }
  if (env.rank >= env.world)
    throw Error(ErrorCode::InvalidArgument, env.launcher,
                "rank " + std::to_string(env.rank) + " is outside a world of " + std::to_string(env.world));
  if (env.world == 1) {
    env.masterAddress.clear();
    return env;
  }
  if (const char* address = lookup("MASTER_ADDR")) env.masterAddress = address;
  if (env.masterAddress.empty())
    throw Error(ErrorCode::InvalidArgument, "MASTER_ADDR",
                "is not set: rank " + std::to_string(env.rank) + " of " + std::to_string(env.world) + " (" + env.launcher +
                    ") needs the host of rank 0 (docs/distributed.md)");
  if (const auto given = integerVariable(lookup, "MASTER_PORT", 1, 65535)) port = given;
  if (!port)
    throw Error(ErrorCode::InvalidArgument, "MASTER_PORT",
                "is not set: rank " + std::to_string(env.rank) + " of " + std::to_string(env.world) + " (" + env.launcher +
                    ") needs the port rank 0 listens on (docs/distributed.md)");
  env.masterPort = uint16_t(*port);
  return env;
}

RankEnvironment rankEnvironmentOfProcess() {
  return rankEnvironment([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace stf2m::model
