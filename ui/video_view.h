#pragma once
// Paints the latest decoded frame, scaled to fit with its aspect kept, on a black background.
// It reports its size in device pixels so the worker converts frames at exactly that size.
#include <QImage>
#include <QString>
#include <QWidget>

#include <optional>

#include "ui/face_overlay.h"

namespace stf2m::ui {

class VideoView : public QWidget {
  Q_OBJECT

 public:
  explicit VideoView(QWidget* parent = nullptr);

  void setFrame(const QImage& image, qint64 index, double time);
  // The face to draw over the picture (`nativeSize`: the video's display size, the overlay's
  // coordinate space); nothing to hide it. Cleared with each new frame until set again.
  void setOverlay(const std::optional<FaceOverlayFrame>& overlay, const QSize& nativeSize);
  const std::optional<FaceOverlayFrame>& overlay() const { return overlay_; }
  // Drops the picture and shows `text` instead (empty text: plain black).
  void showPlaceholder(const QString& text);

  qint64 displayedIndex() const { return index_; }  // -1 when no frame is shown
  double displayedTime() const { return time_; }
  const QImage& image() const { return image_; }
  QSize devicePixelSize() const;

  QSize sizeHint() const override { return {640, 360}; }
  QSize minimumSizeHint() const override { return {160, 90}; }

 Q_SIGNALS:
  void frameDisplayed(qint64 index);
  void devicePixelSizeChanged(const QSize& size);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  QImage image_;
  QString placeholder_;
  std::optional<FaceOverlayFrame> overlay_;
  QSize overlaySpace_;
  qint64 index_ = -1;
  double time_ = 0.0;
};

}  // namespace stf2m::ui
