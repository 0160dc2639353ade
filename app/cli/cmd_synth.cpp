// stf2m synth: writes the synthetic ST-F2M benchmark (core/dataset/synth.h) as a dataset folder
// with its ground truth, and prints a JSON summary of what was generated.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "common/json_writer.h"
#include "dataset/synth.h"

namespace stf2m::cli {

namespace {

double fractionValue(const Args& args, const std::string& option, double fallback) {
  const auto text = args.value(option);
  if (!text) return fallback;
  double v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size() || !(v >= 0 && v <= 1))
    throw UsageError("synth: " + option + " expects a number from 0 to 1, got '" + *text + "'");
  return v;
}

uint64_t seedValue(const Args& args, uint64_t fallback) {
  const auto text = args.value("--seed");
  if (!text) return fallback;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size())
    throw UsageError("synth: --seed expects a non-negative integer, got '" + *text + "'");
  return v;
}

}  // namespace

int runSynth(const std::vector<std::string>& argv) {
  const Args args = Args::parse({"synth",
                                 {"--out", "--seed", "--subjects", "--classes", "--clips-per-class", "--compound-rate",
                                  "--graded-rate", "--label-noise", "--noisy-face-fraction"},
                                 {},
                                 0,
                                 0},
                                argv);
  const auto out = args.value("--out");
  if (!out) throw UsageError("synth: --out DIR is required");
  dataset::SynthParams p;
  p.seed = seedValue(args, p.seed);
  p.subjects = args.intValue("--subjects", p.subjects, 1, 1000);
  p.classes = args.intValue("--classes", p.classes, 2, 60);
  p.clipsPerClass = args.intValue("--clips-per-class", p.clipsPerClass, 1, 10000);
  p.compoundRate = fractionValue(args, "--compound-rate", p.compoundRate);
  p.gradedRate = fractionValue(args, "--graded-rate", p.gradedRate);
  p.labelNoiseRate = fractionValue(args, "--label-noise", p.labelNoiseRate);
  p.noisyFaceSubjectFraction = fractionValue(args, "--noisy-face-fraction", p.noisyFaceSubjectFraction);
  if (p.compoundRate + p.gradedRate > 1)
    throw UsageError("synth: --compound-rate plus --graded-rate must be at most 1");

  const dataset::SynthResult result = dataset::generateSynthetic(p);
  dataset::writeSynthetic(result, *out);

  int compound = 0, graded = 0, noisy = 0;
  for (const auto& clip : result.clips) {
    compound += clip.trueLabel.kind == dataset::EmotionLabel::Kind::Compound;
    graded += clip.trueLabel.kind == dataset::EmotionLabel::Kind::Soft;
    noisy += clip.labelNoise;
  }
  JsonWriter w;
  w.beginObject();
  w.key("out").value(*out);
  w.key("seed").value(static_cast<int64_t>(p.seed));
  w.key("clips").value(static_cast<int64_t>(result.dataset.clips.size()));
  w.key("subjects").value(p.subjects);
  w.key("classes").value(p.classes);
  w.key("compound_labels").value(compound);
  w.key("graded_labels").value(graded);
  w.key("noisy_labels").value(noisy);
  w.key("face_uninformative_subjects").beginArray();
  for (const auto& s : result.subjects)
    if (s.faceUninformative) w.value(s.id);
  w.endArray();
  w.key("modalities").beginArray();
  for (const auto& m : result.dataset.modalities)
    w.beginObject().key("name").value(m.name).key("dimension").value(m.dimension).key("rate_hz").value(m.rateHz).endObject();
  w.endArray();
  w.endObject();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

}  // namespace stf2m::cli
