// stf2m model card MODEL: the JSON card of a model file (after checking the file's integrity).
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "model/engine.h"

namespace stf2m::cli {

int runModel(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] != "card") throw UsageError("model: expected 'model card MODEL'");
  const Args args = Args::parse({"model card", {}, {}, 1, 1}, {argv.begin() + 1, argv.end()});
  const std::string card = model::readModelCardText(args.positional()[0]);
  std::printf("%s\n", card.c_str());
  return 0;
}

}  // namespace stf2m::cli
