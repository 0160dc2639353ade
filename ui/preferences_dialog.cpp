#include "ui/preferences_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace stf2m::ui {

namespace {
const QString kDeviceKey = QStringLiteral("compute/device");
const QString kThreadsKey = QStringLiteral("compute/threads");
const QString kOverlayKey = QStringLiteral("view/faceOverlay");
}  // namespace

QString PreferencesDialog::device() { return QSettings().value(kDeviceKey, QStringLiteral("auto")).toString(); }
int PreferencesDialog::threads() { return QSettings().value(kThreadsKey, 0).toInt(); }
bool PreferencesDialog::faceOverlay() { return QSettings().value(kOverlayKey, true).toBool(); }

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("preferencesDialog"));
  setWindowTitle(tr("Preferences"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic (the GPU when there is one)"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("GPU (CUDA)"), QStringLiteral("cuda"));
  device_->setCurrentIndex(std::max(0, device_->findData(device())));
  device_->setToolTip(tr("Where new analyses run; a GPU that fails falls back to the CPU and the job says so"));
  threads_ = new QSpinBox(this);
  threads_->setRange(0, 256);
  threads_->setSpecialValueText(tr("all (%n)", nullptr, QThread::idealThreadCount()));
  threads_->setValue(threads());
  threads_->setToolTip(tr("CPU threads for the networks; fewer leaves cores free for other work"));
  overlay_ = new QCheckBox(tr("Draw the subject's face over the video"), this);
  overlay_->setChecked(faceOverlay());
  form->addRow(tr("Compute &device:"), device_);
  form->addRow(tr("CPU &threads:"), threads_);
  form->addRow(tr("Player:"), overlay_);
  layout->addLayout(form);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

void PreferencesDialog::save() const {
  QSettings settings;
  settings.setValue(kDeviceKey, device_->currentData().toString());
  settings.setValue(kThreadsKey, threads_->value());
  settings.setValue(kOverlayKey, overlay_->isChecked());
}

}  // namespace stf2m::ui
