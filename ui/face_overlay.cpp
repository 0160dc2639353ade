#include "ui/face_overlay.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

#include "pipeline/session_features.h"

namespace stf2m::ui {

namespace {

struct ChunkAnswer {
  double chunkSeconds = 10;
  bool present = false;
  QHash<qint64, FaceOverlayFrame> frames;
};

// Runs on the one-thread pool, so the slot is never filled twice at once.
ChunkAnswer readChunk(const std::shared_ptr<FaceOverlays::ExtractorSlot>& slot, const std::vector<pipeline::MediaFile>& media,
                      const std::string& cacheDir, double fileSeconds) {
  ChunkAnswer answer;
  try {
    if (!slot->extractor) {
      pipeline::ExtractionOptions options;  // the analysis's defaults: the same cache variant
      options.cacheDir = cacheDir;
      slot->extractor = std::make_shared<pipeline::SessionFeatureExtractor>(media, options);
    }
    const auto& extractor = slot->extractor;
    answer.chunkSeconds = extractor->layout().chunkSeconds;
    const int chunk = int(std::floor(fileSeconds / answer.chunkSeconds));
    const std::optional<std::vector<pipeline::FaceSample>> faces = extractor->cachedFaceChunk(chunk);
    if (!faces) return answer;
    answer.present = true;
    for (const pipeline::FaceSample& f : *faces) {
      FaceOverlayFrame o;
      o.frame = f.frame;
      o.trackId = f.trackId;
      o.detected = f.source == perception::FaceSource::Detected;
      o.box = QRectF(f.box.x, f.box.y, f.box.width, f.box.height);
      if (f.landmarksValid)
        for (const perception::FacePoint& p : f.landmarks) o.landmarks.push_back(QPointF(p.x, p.y));
      answer.frames.insert(o.frame, o);
    }
  } catch (const std::exception&) {
    // Media missing or unreadable: no overlay (the player and the browser say why).
  }
  return answer;
}

}  // namespace

FaceOverlays::FaceOverlays(QObject* parent) : QObject(parent) { pool_.setMaxThreadCount(1); }

FaceOverlays::~FaceOverlays() { pool_.waitForDone(); }

void FaceOverlays::setSession(const QVector<QPair<QString, double>>& media, const QString& cacheDir) {
  clear();
  slot_ = std::make_shared<ExtractorSlot>();
  std::vector<pipeline::MediaFile> files;
  for (const auto& [path, offset] : media) files.push_back({path.toStdString(), offset});
  media_ = std::move(files);
  cacheDir_ = cacheDir.toStdString();
}

void FaceOverlays::clear() {
  ++generation_;
  slot_.reset();
  media_.clear();
  loaded_.clear();
  pending_.clear();
  absent_.clear();
}

void FaceOverlays::forget() { absent_.clear(); }

void FaceOverlays::request(double fileSeconds) {
  if (media_.empty() || !slot_ || fileSeconds < 0) return;
  for (const double t : {fileSeconds, fileSeconds + chunkSeconds_}) {
    const int chunk = int(std::floor(t / chunkSeconds_));
    if (loaded_.contains(chunk) || pending_.contains(chunk) || absent_.contains(chunk)) continue;
    pending_.insert(chunk);
    const quint64 generation = generation_;
    auto* watcher = new QFutureWatcher<ChunkAnswer>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, chunk] {
      watcher->deleteLater();
      if (generation != generation_) return;
      ChunkAnswer answer = watcher->result();
      pending_.remove(chunk);
      chunkSeconds_ = answer.chunkSeconds;
      if (!answer.present) {
        absent_.insert(chunk);
        return;
      }
      loaded_.insert(chunk, std::move(answer.frames));
      // Keep a few chunks around the playhead: a long session's track stays out of memory.
      while (loaded_.size() > 6) loaded_.erase(loaded_.begin());
      Q_EMIT chunkLoaded();
    });
    watcher->setFuture(QtConcurrent::run(&pool_, readChunk, slot_, media_, cacheDir_, chunk * chunkSeconds_ + 1e-6));
  }
}

std::optional<FaceOverlayFrame> FaceOverlays::frame(qint64 index) const {
  for (const auto& frames : loaded_) {
    const auto it = frames.constFind(index);
    if (it != frames.constEnd()) return *it;
  }
  return std::nullopt;
}

}  // namespace stf2m::ui
