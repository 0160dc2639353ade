// stf2m model card MODEL: the JSON card of a model file (after checking the file's integrity).
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
}

}  // namespace stf2m::cli
