#include "ui/subject_panel.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <string>

#include "pipeline/subject_adaptation.h"

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
  labelled_->header()->setStretchLastSection(false);
  labelled_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  labelled_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  labelled_->setHeaderLabels({tr("Category"), tr("Segments")});
  labelled_->setToolTip(tr("The support set: every labelled segment is in it unless unticked"));
  connect(labelled_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (column == 0 && item->parent() && !updating_) updateChoice();
  });
  layout->addWidget(labelled_, 2);
  warnings_ = new QLabel(this);
  warnings_->setWordWrap(true);
  warnings_->setStyleSheet(QStringLiteral("color: #b35900"));
  layout->addWidget(warnings_);

  auto* setRow = new QHBoxLayout;
  setRow->addWidget(new QLabel(tr("Support set:"), this));
  sets_ = new QComboBox(this);
  sets_->setObjectName(QStringLiteral("supportSets"));
  sets_->setToolTip(tr("Choosing a stored support set ticks its segments; adapting to the ticks of a stored set reuses it"));
  sets_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  sets_->setMinimumContentsLength(12);
  connect(sets_, &QComboBox::activated, this, [this](int index) { tickSet(sets_->itemData(index).toLongLong()); });
  setRow->addWidget(sets_, 1);
  saveSet_ = new QPushButton(tr("Save…"), this);
  saveSet_->setObjectName(QStringLiteral("saveSupportSet"));
  saveSet_->setToolTip(tr("Store the ticked segments as a named support set (undoable)"));
  connect(saveSet_, &QPushButton::clicked, this, &SubjectPanel::askSetName);
  setRow->addWidget(saveSet_);
  deleteSet_ = new QPushButton(tr("Delete"), this);
  deleteSet_->setObjectName(QStringLiteral("deleteSupportSet"));
  deleteSet_->setToolTip(tr("Delete the chosen support set (undoable); a set a model was adapted from stays with it"));
  connect(deleteSet_, &QPushButton::clicked, this, [this] {
    if (const qint64 id = chosenSupportSet(); id > 0) Q_EMIT deleteSetRequested(id);
  });
  setRow->addWidget(deleteSet_);
  layout->addLayout(setRow);

  adapt_ = new QPushButton(tr("Adapt to Subject"), this);
  adapt_->setObjectName(QStringLiteral("adaptButton"));
  adapt_->setToolTip(tr("Adapt the meta-model to the ticked segments of this subject, make the result the subject's "
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
  history_->setHeaderLabels({tr("Model"), tr("Labelled by"), tr("Support set"), tr("Active since"), tr("By")});
  history_->headerItem()->setToolTip(1, tr("Which evidence answers for the model: ST-F2M's learned head, the pooled "
                                           "feature statistics, or a mix of both, chosen when it was adapted by "
                                           "holding out labelled clips of the subject"));
  history_->setRootIsDecorated(false);
  history_->header()->setStretchLastSection(false);
  history_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  for (int c = 1; c < 5; ++c) history_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  layout->addWidget(history_, 2);
  // The chosen model's evidence in full: the column is narrow in a docked panel.
  labelledBy_ = new QLabel(this);
  labelledBy_->setObjectName(QStringLiteral("labelledBy"));
  labelledBy_->setWordWrap(true);
  layout->addWidget(labelledBy_);
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
  sets_->clear();
  warnings_->clear();
  result_->clear();
  updateButtons();
}

void SubjectPanel::showSubject(const SubjectData& data) {
  const bool other = data.id != data_.id;
  // Segments the user left out stay out while the subject is shown.
  QSet<qint64> excluded;
  if (!other)
    for (const SubjectSegment& s : data_.segments)
      if (!chosen_.contains(s.id)) excluded.insert(s.id);
  data_ = data;
  chosen_.clear();
  for (const SubjectSegment& s : data.segments)
    if (!excluded.contains(s.id)) chosen_.insert(s.id);
  title_->setText(tr("Subject %1 · %n session(s)", nullptr, data.sessions).arg(data.code));
  updating_ = true;
  labelled_->clear();
  for (const auto& [category, count] : data.labelled) {
    auto* item = new QTreeWidgetItem(labelled_, {category, QString()});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    if (count == 0) item->setForeground(0, palette().color(QPalette::PlaceholderText));
    for (const SubjectSegment& s : data.segments) {
      if (s.category != category) continue;
      auto* child = new QTreeWidgetItem(item, {tr("%1 · %2–%3 s").arg(s.session).arg(s.start, 0, 'f', 1).arg(s.end, 0, 'f', 1)});
      child->setData(0, Qt::UserRole, s.id);
      child->setCheckState(0, chosen_.contains(s.id) ? Qt::Checked : Qt::Unchecked);
    }
  }
  updating_ = false;
  history_->clear();
  for (const SubjectModelEntry& e : data.history) {
    auto* item = new QTreeWidgetItem(history_, {e.name, e.labelledBy.isEmpty() ? QStringLiteral("—") : e.labelledBy,
                                                e.supportSetId > 0 ? QString::number(e.supportSetId) : QStringLiteral("—"),
                                                e.activatedAt.left(16).replace(QLatin1Char('T'), QLatin1Char(' ')),
                                                e.activatedBy});
    item->setData(1, Qt::UserRole, e.labelledBy);
    item->setToolTip(1, e.labelledBy);
    item->setToolTip(3, e.activatedAt);
    item->setData(0, Qt::UserRole, e.modelId);
    item->setToolTip(0, e.kind == QLatin1String("adapted") ? tr("adapted model %1").arg(e.modelId) : tr("model %1").arg(e.modelId));
    if (e.active) {
      QFont bold = item->font(0);
      bold.setBold(true);
      for (int c = 0; c < 5; ++c) item->setFont(c, bold);
    }
  }
  if (other) result_->clear();
  updateChoice();
}

qint64 SubjectPanel::chosenSupportSet() const {
  const QVector<qint64> chosen = chosenSegments();
  if (chosen.isEmpty()) return 0;
  for (const SupportSetEntry& set : data_.supportSets) {
    QVector<qint64> ids = set.segmentIds;
    std::sort(ids.begin(), ids.end());
    QVector<qint64> ticked = chosen;
    std::sort(ticked.begin(), ticked.end());
    if (ids == ticked) return set.id;
  }
  return 0;
}

// The stored sets, the one matching the ticks current ("ticked segments" when none does).
void SubjectPanel::updateSetBox() {
  const QSignalBlocker block(sets_);
  sets_->clear();
  sets_->addItem(tr("ticked segments (not stored)"), qint64(0));
  for (const SupportSetEntry& set : data_.supportSets) {
    QString text = tr("%1 · %2 · %n segment(s)", nullptr, int(set.segmentIds.size())).arg(set.id).arg(set.name);
    if (set.modelId > 0) text += QStringLiteral(" · ") + tr("adapted model %1").arg(set.modelId);
    sets_->addItem(text, set.id);
    sets_->setItemData(sets_->count() - 1, tr("stored %1").arg(set.createdAt), Qt::ToolTipRole);
  }
  const qint64 chosen = chosenSupportSet();
  sets_->setCurrentIndex(std::max(0, sets_->findData(chosen)));
  updateButtons();
}

// Ticks exactly the set's segments (0: every labelled one).
void SubjectPanel::tickSet(qint64 setId) {
  QSet<qint64> wanted;
  for (const SupportSetEntry& set : data_.supportSets)
    if (set.id == setId) wanted = QSet<qint64>(set.segmentIds.begin(), set.segmentIds.end());
  updating_ = true;
  for (int i = 0; i < labelled_->topLevelItemCount(); ++i)
    for (int k = 0; k < labelled_->topLevelItem(i)->childCount(); ++k) {
      QTreeWidgetItem* item = labelled_->topLevelItem(i)->child(k);
      const bool on = setId == 0 || wanted.contains(item->data(0, Qt::UserRole).toLongLong());
      item->setCheckState(0, on ? Qt::Checked : Qt::Unchecked);
    }
  updating_ = false;
  updateChoice();
}

bool SubjectPanel::setSegmentTicked(qint64 segmentId, bool ticked) {
  for (int i = 0; i < labelled_->topLevelItemCount(); ++i)
    for (int k = 0; k < labelled_->topLevelItem(i)->childCount(); ++k) {
      QTreeWidgetItem* item = labelled_->topLevelItem(i)->child(k);
      if (item->data(0, Qt::UserRole).toLongLong() != segmentId) continue;
      labelled_->setCurrentItem(item);
      labelled_->scrollToItem(item);
      item->setCheckState(0, ticked ? Qt::Checked : Qt::Unchecked);  // updateChoice() follows
      return true;
    }
  return false;
}

void SubjectPanel::askSetName() {
  auto* dialog = new QInputDialog(this);
  dialog->setObjectName(QStringLiteral("supportSetName"));
  dialog->setWindowTitle(tr("Save Support Set"));
  dialog->setLabelText(tr("Name of the support set of %n ticked segment(s):", nullptr, int(chosen_.size())));
  dialog->setTextValue(QStringLiteral("%1 %2").arg(data_.code, QDate::currentDate().toString(Qt::ISODate)));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& name) {
    if (!name.trimmed().isEmpty()) Q_EMIT saveSetRequested(name.trimmed());
  });
  dialog->open();
}

QVector<qint64> SubjectPanel::chosenSegments() const {
  QVector<qint64> out;
  for (const SubjectSegment& s : data_.segments)
    if (chosen_.contains(s.id)) out.push_back(s.id);
  return out;
}

// The ticks: per category the chosen and the labelled count, the support set's warnings.
void SubjectPanel::updateChoice() {
  chosen_.clear();
  std::map<std::string, int> perClass;
  for (int i = 0; i < labelled_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* category = labelled_->topLevelItem(i);
    int chosen = 0;
    for (int k = 0; k < category->childCount(); ++k)
      if (category->child(k)->checkState(0) == Qt::Checked) {
        chosen_.insert(category->child(k)->data(0, Qt::UserRole).toLongLong());
        ++chosen;
      }
    category->setText(1, category->childCount() == chosen ? QString::number(chosen)
                                                          : tr("%1 of %2").arg(chosen).arg(category->childCount()));
    if (chosen > 0) perClass[category->text(0).toStdString()] = chosen;
  }
  QStringList warnings;
  if (data_.segments.isEmpty()) warnings << tr("No labelled segments yet: mark in and out (I, O) and press a label key.");
  else if (perClass.empty()) warnings << tr("No segment is ticked: the support set would be empty.");
  else
    for (const std::string& w : pipeline::supportWarnings(perClass)) warnings << QString::fromStdString(w);
  warnings_->setText(warnings.join(QLatin1Char('\n')));
  warnings_->setVisible(!warnings.isEmpty());
  classes_ = int(perClass.size());
  updateSetBox();
}

void SubjectPanel::setResult(const QString& text) { result_->setText(text); }

void SubjectPanel::setBusy(bool busy) {
  busy_ = busy;
  updateButtons();
}

void SubjectPanel::updateButtons() {
  adapt_->setEnabled(data_.id > 0 && classes_ >= 2 && !busy_);
  const qint64 set = chosenSupportSet();
  bool used = false;
  for (const SupportSetEntry& s : data_.supportSets) used |= s.id == set && s.modelId > 0;
  saveSet_->setEnabled(data_.id > 0 && !chosen_.isEmpty() && set == 0);
  deleteSet_->setEnabled(set > 0 && !used);
  const QTreeWidgetItem* item = history_->currentItem();
  const qint64 active = !data_.history.isEmpty() && data_.history.front().active ? data_.history.front().modelId : 0;
  activate_->setEnabled(item && !busy_ && item->data(0, Qt::UserRole).toLongLong() != active);
  // What labels with the chosen model, else with the active one.
  const QTreeWidgetItem* shown = item ? item : history_->topLevelItem(0);
  const QString evidence = shown ? shown->data(1, Qt::UserRole).toString() : QString();
  labelledBy_->setText(evidence.isEmpty() ? QString()
                                          : tr("%1 is labelled by %2.").arg(shown->text(0), evidence));
}

}  // namespace stf2m::ui
