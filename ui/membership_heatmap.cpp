#include "ui/membership_heatmap.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "ui/qcp.h"
#include "ui/time_axis.h"

namespace stf2m::ui {

namespace {

// Viridis: perceptually uniform and readable with the common colour-vision deficiencies, so equal
// steps of membership look like equal steps of colour.
QCPColorGradient viridis() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.00, QColor(0x44, 0x01, 0x54));
  g.setColorStopAt(0.25, QColor(0x3b, 0x52, 0x8b));
  g.setColorStopAt(0.50, QColor(0x21, 0x91, 0x8c));
  g.setColorStopAt(0.75, QColor(0x5e, 0xc9, 0x62));
  g.setColorStopAt(1.00, QColor(0xfd, 0xe7, 0x25));
  g.setNanHandling(QCPColorGradient::nhNanColor);
  g.setNanColor(QColor(0, 0, 0, 0));  // no view in that window: the background shows through
  return g;
}

QString termName(MembershipTerm term) {
  switch (term) {
    case MembershipTerm::Low: return MembershipHeatmap::tr("membership of “low”");
    case MembershipTerm::Medium: return MembershipHeatmap::tr("membership of “medium”");
    case MembershipTerm::High: return MembershipHeatmap::tr("membership of “high”");
    case MembershipTerm::Probability: break;
  }
  return MembershipHeatmap::tr("probability");
}

QString number(double v) { return std::isnan(v) ? MembershipHeatmap::tr("–") : QString::number(v, 'f', 2); }

}  // namespace

MembershipHeatmap::MembershipHeatmap(TimeAxis* axis, QWidget* parent) : QWidget(parent), axis_(axis) {
  setObjectName(QStringLiteral("membershipHeatmap"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);

  auto* header = new QHBoxLayout;
  header->setContentsMargins(6, 2, 6, 0);
  caption_ = new QLabel(tr("Fuzzy membership per view"), this);
  QFont bold = caption_->font();
  bold.setBold(true);
  caption_->setFont(bold);
  termBox_ = new QComboBox(this);
  termBox_->setObjectName(QStringLiteral("membershipTerm"));
  termBox_->addItem(tr("Probability"), int(MembershipTerm::Probability));
  termBox_->addItem(tr("Low"), int(MembershipTerm::Low));
  termBox_->addItem(tr("Medium"), int(MembershipTerm::Medium));
  termBox_->addItem(tr("High"), int(MembershipTerm::High));
  termBox_->setToolTip(tr("What the colour shows: the view's probability of the emotion, or the membership of "
                          "one linguistic term of its fuzzy rules"));
  header->addWidget(caption_);
  header->addStretch(1);
  header->addWidget(new QLabel(tr("Colour:"), this));
  header->addWidget(termBox_);
  layout->addLayout(header);

  plot_ = new QCustomPlot(this);
  plot_->setObjectName(QStringLiteral("membershipPlot"));
  plot_->setMouseTracking(true);
  plot_->plotLayout()->setColumnSpacing(0);
  QCPAxisRect* rect = plot_->axisRect();
  rect->setAutoMargins(QCP::msTop | QCP::msBottom);
  rect->setMargins(QMargins(TimeGutters::kLeft, 0, 8, 0));
  plot_->xAxis->setLabel(tr("session time (s)"));
  plot_->yAxis->setRangeReversed(true);  // the first view's first emotion on top
  plot_->yAxis->grid()->setVisible(false);
  plot_->xAxis->grid()->setVisible(false);

  map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
  map_->setInterpolate(false);
  map_->setTightBoundary(false);
  map_->setGradient(viridis());
  map_->setDataRange(QCPRange(0, 1));
  scale_ = new QCPColorScale(plot_);
  plot_->plotLayout()->addElement(0, 1, scale_);
  scale_->setType(QCPAxis::atRight);
  scale_->setDataRange(QCPRange(0, 1));
  scale_->setGradient(viridis());
  scale_->setBarWidth(10);
  // Its whole width (bar, ticks, label) is the right gutter, so the time axis ends where the
  // other views' does.
  scale_->setSizeConstraintRect(QCPLayoutElement::scrOuterRect);
  scale_->setMinimumSize(TimeGutters::kRight - 8, 10);
  scale_->setMaximumSize(TimeGutters::kRight - 8, QWIDGETSIZE_MAX);
  map_->setColorScale(scale_);
  // The time axis must end kRight pixels before the widget's edge, as in the other views; the
  // colour scale's width is only known after layout, so the axis rect's right margin follows it.
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    QCPAxisRect* r = plot_->axisRect();
    const int scaleWidth = plot_->viewport().right() - r->outerRect().right();
    const int margin = std::max(0, TimeGutters::kRight - scaleWidth);
    if (r->margins().right() != margin) {
      r->setMargins(QMargins(TimeGutters::kLeft, 0, margin, 0));
      plot_->plotLayout()->update(QCPLayoutElement::upMargins);  // within this layout pass
      plot_->plotLayout()->update(QCPLayoutElement::upLayout);
    }
  });
  auto* group = new QCPMarginGroup(plot_);
  rect->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);

  layout->addWidget(plot_, 1);

  connect(termBox_, &QComboBox::currentIndexChanged, this,
          [this](int index) { setTerm(static_cast<MembershipTerm>(termBox_->itemData(index).toInt())); });
  connect(axis_, &TimeAxis::rangeChanged, this, [this] { applyRange(); });
  connect(axis_, &TimeAxis::cursorChanged, this, [this](double t) {
    cursor_->point1->setCoords(t, 0);
    cursor_->point2->setCoords(t, 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });
  attachTimeGestures(plot_, axis_);
  connect(plot_, &QCustomPlot::mouseMove, this, &MembershipHeatmap::hover);
  applyPalette();
  rebuild();
}

void MembershipHeatmap::setReview(const SessionReview& review) {
  review_ = review;
  rebuild();
}

void MembershipHeatmap::clear() { setReview(SessionReview()); }

void MembershipHeatmap::setTerm(MembershipTerm term) {
  if (term == term_ && termBox_->currentData().toInt() == int(term)) return;
  term_ = term;
  termBox_->setCurrentIndex(termBox_->findData(int(term)));
  rebuild();
}

int MembershipHeatmap::rowCount() const { return int(review_.views.size() * review_.emotions.size()); }
int MembershipHeatmap::columnCount() const { return int(review_.windows.size()); }

double MembershipHeatmap::cellValue(int column, int row) const {
  const int k = int(review_.emotions.size());
  if (k == 0 || row < 0 || row >= rowCount()) return std::nan("");
  return review_.cell(column, row / k, row % k, term_);
}

QString MembershipHeatmap::rowLabel(int row) const {
  const int k = int(review_.emotions.size());
  if (k == 0 || row < 0 || row >= rowCount()) return {};
  return QStringLiteral("%1 · %2").arg(review_.views[row / k], review_.emotions[row % k]);
}

QString MembershipHeatmap::describeCell(double seconds, int row) const {
  const int column = review_.windowNearest(seconds);
  const int k = int(review_.emotions.size());
  if (column < 0 || row < 0 || row >= rowCount()) return {};
  const ReviewWindow& w = review_.windows[column];
  if (seconds < w.start || seconds > w.end) return {};
  const int view = row / k, emotion = row % k;
  QString text = QStringLiteral("<b>%1</b><br>").arg(rowLabel(row).toHtmlEscaped());
  text += tr("window %1–%2 s").arg(w.start, 0, 'f', 1).arg(w.end, 0, 'f', 1) + QStringLiteral("<br>");
  if (!w.hasView(view, k)) return text + tr("no %1 view in this window").arg(review_.views[view]);
  text += tr("probability %1").arg(number(review_.cell(column, view, emotion, MembershipTerm::Probability)));
  if (!w.terms.isEmpty())
    text += QStringLiteral("<br>") + tr("low %1 · medium %2 · high %3")
                                         .arg(number(review_.cell(column, view, emotion, MembershipTerm::Low)),
                                              number(review_.cell(column, view, emotion, MembershipTerm::Medium)),
                                              number(review_.cell(column, view, emotion, MembershipTerm::High)));
  if (view < w.reliability.size())
    text += QStringLiteral("<br>") + tr("reliability of the %1 view %2").arg(review_.views[view], number(w.reliability[view]));
  return text;
}

void MembershipHeatmap::rebuild() {
  const int rows = rowCount(), columns = columnCount();
  QCPColorMapData* data = map_->data();
  plot_->clearItems();
  cursor_ = new QCPItemStraightLine(plot_);
  cursor_->setPen(QPen(QColor(230, 50, 50), 1.5));
  cursor_->point1->setCoords(axis_->cursor(), 0);
  cursor_->point2->setCoords(axis_->cursor(), 1);
  if (rows == 0 || columns == 0) {
    data->setSize(1, 1);
    data->setCell(0, 0, std::nan(""));
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTickerText));
    plot_->yAxis->setRange(-0.5, 0.5);
  } else {
    // One cell per window at its centre; windows follow each other at the model's hop.
    data->setSize(columns, rows);
    data->setRange(QCPRange(review_.windows.constFirst().centre(), review_.windows.constLast().centre()),
                   QCPRange(0, rows - 1));
    if (columns == 1) data->setKeyRange(QCPRange(review_.windows[0].start, review_.windows[0].end));
    for (int c = 0; c < columns; ++c)
      for (int r = 0; r < rows; ++r) data->setCell(c, r, cellValue(c, r));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int r = 0; r < rows; ++r) ticker->addTick(r, rowLabel(r));
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(-0.5, rows - 0.5);
    // Lines between the modalities' blocks of rows.
    const int k = int(review_.emotions.size());
    for (int v = 1; v < review_.views.size(); ++v) {
      auto* line = new QCPItemStraightLine(plot_);
      line->setPen(QPen(palette().color(QPalette::Base), 3));
      line->point1->setCoords(0, v * k - 0.5);
      line->point2->setCoords(1, v * k - 0.5);
    }
  }
  map_->setDataRange(QCPRange(0, 1));
  scale_->axis()->setLabel(termName(term_));
  updateGeometry();
  applyRange();
}

void MembershipHeatmap::applyRange() {
  plot_->xAxis->setRange(axis_->lower(), axis_->upper());
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QSize MembershipHeatmap::minimumSizeHint() const {
  // Every row readable: at least the height of its label.
  const int rows = std::max(rowCount(), 2);
  return {300, 70 + rows * (fontMetrics().height() + 1)};
}

void MembershipHeatmap::hover(QMouseEvent* event) {
  const double t = plot_->xAxis->pixelToCoord(event->position().x());
  const int row = int(std::lround(plot_->yAxis->pixelToCoord(event->position().y())));
  const QString text = plot_->axisRect()->rect().contains(event->position().toPoint()) ? describeCell(t, row) : QString();
  if (text.isEmpty()) QToolTip::hideText();
  else QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

void MembershipHeatmap::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::PaletteChange) applyPalette();
}

void MembershipHeatmap::applyPalette() {
  const QPalette p = palette();
  plot_->setBackground(p.color(QPalette::Base));
  plot_->axisRect()->setBackground(p.color(QPalette::AlternateBase));
  applyPaletteToAxes({plot_->xAxis, plot_->yAxis, scale_->axis()}, p, false);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace stf2m::ui
