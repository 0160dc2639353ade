#include "ui/time_axis.h"

#include <QMouseEvent>
#include <QWheelEvent>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace stf2m::ui {

TimeAxis::TimeAxis(QObject* parent) : QObject(parent) {}

void TimeAxis::setDuration(double seconds) {
  duration_ = std::max(0.0, seconds);
  showAll();
  if (cursor_ > duration_) setCursor(duration_);
}

void TimeAxis::extendDuration(double seconds) {
  if (seconds <= duration_) return;
  const bool showingAll = lower_ <= 0 && upper_ >= duration_;
  duration_ = seconds;
  if (showingAll) showAll();
}

void TimeAxis::setRange(double lower, double upper) {
  const double total = std::max(duration_, kMinSpan);
  double span = std::clamp(upper - lower, kMinSpan, total);
  if (!std::isfinite(span)) span = total;
  lower = std::clamp(std::isfinite(lower) ? lower : 0.0, 0.0, total - span);
  if (lower == lower_ && lower + span == upper_) return;
  lower_ = lower;
  upper_ = lower + span;
  Q_EMIT rangeChanged(lower_, upper_);
}

void TimeAxis::zoom(double factor, double anchor) {
  const double span = std::clamp(this->span() * factor, kMinSpan, std::max(duration_, kMinSpan));
  const double keep = this->span() > 0 ? (anchor - lower_) / this->span() : 0.5;
  setRange(anchor - keep * span, anchor - keep * span + span);
}

void TimeAxis::pan(double fractionOfSpan) { setRange(lower_ + fractionOfSpan * span(), upper_ + fractionOfSpan * span()); }

void TimeAxis::showAll() { setRange(0, std::max(duration_, kMinSpan)); }

void TimeAxis::setCursor(double seconds, bool follow) {
  seconds = std::clamp(seconds, 0.0, std::max(duration_, 0.0));
  if (follow && (seconds < lower_ || seconds > upper_)) setRange(seconds - 0.05 * span(), seconds + 0.95 * span());
  if (seconds == cursor_) return;
  cursor_ = seconds;
  Q_EMIT cursorChanged(cursor_);
}

void TimeAxis::requestSeek(double seconds) { Q_EMIT seekRequested(std::clamp(seconds, 0.0, duration_)); }

double TimeAxis::timeAt(double x, double left, double right) const {
  return right > left ? lower_ + (x - left) / (right - left) * span() : lower_;
}

double TimeAxis::xAt(double seconds, double left, double right) const {
  return span() > 0 ? left + (seconds - lower_) / span() * (right - left) : left;
}

namespace {

class TimeGestures : public QObject {
 public:
  TimeGestures(QWidget* widget, TimeAxis* axis) : QObject(widget), widget_(widget), axis_(axis) {}

 protected:
  bool eventFilter(QObject*, QEvent* event) override {
    const double left = TimeGutters::kLeft, right = widget_->width() - TimeGutters::kRight;
    switch (event->type()) {
      case QEvent::Wheel: {
        auto* wheel = static_cast<QWheelEvent*>(event);
        const QPoint delta = wheel->angleDelta();
        const double x = wheel->position().x();
        if (wheel->modifiers() & Qt::ShiftModifier || std::abs(delta.x()) > std::abs(delta.y())) {
          const int d = delta.x() != 0 ? delta.x() : delta.y();
          axis_->pan(-d / 120.0 * 0.1);
        } else if (delta.y() != 0 && x >= left && x <= right) {
          axis_->zoom(std::pow(0.85, delta.y() / 120.0), axis_->timeAt(x, left, right));
        }
        return true;
      }
      case QEvent::MouseButtonPress: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton || mouse->position().x() < left || mouse->position().x() > right) return false;
        pressX_ = lastX_ = mouse->position().x();
        dragging_ = true;
        moved_ = false;
        return true;
      }
      case QEvent::MouseMove: {
        if (!dragging_) return false;
        auto* mouse = static_cast<QMouseEvent*>(event);
        const double x = mouse->position().x();
        if (std::abs(x - pressX_) > 3) moved_ = true;
        if (moved_ && right > left) axis_->pan(-(x - lastX_) / (right - left));
        lastX_ = x;
        return false;  // hover handling in the view still sees the move
      }
      case QEvent::MouseButtonRelease: {
        if (!dragging_) return false;
        dragging_ = false;
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (!moved_) axis_->requestSeek(axis_->timeAt(mouse->position().x(), left, right));
        return true;
      }
      default:
        return false;
    }
  }

 private:
  QWidget* widget_;
  TimeAxis* axis_;
  double pressX_ = 0, lastX_ = 0;
  bool dragging_ = false, moved_ = false;
};

}  // namespace

void attachTimeGestures(QWidget* widget, TimeAxis* axis) { widget->installEventFilter(new TimeGestures(widget, axis)); }

}  // namespace stf2m::ui
