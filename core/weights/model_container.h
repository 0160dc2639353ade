#pragma once
// The model file's container, without LibTorch (model/model_file.h reads and writes the weights
// inside it). Layout:
//   "STF2M-MODEL\n"                       12-byte magic
//   uint32 little-endian format version   (1)
//   uint64 little-endian card length, the card (UTF-8 JSON object)
//   uint64 little-endian weights length, the weights (a LibTorch archive of named tensors)
// The card carries "format", "format_version", "weights_sha256" (of the weights bytes),
// "weights_bytes", "tensor_count" and whatever the writer adds. Decoding checks everything down
// to the checksum, so damaged weights are reported before LibTorch ever parses them.
#include <cstddef>
#include <string>

#include "common/json.h"

namespace stf2m::weights {

// A card holding the container's own keys for these weights; the writer adds its own after them.
Json newModelCard(const std::string& weights, size_t tensorCount);

// The file's bytes for this card (a JSON object's text) and weights.
std::string encodeModelContainer(const std::string& cardText, const std::string& weights);

struct ModelContainer {
  JsonNode card;
  std::string cardText;
  std::string weights;  // checked against the card's weights_sha256
};

// CorruptData naming `path` and what is wrong: not a model file (magic), a newer format, truncated
// sections, trailing bytes, a malformed card, a weights checksum that does not match the card.
ModelContainer decodeModelContainer(const std::string& path, const std::string& bytes);

}  // namespace stf2m::weights
