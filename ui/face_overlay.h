#pragma once
// The primary subject's face over the video (box, 68 landmarks, track id), read from the
// project's feature cache chunk by chunk around the playhead on a one-thread pool, never on the
// GUI thread. A chunk the cache does not hold (the session is not analysed that far) has no
// overlay; forget() lets a finished analysis's chunks be read.
#include <QHash>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <QVector>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/session_types.h"

namespace stf2m::pipeline {
class SessionFeatureExtractor;
}  // namespace stf2m::pipeline

namespace stf2m::ui {

struct FaceOverlayFrame {
  qint64 frame = 0;    // index in the video file
  int trackId = -1;    // -1: no face of the primary subject in this frame
  bool detected = false;  // a detection this frame (else the landmarks were refitted)
  QRectF box;          // display pixels of the video (rotation and pixel aspect applied)
  QVector<QPointF> landmarks;  // 68 points, empty when not valid
};

class FaceOverlays : public QObject {
  Q_OBJECT

 public:
  explicit FaceOverlays(QObject* parent = nullptr);
  ~FaceOverlays() override;

  // The session's media (path, offset) and the project's feature cache folder.
  void setSession(const QVector<QPair<QString, double>>& media, const QString& cacheDir);
  void clear();
  // Loads the chunk holding `fileSeconds` of the video (and the next), unless loaded or absent.
  void request(double fileSeconds);
  // Chunks found absent are looked for again (after an analysis wrote them).
  void forget();
  std::optional<FaceOverlayFrame> frame(qint64 index) const;
  int loadedChunks() const { return int(loaded_.size()); }

  // The session's extractor (probed and hashed once, on the pool).
  struct ExtractorSlot {
    std::shared_ptr<pipeline::SessionFeatureExtractor> extractor;
  };

 Q_SIGNALS:
  void chunkLoaded();

 private:
  QThreadPool pool_;
  std::vector<pipeline::MediaFile> media_;
  std::string cacheDir_;
  std::shared_ptr<ExtractorSlot> slot_;
  quint64 generation_ = 0;
  double chunkSeconds_ = 10;
  QHash<int, QHash<qint64, FaceOverlayFrame>> loaded_;  // chunk -> frame index -> overlay
  QSet<int> pending_, absent_;
};

}  // namespace stf2m::ui
