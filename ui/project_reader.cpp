#include "ui/project_reader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>

#include "common/error.h"
#include "common/statistics_choice.h"
#include "pipeline/subject_adaptation.h"
#include "pipeline/suggestions.h"
#include "store/agreement_report.h"
#include "store/project.h"

namespace stf2m::ui {

namespace {

// Reading never changes a project, but the store wants to know who is looking.
constexpr const char* kReader = "stf2m-studio";

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString modelName(const store::ModelRecord& m) {
  return QStringLiteral("%1 (%2)").arg(QFileInfo(qs(m.path)).fileName(), qs(m.sha256).left(8));
}

// Which evidence answers for an adapted model (the statistics path's choice), from its card.
QString labelledBy(const store::ModelRecord& m) { return qs(StatisticsChoice::fromCard(m.card).labelledBy()); }

// The entry's shown model: its name, file and what labels with it.
void showModel(SessionEntry& e, const store::ModelRecord& m) {
  e.modelName = modelName(m);
  e.modelFile = QFileInfo(qs(m.path)).fileName();
  e.labelledBy = labelledBy(m);
}

SessionEntry entryOf(const store::Project& project, const store::Session& s, const std::map<int64_t, QString>& codes,
                     const std::vector<store::ModelRecord>& models) {
  SessionEntry e;
  e.id = s.id;
  e.subjectId = s.subjectId;
  e.subjectCode = codes.count(s.subjectId) ? codes.at(s.subjectId) : QString();
  e.name = qs(s.name);
  e.recordedAt = qs(s.recordedAt);
  for (const store::MediaFile& m : s.media) {
    SessionMediaEntry me{m.id, qs(m.path), qs(m.kind), m.offset, m.duration, m.fps, QFileInfo::exists(qs(m.path))};
    e.duration = std::max(e.duration, m.offset + m.duration);
    e.media.push_back(me);
  }
  const std::vector<store::PredictionSet> sets = project.predictionSets(s.id);
  if (!sets.empty()) {
    // The subject's active model when it predicted this session, else the newest predictions.
    const store::PredictionSet* shown = &sets.front();
    if (const std::optional<store::ModelActivation> active = project.activeModel(s.subjectId))
      for (const store::PredictionSet& set : sets)
        if (set.modelId == active->modelId) shown = &set;
    e.modelId = shown->modelId;
    e.windows = shown->windows;
    for (const store::ModelRecord& m : models)
      if (m.id == e.modelId) showModel(e, m);
  }
  return e;
}

}  // namespace

int SessionEntry::missingMedia() const {
  return int(std::count_if(media.cbegin(), media.cend(), [](const SessionMediaEntry& m) { return !m.exists; }));
}

const SessionMediaEntry* SessionEntry::videoMedia() const {
  for (const SessionMediaEntry& m : media)
    if (m.kind.contains(QLatin1String("video"))) return &m;
  return nullptr;
}

ProjectOverview readProjectOverview(const QString& projectPath) {
  const store::Project project = store::Project::open(projectPath.toStdString(), kReader);
  ProjectOverview o;
  o.path = projectPath;
  o.name = qs(project.name());
  if (store::isServerLocation(project.path())) o.serverLogin = qs(project.actor());
  std::map<int64_t, QString> codes;
  for (const store::Subject& s : project.subjects()) {
    codes[s.id] = qs(s.code);
    o.subjects.push_back(qs(s.code));
  }
  const std::vector<store::ModelRecord> models = project.models();
  for (const store::Session& s : project.sessions()) o.sessions.push_back(entryOf(project, s, codes, models));
  std::sort(o.sessions.begin(), o.sessions.end(), [](const SessionEntry& a, const SessionEntry& b) {
    return a.subjectCode != b.subjectCode ? a.subjectCode < b.subjectCode : a.name < b.name;
  });
  return o;
}

void readCardLayout(const QString& cardJson, QStringList* emotions, QStringList* views) {
  const QJsonObject card = QJsonDocument::fromJson(cardJson.toUtf8()).object();
  for (const QJsonValue& v : card.value(QLatin1String("classes")).toArray()) emotions->push_back(v.toString());
  for (const QJsonValue& v : card.value(QLatin1String("views")).toArray()) views->push_back(v.toString());
}

namespace {

// One model's stored predictions for the session as the review draws them (empty when the
// model is unknown or its card names no emotions or views).
SessionReview readReview(const store::Project& project, const std::vector<store::ModelRecord>& models, qint64 sessionId,
                         qint64 modelId, const store::LabelScheme* emotionScheme, int* skippedRows) {
  SessionReview review;
  review.sessionId = sessionId;
  for (const store::ModelRecord& m : models) {
    if (m.id != modelId) continue;
    review.modelId = m.id;
    review.modelSha256 = qs(m.sha256);
    readCardLayout(qs(m.card), &review.emotions, &review.views);
  }
  if (review.modelId != 0 && !review.emotions.isEmpty() && !review.views.isEmpty()) {
    review.colors = emotionColors(review.emotions, emotionScheme);
    review.windows = reviewWindows(project.predictions(sessionId, modelId), int(review.views.size()),
                                   int(review.emotions.size()), skippedRows);
  }
  return review;
}

}  // namespace

SessionData readSessionData(const QString& projectPath, qint64 sessionId, qint64 modelId, qint64 compareModelId) {
  const store::Project project = store::Project::open(projectPath.toStdString(), kReader);
  const store::Session session = project.session(sessionId);
  std::map<int64_t, QString> codes;
  for (const store::Subject& s : project.subjects()) codes[s.id] = qs(s.code);
  const std::vector<store::ModelRecord> models = project.models();

  SessionData data;
  data.entry = entryOf(project, session, codes, models);
  if (modelId == 0) modelId = data.entry.modelId;
  for (const store::PredictionSet& set : project.predictionSets(sessionId))
    for (const store::ModelRecord& m : models)
      if (m.id == set.modelId) data.models.push_back({m.id, modelName(m), set.windows});
  // The shown model's name (the newest one's is in the entry).
  for (const store::ModelRecord& m : models)
    if (m.id == modelId) showModel(data.entry, m);

  const std::vector<store::LabelScheme> schemes = project.schemes();
  const store::LabelScheme* emotionScheme = nullptr;
  for (const store::LabelScheme& s : schemes) {
    if (s.name == "emotion") emotionScheme = &s;
    if (s.kind == "continuous")
      for (const store::Dimension& d : s.dimensions) data.dimensions.push_back({d.id, qs(s.name), qs(d.name), d.min, d.max});
    if (s.kind != "categorical") continue;
    LabelSchemeInfo info{s.id, qs(s.name), {}};
    for (const store::Category& c : s.categories) info.categories.push_back({c.id, qs(c.name), QColor(qs(c.color)), qs(c.hotkey)});
    data.schemes.push_back(std::move(info));
  }

  data.review = readReview(project, models, sessionId, modelId, emotionScheme, &data.skippedRows);
  if (compareModelId != 0 && compareModelId != modelId) {
    int skipped = 0;
    data.comparison = readReview(project, models, sessionId, compareModelId, emotionScheme, &skipped);
    for (const store::ModelRecord& m : models)
      if (m.id == compareModelId) data.comparisonName = modelName(m);
  }

  // Human annotation: one tier per annotator and scheme, one per annotator and traced dimension.
  std::map<int64_t, QString> annotators;
  for (const store::Annotator& a : project.annotators()) annotators[a.id] = qs(a.name);
  std::map<std::pair<int64_t, int64_t>, AnnotationTier> segmentTiers;
  for (const store::Segment& s : project.segments(sessionId)) {
    const store::LabelScheme* scheme = nullptr;
    for (const store::LabelScheme& sc : schemes)
      if (sc.id == s.schemeId) scheme = &sc;
    AnnotationTier& tier = segmentTiers[{s.annotatorId, s.schemeId}];
    tier.kind = AnnotationTier::Kind::Segments;
    tier.name = QStringLiteral("%1 · %2").arg(annotators[s.annotatorId], scheme ? qs(scheme->name) : QString());
    tier.annotator = annotators[s.annotatorId];
    tier.schemeId = s.schemeId;
    TierSegment seg;
    seg.id = s.id;
    seg.version = s.version;
    seg.start = s.start;
    seg.end = s.end;
    if (scheme)
      for (const store::Category& c : scheme->categories)
        if (c.id == s.categoryId) seg.label = qs(c.name), seg.color = QColor(qs(c.color));
    if (s.confidence) seg.confidence = *s.confidence;
    tier.segments.push_back(seg);
  }
  for (auto& [key, tier] : segmentTiers) data.tiers.push_back(std::move(tier));
  for (const store::Trace& t : project.traces(sessionId)) {
    AnnotationTier tier;
    tier.kind = AnnotationTier::Kind::Trace;
    QString dimension;
    for (const store::LabelScheme& sc : schemes)
      for (const store::Dimension& d : sc.dimensions)
        if (d.id == t.dimensionId) dimension = qs(d.name), tier.traceMin = d.min, tier.traceMax = d.max;
    tier.name = QStringLiteral("%1 · %2").arg(annotators[t.annotatorId], dimension);
    tier.annotator = annotators[t.annotatorId];
    tier.dimensionId = t.dimensionId;
    tier.traceId = t.id;
    tier.traceRate = t.sampleRate;
    tier.traceStart = t.start;
    tier.trace = QVector<float>(t.values.begin(), t.values.end());
    data.tiers.push_back(std::move(tier));
  }
  return data;
}

AnnotationTier modelTier(const SessionReview& review, const QString& name) {
  AnnotationTier tier;
  tier.kind = AnnotationTier::Kind::Model;
  tier.name = name;
  const QVector<ReviewWindow>& w = review.windows;
  if (w.isEmpty()) return tier;
  // Each window stands for the hop around its centre, so consecutive windows tile the time axis.
  const double hop = w.size() > 1 ? w[1].start - w[0].start : w[0].end - w[0].start;
  int runEmotion = -1, runWindows = 0;
  double confidenceSum = 0;
  for (int i = 0; i <= w.size(); ++i) {
    int best = -1;
    if (i < w.size())
      for (int c = 0; c < review.emotions.size() && c < w[i].fused.size(); ++c)
        if (!std::isnan(w[i].fused[c]) && (best < 0 || w[i].fused[c] > w[i].fused[best])) best = c;
    if (best == runEmotion && i < w.size()) {
      if (best >= 0) ++runWindows, confidenceSum += std::isnan(w[i].confidence) ? 0.0 : w[i].confidence;
      continue;
    }
    if (runEmotion >= 0) {  // the run ends with window i - 1
      TierSegment& seg = tier.segments.last();
      seg.end = w[i - 1].centre() + hop / 2;
      seg.confidence = confidenceSum / runWindows;
    }
    runEmotion = best;
    if (best >= 0) {
      TierSegment seg;
      seg.start = w[i].centre() - hop / 2;
      seg.label = review.emotions.value(best);
      seg.color = review.colors.value(best);
      tier.segments.push_back(seg);
      runWindows = 1;
      confidenceSum = std::isnan(w[i].confidence) ? 0.0 : w[i].confidence;
    }
  }
  return tier;
}

SubjectData readSubjectData(const QString& projectPath, const QString& subjectCode) {
  const store::Project project = store::Project::open(projectPath.toStdString(), kReader);
  const store::Subject subject = project.subjectByCode(subjectCode.toStdString());
  SubjectData d;
  d.id = subject.id;
  d.code = qs(subject.code);
  std::optional<store::LabelScheme> scheme;
  for (const store::LabelScheme& sc : project.schemes())
    if (sc.name == "emotion") scheme = sc;
  std::map<int64_t, int> perCategory;
  for (const store::Session& session : project.sessions()) {
    if (session.subjectId != subject.id) continue;
    ++d.sessions;
    for (const store::Segment& seg : project.segments(session.id))
      if (scheme && seg.schemeId == scheme->id && seg.source == "human") {
        ++perCategory[seg.categoryId];
        QString category;
        for (const store::Category& c : scheme->categories)
          if (c.id == seg.categoryId) category = qs(c.name);
        d.segments.push_back({seg.id, qs(session.name), category, seg.start, seg.end});
      }
  }
  if (scheme)
    for (const store::Category& c : scheme->categories)
      d.labelled.push_back({qs(c.name), perCategory.count(c.id) ? perCategory.at(c.id) : 0});
  std::map<int64_t, store::ModelRecord> models;
  for (store::ModelRecord& m : project.models()) models.emplace(m.id, std::move(m));
  const std::vector<store::ModelActivation> history = project.modelHistory(subject.id);
  for (size_t i = 0; i < history.size(); ++i) {
    const store::ModelActivation& a = history[i];
    SubjectModelEntry e;
    e.modelId = a.modelId;
    if (models.count(a.modelId)) {
      const store::ModelRecord& m = models.at(a.modelId);
      e.name = modelName(m);
      e.kind = qs(m.kind);
      e.labelledBy = labelledBy(m);
    }
    e.supportSetId = a.supportSetId.value_or(0);
    e.activatedAt = qs(a.activatedAt);
    e.activatedBy = qs(a.activatedBy);
    e.active = i == 0;
    d.history.push_back(e);
  }
  if (history.empty())
    if (const std::optional<int64_t> shown = pipeline::subjectModel(project, subject.id); shown && models.count(*shown))
      d.history.push_back({*shown, modelName(models.at(*shown)), qs(models.at(*shown).kind), 0, {}, {}, true,
                           labelledBy(models.at(*shown))});
  std::map<int64_t, int64_t> adaptedFrom;  // support set -> the first model adapted from it
  for (auto it = history.rbegin(); it != history.rend(); ++it)
    if (it->supportSetId && !adaptedFrom.count(*it->supportSetId)) adaptedFrom[*it->supportSetId] = it->modelId;
  for (const store::SupportSet& set : project.supportSets(subject.id)) {
    SupportSetEntry e{set.id, qs(set.name), QVector<qint64>(set.segmentIds.begin(), set.segmentIds.end()), qs(set.createdAt), 0};
    if (adaptedFrom.count(set.id)) e.modelId = adaptedFrom.at(set.id);
    d.supportSets.push_back(std::move(e));
  }
  return d;
}

QVector<SuggestionEntry> readSuggestions(const QString& projectPath, qint64 sessionId, qint64 modelId, int top) {
  const store::Project project = store::Project::open(projectPath.toStdString(), kReader);
  QVector<SuggestionEntry> out;
  if (modelId <= 0) {
    const SessionEntry entry = entryOf(project, project.session(sessionId), {}, {});
    if (!entry.analysed()) return out;
    modelId = entry.modelId;
  }
  for (const pipeline::Suggestion& s : pipeline::suggestWindows(project, sessionId, top, modelId))
    out.push_back({s.start, s.end, qs(s.predicted), s.probability, s.uncertainty, s.disagreement, s.score});
  return out;
}

QVector<AgreementEntry> readAgreement(const QString& projectPath, qint64 sessionId, qint64 modelId) {
  const store::Project project = store::Project::open(projectPath.toStdString(), kReader);
  const store::Session session = project.session(sessionId);
  std::string code;
  for (const store::Subject& s : project.subjects())
    if (s.id == session.subjectId) code = s.code;
  const std::string sessionScope = "session " + std::to_string(session.id) + " " + session.name;
  QVector<AgreementEntry> out;
  std::vector<std::string> schemes{"emotion"};
  for (const store::LabelScheme& sc : project.schemes())
    if (sc.kind == "continuous") schemes.push_back(sc.name);
  for (const store::AgreementScope scope : {store::AgreementScope::Session, store::AgreementScope::Subject})
    for (const std::string& scheme : schemes)
      for (const store::GroupAgreement& g : store::computeAgreement(project, scheme, 25.0, scope, scheme == "emotion" ? modelId : 0)) {
        if (g.scope != (scope == store::AgreementScope::Session ? sessionScope : "subject " + code) || g.raters.size() < 2)
          continue;
        AgreementEntry e{qs(g.scope), qs(g.scheme), g.statistic == "ccc", g.units, {}, g.alpha, g.fleissKappa, g.icc21,
                         g.humanMin, g.humanMax};
        for (const store::PairAgreement& p : g.pairs)
          e.pairs.push_back({qs(p.raterA), qs(p.raterB), p.involvesModel, p.units, p.value});
        out.push_back(std::move(e));
      }
  return out;
}

model::RuleShapes readRuleShapes(const QString& projectPath, qint64 modelId) {
  const store::Project project = store::Project::open(projectPath.toStdString(), kReader);
  for (const store::ModelRecord& m : project.models())
    if (m.id == modelId) return model::WindowPredictor(m.path, "cpu").ruleShapes();
  throw Error(ErrorCode::NotFound, projectPath.toStdString(), "no model with id " + std::to_string(modelId));
}

}  // namespace stf2m::ui
