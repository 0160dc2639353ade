#pragma once
// The one time axis the review views share: the visible range (zoom and pan) and the cursor, in
// session seconds. Views draw what it says and tell it what the user did (wheel, drag, click,
// keys); none of them keeps a range of its own, so they cannot drift apart.
#include <QObject>
#include <QPoint>

class QWidget;

namespace stf2m::ui {

// Every view draws its time axis between the same margins, so a time is at the same x in all.
struct TimeGutters {
  static constexpr int kLeft = 150;   // row labels
  static constexpr int kRight = 78;   // the heatmap's colour scale; empty in the other views
};

class TimeAxis : public QObject {
  Q_OBJECT

 public:
  explicit TimeAxis(QObject* parent = nullptr);

  // The session's length; the range is reset to all of it.
  void setDuration(double seconds);
  // Grows the session's length (a running analysis) without changing a zoomed range.
  void extendDuration(double seconds);
  double duration() const { return duration_; }

  double lower() const { return lower_; }
  double upper() const { return upper_; }
  double span() const { return upper_ - lower_; }
  void setRange(double lower, double upper);  // clamped to the session, at least kMinSpan wide
  void zoom(double factor, double anchor);    // factor < 1 zooms in, keeping `anchor` in place
  void pan(double fractionOfSpan);
  void showAll();

  double cursor() const { return cursor_; }
  // Moves the cursor; when `follow` and it leaves the visible range, the range pages after it.
  void setCursor(double seconds, bool follow = false);
  // A view asks to move the playhead (the player seeks, and the cursor follows its answer).
  void requestSeek(double seconds);

  // Maps between session seconds and the x of a widget whose time area spans [left, right].
  double timeAt(double x, double left, double right) const;
  double xAt(double seconds, double left, double right) const;

  static constexpr double kMinSpan = 0.5;

 Q_SIGNALS:
  void rangeChanged(double lower, double upper);
  void cursorChanged(double seconds);
  void seekRequested(double seconds);

 private:
  double duration_ = 0, lower_ = 0, upper_ = 1, cursor_ = 0;
};

// Gives `widget` the shared gestures over its time area (between the gutters): the wheel zooms
// around the mouse, Shift+wheel or a horizontal wheel pans, dragging pans, a click (press and
// release without moving) seeks. The filter is a child of `widget`.
void attachTimeGestures(QWidget* widget, TimeAxis* axis);

}  // namespace stf2m::ui
