#include "cli_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace stf2m::cli {

Args Args::parse(const CommandSpec& spec, const std::vector<std::string>& argv) {
  Args args;
  args.command_ = spec.name;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a;
      std::optional<std::string> inlineValue;
      if (auto eq = a.find('='); eq != std::string::npos) {
        name = a.substr(0, eq);
        inlineValue = a.substr(eq + 1);
      }
      if (spec.flags.count(name) && !inlineValue) {
        args.flags_.insert(name);
      } else if (spec.valueOptions.count(name)) {
        if (inlineValue) {
          args.values_[name] = *inlineValue;
        } else {
          if (i + 1 >= argv.size()) throw UsageError(spec.name + ": option " + name + " needs a value");
          args.values_[name] = argv[++i];
        }
      } else {
        throw UsageError(spec.name + ": unknown option " + name);
      }
    } else {
      args.positional_.push_back(a);
    }
  }
  int n = static_cast<int>(args.positional_.size());
  if (n < spec.minPositional) throw UsageError(spec.name + ": missing argument");
  if (n > spec.maxPositional) throw UsageError(spec.name + ": unexpected argument '" + args.positional_[spec.maxPositional] + "'");
  return args;
}

std::optional<std::string> Args::value(const std::string& option) const {
  auto it = values_.find(option);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

int Args::intValue(const std::string& option, int fallback, int min, int max) const {
  auto text = value(option);
  if (!text) return fallback;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text->c_str(), &end, 10);
  if (errno || end == text->c_str() || *end || v < min || v > max)
    throw UsageError(command_ + ": " + option + " expects an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + *text + "'");
  return static_cast<int>(v);
}

std::vector<double> parseTimeList(const std::string& text) {
  std::vector<double> times;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    errno = 0;
    double t = std::strtod(item.c_str(), &end);
    if (item.empty() || errno || *end || !std::isfinite(t))
      throw UsageError("--at: '" + item + "' is not a time in seconds (expected e.g. --at 0,1.5,2.04)");
    times.push_back(t);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return times;
}

}  // namespace stf2m::cli
