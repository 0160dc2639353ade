#pragma once
// File ▸ Preferences: where analyses run (automatic, CPU or CUDA), how many CPU threads LibTorch
// uses, and whether the face overlay is drawn. Stored in QSettings; new jobs use them.
#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace stf2m::ui {

class PreferencesDialog : public QDialog {
  Q_OBJECT

 public:
  explicit PreferencesDialog(QWidget* parent = nullptr);
  // Writes the choices to QSettings (on OK).
  void save() const;

  static QString device();  // auto | cpu | cuda
  static int threads();     // 0: one per hardware thread
  static bool faceOverlay();

 private:
  QComboBox* device_ = nullptr;
  QSpinBox* threads_ = nullptr;
  QCheckBox* overlay_ = nullptr;
};

}  // namespace stf2m::ui
