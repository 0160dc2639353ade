#pragma once
// Batch modes of the Studio over a project session, for CI, the README and measurements:
//  - SessionScreenshot: `--screenshot OUT.png --project P --session ID [--panel ...]` waits until
//    the session's stored predictions are drawn (and its first video frame, when it has a video),
//    then saves the chosen panel (or the whole window) and quits with 0; 1 on any error.
//  - LagMeter: `--measure-lag --project P --session ID` shows the session, runs its analysis in
//    the inference worker and samples the GUI event loop every 10 ms until the analysis ends,
//    then prints {"samples","p50_ms","p95_ms","p99_ms","max_ms","analysis_s"} on stdout.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

namespace stf2m::ui {
class MainWindow;
}

namespace stf2m::studio {

class SessionScreenshot : public QObject {
  Q_OBJECT

 public:
  SessionScreenshot(ui::MainWindow* window, QString outputPath, QString panel, int timeoutMs, QObject* parent = nullptr);
  static bool isPanelName(const QString& panel);

 private:
  void grabWhenReady();
  void finish(int exitCode, const QString& error = {});

  ui::MainWindow* window_;
  QString outputPath_;
  QString panel_;
  QTimer deadline_;
  bool sessionShown_ = false, frameShown_ = false, expectFrame_ = false, grabbing_ = false, finished_ = false;
};

// `--measure-open --project P --session ID`: how long opening the project (its sessions listed)
// and showing the session (its stored predictions read and drawn) take; prints
// {"open_ms","session_ms","windows"} and quits.
class OpenMeter : public QObject {
  Q_OBJECT

 public:
  OpenMeter(ui::MainWindow* window, qint64 sessionId, QObject* parent = nullptr);
  void start(const QString& projectPath);

 private:
  ui::MainWindow* window_;
  qint64 session_;
  QElapsedTimer clock_;
  double openMs_ = 0;
};

class LagMeter : public QObject {
  Q_OBJECT

 public:
  LagMeter(ui::MainWindow* window, QObject* parent = nullptr);

 private:
  void start();
  void sample();
  void finish(int exitCode, const QString& error = {});

  ui::MainWindow* window_;
  QTimer ticker_;
  QElapsedTimer sinceTick_, analysis_;
  QVector<double> lags_;
  quint64 job_ = 0;
  bool started_ = false, finished_ = false;
};

}  // namespace stf2m::studio
