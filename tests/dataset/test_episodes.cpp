// Views, splits and the N-way K-shot EpisodeSampler: the invariants an episode must keep (N
// distinct classes, K support and Q query views per class, no clip on both sides, only the
// chosen part's subjects and classes) and determinism from the seed.
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "dataset/episodes.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::dataset;
using stf2m::test::capture;

namespace {

// `subjects` x `classes` x `perPair` clips of 5 s (face 25 Hz x 2, voice 100 Hz x 1); the value
// of every frame encodes the clip index so views can be traced back.
Dataset grid(int subjects, int classes, int perPair, double seconds = 5.0) {
  Dataset d;
  d.modalities = {{"face", 2, 25.0, {{"all", 0, 2}}}, {"voice", 1, 100.0, {{"all", 0, 1}}}};
  for (int s = 0; s < subjects; ++s)
    for (int c = 0; c < classes; ++c)
      for (int k = 0; k < perPair; ++k) {
        Clip clip;
        clip.id = "c" + std::to_string(d.clips.size());
        clip.subject = "s" + std::to_string(s);
        clip.label = EmotionLabel::single("class" + std::to_string(c));
        const auto value = static_cast<float>(d.clips.size());
        const auto faceRows = static_cast<int64_t>(seconds * 25), voiceRows = static_cast<int64_t>(seconds * 100);
        clip.features["face"] = {25.0, faceRows, 2, std::vector<float>(static_cast<size_t>(faceRows * 2), value)};
        clip.features["voice"] = {100.0, voiceRows, 1, std::vector<float>(static_cast<size_t>(voiceRows), value)};
        d.clips.push_back(std::move(clip));
      }
  return d;
}

using Key = std::tuple<int, int, int>;  // clip, modality, window
Key key(const View& v) { return {v.clip, v.modality, v.window}; }

bool sameEpisode(const Episode& a, const Episode& b) {
  if (a.classes != b.classes || a.support.size() != b.support.size() || a.query.size() != b.query.size()) return false;
  for (size_t i = 0; i < a.support.size(); ++i)
    if (key(a.support[i].view) != key(b.support[i].view)) return false;
  for (size_t i = 0; i < a.query.size(); ++i)
    if (key(a.query[i].view) != key(b.query[i].view)) return false;
  return true;
}

}  // namespace

class TestEpisodes : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void viewsCoverTheClipInWindows() {
    const Dataset d = grid(1, 1, 1, 5.0);
    const auto views = clipViews(d, 0, ViewOptions{2.0, 1.0, {}});
    QCOMPARE(views.size(), std::size_t(2 * 4));  // windows at 0, 1, 2, 3 s in each modality
    for (const View& v : views) {
      QCOMPARE(v.windowCount, 4);
      QCOMPARE(v.emotion, std::string("class0"));
      QCOMPARE(v.startS, v.window * 1.0);
      QCOMPARE(v.endS, v.startS + 2.0);
      const double rate = d.modalities[static_cast<size_t>(v.modality)].rateHz;
      QCOMPARE(v.rowCount, static_cast<int64_t>(2.0 * rate));
      QCOMPARE(v.firstRow, static_cast<int64_t>(v.startS * rate));
      QCOMPARE(viewFeatures(d, v).rows, v.rowCount);
    }
    const auto faceOnly = clipViews(d, 0, ViewOptions{2.0, 1.0, {"face"}});
    QCOMPARE(faceOnly.size(), std::size_t(4));
    const Dataset shortClip = grid(1, 1, 1, 1.2);
    const auto one = clipViews(shortClip, 0, ViewOptions{2.0, 1.0, {}});
    QCOMPARE(one.size(), std::size_t(2));
    QCOMPARE(one[0].rowCount, int64_t(30));  // the whole 1.2 s at 25 Hz
    QVERIFY(capture([&] { clipViews(d, 0, ViewOptions{2.0, 0.0, {}}); }).is(ErrorCode::InvalidArgument));
    QVERIFY(capture([&] { clipViews(d, 0, ViewOptions{2.0, 1.0, {"text"}}); }).is(ErrorCode::InvalidArgument));
  }

  void subjectAndClassSplitsPartitionAndRepeat() {
    const Dataset d = grid(10, 20, 2);
    SplitOptions o;
    o.seed = 7;
    const DatasetSplit a = splitDataset(d, o);
    QVERIFY(!a.fromSplitColumn);
    QCOMPARE(a.subjects[2].size(), std::size_t(2));  // round(10 * 0.2)
    QCOMPARE(a.subjects[1].size(), std::size_t(2));
    QCOMPARE(a.subjects[0].size(), std::size_t(6));
    QCOMPARE(a.classes[2].size(), std::size_t(4));
    QCOMPARE(a.classes[0].size(), std::size_t(12));
    std::set<std::string> subjects, classes;
    for (int p = 0; p < 3; ++p) {
      subjects.insert(a.subjects[p].begin(), a.subjects[p].end());
      classes.insert(a.classes[p].begin(), a.classes[p].end());
    }
    QCOMPARE(subjects.size(), std::size_t(10));  // disjoint and complete
    QCOMPARE(classes.size(), std::size_t(20));
    for (size_t i = 0; i < d.clips.size(); ++i) {
      const int p = a.clipPart[i];
      const bool inSubjects = p >= 0 && std::count(a.subjects[p].begin(), a.subjects[p].end(), d.clips[i].subject);
      const bool inClasses = p >= 0 && std::count(a.classes[p].begin(), a.classes[p].end(), d.clips[i].label.dominant());
      QVERIFY(p == -1 || (inSubjects && inClasses));
    }
    QCOMPARE(splitDataset(d, o).subjects, a.subjects);
    o.seed = 8;
    const DatasetSplit b = splitDataset(d, o);
    QVERIFY(b.subjects != a.subjects || b.classes != a.classes);
    // Same classes everywhere when not disjoint.
    o.disjointClasses = false;
    const DatasetSplit c = splitDataset(d, o);
    QCOMPARE(c.classes[2].size(), std::size_t(20));
    o.testSubjectFraction = 0.9;
    QVERIFY(capture([&] { splitDataset(d, o); }).is(ErrorCode::InvalidArgument));
  }

  void splitColumnWinsWhenPresent() {
    Dataset d = grid(3, 4, 2);
    d.hasSplitColumn = true;
    for (auto& c : d.clips) c.split = c.subject == "s0" ? "train" : c.subject == "s1" ? "test" : "";
    const DatasetSplit s = splitDataset(d, SplitOptions{});
    QVERIFY(s.fromSplitColumn);
    QCOMPARE(s.clipsOf(SplitPart::Train).size(), std::size_t(8));
    QCOMPARE(s.clipsOf(SplitPart::Test).size(), std::size_t(8));
    QVERIFY(s.clipsOf(SplitPart::Val).empty());
    QVERIFY((s.subjects[2] == std::vector<std::string>{"s1"}));
    SplitOptions ignore;
    ignore.useSplitColumn = false;
    QVERIFY(!splitDataset(d, ignore).fromSplitColumn);
  }

  void episodesKeepTheirInvariants_data() {
    QTest::addColumn<int>("ways");
    QTest::addColumn<int>("shots");
    QTest::addColumn<int>("queries");
    QTest::addColumn<int>("part");
    QTest::newRow("5-way 1-shot train") << 5 << 1 << 15 << 0;
    QTest::newRow("5-way 5-shot train") << 5 << 5 << 15 << 0;
    QTest::newRow("4-way 1-shot test") << 4 << 1 << 5 << 2;
    QTest::newRow("3-way 3-shot val") << 3 << 3 << 3 << 1;
  }
  void episodesKeepTheirInvariants() {
    QFETCH(int, ways);
    QFETCH(int, shots);
    QFETCH(int, queries);
    QFETCH(int, part);
    const Dataset d = grid(10, 20, 2);
    SplitOptions o;
    o.seed = 3;
    const DatasetSplit split = splitDataset(d, o);
    const auto sp = static_cast<SplitPart>(part);
    EpisodeSampler sampler(d, split, sp, EpisodeShape{ways, shots, queries}, 42);
    for (int e = 0; e < 200; ++e) {
      const Episode ep = sampler.next();
      QCOMPARE(static_cast<int>(ep.classes.size()), ways);
      QCOMPARE(std::set<std::string>(ep.classes.begin(), ep.classes.end()).size(), static_cast<size_t>(ways));
      QCOMPARE(static_cast<int>(ep.support.size()), ways * shots);
      QCOMPARE(static_cast<int>(ep.query.size()), ways * queries);
      std::vector<int> supportCount(static_cast<size_t>(ways)), queryCount(static_cast<size_t>(ways));
      std::set<int> supportClips, queryClips;
      std::set<Key> supportViews, queryViews;
      auto check = [&](const EpisodeItem& item) {
        QVERIFY(item.label >= 0 && item.label < ways);
        const Clip& clip = d.clips[static_cast<size_t>(item.view.clip)];
        QCOMPARE(item.view.emotion, ep.classes[static_cast<size_t>(item.label)]);
        QCOMPARE(clip.label.dominant(), item.view.emotion);
        QCOMPARE(split.clipPart[static_cast<size_t>(item.view.clip)], part);
        QVERIFY(std::count(split.subjects[part].begin(), split.subjects[part].end(), clip.subject));
        QVERIFY(std::count(split.classes[part].begin(), split.classes[part].end(), item.view.emotion));
        QCOMPARE(viewFeatures(d, item.view).data.front(), static_cast<float>(item.view.clip));
      };
      for (const auto& item : ep.support) {
        check(item);
        ++supportCount[static_cast<size_t>(item.label)];
        supportClips.insert(item.view.clip);
        QVERIFY2(supportViews.insert(key(item.view)).second, "a view appears twice in the support set");
      }
      for (const auto& item : ep.query) {
        check(item);
        ++queryCount[static_cast<size_t>(item.label)];
        queryClips.insert(item.view.clip);
        QVERIFY2(queryViews.insert(key(item.view)).second, "a view appears twice in the query set");
      }
      for (int c = 0; c < ways; ++c) {
        QCOMPARE(supportCount[static_cast<size_t>(c)], shots);
        QCOMPARE(queryCount[static_cast<size_t>(c)], queries);
      }
      for (int clip : supportClips) QVERIFY2(!queryClips.count(clip), "a clip is in both support and query");
    }
  }

  void sameSeedSameEpisodesOtherSeedOthers() {
    const Dataset d = grid(10, 20, 2);
    const DatasetSplit split = splitDataset(d, SplitOptions{});
    EpisodeSampler a(d, split, SplitPart::Train, EpisodeShape{5, 1, 15}, 99);
    EpisodeSampler b(d, split, SplitPart::Train, EpisodeShape{5, 1, 15}, 99);
    EpisodeSampler c(d, split, SplitPart::Train, EpisodeShape{5, 1, 15}, 100);
    int differ = 0;
    for (int e = 0; e < 50; ++e) {
      const Episode ea = a.next();
      QVERIFY(sameEpisode(ea, b.next()));
      differ += sameEpisode(ea, c.next()) ? 0 : 1;
    }
    QCOMPARE(differ, 50);
    // Episodes visit all the part's classes, not a fixed subset.
    EpisodeSampler all(d, split, SplitPart::Train, EpisodeShape{5, 1, 15}, 5);
    std::set<std::string> seen;
    for (int e = 0; e < 100; ++e)
      for (const auto& name : all.next().classes) seen.insert(name);
    QCOMPARE(seen.size(), all.eligibleClasses().size());
  }

  // Whole clips: K support clips and up to Q query clips per class, each with every view it has;
  // a class with fewer than K + 1 clips is not eligible.
  void wholeClipEpisodesTakeEveryView() {
    const Dataset d = grid(10, 20, 2);  // 5 s clips: 4 windows per modality, 8 views per clip
    SplitOptions o;
    o.seed = 3;
    const DatasetSplit split = splitDataset(d, o);
    EpisodeShape shape{4, 2, 3};
    shape.wholeClips = true;
    EpisodeSampler sampler(d, split, SplitPart::Train, shape, 42);
    for (int e = 0; e < 50; ++e) {
      const Episode ep = sampler.next();
      std::map<int, std::set<int>> supportClips, queryClips;  // by label
      std::map<int, int> viewsOfClip;
      for (const auto& item : ep.support) supportClips[item.label].insert(item.view.clip), ++viewsOfClip[item.view.clip];
      for (const auto& item : ep.query) queryClips[item.label].insert(item.view.clip), ++viewsOfClip[item.view.clip];
      for (int label = 0; label < 4; ++label) {
        QCOMPARE(supportClips[label].size(), size_t(2));
        QVERIFY(queryClips[label].size() >= 1 && queryClips[label].size() <= 3);
        for (int clip : supportClips[label]) QVERIFY(!queryClips[label].count(clip));
      }
      for (const auto& [clip, views] : viewsOfClip)
        QCOMPARE(views, int(clipViews(d, clip, {}).size()));
    }
    // Two clips per class and subject: with many subjects a class has plenty; with one subject
    // and two clips, a 2-shot episode of whole clips has no query clip left.
    const Dataset single = grid(1, 6, 2);
    SplitOptions all;
    all.valSubjectFraction = all.testSubjectFraction = 0;
    all.disjointClasses = false;
    EpisodeShape twoShot{2, 2, 1};
    twoShot.wholeClips = true;
    const auto t = capture([&] { EpisodeSampler(single, splitDataset(single, all), SplitPart::Train, twoShot, 1); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find("of whole clips") != std::string::npos, qPrintable(t.describe()));
  }

  void tooFewClassesOrClipsIsAnError() {
    const Dataset d = grid(10, 20, 2);
    const DatasetSplit split = splitDataset(d, SplitOptions{});
    const auto t = capture([&] { EpisodeSampler(d, split, SplitPart::Test, EpisodeShape{5, 1, 15}, 1); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));  // 4 test classes
    QVERIFY2(QString::fromStdString(t.what).contains(QStringLiteral("the test part has 4 classes")), qPrintable(t.describe()));
    // One clip per class cannot give disjoint support and query: no class is eligible.
    const Dataset single = grid(1, 6, 1);
    SplitOptions o;
    o.valSubjectFraction = o.testSubjectFraction = 0;
    o.disjointClasses = false;
    QVERIFY(capture([&] { EpisodeSampler(single, splitDataset(single, o), SplitPart::Train, EpisodeShape{2, 1, 1}, 1); })
                .is(ErrorCode::InvalidArgument));
    QVERIFY(capture([&] { EpisodeSampler(d, split, SplitPart::Train, EpisodeShape{5, 0, 15}, 1); })
                .is(ErrorCode::InvalidArgument));
  }
};

QTEST_GUILESS_MAIN(TestEpisodes)
#include "test_episodes.moc"
