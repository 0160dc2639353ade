// loadDataset: modalities.json, then clips.csv, then every feature file, each checked as it is
// read so the first error names the exact file and line.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "common/error.h"
#include "common/json.h"
#include "common/csv.h"
#include "dataset/feature_dataset.h"
#include "dataset/npy.h"

namespace stf2m::dataset {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void failAt(const std::string& file, int line, const std::string& what) {
  throw Error(ErrorCode::ParseError, file, "line " + std::to_string(line) + ": " + what);
}

std::string readTextFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path, ec))
    throw Error(ErrorCode::FileUnreadable, path, std::string("cannot open: ") + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorCode::FileUnreadable, path, "read error");
  if (text.empty()) throw Error(ErrorCode::EmptyFile, path, "the file is empty");
  return text;
}

// ---- modalities.json ----------------------------------------------------------------------

struct ModalitySource {
  ModalitySpec spec;
  int line = 0;
};

void checkMembers(const JsonNode& object, const std::string& file, std::initializer_list<const char*> allowed,
                  const char* what) {
  for (const auto& [name, value] : object.members()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || name == a;
    if (!ok) failAt(file, value.line(), std::string("unknown member \"") + name + "\" in " + what);
  }
}

enum class Kind { String, Number, Array };

bool isKind(const JsonNode& v, Kind kind) {
  switch (kind) {
    case Kind::String: return v.isString();
    case Kind::Number: return v.isNumber();
    case Kind::Array: return v.isArray();
  }
  return false;
}

const char* kindName(Kind kind) {
  static const char* names[] = {"a string", "a number", "an array"};
  return names[static_cast<int>(kind)];
}

JsonNode member(const JsonNode& object, const char* key, Kind kind, const std::string& file, const std::string& owner) {
  const std::optional<JsonNode> v = object.find(key);
  if (!v) failAt(file, object.line(), owner + " has no \"" + key + "\"");
  if (!isKind(*v, kind))
    failAt(file, v->line(), owner + ": \"" + key + "\" must be " + kindName(kind) + ", not " + v->typeName());
  return *v;
}

int integerMember(const JsonNode& object, const char* key, const std::string& file, const std::string& owner) {
  const JsonNode& v = member(object, key, Kind::Number, file, owner);
  const double n = v.asNumber();
  if (n != std::floor(n) || std::abs(n) > 1e9)
    failAt(file, v.line(), owner + ": \"" + key + "\" must be an integer, not " + formatNumber(n));
  return static_cast<int>(n);
}

ModalitySource readModality(const JsonNode& m, const std::string& file) {
  if (!m.isObject()) failAt(file, m.line(), "each entry of \"modalities\" must be an object");
  checkMembers(m, file, {"name", "dimension", "rate_hz", "groups", "description"}, "a modality");
  ModalitySource out;
  out.line = m.line();
  ModalitySpec& spec = out.spec;
  spec.name = member(m, "name", Kind::String, file, "a modality").asString();
  const std::string owner = "modality '" + spec.name + "'";
  if (!isValidFileStem(spec.name))
    failAt(file, m.line(), owner + ": the name must be usable as a file name ([A-Za-z0-9_.-])");
  spec.dimension = integerMember(m, "dimension", file, owner);
  if (spec.dimension < 1) failAt(file, m.find("dimension")->line(), owner + ": \"dimension\" must be at least 1");
  const JsonNode& rate = member(m, "rate_hz", Kind::Number, file, owner);
  if (rate.asNumber() <= 0) failAt(file, rate.line(), owner + ": \"rate_hz\" must be positive");
  spec.rateHz = rate.asNumber();

  const std::optional<JsonNode> groups = m.find("groups");
  if (!groups || (groups->isArray() && groups->items().empty())) {
    spec.groups.push_back({"all", 0, spec.dimension});  // no grouping given: one group of everything
    return out;
  }
  if (!groups->isArray()) failAt(file, groups->line(), owner + ": \"groups\" must be an array");
  std::vector<std::pair<FeatureGroup, int>> ranges;  // group and its line
  for (const JsonNode& g : groups->items()) {
    if (!g.isObject()) failAt(file, g.line(), owner + ": each group must be an object");
    checkMembers(g, file, {"name", "start", "end"}, "a group");
    FeatureGroup group;
    group.name = member(g, "name", Kind::String, file, owner + " group").asString();
    const std::string gOwner = owner + " group '" + group.name + "'";
    if (group.name.empty()) failAt(file, g.line(), owner + ": a group has an empty name");
    group.start = integerMember(g, "start", file, gOwner);
    group.end = integerMember(g, "end", file, gOwner);
    if (group.start < 0 || group.end > spec.dimension || group.start >= group.end)
      failAt(file, g.line(), gOwner + ": range [" + std::to_string(group.start) + ", " + std::to_string(group.end) +
                               ") is outside [0, " + std::to_string(spec.dimension) + ") or empty");
    for (const auto& [other, line] : ranges)
      if (other.name == group.name) failAt(file, g.line(), gOwner + ": name already used on line " + std::to_string(line));
    ranges.emplace_back(group, g.line());
  }
  std::vector<std::pair<FeatureGroup, int>> sorted = ranges;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
  int covered = 0;
  for (const auto& [g, line] : sorted) {
    if (g.start < covered)
      failAt(file, line, owner + " group '" + g.name + "' overlaps the group before it (columns from " +
                             std::to_string(g.start) + ")");
    if (g.start > covered)
      failAt(file, line, owner + ": columns [" + std::to_string(covered) + ", " + std::to_string(g.start) +
                             ") belong to no group");
    covered = g.end;
  }
  if (covered != spec.dimension)
    failAt(file, groups->line(), owner + ": columns [" + std::to_string(covered) + ", " +
                                   std::to_string(spec.dimension) + ") belong to no group");
  for (auto& [g, line] : ranges) spec.groups.push_back(g);
  return out;
}

std::vector<ModalitySource> readModalities(const std::string& file) {
  const JsonNode root = parseJson(readTextFile(file), file);
  if (!root.isObject()) failAt(file, root.line(), "the top level must be an object with \"modalities\"");
  checkMembers(root, file, {"version", "modalities", "description"}, "the top level");
  if (const std::optional<JsonNode> version = root.find("version"); version && !(version->isNumber() && version->asNumber() == 1))
    failAt(file, version->line(), "\"version\" must be 1 (this build reads format version 1)");
  const JsonNode& list = member(root, "modalities", Kind::Array, file, "the top level");
  if (list.items().empty()) failAt(file, list.line(), "\"modalities\" is empty");
  std::vector<ModalitySource> out;
  for (const JsonNode& m : list.items()) {
    ModalitySource source = readModality(m, file);
    for (const auto& other : out)
      if (other.spec.name == source.spec.name)
        failAt(file, source.line, "modality '" + source.spec.name + "' is already declared on line " +
                                      std::to_string(other.line));
    out.push_back(std::move(source));
  }
  return out;
}

// ---- clips.csv ----------------------------------------------------------------------------

std::optional<double> parseSeconds(const std::string& text, const std::string& file, int line, const char* column) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) || v < 0)
    failAt(file, line, std::string(column) + " '" + text + "' is not a non-negative number of seconds");
  return v;
}

std::vector<std::pair<Clip, int>> readClips(const std::string& file, bool& hasSplit) {
  const std::vector<CsvRecord> records = parseCsv(readTextFile(file), file);
  if (records.empty()) throw Error(ErrorCode::ParseError, file, "no header line");
  const CsvRecord& header = records.front();
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    if (name != "clip_id" && name != "subject_id" && name != "label" && name != "split" && name != "start_s" &&
        name != "end_s")
      failAt(file, header.line, "unknown column '" + name + "' (expected clip_id,subject_id,label[,split][,start_s,end_s])");
    if (!column.emplace(name, i).second) failAt(file, header.line, "column '" + name + "' appears twice");
  }
  for (const char* required : {"clip_id", "subject_id", "label"})
    if (!column.count(required)) failAt(file, header.line, std::string("the header has no '") + required + "' column");
  if (column.count("start_s") != column.count("end_s"))
    failAt(file, header.line, "start_s and end_s must come together");
  hasSplit = column.count("split") > 0;

  std::vector<std::pair<Clip, int>> clips;
  std::map<std::string, int> firstLine;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    if (rec.fields.size() != header.fields.size())
      failAt(file, rec.line, std::to_string(rec.fields.size()) + " fields, the header has " +
                                 std::to_string(header.fields.size()));
    auto field = [&](const char* name) -> const std::string& { return rec.fields[column.at(name)]; };
    Clip clip;
    clip.id = field("clip_id");
    if (!isValidFileStem(clip.id))
      failAt(file, rec.line, "clip id '" + clip.id + "' is not usable as a folder name ([A-Za-z0-9_.-])");
    if (auto [it, fresh] = firstLine.emplace(clip.id, rec.line); !fresh)
      failAt(file, rec.line, "duplicate clip id '" + clip.id + "' (first on line " + std::to_string(it->second) + ")");
    clip.subject = field("subject_id");
    if (clip.subject.empty()) failAt(file, rec.line, "clip '" + clip.id + "' has an empty subject_id");
    std::string problem;
    auto label = parseEmotionLabel(field("label"), problem);
    if (!label) failAt(file, rec.line, "clip '" + clip.id + "': " + problem);
    clip.label = std::move(*label);
    if (hasSplit) {
      clip.split = field("split");
      if (clip.split != "" && clip.split != "train" && clip.split != "val" && clip.split != "test")
        failAt(file, rec.line, "split '" + clip.split + "' is not train, val, test or empty");
    }
    if (column.count("start_s")) {
      clip.startS = parseSeconds(field("start_s"), file, rec.line, "start_s");
      clip.endS = parseSeconds(field("end_s"), file, rec.line, "end_s");
      if (clip.startS.has_value() != clip.endS.has_value())
        failAt(file, rec.line, "start_s and end_s must both be given or both be empty");
      if (clip.startS && *clip.endS <= *clip.startS) failAt(file, rec.line, "end_s must be after start_s");
    }
    clips.emplace_back(std::move(clip), rec.line);
  }
  if (clips.empty()) throw Error(ErrorCode::ParseError, file, "no clips after the header");
  return clips;
}

// ---- features -----------------------------------------------------------------------------

FeatureSequence readFeatures(const std::string& path, const ModalitySource& modality, const Clip& clip,
                             int csvLine) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw Error(ErrorCode::FileNotFound, path, "missing feature file for clip '" + clip.id + "' (clips.csv line " +
                                                   std::to_string(csvLine) + "), modality '" + modality.spec.name + "'");
  FloatMatrix m = readNpy(path);
  if (m.cols != modality.spec.dimension)
    throw Error(ErrorCode::ParseError, path, "has " + std::to_string(m.cols) + " columns but modalities.json line " +
                                                 std::to_string(modality.line) + " declares dimension " +
                                                 std::to_string(modality.spec.dimension) + " for modality '" +
                                                 modality.spec.name + "'");
  if (m.rows < 1) throw Error(ErrorCode::ParseError, path, "has no frames (0 rows)");
  for (size_t i = 0; i < m.data.size(); ++i)
    if (!std::isfinite(m.data[i]))
      throw Error(ErrorCode::ParseError, path, "value at row " + std::to_string(i / m.cols) + ", column " +
                                                   std::to_string(i % m.cols) + " is not finite (NaN or inf)");
  FeatureSequence seq;
  seq.rateHz = modality.spec.rateHz;
  seq.rows = m.rows;
  seq.cols = m.cols;
  seq.data = std::move(m.data);
  return seq;
}

}  // namespace

Dataset loadDataset(const std::string& dir, const CancelToken* cancel, const ProgressCallback& progress) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(ErrorCode::FileNotFound, dir, "no such dataset folder");
  const fs::path root(dir);
  const std::vector<ModalitySource> modalities = readModalities((root / "modalities.json").string());
  Dataset dataset;
  for (const auto& m : modalities) dataset.modalities.push_back(m.spec);
  auto clips = readClips((root / "clips.csv").string(), dataset.hasSplitColumn);
  dataset.clips.reserve(clips.size());
  for (size_t i = 0; i < clips.size(); ++i) {
    throwIfCancelled(cancel, "loading the dataset");
    auto& [clip, line] = clips[i];
    for (const auto& m : modalities) {
      const std::string path = (root / "features" / clip.id / (m.spec.name + ".npy")).string();
      clip.features.emplace(m.spec.name, readFeatures(path, m, clip, line));
    }
    dataset.clips.push_back(std::move(clip));
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(clips.size()));
  }
  return dataset;
}

}  // namespace stf2m::dataset
