#include "weights/tfjs_manifest.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "common/error.h"
#include "common/file_io.h"
#include "common/json.h"

namespace stf2m::weights {

namespace fs = std::filesystem;

namespace {

size_t bytesPerElement(const std::string& dtype, const std::string& where) {
  if (dtype == "uint8") return 1;
  if (dtype == "uint16" || dtype == "float16") return 2;
  if (dtype == "float32") return 4;
  if (dtype == "int32") throw Error(ErrorCode::CorruptData, where, "integer tensors are not used by the face networks");
  throw Error(ErrorCode::CorruptData, where, "unsupported weight data type '" + dtype + "'");
}

float halfToFloat(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {  // subnormal: renormalise
      int e = -1;
      uint32_t m = mantissa;
      do {
        ++e;
        m <<= 1;
      } while (!(m & 0x400));
      bits = sign | ((127 - 15 - e) << 23) | ((m & 0x3ff) << 13);
    }
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// A shard must be a plain file beside the manifest: a manifest from elsewhere must not make the
// program read files outside the model's folder.
fs::path shardPath(const fs::path& dir, const JsonNode& entry, const std::string& manifest) {
  const std::string& name = entry.asString();
  const fs::path relative(name);
  if (name.empty() || relative.is_absolute() || relative.has_parent_path() || name == "." || name == "..")
    throw Error(ErrorCode::CorruptData, manifest,
                "names weight shard '" + name + "': shards must be files in the manifest's own folder");
  return dir / relative;
}

std::string readShards(const fs::path& dir, const JsonNode& paths, const std::string& manifest) {
  std::string bytes;
  for (const JsonNode& p : paths.items()) {
    const fs::path shard = shardPath(dir, p, manifest);
    std::error_code ec;
    if (!fs::exists(shard, ec))
      throw Error(ErrorCode::FileNotFound, shard.string(), "weight shard listed in " + manifest + " is missing");
    bytes += readWholeFile(shard.string());
  }
  return bytes;
}

// Elements of a shape, refusing negative sizes and products that no shard could hold.
int64_t elementCount(const JsonNode& shapeNode, std::vector<int64_t>& shape, uint64_t limit, const std::string& where) {
  uint64_t count = 1;
  for (const JsonNode& d : shapeNode.items()) {
    const int64_t n = d.asInt();
    if (n < 0) throw Error(ErrorCode::CorruptData, where, "has a negative size in its shape");
    shape.push_back(n);
    if (n != 0 && count > limit / static_cast<uint64_t>(n)) count = limit + 1;  // saturate: too big either way
    else count *= static_cast<uint64_t>(n);
  }
  return static_cast<int64_t>(std::min<uint64_t>(count, limit + 1));
}

void dequantise(const std::string& dtype, const std::optional<JsonNode>& q, const unsigned char* src, int64_t count,
                float* dst) {
  if (count == 0) return;  // an empty tensor's buffer may be null, even for memcpy of 0 bytes
  if (dtype == "uint8" || dtype == "uint16") {
    const double scale = q->at("scale").asNumber(), min = q->at("min").asNumber();
    for (int64_t i = 0; i < count; ++i) {
      uint32_t v = src[i];
      if (dtype == "uint16") v = static_cast<uint32_t>(src[2 * i]) | (static_cast<uint32_t>(src[2 * i + 1]) << 8);
      dst[i] = static_cast<float>(v * scale + min);
    }
  } else if (dtype == "float16") {
    for (int64_t i = 0; i < count; ++i) dst[i] = halfToFloat(static_cast<uint16_t>(src[2 * i] | (src[2 * i + 1] << 8)));
  } else {
    std::memcpy(dst, src, static_cast<size_t>(count) * sizeof(float));
  }
}

}  // namespace

TfjsTensors readTfjsManifest(const std::string& manifestPath) {
  TfjsTensors out;
  out.manifestPath = manifestPath;
  const JsonNode manifest = readJsonFile(manifestPath);
  const fs::path dir = fs::path(manifestPath).parent_path();
  for (const JsonNode& group : manifest.items()) {
    const std::string bytes = readShards(dir, group.at("paths"), manifestPath);
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t offset = 0;
    for (const JsonNode& w : group.at("weights").items()) {
      const std::string& name = w.at("name").asString();
      const std::string where = manifestPath + " (tensor " + name + ")";
      const std::optional<JsonNode> q = w.find("quantization");
      const std::string dtype = q ? q->at("dtype").asString() : w.at("dtype").asString();
      if (!q && (dtype == "uint8" || dtype == "uint16"))
        throw Error(ErrorCode::CorruptData, where, "is stored as " + dtype + " without a quantization (scale and min)");
      const size_t elementBytes = bytesPerElement(dtype, where);
      TfjsTensor tensor;
      const int64_t count = elementCount(w.at("shape"), tensor.shape, (bytes.size() - offset) / elementBytes, where);
      const size_t size = static_cast<size_t>(count) * elementBytes;
      if (size > bytes.size() - offset) {
        long double needed = static_cast<long double>(elementBytes);  // exact up to 2^64, then approximate
        for (const int64_t n : tensor.shape) needed *= static_cast<long double>(n);
        char text[64];
        std::snprintf(text, sizeof text, "%.0Lf", needed);
        throw Error(ErrorCode::CorruptData, where,
                    std::string("needs ") + text + " bytes at offset " + std::to_string(offset) +
                        " but the shards hold only " + std::to_string(bytes.size()) +
                        " bytes: a .bin file is truncated or belongs to another model");
      }
      tensor.values.resize(static_cast<size_t>(count));
      dequantise(dtype, q, data + offset, count, tensor.values.data());
      offset += size;
      if (!out.tensors.emplace(name, std::move(tensor)).second) throw Error(ErrorCode::CorruptData, where, "appears twice");
    }
    if (offset != bytes.size())
      throw Error(ErrorCode::CorruptData, manifestPath,
                  "the weight shards hold " + std::to_string(bytes.size() - offset) + " bytes more than the manifest describes");
  }
  return out;
}

}  // namespace stf2m::weights
