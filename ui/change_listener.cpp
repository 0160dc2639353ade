#include "ui/change_listener.h"

#include <QSocketNotifier>

#include "store/change_feed.h"
#include "ui/project_location.h"

namespace stf2m::ui {

ChangeListener::ChangeListener(QObject* parent) : QObject(parent) {
  gather_.setSingleShot(true);
  gather_.setInterval(100);
  connect(&gather_, &QTimer::timeout, this, [this] {
    const QSet<qint64> sessions = std::exchange(sessions_, {});
    const bool overview = std::exchange(overview_, false);
    Q_EMIT changed(sessions, overview);
  });
  retry_.setInterval(2000);
  connect(&retry_, &QTimer::timeout, this, [this] {
    if (!listen(nullptr)) return;
    retry_.stop();
    Q_EMIT resumed();
  });
}

ChangeListener::~ChangeListener() { stop(); }

bool ChangeListener::start(const QString& location, QString* error) {
  stop();
  if (!isServerProject(location)) return true;
  location_ = location;
  return listen(error);
}

bool ChangeListener::listen(QString* error) {
  try {
    feed_ = std::make_unique<store::ChangeFeed>(location_.toStdString());
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  notifier_ = new QSocketNotifier(feed_->socket(), QSocketNotifier::Read, this);
  connect(notifier_, &QSocketNotifier::activated, this, &ChangeListener::read);
  return true;
}

void ChangeListener::stop() {
  retry_.stop();
  delete notifier_;
  notifier_ = nullptr;
  feed_.reset();
  gather_.stop();
  sessions_.clear();
  overview_ = false;
}

void ChangeListener::read() {
  try {
    for (const store::Change& c : feed_->take()) {
      if (c.sessionId > 0) sessions_.insert(c.sessionId);
      if (c.table == "session" || c.table == "subject" || c.table == "media_file" || c.table == "prediction") overview_ = true;
    }
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(e.what());
    stop();
    retry_.start();
    Q_EMIT lost(message);
    return;
  }
  if ((!sessions_.isEmpty() || overview_) && !gather_.isActive()) gather_.start();
}

}  // namespace stf2m::ui
