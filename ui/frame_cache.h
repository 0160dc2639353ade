#pragma once
// Decoded frames around the cursor, as the view shows them (converted and scaled), so stepping
// back, scrubbing over a stretch already seen and playback after a pause need no decoding. Keyed
// by frame index and picture size; the least recently used frames go first when the byte budget
// is exceeded. Worker-thread only (MediaWorker owns it).
#include <QImage>
#include <QSize>

#include <cstdint>
#include <list>
#include <map>
#include <utility>

namespace stf2m::ui {

class FrameCache {
 public:
  explicit FrameCache(qint64 budgetBytes = 160LL * 1024 * 1024) : budget_(budgetBytes) {}

  // The cached frame and its time, or a null image.
  QImage find(qint64 index, const QSize& size, double* time);
  bool contains(qint64 index, const QSize& size) const { return entries_.count({index, key(size)}) != 0; }
  void insert(qint64 index, const QSize& size, const QImage& image, double time);
  void clear();

  qint64 bytes() const { return bytes_; }
  int count() const { return int(entries_.size()); }

 private:
  using Key = std::pair<qint64, qint64>;
  static qint64 key(const QSize& s) { return (qint64(s.width()) << 32) | qint64(uint32_t(s.height())); }
  struct Entry {
    QImage image;
    double time = 0;
    std::list<Key>::iterator use;
  };
  qint64 budget_;
  qint64 bytes_ = 0;
  std::map<Key, Entry> entries_;
  std::list<Key> uses_;  // most recent first
};

}  // namespace stf2m::ui
