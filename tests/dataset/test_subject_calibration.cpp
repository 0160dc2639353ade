// Subject calibration (person-specific normalisation): with no prior every subject's features end
// with mean 0 and variance 1 whatever offset and gain the subject had; the prior shrinks the
// statistics exactly as documented (checked against the formula on a hand-computable case); one
// subject's statistics never touch another's clips; bad priors are refused.
#include <QtTest>

#include <cmath>

#include "dataset/seeded_random.h"
#include "dataset/subject_calibration.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::dataset;
using stf2m::test::capture;

namespace {

struct SubjectShape {
  std::string id;
  double offset, gain;  // every feature of every frame: offset + gain * N(0, 1)
  int clips;
  double seconds;       // per clip
};

// Face: 3 features at 25 Hz; voice: 2 features at 100 Hz.
Dataset makeData(const std::vector<SubjectShape>& subjects, uint64_t seed) {
  SeededRandom random(seed);
  Dataset d;
  d.modalities = {{"face", 3, 25.0, {{"all", 0, 3}}}, {"voice", 2, 100.0, {{"all", 0, 2}}}};
  for (const SubjectShape& s : subjects)
    for (int k = 0; k < s.clips; ++k) {
      Clip clip;
      clip.id = s.id + "_" + std::to_string(k);
      clip.subject = s.id;
      clip.label = EmotionLabel::single(k % 2 ? "joy" : "anger");
      for (const ModalitySpec& m : d.modalities) {
        FeatureSequence seq{m.rateHz, static_cast<int64_t>(std::lround(s.seconds * m.rateHz)), m.dimension, {}};
        for (int64_t i = 0; i < seq.rows * seq.cols; ++i)
          seq.data.push_back(static_cast<float>(s.offset + s.gain * random.normal()));
        clip.features[m.name] = std::move(seq);
      }
      d.clips.push_back(std::move(clip));
    }
  return d;
}

// Mean and variance of feature j of modality `name` over a subject's clips.
std::pair<double, double> moments(const Dataset& d, const std::string& subject, const std::string& name, int64_t j) {
  double sum = 0, sumSq = 0, n = 0;
  for (const Clip& c : d.clips) {
    if (c.subject != subject) continue;
    const FeatureSequence& seq = c.features.at(name);
    for (int64_t r = 0; r < seq.rows; ++r) sum += seq.row(r)[j], sumSq += double(seq.row(r)[j]) * seq.row(r)[j], ++n;
  }
  const double mean = sum / n;
  return {mean, sumSq / n - mean * mean};
}

}  // namespace

class TestSubjectCalibration : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void withoutPriorEverySubjectEndsStandardised() {
    Dataset d = makeData({{"s1", 3.0, 2.0, 4, 5.0}, {"s2", -1.0, 0.5, 3, 4.0}}, 7);
    const auto before = moments(d, "s1", "face", 0);
    QVERIFY(std::abs(before.first - 3.0) < 0.2);
    QVERIFY(std::abs(before.second - 4.0) < 0.6);
    const std::vector<SubjectCalibration> report = calibrateSubjects(d, 0.0);
    QCOMPARE(report.size(), size_t(2));
    QCOMPARE(report[0].subject, std::string("s1"));
    QCOMPARE(report[0].seconds, 20.0);
    QCOMPARE(report[1].seconds, 12.0);
    QCOMPARE(report[0].weight, 1.0);
    for (const std::string subject : {"s1", "s2"})
      for (const auto& [name, dims] : {std::pair<std::string, int>{"face", 3}, {"voice", 2}})
        for (int j = 0; j < dims; ++j) {
          const auto [mean, var] = moments(d, subject, name, j);
          QVERIFY2(std::abs(mean) < 1e-5, (subject + " " + name).c_str());
          QVERIFY2(std::abs(var - 1.0) < 1e-4, (subject + " " + name).c_str());
        }
  }

  void priorShrinksAsDocumented() {
    // One subject, one 2 s clip, every value 3: n = 50 face frames, n0 = 4 s x 25 Hz = 100.
    Dataset d = makeData({{"s1", 3.0, 0.0, 1, 2.0}}, 1);
    const std::vector<SubjectCalibration> report = calibrateSubjects(d, 4.0);
    const double n = 50, n0 = 100, mean = n * 3 / (n + n0), var = (n * 9 + n0) / (n + n0) - mean * mean;
    const double expected = (3 - mean) / std::sqrt(var);
    QCOMPARE(report.size(), size_t(1));
    QCOMPARE(report[0].seconds, 2.0);
    QVERIFY(std::abs(report[0].weight - n / (n + n0)) < 1e-12);
    for (const auto& [name, seq] : d.clips[0].features)
      for (float v : seq.data) QVERIFY2(std::abs(v - expected) < 1e-5, name.c_str());
    QVERIFY(expected > 1.0);  // still far from the subject's own mean of 3 -> 0: the emotion survives
  }

  void longRecordingsAreFullyCalibratedShortOnesBarelyMoved() {
    Dataset d = makeData({{"long", 2.0, 1.0, 60, 5.0}, {"short", 2.0, 1.0, 1, 1.0}}, 3);
    const Dataset original = d;
    const std::vector<SubjectCalibration> report = calibrateSubjects(d, 10.0);
    QVERIFY(report[0].weight > 0.96);           // 300 s against 10 s
    QVERIFY(std::abs(report[1].weight - 1.0 / 11.0) < 1e-12);
    QVERIFY(std::abs(moments(d, "long", "face", 1).first) < 0.1);
    // The short subject keeps most of its offset (prior weight 10/11).
    QVERIFY(moments(d, "short", "face", 1).first > 1.0);
    QVERIFY(moments(original, "short", "face", 1).first > moments(d, "short", "face", 1).first);
  }

  void subjectsDoNotTouchEachOther() {
    Dataset both = makeData({{"a", 1.0, 2.0, 3, 3.0}, {"b", -4.0, 0.3, 2, 6.0}}, 11);
    Dataset onlyA = both, onlyB = both;
    onlyA.clips.erase(onlyA.clips.begin() + 3, onlyA.clips.end());
    onlyB.clips.erase(onlyB.clips.begin(), onlyB.clips.begin() + 3);
    calibrateSubjects(both, 10.0);
    calibrateSubjects(onlyA, 10.0);
    calibrateSubjects(onlyB, 10.0);
    for (size_t c = 0; c < both.clips.size(); ++c) {
      const Clip& alone = c < 3 ? onlyA.clips[c] : onlyB.clips[c - 3];
      QCOMPARE(both.clips[c].id, alone.id);
      for (const auto& [name, seq] : both.clips[c].features) QVERIFY(seq.data == alone.features.at(name).data);
    }
  }

  void badPriorsAreRefused() {
    for (double prior : {-1.0, double(NAN), double(INFINITY)}) {
      Dataset d = makeData({{"s1", 0.0, 1.0, 1, 1.0}}, 1);
      const auto t = capture([&] { calibrateSubjects(d, prior); });
      QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
      QCOMPARE(t.subject, std::string("subject calibration"));
    }
  }
};

QTEST_GUILESS_MAIN(TestSubjectCalibration)
#include "test_subject_calibration.moc"
