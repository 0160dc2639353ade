// stf2m adapt: adapts a meta-trained model to labelled support clips (a subject's few examples)
// and writes the adapted model file; prints a JSON summary.
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "common/json_writer.h"
#include "model/engine.h"
#include "model_options.h"

namespace stf2m::cli {

int runAdapt(const std::vector<std::string>& argv) {
  const Args args = Args::parse({"adapt", {"--model", "--support", "--out", "--device"}, {}, 0, 0}, argv);
  model::AdaptRequest request;
  request.modelPath = requiredOption(args, "adapt", "--model", "MODEL");
  request.supportPath = requiredOption(args, "adapt", "--support", "FILE");
  request.outPath = requiredOption(args, "adapt", "--out", "ADAPTED");
  request.device = deviceOption(args, "adapt");
  request.commandLine = commandLineText("adapt", argv);
  const model::AdaptSummary s = model::adaptModel(request);
  warnWeakCalibration(s.calibration);

  JsonWriter w;
  w.beginObject();
  w.key("out").value(request.outPath);
  w.key("card").value(request.outPath + ".card.json");
  w.key("classes").beginArray();
  for (const auto& c : s.classes) w.value(c);
  w.endArray();
  w.key("support_clips").value(s.supportClips);
  w.key("support_views").value(s.supportViews);
  w.key("milliseconds").value(s.milliseconds);
  writeCalibration(w, s.calibration);
  w.endObject();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

}  // namespace stf2m::cli
