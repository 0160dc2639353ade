#include "pipeline/feature_cache.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

#include "common/digest.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/json.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "STF2M-FEATURES\n";
constexpr uint32_t kFormatVersion = 2;  // 2: face samples record their FaceSource; tracker state v2

// ---- binary payload: values in the machine's byte order (little-endian on every supported one) --

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool get(T& value) {
    if (bytes_.size() - at_ < sizeof value) return false;
    std::memcpy(&value, bytes_.data() + at_, sizeof value);
    at_ += sizeof value;
    return true;
  }
  bool take(size_t n, std::string_view& out) {
    if (bytes_.size() - at_ < n) return false;
    out = bytes_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool atEnd() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

void putFace(std::string& out, const FaceSample& s) {
  put(out, s.time);
  put(out, s.frame);
  put(out, int32_t(s.trackId));
  put(out, uint8_t(s.source));
  put(out, uint8_t(s.landmarksValid));
  for (double v : {s.box.x, s.box.y, s.box.width, s.box.height, s.box.score}) put(out, v);
  for (const perception::FacePoint& p : s.landmarks) put(out, p.x), put(out, p.y);
  put(out, uint32_t(s.features.size()));
  out.append(reinterpret_cast<const char*>(s.features.data()), s.features.size() * sizeof(float));
}

bool getFace(Cursor& in, FaceSample& s) {
  int32_t track = 0;
  uint8_t detected = 0, valid = 0;
  uint32_t n = 0;
  if (!in.get(s.time) || !in.get(s.frame) || !in.get(track) || !in.get(detected) || !in.get(valid)) return false;
  for (double* v : {&s.box.x, &s.box.y, &s.box.width, &s.box.height, &s.box.score})
    if (!in.get(*v)) return false;
  for (perception::FacePoint& p : s.landmarks)
    if (!in.get(p.x) || !in.get(p.y)) return false;
  std::string_view raw;
  if (!in.get(n) || n > 100000 || !in.take(size_t(n) * sizeof(float), raw)) return false;
  s.trackId = track;
  if (detected > uint8_t(perception::FaceSource::Refitted)) return false;
  s.source = perception::FaceSource(detected);
  s.landmarksValid = valid != 0;
  s.features.resize(n);
  std::memcpy(s.features.data(), raw.data(), raw.size());
  return true;
}

// ---- the tracker state as JSON (exact: doubles are written as the shortest text that reads back
// as the same value) --------------------------------------------------------------------------

Json boxJson(const perception::FaceBox& b) { return {b.x, b.y, b.width, b.height, b.score}; }
perception::FaceBox boxOf(const Json& j) {
  return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>(), j.at(3).get<double>(),
          j.at(4).get<double>()};
}

Json landmarksJson(const perception::FaceLandmarks68& lm) {
  Json points = Json::array();
  for (const perception::FacePoint& p : lm.points) points.push_back(p.x), points.push_back(p.y);
  return {{"points", std::move(points)}, {"aligned", boxJson(lm.alignedBox)}, {"valid", lm.valid}};
}

perception::FaceLandmarks68 landmarksOf(const Json& lm) {
  perception::FaceLandmarks68 out;
  const Json& points = lm.at("points");
  if (points.size() != 2 * out.points.size()) throw std::runtime_error("landmark count");
  for (size_t i = 0; i < out.points.size(); ++i)
    out.points[i] = {points.at(2 * i).get<double>(), points.at(2 * i + 1).get<double>()};
  out.alignedBox = boxOf(lm.at("aligned"));
  out.valid = lm.at("valid").get<bool>();
  return out;
}

Json observationJson(const perception::FaceObservation& o) {
  return {{"box", boxJson(o.box)},
          {"landmarks", landmarksJson(o.landmarks)},
          {"expressions",
           {{"p", o.expressions.probabilities}, {"embedding", o.expressions.embedding}, {"valid", o.expressions.valid}}}};
}

perception::FaceObservation observationOf(const Json& j) {
  perception::FaceObservation o;
  o.box = boxOf(j.at("box"));
  o.landmarks = landmarksOf(j.at("landmarks"));
  const Json& ex = j.at("expressions");
  o.expressions.probabilities = ex.at("p").get<std::array<float, perception::kExpressionCount>>();
  o.expressions.embedding = ex.at("embedding").get<std::vector<float>>();
  o.expressions.valid = ex.at("valid").get<bool>();
  return o;
}

// A retired track (lost for longer than the re-identification time) never comes back: of it,
// only what tracks() and primaryTrack() report is kept, so the state stays small on a long session.
Json countsJson(const perception::FaceTrackState& t) { return {t.detections, t.refits, t.searches, t.reidentified}; }

Json filterJson(const perception::LandmarkFilterState& f) {
  return {{"primed", f.primed}, {"time", f.time}, {"value", f.value}, {"derivative", f.derivative}};
}

perception::LandmarkFilterState filterOf(const Json& j) {
  perception::LandmarkFilterState f;
  f.primed = j.at("primed").get<bool>();
  f.time = j.at("time").get<double>();
  f.value = j.at("value").get<std::array<double, 136>>();
  f.derivative = j.at("derivative").get<std::array<double, 136>>();
  return f;
}

Json stateJson(const perception::FaceTrackerState& s) {
  Json tracks = Json::array();
  for (const perception::FaceTrackState& t : s.tracks) {
    Json tj = {{"id", t.id},
               {"frames", {t.firstFrame, t.lastFrame, t.missed, t.hits}},
               {"area_sum", t.areaSum},
               {"alive", t.alive},
               {"retired", t.retired},
               {"counts", countsJson(t)}};
    if (!t.retired) {
      tj["last"] = observationJson(t.last);
      tj["velocity"] = {t.vx, t.vy};
      tj["detection"] = {t.detectionScore, t.detectionFrame};
      tj["can_refit"] = t.canRefit;
      tj["box_from_landmarks"] = {t.offsetX, t.offsetY, t.scaleX, t.scaleY};
      tj["filter"] = filterJson(t.filter);
      tj["reference"] = {{"box", boxJson(t.referenceBox)}, {"landmarks", landmarksJson(t.referenceLandmarks)}};
    }
    tracks.push_back(std::move(tj));
  }
  return {{"tracks", std::move(tracks)},
          {"primary_override", s.primaryOverride ? Json(*s.primaryOverride) : Json(nullptr)},
          {"next_id", s.nextId},
          {"last_detect_frame", s.lastDetectFrame},
          {"have_detected", s.haveDetected},
          {"runs", {s.detectionsRun, s.refinementsRun, s.searchesRun}},
          {"frame", s.frame}};
}

perception::FaceTrackerState stateOf(const Json& j) {
  perception::FaceTrackerState s;
  for (const Json& tj : j.at("tracks")) {
    perception::FaceTrackState t;
    t.id = tj.at("id").get<int>();
    t.alive = tj.at("alive").get<bool>();
    t.retired = tj.at("retired").get<bool>();
    const Json& f = tj.at("frames");
    t.firstFrame = f.at(0).get<int>(), t.lastFrame = f.at(1).get<int>(), t.missed = f.at(2).get<int>(),
    t.hits = f.at(3).get<int>();
    t.areaSum = tj.at("area_sum").get<double>();
    const Json& c = tj.at("counts");
    t.detections = c.at(0).get<int>(), t.refits = c.at(1).get<int>(), t.searches = c.at(2).get<int>(),
    t.reidentified = c.at(3).get<int>();
    if (t.retired) {
      s.tracks.push_back(std::move(t));
      continue;
    }
    t.last = observationOf(tj.at("last"));
    t.vx = tj.at("velocity").at(0).get<double>();
    t.vy = tj.at("velocity").at(1).get<double>();
    t.detectionScore = tj.at("detection").at(0).get<double>();
    t.detectionFrame = tj.at("detection").at(1).get<int>();
    t.canRefit = tj.at("can_refit").get<bool>();
    const Json& b = tj.at("box_from_landmarks");
    t.offsetX = b.at(0).get<double>(), t.offsetY = b.at(1).get<double>(), t.scaleX = b.at(2).get<double>(),
    t.scaleY = b.at(3).get<double>();
    t.filter = filterOf(tj.at("filter"));
    t.referenceBox = boxOf(tj.at("reference").at("box"));
    t.referenceLandmarks = landmarksOf(tj.at("reference").at("landmarks"));
    s.tracks.push_back(std::move(t));
  }
  if (!j.at("primary_override").is_null()) s.primaryOverride = j.at("primary_override").get<int>();
  s.nextId = j.at("next_id").get<int>();
  s.lastDetectFrame = j.at("last_detect_frame").get<int>();
  s.haveDetected = j.at("have_detected").get<bool>();
  const Json& runs = j.at("runs");
  s.detectionsRun = runs.at(0).get<int>(), s.refinementsRun = runs.at(1).get<int>(), s.searchesRun = runs.at(2).get<int>();
  s.frame = j.at("frame").get<int>();
  return s;
}

void appendLength(std::string& out, uint64_t n) { put(out, n); }

}  // namespace

FeatureCache::FeatureCache(std::string dir) : dir_(std::move(dir)) {}

std::string FeatureCache::chunkPath(const std::string& fileSha256, const std::string& variant, int index) const {
  char name[32];
  std::snprintf(name, sizeof name, "chunk-%06d.bin", index);
  return (fs::path(dir_) / fileSha256 / variant / name).string();
}

void FeatureCache::store(const std::string& fileSha256, const std::string& variant, const FeatureChunk& chunk,
                         const perception::FaceTrackerState* stateAfter) const {
  std::string payload;
  if (chunk.kind == ChunkKind::Face)
    for (const FaceSample& s : chunk.faces) putFace(payload, s);
  else
    payload.append(reinterpret_cast<const char*>(chunk.voice.data()), chunk.voice.size() * sizeof(float));
  Json header = {{"kind", chunk.kind == ChunkKind::Face ? "face" : "voice"},
                 {"variant", variant},
                 {"index", chunk.index},
                 {"start", chunk.start},
                 {"end", chunk.end},
                 {"count", chunk.kind == ChunkKind::Face ? int64_t(chunk.faces.size()) : int64_t(chunk.voiceRows)},
                 {"first_row", chunk.voiceFirstRow},
                 {"payload_sha256", sha256OfBytes(payload)}};
  if (stateAfter) header["tracker"] = stateJson(*stateAfter);
  const std::string headerText = dumpJson(header, false);
  std::string bytes(kMagic);
  put(bytes, kFormatVersion);
  appendLength(bytes, headerText.size());
  bytes += headerText;
  appendLength(bytes, payload.size());
  bytes += payload;
  const std::string path = chunkPath(fileSha256, variant, chunk.index);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) throw Error(ErrorCode::FileUnreadable, fs::path(path).parent_path().string(), "cannot create the feature cache folder: " + ec.message());
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);  // features describe patients
  writeFileAtomically(path, bytes);
}

std::optional<FeatureChunk> FeatureCache::load(const std::string& fileSha256, const std::string& variant,
                                               ChunkKind kind, int index, perception::FaceTrackerState* stateAfter) const {
  const std::string path = chunkPath(fileSha256, variant, index);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::string bytes;
  try {
    bytes = readWholeFile(path);
  } catch (const Error&) {
    return std::nullopt;
  }
  Cursor in(bytes);
  std::string_view magic, headerText, payload;
  uint32_t version = 0;
  uint64_t headerLength = 0, payloadLength = 0;
  if (!in.take(kMagic.size(), magic) || magic != kMagic || !in.get(version) || version != kFormatVersion ||
      !in.get(headerLength) || headerLength > bytes.size() || !in.take(size_t(headerLength), headerText) ||
      !in.get(payloadLength) || payloadLength > bytes.size() || !in.take(size_t(payloadLength), payload) || !in.atEnd())
    return std::nullopt;
  try {
    const Json header = Json::parse(headerText);  // our own format: no line numbers needed
    if (header.at("variant").get<std::string>() != variant || header.at("index").get<int>() != index ||
        header.at("kind").get<std::string>() != (kind == ChunkKind::Face ? "face" : "voice") ||
        header.at("payload_sha256").get<std::string>() != sha256OfBytes(payload))
      return std::nullopt;
    FeatureChunk chunk;
    chunk.kind = kind;
    chunk.index = index;
    chunk.start = header.at("start").get<double>();
    chunk.end = header.at("end").get<double>();
    chunk.fromCache = true;
    const int64_t count = header.at("count").get<int64_t>();
    if (kind == ChunkKind::Face) {
      Cursor p(payload);
      chunk.faces.resize(size_t(std::max<int64_t>(0, count)));
      for (FaceSample& s : chunk.faces)
        if (!getFace(p, s)) return std::nullopt;
      if (!p.atEnd()) return std::nullopt;
      if (stateAfter) *stateAfter = stateOf(header.at("tracker"));
    } else {
      if (count < 0 || uint64_t(count) * voice::kVoiceFeatureCount * sizeof(float) != payload.size()) return std::nullopt;
      chunk.voiceFirstRow = header.at("first_row").get<int64_t>();
      chunk.voiceRows = int(count);
      chunk.voice.resize(payload.size() / sizeof(float));
      std::memcpy(chunk.voice.data(), payload.data(), payload.size());
    }
    return chunk;
  } catch (const std::exception&) {  // a header that is not what this version writes
    return std::nullopt;
  }
}

}  // namespace stf2m::pipeline
