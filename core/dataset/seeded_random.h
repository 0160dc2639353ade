#pragma once
// Random numbers that are the same on every platform for a given seed. std::mt19937_64's output
// sequence is fixed by the C++ standard, but std::uniform_int_distribution, std::normal_distribution
// and std::shuffle are not (libstdc++ and libc++ differ), so episodes, splits and the synthetic
// benchmark draw only through the functions below, whose algorithms are spelled out here:
//   index(n):   rejection sampling on the raw 64-bit output, then modulo n (no bias);
//   uniform():  the top 53 bits of one output scaled to [0, 1);
//   normal():   Box-Muller on two uniform() draws, both results used in turn;
//   shuffle():  Fisher-Yates from the last element down, swapping i with index(i + 1).
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace stf2m::dataset {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}

  uint64_t next() { return engine_(); }
  // Uniform in [0, n); n must be > 0.
  uint64_t index(uint64_t n);
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double probability) { return uniform() < probability; }
  double normal();
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
  }

  // A seed for an independent sub-stream (e.g. one per subject), so adding draws to one part of
  // a generator does not change what every later part gets.
  static uint64_t derive(uint64_t seed, uint64_t stream);

 private:
  std::mt19937_64 engine_;
  bool hasSpareNormal_ = false;
  double spareNormal_ = 0.0;
};

}  // namespace stf2m::dataset
