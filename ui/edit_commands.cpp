#include "ui/edit_commands.h"

#include <optional>
#include <utility>

#include "common/error.h"
#include "ui/project_controller.h"

namespace stf2m::ui {

namespace {

store::Trace storedTrace(store::Project& p, const TraceHandle& h) {
  for (store::Trace& t : p.traces(h.row.sessionId))
    if (t.id == h.id.load()) return t;
  throw Error(ErrorCode::NotFound, p.path(), "no trace with id " + std::to_string(h.id.load()));
}

}  // namespace

PaintTrace::PaintTrace(ProjectController* project, QString actor, std::shared_ptr<TraceHandle> handle,
                       std::vector<StrokePoint> stroke, double lo, double hi, const QString& text)
    : QUndoCommand(text), project_(project), actor_(std::move(actor)), handle_(std::move(handle)),
      stroke_(std::move(stroke)), lo_(lo), hi_(hi) {}

void PaintTrace::redo() {
  project_->edit(text(), actor_,
                 [h = handle_, stroke = stroke_, lo = lo_, hi = hi_, before = before_](store::Project& p) {
                   before->created = h->id.load() == 0;
                   store::Trace row = before->created ? h->row : storedTrace(p, *h);
                   if (before->created) row.annotatorId = p.annotatorId(p.actor(), true), row.values.clear();
                   before->row = row;
                   const TraceSamples painted =
                       paintStroke({row.start, row.sampleRate, row.values}, stroke, lo, hi, kPaintedTraceRate);
                   row.start = painted.start, row.sampleRate = painted.rate, row.values = painted.values;
                   if (before->created) h->id = p.addTrace(row), before->written = 1;
                   else before->written = p.updateTrace(row);
                 });
}

void PaintTrace::undo() {
  project_->edit(text(), actor_, [h = handle_, before = before_](store::Project& p) {
    if (before->created) {
      p.deleteTrace(h->id, before->written);
      h->id = 0;
    } else {
      store::Trace row = before->row;
      row.version = before->written;  // refused when someone changed it after the stroke
      p.updateTrace(row);
    }
  });
}

SupportSetChange::SupportSetChange(ProjectController* project, QString actor, std::shared_ptr<SupportSetHandle> handle,
                                   bool remove, const QString& text)
    : QUndoCommand(text), project_(project), actor_(std::move(actor)), handle_(std::move(handle)), remove_(remove) {}

void SupportSetChange::write(bool store) {
  project_->edit(text(), actor_, [h = handle_, store](store::Project& p) {
    if (store) {
      h->row.chosenBy = p.annotatorId(p.actor(), true);
      h->id = p.addSupportSet(h->row);
      return;
    }
    for (const store::SupportSet& s : p.supportSets(h->row.subjectId))
      if (s.id == h->id.load()) h->row = s;  // what an undo stores again
    p.deleteSupportSet(h->id);
    h->id = 0;
  });
}

ActivateModel::ActivateModel(ProjectController* project, QString actor, qint64 subject, qint64 model, qint64 supportSet,
                             qint64 previous, bool alreadyActive, const QString& text)
    : QUndoCommand(text), project_(project), actor_(std::move(actor)), subject_(subject), model_(model),
      supportSet_(supportSet), previous_(previous), skipRedo_(alreadyActive) {}

void ActivateModel::redo() {
  if (std::exchange(skipRedo_, false)) return;
  activate(model_, supportSet_);
}

void ActivateModel::activate(qint64 model, qint64 supportSet) {
  const qint64 subject = subject_;
  project_->edit(
      text(), actor_,
      [subject, model, supportSet, written = written_](store::Project& p) {
        // After this command's own activation, the next undo or redo is refused (Conflict, naming
        // them) when someone else has activated a model for the subject since.
        const qint64 seen = written->load();
        written->store(p.activateModel(subject, model, supportSet > 0 ? std::optional<int64_t>(supportSet) : std::nullopt,
                                       seen > 0 ? std::optional<int64_t>(seen) : std::nullopt));
      },
      true);
}

}  // namespace stf2m::ui
