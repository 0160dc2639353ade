// validateDataset and saveDataset: the writer refuses anything the loader would refuse, so a
// dataset written here (by the synthetic generator or a feature extractor) always loads back.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/error.h"
#include "common/json.h"
#include "common/csv.h"
#include "dataset/feature_dataset.h"
#include "dataset/npy.h"

namespace stf2m::dataset {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void invalid(const std::string& subject, const std::string& what) {
  throw Error(ErrorCode::InvalidArgument, subject, what);
}

void validateModality(const ModalitySpec& m) {
  const std::string subject = "modality '" + m.name + "'";
  if (!isValidFileStem(m.name)) invalid(subject, "the name must be usable as a file name ([A-Za-z0-9_.-])");
  if (m.dimension < 1) invalid(subject, "dimension must be at least 1");
  if (!(m.rateHz > 0) || !std::isfinite(m.rateHz)) invalid(subject, "rate_hz must be positive");
  if (m.groups.empty()) invalid(subject, "needs at least one feature group");
  std::vector<FeatureGroup> sorted = m.groups;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::set<std::string> names;
  int covered = 0;
  for (const auto& g : sorted) {
    if (g.name.empty() || !names.insert(g.name).second) invalid(subject, "group names must be non-empty and unique");
    if (g.start != covered || g.end <= g.start)
      invalid(subject, "group '" + g.name + "' must start at column " + std::to_string(covered) + " and be non-empty");
    covered = g.end;
  }
  if (covered != m.dimension) invalid(subject, "groups must cover columns [0, dimension) exactly");
}

void validateLabel(const Clip& c) {
  const std::string subject = "clip '" + c.id + "'";
  const auto& w = c.label.weights;
  if (w.empty()) invalid(subject, "the label names no class");
  std::set<std::string> names;
  double sum = 0;
  for (const auto& lw : w) {
    if (!isValidClassName(lw.name)) invalid(subject, "'" + lw.name + "' is not a valid class name");
    if (!names.insert(lw.name).second) invalid(subject, "class '" + lw.name + "' appears twice in the label");
    sum += lw.weight;
  }
  switch (c.label.kind) {
    case EmotionLabel::Kind::Single:
      if (w.size() != 1) invalid(subject, "a single label names exactly one class");
      break;
    case EmotionLabel::Kind::Compound:
      if (w.size() < 2) invalid(subject, "a compound label names at least two classes");
      break;
    case EmotionLabel::Kind::Soft:
      for (const auto& lw : w)
        if (!(lw.weight > 0 && lw.weight <= 1)) invalid(subject, "soft label weights must lie in (0, 1]");
      if (std::abs(sum - 1) > 1e-9) invalid(subject, "soft label weights must sum to 1");
      break;
  }
}

void validateClip(const Dataset& d, const Clip& c) {
  const std::string subject = "clip '" + c.id + "'";
  if (!isValidFileStem(c.id)) invalid(subject, "the id must be usable as a folder name ([A-Za-z0-9_.-])");
  if (c.subject.empty()) invalid(subject, "the subject id is empty");
  validateLabel(c);
  if (c.split != "" && c.split != "train" && c.split != "val" && c.split != "test")
    invalid(subject, "split '" + c.split + "' is not train, val, test or empty");
  if (!d.hasSplitColumn && !c.split.empty()) invalid(subject, "has a split but the dataset has no split column");
  if (c.startS.has_value() != c.endS.has_value()) invalid(subject, "start and end must both be set or both unset");
  if (c.startS && !(*c.startS >= 0 && *c.endS > *c.startS && std::isfinite(*c.endS)))
    invalid(subject, "needs 0 <= start < end");
  if (c.features.size() != d.modalities.size()) invalid(subject, "needs exactly one feature sequence per modality");
  for (const auto& m : d.modalities) {
    auto it = c.features.find(m.name);
    if (it == c.features.end()) invalid(subject, "has no features for modality '" + m.name + "'");
    const FeatureSequence& f = it->second;
    if (f.cols != m.dimension || f.rows < 1 || f.data.size() != static_cast<size_t>(f.rows * f.cols))
      invalid(subject, "features of '" + m.name + "' must be rows >= 1 by " + std::to_string(m.dimension));
    if (f.rateHz != m.rateHz) invalid(subject, "features of '" + m.name + "' have another rate than the modality");
    for (float v : f.data)
      if (!std::isfinite(v)) invalid(subject, "features of '" + m.name + "' contain NaN or inf");
  }
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorCode::FileUnreadable, path.string(), std::string("cannot create: ") + std::strerror(errno));
  out << text;
  out.close();
  if (!out) throw Error(ErrorCode::FileUnreadable, path.string(), "write failed (disk full?)");
}

std::string modalitiesJson(const Dataset& d) {
  Json modalities = Json::array();
  for (const auto& m : d.modalities) {
    Json groups = Json::array();
    for (const auto& g : m.groups) groups.push_back({{"name", g.name}, {"start", g.start}, {"end", g.end}});
    modalities.push_back({{"name", m.name}, {"dimension", m.dimension}, {"rate_hz", m.rateHz}, {"groups", std::move(groups)}});
  }
  return dumpJson({{"version", 1}, {"modalities", std::move(modalities)}}) + "\n";
}

std::string clipsCsv(const Dataset& d) {
  bool hasTimes = false;
  for (const auto& c : d.clips) hasTimes = hasTimes || c.startS.has_value();
  std::vector<std::string> header = {"clip_id", "subject_id", "label"};
  if (d.hasSplitColumn) header.push_back("split");
  if (hasTimes) header.insert(header.end(), {"start_s", "end_s"});
  std::string out = csvLine(header);
  for (const auto& c : d.clips) {
    std::vector<std::string> row = {c.id, c.subject, c.label.text()};
    if (d.hasSplitColumn) row.push_back(c.split);
    if (hasTimes) {
      row.push_back(c.startS ? formatNumber(*c.startS) : "");
      row.push_back(c.endS ? formatNumber(*c.endS) : "");
    }
    out += csvLine(row);
  }
  return out;
}

}  // namespace

void validateDataset(const Dataset& d) {
  if (d.modalities.empty()) invalid("dataset", "declares no modality");
  if (d.clips.empty()) invalid("dataset", "has no clips");
  std::set<std::string> names;
  for (const auto& m : d.modalities) {
    validateModality(m);
    if (!names.insert(m.name).second) invalid("modality '" + m.name + "'", "is declared twice");
  }
  std::set<std::string> ids;
  for (const auto& c : d.clips) {
    validateClip(d, c);
    if (!ids.insert(c.id).second) invalid("clip '" + c.id + "'", "the id is used twice");
  }
}

void saveDataset(const Dataset& d, const std::string& dir, const CancelToken* cancel, const ProgressCallback& progress) {
  validateDataset(d);
  const fs::path root(dir);
  std::error_code ec;
  if (fs::exists(root, ec)) {
    if (!fs::is_directory(root, ec)) throw Error(ErrorCode::Conflict, dir, "exists and is not a folder");
    if (!fs::is_empty(root, ec)) throw Error(ErrorCode::Conflict, dir, "exists and is not empty; choose a new folder");
  }
  fs::create_directories(root / "features", ec);
  if (ec) throw Error(ErrorCode::FileUnreadable, dir, "cannot create the folder: " + ec.message());
  writeText(root / "modalities.json", modalitiesJson(d));
  for (size_t i = 0; i < d.clips.size(); ++i) {
    throwIfCancelled(cancel, "saving the dataset");
    const Clip& c = d.clips[i];
    const fs::path clipDir = root / "features" / c.id;
    fs::create_directory(clipDir, ec);
    if (ec) throw Error(ErrorCode::FileUnreadable, clipDir.string(), "cannot create the folder: " + ec.message());
    for (const auto& [name, f] : c.features)
      writeNpy((clipDir / (name + ".npy")).string(), FloatMatrix{f.rows, f.cols, f.data});
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(d.clips.size()));
  }
  // clips.csv last: a folder cut short by cancellation or a full disk does not look complete.
  writeText(root / "clips.csv", clipsCsv(d));
}

}  // namespace stf2m::dataset
