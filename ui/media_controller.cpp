#include "ui/media_controller.h"

#include "ui/media_worker.h"

namespace stf2m::ui {

MediaController::MediaController(QObject* parent)
    : QObject(parent), worker_(std::make_unique<MediaWorker>()), thread_(startOwnedThread(QStringLiteral("stf2m-media"))) {
  qRegisterMetaType<stf2m::ui::MediaSummary>();
  worker_->moveToThread(thread_.get());

  // Worker signals arrive queued on the GUI thread; each handler drops answers about a file the
  // user has already left.
  connect(worker_.get(), &MediaWorker::indexingProgress, this, [this](quint64 generation, double fraction) {
    if (isCurrent(generation) && state_ == State::Opening) Q_EMIT indexingProgress(fraction);
  });
  connect(worker_.get(), &MediaWorker::opened, this, [this](quint64 generation, const MediaSummary& summary) {
    if (!isCurrent(generation)) return;
    summary_ = summary;
    state_ = State::Open;
    Q_EMIT opened(summary_);
  });
  connect(worker_.get(), &MediaWorker::openFailed, this,
          [this](quint64 generation, int errorCode, const QString& file, const QString& detail) {
            if (!isCurrent(generation)) return;
            state_ = State::Failed;
            Q_EMIT openFailed(errorCode, file, detail);
          });
  connect(worker_.get(), &MediaWorker::frameReady, this,
          [this](quint64 generation, const QImage& image, qint64 index, double time) {
            if (isCurrent(generation) && state_ == State::Open) Q_EMIT frameReady(image, index, time);
          });
  connect(worker_.get(), &MediaWorker::frameFailed, this,
          [this](quint64 generation, qint64 index, int errorCode, const QString& detail) {
            if (isCurrent(generation) && state_ == State::Open) Q_EMIT frameFailed(index, errorCode, detail);
          });
}

MediaController::~MediaController() {
  // Stop the core call first (an atomic store), then quit and join the thread; only then is the
  // worker idle and safe to delete from this thread.
  worker_->shutdown();
  thread_.reset();
  worker_.reset();
}

void MediaController::open(const QString& path) {
  const quint64 generation = ++generation_;
  path_ = path;
  summary_ = MediaSummary{};
  state_ = State::Opening;
  worker_->announceOpen(generation);  // cancels the running indexing right now
  MediaWorker* worker = worker_.get();
  QMetaObject::invokeMethod(worker, [worker, generation, path] { worker->open(generation, path); },
                            Qt::QueuedConnection);
  Q_EMIT openStarted(path);
}

void MediaController::requestFrame(qint64 index) {
  if (state_ != State::Open) return;
  worker_->requestFrame(summary_.timeline.clampIndex(index));
}

void MediaController::setTargetSize(const QSize& devicePixels) {
  worker_->setTargetSize(devicePixels.width(), devicePixels.height());
}

qint64 MediaController::cacheHits() const { return worker_->cacheHits(); }

}  // namespace stf2m::ui
