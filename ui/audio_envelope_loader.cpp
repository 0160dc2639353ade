#include "ui/audio_envelope_loader.h"

#include <QFile>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/error.h"
#include "media/audio_reader.h"

namespace stf2m::ui {

namespace {

constexpr double kHopSeconds = 0.010;
constexpr double kFloorDb = -90.0;
constexpr int kProgressSteps = 1000;

struct EnvelopeResult {
  AudioEnvelope envelope;
  ErrorCode error = ErrorCode::Internal;
  bool ok = false;
  QString detail;
};

void appendLevels(AudioEnvelope& to, const AudioEnvelope& part) {
  to.levelsDb.insert(to.levelsDb.end(), part.levelsDb.begin(), part.levelsDb.end());
}

}  // namespace

AudioEnvelope readAudioEnvelope(const QString& path, const CancelToken* cancel,
                                const std::function<void(double)>& progress, double chunkSeconds) {
  media::AudioReader reader(QFile::encodeName(path).toStdString());
  const int rate = reader.sampleRate();
  const double duration = reader.duration();
  if (duration > media::kMaxRecordingSeconds) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "the audio would run to %.0f s (%.1f h); recordings of at most %.0f h are shown whole",
                  duration, duration / 3600, media::kMaxRecordingSeconds / 3600);
    throw Error(ErrorCode::InvalidArgument, QFile::encodeName(path).toStdString(), buf);
  }
  if (!(duration > 0) || !(chunkSeconds > 0)) {
    // Unknown length: no way to plan chunks, so read it in one go.
    const std::vector<float> samples = reader.readAll(cancel, progress ? ProgressCallback(progress) : ProgressCallback{});
    return computeRmsEnvelope(samples, rate, kHopSeconds, kFloorDb, cancel);
  }

  // Chunks hold a whole number of hops, so every hop lies inside one chunk and the result is
  // the same as over the whole signal at once.
  const int64_t hopSamples = std::max<int64_t>(1, std::llround(rate * kHopSeconds));
  const int64_t chunkSamples = std::max<int64_t>(1, std::llround(chunkSeconds * rate / hopSamples)) * hopSamples;
  const int64_t totalSamples = std::llround(duration * rate);

  AudioEnvelope envelope;
  envelope.hopSeconds = kHopSeconds;
  envelope.floorDb = kFloorDb;
  envelope.levelsDb.reserve(static_cast<size_t>(totalSamples / hopSamples + 1));
  for (int64_t start = 0; start < totalSamples; start += chunkSamples) {
    const int64_t end = std::min(totalSamples, start + chunkSamples);
    const std::vector<float> samples =
        reader.readRange(static_cast<double>(start) / rate, static_cast<double>(end) / rate, cancel);
    appendLevels(envelope, computeRmsEnvelope(samples, rate, kHopSeconds, kFloorDb, cancel));
    if (progress) progress(static_cast<double>(end) / static_cast<double>(totalSamples));
  }
  return envelope;
}

AudioEnvelopeLoader::AudioEnvelopeLoader(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(1);
  pool_.setObjectName(QStringLiteral("stf2m-audio-envelope"));
  qRegisterMetaType<stf2m::ui::AudioEnvelope>();
}

AudioEnvelopeLoader::~AudioEnvelopeLoader() {
  cancel();
  pool_.waitForDone();
}

void AudioEnvelopeLoader::cancel() {
  if (cancel_) cancel_->cancel();
  cancel_.reset();
  ++generation_;  // results of the cancelled job are dropped when they arrive
  busy_ = false;
}

void AudioEnvelopeLoader::load(const QString& path) {
  cancel();
  const quint64 generation = generation_;
  auto token = std::make_shared<CancelToken>();
  cancel_ = token;
  busy_ = true;

  auto* watcher = new QFutureWatcher<EnvelopeResult>(this);
  connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, generation](int value) {
    if (generation == generation_) Q_EMIT progress(static_cast<double>(value) / kProgressSteps);
  });
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != generation_) return;
    busy_ = false;
    const EnvelopeResult result = watcher->result();
    if (result.ok)
      Q_EMIT loaded(result.envelope);
    else if (result.error == ErrorCode::NoAudioStream)
      Q_EMIT noAudio();
    else if (result.error != ErrorCode::Cancelled)
      Q_EMIT failed(static_cast<int>(result.error), result.detail);
  });

  watcher->setFuture(QtConcurrent::run(&pool_, [path, token](QPromise<EnvelopeResult>& promise) {
    promise.setProgressRange(0, kProgressSteps);
    EnvelopeResult result;
    try {
      result.envelope = readAudioEnvelope(path, token.get(), [&promise](double fraction) {
        promise.setProgressValue(static_cast<int>(std::lround(fraction * kProgressSteps)));
      });
      result.ok = true;
    } catch (const Error& error) {
      result.error = error.code();
      result.detail = QString::fromStdString(error.detail());
    } catch (const std::exception& error) {
      result.detail = QString::fromUtf8(error.what());
    }
    promise.addResult(std::move(result));
  }));
}

}  // namespace stf2m::ui
