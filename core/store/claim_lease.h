#pragma once
// Keeps an analysis claim (project.h, AnalysisClaim) alive while a worker analyses its session: a
// thread of its own, with a connection of its own, renews the lease every third of it. When a
// renewal finds the claim gone, or the database has been unreachable for a whole lease (a server
// restart that outlasts it, a lost network), `onLost` is called once, from the lease's thread, so
// the worker can cancel: the session may be another worker's by now. While the database is away
// the lease keeps trying, with a new connection each time.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/project.h"

namespace stf2m::store {

class ClaimLease {
 public:
  ClaimLease(std::string project, std::string actor, AnalysisClaim claim, double leaseSeconds,
             std::function<void(const std::string& why)> onLost);
  ~ClaimLease();  // stops renewing (the claim stays until finished, failed or expired)
  ClaimLease(const ClaimLease&) = delete;
  ClaimLease& operator=(const ClaimLease&) = delete;

  int renewals() const;

 private:
  void run();

  const std::string project_, actor_;
  const AnalysisClaim claim_;
  const double leaseSeconds_;
  const std::function<void(const std::string&)> onLost_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int renewals_ = 0;
  std::thread thread_;
};

}  // namespace stf2m::store
