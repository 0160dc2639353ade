#include "dataset/feature_profile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "common/file_io.h"
#include "common/json.h"

namespace stf2m::dataset {

namespace {

constexpr const char* kFormat = "stf2m-feature-profile";
constexpr int kFormatVersion = 1;

[[noreturn]] void bad(const JsonNode& node, const std::string& problem) {
  throw Error(ErrorCode::ParseError, node.source(), "line " + std::to_string(node.line()) + ", at " +
                                                        (node.path().empty() ? std::string("/") : node.path()) + ": " +
                                                        problem);
}

ModalityProfile readModality(const JsonNode& node) {
  ModalityProfile m;
  m.spec.name = node.at("name").asString();
  if (!isValidFileStem(m.spec.name)) bad(node.at("name"), "a modality name must be usable as a file name");
  m.spec.rateHz = node.at("rate_hz").asNumber();
  if (!(m.spec.rateHz > 0)) bad(node.at("rate_hz"), "the rate must be positive");
  m.samples = node.at("samples").asInt();
  if (m.samples < 1) bad(node.at("samples"), "a profile needs at least one sample");
  for (const JsonNode& c : node.at("columns").items()) {
    ColumnProfile col{c.at("name").asString(), c.at("mean").asNumber(), c.at("std").asNumber(), c.at("min").asNumber(),
                      c.at("max").asNumber()};
    if (col.std < 0) bad(c.at("std"), "a standard deviation cannot be negative");
    if (col.min > col.max || col.mean < col.min - 1e-9 || col.mean > col.max + 1e-9)
      bad(c, "needs min <= mean <= max");
    m.columns.push_back(std::move(col));
  }
  m.spec.dimension = static_cast<int>(m.columns.size());
  if (m.spec.dimension < 1) bad(node.at("columns"), "a modality needs at least one column");
  int covered = 0;
  for (const JsonNode& g : node.at("groups").items()) {
    FeatureGroup group{g.at("name").asString(), static_cast<int>(g.at("start").asInt()),
                       static_cast<int>(g.at("end").asInt())};
    if (group.start != covered || group.end <= group.start)
      bad(g, "group '" + group.name + "' must start at column " + std::to_string(covered) + " and be non-empty");
    covered = group.end;
    m.spec.groups.push_back(std::move(group));
  }
  if (covered != m.spec.dimension)
    bad(node.at("groups"), "the groups cover " + std::to_string(covered) + " columns, the modality has " +
                               std::to_string(m.spec.dimension));
  return m;
}

}  // namespace

const ModalityProfile* FeatureProfile::modality(const std::string& name) const {
  for (const ModalityProfile& m : modalities)
    if (m.spec.name == name) return &m;
  return nullptr;
}

ProfileAccumulator::ProfileAccumulator(ModalitySpec spec, std::vector<std::string> columnNames)
    : spec_(std::move(spec)), names_(std::move(columnNames)) {
  const auto d = static_cast<size_t>(spec_.dimension);
  if (names_.size() != d)
    throw Error(ErrorCode::Internal, spec_.name, "column names do not match the modality's dimension");
  mean_.assign(d, 0.0);
  m2_.assign(d, 0.0);
  min_.assign(d, std::numeric_limits<double>::infinity());
  max_.assign(d, -std::numeric_limits<double>::infinity());
}

void ProfileAccumulator::add(const float* row) {
  ++n_;
  for (size_t j = 0; j < mean_.size(); ++j) {
    const double x = row[j];
    const double delta = x - mean_[j];
    mean_[j] += delta / static_cast<double>(n_);
    m2_[j] += delta * (x - mean_[j]);
    min_[j] = std::min(min_[j], x);
    max_[j] = std::max(max_[j], x);
  }
}

ModalityProfile ProfileAccumulator::profile() const {
  if (n_ == 0) throw Error(ErrorCode::InvalidArgument, spec_.name, "no rows to fit a profile on");
  ModalityProfile m;
  m.spec = spec_;
  m.samples = n_;
  for (size_t j = 0; j < mean_.size(); ++j)
    m.columns.push_back({names_[j], mean_[j], std::sqrt(m2_[j] / static_cast<double>(n_)), min_[j], max_[j]});
  return m;
}

FeatureProfile readFeatureProfile(const std::string& path) {
  const JsonNode root = readJsonFile(path);
  if (!root.isObject() || !root.has("format") || !root.at("format").isString() || root.at("format").asString() != kFormat)
    throw Error(ErrorCode::ParseError, path, std::string("is not a feature profile (no \"format\": \"") + kFormat + "\")");
  if (root.at("format_version").asInt() > kFormatVersion)
    bad(root.at("format_version"), "written by a newer version of stf2m (format version " +
                                       std::to_string(root.at("format_version").asInt()) + ")");
  FeatureProfile p;
  if (const auto source = root.find("source")) p.sourceText = dumpJson(source->value(), false);
  for (const JsonNode& m : root.at("modalities").items()) {
    p.modalities.push_back(readModality(m));
    for (size_t i = 0; i + 1 < p.modalities.size(); ++i)
      if (p.modalities[i].spec.name == p.modalities.back().spec.name) bad(m.at("name"), "the modality is listed twice");
  }
  if (p.modalities.empty()) bad(root.at("modalities"), "a profile needs at least one modality");
  return p;
}

void writeFeatureProfile(const FeatureProfile& profile, const std::string& path) {
  Json root = {{"format", kFormat}, {"format_version", kFormatVersion}};
  root["source"] = profile.sourceText.empty() ? Json::object() : parseJson(profile.sourceText, path).value();
  Json modalities = Json::array();
  for (const ModalityProfile& m : profile.modalities) {
    Json groups = Json::array(), columns = Json::array();
    for (const FeatureGroup& g : m.spec.groups) groups.push_back({{"name", g.name}, {"start", g.start}, {"end", g.end}});
    for (const ColumnProfile& c : m.columns)
      columns.push_back({{"name", c.name}, {"mean", c.mean}, {"std", c.std}, {"min", c.min}, {"max", c.max}});
    modalities.push_back({{"name", m.spec.name},
                          {"rate_hz", m.spec.rateHz},
                          {"samples", m.samples},
                          {"groups", std::move(groups)},
                          {"columns", std::move(columns)}});
  }
  root["modalities"] = std::move(modalities);
  writeFileAtomically(path, dumpJson(root) + "\n");
}

}  // namespace stf2m::dataset
