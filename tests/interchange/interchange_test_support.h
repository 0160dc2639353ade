#pragma once
// Shared by the interchange tests: a populated project, id-free views of its segments and
// labels for comparing two projects, and a textual snapshot to prove a failed import changed
// nothing.
#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/project.h"

namespace stf2m::test {

// One segment as an exchange format sees it: names instead of ids.
struct SegmentView {
  std::string scheme, label, annotator;
  double start = 0, end = 0;
  std::optional<double> confidence;
  std::string source;
  bool operator<(const SegmentView& o) const;
  QString describe() const;
};

// The session's segments by (scheme, annotator, start, end, label); times rounded to whole
// milliseconds when `milliseconds`.
std::vector<SegmentView> segmentViews(const store::Project& project, int64_t sessionId, bool milliseconds);
// First difference between two lists, empty when equal.
QString firstDifference(const std::vector<SegmentView>& a, const std::vector<SegmentView>& b, bool compareExtras);

// Every scheme, category (name, colour, hotkey, position), annotator and segment as text.
std::string projectSnapshot(const store::Project& project);

struct SessionProject {
  store::Project project;
  int64_t session = 0;
};
// A project at `path` with subject "P01" and session "s1" holding the h264_aac.mp4 fixture at
// `offset`.
SessionProject makeProjectWithSession(const std::string& path, double offset = 0);

// Segments exercising the formats: two annotators on "emotion", overlapping segments of one
// annotator (extra tiers), a custom scheme "gaze" with colours and hotkeys, labels with XML and
// CSV metacharacters and non-ASCII text, sub-millisecond times, confidences and model segments.
void addSampleSegments(store::Project& project, int64_t sessionId);

// Writes `text` to `path` (UTF-8); false on failure.
bool writeText(const QString& path, const QByteArray& text);
// 1-based line of the first occurrence of `needle`, -1 when absent.
int lineContaining(const QByteArray& text, const QByteArray& needle);

}  // namespace stf2m::test
