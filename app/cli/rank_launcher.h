#pragma once
// `stf2m train --nproc N`: starts N ranks of the same command on this machine and watches them
// (docs/distributed.md). Each rank is this program again, with --nproc removed and the variables
// torchrun would set (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR=127.0.0.1, a
// free MASTER_PORT), and STF2M_THREADS = cores / N unless it is set. Rank 0's stdout is this
// process's and its stderr is passed on but for its error line; the others' stdout is discarded
// and their stderr kept for the error line.
// When a rank fails, the others are stopped (SIGTERM, then SIGKILL after 10 s) and the launcher
// throws PeerLost naming the rank, its exit status and its last error line.
#include <string>
#include <vector>

namespace stf2m::cli {

// `arguments`: the command line after the program name, with the --nproc option still in it
// (`nprocOption`, as "--nproc"). Returns when every rank ended with status 0.
void runLocalRanks(int count, const std::vector<std::string>& arguments, const std::string& nprocOption);

}  // namespace stf2m::cli
