#pragma once
// RFC 4180 CSV: comma separated, fields optionally in double quotes, "" for a quote inside a
// quoted field, quoted fields may span lines, CRLF or LF line ends. Used for clips.csv, whose
// errors must name the line a record starts on.
#include <string>
#include <string_view>
#include <vector>

namespace stf2m {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// All records, blank lines skipped. ParseError "line N: ..." for a quote inside an unquoted field,
// text after a closing quote, or an unterminated quoted field.
// `firstLine` is the line number of the text's first line (when a header was read before).
std::vector<CsvRecord> parseCsv(std::string_view text, const std::string& subject, int firstLine = 1);

// The field, quoted only when it contains a comma, quote, CR or LF or starts/ends with a space.
std::string csvField(std::string_view value);
// One record line ending in "\n".
std::string csvLine(const std::vector<std::string>& fields);

}  // namespace stf2m
