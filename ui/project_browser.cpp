#include "ui/project_browser.h"

#include <QHeaderView>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/time_format.h"

namespace stf2m::ui {

ProjectBrowser::ProjectBrowser(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("projectBrowser"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("projectTree"));
  tree_->setColumnCount(3);
  tree_->setHeaderLabels({tr("Subject / session"), tr("Duration"), tr("Analysis")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setStretchLastSection(false);
  layout->addWidget(tree_);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item && item->data(0, Qt::UserRole).toLongLong() > 0) Q_EMIT sessionChosen(item->data(0, Qt::UserRole).toLongLong());
  });
}

void ProjectBrowser::clear() { tree_->clear(); }

void ProjectBrowser::setOverview(const ProjectOverview& overview) {
  const qint64 selected = selectedSession();
  const QSignalBlocker block(tree_);
  tree_->clear();
  for (const QString& code : overview.subjects) {
    auto* subject = new QTreeWidgetItem(tree_, {code});
    subject->setIcon(0, style()->standardIcon(QStyle::SP_DirIcon));
    subject->setFirstColumnSpanned(false);
    for (const SessionEntry& s : overview.sessions) {
      if (s.subjectCode != code) continue;
      auto* item = new QTreeWidgetItem(subject);
      item->setData(0, Qt::UserRole, s.id);
      item->setText(0, s.name);
      item->setText(1, formatTimestamp(s.duration, s.duration >= 3600));
      item->setText(2, s.analysed() ? tr("%n window(s)", nullptr, s.windows) : tr("not analysed"));
      QString tip = tr("Session %1 of subject %2").arg(s.name, s.subjectCode);
      if (s.analysed()) tip += QLatin1Char('\n') + tr("Model: %1").arg(s.modelName);
      for (const SessionMediaEntry& m : s.media)
        tip += QLatin1Char('\n') + (m.exists ? tr("%1 (offset %2 s)").arg(m.path).arg(m.offset)
                                             : tr("MISSING: %1").arg(m.path));
      item->setToolTip(0, tip);
      item->setToolTip(2, tip);
      if (s.missingMedia() > 0) {
        item->setIcon(0, style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setText(2, tr("%n file(s) missing", nullptr, s.missingMedia()));
      }
      if (s.id == selected) tree_->setCurrentItem(item);
    }
    subject->setExpanded(true);
  }
  tree_->resizeColumnToContents(1);
  tree_->resizeColumnToContents(2);
}

void ProjectBrowser::selectSession(qint64 sessionId) {
  for (QTreeWidgetItemIterator it(tree_); *it; ++it)
    if ((*it)->data(0, Qt::UserRole).toLongLong() == sessionId) tree_->setCurrentItem(*it);
}

qint64 ProjectBrowser::selectedSession() const {
  const QTreeWidgetItem* item = tree_->currentItem();
  return item ? item->data(0, Qt::UserRole).toLongLong() : 0;
}

}  // namespace stf2m::ui
