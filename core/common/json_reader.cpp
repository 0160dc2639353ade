#include "common/json_reader.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/utf8.h"

namespace stf2m {

class JsonParser {
 public:
  JsonParser(std::string_view text, const std::string& source)
      : text_(text), source_(std::make_shared<const std::string>(source)) {}

  JsonValue document() {
    skipSpace();
    JsonValue v = value(0);
    skipSpace();
    if (pos_ != text_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  std::string_view text_;
  std::shared_ptr<const std::string> source_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t lineStart_ = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorCode::ParseError, *source_,
                "line " + std::to_string(line_) + ", column " + std::to_string(pos_ - lineStart_ + 1) + ": " + what);
  }

  void skipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        lineStart_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        break;
      }
      ++pos_;
    }
  }

  void expect(char c, const char* context) {
    skipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) fail(std::string("expected '") + c + "' " + context);
    ++pos_;
  }

  JsonValue make(JsonValue::Kind kind) const {
    JsonValue v;
    v.kind_ = kind;
    v.source_ = source_;
    v.line_ = line_;
    return v;
  }

  JsonValue value(int depth) {
    if (depth > 200) fail("nesting deeper than 200 levels");
    skipSpace();
    if (pos_ >= text_.size()) fail("unexpected end of the text");
    const char c = text_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      JsonValue v = make(JsonValue::Kind::String);
      v.string_ = string();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    for (const char* word : {"true", "false", "null"}) {
      const size_t n = std::strlen(word);
      if (text_.substr(pos_, n) == word) {
        JsonValue v = make(word[0] == 'n' ? JsonValue::Kind::Null : JsonValue::Kind::Bool);
        v.bool_ = word[0] == 't';
        pos_ += n;
        return v;
      }
    }
    fail(std::string("unexpected character '") + c + "'");
  }

  JsonValue object(int depth) {
    JsonValue v = make(JsonValue::Kind::Object);
    ++pos_;
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return v;
    }
    for (;;) {
      skipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a quoted member name");
      std::string key = string();
      for (const auto& [k, _] : v.object_)
        if (k == key) fail("duplicate member \"" + key + "\"");
      expect(':', "after a member name");
      v.object_.emplace_back(std::move(key), value(depth + 1));
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      expect('}', "or ',' in an object");
      return v;
    }
  }

  JsonValue array(int depth) {
    JsonValue v = make(JsonValue::Kind::Array);
    ++pos_;
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return v;
    }
    for (;;) {
      v.array_.push_back(value(depth + 1));
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      expect(']', "or ',' in an array");
      return v;
    }
  }

  JsonValue number() {
    JsonValue v = make(JsonValue::Kind::Number);
    const size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    const size_t intStart = pos_;
    if (digits() == 0) fail("a number needs digits");
    if (text_[intStart] == '0' && pos_ - intStart > 1) fail("a number may not have leading zeros");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) fail("a number needs digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) fail("a number needs digits in its exponent");
    }
    const std::string token(text_.substr(start, pos_ - start));
    // std::from_chars ignores the C locale (a Qt application sets it from the environment, and
    // strtod would then stop at the '.' under a decimal-comma locale).
    const auto result = std::from_chars(token.data(), token.data() + token.size(), v.number_);
    if (result.ec == std::errc::result_out_of_range) {
      const size_t e = token.find_first_of("eE");
      if (e == std::string::npos || token[e + 1] != '-') fail("number " + token + " is out of range");
      v.number_ = 0.0;  // too small for a double: reads as zero, as strtod does
    }
    return v;
  }


  uint32_t hex4() {
    if (pos_ + 4 > text_.size()) fail("incomplete \\u escape");
    uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<uint32_t>(h - 'A' + 10);
      else fail("bad hex digit in a \\u escape");
    }
    return cp;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character inside a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
            if (text_.substr(pos_, 2) != "\\u") fail("unpaired surrogate in a \\u escape");
            pos_ += 2;
            const uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("unpaired surrogate in a \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired surrogate in a \\u escape");
          }
          appendUtf8(out, cp);
          break;
        }
        default: fail(std::string("unknown escape '\\") + e + "'");
      }
    }
  }
};

void JsonValue::wrongKind(const char* wanted) const {
  static const char* names[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
  throw Error(ErrorCode::ParseError, source_ ? *source_ : std::string("JSON"),
              "line " + std::to_string(line_) + ": expected " + wanted + ", found " + names[static_cast<int>(kind_)]);
}

bool JsonValue::asBool() const {
  if (kind_ != Kind::Bool) wrongKind("a boolean");
  return bool_;
}
double JsonValue::asNumber() const {
  if (kind_ != Kind::Number) wrongKind("a number");
  return number_;
}
int64_t JsonValue::asInt() const {
  const double n = asNumber();
  if (n != std::floor(n) || std::fabs(n) > 9.0e15) wrongKind("a whole number");
  return static_cast<int64_t>(n);
}
const std::string& JsonValue::asString() const {
  if (kind_ != Kind::String) wrongKind("a string");
  return string_;
}
const std::vector<JsonValue>& JsonValue::asArray() const {
  if (kind_ != Kind::Array) wrongKind("an array");
  return array_;
}
const std::vector<std::pair<std::string, JsonValue>>& JsonValue::asObject() const {
  if (kind_ != Kind::Object) wrongKind("an object");
  return object_;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [k, v] : asObject())
    if (k == key) return &v;
  return nullptr;
}
bool JsonValue::has(std::string_view key) const { return find(key) != nullptr; }
const JsonValue& JsonValue::at(std::string_view key) const {
  if (const JsonValue* v = find(key)) return *v;
  throw Error(ErrorCode::ParseError, source_ ? *source_ : std::string("JSON"),
              "line " + std::to_string(line_) + ": the object has no member \"" + std::string(key) + "\"");
}

std::string JsonValue::where() const { return (source_ ? *source_ : std::string("JSON")) + ": line " + std::to_string(line_); }

JsonValue parseJson(std::string_view text, const std::string& source) { return JsonParser(text, source).document(); }

JsonValue readJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::FileNotFound, path, "cannot be opened");
  std::ostringstream buf;
  buf << in.rdbuf();
  return parseJson(buf.str(), path);
}

}  // namespace stf2m
