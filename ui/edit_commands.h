#pragma once
// The undoable edits of the labelling history besides segments: painting a trace, saving and
// deleting a support set, and changing a subject's active model. Like the segment commands, each
// redo and undo is one store write queued in order on the project's one-thread pool
// (ProjectController::edit) by the annotator, so the audit log names them. A stored row keeps one
// handle through delete and undo, because storing it again gives it a new id.
#include <QString>
#include <QUndoCommand>

#include <atomic>
#include <memory>
#include <vector>

#include "store/project.h"
#include "ui/trace_stroke.h"

namespace stf2m::ui {

class ProjectController;

// A stored row across its lives: `id` its current row (0 while it is not stored), written on the
// pool thread and read on the GUI thread after the write's reload; `row` used on the pool only.
template <typename Row>
struct StoredHandle {
  std::atomic<qint64> id{0};
  Row row;
};
using TraceHandle = StoredHandle<store::Trace>;
using SupportSetHandle = StoredHandle<store::SupportSet>;

// A stroke laid onto the annotator's trace of one dimension (trace_stroke.h); the first stroke
// stores the trace, and its undo removes it again.
class PaintTrace : public QUndoCommand {
 public:
  PaintTrace(ProjectController* project, QString actor, std::shared_ptr<TraceHandle> handle,
             std::vector<StrokePoint> stroke, double lo, double hi, const QString& text);
  void redo() override;
  void undo() override;

 private:
  ProjectController* project_;
  QString actor_;
  std::shared_ptr<TraceHandle> handle_;
  std::vector<StrokePoint> stroke_;
  double lo_, hi_;
  struct Before {  // used on the pool
    bool created = false;
    store::Trace row;
    int64_t written = 0;  // the version the stroke left
  };
  std::shared_ptr<Before> before_ = std::make_shared<Before>();
};

// Saving a support set (the handle's row: subject, name, segments) or, with `remove`, deleting
// one that no model was adapted from; each undoes the other.
class SupportSetChange : public QUndoCommand {
 public:
  SupportSetChange(ProjectController* project, QString actor, std::shared_ptr<SupportSetHandle> handle, bool remove,
                   const QString& text);
  void redo() override { write(!remove_); }
  void undo() override { write(remove_); }

 private:
  void write(bool store);
  ProjectController* project_;
  QString actor_;
  std::shared_ptr<SupportSetHandle> handle_;
  bool remove_;
};

// `model` becomes (or, with `alreadyActive`, has just become) the subject's active model; undo
// makes `previous` active again. The session is shown with the active model afterwards.
class ActivateModel : public QUndoCommand {
 public:
  ActivateModel(ProjectController* project, QString actor, qint64 subject, qint64 model, qint64 supportSet, qint64 previous,
                bool alreadyActive, const QString& text);
  void redo() override;
  void undo() override { activate(previous_, 0); }

 private:
  void activate(qint64 model, qint64 supportSet);
  ProjectController* project_;
  QString actor_;
  qint64 subject_, model_, supportSet_, previous_;
  bool skipRedo_;
  // The activation this command's last redo or undo stored (0: none yet), written on the pool.
  std::shared_ptr<std::atomic<qint64>> written_ = std::make_shared<std::atomic<qint64>>(0);
};

}  // namespace stf2m::ui
