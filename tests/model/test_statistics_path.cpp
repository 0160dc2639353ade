// ST-F2M's statistics path (issue 25, ModelConfig::statisticsPath): the support's cross-validation
// recomputed by hand fold by fold from the public learner API (the head's clip answers from the
// path-free learner, the statistics' from the pooled floor), the mix it chooses, the mixed logits,
// one support clip per class (no cross-validation, the first mix), selecting views, the config
// keys, and the choice as the card carries it (who labels, in words).
#include <torch/torch.h>

#include <QtTest>

#include <algorithm>
#include <map>
#include <vector>

#include "common/error.h"
#include "common/json.h"
#include "common/statistics_choice.h"
#include "model/baselines.h"
#include "model/learner.h"
#include "model/view_tensors.h"
#include "model_fixture.h"

using namespace stf2m;
using namespace stf2m::model;
using namespace stf2m::model::testing;

namespace {

// Whole-clip episodes: `shots` clips per class with every view of each.
EpisodeTensors wholeClipEpisode(const Fixture& f, const ModelConfig& c, int shots, uint64_t seed) {
  dataset::EpisodeShape shape{c.ways, shots, 2};
  shape.wholeClips = true;
  dataset::EpisodeSampler sampler(f.data, f.split, dataset::SplitPart::Test, shape, seed, viewOptions(c));
  return makeEpisodeTensors(f.data, sampler.next(), viewOptions(c), f.trainClasses());
}

// Five clips per class and subject, so the test subject has 3-shot whole-clip episodes.
Fixture fixture() {
  Fixture f;
  f.data = separableData(6, 3, 5);
  f.split = subjectSplit(f.data);
  return f;
}

torch::Tensor longs(const std::vector<int64_t>& v) { return torch::tensor(v, torch::kLong); }

// The mean summary width of the fixture's modalities (face 12, voice 16 features: 3 x 14).
constexpr double kStatisticsScale = 42.0;

}  // namespace

class TestStatisticsPath : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void selectViewsKeepsRowsAndRenumbersClips() {
    const Fixture f = fixture();
    const ModelConfig c = smallConfig(Method::Stf2m);
    const EpisodeTensors e = wholeClipEpisode(f, c, 3, 4);
    const ViewTensors& v = e.support;
    // Keep every view except those of clip 0 and clip 4.
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < v.size; ++i)
      if (v.clip[i].item<int64_t>() != 0 && v.clip[i].item<int64_t>() != 4) keep.push_back(i);
    const ViewTensors s = selectViews(v, longs(keep));
    QCOMPARE(s.size, int64_t(keep.size()));
    QCOMPARE(s.clipCount, v.clipCount - 2);
    QCOMPARE(int64_t(s.clipIds.size()), s.clipCount);
    std::map<int64_t, int64_t> renumbered;
    for (size_t n = 0; n < keep.size(); ++n) {
      const int64_t old = keep[n];
      QCOMPARE(s.modality[int64_t(n)].item<int64_t>(), v.modality[old].item<int64_t>());
      QCOMPARE(s.position[int64_t(n)].item<float>(), v.position[old].item<float>());
      const int64_t oldClip = v.clip[old].item<int64_t>(), newClip = s.clip[int64_t(n)].item<int64_t>();
      auto [it, fresh] = renumbered.emplace(oldClip, newClip);
      QCOMPARE(it->second, newClip);  // one old clip, one new number
      if (fresh) QCOMPARE(newClip, int64_t(renumbered.size()) - 1);  // numbered in order of appearance
      QCOMPARE(s.clipIds[size_t(newClip)], v.clipIds[size_t(oldClip)]);
    }
    // Every kept view's rows sit at its new position in its modality.
    for (size_t m = 0; m < v.rows.size(); ++m) {
      QVERIFY(s.rows[m].defined());
      for (int64_t r = 0; r < s.rows[m].size(0); ++r) {
        const int64_t at = s.index[m][r].item<int64_t>();
        const int64_t old = keep[size_t(at)];
        const int64_t oldRow = (v.index[m] == old).nonzero().item<int64_t>();
        QVERIFY(torch::equal(s.rows[m][r], v.rows[m][oldRow]));
      }
    }
  }

  // The support clips are held out one per class per fold; the held-out clips each mix gets right
  // are recomputed from the learner without the path (mix 0) and from the pooled floor's logits
  // over the mean summary width (mix 1), and the mix with more is chosen.
  void crossValidationCountsHeldOutClipsAndPicksTheMix() {
    const Fixture f = fixture();
    ModelConfig c = smallConfig(Method::Stf2m);
    c.statisticsMix = {0.0, 1.0};
    const int shots = 3;
    const EpisodeTensors e = wholeClipEpisode(f, c, shots, 9);
    auto learner = f.learner(c);
    learner->eval();
    auto plain = f.learner(c);  // the same weights (same seed), without the path
    plain->eval();
    plain->disableStatisticsPath();
    auto floor = makePooled(c, f.data.modalities);
    torch::NoGradGuard noGrad;
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, false);

    const torch::Tensor clipClass = clipLabels(e.supportLabels, e.support);
    std::vector<std::vector<int64_t>> clipsOf(size_t(e.ways));
    for (int64_t k = 0; k < e.support.clipCount; ++k) clipsOf[size_t(clipClass[k].item<int64_t>())].push_back(k);
    double head = 0, statistics = 0;
    for (int fold = 0; fold < shots; ++fold) {
      std::vector<int64_t> keep, held;
      for (int64_t i = 0; i < e.support.size; ++i) {
        const int64_t clip = e.support.clip[i].item<int64_t>();
        const bool out = std::any_of(clipsOf.begin(), clipsOf.end(), [&](const auto& cs) { return cs[size_t(fold)] == clip; });
        (out ? held : keep).push_back(i);
      }
      const ViewTensors train = selectViews(e.support, longs(keep)), test = selectViews(e.support, longs(held));
      const torch::Tensor trainLabels = e.supportLabels.index_select(0, longs(keep));
      const torch::Tensor truth = clipLabels(e.supportLabels.index_select(0, longs(held)), test);
      const Adapted p = plain->adapt(train, trainLabels, e.ways, false);
      head += fuseViews(plain->predict(p, test).logits, test, p.modalityLogWeight).argmax(1).eq(truth).sum().item<double>();
      const Adapted q = floor->adapt(train, trainLabels, e.ways, false);
      const torch::Tensor s = floor->predict(q, test).logits / kStatisticsScale;
      statistics += fuseViews(s, test, {}).argmax(1).eq(truth).sum().item<double>();
    }
    const torch::Tensor cv = a.get("statistics.cv_correct");
    QCOMPARE(a.get("statistics.cv_clips").item<double>(), double(e.ways * shots));
    QCOMPARE(cv[0].item<double>(), head);
    QCOMPARE(cv[1].item<double>(), statistics);
    const double chosen = statistics > head ? 1.0 : 0.0;  // the first listed on a tie
    QCOMPARE(a.get("statistics.mix").item<double>(), chosen);

    // The logits are the chosen mix of the head's and the statistics'.
    const torch::Tensor learned = plain->predict(plain->adapt(e.support, e.supportLabels, e.ways, false), e.query).logits;
    const torch::Tensor stats =
        floor->predict(floor->adapt(e.support, e.supportLabels, e.ways, false), e.query).logits / kStatisticsScale;
    QVERIFY(torch::allclose(learner->predict(a, e.query).logits, (1 - chosen) * learned + chosen * stats, 1e-4, 1e-4));
  }

  // Both mixes forced in turn on the same task: the logits follow the formula, and the learned
  // modality reliabilities count (1 - mix).
  void forcedMixesFollowTheFormula() {
    const Fixture f = fixture();
    for (double mix : {0.25, 0.75}) {
      ModelConfig c = smallConfig(Method::Stf2m);
      c.statisticsMix = {mix};
      const EpisodeTensors e = wholeClipEpisode(f, c, 2, 5);
      auto learner = f.learner(c), plain = f.learner(c);
      plain->disableStatisticsPath();
      auto floor = makePooled(c, f.data.modalities);
      learner->eval(), plain->eval();
      torch::NoGradGuard noGrad;
      const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, false);
      const Adapted p = plain->adapt(e.support, e.supportLabels, e.ways, false);
      const torch::Tensor stats =
          floor->predict(floor->adapt(e.support, e.supportLabels, e.ways, false), e.query).logits / kStatisticsScale;
      QCOMPARE(a.get("statistics.mix").item<double>(), mix);
      QVERIFY(torch::allclose(learner->predict(a, e.query).logits,
                              (1 - mix) * plain->predict(p, e.query).logits + mix * stats, 1e-4, 1e-4));
      QVERIFY(torch::allclose(a.modalityLogWeight, (1 - mix) * p.modalityLogWeight, 1e-6, 1e-6));
    }
  }

  // With one support clip of a class nothing can be held out: the first mix, no cross-validation.
  void oneClipPerClassTakesTheFirstMix() {
    const Fixture f = fixture();
    ModelConfig c = smallConfig(Method::Stf2m);
    c.statisticsMix = {0.0, 0.5, 1.0};
    const EpisodeTensors e = wholeClipEpisode(f, c, 1, 2);
    auto learner = f.learner(c), plain = f.learner(c);
    plain->disableStatisticsPath();
    learner->eval(), plain->eval();
    torch::NoGradGuard noGrad;
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, false);
    QCOMPARE(a.get("statistics.mix").item<double>(), 0.0);
    QCOMPARE(a.get("statistics.cv_clips").item<double>(), 0.0);
    const Adapted p = plain->adapt(e.support, e.supportLabels, e.ways, false);
    QVERIFY(p.find("statistics.mix") == nullptr);
    QVERIFY(torch::allclose(learner->predict(a, e.query).logits, plain->predict(p, e.query).logits, 1e-5, 1e-5));
  }

  // Meta-training never sees the path: its adapted state has none of it.
  void trainingAdaptationHasNoStatistics() {
    const Fixture f = fixture();
    const ModelConfig c = smallConfig(Method::Stf2m);
    const EpisodeTensors e = wholeClipEpisode(f, c, 2, 3);
    auto learner = f.learner(c);
    learner->train();
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, true);
    QVERIFY(a.find("statistics.mix") == nullptr);
  }

  void configKeysRoundTripAndAreChecked() {
    ModelConfig c;
    QVERIFY(c.statisticsPath);
    c.statisticsPath = false;
    c.statisticsMix = {0.0, 0.3};
    const ModelConfig back = ModelConfig::fromJson(parseJson(c.toJson().dump(), "config"));
    QCOMPARE(back.statisticsPath, false);
    QCOMPARE(back.statisticsMix, (std::vector<double>{0.0, 0.3}));
    for (const char* bad : {R"({"statistics_mix": [0, 1.5]})", R"({"statistics_mix": []})"}) {
      try {
        ModelConfig::fromJson(parseJson(bad, "config"));
        QFAIL(bad);
      } catch (const Error& error) {
        QVERIFY2(std::string(error.what()).find("statistics_mix") != std::string::npos, error.what());
      }
    }
  }

  void choiceSaysWhoLabelsAndReadsBackFromTheCard() {
    StatisticsChoice choice;
    QVERIFY(!choice.present());
    QCOMPARE(choice.labelledBy(), std::string());
    choice.mixes = {0.0, 0.5, 0.75, 1.0};
    choice.heldOutCorrect = {7, 9, 11, 10};
    choice.heldOutClips = 15;
    choice.mix = 0.75;
    QCOMPARE(choice.labelledBy(), std::string("ST-F2M with pooled statistics (mix 0.75)"));
    QCOMPARE(choice.chosenCorrect(), 11.0);
    choice.mix = 0;
    QCOMPARE(choice.labelledBy(), std::string("ST-F2M"));
    choice.mix = 1;
    QCOMPARE(choice.labelledBy(), std::string("pooled statistics"));

    const Json card = {{"kind", "adapted"}, {"statistics_path", choice.toJson()}};
    const StatisticsChoice back = StatisticsChoice::fromCard(dumpJson(card));
    QCOMPARE(back.mix, 1.0);
    QCOMPARE(back.mixes, choice.mixes);
    QCOMPARE(back.heldOutCorrect, choice.heldOutCorrect);
    QCOMPARE(back.heldOutClips, 15);
    QCOMPARE(card.at("statistics_path").at("labelled_by").get<std::string>(), std::string("pooled statistics"));

    // Cards without a usable block: nothing to show, and no exception (exports go on).
    QVERIFY(!StatisticsChoice::fromCard("{\"kind\": \"meta\"}").present());
    QVERIFY(!StatisticsChoice::fromCard("not json").present());
    QVERIFY(!StatisticsChoice::fromCard("{\"statistics_path\": {\"mix\": 2, \"mixes\": [], "
                                        "\"held_out_correct\": [], \"held_out_clips\": 0}}").present());
    QVERIFY(!StatisticsChoice::fromCard("{\"statistics_path\": {\"mix\": 0.5}}").present());
  }
};

QTEST_APPLESS_MAIN(TestStatisticsPath)
#include "test_statistics_path.moc"
