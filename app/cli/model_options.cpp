#include "model_options.h"

#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <set>

#include "common/json_writer.h"

namespace stf2m::cli {

namespace {
CancelToken* gInterruptToken = nullptr;
void (*gPreviousInt)(int) = SIG_DFL;
void (*gPreviousTerm)(int) = SIG_DFL;

extern "C" void onInterrupt(int) {
  // CancelToken::cancel is a relaxed store to a lock-free atomic: safe in a signal handler.
  if (gInterruptToken) gInterruptToken->cancel();
}
}  // namespace

std::string deviceOption(const Args& args, const std::string& command) {
  const std::string device = args.value("--device").value_or("auto");
  if (device != "auto" && device != "cpu" && device != "cuda")
    throw UsageError(command + ": --device expects auto, cpu or cuda, got '" + device + "'");
  return device;
}

std::optional<uint64_t> uint64Option(const Args& args, const std::string& command, const std::string& option) {
  const auto text = args.value(option);
  if (!text) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size())
    throw UsageError(command + ": " + option + " expects a non-negative integer, got '" + *text + "'");
  return v;
}

std::vector<int> shotList(const std::string& text, const std::string& command) {
  std::vector<int> shots;
  std::set<int> seen;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int v = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || v < 1 || v > 1000)
      throw UsageError(command + ": --shots expects shot counts from 1 to 1000 such as 1,5, got '" + text + "'");
    if (!seen.insert(v).second) throw UsageError(command + ": --shots names " + item + " twice");
    shots.push_back(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return shots;
}

std::string commandLineText(const std::string& command, const std::vector<std::string>& argv) {
  auto quoted = [](const std::string& a) {
    if (!a.empty() && a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+./:,@%") ==
                          std::string::npos)
      return a;
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::string line = "stf2m " + command;
  for (const auto& a : argv) line += " " + quoted(a);
  return line;
}

std::string requiredOption(const Args& args, const std::string& command, const std::string& option,
                           const std::string& placeholder) {
  const auto v = args.value(option);
  if (!v || v->empty()) throw UsageError(command + ": " + option + " " + placeholder + " is required");
  return *v;
}

void writeCalibration(JsonWriter& json, const std::vector<dataset::SubjectCalibration>& calibration) {
  if (calibration.empty()) return;
  json.key("subject_calibration").beginArray();
  for (const dataset::SubjectCalibration& c : calibration) {
    json.beginObject().key("subject_id").value(c.subject).key("seconds").value(c.seconds).key("weight").value(c.weight);
    json.endObject();
  }
  json.endArray();
}

void warnWeakCalibration(const std::vector<dataset::SubjectCalibration>& calibration) {
  for (const dataset::SubjectCalibration& c : calibration)
    if (c.weight < 0.5)
      std::fprintf(stderr,
                   "warning: subject %s has %.1f s of features; its calibration leans on the population "
                   "statistics (weight %.2f)\n",
                   c.subject.c_str(), c.seconds, c.weight);
}

InterruptCancels::InterruptCancels(CancelToken& token) {
  gInterruptToken = &token;
  gPreviousInt = std::signal(SIGINT, onInterrupt);
  gPreviousTerm = std::signal(SIGTERM, onInterrupt);
}

InterruptCancels::~InterruptCancels() {
  std::signal(SIGINT, gPreviousInt);
  std::signal(SIGTERM, gPreviousTerm);
  gInterruptToken = nullptr;
}

}  // namespace stf2m::cli
