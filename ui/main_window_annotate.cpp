// The Annotate menu of the main window: keyboard-first labelling of the shown session through
// the SegmentEditor (in and out marks at the cursor, the scheme's keys, delete, undo and redo),
// the tier clicks that select a segment, the key line under the tiers, the Label Next dock and the
// rule inspector.
#include <QAbstractSpinBox>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>
#include <QTextEdit>

#include <cmath>

#include "ui/annotation_tiers.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/rule_inspector.h"
#include "ui/segment_editor.h"
#include "ui/suggestions_panel.h"
#include "ui/time_axis.h"

namespace stf2m::ui {

namespace {

const char* const kAnnotatorKey = "labelling/annotator";

// The label keys (a letter or digit without Ctrl, Alt or Meta) go to the editor while it has
// something to label, before any shortcut sees them: L labels "helplessness" with a range
// marked, and shuttles forwards without one.
class LabelKeys : public QObject {
 public:
  LabelKeys(QWidget* window, SegmentEditor* editor) : QObject(window), window_(window), editor_(editor) {}

 protected:
  bool eventFilter(QObject*, QEvent* event) override {
    if (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
    if (QApplication::activeWindow() != window_ || typingIntoAField()) return false;
    const int category = editor_->canLabel() ? editor_->categoryForKey(key->text().toUpper()) : -1;
    if (category < 0) return false;
    event->accept();
    if (event->type() == QEvent::KeyPress && !key->isAutoRepeat()) editor_->label(category);
    return true;
  }

 private:
  static bool typingIntoAField() {
    QWidget* w = QApplication::focusWidget();
    if (!w) return false;
    if (auto* combo = qobject_cast<QComboBox*>(w)) return combo->isEditable();
    return qobject_cast<QLineEdit*>(w) || qobject_cast<QTextEdit*>(w) || qobject_cast<QPlainTextEdit*>(w) ||
           qobject_cast<QAbstractSpinBox*>(w);
  }
  QWidget* window_;
  SegmentEditor* editor_;
};

QString defaultAnnotator() {
  for (const char* var : {"STF2M_ACTOR", "USER", "LOGNAME"})
    if (const QString v = qEnvironmentVariable(var); !v.isEmpty()) return v;
  return QStringLiteral("annotator");
}

}  // namespace

void MainWindow::createAnnotateMenu() {
  editor_ = new SegmentEditor(project_, this);
  editor_->setAnnotator(QSettings().value(QLatin1String(kAnnotatorKey), defaultAnnotator()).toString());
  qApp->installEventFilter(new LabelKeys(this, editor_));

  QMenu* menu = menuBar()->addMenu(tr("A&nnotate"));
  menu->setObjectName(QStringLiteral("annotateMenu"));
  QAction* undo = editor_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = editor_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts({QKeySequence::Redo, QKeySequence(QStringLiteral("Ctrl+Shift+Z"))});
  menu->addAction(undo);
  menu->addAction(redo);
  menu->addSeparator();
  auto cursor = [this] { return review_->axis()->cursor(); };
  QAction* in = menu->addAction(tr("Mark &In"), this, [this, cursor] { editor_->markIn(cursor()); });
  in->setShortcut(QKeySequence(Qt::Key_I));
  QAction* out = menu->addAction(tr("Mark &Out"), this, [this, cursor] { editor_->markOut(cursor()); });
  out->setShortcut(QKeySequence(Qt::Key_O));
  QAction* clear = menu->addAction(tr("&Clear Marks and Selection"), this, [this] {
    editor_->clearMarks();
    editor_->select(0);
  });
  clear->setShortcut(QKeySequence(Qt::Key_Escape));
  QAction* remove = menu->addAction(tr("&Delete Segment"), this, [this] { editor_->deleteSelected(); });
  remove->setShortcut(QKeySequence::Delete);
  QAction* startHere = menu->addAction(tr("Move Segment &Start to Cursor"), this, [this, cursor] { editor_->moveEdge(true, cursor()); });
  startHere->setShortcut(QKeySequence(QStringLiteral("Shift+I")));
  QAction* endHere = menu->addAction(tr("Move Segment &End to Cursor"), this, [this, cursor] { editor_->moveEdge(false, cursor()); });
  endHere->setShortcut(QKeySequence(QStringLiteral("Shift+O")));
  QAction* split = menu->addAction(tr("S&plit Segment at Cursor"), this, [this, cursor] { editor_->splitAt(cursor()); });
  split->setShortcut(QKeySequence(QStringLiteral("Ctrl+B")));
  QAction* merge = menu->addAction(tr("&Merge with Next Segment"), this, [this] { editor_->mergeWithNext(); });
  merge->setShortcut(QKeySequence(QStringLiteral("Ctrl+M")));
  menu->addSeparator();
  menu->addAction(tr("Label with the scheme's keys (shown under the tiers)"))->setEnabled(false);
  menu->addSeparator();
  paintMenu_ = menu->addMenu(tr("Paint &Trace"));
  paintMenu_->setObjectName(QStringLiteral("paintTraceMenu"));
  paintMenu_->setToolTipsVisible(true);

  AnnotationTiers* tiers = review_->tiers();
  connect(editor_, &SegmentEditor::marksChanged, this, [this, tiers] {
    tiers->setMarks(editor_->markedIn(), editor_->markedOut());
    if (editor_->hasRange())
      statusBar()->showMessage(tr("%1–%2 s marked: press a label key").arg(editor_->markedIn(), 0, 'f', 2)
                                   .arg(editor_->markedOut(), 0, 'f', 2), 8000);
  });
  connect(editor_, &SegmentEditor::selectionChanged, tiers, &AnnotationTiers::setSelected);
  connect(tiers, &AnnotationTiers::rangeDragged, this, [this](double from, double to) {
    editor_->markIn(from);
    editor_->markOut(to);
  });
  connect(tiers, &AnnotationTiers::tracePainted, this,
          [this, tiers](qint64 traceId, qint64 dimensionId, const QVector<QPointF>& stroke) {
            const TraceDimensionInfo& d = tiers->paintDimension();
            if (d.id == dimensionId) editor_->paintTrace(traceId, dimensionId, stroke, d.min, d.max, d.name);
          });
  connect(tiers, &AnnotationTiers::clicked, this, [this, tiers](int tier, double seconds) {
    const QVector<AnnotationTier> all = tiers->tiers();
    const int segment = tiers->segmentAt(tier, seconds);
    const bool mine = tier >= 0 && tier < all.size() && all[tier].kind == AnnotationTier::Kind::Segments &&
                      all[tier].annotator == editor_->annotator();
    editor_->select(mine && segment >= 0 ? all[tier].segments[segment].id : 0);
  });
  connect(project_, &ProjectController::opened, editor_, &SegmentEditor::reset);
  // On a team server segments, traces and support sets are the login's (row-level rights), so the
  // Studio annotates as the login there; on a file, as the name in Preferences.
  connect(project_, &ProjectController::opened, this, [this](const ProjectOverview& overview) {
    editor_->setAnnotator(overview.serverLogin.isEmpty()
                              ? QSettings().value(QLatin1String(kAnnotatorKey), defaultAnnotator()).toString()
                              : overview.serverLogin);
  });
  connect(project_, &ProjectController::closed, editor_, &SegmentEditor::reset);

  // What to label next, beside the jobs.
  suggestions_ = new SuggestionsPanel(this);
  suggestionsDock_ = addDock(tr("Label Next"), QStringLiteral("suggestionsDock"), suggestions_, Qt::RightDockWidgetArea, jobsDock_);
  connect(suggestions_, &SuggestionsPanel::seekRequested, review_->axis(), &TimeAxis::requestSeek);
  connect(suggestions_, &SuggestionsPanel::acceptRequested, this, [this](const SuggestionEntry& s) {
    if (!editor_->labelRange(s.start, s.end, s.predicted))
      showWarning(tr("Cannot Accept"), tr("The label scheme has no category “%1”.").arg(s.predicted), {});
  });
  connect(project_, &ProjectController::suggestionsLoaded, this, [this](qint64 sessionId, const QVector<SuggestionEntry>& list) {
    if (sessionId == shown_.entry.id) suggestions_->showSuggestions(list);
  });
  connect(project_, &ProjectController::closed, suggestions_, &SuggestionsPanel::clear);

  // The rule inspector: the view under the cursor, explained.
  rules_ = new RuleInspector(this);
  addDock(tr("Rules"), QStringLiteral("rulesDock"), rules_, Qt::RightDockWidgetArea, suggestionsDock_);
  infoDock_->raise();
  connect(review_->axis(), &TimeAxis::cursorChanged, rules_, [this] { rules_->showTime(review_->axis()->cursor()); });
  connect(project_, &ProjectController::ruleShapesLoaded, rules_, &RuleInspector::setRuleShapes);
  connect(project_, &ProjectController::closed, rules_, &RuleInspector::clear);
}

void MainWindow::setPaintDimension(qint64 dimensionId) {
  const qint64 before = review_->tiers()->paintDimension().id;
  TraceDimensionInfo chosen;
  for (const TraceDimensionInfo& d : shown_.dimensions)
    if (d.id == dimensionId) chosen = d;
  paintDimension_ = chosen.id;
  review_->tiers()->setPaintTarget(editor_->annotator(), chosen);
  for (QAction* a : paintMenu_->actions()) a->setChecked(a->data().toLongLong() == paintDimension_);
  if (chosen.id != 0 && chosen.id != before)
    statusBar()->showMessage(tr("Drag on the tier “%1 · %2” to paint %2: up is %3, down is %4. Undo takes a stroke back.")
                                 .arg(editor_->annotator(), chosen.name).arg(chosen.max).arg(chosen.min), 10000);
}

// The Paint Trace menu: off, or one of the project's continuous dimensions.
void MainWindow::updatePaintMenu(const SessionData& data) {
  paintMenu_->clear();
  auto* group = new QActionGroup(paintMenu_);
  auto add = [this, group](const QString& text, qint64 id) {
    QAction* a = paintMenu_->addAction(text, this, [this, id] { setPaintDimension(id); });
    a->setCheckable(true);
    a->setData(id);
    group->addAction(a);
    return a;
  };
  add(tr("Off"), 0)->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+0")));
  int n = 0;
  for (const TraceDimensionInfo& d : data.dimensions) {
    QAction* a = add(QStringLiteral("%1 · %2").arg(d.scheme, d.name), d.id);
    a->setToolTip(tr("Drag on your %1 tier; %2 to %3").arg(d.name).arg(d.min).arg(d.max));
    if (++n <= 9) a->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+%1").arg(n)));
  }
  paintMenu_->setEnabled(!data.dimensions.isEmpty());
  setPaintDimension(paintDimension_);
}

// After each load of the shown session: the editor follows it and the key line names the keys.
void MainWindow::updateLabelling(const SessionData& data) {
  editor_->setSession(data);
  updatePaintMenu(data);
  project_->loadSuggestions(data.entry.id, data.review.modelId, 20);
  rules_->setReview(data.review);
  if (data.review.modelId > 0 && rules_->shapesModel() != data.review.modelId) project_->loadRuleShapes(data.review.modelId);
  rules_->showTime(review_->axis()->cursor());
  QStringList keys;
  if (const LabelSchemeInfo* scheme = editor_->scheme())
    for (int i = 0; i < scheme->categories.size(); ++i) {
      const LabelCategoryInfo& c = scheme->categories[i];
      const QString key = !c.hotkey.isEmpty() ? c.hotkey : i < 10 ? QString::number((i + 1) % 10) : QString();
      if (!key.isEmpty()) keys << QStringLiteral("%1 %2").arg(key, c.name);
    }
  review_->tiers()->setKeyLegend(keys.isEmpty() ? QString()
                                                : tr("I / O mark in and out, then a key labels (%1): %2")
                                                      .arg(editor_->annotator(), keys.join(QStringLiteral(" · "))));
}

}  // namespace stf2m::ui
