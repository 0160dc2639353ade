#include "ui/emotion_curves.h"

#include <QEvent>
#include <QSettings>
#include <QVBoxLayout>

#include <cmath>

#include "ui/qcp.h"
#include "ui/time_axis.h"

namespace stf2m::ui {

namespace {

const QString kHiddenKey = QStringLiteral("review/hiddenEmotions");

void placeCursor(QCPItemStraightLine* line, double t) {
  line->point1->setCoords(t, 0);
  line->point2->setCoords(t, 1);
}

QCPItemStraightLine* makeCursor(QCustomPlot* plot, QCPAxisRect* rect) {
  auto* line = new QCPItemStraightLine(plot);
  line->setClipAxisRect(rect);
  line->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->setPen(QPen(QColor(230, 50, 50), 1.5));
  return line;
}

}  // namespace

EmotionCurves::EmotionCurves(TimeAxis* axis, QWidget* parent) : QWidget(parent), axis_(axis) {
  setObjectName(QStringLiteral("emotionCurves"));
  hidden_ = QSettings().value(kHiddenKey).toStringList();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  plot_ = new QCustomPlot(this);
  plot_->setObjectName(QStringLiteral("emotionCurvesPlot"));
  layout->addWidget(plot_);

  // Top: the curves. Bottom: the confidence band, a quarter of the height, same time axis.
  QCPAxisRect* top = plot_->axisRect();
  top->setAutoMargins(QCP::msTop | QCP::msBottom);
  top->setMargins(QMargins(TimeGutters::kLeft, 0, TimeGutters::kRight, 0));
  plot_->yAxis->setRange(0, 1.02);
  plot_->yAxis->setLabel(tr("probability"));
  plot_->xAxis->setTickLabels(false);
  confidenceRect_ = new QCPAxisRect(plot_);
  confidenceRect_->setAutoMargins(QCP::msBottom);
  confidenceRect_->setMargins(QMargins(TimeGutters::kLeft, 0, TimeGutters::kRight, 0));
  plot_->plotLayout()->addElement(1, 0, confidenceRect_);
  // The legend in a row of its own above the curves, so it never hides them.
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, plot_->legend);
  plot_->plotLayout()->setRowStretchFactor(0, 0.001);
  plot_->plotLayout()->setRowStretchFactor(1, 3);
  plot_->plotLayout()->setRowStretchFactor(2, 1);
  plot_->plotLayout()->setRowSpacing(4);
  confidenceRect_->axis(QCPAxis::atLeft)->setRange(0, 1);
  confidenceRect_->axis(QCPAxis::atLeft)->setLabel(tr("confidence"));
  confidenceRect_->axis(QCPAxis::atBottom)->setLabel(tr("session time (s)"));
  auto* group = new QCPMarginGroup(plot_);
  top->setMarginGroup(QCP::msLeft | QCP::msRight, group);
  confidenceRect_->setMarginGroup(QCP::msLeft | QCP::msRight, group);

  plot_->legend->setVisible(true);
  plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot_->legend->setWrap(12);
  plot_->legend->setMargins(QMargins(TimeGutters::kLeft, 2, 4, 2));
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->setInteractions(QCP::iSelectLegend);
  plot_->legend->setSelectableParts(QCPLegend::spItems);
  connect(plot_, &QCustomPlot::legendClick, this, [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
    auto* plottableItem = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!plottableItem) return;
    const int emotion = int(curves_.indexOf(static_cast<QCPGraph*>(plottableItem->plottable())));
    if (emotion >= 0) setEmotionVisible(emotion, !isEmotionVisible(emotion));
    plottableItem->setSelected(false);
  });

  connect(axis_, &TimeAxis::rangeChanged, this, [this] { applyRange(); });
  connect(axis_, &TimeAxis::cursorChanged, this, [this](double t) {
    placeCursor(cursor_, t);
    placeCursor(confidenceCursor_, t);
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });
  attachTimeGestures(plot_, axis_);
  rebuild();
  applyPalette();
}

void EmotionCurves::setReview(const SessionReview& review) {
  const bool sameLayout = review.emotions == review_.emotions && review.colors == review_.colors;
  review_ = review;
  if (sameLayout) fillData();  // a running analysis: the same curves with more points
  else rebuild();
}

void EmotionCurves::fillData() {
  for (int e = 0; e < curves_.size(); ++e) {
    QVector<double> keys, values;
    for (const QPointF& p : curvePoints(e)) keys.push_back(p.x()), values.push_back(p.y());
    curves_[e]->setData(keys, values, true);
  }
  QVector<double> keys, values;
  for (const QPointF& p : confidencePoints()) keys.push_back(p.x()), values.push_back(p.y());
  confidence_->setData(keys, values, true);
  applyRange();
}

void EmotionCurves::clear() {
  setReview(SessionReview());
  setComparison(SessionReview());
}

void EmotionCurves::setComparison(const SessionReview& review) {
  comparison_ = review;
  rebuildComparison();
  applyRange();
}

QVector<QPointF> EmotionCurves::comparisonPoints(int emotion) const {
  QVector<QPointF> out;
  const int c = emotion >= 0 && emotion < review_.emotions.size() ? int(comparison_.emotions.indexOf(review_.emotions[emotion])) : -1;
  if (c < 0) return out;
  for (const ReviewWindow& w : comparison_.windows)
    out.push_back({w.centre(), c < w.fused.size() ? double(w.fused[c]) : std::nan("")});
  return out;
}

// The comparison's curves, matched to the shown emotions by name, dashed and out of the legend.
void EmotionCurves::rebuildComparison() {
  for (QCPGraph* g : compared_)
    if (g) plot_->removeGraph(g);
  compared_.clear();
  if (comparison_.windows.isEmpty()) return;
  for (int e = 0; e < review_.emotions.size(); ++e) {
    const QVector<QPointF> points = comparisonPoints(e);
    if (points.isEmpty()) {
      compared_.push_back(nullptr);
      continue;
    }
    QCPGraph* g = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    g->setName(tr("%1 (compared)").arg(review_.emotions[e]));
    g->removeFromLegend();
    g->setPen(QPen(review_.colors.value(e, Qt::gray), 1.0, Qt::DashLine));
    QVector<double> keys, values;
    for (const QPointF& p : points) keys.push_back(p.x()), values.push_back(p.y());
    g->setData(keys, values, true);
    g->setVisible(isEmotionVisible(e));
    compared_.push_back(g);
  }
}

QVector<QPointF> EmotionCurves::curvePoints(int emotion) const {
  QVector<QPointF> out;
  for (const ReviewWindow& w : review_.windows)
    out.push_back({w.centre(), emotion < w.fused.size() ? double(w.fused[emotion]) : std::nan("")});
  return out;
}

QVector<QPointF> EmotionCurves::confidencePoints() const {
  QVector<QPointF> out;
  for (const ReviewWindow& w : review_.windows) out.push_back({w.centre(), w.confidence});
  return out;
}

void EmotionCurves::rebuild() {
  plot_->clearGraphs();
  plot_->clearItems();
  curves_.clear();
  QCPAxis* time = plot_->xAxis;
  for (int e = 0; e < review_.emotions.size(); ++e) {
    QCPGraph* g = plot_->addGraph(time, plot_->yAxis);
    g->setName(review_.emotions[e]);
    g->setPen(QPen(review_.colors.value(e, Qt::gray), 1.0));
    curves_.push_back(g);
  }
  confidence_ = plot_->addGraph(confidenceRect_->axis(QCPAxis::atBottom), confidenceRect_->axis(QCPAxis::atLeft));
  confidence_->setName(tr("confidence"));
  confidence_->removeFromLegend();
  confidence_->setLineStyle(QCPGraph::lsStepCenter);
  confidence_->setAntialiasedFill(false);
  confidence_->setAntialiased(false);
  confidence_->setBrush(QColor(120, 120, 120, 90));
  confidence_->setPen(QPen(QColor(110, 110, 110), 1.0));
  cursor_ = makeCursor(plot_, plot_->axisRect());
  confidenceCursor_ = makeCursor(plot_, confidenceRect_);
  placeCursor(cursor_, axis_->cursor());
  placeCursor(confidenceCursor_, axis_->cursor());
  for (int e = 0; e < curves_.size(); ++e) curves_[e]->setVisible(isEmotionVisible(e));
  compared_.clear();  // cleared with the graphs
  rebuildComparison();
  restyleLegend();
  fillData();
}

void EmotionCurves::setEmotionVisible(int emotion, bool visible) {
  if (emotion < 0 || emotion >= review_.emotions.size()) return;
  const QString name = review_.emotions[emotion];
  hidden_.removeAll(name);
  if (!visible) hidden_.push_back(name);
  QSettings().setValue(kHiddenKey, hidden_);
  if (emotion < curves_.size()) curves_[emotion]->setVisible(visible);
  if (emotion < compared_.size() && compared_[emotion]) compared_[emotion]->setVisible(visible);
  restyleLegend();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool EmotionCurves::isEmotionVisible(int emotion) const {
  return emotion >= 0 && emotion < review_.emotions.size() && !hidden_.contains(review_.emotions[emotion]);
}

void EmotionCurves::restyleLegend() {
  // A hidden emotion stays in the legend, greyed, so it can be switched back on.
  const QPalette p = palette();
  for (int e = 0; e < curves_.size(); ++e)
    if (QCPPlottableLegendItem* item = plot_->legend->itemWithPlottable(curves_[e]))
      item->setTextColor(isEmotionVisible(e) ? p.color(QPalette::Text) : p.color(QPalette::PlaceholderText));
}

void EmotionCurves::applyRange() {
  plot_->xAxis->setRange(axis_->lower(), axis_->upper());
  // Thick lines read better, but the raster engine strokes them slowly: over a long stretch
  // (more than one window per 4 pixels; 2 hours on a screen) the curves are drawn 1 px wide,
  // which took the replot of a 2-hour session from 1.1 s to 65 ms.
  const QVector<ReviewWindow>& w = review_.windows;
  const double hop = w.size() > 1 ? w[1].start - w[0].start : 1.0;
  const double windowsShown = hop > 0 ? axis_->span() / hop : 0.0;
  const double width = windowsShown * 4 > plot_->axisRect()->width() ? 1.0 : 2.0;
  for (QCPGraph* g : curves_ + compared_)
    if (g && g->pen().widthF() != width) g->setPen(QPen(g->pen().color(), width, g->pen().style()));
  confidenceRect_->axis(QCPAxis::atBottom)->setRange(axis_->lower(), axis_->upper());
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EmotionCurves::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::PaletteChange) applyPalette();
}

void EmotionCurves::applyPalette() {
  const QPalette p = palette();
  plot_->setBackground(p.color(QPalette::Base));
  plot_->legend->setBrush(p.color(QPalette::Base));
  applyPaletteToAxes(plot_->axisRect()->axes() + confidenceRect_->axes(), p, true);
  restyleLegend();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace stf2m::ui
