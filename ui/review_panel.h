#pragma once
// The review of one session, all on one time axis: the per-view membership heatmap, the fused
// emotion curves with their confidence, and the annotation tiers. It shows stored predictions
// (showSession) and a running analysis as it grows (showLiveReview), follows the player's
// cursor, and exports each plot.
#include <QLabel>
#include <QWidget>

class QComboBox;

#include "ui/project_reader.h"
#include "ui/session_review.h"

namespace stf2m::ui {

class AnnotationTiers;
class EmotionCurves;
class MembershipHeatmap;
class TimeAxis;

class ReviewPanel : public QWidget {
  Q_OBJECT

 public:
  enum class Part { Heatmap, Curves, Timeline, All };

  explicit ReviewPanel(QWidget* parent = nullptr);

  void showSession(const SessionData& data);
  // The review of a running analysis (the windows so far); the human tiers stay.
  void showLiveReview(const SessionReview& review);
  void showMessage(const QString& text);  // e.g. "Not analysed yet: Analysis ▸ Analyse Session"
  void clear();

  const SessionReview& review() const { return review_; }
  qint64 shownModel() const { return review_.modelId; }  // 0: none
  TimeAxis* axis() const { return axis_; }
  MembershipHeatmap* heatmap() const { return heatmap_; }
  EmotionCurves* curves() const { return curves_; }
  AnnotationTiers* tiers() const { return tiers_; }
  QWidget* part(Part part) const;

  // Writes one part as PNG or PDF (by the file's suffix). Returns an error sentence, or empty.
  QString exportPart(Part part, const QString& path) const;
  QComboBox* modelBox() const { return modelBox_; }
  QComboBox* comparisonBox() const { return compareBox_; }

 Q_SIGNALS:
  // The user chose another model's stored predictions for this session.
  void modelChosen(qint64 modelId);
  // The user chose a model to compare with (0: none).
  void comparisonChosen(qint64 modelId);

 private:
  void setReview(const SessionReview& review);

  TimeAxis* axis_ = nullptr;
  QLabel* title_ = nullptr;
  QComboBox* modelBox_ = nullptr;
  QComboBox* compareBox_ = nullptr;
  QWidget* plots_ = nullptr;
  MembershipHeatmap* heatmap_ = nullptr;
  EmotionCurves* curves_ = nullptr;
  AnnotationTiers* tiers_ = nullptr;
  SessionReview review_;
  QString modelName_;
};

}  // namespace stf2m::ui
