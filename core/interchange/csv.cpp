// Tidy long CSV of one session's segments: a "# key: value" metadata header (provenance: app
// version, project, session, media with SHA-256, export time), then RFC 4180 rows with CRLF line
// ends. Times are written as the shortest decimal that reads back as the same double, so an
// export/import round trip is exact.
#include <array>
#include <map>
#include <set>

#include "common/csv.h"
#include "interchange/csv_writer.h"
#include "common/file_io.h"
#include "interchange/interchange.h"
#include "interchange/segment_import.h"
#include "interchange/session_tiers.h"
#include "interchange/text_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

constexpr const char* kFormat = "stf2m-segments-csv 1";
constexpr size_t kColumnCount = 10;
const std::array<std::string, kColumnCount> kColumns = {"session_id", "annotator", "scheme",     "label",      "start_s",
                                                        "end_s",      "start_frame", "end_frame", "confidence", "source"};

}  // namespace

void exportSegmentsCsv(const store::Project& project, int64_t sessionId, const std::string& path) {
  const SessionSnapshot snap = readSession(project, sessionId);
  CsvWriter csv;
  csv.meta("format", kFormat);
  csv.sessionMeta(project, snap);
  csv.row(std::vector<std::string>(kColumns.begin(), kColumns.end()));
  for (const store::Segment& g : snap.segments)
    csv.row({std::to_string(g.sessionId), snap.annotatorName(g.annotatorId), snap.scheme(g.schemeId).name,
             snap.categoryName(g.schemeId, g.categoryId), formatNumber(g.start), formatNumber(g.end),
             std::to_string(g.startFrame), std::to_string(g.endFrame), g.confidence ? formatNumber(*g.confidence) : "",
             g.source});
  writeFileAtomically(path, csv.text());
}

ImportReport importSegmentsCsv(store::Project& project, int64_t sessionId, const std::string& path,
                               const ImportOptions& options) {
  requireSession(project, sessionId);
  ImportReport report;
  std::string text = readWholeFile(path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // spreadsheet programs add a BOM

  size_t pos = 0;
  int64_t line = 1;
  // Metadata lines and blank lines before the header row.
  while (pos < text.size() && (text[pos] == '#' || text[pos] == '\r' || text[pos] == '\n')) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::string entry = trimmed(text.substr(pos, eol - pos));
    if (entry.rfind("# format:", 0) == 0 && trimmed(entry.substr(9)).rfind("stf2m-segments-csv", 0) != 0)
      throwParseError(path, line, "format '" + trimmed(entry.substr(9)) + "' is not an ST-F2M segment CSV");
    pos = eol + 1;
    ++line;
  }
  const std::vector<CsvRecord> records = parseCsv(std::string_view(text).substr(std::min(pos, text.size())), path, static_cast<int>(line));
  if (records.empty()) throwParseError(path, line, "no header row");
  const CsvRecord& header = records.front();
  std::array<size_t, kColumnCount> column{};
  std::set<std::string> seen;
  if (header.fields.size() != kColumnCount)
    throwParseError(path, header.line, "the header row has " + std::to_string(header.fields.size()) + " columns, expected " +
                                           std::to_string(kColumnCount) + ": " + kSegmentCsvColumns);
  for (size_t i = 0; i < kColumnCount; ++i) {
    const std::string name = trimmed(header.fields[i]);
    size_t k = 0;
    while (k < kColumnCount && kColumns[k] != name) ++k;
    if (k == kColumnCount || !seen.insert(name).second)
      throwParseError(path, header.line, "unexpected or repeated column '" + name + "'; expected " + kSegmentCsvColumns);
    column[k] = i;  // columns may come in any order
  }

  std::vector<ParsedSegment> parsed;
  std::set<std::pair<std::string, std::string>> pairs;
  std::optional<int64_t> fileSession;
  int64_t fileSessionLine = 0;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() == 1 && isBlank(record.fields[0])) continue;  // a line of spaces
    if (record.fields.size() != kColumnCount)
      throwParseError(path, record.line, "expected " + std::to_string(kColumnCount) + " fields, found " +
                                             std::to_string(record.fields.size()));
    auto field = [&](size_t k) { return record.fields[column[k]]; };
    auto number = [&](size_t k) {
      const auto v = parseNumber(trimmed(field(k)));
      if (!v) throwParseError(path, record.line, kColumns[k] + " '" + field(k) + "' is not a number");
      return *v;
    };
    const auto session = parseInteger(trimmed(field(0)));
    if (!session) throwParseError(path, record.line, "session_id '" + field(0) + "' is not a whole number");
    if (!fileSession) {
      fileSession = session;
      fileSessionLine = record.line;
    } else if (*session != *fileSession) {
      throwParseError(path, record.line, "session_id " + std::to_string(*session) + " differs from " +
                                             std::to_string(*fileSession) + " on line " + std::to_string(fileSessionLine) +
                                             "; a segment CSV holds one session");
    }
    for (size_t k : {size_t(6), size_t(7)})  // frames are derived from the times on import
      if (!isBlank(field(k)) && !parseInteger(trimmed(field(k))))
        throwParseError(path, record.line, kColumns[k] + " '" + field(k) + "' is not a whole number");
    ParsedSegment p;
    p.annotator = field(1);
    p.scheme = field(2);
    p.label = field(3);
    p.start = number(4);
    p.end = number(5);
    if (!isBlank(field(8))) p.confidence = number(8);
    p.source = isBlank(field(9)) ? "human" : trimmed(field(9));
    p.line = record.line;
    if (!(p.end > p.start))
      throwParseError(path, record.line, "end_s " + field(5) + " is not after start_s " + field(4));
    pairs.insert({p.scheme, p.annotator});
    parsed.push_back(std::move(p));
  }
  report.tiersImported = static_cast<int64_t>(pairs.size());
  storeParsedSegments(project, sessionId, path, parsed, {}, options, report);
  return report;
}

}  // namespace stf2m::interchange
