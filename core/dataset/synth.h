#pragma once
// A synthetic fine-grained emotion benchmark with known ground truth, for developing and testing
// ST-F2M without a licensed corpus. It exercises the three difficulties the paper names:
//   spatial heterogeneity  per-subject feature bias, per-subject gain of each feature group, groups
//                          that carry no emotion for some subjects, and subjects whose whole face
//                          modality is uninformative noise;
//   temporal heterogeneity per-subject and per-clip tempo, onset/apex/offset envelopes at random
//                          positions, a per-subject lag of the voice behind the face, and
//                          per-subject noise autocorrelation (different "sampling periods");
//   ambiguity              graded (soft) and compound labels, and label noise.
// Classes are fine-grained: 6 families (joy, sadness, anger, fear, surprise, disgust) with
// variants. A class's signal is family pattern + variant offset + two sub-patterns shown one
// before and one after the apex; variants 2k and 2k+1 of a family share everything except the
// ORDER of those sub-patterns, so time-pooled features cannot tell them apart and a model must
// use temporal structure (or a view's position) to beat a pooled linear probe.
// Modalities: "face" 32 dims at 25 Hz in 6 region groups; "voice" 40 dims at 100 Hz in 5
// frequency bands of 8. Everything is deterministic from the seed (SeededRandom).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "dataset/feature_dataset.h"
#include "dataset/feature_profile.h"

namespace stf2m::dataset {

// A column that a class raises in every clip of it (the session schema's face expressions: the
// scheme's "anger" raises face-api's "angry" probability), instead of a random pattern.
struct SynthAnchor {
  std::string className;
  std::string modality;
  std::string column;  // a column name of the profile
};

struct SynthParams {
  uint64_t seed = 1;
  int subjects = 16;       // ids s01, s02, ...
  // The number of the first subject: 17 gives s17, s18, ... of the same population (same class
  // patterns as seed's s01..s16, subjects and clips of their own), for held-out subjects.
  int firstSubject = 1;
  int classes = 24;        // 2..60; 24 = 6 families x 4 variants
  // Dealt over subjects round-robin, so each subject sees every class. 16 x 40 is the smallest
  // default for which the default split (SplitOptions) still gives every part 5-way 5-shot
  // 15-query episodes.
  int clipsPerClass = 40;
  double minClipSeconds = 3.0;
  double maxClipSeconds = 6.0;

  // Ambiguity. Per clip: compound with probability compoundRate ("a+b", equal mix of two
  // classes), else graded with probability gradedRate ("a:w|b:1-w", w in [0.55, 0.85]), else a
  // single class. Then, with probability labelNoiseRate, the written dominant class is replaced by
  // a random other class (the features keep the true one).
  double compoundRate = 0.15;
  double gradedRate = 0.25;
  double labelNoiseRate = 0.05;

  // Spatial heterogeneity.
  double subjectBiasStd = 0.7;      // per-subject, per-feature offset
  double groupGainSpread = 0.35;    // sigma of the log-normal per-subject gain of each group
  double groupDropoutRate = 0.2;    // chance that a group carries no emotion signal for a subject
  double noisyFaceSubjectFraction = 0.2;  // round(fraction * subjects) subjects: face is noise only

  // Temporal heterogeneity.
  double minTempo = 0.7;            // subject tempo range; each clip varies +-15% around it
  double maxTempo = 1.4;
  double maxVoiceLagSeconds = 0.5;  // per-subject lag of the voice envelope behind the face

  // Signal and noise, in units of the per-frame noise standard deviation.
  double familyAmplitude = 1.5;     // shared by the variants of a family
  double variantAmplitude = 1.0;    // told apart by pooled features (pairs of variants)
  double orderAmplitude = 1.0;      // told apart only by temporal order
  double noiseStd = 1.0;            // white noise per frame
  double driftStd = 0.6;            // slow AR(1) drift per feature (per-subject time constant)

  // The session schema (docs/session-model.md). With a profile the modalities are the profile's
  // (names, columns, groups, rates), and every generated value v, which is in units of the noise,
  // is written as mean + std * v / kProfileSpread of its column, clamped to the column's range.
  std::optional<FeatureProfile> profile;
  // Class names instead of the benchmark's (then `classes` is their count and each class is a
  // family of its own: no variant pairs).
  std::vector<std::string> classNames;
  std::vector<SynthAnchor> anchors;
  double anchorAmplitude = 3.0;  // an anchored column's level; the rest of its group goes down
  std::vector<std::string> quietGroups;  // "modality:group" that carries no emotion for anyone
};

// The spread (standard deviation, in noise units) of a generated value with the default
// parameters, which a profile's standard deviation stands for.
inline constexpr double kProfileSpread = 1.6;

struct SynthSubjectTruth {
  std::string id;
  bool faceUninformative = false;
  double tempo = 1.0;
  double voiceLagS = 0.0;
  double driftTimeConstantS = 0.0;
  std::vector<double> faceGroupRelevance;   // per face group; 0: carries no emotion
  std::vector<double> voiceGroupRelevance;  // per voice band
};

struct SynthClipTruth {
  EmotionLabel trueLabel;   // what generated the features (the written label may be noisy)
  bool labelNoise = false;  // the written dominant class differs from the true one
  double tempo = 1.0;
  double onsetS = 0.0;   // face envelope starts rising
  double apexS = 0.0;    // reaches its peak (holds until offset minus the fall)
  double offsetS = 0.0;  // back to neutral
  double intensity = 1.0;
};

struct SynthResult {
  Dataset dataset;
  std::vector<SynthSubjectTruth> subjects;
  std::vector<SynthClipTruth> clips;  // parallel to dataset.clips
  std::vector<std::string> families;  // per class (dataset class order: synthClassNames)
};

// The class names for `classes` classes: family by family round-robin, so any count keeps the
// families balanced ("contentment", "disappointment", "irritation", ...).
std::vector<std::string> synthClassNames(int classes);
// The modalities a generation writes: the profile's, else the benchmark's face (32) and voice (40).
std::vector<ModalitySpec> synthModalitiesOf(const SynthParams& params);
std::string synthClassFamily(int classIndex);

// Applies a synthesis spec (JSON: "profile" path relative to the spec, "classes", "anchors"
// {class: ["modality:column", ...]}, "quiet_groups", "anchor_amplitude", "subjects",
// "clips_per_class") to `params`. ParseError naming the file and line; the profile's own errors.
void readSynthSpec(const std::string& path, SynthParams& params);

// InvalidArgument naming the first parameter out of range.
void validateSynthParams(const SynthParams& params);
SynthResult generateSynthetic(const SynthParams& params, const CancelToken* cancel = nullptr,
                              const ProgressCallback& progress = {});

// saveDataset(result.dataset, dir) plus the ground truth beside it: truth_clips.csv
// (clip_id,true_label,label_noise,tempo,onset_s,apex_s,offset_s,intensity) and truth_subjects.csv
// (subject_id,face_uninformative,tempo,voice_lag_s,drift_time_constant_s,face_relevance,
// voice_relevance). The loader ignores these files.
void writeSynthetic(const SynthResult& result, const std::string& dir, const CancelToken* cancel = nullptr,
                    const ProgressCallback& progress = {});

}  // namespace stf2m::dataset
