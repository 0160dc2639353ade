// Praat TextGrid: the long text format on export, long or short on import (both are the same
// sequence of numbers, quoted strings and <flags>; the long one only adds "name =" labels, which
// the reader skips the way Praat does). Export and import are UTF-8; a UTF-16 file with a byte
// order mark, which Praat writes when a text is not ASCII, is converted first.
#include <string_view>

#include "common/utf8.h"
#include "common/file_io.h"
#include "interchange/interchange.h"
#include "interchange/segment_import.h"
#include "interchange/session_tiers.h"
#include "interchange/text_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Interval {
  double xmin, xmax;
  std::string text;
};

// ---- reading --------------------------------------------------------------------------------

struct Token {
  enum Kind { Number, String, Flag } kind;
  std::string text;
  double number = 0;
  int64_t line = 0;
};


std::string toUtf8(const std::string& bytes) {
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) return bytes.substr(3);
  const bool le = bytes.rfind("\xFF\xFE", 0) == 0, be = bytes.rfind("\xFE\xFF", 0) == 0;
  if (!le && !be) return bytes;
  std::string out;
  auto unit = [&](size_t i) {
    const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<uint32_t>(le ? (b << 8 | a) : (a << 8 | b));
  };
  for (size_t i = 2; i + 1 < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < bytes.size()) {  // surrogate pair
      const uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    appendUtf8(out, cp);
  }
  return out;
}

std::vector<Token> tokenize(const std::string& text, const std::string& file) {
  std::vector<Token> tokens;
  int64_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      ++line, ++i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      ++i;
    } else if (c == '"') {  // a string; "" stands for one quote, newlines may occur inside
      Token t{Token::String, {}, 0, line};
      for (++i;; ++i) {
        if (i >= text.size()) throwParseError(file, t.line, "a quoted text is never closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            t.text += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        t.text += text[i];
      }
      tokens.push_back(std::move(t));
    } else if (c == '<') {
      const size_t close = text.find('>', i);
      if (close == std::string::npos) throwParseError(file, line, "a <flag> is never closed");
      tokens.push_back({Token::Flag, text.substr(i + 1, close - i - 1), 0, line});
      i = close + 1;
    } else if (c == '!') {  // comment to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '[') {  // "item [3]:" -- an index, not a value
      while (i < text.size() && text[i] != ']' && text[i] != '\n') ++i;
      ++i;
    } else {
      const size_t start = i;
      while (i < text.size() && std::string_view(" \t\r\n\f\"<[").find(text[i]) == std::string_view::npos) ++i;
      const std::string word = text.substr(start, i - start);
      const bool numeric = std::string_view("0123456789+-.").find(word[0]) != std::string_view::npos;
      if (numeric) {
        const auto v = parseNumber(word);
        if (!v) throwParseError(file, line, "'" + word + "' is not a number");
        tokens.push_back({Token::Number, word, *v, line});
      }
      // anything else ("xmin", "=", "intervals:", "tiers?") is a label of the long format
    }
  }
  return tokens;
}

class TokenReader {
 public:
  TokenReader(std::vector<Token> tokens, const std::string& file) : tokens_(std::move(tokens)), file_(file) {}

  const Token& next(Token::Kind kind, const std::string& what) {
    if (pos_ >= tokens_.size())
      throwParseError(file_, tokens_.empty() ? 1 : tokens_.back().line, "the file ends where " + what + " was expected");
    const Token& t = tokens_[pos_++];
    if (t.kind != kind) {
      const char* kinds[] = {"a number", "a quoted text", "a <flag>"};
      throwParseError(file_, t.line, std::string("expected ") + kinds[kind] + " (" + what + "), found '" + t.text + "'");
    }
    return t;
  }
  double number(const std::string& what) { return next(Token::Number, what).number; }
  int64_t count(const std::string& what) {
    const Token& t = next(Token::Number, what);
    const auto n = parseInteger(t.text);
    if (!n || *n < 0) throwParseError(file_, t.line, what + " '" + t.text + "' is not a count");
    return *n;
  }
  std::string string(const std::string& what) { return next(Token::String, what).text; }
  int64_t line() const { return pos_ > 0 ? tokens_[pos_ - 1].line : 1; }

 private:
  std::vector<Token> tokens_;
  const std::string& file_;
  size_t pos_ = 0;
};

}  // namespace

void exportTextGrid(const store::Project& project, int64_t sessionId, const std::string& path) {
  const SessionSnapshot snap = readSession(project, sessionId);
  const std::vector<ExportTier> tiers = layoutTiers(snap);
  const double xmax = snap.end() > 0 ? snap.end() : 1.0;  // Praat needs xmax > xmin
  const std::string end = formatNumber(xmax);

  std::string out = "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n";
  out += "xmin = 0 \nxmax = " + end + " \ntiers? <exists> \nsize = " + std::to_string(tiers.size()) + " \nitem []: \n";
  for (size_t t = 0; t < tiers.size(); ++t) {
    std::vector<Interval> intervals;  // segments plus the empty intervals between them
    double cursor = 0;
    for (const store::Segment* g : tiers[t].segments) {
      if (g->start > cursor) intervals.push_back({cursor, g->start, ""});
      intervals.push_back({g->start, g->end, snap.categoryName(g->schemeId, g->categoryId)});
      cursor = g->end;
    }
    if (cursor < xmax) intervals.push_back({cursor, xmax, ""});
    out += "    item [" + std::to_string(t + 1) + "]:\n";
    out += "        class = \"IntervalTier\" \n        name = " + quoted(tiers[t].name) + " \n";
    out += "        xmin = 0 \n        xmax = " + end + " \n";
    out += "        intervals: size = " + std::to_string(intervals.size()) + " \n";
    for (size_t i = 0; i < intervals.size(); ++i) {
      out += "        intervals [" + std::to_string(i + 1) + "]:\n";
      out += "            xmin = " + formatNumber(intervals[i].xmin) + " \n";
      out += "            xmax = " + formatNumber(intervals[i].xmax) + " \n";
      out += "            text = " + quoted(intervals[i].text) + " \n";
    }
  }
  writeFileAtomically(path, out);
}

ImportReport importTextGrid(store::Project& project, int64_t sessionId, const std::string& path,
                            const ImportOptions& options) {
  requireSession(project, sessionId);
  ImportReport report;
  TokenReader in(tokenize(toUtf8(readWholeFile(path)), path), path);
  const std::string fileType = in.string("File type = \"ooTextFile\"");
  if (fileType != "ooTextFile" && fileType != "ooTextFile short")
    throwParseError(path, in.line(), "file type '" + fileType + "' is not a Praat text file (\"ooTextFile\")");
  if (const std::string cls = in.string("Object class = \"TextGrid\""); cls != "TextGrid")
    throwParseError(path, in.line(), "object class '" + cls + "' is not a TextGrid");
  in.number("xmin of the TextGrid");
  in.number("xmax of the TextGrid");
  const std::string flag = in.next(Token::Flag, "tiers? <exists>").text;
  const int64_t tierCount = flag == "exists" ? in.count("the number of tiers") : 0;

  std::vector<ParsedSegment> parsed;
  for (int64_t t = 0; t < tierCount; ++t) {
    const std::string cls = in.string("the class of tier " + std::to_string(t + 1));
    const int64_t tierLine = in.line();
    const std::string name = in.string("the name of tier " + std::to_string(t + 1));
    const std::string where = "tier '" + name + "'";
    in.number("xmin of " + where);
    in.number("xmax of " + where);
    const int64_t n = in.count("the number of intervals or points of " + where);
    if (cls == "TextTier") {  // points have no duration: nothing to make a segment of
      for (int64_t i = 0; i < n; ++i) {
        in.number("a point time of " + where);
        in.string("a point mark of " + where);
      }
      ++report.tiersSkipped;
      report.annotationsSkipped += n;
      report.warnings.push_back(where + " (line " + std::to_string(tierLine) + ") is a point tier: " +
                                std::to_string(n) + " points skipped");
      continue;
    }
    if (cls != "IntervalTier")
      throwParseError(path, tierLine, "tier class '" + cls + "' is neither IntervalTier nor TextTier");
    const TierNameParts names = splitTierName(name);
    int64_t used = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double xmin = in.number("interval xmin of " + where);
      const int64_t line = in.line();
      const double xmax = in.number("interval xmax of " + where);
      const std::string text = trimmed(in.string("interval text of " + where));
      if (!(xmax > xmin))
        throwParseError(path, line, "an interval of " + where + " ends (" + formatNumber(xmax) + " s) before it starts (" +
                                        formatNumber(xmin) + " s)");
      if (text.empty()) {
        ++report.emptySkipped;  // gaps between segments; expected, so not a warning
        continue;
      }
      parsed.push_back({names.scheme, text, names.annotator, xmin, xmax, std::nullopt, "human", line});
      ++used;
    }
    if (used > 0) ++report.tiersImported;
  }
  storeParsedSegments(project, sessionId, path, parsed, {}, options, report);
  return report;
}

}  // namespace stf2m::interchange
