// The synthetic benchmark: deterministic from its seed, the ground truth agrees with the
// parameters (rates of compound/graded labels and label noise, uninformative face subjects,
// tempo and lag ranges), it round-trips through the folder format, and it is hard: linear probes
// on time-pooled features (written here: least squares and nearest class mean on per-column
// mean+std) are far above chance but far from perfect.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "dataset/episodes.h"
#include "dataset/synth.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::dataset;
using stf2m::test::capture;

namespace {

using Matrix = std::vector<std::vector<double>>;

// Per-column mean and standard deviation over time of the chosen modalities.
std::vector<double> pooled(const Clip& clip, const std::vector<std::string>& modalities) {
  std::vector<double> out;
  for (const auto& name : modalities) {
    const FeatureSequence& f = clip.features.at(name);
    for (int64_t c = 0; c < f.cols; ++c) {
      double sum = 0, sq = 0;
      for (int64_t r = 0; r < f.rows; ++r) {
        const double v = f.row(r)[c];
        sum += v;
        sq += v * v;
      }
      const double mean = sum / static_cast<double>(f.rows);
      out.push_back(mean);
      out.push_back(std::sqrt(std::max(0.0, sq / static_cast<double>(f.rows) - mean * mean)));
    }
  }
  return out;
}

// Standardises columns with the statistics of the rows flagged in `fitRows`.
void standardise(Matrix& x, const std::vector<bool>& fitRows) {
  const size_t p = x.front().size();
  for (size_t j = 0; j < p; ++j) {
    double sum = 0, sq = 0, n = 0;
    for (size_t i = 0; i < x.size(); ++i)
      if (fitRows[i]) sum += x[i][j], sq += x[i][j] * x[i][j], n += 1;
    const double mean = sum / n, sd = std::sqrt(std::max(1e-12, sq / n - mean * mean));
    for (auto& row : x) row[j] = (row[j] - mean) / sd;
  }
}

// Standardises columns within each subject's rows (removes per-subject bias and gain; unsupervised).
void standardisePerSubject(Matrix& x, const std::vector<std::string>& subject) {
  std::map<std::string, std::vector<size_t>> rows;
  for (size_t i = 0; i < x.size(); ++i) rows[subject[i]].push_back(i);
  for (const auto& [name, r] : rows)
    for (size_t j = 0; j < x.front().size(); ++j) {
      double sum = 0, sq = 0;
      for (size_t i : r) sum += x[i][j], sq += x[i][j] * x[i][j];
      const double n = static_cast<double>(r.size()), mean = sum / n;
      const double sd = std::sqrt(std::max(1e-12, sq / n - mean * mean));
      for (size_t i : r) x[i][j] = (x[i][j] - mean) / sd;
    }
}

// Solves A w = b for symmetric positive definite A (Cholesky), in place.
std::vector<double> solveSpd(Matrix a, std::vector<double> b) {
  const size_t n = a.size();
  for (size_t j = 0; j < n; ++j) {
    for (size_t k = 0; k < j; ++k) a[j][j] -= a[j][k] * a[j][k];
    a[j][j] = std::sqrt(a[j][j]);
    for (size_t i = j + 1; i < n; ++i) {
      for (size_t k = 0; k < j; ++k) a[i][j] -= a[i][k] * a[j][k];
      a[i][j] /= a[j][j];
    }
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) b[i] -= a[i][k] * b[k];
    b[i] /= a[i][i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t k = i + 1; k < n; ++k) b[i] -= a[k][i] * b[k];
    b[i] /= a[i][i];
  }
  return b;
}

struct ProbeResult {
  double leastSquares = 0;
  double nearestMean = 0;
};

// Trains on rows with train[i], tests on the others; y are class indices in [0, classes).
ProbeResult probe(Matrix x, const std::vector<int>& y, const std::vector<int>& truth, const std::vector<bool>& train,
                  int classes, double ridge) {
  standardise(x, train);
  for (auto& row : x) row.push_back(1.0);  // bias
  const size_t p = x.front().size();
  Matrix gram(p, std::vector<double>(p, 0.0));
  Matrix xty(static_cast<size_t>(classes), std::vector<double>(p, 0.0));
  Matrix means(static_cast<size_t>(classes), std::vector<double>(p, 0.0));
  std::vector<double> counts(static_cast<size_t>(classes), 0.0);
  for (size_t i = 0; i < x.size(); ++i) {
    if (!train[i]) continue;
    for (size_t a = 0; a < p; ++a) {
      for (size_t b = 0; b < p; ++b) gram[a][b] += x[i][a] * x[i][b];
      xty[static_cast<size_t>(y[i])][a] += x[i][a];
      means[static_cast<size_t>(y[i])][a] += x[i][a];
    }
    counts[static_cast<size_t>(y[i])] += 1;
  }
  for (size_t a = 0; a + 1 < p; ++a) gram[a][a] += ridge;
  gram[p - 1][p - 1] += 1e-6;
  Matrix w;
  for (int c = 0; c < classes; ++c) w.push_back(solveSpd(gram, xty[static_cast<size_t>(c)]));
  for (int c = 0; c < classes; ++c)
    for (auto& v : means[static_cast<size_t>(c)]) v /= std::max(1.0, counts[static_cast<size_t>(c)]);
  ProbeResult r;
  double tested = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (train[i]) continue;
    int bestScore = 0, bestMean = 0;
    double score = -1e300, distance = 1e300;
    for (int c = 0; c < classes; ++c) {
      double s = 0, d = 0;
      for (size_t a = 0; a < p; ++a) {
        s += w[static_cast<size_t>(c)][a] * x[i][a];
        const double diff = x[i][a] - means[static_cast<size_t>(c)][a];
        d += a + 1 < p ? diff * diff : 0.0;
      }
      if (s > score) score = s, bestScore = c;
      if (d < distance) distance = d, bestMean = c;
    }
    r.leastSquares += bestScore == truth[i] ? 1 : 0;
    r.nearestMean += bestMean == truth[i] ? 1 : 0;
    tested += 1;
  }
  r.leastSquares /= tested;
  r.nearestMean /= tested;
  return r;
}

std::map<std::string, int> classIndex(const SynthResult& s) {
  std::map<std::string, int> index;
  const auto names = synthClassNames(static_cast<int>(s.families.size()));
  for (size_t c = 0; c < names.size(); ++c) index[names[c]] = static_cast<int>(c);
  return index;
}

// |observed - expected| within 4 binomial standard deviations.
bool rateMatches(double count, double n, double rate) {
  return std::abs(count / n - rate) <= 4.0 * std::sqrt(rate * (1 - rate) / n) + 1e-12;
}

}  // namespace

class TestSynth : public QObject {
  Q_OBJECT

  SynthResult defaults_;

 private Q_SLOTS:
  void initTestCase() { defaults_ = generateSynthetic(SynthParams{}); }

  void defaultsHaveTheDocumentedShape() {
    const Dataset& d = defaults_.dataset;
    QCOMPARE(d.clips.size(), std::size_t(24 * 40));
    QCOMPARE(d.subjects().size(), std::size_t(16));
    QCOMPARE(d.modalities.size(), std::size_t(2));
    QCOMPARE(d.modalities[0].name, std::string("face"));
    QCOMPARE(d.modalities[0].dimension, 32);
    QCOMPARE(d.modalities[0].rateHz, 25.0);
    QCOMPARE(d.modalities[0].groups.size(), std::size_t(6));
    QCOMPARE(d.modalities[1].name, std::string("voice"));
    QCOMPARE(d.modalities[1].dimension, 40);
    QCOMPARE(d.modalities[1].rateHz, 100.0);
    QCOMPARE(d.modalities[1].groups.size(), std::size_t(5));
    validateDataset(d);
    // Every subject shows every class (clips are dealt round-robin over subjects).
    std::map<std::string, std::set<std::string>> classesOf;
    for (size_t i = 0; i < d.clips.size(); ++i)
      classesOf[d.clips[i].subject].insert(defaults_.clips[i].trueLabel.dominant());
    for (const auto& [subject, classes] : classesOf) QCOMPARE(classes.size(), std::size_t(24));
    const auto names = synthClassNames(24);
    QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), std::size_t(24));
  }

  void deterministicFromTheSeed() {
    SynthParams p;
    p.classes = 4;
    p.clipsPerClass = 3;
    const SynthResult a = generateSynthetic(p), b = generateSynthetic(p);
    p.seed = 2;
    const SynthResult c = generateSynthetic(p);
    for (size_t i = 0; i < a.dataset.clips.size(); ++i) {
      QCOMPARE(a.dataset.clips[i].label.text(), b.dataset.clips[i].label.text());
      QVERIFY(a.dataset.clips[i].features.at("voice").data == b.dataset.clips[i].features.at("voice").data);
      QVERIFY(a.dataset.clips[i].features.at("face").data != c.dataset.clips[i].features.at("face").data);
    }
  }

  void groundTruthMatchesTheParameters() {
    const SynthParams p;
    const double n = static_cast<double>(defaults_.clips.size());
    double compound = 0, graded = 0, noisy = 0;
    for (size_t i = 0; i < defaults_.clips.size(); ++i) {
      const SynthClipTruth& t = defaults_.clips[i];
      const Clip& clip = defaults_.dataset.clips[i];
      compound += t.trueLabel.kind == EmotionLabel::Kind::Compound;
      graded += t.trueLabel.kind == EmotionLabel::Kind::Soft;
      const bool differs = clip.label.dominant() != t.trueLabel.dominant();
      QCOMPARE(differs, t.labelNoise);
      noisy += differs;
      QVERIFY(clip.label.kind == t.trueLabel.kind);
      QVERIFY(t.onsetS >= 0 && t.onsetS < t.apexS && t.apexS < t.offsetS && t.offsetS <= *clip.endS);
      QVERIFY(*clip.endS >= p.minClipSeconds && *clip.endS <= p.maxClipSeconds);
    }
    qInfo("default set: compound %.3f (set %.2f), graded %.3f (set %.2f), label noise %.3f (set %.2f)", compound / n,
          p.compoundRate, graded / n, p.gradedRate, noisy / n, p.labelNoiseRate);
    QVERIFY(rateMatches(compound, n, p.compoundRate));
    QVERIFY(rateMatches(graded, n, p.gradedRate));
    QVERIFY(rateMatches(noisy, n, p.labelNoiseRate));
    int uninformative = 0;
    for (const auto& s : defaults_.subjects) {
      uninformative += s.faceUninformative;
      QVERIFY(s.tempo >= p.minTempo && s.tempo <= p.maxTempo);
      QVERIFY(s.voiceLagS >= 0 && s.voiceLagS <= p.maxVoiceLagSeconds);
      if (s.faceUninformative)
        for (double r : s.faceGroupRelevance) QCOMPARE(r, 0.0);
    }
    QCOMPARE(uninformative, 3);  // round(0.2 * 16)
  }

  // Within-subject probes on the face alone (features standardised per subject, even clips train,
  // odd clips test): the uninformative subjects are at chance, the others well above it.
  void uninformativeFaceCarriesNoClass() {
    SynthParams p;
    p.classes = 8;
    p.subjects = 8;
    p.clipsPerClass = 48;  // 48 clips per subject
    p.noisyFaceSubjectFraction = 0.25;
    p.compoundRate = p.gradedRate = p.labelNoiseRate = 0;
    const SynthResult s = generateSynthetic(p);
    const auto index = classIndex(s);
    for (bool uninformative : {true, false}) {
      double correct = 0, total = 0;
      for (const auto& subject : s.subjects) {
        if (subject.faceUninformative != uninformative) continue;
        Matrix x;
        std::vector<int> y;
        std::vector<bool> train;
        for (const auto& clip : s.dataset.clips) {
          if (clip.subject != subject.id) continue;
          x.push_back(pooled(clip, {"face"}));
          y.push_back(index.at(clip.label.dominant()));
          train.push_back(x.size() % 2 == 0);
        }
        const ProbeResult r = probe(x, y, y, train, p.classes, 1.0);
        const double tested = static_cast<double>(std::count(train.begin(), train.end(), false));
        correct += r.nearestMean * tested;
        total += tested;
      }
      qInfo("face-only within-subject nearest-mean accuracy, %s subjects: %.3f (chance 0.125, %d clips)",
            uninformative ? "uninformative" : "informative", correct / total, static_cast<int>(total));
      if (uninformative) QVERIFY(correct / total < 0.25);
      else QVERIFY(correct / total > 0.4);
    }
  }

  // The default set under the default split gives every part 5-way 1- and 5-shot episodes.
  void defaultSplitSupportsStandardEpisodes() {
    const DatasetSplit split = splitDataset(defaults_.dataset, SplitOptions{});
    for (SplitPart part : {SplitPart::Train, SplitPart::Val, SplitPart::Test})
      for (int shots : {1, 5}) {
        const auto t = capture([&] {
          EpisodeSampler sampler(defaults_.dataset, split, part, EpisodeShape{5, shots, 15}, 1);
          sampler.next();
        });
        QVERIFY2(!t.threw, qPrintable(t.describe()));
      }
  }

  // Cross-subject probes on the default set: train on 11 subjects, test on s03, s06, ..., s15,
  // trained on the written (noisy) labels and scored against the true dominant class. Pooling
  // cannot separate the variant pairs that differ only in temporal order, so even with
  // per-subject normalisation the probes stay far from perfect (design ceiling about 50%).
  void pooledLinearProbeIsFarFromPerfect() {
    const auto index = classIndex(defaults_);
    Matrix x;
    std::vector<int> written, truth;
    std::vector<bool> train;
    std::vector<std::string> subjects;
    for (size_t i = 0; i < defaults_.dataset.clips.size(); ++i) {
      const Clip& clip = defaults_.dataset.clips[i];
      x.push_back(pooled(clip, {"face", "voice"}));
      written.push_back(index.at(clip.label.dominant()));
      truth.push_back(index.at(defaults_.clips[i].trueLabel.dominant()));
      subjects.push_back(clip.subject);
      train.push_back(std::stoi(clip.subject.substr(1)) % 3 != 0);
    }
    const double chance = 1.0 / 24;
    const ProbeResult raw = probe(x, written, truth, train, 24, 50.0);
    standardisePerSubject(x, subjects);
    const ProbeResult normalised = probe(x, written, truth, train, 24, 50.0);
    qInfo("pooled mean+std probes, cross-subject, 24 classes (chance %.3f): least squares %.3f, nearest mean %.3f; "
          "per-subject normalised: least squares %.3f, nearest mean %.3f",
          chance, raw.leastSquares, raw.nearestMean, normalised.leastSquares, normalised.nearestMean);
    for (double accuracy : {raw.leastSquares, raw.nearestMean, normalised.leastSquares, normalised.nearestMean}) {
      QVERIFY2(accuracy > 3 * chance, "the classes must be learnable");
      QVERIFY2(accuracy < 0.6, "time-pooled features must not solve the benchmark");
    }
  }

  void writesTheFolderAndTheTruth() {
    SynthParams p;
    p.classes = 3;
    p.clipsPerClass = 2;
    p.subjects = 2;
    const SynthResult s = generateSynthetic(p);
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath(QStringLiteral("synth")).toStdString();
    writeSynthetic(s, dir);
    const Dataset back = loadDataset(dir);
    QCOMPARE(back.clips.size(), s.dataset.clips.size());
    for (size_t i = 0; i < back.clips.size(); ++i) {
      QCOMPARE(back.clips[i].label.text(), s.dataset.clips[i].label.text());
      QVERIFY(back.clips[i].features.at("voice").data == s.dataset.clips[i].features.at("voice").data);
    }
    QVERIFY(std::filesystem::exists(std::filesystem::path(dir) / "truth_clips.csv"));
    QVERIFY(std::filesystem::exists(std::filesystem::path(dir) / "truth_subjects.csv"));
  }

  void rejectsBadParameters() {
    SynthParams p;
    p.classes = 1;
    QVERIFY(capture([&] { generateSynthetic(p); }).is(ErrorCode::InvalidArgument));
    p = SynthParams{};
    p.compoundRate = 0.7;
    p.gradedRate = 0.5;
    QVERIFY(capture([&] { generateSynthetic(p); }).is(ErrorCode::InvalidArgument));
  }
};

QTEST_GUILESS_MAIN(TestSynth)
#include "test_synth.moc"
