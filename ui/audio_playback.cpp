#include "ui/audio_playback.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QIODevice>
#include <QMediaDevices>
#include <QMutexLocker>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "media/audio_reader.h"

namespace stf2m::ui {

// The sound as the sink pulls it: one reader sample per device frame (the reader runs at the
// device's rate / speed), mono copied to every channel, float or 16-bit.
class SoundSource : public QIODevice {
 public:
  SoundSource(media::AudioReader& reader, qint64 firstSample, int channels, bool floatSamples)
      : reader_(reader), next_(firstSample), channels_(channels), float_(floatSamples) {}
  bool isSequential() const override { return true; }
  qint64 bytesAvailable() const override { return (qint64(1) << 30) + QIODevice::bytesAvailable(); }

 protected:
  qint64 readData(char* data, qint64 maxSize) override {
    const int frameBytes = channels_ * (float_ ? 4 : 2);
    const qint64 frames = maxSize / frameBytes;
    if (frames <= 0) return 0;
    const double rate = reader_.sampleRate();
    std::vector<float> mono;
    try {
      mono = reader_.readRange(double(next_) / rate, double(next_ + frames) / rate);
    } catch (const Error&) {
      mono.clear();  // damaged audio: silence, the picture goes on
    }
    mono.resize(size_t(frames), 0.0f);
    next_ += frames;
    char* at = data;
    for (const float v : mono) {
      const float sample = std::clamp(v, -1.0f, 1.0f);
      for (int c = 0; c < channels_; ++c) {
        if (float_) {
          std::memcpy(at, &sample, 4);
          at += 4;
        } else {
          const qint16 i = qint16(std::lround(sample * 32767.0f));
          std::memcpy(at, &i, 2);
          at += 2;
        }
      }
    }
    return frames * frameBytes;
  }
  qint64 writeData(const char*, qint64) override { return -1; }

 private:
  media::AudioReader& reader_;
  qint64 next_;
  int channels_;
  bool float_;
};

AudioPlayback::AudioPlayback() { steady_.start(); }

AudioPlayback::~AudioPlayback() = default;

double AudioPlayback::position() const {
  QMutexLocker lock(&mutex_);
  if (!playing_) return anchorMedia_;
  double since = double(steady_.nsecsElapsed() - anchorNs_) / 1e9;
  // With sound the clock moves on only as far as the device's next report could take it, so a
  // stalled stream holds the picture instead of running ahead of the sound.
  if (sound_) since = std::min(since, kMaxExtrapolation);
  return anchorMedia_ + since * speed_;
}

bool AudioPlayback::isPlaying() const {
  QMutexLocker lock(&mutex_);
  return playing_;
}

double AudioPlayback::speed() const {
  QMutexLocker lock(&mutex_);
  return speed_;
}

bool AudioPlayback::hasSound() const {
  QMutexLocker lock(&mutex_);
  return sound_;
}

void AudioPlayback::setAnchor(double media, bool playing, double speed, bool sound) {
  QMutexLocker lock(&mutex_);
  anchorMedia_ = media;
  anchorNs_ = steady_.nsecsElapsed();
  playing_ = playing;
  speed_ = speed;
  sound_ = sound;
}

void AudioPlayback::setSource(const QString& path, bool hasAudio) {
  stopSink();
  reader_.reset();
  path_ = path;
  hasAudio_ = hasAudio;
  setAnchor(0, false, 1, false);
}

void AudioPlayback::play(double fromSeconds, double speed) {
  stopSink();
  fromSeconds = std::max(0.0, fromSeconds);
  setAnchor(fromSeconds, true, speed, false);
  if (!hasAudio_ || speed <= 0) return;  // a steady clock: no sound backwards or without audio

  const QAudioDevice device = QMediaDevices::defaultAudioOutput();
  if (device.isNull()) {
    Q_EMIT soundStatus(tr("No audio output device: playing without sound."));
    return;
  }
  // Mono float at the device's rate when it takes it, else its own format (converted below).
  QAudioFormat format;
  format.setSampleRate(device.preferredFormat().sampleRate() > 0 ? device.preferredFormat().sampleRate() : 48000);
  format.setChannelCount(1);
  format.setSampleFormat(QAudioFormat::Float);
  if (!device.isFormatSupported(format)) format = device.preferredFormat();
  if (format.sampleFormat() != QAudioFormat::Float && format.sampleFormat() != QAudioFormat::Int16) {
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format)) {
      Q_EMIT soundStatus(tr("The audio output device takes no format this player writes: playing without sound."));
      return;
    }
  }
  deviceRate_ = format.sampleRate();
  channels_ = std::max(1, format.channelCount());
  floatSamples_ = format.sampleFormat() == QAudioFormat::Float;
  try {
    // Read at rate/speed samples per media second: played at the device's rate, the sound moves
    // `speed` media seconds per second.
    media::AudioReaderOptions options;
    options.sampleRate = std::max(1000, int(std::lround(deviceRate_ / speed)));
    reader_ = std::make_unique<media::AudioReader>(path_.toStdString(), options);
  } catch (const Error& e) {
    Q_EMIT soundStatus(tr("The audio could not be read (%1): playing without sound.").arg(QString::fromStdString(e.what())));
    return;
  }
  source_ = std::make_unique<SoundSource>(*reader_, qint64(std::llround(fromSeconds * reader_->sampleRate())),
                                          channels_, floatSamples_);
  source_->open(QIODevice::ReadOnly);
  sink_ = new QAudioSink(device, format, this);
  // 400 ms: with Qt 6.4's PulseAudio sink a short buffer stalls far more often (see feed()).
  sink_->setBufferSize(int(0.4 * deviceRate_) * channels_ * (floatSamples_ ? 4 : 2));
  sink_->start(source_.get());
  if (sink_->error() != QAudio::NoError) {
    Q_EMIT soundStatus(tr("The audio output could not be started: playing without sound."));
    stopSink();
    return;
  }
  startMedia_ = fromSeconds;
  lastProcessed_ = -1;
  stalledTicks_ = 0;
  if (!ticker_) {
    ticker_ = new QTimer(this);
    ticker_->setTimerType(Qt::PreciseTimer);
    ticker_->setInterval(50);  // polling the sink more often disturbs its pulling (Qt 6.4)
    connect(ticker_, &QTimer::timeout, this, &AudioPlayback::feed);
  }
  ticker_->start();
  setAnchor(fromSeconds, true, speed, true);
  Q_EMIT soundStatus(QString());
}

void AudioPlayback::feed() {
  // The clock: what the device has processed of the stream, on the media's time. (The sink pulls
  // the sound itself, from SoundSource, as the device asks for it.)
  if (!sink_) return;
  double speed = 1;
  {
    QMutexLocker lock(&mutex_);
    speed = speed_;
  }
  const qint64 processed = sink_->processedUSecs();
  if (processed != lastProcessed_) {
    lastProcessed_ = processed;
    stalledTicks_ = 0;
    setAnchor(startMedia_ + double(processed) / 1e6 * speed, true, speed, true);
    return;
  }
  // Qt 6.4's PulseAudio sink can stop pulling after its first buffers (seen with a null sink): the
  // stream's clock stands still. Suspending and resuming it starts the pulling again.
  if (++stalledTicks_ >= 3) {
    stalledTicks_ = 0;
    ++restarts_;
    sink_->suspend();
    sink_->resume();
  }
}

void AudioPlayback::pauseAt(double seconds) {
  stopSink();
  setAnchor(seconds, false, speed(), false);
}

// The sink is not deleted here but by the audio thread's event loop, with the source it pulled
// from: Qt 6.4's PulseAudio sink can still have events of its stream on their way to it, and
// deleting it at once crashed in its destructor now and then (in QObject::~QObject, seen twice in
// test_playback: in an earlier session's run and in a CI run on 2026-12-07).
void AudioPlayback::stopSink() {
  if (ticker_) ticker_->stop();
  if (sink_) {
    sink_->stop();
    sink_->disconnect();
    if (source_) source_.release()->setParent(sink_);  // lives until the sink is gone
    sink_->deleteLater();
    sink_ = nullptr;
  }
  source_.reset();
}

void AudioPlayback::shutdown() {
  stopSink();
  reader_.reset();
}

}  // namespace stf2m::ui
