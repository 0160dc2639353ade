// Keyboard-first labelling in the real main window (offscreen): I and O at the cursor and a
// label key make a segment in the store, by the annotator the settings name (the audit log says
// so); undo and redo reach the store; a click on the annotator's own tier selects a segment, a
// key relabels it and Delete removes it, each undoable; keys without marks or a selection label
// nothing; the key line under the tiers names the scheme's keys.
#include <QSignalSpy>
#include <QTemporaryDir>

#include <cmath>

#include "store/project.h"
#include "ui/annotation_tiers.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/segment_editor.h"
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
    window.resize(1200, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy shown(&window, &MainWindow::sessionShown);
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.openProject(project_);
    QVERIFY(opened.wait(10000));
    window.showSession(session_);
    QVERIFY(shown.wait(10000));
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
    QTRY_VERIFY_WITH_TIMEOUT(!tiers->tiers().isEmpty() && tiers->tiers().front().segments.size() == 1, 10000);
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

    // Every change was made by dana.
    const std::vector<store::AuditEntry> audit =
        store::Project::open(project_.toStdString(), "test").audit(50, "segment");
    QVERIFY(audit.size() >= 7);
    for (const store::AuditEntry& e : audit) QCOMPARE(QString::fromStdString(e.actor), QStringLiteral("dana"));
  }
};

STF2M_UI_TEST_MAIN(TestLabelling)
#include "test_labelling.moc"
