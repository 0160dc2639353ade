#pragma once
// The annotation tiers under the plots, on the shared time axis: one row per annotator and
// scheme with the segments drawn in their category colours and labelled, the model's segments as
// a tier of their own (opacity = the run's confidence), and continuous traces as line tiers.
// A trace tier chosen for painting takes strokes: dragging on it draws the trace (up is the
// dimension's maximum), previewed at once and handed on as a stroke when the button goes up.
#include <QEvent>
#include <QVector>
#include <QWidget>

#include "ui/project_reader.h"
#include "ui/trace_stroke.h"

namespace stf2m::ui {

class TimeAxis;

class AnnotationTiers : public QWidget {
  Q_OBJECT

 public:
  AnnotationTiers(TimeAxis* axis, QWidget* parent = nullptr);

  // Human tiers come from the project; the model's tier is replaced as an analysis grows.
  void setTiers(const QVector<AnnotationTier>& humanTiers);
  void setModelTier(const AnnotationTier& tier);
  void clear();

  QVector<AnnotationTier> tiers() const;  // in drawing order: model first, then the human tiers
  // The tier row at widget y, -1 outside; the segment under session time `seconds`, -1 none.
  int tierAt(int y) const;
  int segmentAt(int tier, double seconds) const;
  QString describe(int tier, double seconds) const;

  // Labelling: the in and out marks (NaN when unset) drawn as a band, the selected segment
  // outlined, and a line naming the label keys under the tiers (empty: none).
  void setMarks(double in, double out);
  void setSelected(qint64 segmentId);
  void setKeyLegend(const QString& legend);
  // The annotator's trace of `dimension` takes strokes (dimension id 0: painting is off). When
  // they have none yet, an empty row for it stands last.
  void setPaintTarget(const QString& annotator, const TraceDimensionInfo& dimension);
  const TraceDimensionInfo& paintDimension() const { return paint_; }
  int paintRow() const;  // -1 when painting is off
  QRectF rowRect(int row) const;  // the row's band in widget coordinates (empty outside)
  QString keyLegend() const { return legend_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  // A click (not a drag) on a tier row; the time axis still seeks there.
  void clicked(int tier, double seconds);
  // A Shift+drag across the tiers marks a range (instead of panning): start and end so far.
  void rangeDragged(double from, double to);
  // A stroke drawn on the paint row: (session seconds, value) in drawing order; traceId 0 when
  // the annotator has no trace of that dimension yet.
  void tracePainted(qint64 traceId, qint64 dimensionId, const QVector<QPointF>& stroke);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  static constexpr int kRowHeight = 26;
  static constexpr int kTraceRowHeight = 52;  // room to paint a value
  static constexpr int kTop = 4;
  static constexpr int kLegendHeight = 18;
  int legendHeight() const { return legend_.isEmpty() ? 0 : kLegendHeight; }
  int rowsHeight(const QVector<AnnotationTier>& all) const;
  QRectF rowBand(const QVector<AnnotationTier>& all, int row, double left, double right) const;
  void paintMarks(QPainter& painter, double left, double right);
  void paintTrace(QPainter& painter, const AnnotationTier& tier, const QRectF& band) const;
  bool strokeEvent(QMouseEvent* mouse, QEvent::Type type);
  QPointF strokePoint(QPointF position) const;  // (seconds, value) on the paint row
  TimeAxis* axis_;
  AnnotationTier model_;
  QVector<AnnotationTier> human_;
  double in_, out_;
  qint64 selected_ = 0;
  QString legend_;
  QPointF pressAt_;
  bool rangeDrag_ = false;
  QString paintAnnotator_;
  TraceDimensionInfo paint_;
  QVector<QPointF> stroke_;   // the stroke being drawn (or just handed on)
  bool painting_ = false;
  bool showStroke_ = false;   // until the stored trace comes back
};

}  // namespace stf2m::ui
