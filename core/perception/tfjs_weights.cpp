#include "perception/tfjs_weights.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/json.h"

namespace stf2m::perception {

namespace fs = std::filesystem;

namespace {

size_t bytesPerElement(const std::string& dtype, const std::string& where) {
  if (dtype == "uint8") return 1;
  if (dtype == "uint16" || dtype == "float16") return 2;
  if (dtype == "float32" || dtype == "int32") return 4;
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

std::vector<uint8_t> readShards(const fs::path& dir, const JsonNode& paths, const std::string& manifest) {
  std::vector<uint8_t> bytes;
  for (const JsonNode& p : paths.items()) {
    const fs::path shard = dir / p.asString();
    std::ifstream in(shard, std::ios::binary);
    if (!in) throw Error(ErrorCode::FileNotFound, shard.string(), "weight shard listed in " + manifest + " is missing");
    bytes.insert(bytes.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

}  // namespace

TfjsWeights loadTfjsWeights(const std::string& manifestPath) {
  TfjsWeights out;
  out.manifestPath = manifestPath;
  const JsonNode manifest = readJsonFile(manifestPath);
  const fs::path dir = fs::path(manifestPath).parent_path();
  for (const JsonNode& group : manifest.items()) {
    const std::vector<uint8_t> bytes = readShards(dir, group.at("paths"), manifestPath);
    size_t offset = 0;
    for (const JsonNode& w : group.at("weights").items()) {
      const std::string& name = w.at("name").asString();
      const std::string where = manifestPath + " (tensor " + name + ")";
      std::vector<int64_t> shape;
      int64_t count = 1;
      for (const JsonNode& d : w.at("shape").items()) {
        const int64_t n = d.asInt();
        if (n < 0 || n > (int64_t(1) << 31)) throw Error(ErrorCode::CorruptData, where, "has an invalid shape");
        shape.push_back(n);
        count *= n;
      }
      const std::optional<JsonNode> q = w.find("quantization");
      const std::string dtype = q ? q->at("dtype").asString() : w.at("dtype").asString();
      const size_t size = static_cast<size_t>(count) * bytesPerElement(dtype, where);
      if (offset + size > bytes.size())
        throw Error(ErrorCode::CorruptData, where,
                    "needs " + std::to_string(size) + " bytes at offset " + std::to_string(offset) + " but the shards hold only " +
                        std::to_string(bytes.size()) + " bytes: a .bin file is truncated or belongs to another model");
      torch::Tensor t = torch::empty(shape, torch::kFloat32);
      float* dst = t.data_ptr<float>();
      const uint8_t* src = bytes.data() + offset;
      if (dtype == "uint8" || dtype == "uint16") {
        const double scale = q->at("scale").asNumber(), min = q->at("min").asNumber();
        for (int64_t i = 0; i < count; ++i) {
          uint32_t v = src[i];
          if (dtype == "uint16") v = static_cast<uint32_t>(src[2 * i]) | (static_cast<uint32_t>(src[2 * i + 1]) << 8);
          dst[i] = static_cast<float>(v * scale + min);
        }
      } else if (dtype == "float16") {
        for (int64_t i = 0; i < count; ++i) dst[i] = halfToFloat(static_cast<uint16_t>(src[2 * i] | (src[2 * i + 1] << 8)));
      } else if (dtype == "float32") {
        std::memcpy(dst, src, size);
      } else {
        throw Error(ErrorCode::CorruptData, where, "integer tensors are not used by the face networks");
      }
      offset += size;
      if (!out.tensors.emplace(name, std::move(t)).second) throw Error(ErrorCode::CorruptData, where, "appears twice");
    }
    if (offset != bytes.size())
      throw Error(ErrorCode::CorruptData, manifestPath,
                  "the weight shards hold " + std::to_string(bytes.size() - offset) + " bytes more than the manifest describes");
  }
  return out;
}

const torch::Tensor& TfjsWeights::get(const std::string& name, c10::IntArrayRef expectedShape) const {
  auto it = tensors.find(name);
  if (it == tensors.end()) throw Error(ErrorCode::CorruptData, manifestPath, "has no tensor '" + name + "'");
  if (it->second.sizes() != expectedShape) {
    std::ostringstream got, want;
    got << it->second.sizes();
    want << expectedShape;
    throw Error(ErrorCode::CorruptData, manifestPath, "tensor '" + name + "' has shape " + got.str() + ", expected " + want.str());
  }
  return it->second;
}

torch::Tensor conv2dWeightFromHwio(const torch::Tensor& hwio) { return hwio.permute({3, 2, 0, 1}).contiguous(); }

torch::Tensor depthwiseWeightFromTf(const torch::Tensor& hwim) {
  const int64_t h = hwim.size(0), w = hwim.size(1), in = hwim.size(2), mult = hwim.size(3);
  return hwim.permute({2, 3, 0, 1}).reshape({in * mult, 1, h, w}).contiguous();
}

}  // namespace stf2m::perception
