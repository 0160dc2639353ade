#include "ui/transport_bar.h"

#include <QAction>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

#include <cmath>

#include "ui/time_format.h"
#include "ui/transport_icons.h"

namespace stf2m::ui {

TransportBar::TransportBar(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("transportBar"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  layout->setSpacing(2);

  const QPalette pal = palette();
  addStepAction(Step::FirstFrame, transportIcon(TransportGlyph::FirstFrame, pal), tr("First Frame"),
                QKeySequence(Qt::Key_Home));
  addStepAction(Step::BackOneSecond, transportIcon(TransportGlyph::BackOneSecond, pal), tr("Back One Second"),
                QKeySequence(Qt::SHIFT | Qt::Key_Left));
  addStepAction(Step::PreviousFrame, transportIcon(TransportGlyph::PreviousFrame, pal), tr("Previous Frame"),
                QKeySequence(Qt::Key_Left));
  addStepAction(Step::NextFrame, transportIcon(TransportGlyph::NextFrame, pal), tr("Next Frame"),
                QKeySequence(Qt::Key_Right));
  addStepAction(Step::ForwardOneSecond, transportIcon(TransportGlyph::ForwardOneSecond, pal),
                tr("Forward One Second"), QKeySequence(Qt::SHIFT | Qt::Key_Right));
  addStepAction(Step::LastFrame, transportIcon(TransportGlyph::LastFrame, pal), tr("Last Frame"),
                QKeySequence(Qt::Key_End));
  for (QAction* action : actions_) {
    auto* button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::NoFocus);  // keys belong to the shortcuts, not to a button
    layout->addWidget(button);
  }

  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName(QStringLiteral("frameSlider"));
  slider_->setToolTip(tr("Frame position"));
  // The window-wide arrow shortcuts do the stepping; a focused slider would eat the keys first.
  slider_->setFocusPolicy(Qt::NoFocus);
  layout->addSpacing(6);
  layout->addWidget(slider_, 1);
  layout->addSpacing(6);
  connect(slider_, &QSlider::valueChanged, this, [this](int value) { Q_EMIT indexRequested(value); });

  positionLabel_ = new QLabel(this);
  positionLabel_->setObjectName(QStringLiteral("positionLabel"));
  positionLabel_->setToolTip(tr("Frame index (counted from 0) / number of frames · time / duration"));
  // Fixed-width digits, so the readout does not jitter while stepping.
  positionLabel_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  positionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(positionLabel_);

  clear();
}

QAction* TransportBar::addStepAction(Step step, const QIcon& icon, const QString& text, const QKeySequence& shortcut) {
  auto* action = new QAction(icon, text, this);
  action->setShortcut(shortcut);
  action->setToolTip(QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText)));
  action->setAutoRepeat(true);  // holding an arrow key keeps stepping
  connect(action, &QAction::triggered, this, [this, step] { Q_EMIT stepRequested(step); });
  actions_.append(action);
  return action;
}

void TransportBar::setTimeline(const FrameTimeline& timeline) {
  timeline_ = timeline;
  const QSignalBlocker blocker(slider_);
  slider_->setRange(0, static_cast<int>(std::max<qint64>(0, timeline.lastIndex())));
  // PageUp/PageDown and clicks in the groove move by about ten seconds.
  const double fps = timeline.duration() > 0 ? static_cast<double>(timeline.count()) / timeline.duration() : 25.0;
  slider_->setPageStep(std::max(1, static_cast<int>(std::lround(fps * 10.0))));
  slider_->setValue(0);
  position_ = 0;
  setEnabled(!timeline.isEmpty());
  for (QAction* action : actions_) action->setEnabled(!timeline.isEmpty());
  // Reserve room for the longest readout of this file so the layout does not shift.
  const bool hours = needsHours(timeline.duration());
  const QString widest = tr("frame %1 / %2 · %3 / %4")
                             .arg(timeline.count())
                             .arg(timeline.count())
                             .arg(formatTimestamp(timeline.duration(), hours), formatTimestamp(timeline.duration(), hours));
  positionLabel_->setMinimumWidth(positionLabel_->fontMetrics().horizontalAdvance(widest) + 4);
  updateLabel();
}

void TransportBar::clear() {
  setTimeline(FrameTimeline());
  positionLabel_->setText(tr("no video"));
}

void TransportBar::setPosition(qint64 index) {
  position_ = timeline_.clampIndex(index);
  const QSignalBlocker blocker(slider_);  // programmatic moves must not echo back as requests
  slider_->setValue(static_cast<int>(position_));
  updateLabel();
}

QString TransportBar::positionText() const { return positionLabel_->text(); }

void TransportBar::updateLabel() {
  if (timeline_.isEmpty()) return;
  const bool hours = needsHours(timeline_.duration());
  positionLabel_->setText(tr("frame %1 / %2 · %3 / %4")
                              .arg(position_)
                              .arg(timeline_.count())
                              .arg(formatTimestamp(timeline_.timeAt(position_), hours),
                                   formatTimestamp(timeline_.duration(), hours)));
}

}  // namespace stf2m::ui
