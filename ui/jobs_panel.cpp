#include "ui/jobs_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

#include "ui/analysis_jobs.h"

namespace stf2m::ui {

namespace {

enum Column { kTitle, kState, kProgress, kEta, kDevice, kMessage, kColumns };

QString stateName(JobInfo::State state) {
  switch (state) {
    case JobInfo::State::Queued: return JobsPanel::tr("queued");
    case JobInfo::State::Running: return JobsPanel::tr("running");
    case JobInfo::State::Finished: return JobsPanel::tr("done");
    case JobInfo::State::Failed: return JobsPanel::tr("failed");
    case JobInfo::State::Cancelled: return JobsPanel::tr("cancelled");
  }
  return {};
}

}  // namespace

QString formatEta(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return JobsPanel::tr("–");
  const int s = int(std::lround(seconds));
  return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

JobsPanel::JobsPanel(AnalysisJobs* jobs, QWidget* parent) : QWidget(parent), jobs_(jobs) {
  setObjectName(QStringLiteral("jobsPanel"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  list_ = new QTreeWidget(this);
  list_->setObjectName(QStringLiteral("jobsList"));
  list_->setRootIsDecorated(false);
  list_->setColumnCount(kColumns);
  list_->setHeaderLabels({tr("Job"), tr("State"), tr("Progress"), tr("ETA"), tr("Device"), tr("Message")});
  list_->header()->setStretchLastSection(true);
  layout->addWidget(list_, 1);
  auto* buttons = new QHBoxLayout;
  cancel_ = new QPushButton(tr("Cancel Job"), this);
  cancel_->setObjectName(QStringLiteral("cancelJob"));
  cancel_->setToolTip(tr("Stops the selected job (or the running one); results already stored stay as they were"));
  buttons->addStretch(1);
  buttons->addWidget(cancel_);
  layout->addLayout(buttons);
  connect(cancel_, &QPushButton::clicked, this, &JobsPanel::cancelSelected);
  connect(jobs_, &AnalysisJobs::jobChanged, this, &JobsPanel::refresh);
}

void JobsPanel::refresh(quint64 jobId) {
  const JobInfo* job = jobs_->job(jobId);
  if (!job) return;
  QTreeWidgetItem* item = nullptr;
  for (int i = 0; i < list_->topLevelItemCount() && !item; ++i)
    if (list_->topLevelItem(i)->data(kTitle, Qt::UserRole).toULongLong() == jobId) item = list_->topLevelItem(i);
  if (!item) {
    item = new QTreeWidgetItem;
    item->setData(kTitle, Qt::UserRole, jobId);
    list_->insertTopLevelItem(0, item);  // newest on top
  }
  item->setText(kTitle, job->title);
  item->setText(kState, stateName(job->state));
  item->setText(kProgress, job->stage.isEmpty() ? QStringLiteral("%1%").arg(int(job->fraction * 100))
                                                : QStringLiteral("%1 · %2%").arg(job->stage).arg(int(job->fraction * 100)));
  item->setText(kEta, job->state == JobInfo::State::Running ? formatEta(job->etaSeconds) : QString());
  item->setText(kDevice, job->device);
  item->setText(kMessage, job->message);
  item->setToolTip(kMessage, (job->notes + QStringList{job->message}).join(QLatin1Char('\n')));
}

void JobsPanel::cancelSelected() {
  const QList<QTreeWidgetItem*> selected = list_->selectedItems();
  if (!selected.isEmpty()) return jobs_->cancel(selected.first()->data(kTitle, Qt::UserRole).toULongLong());
  for (const JobInfo& j : jobs_->jobs())
    if (j.state == JobInfo::State::Running) jobs_->cancel(j.id);
}

}  // namespace stf2m::ui
