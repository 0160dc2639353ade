#include "ui/session_review.h"

#include <algorithm>
#include <cmath>

#include "store/project.h"

namespace stf2m::ui {

bool ReviewWindow::hasView(int view, int emotions) const {
  const qsizetype at = qsizetype(view) * emotions;
  return at < probabilities.size() && !std::isnan(probabilities[at]);
}

int SessionReview::windowNearest(double seconds) const {
  if (windows.isEmpty()) return -1;
  // Centres grow with the start times; find the first centre at or after `seconds`.
  auto it = std::lower_bound(windows.cbegin(), windows.cend(), seconds,
                             [](const ReviewWindow& w, double t) { return w.centre() < t; });
  if (it == windows.cend()) return int(windows.size()) - 1;
  const int after = int(it - windows.cbegin());
  if (after == 0) return 0;
  return seconds - windows[after - 1].centre() <= windows[after].centre() - seconds ? after - 1 : after;
}

float SessionReview::cell(int window, int view, int emotion, MembershipTerm term) const {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  if (window < 0 || window >= windows.size()) return nan;
  const ReviewWindow& w = windows[window];
  const qsizetype at = qsizetype(view) * emotions.size() + emotion;
  if (term == MembershipTerm::Probability) return at < w.probabilities.size() ? w.probabilities[at] : nan;
  const qsizetype t = at * 3 + (int(term) - 1);
  return t < w.terms.size() ? w.terms[t] : nan;
}

QVector<ReviewWindow> reviewWindows(const std::vector<store::Prediction>& rows, int views, int emotions, int* skipped) {
  QVector<ReviewWindow> out;
  out.reserve(qsizetype(rows.size()));
  int bad = 0;
  for (const store::Prediction& p : rows) {
    if (p.viewCount != views || p.classCount != emotions) {
      ++bad;
      continue;
    }
    ReviewWindow w;
    w.start = p.windowStart;
    w.end = p.windowEnd;
    w.fused = QVector<float>(p.fused.begin(), p.fused.end());
    w.confidence = p.confidence;
    w.probabilities = QVector<float>(p.memberships.begin(), p.memberships.end());
    w.terms = QVector<float>(p.terms.begin(), p.terms.end());
    w.reliability = QVector<float>(p.reliability.begin(), p.reliability.end());
    w.ruleFiring = QVector<float>(p.ruleFiring.begin(), p.ruleFiring.end());
    w.ruleInputs = QVector<float>(p.ruleInputs.begin(), p.ruleInputs.end());
    out.push_back(std::move(w));
  }
  if (skipped) *skipped = bad;
  return out;
}

QVector<QColor> emotionColors(const QStringList& emotions, const store::LabelScheme* scheme) {
  // Okabe & Ito's palette, then Tableau's: distinguishable with the common colour-vision deficiencies.
  static const char* const palette[] = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
                                        "#cc79a7", "#000000", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf"};
  QVector<QColor> out;
  int next = 0;
  for (const QString& emotion : emotions) {
    QColor color;
    if (scheme)
      for (const store::Category& c : scheme->categories)
        if (QString::fromStdString(c.name).compare(emotion, Qt::CaseInsensitive) == 0)
          color = QColor(QString::fromStdString(c.color));
    if (!color.isValid()) color = QColor(QLatin1String(palette[next++ % std::size(palette)]));
    out.push_back(color);
  }
  return out;
}

}  // namespace stf2m::ui
