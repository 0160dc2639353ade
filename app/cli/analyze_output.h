#pragma once
// What `stf2m analyze` writes: the windows as JSON (one object, streamed window by window) or as
// a tidy CSV on stdout, and its progress on stderr.
#include <chrono>
#include <string>
#include <vector>

#include "pipeline/session_analysis.h"

namespace stf2m::cli {

class AnalysisWriter {
 public:
  AnalysisWriter(const pipeline::SessionAnalysis& analysis, const std::string& modelPath, bool json);
  void add(const std::vector<pipeline::WindowResult>& windows);
  void finish();

 private:
  void addJson(const pipeline::WindowResult& w);
  void addCsv(const pipeline::WindowResult& w);

  std::vector<std::string> classes_;
  bool json_;
  int written_ = 0;
};

// A live bar with the stage, percentage and ETA on a terminal (at most 5 updates a second);
// a plain line each time the session passes another tenth otherwise; nothing when quiet.
class ProgressReporter {
 public:
  ProgressReporter(bool quiet, double sessionSeconds);
  void report(const std::string& stage, double fraction);
  void finish();

 private:
  bool quiet_, terminal_;
  double session_;
  std::chrono::steady_clock::time_point start_, lastDraw_;
  std::string stage_;
  int lastTenth_ = -1;
  bool drawn_ = false;
};

}  // namespace stf2m::cli
