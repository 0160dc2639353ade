#pragma once
// What to label next: the shown session's unlabelled windows, most informative first (the model's
// uncertainty plus the disagreement between face and voice). Choosing one moves the cursor there;
// "Accept" makes it a segment of the annotator with the predicted label, to confirm or relabel.
#include <QWidget>

#include "ui/project_reader.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace stf2m::ui {

class SuggestionsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SuggestionsPanel(QWidget* parent = nullptr);

  void showSuggestions(const QVector<SuggestionEntry>& suggestions);
  void clear();
  const QVector<SuggestionEntry>& suggestions() const { return list_; }
  int current() const;  // the chosen row, -1 none

 Q_SIGNALS:
  void seekRequested(double sessionSeconds);
  void acceptRequested(const stf2m::ui::SuggestionEntry& suggestion);

 private:
  QVector<SuggestionEntry> list_;
  QLabel* note_;
  QTreeWidget* tree_;
  QPushButton* accept_;
};

}  // namespace stf2m::ui
