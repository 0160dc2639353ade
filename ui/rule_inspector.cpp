#include "ui/rule_inspector.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ui/qcp.h"

namespace stf2m::ui {

namespace {

constexpr int kTopRules = 3;
const QColor kRuleColors[kTopRules] = {QColor(0xd5, 0x5e, 0x00), QColor(0x00, 0x72, 0xb2), QColor(0x00, 0x9e, 0x73)};

bool finite(const QVector<float>& v, qsizetype from, qsizetype count) {
  if (from < 0 || from + count > v.size() || count <= 0) return false;
  return std::all_of(v.begin() + from, v.begin() + from + count, [](float x) { return std::isfinite(x); });
}

}  // namespace

RuleInspector::RuleInspector(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("ruleInspector"));
  setMinimumWidth(320);
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  top->addWidget(title_, 1);
  viewBox_ = new QComboBox(this);
  viewBox_->setToolTip(tr("The view (modality) of the window to explain"));
  top->addWidget(viewBox_);
  layout->addLayout(top);
  connect(viewBox_, &QComboBox::activated, this, [this](int index) {
    view_ = index;
    redraw();
  });

  firing_ = new QCustomPlot(this);
  firing_->setMinimumHeight(110);
  firing_->xAxis->setLabel(tr("rule"));
  firing_->yAxis->setLabel(tr("firing"));
  layout->addWidget(firing_, 2);
  sets_ = new QCustomPlot(this);
  sets_->setMinimumHeight(220);
  sets_->setToolTip(tr("Each small plot is one rule variable: the membership functions of the three strongest rules "
                       "(their colours as in the firing chart) and the view's value (the vertical line)."));
  layout->addWidget(sets_, 5);
  terms_ = new QTreeWidget(this);
  terms_->setHeaderLabels({tr("Emotion"), tr("p"), tr("low"), tr("medium"), tr("high")});
  terms_->setRootIsDecorated(false);
  terms_->header()->setStretchLastSection(false);
  terms_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  for (int c = 1; c < 5; ++c) terms_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  layout->addWidget(terms_, 3);
  clear();
}

void RuleInspector::clear() {
  review_ = SessionReview();
  window_ = view_ = -1;
  redraw();
}

void RuleInspector::setReview(const SessionReview& review) {
  const bool otherModel = review.modelId != review_.modelId;
  review_ = review;
  viewBox_->clear();
  viewBox_->addItems(review.views);
  if (otherModel) shapes_ = model::RuleShapes(), shapesModel_ = 0;
  if (window_ >= review_.windows.size()) window_ = -1;
  redraw();
}

void RuleInspector::setRuleShapes(qint64 modelId, const model::RuleShapes& shapes) {
  if (modelId != review_.modelId) return;
  shapes_ = shapes;
  shapesModel_ = modelId;
  redraw();
}

void RuleInspector::showTime(double seconds) {
  const int w = review_.windowNearest(seconds);
  if (w == window_) return;
  window_ = w;
  // The view that weighs most in this window, unless the user chose one the window has.
  const int views = int(review_.views.size()), emotions = int(review_.emotions.size());
  if (w >= 0 && (view_ < 0 || !review_.windows[w].hasView(view_, emotions))) {
    int best = -1;
    for (int v = 0; v < views; ++v)
      if (review_.windows[w].hasView(v, emotions) &&
          (best < 0 || (review_.windows[w].reliability.size() == views &&
                        review_.windows[w].reliability[v] > review_.windows[w].reliability[best])))
        best = v;
    if (best >= 0) view_ = best;
  }
  redraw();
}

void RuleInspector::redraw() {
  firing_->clearPlottables();
  sets_->clearItems();
  sets_->clearPlottables();
  sets_->plotLayout()->clear();
  terms_->clear();
  topRules_.clear();
  applyPaletteToAxes({firing_->xAxis, firing_->yAxis}, palette(), true);
  firing_->setBackground(palette().color(QPalette::Base));
  sets_->setBackground(palette().color(QPalette::Base));
  const int emotions = int(review_.emotions.size()), views = int(review_.views.size());
  if (window_ < 0 || view_ < 0 || view_ >= views || !review_.windows[window_].hasView(view_, emotions)) {
    title_->setText(review_.isEmpty()                ? tr("No analysis to explain: analyse the session first.")
                    : view_ >= 0 && view_ < views ? tr("The window at the cursor has no %1 view.").arg(review_.views[view_])
                                                  : tr("The window at the cursor has no view."));
    firing_->replot();
    sets_->replot();
    return;
  }
  if (viewBox_->currentIndex() != view_) viewBox_->setCurrentIndex(view_);
  const ReviewWindow& w = review_.windows[window_];
  const double reliability = w.reliability.size() == views ? double(w.reliability[view_]) : std::nan("");
  title_->setText(tr("Window %1–%2 s, %3 view, reliability %4")
                      .arg(w.start, 0, 'f', 1)
                      .arg(w.end, 0, 'f', 1)
                      .arg(review_.views[view_])
                      .arg(std::isnan(reliability) ? QStringLiteral("—") : QString::number(reliability, 'f', 2)));

  // Linguistic terms and probability per emotion.
  for (int e = 0; e < emotions; ++e) {
    QStringList row{review_.emotions[e], QString::number(w.probabilities[view_ * emotions + e], 'f', 3)};
    const qsizetype t = (qsizetype(view_) * emotions + e) * 3;
    for (int k = 0; k < 3; ++k) row << (t + k < w.terms.size() ? QString::number(w.terms[t + k], 'f', 2) : QStringLiteral("—"));
    auto* item = new QTreeWidgetItem(terms_, row);
    for (int c = 1; c < 5; ++c) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
  }

  const int rules = shapes_.rules, inputs = shapes_.inputs;
  const bool stored = rules > 0 && w.ruleFiring.size() == qsizetype(views) * rules &&
                      finite(w.ruleFiring, qsizetype(view_) * rules, rules) && w.ruleInputs.size() == qsizetype(views) * inputs &&
                      finite(w.ruleInputs, qsizetype(view_) * inputs, inputs);
  if (!stored) {
    title_->setText(title_->text() + QStringLiteral("\n") +
                    (rules == 0 ? tr("The model's rules are not loaded (or it has none).")
                                : tr("This analysis stored no rule firing: analyse the session again to inspect its rules.")));
    firing_->replot();
    sets_->replot();
    return;
  }
  const float* firing = w.ruleFiring.constData() + qsizetype(view_) * rules;
  const float* u = w.ruleInputs.constData() + qsizetype(view_) * inputs;
  QVector<int> order(rules);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return firing[a] > firing[b]; });
  topRules_ = order.mid(0, std::min(kTopRules, rules));

  auto* bars = new QCPBars(firing_->xAxis, firing_->yAxis);
  QVector<double> keys, values;
  for (int r = 0; r < rules; ++r) keys << r + 1, values << firing[r];
  bars->setData(keys, values);
  bars->setBrush(palette().color(QPalette::Mid));
  bars->setPen(Qt::NoPen);
  for (int k = 0; k < topRules_.size(); ++k) {
    auto* top = new QCPBars(firing_->xAxis, firing_->yAxis);
    top->setData({double(topRules_[k] + 1)}, {double(firing[topRules_[k]])});
    top->setBrush(kRuleColors[k]);
    top->setPen(Qt::NoPen);
  }
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(std::max(1, rules / 8));
  firing_->xAxis->setTicker(ticker);
  firing_->xAxis->setRange(0.3, rules + 0.7);
  firing_->yAxis->setRange(0, std::max(0.05, double(*std::max_element(firing, firing + rules)) * 1.1));
  firing_->replot();

  // One small plot per rule variable, in a grid.
  const int columns = int(std::ceil(std::sqrt(double(inputs))));
  for (int j = 0; j < inputs; ++j) {
    auto* rect = new QCPAxisRect(sets_);
    rect->setMinimumMargins(QMargins(2, 2, 2, 2));
    rect->setAutoMargins(QCP::msNone);
    rect->setMargins(QMargins(2, 2, 2, 2));
    for (QCPAxis* a : rect->axes()) a->setTicks(false), a->setTickLabels(false);
    applyPaletteToAxes(rect->axes(), palette(), false);
    sets_->plotLayout()->addElement(j / columns, j % columns, rect);
    double lo = u[j], hi = u[j];
    for (int r : topRules_) {
      const size_t k = size_t(r) * size_t(inputs) + size_t(j);
      lo = std::min(lo, shapes_.centres[k] - 3 * shapes_.widths[k]);
      hi = std::max(hi, shapes_.centres[k] + 3 * shapes_.widths[k]);
    }
    for (int k = 0; k < topRules_.size(); ++k) {
      auto* curve = new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      QVector<double> xs, ys;
      for (int i = 0; i <= 60; ++i) {
        const double x = lo + (hi - lo) * i / 60.0;
        xs << x;
        ys << shapes_.membership(topRules_[k], j, x);
      }
      curve->setData(xs, ys, true);
      curve->setPen(QPen(kRuleColors[k], 1.5));
    }
    auto* marker = new QCPItemStraightLine(sets_);
    marker->setClipAxisRect(rect);
    marker->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    marker->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    marker->point1->setCoords(u[j], 0);
    marker->point2->setCoords(u[j], 1);
    marker->setPen(QPen(palette().color(QPalette::Text), 1, Qt::DashLine));
    rect->axis(QCPAxis::atBottom)->setRange(lo, hi);
    rect->axis(QCPAxis::atLeft)->setRange(0, 1.05);
  }
  sets_->replot();
}

}  // namespace stf2m::ui
