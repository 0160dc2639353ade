// Session analysis end to end (core/pipeline/session_analysis.h) with the shipped session model,
// on the generated session of generated_session.h (face on screen 2-6 s, speech 3.0-5.5 s, 10 s):
// the windows cover the recording; face views exist exactly in the windows where the face is on
// screen and voice views where the speech is; every output is a distribution where it should be;
// results stream out before the end; a file without audio gives face views only and a file
// without video voice views only; a cancelled analysis resumed from the cache equals an
// uninterrupted one; re-predicting from the cache runs no perception and gives the same
// results; a meta-model and a model of other features are refused, naming the model.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>

#include "common/error.h"
#include "generated_session.h"
#include "pipeline/session_analysis.h"
#include "pipeline/session_model.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::pipeline;
using namespace stf2m::test;

namespace {

const std::string kSessionModel = STF2M_SOURCE_DIR "/resources/models/session.stf2m";

struct Run {
  std::vector<WindowResult> windows;
  std::vector<FaceOverlay> faces;
  int updates = 0;
  double faceTimeAtFirstWindow = -1;  // the time of the last face frame out when the first window came
  AnalysisSummary summary;
};

Run analyse(const std::vector<MediaFile>& media, const std::string& cache = {}, double chunkSeconds = 4.0,
            const CancelToken* cancel = nullptr, const StageProgress& progress = {},
            const std::string& model = kSessionModel) {
  AnalysisOptions o;
  o.extraction.chunkSeconds = chunkSeconds;
  o.extraction.cacheDir = cache;
  o.device = "cpu";
  SessionAnalysis analysis(media, model, o);
  Run r;
  double lastFaceTime = -1;
  r.summary = analysis.run(
      [&](const AnalysisUpdate& u) {
        ++r.updates;
        if (!u.faces.empty()) lastFaceTime = u.faces.back().time;
        if (!u.windows.empty() && r.faceTimeAtFirstWindow < 0) r.faceTimeAtFirstWindow = lastFaceTime;
        r.windows.insert(r.windows.end(), u.windows.begin(), u.windows.end());
        r.faces.insert(r.faces.end(), u.faces.begin(), u.faces.end());
      },
      cancel, progress);
  return r;
}

const ViewResult* viewOf(const WindowResult& w, const char* modality) {
  for (const ViewResult& v : w.views)
    if (v.modality == modality) return &v;
  return nullptr;
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

void requireSameResults(const Run& a, const Run& b) {
  QCOMPARE(a.windows.size(), b.windows.size());
  for (size_t k = 0; k < a.windows.size(); ++k) {
    const WindowResult &x = a.windows[k], &y = b.windows[k];
    QCOMPARE(x.start, y.start);
    QCOMPARE(x.views.size(), y.views.size());
    for (size_t v = 0; v < x.views.size(); ++v)
      for (size_t c = 0; c < x.views[v].output.probabilities.size(); ++c)
        QVERIFY(std::abs(x.views[v].output.probabilities[c] - y.views[v].output.probabilities[c]) < 1e-9);
    QCOMPARE(x.fused.size(), y.fused.size());
    for (size_t c = 0; c < x.fused.size(); ++c) QVERIFY(std::abs(x.fused[c] - y.fused[c]) < 1e-9);
  }
}

}  // namespace

class TestSessionAnalysis : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  GeneratedSession media_;
  Run full_;  // the session, no cache

  std::string path(const char* name) const { return tmp_.filePath(QString::fromLatin1(name)).toStdString(); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QString error;
    QVERIFY2(makeGeneratedSession(tmp_, media_, error), qPrintable(error));
    full_ = analyse({{media_.session.toStdString(), 0.0}});
  }

  void windowsCoverTheRecordingWithTheRightViews() {
    // 2 s windows every 1 s over 10 s: 0-2, 1-3, ..., 8-10.
    QCOMPARE(int(full_.windows.size()), 9);
    for (int k = 0; k < 9; ++k) {
      const WindowResult& w = full_.windows[size_t(k)];
      QCOMPARE(w.index, k);
      QCOMPARE(w.start, double(k));
      QCOMPARE(w.end, double(k + 2));
      // The face is on screen 2-6 s: windows 1-3 .. 5-7 have it in at least half their frames.
      QVERIFY2((viewOf(w, "face") != nullptr) == (k >= 1 && k <= 5), qPrintable(QString::number(k)));
      // Speech 3.0-5.5 s: voice views in 2-4, 3-5, 4-6 (docs/pipeline.md's table).
      QVERIFY2((viewOf(w, "voice") != nullptr) == (k >= 2 && k <= 4), qPrintable(QString::number(k)));
    }
    QCOMPARE(full_.summary.faceViews, 5);
    QCOMPARE(full_.summary.voiceViews, 3);
    QCOMPARE(full_.summary.emptyWindows, 4);  // 0-2, 6-8, 7-9, 8-10
  }

  void outputsAreDistributions() {
    for (const WindowResult& w : full_.windows) {
      if (w.views.empty()) {
        QVERIFY(w.fused.empty());
        QCOMPARE(w.confidence, 0.0);
        continue;
      }
      QCOMPARE(int(w.fused.size()), 11);  // the default emotion scheme
      QVERIFY(std::abs(sum(w.fused) - 1.0) < 1e-6);
      QVERIFY(w.confidence > 0.0 && w.confidence <= 1.0);
      double reliability = 0;
      for (const ViewResult& v : w.views) {
        QVERIFY(std::abs(sum(v.output.probabilities) - 1.0) < 1e-6);
        QVERIFY(std::abs(sum(v.output.ruleFiring) - 1.0) < 1e-4);
        for (const auto& t : v.output.terms)
          for (double m : t) QVERIFY(m >= 0.0 && m <= 1.0);
        QVERIFY(v.coverage >= 0.5 || v.modality == "voice");
        reliability += v.output.reliability;
      }
      QVERIFY(std::abs(reliability - 1.0) < 1e-9);
      // With one view, the fused answer is that view's.
      if (w.views.size() == 1)
        for (size_t c = 0; c < w.fused.size(); ++c)
          QVERIFY(std::abs(w.fused[c] - w.views[0].output.probabilities[c]) < 1e-5);
    }
  }

  void resultsStreamBeforeTheEnd() {
    QVERIFY2(full_.updates >= 4, qPrintable(QString::number(full_.updates)));
    QCOMPARE(int(full_.faces.size()), 250);  // every frame, with or without the face, for the overlay
    int withFace = 0;
    for (const FaceOverlay& f : full_.faces) withFace += f.trackId >= 0;
    QVERIFY2(withFace >= 100 && withFace <= 105, qPrintable(QString::number(withFace)));
    // Windows arrive with the chunk that completes them: the first before the last chunk.
    const double firstWindowAt = full_.faceTimeAtFirstWindow;
    QVERIFY2(firstWindowAt > 0 && firstWindowAt < 5, qPrintable(QString::number(firstWindowAt)));
  }

  void missingStreamsGiveTheOtherViews() {
    const Run video = analyse({{media_.silentVideo.toStdString(), 0.0}});
    QCOMPARE(video.summary.voiceViews, 0);
    QCOMPARE(video.summary.faceViews, 5);
    const Run voice = analyse({{media_.speech.toStdString(), 3.0}});
    QCOMPARE(voice.summary.faceViews, 0);
    QVERIFY2(voice.summary.voiceViews >= 2, qPrintable(QString::number(voice.summary.voiceViews)));
    QVERIFY(voice.faces.empty());
  }

  void resumedEqualsUninterruptedAndRepredictionSkipsPerception() {
    const std::string cache = path("cache");
    CancelToken cancel;
    const Thrown t = capture([&] {
      analyse({{media_.session.toStdString(), 0.0}}, cache, 4.0, &cancel, [&](const std::string& stage, double f) {
        if (stage == "faces" && f > 0.5) cancel.cancel();
      });
    });
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    const Run resumed = analyse({{media_.session.toStdString(), 0.0}}, cache);
    QVERIFY(resumed.summary.extraction.faceChunksFromCache >= 1);
    QVERIFY(resumed.summary.extraction.faceChunksComputed >= 1);
    requireSameResults(resumed, full_);
    const Run again = analyse({{media_.session.toStdString(), 0.0}}, cache);
    QCOMPARE(again.summary.extraction.framesAnalysed, 0);
    QCOMPARE(again.summary.extraction.faceChunksComputed, 0);
    QCOMPARE(again.summary.extraction.voiceChunksComputed, 0);
    requireSameResults(again, full_);
  }

  void unsuitableModelsAreRefused() {
    AnalysisOptions o;
    o.device = "cpu";
    const std::vector<MediaFile> media = {{media_.session.toStdString(), 0.0}};
    Thrown t = capture([&] { SessionAnalysis(media, STF2M_SOURCE_DIR "/resources/models/session-meta.stf2m", o); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    QVERIFY2(t.what.find("session-meta.stf2m") != std::string::npos && t.what.find("meta-model") != std::string::npos,
             t.what.c_str());
    t = capture([&] { SessionAnalysis(media, STF2M_SOURCE_DIR "/resources/models/default.stf2m", o); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    QVERIFY2(t.what.find("face: 285 columns") != std::string::npos, t.what.c_str());
    QCOMPARE(findSessionModel(), kSessionModel);
  }
};

QTEST_GUILESS_MAIN(TestSessionAnalysis)
#include "test_session_analysis.moc"
