#pragma once
// The model file's container, without LibTorch (model/model_file.h reads and writes the weights
// inside it). Layout:
//   "STF2M-MODEL\n"                       12-byte magic
//   uint32 little-endian format version   (2; 1 until December 2026)
//   uint64 little-endian card length, the card (UTF-8 JSON object)
//   uint64 little-endian weights length, the weights: in version 2 a tensor table
//   (weights/tensor_table.h), in version 1 a LibTorch archive of named tensors
// The card carries "format", "format_version", "weights_sha256" (of the weights bytes),
// "weights_bytes", "tensor_count" and whatever the writer adds. Decoding checks everything down
// to the checksum, and decodeModelTensors the tensor table, all without LibTorch.
// Version 1's weights are read only by model::upgradeModelFile, on request: LibTorch's archive
// reader (a zip holding a pickle) is not memory-safe against crafted input, and a model file may
// come from anywhere.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"
#include "weights/tensor_table.h"

namespace stf2m::weights {

// A card holding the container's own keys for these weights; the writer adds its own after them.
Json newModelCard(const std::string& weights, size_t tensorCount);

constexpr uint32_t kModelFormatVersion = 2;

// The file's bytes for this card (a JSON object's text) and weights.
std::string encodeModelContainer(const std::string& cardText, const std::string& weights,
                                 uint32_t version = kModelFormatVersion);

struct ModelContainer {
  uint32_t version = kModelFormatVersion;
  JsonNode card;
  std::string cardText;
  std::string weights;  // checked against the card's weights_sha256
};

// CorruptData naming `path` and what is wrong: not a model file (magic), a newer format, truncated
// sections, trailing bytes, a malformed card, a weights checksum that does not match the card.
ModelContainer decodeModelContainer(const std::string& path, const std::string& bytes);

// The tensors of a version-2 container: CorruptData naming `path` for a damaged table
// (decodeTensorTable) or a count other than the card's "tensor_count"; InvalidArgument for a
// version-1 file, saying how to upgrade it.
std::vector<StoredTensor> decodeModelTensors(const std::string& path, const ModelContainer& container);

}  // namespace stf2m::weights
