#include "pipeline/session_model.h"

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "common/json.h"
#include "model/engine.h"
#include "perception/face_features.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace {

template <typename Group>
dataset::ModalitySpec spec(const char* name, int columns, double rate, const std::vector<Group>& groups) {
  dataset::ModalitySpec s;
  s.name = name;
  s.dimension = columns;
  s.rateHz = rate;
  for (const Group& g : groups) s.groups.push_back({g.name, g.begin, g.end});
  return s;
}

bool sameLayout(const dataset::ModalitySpec& a, const dataset::ModalitySpec& b) {
  if (a.name != b.name || a.dimension != b.dimension || a.groups.size() != b.groups.size()) return false;
  for (size_t g = 0; g < a.groups.size(); ++g)
    if (a.groups[g].name != b.groups[g].name || a.groups[g].start != b.groups[g].start || a.groups[g].end != b.groups[g].end)
      return false;
  return true;
}

std::vector<dataset::ModalitySpec> modelModalities(const std::string& modelPath) {
  const JsonNode card = parseJson(model::readModelCardText(modelPath), modelPath + " (card)");
  std::vector<dataset::ModalitySpec> out;
  for (const JsonNode& m : card.at("modalities").items()) {
    dataset::ModalitySpec s;
    s.name = m.at("name").asString();
    s.dimension = int(m.at("dimension").asInt());
    s.rateHz = m.at("rate_hz").asNumber();
    for (const JsonNode& g : m.at("groups").items())
      s.groups.push_back({g.at("name").asString(), int(g.at("start").asInt()), int(g.at("end").asInt())});
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

dataset::ModalitySpec faceModality(double fps) {
  return spec("face", perception::kFaceFeatureCount, fps, perception::faceFeatureGroups());
}

dataset::ModalitySpec voiceModality() {
  return spec("voice", voice::kVoiceFeatureCount, kVoiceRateHz, voice::voiceFeatureGroups());
}

std::vector<dataset::ModalitySpec> sessionModalities(const SessionLayout& layout) {
  std::vector<dataset::ModalitySpec> out;
  if (!layout.videoPath.empty()) out.push_back(faceModality(layout.fps));
  if (!layout.audioPath.empty()) out.push_back(voiceModality());
  return out;
}

std::string describeModalities(const std::vector<dataset::ModalitySpec>& modalities) {
  std::string out;
  for (const dataset::ModalitySpec& m : modalities) {
    out += (out.empty() ? "" : "; ") + m.name + ": " + std::to_string(m.dimension) + " columns [";
    for (size_t g = 0; g < m.groups.size(); ++g)
      out += (g ? ", " : "") + m.groups[g].name + " " + std::to_string(m.groups[g].start) + "-" +
             std::to_string(m.groups[g].end);
    out += "]";
  }
  return out.empty() ? "no modality" : out;
}

void requireModelReadsSession(const std::string& modelPath, const SessionLayout& layout) {
  const std::vector<dataset::ModalitySpec> session = sessionModalities(layout), model = modelModalities(modelPath);
  int shared = 0;
  for (const dataset::ModalitySpec& s : session) {
    const dataset::ModalitySpec* m = nullptr;
    for (const dataset::ModalitySpec& candidate : model)
      if (candidate.name == s.name) m = &candidate;
    if (m && !sameLayout(*m, s))
      throw Error(ErrorCode::InvalidArgument, modelPath,
                  "the model reads " + describeModalities({*m}) + ", but session analysis produces " +
                      describeModalities({s}) + " (face feature schema v" +
                      std::to_string(perception::kFaceFeatureSchemaVersion) + ", voice feature schema v" +
                      std::to_string(voice::kVoiceFeatureSchemaVersion) + ")");
    shared += m != nullptr;
  }
  if (shared == 0)
    throw Error(ErrorCode::InvalidArgument, modelPath,
                "the model reads " + describeModalities(model) + ", none of what session analysis produces: " +
                    describeModalities(session));
}

std::string findSessionModel() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("STF2M_SESSION_MODEL"); env && *env) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back((exe.parent_path() / ".." / "share" / "stf2m" / "models" / "session.stf2m").lexically_normal());
  candidates.push_back(fs::path(STF2M_INSTALL_PREFIX) / "share" / "stf2m" / "models" / "session.stf2m");
  candidates.push_back(fs::path(STF2M_SOURCE_DIR) / "resources" / "models" / "session.stf2m");
  std::string looked;
  for (const fs::path& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.string();
    looked += "\n  " + c.string();
  }
  throw Error(ErrorCode::FileNotFound, "session model",
              "the shipped session model was not found; looked in:" + looked +
                  "\nset STF2M_SESSION_MODEL or give --model");
}

}  // namespace stf2m::pipeline
