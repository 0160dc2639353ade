#pragma once
// Playback from the GUI's side: owns the audio thread and its AudioPlayback, starts, pauses and
// re-positions it with queued calls, and reads its clock. The window moves the picture to
// position() on its own timer. Nothing here waits for the audio thread.
#include <QObject>
#include <QString>

#include <memory>

#include "ui/thread_owner.h"

namespace stf2m::ui {

class AudioPlayback;

class Playback : public QObject {
  Q_OBJECT

 public:
  // The speeds offered (the shuttle steps through them): 0.25x to 4x.
  static constexpr double kSpeeds[] = {0.25, 0.5, 1.0, 2.0, 4.0};

  explicit Playback(QObject* parent = nullptr);
  ~Playback() override;

  void setSource(const QString& path, bool hasAudio, double duration);
  void play(double fromSeconds, double speed);
  // Pauses where the clock is now and returns that position (media seconds).
  double pause();
  bool isPlaying() const { return playing_; }
  double speed() const { return speed_; }  // negative: backwards
  double position() const;  // media seconds
  bool hasSound() const;
  double duration() const { return duration_; }
  QString soundProblem() const { return soundProblem_; }

 Q_SIGNALS:
  void stateChanged(bool playing, double speed);
  void soundStatusChanged(const QString& problem);

 private:
  std::unique_ptr<AudioPlayback> audio_;
  OwnedThread thread_;
  // What was asked for last (the audio thread catches up with a queued call).
  bool playing_ = false;
  double speed_ = 1;
  double duration_ = 0;
  QString soundProblem_;
};

}  // namespace stf2m::ui
