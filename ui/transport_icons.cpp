#include "ui/transport_icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace stf2m::ui {

namespace {

// Glyphs are drawn pointing right on a 16x16 grid and mirrored for the backward ones.
void paintRightward(QPainter& p, TransportGlyph glyph) {
  auto triangle = [&p](qreal left, qreal width) {
    QPainterPath path;
    path.moveTo(left, 3);
    path.lineTo(left + width, 8);
    path.lineTo(left, 13);
    path.closeSubpath();
    p.drawPath(path);
  };
  auto bar = [&p](qreal left) { p.drawRect(QRectF(left, 3, 2, 10)); };
  switch (glyph) {
    case TransportGlyph::NextFrame:
    case TransportGlyph::PreviousFrame:  // |>  : one frame
      bar(3);
      triangle(6.5, 6.5);
      break;
    case TransportGlyph::ForwardOneSecond:
    case TransportGlyph::BackOneSecond:  // >>  : a jump in time
      triangle(2, 6);
      triangle(8, 6);
      break;
    case TransportGlyph::LastFrame:
    case TransportGlyph::FirstFrame:  // >>| : to the end
      triangle(1, 5.5);
      triangle(6.5, 5.5);
      bar(12.5);
      break;
  }
}

bool isBackward(TransportGlyph glyph) {
  return glyph == TransportGlyph::FirstFrame || glyph == TransportGlyph::BackOneSecond ||
         glyph == TransportGlyph::PreviousFrame;
}

QPixmap render(TransportGlyph glyph, const QColor& color, int size) {
  QPixmap pixmap(size, size);
  pixmap.fill(Qt::transparent);
  QPainter p(&pixmap);
  p.setRenderHint(QPainter::Antialiasing);
  p.scale(size / 16.0, size / 16.0);
  if (isBackward(glyph)) {  // mirror: the backward glyphs are the forward ones flipped
    p.translate(16, 0);
    p.scale(-1, 1);
  }
  p.setPen(Qt::NoPen);
  p.setBrush(color);
  paintRightward(p, glyph);
  return pixmap;
}

}  // namespace

QIcon transportIcon(TransportGlyph glyph, const QPalette& palette) {
  QIcon icon;
  for (int size : {16, 24, 32, 48}) {  // crisp at 1x and 2x displays
    icon.addPixmap(render(glyph, palette.color(QPalette::Active, QPalette::ButtonText), size), QIcon::Normal);
    icon.addPixmap(render(glyph, palette.color(QPalette::Disabled, QPalette::ButtonText), size), QIcon::Disabled);
  }
  return icon;
}

}  // namespace stf2m::ui
