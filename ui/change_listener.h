#pragma once
// Live updates of a team project (docs/team.md): listens to the server's change feed
// (store::ChangeFeed) through a QSocketNotifier on the GUI thread, gathers what arrives for
// 100 ms and then says which sessions changed and whether the project's overview did, so the
// Studio redraws tiers and predictions another annotator or machine changed within a second. A
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

 Q_SIGNALS:
  void changed(const QSet<qint64>& sessions, bool overview);
  void lost(const QString& message);

 private:
  void read();

  std::unique_ptr<store::ChangeFeed> feed_;
  QSocketNotifier* notifier_ = nullptr;
  QTimer gather_;
  QSet<qint64> sessions_;
  bool overview_ = false;
};

}  // namespace stf2m::ui
