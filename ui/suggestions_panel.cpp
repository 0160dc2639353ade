#include "ui/suggestions_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace stf2m::ui {

SuggestionsPanel::SuggestionsPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("suggestionsPanel"));
  setMinimumWidth(260);  // the dock may be narrow, never unreadable
  auto* layout = new QVBoxLayout(this);
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  layout->addWidget(note_);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("suggestionList"));
  tree_->setHeaderLabels({tr("Window (s)"), tr("Predicted"), tr("Uncertainty"), tr("Disagreement"), tr("Score")});
  tree_->setRootIsDecorated(false);
  tree_->header()->setStretchLastSection(false);
  tree_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
  for (int c : {0, 2, 3, 4}) tree_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  tree_->setToolTip(tr("Uncertainty: the entropy of the fused answer (0 sure, 1 undecided). Disagreement: how far "
                       "apart the face and voice answers are (Jensen-Shannon, 0 to 1)."));
  layout->addWidget(tree_, 1);
  accept_ = new QPushButton(tr("Accept as Segment"), this);
  accept_->setObjectName(QStringLiteral("acceptSuggestion"));
  accept_->setToolTip(tr("Make the chosen window a segment with the predicted label; select it and press a key to "
                         "change the label"));
  layout->addWidget(accept_);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this] {
    const int row = current();
    accept_->setEnabled(row >= 0);
    if (row >= 0) Q_EMIT seekRequested(list_[row].start);
  });
  connect(accept_, &QPushButton::clicked, this, [this] {
    if (const int row = current(); row >= 0) Q_EMIT acceptRequested(list_[row]);
  });
  clear();
}

void SuggestionsPanel::clear() { showSuggestions({}); }

int SuggestionsPanel::current() const {
  const QTreeWidgetItem* item = tree_->currentItem();
  return item ? tree_->indexOfTopLevelItem(const_cast<QTreeWidgetItem*>(item)) : -1;
}

void SuggestionsPanel::showSuggestions(const QVector<SuggestionEntry>& suggestions) {
  list_ = suggestions;
  tree_->clear();
  for (const SuggestionEntry& s : suggestions) {
    auto* item = new QTreeWidgetItem(tree_, {QStringLiteral("%1–%2").arg(s.start, 0, 'f', 1).arg(s.end, 0, 'f', 1),
                                             QStringLiteral("%1 (%2)").arg(s.predicted).arg(s.probability, 0, 'f', 2),
                                             QString::number(s.uncertainty, 'f', 2), QString::number(s.disagreement, 'f', 2),
                                             QString::number(s.score, 'f', 2)});
    for (int c : {2, 3, 4}) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
  }
  note_->setText(suggestions.isEmpty()
                     ? tr("No suggestions: the session is not analysed, or every analysed window is labelled.")
                     : tr("Unlabelled windows where a label would teach the model most, best first."));
  accept_->setEnabled(false);
}

}  // namespace stf2m::ui
