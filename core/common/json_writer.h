#pragma once
// A small streaming JSON writer for the CLI's machine-readable output. It tracks commas and
// nesting so callers write keys and values in order; output is compact or indented.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stf2m {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);  // NaN/inf are written as null
  JsonWriter& value(int64_t number);
  JsonWriter& value(int number) { return value(static_cast<int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();

  const std::string& str() const { return out_; }

 private:
  void beforeValue();
  void newline();
  void closeContainer(char closer);
  bool pretty_;
  std::string out_;
  std::vector<bool> hasItems_;  // one entry per open container
  bool afterKey_ = false;
};

std::string jsonEscape(std::string_view text);

}  // namespace stf2m
