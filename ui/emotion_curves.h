#pragma once
// The temporal emotion curves: the fused probability of each emotion over time in the label
// scheme's colours, and under them the window's confidence as a filled band (how certain the
// fused answer is and how much the views agree, 0..1). Clicking an emotion in the legend hides or
// shows its curve; the choice is remembered. Another model's curves can be laid over them, dashed
// in the same colours (the model before an adaptation beside the adapted one). Shares the
// TimeAxis with the other views.
#include <QVector>
#include <QWidget>

#include "ui/session_review.h"

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;

namespace stf2m::ui {

class TimeAxis;

class EmotionCurves : public QWidget {
  Q_OBJECT

 public:
  EmotionCurves(TimeAxis* axis, QWidget* parent = nullptr);

  void setReview(const SessionReview& review);
  // Another model's predictions for the same session, drawn dashed (empty review: none).
  void setComparison(const SessionReview& review);
  void clear();
  void setEmotionVisible(int emotion, bool visible);
  bool isEmotionVisible(int emotion) const;

  // For tests and exports: the points of one emotion's curve (window centre, fused probability).
  QVector<QPointF> curvePoints(int emotion) const;
  QVector<QPointF> confidencePoints() const;
  // The comparison's curve of the shown review's emotion `emotion` (empty when it has none).
  QVector<QPointF> comparisonPoints(int emotion) const;
  bool hasComparison() const { return !compared_.isEmpty(); }
  QCustomPlot* plot() const { return plot_; }
  QSize minimumSizeHint() const override { return {300, 260}; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void rebuild();
  void rebuildComparison();
  void fillData();
  void applyRange();
  void applyPalette();
  void restyleLegend();

  TimeAxis* axis_;
  SessionReview review_;
  SessionReview comparison_;
  QVector<QCPGraph*> compared_;  // per emotion of review_, null where the comparison lacks it
  QStringList hidden_;  // emotions the user switched off (by name, so they stay off across sessions)
  QCustomPlot* plot_ = nullptr;
  QCPAxisRect* confidenceRect_ = nullptr;
  QVector<QCPGraph*> curves_;
  QCPGraph* confidence_ = nullptr;
  QCPItemStraightLine* cursor_ = nullptr;
  QCPItemStraightLine* confidenceCursor_ = nullptr;
};

}  // namespace stf2m::ui
