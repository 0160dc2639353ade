#include "ui/segment_editor.h"

#include <QUndoCommand>

#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "common/error.h"
#include "store/project.h"
#include "ui/project_controller.h"

namespace stf2m::ui {

// One segment across its lives: `id` is its current row (written on the pool thread, read on the
// GUI thread only after the write's reload), `row` what it holds, used on the pool thread only.
struct SegmentHandle {
  std::atomic<qint64> id{0};
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
    write([actor = actor_.toStdString()](store::Project& p, SegmentHandle& h) {
      h.row.annotatorId = p.annotatorId(actor, true);
      h.id = p.addSegment(h.row);
    });
  }
  void undo() override {
    write([](store::Project& p, SegmentHandle& h) { p.deleteSegment(h.id); });
  }
};

class DeleteSegment : public SegmentCommand {
 public:
  using SegmentCommand::SegmentCommand;
  void redo() override {
    write([](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      p.deleteSegment(h.id);
    });
  }
  void undo() override {
    write([](store::Project& p, SegmentHandle& h) { h.id = p.addSegment(h.row); });
  }
};

class RelabelSegment : public SegmentCommand {
 public:
  RelabelSegment(ProjectController* project, QString actor, std::shared_ptr<SegmentHandle> handle, const QString& text,
                 qint64 category)
      : SegmentCommand(project, std::move(actor), std::move(handle), text), category_(category) {}
  void redo() override { relabel(true); }
  void undo() override { relabel(false); }

 private:
  void relabel(bool forward) {
    auto previous = previous_;
    write([forward, previous, category = category_](store::Project& p, SegmentHandle& h) {
      h.row = storedRow(p, h);
      if (forward) *previous = h.row.categoryId;
      h.row.categoryId = forward ? category : *previous;
      p.updateSegment(h.row);
    });
  }
  qint64 category_;
  std::shared_ptr<qint64> previous_ = std::make_shared<qint64>(0);  // written and read on the pool
};

class ActivateModel : public QUndoCommand {
 public:
  ActivateModel(ProjectController* project, QString actor, qint64 subject, qint64 model, qint64 supportSet, qint64 previous,
                bool alreadyActive, const QString& text)
      : QUndoCommand(text), project_(project), actor_(std::move(actor)), subject_(subject), model_(model),
        supportSet_(supportSet), previous_(previous), skipRedo_(alreadyActive) {}
  void redo() override {
    if (std::exchange(skipRedo_, false)) return;
    activate(model_, supportSet_);
  }
  void undo() override { activate(previous_, 0); }

 private:
  void activate(qint64 model, qint64 supportSet) {
    const qint64 subject = subject_;
    project_->edit(
        text(), actor_,
        [subject, model, supportSet](store::Project& p) {
          // The support set an earlier activation of this model named, when this one names none.
          std::optional<int64_t> set = supportSet > 0 ? std::optional<int64_t>(supportSet) : std::nullopt;
          if (!set)
            for (const store::ModelActivation& a : p.modelHistory(subject))
              if (a.modelId == model && a.supportSetId) {
                set = a.supportSetId;
                break;
              }
          p.activateModel(subject, model, set);
        },
        true);
  }
  ProjectController* project_;
  QString actor_;
  qint64 subject_, model_, supportSet_, previous_;
  bool skipRedo_;
};

}  // namespace

void SegmentEditor::activateModel(qint64 subjectId, qint64 modelId, qint64 supportSetId, qint64 previousModelId,
                                  bool alreadyActive) {
  if (alreadyActive && previousModelId <= 0) return;  // nothing to go back to
  undo_.push(new ActivateModel(project_, annotator_, subjectId, modelId, supportSetId, previousModelId, alreadyActive,
                               alreadyActive ? tr("Adapt to Subject") : tr("Make Model Active")));
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
  bool found = false;
  for (const AnnotationTier& t : data.tiers)
    for (const TierSegment& s : t.segments) found = found || s.id == selected_;
  if (!found) select(0);
}

void SegmentEditor::reset() {
  undo_.clear();
  handles_.clear();
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
  for (const auto& h : handles_)
    if (h->id.load() == segmentId) return h;
  auto h = std::make_shared<SegmentHandle>();
  h->id = segmentId;
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
  undo_.push(new RelabelSegment(project_, annotator_, handleFor(selected_), tr("Relabel as %1").arg(category.name),
                                category.id));
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
