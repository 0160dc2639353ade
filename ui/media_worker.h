#pragma once
// The one object that touches the open video. It lives on its own thread (see MediaController,
// which owns that thread): requests arrive as queued calls, results leave as signals, and every
// result carries the generation of the open request it belongs to so the GUI can drop answers
// about a file it has already left.
#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "common/cancel.h"
#include "ui/frame_cache.h"
#include "ui/media_summary.h"

namespace stf2m::media {
class VideoReader;
}

namespace stf2m::ui {

class MediaWorker : public QObject {
  Q_OBJECT

 public:
  MediaWorker();
  ~MediaWorker() override;

  // --- Thread-safe; called directly from the GUI thread. -------------------------------------
  // Marks `generation` as the latest open request and cancels whatever the worker is doing
  // (indexing or decoding), by setting the token itself: a queued "cancel" would wait behind
  // the very work it should stop.
  void announceOpen(quint64 generation);
  // Cancels running work for good (shutdown); later requests are ignored.
  void shutdown();
  // Asks for frame `index` of the open file. Only the latest request is served: a request that
  // arrives while a frame is being decoded replaces the pending one instead of queueing behind it.
  // Frames around the last one served are decoded ahead while the worker is idle and kept in a
  // cache (FrameCache), so stepping back and playing on need no decoding.
  void requestFrame(qint64 index);
  // Frames served from the cache (not decoded) since the file was opened.
  qint64 cacheHits() const { return cacheHits_.load(); }
  // Largest picture the view can show, in device pixels; frames are converted at most this big.
  void setTargetSize(int width, int height);

 public Q_SLOTS:
  // --- Worker thread. -------------------------------------------------------------------------
  void open(quint64 generation, const QString& path);

 Q_SIGNALS:
  void indexingProgress(quint64 generation, double fraction);
  void opened(quint64 generation, const stf2m::ui::MediaSummary& summary);
  void openFailed(quint64 generation, int errorCode, const QString& file, const QString& detail);
  void frameReady(quint64 generation, const QImage& image, qint64 index, double time);
  void frameFailed(quint64 generation, qint64 index, int errorCode, const QString& detail);

 private:
  void serveLatestFrameRequest();
  void schedulePrefetch();
  void prefetch();
  QSize pictureSize() const;
  QImage decode(qint64 index, const QSize& size, double* time);
  MediaSummary summarize(const QString& path) const;

  // Frames kept around the cursor: behind it for stepping back, ahead for stepping on and play.
  static constexpr qint64 kPrefetchBehind = 12;
  static constexpr qint64 kPrefetchAhead = 12;

  // Worker thread only.
  std::unique_ptr<media::VideoReader> reader_;
  quint64 readerGeneration_ = 0;
  FrameCache cache_;
  qint64 lastServed_ = -1;
  bool prefetchScheduled_ = false;

  CancelToken cancel_;
  std::atomic<quint64> latestOpenGeneration_{0};
  std::atomic<bool> shutDown_{false};
  std::atomic<qint64> pendingFrame_{-1};     // latest requested index, -1 = none
  std::atomic<bool> serveScheduled_{false};  // one queued serve call at a time
  std::atomic<qint64> cacheHits_{0};
  std::atomic<int> targetWidth_{0};
  std::atomic<int> targetHeight_{0};
};

}  // namespace stf2m::ui
