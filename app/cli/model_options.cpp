#include "model_options.h"

#include <csignal>
#include <cstdint>
#include <cstdio>

#include "commands.h"

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

std::string commandLineText() {
  auto quoted = [](const std::string& a) {
    if (!a.empty() && a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+./:,@%") ==
                          std::string::npos)
      return a;
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::string line = "stf2m";
  for (const auto& a : invocationArguments()) line += " " + quoted(a);
  return line;
}

void addCalibration(Json& json, const std::vector<dataset::SubjectCalibration>& calibration) {
  if (calibration.empty()) return;
  Json list = Json::array();
  for (const dataset::SubjectCalibration& c : calibration)
    list.push_back({{"subject_id", c.subject}, {"seconds", c.seconds}, {"weight", c.weight}});
  json["subject_calibration"] = std::move(list);
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
