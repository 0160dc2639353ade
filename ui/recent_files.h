#pragma once
// The File > Open Recent list, kept in QSettings ("recentFiles"), newest first.
#include <QObject>
#include <QStringList>

class QMenu;

namespace stf2m::ui {

class RecentFiles : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxEntries = 10;

  explicit RecentFiles(QObject* parent = nullptr);

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
};

}  // namespace stf2m::ui
