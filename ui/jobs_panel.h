#pragma once
// The jobs panel: every job of the inference worker with its state, stage, progress, ETA, device
// and last message, and a Cancel button for the selected or running job.
#include <QWidget>

class QPushButton;
class QTreeWidget;

namespace stf2m::ui {

class AnalysisJobs;

class JobsPanel : public QWidget {
  Q_OBJECT

 public:
  JobsPanel(AnalysisJobs* jobs, QWidget* parent = nullptr);
  QTreeWidget* list() const { return list_; }

 private:
  void refresh(quint64 jobId);
  void cancelSelected();

  AnalysisJobs* jobs_;
  QTreeWidget* list_ = nullptr;
  QPushButton* cancel_ = nullptr;
};

// "1:05" for an ETA in seconds; "–" while unknown.
QString formatEta(double seconds);

}  // namespace stf2m::ui
