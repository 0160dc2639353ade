#include "perception/face_features.h"

#include <algorithm>
#include <cmath>

#include "perception/face_tracker.h"

namespace stf2m::perception {

namespace {

constexpr double kPi = 3.14159265358979323846;

const char* const kGeometryNames[kFaceGeometryCount] = {
    // brows 9-12
    "brow_raise_right", "brow_raise_left", "brow_inner_raise", "brow_furrow",
    // eyes 13-16
    "eye_open_right", "eye_open_left", "eye_width_right", "eye_width_left",
    // mouth 17-23
    "mouth_open", "mouth_width", "lip_corner_raise_right", "lip_corner_raise_left", "lip_pucker",
    "upper_lip_raise", "jaw_drop",
    // nose 24-25
    "nose_wrinkle", "nose_width",
    // head 26-28
    "head_roll", "head_yaw", "head_pitch"};

struct Frame {
  double ox = 0, oy = 0, c = 1, s = 0, inv = 1;  // origin, cos/sin of -roll, 1/iod
  FacePoint map(const FacePoint& p) const {
    const double dx = p.x - ox, dy = p.y - oy;
    return {(c * dx - s * dy) * inv, (s * dx + c * dy) * inv};
  }
};

FacePoint mean(const FaceLandmarks68& lm, int from, int to) {
  FacePoint m;
  for (int i = from; i <= to; ++i) m.x += lm.points[i].x, m.y += lm.points[i].y;
  m.x /= (to - from + 1), m.y /= (to - from + 1);
  return m;
}

double dist(const FacePoint& a, const FacePoint& b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

const std::vector<FaceFeatureGroup>& faceFeatureGroups() {
  static const std::vector<FaceFeatureGroup> groups = {
      {"presence", 0, 2},  {"expression", 2, 9}, {"brows", 9, 13},  {"eyes", 13, 17},
      {"mouth", 17, 24},   {"nose", 24, 26},     {"head", 26, 29},  {"embedding", 29, kFaceFeatureCount}};
  return groups;
}

const std::vector<std::string>& faceFeatureNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"present", "confidence"};
    for (const char* e : kExpressionNames) n.push_back(std::string("expr_") + e);
    for (const char* g : kGeometryNames) n.push_back(g);
    for (int i = 0; i < kFaceEmbeddingSize; ++i) n.push_back("emb_" + std::to_string(i));
    return n;
  }();
  return names;
}

int faceFeatureIndex(const std::string& name) {
  const auto& n = faceFeatureNames();
  const auto it = std::find(n.begin(), n.end(), name);
  return it == n.end() ? -1 : int(it - n.begin());
}

std::array<double, kFaceGeometryCount> faceGeometry(const FaceLandmarks68& lm) {
  std::array<double, kFaceGeometryCount> g{};
  // Subject's right eye = points 36-41 (image left), left eye = 42-47.
  const FacePoint er = mean(lm, 36, 41), el = mean(lm, 42, 47);
  const double iod = dist(er, el);
  if (!(iod > 1e-9)) return g;
  const double roll = std::atan2(el.y - er.y, el.x - er.x);
  Frame f;
  f.ox = (er.x + el.x) / 2, f.oy = (er.y + el.y) / 2;
  f.c = std::cos(-roll), f.s = std::sin(-roll), f.inv = 1.0 / iod;
  std::array<FacePoint, 68> p;
  for (int i = 0; i < 68; ++i) p[i] = f.map(lm.points[i]);
  auto meanY = [&](int a, int b) { double y = 0; for (int i = a; i <= b; ++i) y += p[i].y; return y / (b - a + 1); };
  auto d = [&](int a, int b) { return dist(p[a], p[b]); };
  const double eyeRy = meanY(36, 41), eyeLy = meanY(42, 47);
  // brows: distance of the brow above its eye centre; inner brow ends; furrow = inner-end gap.
  g[0] = eyeRy - meanY(17, 21);
  g[1] = eyeLy - meanY(22, 26);
  g[2] = ((eyeRy - p[21].y) + (eyeLy - p[22].y)) / 2;
  g[3] = d(21, 22);
  // eyes: openness = mean of the two lid-to-lid distances; width = corner to corner.
  g[4] = (d(37, 41) + d(38, 40)) / 2;
  g[5] = (d(43, 47) + d(44, 46)) / 2;
  g[6] = d(36, 39);
  g[7] = d(42, 45);
  // mouth
  const double lipMidY = (p[62].y + p[66].y) / 2;
  g[8] = d(62, 66);                   // inner-lip opening
  g[9] = d(48, 54);                   // corner to corner
  g[10] = lipMidY - p[48].y;          // right corner above the lip centre line: positive
  g[11] = lipMidY - p[54].y;
  g[12] = d(51, 57) / std::max(1e-9, d(48, 54));  // outer height / width (dimensionless)
  g[13] = p[51].y - p[33].y;          // nose base to upper lip (smaller: upper lip raised)
  g[14] = p[8].y - p[33].y;           // nose base to chin
  // nose
  g[15] = (p[31].y + p[35].y) / 2;    // nostril wings below the eye line (smaller: wrinkled)
  g[16] = d(31, 35);
  // head (degrees): roll of the eye line; yaw from the nose tip's horizontal offset against the
  // jaw's outer points, pitch from the nose tip's vertical position between eye line and chin
  // (0.45 is its neutral share; 0 for a frontal, level face as the 68-point mean shape has it).
  g[17] = roll * 180.0 / kPi;
  const double jawW = p[16].x - p[0].x;
  const double yawRatio = jawW > 1e-9 ? ((p[30].x - p[0].x) - (p[16].x - p[30].x)) / jawW : 0.0;
  g[18] = std::asin(std::clamp(yawRatio, -1.0, 1.0)) * 180.0 / kPi;
  const double chin = p[8].y;
  const double pitchRatio = chin > 1e-9 ? p[30].y / chin - 0.45 : 0.0;
  g[19] = std::asin(std::clamp(2 * pitchRatio, -1.0, 1.0)) * 180.0 / kPi;
  return g;
}

std::vector<float> faceFeatures(const FaceObservation* face) {
  std::vector<float> v(kFaceFeatureCount, 0.0f);
  if (!face) return v;
  v[0] = 1.0f;
  v[1] = float(face->box.score);
  if (face->expressions.valid)
    for (int i = 0; i < kExpressionCount; ++i) v[2 + i] = face->expressions.probabilities[i];
  if (face->landmarks.valid) {
    const auto g = faceGeometry(face->landmarks);
    for (int i = 0; i < kFaceGeometryCount; ++i) v[9 + i] = float(g[i]);
  }
  if (face->expressions.valid && int(face->expressions.embedding.size()) == kFaceEmbeddingSize)
    for (int i = 0; i < kFaceEmbeddingSize; ++i) v[29 + i] = face->expressions.embedding[i];
  return v;
}

}  // namespace stf2m::perception
