#pragma once
// QCustomPlot for the project's Qt policy: qcustomplot.h uses the `signals` and `foreach`
// keywords, which QT_NO_KEYWORDS removes, so they are defined just around that header. Include
// this only from .cpp files (never from a header other .cpp files include).
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef signals

#include <QList>
#include <QPalette>

namespace stf2m::ui {

// Axes in the widget's palette (light or dark desktop): lines in Mid, text in Text, and the grid
// (when `grid`) as dotted Midlight lines.
inline void applyPaletteToAxes(const QList<QCPAxis*>& axes, const QPalette& palette, bool grid) {
  for (QCPAxis* a : axes) {
    a->setBasePen(QPen(palette.color(QPalette::Mid)));
    a->setTickPen(QPen(palette.color(QPalette::Mid)));
    a->setSubTickPen(QPen(palette.color(QPalette::Mid)));
    a->setTickLabelColor(palette.color(QPalette::Text));
    a->setLabelColor(palette.color(QPalette::Text));
    if (grid) a->grid()->setPen(QPen(palette.color(QPalette::Midlight), 0, Qt::DotLine));
  }
}

}  // namespace stf2m::ui
