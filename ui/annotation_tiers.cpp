#include "ui/annotation_tiers.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cmath>

#include "ui/time_axis.h"

namespace stf2m::ui {

AnnotationTiers::AnnotationTiers(TimeAxis* axis, QWidget* parent)
    : QWidget(parent), axis_(axis), in_(std::nan("")), out_(std::nan("")) {
  setObjectName(QStringLiteral("annotationTiers"));
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  connect(axis_, &TimeAxis::rangeChanged, this, qOverload<>(&QWidget::update));
  connect(axis_, &TimeAxis::cursorChanged, this, qOverload<>(&QWidget::update));
  attachTimeGestures(this, axis_);
  installEventFilter(this);  // after the gestures: sees clicks first, then lets them seek
}

void AnnotationTiers::setMarks(double in, double out) {
  in_ = in;
  out_ = out;
  update();
}

void AnnotationTiers::setSelected(qint64 segmentId) {
  selected_ = segmentId;
  update();
}

void AnnotationTiers::setKeyLegend(const QString& legend) {
  if (legend == legend_) return;
  legend_ = legend;
  updateGeometry();
  update();
}

void AnnotationTiers::setPaintTarget(const QString& annotator, const TraceDimensionInfo& dimension) {
  const bool same = annotator == paintAnnotator_ && dimension.id == paint_.id;
  paintAnnotator_ = annotator;
  paint_ = dimension;
  if (!same) painting_ = showStroke_ = false;  // a reload of the same target keeps a stroke in progress
  updateGeometry();
  update();
}

int AnnotationTiers::paintRow() const {
  if (paint_.id == 0) return -1;
  const QVector<AnnotationTier> all = tiers();
  for (int i = 0; i < all.size(); ++i)
    if (all[i].kind == AnnotationTier::Kind::Trace && all[i].dimensionId == paint_.id && all[i].annotator == paintAnnotator_)
      return i;
  return -1;
}

QPointF AnnotationTiers::strokePoint(QPointF position) const {
  const double left = TimeGutters::kLeft, right = width() - TimeGutters::kRight;
  const QRectF band = rowBand(tiers(), paintRow(), left, right);
  const double seconds = std::clamp(axis_->timeAt(position.x(), left, right), 0.0, std::max(0.0, axis_->duration()));
  const double f = std::clamp((band.bottom() - position.y()) / std::max(1.0, band.height()), 0.0, 1.0);
  return {seconds, paint_.min + f * (paint_.max - paint_.min)};
}

// Dragging on the paint row draws; everything else goes on to the range marks and the gestures.
bool AnnotationTiers::strokeEvent(QMouseEvent* mouse, QEvent::Type type) {
  const double left = TimeGutters::kLeft, right = width() - TimeGutters::kRight;
  if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton && !(mouse->modifiers() & Qt::ShiftModifier) &&
      paintRow() >= 0 && tierAt(int(mouse->position().y())) == paintRow() && mouse->position().x() >= left &&
      mouse->position().x() <= right) {
    painting_ = showStroke_ = true;
    stroke_ = {strokePoint(mouse->position())};
    update();
    return true;
  }
  if (!painting_) return false;
  stroke_.push_back(strokePoint(mouse->position()));
  if (type == QEvent::MouseButtonRelease) {
    painting_ = false;
    const AnnotationTier tier = tiers().value(paintRow());
    Q_EMIT tracePainted(tier.traceId, paint_.id, stroke_);
  }
  update();
  return true;
}

bool AnnotationTiers::eventFilter(QObject* watched, QEvent* event) {
  const double left = TimeGutters::kLeft, right = width() - TimeGutters::kRight;
  if (watched == this && (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseMove ||
                          event->type() == QEvent::MouseButtonRelease) &&
      strokeEvent(static_cast<QMouseEvent*>(event), event->type()))
    return true;
  // Shift+drag marks a range; the time gestures never see it.
  if (watched == this && (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseMove ||
                          event->type() == QEvent::MouseButtonRelease)) {
    auto* mouse = static_cast<QMouseEvent*>(event);
    if (event->type() == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton &&
        (mouse->modifiers() & Qt::ShiftModifier) && mouse->position().x() >= left && mouse->position().x() <= right) {
      rangeDrag_ = true;
      pressAt_ = mouse->position();
      return true;
    }
    if (rangeDrag_) {
      const double a = axis_->timeAt(pressAt_.x(), left, right), b = axis_->timeAt(mouse->position().x(), left, right);
      if (std::abs(mouse->position().x() - pressAt_.x()) > 3) Q_EMIT rangeDragged(std::min(a, b), std::max(a, b));
      if (event->type() == QEvent::MouseButtonRelease) rangeDrag_ = false;
      return true;
    }
  }
  if (watched == this && (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonRelease)) {
    auto* mouse = static_cast<QMouseEvent*>(event);
    if (mouse->button() == Qt::LeftButton) {
      if (event->type() == QEvent::MouseButtonPress) {
        pressAt_ = mouse->position();
      } else if (std::abs(mouse->position().x() - pressAt_.x()) <= 3) {
        const int tier = tierAt(int(mouse->position().y()));
        if (tier >= 0) Q_EMIT clicked(tier, axis_->timeAt(mouse->position().x(), left, right));
      }
    }
  }
  return QWidget::eventFilter(watched, event);
}

void AnnotationTiers::setTiers(const QVector<AnnotationTier>& humanTiers) {
  human_ = humanTiers;
  if (!painting_) showStroke_ = false;  // the stored trace has come back
  updateGeometry();
  update();
}

void AnnotationTiers::setModelTier(const AnnotationTier& tier) {
  const bool rowsChange = model_.name.isEmpty() != tier.name.isEmpty();
  model_ = tier;
  if (rowsChange) updateGeometry();
  update();
}

void AnnotationTiers::clear() {
  model_ = AnnotationTier();
  human_.clear();
  updateGeometry();
  update();
}

QVector<AnnotationTier> AnnotationTiers::tiers() const {
  QVector<AnnotationTier> all;
  if (!model_.name.isEmpty()) all.push_back(model_);
  all += human_;
  if (paint_.id != 0) {
    bool traced = false;
    for (const AnnotationTier& t : human_)
      traced |= t.kind == AnnotationTier::Kind::Trace && t.dimensionId == paint_.id && t.annotator == paintAnnotator_;
    if (!traced) {  // an empty row to paint the first stroke on
      AnnotationTier empty;
      empty.kind = AnnotationTier::Kind::Trace;
      empty.name = QStringLiteral("%1 · %2").arg(paintAnnotator_, paint_.name);
      empty.annotator = paintAnnotator_;
      empty.dimensionId = paint_.id;
      empty.traceMin = paint_.min, empty.traceMax = paint_.max;
      all.push_back(empty);
    }
  }
  return all;
}

int AnnotationTiers::rowsHeight(const QVector<AnnotationTier>& all) const {
  int h = 0;
  for (const AnnotationTier& t : all) h += t.kind == AnnotationTier::Kind::Trace ? kTraceRowHeight : kRowHeight;
  return h;
}

QRectF AnnotationTiers::rowBand(const QVector<AnnotationTier>& all, int row, double left, double right) const {
  if (row < 0 || row >= all.size()) return {};
  const int top = kTop + rowsHeight(all.mid(0, row));
  const int h = all[row].kind == AnnotationTier::Kind::Trace ? kTraceRowHeight : kRowHeight;
  return {left, double(top + 2), right - left, double(h - 4)};
}

QRectF AnnotationTiers::rowRect(int row) const {
  return rowBand(tiers(), row, TimeGutters::kLeft, width() - TimeGutters::kRight);
}

QSize AnnotationTiers::sizeHint() const {
  return {600, kTop * 2 + std::max(2 * kRowHeight, rowsHeight(tiers())) + legendHeight()};
}

// Every tier visible: the tiers are the human record, never hidden behind a splitter handle.
QSize AnnotationTiers::minimumSizeHint() const {
  return {200, kTop * 2 + std::max(kRowHeight, rowsHeight(tiers())) + legendHeight()};
}

int AnnotationTiers::tierAt(int y) const {
  const QVector<AnnotationTier> all = tiers();
  int top = kTop;
  for (int row = 0; row < all.size(); ++row) {
    const int h = all[row].kind == AnnotationTier::Kind::Trace ? kTraceRowHeight : kRowHeight;
    if (y >= top && y < top + h) return row;
    top += h;
  }
  return -1;
}

int AnnotationTiers::segmentAt(int tier, double seconds) const {
  const QVector<AnnotationTier> all = tiers();
  if (tier < 0 || tier >= all.size()) return -1;
  const QVector<TierSegment>& segments = all[tier].segments;
  for (int i = 0; i < segments.size(); ++i)
    if (seconds >= segments[i].start && seconds < segments[i].end) return i;
  return -1;
}

QString AnnotationTiers::describe(int tier, double seconds) const {
  const QVector<AnnotationTier> all = tiers();
  if (tier < 0 || tier >= all.size()) return {};
  const AnnotationTier& t = all[tier];
  if (t.kind == AnnotationTier::Kind::Trace) {
    const qsizetype i = t.traceRate > 0 ? qsizetype(std::floor((seconds - t.traceStart) * t.traceRate)) : -1;
    if (i < 0 || i >= t.trace.size()) return {};
    return tr("%1: %2 at %3 s").arg(t.name).arg(double(t.trace[i]), 0, 'f', 2).arg(seconds, 0, 'f', 2);
  }
  const int s = segmentAt(tier, seconds);
  if (s < 0) return {};
  const TierSegment& seg = t.segments[s];
  QString text = tr("%1: %2, %3–%4 s").arg(t.name, seg.label).arg(seg.start, 0, 'f', 2).arg(seg.end, 0, 'f', 2);
  if (!std::isnan(seg.confidence)) text += tr(" (confidence %1)").arg(seg.confidence, 0, 'f', 2);
  return text;
}

void AnnotationTiers::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QPalette p = palette();
  painter.fillRect(rect(), p.color(QPalette::Base));
  const double left = TimeGutters::kLeft, right = width() - TimeGutters::kRight;
  const QVector<AnnotationTier> all = tiers();
  if (!legend_.isEmpty()) {
    painter.setPen(p.color(QPalette::PlaceholderText));
    painter.drawText(QRectF(left, height() - kLegendHeight, right - left, kLegendHeight), Qt::AlignVCenter | Qt::AlignLeft,
                     QFontMetrics(font()).elidedText(legend_, Qt::ElideRight, int(right - left)));
  }
  if (all.isEmpty()) {
    painter.setPen(p.color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(int(left), 0, -TimeGutters::kRight, -legendHeight()), Qt::AlignCenter,
                     tr("No annotation tiers: the session has no segments or traces yet"));
    paintMarks(painter, left, right);
    return;
  }
  const QFontMetrics fm(font());
  for (int row = 0; row < all.size(); ++row) {
    const AnnotationTier& tier = all[row];
    const QRectF band = rowBand(all, row, left, right);
    painter.fillRect(band, row % 2 ? p.color(QPalette::AlternateBase) : p.color(QPalette::Base));
    painter.setPen(p.color(QPalette::Text));
    painter.drawText(QRectF(6, band.top(), left - 12, band.height()), Qt::AlignVCenter | Qt::AlignRight,
                     fm.elidedText(tier.name, Qt::ElideMiddle, int(left) - 12));
    painter.save();
    painter.setClipRect(band);
    if (tier.kind == AnnotationTier::Kind::Trace) {
      if (row == paintRow()) {  // the row that takes strokes, outlined
        painter.setPen(QPen(p.color(QPalette::Highlight), 1, Qt::DotLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(band.adjusted(0.5, 0.5, -0.5, -0.5));
      }
      paintTrace(painter, tier, band);
    } else {
      for (const TierSegment& seg : tier.segments) {
        if (seg.end < axis_->lower() || seg.start > axis_->upper()) continue;
        const double x0 = axis_->xAt(seg.start, left, right), x1 = axis_->xAt(seg.end, left, right);
        QColor fill = seg.color.isValid() ? seg.color : p.color(QPalette::Mid);
        if (tier.kind == AnnotationTier::Kind::Model && !std::isnan(seg.confidence))
          fill.setAlphaF(float(0.35 + 0.65 * std::clamp(seg.confidence, 0.0, 1.0)));
        const QRectF box(x0, band.top() + 1, std::max(1.0, x1 - x0), band.height() - 2);
        const bool selected = seg.id != 0 && seg.id == selected_;
        painter.setPen(selected ? QPen(p.color(QPalette::Highlight), 3) : QPen(fill.darker(130), 1));
        painter.setBrush(fill);
        painter.drawRoundedRect(box, 3, 3);
        if (box.width() > fm.horizontalAdvance(seg.label) + 6) {
          painter.setPen(fill.lightnessF() > 0.6 ? Qt::black : Qt::white);
          painter.drawText(box, Qt::AlignCenter, seg.label);
        }
      }
    }
    painter.restore();
  }
  paintMarks(painter, left, right);
  const double x = axis_->xAt(axis_->cursor(), left, right);
  if (x >= left && x <= right) {
    painter.setPen(QPen(QColor(230, 50, 50), 1.5));
    painter.drawLine(QPointF(x, 0), QPointF(x, height()));
  }
}

// The trace as a line over its band (the stroke being drawn laid on it), with the middle of the
// dimension's range as a faint line; an empty paint row says what to do.
void AnnotationTiers::paintTrace(QPainter& painter, const AnnotationTier& tier, const QRectF& band) const {
  const QPalette p = palette();
  const double left = band.left(), right = band.right();
  painter.setPen(QPen(p.color(QPalette::Mid), 1, Qt::DotLine));
  painter.drawLine(QPointF(left, band.center().y()), QPointF(right, band.center().y()));
  TraceSamples samples{tier.traceStart, tier.traceRate, std::vector<float>(tier.trace.begin(), tier.trace.end())};
  if (showStroke_ && tier.dimensionId == paint_.id && tier.annotator == paintAnnotator_) {
    std::vector<StrokePoint> stroke;
    for (const QPointF& point : stroke_) stroke.push_back({point.x(), point.y()});
    samples = paintStroke(std::move(samples), stroke, tier.traceMin, tier.traceMax, kPaintedTraceRate);
  }
  if (samples.empty()) {
    painter.setPen(p.color(QPalette::PlaceholderText));
    painter.drawText(band, Qt::AlignCenter, tr("Drag here to paint %1 (up: %2, down: %3)")
                                                .arg(paint_.name).arg(paint_.max).arg(paint_.min));
    return;
  }
  QPainterPath path;
  bool started = false;
  const double range = tier.traceMax > tier.traceMin ? tier.traceMax - tier.traceMin : 1.0;
  for (size_t i = 0; i < samples.values.size(); ++i) {
    const double t = samples.start + double(i) / std::max(samples.rate, 1e-9);
    if (t < axis_->lower() - 1 || t > axis_->upper() + 1) continue;
    const QPointF point(axis_->xAt(t, TimeGutters::kLeft, width() - TimeGutters::kRight),
                        band.bottom() - (double(samples.values[i]) - tier.traceMin) / range * band.height());
    started ? path.lineTo(point) : path.moveTo(point);
    started = true;
  }
  painter.setPen(QPen(p.color(QPalette::Highlight), 1.5));
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(path);
}

// The in mark, the out mark and, when both are set, the range between them.
void AnnotationTiers::paintMarks(QPainter& painter, double left, double right) {
  const QColor mark = palette().color(QPalette::Highlight);
  const double bottom = height() - legendHeight();
  if (!std::isnan(in_) && !std::isnan(out_)) {
    QColor band = mark;
    band.setAlphaF(0.25f);
    const double x0 = std::max(left, axis_->xAt(in_, left, right)), x1 = std::min(right, axis_->xAt(out_, left, right));
    if (x1 > x0) painter.fillRect(QRectF(x0, 0, x1 - x0, bottom), band);
  }
  for (const double t : {in_, out_}) {
    if (std::isnan(t)) continue;
    const double x = axis_->xAt(t, left, right);
    if (x < left || x > right) continue;
    painter.setPen(QPen(mark, 2, Qt::DashLine));
    painter.drawLine(QPointF(x, 0), QPointF(x, bottom));
  }
}

void AnnotationTiers::mouseMoveEvent(QMouseEvent* event) {
  const double left = TimeGutters::kLeft, right = width() - TimeGutters::kRight;
  const QString text = describe(tierAt(int(event->position().y())), axis_->timeAt(event->position().x(), left, right));
  if (text.isEmpty()) QToolTip::hideText();
  else QToolTip::showText(event->globalPosition().toPoint(), text, this);
  QWidget::mouseMoveEvent(event);
}

}  // namespace stf2m::ui
