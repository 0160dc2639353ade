// Traces and model outputs as CSV: long tables for analysis and a per-frame wide table.
#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "common/json.h"
#include "common/statistics_choice.h"
#include "interchange/csv_writer.h"
#include "common/file_io.h"
#include "interchange/interchange.h"
#include "interchange/text_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

const store::ModelRecord& findModel(const std::vector<store::ModelRecord>& models, int64_t id, const store::Project& p) {
  for (const auto& m : models)
    if (m.id == id) return m;
  throw Error(ErrorCode::NotFound, p.path(), "no model with id " + std::to_string(id));
}

// Names from the model card's "views" / "classes" arrays when present and long enough.
std::vector<std::string> namesFromCard(const std::string& card, const char* key, int count, const char* fallback) {
  std::vector<std::string> names;
  try {
    const JsonNode v = parseJson(card, "model card");
    if (const std::optional<JsonNode> list = v.isObject() ? v.find(key) : std::nullopt; list && list->isArray())
      for (const JsonNode& n : list->items())
        if (n.isString()) names.push_back(n.asString());
  } catch (const Error&) {
    names.clear();  // a card that is not JSON only loses the names, not the export
  }
  if (static_cast<int>(names.size()) != count) {
    names.clear();
    for (int i = 0; i < count; ++i) names.push_back(std::string(fallback) + std::to_string(i));
  }
  return names;
}

std::string supportSetIds(const std::string& card) {
  try {
    const JsonNode v = parseJson(card, "model card");
    const std::optional<JsonNode> ids = v.isObject() ? v.find("support_set_ids") : std::nullopt;
    if (!ids || !ids->isArray()) return "";
    std::string out;
    for (const JsonNode& id : ids->items()) out += (out.empty() ? "" : " ") + std::to_string(id.asInt());
    return out;
  } catch (const Error&) {
    return "";
  }
}

struct ModelOutputs {
  SessionSnapshot snap;
  store::ModelRecord model;
  std::vector<store::Prediction> predictions;
  std::vector<std::string> views, classes;
};

ModelOutputs readOutputs(const store::Project& project, int64_t sessionId, int64_t modelId) {
  ModelOutputs o{readSession(project, sessionId), findModel(project.models(), modelId, project), project.predictions(sessionId, modelId), {}, {}};
  const int viewCount = o.predictions.empty() ? 0 : o.predictions.front().viewCount;
  const int classCount = o.predictions.empty() ? 0 : o.predictions.front().classCount;
  for (const auto& p : o.predictions)
    if (p.viewCount != viewCount || p.classCount != classCount)
      throw Error(ErrorCode::CorruptData, project.path(), "the predictions of model " + std::to_string(modelId) +
                                                              " for this session do not all have the same views and classes");
  o.views = namesFromCard(o.model.card, "views", viewCount, "view");
  o.classes = namesFromCard(o.model.card, "classes", classCount, "class");
  return o;
}

void modelMeta(CsvWriter& csv, const ModelOutputs& o) {
  csv.meta("model_id", std::to_string(o.model.id));
  csv.meta("model_kind", o.model.kind);
  csv.meta("model_sha256", o.model.sha256);
  if (o.model.parentId) csv.meta("model_parent_id", std::to_string(*o.model.parentId));
  csv.meta("support_set_ids", supportSetIds(o.model.card));
  // Which evidence labelled the session (the statistics path's mix; docs/adaptation.md).
  if (const StatisticsChoice statistics = StatisticsChoice::fromCard(o.model.card); statistics.present())
    csv.meta("labelled_by", statistics.labelledBy());
}

}  // namespace

void exportTracesCsv(const store::Project& project, int64_t sessionId, const std::string& path) {
  const SessionSnapshot snap = readSession(project, sessionId);
  const auto traces = project.traces(sessionId);
  CsvWriter csv;
  csv.meta("format", "stf2m-traces-csv 1");
  csv.sessionMeta(project, snap);
  auto dimension = [&](int64_t id) -> std::pair<std::string, std::string> {
    for (const auto& s : snap.schemes)
      for (const auto& d : s.dimensions)
        if (d.id == id) return {s.name, d.name};
    return {"?", "dimension " + std::to_string(id)};
  };
  for (const auto& t : traces) {
    const auto [scheme, dim] = dimension(t.dimensionId);
    csv.meta("trace", snap.annotatorName(t.annotatorId) + " " + scheme + "/" + dim + " sample_rate=" + formatNumber(t.sampleRate) +
                          " start_s=" + formatNumber(t.start) + " samples=" + std::to_string(t.values.size()));
  }
  csv.row({"session_id", "annotator", "scheme", "dimension", "time_s", "value"});
  for (const auto& t : traces) {
    const auto [scheme, dim] = dimension(t.dimensionId);
    for (size_t i = 0; i < t.values.size(); ++i)
      csv.row({std::to_string(sessionId), snap.annotatorName(t.annotatorId), scheme, dim,
               formatNumber(t.start + static_cast<double>(i) / t.sampleRate), formatNumber(t.values[i])});
  }
  writeFileAtomically(path, csv.text());
}

void exportPredictionsCsv(const store::Project& project, int64_t sessionId, int64_t modelId, const std::string& path) {
  const ModelOutputs o = readOutputs(project, sessionId, modelId);
  CsvWriter csv;
  csv.meta("format", "stf2m-predictions-csv 1");
  csv.sessionMeta(project, o.snap);
  modelMeta(csv, o);
  csv.row({"session_id", "model_id", "window_start_s", "window_end_s", "output", "view", "class", "value"});
  for (const auto& p : o.predictions) {
    const std::string s = std::to_string(sessionId), m = std::to_string(modelId), a = formatNumber(p.windowStart),
                      b = formatNumber(p.windowEnd);
    // NaN marks a view the window does not have (or a window without views): no row, tidy data.
    for (int c = 0; c < p.classCount; ++c)
      if (std::isfinite(p.fused[c])) csv.row({s, m, a, b, "fused", "", o.classes[c], formatNumber(p.fused[c])});
    for (int v = 0; v < p.viewCount; ++v)
      for (int c = 0; c < p.classCount; ++c)
        if (const float x = p.memberships[v * p.classCount + c]; std::isfinite(x))
          csv.row({s, m, a, b, "view", o.views[v], o.classes[c], formatNumber(x)});
  }
  writeFileAtomically(path, csv.text());
}

void exportFrameCsv(const store::Project& project, int64_t sessionId, int64_t modelId, const std::string& path, double fps) {
  const ModelOutputs o = readOutputs(project, sessionId, modelId);
  if (fps <= 0)
    for (const auto& m : o.snap.session.media)
      if (fps <= 0 && m.fps > 0) fps = m.fps;
  if (!(fps > 0) || !std::isfinite(fps))
    throw Error(ErrorCode::InvalidArgument, project.path(), "the session has no video: give the frame rate for the per-frame CSV");
  CsvWriter csv;
  csv.meta("format", "stf2m-frames-csv 1");
  csv.sessionMeta(project, o.snap);
  modelMeta(csv, o);
  csv.meta("frame_rate", formatNumber(fps));
  std::vector<std::string> header{"frame", "time_s"};
  for (const auto& c : o.classes) header.push_back("fused_" + c);
  for (const auto& v : o.views)
    for (const auto& c : o.classes) header.push_back(v + "_" + c);
  csv.row(header);
  const auto frames = static_cast<int64_t>(std::floor(o.snap.end() * fps + 1e-9));
  for (int64_t f = 0; f < frames; ++f) {
    const double t = (static_cast<double>(f) + 0.5) / fps;
    const store::Prediction* covering = nullptr;
    for (const auto& p : o.predictions)  // by window start: the last match starts latest
      if (p.windowStart <= t && t < p.windowEnd) covering = &p;
    std::vector<std::string> row{std::to_string(f), formatNumber(static_cast<double>(f) / fps)};
    auto cell = [](const store::Prediction* p, float x) { return p && std::isfinite(x) ? formatNumber(x) : std::string(); };
    for (size_t c = 0; c < o.classes.size(); ++c) row.push_back(cell(covering, covering ? covering->fused[c] : 0.f));
    for (size_t k = 0; k < o.views.size() * o.classes.size(); ++k)
      row.push_back(cell(covering, covering ? covering->memberships[k] : 0.f));
    csv.row(row);
  }
  writeFileAtomically(path, csv.text());
}

}  // namespace stf2m::interchange
