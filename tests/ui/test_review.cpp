// The session review against a project with known predictions (written through the store, so
// every value is known): the reader and the views show exactly what is stored, the model's tier
// follows the fused answers, all views share one time axis, and the main window opens the
// project, lists its sessions and reports errors.
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QMenuBar>
#include <functional>
#include <QPushButton>
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <cmath>

#include "store/project.h"
#include "ui/add_session_dialog.h"
#include "ui/shortcut_sheet.h"
#include "ui/qcp.h"
#include "ui/annotation_tiers.h"
#include "ui/emotion_curves.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/video_view.h"
#include "ui/membership_heatmap.h"
#include "ui/project_browser.h"
#include "ui/project_controller.h"
#include "ui/project_reader.h"
#include "ui/review_panel.h"
#include "ui/time_axis.h"
#include "ui_test_support.h"

using namespace stf2m;
using namespace stf2m::ui;

namespace {

constexpr int kWindows = 20, kViews = 2, kEmotions = 3;
const float kNan = std::numeric_limits<float>::quiet_NaN();

// The emotion each window's fused answer favours: anger 0-4, happiness 5-9, sadness 10-19.
int expectedEmotion(int window) { return window < 5 ? 0 : window < 10 ? 1 : 2; }

bool sameFloat(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Windows of 2 s every 1 s; the voice view (view 1) is missing in odd windows.
std::vector<store::Prediction> knownRows(int64_t session, int64_t model) {
  std::vector<store::Prediction> rows;
  for (int i = 0; i < kWindows; ++i) {
    store::Prediction p;
    p.sessionId = session, p.modelId = model;
    p.windowStart = i, p.windowEnd = i + 2.0;
    p.viewCount = kViews, p.classCount = kEmotions;
    for (int v = 0; v < kViews; ++v) {
      const bool absent = v == 1 && i % 2 == 1;
      for (int c = 0; c < kEmotions; ++c) {
        p.memberships.push_back(absent ? kNan : float(0.01 * i + 0.1 * v + 0.2 * c));
        for (int t = 0; t < 3; ++t) p.terms.push_back(absent ? kNan : float(0.3 * t + 0.001 * i + 0.01 * c));
      }
      p.reliability.push_back(absent ? kNan : float(v == 0 ? 0.75 : 0.25));
    }
    for (int c = 0; c < kEmotions; ++c) p.fused.push_back(c == expectedEmotion(i) ? 0.7f : 0.15f);
    p.confidence = 0.5 + 0.01 * i;
    rows.push_back(std::move(p));
  }
  return rows;
}

// A model record for a file with `bytes` (the store hashes the file), with the card a session
// analysis stores: the emotions and the views. 0 when the file cannot be written.
qint64 registerModelFile(store::Project& p, const QString& path, const char* bytes) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) <= 0) return 0;
  f.close();
  store::ModelRecord m;
  m.kind = "meta";
  m.path = path.toStdString();
  m.card = R"({"classes": ["anger", "happiness", "sadness"], "views": ["face", "voice"]})";
  return p.registerModel(m);
}

}  // namespace

class TestReview : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString project_;
  qint64 session_ = 0, model_ = 0;
  std::vector<store::Prediction> rows_;

 private Q_SLOTS:
  void initTestCase() {
    STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
    QVERIFY(tmp_.isValid());
    project_ = tmp_.filePath(QStringLiteral("review.stf2m"));
    store::Project p = store::Project::create(project_.toStdString(), "review", "tester");
    const int64_t subject = p.addSubject("P07");
    session_ = p.addSessionWithMedia(subject, "intake", {{test::fixturePath("h264_aac.mp4").toStdString(), 0.0}});
    model_ = registerModelFile(p, tmp_.filePath(QStringLiteral("model.stf2m")), "a model's bytes");
    QVERIFY(model_ > 0);
    rows_ = knownRows(session_, model_);
    p.replacePredictions(session_, model_, rows_);
    // A human tier and a trace.
    const store::LabelScheme emotion = p.scheme("emotion");
    store::Segment s;
    s.sessionId = session_, s.schemeId = emotion.id, s.categoryId = emotion.categories[0].id;
    s.annotatorId = p.annotatorId("alice", true), s.start = 1.0, s.end = 3.5;
    p.addSegment(s);
    const store::LabelScheme affect = p.scheme("affect");
    store::Trace t;
    t.sessionId = session_, t.dimensionId = affect.dimensions[0].id, t.annotatorId = p.annotatorId("alice", true);
    t.sampleRate = 4, t.start = 0;
    for (int i = 0; i < 40; ++i) t.values.push_back(float(std::sin(i * 0.2)));
    p.addTrace(t);
  }

  void readerGivesWhatIsStored() {
    const SessionData d = readSessionData(project_, session_);
    QCOMPARE(d.entry.subjectCode, QStringLiteral("P07"));
    QCOMPARE(d.entry.modelId, model_);
    QCOMPARE(d.entry.windows, kWindows);
    QCOMPARE(d.review.emotions, (QStringList{QStringLiteral("anger"), QStringLiteral("happiness"), QStringLiteral("sadness")}));
    QCOMPARE(d.review.views, (QStringList{QStringLiteral("face"), QStringLiteral("voice")}));
    // The scheme's colours where the names match.
    QCOMPARE(d.review.colors[0], QColor(QStringLiteral("#d62728")));
    QCOMPARE(d.review.colors[1], QColor(QStringLiteral("#f2b701")));
    QCOMPARE(d.review.windows.size(), qsizetype(kWindows));
    for (int i = 0; i < kWindows; ++i) {
      const ReviewWindow& w = d.review.windows[i];
      QCOMPARE(w.start, rows_[i].windowStart);
      QCOMPARE(w.confidence, rows_[i].confidence);
      for (size_t k = 0; k < rows_[i].memberships.size(); ++k) QVERIFY(sameFloat(w.probabilities[k], rows_[i].memberships[k]));
      for (size_t k = 0; k < rows_[i].terms.size(); ++k) QVERIFY(sameFloat(w.terms[k], rows_[i].terms[k]));
      QCOMPARE(w.hasView(1, kEmotions), i % 2 == 0);
    }
    QCOMPARE(d.tiers.size(), qsizetype(2));
    QCOMPARE(d.tiers[0].name, QStringLiteral("alice · emotion"));
    QCOMPARE(d.tiers[0].segments[0].label, QStringLiteral("anger"));
    QCOMPARE(d.tiers[1].kind, AnnotationTier::Kind::Trace);
    QCOMPARE(d.tiers[1].trace.size(), qsizetype(40));

    const ProjectOverview o = readProjectOverview(project_);
    QCOMPARE(o.sessions.size(), qsizetype(1));
    QVERIFY(o.sessions[0].analysed());
    QCOMPARE(o.sessions[0].missingMedia(), 0);
  }

  // Runs of the fused answer, each window standing for the hop around its centre.
  void modelTierFollowsTheFusedAnswer() {
    const SessionData d = readSessionData(project_, session_);
    const AnnotationTier tier = modelTier(d.review, QStringLiteral("model"));
    QCOMPARE(tier.segments.size(), qsizetype(3));
    const double starts[] = {0.5, 5.5, 10.5}, ends[] = {5.5, 10.5, 20.5};
    const char* labels[] = {"anger", "happiness", "sadness"};
    for (int s = 0; s < 3; ++s) {
      QCOMPARE(tier.segments[s].label, QString::fromLatin1(labels[s]));
      QVERIFY(std::abs(tier.segments[s].start - starts[s]) < 1e-9);
      QVERIFY(std::abs(tier.segments[s].end - ends[s]) < 1e-9);
    }
    QVERIFY(std::abs(tier.segments[0].confidence - 0.52) < 1e-6);  // mean of 0.50..0.54
    // Rows of the wrong shape are skipped and counted, not drawn as garbage.
    int skipped = 0;
    std::vector<store::Prediction> bad = rows_;
    bad[3].classCount = 2;
    QCOMPARE(reviewWindows(bad, kViews, kEmotions, &skipped).size(), qsizetype(kWindows - 1));
    QCOMPARE(skipped, 1);
  }

  void viewsDrawTheStoredValues() {
    ReviewPanel panel;
    panel.resize(1200, 900);
    panel.show();
    panel.showSession(readSessionData(project_, session_));
    MembershipHeatmap* heatmap = panel.heatmap();
    QCOMPARE(heatmap->rowCount(), kViews * kEmotions);
    QCOMPARE(heatmap->columnCount(), kWindows);
    QCOMPARE(heatmap->rowLabel(4), QStringLiteral("voice · happiness"));
    for (int c = 0; c < kWindows; ++c)
      for (int r = 0; r < kViews * kEmotions; ++r) QVERIFY(sameFloat(heatmap->cellValue(c, r), rows_[c].memberships[r]));
    heatmap->setTerm(MembershipTerm::High);
    for (int c = 0; c < kWindows; ++c)
      for (int r = 0; r < kViews * kEmotions; ++r) QVERIFY(sameFloat(heatmap->cellValue(c, r), rows_[c].terms[r * 3 + 2]));
    const QString hover = heatmap->describeCell(6.0, 1);  // window 5 (centre 6), face · happiness
    QVERIFY2(hover.contains(QStringLiteral("face · happiness")), qPrintable(hover));
    QVERIFY2(hover.contains(QStringLiteral("probability 0.25")), qPrintable(hover));
    QVERIFY2(hover.contains(QStringLiteral("reliability of the face view 0.75")), qPrintable(hover));
    QVERIFY2(heatmap->describeCell(6.0, 4).contains(QStringLiteral("no voice view")), qPrintable(heatmap->describeCell(6.0, 4)));

    EmotionCurves* curves = panel.curves();
    for (int e = 0; e < kEmotions; ++e) {
      const QVector<QPointF> points = curves->curvePoints(e);
      QCOMPARE(points.size(), qsizetype(kWindows));
      for (int i = 0; i < kWindows; ++i) {
        QCOMPARE(points[i].x(), i + 1.0);
        QCOMPARE(float(points[i].y()), rows_[i].fused[e]);
      }
    }
    QCOMPARE(curves->confidencePoints()[7].y(), 0.57);
    curves->setEmotionVisible(1, false);
    QVERIFY(!curves->isEmotionVisible(1) && curves->isEmotionVisible(0));
    curves->setEmotionVisible(1, true);

    const QVector<AnnotationTier> tiers = panel.tiers()->tiers();
    QCOMPARE(tiers.size(), qsizetype(3));
    QCOMPARE(tiers[0].kind, AnnotationTier::Kind::Model);
    QVERIFY(panel.tiers()->describe(1, 2.0).contains(QStringLiteral("anger")));

    // Exports: PNG and PDF of a plot and of the tiers; another suffix is refused with a reason.
    for (const char* name : {"heatmap.png", "heatmap.svg", "curves.pdf", "curves.svg", "tiers.png", "tiers.pdf", "tiers.svg"}) {
      const QString path = tmp_.filePath(QString::fromLatin1(name));
      const auto part = QByteArray(name).startsWith("heatmap") ? ReviewPanel::Part::Heatmap
                        : QByteArray(name).startsWith("curves") ? ReviewPanel::Part::Curves
                                                                : ReviewPanel::Part::Timeline;
      QCOMPARE(panel.exportPart(part, path), QString());
      QVERIFY(QFileInfo(path).size() > 1000);
    }
    QVERIFY(panel.exportPart(ReviewPanel::Part::Curves, tmp_.filePath(QStringLiteral("x.bmp"))).contains(QStringLiteral("PNG, SVG or PDF")));
    // The SVG is a drawing (paths and text), not a picture in a frame.
    QFile svg(tmp_.filePath(QStringLiteral("curves.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray drawing = svg.readAll();
    QVERIFY(drawing.contains("<svg") && drawing.contains("<path") && !drawing.contains("<image"));
  }

  // A dark desktop palette reaches the plots (backgrounds, axes, legend text), not only the
  // widgets around them.
  void plotsFollowThePalette() {
    ReviewPanel panel;
    panel.showSession(readSessionData(project_, session_));
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::AlternateBase, QColor(45, 45, 45));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    dark.setColor(QPalette::Window, QColor(40, 40, 40));
    panel.setPalette(dark);
    QCOMPARE(panel.heatmap()->plot()->axisRect()->backgroundBrush().color(), QColor(45, 45, 45));
    QCOMPARE(panel.curves()->plot()->xAxis->tickLabelColor(), QColor(230, 230, 230));
    QCOMPARE(panel.heatmap()->plot()->yAxis->tickLabelColor(), QColor(230, 230, 230));
  }

  // One axis: a range set anywhere (keys, wheel, drag) is the range of every view, and a time is
  // at the same x in each of them.
  void viewsShareOneTimeAxis() {
    ReviewPanel panel;
    panel.resize(1200, 900);
    panel.show();
    panel.showSession(readSessionData(project_, session_));
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    TimeAxis* axis = panel.axis();
    QCOMPARE(axis->lower(), 0.0);
    QVERIFY(axis->upper() >= 21.0);
    axis->setRange(3, 9);
    QTest::qWait(50);
    {
      const QCPRange h = panel.heatmap()->plot()->xAxis->range();
      const QCPRange c = panel.curves()->plot()->xAxis->range();
      QCOMPARE(h.lower, 3.0);
      QCOMPARE(h.upper, 9.0);
      QCOMPARE(c.lower, 3.0);
      QCOMPARE(c.upper, 9.0);
    }
    // The x of t = 6 s in each view, in the panel's coordinates.
    panel.heatmap()->plot()->replot();
    panel.curves()->plot()->replot();
    const double xHeat = panel.heatmap()->plot()->mapTo(&panel, QPoint(0, 0)).x() +
                         panel.heatmap()->plot()->xAxis->coordToPixel(6.0);
    const double xCurves = panel.curves()->plot()->mapTo(&panel, QPoint(0, 0)).x() +
                           panel.curves()->plot()->xAxis->coordToPixel(6.0);
    AnnotationTiers* tiers = panel.tiers();
    const double xTiers = tiers->mapTo(&panel, QPoint(0, 0)).x() +
                          axis->xAt(6.0, TimeGutters::kLeft, tiers->width() - TimeGutters::kRight);
    QVERIFY2(std::abs(xHeat - xCurves) <= 1.0 && std::abs(xHeat - xTiers) <= 1.0,
             qPrintable(QStringLiteral("x of 6 s: heatmap %1, curves %2, tiers %3").arg(xHeat).arg(xCurves).arg(xTiers)));

    // The wheel over the curves zooms every view around the mouse.
    QWidget* curvesPlot = panel.curves()->plot();
    const QPointF at(panel.curves()->plot()->xAxis->coordToPixel(6.0), curvesPlot->height() / 2.0);
    QWheelEvent wheel(at, curvesPlot->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(curvesPlot, &wheel);
    QVERIFY(axis->span() < 6.0);
    QVERIFY(axis->lower() < 6.0 && axis->upper() > 6.0);
    QCOMPARE(panel.heatmap()->plot()->xAxis->range().lower, axis->lower());

    // A click on the tiers asks to seek there; the cursor moves every view's line.
    QSignalSpy seeks(axis, &TimeAxis::seekRequested);
    const int x = int(axis->xAt(axis->lower() + 0.5 * axis->span(), TimeGutters::kLeft, tiers->width() - TimeGutters::kRight));
    QTest::mouseClick(tiers, Qt::LeftButton, Qt::NoModifier, QPoint(x, 10));
    QCOMPARE(seeks.count(), 1);
    QVERIFY(std::abs(seeks[0][0].toDouble() - (axis->lower() + 0.5 * axis->span())) < 0.05);
    // A drag pans instead of seeking.
    const double lowerBefore = axis->lower();
    QTest::mousePress(tiers, Qt::LeftButton, Qt::NoModifier, QPoint(x, 10));
    QMouseEvent move(QEvent::MouseMove, QPointF(x - 100, 10), tiers->mapToGlobal(QPointF(x - 100, 10)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tiers, &move);
    QTest::mouseRelease(tiers, Qt::LeftButton, Qt::NoModifier, QPoint(x - 100, 10));
    QVERIFY(axis->lower() > lowerBefore);
    QCOMPARE(seeks.count(), 1);
    axis->showAll();
    QCOMPARE(axis->lower(), 0.0);
  }

  void mainWindowOpensProjectAndShowsSession() {
    MainWindow window;
    window.resize(1400, 1000);
    window.show();
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    QSignalSpy shown(&window, &MainWindow::sessionShown);
    window.openProject(project_);
    QVERIFY(opened.wait(10000));
    QTreeWidget* tree = window.projectBrowser()->tree();
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("P07"));
    QCOMPARE(tree->topLevelItem(0)->child(0)->text(0), QStringLiteral("intake"));
    QVERIFY(tree->topLevelItem(0)->child(0)->text(2).startsWith(QStringLiteral("20 window")));
    tree->setCurrentItem(tree->topLevelItem(0)->child(0));  // as a click does
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown[0][0].toLongLong(), session_);
    QCOMPARE(window.reviewPanel()->review().windows.size(), qsizetype(kWindows));
    QCOMPARE(window.shownSession(), session_);
    // The session's video is in the player, and the player's frame moves the review's cursor.
    QTRY_VERIFY_WITH_TIMEOUT(window.mediaController()->isOpen(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.videoView()->displayedIndex(), qint64(0), 10000);
    QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);  // one second on
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(window.reviewPanel()->axis()->cursor() - 1.0) < 1e-6, 10000);
    // And a seek from the review moves the player.
    window.reviewPanel()->axis()->requestSeek(2.0);
    QTRY_COMPARE_WITH_TIMEOUT(window.videoView()->displayedIndex(), qint64(50), 10000);
  }

  // Sessions are added whole or not at all (a bad file leaves no new subject behind), and moved
  // media are found again with the store's same-content check.
  void addSessionAndRelink() {
    MainWindow window;
    window.show();
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.openProject(project_);
    QVERIFY(opened.wait(10000));
    ProjectController* project = window.projectController();
    QSignalSpy added(project, &ProjectController::sessionAdded);
    QSignalSpy failed(project, &ProjectController::failed);

    const QString moved = tmp_.filePath(QStringLiteral("moved.mp4"));
    QVERIFY(QFile::copy(test::fixturePath("h264_aac.mp4"), moved));
    project->addSession(QStringLiteral("P08"), QStringLiteral("follow-up"), {{moved, 0.0}, {test::fixturePath("tone_stereo.wav"), 0.25}});
    QVERIFY(added.wait(20000));
    const qint64 session = added[0][0].toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(window.shownSession() == session, 10000);
    QCOMPARE(window.reviewPanel()->review().windows.size(), qsizetype(0));  // not analysed yet

    project->addSession(QStringLiteral("P09"), QStringLiteral("broken"), {{test::fixturePath("garbage.bin"), 0.0}});
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed[0][1].toString().contains(QStringLiteral("garbage.bin")), qPrintable(failed[0][1].toString()));
    const ProjectOverview after = readProjectOverview(project_);
    QVERIFY(!after.subjects.contains(QStringLiteral("P09")));
    QCOMPARE(after.sessions.size(), qsizetype(2));

    // The file moves away: the session lists it as missing; relinking to a copy of the same
    // recording is accepted, to another recording refused until the user agrees.
    const QString elsewhere = tmp_.filePath(QStringLiteral("elsewhere.mp4"));
    QVERIFY(QFile::rename(moved, elsewhere));
    SessionData d = readSessionData(project_, session);
    QCOMPARE(d.entry.missingMedia(), 1);
    const qint64 mediaId = d.entry.media[0].id;
    QSignalSpy refused(project, &ProjectController::relinkRefused);
    QSignalSpy relinked(project, &ProjectController::relinked);
    project->relink(mediaId, test::fixturePath("video_only.mp4"), false);
    QVERIFY(refused.wait(10000));
    QCOMPARE(readSessionData(project_, session).entry.missingMedia(), 1);
    project->relink(mediaId, elsewhere, false);
    QVERIFY(relinked.wait(10000));
    d = readSessionData(project_, session);
    QCOMPARE(d.entry.missingMedia(), 0);
    QCOMPARE(d.entry.media[0].path, elsewhere);
  }

  void addSessionDialogChecksItsFields() {
    AddSessionDialog dialog({QStringLiteral("P07")});
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());  // no media yet
    dialog.addFiles({test::fixturePath("h264_aac.mp4")});
    QCOMPARE(dialog.sessionName(), QStringLiteral("h264_aac"));
    QCOMPARE(dialog.subjectCode(), QStringLiteral("P07"));
    QVERIFY(ok->isEnabled());
    dialog.subjectBox()->setEditText(QString());
    QVERIFY(!ok->isEnabled());
    dialog.subjectBox()->setEditText(QStringLiteral("P10"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.media().size(), qsizetype(1));
    QCOMPARE(dialog.media()[0].second, 0.0);
  }

  // Every menu action is reachable from the keyboard without ambiguity (Qt fires neither of two
  // actions that share a shortcut), and F1 lists them all.
  void shortcutsAreUniqueAndListed() {
    MainWindow window;
    window.show();
    QMap<QString, QString> owner;
    int withShortcut = 0;
    std::function<void(const QList<QAction*>&)> walk = [&](const QList<QAction*>& actions) {
      for (QAction* a : actions) {
        if (a->menu()) walk(a->menu()->actions());
        for (const QKeySequence& k : a->shortcuts()) {
          if (k.isEmpty()) continue;
          const QString key = k.toString(QKeySequence::PortableText);
          QVERIFY2(!owner.contains(key), qPrintable(key + QStringLiteral(": ") + owner.value(key) + QStringLiteral(" and ") + a->text()));
          owner.insert(key, a->text());
        }
        withShortcut += a->shortcuts().isEmpty() ? 0 : 1;
      }
    };
    walk(window.menuBar()->actions());
    QVERIFY(withShortcut >= 30);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F1);
    ShortcutSheet* sheet = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((sheet = window.findChild<ShortcutSheet*>()) != nullptr, 5000);
    int rows = 0;
    bool play = false;
    for (QTreeWidgetItemIterator it(sheet->list()); *it; ++it)
      if ((*it)->parent()) ++rows, play = play || (*it)->text(0) == QStringLiteral("Play / Pause");
    QCOMPARE(rows, withShortcut);
    QVERIFY(play);
  }

  // Another model's predictions for the same session: the review lists both models and shows
  // the one chosen.
  void reviewSwitchesBetweenModels() {
    qint64 second = 0;
    {
      store::Project p = store::Project::open(project_.toStdString(), "tester");
      second = registerModelFile(p, tmp_.filePath(QStringLiteral("second.stf2m")), "another model's bytes");
      QVERIFY(second > 0);
      std::vector<store::Prediction> rows = knownRows(session_, second);
      rows.resize(5);
      p.replacePredictions(session_, second, rows);
    }
    const SessionData newest = readSessionData(project_, session_);
    QCOMPARE(newest.models.size(), qsizetype(2));
    QCOMPARE(newest.review.modelId, second);  // the newest predictions come first
    QCOMPARE(newest.review.windows.size(), qsizetype(5));

    MainWindow window;
    window.show();
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    QSignalSpy shown(&window, &MainWindow::sessionShown);
    window.openProject(project_);
    QVERIFY(opened.wait(10000));
    window.showSession(session_);
    QVERIFY(shown.wait(10000));
    QComboBox* models = window.reviewPanel()->modelBox();
    QCOMPARE(models->count(), 2);
    QVERIFY(models->isEnabled());
    const int first = models->findData(model_);
    QVERIFY(first >= 0);
    models->setCurrentIndex(first);
    Q_EMIT models->activated(first);
    QVERIFY(shown.wait(10000));
    QCOMPARE(window.reviewPanel()->review().modelId, model_);
    QCOMPARE(window.reviewPanel()->review().windows.size(), qsizetype(kWindows));
    {
      store::Project p = store::Project::open(project_.toStdString(), "tester");
      p.replacePredictions(session_, second, {});  // leave the project as the other tests expect
    }
  }

  void projectErrorsReachTheUser() {
    MainWindow window;
    window.show();
    QSignalSpy errors(&window, &MainWindow::errorShown);
    const QString notProject = test::fixturePath("h264_aac.mp4");
    window.openProject(notProject);
    QVERIFY(errors.wait(10000));
    QVERIFY2(errors[0][1].toString().contains(notProject), qPrintable(errors[0][1].toString()));
    QVERIFY(window.errorBox() != nullptr);
    QVERIFY(!window.projectController()->isOpen());
  }
};

STF2M_UI_TEST_MAIN(TestReview)
#include "test_review.moc"
