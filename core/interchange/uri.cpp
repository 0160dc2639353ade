#include "interchange/uri.h"

#include <cctype>
#include <filesystem>

#include "interchange/text_util.h"

namespace stf2m::interchange::detail {

namespace fs = std::filesystem;

std::string fileUri(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) abs = path;
  return "file://" + percentEncode(abs.lexically_normal().generic_string(), "/");
}

std::string relativeUri(const std::string& fromDir, const std::string& target) {
  std::error_code ec;
  const fs::path base = fs::absolute(fromDir, ec).lexically_normal();
  const fs::path rel = fs::absolute(target, ec).lexically_normal().lexically_relative(base);
  if (ec || rel.empty()) return {};
  const std::string text = rel.generic_string();
  return percentEncode(text.rfind("..", 0) == 0 ? text : "./" + text, "/");
}

std::string pathFromUri(const std::string& uri) {
  const size_t colon = uri.find(':');
  const bool hasScheme = colon != std::string::npos && colon > 1 &&  // "C:" is a drive, not a scheme
                         uri.find('/') > colon;
  if (!hasScheme) return percentDecode(uri);
  std::string scheme = uri.substr(0, colon);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "file") return {};
  std::string rest = uri.substr(colon + 1);
  if (rest.rfind("//", 0) == 0) {
    rest.erase(0, 2);                      // authority follows: "" or "localhost"
    const size_t slash = rest.find('/');
    rest = slash == std::string::npos ? std::string() : rest.substr(slash);
  }
  return percentDecode(rest);
}

}  // namespace stf2m::interchange::detail
