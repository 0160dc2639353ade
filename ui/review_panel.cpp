#include "ui/review_panel.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/annotation_tiers.h"
#include "ui/emotion_curves.h"
#include "ui/membership_heatmap.h"
#include "ui/qcp.h"
#include "ui/time_axis.h"

namespace stf2m::ui {

ReviewPanel::ReviewPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("reviewPanel"));
  axis_ = new TimeAxis(this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("reviewTitle"));
  title_->setContentsMargins(8, 4, 8, 4);
  title_->setWordWrap(true);
  modelBox_ = new QComboBox(this);
  modelBox_->setObjectName(QStringLiteral("reviewModel"));
  modelBox_->setToolTip(tr("Whose predictions are shown: every model that has analysed this session"));
  modelBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  auto* header = new QHBoxLayout;
  header->setContentsMargins(0, 0, 8, 0);
  header->addWidget(title_, 1);
  header->addWidget(new QLabel(tr("Model:"), this));
  header->addWidget(modelBox_);
  compareBox_ = new QComboBox(this);
  compareBox_->setObjectName(QStringLiteral("reviewComparison"));
  compareBox_->setToolTip(tr("Another model's curves drawn dashed over the shown ones, e.g. the model before an adaptation"));
  compareBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  header->addWidget(new QLabel(tr("Compare with:"), this));
  header->addWidget(compareBox_);
  layout->addLayout(header);
  connect(modelBox_, &QComboBox::activated, this, [this](int index) {
    const qint64 id = modelBox_->itemData(index).toLongLong();
    if (id != review_.modelId) Q_EMIT modelChosen(id);
  });
  connect(compareBox_, &QComboBox::activated, this, [this](int index) {
    Q_EMIT comparisonChosen(compareBox_->itemData(index).toLongLong());
  });

  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->setObjectName(QStringLiteral("reviewSplitter"));
  heatmap_ = new MembershipHeatmap(axis_, splitter);
  curves_ = new EmotionCurves(axis_, splitter);
  tiers_ = new AnnotationTiers(axis_, splitter);
  splitter->addWidget(heatmap_);
  splitter->addWidget(curves_);
  splitter->addWidget(tiers_);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 3);
  splitter->setStretchFactor(2, 1);
  splitter->setChildrenCollapsible(false);
  plots_ = splitter;
  layout->addWidget(splitter, 1);
  showMessage(tr("Open a project (File ▸ Open Project…) and choose a session."));
}

QWidget* ReviewPanel::part(Part part) const {
  switch (part) {
    case Part::Heatmap: return heatmap_;
    case Part::Curves: return curves_;
    case Part::Timeline: return tiers_;
    case Part::All: break;
  }
  return const_cast<ReviewPanel*>(this);
}

void ReviewPanel::setReview(const SessionReview& review) {
  const bool newSession = review.sessionId != review_.sessionId || review.modelId != review_.modelId;
  review_ = review;
  if (newSession) axis_->setDuration(std::max(axis_->duration(), review.end()));
  else axis_->extendDuration(review.end());
  heatmap_->setReview(review);
  curves_->setReview(review);
  tiers_->setModelTier(review.isEmpty() ? AnnotationTier() : modelTier(review, tr("model · %1").arg(modelName_)));
}

void ReviewPanel::showSession(const SessionData& data) {
  modelName_ = data.entry.modelFile;
  review_ = SessionReview();
  review_.sessionId = -1;  // force a new range
  axis_->setDuration(data.entry.duration);
  tiers_->setTiers(data.tiers);
  setReview(data.review);
  curves_->setComparison(data.comparison);
  {
    const QSignalBlocker block(modelBox_), blockComparison(compareBox_);
    modelBox_->clear();
    compareBox_->clear();
    compareBox_->addItem(tr("none"), qint64(0));
    for (const ModelChoice& m : data.models) {
      modelBox_->addItem(tr("%1 · %n window(s)", nullptr, m.windows).arg(m.name), m.id);
      if (m.id != data.review.modelId) compareBox_->addItem(m.name, m.id);
    }
    modelBox_->setCurrentIndex(std::max(0, modelBox_->findData(data.review.modelId)));
    modelBox_->setEnabled(data.models.size() > 1);
    compareBox_->setCurrentIndex(std::max(0, compareBox_->findData(data.comparison.modelId)));
    compareBox_->setEnabled(compareBox_->count() > 1);
  }
  QString title = tr("<b>%1</b> · subject %2 · %3 s")
                      .arg(data.entry.name.toHtmlEscaped(), data.entry.subjectCode.toHtmlEscaped())
                      .arg(data.entry.duration, 0, 'f', 1);
  if (data.review.isEmpty())
    title += QStringLiteral(" · ") + tr("not analysed yet (Analysis ▸ Analyse Session, Ctrl+R)");
  else
    title += QStringLiteral(" · ") + tr("model %1, %n window(s)", nullptr, int(data.review.windows.size()))
                                          .arg(data.entry.modelName.toHtmlEscaped());
  if (!data.review.isEmpty() && !data.entry.labelledBy.isEmpty())
    title += QStringLiteral(" · ") + tr("labelled by %1").arg(data.entry.labelledBy.toHtmlEscaped());
  if (!data.comparison.windows.isEmpty())
    title += QStringLiteral(" · ") + tr("dashed: %1").arg(data.comparisonName.toHtmlEscaped());
  if (data.skippedRows > 0)
    title += QStringLiteral(" · ") + tr("%n stored window(s) did not match the model and are not shown", nullptr,
                                        data.skippedRows);
  title_->setText(title);
}

void ReviewPanel::showLiveReview(const SessionReview& review) {
  if (review.modelId != review_.modelId) modelName_ = tr("analysis in progress");
  setReview(review);
}

void ReviewPanel::showMessage(const QString& text) { title_->setText(text); }

void ReviewPanel::clear() {
  review_ = SessionReview();
  heatmap_->clear();
  curves_->clear();
  tiers_->clear();
  axis_->setDuration(0);
}

QString ReviewPanel::exportPart(Part which, const QString& path) const {
  const QString suffix = QFileInfo(path).suffix().toLower();
  QWidget* widget = part(which);
  QCustomPlot* plot = which == Part::Heatmap ? heatmap_->plot() : which == Part::Curves ? curves_->plot() : nullptr;
  bool ok = false;
  if (suffix == QLatin1String("png")) {
    ok = plot ? plot->savePng(path, 0, 0, 2.0) : widget->grab().save(path, "PNG");
  } else if (suffix == QLatin1String("pdf")) {
    if (plot) {
      ok = plot->savePdf(path);
    } else {
      QPdfWriter writer(path);
      writer.setPageSize(QPageSize(QSizeF(widget->width(), widget->height()), QPageSize::Point));
      writer.setPageMargins(QMarginsF(0, 0, 0, 0));
      writer.setResolution(72);
      QPainter painter;
      ok = painter.begin(&writer);
      if (ok) widget->render(&painter);
    }
  } else if (suffix == QLatin1String("svg")) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(widget->size());
    svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
    svg.setTitle(QStringLiteral("ST-F2M Studio"));
    // Vector output: the plot draws itself into the SVG painter rather than a pixel copy.
    QCPPainter painter;
    ok = painter.begin(&svg);
    if (ok) {
      if (plot) plot->toPainter(&painter, plot->width(), plot->height());
      else widget->render(&painter);
      ok = painter.end();
    }
  } else {
    return tr("%1: plots are exported as PNG, SVG or PDF; choose a file name ending in .png, .svg or .pdf").arg(path);
  }
  return ok ? QString() : tr("%1 could not be written (check the folder exists and is writable)").arg(path);
}

}  // namespace stf2m::ui
