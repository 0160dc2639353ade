// readSynthSpec: the JSON that turns the synthetic benchmark into the session-schema simulation
// (synth.h, docs/session-model.md).
#include <filesystem>
#include <set>
#include <string>

#include "common/error.h"
#include "common/json.h"
#include "dataset/synth.h"

namespace stf2m::dataset {

void readSynthSpec(const std::string& path, SynthParams& params) {
  const JsonNode root = readJsonFile(path);
  if (!root.isObject()) throw Error(ErrorCode::ParseError, path, "a synthesis spec must be a JSON object");
  const std::set<std::string> known = {"description", "profile", "classes", "anchors", "quiet_groups", "anchor_amplitude",
                                       "subjects", "clips_per_class", "group_overrides"};
  for (const auto& [key, value] : root.members())
    if (!known.count(key))
      throw Error(ErrorCode::ParseError, path, "line " + std::to_string(value.line()) + ": unknown key \"" + key + "\"");
  if (const auto profile = root.find("profile")) {
    std::filesystem::path p = profile->asString();
    if (p.is_relative()) p = std::filesystem::path(path).parent_path() / p;
    params.profile = readFeatureProfile(p.string());
  }
  // {"modality:group": {"std": s, "min": a, "max": b}}: replaces the fitted spread and range of
  // every column of a group (where the pictures a profile is fitted on cannot show the range).
  if (const auto overrides = root.find("group_overrides")) {
    if (!params.profile) throw Error(ErrorCode::ParseError, path, overrides->where() + ": group overrides need a profile");
    for (const auto& [name, o] : overrides->members()) {
      bool found = false;
      for (ModalityProfile& m : params.profile->modalities)
        for (const FeatureGroup& g : m.spec.groups) {
          if (name != m.spec.name + ":" + g.name) continue;
          found = true;
          for (int d = g.start; d < g.end; ++d) {
            ColumnProfile& c = m.columns[static_cast<size_t>(d)];
            if (const auto v = o.find("min")) c.min = v->asNumber();
            if (const auto v = o.find("max")) c.max = v->asNumber();
            if (const auto v = o.find("std")) c.std = v->asNumber();
            if (c.min > c.mean || c.mean > c.max || c.std < 0)
              throw Error(ErrorCode::ParseError, path, o.where() + ": the override leaves column " + c.name +
                                                           " without min <= mean <= max and std >= 0");
          }
        }
      if (!found) throw Error(ErrorCode::ParseError, path, o.where() + ": no group " + name + " in the profile");
    }
  }
  if (const auto classes = root.find("classes")) {
    params.classNames.clear();
    for (const JsonNode& c : classes->items()) params.classNames.push_back(c.asString());
    params.classes = static_cast<int>(params.classNames.size());
  }
  if (const auto anchors = root.find("anchors"))
    for (const auto& [cls, columns] : anchors->members())
      for (const JsonNode& c : columns.items()) {
        const std::string& text = c.asString();
        const size_t colon = text.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
          throw Error(ErrorCode::ParseError, path, c.where() + ": an anchor is \"modality:column\", not \"" + text + "\"");
        params.anchors.push_back({cls, text.substr(0, colon), text.substr(colon + 1)});
      }
  if (const auto quiet = root.find("quiet_groups"))
    for (const JsonNode& q : quiet->items()) params.quietGroups.push_back(q.asString());
  if (const auto a = root.find("anchor_amplitude")) params.anchorAmplitude = a->asNumber();
  if (const auto s = root.find("subjects")) params.subjects = static_cast<int>(s->asInt());
  if (const auto c = root.find("clips_per_class")) params.clipsPerClass = static_cast<int>(c->asInt());
}

}  // namespace stf2m::dataset
