#pragma once
// JSON through nlohmann-json, with the project's error rules on top. Documents core reads (weight
// manifests, model cards and configs, modality descriptions) are parsed into a JsonNode, a
// read-only view that knows its source, its key path and its line, so that every problem is an
// stf2m::Error(ParseError) naming them:
//   "model.json: line 3, column 14: syntax error ... expected '}'"        (malformed text)
//   "m.json: line 2, /shape: expected an array, found a string"          (wrong type)
// Documents core and the CLI write are built as `Json` (members keep their insertion order) and
// written by dumpJson, which is independent of the C locale and byte-stable for the same value.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_fwd.h"

namespace stf2m {

struct JsonDocument;

class JsonNode {
 public:
  JsonNode();  // null, from no document

  bool isNull() const { return value_->is_null(); }
  bool isBool() const { return value_->is_boolean(); }
  bool isNumber() const { return value_->is_number(); }
  bool isString() const { return value_->is_string(); }
  bool isArray() const { return value_->is_array(); }
  bool isObject() const { return value_->is_object(); }

  // Typed access; a wrong type throws ParseError naming the source, line and key path.
  bool asBool() const;
  double asNumber() const;
  int64_t asInt() const;  // a number with no fractional part
  const std::string& asString() const;
  std::vector<JsonNode> items() const;                            // an array's elements
  std::vector<std::pair<std::string, JsonNode>> members() const;  // an object's, in document order
  size_t size() const;                                            // of an array or object

  bool has(std::string_view key) const;
  JsonNode at(std::string_view key) const;  // throws ParseError when missing
  std::optional<JsonNode> find(std::string_view key) const;

  const Json& value() const { return *value_; }
  const char* typeName() const;  // "a number", "an object", ... for messages
  const std::string& source() const;
  // The JSON pointer of this value in its document ("" for the root, "/modalities/0/name").
  const std::string& path() const { return path_; }
  // The line of the value in its source text (1-based; 0 when not parsed from text).
  int line() const;
  // "FILE: line L" (and the key path for values below the root), for messages about this value.
  std::string where() const;

 private:
  friend JsonNode parseJson(std::string_view text, const std::string& source);
  JsonNode(std::shared_ptr<const JsonDocument> doc, const Json* value, std::string path);
  JsonNode child(const Json& value, std::string step) const;
  [[noreturn]] void wrongType(const char* wanted) const;

  std::shared_ptr<const JsonDocument> doc_;
  const Json* value_;
  std::string path_;
};

// `source` names the text in messages (usually its file path). Nesting deeper than 200 levels,
// duplicate member names and numbers out of a double's range are errors, as is anything RFC 8259
// forbids.
JsonNode parseJson(std::string_view text, const std::string& source);
JsonNode readJsonFile(const std::string& path);

// Indented by two spaces, or compact. Numbers are written independently of the locale as the
// shortest text that reads back as the same double (integral doubles keep a ".0"), NaN and
// infinities as null, and invalid UTF-8 in strings as U+FFFD rather than an exception.
std::string dumpJson(const Json& value, bool pretty = true);

}  // namespace stf2m
