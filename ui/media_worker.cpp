#include "ui/media_worker.h"

#include <algorithm>
#include <vector>

#include <QFile>

#include <cmath>

#include "common/error.h"
#include "media/video_reader.h"

namespace stf2m::ui {

namespace {

// Paths cross into FFmpeg as the bytes the file system uses, and come back the same way.
std::string toNativePath(const QString& path) { return QFile::encodeName(path).toStdString(); }
QString fromNativePath(const std::string& path) { return QFile::decodeName(QByteArray::fromStdString(path)); }

QStringList toStringList(const std::vector<std::string>& lines) {
  QStringList list;
  list.reserve(static_cast<qsizetype>(lines.size()));
  for (const auto& line : lines) list.append(QString::fromStdString(line));
  return list;
}

}  // namespace

MediaWorker::MediaWorker() = default;
MediaWorker::~MediaWorker() = default;

void MediaWorker::announceOpen(quint64 generation) {
  latestOpenGeneration_.store(generation);
  pendingFrame_.store(-1);  // a frame of the old file is of no use any more
  // Pairs with the fence in open(): either open() sees this generation and skips, or its reset of
  // the token is ordered before this cancel and the cancel sticks.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  cancel_.cancel();
}

void MediaWorker::shutdown() {
  shutDown_.store(true);
  pendingFrame_.store(-1);
  cancel_.cancel();
}

void MediaWorker::setTargetSize(int width, int height) {
  targetWidth_.store(width);
  targetHeight_.store(height);
}

void MediaWorker::requestFrame(qint64 index) {
  if (index < 0 || shutDown_.load()) return;
  pendingFrame_.store(index);
  // Post a serve call only when none is queued; a queued one will pick up this newer index.
  if (!serveScheduled_.exchange(true))
    QMetaObject::invokeMethod(this, &MediaWorker::serveLatestFrameRequest, Qt::QueuedConnection);
}

void MediaWorker::open(quint64 generation, const QString& path) {
  cancel_.reset();
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (shutDown_.load() || generation != latestOpenGeneration_.load()) return;  // superseded

  // Close the previous file first: two open decoders would double the memory for nothing.
  reader_.reset();
  cache_.clear();
  cacheHits_ = 0;
  lastServed_ = -1;
  readerGeneration_ = generation;

  int lastPercent = -1;
  const ProgressCallback progress = [this, generation, &lastPercent](double fraction) {
    // The core may call this once per packet; one signal per percent is plenty for a progress bar.
    const int percent = static_cast<int>(std::floor(fraction * 100.0));
    if (percent == lastPercent) return;
    lastPercent = percent;
    Q_EMIT indexingProgress(generation, fraction);
  };

  try {
    reader_ = std::make_unique<media::VideoReader>(toNativePath(path), media::VideoReaderOptions{}, &cancel_,
                                                   progress);
    const MediaSummary summary = summarize(path);
    Q_EMIT opened(generation, summary);
  } catch (const Error& error) {
    reader_.reset();
    // A cancelled open was superseded by a newer one (or by shutdown): nobody waits for its answer.
    if (error.code() == ErrorCode::Cancelled) return;
    const QString file = error.subject().empty() ? path : fromNativePath(error.subject());
    Q_EMIT openFailed(generation, static_cast<int>(error.code()), file, QString::fromStdString(error.detail()));
  } catch (const std::exception& error) {
    reader_.reset();
    Q_EMIT openFailed(generation, static_cast<int>(ErrorCode::Internal), path, QString::fromUtf8(error.what()));
  }
}

MediaSummary MediaWorker::summarize(const QString& path) const {
  const media::VideoReader& reader = *reader_;
  const media::StreamInfo& stream = reader.stream();

  MediaSummary summary;
  summary.path = path;
  summary.info = reader.mediaInfo();
  summary.probeJson = QString::fromStdString(media::mediaInfoToJson(summary.info));
  summary.frameCount = reader.frameCount();
  summary.duration = reader.duration();

  std::vector<double> times;
  times.reserve(static_cast<size_t>(std::max<int64_t>(summary.frameCount, 0)));
  for (int64_t i = 0; i < summary.frameCount; ++i) times.push_back(reader.frameTime(i));
  summary.timeline = FrameTimeline(std::move(times), summary.duration);

  if (stream.averageFrameRate.valid())
    summary.frameRate = stream.averageFrameRate.value();
  else if (summary.duration > 0)
    summary.frameRate = static_cast<double>(summary.frameCount) / summary.duration;

  summary.codedSize = QSize(stream.width, stream.height);
  const media::Size display = reader.displaySizeWithin(0, 0);
  summary.displaySize = QSize(display.width, display.height);
  summary.videoCodec = QString::fromStdString(stream.codec);
  summary.hasAudio = summary.info.firstAudio() != nullptr;
  summary.diagnostics = toStringList(reader.diagnostics());
  return summary;
}

QSize MediaWorker::pictureSize() const {
  // Convert straight to the size the view shows (device pixels), never above the native size:
  // a 4K frame scaled to a 900 px view costs a fraction of a full-size conversion.
  const media::Size native = reader_->displaySizeWithin(0, 0);
  int maxWidth = targetWidth_.load();
  int maxHeight = targetHeight_.load();
  if (maxWidth <= 0 || maxWidth > native.width) maxWidth = native.width;
  if (maxHeight <= 0 || maxHeight > native.height) maxHeight = native.height;
  const media::Size size = reader_->displaySizeWithin(maxWidth, maxHeight);
  if (size.width <= 0 || size.height <= 0) throw Error(ErrorCode::Internal, "", "empty display size");
  return {size.width, size.height};
}

QImage MediaWorker::decode(qint64 index, const QSize& size, double* time) {
  const media::DecodedFrame& frame = reader_->frameAtIndex(index, &cancel_);
  QImage image(size, QImage::Format_RGB888);
  reader_->convertToRgb(frame, media::RgbBuffer{image.bits(), size.width(), size.height(),
                                                static_cast<int>(image.bytesPerLine())});
  *time = frame.time();
  cache_.insert(frame.index(), size, image, frame.time());
  return image;
}

void MediaWorker::serveLatestFrameRequest() {
  // Clear the flag before taking the index: a request stored after this point posts a new call.
  serveScheduled_.store(false);
  const qint64 index = pendingFrame_.exchange(-1);
  if (index < 0 || !reader_ || shutDown_.load()) return;
  const quint64 generation = readerGeneration_;

  try {
    const QSize size = pictureSize();
    double time = 0;
    QImage image = cache_.find(index, size, &time);
    if (image.isNull()) image = decode(index, size, &time);
    else ++cacheHits_;
    Q_EMIT frameReady(generation, image, index, time);
    lastServed_ = index;
    schedulePrefetch();
  } catch (const Error& error) {
    if (error.code() == ErrorCode::Cancelled) return;  // a newer open or shutdown took over
    Q_EMIT frameFailed(generation, index, static_cast<int>(error.code()), QString::fromStdString(error.detail()));
  } catch (const std::exception& error) {
    Q_EMIT frameFailed(generation, index, static_cast<int>(ErrorCode::Internal), QString::fromUtf8(error.what()));
  }
}

void MediaWorker::schedulePrefetch() {
  if (prefetchScheduled_) return;
  prefetchScheduled_ = true;
  QMetaObject::invokeMethod(this, &MediaWorker::prefetch, Qt::QueuedConnection);
}

void MediaWorker::prefetch() {
  // While nobody waits for a frame: decode the frames just after the last one shown (sequential,
  // cheap), then those just before it (ascending, one seek), one frame per call, giving way as
  // soon as a request arrives.
  prefetchScheduled_ = false;
  if (!reader_ || shutDown_.load() || lastServed_ < 0) return;
  try {
    const QSize size = pictureSize();
    const qint64 ahead = std::min<qint64>(reader_->frameCount() - 1, lastServed_ + kPrefetchAhead);
    const qint64 behind = std::max<qint64>(0, lastServed_ - kPrefetchBehind);
    std::vector<qint64> order;
    for (qint64 i = lastServed_ + 1; i <= ahead; ++i) order.push_back(i);
    for (qint64 i = behind; i < lastServed_; ++i) order.push_back(i);
    for (const qint64 i : order) {
      if (pendingFrame_.load() >= 0 || shutDown_.load()) return;  // the serve call runs next
      if (cache_.contains(i, size)) continue;
      double time = 0;
      decode(i, size, &time);
      // One frame per call, so a queued serve call never waits behind more than one decode.
      schedulePrefetch();
      return;
    }
  } catch (const std::exception&) {
    // A frame that cannot be decoded is reported when it is asked for, not while prefetching.
  }
}

}  // namespace stf2m::ui
