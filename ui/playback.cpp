#include "ui/playback.h"

#include <QMetaObject>

#include "ui/audio_playback.h"

namespace stf2m::ui {

Playback::Playback(QObject* parent) : QObject(parent) {
  thread_ = startOwnedThread(QStringLiteral("stf2m-audio"));
  audio_ = std::make_unique<AudioPlayback>();
  audio_->moveToThread(thread_.get());
  connect(audio_.get(), &AudioPlayback::soundStatus, this, [this](const QString& problem) {
    soundProblem_ = problem;
    Q_EMIT soundStatusChanged(problem);
  });
}

Playback::~Playback() {
  // The sink belongs to the audio thread: stop it there, then end the thread, then delete.
  QMetaObject::invokeMethod(audio_.get(), &AudioPlayback::shutdown, Qt::QueuedConnection);
  thread_.reset();
  audio_.reset();
}

void Playback::setSource(const QString& path, bool hasAudio, double duration) {
  duration_ = duration;
  playing_ = false;
  QMetaObject::invokeMethod(audio_.get(), "setSource", Qt::QueuedConnection, Q_ARG(QString, path), Q_ARG(bool, hasAudio));
  Q_EMIT stateChanged(false, speed());
}

void Playback::play(double fromSeconds, double speed) {
  playing_ = true;
  speed_ = speed;
  QMetaObject::invokeMethod(audio_.get(), "play", Qt::QueuedConnection, Q_ARG(double, fromSeconds), Q_ARG(double, speed));
  Q_EMIT stateChanged(true, speed);
}

double Playback::pause() {
  const double at = position();
  playing_ = false;
  QMetaObject::invokeMethod(audio_.get(), "pauseAt", Qt::QueuedConnection, Q_ARG(double, at));
  Q_EMIT stateChanged(false, speed());
  return at;
}

double Playback::position() const { return audio_->position(); }
bool Playback::hasSound() const { return audio_->hasSound(); }

}  // namespace stf2m::ui
