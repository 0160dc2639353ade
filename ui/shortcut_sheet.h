#pragma once
// Help ▸ Keyboard Shortcuts (F1): every menu action that has a shortcut, by menu, read from the
// window's menus when it opens, so it can never disagree with them.
#include <QDialog>

class QMenuBar;
class QTreeWidget;

namespace stf2m::ui {

class ShortcutSheet : public QDialog {
  Q_OBJECT

 public:
  ShortcutSheet(const QMenuBar* menus, QWidget* parent = nullptr);
  QTreeWidget* list() const { return list_; }

 private:
  QTreeWidget* list_ = nullptr;
};

}  // namespace stf2m::ui
