#pragma once
// Frame navigation under the video: buttons (backed by actions that also carry the keyboard
// shortcuts), the frame slider and the position readout. It only reports what the user asked
// for; the main window owns the current position and feeds it back with setPosition().
#include <QWidget>

#include "ui/frame_timeline.h"

class QAction;
class QLabel;
class QSlider;

namespace stf2m::ui {

class TransportBar : public QWidget {
  Q_OBJECT

 public:
  enum class Step { FirstFrame, BackOneSecond, PreviousFrame, NextFrame, ForwardOneSecond, LastFrame };
  Q_ENUM(Step)

  explicit TransportBar(QWidget* parent = nullptr);

  // In the order of the buttons; the main window puts them in its Navigate menu so their
  // shortcuts work wherever the focus is in the window.
  QList<QAction*> navigationActions() const { return actions_; }

  void setTimeline(const FrameTimeline& timeline);
  void clear();
  void setPosition(qint64 index);

  qint64 position() const { return position_; }
  QString positionText() const;
  QSlider* slider() const { return slider_; }

 Q_SIGNALS:
  void stepRequested(stf2m::ui::TransportBar::Step step);
  void indexRequested(qint64 index);

 private:
  QAction* addStepAction(Step step, const QIcon& icon, const QString& text, const QKeySequence& shortcut);
  void updateLabel();

  QList<QAction*> actions_;
  QSlider* slider_ = nullptr;
  QLabel* positionLabel_ = nullptr;
  FrameTimeline timeline_;
  qint64 position_ = 0;
};

}  // namespace stf2m::ui
