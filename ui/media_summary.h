#pragma once
// What the GUI learns about a file once the worker has opened and indexed it. Plain data, copied
// across threads through a queued signal; the frame times are shared, not copied.
#include <QMetaType>
#include <QSize>
#include <QString>
#include <QStringList>

#include "media/media_info.h"
#include "ui/frame_timeline.h"

namespace stf2m::ui {

struct MediaSummary {
  QString path;
  media::MediaInfo info;     // the probe, for the information panel
  QString probeJson;         // the same as `stf2m probe` prints, for "copy as JSON"
  FrameTimeline timeline;    // every frame's presentation time
  qint64 frameCount = 0;
  double frameRate = 0.0;    // average, frames per second (0 when unknown)
  double duration = 0.0;     // seconds, end of the last frame
  QSize codedSize;           // as stored in the stream
  QSize displaySize;         // rotation and sample aspect ratio applied
  QString videoCodec;
  bool hasAudio = false;
  QStringList diagnostics;   // damage met while indexing
};

}  // namespace stf2m::ui

Q_DECLARE_METATYPE(stf2m::ui::MediaSummary)
