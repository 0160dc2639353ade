// Emotion label text forms, name rules and the small Dataset queries.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "dataset/feature_dataset.h"

namespace stf2m::dataset {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    parts.push_back(trim(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool checkName(std::string_view name, std::string& problem) {
  if (name.empty()) {
    problem = "a class name is empty";
    return false;
  }
  if (!isValidClassName(name)) {
    problem = "'" + std::string(name) + "' is not a valid class name (letters, digits, '_', '-', '.', inner spaces)";
    return false;
  }
  return true;
}

}  // namespace

const std::string& EmotionLabel::dominant() const {
  size_t best = 0;
  for (size_t i = 1; i < weights.size(); ++i)
    if (kind == Kind::Soft && weights[i].weight > weights[best].weight) best = i;
  return weights[best].name;
}

double EmotionLabel::weightOf(std::string_view name) const {
  for (const auto& w : weights)
    if (w.name == name) return w.weight;
  return 0.0;
}

std::string EmotionLabel::text() const {
  std::string out;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (kind == Kind::Soft) {
      out += (i ? "|" : "") + weights[i].name + ":" + formatNumber(weights[i].weight);
    } else {
      out += (i ? "+" : "") + weights[i].name;
    }
  }
  return out;
}

EmotionLabel EmotionLabel::single(std::string name) {
  EmotionLabel l;
  l.weights.push_back({std::move(name), 1.0});
  return l;
}

std::optional<EmotionLabel> parseEmotionLabel(std::string_view text, std::string& problem) {
  text = trim(text);
  if (text.empty()) {
    problem = "the label is empty";
    return std::nullopt;
  }
  const bool soft = text.find_first_of(":|") != std::string_view::npos;
  const bool compound = text.find('+') != std::string_view::npos;
  if (soft && compound) {
    problem = "label '" + std::string(text) + "' mixes '+' (compound) with ':'/'|' (soft); use one form";
    return std::nullopt;
  }
  EmotionLabel label;
  std::set<std::string_view> seen;
  if (soft) {
    label.kind = EmotionLabel::Kind::Soft;
    double sum = 0.0;
    for (std::string_view part : splitOn(text, '|')) {
      const size_t colon = part.find(':');
      if (colon == std::string_view::npos || part.find(':', colon + 1) != std::string_view::npos) {
        problem = "soft label part '" + std::string(part) + "' is not name:weight";
        return std::nullopt;
      }
      const std::string_view name = trim(part.substr(0, colon));
      const std::string_view number = trim(part.substr(colon + 1));
      if (!checkName(name, problem)) return std::nullopt;
      double w = 0.0;
      auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), w);
      if (number.empty() || ec != std::errc() || ptr != number.data() + number.size() || !std::isfinite(w) ||
          w <= 0.0 || w > 1.0) {
        problem = "weight '" + std::string(number) + "' of '" + std::string(name) + "' is not a number in (0, 1]";
        return std::nullopt;
      }
      if (!seen.insert(name).second) {
        problem = "class '" + std::string(name) + "' appears twice in the label";
        return std::nullopt;
      }
      label.weights.push_back({std::string(name), w});
      sum += w;
    }
    if (std::abs(sum - 1.0) > 0.01) {
      problem = "soft label weights sum to " + formatNumber(sum) + ", not 1";
      return std::nullopt;
    }
    // Renormalise only real rounding in the file, so written labels read back bit for bit.
    if (std::abs(sum - 1.0) > 1e-9)
      for (auto& w : label.weights) w.weight /= sum;
  } else if (compound) {
    label.kind = EmotionLabel::Kind::Compound;
    const auto parts = splitOn(text, '+');
    if (parts.size() < 2) {
      problem = "a compound label needs at least two classes";
      return std::nullopt;
    }
    for (std::string_view name : parts) {
      if (!checkName(name, problem)) return std::nullopt;
      if (!seen.insert(name).second) {
        problem = "class '" + std::string(name) + "' appears twice in the label";
        return std::nullopt;
      }
      label.weights.push_back({std::string(name), 1.0 / static_cast<double>(parts.size())});
    }
  } else {
    if (!checkName(text, problem)) return std::nullopt;
    label.weights.push_back({std::string(text), 1.0});
  }
  return label;
}

bool isValidClassName(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || c == '_' || c == '-' || c == '.' || c == ' ';
  });
}

bool isValidFileStem(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 200) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

const ModalitySpec* Dataset::modality(std::string_view name) const {
  for (const auto& m : modalities)
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> Dataset::classNames() const {
  std::set<std::string> names;
  for (const auto& c : clips)
    for (const auto& w : c.label.weights) names.insert(w.name);
  return {names.begin(), names.end()};
}

std::vector<std::string> Dataset::subjects() const {
  std::set<std::string> names;
  for (const auto& c : clips) names.insert(c.subject);
  return {names.begin(), names.end()};
}

std::string formatNumber(double value) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, ptr) : std::string("nan");
}

}  // namespace stf2m::dataset
