#include "pipeline/face_stream.h"

#include <algorithm>
#include <cmath>

#include "media/video_reader.h"
#include "perception/face_features.h"
#include "perception/face_sequence.h"

namespace stf2m::pipeline {

namespace {

// A face that returns within this time after the tracker lost it keeps its id (when position,
// size and landmark geometry agree: face_tracker.h).
constexpr double kReidentifySeconds = 2.5;

double frameRate(const media::VideoReader& reader) {
  const media::Rational r = reader.stream().averageFrameRate;
  return r.valid() ? r.value() : 0.0;
}

perception::FacePipelineOptions pipelineOptions(const FaceStreamOptions& o) {
  perception::FacePipelineOptions p;
  p.modelDir = o.modelDir;
  p.device = o.device;
  return p;
}

perception::FaceTrackerOptions trackerOptions(const FaceStreamOptions& o, double fps) {
  perception::FaceTrackerOptions t;
  t.detectEvery = o.detectEvery;
  if (fps > 0) {
    t.fps = fps;
    t.reidentifyFrames = int(std::ceil(kReidentifySeconds * fps));
  }
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
  perception::FaceSequence faces;
  media::Size display, analysis;
  double toDisplay = 1;  // analysis pixels -> display pixels
  std::vector<uint8_t> rgb;
  // A frame decoded past the end of the last range asked for, not yet analysed: it opens the
  // next range (the reader keeps it valid until the reader moves).
  const media::DecodedFrame* pending = nullptr;
  bool exhausted = false;  // resumed past the last frame
  int analysed = 0;

  Impl(const std::string& path, const FaceStreamOptions& o)
      : reader(path, readerOptions(o)), faces(pipelineOptions(o), trackerOptions(o, frameRate(reader))) {
    display = reader.displaySizeWithin(0, 0);
    analysis = reader.displaySizeWithin(o.maxAnalysisSide, o.maxAnalysisSide);
    toDisplay = analysis.width > 0 ? double(display.width) / analysis.width : 1.0;
    rgb.resize(size_t(analysis.width) * analysis.height * 3);
  }

  // The primary subject's face in this frame: the tracker's primary subject when it is here,
  // else the face here whose track has the most hits so far (then the larger mean area). A
  // subject whose track broke (the face left the picture, or the tracker lost it) comes back
  // under a new id; without the second rule the old, ended track would stay primary and the
  // returning face would never be reported.
  const perception::TrackedFace* primaryIn(const std::vector<perception::TrackedFace>& tracked) const {
    if (tracked.empty()) return nullptr;
    const int primary = faces.tracker().primaryTrack();
    for (const perception::TrackedFace& t : tracked)
      if (t.trackId == primary) return &t;
    const std::vector<perception::FaceTrackInfo> info = faces.tracker().tracks();
    auto rank = [&](int id) {
      for (const perception::FaceTrackInfo& i : info)
        if (i.trackId == id) return std::make_pair(i.hits, i.meanArea);
      return std::make_pair(0, 0.0);
    };
    const perception::TrackedFace* best = &tracked.front();
    for (const perception::TrackedFace& t : tracked)
      if (rank(t.trackId) > rank(best->trackId)) best = &t;
    return best;
  }

  FaceSample analyse(const media::DecodedFrame& frame) {
    ++analysed;
    const perception::RgbImageView view{rgb.data(), analysis.width, analysis.height, analysis.width * 3};
    reader.convertToRgb(frame, {rgb.data(), analysis.width, analysis.height, analysis.width * 3});
    const std::vector<perception::TrackedFace> tracked = faces.process(int(frame.index()), view);
    FaceSample s;
    s.time = frame.time();
    s.frame = frame.index();
    const perception::TrackedFace* face = primaryIn(tracked);
    s.features = perception::faceFeatures(face ? &face->observation : nullptr);
    if (!face) return s;
    s.trackId = face->trackId;
    s.source = face->source;
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

FaceStream::FaceStream(const std::string& path, const FaceStreamOptions& options)
    : impl_(std::make_unique<Impl>(path, options)) {}

FaceStream::~FaceStream() = default;

double FaceStream::fps() const { return frameRate(impl_->reader); }
int FaceStream::displayWidth() const { return impl_->display.width; }
int FaceStream::displayHeight() const { return impl_->display.height; }
double FaceStream::duration() const { return impl_->reader.duration(); }

std::vector<FaceSample> FaceStream::samples(double start, double end, const CancelToken* cancel,
                                            const std::function<void(double)>& progress) {
  Impl& d = *impl_;
  std::vector<FaceSample> out;
  if (d.exhausted) return out;
  const media::DecodedFrame* frame = d.pending ? d.pending : d.reader.nextFrame(cancel);
  d.pending = nullptr;
  for (; frame; frame = d.reader.nextFrame(cancel)) {
    throwIfCancelled(cancel, d.reader.path().c_str());
    if (frame->time() < start) continue;  // before the range (after a resume's seek)
    if (frame->time() >= end) {
      d.pending = frame;
      break;
    }
    out.push_back(d.analyse(*frame));
    if (progress) progress(frame->time());
  }
  return out;
}

void FaceStream::resume(double start, perception::FaceTrackerState state) {
  Impl& d = *impl_;
  d.faces.tracker().restore(std::move(state));
  d.pending = nullptr;
  d.exhausted = false;
  if (start <= 0) {
    d.reader.rewind();
    return;
  }
  // The first frame at or after `start`: decode it by index, then keep it for samples().
  int64_t index = start < d.reader.duration() ? d.reader.indexAtTime(start) : d.reader.frameCount();
  if (index < d.reader.frameCount() && d.reader.frameTime(index) < start) ++index;
  if (index >= d.reader.frameCount()) {
    d.exhausted = true;
    return;
  }
  d.pending = &d.reader.frameAtIndex(index);
}

const perception::FaceTrackerState& FaceStream::trackerState() const { return impl_->faces.tracker().state(); }

int FaceStream::framesAnalysed() const { return impl_->analysed; }

const std::vector<std::string>& FaceStream::diagnostics() const { return impl_->reader.diagnostics(); }

}  // namespace stf2m::pipeline
