#pragma once
// Small text helpers shared by the interchange readers and writers: locale-independent numbers,
// percent-encoding, UTC timestamps and the one way importers report a malformed line.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/time_util.h"

namespace stf2m::interchange::detail {

// Throws Error(ParseError, file, "line N: detail"); line 0 leaves the line out.
[[noreturn]] void throwParseError(const std::string& file, int64_t line, const std::string& detail);
// The same shape for other codes (e.g. Conflict, OutOfRange) that still point at a line.
[[noreturn]] void throwAtLine(ErrorCode code, const std::string& file, int64_t line, const std::string& detail);

// Shortest text that reads back as exactly the same double ("0.1", "12.5", "1e-07"); never
// depends on the C locale.
std::string formatNumber(double value);
// Strict: the whole text must be one finite decimal number (no locale, no hex, no "nan").
std::optional<double> parseNumber(std::string_view text);
std::optional<int64_t> parseInteger(std::string_view text);

// Seconds <-> ELAN milliseconds, rounding half away from zero.
int64_t toMilliseconds(double seconds);

std::string trimmed(std::string_view text);
bool isBlank(std::string_view text);
// The text with CR/LF turned into spaces, for one-line "key: value" headers.
std::string oneLine(std::string_view text);

// RFC 3986 percent-encoding of everything except unreserved characters and those in `keep`.
std::string percentEncode(std::string_view text, std::string_view keep = {});
std::string percentDecode(std::string_view text);

using stf2m::utcTimestamp;  // common/time_util.h

// A colour for the n-th new category when a file brings none: hues spaced by the golden angle
// so neighbouring categories stay distinguishable. "#rrggbb".
std::string paletteColor(int n);
bool isHexColor(std::string_view text);

}  // namespace stf2m::interchange::detail
