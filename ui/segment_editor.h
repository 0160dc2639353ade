#pragma once
// Keyboard-first labelling of the shown session: in and out marks at the cursor, a category key
// makes the segment between them (or relabels the selected one); the selected one's edges move to
// the cursor, it splits at the cursor, merges with the next one, or goes (Delete).
// Every edit is a QUndoCommand whose redo and undo are store writes queued in order on the
// project's one-thread pool (ProjectController::edit), each its own transaction, by the annotator
// (the audit log names them). A segment keeps one handle through delete and undo, because storing
// it again gives it a new id (the store never reuses ids). Changes of a subject's active model
// (an adaptation, a rollback) are commands of the same history.
#include <QObject>
#include <QString>
#include <QUndoStack>

#include <map>
#include <memory>
#include <vector>

#include <QPointF>

#include "store/project.h"
#include "ui/project_reader.h"

namespace stf2m::ui {

class ProjectController;
struct SegmentHandle;
template <typename Row>
struct StoredHandle;

class SegmentEditor : public QObject {
  Q_OBJECT

 public:
  explicit SegmentEditor(ProjectController* project, QObject* parent = nullptr);
  ~SegmentEditor() override;

  QUndoStack* undoStack() { return &undo_; }
  void setAnnotator(const QString& name) { annotator_ = name; }
  const QString& annotator() const { return annotator_; }

  // The shown session (on every load): marks and selection stay while it is the same session.
  void setSession(const SessionData& data);
  // A new project: the history of the old one is dropped with it.
  void reset();
  qint64 sessionId() const { return sessionId_; }
  // The scheme the keys label with: "emotion" when the project has it, else its first categorical.
  const LabelSchemeInfo* scheme() const;

  void markIn(double seconds);
  void markOut(double seconds);
  void clearMarks();
  double markedIn() const { return in_; }   // NaN when unset
  double markedOut() const { return out_; }
  bool hasRange() const;  // both marks, in before out

  void select(qint64 segmentId);  // 0: none
  qint64 selected() const { return selected_; }

  bool canLabel() const { return scheme() && (hasRange() || selected_ > 0); }
  // The category index of the scheme for a key ("H", "3"): its hotkey, else digits 1-9 and 0 by
  // position; -1 when none.
  int categoryForKey(const QString& key) const;
  // The range becomes a segment of that category, else the selection is relabelled.
  bool label(int categoryIndex);
  bool deleteSelected();
  // The selected segment's start (or end) to `seconds`; false when it would end before it starts.
  bool moveEdge(bool start, double seconds);
  // The selected segment in two at `seconds` (inside it), both with its label.
  bool splitAt(double seconds);
  // The selected segment and the next one of its tier (annotator and scheme) become one.
  bool mergeWithNext();
  // A segment from `start` to `end` labelled with the scheme's category `name` (an accepted
  // suggestion); false when the scheme has no such category.
  bool labelRange(double start, double end, const QString& name);

  // Model actions share the history: `modelId` becomes (or, with `alreadyActive`, has just
  // become) the subject's active model; undo makes `previousModelId` active again.
  void activateModel(qint64 subjectId, qint64 modelId, qint64 supportSetId, qint64 previousModelId, bool alreadyActive);

  // A stroke (session seconds, value) on the annotator's trace `traceId` of the dimension (0: they
  // have none yet), values clamped to [lo, hi]; false when there is nothing to paint.
  bool paintTrace(qint64 traceId, qint64 dimensionId, const QVector<QPointF>& stroke, double lo, double hi,
                  const QString& dimension);
  // Support-set changes share the history too: a named set of the subject's segments, and
  // deleting one that no model was adapted from (the store refuses the others).
  void saveSupportSet(qint64 subjectId, const QVector<qint64>& segmentIds, const QString& name);
  void deleteSupportSet(qint64 subjectId, qint64 setId);

 Q_SIGNALS:
  void marksChanged();
  void selectionChanged(qint64 segmentId);

 private:
  std::shared_ptr<SegmentHandle> handleFor(qint64 segmentId);

  ProjectController* project_;
  QUndoStack undo_;
  QString annotator_;
  qint64 sessionId_ = 0;
  QVector<LabelSchemeInfo> schemes_;
  double in_, out_;
  qint64 selected_ = 0;
  struct ShownSegment {
    double start = 0, end = 0;
    qint64 version = 0;  // as shown: an edit of a row changed since is refused by the store
    int tier = 0;  // segments of one tier share annotator and scheme
  };
  std::map<qint64, ShownSegment> shown_;  // the shown session's stored segments, by id
  std::vector<std::shared_ptr<SegmentHandle>> handles_;
  std::vector<std::shared_ptr<StoredHandle<store::Trace>>> traceHandles_;
  std::vector<std::shared_ptr<StoredHandle<store::SupportSet>>> setHandles_;
  // The handle whose row is now stored as `id`, if the history holds one.
  template <typename Handle>
  static std::shared_ptr<Handle> handleIn(const std::vector<std::shared_ptr<Handle>>& handles, qint64 id) {
    for (const auto& h : handles)
      if (h->id.load() == id) return h;
    return nullptr;
  }
};

}  // namespace stf2m::ui
