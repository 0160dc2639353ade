#pragma once
// The open project, from the GUI's side: reads its overview and a session's review data on a
// private one-thread pool (never on the GUI thread), numbering requests so that a late answer
// about a project or session the user has left is dropped. Creating a project goes through the
// same pool. Errors arrive as sentences naming the file. A project on a server is listened to:
// what others change there is read again within a second.
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>

#include "ui/change_listener.h"
#include "ui/project_reader.h"

namespace stf2m::store {
class Project;
}

namespace stf2m::ui {

class ProjectController : public QObject {
  Q_OBJECT

 public:
  explicit ProjectController(QObject* parent = nullptr);
  ~ProjectController() override;  // waits for a read in flight (bounded: one query)

  void open(const QString& path);
  void create(const QString& path, const QString& name);
  void close();
  void reloadOverview();
  // `modelId` 0: the model with the newest predictions for the session; `compareModelId` another
  // model whose predictions come along to be drawn beside them (0: none). Reloads after edits
  // keep both.
  void loadSession(qint64 sessionId, qint64 modelId = 0, qint64 compareModelId = 0);
  // A new session of subject `subjectCode` (created when new) with its media (path, offset),
  // all in one transaction: every file is probed and hashed first (on the pool), so a bad file
  // leaves the project as it was. sessionAdded() gives its id.
  void addSession(const QString& subjectCode, const QString& name, const QVector<QPair<QString, double>>& media);
  // Points a media record at a moved file; a file with other content is refused unless
  // `acceptDifferentContent` (relinkRefused() says so, so the user can decide).
  void relink(qint64 mediaId, const QString& newPath, bool acceptDifferentContent);
  // A change made by `actor` (the audit log names them): `work` runs on the pool with its own
  // connection, each store call in it one transaction, so an acknowledged edit is on disk. Then
  // the shown session is read again; edited() follows. `what` titles an error.
  // With `showActiveModel` the session is shown with the subject's active model afterwards.
  void edit(const QString& what, const QString& actor, std::function<void(store::Project&)> work,
            bool showActiveModel = false);
  // The subject panel's data; subjectLoaded() follows.
  void loadSubject(const QString& subjectCode);
  // The windows of the session to label next by a model's predictions; suggestionsLoaded() follows.
  void loadSuggestions(qint64 sessionId, qint64 modelId, int top);
  // Agreement for the session and its subject, the model as one rater; agreementLoaded() follows.
  void loadAgreement(qint64 sessionId, qint64 modelId);
  // A model's fuzzy rules for the rule inspector; ruleShapesLoaded() follows.
  void loadRuleShapes(qint64 modelId);
  // The predictions of one model for one session as the tidy CSV of `stf2m export`.
  void exportPredictions(qint64 sessionId, qint64 modelId, const QString& path);

  const QString& path() const { return path_; }
  bool isOpen() const { return !path_.isEmpty(); }
  const ProjectOverview& overview() const { return overview_; }
  qint64 currentSession() const { return session_; }
  qint64 comparedModel() const { return compare_; }
  // Live updates of a project on a server: the shown session and the overview are read again
  // when someone else changes them (ChangeListener).
  bool isListening() const { return listener_.isListening(); }

 Q_SIGNALS:
  void opened(const stf2m::ui::ProjectOverview& overview);
  void overviewChanged(const stf2m::ui::ProjectOverview& overview);
  void sessionLoaded(const stf2m::ui::SessionData& data);
  void failed(const QString& title, const QString& message);
  // A team server went away (`connected` false, with what was noticed; edits wait for it and live
  // updates are retried) or is reached again (everything shown has been asked for anew).
  void serverConnection(bool connected, const QString& message);
  void exported(const QString& path);
  void sessionAdded(qint64 sessionId);
  void relinked(qint64 mediaId);
  void edited();
  void subjectLoaded(const stf2m::ui::SubjectData& data);
  void suggestionsLoaded(qint64 sessionId, const QVector<stf2m::ui::SuggestionEntry>& suggestions);
  void agreementLoaded(qint64 sessionId, const QVector<stf2m::ui::AgreementEntry>& agreement);
  void ruleShapesLoaded(qint64 modelId, const stf2m::model::RuleShapes& shapes);
  // The chosen file has other content than the recorded one (another recording?).
  void relinkRefused(qint64 mediaId, const QString& newPath, const QString& message);
  void closed();

 private:
  void readOverview(bool justOpened);

  QThreadPool pool_;
  ChangeListener listener_;
  QString path_;
  ProjectOverview overview_;
  qint64 session_ = 0;
  qint64 model_ = 0;  // the model the shown session was asked with
  qint64 compare_ = 0;  // and the model asked to compare with
  quint64 generation_ = 0;  // bumped by open/close/create: answers of older ones are dropped
  quint64 sessionRequest_ = 0;
};

}  // namespace stf2m::ui
