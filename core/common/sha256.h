#pragma once
// SHA-256 (FIPS 180-4, our own code) of files and of bytes in memory, as 64 lowercase hex digits: media
// files in projects, the weights section of model files.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/cancel.h"

namespace stf2m {

// `size` receives the byte count. Throws FileNotFound / FileUnreadable naming the file, Cancelled
// when cancelled.
std::string sha256OfFile(const std::string& path, int64_t* size = nullptr, const CancelToken* cancel = nullptr);

std::string sha256OfBytes(std::string_view bytes);

}  // namespace stf2m
