#pragma once
// Reading a project for the Studio: the sessions the browser lists, and everything the review
// views draw for one session (its media, one model's predictions, the annotation tiers). These
// are plain functions over core/store, meant to run on a pool thread (each call opens its own
// connection: a store::Project belongs to one thread). Errors are stf2m::Error naming the file.
#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>

#include "model/window_predictor.h"
#include "ui/session_review.h"

namespace stf2m::ui {

struct SessionMediaEntry {
  qint64 id = 0;
  QString path;
  QString kind;  // "video", "audio" or "audio+video"
  double offset = 0;
  double duration = 0;
  double fps = 0;
  bool exists = true;  // the file is where the project says (its content is checked on relink)
};

struct SessionEntry {
  qint64 id = 0;
  qint64 subjectId = 0;
  QString subjectCode;
  QString name;
  QString recordedAt;
  QVector<SessionMediaEntry> media;
  double duration = 0;       // session seconds: the latest end of its media
  qint64 modelId = 0;        // the subject's active model, else the newest predictions; 0: not analysed
  int windows = 0;           // that model's windows
  QString modelName;         // the model file's name and the first digits of its SHA-256
  QString modelFile;         // the model file's name
  // Which evidence labels with that model: "ST-F2M", "pooled statistics" or a mix of both, chosen
  // on the subject's labelled clips when it was adapted (docs/adaptation.md); empty for a model
  // without the statistics path.
  QString labelledBy;

  bool analysed() const { return modelId != 0; }
  int missingMedia() const;
  // The file the player shows: the first with video, else empty.
  const SessionMediaEntry* videoMedia() const;
};

struct ProjectOverview {
  QString path;
  QString name;
  QString serverLogin;  // on a team server, who the server says is writing (empty for a file)
  QStringList subjects;  // every subject code, also those without sessions
  QVector<SessionEntry> sessions;  // by subject code, then session name
};

struct TierSegment {
  qint64 id = 0;  // the stored segment; 0 for the model's runs
  qint64 version = 0;  // its row version when read (store::Segment::version)
  double start = 0, end = 0;
  QString label;
  QColor color;
  double confidence = std::numeric_limits<double>::quiet_NaN();
};

// One row of the annotation timeline: an annotator's segments in one scheme, the model's
// segments, or an annotator's continuous trace of one dimension.
struct AnnotationTier {
  enum class Kind { Segments, Model, Trace };
  Kind kind = Kind::Segments;
  QString name;  // "alice · emotion", "model · session.stf2m", "alice · valence"
  QString annotator;     // human tiers
  qint64 schemeId = 0;   // segment tiers
  qint64 dimensionId = 0, traceId = 0;  // trace tiers (traceId 0: nothing painted yet)
  QVector<TierSegment> segments;
  double traceRate = 0, traceStart = 0, traceMin = -1, traceMax = 1;
  QVector<float> trace;
};

// A model that has predictions for the session: the review can show any of them.
struct ModelChoice {
  qint64 id = 0;
  QString name;  // file name and the first digits of its SHA-256
  int windows = 0;
};

// A categorical label scheme as the labelling keys use it.
struct LabelCategoryInfo {
  qint64 id = 0;
  QString name;
  QColor color;
  QString hotkey;  // one letter or digit; may be empty
};
struct LabelSchemeInfo {
  qint64 id = 0;
  QString name;
  QVector<LabelCategoryInfo> categories;  // in the scheme's order
};

// A dimension of a continuous scheme, which a trace is painted in.
struct TraceDimensionInfo {
  qint64 id = 0;
  QString scheme, name;  // "affect", "valence"
  double min = -1, max = 1;
};

struct SessionData {
  SessionEntry entry;
  QVector<LabelSchemeInfo> schemes;  // the project's categorical schemes
  QVector<TraceDimensionInfo> dimensions;  // the dimensions of its continuous schemes
  QVector<ModelChoice> models;  // newest predictions first
  SessionReview review;  // empty when the session has no predictions of the chosen model
  SessionReview comparison;  // another model's predictions drawn beside them (empty: none asked)
  QString comparisonName;
  QVector<AnnotationTier> tiers;  // human tiers (the model's tier is made from the review)
  int skippedRows = 0;            // prediction rows whose shape did not match the model's card
};

// One entry of a subject's model history (newest first; the first is active).
struct SubjectModelEntry {
  qint64 modelId = 0;
  QString name;  // file name and the first digits of its SHA-256
  QString kind;  // "adapted" or "meta"
  qint64 supportSetId = 0;
  QString activatedAt, activatedBy;  // empty for a model shown because it predicted last
  bool active = false;
  QString labelledBy;  // as SessionEntry::labelledBy
};

// What the Subject panel shows: the subject's labelled segments of the emotion scheme (across its
// sessions) and their count per category (zero counts included), and its model history (or,
// before any, the model its sessions are shown with).
// One labelled (human) segment of the subject, a candidate for its support set.
struct SubjectSegment {
  qint64 id = 0;
  QString session;   // the session's name
  QString category;
  double start = 0, end = 0;
};

// A stored support set of the subject.
struct SupportSetEntry {
  qint64 id = 0;
  QString name;
  QVector<qint64> segmentIds;
  QString createdAt;
  qint64 modelId = 0;  // a model adapted from it (then it cannot be deleted); 0: none
};

struct SubjectData {
  qint64 id = 0;
  QString code;
  int sessions = 0;
  QVector<QPair<QString, int>> labelled;
  QVector<SubjectSegment> segments;  // by session, then start
  QVector<SubjectModelEntry> history;
  QVector<SupportSetEntry> supportSets;  // oldest first
};

// A window to label next (pipeline/suggestions.h): no human segment covers it, ranked by the
// uncertainty of the fused answer plus the disagreement between the views.
struct SuggestionEntry {
  double start = 0, end = 0;
  QString predicted;
  double probability = 0, uncertainty = 0, disagreement = 0, score = 0;
};

// Agreement (store/agreement_report.h) at 25 Hz: of the emotion scheme's segments, rater pairs
// (Cohen's kappa) and all raters (Krippendorff's alpha, Fleiss' kappa) with a model's predictions
// as one more rater; of each traced dimension, rater pairs (Lin's CCC) and all raters (ICC(2,1),
// Krippendorff's alpha on the interval scale); beside the range of the human pairs.
struct AgreementPairEntry {
  QString raterA, raterB;
  bool involvesModel = false;
  qint64 frames = 0;
  double value = 0;  // kappa or CCC; NaN when undefined
};
struct AgreementEntry {
  QString scope;  // "session 3 intake", "subject P01"
  QString scheme;  // "emotion", or "affect/valence" for a traced dimension
  bool continuous = false;
  qint64 frames = 0;
  QVector<AgreementPairEntry> pairs;
  double alpha = 0, fleissKappa = 0, icc = 0, humanMin = 0, humanMax = 0;  // NaN when undefined
};

ProjectOverview readProjectOverview(const QString& projectPath);
// The fuzzy rules' membership functions of a stored (adapted) model, read from its file.
model::RuleShapes readRuleShapes(const QString& projectPath, qint64 modelId);
// For the session and then its subject: the emotion scheme, then each traced dimension of the
// continuous schemes (a scope with fewer than two raters is left out).
QVector<AgreementEntry> readAgreement(const QString& projectPath, qint64 sessionId, qint64 modelId);
// The `top` windows of the session to label next by the model's predictions (0: the shown one).
QVector<SuggestionEntry> readSuggestions(const QString& projectPath, qint64 sessionId, qint64 modelId, int top);
SubjectData readSubjectData(const QString& projectPath, const QString& subjectCode);
// `modelId` 0: the model with the newest predictions for the session; `compareModelId` (not 0)
// another model whose predictions are read as the comparison.
SessionData readSessionData(const QString& projectPath, qint64 sessionId, qint64 modelId = 0, qint64 compareModelId = 0);

// The model's tier: runs of consecutive windows with the same most probable emotion, each run
// from the first window's centre to the last's (windows without a view end a run). The run's
// confidence is the mean of its windows'.
AnnotationTier modelTier(const SessionReview& review, const QString& name);

// The emotions and views a model's stored card names (session analysis stores "classes" and
// "views"); empty lists when the card has neither.
void readCardLayout(const QString& cardJson, QStringList* emotions, QStringList* views);

}  // namespace stf2m::ui
