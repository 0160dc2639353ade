// The per-episode gradient sum of data-parallel training (model/meta_batch_gradients.h): on one
// rank it gives the bits plain accumulation of .grad gives, and two ranks (threads here, with an
// in-process all-reduce that adds in the "wrong" order on purpose) give those bits too, including
// for a parameter that only some episodes reach and one that none reaches.
#include <QtTest>

#include <ATen/CPUGeneratorImpl.h>

#include <barrier>
#include <mutex>
#include <thread>

#include "model/communicator.h"
#include "model/meta_batch_gradients.h"

using namespace stf2m::model;

namespace {

// Two ranks in one process: allReduceSum adds rank 1's tensor first, then rank 0's, unlike one
// process's order, so only an exact sum passes the tests.
struct PairGroup {
  std::barrier<> meet{2};
  torch::Tensor deposited[2];
  torch::Tensor sum;
};

class PairCommunicator final : public Communicator {
 public:
  PairCommunicator(PairGroup& group, int rank) : group_(group), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return 2; }
  void allReduceSum(torch::Tensor& tensor) override {
    group_.deposited[rank_] = tensor.clone();
    group_.meet.arrive_and_wait();
    if (rank_ == 0) group_.sum = group_.deposited[1] + group_.deposited[0];
    group_.meet.arrive_and_wait();
    tensor.copy_(group_.sum);
    group_.meet.arrive_and_wait();
  }
  void broadcast(torch::Tensor&, int) override {}
  void barrier() override { group_.meet.arrive_and_wait(); }

 private:
  PairGroup& group_;
  int rank_;
};

// A model with a parameter only odd episodes reach ("odd") and one no episode reaches ("unused").
// Every draw uses its own generator: the two ranks are threads of one process.
torch::Tensor draw(std::vector<int64_t> shape, uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  return at::randn(shape, generator);
}

struct Net : torch::nn::Module {
  torch::Tensor weight, bias, odd, unused;
  Net() {
    weight = register_parameter("weight", draw({5, 16}, 11) * 0.3);
    bias = register_parameter("bias", draw({5}, 12));
    odd = register_parameter("odd", draw({5}, 13));
    unused = register_parameter("unused", draw({3}, 14));
  }
  torch::Tensor loss(int episode) {
    const torch::Tensor x = draw({7, 16}, 100 + uint64_t(episode)) * (1.0 + 0.37 * episode);
    torch::Tensor y = torch::tanh(torch::addmm(bias, x, weight.t()));
    if (episode % 2 == 1) y = y * odd;
    return y.pow(2).mean() / 4.0;
  }
};

constexpr int kEpisodes = 5;

std::vector<torch::Tensor> gradsOf(Net& net) {
  std::vector<torch::Tensor> out;
  for (const torch::Tensor& p : net.parameters()) out.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
  return out;
}

bool same(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].defined() != b[i].defined()) return false;
    if (a[i].defined() && !torch::equal(a[i], b[i])) return false;
  }
  return true;
}

// One process as training did before: backward per episode into .grad.
std::vector<torch::Tensor> accumulated(double* loss) {
  Net net;
  *loss = 0;
  for (int e = 0; e < kEpisodes; ++e) {
    const torch::Tensor l = net.loss(e);
    l.backward();
    *loss += l.item<double>();
  }
  return gradsOf(net);
}

}  // namespace

class TestMetaBatchGradients : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void oneRankGivesTheSameBits() {
    double expectedLoss = 0;
    const std::vector<torch::Tensor> expected = accumulated(&expectedLoss);
    Net net;
    MetaBatchGradients gradients(net.parameters(), kEpisodes);
    for (int e = 0; e < kEpisodes; ++e) {
      const torch::Tensor l = net.loss(e);
      l.backward();
      gradients.collect(e, l.item<double>());
    }
    const std::unique_ptr<Communicator> local = makeLocalCommunicator();
    const double loss = gradients.reduce(*local);
    QVERIFY(same(gradsOf(net), expected));
    QCOMPARE(loss, expectedLoss);
    QVERIFY(!net.unused.grad().defined());  // Adam skips it, as it would in one process
    QVERIFY(net.odd.grad().defined());
  }

  void twoRanksGiveTheSameBits() {
    double expectedLoss = 0;
    const std::vector<torch::Tensor> expected = accumulated(&expectedLoss);
    PairGroup group;
    std::vector<torch::Tensor> results[2];
    double losses[2] = {0, 0};
    auto rank = [&](int r) {
      at::set_num_threads(1);
      Net net;
      PairCommunicator communicator(group, r);
      MetaBatchGradients gradients(net.parameters(), kEpisodes);
      for (int e = r; e < kEpisodes; e += 2) {
        const torch::Tensor l = net.loss(e);
        l.backward();
        gradients.collect(e, l.item<double>());
      }
      losses[r] = gradients.reduce(communicator);
      results[r] = gradsOf(net);
    };
    std::thread one(rank, 1);
    rank(0);
    one.join();
    QVERIFY(same(results[0], expected));
    QVERIFY(same(results[1], expected));
    QCOMPARE(losses[0], expectedLoss);
    QCOMPARE(losses[1], expectedLoss);
  }

  // The plain per-rank sum that the buffer avoids does differ here: the test can fail.
  void aPlainAllReduceWouldNotMatch() {
    double expectedLoss = 0;
    const std::vector<torch::Tensor> expected = accumulated(&expectedLoss);
    Net even, odd;
    for (int e = 0; e < kEpisodes; ++e) (e % 2 ? odd : even).loss(e).backward();
    bool differs = false;
    const auto a = gradsOf(even), b = gradsOf(odd);
    for (size_t i = 0; i < expected.size(); ++i) {
      if (!expected[i].defined()) continue;
      const torch::Tensor sum = b[i].defined() ? (a[i].defined() ? a[i] + b[i] : b[i]) : a[i];
      differs = differs || !torch::equal(sum, expected[i]);
    }
    QVERIFY2(differs, "the episodes' gradients add up the same in any order: the two-rank test proves nothing");
  }
};

QTEST_GUILESS_MAIN(TestMetaBatchGradients)
#include "test_meta_batch_gradients.moc"
