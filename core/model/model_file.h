#pragma once
// The model file: one file holding a JSON card and the weights (docs/learning-engine.md,
// "Model files"); its container (layout, card, checksum) and its weights (a tensor table) are
// read and checked without LibTorch in weights/model_container.h and weights/tensor_table.h.
// Writing goes through a temporary file renamed into place (owner-only), and also writes the card
// beside the model as PATH.card.json for people to read (the loader never reads that copy).
#include <torch/torch.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"

namespace stf2m::model {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// `fields` adds the card's own keys to the card object (after format and sha256).
void writeModelFile(const std::string& path, const NamedTensors& tensors,
                    const std::function<void(Json&)>& fields);

// The bytes writeModelFile writes to `path` (named in errors), and the card's text.
std::string encodeModelFile(const std::string& path, const NamedTensors& tensors,
                            const std::function<void(Json&)>& fields, std::string* cardText = nullptr);

struct ModelFile {
  JsonNode card;
  std::string cardText;
  NamedTensors tensors;  // on the CPU, in the written order
};

// FileNotFound / FileUnreadable / EmptyFile, or CorruptData naming the file and what is wrong:
// not a model file (magic), a newer format, truncated sections, a weights checksum that does not
// match the card, a damaged tensor table, a malformed card; InvalidArgument for a model of format
// version 1, naming the command that upgrades it (upgradeModelFile, engine.h).
ModelFile readModelFile(const std::string& path);

// The card's text after the container's checks (magic, sections, card, checksum), of any version.
std::string readModelCard(const std::string& path);

}  // namespace stf2m::model
