#pragma once
// The export side shared by every format: one read of a session (names of schemes, categories
// and annotators included) and its segments laid out as tiers, one per (scheme, annotator).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/project.h"

namespace stf2m::interchange::detail {

struct SessionSnapshot {
  store::Session session;
  std::string subjectCode;
  std::vector<store::LabelScheme> schemes;  // the project's, in id order
  std::vector<store::Annotator> annotators;
  std::vector<store::Segment> segments;     // the session's, by start

  const store::LabelScheme& scheme(int64_t schemeId) const;
  const std::string& categoryName(int64_t schemeId, int64_t categoryId) const;
  const std::string& annotatorName(int64_t annotatorId) const;
  // Where the session ends: the latest media end (offset + duration) or segment end.
  double end() const;
};

SessionSnapshot readSession(const store::Project& project, int64_t sessionId);

struct ExportTier {
  std::string name;  // "scheme@annotator"; "scheme@annotator#2", ... for overflow lanes
  const store::LabelScheme* scheme = nullptr;
  std::string annotator;
  std::vector<const store::Segment*> segments;  // by start, never overlapping
};

// One tier per (scheme, annotator) in scheme-id then annotator-id order. ELAN and Praat tiers
// cannot hold overlapping intervals, so a segment that overlaps the previous one of its pair
// goes to the first extra lane ("#2", "#3", ...) where it fits.
std::vector<ExportTier> layoutTiers(const SessionSnapshot& snapshot);

std::string tierName(const std::string& scheme, const std::string& annotator, int lane);

struct TierNameParts {
  std::string scheme;
  std::string annotator;
};
// Reads "scheme@annotator" (and "scheme@annotator#N") back; without '@' both parts are the
// whole name. The first '@' splits, so annotator names may contain '@' (e-mail addresses).
TierNameParts splitTierName(const std::string& name);

}  // namespace stf2m::interchange::detail
