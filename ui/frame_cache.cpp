#include "ui/frame_cache.h"

namespace stf2m::ui {

QImage FrameCache::find(qint64 index, const QSize& size, double* time) {
  const auto it = entries_.find({index, key(size)});
  if (it == entries_.end()) return {};
  uses_.splice(uses_.begin(), uses_, it->second.use);
  if (time) *time = it->second.time;
  return it->second.image;
}

void FrameCache::insert(qint64 index, const QSize& size, const QImage& image, double time) {
  const Key k{index, key(size)};
  if (entries_.count(k)) return;
  uses_.push_front(k);
  entries_[k] = Entry{image, time, uses_.begin()};
  bytes_ += image.sizeInBytes();
  while (bytes_ > budget_ && uses_.size() > 1) {
    const auto last = entries_.find(uses_.back());
    bytes_ -= last->second.image.sizeInBytes();
    entries_.erase(last);
    uses_.pop_back();
  }
}

void FrameCache::clear() {
  entries_.clear();
  uses_.clear();
  bytes_ = 0;
}

}  // namespace stf2m::ui
