#include "ui/agreement_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace stf2m::ui {

namespace {
QString value(double v) { return std::isnan(v) ? QStringLiteral("—") : QString::number(v, 'f', 3); }
}  // namespace

AgreementPanel::AgreementPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("agreementPanel"));
  auto* layout = new QVBoxLayout(this);
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  layout->addWidget(note_);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("agreementTree"));
  tree_->setHeaderLabels({tr("Raters"), tr("Agreement")});
  tree_->header()->setStretchLastSection(false);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  setMinimumWidth(260);
  layout->addWidget(tree_, 1);
  clear();
}

void AgreementPanel::clear() { showAgreement({}); }

void AgreementPanel::showAgreement(const QVector<AgreementEntry>& entries) {
  entries_ = entries;
  tree_->clear();
  auto row = [](QTreeWidgetItem* parent, const QString& text, const QString& number) {
    auto* item = new QTreeWidgetItem(parent, {text, number});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    return item;
  };
  for (const AgreementEntry& e : entries) {
    auto* group = new QTreeWidgetItem(tree_, {QStringLiteral("%1 · %2").arg(e.scheme, e.scope), QString()});
    QFont bold = group->font(0);
    bold.setBold(true);
    group->setFont(0, bold);
    const QString pairStatistic = e.continuous ? tr("CCC") : tr("κ");
    if (e.continuous) {
      group->setToolTip(0, tr("Traces resampled to 25 Hz over the time all raters traced: Lin's CCC per pair, "
                              "ICC(2,1) and Krippendorff's α (interval) for all raters"));
      row(group, tr("all raters: ICC(2,1)"), value(e.icc));
      row(group, tr("all raters: Krippendorff's α (interval)"), value(e.alpha));
    } else {
      group->setToolTip(0, tr("All raters: Krippendorff's α %1, Fleiss' κ %2 (frames every rater labelled)")
                               .arg(value(e.alpha), value(e.fleissKappa)));
      row(group, tr("all raters: Krippendorff's α"), value(e.alpha));
    }
    row(group, tr("human pairs: range of %1").arg(pairStatistic),
        std::isnan(e.humanMin) ? QStringLiteral("—") : QStringLiteral("%1 – %2").arg(value(e.humanMin), value(e.humanMax)));
    for (const AgreementPairEntry& p : e.pairs) {
      auto* item = row(group, tr("%1 vs %2 · %3").arg(p.raterA, p.raterB, pairStatistic), value(p.value));
      item->setToolTip(1, e.continuous ? tr("%n sample(s) both traced", nullptr, int(p.frames))
                                       : tr("%n frame(s) both labelled", nullptr, int(p.frames)));
      if (p.involvesModel) {
        item->setForeground(0, palette().color(QPalette::Link));
        const bool inside = !std::isnan(e.humanMin) && p.value >= e.humanMin && p.value <= e.humanMax;
        item->setToolTip(0, std::isnan(e.humanMin) ? tr("The model against a rater (fewer than two human raters to compare with)")
                            : inside               ? tr("The model agrees with this rater as well as the raters agree with each other")
                                                   : tr("The model's agreement is outside the human range"));
      }
    }
    group->setExpanded(true);
  }
  note_->setText(entries.isEmpty() ? tr("No agreement yet: it needs segments of the emotion scheme by at least one rater "
                                        "and the model's predictions, or two raters (or traces by two raters).")
                                   : tr("At 25 Hz; for the emotion scheme the shown model is one more rater."));
}

}  // namespace stf2m::ui
