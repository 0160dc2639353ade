#include "common/csv.h"

#include "common/error.h"

namespace stf2m {

std::vector<CsvRecord> parseCsv(std::string_view text, const std::string& subject, int firstLine) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // spreadsheets add a BOM
  std::vector<CsvRecord> records;
  int line = firstLine;
  size_t i = 0;
  auto fail = [&](int at, const std::string& what) {
    throw Error(ErrorCode::ParseError, subject, "line " + std::to_string(at) + ": " + what);
  };
  while (i < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool recordDone = false;
    while (!recordDone) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        const int quoteLine = line;
        ++i;
        while (true) {
          if (i >= text.size()) fail(quoteLine, "a quoted field is never closed");
          const char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field.push_back(c);
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          fail(line, "unexpected text after a closing quote (a quote inside a field must be doubled)");
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') fail(line, "quote inside an unquoted field (quote the whole field and double the quote)");
          field.push_back(text[i++]);
        }
      }
      record.fields.push_back(field);
      if (i >= text.size()) {
        recordDone = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // end of line: CRLF, LF or a lone CR
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        recordDone = true;
      }
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

std::string csvField(std::string_view value) {
  const bool needsQuotes = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                           (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!needsQuotes) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += csvField(fields[i]);
  }
  out.push_back('\n');
  return out;
}

}  // namespace stf2m
