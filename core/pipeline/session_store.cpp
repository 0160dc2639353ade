#include "pipeline/session_store.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "common/digest.h"
#include "common/error.h"
#include "common/json.h"
#include "model/engine.h"

namespace stf2m::pipeline {

namespace fs = std::filesystem;

namespace {

JsonNode cardOf(const std::string& modelPath) {
  return parseJson(model::readModelCardText(modelPath), modelPath + " (card)");
}

// The parent meta-model of an adapted model's card: at its recorded path, else beside the model;
// its weights, or those it was upgraded from, as the card records.
std::string parentPath(const std::string& modelPath, const JsonNode& card) {
  const JsonNode parent = card.at("parent");
  const std::string recorded = parent.at("path").asString();
  const std::string weights = parent.at("weights_sha256").asString();
  const fs::path beside = fs::path(modelPath).parent_path() / fs::path(recorded).filename();
  for (const std::string& candidate : {recorded, beside.string()}) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    const JsonNode found = cardOf(candidate);
    if (found.at("weights_sha256").asString() == weights) return candidate;
    // The parent, upgraded from model format version 1 after the adaptation (upgradeModelFile).
    if (const auto old = found.find("upgraded_from"); old && old->at("weights_sha256").asString() == weights) return candidate;
  }
  throw Error(ErrorCode::CorruptData, modelPath,
              "its parent meta-model (weights " + weights.substr(0, 12) + "...) is neither at " + recorded +
                  " nor at " + beside.string() + "; a project records an adapted model with its parent");
}

int64_t registered(store::Project& project, const std::string& sha256) {
  for (const store::ModelRecord& m : project.models())
    if (m.sha256 == sha256) return m.id;
  return 0;
}

}  // namespace

std::vector<MediaFile> sessionMedia(const store::Session& session) {
  std::vector<MediaFile> out;
  for (const store::MediaFile& m : session.media) out.push_back({m.path, m.offset, m.sha256, m.sizeBytes});
  return out;
}

int64_t projectModelId(store::Project& project, const std::string& modelPath) {
  if (const int64_t id = registered(project, sha256OfFile(modelPath))) return id;
  const JsonNode card = cardOf(modelPath);
  store::ModelRecord record;
  record.path = fs::absolute(modelPath).lexically_normal().string();
  record.kind = card.at("kind").asString();
  if (record.kind == "adapted") record.parentId = projectModelId(project, parentPath(modelPath, card));
  Json stored = card.value();
  Json views = Json::array();
  for (const JsonNode& m : card.at("modalities").items()) views.push_back(m.at("name").asString());
  stored["views"] = std::move(views);
  if (const auto classes = card.find("adapted_classes")) stored["classes"] = classes->value();
  record.card = dumpJson(stored, false);
  return project.registerModel(record);
}

std::vector<store::Prediction> predictionRows(int64_t sessionId, int64_t modelId, const model::WindowPredictor& model,
                                              const std::vector<WindowResult>& windows) {
  const int views = static_cast<int>(model.modalities().size());
  const int classes = static_cast<int>(model.classes().size());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const size_t rules = size_t(model.ruleShapes().rules), variables = size_t(model.ruleShapes().inputs);
  std::vector<store::Prediction> rows;
  for (const WindowResult& w : windows) {
    store::Prediction p;
    p.sessionId = sessionId;
    p.modelId = modelId;
    p.windowStart = w.start;
    p.windowEnd = w.end;
    p.viewCount = views;
    p.classCount = classes;
    p.memberships.assign(size_t(views) * size_t(classes), nan);
    p.fused.assign(size_t(classes), nan);
    p.terms.assign(size_t(views) * size_t(classes) * 3, nan);
    p.reliability.assign(size_t(views), nan);
    p.ruleFiring.assign(size_t(views) * rules, nan);
    p.ruleInputs.assign(size_t(views) * variables, nan);
    for (const ViewResult& v : w.views) {
      const size_t row = size_t(v.output.modality);
      p.reliability[row] = float(v.output.reliability);
      for (size_t r = 0; r < rules && r < v.output.ruleFiring.size(); ++r) p.ruleFiring[row * rules + r] = float(v.output.ruleFiring[r]);
      for (size_t j = 0; j < variables && j < v.output.ruleInputs.size(); ++j)
        p.ruleInputs[row * variables + j] = float(v.output.ruleInputs[j]);
      for (int c = 0; c < classes; ++c) {
        const size_t cell = row * size_t(classes) + size_t(c);
        p.memberships[cell] = float(v.output.probabilities[size_t(c)]);
        for (size_t t = 0; t < 3; ++t) p.terms[cell * 3 + t] = float(v.output.terms[size_t(c)][t]);
      }
    }
    if (!w.views.empty()) p.confidence = w.confidence;
    for (size_t c = 0; c < w.fused.size(); ++c) p.fused[c] = float(w.fused[c]);
    rows.push_back(std::move(p));
  }
  return rows;
}

std::string userCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/stf2m/features";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/stf2m/features";
  return (fs::temp_directory_path() / "stf2m-features").string();
}

std::string projectCacheDir(const std::string& projectPath) {
  return store::isServerLocation(projectPath) ? userCacheDir() : projectPath + ".features";
}

}  // namespace stf2m::pipeline
