#pragma once
// A File > Open Recent list, kept in QSettings (under "recentFiles" for media files, another key
// for projects), newest first.
#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;

namespace stf2m::ui {

class RecentFiles : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxEntries = 10;

  explicit RecentFiles(QObject* parent = nullptr, const QString& settingsKey = QStringLiteral("recentFiles"));

  QStringList files() const;
  void add(const QString& path);
  void remove(const QString& path);
  void clear();

  // Fills `menu` with the current list (rebuilt each time the menu is about to show, so several
  // windows stay in step through QSettings).
  void attachTo(QMenu* menu);

 Q_SIGNALS:
  void openRequested(const QString& path);

 private:
  void store(const QStringList& files);
  void rebuild(QMenu* menu);

  QString key_;
};

}  // namespace stf2m::ui
