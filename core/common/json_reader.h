#pragma once
// A strict JSON reader (RFC 8259) for the small documents core reads: weight manifests, model
// cards, modality descriptions. Errors are stf2m::Error(ParseError) naming the source and the
// line and column, e.g. "model.json: line 3, column 14: expected ',' or '}'".
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stf2m {

class JsonValue {
 public:
  enum class Kind { Null, Bool, Number, String, Array, Object };

  JsonValue() = default;
  Kind kind() const { return kind_; }
  bool isNull() const { return kind_ == Kind::Null; }
  bool isNumber() const { return kind_ == Kind::Number; }
  bool isString() const { return kind_ == Kind::String; }
  bool isArray() const { return kind_ == Kind::Array; }
  bool isObject() const { return kind_ == Kind::Object; }

  // Typed access; a wrong kind throws ParseError naming `where()` (source and line).
  bool asBool() const;
  double asNumber() const;
  int64_t asInt() const;  // a number with no fractional part
  const std::string& asString() const;
  const std::vector<JsonValue>& asArray() const;
  const std::vector<std::pair<std::string, JsonValue>>& asObject() const;  // in document order

  bool has(std::string_view key) const;
  const JsonValue& at(std::string_view key) const;  // throws ParseError when missing
  const JsonValue* find(std::string_view key) const;

  // "FILE: line L" for messages about this value.
  std::string where() const;
  int line() const { return line_; }

 private:
  friend class JsonParser;
  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> array_;
  std::vector<std::pair<std::string, JsonValue>> object_;
  std::shared_ptr<const std::string> source_;
  int line_ = 0;
  [[noreturn]] void wrongKind(const char* wanted) const;
};

// `source` names the text in messages (usually its file path).
JsonValue parseJson(std::string_view text, const std::string& source);
JsonValue readJsonFile(const std::string& path);

}  // namespace stf2m
