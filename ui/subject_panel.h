#pragma once
// The Subject dock: the shown session's subject, its labelled segments per category (what a
// support set of all of them holds, with the warnings such a set gets), "Adapt to Subject", the
// result of the last adaptation (accuracy before and after), and the subject's model history
// with "Make Active" to roll back (or forward).
#include <QWidget>

#include "ui/project_reader.h"

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

 Q_SIGNALS:
  void adaptRequested();
  void activateRequested(qint64 modelId);

 private:
  void updateButtons();

  SubjectData data_;
  QLabel* title_;
  QTreeWidget* labelled_;
  QLabel* warnings_;
  QPushButton* adapt_;
  QLabel* result_;
  QTreeWidget* history_;
  QPushButton* activate_;
  bool busy_ = false;
};

}  // namespace stf2m::ui
