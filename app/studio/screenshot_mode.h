#pragma once
// `stf2m-studio FILE --screenshot PNG`: waits until the file's first frame is on screen (and the
// audio strip has settled, for a complete picture), saves the window as PNG and quits with 0.
// Quits with 1 and a line on stderr when opening fails or nothing is shown in time. CI uses it to
// start the real application offscreen once.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace stf2m::ui {
class MainWindow;
}

namespace stf2m::studio {

class ScreenshotMode : public QObject {
  Q_OBJECT

 public:
  ScreenshotMode(ui::MainWindow* window, QString outputPath, int timeoutMs, QObject* parent = nullptr);

 private:
  void onFirstFrame();
  void grabWhenReady();
  void finish(int exitCode, const QString& error = {});

  ui::MainWindow* window_;
  QString outputPath_;
  QTimer deadline_;
  QTimer audioGrace_;  // a very long file's audio may take a while; do not wait for it forever
  bool frameShown_ = false;
  bool audioSettled_ = false;
  bool grabScheduled_ = false;
  bool finished_ = false;
};

}  // namespace stf2m::studio
