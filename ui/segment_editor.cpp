#include "ui/segment_editor.h"

#include <QUndoCommand>

#include <algorithm>
#include <functional>

#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "common/error.h"
#include "store/project.h"
#include "ui/edit_commands.h"
#include "ui/project_controller.h"

namespace stf2m::ui {

// One segment across its lives: `id` is its current row (written on the pool thread, read on the
// GUI thread only after the write's reload), `row` what it holds, used on the pool thread only.
// `seen` is the row version the next edit is made on: the version the annotator saw when the
// command was made from the screen, then the version each of our own writes left. An edit of a row
// someone else changed since is refused by the store (Conflict, naming them); the session reloads.
struct SegmentHandle {
  std::atomic<qint64> id{0};
  std::atomic<qint64> seen{0};
  store::Segment row;
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

store::Segment storedRow(store::Project& p, const SegmentHandle& h) {
  for (store::Segment& s : p.segments(h.row.sessionId))
    if (s.id == h.id.load()) return s;
  throw Error(ErrorCode::NotFound, p.path(), "no segment with id " + std::to_string(h.id.load()));
}

class SegmentCommand : public QUndoCommand {
 public:
  SegmentCommand(ProjectController* project, QString actor, std::shared_ptr<SegmentHandle> handle, const QString& text)
      : QUndoCommand(text), project_(project), actor_(std::move(actor)), handle_(std::move(handle)) {}

 protected:
  void write(std::function<void(store::Project&, SegmentHandle&)> work) {
    project_->edit(text(), actor_, [h = handle_, work](store::Project& p) { work(p, *h); });
  }
  ProjectController* project_;
  QString actor_;
  std::shared_ptr<SegmentHandle> handle_;
};

class CreateSegment : public SegmentCommand {
 public:
  using SegmentCommand::SegmentCommand;
  void redo() override {
    // The annotator is who the project says is writing: the Studio's annotator name on a project
    // file, the login on a team server (its row-level rights know no other name).
    write([](store::Project& p, SegmentHandle& h) {
      h.row.annotatorId = p.annotatorId(p.actor(), true);
      h.id = p.addSegment(h.row);
      h.seen = 1;
    });
  }
  void undo() override {
    write([](store::Project& p, SegmentHandle& h) { p.deleteSegment(h.id, h.seen); });
  }
};

class DeleteSegment : public SegmentCommand {
 public:
  using SegmentCommand::SegmentCommand;
  void redo() override {
    write([](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      p.deleteSegment(h.id, h.seen);
    });
  }
  void undo() override {
    write([](store::Project& p, SegmentHandle& h) {
      h.id = p.addSegment(h.row);
      h.seen = 1;
    });
  }
};

// A change of one stored segment (label, start or end): the row before it is kept for undo.
class UpdateSegment : public SegmentCommand {
 public:
  UpdateSegment(ProjectController* project, QString actor, std::shared_ptr<SegmentHandle> handle, const QString& text,
                std::function<void(store::Segment&)> change)
      : SegmentCommand(project, std::move(actor), std::move(handle), text), change_(std::move(change)) {}
  void redo() override {
    write([change = change_, before = before_](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      *before = h.row;
      change(h.row);
      h.row.version = h.seen;
      h.seen = p.updateSegment(h.row);
    });
  }
  void undo() override {
    write([before = before_](store::Project& p, SegmentHandle& h) {
      h.row = *before;
      h.row.id = h.id;
      h.row.version = h.seen;
      h.seen = p.updateSegment(h.row);
    });
  }

 private:
  std::function<void(store::Segment&)> change_;
  std::shared_ptr<store::Segment> before_ = std::make_shared<store::Segment>();  // used on the pool
};

// Two segments from one at `at`: the first keeps its row up to `at`, the second (same label) is new.
class SplitSegment : public SegmentCommand {
 public:
  SplitSegment(ProjectController* project, QString actor, std::shared_ptr<SegmentHandle> handle,
               std::shared_ptr<SegmentHandle> tail, double at, const QString& text)
      : SegmentCommand(project, std::move(actor), std::move(handle), text), tail_(std::move(tail)), at_(at) {}
  void redo() override {
    write([tail = tail_, at = at_](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      tail->row = h.row;
      tail->row.start = at;
      tail->row.startFrame = tail->row.endFrame = -1;
      h.row.end = at;
      h.row.startFrame = h.row.endFrame = -1;
      h.row.version = h.seen;
      p.atomically([&] {
        h.seen = p.updateSegment(h.row);
        tail->id = p.addSegment(tail->row);
        tail->seen = 1;
      });
    });
  }
  void undo() override {
    write([tail = tail_](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      h.row.end = tail->row.end;
      h.row.startFrame = h.row.endFrame = -1;
      h.row.version = h.seen;
      p.atomically([&] {
        p.deleteSegment(tail->id, tail->seen);
        h.seen = p.updateSegment(h.row);
      });
    });
  }

 private:
  std::shared_ptr<SegmentHandle> tail_;
  double at_;
};

// A segment and the next one of its tier become one (the first's label). The next one keeps its
// handle, so commands before this one still find it after an undo stores it again.
class MergeWithNext : public SegmentCommand {
 public:
  MergeWithNext(ProjectController* project, QString actor, std::shared_ptr<SegmentHandle> handle,
                std::shared_ptr<SegmentHandle> next, const QString& text)
      : SegmentCommand(project, std::move(actor), std::move(handle), text), next_(std::move(next)) {}
  void redo() override {
    write([next = next_, before = before_](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      *before = h.row;
      next->row = storedRow(p, *next);
      h.row.end = std::max(h.row.end, next->row.end);
      h.row.endFrame = -1;
      h.row.version = h.seen;
      p.atomically([&] {
        p.deleteSegment(next->id, next->seen);
        h.seen = p.updateSegment(h.row);
      });
    });
  }
  void undo() override {
    write([next = next_, before = before_](store::Project& p, SegmentHandle& h) {
      h.row = *before;
      h.row.id = h.id;
      h.row.version = h.seen;
      p.atomically([&] {
        h.seen = p.updateSegment(h.row);
        next->id = p.addSegment(next->row);
        next->seen = 1;
      });
    });
  }

 private:
  std::shared_ptr<SegmentHandle> next_;
  std::shared_ptr<store::Segment> before_ = std::make_shared<store::Segment>();  // used on the pool
};

}  // namespace

void SegmentEditor::activateModel(qint64 subjectId, qint64 modelId, qint64 supportSetId, qint64 previousModelId,
                                  bool alreadyActive) {
  if (alreadyActive && previousModelId <= 0) return;  // nothing to go back to
  undo_.push(new ActivateModel(project_, annotator_, subjectId, modelId, supportSetId, previousModelId, alreadyActive,
                               alreadyActive ? tr("Adapt to Subject") : tr("Make Model Active")));
}

bool SegmentEditor::paintTrace(qint64 traceId, qint64 dimensionId, const QVector<QPointF>& stroke, double lo, double hi,
                               const QString& dimension) {
  if (sessionId_ <= 0 || dimensionId <= 0 || stroke.isEmpty() || !(hi > lo)) return false;
  std::shared_ptr<TraceHandle> h = traceId > 0 ? handleIn(traceHandles_, traceId) : nullptr;
  if (!h && traceId > 0) {  // a stored trace this history has not touched yet
    h = traceHandles_.emplace_back(std::make_shared<TraceHandle>());
    h->id = traceId;
  } else if (!h) {  // the annotator's first stroke in this dimension (or again after undoing it)
    for (const auto& known : traceHandles_)
      if (known->id.load() == 0 && known->row.sessionId == sessionId_ && known->row.dimensionId == dimensionId) h = known;
    if (!h) h = traceHandles_.emplace_back(std::make_shared<TraceHandle>());
  }
  h->row.sessionId = sessionId_;
  h->row.dimensionId = dimensionId;
  std::vector<StrokePoint> points;
  for (const QPointF& p : stroke) points.push_back({p.x(), p.y()});
  undo_.push(new PaintTrace(project_, annotator_, h, std::move(points), lo, hi, tr("Paint %1").arg(dimension)));
  return true;
}

void SegmentEditor::saveSupportSet(qint64 subjectId, const QVector<qint64>& segmentIds, const QString& name) {
  if (subjectId <= 0 || segmentIds.isEmpty()) return;
  auto h = setHandles_.emplace_back(std::make_shared<SupportSetHandle>());
  h->row.subjectId = subjectId;
  h->row.name = name.toStdString();
  h->row.segmentIds.assign(segmentIds.begin(), segmentIds.end());
  undo_.push(new SupportSetChange(project_, annotator_, h, false, tr("Save Support Set %1").arg(name)));
}

void SegmentEditor::deleteSupportSet(qint64 subjectId, qint64 setId) {
  if (subjectId <= 0 || setId <= 0) return;
  std::shared_ptr<SupportSetHandle> h = handleIn(setHandles_, setId);
  if (!h) h = setHandles_.emplace_back(std::make_shared<SupportSetHandle>()), h->id = setId;
  h->row.subjectId = subjectId;
  undo_.push(new SupportSetChange(project_, annotator_, h, true, tr("Delete Support Set")));
}

SegmentEditor::SegmentEditor(ProjectController* project, QObject* parent)
    : QObject(parent), project_(project), in_(kNaN), out_(kNaN) {}

SegmentEditor::~SegmentEditor() = default;

void SegmentEditor::setSession(const SessionData& data) {
  if (data.entry.id != sessionId_) {
    clearMarks();
    select(0);
  }
  sessionId_ = data.entry.id;
  schemes_ = data.schemes;
  // A selection that no longer exists (undone, deleted elsewhere) is dropped.
  shown_.clear();
  for (int t = 0; t < data.tiers.size(); ++t)
    for (const TierSegment& s : data.tiers[t].segments)
      if (s.id > 0) shown_[s.id] = {s.start, s.end, s.version, t};
  if (!shown_.count(selected_)) select(0);
}

void SegmentEditor::reset() {
  undo_.clear();
  handles_.clear();
  traceHandles_.clear();
  setHandles_.clear();
  sessionId_ = 0;
  schemes_.clear();
  clearMarks();
  select(0);
}

const LabelSchemeInfo* SegmentEditor::scheme() const {
  for (const LabelSchemeInfo& s : schemes_)
    if (s.name == QLatin1String("emotion")) return &s;
  return schemes_.isEmpty() ? nullptr : &schemes_.front();
}

void SegmentEditor::markIn(double seconds) {
  in_ = seconds;
  if (!std::isnan(out_) && out_ <= in_) out_ = kNaN;
  Q_EMIT marksChanged();
}

void SegmentEditor::markOut(double seconds) {
  out_ = seconds;
  if (!std::isnan(in_) && in_ >= out_) in_ = kNaN;
  Q_EMIT marksChanged();
}

void SegmentEditor::clearMarks() {
  in_ = out_ = kNaN;
  Q_EMIT marksChanged();
}

bool SegmentEditor::hasRange() const { return !std::isnan(in_) && !std::isnan(out_) && out_ > in_; }

void SegmentEditor::select(qint64 segmentId) {
  if (segmentId == selected_) return;
  selected_ = segmentId;
  Q_EMIT selectionChanged(segmentId);
}

int SegmentEditor::categoryForKey(const QString& key) const {
  const LabelSchemeInfo* s = scheme();
  if (!s || key.size() != 1) return -1;
  for (int i = 0; i < s->categories.size(); ++i)
    if (s->categories[i].hotkey.compare(key, Qt::CaseInsensitive) == 0) return i;
  const QChar c = key.front();
  if (c.isDigit()) {
    const int index = c == QLatin1Char('0') ? 9 : c.digitValue() - 1;
    if (index < s->categories.size()) return index;
  }
  return -1;
}

std::shared_ptr<SegmentHandle> SegmentEditor::handleFor(qint64 segmentId) {
  // Versions only grow: a screen not yet reloaded after our own write shows an older version
  // than the one the write left, and must not make the next edit look stale.
  const auto shown = shown_.find(segmentId);
  const qint64 seen = shown == shown_.end() ? 0 : shown->second.version;
  for (const auto& h : handles_)
    if (h->id.load() == segmentId) {
      qint64 known = h->seen.load();
      while (known < seen && !h->seen.compare_exchange_weak(known, seen)) {
      }
      return h;
    }
  auto h = std::make_shared<SegmentHandle>();
  h->id = segmentId;
  h->seen = seen;
  h->row.sessionId = sessionId_;
  handles_.push_back(h);
  return h;
}

bool SegmentEditor::label(int categoryIndex) {
  const LabelSchemeInfo* s = scheme();
  if (!s || categoryIndex < 0 || categoryIndex >= s->categories.size() || sessionId_ <= 0) return false;
  const LabelCategoryInfo& category = s->categories[categoryIndex];
  if (hasRange()) {
    auto h = std::make_shared<SegmentHandle>();
    h->row.sessionId = sessionId_;
    h->row.schemeId = s->id;
    h->row.categoryId = category.id;
    h->row.start = in_;
    h->row.end = out_;
    handles_.push_back(h);
    undo_.push(new CreateSegment(project_, annotator_, h, tr("Label %1").arg(category.name)));
    clearMarks();
    return true;
  }
  if (selected_ <= 0) return false;
  undo_.push(new UpdateSegment(project_, annotator_, handleFor(selected_), tr("Relabel as %1").arg(category.name),
                               [id = category.id](store::Segment& row) { row.categoryId = id; }));
  return true;
}

bool SegmentEditor::moveEdge(bool start, double seconds) {
  const auto shown = shown_.find(selected_);
  if (selected_ <= 0 || shown == shown_.end()) return false;
  if (start ? seconds >= shown->second.end : seconds <= shown->second.start) return false;
  undo_.push(new UpdateSegment(project_, annotator_, handleFor(selected_), start ? tr("Move Start") : tr("Move End"),
                               [start, seconds](store::Segment& s) {
                                 (start ? s.start : s.end) = seconds;
                                 s.startFrame = s.endFrame = -1;  // the store computes them again
                               }));
  return true;
}

bool SegmentEditor::splitAt(double seconds) {
  const auto shown = shown_.find(selected_);
  if (selected_ <= 0 || shown == shown_.end() || seconds <= shown->second.start || seconds >= shown->second.end)
    return false;
  auto tail = std::make_shared<SegmentHandle>();
  tail->row.sessionId = sessionId_;
  handles_.push_back(tail);
  undo_.push(new SplitSegment(project_, annotator_, handleFor(selected_), tail, seconds, tr("Split Segment")));
  return true;
}

bool SegmentEditor::mergeWithNext() {
  const auto selected = shown_.find(selected_);
  if (selected_ <= 0 || selected == shown_.end()) return false;
  qint64 next = 0;
  double nextStart = 0;
  for (const auto& [id, s] : shown_)
    if (id != selected_ && s.tier == selected->second.tier && s.start >= selected->second.start &&
        (next == 0 || s.start < nextStart))
      next = id, nextStart = s.start;
  if (next == 0) return false;
  undo_.push(new MergeWithNext(project_, annotator_, handleFor(selected_), handleFor(next), tr("Merge with Next")));
  return true;
}

bool SegmentEditor::labelRange(double start, double end, const QString& name) {
  const LabelSchemeInfo* s = scheme();
  if (!s || !(end > start)) return false;
  for (int i = 0; i < s->categories.size(); ++i)
    if (s->categories[i].name == name) {
      in_ = start;
      out_ = end;
      return label(i);
    }
  return false;
}

bool SegmentEditor::deleteSelected() {
  if (selected_ <= 0 || sessionId_ <= 0) return false;
  undo_.push(new DeleteSegment(project_, annotator_, handleFor(selected_), tr("Delete Segment")));
  select(0);
  return true;
}

}  // namespace stf2m::ui
