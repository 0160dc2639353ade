#include "store/claim_lease.h"

#include <chrono>
#include <memory>
#include <optional>

#include "common/error.h"

namespace stf2m::store {

using Clock = std::chrono::steady_clock;

ClaimLease::ClaimLease(std::string project, std::string actor, AnalysisClaim claim, double leaseSeconds,
                       std::function<void(const std::string& why)> onLost)
    : project_(std::move(project)),
      actor_(std::move(actor)),
      claim_(std::move(claim)),
      leaseSeconds_(leaseSeconds),
      onLost_(std::move(onLost)),
      thread_([this] { run(); }) {}

ClaimLease::~ClaimLease() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int ClaimLease::renewals() const {
  std::lock_guard lock(mutex_);
  return renewals_;
}

void ClaimLease::run() {
  const auto every = std::chrono::duration<double>(leaseSeconds_ / 3);
  const auto lease = std::chrono::duration<double>(leaseSeconds_);
  std::optional<Project> project;
  Clock::time_point lastRenewed = Clock::now();
  std::string lastError;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, every, [this] { return stopping_; })) return;
    }
    try {
      if (!project) {
        project.emplace(Project::open(project_, actor_));
        project->setReconnection(leaseSeconds_ / 3);  // a renewal never waits past the next one
      }
      if (!project->renewClaim(claim_, leaseSeconds_)) {
        onLost_("the claim on session " + std::to_string(claim_.sessionId) + " is no longer " + claim_.worker + "'s");
        return;
      }
      lastRenewed = Clock::now();
      std::lock_guard lock(mutex_);
      ++renewals_;
    } catch (const Error& e) {  // the database is away: try again with a new connection
      project.reset();
      lastError = e.what();
      if (Clock::now() - lastRenewed >= lease) {
        onLost_("the claim on session " + std::to_string(claim_.sessionId) + " could not be renewed for " +
                std::to_string(int(leaseSeconds_)) + " s (" + lastError + ")");
        return;
      }
    }
  }
}

}  // namespace stf2m::store
