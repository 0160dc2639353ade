#include "ui/frame_timeline.h"

#include <algorithm>

namespace stf2m::ui {

FrameTimeline::FrameTimeline(std::vector<double> frameTimes, double duration)
    : times_(std::make_shared<const std::vector<double>>(std::move(frameTimes))), duration_(duration) {}

qint64 FrameTimeline::clampIndex(qint64 index) const {
  if (isEmpty()) return 0;
  return std::clamp<qint64>(index, 0, lastIndex());
}

double FrameTimeline::timeAt(qint64 index) const {
  if (isEmpty()) return 0.0;
  return (*times_)[static_cast<size_t>(clampIndex(index))];
}

qint64 FrameTimeline::indexAtTime(double t) const {
  if (isEmpty()) return 0;
  // A microsecond of slack: a time computed as timeAt(i) + 1.0 - 1.0 must land on i again.
  const auto it = std::upper_bound(times_->begin(), times_->end(), t + 1e-6);
  return clampIndex(static_cast<qint64>(it - times_->begin()) - 1);
}

}  // namespace stf2m::ui
