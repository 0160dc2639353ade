// splitDataset: subject-wise and class-wise meta-train / val / test division.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "common/error.h"
#include "dataset/episodes.h"

namespace stf2m::dataset {

namespace {

// The part of each item after shuffling: test first, then val, then train (see SplitOptions).
std::array<std::vector<std::string>, 3> divide(std::vector<std::string> items, double valFraction,
                                               double testFraction, uint64_t seed, const char* what) {
  SeededRandom random(seed);
  random.shuffle(items);
  const auto n = static_cast<double>(items.size());
  auto count = [&](double fraction) {
    auto k = static_cast<size_t>(std::lround(n * fraction));
    if (fraction > 0 && k == 0 && items.size() >= 3) k = 1;
    return k;
  };
  const size_t nTest = count(testFraction);
  const size_t nVal = count(valFraction);
  if (nTest + nVal >= items.size())
    throw Error(ErrorCode::InvalidArgument, "split",
                std::string("no ") + what + " left for meta-train (" + std::to_string(items.size()) + " " + what +
                    ", " + std::to_string(nVal) + " to val, " + std::to_string(nTest) + " to test)");
  std::array<std::vector<std::string>, 3> parts;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto part = i < nTest ? SplitPart::Test : i < nTest + nVal ? SplitPart::Val : SplitPart::Train;
    parts[static_cast<int>(part)].push_back(items[i]);
  }
  for (auto& p : parts) std::sort(p.begin(), p.end());
  return parts;
}

bool contains(const std::vector<std::string>& sorted, const std::string& item) {
  return std::binary_search(sorted.begin(), sorted.end(), item);
}

void checkFractions(double val, double test, const char* what) {
  if (!(val >= 0 && val < 1 && test >= 0 && test < 1 && val + test < 1))
    throw Error(ErrorCode::InvalidArgument, "split",
                std::string(what) + " fractions must be in [0, 1) and sum to less than 1");
}

}  // namespace

const char* splitPartName(SplitPart part) {
  switch (part) {
    case SplitPart::Train: return "train";
    case SplitPart::Val: return "val";
    case SplitPart::Test: return "test";
  }
  return "?";
}

std::vector<int> DatasetSplit::clipsOf(SplitPart part) const {
  std::vector<int> out;
  for (size_t i = 0; i < clipPart.size(); ++i)
    if (clipPart[i] == static_cast<int>(part)) out.push_back(static_cast<int>(i));
  return out;
}

DatasetSplit splitDataset(const Dataset& d, const SplitOptions& o) {
  DatasetSplit split;
  split.clipPart.assign(d.clips.size(), -1);
  if (d.hasSplitColumn && o.useSplitColumn) {
    split.fromSplitColumn = true;
    std::array<std::set<std::string>, 3> subjects, classes;
    for (size_t i = 0; i < d.clips.size(); ++i) {
      const Clip& c = d.clips[i];
      int part = c.split == "train" ? 0 : c.split == "val" ? 1 : c.split == "test" ? 2 : -1;
      split.clipPart[i] = part;
      if (part < 0) continue;
      subjects[part].insert(c.subject);
      classes[part].insert(c.label.dominant());
    }
    for (int p = 0; p < 3; ++p) {
      split.subjects[p].assign(subjects[p].begin(), subjects[p].end());
      split.classes[p].assign(classes[p].begin(), classes[p].end());
    }
    return split;
  }

  checkFractions(o.valSubjectFraction, o.testSubjectFraction, "subject");
  // Independent streams for subjects and classes: changing one fraction leaves the other alone.
  split.subjects = divide(d.subjects(), o.valSubjectFraction, o.testSubjectFraction,
                          SeededRandom::derive(o.seed, 1), "subjects");
  std::set<std::string> dominant;
  for (const auto& c : d.clips) dominant.insert(c.label.dominant());
  std::vector<std::string> classes(dominant.begin(), dominant.end());
  if (o.disjointClasses) {
    checkFractions(o.valClassFraction, o.testClassFraction, "class");
    split.classes = divide(classes, o.valClassFraction, o.testClassFraction, SeededRandom::derive(o.seed, 2), "classes");
  } else {
    split.classes = {classes, classes, classes};
  }
  for (size_t i = 0; i < d.clips.size(); ++i) {
    const Clip& c = d.clips[i];
    for (int p = 0; p < 3; ++p)
      if (contains(split.subjects[p], c.subject) && contains(split.classes[p], c.label.dominant()))
        split.clipPart[i] = p;
  }
  return split;
}

}  // namespace stf2m::dataset
