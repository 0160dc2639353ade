// Views over clips and the N-way K-shot EpisodeSampler.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "common/error.h"
#include "dataset/episodes.h"

namespace stf2m::dataset {

namespace {

std::vector<int> chosenModalities(const Dataset& d, const ViewOptions& o) {
  std::vector<int> out;
  if (o.modalities.empty()) {
    for (size_t m = 0; m < d.modalities.size(); ++m) out.push_back(static_cast<int>(m));
    return out;
  }
  for (const auto& name : o.modalities) {
    const ModalitySpec* spec = d.modality(name);
    if (!spec) throw Error(ErrorCode::InvalidArgument, "views", "the dataset has no modality '" + name + "'");
    out.push_back(static_cast<int>(spec - d.modalities.data()));
  }
  return out;
}

}  // namespace

std::vector<View> clipViews(const Dataset& d, int clipIndex, const ViewOptions& o) {
  if (!(o.windowSeconds > 0) || !(o.hopSeconds > 0))
    throw Error(ErrorCode::InvalidArgument, "views", "window and hop must be positive");
  const Clip& clip = d.clips.at(static_cast<size_t>(clipIndex));
  const std::vector<int> modalities = chosenModalities(d, o);
  double duration = INFINITY;
  for (int m : modalities) duration = std::min(duration, clip.features.at(d.modalities[m].name).durationSeconds());
  // The small tolerance keeps a window that ends exactly at the clip end despite rounding.
  const int windows = duration <= o.windowSeconds
                          ? 1
                          : static_cast<int>(std::floor((duration - o.windowSeconds) / o.hopSeconds + 1e-9)) + 1;
  std::vector<View> views;
  views.reserve(modalities.size() * static_cast<size_t>(windows));
  for (int m : modalities) {
    const FeatureSequence& seq = clip.features.at(d.modalities[m].name);
    const int64_t rowCount =
        std::clamp<int64_t>(std::llround(std::min(o.windowSeconds, duration) * seq.rateHz), 1, seq.rows);
    for (int w = 0; w < windows; ++w) {
      View v;
      v.clip = clipIndex;
      v.modality = m;
      v.emotion = clip.label.dominant();
      v.window = w;
      v.windowCount = windows;
      v.startS = w * o.hopSeconds;
      v.endS = std::min(v.startS + o.windowSeconds, duration);
      v.firstRow = std::clamp<int64_t>(static_cast<int64_t>(std::floor(v.startS * seq.rateHz + 1e-9)), 0,
                                       seq.rows - rowCount);
      v.rowCount = rowCount;
      views.push_back(std::move(v));
    }
  }
  return views;
}

FeatureSequence viewFeatures(const Dataset& d, const View& v) {
  const FeatureSequence& seq =
      d.clips.at(static_cast<size_t>(v.clip)).features.at(d.modalities.at(static_cast<size_t>(v.modality)).name);
  FeatureSequence out;
  out.rateHz = seq.rateHz;
  out.rows = v.rowCount;
  out.cols = seq.cols;
  out.data.assign(seq.row(v.firstRow), seq.row(v.firstRow) + v.rowCount * seq.cols);
  return out;
}

EpisodeSampler::EpisodeSampler(const Dataset& dataset, const DatasetSplit& split, SplitPart part, EpisodeShape shape,
                               uint64_t seed, ViewOptions views)
    : dataset_(dataset), shape_(shape), random_(seed) {
  if (shape.ways < 1 || shape.shots < 1 || shape.queries < 1)
    throw Error(ErrorCode::InvalidArgument, "episodes", "ways, shots and queries must be at least 1");
  if (split.clipPart.size() != dataset.clips.size())
    throw Error(ErrorCode::InvalidArgument, "episodes", "the split was made for another dataset");
  viewsOfClip_.resize(dataset.clips.size());
  std::map<std::string, std::vector<int>> byClass;  // sorted by class name: a stable class order
  for (int c : split.clipsOf(part)) {
    viewsOfClip_[static_cast<size_t>(c)] = clipViews(dataset, c, views);
    byClass[dataset.clips[static_cast<size_t>(c)].label.dominant()].push_back(c);
  }
  for (auto& [name, clips] : byClass) {
    const int n = static_cast<int>(clips.size());
    if (n < 2 || (shape.wholeClips && n < shape.shots + 1)) continue;
    if (shape.wholeClips) {
      classes_.push_back(name);
      clipsOfClass_.push_back(std::move(clips));
      continue;
    }
    // Feasible whatever the shuffle: the support clips hold at least the s smallest view counts
    // and the query clips at least the n - s smallest.
    std::vector<size_t> counts;
    for (int c : clips) counts.push_back(viewsOfClip_[static_cast<size_t>(c)].size());
    std::sort(counts.begin(), counts.end());
    const int s = supportClipCount(n);
    size_t fewestSupport = 0, fewestQuery = 0;
    for (int i = 0; i < s; ++i) fewestSupport += counts[static_cast<size_t>(i)];
    for (int i = 0; i < n - s; ++i) fewestQuery += counts[static_cast<size_t>(i)];
    if (fewestSupport < static_cast<size_t>(shape.shots) || fewestQuery < static_cast<size_t>(shape.queries)) continue;
    classes_.push_back(name);
    clipsOfClass_.push_back(std::move(clips));
  }
  if (static_cast<int>(classes_.size()) < shape.ways)
    throw Error(ErrorCode::InvalidArgument, "episodes",
                std::string("the ") + splitPartName(part) + " part has " + std::to_string(classes_.size()) +
                    " classes with enough clips and views for " + std::to_string(shape.shots) + "-shot, " +
                    std::to_string(shape.queries) + "-query episodes" + (shape.wholeClips ? " of whole clips" : "") + "; " +
                    std::to_string(shape.ways) +
                    "-way needs " + std::to_string(shape.ways));
}

int EpisodeSampler::supportClipCount(int clips) const {
  // Clips split in proportion to the views each side needs, at least one each side and never
  // more support clips than shots.
  const double share = static_cast<double>(clips) * shape_.shots / (shape_.shots + shape_.queries);
  return std::clamp(static_cast<int>(std::lround(share)), 1, std::min(shape_.shots, clips - 1));
}

std::vector<EpisodeItem> EpisodeSampler::deal(const std::vector<int>& clips, int count, int label) {
  // Each clip's views in a fresh random order, taken from the front as the clip's turn comes;
  // an exhausted clip is skipped (the constructor checked the total suffices).
  std::vector<std::vector<const View*>> order(clips.size());
  for (size_t i = 0; i < clips.size(); ++i) {
    for (const View& v : viewsOfClip_[static_cast<size_t>(clips[i])]) order[i].push_back(&v);
    random_.shuffle(order[i]);
  }
  std::vector<size_t> taken(clips.size(), 0);
  std::vector<EpisodeItem> items;
  for (size_t turn = 0; static_cast<int>(items.size()) < count; ++turn) {
    const size_t clip = turn % clips.size();
    if (taken[clip] < order[clip].size()) items.push_back({*order[clip][taken[clip]++], label});
  }
  return items;
}

Episode EpisodeSampler::next() {
  // N classes: a partial Fisher-Yates over the eligible classes.
  std::vector<int> pick(classes_.size());
  for (size_t i = 0; i < pick.size(); ++i) pick[i] = static_cast<int>(i);
  for (int i = 0; i < shape_.ways; ++i)
    std::swap(pick[static_cast<size_t>(i)], pick[static_cast<size_t>(i) + random_.index(pick.size() - i)]);

  Episode e;
  for (int label = 0; label < shape_.ways; ++label) {
    const int cls = pick[static_cast<size_t>(label)];
    e.classes.push_back(classes_[static_cast<size_t>(cls)]);
    std::vector<int> clips = clipsOfClass_[static_cast<size_t>(cls)];
    random_.shuffle(clips);
    if (shape_.wholeClips) {
      const size_t queryEnd = std::min(clips.size(), static_cast<size_t>(shape_.shots + shape_.queries));
      for (size_t i = 0; i < queryEnd; ++i)
        for (const View& v : viewsOfClip_[static_cast<size_t>(clips[i])])
          (i < static_cast<size_t>(shape_.shots) ? e.support : e.query).push_back({v, label});
      continue;
    }
    const int supportCount = supportClipCount(static_cast<int>(clips.size()));
    const std::vector<int> supportClips(clips.begin(), clips.begin() + supportCount);
    const std::vector<int> queryClips(clips.begin() + supportCount, clips.end());
    for (auto& item : deal(supportClips, shape_.shots, label)) e.support.push_back(std::move(item));
    for (auto& item : deal(queryClips, shape_.queries, label)) e.query.push_back(std::move(item));
  }
  return e;
}

}  // namespace stf2m::dataset
