#include "pipeline/suggestions.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "common/json.h"
#include "pipeline/subject_adaptation.h"

namespace stf2m::pipeline {

namespace {

std::vector<std::string> classesOf(const store::Project& project, int64_t modelId) {
  for (const store::ModelRecord& m : project.models())
    if (m.id == modelId) {
      std::vector<std::string> out;
      const JsonNode card = parseJson(m.card, project.path() + " (model " + std::to_string(modelId) + ")");
      if (const auto classes = card.find("classes"))
        for (const JsonNode& c : classes->items()) out.push_back(c.asString());
      return out;
    }
  throw Error(ErrorCode::NotFound, project.path(), "no model with id " + std::to_string(modelId));
}

bool present(const float* row, int n) { return n > 0 && std::isfinite(row[0]); }

// Seconds of [start, end) that human segments cover (segments may overlap each other).
double labelledSeconds(const std::vector<store::Segment>& human, double start, double end) {
  std::vector<std::pair<double, double>> parts;
  for (const store::Segment& s : human)
    if (s.end > start && s.start < end) parts.emplace_back(std::max(s.start, start), std::min(s.end, end));
  std::sort(parts.begin(), parts.end());
  double covered = 0, reach = start;
  for (const auto& [a, b] : parts) {
    if (b <= reach) continue;
    covered += b - std::max(a, reach);
    reach = b;
  }
  return covered;
}

}  // namespace

double normalisedEntropy(const std::vector<float>& p) {
  if (p.size() < 2) return 0;
  double h = 0;
  for (float v : p)
    if (v > 0) h -= double(v) * std::log(double(v));
  return std::clamp(h / std::log(double(p.size())), 0.0, 1.0);
}

double jensenShannon(const std::vector<float>& p, const std::vector<float>& q) {
  double js = 0;
  for (size_t i = 0; i < p.size() && i < q.size(); ++i) {
    const double m = 0.5 * (double(p[i]) + double(q[i]));
    if (p[i] > 0) js += 0.5 * double(p[i]) * std::log2(double(p[i]) / m);
    if (q[i] > 0) js += 0.5 * double(q[i]) * std::log2(double(q[i]) / m);
  }
  return std::clamp(js, 0.0, 1.0);
}

std::vector<Suggestion> suggestWindows(const store::Project& project, int64_t sessionId, int top,
                                       std::optional<int64_t> modelId) {
  const store::Session session = project.session(sessionId);
  if (!modelId) modelId = subjectModel(project, session.subjectId);
  if (!modelId)
    throw Error(ErrorCode::InvalidArgument, project.path(),
                "session " + std::to_string(sessionId) + " has not been analysed; analyse it first");
  const std::vector<store::Prediction> rows = project.predictions(sessionId, *modelId);
  if (rows.empty())
    throw Error(ErrorCode::InvalidArgument, project.path(),
                "session " + std::to_string(sessionId) + " has no predictions of model " + std::to_string(*modelId) +
                    "; analyse it with that model first");
  const std::vector<std::string> classes = classesOf(project, *modelId);
  std::vector<store::Segment> human;
  for (store::Segment& s : project.segments(sessionId))
    if (s.source == "human") human.push_back(std::move(s));

  std::vector<Suggestion> candidates;
  for (const store::Prediction& p : rows) {
    if (!present(p.fused.data(), p.classCount)) continue;  // a window without views says nothing
    if (labelledSeconds(human, p.windowStart, p.windowEnd) >= 0.5 * (p.windowEnd - p.windowStart)) continue;
    Suggestion s;
    s.predictionId = p.id;
    s.start = p.windowStart;
    s.end = p.windowEnd;
    const auto best = std::max_element(p.fused.begin(), p.fused.end());
    s.probability = *best;
    const auto k = size_t(best - p.fused.begin());
    s.predicted = k < classes.size() ? classes[k] : std::to_string(k);
    s.uncertainty = normalisedEntropy(p.fused);
    std::vector<std::vector<float>> views;
    for (int v = 0; v < p.viewCount; ++v) {
      const float* row = p.memberships.data() + size_t(v) * size_t(p.classCount);
      if (present(row, p.classCount)) views.emplace_back(row, row + p.classCount);
    }
    int pairs = 0;
    for (size_t a = 0; a < views.size(); ++a)
      for (size_t b = a + 1; b < views.size(); ++b, ++pairs) s.disagreement += jensenShannon(views[a], views[b]);
    if (pairs > 0) s.disagreement /= pairs;
    s.score = s.uncertainty + s.disagreement;
    candidates.push_back(std::move(s));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.score > b.score; });
  std::vector<Suggestion> out;
  for (const Suggestion& c : candidates) {
    if (int(out.size()) >= top) break;
    const bool overlaps = std::any_of(out.begin(), out.end(), [&](const Suggestion& o) { return c.start < o.end && o.start < c.end; });
    if (!overlaps) out.push_back(c);
  }
  return out;
}

}  // namespace stf2m::pipeline
