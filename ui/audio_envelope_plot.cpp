#include "ui/audio_envelope_plot.h"

#include <QEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QStackedLayout>

#include <algorithm>

#include "ui/qcp.h"

namespace stf2m::ui {

namespace {

constexpr double kTopDb = 0.0;
constexpr double kBottomDb = -80.0;  // quieter than this is background noise in a session room

}  // namespace

AudioEnvelopePlot::AudioEnvelopePlot(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("audioEnvelopePlot"));
  stack_ = new QStackedLayout(this);
  stack_->setContentsMargins(0, 0, 0, 0);

  messageLabel_ = new QLabel(this);
  messageLabel_->setAlignment(Qt::AlignCenter);
  messageLabel_->setObjectName(QStringLiteral("audioEnvelopeMessage"));
  // Same surface as the plot, so "No audio stream" reads as the strip's content, not a hole.
  messageLabel_->setBackgroundRole(QPalette::Base);
  messageLabel_->setForegroundRole(QPalette::PlaceholderText);
  messageLabel_->setAutoFillBackground(true);
  stack_->addWidget(messageLabel_);

  plot_ = new QCustomPlot(this);
  plot_->setObjectName(QStringLiteral("audioEnvelopeCustomPlot"));
  stack_->addWidget(plot_);

  floor_ = plot_->addGraph();
  floor_->setPen(Qt::NoPen);
  levels_ = plot_->addGraph();
  levels_->setChannelFillGraph(floor_);
  levels_->setLineStyle(QCPGraph::lsStepLeft);  // each level holds for its whole 10 ms hop

  cursor_ = new QCPItemStraightLine(plot_);
  cursor_->setPen(QPen(QColor(220, 60, 40), 1.5));

  plot_->yAxis->setRange(kBottomDb, kTopDb);
  auto fixedTicker = QSharedPointer<QCPAxisTickerFixed>::create();
  fixedTicker->setTickStep(20.0);
  plot_->yAxis->setTicker(fixedTicker);
  plot_->yAxis->setLabel(tr("dB"));
  plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerTime>::create());
  plot_->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  // Room above and to the right for the top ("0") and last tick labels.
  plot_->axisRect()->setMargins(QMargins(0, 10, 10, 0));

  // Wheel zooms time only; a left click or drag seeks (handled below), so no range dragging.
  plot_->setInteractions(QCP::iRangeZoom);
  plot_->axisRect()->setRangeZoom(Qt::Horizontal);
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { clampVisibleRange(); });
  connect(plot_, &QCustomPlot::mousePress, this, &AudioEnvelopePlot::handleMouse);
  connect(plot_, &QCustomPlot::mouseMove, this, &AudioEnvelopePlot::handleMouse);
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
    plot_->xAxis->setRange(0.0, std::max(duration_, 0.001));
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });

  setMinimumHeight(90);
  setToolTip(tr("Audio level (RMS per 10 ms). Click or drag to seek, scroll to zoom, double-click to see all."));
  applyPalette();
  clear();
}

void AudioEnvelopePlot::applyPalette() {
  // Follow the widget palette so the strip matches light and dark desktop themes.
  const QPalette pal = palette();
  plot_->setBackground(pal.brush(QPalette::Base));
  applyPaletteToAxes({plot_->xAxis, plot_->yAxis}, pal, true);
  QColor accent = pal.color(QPalette::Highlight);
  levels_->setPen(QPen(accent, 1.0));
  accent.setAlpha(90);
  levels_->setBrush(accent);
}

void AudioEnvelopePlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) {
    applyPalette();
    plot_->replot(QCustomPlot::rpQueuedReplot);
  }
  QWidget::changeEvent(event);
}

void AudioEnvelopePlot::clear() {
  levels_->data()->clear();
  floor_->data()->clear();
  pointCount_ = 0;
  duration_ = 0.0;
  showMessage(QString());
}

void AudioEnvelopePlot::showMessage(const QString& text) {
  messageLabel_->setText(text);
  stack_->setCurrentWidget(messageLabel_);
}

bool AudioEnvelopePlot::isShowingPlot() const { return stack_->currentWidget() == plot_; }

QString AudioEnvelopePlot::message() const { return isShowingPlot() ? QString() : messageLabel_->text(); }

void AudioEnvelopePlot::setEnvelope(const AudioEnvelope& envelope, double mediaDuration) {
  const auto count = static_cast<qsizetype>(envelope.levelsDb.size());
  QVector<double> keys(count);
  QVector<double> values(count);
  for (qsizetype i = 0; i < count; ++i) {
    keys[i] = static_cast<double>(i) * envelope.hopSeconds;
    values[i] = envelope.levelsDb[static_cast<size_t>(i)];
  }
  levels_->setData(keys, values, true);
  values.fill(kBottomDb - 10.0);  // below the visible range, so the fill reaches the axis
  floor_->setData(keys, values, true);
  pointCount_ = count;

  duration_ = std::max({mediaDuration, envelope.duration(), 0.001});
  auto ticker = qSharedPointerDynamicCast<QCPAxisTickerTime>(plot_->xAxis->ticker());
  if (ticker) ticker->setTimeFormat(duration_ >= 3600.0 ? QStringLiteral("%h:%m:%s") : QStringLiteral("%m:%s"));
  plot_->xAxis->setRange(0.0, duration_);
  setCursorTime(cursorTime_);
  stack_->setCurrentWidget(plot_);
  plot_->replot();
}

void AudioEnvelopePlot::setCursorTime(double seconds) {
  cursorTime_ = seconds;
  cursor_->point1->setCoords(seconds, kBottomDb);
  cursor_->point2->setCoords(seconds, kTopDb);
  // When zoomed in, keep the cursor in view by paging the visible window along with it.
  const QCPRange range = plot_->xAxis->range();
  if (duration_ > 0 && (seconds < range.lower || seconds > range.upper)) {
    const double half = range.size() / 2.0;
    plot_->xAxis->setRange(seconds - half, seconds + half);
  }
  if (isShowingPlot()) plot_->replot(QCustomPlot::rpQueuedReplot);  // coalesces fast key repeat
}

void AudioEnvelopePlot::clampVisibleRange() {
  if (duration_ <= 0) return;
  QCPRange range = plot_->xAxis->range();
  const double size = std::clamp(range.size(), 0.05, duration_);
  double lower = std::clamp(range.lower, 0.0, duration_ - size);
  if (lower == range.lower && size == range.size()) return;
  const QSignalBlocker blocker(plot_->xAxis);  // setRange would re-enter this slot
  plot_->xAxis->setRange(lower, lower + size);
}

void AudioEnvelopePlot::handleMouse(QMouseEvent* event) {
  if (!(event->buttons() & Qt::LeftButton) || duration_ <= 0 || !isShowingPlot()) return;
  const double t = plot_->xAxis->pixelToCoord(event->position().x());
  Q_EMIT seekRequested(std::clamp(t, 0.0, duration_));
}

}  // namespace stf2m::ui
