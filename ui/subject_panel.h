#pragma once
// The Subject dock: the shown session's subject, its labelled segments per category, each with a
// tick for the support set (all by default; the counts and the set's warnings follow the ticks),
// the stored support sets (choosing one ticks its segments; the ticks can be saved as a named set,
// and a set no model was adapted from deleted), "Adapt to Subject", the
// result of the last adaptation (accuracy before and after), and the subject's model history
// with "Make Active" to roll back (or forward).
#include <QSet>
#include <QWidget>

#include "ui/project_reader.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace stf2m::ui {

class SubjectPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SubjectPanel(QWidget* parent = nullptr);

  void showSubject(const SubjectData& data);
  void clear();
  void setResult(const QString& text);  // the last adaptation's summary
  void setBusy(bool busy);              // an adaptation is running: the button waits
  const SubjectData& subject() const { return data_; }
  // The ticked segments: the support set "Adapt to Subject" uses (all labelled ones by default).
  QVector<qint64> chosenSegments() const;
  // Ticks or unticks one of the subject's labelled segments (false when it is not one of them);
  // the list shows it.
  bool setSegmentTicked(qint64 segmentId, bool ticked);
  bool isTicked(qint64 segmentId) const { return chosen_.contains(segmentId); }
  // The stored support set of exactly the ticked segments (adapting reuses it); 0: none.
  qint64 chosenSupportSet() const;

 Q_SIGNALS:
  void adaptRequested();
  void activateRequested(qint64 modelId);
  void saveSetRequested(const QString& name);  // the ticked segments, as a named support set
  void deleteSetRequested(qint64 setId);

 private:
  void updateButtons();
  void updateChoice();
  void updateSetBox();
  void tickSet(qint64 setId);
  void askSetName();

  SubjectData data_;
  QLabel* title_;
  QTreeWidget* labelled_;
  QLabel* warnings_;
  QComboBox* sets_;
  QPushButton* saveSet_;
  QPushButton* deleteSet_;
  QPushButton* adapt_;
  QLabel* result_;
  QTreeWidget* history_;
  QLabel* labelledBy_;  // the chosen (else the active) model's evidence, in words
  QPushButton* activate_;
  bool busy_ = false;
  bool updating_ = false;
  QSet<qint64> chosen_;
  int classes_ = 0;  // classes among the ticked segments
};

}  // namespace stf2m::ui
