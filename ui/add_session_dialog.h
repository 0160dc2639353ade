#pragma once
// Adding a session to a project: its subject (an existing code or a new one), its name, and one
// or more media files, each with its offset (the session time at which the file's time 0 plays,
// e.g. a separate microphone recording that started 0.25 s late).
#include <QDialog>
#include <QPair>
#include <QStringList>
#include <QVector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace stf2m::ui {

class AddSessionDialog : public QDialog {
  Q_OBJECT

 public:
  AddSessionDialog(const QStringList& subjects, QWidget* parent = nullptr);

  void addFiles(const QStringList& files);
  QString subjectCode() const;
  QString sessionName() const;
  QVector<QPair<QString, double>> media() const;  // path, offset

  // For tests: the widgets.
  QComboBox* subjectBox() const { return subject_; }
  QLineEdit* nameEdit() const { return name_; }
  QTableWidget* mediaTable() const { return table_; }

 private:
  void chooseFiles();
  void validate();

  QComboBox* subject_ = nullptr;
  QLineEdit* name_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* problem_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace stf2m::ui
