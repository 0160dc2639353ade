#pragma once
// The audio loudness strip under the video, with a cursor at the current time. Clicking or
// dragging in it seeks; the wheel zooms the time axis. QCustomPlot is kept out of this header
// (its header needs the `signals` keyword that the project's Qt policy switches off).
#include <QString>
#include <QWidget>

#include "ui/audio_envelope.h"

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QLabel;
class QMouseEvent;
class QStackedLayout;

namespace stf2m::ui {

class AudioEnvelopePlot : public QWidget {
  Q_OBJECT

 public:
  explicit AudioEnvelopePlot(QWidget* parent = nullptr);

  // Shows `envelope` over [0, mediaDuration] (the video's duration, so plot and slider agree
  // even when the audio track is a little shorter or longer).
  void setEnvelope(const AudioEnvelope& envelope, double mediaDuration);
  // Replaces the plot with a sentence ("No audio stream", "Reading audio…").
  void showMessage(const QString& text);
  void clear();
  void setCursorTime(double seconds);

  // For tests and the screenshot mode.
  qsizetype pointCount() const { return pointCount_; }
  bool isShowingPlot() const;
  QString message() const;
  double cursorTime() const { return cursorTime_; }

 Q_SIGNALS:
  void seekRequested(double seconds);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void handleMouse(QMouseEvent* event);
  void applyPalette();
  void clampVisibleRange();

  QStackedLayout* stack_ = nullptr;
  QLabel* messageLabel_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCPGraph* levels_ = nullptr;
  QCPGraph* floor_ = nullptr;  // flat line at the bottom; the level graph fills down to it
  QCPItemStraightLine* cursor_ = nullptr;
  double duration_ = 0.0;
  double cursorTime_ = 0.0;
  qsizetype pointCount_ = 0;
};

}  // namespace stf2m::ui
