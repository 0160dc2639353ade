#include "common/json.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>

#include "common/error.h"
#include "common/file_io.h"

namespace stf2m {

// A parsed document: the value tree, its source's name, and the line of every value (by JSON
// pointer), which nlohmann's DOM does not keep.
struct JsonDocument {
  std::string source;
  Json root;
  std::unordered_map<std::string, int> lines;
};

namespace {

constexpr size_t kMaxDepth = 200;

// Line starts of the text, to turn the byte offsets the parser reports into lines and columns.
class TextPositions {
 public:
  explicit TextPositions(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  int lineOf(size_t offset) const {
    return int(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin());
  }
  // Column in characters (UTF-8 continuation bytes do not count), 1-based.
  int columnOf(size_t offset) const {
    const size_t start = starts_[size_t(lineOf(offset) - 1)];
    int column = 1;
    for (size_t i = start; i < offset && i < text_.size(); ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    return column;
  }
  // The offset of the last character before `consumed` that is not white space: where the
  // token the parser has just read ends (its look-ahead may have read one character more).
  size_t lastTokenEnd(size_t consumed) const {
    size_t i = std::min(consumed, text_.size());
    while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\n' || text_[i - 1] == '\r' || text_[i - 1] == '\t')) --i;
    return i > 0 ? i - 1 : 0;
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// An input iterator over the text that counts how far the parser has read, so that each SAX event
// can be given the line it happened on.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* begin, const char* at, size_t* consumed) : begin_(begin), at_(at), consumed_(consumed) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    ++at_;
    *consumed_ = size_t(at_ - begin_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

 private:
  const char* begin_;
  const char* at_;
  size_t* consumed_;
};

std::string escapePointerStep(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Builds the DOM from nlohmann's SAX events, recording each value's line, refusing duplicate
// members, over-deep nesting and numbers a double cannot hold, and turning syntax errors into
// the project's error with a line and column.
class DomBuilder : public nlohmann::json_sax<Json> {
 public:
  DomBuilder(JsonDocument& doc, const TextPositions& positions, const size_t& consumed)
      : doc_(doc), positions_(positions), consumed_(consumed) {}

  bool null() override { return add(Json(nullptr)) != nullptr; }
  bool boolean(bool value) override { return add(Json(value)) != nullptr; }
  bool number_integer(number_integer_t value) override { return add(Json(value)) != nullptr; }
  bool number_unsigned(number_unsigned_t value) override { return add(Json(value)) != nullptr; }
  bool number_float(number_float_t value, const string_t& token) override {
    if (!std::isfinite(value)) failHere("number " + token + " is out of range");
    return add(Json(value)) != nullptr;
  }
  bool string(string_t& value) override { return add(Json(std::move(value))) != nullptr; }
  bool binary(binary_t&) override { failHere("binary values are not JSON text"); }
  bool start_object(std::size_t) override { return open(Json::object()); }
  bool key(string_t& name) override {
    if (containers_.back().value->contains(name)) failHere("duplicate member \"" + name + "\"");
    pendingKey_ = std::move(name);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // nlohmann says "[json.exception.parse_error.101] parse error at line L, column C: WHAT" (or
    // "[json.exception.out_of_range.406] WHAT"); keep WHAT and state the position ourselves.
    std::string what = ex.what();
    if (what.rfind("[json.exception.", 0) == 0) what = what.substr(what.find("] ") + 2);
    if (what.rfind("parse error", 0) == 0) {
      if (const size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    }
    fail(position > 0 ? position - 1 : 0, what);
  }

 private:
  struct Container {
    Json* value;
    std::string path;
    size_t nextIndex = 0;
  };
  JsonDocument& doc_;
  const TextPositions& positions_;
  const size_t& consumed_;
  std::vector<Container> containers_;
  std::string pendingKey_;
  bool haveRoot_ = false;

  [[noreturn]] void fail(size_t offset, const std::string& what) const {
    throw Error(ErrorCode::ParseError, doc_.source,
                "line " + std::to_string(positions_.lineOf(offset)) + ", column " +
                    std::to_string(positions_.columnOf(offset)) + ": " + what);
  }
  [[noreturn]] void failHere(const std::string& what) const { fail(positions_.lastTokenEnd(consumed_), what); }

  Json* add(Json&& value) {
    const int line = positions_.lineOf(positions_.lastTokenEnd(consumed_));
    if (containers_.empty()) {
      doc_.root = std::move(value);
      doc_.lines[""] = line;
      haveRoot_ = true;
      return &doc_.root;
    }
    Container& parent = containers_.back();
    if (parent.value->is_array()) {
      doc_.lines[parent.path + "/" + std::to_string(parent.nextIndex++)] = line;
      parent.value->push_back(std::move(value));
      return &parent.value->back();
    }
    doc_.lines[parent.path + "/" + escapePointerStep(pendingKey_)] = line;
    Json& slot = (*parent.value)[pendingKey_];
    slot = std::move(value);
    return &slot;
  }

  bool open(Json&& container) {
    if (containers_.size() >= kMaxDepth)
      failHere("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    std::string path;
    if (!containers_.empty()) {
      const Container& parent = containers_.back();
      path = parent.path + "/" +
             (parent.value->is_array() ? std::to_string(parent.nextIndex) : escapePointerStep(pendingKey_));
    }
    Json* value = add(std::move(container));
    containers_.push_back({value, std::move(path)});
    return true;
  }

  bool close() {
    containers_.pop_back();
    return true;
  }
};

const std::string& noSource() {
  static const std::string name = "JSON";
  return name;
}

const Json& nullJson() {
  static const Json value;
  return value;
}

const char* typeNameOf(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a binary value";
  }
}

}  // namespace

JsonNode::JsonNode() : value_(&nullJson()) {}

JsonNode::JsonNode(std::shared_ptr<const JsonDocument> doc, const Json* value, std::string path)
    : doc_(std::move(doc)), value_(value), path_(std::move(path)) {}

JsonNode JsonNode::child(const Json& value, std::string step) const {
  return JsonNode(doc_, &value, path_ + "/" + escapePointerStep(step));
}

const std::string& JsonNode::source() const { return doc_ ? doc_->source : noSource(); }

int JsonNode::line() const {
  if (!doc_) return 0;
  const auto it = doc_->lines.find(path_);
  return it == doc_->lines.end() ? 0 : it->second;
}

std::string JsonNode::where() const {
  std::string out = source();
  if (const int l = line(); l > 0) out += ": line " + std::to_string(l);
  if (!path_.empty()) out += (line() > 0 ? ", at " : ": at ") + path_;
  return out;
}

const char* JsonNode::typeName() const { return typeNameOf(*value_); }

void JsonNode::wrongType(const char* wanted) const {
  throw Error(ErrorCode::ParseError, where(), std::string("expected ") + wanted + ", found " + typeNameOf(*value_));
}

bool JsonNode::asBool() const {
  if (!isBool()) wrongType("a boolean");
  return value_->get<bool>();
}

double JsonNode::asNumber() const {
  if (!isNumber()) wrongType("a number");
  return value_->get<double>();
}

int64_t JsonNode::asInt() const {
  if (value_->is_number_integer() && !value_->is_number_unsigned()) return value_->get<int64_t>();
  if (value_->is_number_unsigned() && value_->get<uint64_t>() <= uint64_t(INT64_MAX)) return int64_t(value_->get<uint64_t>());
  if (value_->is_number_float()) {
    const double n = value_->get<double>();
    if (n == std::floor(n) && std::fabs(n) <= 9.0e15) return static_cast<int64_t>(n);
  }
  wrongType("a whole number");
}

const std::string& JsonNode::asString() const {
  if (!isString()) wrongType("a string");
  return value_->get_ref<const std::string&>();
}

std::vector<JsonNode> JsonNode::items() const {
  if (!isArray()) wrongType("an array");
  std::vector<JsonNode> out;
  out.reserve(value_->size());
  for (size_t i = 0; i < value_->size(); ++i) out.push_back(child((*value_)[i], std::to_string(i)));
  return out;
}

std::vector<std::pair<std::string, JsonNode>> JsonNode::members() const {
  if (!isObject()) wrongType("an object");
  std::vector<std::pair<std::string, JsonNode>> out;
  out.reserve(value_->size());
  for (const auto& [key, v] : value_->items()) out.emplace_back(key, child(v, key));
  return out;
}

size_t JsonNode::size() const {
  if (!isArray() && !isObject()) wrongType("an array or an object");
  return value_->size();
}

std::optional<JsonNode> JsonNode::find(std::string_view key) const {
  if (!isObject()) wrongType("an object");
  const auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return child(*it, std::string(key));
}

bool JsonNode::has(std::string_view key) const { return find(key).has_value(); }

JsonNode JsonNode::at(std::string_view key) const {
  if (auto v = find(key)) return *v;
  throw Error(ErrorCode::ParseError, where(), "the object has no member \"" + std::string(key) + "\"");
}

JsonNode parseJson(std::string_view text, const std::string& source) {
  auto doc = std::make_shared<JsonDocument>();
  doc->source = source;
  const TextPositions positions(text);
  size_t consumed = 0;
  DomBuilder builder(*doc, positions, consumed);
  const char* begin = text.data();
  nlohmann::ordered_json::sax_parse(CountingIterator(begin, begin, &consumed),
                                    CountingIterator(begin, begin + text.size(), &consumed), &builder);
  const Json* root = &doc->root;
  return JsonNode(std::move(doc), root, std::string());
}

JsonNode readJsonFile(const std::string& path) { return parseJson(readWholeFile(path), path); }

std::string dumpJson(const Json& value, bool pretty) {
  return value.dump(pretty ? 2 : -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace stf2m
