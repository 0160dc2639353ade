#include "interchange/session_tiers.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace stf2m::interchange::detail {

SessionSnapshot readSession(const store::Project& project, int64_t sessionId) {
  SessionSnapshot s;
  s.session = project.session(sessionId);  // NotFound for an unknown id
  for (const store::Subject& subject : project.subjects())
    if (subject.id == s.session.subjectId) s.subjectCode = subject.code;
  s.schemes = project.schemes();
  s.annotators = project.annotators();
  s.segments = project.segments(sessionId);
  return s;
}

const store::LabelScheme& SessionSnapshot::scheme(int64_t schemeId) const {
  for (const auto& sc : schemes)
    if (sc.id == schemeId) return sc;
  throw Error(ErrorCode::Internal, "", "segment refers to unknown scheme " + std::to_string(schemeId));
}

const std::string& SessionSnapshot::categoryName(int64_t schemeId, int64_t categoryId) const {
  for (const auto& c : scheme(schemeId).categories)
    if (c.id == categoryId) return c.name;
  throw Error(ErrorCode::Internal, "", "segment refers to unknown category " + std::to_string(categoryId));
}

const std::string& SessionSnapshot::annotatorName(int64_t annotatorId) const {
  for (const auto& a : annotators)
    if (a.id == annotatorId) return a.name;
  throw Error(ErrorCode::Internal, "", "segment refers to unknown annotator " + std::to_string(annotatorId));
}

double SessionSnapshot::end() const {
  double end = 0;
  for (const auto& m : session.media) end = std::max(end, m.offset + m.duration);
  for (const auto& g : segments) end = std::max(end, g.end);
  return end;
}

std::string tierName(const std::string& scheme, const std::string& annotator, int lane) {
  std::string name = scheme + "@" + annotator;
  if (lane > 0) name += "#" + std::to_string(lane + 1);
  return name;
}

TierNameParts splitTierName(const std::string& name) {
  const size_t at = name.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == name.size()) return {name, name};
  std::string annotator = name.substr(at + 1);
  // Drop the overflow-lane suffix "#N" that layoutTiers adds.
  const size_t hash = annotator.rfind('#');
  if (hash != std::string::npos && hash > 0 && hash + 1 < annotator.size() &&
      std::all_of(annotator.begin() + static_cast<long>(hash) + 1, annotator.end(),
                  [](unsigned char c) { return std::isdigit(c); }))
    annotator.erase(hash);
  return {name.substr(0, at), annotator};
}

std::vector<ExportTier> layoutTiers(const SessionSnapshot& snapshot) {
  // (scheme id, annotator id) -> lanes, each lane a tier.
  std::map<std::pair<int64_t, int64_t>, std::vector<ExportTier>> groups;
  for (const store::Segment& g : snapshot.segments) {  // already ordered by start
    auto& lanes = groups[{g.schemeId, g.annotatorId}];
    auto fits = [&](const ExportTier& t) { return t.segments.back()->end <= g.start; };
    auto lane = std::find_if(lanes.begin(), lanes.end(), fits);
    if (lane == lanes.end()) {
      ExportTier t;
      t.scheme = &snapshot.scheme(g.schemeId);
      t.annotator = snapshot.annotatorName(g.annotatorId);
      t.name = tierName(t.scheme->name, t.annotator, static_cast<int>(lanes.size()));
      lanes.push_back(std::move(t));
      lane = lanes.end() - 1;
    }
    lane->segments.push_back(&g);
  }
  std::vector<ExportTier> tiers;
  for (auto& [key, lanes] : groups)
    for (auto& t : lanes) tiers.push_back(std::move(t));
  return tiers;
}

}  // namespace stf2m::interchange::detail
