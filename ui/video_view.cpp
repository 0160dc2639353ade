#include "ui/video_view.h"

#include <QPainter>
#include <QResizeEvent>

#include <cmath>

namespace stf2m::ui {

VideoView::VideoView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("videoView"));
  // We paint every pixel ourselves; skipping the background fill avoids a flash on resize.
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void VideoView::setFrame(const QImage& image, qint64 index, double time) {
  image_ = image;  // shared with the worker; it detaches before writing the next frame
  if (index != index_) overlay_.reset();
  index_ = index;
  time_ = time;
  placeholder_.clear();
  update();
  Q_EMIT frameDisplayed(index);
}

void VideoView::setOverlay(const std::optional<FaceOverlayFrame>& overlay, const QSize& nativeSize) {
  overlay_ = overlay;
  overlaySpace_ = nativeSize;
  update();
}

void VideoView::showPlaceholder(const QString& text) {
  image_ = QImage();
  overlay_.reset();
  index_ = -1;
  time_ = 0.0;
  placeholder_ = text;
  update();
}

QSize VideoView::devicePixelSize() const {
  const qreal ratio = devicePixelRatioF();
  return {static_cast<int>(std::lround(width() * ratio)), static_cast<int>(std::lround(height() * ratio))};
}

void VideoView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::black);
  if (image_.isNull()) {
    if (!placeholder_.isEmpty()) {
      painter.setPen(QColor(200, 200, 200));
      painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    }
    return;
  }
  // The image already has the display aspect (rotation and pixel aspect applied by the core);
  // keep it and centre the picture.
  const QSizeF fitted = QSizeF(image_.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
  const QRectF target(QPointF((width() - fitted.width()) / 2.0, (height() - fitted.height()) / 2.0), fitted);
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(target, image_);
  if (!overlay_ || overlay_->trackId < 0 || overlaySpace_.isEmpty()) return;
  // Display pixels of the video -> the picture's rectangle on screen.
  const double sx = target.width() / overlaySpace_.width(), sy = target.height() / overlaySpace_.height();
  auto map = [&](const QPointF& p) { return QPointF(target.left() + p.x() * sx, target.top() + p.y() * sy); };
  painter.setRenderHint(QPainter::Antialiasing);
  // Green for a detection, amber for a frame whose face was followed by refitting the landmarks.
  const QColor color = overlay_->detected ? QColor(80, 220, 120) : QColor(255, 190, 60);
  painter.setPen(QPen(color, 2));
  painter.setBrush(Qt::NoBrush);
  const QRectF box(map(overlay_->box.topLeft()), map(overlay_->box.bottomRight()));
  painter.drawRect(box);
  painter.setPen(Qt::NoPen);
  painter.setBrush(color);
  for (const QPointF& p : overlay_->landmarks) painter.drawEllipse(map(p), 1.6, 1.6);
  const QString label = tr("track %1").arg(overlay_->trackId);
  const QRectF text = painter.fontMetrics().boundingRect(label).adjusted(-4, -2, 4, 2);
  const QRectF tag(box.left(), box.top() - text.height(), text.width(), text.height());
  painter.fillRect(tag, QColor(0, 0, 0, 160));
  painter.setPen(color);
  painter.drawText(tag, Qt::AlignCenter, label);
}

void VideoView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  Q_EMIT devicePixelSizeChanged(devicePixelSize());
}

}  // namespace stf2m::ui
