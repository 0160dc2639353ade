#pragma once
// The GUI-thread side of media access. It owns the worker thread, numbers every open request
// (the generation) and forwards only results that belong to the file the user is looking at, so
// widgets never see a late frame of a file they have already closed.
#include <QImage>
#include <QObject>
#include <QSize>

#include <memory>

#include "ui/media_summary.h"
#include "ui/thread_owner.h"

namespace stf2m::ui {

class MediaWorker;

class MediaController : public QObject {
  Q_OBJECT

 public:
  enum class State { Empty, Opening, Open, Failed };

  explicit MediaController(QObject* parent = nullptr);
  // Cancels indexing or decoding in flight, then stops the thread. Bounded by one cancellation
  // check in the core, not by the length of the file.
  ~MediaController() override;

  // Closes the current file and starts opening `path`; never blocks.
  void open(const QString& path);
  // Asks for a frame of the open file; ignored unless state() == Open. Only the latest request
  // is decoded when requests come faster than frames.
  void requestFrame(qint64 index);
  // The view's size in device pixels: frames are scaled for it on the worker.
  void setTargetSize(const QSize& devicePixels);

  State state() const { return state_; }
  bool isOpen() const { return state_ == State::Open; }
  const QString& path() const { return path_; }
  const MediaSummary& summary() const { return summary_; }  // valid when isOpen()
  qint64 cacheHits() const;  // frames shown from the worker's cache of decoded frames

 Q_SIGNALS:
  void openStarted(const QString& path);
  void indexingProgress(double fraction);
  void opened(const stf2m::ui::MediaSummary& summary);
  void openFailed(int errorCode, const QString& file, const QString& detail);
  void frameReady(const QImage& image, qint64 index, double time);
  void frameFailed(qint64 index, int errorCode, const QString& detail);

 private:
  bool isCurrent(quint64 generation) const { return generation == generation_; }

  std::unique_ptr<MediaWorker> worker_;
  OwnedThread thread_;
  quint64 generation_ = 0;
  State state_ = State::Empty;
  QString path_;
  MediaSummary summary_;
};

}  // namespace stf2m::ui
