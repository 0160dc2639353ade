#pragma once
// Why the model said what it said, for the view under the cursor (one modality of the window
// nearest the cursor): the firing strength of every fuzzy rule, the membership functions of the
// three strongest rules over each rule variable with the view's value marked, the view's
// linguistic-term memberships (low / medium / high) per emotion and its reliability.
#include <QWidget>

#include "model/window_predictor.h"
#include "ui/session_review.h"

class QComboBox;
class QLabel;
class QTreeWidget;
class QCustomPlot;

namespace stf2m::ui {

class RuleInspector : public QWidget {
  Q_OBJECT

 public:
  explicit RuleInspector(QWidget* parent = nullptr);

  // The review and its model's rules (empty shapes: the model has none, or is not loaded yet).
  void setReview(const SessionReview& review);
  void setRuleShapes(qint64 modelId, const model::RuleShapes& shapes);
  qint64 shapesModel() const { return shapesModel_; }
  void showTime(double seconds);  // the window nearest `seconds`
  void clear();

  // What is drawn, for tests: the window index, the view index and its top rules (-1 / empty: none).
  int shownWindow() const { return window_; }
  int shownView() const { return view_; }
  QVector<int> topRules() const { return topRules_; }

 private:
  void redraw();

  SessionReview review_;
  model::RuleShapes shapes_;
  qint64 shapesModel_ = 0;
  int window_ = -1, view_ = -1;
  QVector<int> topRules_;
  QLabel* title_;
  QComboBox* viewBox_;
  QCustomPlot* firing_;
  QCustomPlot* sets_;
  QTreeWidget* terms_;
};

}  // namespace stf2m::ui
