#pragma once
// Per-view fuzzy membership over time: one row per view (modality x emotion), one column per
// analysis window, coloured by the chosen linguistic term's membership (low / medium / high) or
// by the view's probability, with a colour scale. Hovering names the cell and its values and the
// view's reliability; a click seeks there (TimeAxis). QCustomPlot stays out of this header.
#include <QString>
#include <QWidget>

#include "ui/session_review.h"

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemStraightLine;
class QLabel;
class QMouseEvent;

namespace stf2m::ui {

class TimeAxis;

class MembershipHeatmap : public QWidget {
  Q_OBJECT

 public:
  MembershipHeatmap(TimeAxis* axis, QWidget* parent = nullptr);

  // Draws `review` (again, when a running analysis has added windows).
  void setReview(const SessionReview& review);
  void clear();
  void setTerm(MembershipTerm term);
  MembershipTerm term() const { return term_; }

  // For tests, the screenshot mode and exports.
  int rowCount() const;
  int columnCount() const;
  // The value drawn in a cell (NaN: no such view in that window); rows are view * emotions + emotion.
  double cellValue(int column, int row) const;
  // What hovering at session time `seconds` over row `row` shows (empty outside the data).
  QString describeCell(double seconds, int row) const;
  QString rowLabel(int row) const;
  QCustomPlot* plot() const { return plot_; }
  QSize minimumSizeHint() const override;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void rebuild();
  void applyRange();
  void applyPalette();
  void hover(QMouseEvent* event);

  TimeAxis* axis_;
  SessionReview review_;
  MembershipTerm term_ = MembershipTerm::Probability;
  QComboBox* termBox_ = nullptr;
  QLabel* caption_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPItemStraightLine* cursor_ = nullptr;
};

}  // namespace stf2m::ui
