// Face feature schema v1 on synthetic 68-point faces with known geometry: a symmetric frontal
// face built in "face units" (eye centres at (-0.5, 0) and (0.5, 0): inter-ocular distance 1),
// then scaled, rotated and moved into image pixels.
#include <QtTest>

#include <cmath>
#include <set>

#include "perception/face_features.h"

using namespace stf2m::perception;

namespace {

constexpr double kPi = 3.14159265358979323846;

FaceLandmarks68 canonicalFace() {
  FaceLandmarks68 lm;
  auto& p = lm.points;
  for (int i = 0; i <= 16; ++i) {  // jaw: lower half ellipse, chin (8) at (0, 1.4)
    const double t = kPi - i * kPi / 16;
    p[i] = {std::cos(t), 0.2 + 1.2 * std::sin(t)};
  }
  for (int i = 0; i < 5; ++i) p[17 + i] = {-0.8 + 0.15 * i, -0.35}, p[22 + i] = {0.2 + 0.15 * i, -0.35};
  for (int i = 0; i < 4; ++i) p[27 + i] = {0, 0.05 + 0.15 * i};  // bridge, tip (30) at 0.5
  for (int i = 0; i < 5; ++i) p[31 + i] = {-0.2 + 0.1 * i, 0.6};
  const FacePoint eye[6] = {{-0.2, 0}, {-0.07, -0.08}, {0.07, -0.08}, {0.2, 0}, {0.07, 0.08}, {-0.07, 0.08}};
  for (int i = 0; i < 6; ++i) p[36 + i] = {eye[i].x - 0.5, eye[i].y}, p[42 + i] = {eye[i].x + 0.5, eye[i].y};
  const FacePoint outer[12] = {{-0.4, 0.9}, {-0.25, 0.82}, {-0.1, 0.8}, {0, 0.8},     {0.1, 0.8},    {0.25, 0.82},
                               {0.4, 0.9},  {0.25, 1.0},   {0.1, 1.02}, {0, 1.02},    {-0.1, 1.02}, {-0.25, 1.0}};
  for (int i = 0; i < 12; ++i) p[48 + i] = outer[i];
  const FacePoint inner[8] = {{-0.3, 0.9}, {-0.1, 0.88}, {0, 0.88}, {0.1, 0.88}, {0.3, 0.9}, {0.1, 0.92}, {0, 0.92}, {-0.1, 0.92}};
  for (int i = 0; i < 8; ++i) p[60 + i] = inner[i];
  lm.valid = true;
  return lm;
}

FaceLandmarks68 place(FaceLandmarks68 lm, double scale, double degrees, double tx, double ty) {
  const double a = degrees * kPi / 180, c = std::cos(a), s = std::sin(a);
  for (FacePoint& q : lm.points) q = {tx + scale * (c * q.x - s * q.y), ty + scale * (s * q.x + c * q.y)};
  return lm;
}

double col(const std::array<double, kFaceGeometryCount>& g, const char* name) {
  const int i = faceFeatureIndex(QByteArray(name).toStdString());
  if (i < 9 || i >= 29) qFatal("no geometry column %s", name);
  return g[i - 9];
}

}  // namespace

class TestFaceFeatures : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void schemaLayout() {
    QCOMPARE(kFaceFeatureSchemaVersion, 1);
    QCOMPARE(kFaceFeatureCount, 285);
    const auto& names = faceFeatureNames();
    QCOMPARE(int(names.size()), kFaceFeatureCount);
    QCOMPARE(int(std::set<std::string>(names.begin(), names.end()).size()), kFaceFeatureCount);  // unique
    int next = 0;
    std::set<std::string> groups;
    for (const FaceFeatureGroup& g : faceFeatureGroups()) {
      QCOMPARE(g.begin, next);  // contiguous, in order
      QVERIFY(g.end > g.begin);
      next = g.end;
      groups.insert(g.name);
    }
    QCOMPARE(next, kFaceFeatureCount);
    for (const char* g : {"presence", "expression", "brows", "eyes", "mouth", "nose", "head", "embedding"})
      QVERIFY2(groups.count(g), g);
    QCOMPARE(faceFeatureIndex("present"), 0);
    QCOMPARE(faceFeatureIndex("expr_neutral"), 2);
    QCOMPARE(faceFeatureIndex("expr_surprised"), 8);
    QCOMPARE(faceFeatureIndex("mouth_open"), 17);
    QCOMPARE(faceFeatureIndex("head_roll"), 26);
    QCOMPARE(faceFeatureIndex("emb_0"), 29);
    QCOMPARE(faceFeatureIndex("emb_255"), 284);
    QCOMPARE(faceFeatureIndex("nope"), -1);
  }

  void knownGeometry() {
    const auto g = faceGeometry(place(canonicalFace(), 1, 0, 0, 0));
    QVERIFY(std::abs(col(g, "mouth_open") - 0.04) < 1e-9);
    QVERIFY(std::abs(col(g, "mouth_width") - 0.8) < 1e-9);
    QVERIFY(std::abs(col(g, "brow_raise_left") - 0.35) < 1e-9);
    QVERIFY(std::abs(col(g, "brow_raise_right") - 0.35) < 1e-9);
    QVERIFY(std::abs(col(g, "brow_furrow") - 0.4) < 1e-9);
    QVERIFY(std::abs(col(g, "eye_open_left") - 0.16) < 1e-9);
    QVERIFY(std::abs(col(g, "eye_width_right") - 0.4) < 1e-9);
    QVERIFY(std::abs(col(g, "jaw_drop") - 0.8) < 1e-9);
    QVERIFY(std::abs(col(g, "head_roll")) < 1e-9);
    QVERIFY(std::abs(col(g, "head_yaw")) < 1e-9);  // symmetric face
    QVERIFY(std::abs(col(g, "lip_corner_raise_left") - col(g, "lip_corner_raise_right")) < 1e-12);
  }

  void mouthOpeningByKnownAmount() {
    // In pixels: inter-ocular distance 64; lower inner lip moved down by 16 px -> +0.25.
    FaceLandmarks68 closed = place(canonicalFace(), 64, 0, 300, 200);
    FaceLandmarks68 open = closed;
    for (int i : {65, 66, 67}) open.points[i].y += 16;
    const double d = col(faceGeometry(open), "mouth_open") - col(faceGeometry(closed), "mouth_open");
    QVERIFY2(std::abs(d - 0.25) < 1e-9, qPrintable(QString::number(d)));
    // Brows raised by 8 px -> +0.125 on both sides, nothing else in the brows' group moves apart.
    FaceLandmarks68 raised = closed;
    for (int i = 17; i <= 26; ++i) raised.points[i].y -= 8;
    QVERIFY(std::abs(col(faceGeometry(raised), "brow_raise_left") - 0.35 - 0.125) < 1e-9);
    QVERIFY(std::abs(col(faceGeometry(raised), "brow_raise_right") - 0.35 - 0.125) < 1e-9);
    // Smile: both lip corners up by 6.4 px -> corner raise +0.1.
    FaceLandmarks68 smile = closed;
    smile.points[48].y -= 6.4, smile.points[54].y -= 6.4;
    QVERIFY(std::abs(col(faceGeometry(smile), "lip_corner_raise_left") - col(faceGeometry(closed), "lip_corner_raise_left") - 0.1) < 1e-9);
  }

  void rollAndInvariance() {
    const auto base = faceGeometry(place(canonicalFace(), 1, 0, 0, 0));
    for (double deg : {10.0, -25.0}) {
      for (double scale : {37.0, 250.0}) {
        const auto g = faceGeometry(place(canonicalFace(), scale, deg, 123.4, -56.7));
        QVERIFY2(std::abs(col(g, "head_roll") - deg) < 1e-9, qPrintable(QString::number(col(g, "head_roll"))));
        for (int i = 0; i < kFaceGeometryCount; ++i) {
          if (faceFeatureNames()[9 + i] == "head_roll") continue;
          QVERIFY2(std::abs(g[i] - base[i]) < 1e-9, faceFeatureNames()[9 + i].c_str());  // rotation/scale/translation invariant
        }
      }
    }
  }

  void yawProxySign() {
    FaceLandmarks68 turned = canonicalFace();
    for (int i = 27; i <= 35; ++i) turned.points[i].x += 0.2;  // nose towards the subject's left
    QVERIFY(col(faceGeometry(turned), "head_yaw") > 5);
  }

  void vectorAssembly() {
    const std::vector<float> none = faceFeatures(nullptr);
    QCOMPARE(int(none.size()), kFaceFeatureCount);
    for (float v : none) QCOMPARE(v, 0.0f);
    FaceObservation o;
    o.box.score = 0.75;
    o.landmarks = place(canonicalFace(), 50, 10, 100, 100);
    o.expressions.valid = true;
    o.expressions.probabilities = {0.1f, 0.6f, 0.05f, 0.05f, 0.05f, 0.05f, 0.1f};
    o.expressions.embedding.assign(256, 0.0f);
    o.expressions.embedding[255] = 3.5f;
    const std::vector<float> v = faceFeatures(&o);
    QCOMPARE(v[0], 1.0f);
    QCOMPARE(v[1], 0.75f);
    QCOMPARE(v[faceFeatureIndex("expr_happy")], 0.6f);
    QVERIFY(std::abs(v[faceFeatureIndex("head_roll")] - 10.0f) < 1e-4);
    QVERIFY(std::abs(v[faceFeatureIndex("mouth_width")] - 0.8f) < 1e-5);
    QCOMPARE(v[284], 3.5f);
    o.landmarks.valid = false;  // no landmarks: geometry zero, rest kept
    const std::vector<float> w = faceFeatures(&o);
    for (int i = 9; i < 29; ++i) QCOMPARE(w[i], 0.0f);
    QCOMPARE(w[faceFeatureIndex("expr_happy")], 0.6f);
  }
};

QTEST_APPLESS_MAIN(TestFaceFeatures)
#include "test_face_features.moc"
