#pragma once
// Views, splits and N-way K-shot episodes for ST-F2M meta-learning (paper reconstruction §1, §9):
// a view is one modality's features over one time window of one clip, labelled with the clip's
// dominant emotion; an episode samples N emotions and K support + Q query views of each, with
// support and query never drawing on the same clip. All randomness is SeededRandom
// (std::mt19937_64 plus the portable draws documented in seeded_random.h), so a seed gives the
// same splits and episodes on every platform.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dataset/feature_dataset.h"
#include "dataset/seeded_random.h"

namespace stf2m::dataset {

struct ViewOptions {
  double windowSeconds = 2.0;  // length of one view
  double hopSeconds = 1.0;     // step between view starts (less than the window: views overlap)
  std::vector<std::string> modalities;  // modalities to cut views from; empty: all
};

struct View {
  int clip = -1;      // index into Dataset::clips
  int modality = -1;  // index into Dataset::modalities
  std::string emotion;  // the clip's dominant label
  int window = 0;       // position of this window in the clip, 0-based (for positional encoding)
  int windowCount = 1;  // windows the clip has (the same for every modality of the clip)
  double startS = 0.0;  // window start and end, seconds from the clip start
  double endS = 0.0;
  int64_t firstRow = 0;  // the rows of the modality's sequence the window covers
  int64_t rowCount = 0;
};

// Windows start at 0, hop, 2*hop, ... and end within the clip's duration, which is the shortest
// duration over the chosen modalities; a clip shorter than one window gives one window over all
// of it. Every window of a modality has the same row count (round(window * rate), capped at the
// clip's rows). InvalidArgument for non-positive window/hop or an unknown modality name.
std::vector<View> clipViews(const Dataset& dataset, int clip, const ViewOptions& options);
// The rows of a view, copied out of the dataset.
FeatureSequence viewFeatures(const Dataset& dataset, const View& view);

enum class SplitPart { Train = 0, Val = 1, Test = 2 };
const char* splitPartName(SplitPart part);

// How clips are divided into meta-train / meta-val / meta-test.
//   By subject: the sorted subject ids are shuffled with seed and the first round(n * test) go to
//   test, the next round(n * val) to val, the rest to train (a positive fraction gets at least one
//   subject when there are 3 or more).
//   By class (disjointClasses): the dominant classes are divided the same way, so meta-test
//   emotions are novel; a clip belongs to a part only if its subject AND its dominant class are in
//   that part (other clips are unused). Without disjointClasses every part uses all classes.
//   From the split column: when the dataset has one and useSplitColumn is set, each clip goes to
//   the part it names (blank: unused) and the fractions and seed are ignored.
struct SplitOptions {
  uint64_t seed = 0;
  double valSubjectFraction = 0.2;
  double testSubjectFraction = 0.2;
  bool disjointClasses = true;
  double valClassFraction = 0.2;
  double testClassFraction = 0.2;
  bool useSplitColumn = true;
};

struct DatasetSplit {
  bool fromSplitColumn = false;
  std::array<std::vector<std::string>, 3> subjects;  // per SplitPart, sorted
  std::array<std::vector<std::string>, 3> classes;   // per SplitPart, sorted (dominant classes)
  std::vector<int> clipPart;  // per clip: the SplitPart as int, or -1 when the clip is unused

  std::vector<int> clipsOf(SplitPart part) const;
};

// InvalidArgument for fractions outside [0, 1) or summing to 1 or more, or when the train part
// would get no subject or no class.
DatasetSplit splitDataset(const Dataset& dataset, const SplitOptions& options);

struct EpisodeShape {
  int ways = 5;      // N classes per episode
  int shots = 1;     // K support views per class
  int queries = 15;  // Q query views per class
  // Shots and queries count clips, each with every one of its views: K support clips per class
  // and up to Q query clips (as many as the class has beyond its K), the way a subject's support
  // set of labelled segments is used. A class needs K + 1 clips.
  bool wholeClips = false;
};

struct EpisodeItem {
  View view;
  int label = 0;  // the class's position in Episode::classes
};

// support: K views per class, class by class in Episode::classes order; query: Q per class, same.
struct Episode {
  std::vector<std::string> classes;
  std::vector<EpisodeItem> support;
  std::vector<EpisodeItem> query;
};

// Draws episodes from one part of a split; keeps a reference to `dataset`, which must outlive it.
// For each chosen class its n clips in the part are shuffled; the first s go to support and the
// rest to query, where s = round(n * K / (K + Q)) clamped to [1, min(K, n - 1)] (clips shared in
// proportion to the views each side needs). The K (Q) views are dealt round-robin over that
// side's clips, each clip's views drawn without replacement and an exhausted clip skipped. So
// support and query never share a clip and views spread over many clips. A class is eligible when
// it has at least 2 clips in the part and, for any shuffle, both sides hold enough views (the s
// clips with the fewest views hold K, the n - s with the fewest hold Q); fewer eligible classes
// than N is InvalidArgument.
class EpisodeSampler {
 public:
  EpisodeSampler(const Dataset& dataset, const DatasetSplit& split, SplitPart part, EpisodeShape shape,
                 uint64_t seed, ViewOptions views = {});

  Episode next();
  const std::vector<std::string>& eligibleClasses() const { return classes_; }

 private:
  int supportClipCount(int clips) const;
  std::vector<EpisodeItem> deal(const std::vector<int>& clips, int count, int label);

  const Dataset& dataset_;
  EpisodeShape shape_;
  SeededRandom random_;
  std::vector<std::string> classes_;             // eligible, sorted
  std::vector<std::vector<int>> clipsOfClass_;   // parallel to classes_
  std::vector<std::vector<View>> viewsOfClip_;   // by clip index; empty for clips not in the part
};

}  // namespace stf2m::dataset
