// Agreement over a project's annotations, on designed data whose kappas and CCCs are worked out
// by hand: frame sampling, model-versus-rater pairs, the human range, subject pooling, traces.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <tuple>

#include "store/agreement_report.h"
#include "store/project.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

class TestAgreementReport : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;

  // 10 s without media: the session lasts until the last segment ends.
  static void label(Project& p, int64_t session, int64_t annotator, const std::string& source,
                    std::vector<std::tuple<double, double, size_t>> parts) {
    const LabelScheme e = p.scheme("emotion");
    std::vector<Segment> segs;
    for (auto [a, b, cat] : parts) {
      Segment s;
      s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[cat].id, s.annotatorId = annotator;
      s.start = a, s.end = b, s.source = source;
      segs.push_back(s);
    }
    p.addSegments(segs);
  }

 private Q_SLOTS:
  void categoricalPerSessionAndSubject() {
    Project p = Project::create(tmp_.filePath(QStringLiteral("a.stf2m")).toStdString(), "x", "t");
    const int64_t subject = p.addSubject("P01");
    const int64_t s1 = p.addSession(subject, "s1"), s2 = p.addSession(subject, "s2");
    const int64_t ann = p.addAnnotator("ann"), bob = p.addAnnotator("bob"), net = p.addAnnotator("stf2m-v1");
    // Session 1 at 1 Hz (frames centred at 0.5 .. 9.5 s); categories 0 = anger, 3 = happiness.
    //   ann: a a a a a h h h h h      bob: a a a a h h h h h h      model: = ann
    // ann/bob: p_o = 9/10; p_e = .5*.4 + .5*.6 = .5; kappa = (.9 - .5)/(1 - .5) = 0.8.
    label(p, s1, ann, "human", {{0, 5, 0}, {5, 10, 3}});
    label(p, s1, bob, "human", {{0, 4, 0}, {4, 10, 3}});
    label(p, s1, net, "model", {{0, 5, 0}, {5, 10, 3}});
    // Session 2: both humans say anger for 4 s, then disagree... ann h h h h h h, bob h h h a a a
    // (10 s with the trailing frames), model absent.
    label(p, s2, ann, "human", {{0, 4, 0}, {4, 10, 3}});
    label(p, s2, bob, "human", {{0, 7, 0}, {7, 10, 3}});

    const auto bySession = computeAgreement(p, "emotion", 1.0, AgreementScope::Session);
    QCOMPARE(bySession.size(), size_t(2));
    const GroupAgreement& g = bySession[0];
    QCOMPARE(g.units, int64_t(10));
    QCOMPARE(g.raters, (std::vector<std::string>{"ann", "bob", "model:stf2m-v1"}));
    QCOMPARE(g.pairs.size(), size_t(3));
    QVERIFY(std::abs(g.pairs[0].value - 0.8) < 1e-12);  // ann-bob
    QVERIFY(!g.pairs[0].involvesModel);
    // Pairs in rater order: ann-bob, ann-model (identical labels: 1), bob-model (as ann-bob: 0.8).
    QCOMPARE(g.pairs[1].raterA, std::string("ann"));
    QCOMPARE(g.pairs[1].raterB, std::string("model:stf2m-v1"));
    QVERIFY(g.pairs[1].involvesModel);
    QVERIFY(std::abs(g.pairs[1].value - 1.0) < 1e-12);
    QCOMPARE(g.pairs[2].raterA, std::string("bob"));
    QVERIFY(std::abs(g.pairs[2].value - 0.8) < 1e-12);
    // All three raters: frame 4 is (a, h, a), the other nine are unanimous.
    // Fleiss: P_i = 1 nine times and (4 + 1 - 3)/6 = 1/3 once, P = 28/30; p_a = 14/30,
    // p_h = 16/30, P_e = 452/900; kappa = (840 - 452)/(900 - 452) = 388/448.
    QVERIFY2(std::abs(g.fleissKappa - 388.0 / 448.0) < 1e-12, qPrintable(QString::number(g.fleissKappa, 'g', 15)));
    // Krippendorff (nominal): o_aa = 13, o_hh = 15, o_ah = o_ha = 1; n_a = 14, n_h = 16, n = 30;
    // alpha = 1 - (n - 1) (o_ah + o_ha) / (2 n_a n_h) = 1 - 58/448.
    QVERIFY2(std::abs(g.alpha - (1.0 - 58.0 / 448.0)) < 1e-12, qPrintable(QString::number(g.alpha, 'g', 15)));
    QCOMPARE(g.humanMin, g.humanMax);
    QVERIFY(std::abs(g.humanMin - 0.8) < 1e-12);

    // Session 2: ann a a a a h h h h h h, bob a a a a a a a h h h. p_o = 7/10;
    // p_e = .4*.7 + .6*.3 = .46; kappa = (.7 - .46)/.54 = 4/9.
    QVERIFY(std::abs(bySession[1].pairs.at(0).value - 4.0 / 9.0) < 1e-12);
    QCOMPARE(bySession[1].raters.size(), size_t(2));

    // Subject scope pools the 20 frames: ann a5 h5 a4 h6 (a 9, h 11), bob a4 h6 a7 h3 (a 11, h 9);
    // agreements 9 + 7 = 16 -> p_o = .8; p_e = .45*.55 + .55*.45 = .495; kappa = .305/.505.
    // The model rated only session 1: its frames in session 2 are missing.
    const auto bySubject = computeAgreement(p, "emotion", 1.0, AgreementScope::Subject);
    QCOMPARE(bySubject.size(), size_t(1));
    QCOMPARE(bySubject[0].units, int64_t(20));
    QVERIFY(std::abs(bySubject[0].pairs.at(0).value - 0.305 / 0.505) < 1e-12);
    QCOMPARE(bySubject[0].pairs.at(1).units, int64_t(10));
  }

  void tracesCccAndIcc() {
    Project p = Project::create(tmp_.filePath(QStringLiteral("b.stf2m")).toStdString(), "x", "t");
    const int64_t session = p.addSession(p.addSubject("P02"), "s1");
    const LabelScheme affect = p.scheme("affect");
    std::vector<float> x;
    for (int i = 0; i < 50; ++i) x.push_back(float(0.5 * std::sin(i * 0.3)));
    auto add = [&](const char* who, float shift) {
      Trace t;
      t.sessionId = session, t.dimensionId = affect.dimensions[0].id, t.annotatorId = p.addAnnotator(who);
      t.sampleRate = 10, t.start = 0;
      for (float v : x) t.values.push_back(v + shift);
      p.addTrace(t);
    };
    add("r1", 0.0f);
    add("r2", 0.0f);
    add("r3", 0.1f);
    const auto groups = computeAgreement(p, "affect", 10.0, AgreementScope::Session);
    QCOMPARE(groups.size(), size_t(1));  // only valence has traces
    const GroupAgreement& g = groups[0];
    QCOMPARE(g.scheme, std::string("affect/valence"));
    QCOMPARE(g.units, int64_t(50));
    QVERIFY(std::abs(g.pairs[0].value - 1.0) < 1e-6);  // r1 = r2
    // CCC(x, x + c) = 2 var / (2 var + c^2), population variance of the float samples.
    double mean = 0, var = 0;
    for (float v : x) mean += v;
    mean /= x.size();
    for (float v : x) var += (v - mean) * (v - mean);
    var /= x.size();
    const double c = double(0.1f);
    QVERIFY2(std::abs(g.pairs[1].value - 2 * var / (2 * var + c * c)) < 1e-5, qPrintable(QString::number(g.pairs[1].value)));
    QVERIFY(g.icc21 > 0.9 && g.icc21 < 1.0);
    QVERIFY(std::isnan(g.fleissKappa));
  }

  // A model's stored predictions join as a rater: windows whose answer equals the human label
  // agree, the rest do not; the window stands for the hop around its centre.
  void modelPredictionsAsARater() {
    const QString dir = tmp_.path();
    Project p = Project::create((dir + QStringLiteral("/m.stf2m")).toStdString(), "x", "t");
    const int64_t session = p.addSession(p.addSubject("P03"), "s1");
    const LabelScheme e = p.scheme("emotion");
    auto category = [&](const char* name) {
      for (const Category& c : e.categories)
        if (c.name == name) return c.id;
      return int64_t(0);
    };
    const int64_t human = p.addAnnotator("hana");
    for (auto [a, b, label] : {std::tuple{0.0, 4.0, "happiness"}, std::tuple{4.0, 8.0, "sadness"}}) {
      Segment g;
      g.sessionId = session, g.schemeId = e.id, g.categoryId = category(label), g.annotatorId = human;
      g.start = a, g.end = b;
      p.addSegment(g);
    }
    QFile file(dir + QStringLiteral("/model.bin"));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("weights") > 0);
    file.close();
    const int64_t model = p.registerModel(
        {0, "meta", {}, file.fileName().toStdString(), {}, R"({"classes":["happiness","sadness"],"views":["face"]})", {}});
    // Windows of 2 s every 1 s: centres 1..7 s; the model says happiness up to the window at 5 s.
    std::vector<Prediction> rows;
    for (int k = 0; k < 7; ++k) {
      Prediction w;
      w.sessionId = session, w.modelId = model, w.windowStart = k, w.windowEnd = k + 2, w.viewCount = 1, w.classCount = 2;
      const bool happy = k + 1 <= 5;
      w.fused = happy ? std::vector<float>{0.8f, 0.2f} : std::vector<float>{0.3f, 0.7f};
      w.memberships = w.fused;
      rows.push_back(w);
    }
    p.addPredictions(rows);
    const auto groups = computeAgreement(p, "emotion", 10.0, AgreementScope::Session, model);
    QCOMPARE(groups.size(), size_t(1));
    const GroupAgreement& g = groups[0];
    QCOMPARE(g.raters, (std::vector<std::string>{"hana", "model:model.bin"}));
    QCOMPARE(g.pairs.size(), size_t(1));
    QVERIFY(g.pairs[0].involvesModel);
    QCOMPARE(g.pairs[0].units, int64_t(70));  // 0.5-7.5 s at 10 Hz
    // Disagreement only at 4.0-5.5 s (15 of 70 frames): kappa well above 0 and below 1.
    QVERIFY2(g.pairs[0].value > 0.4 && g.pairs[0].value < 0.8, qPrintable(QString::number(g.pairs[0].value)));
    QVERIFY(capture([&] { (void)computeAgreement(p, "emotion", 10.0, AgreementScope::Session, 99); }).is(ErrorCode::NotFound));
  }

  void badRequests() {
    Project p = Project::create(tmp_.filePath(QStringLiteral("c.stf2m")).toStdString(), "x", "t");
    QVERIFY(capture([&] { (void)computeAgreement(p, "nope", 1.0, AgreementScope::Session); }).is(ErrorCode::NotFound));
    QVERIFY(capture([&] { (void)computeAgreement(p, "emotion", 0.0, AgreementScope::Session); }).is(ErrorCode::InvalidArgument));
    // No annotations at all: no groups with pairs, nothing thrown.
    p.addSession(p.addSubject("P03"), "empty");
    const auto groups = computeAgreement(p, "emotion", 25.0, AgreementScope::Session);
    QCOMPARE(groups.size(), size_t(1));
    QVERIFY(groups[0].pairs.empty());
  }
};

QTEST_GUILESS_MAIN(TestAgreementReport)
#include "test_agreement_report.moc"
