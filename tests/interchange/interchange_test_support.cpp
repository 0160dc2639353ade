#include "interchange_test_support.h"

#include <QFile>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "support/media_test_support.h"

namespace stf2m::test {

using namespace stf2m::store;

bool SegmentView::operator<(const SegmentView& o) const {
  return std::tie(scheme, annotator, start, end, label) < std::tie(o.scheme, o.annotator, o.start, o.end, o.label);
}

QString SegmentView::describe() const {
  return QStringLiteral("%1/%2 by %3 [%4, %5] conf=%6 src=%7")
      .arg(qs(scheme), qs(label), qs(annotator))
      .arg(start, 0, 'g', 17)
      .arg(end, 0, 'g', 17)
      .arg(confidence ? QString::number(*confidence, 'g', 17) : QStringLiteral("-"), qs(source));
}

std::vector<SegmentView> segmentViews(const Project& project, int64_t sessionId, bool milliseconds) {
  const auto schemes = project.schemes();
  const auto annotators = project.annotators();
  std::vector<SegmentView> out;
  for (const Segment& g : project.segments(sessionId)) {
    SegmentView v;
    for (const auto& s : schemes)
      if (s.id == g.schemeId) {
        v.scheme = s.name;
        for (const auto& c : s.categories)
          if (c.id == g.categoryId) v.label = c.name;
      }
    for (const auto& a : annotators)
      if (a.id == g.annotatorId) v.annotator = a.name;
    v.start = milliseconds ? std::llround(g.start * 1000.0) / 1000.0 : g.start;
    v.end = milliseconds ? std::llround(g.end * 1000.0) / 1000.0 : g.end;
    v.confidence = g.confidence;
    v.source = g.source;
    out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

QString firstDifference(const std::vector<SegmentView>& a, const std::vector<SegmentView>& b, bool compareExtras) {
  if (a.size() != b.size()) return QStringLiteral("%1 segments vs %2").arg(a.size()).arg(b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const bool same = a[i].scheme == b[i].scheme && a[i].label == b[i].label && a[i].annotator == b[i].annotator &&
                      a[i].start == b[i].start && a[i].end == b[i].end &&
                      (!compareExtras || (a[i].confidence == b[i].confidence && a[i].source == b[i].source));
    if (!same) return QStringLiteral("segment %1: %2 vs %3").arg(i).arg(a[i].describe(), b[i].describe());
  }
  return {};
}

std::string projectSnapshot(const Project& project) {
  std::ostringstream out;
  out.precision(17);
  for (const auto& s : project.schemes()) {
    out << "scheme " << s.id << ' ' << s.name << ' ' << s.kind << '\n';
    for (const auto& c : s.categories) out << "  " << c.id << ' ' << c.name << ' ' << c.color << ' ' << c.hotkey << ' ' << c.position << '\n';
  }
  for (const auto& a : project.annotators()) out << "annotator " << a.id << ' ' << a.name << '\n';
  for (const auto& session : project.sessions())
    for (const auto& g : project.segments(session.id))
      out << "segment " << g.id << ' ' << g.sessionId << ' ' << g.categoryId << ' ' << g.annotatorId << ' ' << g.start << ' '
          << g.end << '\n';
  return out.str();
}

SessionProject makeProjectWithSession(const std::string& path, double offset) {
  Project p = Project::create(path, "Interchange test", "tester");
  const int64_t subject = p.addSubject("P01");
  const int64_t session = p.addSessionWithMedia(subject, "s1", {{fixture("h264_aac.mp4"), offset}});
  return {std::move(p), session};
}

void addSampleSegments(Project& project, int64_t sessionId) {
  LabelScheme gaze;
  gaze.name = "gaze";
  gaze.kind = "categorical";
  gaze.description = "Where the subject looks";
  gaze.categories = {{0, "screen", "#112233", "S", 0},
                     {0, "away \"far\", <left> & right", "#a0b0c0", "W", 1},
                     {0, "Blickkontakt \xc3\xa4\xc3\xb6", "#fedcba", "", 2},
                     {0, "unused", "#000000", "U", 3}};
  project.addScheme(gaze);
  const LabelScheme emotion = project.scheme("emotion");
  const LabelScheme g = project.scheme("gaze");
  const int64_t alice = project.addAnnotator("alice");
  const int64_t bob = project.addAnnotator("bob@lab.example");
  const int64_t model = project.addAnnotator("fsl-model");
  auto seg = [&](const LabelScheme& s, int cat, int64_t who, double a, double b, std::optional<double> conf = {},
                 const char* source = "human") {
    Segment x;
    x.sessionId = sessionId;
    x.schemeId = s.id;
    x.categoryId = s.categories[static_cast<size_t>(cat)].id;
    x.annotatorId = who;
    x.start = a;
    x.end = b;
    x.confidence = conf;
    x.source = source;
    return x;
  };
  project.addSegments({
      seg(emotion, 0, alice, 0.0, 0.5),          // anger at the very start
      seg(emotion, 4, alice, 0.5, 1.25),         // touching the previous one
      seg(emotion, 5, alice, 1.0, 1.6),          // overlaps: goes to a second tier
      seg(emotion, 3, alice, 1.7, 1.9),
      seg(emotion, 2, bob, 0.25, 0.75),
      seg(emotion, 6, bob, 1.2344, 1.9876),      // sub-millisecond times
      seg(emotion, 1, model, 0.1, 0.9, 0.83, "model"),
      seg(g, 0, alice, 0.0, 0.4),
      seg(g, 1, alice, 0.4, 1.1),
      seg(g, 2, bob, 0.3, 1.3, 0.5),
  });
}

bool writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  return f.write(text) == text.size();
}

int lineContaining(const QByteArray& text, const QByteArray& needle) {
  const int at = text.indexOf(needle);
  return at < 0 ? -1 : text.left(at).count('\n') + 1;
}

}  // namespace stf2m::test
