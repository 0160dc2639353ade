#pragma once
// Which rank of a distributed run this process is, read from the environment the launchers set,
// so that `stf2m train` runs unchanged under the launchers researchers already use
// (docs/distributed.md):
//   torchrun --no-python   RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT,
//                          TORCHELASTIC_USE_AGENT_STORE, TORCHELASTIC_RESTART_COUNT
//   stf2m train --nproc N  the same variables, set by the CLI for the ranks it starts
//   srun                   SLURM_PROCID, SLURM_STEP_NUM_TASKS, SLURM_LOCALID; the master is
//                          MASTER_ADDR or else the first host of SLURM_STEP_NODELIST /
//                          SLURM_JOB_NODELIST, the port MASTER_PORT or else one from the job id
//   mpirun (Open MPI)      OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE, OMPI_COMM_WORLD_LOCAL_RANK;
//   mpiexec (MPICH, Hydra) PMI_RANK, PMI_SIZE; both need MASTER_ADDR (mpirun -x / -genv)
// The first launcher whose rank variable is set decides. A batch script's own shell under Slurm
// has SLURM_PROCID but no SLURM_STEP_NUM_TASKS: it is one process, not rank 0 of the job's tasks.
// No LibTorch here.
#include <cstdint>
#include <functional>
#include <string>

namespace stf2m::model {

struct RankEnvironment {
  int rank = 0;
  int world = 1;
  int localRank = 0;
  std::string masterAddress;  // empty when world is 1
  uint16_t masterPort = 0;    // 0 when world is 1
  std::string launcher;       // "none", "torchrun", "slurm", "open-mpi" or "mpich"
  // torchrun's agent already serves the rendezvous store at MASTER_ADDR:MASTER_PORT
  // (TORCHELASTIC_USE_AGENT_STORE=True): every rank joins it as a client, under the key prefix of
  // this start (/worker/attempt_N, N = TORCHELASTIC_RESTART_COUNT), as PyTorch's own workers do.
  bool agentStore = false;
  int attempt = 0;
};

// Looks a variable up; nullptr when it is not set.
using EnvironmentLookup = std::function<const char*(const char*)>;

// InvalidArgument naming the variable when one is not a number in range, when a rank is outside
// its world, or when a world of more than one rank has no master address.
RankEnvironment rankEnvironment(const EnvironmentLookup& lookup);
RankEnvironment rankEnvironmentOfProcess();  // from ::getenv

// The first host of a Slurm node list: "node[07-09,12],gpu3" -> "node07", "a1,b2" -> "a1".
// InvalidArgument naming `variable` for an empty or malformed list.
std::string firstHostOfNodeList(const std::string& list, const std::string& variable);

}  // namespace stf2m::model
