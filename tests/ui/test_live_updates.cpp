// Live updates of a team project in the real main window (offscreen): the Studio shows a session
// of a project on the test run's throwaway PostgreSQL server (tests/support/pg_server.sh); another
// annotator's connection adds a segment to it, changes it and deletes it, and each time the tiers
// on screen follow within a second, without any action in the window.
#include <QElapsedTimer>
#include <QSignalSpy>

#include "store/project.h"
#include "support/pg_test_server.h"
#include "ui/annotation_tiers.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/review_panel.h"
#include "ui_test_support.h"

using namespace stf2m;
using namespace stf2m::ui;

class TestLiveUpdates : public QObject {
  Q_OBJECT

  test::PgTestServer server_;

  static qsizetype shownSegments(MainWindow& window) {
    qsizetype n = 0;
    for (const AnnotationTier& t : window.reviewPanel()->tiers()->tiers())
      if (t.kind == AnnotationTier::Kind::Segments) n += t.segments.size();
    return n;
  }

 private Q_SLOTS:
  void tiersFollowAnotherAnnotator() {
    STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
    QVERIFY2(server_.error().empty(), server_.error().c_str());
    const std::string uri = server_.uri(server_.newDatabase());
    int64_t session = 0;
    {
      store::Project p = store::Project::create(uri, "live", "setup");
      session = p.addSessionWithMedia(p.addSubject("P01"), "s1", {{test::fixturePath("h264_aac.mp4").toStdString(), 0.0}});
    }
    MainWindow window;
    window.resize(1200, 900);
    window.show();
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    QSignalSpy shown(&window, &MainWindow::sessionShown);
    window.openProject(QString::fromStdString(uri));
    QVERIFY(opened.wait(10000));
    QVERIFY(window.projectController()->isListening());
    window.showSession(session);
    QVERIFY(shown.wait(10000));
    QCOMPARE(shownSegments(window), qsizetype(0));

    store::Project other = store::Project::open(uri, "erik");
    const store::LabelScheme e = other.scheme("emotion");
    store::Segment s;
    s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[0].id, s.annotatorId = other.annotatorId("erik", true);
    s.start = 1, s.end = 2;
    QElapsedTimer clock;
    clock.start();
    s.id = other.addSegment(s);
    QTRY_COMPARE_WITH_TIMEOUT(shownSegments(window), qsizetype(1), 1000);
    qInfo("a segment added elsewhere was on screen after %lld ms", static_cast<long long>(clock.elapsed()));

    s = other.segments(session).at(0);
    s.end = 3;
    clock.restart();
    other.updateSegment(s);
    QTRY_VERIFY_WITH_TIMEOUT(shownSegments(window) == 1 &&
                                 window.reviewPanel()->tiers()->tiers().front().segments.front().end == 3.0,
                             1000);
    qInfo("a change was on screen after %lld ms", static_cast<long long>(clock.elapsed()));
    other.deleteSegment(s.id);
    QTRY_COMPARE_WITH_TIMEOUT(shownSegments(window), qsizetype(0), 1000);
  }
};

STF2M_UI_TEST_MAIN(TestLiveUpdates)
#include "test_live_updates.moc"
