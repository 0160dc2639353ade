#pragma once
// Icons for the frame navigation buttons, painted in code in the palette's text colour (the
// style's media icons have no "one frame" glyph, and SVG icons would need the Qt SVG plugin).
#include <QIcon>
#include <QPalette>

namespace stf2m::ui {

enum class TransportGlyph { FirstFrame, BackOneSecond, PreviousFrame, NextFrame, ForwardOneSecond, LastFrame };

QIcon transportIcon(TransportGlyph glyph, const QPalette& palette);

}  // namespace stf2m::ui
