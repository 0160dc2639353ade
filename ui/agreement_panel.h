#pragma once
// Agreement of the shown session and of its subject: for the emotion scheme each pair of raters
// (Cohen's kappa over the frames both labelled, 25 Hz), the model's pairs marked, beside the range
// of the human pairs, and all raters together (Krippendorff's alpha, Fleiss' kappa; the model is
// the one shown); for each traced dimension each pair's CCC, ICC(2,1) and alpha (interval).
#include <QWidget>

#include "ui/project_reader.h"

class QLabel;
class QTreeWidget;

namespace stf2m::ui {

class AgreementPanel : public QWidget {
  Q_OBJECT

 public:
  explicit AgreementPanel(QWidget* parent = nullptr);
  void showAgreement(const QVector<AgreementEntry>& entries);
  void clear();
  const QVector<AgreementEntry>& entries() const { return entries_; }

 private:
  QVector<AgreementEntry> entries_;
  QLabel* note_;
  QTreeWidget* tree_;
};

}  // namespace stf2m::ui
