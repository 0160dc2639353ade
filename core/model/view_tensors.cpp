#include "model/view_tensors.h"

#include <cmath>
#include <cstring>
#include <map>

#include "common/error.h"
#include "dataset/feature_statistics.h"

namespace stf2m::model {

using dataset::Dataset;
using dataset::View;

Normaliser Normaliser::fit(const Dataset& data, const std::vector<int>& clips) {
  Normaliser n;
  std::vector<const dataset::Clip*> chosen;
  for (int c : clips) chosen.push_back(&data.clips[static_cast<size_t>(c)]);
  for (const dataset::ModalitySpec& spec : data.modalities) {
    const auto d = static_cast<size_t>(spec.dimension);
    const dataset::FeatureSums sums = dataset::sumFeatures(chosen, spec);
    const double rows = sums.frames;
    std::vector<float> mean(d, 0.f), inv(d, 1.f);
    for (size_t j = 0; j < d && rows > 0; ++j) {
      const double m = sums.sum[j] / rows;
      const double var = std::max(0.0, sums.sumSq[j] / rows - m * m);
      mean[j] = static_cast<float>(m);
      inv[j] = static_cast<float>(1.0 / std::sqrt(var + 1e-8));  // a constant feature stays at 0
    }
    n.modalities.push_back(spec.name);
    n.mean.push_back(std::move(mean));
    n.invStd.push_back(std::move(inv));
  }
  return n;
}

void Normaliser::apply(Dataset& data) const {
  for (size_t m = 0; m < modalities.size(); ++m) {
    for (dataset::Clip& clip : data.clips) {
      auto it = clip.features.find(modalities[m]);
      if (it == clip.features.end()) continue;
      dataset::FeatureSequence& seq = it->second;
      if (static_cast<size_t>(seq.cols) != mean[m].size())
        throw Error(ErrorCode::InvalidArgument, clip.id,
                    "modality '" + modalities[m] + "' has " + std::to_string(seq.cols) + " features, the model expects " +
                        std::to_string(mean[m].size()));
      for (int64_t r = 0; r < seq.rows; ++r) {
        float* row = seq.data.data() + r * seq.cols;
        for (int64_t j = 0; j < seq.cols; ++j) row[j] = (row[j] - mean[m][size_t(j)]) * invStd[m][size_t(j)];
      }
    }
  }
}

ViewTensors ViewTensors::to(const torch::Device& device) const {
  ViewTensors out = *this;
  for (torch::Tensor& t : out.rows)
    if (t.defined()) t = t.to(device);
  for (torch::Tensor& t : out.index)
    if (t.defined()) t = t.to(device);
  out.modality = modality.to(device);
  out.position = position.to(device);
  out.clip = clip.to(device);
  return out;
}

ViewTensors makeViewTensors(const Dataset& data, const std::vector<View>& views, const dataset::ViewOptions& options) {
  const size_t modalities = data.modalities.size();
  ViewTensors out;
  out.size = static_cast<int64_t>(views.size());
  std::vector<std::vector<int64_t>> positions(modalities);
  std::vector<int64_t> modality, clip;
  std::vector<float> position;
  std::map<int, int64_t> clipNumber;
  for (size_t i = 0; i < views.size(); ++i) {
    const View& v = views[i];
    positions[static_cast<size_t>(v.modality)].push_back(static_cast<int64_t>(i));
    modality.push_back(v.modality);
    position.push_back(v.windowCount > 1 ? float(v.window) / float(v.windowCount - 1) : 0.f);
    auto [it, fresh] = clipNumber.emplace(v.clip, static_cast<int64_t>(clipNumber.size()));
    if (fresh) out.clipIds.push_back(v.clip);
    clip.push_back(it->second);
  }
  out.clipCount = static_cast<int64_t>(clipNumber.size());
  for (size_t m = 0; m < modalities; ++m) {
    const dataset::ModalitySpec& spec = data.modalities[m];
    const auto n = static_cast<int64_t>(positions[m].size());
    if (n == 0) {
      out.rows.emplace_back();
      out.index.emplace_back();
      continue;
    }
    // Rows of a full window of this modality; every view is copied into that many rows.
    const auto windowRows = std::max<int64_t>(1, std::llround(options.windowSeconds * spec.rateHz));
    const int64_t rows = windowRows;
    torch::Tensor x = torch::zeros({n, rows, spec.dimension}, torch::kFloat32);
    float* dst = x.data_ptr<float>();
    for (int64_t k = 0; k < n; ++k) {
      const View& v = views[size_t(positions[m][size_t(k)])];
      const dataset::FeatureSequence& seq = data.clips[size_t(v.clip)].features.at(spec.name);
      const int64_t copy = std::min(v.rowCount, rows);
      std::memcpy(dst + k * rows * spec.dimension, seq.row(v.firstRow), sizeof(float) * size_t(copy * spec.dimension));
    }
    out.rows.push_back(x);
    out.index.push_back(torch::tensor(positions[m], torch::kLong));
  }
  out.modality = torch::tensor(modality, torch::kLong);
  out.position = torch::tensor(position, torch::kFloat32);
  out.clip = torch::tensor(clip, torch::kLong);
  return out;
}

ViewTensors selectViews(const ViewTensors& views, const torch::Tensor& keep) {
  ViewTensors out;
  out.size = keep.numel();
  const auto longs = keep.options().dtype(torch::kLong);
  // Position in the new set of every view of the old one (-1: not kept).
  const torch::Tensor newPosition =
      torch::full({views.size}, -1, longs).index_copy(0, keep, torch::arange(out.size, longs));
  for (size_t m = 0; m < views.rows.size(); ++m) {
    torch::Tensor kept;
    if (views.rows[m].defined()) kept = (newPosition.index_select(0, views.index[m]) >= 0).nonzero().squeeze(1);
    if (!kept.defined() || kept.numel() == 0) {
      out.rows.emplace_back();
      out.index.emplace_back();
      continue;
    }
    out.rows.push_back(views.rows[m].index_select(0, kept));
    out.index.push_back(newPosition.index_select(0, views.index[m].index_select(0, kept)));
  }
  out.modality = views.modality.index_select(0, keep);
  out.position = views.position.index_select(0, keep);
  const torch::Tensor oldClip = views.clip.index_select(0, keep).to(torch::kCPU, torch::kLong).contiguous();
  std::vector<int64_t> clip(size_t(out.size));
  std::map<int64_t, int64_t> clipNumber;
  for (int64_t i = 0; i < out.size; ++i) {
    const int64_t c = oldClip.data_ptr<int64_t>()[i];
    auto [it, fresh] = clipNumber.emplace(c, int64_t(clipNumber.size()));
    if (fresh && size_t(c) < views.clipIds.size()) out.clipIds.push_back(views.clipIds[size_t(c)]);
    clip[size_t(i)] = it->second;
  }
  out.clipCount = int64_t(clipNumber.size());
  out.clip = torch::tensor(clip, torch::kLong).to(views.clip.device());
  return out;
}

void augmentViews(ViewTensors& views, double biasStd, double gainStd, double noiseStd, at::Generator generator) {
  for (torch::Tensor& x : views.rows) {
    if (!x.defined()) continue;
    const int64_t n = x.size(0), t = x.size(1), d = x.size(2);
    const torch::Tensor gain = torch::exp(at::randn({n, 1, d}, generator) * gainStd);
    const torch::Tensor bias = at::randn({n, 1, d}, generator) * biasStd;
    x = x * gain + bias + at::randn({n, t, d}, generator) * noiseStd;
  }
}

EpisodeTensors EpisodeTensors::to(const torch::Device& device) const {
  EpisodeTensors out = *this;
  out.support = support.to(device);
  out.query = query.to(device);
  out.supportLabels = supportLabels.to(device);
  out.queryLabels = queryLabels.to(device);
  out.supportGlobal = supportGlobal.to(device);
  out.queryGlobal = queryGlobal.to(device);
  return out;
}

namespace {

void split(const std::vector<dataset::EpisodeItem>& items, const std::vector<std::string>& classes,
           const std::vector<std::string>& trainClasses, std::vector<View>& views, torch::Tensor& labels,
           torch::Tensor& global) {
  std::vector<int64_t> l, g;
  for (const dataset::EpisodeItem& item : items) {
    views.push_back(item.view);
    l.push_back(item.label);
    const std::string& name = classes[size_t(item.label)];
    int64_t id = -1;
    for (size_t c = 0; c < trainClasses.size(); ++c)
      if (trainClasses[c] == name) id = static_cast<int64_t>(c);
    g.push_back(id);
  }
  labels = torch::tensor(l, torch::kLong);
  global = torch::tensor(g, torch::kLong);
}

}  // namespace

EpisodeTensors makeEpisodeTensors(const Dataset& data, const dataset::Episode& episode,
                                  const dataset::ViewOptions& options, const std::vector<std::string>& trainClasses) {
  EpisodeTensors out;
  out.ways = static_cast<int>(episode.classes.size());
  std::vector<View> support, query;
  split(episode.support, episode.classes, trainClasses, support, out.supportLabels, out.supportGlobal);
  split(episode.query, episode.classes, trainClasses, query, out.queryLabels, out.queryGlobal);
  out.support = makeViewTensors(data, support, options);
  out.query = makeViewTensors(data, query, options);
  return out;
}

}  // namespace stf2m::model
