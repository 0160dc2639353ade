#include "model/window_predictor.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "model/engine_internal.h"
#include "model/fuzzy_layer.h"

namespace stf2m::model {

namespace {

// The view's rows resampled to `rows` rows at the model's rate (nearest source row in time) and
// standardised with the model's normaliser.
void fillView(const WindowRows& in, double modelRate, int64_t rows, int64_t columns, const std::vector<float>& mean,
              const std::vector<float>& invStd, float* out) {
  for (int64_t t = 0; t < rows; ++t) {
    const double time = (static_cast<double>(t) + 0.5) / modelRate;
    const auto source = std::clamp<int64_t>(static_cast<int64_t>(std::floor(time * in.rateHz)), 0, in.rows - 1);
    const float* row = in.values + source * columns;
    for (int64_t j = 0; j < columns; ++j) out[t * columns + j] = (row[j] - mean[size_t(j)]) * invStd[size_t(j)];
  }
}

double entropy(const std::vector<double>& p) {
  double h = 0;
  for (double x : p)
    if (x > 0) h -= x * std::log(x);
  return h;
}

// Jensen-Shannon divergence of p and q (natural log, in [0, ln 2]).
double jensenShannon(const std::vector<double>& p, const std::vector<double>& q) {
  double d = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    const double m = 0.5 * (p[k] + q[k]);
    if (p[k] > 0) d += 0.5 * p[k] * std::log(p[k] / m);
    if (q[k] > 0) d += 0.5 * q[k] * std::log(q[k] / m);
  }
  return d;
}

// Per view, its weight in the fused answer (as fuseViews weighs it), and the window's confidence.
void weighAndScore(WindowOutput& out, const std::vector<double>& modalityLogWeight) {
  if (out.views.empty()) return;
  std::vector<double> score;
  for (const ViewOutput& v : out.views)
    score.push_back(-entropy(v.probabilities) +
                    (modalityLogWeight.empty() ? 0.0 : modalityLogWeight[size_t(v.modality)]));
  const double top = *std::max_element(score.begin(), score.end());
  double sum = 0;
  for (double& s : score) sum += (s = std::exp(s - top));
  double disagreement = 0;
  for (size_t v = 0; v < out.views.size(); ++v) {
    out.views[v].reliability = score[v] / sum;
    disagreement += out.views[v].reliability * jensenShannon(out.views[v].probabilities, out.fused);
  }
  const double classes = static_cast<double>(out.fused.size());
  const double certainty = classes > 1 ? 1.0 - entropy(out.fused) / std::log(classes) : 1.0;
  out.confidence = std::clamp(certainty * (1.0 - disagreement / std::log(2.0)), 0.0, 1.0);
}

}  // namespace

struct WindowPredictor::Impl {
  torch::Device device{torch::kCPU};
  std::string deviceName;
  std::string method;
  detail::LoadedModel model;
  std::vector<double> modalityLogWeight;  // empty: equal weights
  RuleShapes rules;
};

namespace {

// The fuzzy layer's sets from the learner's parameters (fuzzy.centres, fuzzy.log_width, ...).
RuleShapes readRuleShapes(LearnerImpl& learner) {
  RuleShapes r;
  torch::Tensor centres, logWidth, logSlope;
  for (const auto& item : learner.named_parameters()) {
    const std::string& name = item.key();
    auto endsWith = [&](const std::string& tail) {
      return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (endsWith("fuzzy.centres")) centres = item.value();
    else if (endsWith("fuzzy.log_width")) logWidth = item.value();
    else if (endsWith("fuzzy.log_slope")) logSlope = item.value();
  }
  if (!centres.defined() || !logWidth.defined()) return r;
  auto values = [](const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  };
  r.rules = int(centres.size(0));
  r.inputs = int(centres.size(1));
  r.centres = values(centres);
  r.widths = values(logWidth.exp());
  if (logSlope.defined()) {
    r.bell = true;
    r.slopes = values(logSlope.exp());
  }
  return r;
}

}  // namespace

double RuleShapes::membership(int rule, int input, double x) const {
  const size_t k = size_t(rule) * size_t(inputs) + size_t(input);
  const double d = (x - centres[k]) / widths[k];
  return bell ? 1.0 / (1.0 + std::pow(std::abs(d), 2.0 * slopes[k])) : std::exp(-0.5 * d * d);
}

WindowPredictor::WindowPredictor(const std::string& modelPath, const std::string& device) : impl_(std::make_unique<Impl>()) {
  impl_->device = detail::chooseDevice(device, &impl_->deviceName);
  impl_->model = detail::loadModel(modelPath, impl_->device);
  if (!impl_->model.adapted)
    throw Error(ErrorCode::InvalidArgument, modelPath,
                "is a meta-model without a label set; analyse with an adapted model (stf2m adapt), such as "
                "resources/models/session.stf2m");
  impl_->method = model::methodName(impl_->model.config.method);
  impl_->rules = readRuleShapes(*impl_->model.learner);
  const torch::Tensor w = impl_->model.adapted->modalityLogWeight;
  if (w.defined()) {
    const torch::Tensor cpu = w.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    impl_->modalityLogWeight.assign(cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel());
  }
  impl_->model.learner->eval();
}

WindowPredictor::~WindowPredictor() = default;
WindowPredictor::WindowPredictor(WindowPredictor&&) noexcept = default;
WindowPredictor& WindowPredictor::operator=(WindowPredictor&&) noexcept = default;

const std::vector<std::string>& WindowPredictor::classes() const { return impl_->model.adaptedClasses; }
const std::vector<dataset::ModalitySpec>& WindowPredictor::modalities() const { return impl_->model.modalities; }
double WindowPredictor::windowSeconds() const { return impl_->model.config.windowSeconds; }
double WindowPredictor::hopSeconds() const { return impl_->model.config.hopSeconds; }
const std::string& WindowPredictor::deviceName() const { return impl_->deviceName; }
const std::string& WindowPredictor::methodName() const { return impl_->method; }
const RuleShapes& WindowPredictor::ruleShapes() const { return impl_->rules; }

std::vector<WindowOutput> WindowPredictor::predict(const std::vector<WindowInput>& windows) const {
  const detail::LoadedModel& model = impl_->model;
  const size_t modalities = model.modalities.size();
  std::vector<WindowOutput> out(windows.size());
  // The set of views: window by window, modality by modality.
  std::vector<std::pair<size_t, size_t>> views;  // (window, modality)
  for (size_t k = 0; k < windows.size(); ++k) {
    if (windows[k].modalities.size() != modalities)
      throw Error(ErrorCode::InvalidArgument, model.path,
                  "a window gives " + std::to_string(windows[k].modalities.size()) + " modalities, the model reads " +
                      std::to_string(modalities));
    for (size_t m = 0; m < modalities; ++m)
      if (windows[k].modalities[m].rows > 0) views.emplace_back(k, m);
  }
  if (views.empty()) return out;

  ViewTensors tensors;
  tensors.size = static_cast<int64_t>(views.size());
  std::vector<int64_t> modality, clip;
  std::vector<int> clipOfWindow(windows.size(), -1);
  for (size_t i = 0; i < views.size(); ++i) {
    int& number = clipOfWindow[views[i].first];
    if (number < 0) {
      number = static_cast<int>(tensors.clipIds.size());
      tensors.clipIds.push_back(static_cast<int>(views[i].first));
    }
    modality.push_back(static_cast<int64_t>(views[i].second));
    clip.push_back(number);
  }
  tensors.clipCount = static_cast<int64_t>(tensors.clipIds.size());
  for (size_t m = 0; m < modalities; ++m) {
    const dataset::ModalitySpec& spec = model.modalities[m];
    std::vector<int64_t> positions;
    for (size_t i = 0; i < views.size(); ++i)
      if (views[i].second == m) positions.push_back(static_cast<int64_t>(i));
    if (positions.empty()) {
      tensors.rows.emplace_back();
      tensors.index.emplace_back();
      continue;
    }
    const int64_t rows = std::max<int64_t>(1, std::llround(model.config.windowSeconds * spec.rateHz));
    torch::Tensor x = torch::empty({static_cast<int64_t>(positions.size()), rows, spec.dimension}, torch::kFloat32);
    for (size_t n = 0; n < positions.size(); ++n)
      fillView(windows[views[size_t(positions[n])].first].modalities[m], spec.rateHz, rows, spec.dimension,
               model.normaliser.mean[m], model.normaliser.invStd[m], x.data_ptr<float>() + n * rows * spec.dimension);
    tensors.rows.push_back(x);
    tensors.index.push_back(torch::tensor(positions, torch::kLong));
  }
  tensors.modality = torch::tensor(modality, torch::kLong);
  tensors.position = torch::full({tensors.size}, 0.5f, torch::kFloat32);
  tensors.clip = torch::tensor(clip, torch::kLong);

  torch::NoGradGuard noGrad;
  const ViewTensors onDevice = tensors.to(impl_->device);
  const Prediction p = model.learner->predict(*model.adapted, onDevice);
  const torch::Tensor probabilities = torch::softmax(p.logits, 1).to(torch::kCPU, torch::kFloat64).contiguous();
  const torch::Tensor terms = linguisticTerms(probabilities).contiguous();
  const torch::Tensor firing =
      p.firing.defined() ? p.firing.to(torch::kCPU, torch::kFloat64).contiguous() : torch::Tensor();
  const torch::Tensor ruleInputs =
      p.ruleInputs.defined() ? p.ruleInputs.to(torch::kCPU, torch::kFloat64).contiguous() : torch::Tensor();
  const torch::Tensor fused =
      fuseViews(p.logits, onDevice, model.adapted->modalityLogWeight).exp().to(torch::kCPU, torch::kFloat64).contiguous();
  const int64_t ways = probabilities.size(1);
  const double* prob = probabilities.data_ptr<double>();
  const double* term = terms.data_ptr<double>();
  for (size_t i = 0; i < views.size(); ++i) {
    ViewOutput v;
    v.modality = static_cast<int>(views[i].second);
    v.probabilities.assign(prob + int64_t(i) * ways, prob + int64_t(i + 1) * ways);
    for (int64_t k = 0; k < ways; ++k) {
      const double* t = term + (int64_t(i) * ways + k) * 3;
      v.terms.push_back({t[0], t[1], t[2]});
    }
    if (firing.defined())
      v.ruleFiring.assign(firing.data_ptr<double>() + int64_t(i) * firing.size(1),
                          firing.data_ptr<double>() + int64_t(i + 1) * firing.size(1));
    if (ruleInputs.defined())
      v.ruleInputs.assign(ruleInputs.data_ptr<double>() + int64_t(i) * ruleInputs.size(1),
                          ruleInputs.data_ptr<double>() + int64_t(i + 1) * ruleInputs.size(1));
    out[views[i].first].views.push_back(std::move(v));
  }
  for (size_t k = 0; k < windows.size(); ++k) {
    if (clipOfWindow[k] < 0) continue;
    const double* f = fused.data_ptr<double>() + int64_t(clipOfWindow[k]) * ways;
    out[k].fused.assign(f, f + ways);
    weighAndScore(out[k], impl_->modalityLogWeight);
  }
  return out;
}

}  // namespace stf2m::model
