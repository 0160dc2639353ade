#pragma once
// The annotation tiers under the plots, on the shared time axis: one row per annotator and
// scheme with the segments drawn in their category colours and labelled, the model's segments as
// a tier of their own (opacity = the run's confidence), and continuous traces as line tiers.
#include <QVector>
#include <QWidget>

#include "ui/project_reader.h"

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

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  static constexpr int kRowHeight = 26;
  static constexpr int kTop = 4;

  TimeAxis* axis_;
  AnnotationTier model_;
  QVector<AnnotationTier> human_;
};

}  // namespace stf2m::ui
