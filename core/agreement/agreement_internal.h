#pragma once
// Helpers shared by the agreement sources; not part of the public API.
#include <cstddef>
#include <limits>
#include <string>

#include "common/error.h"

namespace stf2m::agreement::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] inline void fail(const char* function, const std::string& message) {
  throw Error(ErrorCode::InvalidArgument, function, message);
}

inline std::string num(std::size_t v) { return std::to_string(v); }

}  // namespace stf2m::agreement::detail
