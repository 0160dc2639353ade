#include "ui/project_controller.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>
#include <variant>

#include "common/error.h"
#include "interchange/interchange.h"
#include "store/project.h"
#include "ui/project_location.h"

namespace stf2m::ui {

namespace {

// A read's answer: the value, or the error's sentence.
template <typename T>
using Answer = std::variant<T, QString>;

template <typename T, typename Work>
Answer<T> attempt(Work work) {
  try {
    return work();
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

// Runs `work` on `pool` and hands its answer to `done` on the GUI thread.
template <typename T, typename Work, typename Done>
void runOnPool(QObject* owner, QThreadPool* pool, Work work, Done done) {
  auto* watcher = new QFutureWatcher<Answer<T>>(owner);
  QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, done] {
    watcher->deleteLater();
    done(watcher->result());
  });
  watcher->setFuture(QtConcurrent::run(pool, [work] { return attempt<T>(work); }));
}

// An edit on a team server that went away (a restart) waits for it on the pool thread, up to
// kServerWaitSeconds to connect and as long again inside the edit, instead of failing at once; the
// controller says meanwhile that the server is away (serverConnection). A project file opens as ever.
constexpr double kServerWaitSeconds = 15;

store::Project openWaitingForTheServer(const QString& path, const std::string& actor, QPointer<ProjectController> controller) {
  const auto tell = [controller](bool connected, const QString& message) {
    QMetaObject::invokeMethod(controller, [controller, connected, message] {
      if (controller) controller->serverConnection(connected, message);
    }, Qt::QueuedConnection);
  };
  QElapsedTimer waited;
  waited.start();
  for (bool told = false;;) {
    try {
      store::Project p = store::Project::open(path.toStdString(), actor);
      if (told) tell(true, {});
      p.setReconnection(kServerWaitSeconds, [tell](store::ConnectionEvent event, const std::string& detail) {
        tell(event == store::ConnectionEvent::Restored, QString::fromStdString(detail));
      });
      return p;
    } catch (const Error& e) {
      if (!isServerProject(path) || e.code() != ErrorCode::StorageFailure || waited.elapsed() > kServerWaitSeconds * 1000) throw;
      if (!std::exchange(told, true)) tell(false, QString::fromStdString(e.what()));
      QThread::msleep(500);
    }
  }
}

}  // namespace

ProjectController::ProjectController(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(1);
  pool_.setObjectName(QStringLiteral("stf2m-project-reader"));
  connect(&listener_, &ChangeListener::changed, this, [this](const QSet<qint64>& sessions, bool overview) {
    if (overview) reloadOverview();
    if (session_ > 0 && sessions.contains(session_)) loadSession(session_, model_, compare_);
  });
  // A server that went away (a restart): said at once, and when it is back everything on screen
  // is read again, since what others changed meanwhile was not heard.
  connect(&listener_, &ChangeListener::lost, this, [this](const QString& message) { Q_EMIT serverConnection(false, message); });
  connect(&listener_, &ChangeListener::resumed, this, [this] {
    reloadOverview();
    if (session_ > 0) loadSession(session_, model_, compare_);
    Q_EMIT serverConnection(true, {});
  });
}

ProjectController::~ProjectController() { pool_.waitForDone(); }

void ProjectController::open(const QString& path) {
  listener_.stop();
  ++generation_;
  path_ = path;
  session_ = 0;
  readOverview(true);
}

void ProjectController::create(const QString& path, const QString& name) {
  const quint64 generation = ++generation_;
  runOnPool<bool>(
      this, &pool_,
      [path, name] {
        store::Project::create(path.toStdString(), name.toStdString(), "stf2m-studio");
        return true;
      },
      [this, generation, path](const Answer<bool>& answer) {
        if (generation != generation_) return;
        if (const QString* error = std::get_if<QString>(&answer))
          return Q_EMIT failed(tr("Cannot Create Project"), *error);
        open(path);
      });
}

void ProjectController::close() {
  listener_.stop();
  ++generation_;
  path_.clear();
  overview_ = ProjectOverview();
  session_ = 0;
  Q_EMIT closed();
}

void ProjectController::reloadOverview() {
  if (isOpen()) readOverview(false);
}

void ProjectController::readOverview(bool justOpened) {
  const quint64 generation = generation_;
  const QString path = path_;
  runOnPool<ProjectOverview>(
      this, &pool_, [path] { return readProjectOverview(path); },
      [this, generation, justOpened](const Answer<ProjectOverview>& answer) {
        if (generation != generation_) return;
        if (const QString* error = std::get_if<QString>(&answer)) {
          if (justOpened) path_.clear();
          return Q_EMIT failed(tr("Cannot Open Project"), *error);
        }
        overview_ = std::get<ProjectOverview>(answer);
        if (justOpened) {
          QString error;
          if (!listener_.start(path_, &error)) Q_EMIT failed(tr("No Live Updates"), error);
        }
        if (justOpened) Q_EMIT opened(overview_);
        else Q_EMIT overviewChanged(overview_);
      });
}

void ProjectController::loadSession(qint64 sessionId, qint64 modelId, qint64 compareModelId) {
  if (!isOpen()) return;
  session_ = sessionId;
  model_ = modelId;
  compare_ = compareModelId;
  const quint64 generation = generation_, request = ++sessionRequest_;
  const QString path = path_;
  runOnPool<SessionData>(
      this, &pool_,
      [path, sessionId, modelId, compareModelId] { return readSessionData(path, sessionId, modelId, compareModelId); },
      [this, generation, request](const Answer<SessionData>& answer) {
        if (generation != generation_ || request != sessionRequest_) return;
        if (const QString* error = std::get_if<QString>(&answer))
          return Q_EMIT failed(tr("Cannot Show Session"), *error);
        Q_EMIT sessionLoaded(std::get<SessionData>(answer));
      });
}

void ProjectController::addSession(const QString& subjectCode, const QString& name,
                                   const QVector<QPair<QString, double>>& media) {
  if (!isOpen()) return;
  const QString project = path_;
  const quint64 generation = generation_;
  runOnPool<qint64>(
      this, &pool_,
      [project, subjectCode, name, media] {
        store::Project p = store::Project::open(project.toStdString(), "stf2m-studio");
        std::vector<store::Project::MediaSpec> specs;
        for (const auto& [file, offset] : media) specs.push_back({file.toStdString(), offset});
        int64_t id = 0;
        p.atomically([&] {
          int64_t subject = 0;
          for (const store::Subject& s : p.subjects())
            if (s.code == subjectCode.toStdString()) subject = s.id;
          if (subject == 0) subject = p.addSubject(subjectCode.toStdString());
          id = p.addSessionWithMedia(subject, name.toStdString(), specs);
        });
        return qint64(id);
      },
      [this, generation](const Answer<qint64>& answer) {
        if (generation != generation_) return;
        if (const QString* error = std::get_if<QString>(&answer)) return Q_EMIT failed(tr("Cannot Add Session"), *error);
        reloadOverview();
        Q_EMIT sessionAdded(std::get<qint64>(answer));
      });
}

void ProjectController::relink(qint64 mediaId, const QString& newPath, bool acceptDifferentContent) {
  if (!isOpen()) return;
  const QString project = path_;
  const quint64 generation = generation_;
  // The content check is the store's: a file with another SHA-256 is a ChangedContent error.
  struct Result {
    bool refused = false;
    QString message;
  };
  runOnPool<Result>(
      this, &pool_,
      [project, mediaId, newPath, acceptDifferentContent] {
        store::Project p = store::Project::open(project.toStdString(), "stf2m-studio");
        try {
          p.relinkMedia(mediaId, newPath.toStdString(), acceptDifferentContent);
        } catch (const Error& e) {
          if (e.code() != ErrorCode::Conflict) throw;
          return Result{true, QString::fromStdString(e.what())};
        }
        return Result{};
      },
      [this, generation, mediaId, newPath](const Answer<Result>& answer) {
        if (generation != generation_) return;
        if (const QString* error = std::get_if<QString>(&answer)) return Q_EMIT failed(tr("Cannot Relink"), *error);
        const Result& r = std::get<Result>(answer);
        if (r.refused) return Q_EMIT relinkRefused(mediaId, newPath, r.message);
        reloadOverview();
        if (session_ > 0) loadSession(session_, model_, compare_);
        Q_EMIT relinked(mediaId);
      });
}

void ProjectController::loadSubject(const QString& subjectCode) {
  if (!isOpen()) return;
  const quint64 generation = generation_;
  const QString path = path_;
  runOnPool<SubjectData>(
      this, &pool_, [path, subjectCode] { return readSubjectData(path, subjectCode); },
      [this, generation](const Answer<SubjectData>& answer) {
        if (generation != generation_) return;
        if (const QString* error = std::get_if<QString>(&answer)) return Q_EMIT failed(tr("Cannot Show Subject"), *error);
        Q_EMIT subjectLoaded(std::get<SubjectData>(answer));
      });
}

void ProjectController::loadSuggestions(qint64 sessionId, qint64 modelId, int top) {
  if (!isOpen()) return;
  const quint64 generation = generation_;
  const QString path = path_;
  runOnPool<QVector<SuggestionEntry>>(
      this, &pool_, [path, sessionId, modelId, top] { return readSuggestions(path, sessionId, modelId, top); },
      [this, generation, sessionId](const Answer<QVector<SuggestionEntry>>& answer) {
        if (generation != generation_) return;
        // A session without predictions has nothing to suggest: an empty list, not an error box.
        const auto* list = std::get_if<QVector<SuggestionEntry>>(&answer);
        Q_EMIT suggestionsLoaded(sessionId, list ? *list : QVector<SuggestionEntry>());
      });
}

void ProjectController::loadAgreement(qint64 sessionId, qint64 modelId) {
  if (!isOpen()) return;
  const quint64 generation = generation_;
  const QString path = path_;
  runOnPool<QVector<AgreementEntry>>(
      this, &pool_, [path, sessionId, modelId] { return readAgreement(path, sessionId, modelId); },
      [this, generation, sessionId](const Answer<QVector<AgreementEntry>>& answer) {
        if (generation != generation_) return;
        if (const QString* error = std::get_if<QString>(&answer)) return Q_EMIT failed(tr("Cannot Compute Agreement"), *error);
        Q_EMIT agreementLoaded(sessionId, std::get<QVector<AgreementEntry>>(answer));
      });
}

void ProjectController::loadRuleShapes(qint64 modelId) {
  if (!isOpen() || modelId <= 0) return;
  const quint64 generation = generation_;
  const QString path = path_;
  runOnPool<model::RuleShapes>(
      this, &pool_, [path, modelId] { return readRuleShapes(path, modelId); },
      [this, generation, modelId](const Answer<model::RuleShapes>& answer) {
        if (generation != generation_) return;
        // A model whose file is gone has no rules to draw: the inspector says so, no error box.
        const auto* shapes = std::get_if<model::RuleShapes>(&answer);
        Q_EMIT ruleShapesLoaded(modelId, shapes ? *shapes : model::RuleShapes());
      });
}

void ProjectController::edit(const QString& what, const QString& actor, std::function<void(store::Project&)> work,
                             bool showActiveModel) {
  if (!isOpen()) return;
  const QString project = path_;
  const quint64 generation = generation_;
  runOnPool<bool>(
      this, &pool_,
      [self = QPointer<ProjectController>(this), project, actor, work] {
        store::Project p = openWaitingForTheServer(project, actor.toStdString(), self);
        work(p);
        return true;
      },
      [this, generation, what, showActiveModel](const Answer<bool>& answer) {
        if (generation != generation_) return;
        if (session_ > 0) loadSession(session_, showActiveModel ? 0 : model_, compare_);
        if (const QString* error = std::get_if<QString>(&answer)) return Q_EMIT failed(what, *error);
        Q_EMIT edited();
      });
}

void ProjectController::exportPredictions(qint64 sessionId, qint64 modelId, const QString& path) {
  if (!isOpen()) return;
  const QString project = path_;
  runOnPool<bool>(
      this, &pool_,
      [project, sessionId, modelId, path] {
        const store::Project p = store::Project::open(project.toStdString(), "stf2m-studio");
        interchange::exportPredictionsCsv(p, sessionId, modelId, path.toStdString());
        return true;
      },
      [this, path](const Answer<bool>& answer) {
        if (const QString* error = std::get_if<QString>(&answer)) return Q_EMIT failed(tr("Cannot Export"), *error);
        Q_EMIT exported(path);
      });
}

}  // namespace stf2m::ui
