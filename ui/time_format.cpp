#include "ui/time_format.h"

#include <cmath>

namespace stf2m::ui {

QString formatTimestamp(double seconds, bool withHours) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  // Round once, to whole milliseconds, so 0.1199999 prints as 00:00.120 and never as 00:00.119.
  const qint64 totalMs = std::llround(seconds * 1000.0);
  const qint64 ms = totalMs % 1000;
  const qint64 totalSeconds = totalMs / 1000;
  const qint64 s = totalSeconds % 60;
  const qint64 totalMinutes = totalSeconds / 60;
  const QChar zero(u'0');
  if (withHours || totalMinutes >= 60) {
    return QStringLiteral("%1:%2:%3.%4")
        .arg(totalMinutes / 60)
        .arg(totalMinutes % 60, 2, 10, zero)
        .arg(s, 2, 10, zero)
        .arg(ms, 3, 10, zero);
  }
  return QStringLiteral("%1:%2.%3").arg(totalMinutes, 2, 10, zero).arg(s, 2, 10, zero).arg(ms, 3, 10, zero);
}

}  // namespace stf2m::ui
