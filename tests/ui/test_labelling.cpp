// Keyboard-first labelling in the real main window (offscreen): I and O at the cursor and a
// label key make a segment in the store, by the annotator the settings name (the audit log says
// so); undo and redo reach the store; a click on the annotator's own tier selects a segment, a
// key relabels it and Delete removes it, each undoable; keys without marks or a selection label
// nothing; the key line under the tiers names the scheme's keys. Then the session is analysed and
// its unlabelled window accepted from Label Next, its labels saved as a support set (undone and
// redone), then it is adapted to from the Subject panel with that set, the previous model's curves
// drawn beside the adapted one's, and the adaptation is undone and redone. A trace is painted. An
// edit of a segment another annotator changed meanwhile is refused with their name and reloaded.
#include <QComboBox>
#include <QInputDialog>
#include <QMenu>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <cmath>

#include "common/statistics_choice.h"
#include "store/project.h"
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>

#include "ui/agreement_panel.h"
#include "ui/analysis_jobs.h"
#include "ui/emotion_curves.h"
#include "ui/annotation_tiers.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/rule_inspector.h"
#include "ui/segment_editor.h"
#include "ui/subject_panel.h"
#include "ui/suggestions_panel.h"
#include "ui/time_axis.h"
#include "ui_test_support.h"

using namespace stf2m;
using namespace stf2m::ui;

class TestLabelling : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString project_;
  qint64 session_ = 0;

  std::vector<store::Segment> stored() const {
    return store::Project::open(project_.toStdString(), "test").segments(session_);
  }
  QString categoryOf(const store::Segment& s) const {
    for (const store::Category& c : store::Project::open(project_.toStdString(), "test").scheme("emotion").categories)
      if (c.id == s.categoryId) return QString::fromStdString(c.name);
    return {};
  }
  // The window shown and active, with the project open and the session on screen.
  bool showSession(MainWindow& window) const {
    window.resize(1200, 900);
    window.show();
    if (!QTest::qWaitForWindowActive(&window)) return false;
    QSignalSpy shown(&window, &MainWindow::sessionShown);
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.openProject(project_);
    if (!opened.wait(10000)) return false;
    window.showSession(session_);
    return shown.wait(10000);
  }
  static void seek(MainWindow& window, double seconds) {
    window.reviewPanel()->axis()->requestSeek(seconds);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(window.reviewPanel()->axis()->cursor() - seconds) < 0.05, 10000);
  }

 private Q_SLOTS:
  void initTestCase() {
    STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
    QVERIFY(tmp_.isValid());
    project_ = tmp_.filePath(QStringLiteral("labels.stf2m"));
    store::Project p = store::Project::create(project_.toStdString(), "Labelling", "test");
    session_ = p.addSessionWithMedia(p.addSubject("P01"), "s1",
                                     {{test::fixturePath("h264_aac.mp4").toStdString(), 0.0}});
    QSettings().setValue(QStringLiteral("labelling/annotator"), QStringLiteral("dana"));
  }

  void keysLabelUndoAndRedo() {
    MainWindow window;
    QVERIFY(showSession(window));
    QTRY_VERIFY_WITH_TIMEOUT(window.mediaController()->isOpen(), 10000);
    AnnotationTiers* tiers = window.reviewPanel()->tiers();
    QVERIFY2(tiers->keyLegend().contains(QLatin1String("H happiness")), qPrintable(tiers->keyLegend()));

    // A key with nothing marked or selected labels nothing.
    QTest::keyClick(&window, Qt::Key_H);
    seek(window, 1.0);
    QTest::keyClick(&window, Qt::Key_I);
    seek(window, 2.5);
    QTest::keyClick(&window, Qt::Key_O);
    SegmentEditor* editor = window.segmentEditor();
    QVERIFY(editor->hasRange());
    QTest::keyClick(&window, Qt::Key_H);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(1), 10000);
    store::Segment s = stored().front();
    QVERIFY2(std::abs(s.start - 1.0) < 0.05 && std::abs(s.end - 2.5) < 0.05, qPrintable(QString::number(s.start)));
    QCOMPARE(categoryOf(s), QStringLiteral("happiness"));
    QVERIFY(!editor->hasRange());
    QTRY_COMPARE_WITH_TIMEOUT(tiers->tiers().size(), qsizetype(1), 10000);  // "dana · emotion"
    QCOMPARE(tiers->tiers().front().name, QStringLiteral("dana · emotion"));

    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(0), 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(1), 10000);
    s = stored().front();
    QCOMPARE(categoryOf(s), QStringLiteral("happiness"));

    // Select by a click on the segment in the annotator's tier, relabel with N, undo.
    // The tier shows the stored segment (its id, after undo and redo) before it is clicked.
    QTRY_VERIFY_WITH_TIMEOUT(!tiers->tiers().isEmpty() && tiers->tiers().front().segments.size() == 1 &&
                                 tiers->tiers().front().segments.front().id == s.id,
                             10000);
    const double left = TimeGutters::kLeft, right = tiers->width() - TimeGutters::kRight;
    const QPoint onSegment(int(window.reviewPanel()->axis()->xAt(1.75, left, right)), 4 + 13);
    QTest::mouseClick(tiers, Qt::LeftButton, {}, onSegment);
    QTRY_COMPARE_WITH_TIMEOUT(editor->selected(), qint64(s.id), 5000);
    QTest::keyClick(&window, Qt::Key_N);
    QTRY_COMPARE_WITH_TIMEOUT(categoryOf(stored().front()), QStringLiteral("neutral"), 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(categoryOf(stored().front()), QStringLiteral("happiness"), 10000);

    // Delete, and undo brings it back with the same times and label (under a new id).
    QTest::keyClick(&window, Qt::Key_Delete);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(0), 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(1), 10000);
    const store::Segment back = stored().front();
    QVERIFY(back.id != s.id);
    QCOMPARE(back.start, s.start);
    QCOMPARE(back.end, s.end);
    QCOMPARE(categoryOf(back), QStringLiteral("happiness"));

    // L shuttles forwards (Playback), but with a range marked it is helplessness's key.
    seek(window, 3.0);
    QTest::keyClick(&window, Qt::Key_I);
    seek(window, 3.5);
    QTest::keyClick(&window, Qt::Key_O);
    QTest::keyClick(&window, Qt::Key_L);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(2), 10000);
    QCOMPARE(categoryOf(stored().back()), QStringLiteral("helplessness"));

    // Shift+drag across the tiers marks the range a key then labels.
    {
      const QPointF from(window.reviewPanel()->axis()->xAt(3.6, left, right), 10), to(window.reviewPanel()->axis()->xAt(3.9, left, right), 10);
      QMouseEvent press(QEvent::MouseButtonPress, from, tiers->mapToGlobal(from), Qt::LeftButton, Qt::LeftButton, Qt::ShiftModifier);
      QMouseEvent move(QEvent::MouseMove, to, tiers->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
      QMouseEvent release(QEvent::MouseButtonRelease, to, tiers->mapToGlobal(to), Qt::LeftButton, Qt::NoButton, Qt::ShiftModifier);
      QApplication::sendEvent(tiers, &press);
      QApplication::sendEvent(tiers, &move);
      QApplication::sendEvent(tiers, &release);
    }
    QVERIFY(editor->hasRange());
    QVERIFY2(std::abs(editor->markedIn() - 3.6) < 0.05 && std::abs(editor->markedOut() - 3.9) < 0.05,
             qPrintable(QStringLiteral("%1-%2").arg(editor->markedIn()).arg(editor->markedOut())));
    QTest::keyClick(&window, Qt::Key_S);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(3), 10000);
    QCOMPARE(categoryOf(stored().back()), QStringLiteral("sadness"));
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(2), 10000);

    // Every change was made by dana.
    const std::vector<store::AuditEntry> audit =
        store::Project::open(project_.toStdString(), "test").audit(50, "segment");
    QVERIFY(audit.size() >= 7);
    for (const store::AuditEntry& e : audit) QCOMPARE(QString::fromStdString(e.actor), QStringLiteral("dana"));

    // Another annotator relabels the first segment while it is on screen: dana's next edit of it
    // is refused with their name (nothing of it stored), the session reloads with their label, and
    // the same key then goes through.
    store::Segment first = stored().front();
    {
      store::Project other = store::Project::open(project_.toStdString(), "erik");
      first.categoryId = other.scheme("emotion").categories.at(0).id;  // anger
      other.updateSegment(first);
    }
    QSignalSpy refused(&window, &MainWindow::errorShown);
    QTest::mouseClick(tiers, Qt::LeftButton, {}, onSegment);
    QTRY_COMPARE_WITH_TIMEOUT(editor->selected(), qint64(first.id), 5000);
    QTest::keyClick(&window, Qt::Key_N);
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), qsizetype(1), 10000);
    const QString said = refused.front().at(1).toString();
    QVERIFY2(said.contains(QLatin1String("changed by erik")), qPrintable(said));
    QCOMPARE(categoryOf(stored().front()), QStringLiteral("anger"));
    QTRY_COMPARE_WITH_TIMEOUT(tiers->tiers().front().segments.front().label, QStringLiteral("anger"), 10000);
    if (window.errorBox()) window.errorBox()->close();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::mouseClick(tiers, Qt::LeftButton, {}, onSegment);
    QTRY_COMPARE_WITH_TIMEOUT(editor->selected(), qint64(first.id), 5000);
    QTest::keyClick(&window, Qt::Key_H);
    QTRY_COMPARE_WITH_TIMEOUT(categoryOf(stored().front()), QStringLiteral("happiness"), 10000);
  }

  // The selected segment splits at the cursor (Ctrl+B), merges with the next (Ctrl+M) and has its
  // start moved to the cursor (Shift+I); each is one undo step in the store.
  void splitMergeAndMoveEdges() {
    MainWindow window;
    QVERIFY(showSession(window));
    SegmentEditor* editor = window.segmentEditor();
    AnnotationTiers* tiers = window.reviewPanel()->tiers();
    const std::vector<store::Segment> start = stored();
    QCOMPARE(start.size(), size_t(2));
    const store::Segment happy = start.front();
    QTRY_VERIFY_WITH_TIMEOUT(!tiers->tiers().isEmpty(), 10000);
    const double left = TimeGutters::kLeft, right = tiers->width() - TimeGutters::kRight;
    QTest::mouseClick(tiers, Qt::LeftButton, {}, QPoint(int(window.reviewPanel()->axis()->xAt(1.75, left, right)), 4 + 13));
    QTRY_COMPARE_WITH_TIMEOUT(editor->selected(), qint64(happy.id), 5000);

    seek(window, 1.5);
    QTest::keyClick(&window, Qt::Key_B, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(3), 10000);
    std::vector<store::Segment> now = stored();
    QCOMPARE(now[0].id, happy.id);
    QVERIFY(std::abs(now[0].end - 1.5) < 0.05 && std::abs(now[1].start - 1.5) < 0.05 && now[1].end == happy.end);
    QCOMPARE(categoryOf(now[1]), QStringLiteral("happiness"));
    // What the user sees before the next key: both halves on the tier.
    QTRY_COMPARE_WITH_TIMEOUT(tiers->tiers().front().segments.size(), qsizetype(3), 10000);

    QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(2), 10000);
    QCOMPARE(stored().front().end, happy.end);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);  // the merge undone: split again
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(3), 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);  // the split undone
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(2), 10000);
    QCOMPARE(stored().front().start, happy.start);
    QCOMPARE(stored().front().end, happy.end);

    QTRY_COMPARE_WITH_TIMEOUT(tiers->tiers().front().segments.size(), qsizetype(2), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(editor->selected(), qint64(happy.id), 5000);
    seek(window, 1.2);
    QTest::keyClick(&window, Qt::Key_I, Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(stored().front().start - 1.2) < 0.05, 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(stored().front().start, happy.start, 10000);
  }

  // Annotate ▸ Paint Trace ▸ valence, then a drag on the annotator's (still empty) valence row
  // stores a trace at 25 Hz that follows the pointer from +1 down to -1 over 2 s; undo removes it, redo
  // brings the same samples back; a second stroke later in time grows it and its undo restores
  // the first exactly; after the history is reset (a project opened afresh) a stroke paints over
  // the stored trace instead of adding another. With painting off, a drag on the tiers paints
  // nothing.
  void paintsATraceAndUndoes() {
    MainWindow window;
    QVERIFY(showSession(window));
    AnnotationTiers* tiers = window.reviewPanel()->tiers();
    QVERIFY(window.reviewPanel()->axis()->duration() >= 3.9);
    auto* paintMenu = window.findChild<QMenu*>(QStringLiteral("paintTraceMenu"));
    QVERIFY(paintMenu);
    QAction* valence = nullptr;
    for (QAction* a : paintMenu->actions())
      if (a->text().endsWith(QLatin1String("valence"))) valence = a;
    QVERIFY(valence);
    valence->trigger();
    QCOMPARE(tiers->paintDimension().name, QStringLiteral("valence"));
    QVERIFY(tiers->paintRow() >= 0);
    QCOMPARE(tiers->tiers().at(tiers->paintRow()).name, QStringLiteral("dana · valence"));

    // Another rater's valence over the same stretch, for the agreement of traces.
    {
      store::Project p = store::Project::open(project_.toStdString(), "test");
      store::Trace bob;
      bob.sessionId = session_, bob.dimensionId = tiers->paintDimension().id, bob.annotatorId = p.annotatorId("bob", true);
      bob.sampleRate = 10, bob.start = 0.5;
      for (int i = 0; i <= 20; ++i) bob.values.push_back(float(0.9 - 0.09 * i));
      p.addTrace(bob);
    }
    auto traces = [this] {
      std::vector<store::Trace> mine;
      for (store::Trace& t : store::Project::open(project_.toStdString(), "test").traces(session_))
        if (t.sampleRate == 25.0) mine.push_back(std::move(t));
      return mine;
    };
    auto drag = [&](double t0, double v0, double t1, double v1) {
      const QRectF band = tiers->rowRect(tiers->paintRow());
      const double left = TimeGutters::kLeft, right = tiers->width() - TimeGutters::kRight;
      auto at = [&](double t, double v) {
        return QPointF(window.reviewPanel()->axis()->xAt(t, left, right), band.bottom() - (v + 1) / 2 * band.height());
      };
      auto send = [&](QEvent::Type type, QPointF p, Qt::MouseButton button, Qt::MouseButtons buttons) {
        QMouseEvent e(type, p, tiers->mapToGlobal(p), button, buttons, Qt::NoModifier);
        QApplication::sendEvent(tiers, &e);
      };
      send(QEvent::MouseButtonPress, at(t0, v0), Qt::LeftButton, Qt::LeftButton);
      for (int k = 1; k < 10; ++k)
        send(QEvent::MouseMove, at(t0 + (t1 - t0) * k / 10, v0 + (v1 - v0) * k / 10), Qt::NoButton, Qt::LeftButton);
      send(QEvent::MouseButtonRelease, at(t1, v1), Qt::LeftButton, Qt::NoButton);
    };
    drag(0.5, 1.0, 2.5, -1.0);
    QTRY_COMPARE_WITH_TIMEOUT(traces().size(), size_t(1), 10000);
    const store::Trace first = traces().front();
    QCOMPARE(first.sampleRate, 25.0);
    QVERIFY2(std::abs(first.start - 0.5) < 0.1 && std::abs(first.values.size() / 25.0 - 2.0) < 0.15,
             qPrintable(QStringLiteral("%1 s, %2 samples").arg(first.start).arg(first.values.size())));
    QVERIFY2(first.values.front() > 0.9f && first.values.back() < -0.9f, qPrintable(QString::number(first.values.back())));
    for (size_t i = 1; i < first.values.size(); ++i) QVERIFY(first.values[i] <= first.values[i - 1] + 1e-6f);
    const std::vector<store::AuditEntry> audit = store::Project::open(project_.toStdString(), "test").audit(1, "trace");
    QCOMPARE(QString::fromStdString(audit.at(0).actor), QStringLiteral("dana"));
    QTRY_VERIFY_WITH_TIMEOUT(tiers->tiers().at(tiers->paintRow()).traceId == first.id, 10000);
    // The Agreement dock compares the two raters' valence: Lin's CCC of two falling lines.
    auto valenceAgreement = [&]() -> const AgreementEntry* {
      for (const AgreementEntry& e : window.agreementPanel()->entries())
        if (e.continuous && e.scheme == QLatin1String("affect/valence") && e.scope.startsWith(QLatin1String("session"))) return &e;
      return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(valenceAgreement() != nullptr, 10000);
    QCOMPARE(valenceAgreement()->pairs.size(), qsizetype(1));
    QVERIFY2(valenceAgreement()->pairs[0].value > 0.8, qPrintable(QString::number(valenceAgreement()->pairs[0].value)));
    QVERIFY(!std::isnan(valenceAgreement()->icc));

    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(traces().size(), size_t(0), 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(traces().size(), size_t(1), 10000);
    QCOMPARE(traces().front().values, first.values);
    const qint64 again = traces().front().id;
    QTRY_VERIFY_WITH_TIMEOUT(tiers->tiers().at(tiers->paintRow()).traceId == again, 10000);

    drag(3.0, 0.0, 3.5, 0.0);
    QTRY_VERIFY_WITH_TIMEOUT(!traces().empty() && traces().front().values.size() > first.values.size() + 20, 10000);
    const store::Trace grown = traces().front();
    QCOMPARE(grown.id, again);
    QCOMPARE(grown.start, first.start);
    const size_t bridge = first.values.size() + 6;  // between the strokes (2.5 to 3.0 s)
    QVERIFY(grown.values[bridge] > first.values.back() && grown.values[bridge] < 0.0f);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(traces().front().values.size(), first.values.size(), 10000);
    QCOMPARE(traces().front().values, first.values);
    // A trace stored before this history began (the project opened afresh) is painted over, not
    // duplicated.
    window.segmentEditor()->reset();
    {
      QSignalSpy shown(&window, &MainWindow::sessionShown);
      window.showSession(session_);
      QVERIFY(shown.wait(10000));
    }
    drag(1.0, 0.0, 1.5, 0.0);
    QTRY_VERIFY_WITH_TIMEOUT(traces().size() == 1 && traces().front().values != first.values, 10000);
    QCOMPARE(traces().front().id, again);
    QCOMPARE(traces().front().values.size(), first.values.size());
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(traces().front().values == first.values, 10000);

    // Painting off: the same drag pans and stores nothing.
    for (QAction* a : paintMenu->actions())
      if (a->data().toLongLong() == 0) a->trigger();
    QCOMPARE(tiers->paintRow(), -1);
    const int rows = int(tiers->tiers().size());
    QCOMPARE(tiers->tiers().back().name, QStringLiteral("dana · valence"));  // the stored trace stays shown
    QVERIFY(rows >= 2);
    QTest::qWait(200);
    QCOMPARE(traces().front().values, first.values);
    store::Project p = store::Project::open(project_.toStdString(), "test");  // as the next test expects
    for (const store::Trace& t : p.traces(session_)) p.deleteTrace(t.id);
  }

  // The session analysed with the shipped model, two more segments labelled, then Adapt to
  // Subject in the Subject panel: the job makes the adapted model active and the review shows it;
  // undo makes the shipped model active again (its predictions untouched), redo the adapted one.
  void adaptInTheStudioAndUndo() {
    MainWindow window;
    QVERIFY(showSession(window));
    QSignalSpy finished(window.analysisJobs(), &AnalysisJobs::jobFinished);
    window.analyseCurrentSession();
    QVERIFY(finished.wait(120000));
    const qint64 shipped = finished.takeFirst().at(2).toLongLong();
    std::vector<store::Prediction> before;
    {
      store::Project p = store::Project::open(project_.toStdString(), "dana");
      before = p.predictions(session_, shipped);
      QVERIFY(!before.empty());
      // Two classes in the subject's labels: the first test left happiness and helplessness.
      QCOMPARE(p.segments(session_).size(), size_t(2));
    }
    QTRY_COMPARE_WITH_TIMEOUT(window.reviewPanel()->shownModel(), shipped, 10000);

    // Agreement: dana against the shown model, for the session and for the subject.
    AgreementPanel* agreement = window.agreementPanel();
    QTRY_COMPARE_WITH_TIMEOUT(agreement->entries().size(), qsizetype(2), 10000);
    for (const AgreementEntry& e : agreement->entries()) {
      QCOMPARE(e.pairs.size(), qsizetype(1));
      QVERIFY(e.pairs[0].involvesModel);
      QVERIFY2(e.pairs[0].raterA == QLatin1String("dana") && e.pairs[0].raterB.startsWith(QLatin1String("model:")),
               qPrintable(e.pairs[0].raterB));
      QVERIFY(e.pairs[0].frames > 0);
    }
    QVERIFY(agreement->entries()[0].scope.startsWith(QLatin1String("session")));
    QCOMPARE(agreement->entries()[1].scope, QStringLiteral("subject P01"));

    // Label Next lists the unlabelled window; choosing it moves the cursor there, accepting it
    // stores dana's segment with the predicted label, and the list no longer offers it.
    SuggestionsPanel* next = window.suggestionsPanel();
    QTRY_VERIFY_WITH_TIMEOUT(!next->suggestions().isEmpty(), 10000);
    const SuggestionEntry first = next->suggestions().front();
    auto* list = next->findChild<QTreeWidget*>(QStringLiteral("suggestionList"));
    list->setCurrentItem(list->topLevelItem(0));
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(window.reviewPanel()->axis()->cursor() - first.start) < 0.05, 10000);
    // The rule inspector explains the window there: its three strongest rules, from the stored
    // firing strengths and the model's membership functions.
    RuleInspector* rules = window.ruleInspector();
    QTRY_COMPARE_WITH_TIMEOUT(rules->shapesModel(), shipped, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(rules->topRules().size(), qsizetype(3), 10000);
    QCOMPARE(rules->shownWindow(), window.reviewPanel()->review().windowNearest(first.start));
    QTest::mouseClick(next->findChild<QPushButton*>(QStringLiteral("acceptSuggestion")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), size_t(3), 10000);
    bool accepted = false;
    for (const store::Segment& seg : stored())
      accepted = accepted || (seg.start == first.start && seg.end == first.end && categoryOf(seg) == first.predicted);
    QVERIFY2(accepted, qPrintable(first.predicted));
    QTRY_VERIFY_WITH_TIMEOUT(next->suggestions().isEmpty() || next->suggestions().front().start != first.start, 10000);

    SubjectPanel* panel = window.subjectPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->subject().code == QLatin1String("P01"), 10000);
    auto* adapt = panel->findChild<QPushButton*>(QStringLiteral("adaptButton"));
    QVERIFY(adapt && adapt->isEnabled());
    // The ticks choose the support set: none ticked, nothing to adapt to; all ticked again.
    QTRY_COMPARE_WITH_TIMEOUT(panel->chosenSegments().size(), qsizetype(3), 10000);
    auto* segments = panel->findChild<QTreeWidget*>(QStringLiteral("labelledSegments"));
    auto tickAll = [&](Qt::CheckState state) {
      for (int i = 0; i < segments->topLevelItemCount(); ++i)
        for (int k = 0; k < segments->topLevelItem(i)->childCount(); ++k) segments->topLevelItem(i)->child(k)->setCheckState(0, state);
    };
    tickAll(Qt::Unchecked);
    QVERIFY(panel->chosenSegments().isEmpty() && !adapt->isEnabled());
    tickAll(Qt::Checked);
    QCOMPARE(panel->chosenSegments().size(), qsizetype(3));
    QVERIFY(adapt->isEnabled());
    // Ctrl+K takes the segment selected on the tier out of the set, and puts it back.
    const qint64 happy = stored().front().id;
    window.segmentEditor()->select(happy);
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(panel->chosenSegments().size(), qsizetype(2));
    QVERIFY(!panel->isTicked(happy));
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QVERIFY(panel->isTicked(happy));
    window.segmentEditor()->select(0);

    // The ticks saved as a named support set: one undo step each way; adapting reuses it.
    auto storedSets = [this] {
      const store::Project p = store::Project::open(project_.toStdString(), "test");
      return p.supportSets(p.subjectByCode("P01").id);
    };
    QCOMPARE(storedSets().size(), size_t(0));
    auto saveSet = panel->findChild<QPushButton*>(QStringLiteral("saveSupportSet"));
    QVERIFY(saveSet->isEnabled());
    QTest::mouseClick(saveSet, Qt::LeftButton);
    QInputDialog* name = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((name = panel->findChild<QInputDialog*>(QStringLiteral("supportSetName"))) != nullptr, 5000);
    name->setTextValue(QStringLiteral("first three"));
    name->accept();
    QTRY_COMPARE_WITH_TIMEOUT(storedSets().size(), size_t(1), 10000);
    QCOMPARE(storedSets().front().name, std::string("first three"));
    QCOMPARE(storedSets().front().segmentIds.size(), size_t(3));
    QTRY_VERIFY_WITH_TIMEOUT(panel->chosenSupportSet() == storedSets().front().id, 10000);
    QVERIFY(!saveSet->isEnabled());  // the ticks are that set
    window.activateWindow();  // back from the dialog
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(storedSets().size(), size_t(0), 10000);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(storedSets().size(), size_t(1), 10000);
    const qint64 savedSet = storedSets().front().id;
    QTRY_COMPARE_WITH_TIMEOUT(panel->chosenSupportSet(), savedSet, 10000);
    QSignalSpy adapted(window.analysisJobs(), &AnalysisJobs::adapted);
    QTest::mouseClick(adapt, Qt::LeftButton);
    QVERIFY(adapted.wait(120000));
    const AdaptationResult result = adapted.takeFirst().at(1).value<AdaptationResult>();
    QCOMPARE(result.previousModelId, shipped);
    QCOMPARE(result.supportSetId, savedSet);
    QCOMPARE(storedSets().size(), size_t(1));
    QVERIFY(result.modelId != shipped);
    QVERIFY2(panel->findChild<QLabel*>(QStringLiteral("adaptationResult"))->text().contains(QLatin1String("Adapted to P01")),
             qPrintable(result.summary));
    auto active = [&] {
      const store::Project p = store::Project::open(project_.toStdString(), "test");
      return p.activeModel(p.subjectByCode("P01").id)->modelId;
    };
    QCOMPARE(active(), result.modelId);
    {
      const store::Project p = store::Project::open(project_.toStdString(), "test");
      const std::vector<store::SupportSet> sets = p.supportSets(p.subjectByCode("P01").id);
      QCOMPARE(sets.back().id, result.supportSetId);
      QCOMPARE(QVector<qint64>(sets.back().segmentIds.begin(), sets.back().segmentIds.end()), panel->chosenSegments());
    }
    QTRY_COMPARE_WITH_TIMEOUT(window.reviewPanel()->shownModel(), result.modelId, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(panel->subject().history.size(), qsizetype(1), 10000);
    // Which evidence labels P01 now, as the adapted model's card has it: in the result, the
    // model history and the review's title.
    QString labelledBy;
    {
      const store::Project p = store::Project::open(project_.toStdString(), "test");
      for (const store::ModelRecord& m : p.models())
        if (m.id == result.modelId) labelledBy = QString::fromStdString(StatisticsChoice::fromCard(m.card).labelledBy());
    }
    QVERIFY(!labelledBy.isEmpty());
    QVERIFY2(result.summary.contains(QStringLiteral("Labelled by %1.").arg(labelledBy)), qPrintable(result.summary));
    QCOMPARE(panel->subject().history.front().labelledBy, labelledBy);
    QCOMPARE(panel->findChild<QTreeWidget*>(QStringLiteral("modelHistory"))->topLevelItem(0)->text(1), labelledBy);
    QVERIFY(panel->findChild<QLabel*>(QStringLiteral("labelledBy"))->text().endsWith(
        QStringLiteral(" is labelled by %1.").arg(labelledBy)));
    QTRY_VERIFY_WITH_TIMEOUT(window.reviewPanel()->findChild<QLabel*>(QStringLiteral("reviewTitle"))->text().contains(
                                 QStringLiteral("labelled by %1").arg(labelledBy.toHtmlEscaped())),
                             10000);
    // Before and after: the previous model's curves dashed over the adapted one's.
    EmotionCurves* curves = window.reviewPanel()->curves();
    QTRY_VERIFY_WITH_TIMEOUT(curves->hasComparison(), 10000);
    QCOMPARE(window.reviewPanel()->comparisonBox()->currentData().toLongLong(), shipped);
    QCOMPARE(curves->comparisonPoints(0).size(), qsizetype(before.size()));
    QCOMPARE(curves->comparisonPoints(0).size(), curves->curvePoints(0).size());
    QVERIFY(window.reviewPanel()->findChild<QLabel*>(QStringLiteral("reviewTitle"))->text().contains(QLatin1String("dashed")));
    // The set a model was adapted from cannot be deleted.
    QTRY_VERIFY_WITH_TIMEOUT(!panel->subject().supportSets.isEmpty() && panel->subject().supportSets.front().modelId == result.modelId,
                             10000);
    QVERIFY(!panel->findChild<QPushButton*>(QStringLiteral("deleteSupportSet"))->isEnabled());

    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(active(), shipped, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.reviewPanel()->shownModel(), shipped, 10000);
    QVERIFY(!curves->hasComparison());  // the compared model is the shown one again
    const std::vector<store::Prediction> after =
        store::Project::open(project_.toStdString(), "test").predictions(session_, shipped);
    QCOMPARE(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i) {
      QCOMPARE(after[i].id, before[i].id);
      QCOMPARE(after[i].memberships.size(), before[i].memberships.size());
    }
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(active(), result.modelId, 10000);
  }
};

STF2M_UI_TEST_MAIN(TestLabelling)
#include "test_labelling.moc"
