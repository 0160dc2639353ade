#pragma once
// The feature dataset ST-F2M learns from, and its folder format (docs/dataset-format.md):
//   DIR/clips.csv                          clip_id,subject_id,label[,split][,start_s,end_s]
//   DIR/modalities.json                    per modality: name, dimension, rate_hz, groups
//   DIR/features/<clip_id>/<modality>.npy  float32 frames x dimension
// Loading validates everything and names the file and line of each problem, so other groups can
// bring their own features and learn what is wrong from one message.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/cancel.h"

namespace stf2m::dataset {

// One emotion class and its share of a clip's label.
struct LabelWeight {
  std::string name;
  double weight = 1.0;
};

// What the annotators said about a clip, as a distribution over class names. Text forms:
//   "anger"                  Single: weight 1
//   "joy+surprise"           Compound: the emotions co-occur, equal weights; the first named is
//                            the dominant one (used for episode sampling)
//   "joy:0.7|surprise:0.3"   Soft (graded): explicit weights, positive, summing to 1 (within 0.01,
//                            then normalised); the dominant one is the largest, ties to the first
struct EmotionLabel {
  enum class Kind { Single, Compound, Soft };
  Kind kind = Kind::Single;
  std::vector<LabelWeight> weights;  // in written order

  const std::string& dominant() const;
  double weightOf(std::string_view name) const;  // 0 when absent
  std::string text() const;                      // the canonical text form above
  static EmotionLabel single(std::string name);
};

// Parses a label's text; on error returns nullopt and sets `problem` to a sentence.
std::optional<EmotionLabel> parseEmotionLabel(std::string_view text, std::string& problem);
// A class name: letters, digits, '_', '-', '.', non-ASCII UTF-8, and inner spaces.
bool isValidClassName(std::string_view name);
// A clip id or modality name, used as a file or folder name: [A-Za-z0-9_.-], not "." or "..".
bool isValidFileStem(std::string_view name);

// A contiguous range of feature columns with one meaning (a face region, a frequency band).
struct FeatureGroup {
  std::string name;
  int start = 0;  // first column
  int end = 0;    // one past the last column
};

struct ModalitySpec {
  std::string name;
  int dimension = 0;
  double rateHz = 0.0;  // frames per second of the feature sequence
  std::vector<FeatureGroup> groups;  // disjoint, together covering [0, dimension)
};

// One modality's features over a clip: `rows` frames of `cols` values at `rateHz`.
struct FeatureSequence {
  double rateHz = 0.0;
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;  // row-major

  const float* row(int64_t r) const { return data.data() + r * cols; }
  double durationSeconds() const { return rateHz > 0 ? static_cast<double>(rows) / rateHz : 0.0; }
};

struct Clip {
  std::string id;
  std::string subject;
  EmotionLabel label;
  std::string split;  // "train", "val", "test" or empty (no split column, or left blank)
  std::optional<double> startS;  // where the clip lies in its source recording, when known
  std::optional<double> endS;
  std::map<std::string, FeatureSequence> features;  // by modality name, every modality present
};

struct Dataset {
  std::vector<ModalitySpec> modalities;
  std::vector<Clip> clips;
  bool hasSplitColumn = false;  // clips.csv had a split column: episodes honour it by default

  const ModalitySpec* modality(std::string_view name) const;
  // Every class named by any clip's label (dominant or not), sorted.
  std::vector<std::string> classNames() const;
  std::vector<std::string> subjects() const;  // sorted, unique
};

// Reads and validates DIR. Errors (stf2m::Error) name the file and, for clips.csv and
// modalities.json, the line: ParseError for any malformed content (syntax, duplicate clip ids,
// unknown label syntax, group ranges, a feature matrix whose width differs from the declared
// dimension, NaN values, ...), FileNotFound for a missing clips.csv, modalities.json or feature
// file, Cancelled when `cancel` is set. Progress runs over the clips.
Dataset loadDataset(const std::string& dir, const CancelToken* cancel = nullptr,
                    const ProgressCallback& progress = {});

// Checks an in-memory dataset against every rule the loader enforces (InvalidArgument naming the
// clip or modality otherwise), so a dataset that saves always loads back.
void validateDataset(const Dataset& dataset);

// Writes DIR in the folder format. DIR must not exist or be empty (Conflict otherwise) so stale
// feature files from another dataset cannot mix in. Numbers are written in shortest round-trip
// form, so save then load gives back the same dataset exactly.
void saveDataset(const Dataset& dataset, const std::string& dir, const CancelToken* cancel = nullptr,
                 const ProgressCallback& progress = {});

// Shortest text that reads back as the same double, independent of the C locale.
std::string formatNumber(double value);

}  // namespace stf2m::dataset
