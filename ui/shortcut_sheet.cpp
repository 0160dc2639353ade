#include "ui/shortcut_sheet.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace stf2m::ui {

namespace {

QString plain(QString text) { return text.remove(QLatin1Char('&')).remove(QStringLiteral("…")).trimmed(); }

void addShortcutRows(QTreeWidgetItem* group, const QMenu* menu, const QString& prefix) {
  for (const QAction* a : menu->actions()) {
    if (a->menu()) {
      addShortcutRows(group, a->menu(), prefix + plain(a->text()) + QStringLiteral(" ▸ "));
      continue;
    }
    if (a->isSeparator() || a->shortcuts().isEmpty()) continue;
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts()) keys.push_back(k.toString(QKeySequence::NativeText));
    new QTreeWidgetItem(group, {prefix + plain(a->text()), keys.join(QStringLiteral(", "))});
  }
}

}  // namespace

ShortcutSheet::ShortcutSheet(const QMenuBar* menus, QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("shortcutSheet"));
  setWindowTitle(tr("Keyboard Shortcuts"));
  auto* layout = new QVBoxLayout(this);
  list_ = new QTreeWidget(this);
  list_->setColumnCount(2);
  list_->setHeaderLabels({tr("Action"), tr("Shortcut")});
  list_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  list_->setRootIsDecorated(false);
  for (const QAction* top : menus->actions()) {
    if (!top->menu()) continue;
    auto* group = new QTreeWidgetItem(list_, {plain(top->text())});
    QFont bold = group->font(0);
    bold.setBold(true);
    group->setFont(0, bold);
    group->setFirstColumnSpanned(true);
    addShortcutRows(group, top->menu(), QString());
    if (group->childCount() == 0) delete group;
  }
  list_->expandAll();
  list_->resizeColumnToContents(1);
  layout->addWidget(list_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(520, 640);
}

}  // namespace stf2m::ui
