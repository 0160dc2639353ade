#pragma once
// Cancellation and progress, the two extra parameters of every long core call.
// The owner of the work (a UI worker, the CLI) holds the token and sets it from any thread.
#include <atomic>
#include <functional>

namespace stf2m {

class CancelToken {
 public:
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  void reset() noexcept { cancelled_.store(false, std::memory_order_relaxed); }
  bool isCancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

// Called with a fraction in [0, 1]. Must be cheap; it is called from the working thread.
using ProgressCallback = std::function<void(double fraction)>;

// Throws Error(Cancelled) naming `what` when the token (which may be null) is set.
void throwIfCancelled(const CancelToken* token, const char* what);

}  // namespace stf2m
