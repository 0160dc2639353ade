#pragma once
// Reads a file's audio and computes its envelope off the GUI thread, on a private one-thread
// pool (the global pool's threads stay free for other work). A new load cancels the previous one.
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>

#include "common/cancel.h"
#include "ui/audio_envelope.h"

namespace stf2m::ui {

// The envelope of `path`'s first audio stream at 16 kHz mono, read in chunks of `chunkSeconds`
// so memory stays bounded for a session hours long (readAll would hold every sample at once).
// `progress` gets fractions in [0, 1]. Throws stf2m::Error (NoAudioStream, Cancelled, ...).
AudioEnvelope readAudioEnvelope(const QString& path, const CancelToken* cancel,
                                const std::function<void(double)>& progress = {}, double chunkSeconds = 60.0);

class AudioEnvelopeLoader : public QObject {
  Q_OBJECT

 public:
  explicit AudioEnvelopeLoader(QObject* parent = nullptr);
  // Cancels the running job and waits for it; the wait is bounded by one cancellation check.
  ~AudioEnvelopeLoader() override;

  void load(const QString& path);
  void cancel();
  bool isBusy() const { return busy_; }

 Q_SIGNALS:
  void progress(double fraction);
  void loaded(const stf2m::ui::AudioEnvelope& envelope);
  // The file has no audio stream; not an error for a video tool.
  void noAudio();
  void failed(int errorCode, const QString& detail);

 private:
  QThreadPool pool_;
  std::shared_ptr<CancelToken> cancel_;  // shared with the running job, which may outlive a load()
  quint64 generation_ = 0;
  bool busy_ = false;
};

}  // namespace stf2m::ui
