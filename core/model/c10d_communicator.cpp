// The only file of the project that calls PyTorch's c10d (docs/distributed.md).
// STF2M_WITH_GLOO: CMake found Gloo's headers; USE_C10D_GLOO: LibTorch was built with its Gloo
// backend. Without both, this build trains on one process and says so when asked for more.
#if defined(STF2M_WITH_GLOO) && defined(USE_C10D_GLOO)
#define STF2M_C10D_GLOO 1
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#else
#define STF2M_C10D_GLOO 0
#endif

#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

#include "common/error.h"
#include "model/communicator.h"

namespace stf2m::model {

namespace {

class LocalCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void allReduceSum(torch::Tensor&) override {}
  void broadcast(torch::Tensor&, int) override {}
  void barrier() override {}
};

#if STF2M_C10D_GLOO
class GlooCommunicator final : public Communicator {
 public:
  GlooCommunicator(const RankEnvironment& env, std::chrono::milliseconds timeout)
      : rank_(env.rank), size_(env.world), timeout_(timeout), where_(env.masterAddress + ":" + std::to_string(env.masterPort)) {
    guard("joining the run at " + where_, [&] {
      c10d::TCPStoreOptions options;
      options.port = env.masterPort;
      options.timeout = timeout;
      c10::intrusive_ptr<c10d::Store> store;
      if (env.agentStore) {
        // torchrun's agent serves the store; its workers share it under this start's prefix.
        options.isServer = false;
        store = c10::make_intrusive<c10d::PrefixStore>("/worker/attempt_" + std::to_string(env.attempt),
                                                       c10::make_intrusive<c10d::TCPStore>(env.masterAddress, options));
      } else {
        options.isServer = env.rank == 0;
        options.numWorkers = size_t(env.world);
        options.waitWorkers = true;
        store = c10::make_intrusive<c10d::TCPStore>(env.masterAddress, options);
      }
      auto groupOptions = c10d::ProcessGroupGloo::Options::create(timeout);
      groupOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(env.masterAddress));
      group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(store, env.rank, env.world, groupOptions);
    });
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void allReduceSum(torch::Tensor& tensor) override {
    guard("summing " + std::to_string(tensor.numel()) + " values", [&] {
      std::vector<at::Tensor> tensors{tensor};
      group_->allreduce(tensors, c10d::AllreduceOptions{})->wait(timeout_);
    });
  }

  void broadcast(torch::Tensor& tensor, int root) override {
    guard("a broadcast from rank " + std::to_string(root), [&] {
      std::vector<at::Tensor> tensors{tensor};
      c10d::BroadcastOptions options;
      options.rootRank = root;
      group_->broadcast(tensors, options)->wait(timeout_);
    });
  }

  void barrier() override {
    guard("waiting for every rank", [&] { group_->barrier()->wait(timeout_); });
  }

 private:
  // Runs a c10d call; its failure (a peer gone, a timeout, a refused connection) is PeerLost.
  template <typename Call>
  void guard(const std::string& what, Call&& call) {
    try {
      call();
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      std::string detail = e.what();
      if (const size_t end = detail.find('\n'); end != std::string::npos) detail.resize(end);  // c10d appends a trace
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", double(timeout_.count()) / 1000.0);
      throw Error(ErrorCode::PeerLost, name(),
                  "lost the other ranks while " + what + " (master " + where_ + ", timeout " + seconds + " s): " + detail);
    }
  }

  int rank_, size_;
  std::chrono::milliseconds timeout_;
  std::string where_;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group_;
};
#endif

}  // namespace

std::unique_ptr<Communicator> makeLocalCommunicator() { return std::make_unique<LocalCommunicator>(); }

std::unique_ptr<Communicator> connectRanks(const RankEnvironment& env, std::chrono::milliseconds timeout) {
  if (env.world <= 1) return makeLocalCommunicator();
#if STF2M_C10D_GLOO
  return std::make_unique<GlooCommunicator>(env, timeout);
#else
  (void)timeout;
  throw Error(ErrorCode::InvalidArgument, "rank " + std::to_string(env.rank) + " of " + std::to_string(env.world),
              "this build has no Gloo (LibTorch's c10d backend for CPUs, with the headers of libgloo-dev), so it "
              "trains on one process only (docs/distributed.md)");
#endif
}

}  // namespace stf2m::model
