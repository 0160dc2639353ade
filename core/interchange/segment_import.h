#pragma once
// The write side shared by every importer. A reader turns its file into ParsedSegments (names,
// not ids, each with the line it came from); storeParsedSegments checks all of them against the
// project and only then writes new schemes, annotators and the segments in one transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interchange/interchange.h"
#include "store/project.h"

namespace stf2m::interchange::detail {

struct ParsedSegment {
  std::string scheme;
  std::string label;
  std::string annotator;
  double start = 0;  // session seconds
  double end = 0;
  std::optional<double> confidence;
  std::string source = "human";
  int64_t line = 0;  // where the file defines it, for messages
};

// Categories a file declares for a scheme even when unused (an ELAN controlled vocabulary).
// They are used only when the import creates the scheme; empty colours get palette colours.
struct SchemeTemplate {
  std::string name;
  std::string description;
  std::vector<store::Category> categories;
};

// NotFound when the session does not exist; importers call it before reading the file.
void requireSession(const store::Project& project, int64_t sessionId);

// Checks every segment (unknown names when !options.createMissing are ParseErrors naming the
// line; a label missing from an existing scheme is a Conflict, since the store can only create
// a scheme with all its categories at once), then writes everything in one Project::atomically.
// Fills report.segmentsImported, createdSchemes and createdAnnotators.
void storeParsedSegments(store::Project& project, int64_t sessionId, const std::string& file,
                         const std::vector<ParsedSegment>& segments, const std::vector<SchemeTemplate>& templates,
                         const ImportOptions& options, ImportReport& report);

}  // namespace stf2m::interchange::detail
