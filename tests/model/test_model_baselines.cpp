// The baselines of issue 4 §5 (ProtoNet, MAML first/second order, Meta-LSTM, fine-tuning) on a
// tiny two-modality dataset whose classes are separable by construction: shapes and no-grad
// evaluation, the defining computation of each method checked by hand (prototype means, MAML's
// meta-gradient against finite differences, the Meta-LSTM optimizer's initial update), that a few
// dozen meta-training iterations lift query accuracy far above chance, and determinism.
#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "dataset/episodes.h"
#include "model/baselines.h"
#include "model/engine_internal.h"
#include "model/learner.h"
#include "model/meta_lstm.h"
#include "model/st_encoder.h"
#include "model/view_tensors.h"
#include "model_fixture.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::model;
using dataset::Dataset;
using namespace stf2m::model::testing;

namespace {

const std::vector<Method> kMethods{Method::ProtoNet, Method::Maml, Method::MetaLstm, Method::Finetune};

QString name(Method m) { return QString::fromUtf8(methodName(m)); }

// Adam on episodeLoss for `iterations` training episodes; returns the losses.
std::vector<double> metaTrain(LearnerImpl& learner, const Fixture& f, const ModelConfig& c, int iterations,
                              double lr = 1e-2) {
  learner.train();
  torch::optim::Adam adam(learner.parameters(), torch::optim::AdamOptions(lr));
  auto sampler = f.sampler(c, dataset::SplitPart::Train, 11);
  std::vector<double> losses;
  for (int i = 0; i < iterations; ++i) {
    const EpisodeTensors e = f.episode(c, sampler);
    adam.zero_grad();
    const torch::Tensor loss = learner.episodeLoss(e);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(learner.parameters(), 2.0);
    adam.step();
    losses.push_back(loss.item<double>());
  }
  return losses;
}

// Mean query accuracy over `episodes` test episodes (unseen subject), evaluated as the engine
// does: eval() and NoGradGuard.
double accuracy(LearnerImpl& learner, const Fixture& f, const ModelConfig& c, int episodes) {
  learner.eval();
  torch::NoGradGuard noGrad;
  auto sampler = f.sampler(c, dataset::SplitPart::Test, 99);
  double correct = 0, total = 0;
  for (int i = 0; i < episodes; ++i) {
    const EpisodeTensors e = f.episode(c, sampler);
    const Adapted a = learner.adapt(e.support, e.supportLabels, e.ways, false);
    const torch::Tensor logits = learner.predict(a, e.query).logits;
    correct += logits.argmax(1).eq(e.queryLabels).sum().item<double>();
    total += static_cast<double>(e.queryLabels.size(0));
  }
  learner.train();
  return correct / total;
}

double mean(const std::vector<double>& v, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i) s += v[i];
  return s / static_cast<double>(to - from);
}

std::shared_ptr<ViewEncoderImpl> encoderOf(LearnerImpl& learner) {
  return std::dynamic_pointer_cast<ViewEncoderImpl>(learner.named_children()["encoder"]);
}

// Sum over parameters of <grad, direction>.
double directional(const std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& direction) {
  double s = 0;
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].grad().defined()) s += (params[i].grad() * direction[i]).sum().item<double>();
  return s;
}

}  // namespace

class TestModelBaselines : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // One intra-op thread: these tensors are tiny, and on a loaded 2-core machine the thread pool
  // made the test ~10x slower (measured: 16.7 s -> 1.2 s for one training row).
  void initTestCase() { torch::set_num_threads(1); }

  void backboneIsTheAblatedEncoder() {
    ModelConfig c = smallConfig(Method::Maml);
    c.ablate.metaRnn = true;
    const ModelConfig b = baselineBackboneConfig(c);
    QVERIFY(b.ablate.spatial && b.ablate.temporal && b.ablate.fuzzy);
    QCOMPARE(b.embedding, c.embedding);
    QCOMPARE(b.windowSeconds, c.windowSeconds);
  }

  // Every method adapts and predicts under NoGradGuard and under InferenceMode (as evaluation
  // may), with the right shapes and named adapted tensors, leaving no graph and no .grad behind.
  void adaptAndPredictShapesWithoutGradients() {
    const Fixture f;
    std::vector<Method> methods = kMethods;
    methods.push_back(Method::Stf2m);  // shares the gradient scope the baselines use
    for (Method m : methods) {
      const ModelConfig c = smallConfig(m);
      auto learner = f.learner(c);
      auto sampler = f.sampler(c, dataset::SplitPart::Test, 5);
      for (int mode = 0; mode < 2; ++mode) {
        torch::NoGradGuard noGrad;
        std::optional<c10::InferenceMode> inference;
        if (mode == 1) inference.emplace();
        const EpisodeTensors e = f.episode(c, sampler);
        QCOMPARE(e.support.rows[0].is_inference(), mode == 1);  // the InferenceMode path is exercised
        learner->eval();
        const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, false);
        const Prediction p = learner->predict(a, e.query);
        QVERIFY2(p.logits.sizes() == torch::IntArrayRef({e.query.size, c.ways}), qPrintable(name(m)));
        QVERIFY2(torch::isfinite(p.logits).all().item<bool>(), qPrintable(name(m)));
        QVERIFY2(!p.logits.requires_grad(), qPrintable(name(m)));
        QCOMPARE(a.ways, c.ways);
        for (const auto& [key, t] : a.tensors) QVERIFY2(!t.requires_grad(), qPrintable(name(m) + QString::fromStdString(key)));
        if (m == Method::Stf2m) {
          // One prototype-initialised head for the views of every modality (modality-aware
          // prototypes are off by default), and one reliability per modality (face, voice).
          QCOMPARE(a.get("head.weight").dim(), int64_t(2));
          QCOMPARE(a.get("head.weight").size(0), int64_t(c.ways));
          QCOMPARE(a.get("head.bias").sizes(), (std::vector<int64_t>{c.ways}));
          QCOMPARE(a.modalityLogWeight.size(0), int64_t(2));
        } else if (m == Method::ProtoNet) {
          QCOMPARE(a.tensors.size(), size_t(1));
          QVERIFY(a.get("prototypes").sizes() == torch::IntArrayRef({c.ways, c.embedding}));
        } else {
          QVERIFY(a.get("head.weight").sizes() == torch::IntArrayRef({c.ways, c.embedding}));
          QVERIFY(a.get("head.bias").sizes() == torch::IntArrayRef({c.ways}));
        }
        if (m == Method::Maml) {
          const auto named = learner->named_parameters();
          QCOMPARE(a.tensors.size(), named.size() + 2);
          size_t i = 0;
          for (const auto& item : named) {
            QCOMPARE(a.tensors[i].first, "fast." + item.key());
            QVERIFY(a.tensors[i].second.sizes() == item.value().sizes());
            ++i;
          }
        }
      }
      for (const auto& p : learner->parameters()) QVERIFY2(!p.grad().defined(), qPrintable(name(m)));
    }
  }

  void badSupportLabelsAreRejected() {
    const Fixture f;
    for (Method m : kMethods) {
      const ModelConfig c = smallConfig(m);
      auto learner = f.learner(c);
      auto sampler = f.sampler(c, dataset::SplitPart::Train, 5);
      const EpisodeTensors e = f.episode(c, sampler);
      torch::NoGradGuard noGrad;
      // Class 2 missing (its labels rewritten to 0).
      const torch::Tensor missing = torch::where(e.supportLabels == 2, torch::zeros_like(e.supportLabels), e.supportLabels);
      QVERIFY2(test::capture([&] { learner->adapt(e.support, missing, c.ways, false); }).is(ErrorCode::InvalidArgument),
               qPrintable(name(m)));
      QVERIFY2(test::capture([&] { learner->adapt(e.support, e.supportLabels, 2, false); }).is(ErrorCode::InvalidArgument),
               qPrintable(name(m)));
    }
  }

  // The pooled floor, by hand: each view's summary is [mean, std, max] over time of its rows; a
  // class's prototype for a modality is the mean summary of its support views of that modality;
  // logits are -0.5 x squared distance to the prototypes of the view's own modality; nothing is
  // trained. On the separable data it labels unseen subjects' whole clips all but perfectly.
  void pooledFloorIsNearestMeanSummary() {
    const Fixture f;
    const ModelConfig c = smallConfig(Method::Pooled);
    auto learner = f.learner(c);
    QVERIFY(!learner->trainsByEpisodes());
    QCOMPARE(learner->parameters().size(), size_t(0));
    auto sampler = f.sampler(c, dataset::SplitPart::Train, 21);
    const EpisodeTensors e = f.episode(c, sampler);
    torch::NoGradGuard noGrad;
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, false);
    auto summary = [](const torch::Tensor& rows) {  // one view's [T, D] rows
      return torch::cat({rows.mean(0), rows.std(0, false), std::get<0>(rows.max(0))});
    };
    const torch::Tensor logits = learner->predict(a, e.query).logits;
    for (size_t m = 0; m < f.data.modalities.size(); ++m) {
      const torch::Tensor proto = a.get("proto." + std::to_string(m));
      for (int k = 0; k < c.ways; ++k) {
        torch::Tensor sum = torch::zeros({proto.size(1)});
        int count = 0;
        for (int64_t i = 0; i < e.support.rows[m].size(0); ++i)
          if (e.supportLabels[e.support.index[m][i].item<int64_t>()].item<int64_t>() == k) {
            sum += summary(e.support.rows[m][i]);
            ++count;
          }
        QCOMPARE(a.get("count." + std::to_string(m))[k].item<double>(), double(count));
        if (count > 0) QVERIFY(torch::allclose(proto[k], sum / count, 1e-5, 1e-5));
      }
      for (int64_t i = 0; i < e.query.rows[m].size(0); i += 2) {
        const int64_t at = e.query.index[m][i].item<int64_t>();
        for (int k = 0; k < c.ways; ++k) {
          if (a.get("count." + std::to_string(m))[k].item<double>() == 0) continue;
          const double expected = -0.5 * (summary(e.query.rows[m][i]) - proto[k]).pow(2).sum().item<double>();
          QVERIFY(std::abs(logits[at][k].item<double>() - expected) < 1e-4 * (1.0 + std::abs(expected)));
        }
      }
    }
    dataset::EpisodeShape whole{c.ways, 2, 2};
    whole.wholeClips = true;
    const ShotResult r = model::detail::runEpisodes(*learner, f.data, f.split, dataset::SplitPart::Test, whole, 5, 40,
                                             viewOptions(c), torch::kCPU, nullptr);
    QVERIFY2(r.clipAccuracy > 0.95, qPrintable(QString::number(r.clipAccuracy)));
  }

  void protoNetPrototypesAreMeanSupportEmbeddings() {
    const Fixture f;
    const ModelConfig c = smallConfig(Method::ProtoNet);
    auto learner = f.learner(c);
    auto sampler = f.sampler(c, dataset::SplitPart::Train, 21);
    const EpisodeTensors e = f.episode(c, sampler);
    torch::NoGradGuard noGrad;
    learner->eval();
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, false);
    const auto encoder = encoderOf(*learner);
    QVERIFY(encoder);
    const torch::Tensor support = encoder->forward(e.support), query = encoder->forward(e.query);
    const torch::Tensor prototypes = a.get("prototypes");
    for (int k = 0; k < c.ways; ++k) {
      torch::Tensor sum = torch::zeros({c.embedding});
      int count = 0;
      for (int64_t i = 0; i < e.support.size; ++i)
        if (e.supportLabels[i].item<int64_t>() == k) {
          sum += support[i];
          ++count;
        }
      QCOMPARE(count, c.trainShots.front());
      QVERIFY(torch::allclose(prototypes[k], sum / count, 1e-5, 1e-6));
    }
    const torch::Tensor logits = learner->predict(a, e.query).logits;
    for (int64_t i = 0; i < e.query.size; i += 3)
      for (int k = 0; k < c.ways; ++k) {
        const double expected = -(query[i] - prototypes[k]).pow(2).sum().item<double>();
        QVERIFY(std::abs(logits[i][k].item<double>() - expected) < 1e-4 * (1.0 + std::abs(expected)));
      }
  }

  // The directional meta-gradient of second-order MAML agrees with central finite differences of
  // the episode loss, and first-order MAML's (which drops the inner Hessian terms) does not.
  void mamlSecondOrderMatchesFiniteDifferences() {
    const Fixture f;
    ModelConfig c = smallConfig(Method::Maml);
    c.innerSteps = 3;
    c.innerLr = 0.5;  // large enough for the Hessian terms to matter
    c.clipLossWeight = 0.0;
    auto sampler = f.sampler(c, dataset::SplitPart::Train, 31);
    const EpisodeTensors e = f.episode(c, sampler);
    c.firstOrder = false;
    auto second = f.learner(c, 8);
    c.firstOrder = true;
    auto first = f.learner(c, 8);
    const auto params = second->parameters();
    const auto firstParams = first->parameters();
    torch::manual_seed(123);
    std::vector<torch::Tensor> direction;
    double norm = 0;
    for (const auto& p : params) {
      direction.push_back(torch::randn(p.sizes()));
      norm += direction.back().pow(2).sum().item<double>();
    }
    for (auto& d : direction) d /= std::sqrt(norm);
    for (size_t i = 0; i < params.size(); ++i) QVERIFY(torch::equal(params[i], firstParams[i]));

    second->episodeLoss(e).backward();
    first->episodeLoss(e).backward();
    const double g2 = directional(params, direction), g1 = directional(firstParams, direction);

    auto lossAt = [&](double step) {
      {
        torch::NoGradGuard noGrad;
        for (size_t i = 0; i < params.size(); ++i) params[i].add_(direction[i], step);
      }
      const double loss = second->episodeLoss(e).item<double>();
      torch::NoGradGuard noGrad;
      for (size_t i = 0; i < params.size(); ++i) params[i].sub_(direction[i], step);
      return loss;
    };
    const double h = 2e-3;
    const double fd = (lossAt(h) - lossAt(-h)) / (2 * h);
    const QString report = QStringLiteral("fd %1 second-order %2 first-order %3").arg(fd).arg(g2).arg(g1);
    qInfo("%s", qPrintable(report));
    QVERIFY2(std::abs(g2 - fd) < 0.02 * std::abs(fd) + 1e-4, qPrintable(report));
    QVERIFY2(std::abs(g1 - fd) > 5 * std::abs(g2 - fd), qPrintable(report));
  }

  // First-order MAML: the fast weights are the slow weights minus constants, so the meta-gradient
  // with respect to each slow parameter equals the query-loss gradient at its fast copy.
  void firstOrderMamlHasNoPathThroughInnerGradients() {
    const Fixture f;
    ModelConfig c = smallConfig(Method::Maml);
    c.firstOrder = true;
    c.innerSteps = 3;
    c.innerLr = 0.5;
    auto learner = f.learner(c);
    auto sampler = f.sampler(c, dataset::SplitPart::Train, 41);
    const EpisodeTensors e = f.episode(c, sampler);
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, true);
    const torch::Tensor loss = torch::cross_entropy_loss(learner->predict(a, e.query).logits, e.queryLabels);
    std::vector<torch::Tensor> slow, fast;
    for (const auto& item : learner->named_parameters()) {
      slow.push_back(item.value());
      fast.push_back(a.get("fast." + item.key()));
    }
    const auto gSlow = torch::autograd::grad({loss}, slow, {}, true, false, true);
    const auto gFast = torch::autograd::grad({loss}, fast, {}, true, false, true);
    double moved = 0;
    for (size_t i = 0; i < slow.size(); ++i) {
      QCOMPARE(gSlow[i].defined(), gFast[i].defined());
      if (gSlow[i].defined()) QVERIFY(torch::allclose(gSlow[i], gFast[i], 1e-5, 1e-7));
      moved += (fast[i] - slow[i]).abs().sum().item<double>();
    }
    QVERIFY(moved > 0);  // the inner loop did adapt the encoder
  }

  // With its gate weights at zero the optimizer's first step is SGD with the initial rates:
  // theta * sigmoid(5) - 0.1 * grad; the gradient enters detached.
  void metaLstmOptimizerStartsAsSgd() {
    torch::manual_seed(1);
    MetaLstmOptimizer opt(6);
    for (const auto& item : opt->named_parameters())
      if (item.key().find("Gate.weight") != std::string::npos) {
        torch::NoGradGuard noGrad;
        item.value().zero_();
      }
    const torch::Tensor theta = torch::randn({7}, torch::requires_grad());
    const torch::Tensor grad = torch::randn({7}, torch::requires_grad());
    auto state = opt->start(7, torch::kCPU);
    const torch::Tensor next = opt->step(theta, grad, torch::tensor(1.3), state);
    const double f = 1.0 / (1.0 + std::exp(-5.0));
    QVERIFY(torch::allclose(next, theta * f - 0.1 * grad, 1e-5, 1e-6));
    const auto g = torch::autograd::grad({next.sum()}, {theta, grad}, {}, true, false, true);
    QVERIFY(g[0].defined());
    QVERIFY(!g[1].defined());  // no second-order path through the gradient
    // Parameters of the optimizer receive gradient through the gates.
    const auto gp = torch::autograd::grad({next.sum()}, opt->parameters(), {}, true, false, true);
    int reached = 0;
    for (const auto& t : gp) reached += t.defined() && t.abs().sum().item<double>() > 0;
    QVERIFY(reached >= 4);
  }

  void metaLstmWithZeroStepsReturnsTheta0() {
    const Fixture f;
    ModelConfig c = smallConfig(Method::MetaLstm);
    c.innerSteps = 0;
    auto learner = f.learner(c);
    torch::Tensor row;
    for (const auto& item : learner->named_parameters())
      if (item.key() == "headRow") row = item.value();
    QVERIFY(row.defined());
    {
      torch::NoGradGuard noGrad;
      row.copy_(torch::arange(c.embedding, torch::kFloat) * 0.25 - 1.0);
    }
    auto sampler = f.sampler(c, dataset::SplitPart::Train, 51);
    const EpisodeTensors e = f.episode(c, sampler);
    const Adapted a = learner->adapt(e.support, e.supportLabels, e.ways, true);
    QVERIFY(torch::equal(a.get("head.weight"), row.detach().unsqueeze(0).expand({c.ways, c.embedding})));
    QVERIFY(torch::equal(a.get("head.bias"), torch::zeros({c.ways})));
    // ... and the outer loss reaches theta_0 (the learned row).
    const torch::Tensor loss = learner->episodeLoss(e);
    loss.backward();
    QVERIFY(row.grad().defined());
    // With steps, the head moves away from theta_0.
    c.innerSteps = 3;
    auto stepping = f.learner(c);
    torch::NoGradGuard noGrad;
    const Adapted moved = stepping->adapt(e.support, e.supportLabels, e.ways, false);
    QVERIFY(moved.get("head.weight").abs().sum().item<double>() > 1e-3);
  }

  void finetuneSkipsViewsOfNonTrainingClasses() {
    const Fixture f;
    const ModelConfig c = smallConfig(Method::Finetune);
    auto learner = f.learner(c);
    auto sampler = f.sampler(c, dataset::SplitPart::Train, 61);
    const EpisodeTensors e = makeEpisodeTensors(f.data, sampler.next(), viewOptions(c), {"nothing"});
    const torch::Tensor zero = learner->episodeLoss(e);  // no training class: a zero loss
    QCOMPARE(zero.item<double>(), 0.0);
    zero.backward();
    QVERIFY(test::capture([&] { makeFinetune(c, f.data.modalities, 0); }).is(ErrorCode::InvalidArgument));
  }

  // A few dozen Adam iterations on episodeLoss lift test accuracy (unseen subject) far above
  // chance (1/3) for every method; each method's training loss falls.
  void metaTrainingLearnsTheSeparableTask_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<bool>("firstOrder");
    QTest::newRow("protonet") << int(Method::ProtoNet) << false;
    QTest::newRow("maml") << int(Method::Maml) << false;
    QTest::newRow("fomaml") << int(Method::Maml) << true;
    QTest::newRow("metalstm") << int(Method::MetaLstm) << false;
    QTest::newRow("finetune") << int(Method::Finetune) << false;
  }
  void metaTrainingLearnsTheSeparableTask() {
    QFETCH(int, method);
    QFETCH(bool, firstOrder);
    const Fixture f;
    ModelConfig c = smallConfig(static_cast<Method>(method));
    c.firstOrder = firstOrder;
    auto learner = f.learner(c);
    const double before = accuracy(*learner, f, c, 10);
    const std::vector<double> losses = metaTrain(*learner, f, c, 60);
    const double after = accuracy(*learner, f, c, 20);
    const double early = mean(losses, 0, 8), late = mean(losses, losses.size() - 8, losses.size());
    const QString report =
        QStringLiteral("accuracy %1 -> %2, loss %3 -> %4").arg(before).arg(after).arg(early).arg(late);
    qInfo("%s", qPrintable(report));
    QVERIFY2(late < early, qPrintable(report));
    QVERIFY2(after > 0.85, qPrintable(report));
    QVERIFY2(after > before + 0.1, qPrintable(report));
  }

  void sameSeedSameResults() {
    const Fixture f;
    for (Method m : kMethods) {
      const ModelConfig c = smallConfig(m);
      std::vector<torch::Tensor> logits;
      std::vector<double> finalLoss;
      for (int run = 0; run < 2; ++run) {
        auto learner = f.learner(c, 17);
        finalLoss.push_back(metaTrain(*learner, f, c, 3).back());
        learner->eval();
        torch::NoGradGuard noGrad;
        auto sampler = f.sampler(c, dataset::SplitPart::Test, 71);
        const EpisodeTensors e = f.episode(c, sampler);
        logits.push_back(learner->predict(learner->adapt(e.support, e.supportLabels, e.ways, false), e.query).logits);
      }
      QVERIFY2(finalLoss[0] == finalLoss[1], qPrintable(name(m)));
      QVERIFY2(torch::equal(logits[0], logits[1]), qPrintable(name(m)));
    }
  }
};

QTEST_GUILESS_MAIN(TestModelBaselines)
#include "test_model_baselines.moc"
