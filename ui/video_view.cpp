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
  index_ = index;
  time_ = time;
  placeholder_.clear();
  update();
  Q_EMIT frameDisplayed(index);
}

void VideoView::showPlaceholder(const QString& text) {
  image_ = QImage();
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
}

void VideoView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  Q_EMIT devicePixelSizeChanged(devicePixelSize());
}

}  // namespace stf2m::ui
