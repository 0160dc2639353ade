#pragma once
// The presentation times of every frame of the open video, copied once from the core index when
// a file opens. With it the GUI thread maps index <-> time without asking the worker, so labels,
// slider and audio cursor move at once while the frame itself is still being decoded.
#include <QtGlobal>

#include <memory>
#include <vector>

namespace stf2m::ui {

class FrameTimeline {
 public:
  FrameTimeline() = default;
  // `frameTimes` ascending, seconds since the container start; `duration` = end of the last frame.
  FrameTimeline(std::vector<double> frameTimes, double duration);

  bool isEmpty() const { return count() == 0; }
  qint64 count() const { return times_ ? static_cast<qint64>(times_->size()) : 0; }
  qint64 lastIndex() const { return count() - 1; }
  double duration() const { return duration_; }

  // Presentation time of `index`, clamped into the valid range; 0 for an empty timeline.
  double timeAt(qint64 index) const;
  // The frame shown at time t (greatest presentation time <= t), clamped to [0, lastIndex()]:
  // seeking before the start shows the first frame, past the end the last one.
  qint64 indexAtTime(double t) const;
  qint64 clampIndex(qint64 index) const;

 private:
  // Shared, immutable: copies of a timeline (signal arguments, widgets) cost one pointer.
  std::shared_ptr<const std::vector<double>> times_;
  double duration_ = 0.0;
};

}  // namespace stf2m::ui
