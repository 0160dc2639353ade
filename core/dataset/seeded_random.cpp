#include "dataset/seeded_random.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

namespace stf2m::dataset {

uint64_t SeededRandom::index(uint64_t n) {
  // Reject the top partial block of outputs so every residue is equally likely.
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  const uint64_t limit = max - (max % n);
  uint64_t x = engine_();
  while (x >= limit) x = engine_();
  return x % n;
}

double SeededRandom::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double SeededRandom::normal() {
  if (hasSpareNormal_) {
    hasSpareNormal_ = false;
    return spareNormal_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();  // log(0) would be -inf
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spareNormal_ = radius * std::sin(angle);
  hasSpareNormal_ = true;
  return radius * std::cos(angle);
}

uint64_t SeededRandom::derive(uint64_t seed, uint64_t stream) {
  // SplitMix64 finaliser over seed and stream: nearby seeds/streams give unrelated engines.
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace stf2m::dataset
