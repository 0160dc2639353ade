#include "pipeline/face_stream.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "media/video_reader.h"
#include "perception/face_features.h"
#include "perception/face_sequence.h"

namespace stf2m::pipeline {

namespace {

perception::FacePipelineOptions pipelineOptions(const FaceStreamOptions& o) {
  perception::FacePipelineOptions p;
  p.modelDir = o.modelDir;
  p.device = o.device;
  return p;
}

perception::FaceTrackerOptions trackerOptions(const FaceStreamOptions& o) {
  perception::FaceTrackerOptions t;
  t.detectEvery = o.detectEvery;
  return t;
}

media::VideoReaderOptions readerOptions(const FaceStreamOptions& o) {
  media::VideoReaderOptions r;
  r.threads = o.decoderThreads;
  return r;
}

}  // namespace

struct FaceStream::Impl {
  media::VideoReader reader;
  double offset;
  perception::FaceSequence faces;
  media::Size display, analysis;
  double toDisplay = 1;  // analysis pixels -> display pixels
  std::vector<uint8_t> rgb;
  // A frame decoded and analysed past the last `end` asked for: reported by the next call.
  std::optional<FaceSample> pending;

  Impl(const std::string& path, double fileOffset, const FaceStreamOptions& o)
      : reader(path, readerOptions(o)), offset(fileOffset), faces(pipelineOptions(o), trackerOptions(o)) {
    display = reader.displaySizeWithin(0, 0);
    analysis = reader.displaySizeWithin(o.maxAnalysisSide, o.maxAnalysisSide);
    toDisplay = analysis.width > 0 ? double(display.width) / analysis.width : 1.0;
    rgb.resize(size_t(analysis.width) * analysis.height * 3);
  }

  FaceSample analyse(const media::DecodedFrame& frame) {
    reader.convertToRgb(frame, {rgb.data(), analysis.width, analysis.height, analysis.width * 3});
    const std::vector<perception::TrackedFace> tracked =
        faces.process(int(frame.index()), {rgb.data(), analysis.width, analysis.height, analysis.width * 3});
    FaceSample s;
    s.time = offset + frame.time();
    s.frame = frame.index();
    const int primary = faces.tracker().primaryTrack();
    const perception::TrackedFace* face = nullptr;
    for (const perception::TrackedFace& t : tracked)
      if (t.trackId == primary) face = &t;
    s.features = perception::faceFeatures(face ? &face->observation : nullptr);
    if (!face) return s;
    s.trackId = face->trackId;
    s.detected = face->detected;
    const perception::FaceBox& b = face->observation.box;
    s.box = {b.x * toDisplay, b.y * toDisplay, b.width * toDisplay, b.height * toDisplay, b.score};
    s.landmarksValid = face->observation.landmarks.valid;
    for (size_t i = 0; i < s.landmarks.size(); ++i) {
      const perception::FacePoint& p = face->observation.landmarks.points[i];
      s.landmarks[i] = {p.x * toDisplay, p.y * toDisplay};
    }
    return s;
  }
};

FaceStream::FaceStream(const std::string& path, double offset, const FaceStreamOptions& options)
    : impl_(std::make_unique<Impl>(path, offset, options)) {}

FaceStream::~FaceStream() = default;

double FaceStream::fps() const {
  const media::Rational r = impl_->reader.stream().averageFrameRate;
  return r.den > 0 ? r.value() : 0.0;
}
int FaceStream::displayWidth() const { return impl_->display.width; }
int FaceStream::displayHeight() const { return impl_->display.height; }
double FaceStream::endTime() const { return impl_->offset + impl_->reader.duration(); }

void FaceStream::samplesBefore(double end, std::vector<FaceSample>& out, const CancelToken* cancel,
                               const std::function<void(double)>& progress) {
  Impl& d = *impl_;
  if (d.pending) {
    if (d.pending->time >= end) return;
    out.push_back(std::move(*d.pending));
    d.pending.reset();
  }
  while (const media::DecodedFrame* frame = d.reader.nextFrame(cancel)) {
    throwIfCancelled(cancel, d.reader.path().c_str());
    if (d.offset + frame->time() < 0) continue;  // before the session starts
    FaceSample s = d.analyse(*frame);
    if (progress) progress(s.time);
    if (s.time >= end) {
      d.pending = std::move(s);
      return;
    }
    out.push_back(std::move(s));
  }
}

const std::vector<std::string>& FaceStream::diagnostics() const { return impl_->reader.diagnostics(); }

}  // namespace stf2m::pipeline
