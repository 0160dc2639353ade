#pragma once
#include <cstdint>
#include <string>

#include "common/cancel.h"

namespace stf2m::store {

// SHA-256 of a file's bytes as 64 lowercase hex digits; `size` receives the byte count.
// Throws FileNotFound / FileUnreadable naming the file, Cancelled when cancelled.
std::string sha256OfFile(const std::string& path, int64_t* size = nullptr, const CancelToken* cancel = nullptr);

}  // namespace stf2m::store
