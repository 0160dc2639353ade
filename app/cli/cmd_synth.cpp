// stf2m synth: writes the synthetic ST-F2M benchmark (core/dataset/synth.h) as a dataset folder
// with its ground truth, and prints a JSON summary of what was generated.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "common/json.h"
#include "dataset/synth.h"

namespace stf2m::cli {

namespace {

struct SynthOptions {
  std::string out;
  std::string sessionSpec;
  dataset::SynthParams params;
};

void run(SynthOptions& o, const CLI::Option* subjects, const CLI::Option* clips) {
  if (!o.sessionSpec.empty()) {
    const int givenSubjects = o.params.subjects, givenClips = o.params.clipsPerClass;
    dataset::readSynthSpec(o.sessionSpec, o.params);
    if (subjects->count()) o.params.subjects = givenSubjects;  // the command line wins over the spec
    if (clips->count()) o.params.clipsPerClass = givenClips;
  }
  const dataset::SynthParams& p = o.params;
  if (p.compoundRate + p.gradedRate > 1) throw UsageError("--compound-rate plus --graded-rate must be at most 1");

  const dataset::SynthResult result = dataset::generateSynthetic(p);
  dataset::writeSynthetic(result, o.out);

  int compound = 0, graded = 0, noisy = 0;
  for (const auto& clip : result.clips) {
    compound += clip.trueLabel.kind == dataset::EmotionLabel::Kind::Compound;
    graded += clip.trueLabel.kind == dataset::EmotionLabel::Kind::Soft;
    noisy += clip.labelNoise;
  }
  Json uninformative = Json::array(), modalities = Json::array();
  for (const auto& s : result.subjects)
    if (s.faceUninformative) uninformative.push_back(s.id);
  for (const auto& m : result.dataset.modalities)
    modalities.push_back({{"name", m.name}, {"dimension", m.dimension}, {"rate_hz", m.rateHz}});
  const Json w = {{"out", o.out},
                  {"seed", static_cast<int64_t>(p.seed)},
                  {"clips", static_cast<int64_t>(result.dataset.clips.size())},
                  {"subjects", p.subjects},
                  {"classes", p.classes},
                  {"compound_labels", compound},
                  {"graded_labels", graded},
                  {"noisy_labels", noisy},
                  {"face_uninformative_subjects", std::move(uninformative)},
                  {"modalities", std::move(modalities)}};
  std::printf("%s\n", dumpJson(w).c_str());
}

}  // namespace

void addSynthCommand(CLI::App& app) {
  auto o = std::make_shared<SynthOptions>();
  dataset::SynthParams& p = o->params;
  CLI::App* cmd = app.add_subcommand("synth", "write the synthetic benchmark dataset (docs/dataset-format.md)");
  cmd->add_option("--out", o->out, "the dataset folder to write")->required();
  cmd->add_option("--seed", p.seed, "generator seed")->check(kNotNegative)->capture_default_str();
  CLI::Option* subjects =
      cmd->add_option("--subjects", p.subjects, "number of subjects")->check(CLI::Range(1, 1000))->capture_default_str();
  cmd->add_option("--first-subject", p.firstSubject, "number of the first subject (held-out subjects of the same population)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--classes", p.classes, "number of fine-grained classes")->check(CLI::Range(2, 60))->capture_default_str();
  CLI::Option* clips = cmd->add_option("--clips-per-class", p.clipsPerClass, "clips per class")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  const CLI::Range fraction(0.0, 1.0);
  cmd->add_option("--compound-rate", p.compoundRate, "fraction of clips with a compound label")->check(fraction)->capture_default_str();
  cmd->add_option("--graded-rate", p.gradedRate, "fraction of clips with a graded (soft) label")->check(fraction)->capture_default_str();
  cmd->add_option("--label-noise", p.labelNoiseRate, "fraction of clips with a wrong label")->check(fraction)->capture_default_str();
  cmd->add_option("--noisy-face-fraction", p.noisyFaceSubjectFraction, "fraction of subjects with an uninformative face")
      ->check(fraction)
      ->capture_default_str();
  cmd->add_option("--session-spec", o->sessionSpec,
                  "simulate the session schema: a spec with a feature profile, class names and anchors "
                  "(docs/session-model.md); its subjects and clips per class apply unless given above");
  cmd->callback([o, subjects, clips] { run(*o, subjects, clips); });
}

}  // namespace stf2m::cli
