#pragma once
// Command-line parsing for the stf2m subcommands: positional arguments plus --name VALUE
// options and --flag switches, each command declaring what it accepts.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace stf2m::cli {

// A mistake in how the command was called: exit code 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommandSpec {
  std::string name;
  std::set<std::string> valueOptions;  // e.g. "--at"
  std::set<std::string> flags;         // e.g. "--json"
  int minPositional = 0;
  int maxPositional = 0;
};

class Args {
 public:
  static Args parse(const CommandSpec& spec, const std::vector<std::string>& argv);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& flag) const { return flags_.count(flag) > 0; }
  std::optional<std::string> value(const std::string& option) const;
  int intValue(const std::string& option, int fallback, int min, int max) const;

 private:
  std::string command_;
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

std::vector<double> parseTimeList(const std::string& text);  // "0,0.5,1.25" -> seconds

}  // namespace stf2m::cli
