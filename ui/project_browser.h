#pragma once
// The project sidebar: subjects with their sessions (name, duration, analysed or not and by which
// model, media missing). Selecting a session asks for it to be shown.
#include <QWidget>

#include "ui/project_reader.h"

class QTreeWidget;

namespace stf2m::ui {

class ProjectBrowser : public QWidget {
  Q_OBJECT

 public:
  explicit ProjectBrowser(QWidget* parent = nullptr);
  void setOverview(const ProjectOverview& overview);
  void clear();
  void selectSession(qint64 sessionId);
  qint64 selectedSession() const;
  QTreeWidget* tree() const { return tree_; }

 Q_SIGNALS:
  void sessionChosen(qint64 sessionId);

 private:
  QTreeWidget* tree_ = nullptr;
};

}  // namespace stf2m::ui
