#pragma once
// Live updates of a team project (docs/team.md): listens to the server's change feed
// (store::ChangeFeed) through a QSocketNotifier on the GUI thread, gathers what arrives for
// 100 ms and then says which sessions changed and whether the project's overview did, so the
// Studio redraws tiers and predictions another annotator or machine changed within a second. When
// the server goes away (a restart), the listener says so and tries again every 2 s; once back it
// says so too, and the Studio reads everything again (what changed meanwhile was not heard). A
// project file has no feed; start() is then a no-op.
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace stf2m::store {
class ChangeFeed;
}

namespace stf2m::ui {

class ChangeListener : public QObject {
  Q_OBJECT

 public:
  explicit ChangeListener(QObject* parent = nullptr);
  ~ChangeListener() override;

  // Listens to the project at `location` when it is on a server; false with `error` set when
  // the server cannot be reached for it (the project still works, without live updates).
  bool start(const QString& location, QString* error);
  void stop();
  bool isListening() const { return feed_ != nullptr; }
  bool isReconnecting() const { return retry_.isActive(); }

 Q_SIGNALS:
  void changed(const QSet<qint64>& sessions, bool overview);
  void lost(const QString& message);  // reconnecting from now on
  void resumed();                     // listening again after lost()

 private:
  bool listen(QString* error);
  void read();

  std::unique_ptr<store::ChangeFeed> feed_;
  QSocketNotifier* notifier_ = nullptr;
  QTimer gather_;
  QTimer retry_;
  QString location_;
  QSet<qint64> sessions_;
  bool overview_ = false;
};

}  // namespace stf2m::ui
