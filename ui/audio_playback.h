#pragma once
// Sound for the player: decodes the open file's audio with our own reader (core/media) and
// plays it through a QAudioSink on the audio thread, and keeps the playback clock that the video
// follows. With sound, the clock is the sound the device has played (QAudioSink::processedUSecs,
// extrapolated between the audio thread's 50 ms ticks; the sink pulls the sound as the device
// asks for it); without an output device, or when playing
// backwards, it is a steady clock. Speeds other than 1x play the sound resampled (its pitch moves
// with the speed, as on a tape machine); backwards plays no sound.
//
// One object on its own thread (owned by Playback): requests go in as queued calls, the clock is
// read from any thread.
#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QString>

#include <memory>

class QAudioSink;
class QIODevice;
class QTimer;

namespace stf2m::media {
class AudioReader;
}

namespace stf2m::ui {

class AudioPlayback : public QObject {
  Q_OBJECT

 public:
  AudioPlayback();
  ~AudioPlayback() override;

  // --- Any thread. ------------------------------------------------------------------------------
  // Media seconds now (the frame to show).
  double position() const;
  bool isPlaying() const;
  double speed() const;
  bool hasSound() const;  // sound is playing now (false: steady clock)

 public Q_SLOTS:
  // --- Audio thread. ----------------------------------------------------------------------------
  void setSource(const QString& path, bool hasAudio);
  void play(double fromSeconds, double speed);
  // Stops at `seconds` (the position the GUI read when the user paused, so picture and clock agree).
  void pauseAt(double seconds);
  void shutdown();

 Q_SIGNALS:
  // Why there is no sound (no output device, the audio could not be read); empty when there is.
  void soundStatus(const QString& problem);

 private:
  void stopSink();
  void feed();
  void setAnchor(double media, bool playing, double speed, bool sound);

  // Audio thread.
  QString path_;
  bool hasAudio_ = false;
  std::unique_ptr<media::AudioReader> reader_;
  std::unique_ptr<QIODevice> source_;  // what the sink pulls (SoundSource)
  QAudioSink* sink_ = nullptr;
  QTimer* ticker_ = nullptr;
  double startMedia_ = 0;  // media time at which the sink's stream began
  qint64 lastProcessed_ = -1;
  int stalledTicks_ = 0;
  int restarts_ = 0;  // stalled streams started again (see feed())
  static constexpr double kMaxExtrapolation = 0.08;  // s: a little over one 50 ms tick
  int deviceRate_ = 48000;
  int channels_ = 1;
  bool floatSamples_ = true;

  // The clock, shared: media time at a steady-clock instant, moving at speed while playing.
  mutable QMutex mutex_;
  QElapsedTimer steady_;
  double anchorMedia_ = 0;
  qint64 anchorNs_ = 0;
  double speed_ = 1;
  bool playing_ = false;
  bool sound_ = false;
};

}  // namespace stf2m::ui
