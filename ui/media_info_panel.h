#pragma once
// The "Media Information" dock: what the probe found in the file (container, duration, each
// stream with codec, size, frame rate and its constancy, rotation, audio format), plus any damage
// met while indexing. "Copy as JSON" puts the full probe on the clipboard for bug reports.
#include <QWidget>

#include "ui/media_summary.h"

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace stf2m::ui {

class MediaInfoPanel : public QWidget {
  Q_OBJECT

 public:
  explicit MediaInfoPanel(QWidget* parent = nullptr);

  void setSummary(const MediaSummary& summary);
  void clear();

  QTreeWidget* tree() const { return tree_; }
  // The value shown for `property` (first match, depth-first), for tests.
  QString valueOf(const QString& property) const;

 private:
  void addStream(const media::StreamInfo& stream, const MediaSummary& summary);

  QTreeWidget* tree_ = nullptr;
  QPushButton* copyJsonButton_ = nullptr;
  QString probeJson_;
};

}  // namespace stf2m::ui
