// stf2m predict: an adapted model's emotion probabilities for every clip of a feature dataset.
// --csv: tidy long CSV (one row per clip x class: fused probability and whether it is the
// predicted class) after the "# key: value" provenance header the exports use. --json (the
// default): clips with their views, per-class probabilities, linguistic-term memberships and the
// fuzzy rules' firing strengths.
#include <charconv>
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/json.h"
#include "common/time_util.h"
#include "model/engine.h"
#include "model_options.h"

namespace stf2m::cli {

namespace {

// Shortest text that reads back as the same double, independent of the C locale.
std::string number(double v) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, ptr) : std::string("nan");
}

std::string oneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

// The card fields the CSV header names; missing ones stay empty (the card was checked already).
std::string cardString(const JsonNode& card, const char* key) {
  const std::optional<JsonNode> v = card.isObject() ? card.find(key) : std::nullopt;
  return v && v->isString() ? v->asString() : std::string();
}

void printCsv(const model::PredictReport& r, const std::string& modelPath, const std::string& dataDir) {
  const JsonNode card = parseJson(model::readModelCardText(modelPath), modelPath + " (card)");
  std::string out;
  auto meta = [&](const std::string& key, const std::string& value) { out += "# " + key + ": " + oneLine(value) + "\n"; };
  meta("format", "stf2m-clip-predictions-csv 1");
  meta("app_version", STF2M_VERSION);
  meta("model", modelPath);
  meta("model_method", cardString(card, "method"));
  meta("model_weights_sha256", cardString(card, "weights_sha256"));
  meta("data", dataDir);
  meta("classes", joined(r.classes));
  meta("modalities", joined(r.modalities));
  std::string calibration;
  for (const auto& c : r.calibration)
    calibration += (calibration.empty() ? "" : " ") + c.subject + "=" + number(c.weight);
  meta("subject_calibration_weights", r.calibration.empty() ? "off" : calibration);
  meta("exported_at", utcTimestamp());
  out += csvLine({"clip_id", "subject_id", "class", "probability", "predicted"});
  for (const auto& clip : r.clips)
    for (size_t c = 0; c < r.classes.size() && c < clip.probabilities.size(); ++c)
      out += csvLine({clip.clipId, clip.subject, r.classes[c], number(clip.probabilities[c]),
                      r.classes[c] == clip.predicted ? "1" : "0"});
  std::fwrite(out.data(), 1, out.size(), stdout);
}

Json probabilitiesJson(const std::vector<std::string>& classes, const std::vector<double>& p) {
  Json out = Json::object();
  for (size_t c = 0; c < classes.size() && c < p.size(); ++c) out[classes[c]] = p[c];
  return out;
}

void printJson(const model::PredictReport& r, const std::string& modelPath, const std::string& dataDir) {
  Json w = {{"model", modelPath}, {"data", dataDir}, {"classes", r.classes}, {"modalities", r.modalities}};
  addCalibration(w, r.calibration);
  w["terms"] = {"low", "medium", "high"};
  Json clips = Json::array();
  for (const auto& clip : r.clips) {
    Json views = Json::array();
    for (const auto& v : clip.views) {
      Json terms = Json::object();
      for (size_t c = 0; c < r.classes.size() && c < v.terms.size(); ++c)
        terms[r.classes[c]] = {{"low", v.terms[c][0]}, {"medium", v.terms[c][1]}, {"high", v.terms[c][2]}};
      Json view = {{"modality", v.modality},
                   {"window", v.window},
                   {"start_s", v.startS},
                   {"end_s", v.endS},
                   {"probabilities", probabilitiesJson(r.classes, v.probabilities)},
                   {"terms", std::move(terms)}};
      if (!v.ruleFiring.empty()) view["rule_firing"] = v.ruleFiring;
      views.push_back(std::move(view));
    }
    clips.push_back({{"clip_id", clip.clipId},
                     {"subject_id", clip.subject},
                     {"predicted", clip.predicted},
                     {"probabilities", probabilitiesJson(r.classes, clip.probabilities)},
                     {"views", std::move(views)}});
  }
  w["clips"] = std::move(clips);
  std::printf("%s\n", dumpJson(w).c_str());
}

struct PredictOptions {
  std::string modelPath, dataDir, device = "auto";
  bool csv = false, json = false;
};

void run(const PredictOptions& o) {
  const model::PredictReport report = model::predictClips(o.modelPath, o.dataDir, o.device);
  warnWeakCalibration(report.calibration);
  if (o.csv)
    printCsv(report, o.modelPath, o.dataDir);
  else
    printJson(report, o.modelPath, o.dataDir);
}

}  // namespace

void addPredictCommand(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  CLI::App* cmd = app.add_subcommand("predict", "clip and view emotion probabilities of an adapted model");
  cmd->add_option("--model", o->modelPath, "an adapted model file")->required();
  cmd->add_option("--data", o->dataDir, "feature dataset folder")->required();
  CLI::Option* csv = cmd->add_flag("--csv", o->csv, "tidy long CSV: one row per clip and class");
  cmd->add_flag("--json", o->json, "clips with their views, term memberships and rule firing (the default)")->excludes(csv);
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
