#pragma once
// SHA-256 of files and of bytes in memory, as 64 lowercase hex digits (media files in projects, the
// weights section of model files), computed by OpenSSL's libcrypto, which uses the processor's SHA
// instructions where it has them.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/cancel.h"

namespace stf2m {

// Streams the file in large blocks. `size` receives the byte count; `progress` gets the fraction
// hashed after each block. Throws FileNotFound / FileUnreadable naming the file, Cancelled when
// cancelled (checked between blocks).
std::string sha256OfFile(const std::string& path, int64_t* size = nullptr, const CancelToken* cancel = nullptr,
                         const ProgressCallback& progress = {});

std::string sha256OfBytes(std::string_view bytes);

}  // namespace stf2m
