#pragma once
// What the review views draw for one session: one model's windows with, per view (modality) and
// emotion, the probability and the low / medium / high memberships, each view's reliability, and
// the fused probabilities with their confidence. Built the same way from stored predictions and
// from a running analysis (whose windows are first turned into prediction rows), so the views
// cannot draw a live analysis differently from the stored one.
#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>
#include <vector>

namespace stf2m::store {
struct Prediction;
struct LabelScheme;
}  // namespace stf2m::store

namespace stf2m::ui {

// What a heatmap cell shows: the view's probability or one linguistic term's membership.
enum class MembershipTerm { Probability = 0, Low = 1, Medium = 2, High = 3 };

struct ReviewWindow {
  double start = 0, end = 0;  // session seconds
  QVector<float> fused;        // per emotion; NaN when the window has no view
  double confidence = std::numeric_limits<double>::quiet_NaN();
  QVector<float> probabilities;  // views x emotions, NaN for a view the window does not have
  QVector<float> terms;          // views x emotions x 3 (low, medium, high); empty when not stored
  QVector<float> reliability;    // per view; empty when not stored
  QVector<float> ruleFiring;     // views x rules; empty when not stored
  QVector<float> ruleInputs;     // views x rule variables; empty when not stored
  double centre() const { return 0.5 * (start + end); }
  bool hasView(int view, int emotions) const;
};

struct SessionReview {
  qint64 sessionId = 0;
  qint64 modelId = 0;
  QString modelSha256;
  QStringList emotions;     // the model's classes, in its order
  QVector<QColor> colors;   // per emotion: the label scheme's colour, else a fixed palette
  QStringList views;        // the model's modalities, e.g. "face", "voice"
  QVector<ReviewWindow> windows;  // by start time

  bool isEmpty() const { return windows.isEmpty(); }
  double end() const { return windows.isEmpty() ? 0.0 : windows.constLast().end; }
  // The window whose centre is nearest to `seconds` (windows overlap when the hop is shorter than
  // the window), -1 when there are none.
  int windowNearest(double seconds) const;
  // One cell of the heatmap: NaN when the view is absent in that window or the term not stored.
  float cell(int window, int view, int emotion, MembershipTerm term) const;
};

// Converts stored (or freshly made) prediction rows; rows whose view or class counts differ from
// `views` and `emotions` are skipped and counted in `skipped` (a model's rows never differ; a
// damaged project might).
QVector<ReviewWindow> reviewWindows(const std::vector<store::Prediction>& rows, int views, int emotions,
                                    int* skipped = nullptr);

// The emotions' colours: each emotion's category colour in `scheme` when the names match, else
// a colour of a fixed, colour-blind-friendly palette.
QVector<QColor> emotionColors(const QStringList& emotions, const store::LabelScheme* scheme);

}  // namespace stf2m::ui
