#pragma once
// Predictions for windows of a recording (session analysis, docs/pipeline.md), without LibTorch
// types: an adapted model reads each window's views (one per modality present) and gives, per
// view, the class probabilities, the low / medium / high memberships per class and the fuzzy rule
// firings, and per window the views fused into one answer with a confidence.
//
// A window is read like one clip of the training data made of one window: its views are
// standardised with the model's normaliser, resampled to the model's rate for each modality
// (nearest row in time) and placed at position 0.5, the middle of a clip.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "dataset/feature_dataset.h"

namespace stf2m::model {

// One modality's rows in a window, in the model's column order; rows == 0: no view.
struct WindowRows {
  double rateHz = 0;
  int rows = 0;
  const float* values = nullptr;  // rows x the modality's dimension, row-major
};

struct WindowInput {
  // Per modality of the model (WindowPredictor::modalities() order).
  std::vector<WindowRows> modalities;
};

struct ViewOutput {
  int modality = 0;                          // index into modalities()
  std::vector<double> probabilities;         // per class
  std::vector<std::array<double, 3>> terms;  // per class: low, medium, high
  std::vector<double> ruleFiring;            // per fuzzy rule (sums to 1); empty without rules
  std::vector<double> ruleInputs;            // the rule variables u the memberships read; empty without rules
  // The view's weight in the fused answer (the window's weights sum to 1): softmax over the
  // window's views of the modality's learned reliability minus the entropy of the view's answer.
  double reliability = 0;
};

struct WindowOutput {
  std::vector<ViewOutput> views;  // in modality order; none for a window without views
  std::vector<double> fused;      // per class; empty without views
  // (1 - H(fused) / ln K) x (1 - D): certainty of the fused answer, lowered when the views
  // disagree. D is the reliability-weighted mean Jensen-Shannon divergence of the views from the
  // fused answer, over ln 2 (0 with one view). In [0, 1]; 0 without views.
  double confidence = 0;
};

// The model's fuzzy rules (fuzzy_layer.h): per rule and variable, the membership function's centre
// and width (and, for generalized bell sets, slope). Empty for methods without rules.
struct RuleShapes {
  int rules = 0, inputs = 0;
  bool bell = false;                // generalized bell sets; else Gaussian
  std::vector<double> centres;      // rules x inputs, row-major
  std::vector<double> widths;       // Gaussian sigma, or the bell's a
  std::vector<double> slopes;       // the bell's b; empty for Gaussians
  // The membership of value x in rule r's set of variable j.
  double membership(int rule, int input, double x) const;
};

class WindowPredictor {
 public:
  // InvalidArgument when the model is not adapted (it has no label set), or for a cuda device
  // without a GPU; the model file's integrity errors otherwise.
  WindowPredictor(const std::string& modelPath, const std::string& device = "auto");
  ~WindowPredictor();
  WindowPredictor(WindowPredictor&&) noexcept;
  WindowPredictor& operator=(WindowPredictor&&) noexcept;

  const std::vector<std::string>& classes() const;
  const std::vector<dataset::ModalitySpec>& modalities() const;
  double windowSeconds() const;
  double hopSeconds() const;
  const std::string& deviceName() const;  // "cpu" or "cuda:0"
  const std::string& methodName() const;
  const RuleShapes& ruleShapes() const;

  // One output per input, in order. InvalidArgument naming the modality for rows of the wrong
  // width (checked by the caller's layout; here only the count of modalities).
  std::vector<WindowOutput> predict(const std::vector<WindowInput>& windows) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::model
