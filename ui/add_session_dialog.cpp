#include "ui/add_session_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace stf2m::ui {

namespace {
const QString kLastMediaDirKey = QStringLiteral("lastOpenDirectory");
}

AddSessionDialog::AddSessionDialog(const QStringList& subjects, QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("addSessionDialog"));
  setWindowTitle(tr("Add Session"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  subject_ = new QComboBox(this);
  subject_->setEditable(true);
  subject_->addItems(subjects);
  subject_->setToolTip(tr("A subject of the project, or a new pseudonymous code"));
  name_ = new QLineEdit(this);
  name_->setPlaceholderText(tr("e.g. intake, week 3"));
  form->addRow(tr("&Subject:"), subject_);
  form->addRow(tr("Session &name:"), name_);
  layout->addLayout(form);

  table_ = new QTableWidget(0, 2, this);
  table_->setHorizontalHeaderLabels({tr("Media file"), tr("Offset (s)")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->verticalHeader()->setVisible(false);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setToolTip(tr("The offset is the session time at which the file's own time 0 plays"));
  layout->addWidget(table_, 1);
  auto* row = new QHBoxLayout;
  auto* add = new QPushButton(tr("&Add Files…"), this);
  auto* remove = new QPushButton(tr("&Remove"), this);
  row->addWidget(add);
  row->addWidget(remove);
  row->addStretch(1);
  layout->addLayout(row);
  problem_ = new QLabel(this);
  problem_->setForegroundRole(QPalette::PlaceholderText);
  layout->addWidget(problem_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons_);

  connect(add, &QPushButton::clicked, this, &AddSessionDialog::chooseFiles);
  connect(remove, &QPushButton::clicked, this, [this] {
    const QList<QTableWidgetSelectionRange> ranges = table_->selectedRanges();
    for (auto it = ranges.crbegin(); it != ranges.crend(); ++it)
      for (int r = it->bottomRow(); r >= it->topRow(); --r) table_->removeRow(r);
    validate();
  });
  connect(subject_, &QComboBox::currentTextChanged, this, &AddSessionDialog::validate);
  connect(name_, &QLineEdit::textChanged, this, &AddSessionDialog::validate);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  resize(640, 380);
  validate();
}

void AddSessionDialog::addFiles(const QStringList& files) {
  for (const QString& file : files) {
    const int r = table_->rowCount();
    table_->insertRow(r);
    auto* item = new QTableWidgetItem(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath()));
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    item->setData(Qt::UserRole, QFileInfo(file).absoluteFilePath());
    table_->setItem(r, 0, item);
    auto* offset = new QDoubleSpinBox(table_);
    offset->setRange(-86400, 86400);
    offset->setDecimals(3);
    offset->setSingleStep(0.04);
    offset->setSuffix(tr(" s"));
    table_->setCellWidget(r, 1, offset);
  }
  if (name_->text().isEmpty() && !files.isEmpty()) name_->setText(QFileInfo(files.constFirst()).completeBaseName());
  validate();
}

void AddSessionDialog::chooseFiles() {
  QSettings settings;
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Add Media Files"), settings.value(kLastMediaDirKey, QDir::homePath()).toString(),
      tr("Media (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg *.wav *.flac *.mp3 *.m4a *.ogg "
         "*.opus);;All files (*)"));
  if (files.isEmpty()) return;
  settings.setValue(kLastMediaDirKey, QFileInfo(files.constFirst()).absolutePath());
  addFiles(files);
}

QString AddSessionDialog::subjectCode() const { return subject_->currentText().trimmed(); }
QString AddSessionDialog::sessionName() const { return name_->text().trimmed(); }

QVector<QPair<QString, double>> AddSessionDialog::media() const {
  QVector<QPair<QString, double>> out;
  for (int r = 0; r < table_->rowCount(); ++r)
    out.push_back({table_->item(r, 0)->data(Qt::UserRole).toString(),
                   static_cast<QDoubleSpinBox*>(table_->cellWidget(r, 1))->value()});
  return out;
}

void AddSessionDialog::validate() {
  QString problem;
  if (subjectCode().isEmpty()) problem = tr("Choose or type a subject code.");
  else if (sessionName().isEmpty()) problem = tr("Name the session.");
  else if (table_->rowCount() == 0) problem = tr("Add at least one media file.");
  problem_->setText(problem);
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace stf2m::ui
