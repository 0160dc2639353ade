#include "analyze_output.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/json.h"
#include "dataset/feature_dataset.h"

namespace stf2m::cli {

namespace {

constexpr int kStrongestRules = 3;

std::string number(double x) { return dataset::formatNumber(x); }

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

AnalysisWriter::AnalysisWriter(const pipeline::SessionAnalysis& analysis, const std::string& modelPath, bool json)
    : classes_(analysis.model().classes()), json_(json) {
  if (json_) {
    Json head = {{"model",
                  {{"name", std::filesystem::path(modelPath).stem().string()},
                   {"sha256", analysis.modelSha256()},
                   {"method", analysis.model().methodName()}}},
                 {"modalities", analysis.modalities()},
                 {"emotions", classes_},
                 {"duration", analysis.layout().duration}};
    std::string text = dumpJson(head, false);
    text.pop_back();  // the closing brace: the windows follow
    std::printf("%s,\"windows\":[", text.c_str());
  } else {
    std::printf("window,start_s,end_s,output,view,emotion,value\n");
  }
}

void AnalysisWriter::add(const std::vector<pipeline::WindowResult>& windows) {
  for (const pipeline::WindowResult& w : windows) json_ ? addJson(w) : addCsv(w);
  std::fflush(stdout);
}

void AnalysisWriter::addJson(const pipeline::WindowResult& w) {
  auto byClass = [&](const std::vector<double>& values) {
    Json o = Json::object();
    for (size_t k = 0; k < classes_.size() && k < values.size(); ++k) o[classes_[k]] = values[k];
    return o;
  };
  Json views = Json::array();
  for (const pipeline::ViewResult& v : w.views) {
    Json terms = Json::object();
    for (size_t k = 0; k < classes_.size(); ++k)
      terms[classes_[k]] = {{"low", v.output.terms[k][0]}, {"medium", v.output.terms[k][1]}, {"high", v.output.terms[k][2]}};
    // The strongest rule firings, strongest first.
    std::vector<size_t> order(v.output.ruleFiring.size());
    for (size_t r = 0; r < order.size(); ++r) order[r] = r;
    const size_t keep = std::min<size_t>(kStrongestRules, order.size());
    std::partial_sort(order.begin(), order.begin() + long(keep), order.end(),
                      [&](size_t a, size_t b) { return v.output.ruleFiring[a] > v.output.ruleFiring[b]; });
    Json rules = Json::array();
    for (size_t i = 0; i < keep; ++i) rules.push_back({{"rule", order[i]}, {"firing", v.output.ruleFiring[order[i]]}});
    views.push_back({{"modality", v.modality},
                     {"coverage", v.coverage},
                     {"probabilities", byClass(v.output.probabilities)},
                     {"terms", std::move(terms)},
                     {"rules", std::move(rules)},
                     {"reliability", v.output.reliability}});
  }
  const Json window = {{"start", w.start},
                       {"end", w.end},
                       {"views", std::move(views)},
                       {"fused", w.fused.empty() ? Json(nullptr) : byClass(w.fused)},
                       {"confidence", w.confidence}};
  std::printf("%s%s", written_++ ? "," : "", dumpJson(window, false).c_str());
}

void AnalysisWriter::addCsv(const pipeline::WindowResult& w) {
  const std::string head = std::to_string(w.index) + "," + number(w.start) + "," + number(w.end) + ",";
  auto row = [&](const char* output, const std::string& view, const std::string& emotion, double value) {
    std::printf("%s%s,%s,%s,%s\n", head.c_str(), output, view.c_str(), csvField(emotion).c_str(), number(value).c_str());
  };
  for (const pipeline::ViewResult& v : w.views) {
    for (size_t k = 0; k < classes_.size(); ++k) {
      row("probability", v.modality, classes_[k], v.output.probabilities[k]);
      row("low", v.modality, classes_[k], v.output.terms[k][0]);
      row("medium", v.modality, classes_[k], v.output.terms[k][1]);
      row("high", v.modality, classes_[k], v.output.terms[k][2]);
    }
    row("reliability", v.modality, "", v.output.reliability);
  }
  for (size_t k = 0; k < w.fused.size(); ++k) row("fused", "", classes_[k], w.fused[k]);
  if (!w.fused.empty()) row("confidence", "", "", w.confidence);
  ++written_;
}

void AnalysisWriter::finish() {
  if (json_) std::printf("]}\n");
  std::fflush(stdout);
}

ProgressReporter::ProgressReporter(bool quiet, double sessionSeconds)
    : quiet_(quiet), terminal_(::isatty(2) == 1), session_(sessionSeconds), start_(std::chrono::steady_clock::now()) {}

void ProgressReporter::report(const std::string& stage, double fraction) {
  if (quiet_) return;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (!terminal_) {
    // Stages interleave chunk by chunk: one line each time the session passes another tenth.
    const int tenth = static_cast<int>(std::floor(fraction * 10));
    if (tenth <= lastTenth_) return;
    lastTenth_ = tenth;
    std::fprintf(stderr, "%s %3d%%  %.1f s\n", stage.c_str(), tenth * 10, elapsed);
    return;
  }
  if (drawn_ && stage == stage_ && std::chrono::duration<double>(now - lastDraw_).count() < 0.2) return;
  stage_ = stage, lastDraw_ = now, drawn_ = true;
  const int width = 30, filled = static_cast<int>(fraction * width);
  std::string bar(size_t(filled), '#');
  bar.resize(size_t(width), '.');
  char eta[32] = "--:--";
  if (fraction > 0.01) {
    const int left = static_cast<int>(elapsed * (1.0 - fraction) / fraction);
    std::snprintf(eta, sizeof eta, "%d:%02d", left / 60, left % 60);
  }
  std::fprintf(stderr, "\r%-6s [%s] %3d%%  ETA %s  (%.0f s of %.0f s)   ", stage.c_str(), bar.c_str(),
               static_cast<int>(fraction * 100), eta, fraction * session_, session_);
}

void ProgressReporter::finish() {
  if (!quiet_ && terminal_ && drawn_) std::fprintf(stderr, "\n");
}

}  // namespace stf2m::cli
