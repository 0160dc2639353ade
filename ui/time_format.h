#pragma once
// How the UI writes times: "mm:ss.mmm", with hours ("h:mm:ss.mmm") once the media is an hour or
// longer, so that every position label of one file has the same width.
#include <QString>

namespace stf2m::ui {

// `seconds` is clamped at 0; `withHours` forces the hour field (use it for the whole file when
// its duration is >= 1 h, so the current time and the duration line up).
QString formatTimestamp(double seconds, bool withHours = false);

// True when a file of this duration needs the hour field.
inline bool needsHours(double durationSeconds) { return durationSeconds >= 3600.0; }

}  // namespace stf2m::ui
