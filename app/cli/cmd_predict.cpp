// stf2m predict: an adapted model's emotion probabilities for every clip of a feature dataset.
// --csv: tidy long CSV (one row per clip x class: fused probability and whether it is the
// predicted class) after the "# key: value" provenance header the exports use. --json (the
// default): clips with their views, per-class probabilities, linguistic-term memberships and the
// fuzzy rules' firing strengths.
#include <charconv>
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/json_reader.h"
#include "common/json_writer.h"
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
std::string cardString(const JsonValue& card, const char* key) {
  const JsonValue* v = card.isObject() ? card.find(key) : nullptr;
  return v && v->isString() ? v->asString() : std::string();
}

void printCsv(const model::PredictReport& r, const std::string& modelPath, const std::string& dataDir) {
  const JsonValue card = parseJson(model::readModelCardText(modelPath), modelPath + " (card)");
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

void writeProbabilities(JsonWriter& w, const std::vector<std::string>& classes, const std::vector<double>& p) {
  w.beginObject();
  for (size_t c = 0; c < classes.size() && c < p.size(); ++c) w.key(classes[c]).value(p[c]);
  w.endObject();
}

void printJson(const model::PredictReport& r, const std::string& modelPath, const std::string& dataDir) {
  JsonWriter w;
  w.beginObject();
  w.key("model").value(modelPath);
  w.key("data").value(dataDir);
  w.key("classes").beginArray();
  for (const auto& c : r.classes) w.value(c);
  w.endArray();
  w.key("modalities").beginArray();
  for (const auto& m : r.modalities) w.value(m);
  w.endArray();
  writeCalibration(w, r.calibration);
  w.key("terms").beginArray().value("low").value("medium").value("high").endArray();
  w.key("clips").beginArray();
  for (const auto& clip : r.clips) {
    w.beginObject();
    w.key("clip_id").value(clip.clipId);
    w.key("subject_id").value(clip.subject);
    w.key("predicted").value(clip.predicted);
    w.key("probabilities");
    writeProbabilities(w, r.classes, clip.probabilities);
    w.key("views").beginArray();
    for (const auto& v : clip.views) {
      w.beginObject();
      w.key("modality").value(v.modality);
      w.key("window").value(v.window);
      w.key("start_s").value(v.startS);
      w.key("end_s").value(v.endS);
      w.key("probabilities");
      writeProbabilities(w, r.classes, v.probabilities);
      w.key("terms").beginObject();
      for (size_t c = 0; c < r.classes.size() && c < v.terms.size(); ++c)
        w.key(r.classes[c]).beginObject()
            .key("low").value(v.terms[c][0])
            .key("medium").value(v.terms[c][1])
            .key("high").value(v.terms[c][2])
            .endObject();
      w.endObject();
      if (!v.ruleFiring.empty()) {
        w.key("rule_firing").beginArray();
        for (double f : v.ruleFiring) w.value(f);
        w.endArray();
      }
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }
  w.endArray();
  w.endObject();
  std::printf("%s\n", w.str().c_str());
}

}  // namespace

int runPredict(const std::vector<std::string>& argv) {
  const Args args = Args::parse({"predict", {"--model", "--data", "--device"}, {"--csv", "--json"}, 0, 0}, argv);
  const std::string modelPath = requiredOption(args, "predict", "--model", "MODEL");
  const std::string dataDir = requiredOption(args, "predict", "--data", "DIR");
  if (args.has("--csv") && args.has("--json")) throw UsageError("predict: choose one of --csv and --json");
  const std::string device = deviceOption(args, "predict");
  const model::PredictReport report = model::predictClips(modelPath, dataDir, device);
  warnWeakCalibration(report.calibration);
  if (args.has("--csv"))
    printCsv(report, modelPath, dataDir);
  else
    printJson(report, modelPath, dataDir);
  return 0;
}

}  // namespace stf2m::cli
