// stf2m model card MODEL: the JSON card of a model file (after checking the file's integrity).
// stf2m model upgrade OLD NEW: a model file of format version 1 rewritten in the current format.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "model/engine.h"

namespace stf2m::cli {

void addModelCommands(CLI::App& app) {
  CLI::App* model = app.add_subcommand("model", "model files");
  model->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  CLI::App* card = model->add_subcommand("card", "the model's JSON card (after an integrity check)");
  card->add_option("MODEL", *path, "a model file (.stf2m)")->required();
  card->callback([path] { std::printf("%s\n", model::readModelCardText(*path).c_str()); });

  auto out = std::make_shared<std::string>();
  CLI::App* upgrade = model->add_subcommand(
      "upgrade",
      "rewrite a model file of format version 1 (weights in a LibTorch archive) in the current format; "
      "LibTorch's archive reader is not safe against crafted files, so upgrade only models you trust");
  upgrade->add_option("MODEL", *path, "a model file of format version 1")->required();
  upgrade->add_option("OUT", *out, "the upgraded model file (a new path)")->required();
  upgrade->callback([path, out] {
    model::upgradeModelFile(*path, *out);
    std::printf("upgraded %s to %s\n", path->c_str(), out->c_str());
  });
}

}  // namespace stf2m::cli
