#include "screenshot_mode.h"

#include <QCoreApplication>
#include <QDir>
#include <QPixmap>

#include <cstdio>

#include "ui/main_window.h"

namespace stf2m::studio {

ScreenshotMode::ScreenshotMode(ui::MainWindow* window, QString outputPath, int timeoutMs, QObject* parent)
    : QObject(parent), window_(window), outputPath_(std::move(outputPath)) {
  connect(window_, &ui::MainWindow::firstFrameDisplayed, this, &ScreenshotMode::onFirstFrame);
  connect(window_, &ui::MainWindow::audioSettled, this, [this] {
    audioSettled_ = true;
    grabWhenReady();
  });
  connect(window_, &ui::MainWindow::openFailed, this, [this](const QString& file, const QString& message) {
    finish(1, QStringLiteral("cannot open %1: %2").arg(QDir::toNativeSeparators(file), message));
  });

  deadline_.setSingleShot(true);
  connect(&deadline_, &QTimer::timeout, this, [this, timeoutMs] {
    finish(1, QStringLiteral("no frame was shown within %1 s").arg(timeoutMs / 1000));
  });
  deadline_.start(timeoutMs);

  audioGrace_.setSingleShot(true);
  audioGrace_.setInterval(10000);
  connect(&audioGrace_, &QTimer::timeout, this, [this] {
    audioSettled_ = true;
    grabWhenReady();
  });
}

void ScreenshotMode::onFirstFrame() {
  frameShown_ = true;
  audioGrace_.start();
  grabWhenReady();
}

void ScreenshotMode::grabWhenReady() {
  if (!frameShown_ || !audioSettled_ || grabScheduled_) return;
  grabScheduled_ = true;
  // Let queued paints and the plot's queued replot run before taking the picture.
  QTimer::singleShot(300, this, [this] {
    const QPixmap shot = window_->grab();
    if (shot.isNull() || !shot.save(outputPath_, "PNG")) {
      finish(1, QStringLiteral("cannot write the screenshot to %1").arg(QDir::toNativeSeparators(outputPath_)));
      return;
    }
    finish(0);
  });
}

void ScreenshotMode::finish(int exitCode, const QString& error) {
  if (finished_) return;  // the first verdict stands (e.g. a late error after the deadline)
  finished_ = true;
  deadline_.stop();
  audioGrace_.stop();
  if (!error.isEmpty()) std::fprintf(stderr, "stf2m-studio: %s\n", qPrintable(error));
  QCoreApplication::exit(exitCode);
}

}  // namespace stf2m::studio
