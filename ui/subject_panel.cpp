#include "ui/subject_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace stf2m::ui {

SubjectPanel::SubjectPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("subjectPanel"));
  setMinimumWidth(260);  // the dock may be narrow, never unreadable
  auto* layout = new QVBoxLayout(this);
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  layout->addWidget(title_);

  labelled_ = new QTreeWidget(this);
  labelled_->setObjectName(QStringLiteral("labelledSegments"));
  labelled_->setRootIsDecorated(false);
  labelled_->header()->setStretchLastSection(false);
  labelled_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  labelled_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  labelled_->setHeaderLabels({tr("Category"), tr("Segments")});
  layout->addWidget(labelled_, 2);
  warnings_ = new QLabel(this);
  warnings_->setWordWrap(true);
  warnings_->setStyleSheet(QStringLiteral("color: #b35900"));
  layout->addWidget(warnings_);

  adapt_ = new QPushButton(tr("Adapt to Subject"), this);
  adapt_->setObjectName(QStringLiteral("adaptButton"));
  adapt_->setToolTip(tr("Adapt the meta-model to every labelled segment of this subject, make the result the subject's "
                        "active model and re-predict its sessions"));
  connect(adapt_, &QPushButton::clicked, this, &SubjectPanel::adaptRequested);
  layout->addWidget(adapt_);
  result_ = new QLabel(this);
  result_->setObjectName(QStringLiteral("adaptationResult"));
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(result_);

  layout->addWidget(new QLabel(tr("Model history (newest first)"), this));
  history_ = new QTreeWidget(this);
  history_->setObjectName(QStringLiteral("modelHistory"));
  history_->setHeaderLabels({tr("Model"), tr("Support set"), tr("Active since"), tr("By")});
  history_->setRootIsDecorated(false);
  history_->header()->setStretchLastSection(false);
  history_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  for (int c = 1; c < 4; ++c) history_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  layout->addWidget(history_, 2);
  activate_ = new QPushButton(tr("Make Active"), this);
  activate_->setObjectName(QStringLiteral("activateButton"));
  activate_->setToolTip(tr("Make the chosen model the subject's active model again; its predictions are still stored"));
  connect(activate_, &QPushButton::clicked, this, [this] {
    const QTreeWidgetItem* item = history_->currentItem();
    if (item) Q_EMIT activateRequested(item->data(0, Qt::UserRole).toLongLong());
  });
  connect(history_, &QTreeWidget::currentItemChanged, this, &SubjectPanel::updateButtons);
  layout->addWidget(activate_);
  clear();
}

void SubjectPanel::clear() {
  data_ = SubjectData();
  title_->setText(tr("Show a session to see its subject."));
  labelled_->clear();
  history_->clear();
  warnings_->clear();
  result_->clear();
  updateButtons();
}

void SubjectPanel::showSubject(const SubjectData& data) {
  const bool other = data.id != data_.id;
  data_ = data;
  title_->setText(tr("Subject %1 · %n session(s)", nullptr, data.sessions).arg(data.code));
  labelled_->clear();
  int total = 0;
  for (const auto& [category, count] : data.labelled) {
    auto* item = new QTreeWidgetItem(labelled_, {category, QString::number(count)});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    if (count == 0) item->setForeground(0, palette().color(QPalette::PlaceholderText));
    total += count;
  }
  QStringList warnings = data.warnings;
  if (total == 0) warnings.prepend(tr("No labelled segments yet: mark in and out (I, O) and press a label key."));
  warnings_->setText(warnings.join(QLatin1Char('\n')));
  warnings_->setVisible(!warnings.isEmpty());
  history_->clear();
  for (const SubjectModelEntry& e : data.history) {
    auto* item = new QTreeWidgetItem(history_, {e.name, e.supportSetId > 0 ? QString::number(e.supportSetId) : QStringLiteral("—"),
                                                e.activatedAt.left(16).replace(QLatin1Char('T'), QLatin1Char(' ')),
                                                e.activatedBy});
    item->setToolTip(2, e.activatedAt);
    item->setData(0, Qt::UserRole, e.modelId);
    item->setToolTip(0, e.kind == QLatin1String("adapted") ? tr("adapted model %1").arg(e.modelId) : tr("model %1").arg(e.modelId));
    if (e.active) {
      QFont bold = item->font(0);
      bold.setBold(true);
      for (int c = 0; c < 4; ++c) item->setFont(c, bold);
    }
  }
  if (other) result_->clear();
  updateButtons();
}

void SubjectPanel::setResult(const QString& text) { result_->setText(text); }

void SubjectPanel::setBusy(bool busy) {
  busy_ = busy;
  updateButtons();
}

void SubjectPanel::updateButtons() {
  int labelledClasses = 0;
  for (const auto& entry : data_.labelled) labelledClasses += entry.second > 0;
  adapt_->setEnabled(data_.id > 0 && labelledClasses >= 2 && !busy_);
  const QTreeWidgetItem* item = history_->currentItem();
  const qint64 active = !data_.history.isEmpty() && data_.history.front().active ? data_.history.front().modelId : 0;
  activate_->setEnabled(item && !busy_ && item->data(0, Qt::UserRole).toLongLong() != active);
}

}  // namespace stf2m::ui
