// The ST-F2M building blocks on inputs whose right answers are known by hand: fuzzy rule firing
// (Gaussian and generalized bell, HTSK normalisation), linguistic terms, the encoder's respect
// for feature groups and its per-view mixtures, fast weights, view fusion, and the prototype start
// of the adapted head.
#include <QtTest>

#include <cmath>

#include "common/error.h"
#include "model/fast_weights.h"
#include "model/fuzzy_layer.h"
#include "model/learner.h"
#include "model/st_encoder.h"
#include "model/stf2m_learner.h"
#include "model/view_tensors.h"

using namespace stf2m;
using namespace stf2m::model;

namespace {

dataset::ModalitySpec faceSpec() { return {"face", 6, 25.0, {{"brows", 0, 2}, {"eyes", 2, 4}, {"mouth", 4, 6}}}; }

// n views of one modality, T rows, random features, positions spread over [0, 1].
ViewTensors randomViews(int64_t n, int64_t rows, int64_t dim) {
  ViewTensors v;
  v.size = n;
  v.rows = {torch::randn({n, rows, dim})};
  v.index = {torch::arange(n, torch::kLong)};
  v.modality = torch::zeros({n}, torch::kLong);
  v.position = torch::linspace(0, 1, n);
  v.clip = torch::arange(n, torch::kLong);
  v.clipCount = n;
  return v;
}

dataset::ModalitySpec voiceSpec() { return {"voice", 4, 25.0, {{"low", 0, 2}, {"high", 2, 4}}}; }

// Views of face (modality 0, 6 features) and voice (modality 1, 4 features) in the order given.
ViewTensors mixedViews(const std::vector<int64_t>& modality, int64_t rows) {
  ViewTensors v;
  v.size = int64_t(modality.size());
  const torch::Tensor m = torch::tensor(modality, torch::kLong);
  for (int64_t k = 0; k < 2; ++k) {
    const torch::Tensor index = torch::nonzero(m == k).flatten();
    v.index.push_back(index);
    v.rows.push_back(torch::randn({index.size(0), rows, k == 0 ? 6 : 4}));
  }
  v.modality = m;
  v.position = torch::linspace(0, 1, v.size);
  v.clip = torch::arange(v.size, torch::kLong);
  v.clipCount = v.size;
  return v;
}

// A 2-way episode of four random face views each in support (labels 0 0 1 1) and query (0 1 0 1),
// whose views belong to the given training classes (-1: not a training class).
EpisodeTensors twoWayEpisode(const std::vector<int64_t>& supportGlobal, const std::vector<int64_t>& queryGlobal) {
  EpisodeTensors e;
  e.ways = 2;
  e.support = randomViews(4, 50, 6);
  e.query = randomViews(4, 50, 6);
  e.supportLabels = torch::tensor({0, 0, 1, 1}, torch::kLong);
  e.queryLabels = torch::tensor({0, 1, 0, 1}, torch::kLong);
  e.supportGlobal = torch::tensor(supportGlobal, torch::kLong);
  e.queryGlobal = torch::tensor(queryGlobal, torch::kLong);
  return e;
}

ModelConfig smallConfig() {
  ModelConfig c;
  c.groupChannels = 4;
  c.hidden = 8;
  c.embedding = 12;
  c.fuzzyInputs = 5;
  c.fuzzyRules = 4;
  c.fuzzyOutputs = 3;
  c.taskHidden = 6;
  c.pretrainFraction = 0;  // no class head: most learners here are built without training classes
  return c;
}

}  // namespace

class TestModelLayers : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(7); }

  void gaussianFiringMatchesHandComputation_data() {
    QTest::addColumn<double>("sharpness");
    QTest::newRow("plain HTSK") << 1.0;
    QTest::newRow("sharpness 4") << 4.0;
  }

  void gaussianFiringMatchesHandComputation() {
    QFETCH(double, sharpness);
    ModelConfig c = smallConfig();
    c.fuzzySharpness = sharpness;
    FuzzyLayer layer(3, c);
    torch::NoGradGuard g;
    auto params = layer->named_parameters();
    params["proj_w"].copy_(torch::cat({torch::eye(3), torch::zeros({2, 3})}, 0));  // u = (z, 0, 0)
    params["proj_b"].zero_();
    params["centres"].copy_(torch::tensor(std::vector<float>{0, 0, 0, 0, 0, 1, 1, 1, 0, 0, -1, 0, 2, 0, 0, 3, 3, 3, 0, 0}).view({4, 5}));
    params["log_width"].copy_(torch::full({4, 5}, std::log(0.5)));
    const torch::Tensor z = torch::tensor({{0.5f, 0.5f, 0.5f}});
    torch::Tensor firing;
    const torch::Tensor out = layer->forward(z, nullptr, &firing);
    QCOMPARE(out.size(1), layer->outputSize());
    // sharpness x the mean over the 5 variables of -(u - c)^2 / (2 * 0.25), then softmax over the
    // 4 rules.
    const double uz[5] = {0.5, 0.5, 0.5, 0, 0};
    const double centres[4][5] = {{0, 0, 0, 0, 0}, {1, 1, 1, 0, 0}, {-1, 0, 2, 0, 0}, {3, 3, 3, 0, 0}};
    double logits[4], total = 0;
    for (int r = 0; r < 4; ++r) {
      double s = 0;
      for (int j = 0; j < 5; ++j) s += -std::pow(uz[j] - centres[r][j], 2) / 0.5;
      logits[r] = std::exp(sharpness * s / 5);
      total += logits[r];
    }
    for (int r = 0; r < 4; ++r) QVERIFY(std::abs(firing[0][r].item<double>() - logits[r] / total) < 1e-5);
    // The firing vector enters the output scaled by a learned weight, initially 1.
    QVERIFY(torch::allclose(out.slice(1, 3, 7), firing));
    // Rules 0 and 1 are equally far from z, rule 3 is farthest.
    QVERIFY(std::abs(firing[0][0].item<double>() - firing[0][1].item<double>()) < 1e-6);
    QVERIFY(firing[0][3].item<double>() < firing[0][2].item<double>());
  }

  void bellMembershipAndHighDimensionStability() {
    ModelConfig c = smallConfig();
    c.membership = "bell";
    c.fuzzyInputs = 256;  // HTSK: the mean of log-memberships keeps firing spread in high dimension
    c.fuzzyRules = 8;
    FuzzyLayer layer(64, c);
    torch::Tensor firing;
    const torch::Tensor out = layer->forward(torch::randn({32, 64}) * 3, nullptr, &firing);
    QVERIFY(torch::isfinite(out).all().item<bool>());
    QVERIFY(torch::allclose(firing.sum(1), torch::ones({32}), 1e-5, 1e-5));
    QVERIFY(firing.max().item<double>() < 0.99);  // a product t-norm would give one-hot firing here
    // Bell membership of a value at its centre is 1 (log 0), at one width it is 1/2.
    torch::NoGradGuard g;
    ModelConfig one = smallConfig();
    one.membership = "bell";
    one.fuzzyInputs = 1;
    one.fuzzyRules = 2;
    one.fuzzySharpness = 4;
    FuzzyLayer bell(1, one);
    auto p = bell->named_parameters();
    p["proj_w"].fill_(1), p["proj_b"].zero_();
    p["centres"].copy_(torch::tensor({{0.f}, {1.f}}));
    p["log_width"].fill_(0);  // a = 1
    torch::Tensor f;
    bell->forward(torch::tensor({{0.f}}), nullptr, &f);
    // rule 0: mu = 1, rule 1: mu = 1 / (1 + 1) = 0.5 -> firing = softmax(4 log 1, 4 log 0.5)
    // = (1, 1/16) / (17/16) = (16/17, 1/17)
    QVERIFY(std::abs(f[0][0].item<double>() - 16.0 / 17.0) < 1e-4);
  }

  void linguisticTermsPartitionUnity() {
    const torch::Tensor t = linguisticTerms(torch::tensor({0.f, 0.5f, 1.f, 0.3f}));
    QVERIFY(torch::allclose(t.sum(-1), torch::ones({4})));
    QCOMPARE(t[0].argmax().item<int64_t>(), int64_t(0));
    QCOMPARE(t[1].argmax().item<int64_t>(), int64_t(1));
    QCOMPARE(t[2].argmax().item<int64_t>(), int64_t(2));
    QCOMPARE(QString::fromLatin1(linguisticTermNames()[2]), QStringLiteral("high"));
  }

  void encoderKeepsGroupsApartAndMixesScalesPerView() {
    ModelConfig c = smallConfig();
    ModalityEncoder enc(faceSpec(), c);
    torch::Tensor relevance, scales;
    const torch::Tensor x = torch::randn({5, 50, 6});
    const torch::Tensor z = enc->forward(x, nullptr, &relevance, &scales);
    QCOMPARE(z.sizes(), (std::vector<int64_t>{5, c.embedding}));
    QCOMPARE(relevance.sizes(), (std::vector<int64_t>{5, 3}));
    QVERIFY(torch::allclose(relevance.sum(1), torch::ones({5}), 1e-5, 1e-5));
    QCOMPARE(scales.sizes(), (std::vector<int64_t>{5, c.temporalBlocks, int64_t(c.dilations.size())}));
    QVERIFY(torch::allclose(scales.sum(-1), torch::ones({5, c.temporalBlocks}), 1e-5, 1e-5));
    // Each group's projection reads only its own columns: no gradient reaches the others.
    z.sum().backward();
    const torch::Tensor grad = enc->named_parameters()["proj_w"].grad();
    const torch::Tensor outside = grad.slice(0, 0, c.groupChannels).slice(1, 2, 6);  // brows rows, other columns
    QCOMPARE(outside.abs().sum().item<double>(), 0.0);
    QVERIFY(grad.slice(0, 0, c.groupChannels).slice(1, 0, 2).abs().sum().item<double>() > 0);
    // Ablated: one scale, no relevance.
    c.ablate.spatial = c.ablate.temporal = true;
    ModalityEncoder plain(faceSpec(), c);
    torch::Tensor r2, s2;
    plain->forward(x, nullptr, &r2, &s2);
    QVERIFY(!r2.defined() && !s2.defined());
    QVERIFY(plain->parameters().size() < enc->parameters().size());
  }

  void fastWeightsReplaceParametersWithoutTouchingThem() {
    ModelConfig c = smallConfig();
    ViewEncoder enc(std::vector<dataset::ModalitySpec>{faceSpec()}, c);
    const ViewTensors v = randomViews(4, 50, 6);
    const torch::Tensor target = torch::randn({4, c.embedding});
    const torch::Tensor before = enc->forward(v).detach();
    std::vector<torch::Tensor> params = enc->parameters();
    const torch::Tensor loss = (enc->forward(v) - target).pow(2).sum();
    const FastWeights fast = sgdStep(params, nullptr, loss, torch::tensor(1e-3), /*createGraph=*/true);
    const torch::Tensor after = enc->forward(v, &fast);
    QVERIFY((after - target).pow(2).sum().item<double>() < loss.item<double>());  // one step downhill
    QVERIFY(torch::equal(enc->forward(v).detach(), before));                          // slow weights unchanged
    // Second order: the fast output depends on the slow weights through the step.
    const auto g = torch::autograd::grad({after.sum()}, {params[0]}, {}, false, false, true);
    QVERIFY(g[0].defined());
  }

  void fusionWeighsConfidentViewsOfReliableModalities() {
    ViewTensors v = randomViews(3, 2, 6);
    v.clip = torch::tensor({0, 0, 1}, torch::kLong);
    v.clipCount = 2;
    v.modality = torch::tensor({0, 1, 0}, torch::kLong);
    // View 0 is confident in class 0, view 1 unsure leaning to class 1.
    const torch::Tensor logits = torch::tensor({{5.f, 0.f}, {0.f, 0.4f}, {0.f, 1.f}});
    const torch::Tensor fused = fuseViews(logits, v, torch::Tensor());
    QCOMPARE(fused.size(0), int64_t(2));
    QCOMPARE(fused[0].argmax().item<int64_t>(), int64_t(0));
    QVERIFY(torch::allclose(fused.exp().sum(1), torch::ones({2}), 1e-5, 1e-5));
    // Hand computation for clip 0: weights softmax(-entropy), weighted mean of log-probabilities.
    const torch::Tensor lp = torch::log_softmax(logits.slice(0, 0, 2), 1);
    const torch::Tensor w = torch::softmax((lp.exp() * lp).sum(1), 0);
    const torch::Tensor expect = torch::log_softmax((lp * w.unsqueeze(1)).sum(0), 0);
    QVERIFY(torch::allclose(fused[0], expect, 1e-5, 1e-5));
    // A modality judged unreliable for the task stops counting.
    const torch::Tensor unreliable = fuseViews(logits, v, torch::tensor({-50.f, 0.f}));
    QCOMPARE(unreliable[0].argmax().item<int64_t>(), int64_t(1));
    QCOMPARE(clipLabels(torch::tensor({3, 3, 1}, torch::kLong), v).sizes(), (std::vector<int64_t>{2}));
  }

  void headStartsAsNearestPrototype() {
    ModelConfig c = smallConfig();
    c.innerSteps = 0;
    c.ablate.metaRnn = true;
    c.statisticsPath = false;  // the head alone (test_statistics_path checks the mix)
    Stf2mLearnerImpl learner(c, {faceSpec()});
    const ViewTensors support = randomViews(6, 50, 6), query = randomViews(5, 50, 6);
    const torch::Tensor labels = torch::tensor({0, 0, 1, 1, 2, 2}, torch::kLong);
    torch::NoGradGuard g;
    const Adapted a = learner.adapt(support, labels, 3, false);
    const torch::Tensor logits = learner.predict(a, query).logits;
    const torch::Tensor hs = learner.embed(support), hq = learner.embed(query);
    const torch::Tensor protos = torch::stack({hs.slice(0, 0, 2).mean(0), hs.slice(0, 2, 4).mean(0), hs.slice(0, 4, 6).mean(0)});
    const torch::Tensor nearest = torch::cdist(hq, protos).argmin(1);
    QVERIFY(torch::equal(logits.argmax(1), nearest));
    // With the task encoder, the support set modulates the features (FiLM starts as identity).
    c.ablate.metaRnn = false;
    c.innerSteps = 3;
    Stf2mLearnerImpl full(c, {faceSpec()});
    const Adapted b = full.adapt(support, labels, 3, false);
    QCOMPARE(b.modalityLogWeight.size(0), int64_t(1));
    QCOMPARE(full.predict(b, query).logits.sizes(), (std::vector<int64_t>{5, 3}));
  }

  void modalityPrototypesShrinkTowardsTheClassPrototype() {
    ModelConfig c = smallConfig();
    c.innerSteps = 0;
    c.ablate.metaRnn = true;
    c.modalityPrototypes = true;
    Stf2mLearnerImpl learner(c, {faceSpec(), voiceSpec()});
    // Class 0: two face views and one voice view; class 1: one of each; class 2: face only.
    const std::vector<int64_t> modality{0, 0, 1, 0, 1, 0};
    const torch::Tensor labels = torch::tensor({0, 0, 0, 1, 1, 2}, torch::kLong);
    const ViewTensors support = mixedViews(modality, 50), query = mixedViews({0, 1, 1, 0}, 50);
    torch::NoGradGuard g;
    const Adapted a = learner.adapt(support, labels, 3, false);
    // By hand: centre each modality on its support mean, pool each class, then shrink each
    // (class, modality) mean towards the pooled one with pseudo-count 1 (the initial shrinkage).
    const torch::Tensor hs = learner.embed(support);
    const torch::Tensor offset = torch::stack({hs.index_select(0, torch::tensor({0, 1, 3, 5})).mean(0),
                                               hs.index_select(0, torch::tensor({2, 4})).mean(0)});
    QVERIFY(torch::allclose(a.get("modality_offset"), offset, 1e-5, 1e-6));
    const torch::Tensor hc = hs - offset.index_select(0, torch::tensor(modality));
    const torch::Tensor pooled = torch::stack({hc.slice(0, 0, 3).mean(0), hc.slice(0, 3, 5).mean(0), hc[5]});
    const torch::Tensor face = torch::stack({(hc[0] + hc[1] + pooled[0]) / 3, (hc[3] + pooled[1]) / 2, (hc[5] + pooled[2]) / 2});
    const torch::Tensor voice = torch::stack({(hc[2] + pooled[0]) / 2, (hc[4] + pooled[1]) / 2, pooled[2]});
    const torch::Tensor mu = torch::stack({face, voice});  // [modalities, ways, H]
    const double scale = std::exp(learner.named_parameters()["log_scale"].item<double>());
    QVERIFY(torch::allclose(a.get("head.weight"), 2 * scale * mu, 1e-4, 1e-5));
    QVERIFY(torch::allclose(a.get("head.bias"), -scale * mu.pow(2).sum(-1), 1e-4, 1e-5));
    // Each query view is scored against its own modality's prototypes: nearest prototype wins.
    const std::vector<int64_t> queryModality{0, 1, 1, 0};
    const torch::Tensor hq = learner.embed(query) - offset.index_select(0, torch::tensor(queryModality));
    const torch::Tensor logits = learner.predict(a, query).logits;
    for (int64_t i = 0; i < 4; ++i) {
      const torch::Tensor own = mu[queryModality[size_t(i)]];
      QCOMPARE(logits[i].argmax().item<int64_t>(), (hq[i].unsqueeze(0) - own).pow(2).sum(1).argmin().item<int64_t>());
    }
  }

  void globalLossAddsWeightedCrossEntropyOverTrainingClasses() {
    ModelConfig c = smallConfig();
    c.innerSteps = 1;
    c.globalLossWeight = 0.7;
    Stf2mLearnerImpl learner(c, {faceSpec()}, 4);
    QVERIFY(learner.named_parameters().contains("global_head.weight"));
    const int64_t features = learner.embed(randomViews(1, 50, 6)).size(1);
    QCOMPARE(learner.named_parameters()["global_head.weight"].sizes(), (std::vector<int64_t>{4, features}));
    // Episode class 0 is training class 3; episode class 1 is not a training class.
    EpisodeTensors e = twoWayEpisode({3, 3, -1, -1}, {3, -1, 3, -1});
    torch::NoGradGuard g;
    const double base = learner.LearnerImpl::episodeLoss(e).item<double>();
    const double total = learner.episodeLoss(e).item<double>();
    // By hand: cross-entropy of the global head on the four views of training class 3.
    const torch::Tensor h = torch::cat({learner.embed(e.support), learner.embed(e.query)});
    const torch::Tensor known = torch::tensor({0, 1, 4, 6}, torch::kLong);
    const torch::Tensor logits = torch::linear(h.index_select(0, known), learner.named_parameters()["global_head.weight"],
                                               learner.named_parameters()["global_head.bias"]);
    const double ce = torch::cross_entropy_loss(logits, torch::full({4}, 3, torch::kLong)).item<double>();
    QVERIFY(std::abs(total - (base + 0.7 * ce)) < 1e-5);
    // No view of a training class: the auxiliary term is zero.
    e.supportGlobal.fill_(-1), e.queryGlobal.fill_(-1);
    QVERIFY(std::abs(learner.episodeLoss(e).item<double>() - base) < 1e-6);
    // Off by default: no global head, so model files without the key keep their layout.
    QVERIFY(!Stf2mLearnerImpl(smallConfig(), {faceSpec()}, 4).named_parameters().contains("global_head.weight"));
  }

  // Pre-training: its loss is the global cross-entropy alone, it reaches the embedding and the
  // global head and nothing of the task encoder or the head, and the episode loss that follows it
  // has no global term.
  void pretrainLossTrainsTheEmbeddingOnly() {
    ModelConfig c = smallConfig();
    c.innerSteps = 1;
    c.iterations = 10;
    c.pretrainFraction = 0.4;
    c.validate();
    QCOMPARE(c.pretrainIterations(), 4);
    Stf2mLearnerImpl learner(c, {faceSpec()}, 3);
    const EpisodeTensors e = twoWayEpisode({2, 2, 0, 0}, {2, 0, 2, 0});
    const torch::Tensor loss = learner.pretrainLoss(e);
    {
      torch::NoGradGuard g;
      const torch::Tensor h = torch::cat({learner.embed(e.support), learner.embed(e.query)});
      const auto p = learner.named_parameters();
      const torch::Tensor logits = torch::linear(h, p["global_head.weight"], p["global_head.bias"]);
      const double ce = torch::cross_entropy_loss(logits, torch::tensor({2, 2, 0, 0, 2, 0, 2, 0}, torch::kLong)).item<double>();
      QVERIFY(std::abs(loss.item<double>() - ce) < 1e-5);
      QVERIFY(std::abs(learner.episodeLoss(e).item<double>() - learner.LearnerImpl::episodeLoss(e).item<double>()) < 1e-6);
    }
    loss.backward();
    int reached = 0;
    for (const auto& item : learner.named_parameters()) {
      const bool embedding = item.key().rfind("encoder.", 0) == 0 || item.key().rfind("fuzzy.", 0) == 0 ||
                             item.key().rfind("global_head.", 0) == 0;
      const bool hasGradient = item.value().grad().defined() && item.value().grad().abs().sum().item<double>() > 0;
      if (!embedding) QVERIFY2(!hasGradient, item.key().c_str());
      reached += hasGradient;
    }
    QVERIFY(reached > 4);
    // The phase is shorter than the training.
    c.pretrainFraction = 1;
    QVERIFY_THROWS_EXCEPTION(Error, c.validate());
  }

  // normalise_embeddings: every view embedding has the norm sqrt(size), the direction unchanged.
  void normalisedEmbeddingsHaveOneNorm() {
    ModelConfig c = smallConfig();
    c.normaliseEmbeddings = false;
    torch::manual_seed(3);
    Stf2mLearnerImpl plain(c, {faceSpec()}, 0);
    c.normaliseEmbeddings = true;
    torch::manual_seed(3);
    Stf2mLearnerImpl normalised(c, {faceSpec()}, 0);
    const ViewTensors views = randomViews(5, 50, 6);
    torch::NoGradGuard g;
    const torch::Tensor a = plain.embed(views), b = normalised.embed(views);
    const torch::Tensor norms = b.norm(2, 1);
    QVERIFY((norms - std::sqrt(double(b.size(1)))).abs().max().item<double>() < 1e-4);
    QVERIFY(torch::allclose(torch::nn::functional::cosine_similarity(a, b), torch::ones({5}), 1e-5, 1e-5));
  }
};

QTEST_GUILESS_MAIN(TestModelLayers)
#include "test_model_layers.moc"
