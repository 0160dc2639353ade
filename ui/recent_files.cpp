#include "ui/recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include "ui/project_location.h"

namespace stf2m::ui {

namespace {
}

RecentFiles::RecentFiles(QObject* parent, const QString& settingsKey) : QObject(parent), key_(settingsKey) {}

QStringList RecentFiles::files() const { return QSettings().value(key_).toStringList(); }

void RecentFiles::store(const QStringList& list) { QSettings().setValue(key_, list); }

void RecentFiles::add(const QString& path) {
  const QString absolute = canonicalProjectLocation(path);
  QStringList list = files();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kMaxEntries) list.removeLast();
  store(list);
}

void RecentFiles::remove(const QString& path) {
  QStringList list = files();
  if (list.removeAll(canonicalProjectLocation(path)) > 0) store(list);
}

void RecentFiles::clear() { store({}); }

void RecentFiles::attachTo(QMenu* menu) {
  connect(menu, &QMenu::aboutToShow, this, [this, menu] { rebuild(menu); });
  rebuild(menu);
}

void RecentFiles::rebuild(QMenu* menu) {
  menu->clear();
  menu->setToolTipsVisible(true);  // the tooltip holds the full path
  const QStringList list = files();
  if (list.isEmpty()) {
    menu->addAction(tr("No Recent Files"))->setEnabled(false);
    return;
  }
  int number = 1;
  for (const QString& path : list) {
    // "&1 name" gives keyboard access to the first nine entries.
    QString name = projectDisplayName(path);
    name.replace(QLatin1Char('&'), QStringLiteral("&&"));  // a literal '&' in a menu text
    const QString text = number < 10 ? QStringLiteral("&%1 %2").arg(number).arg(name) : name;
    QAction* action = menu->addAction(text);
    action->setToolTip(QDir::toNativeSeparators(path));
    action->setStatusTip(QDir::toNativeSeparators(path));
    connect(action, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    ++number;
  }
  menu->addSeparator();
  connect(menu->addAction(tr("Clear Recent Files")), &QAction::triggered, this, [this] { clear(); });
}

}  // namespace stf2m::ui
