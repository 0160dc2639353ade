// generateSynthetic: the generative model described in synth.h. Every subject, class pattern and
// clip draws from its own SeededRandom stream (SeededRandom::derive), so clip 7 is the same
// whatever the number of clips after it.
#include "dataset/synth.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>

#include "common/error.h"
#include "dataset/seeded_random.h"

namespace stf2m::dataset {

namespace {

constexpr int kFamilies = 6;
const char* const kFamilyNames[kFamilies] = {"joy", "sadness", "anger", "fear", "surprise", "disgust"};
const char* const kVariantNames[kFamilies][4] = {
    {"contentment", "amusement", "elation", "pride"},
    {"disappointment", "grief", "melancholy", "helplessness"},
    {"irritation", "frustration", "rage", "indignation"},
    {"worry", "anxiety", "panic", "dread"},
    {"amazement", "confusion", "awe", "startle"},
    {"distaste", "revulsion", "contempt", "aversion"}};

// Stream numbers for SeededRandom::derive: one range per kind of draw.
constexpr uint64_t kNoisyFaceStream = 1;
constexpr uint64_t kPatternStream = 100;
constexpr uint64_t kSubjectStream = 10'000;
constexpr uint64_t kClipStream = 1'000'000;
constexpr uint64_t kClipStreamsPerSubject = 1'000'000;

std::vector<ModalitySpec> synthModalities() {
  ModalitySpec face{"face", 32, 25.0,
                    {{"brows", 0, 5}, {"eyes", 5, 11}, {"nose", 11, 14}, {"cheeks", 14, 19}, {"mouth", 19, 27},
                     {"jaw", 27, 32}}};
  ModalitySpec voice{"voice", 40, 100.0,
                     {{"0-300Hz", 0, 8}, {"300-800Hz", 8, 16}, {"800-2000Hz", 16, 24}, {"2000-4000Hz", 24, 32},
                      {"4000-8000Hz", 32, 40}}};
  return {face, voice};
}

std::vector<int> groupOfColumn(const ModalitySpec& m) {
  std::vector<int> out(static_cast<size_t>(m.dimension));
  for (size_t g = 0; g < m.groups.size(); ++g)
    for (int d = m.groups[g].start; d < m.groups[g].end; ++d) out[static_cast<size_t>(d)] = static_cast<int>(g);
  return out;
}

// One class's signal in one modality: `level` follows the whole envelope, `before` and `after`
// the envelope's halves before and after the apex.
struct ClassPattern {
  std::vector<double> level, before, after;
};

// A random pattern vector. Voice patterns share a value across each frequency band (spectra are
// smooth), face patterns are independent per column.
std::vector<double> randomPattern(SeededRandom& r, const ModalitySpec& m, const std::vector<int>& group) {
  std::vector<double> band(m.groups.size());
  for (auto& b : band) b = r.normal();
  std::vector<double> v(static_cast<size_t>(m.dimension));
  const bool smooth = m.name == "voice";
  for (size_t d = 0; d < v.size(); ++d)
    v[d] = smooth ? 0.7 * band[static_cast<size_t>(group[d])] + 0.7 * r.normal() : r.normal();
  return v;
}

// Named classes (SynthParams::classNames) are each a family of their own.
int familyCount(const SynthParams& p) { return p.classNames.empty() ? kFamilies : p.classes; }

int columnIndex(const ModalitySpec& spec, const FeatureProfile* profile, const std::string& column) {
  if (profile)
    if (const ModalityProfile* m = profile->modality(spec.name))
      for (size_t d = 0; d < m->columns.size(); ++d)
        if (m->columns[d].name == column) return static_cast<int>(d);
  return -1;
}

// Anchored columns set the class's level in their group: +amplitude on each anchored column, the
// same total taken evenly off the group's other columns (expression probabilities sum to 1).
void applyAnchors(const SynthParams& p, const ModalitySpec& spec, int cls, ClassPattern& cp) {
  const std::string& name = p.classNames[static_cast<size_t>(cls)];
  std::vector<int> anchored;
  for (const SynthAnchor& a : p.anchors)
    if (a.className == name && a.modality == spec.name)
      anchored.push_back(columnIndex(spec, p.profile ? &*p.profile : nullptr, a.column));
  for (size_t g = 0; g < spec.groups.size(); ++g) {
    std::vector<int> inGroup, others;
    for (int d = spec.groups[g].start; d < spec.groups[g].end; ++d)
      (std::find(anchored.begin(), anchored.end(), d) != anchored.end() ? inGroup : others).push_back(d);
    if (inGroup.empty()) continue;
    for (int d : inGroup) cp.level[static_cast<size_t>(d)] = p.anchorAmplitude;
    const double down = others.empty() ? 0.0 : p.anchorAmplitude * double(inGroup.size()) / double(others.size());
    for (int d : others) cp.level[static_cast<size_t>(d)] = -down;
  }
}

// patterns[modality][class]
std::vector<std::vector<ClassPattern>> classPatterns(const SynthParams& p, const std::vector<ModalitySpec>& mods) {
  std::vector<std::vector<ClassPattern>> out(mods.size());
  const int families = familyCount(p);
  const int variants = (p.classes + families - 1) / families;
  const int pairs = (variants + 1) / 2;
  for (size_t m = 0; m < mods.size(); ++m) {
    SeededRandom r(SeededRandom::derive(p.seed, kPatternStream + m));
    const auto group = groupOfColumn(mods[m]);
    std::vector<std::vector<double>> family, offset, subA, subB;
    for (int f = 0; f < families; ++f) family.push_back(randomPattern(r, mods[m], group));
    for (int k = 0; k < families * pairs; ++k) {
      offset.push_back(randomPattern(r, mods[m], group));
      subA.push_back(randomPattern(r, mods[m], group));
      subB.push_back(randomPattern(r, mods[m], group));
    }
    for (int c = 0; c < p.classes; ++c) {
      const int f = c % families, variant = c / families;
      const auto k = static_cast<size_t>(f * pairs + variant / 2);
      const bool swapped = variant % 2 == 1;  // the pair's other member: same parts, reverse order
      ClassPattern cp;
      for (size_t d = 0; d < group.size(); ++d) {
        cp.level.push_back(p.familyAmplitude * family[static_cast<size_t>(f)][d] + p.variantAmplitude * offset[k][d]);
        cp.before.push_back(p.orderAmplitude * (swapped ? subB : subA)[k][d]);
        cp.after.push_back(p.orderAmplitude * (swapped ? subA : subB)[k][d]);
      }
      if (!p.anchors.empty()) applyAnchors(p, mods[m], c, cp);
      out[m].push_back(std::move(cp));
    }
  }
  return out;
}

// Raised-cosine rise from onset, hold around the apex, raised-cosine fall to offset.
struct Envelope {
  double onset, riseEnd, fallStart, offset;
  double apex() const { return 0.5 * (riseEnd + fallStart); }
  double at(double t) const {
    if (t <= onset || t >= offset) return 0.0;
    if (t < riseEnd) return 0.5 - 0.5 * std::cos(std::numbers::pi * (t - onset) / (riseEnd - onset));
    if (t <= fallStart) return 1.0;
    return 0.5 + 0.5 * std::cos(std::numbers::pi * (t - fallStart) / (offset - fallStart));
  }
};

struct SubjectModel {
  SynthSubjectTruth truth;
  std::vector<std::vector<double>> bias;       // per modality, per column
  std::vector<std::vector<double>> gain;       // per modality, per group
  std::vector<std::vector<double>> relevance;  // per modality, per group
};

SubjectModel makeSubject(const SynthParams& p, const std::vector<ModalitySpec>& mods, int s, bool noisyFace) {
  s += p.firstSubject - 1;  // the subject's number in the population
  SeededRandom r(SeededRandom::derive(p.seed, kSubjectStream + static_cast<uint64_t>(s)));
  SubjectModel sm;
  char id[16];
  std::snprintf(id, sizeof id, "s%02d", s + 1);
  sm.truth.id = id;
  sm.truth.faceUninformative = noisyFace;
  sm.truth.tempo = r.uniform(p.minTempo, p.maxTempo);
  sm.truth.voiceLagS = r.uniform(0.0, p.maxVoiceLagSeconds);
  sm.truth.driftTimeConstantS = r.uniform(0.1, 0.8);
  for (const auto& m : mods) {
    std::vector<double> bias, gain, relevance;
    for (int d = 0; d < m.dimension; ++d) bias.push_back(r.normal(0.0, p.subjectBiasStd));
    for (size_t g = 0; g < m.groups.size(); ++g) {
      gain.push_back(std::exp(r.normal(0.0, p.groupGainSpread)));
      const bool dropped = r.chance(p.groupDropoutRate);
      const double rel = r.uniform(0.6, 1.4);  // drawn either way: dropout does not shift later draws
      const bool quiet = std::find(p.quietGroups.begin(), p.quietGroups.end(), m.name + ":" + m.groups[g].name) !=
                         p.quietGroups.end();
      relevance.push_back(dropped || quiet || (noisyFace && m.name == "face") ? 0.0 : rel);
    }
    (m.name == "face" ? sm.truth.faceGroupRelevance : sm.truth.voiceGroupRelevance) = relevance;
    sm.bias.push_back(std::move(bias));
    sm.gain.push_back(std::move(gain));
    sm.relevance.push_back(std::move(relevance));
  }
  return sm;
}

int otherClass(SeededRandom& r, int classes, const std::vector<int>& avoid) {
  while (true) {
    const int c = static_cast<int>(r.index(static_cast<uint64_t>(classes)));
    if (std::find(avoid.begin(), avoid.end(), c) == avoid.end()) return c;
  }
}

}  // namespace

std::vector<ModalitySpec> synthModalitiesOf(const SynthParams& p) {
  if (!p.profile) return synthModalities();
  std::vector<ModalitySpec> out;
  for (const ModalityProfile& m : p.profile->modalities) out.push_back(m.spec);
  return out;
}

std::vector<std::string> synthClassNames(int classes) {
  std::vector<std::string> names;
  for (int c = 0; c < classes; ++c) {
    const int f = c % kFamilies, v = c / kFamilies;
    names.push_back(v < 4 ? kVariantNames[f][v] : std::string(kFamilyNames[f]) + "_" + std::to_string(v + 1));
  }
  return names;
}

std::string synthClassFamily(int classIndex) { return kFamilyNames[classIndex % kFamilies]; }

void validateSynthParams(const SynthParams& p) {
  auto need = [](bool ok, const char* what) {
    if (!ok) throw Error(ErrorCode::InvalidArgument, "synth", what);
  };
  auto rate = [](double x) { return x >= 0 && x <= 1; };
  need(p.subjects >= 1 && p.subjects <= 1000, "subjects must be 1..1000");
  need(p.firstSubject >= 1 && p.firstSubject <= 100000, "the first subject must be 1..100000");
  need(p.classes >= 2 && p.classes <= 60, "classes must be 2..60");
  need(p.clipsPerClass >= 1 && p.clipsPerClass <= 10000, "clips per class must be 1..10000");
  need(p.minClipSeconds >= 0.5 && p.maxClipSeconds >= p.minClipSeconds && p.maxClipSeconds <= 600,
       "clip seconds must satisfy 0.5 <= min <= max <= 600");
  need(rate(p.compoundRate) && rate(p.gradedRate) && p.compoundRate + p.gradedRate <= 1,
       "compound and graded rates must be in [0, 1] and sum to at most 1");
  need(rate(p.labelNoiseRate), "label noise rate must be in [0, 1]");
  need(rate(p.groupDropoutRate) && rate(p.noisyFaceSubjectFraction), "dropout and noisy-face fractions must be in [0, 1]");
  need(p.subjectBiasStd >= 0 && p.groupGainSpread >= 0 && p.noiseStd >= 0 && p.driftStd >= 0,
       "bias, gain spread, noise and drift must be >= 0");
  need(p.familyAmplitude >= 0 && p.variantAmplitude >= 0 && p.orderAmplitude >= 0, "amplitudes must be >= 0");
  need(p.minTempo >= 0.1 && p.maxTempo >= p.minTempo && p.maxTempo <= 10, "tempo must satisfy 0.1 <= min <= max <= 10");
  need(p.maxVoiceLagSeconds >= 0 && p.maxVoiceLagSeconds <= 5, "voice lag must be 0..5 s");
  need(p.anchorAmplitude >= 0, "the anchor amplitude must be >= 0");
  if (!p.classNames.empty()) {
    need(int(p.classNames.size()) == p.classes, "classes must equal the number of class names");
    for (size_t i = 0; i < p.classNames.size(); ++i) {
      if (!isValidClassName(p.classNames[i]))
        throw Error(ErrorCode::InvalidArgument, "synth", "'" + p.classNames[i] + "' is not a valid class name");
      if (std::find(p.classNames.begin(), p.classNames.begin() + long(i), p.classNames[i]) != p.classNames.begin() + long(i))
        throw Error(ErrorCode::InvalidArgument, "synth", "class '" + p.classNames[i] + "' is named twice");
    }
  }
  const std::vector<ModalitySpec> mods = synthModalitiesOf(p);
  for (const SynthAnchor& a : p.anchors) {
    const std::string what = "anchor " + a.className + " -> " + a.modality + ":" + a.column;
    need(!p.classNames.empty(), "anchors need named classes");
    if (std::find(p.classNames.begin(), p.classNames.end(), a.className) == p.classNames.end())
      throw Error(ErrorCode::InvalidArgument, "synth", what + ": no such class");
    const auto spec = std::find_if(mods.begin(), mods.end(), [&](const ModalitySpec& m) { return m.name == a.modality; });
    if (spec == mods.end() || columnIndex(*spec, p.profile ? &*p.profile : nullptr, a.column) < 0)
      throw Error(ErrorCode::InvalidArgument, "synth", what + ": no such column in the profile");
  }
  for (const std::string& q : p.quietGroups) {
    bool found = false;
    for (const ModalitySpec& m : mods)
      for (const FeatureGroup& g : m.groups) found = found || q == m.name + ":" + g.name;
    if (!found) throw Error(ErrorCode::InvalidArgument, "synth", "quiet group '" + q + "': no such modality:group");
  }
}

SynthResult generateSynthetic(const SynthParams& p, const CancelToken* cancel, const ProgressCallback& progress) {
  validateSynthParams(p);
  SynthResult result;
  Dataset& ds = result.dataset;
  ds.modalities = synthModalitiesOf(p);
  const auto patterns = classPatterns(p, ds.modalities);
  const auto names = p.classNames.empty() ? synthClassNames(p.classes) : p.classNames;
  for (int c = 0; c < p.classes; ++c) result.families.push_back(p.classNames.empty() ? synthClassFamily(c) : names[size_t(c)]);
  std::vector<std::vector<int>> groupOf;
  for (const auto& m : ds.modalities) groupOf.push_back(groupOfColumn(m));

  std::vector<int> order(static_cast<size_t>(p.subjects));
  for (int s = 0; s < p.subjects; ++s) order[static_cast<size_t>(s)] = s;
  SeededRandom(SeededRandom::derive(p.seed, kNoisyFaceStream)).shuffle(order);
  const auto noisyCount = static_cast<size_t>(std::lround(p.noisyFaceSubjectFraction * p.subjects));
  std::vector<SubjectModel> subjects;
  for (int s = 0; s < p.subjects; ++s) {
    const bool noisy = std::find(order.begin(), order.begin() + static_cast<long>(noisyCount), s) !=
                       order.begin() + static_cast<long>(noisyCount);
    subjects.push_back(makeSubject(p, ds.modalities, s, noisy));
    result.subjects.push_back(subjects.back().truth);
  }

  const int total = p.classes * p.clipsPerClass;
  const int width = static_cast<int>(std::to_string(total).size());
  for (int index = 0; index < total; ++index) {
    throwIfCancelled(cancel, "generating the synthetic dataset");
    const int cls = index / p.clipsPerClass, j = index % p.clipsPerClass;
    // Clips of later subjects (firstSubject > 1) draw from streams of their own.
    const uint64_t stream = kClipStream + static_cast<uint64_t>(p.firstSubject - 1) * kClipStreamsPerSubject;
    SeededRandom r(SeededRandom::derive(p.seed, stream + static_cast<uint64_t>(index)));
    const SubjectModel& subject = subjects[static_cast<size_t>((j + cls) % p.subjects)];
    Clip clip;
    char id[32];
    std::snprintf(id, sizeof id, "c%0*d", width, index + 1);
    clip.id = id;
    clip.subject = subject.truth.id;

    // Label: the true one generates the features; the written one may carry noise.
    SynthClipTruth truth;
    std::vector<int> parts = {cls};
    std::vector<double> mix = {1.0};
    const double u = r.uniform();
    if (u < p.compoundRate) {
      parts.push_back(otherClass(r, p.classes, parts));
      mix = {0.5, 0.5};
      truth.trueLabel.kind = EmotionLabel::Kind::Compound;
    } else if (u < p.compoundRate + p.gradedRate) {
      parts.push_back(otherClass(r, p.classes, parts));
      const int percent = 55 + static_cast<int>(r.index(31));  // 0.55 .. 0.85
      mix = {percent / 100.0, (100 - percent) / 100.0};
      truth.trueLabel.kind = EmotionLabel::Kind::Soft;
    }
    for (size_t k = 0; k < parts.size(); ++k)
      truth.trueLabel.weights.push_back({names[static_cast<size_t>(parts[k])], mix[k]});
    clip.label = truth.trueLabel;
    if (r.chance(p.labelNoiseRate)) {
      clip.label.weights[0].name = names[static_cast<size_t>(otherClass(r, p.classes, parts))];
      truth.labelNoise = true;
    }

    // Timeline: clip length, tempo-scaled envelope at a random position, voice lag.
    // A whole number of 40 ms face frames (4 voice frames): rows = duration x rate exactly.
    const double duration =
        std::clamp(std::round(r.uniform(p.minClipSeconds, p.maxClipSeconds) * 25.0), 13.0, 15000.0) / 25.0;
    truth.tempo = subject.truth.tempo * r.uniform(0.85, 1.15);
    double rise = r.uniform(0.4, 1.0) / truth.tempo, hold = r.uniform(0.2, 0.6) / truth.tempo,
           fall = r.uniform(0.5, 1.2) / truth.tempo;
    const double shrink = std::min(1.0, 0.85 * duration / (rise + hold + fall));
    rise *= shrink, hold *= shrink, fall *= shrink;
    const double onset = r.uniform(0.0, duration - (rise + hold + fall));
    const Envelope face{onset, onset + rise, onset + rise + hold, onset + rise + hold + fall};
    const double lag = std::max(0.0, subject.truth.voiceLagS + r.uniform(-0.05, 0.05));
    truth.onsetS = face.onset, truth.apexS = face.apex(), truth.offsetS = face.offset;
    truth.intensity = r.uniform(0.6, 1.2);

    for (size_t m = 0; m < ds.modalities.size(); ++m) {
      const ModalitySpec& spec = ds.modalities[m];
      const bool noisyFace = subject.truth.faceUninformative && spec.name == "face";
      const double shift = spec.name == "voice" ? lag : 0.0;
      const Envelope env{face.onset + shift, face.riseEnd + shift, face.fallStart + shift, face.offset + shift};
      const double rho = std::exp(-1.0 / (spec.rateHz * subject.truth.driftTimeConstantS));
      const double innovation = p.driftStd * std::sqrt(1.0 - rho * rho);
      const double noise = p.noiseStd * (noisyFace ? 2.0 : 1.0);
      const ModalityProfile* profile = p.profile ? p.profile->modality(spec.name) : nullptr;
      FeatureSequence seq;
      seq.rateHz = spec.rateHz;
      seq.cols = spec.dimension;
      seq.rows = std::max<int64_t>(1, std::llround(duration * spec.rateHz));
      seq.data.resize(static_cast<size_t>(seq.rows * seq.cols));
      std::vector<double> drift(static_cast<size_t>(spec.dimension));
      for (auto& d : drift) d = r.normal(0.0, p.driftStd);
      for (int64_t t = 0; t < seq.rows; ++t) {
        const double time = static_cast<double>(t) / spec.rateHz;
        const double e = env.at(time) * truth.intensity;
        const double before = time < env.apex() ? e : 0.0, after = time < env.apex() ? 0.0 : e;
        for (int d = 0; d < spec.dimension; ++d) {
          const auto du = static_cast<size_t>(d);
          const auto g = static_cast<size_t>(groupOf[m][du]);
          double signal = 0.0;
          for (size_t k = 0; k < parts.size(); ++k) {
            const ClassPattern& cp = patterns[m][static_cast<size_t>(parts[k])];
            signal += mix[k] * (e * cp.level[du] + before * cp.before[du] + after * cp.after[du]);
          }
          drift[du] = rho * drift[du] + innovation * r.normal();
          double value = subject.bias[m][du] +
                         subject.gain[m][g] * (subject.relevance[m][g] * signal + drift[du] + noise * r.normal());
          if (profile) {
            const ColumnProfile& c = profile->columns[du];
            value = std::clamp(c.mean + c.std * value / kProfileSpread, c.min, c.max);
          }
          seq.data[static_cast<size_t>(t * seq.cols + d)] = static_cast<float>(value);
        }
      }
      clip.features.emplace(spec.name, std::move(seq));
    }
    clip.startS = 0.0;
    clip.endS = duration;
    ds.clips.push_back(std::move(clip));
    result.clips.push_back(std::move(truth));
    if (progress) progress(static_cast<double>(index + 1) / total);
  }
  return result;
}

}  // namespace stf2m::dataset
