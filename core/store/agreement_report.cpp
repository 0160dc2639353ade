#include "store/agreement_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <map>

#include "agreement/agreement.h"
#include "common/error.h"
#include "common/json.h"

namespace stf2m::store {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The statistic, or NaN where the agreement module calls the data unusable (too few units).
template <class F>
double orNaN(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::InvalidArgument) return kNaN;
    throw;
  }
}

double sessionDuration(const Session& s, const std::vector<Segment>& segments, const std::vector<Trace>& traces) {
  double end = 0;
  for (const auto& m : s.media) end = std::max(end, m.offset + m.duration);
  for (const auto& g : segments) end = std::max(end, g.end);
  for (const auto& t : traces) end = std::max(end, t.start + static_cast<double>(t.values.size()) / t.sampleRate);
  return end;
}

std::string raterName(const std::map<int64_t, std::string>& annotators, int64_t id, const std::string& source) {
  auto it = annotators.find(id);
  const std::string name = it != annotators.end() ? it->second : "annotator " + std::to_string(id);
  return source == "model" ? "model:" + name : name;
}

bool isModel(const std::string& rater) { return rater.rfind("model:", 0) == 0; }

void fillRange(GroupAgreement& g) {
  g.humanMin = g.humanMax = kNaN;
  for (const auto& p : g.pairs) {
    if (p.involvesModel || std::isnan(p.value)) continue;
    g.humanMin = std::isnan(g.humanMin) ? p.value : std::min(g.humanMin, p.value);
    g.humanMax = std::isnan(g.humanMax) ? p.value : std::max(g.humanMax, p.value);
  }
}

// Frame codes per rater, appended session after session for subject scope.
using Codes = std::map<std::string, std::vector<int>>;

void appendSession(Codes& codes, int64_t& units, const Session& s, const std::vector<Segment>& segments,
                   const LabelScheme& scheme, const std::map<int64_t, std::string>& annotators, double rate,
                   double duration) {
  std::map<int64_t, int> codeOf;
  for (size_t i = 0; i < scheme.categories.size(); ++i) codeOf[scheme.categories[i].id] = static_cast<int>(i);
  std::map<std::string, std::vector<agreement::Segment>> byRater;
  for (const auto& g : segments)
    if (g.schemeId == scheme.id) byRater[raterName(annotators, g.annotatorId, g.source)].push_back({g.start, g.end, codeOf[g.categoryId]});
  const auto frames = static_cast<size_t>(std::floor(duration * rate));
  for (auto& [rater, list] : codes) list.resize(static_cast<size_t>(units) + frames, agreement::kMissing);
  for (const auto& [rater, segs] : byRater) {
    std::vector<int>& list = codes[rater];
    list.resize(static_cast<size_t>(units), agreement::kMissing);
    const std::vector<int> sampled = agreement::sampleSegments(segs, duration, rate);
    list.insert(list.end(), sampled.begin(), sampled.end());
  }
  (void)s;
  units += static_cast<int64_t>(frames);
}

GroupAgreement categorical(const std::string& scopeName, const LabelScheme& scheme, double rate, const Codes& codes,
                           int64_t units) {
  GroupAgreement g;
  g.scope = scopeName;
  g.scheme = scheme.name;
  g.statistic = "cohen_kappa";
  g.rate = rate;
  g.units = units;
  g.icc21 = kNaN;
  for (const auto& [rater, list] : codes) g.raters.push_back(rater);
  for (size_t a = 0; a < g.raters.size(); ++a)
    for (size_t b = a + 1; b < g.raters.size(); ++b) {
      const auto& x = codes.at(g.raters[a]);
      const auto& y = codes.at(g.raters[b]);
      PairAgreement p{g.raters[a], g.raters[b], isModel(g.raters[a]) || isModel(g.raters[b]), 0, 0};
      for (size_t i = 0; i < x.size(); ++i) p.units += x[i] != agreement::kMissing && y[i] != agreement::kMissing;
      p.value = orNaN([&] { return agreement::cohensKappa(x, y); });
      g.pairs.push_back(p);
    }
  // All raters: alpha over every frame at least two rated; Fleiss over frames all rated.
  std::vector<std::vector<double>> byRater;
  std::vector<std::vector<int>> complete;
  for (const auto& r : g.raters) {
    std::vector<double> row;
    for (int c : codes.at(r)) row.push_back(c == agreement::kMissing ? kNaN : c);
    byRater.push_back(std::move(row));
  }
  for (int64_t i = 0; i < units; ++i) {
    std::vector<int> unit;
    for (const auto& r : g.raters)
      if (codes.at(r)[static_cast<size_t>(i)] != agreement::kMissing) unit.push_back(codes.at(r)[static_cast<size_t>(i)]);
    if (unit.size() == g.raters.size()) complete.push_back(std::move(unit));
  }
  g.alpha = g.raters.size() >= 2 ? orNaN([&] { return agreement::krippendorffAlpha(byRater, agreement::Metric::Nominal); }) : kNaN;
  g.fleissKappa = g.raters.size() >= 2 ? orNaN([&] { return agreement::fleissKappa(agreement::CodeMatrix{complete}); }) : kNaN;
  fillRange(g);
  return g;
}

// Per dimension and rater, the traces resampled onto one grid (rate Hz) over the span all of
// that dimension's traces in the session cover; appended session after session (NaN where a
// rater has no trace in a session).
using Series = std::map<std::string, std::map<std::string, std::vector<double>>>;  // dimension -> rater -> values

void appendTraces(Series& series, std::map<std::string, int64_t>& units, const LabelScheme& scheme, double rate,
                  const std::vector<Trace>& traces, const std::map<int64_t, std::string>& annotators) {
  for (const Dimension& d : scheme.dimensions) {
    std::vector<const Trace*> mine;
    for (const auto& t : traces)
      if (t.dimensionId == d.id && !t.values.empty()) mine.push_back(&t);
    double from = 0, to = -1;
    if (!mine.empty()) {
      from = 0;
      to = std::numeric_limits<double>::infinity();
      for (const Trace* t : mine) {
        from = std::max(from, t->start);
        to = std::min(to, t->start + static_cast<double>(t->values.size() - 1) / t->sampleRate);
      }
    }
    const int64_t n = to >= from ? static_cast<int64_t>(std::floor((to - from) * rate + 1e-9)) + 1 : 0;
    auto& dim = series[d.name];
    int64_t& before = units[d.name];
    for (auto& [rater, v] : dim) v.resize(static_cast<size_t>(before + n), kNaN);
    for (const Trace* t : mine) {
      std::vector<double>& v = dim[raterName(annotators, t->annotatorId, "human")];
      v.resize(static_cast<size_t>(before), kNaN);
      for (int64_t k = 0; k < n; ++k) {
        const double x = (from + static_cast<double>(k) / rate - t->start) * t->sampleRate;
        const auto i = static_cast<size_t>(std::max(0.0, std::floor(x)));
        const double f = x - static_cast<double>(i);
        const double a = t->values[std::min(i, t->values.size() - 1)], b = t->values[std::min(i + 1, t->values.size() - 1)];
        v.push_back(a + (b - a) * f);
      }
    }
    before += n;
  }
}

std::vector<GroupAgreement> continuous(const std::string& scopeName, const LabelScheme& scheme, double rate,
                                       const Series& series, const std::map<std::string, int64_t>& units) {
  std::vector<GroupAgreement> out;
  for (const auto& [dimension, raters] : series) {
    if (raters.empty()) continue;  // nobody traced this dimension
    GroupAgreement g;
    g.scope = scopeName;
    g.scheme = scheme.name + "/" + dimension;
    g.statistic = "ccc";
    g.rate = rate;
    g.units = units.at(dimension);
    g.fleissKappa = kNaN;
    std::vector<const std::vector<double>*> rows;
    for (const auto& [rater, v] : raters) {
      g.raters.push_back(rater);
      rows.push_back(&v);
    }
    for (size_t a = 0; a < rows.size(); ++a)
      for (size_t b = a + 1; b < rows.size(); ++b) {
        std::vector<double> x, y;
        for (size_t i = 0; i < rows[a]->size(); ++i)
          if (!std::isnan((*rows[a])[i]) && !std::isnan((*rows[b])[i])) {
            x.push_back((*rows[a])[i]);
            y.push_back((*rows[b])[i]);
          }
        g.pairs.push_back({g.raters[a], g.raters[b], false, static_cast<int64_t>(x.size()),
                           orNaN([&] { return agreement::concordanceCorrelation(x, y); })});
      }
    std::vector<std::vector<double>> complete, byRater;
    for (const auto* r : rows) byRater.push_back(*r);
    for (int64_t i = 0; i < g.units; ++i) {
      std::vector<double> unit;
      for (const auto* r : rows)
        if (!std::isnan((*r)[static_cast<size_t>(i)])) unit.push_back((*r)[static_cast<size_t>(i)]);
      if (unit.size() == rows.size()) complete.push_back(std::move(unit));
    }
    g.icc21 = rows.size() >= 2 ? orNaN([&] { return agreement::icc(complete, agreement::IccForm::ICC2_1); }) : kNaN;
    g.alpha = rows.size() >= 2 ? orNaN([&] { return agreement::krippendorffAlpha(byRater, agreement::Metric::Interval); }) : kNaN;
    fillRange(g);
    out.push_back(std::move(g));
  }
  return out;
}


// A model's predictions of a session as segments of the rater with annotator id `rater`.
std::vector<Segment> predictionSegments(const Project& project, int64_t sessionId, int64_t modelId, int64_t rater,
                                        const LabelScheme& scheme, const std::vector<std::string>& classes) {
  std::vector<Segment> out;
  const std::vector<Prediction> rows = project.predictions(sessionId, modelId);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Prediction& p = rows[i];
    if (p.fused.empty() || !std::isfinite(p.fused[0])) continue;
    const auto best = size_t(std::max_element(p.fused.begin(), p.fused.end()) - p.fused.begin());
    if (best >= classes.size()) continue;
    int64_t category = 0;
    for (const Category& c : scheme.categories)
      if (c.name == classes[best]) category = c.id;
    if (category == 0) continue;
    const double hop = i + 1 < rows.size() ? rows[i + 1].windowStart - p.windowStart
                       : i > 0             ? p.windowStart - rows[i - 1].windowStart
                                           : p.windowEnd - p.windowStart;
    const double centre = 0.5 * (p.windowStart + p.windowEnd);
    Segment g;
    g.sessionId = sessionId;
    g.schemeId = scheme.id;
    g.categoryId = category;
    g.annotatorId = rater;
    g.start = std::max(0.0, centre - hop / 2);
    g.end = centre + hop / 2;
    g.source = "model";
    out.push_back(g);
  }
  return out;
}

}  // namespace

std::vector<GroupAgreement> computeAgreement(const Project& project, const std::string& schemeName, double rate,
                                             AgreementScope scope, int64_t modelId) {
  if (!(rate > 0) || !std::isfinite(rate))
    throw Error(ErrorCode::InvalidArgument, project.path(), "the sampling rate for agreement must be positive");
  const LabelScheme scheme = project.scheme(schemeName);
  std::map<int64_t, std::string> annotators;
  for (const auto& a : project.annotators()) annotators[a.id] = a.name;
  std::map<int64_t, std::string> subjectCode;
  for (const auto& s : project.subjects()) subjectCode[s.id] = s.code;
  constexpr int64_t kModelRater = -1;  // no stored annotator has this id
  std::vector<std::string> modelClasses;
  if (modelId > 0 && scheme.kind == "categorical") {
    bool found = false;
    for (const ModelRecord& m : project.models()) {
      if (m.id != modelId) continue;
      found = true;
      annotators[kModelRater] = std::filesystem::path(m.path).filename().string();
      const JsonNode card = parseJson(m.card, project.path() + " (model " + std::to_string(modelId) + ")");
      if (const auto classes = card.find("classes"))
        for (const JsonNode& c : classes->items()) modelClasses.push_back(c.asString());
    }
    if (!found) throw Error(ErrorCode::NotFound, project.path(), "no model with id " + std::to_string(modelId));
  }

  std::vector<GroupAgreement> out;
  struct Accumulated {
    Codes codes;
    int64_t frames = 0;
    Series series;
    std::map<std::string, int64_t> samples;
  };
  std::map<int64_t, Accumulated> bySubject;
  auto report = [&](const std::string& name, const Accumulated& acc) {
    if (scheme.kind == "continuous") {
      for (auto& g : continuous(name, scheme, rate, acc.series, acc.samples)) out.push_back(std::move(g));
    } else {
      out.push_back(categorical(name, scheme, rate, acc.codes, acc.frames));
    }
  };
  for (const Session& s : project.sessions()) {
    auto segments = project.segments(s.id);
    if (!modelClasses.empty())
      for (Segment& g : predictionSegments(project, s.id, modelId, kModelRater, scheme, modelClasses))
        segments.push_back(std::move(g));
    const auto traces = project.traces(s.id);
    Accumulated single;
    Accumulated& acc = scope == AgreementScope::Session ? single : bySubject[s.subjectId];
    if (scheme.kind == "continuous")
      appendTraces(acc.series, acc.samples, scheme, rate, traces, annotators);
    else
      appendSession(acc.codes, acc.frames, s, segments, scheme, annotators, rate, sessionDuration(s, segments, traces));
    if (scope == AgreementScope::Session) report("session " + std::to_string(s.id) + " " + s.name, single);
  }
  for (const auto& [subject, acc] : bySubject) report("subject " + subjectCode[subject], acc);
  return out;
}

}  // namespace stf2m::store
