#include "ui/media_info_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include "ui/time_format.h"

namespace stf2m::ui {

namespace {

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& property, const QString& value) {
  auto* item = new QTreeWidgetItem(parent, {property, value});
  item->setToolTip(1, value);  // long codec names are elided in a narrow dock
  return item;
}

QString fromStd(const std::string& text) { return QString::fromStdString(text); }

QString durationText(double seconds) {
  if (seconds < 0) return MediaInfoPanel::tr("unknown");
  return MediaInfoPanel::tr("%1 (%2 s)")
      .arg(formatTimestamp(seconds, needsHours(seconds)), QLocale().toString(seconds, 'f', 3));
}

QString bitRateText(int64_t bitsPerSecond) {
  return MediaInfoPanel::tr("%1 kbit/s").arg(QLocale().toString(static_cast<double>(bitsPerSecond) / 1000.0, 'f', 0));
}

QString codecText(const media::StreamInfo& stream) {
  if (stream.codecLongName.empty() || stream.codecLongName == stream.codec) return fromStd(stream.codec);
  return QStringLiteral("%1 (%2)").arg(fromStd(stream.codec), fromStd(stream.codecLongName));
}

QString kindText(media::StreamKind kind) {
  switch (kind) {
    case media::StreamKind::Video: return MediaInfoPanel::tr("video");
    case media::StreamKind::Audio: return MediaInfoPanel::tr("audio");
    case media::StreamKind::Subtitle: return MediaInfoPanel::tr("subtitles");
    case media::StreamKind::Data: return MediaInfoPanel::tr("data");
    case media::StreamKind::Attachment: return MediaInfoPanel::tr("attachment");
    case media::StreamKind::Unknown: break;
  }
  return MediaInfoPanel::tr("unknown");
}

QString frameRateText(const media::Rational& rate) {
  if (!rate.valid()) return MediaInfoPanel::tr("unknown");
  // 30000/1001 reads better as 29.970 than as a fraction; keep the fraction in the tooltip.
  return MediaInfoPanel::tr("%1 fps").arg(QLocale().toString(rate.value(), 'f', 3));
}

}  // namespace

MediaInfoPanel::MediaInfoPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("mediaInfoPanel"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("mediaInfoTree"));
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Property"), tr("Value")});
  tree_->setRootIsDecorated(true);
  tree_->setUniformRowHeights(true);
  tree_->setAlternatingRowColors(true);
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree_->header()->setStretchLastSection(true);
  layout->addWidget(tree_);

  copyJsonButton_ = new QPushButton(tr("Copy as JSON"), this);
  copyJsonButton_->setToolTip(tr("Copy the full probe result to the clipboard"));
  connect(copyJsonButton_, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(probeJson_); });
  auto* buttons = new QHBoxLayout;
  buttons->setContentsMargins(4, 0, 4, 4);
  buttons->addStretch(1);
  buttons->addWidget(copyJsonButton_);
  layout->addLayout(buttons);

  clear();
}

void MediaInfoPanel::clear() {
  tree_->clear();
  probeJson_.clear();
  copyJsonButton_->setEnabled(false);
}

void MediaInfoPanel::setSummary(const MediaSummary& summary) {
  clear();
  const media::MediaInfo& info = summary.info;
  probeJson_ = summary.probeJson;
  copyJsonButton_->setEnabled(!probeJson_.isEmpty());

  auto* file = new QTreeWidgetItem(tree_, {tr("File"), QFileInfo(summary.path).fileName()});
  file->setToolTip(1, QDir::toNativeSeparators(summary.path));
  addRow(file, tr("Folder"), QDir::toNativeSeparators(QFileInfo(summary.path).absolutePath()));
  addRow(file, tr("Size"), QLocale().formattedDataSize(info.sizeBytes));
  addRow(file, tr("Container"), info.containerLongName.empty()
                                    ? fromStd(info.container)
                                    : QStringLiteral("%1 (%2)").arg(fromStd(info.containerLongName), fromStd(info.container)));
  addRow(file, tr("Duration"), durationText(info.duration));
  if (info.bitRate > 0) addRow(file, tr("Bit rate"), bitRateText(info.bitRate));
  if (info.startTime != 0.0) addRow(file, tr("Start time"), tr("%1 s").arg(QLocale().toString(info.startTime, 'f', 3)));
  file->setExpanded(true);

  for (const media::StreamInfo& stream : info.streams) addStream(stream, summary);

  if (!summary.diagnostics.isEmpty()) {
    auto* warnings = new QTreeWidgetItem(tree_, {tr("Warnings"), tr("%n problem(s) while indexing", nullptr,
                                                                    static_cast<int>(summary.diagnostics.size()))});
    for (const QString& line : summary.diagnostics) addRow(warnings, QString(), line);
    warnings->setExpanded(true);
  }
}

void MediaInfoPanel::addStream(const media::StreamInfo& stream, const MediaSummary& summary) {
  auto* item = new QTreeWidgetItem(tree_, {tr("Stream %1").arg(stream.index), kindText(stream.kind)});
  addRow(item, tr("Codec"), codecText(stream));
  if (!stream.decodable) addRow(item, tr("Decoder"), tr("not available in this installation"));

  if (stream.kind == media::StreamKind::Video) {
    addRow(item, tr("Frame size"), tr("%1 × %2").arg(stream.width).arg(stream.height));
    const bool primary = summary.info.firstVideo() && summary.info.firstVideo()->index == stream.index;
    if (primary && summary.displaySize.isValid() && summary.displaySize != summary.codedSize)
      addRow(item, tr("Display size"), tr("%1 × %2").arg(summary.displaySize.width()).arg(summary.displaySize.height()));
    if (!stream.pixelFormat.empty()) addRow(item, tr("Pixel format"), fromStd(stream.pixelFormat));
    if (stream.sampleAspectRatio.valid() && stream.sampleAspectRatio.num != stream.sampleAspectRatio.den)
      addRow(item, tr("Pixel aspect ratio"),
             QStringLiteral("%1:%2").arg(stream.sampleAspectRatio.num).arg(stream.sampleAspectRatio.den));
    auto* rate = addRow(item, tr("Frame rate"), frameRateText(stream.averageFrameRate));
    rate->setToolTip(1, tr("average %1/%2, base %3/%4")
                            .arg(stream.averageFrameRate.num)
                            .arg(stream.averageFrameRate.den)
                            .arg(stream.realFrameRate.num)
                            .arg(stream.realFrameRate.den));
    const QString intervals = tr("frame interval %1–%2 ms over %n frame(s)", nullptr, stream.scannedFrames)
                                  .arg(QLocale().toString(stream.minFrameInterval * 1000.0, 'f', 2),
                                       QLocale().toString(stream.maxFrameInterval * 1000.0, 'f', 2));
    auto* mode = addRow(item, tr("Frame rate mode"), stream.variableFrameRate ? tr("variable") : tr("constant"));
    if (stream.scannedFrames > 0) mode->setToolTip(1, intervals);
    addRow(item, tr("Rotation"), stream.rotation == 0 && !stream.mirrored
                                     ? tr("none")
                                     : (stream.mirrored ? tr("%1° clockwise, mirrored") : tr("%1° clockwise"))
                                           .arg(stream.rotation));
    if (primary) addRow(item, tr("Frames"), QLocale().toString(summary.frameCount));
    else if (stream.frameCount >= 0) addRow(item, tr("Frames"), QLocale().toString(static_cast<qint64>(stream.frameCount)));
  } else if (stream.kind == media::StreamKind::Audio) {
    addRow(item, tr("Sample rate"), tr("%1 Hz").arg(stream.sampleRate));
    addRow(item, tr("Channels"), stream.channelLayout.empty()
                                     ? QString::number(stream.channels)
                                     : QStringLiteral("%1 (%2)").arg(stream.channels).arg(fromStd(stream.channelLayout)));
    if (!stream.sampleFormat.empty()) addRow(item, tr("Sample format"), fromStd(stream.sampleFormat));
  }
  if (stream.duration >= 0) addRow(item, tr("Duration"), durationText(stream.duration));
  if (stream.bitRate > 0) addRow(item, tr("Bit rate"), bitRateText(stream.bitRate));
  if (!stream.language.empty() && stream.language != "und") addRow(item, tr("Language"), fromStd(stream.language));
  item->setExpanded(true);
}

QString MediaInfoPanel::valueOf(const QString& property) const {
  for (QTreeWidgetItemIterator it(tree_); *it; ++it)
    if ((*it)->text(0) == property) return (*it)->text(1);
  return {};
}

}  // namespace stf2m::ui
