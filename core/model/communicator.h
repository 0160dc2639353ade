#pragma once
// What the ranks of a data-parallel run say to each other (docs/distributed.md): sums of
// gradients and of evaluation results, a broadcast, a barrier. One process is the local
// communicator (every call returns at once, nothing changes); several are PyTorch's c10d (Gloo),
// every c10d call of the project being in c10d_communicator.cpp so that LibTorch's API changes
// touch one file.
#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <string>

#include "model/rank_environment.h"

namespace stf2m::model {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every rank calls these in the same order with tensors of the same shape and type. A lost
  // peer, or one that does not answer within the timeout, is PeerLost naming this rank.
  virtual void allReduceSum(torch::Tensor& tensor) = 0;  // in place
  virtual void broadcast(torch::Tensor& tensor, int root) = 0;
  virtual void barrier() = 0;

  bool leads() const { return rank() == 0; }  // rank 0 validates its log, writes checkpoints and the model
  std::string name() const { return "rank " + std::to_string(rank()) + " of " + std::to_string(size()); }
};

std::unique_ptr<Communicator> makeLocalCommunicator();

// Joins the run `env` describes: rank 0 serves a TCPStore at env.masterAddress:masterPort, every
// rank waits there for the others (at most `timeout`), then they form a Gloo process group whose
// operations fail after `timeout` too. A world of one is the local communicator.
std::unique_ptr<Communicator> connectRanks(const RankEnvironment& env, std::chrono::milliseconds timeout);

}  // namespace stf2m::model
