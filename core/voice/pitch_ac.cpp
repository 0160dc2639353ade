// Autocorrelation pitch tracker after Boersma (1993), "Accurate short-term analysis of the
// fundamental frequency and the harmonics-to-noise ratio of a sampled sound", as in Praat's
// "To Pitch (ac)": Hann-windowed, mean-removed frame; autocorrelation through the FFT divided by
// the window's own autocorrelation; local maxima refined by parabolic then windowed-sinc
// interpolation; up to N candidates plus an unvoiced one; Viterbi path with octave-jump and
// voiced/unvoiced transition costs. Written from the paper and the Praat manual.
#include <algorithm>
#include <cmath>
#include <vector>

#include "voice/rfft.h"
#include "voice/voice_features.h"

namespace stf2m::voice {
namespace {

struct Candidate {
  double frequency = 0;  // 0 = unvoiced
  double strength = 0;
};

// r(x) by windowed-sinc interpolation of the sampled autocorrelation r[0..], r[-i] = r[i].
double sincInterpolate(const std::vector<double>& r, double x, int depth) {
  const int n = static_cast<int>(r.size());
  const int left = static_cast<int>(std::floor(x));
  const double frac = x - left;
  if (frac == 0) return r[std::min(std::abs(left), n - 1)];
  // sin(pi (x - i)) = sin(pi frac) (-1)^(left - i); the window's cosine advances by a rotation.
  const double sinFrac = std::sin(M_PI * frac);
  const double step = -M_PI / (depth + 0.5);
  int i = left - depth + 1;
  double d = x - i;
  double cw = std::cos(M_PI * d / (depth + 0.5)), sw = std::sin(M_PI * d / (depth + 0.5));
  const double cs = std::cos(step), ss = std::sin(step);
  double sign = ((left - i) % 2 == 0) ? 1.0 : -1.0;
  double sum = 0;
  for (; i <= left + depth; ++i, d -= 1.0, sign = -sign) {
    const int j = std::abs(i);
    if (j < n) sum += r[j] * sign * sinFrac / (M_PI * d) * (0.5 + 0.5 * cw);
    const double c2 = cw * cs - sw * ss;
    sw = sw * cs + cw * ss;
    cw = c2;
  }
  return sum;
}

// Golden-section maximisation of the interpolated r on [x - 1, x + 1].
void improveMaximum(const std::vector<double>& r, int imax, int depth, double* xbest, double* ybest) {
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  double a = imax - 1.0, b = imax + 1.0;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = sincInterpolate(r, c, depth), fd = sincInterpolate(r, d, depth);
  for (int it = 0; it < 40 && b - a > 1e-4; ++it) {
    if (fc > fd) {
      b = d; d = c; fd = fc;
      c = b - g * (b - a); fc = sincInterpolate(r, c, depth);
    } else {
      a = c; c = d; fc = fd;
      d = a + g * (b - a); fd = sincInterpolate(r, d, depth);
    }
  }
  const double xm = 0.5 * (a + b);
  const double ym = sincInterpolate(r, xm, depth);
  if (ym >= r[imax]) {
    *xbest = xm; *ybest = ym;
  } else {
    *xbest = imax; *ybest = r[imax];
  }
}

}  // namespace

PitchTrack trackPitch(const std::vector<float>& samples, int sampleRate, int frames, double timeStep,
                      const PitchOptions& o, const CancelToken* cancel) {
  PitchTrack track;
  track.f0.assign(std::max(frames, 0), 0.0f);
  track.voicing.assign(std::max(frames, 0), 0.0f);
  if (frames <= 0 || samples.empty()) return track;
  const double dx = 1.0 / sampleRate;
  const double ceiling = std::min(o.ceilingHz, 0.5 * sampleRate);
  const double floorHz = o.floorHz;
  const long long n = static_cast<long long>(samples.size());

  // Global peak of the mean-removed sound, for the silence criterion.
  double mean = 0;
  for (float v : samples) mean += v;
  mean /= n;
  double globalPeak = 0;
  for (float v : samples) globalPeak = std::max(globalPeak, std::abs(v - mean));
  if (globalPeak == 0) return track;

  int nsampWindow = static_cast<int>(std::floor(o.periodsPerWindow / floorHz / dx));
  const int halfWindow = nsampWindow / 2 - 1;
  nsampWindow = halfWindow * 2;
  const int nsampPeriod = static_cast<int>(std::floor(1.0 / dx / floorHz));
  const int halfPeriod = nsampPeriod / 2 + 1;
  const int minimumLag = std::max(2, static_cast<int>(std::floor(1.0 / dx / ceiling)));
  const int maximumLag = std::min(static_cast<int>(std::floor(nsampWindow / o.periodsPerWindow)) + 2, nsampWindow);
  const int depth = 70;  // sinc interpolation depth (Praat's SINC70)
  int nfft = 1;
  while (nfft < nsampWindow * 1.5) nfft *= 2;
  const int rLen = std::min(nfft / 2, maximumLag + depth + 2);

  std::vector<double> window(nsampWindow);
  for (int i = 0; i < nsampWindow; ++i) window[i] = 0.5 - 0.5 * std::cos((i + 1) * 2.0 * M_PI / (nsampWindow + 1));

  detail::RealFft fft(nfft, false);
  // Autocorrelation of a frame (already in fft.in(), zero-padded) into ac[0..rLen).
  std::vector<double> power(nfft / 2 + 1);
  auto autocorrelate = [&](std::vector<double>& ac) {
    fft.run();
    const float* c = fft.out();
    for (int k = 0; k <= nfft / 2; ++k) power[k] = double(c[2 * k]) * c[2 * k] + double(c[2 * k + 1]) * c[2 * k + 1];
    // The DFT of the even, real power spectrum is real: nfft times the circular autocorrelation.
    float* in = fft.in();
    for (int k = 0; k <= nfft / 2; ++k) in[k] = static_cast<float>(power[k]);
    for (int k = nfft / 2 + 1; k < nfft; ++k) in[k] = static_cast<float>(power[nfft - k]);
    fft.run();
    ac.resize(rLen);
    for (int i = 0; i < rLen; ++i) ac[i] = fft.out()[2 * i];
  };

  std::vector<double> windowR;
  {
    float* in = fft.in();
    std::fill(in, in + nfft + 2, 0.0f);
    for (int i = 0; i < nsampWindow; ++i) in[i] = static_cast<float>(window[i]);
    autocorrelate(windowR);
    const double w0 = windowR[0];
    for (double& v : windowR) v /= w0;
  }

  std::vector<std::vector<Candidate>> cands(frames);
  std::vector<double> intensity(frames, 0.0);
  std::vector<double> frame(nsampWindow), ac, r(rLen);
  for (int f = 0; f < frames; ++f) {
    if ((f & 255) == 0) throwIfCancelled(cancel, "pitch analysis");
    const double t = f * timeStep;
    const long long centre = std::llround(t * sampleRate);  // window covers centre-halfWindow-1 .. centre+halfWindow-2
    const long long start = centre - halfWindow - 1;
    auto at = [&](long long i) -> double { return (i >= 0 && i < n) ? samples[i] : 0.0; };
    // Local mean: one longest period to both sides.
    double localMean = 0;
    {
      const long long a = centre - nsampPeriod, b = centre + nsampPeriod;
      for (long long i = a; i < b; ++i) localMean += at(i);
      localMean /= double(b - a);
    }
    float* in = fft.in();
    std::fill(in, in + nfft + 2, 0.0f);
    for (int j = 0; j < nsampWindow; ++j) {
      frame[j] = (at(start + j) - localMean) * window[j];
      in[j] = static_cast<float>(frame[j]);
    }
    // Local peak: half a longest period to both sides of the centre.
    double localPeak = 0;
    for (int j = std::max(0, halfWindow - halfPeriod); j < std::min(nsampWindow, halfWindow + halfPeriod); ++j)
      localPeak = std::max(localPeak, std::abs(frame[j]));
    intensity[f] = localPeak > globalPeak ? 1.0 : localPeak / globalPeak;

    std::vector<Candidate>& cs = cands[f];
    cs.push_back({0.0, 0.0});  // unvoiced candidate; strength set by the path finder
    if (localPeak == 0) continue;
    autocorrelate(ac);
    if (ac[0] <= 0) continue;
    for (int i = 0; i < rLen; ++i) r[i] = ac[i] / (ac[0] * windowR[i]);
    std::vector<int> peakLag;
    for (int i = minimumLag; i <= maximumLag && i + 1 < rLen; ++i) {
      if (r[i] > 0.5 * o.voicingThreshold && r[i] > r[i - 1] && r[i] >= r[i + 1]) {
        // Parabolic interpolation.
        const double dr = 0.5 * (r[i + 1] - r[i - 1]);
        const double d2r = 2.0 * r[i] - r[i - 1] - r[i + 1];
        const double frequency = 1.0 / dx / (i + dr / d2r);
        double strength = r[i] + 0.5 * dr * dr / d2r;
        if (strength > 1.0) strength = 1.0 / strength;
        const double localStrength = strength - o.octaveCost * std::log2(floorHz / frequency);
        if (static_cast<int>(cs.size()) < o.maxCandidates) {
          cs.push_back({frequency, strength});
          peakLag.push_back(i);
        } else {
          // Replace the weakest (high frequencies favoured, as for perfectly periodic signals).
          double weakest = 2;
          int iweak = 0;
          for (size_t k = 1; k < cs.size(); ++k) {
            const double s = cs[k].strength - o.octaveCost * std::log2(floorHz / cs[k].frequency);
            if (s < weakest) { weakest = s; iweak = static_cast<int>(k); }
          }
          if (localStrength < weakest) continue;
          cs[iweak] = {frequency, strength};
          peakLag[iweak - 1] = i;
        }
      }
    }
    // Second pass: windowed-sinc refinement of each peak.
    for (size_t k = 1; k < cs.size(); ++k) {
      double xm, ym;
      improveMaximum(r, peakLag[k - 1], depth, &xm, &ym);
      if (ym > 1.0) ym = 1.0 / ym;
      cs[k].frequency = 1.0 / dx / xm;
      cs[k].strength = ym;
      track.voicing[f] = static_cast<float>(std::max<double>(track.voicing[f], std::clamp(ym, 0.0, 1.0)));
    }
  }

  // Viterbi path (Praat's Pitch_pathFinder); costs scaled to a 10 ms time step.
  const double stepCorrection = 0.01 / timeStep;
  const double octaveJump = o.octaveJumpCost * stepCorrection;
  const double vuv = o.voicedUnvoicedCost * stepCorrection;
  std::vector<std::vector<double>> delta(frames);
  std::vector<std::vector<int>> psi(frames);
  for (int f = 0; f < frames; ++f) {
    double unvoicedStrength =
        o.silenceThreshold <= 0 ? 0.0 : 2.0 - intensity[f] / (o.silenceThreshold / (1.0 + o.voicingThreshold));
    unvoicedStrength = o.voicingThreshold + std::max(0.0, unvoicedStrength);
    delta[f].resize(cands[f].size());
    psi[f].assign(cands[f].size(), 0);
    for (size_t k = 0; k < cands[f].size(); ++k) {
      const Candidate& c = cands[f][k];
      const bool voiceless = !(c.frequency > 0 && c.frequency < ceiling);
      delta[f][k] = voiceless ? unvoicedStrength : c.strength - o.octaveCost * std::log2(ceiling / c.frequency);
    }
  }
  std::vector<std::vector<double>> logf(frames);
  for (int f = 0; f < frames; ++f)
    for (const Candidate& c : cands[f]) logf[f].push_back(c.frequency > 0 ? std::log2(c.frequency) : 0.0);
  for (int f = 1; f < frames; ++f) {
    const auto& prev = cands[f - 1];
    const auto& cur = cands[f];
    std::vector<double> next(cur.size());
    for (size_t k2 = 0; k2 < cur.size(); ++k2) {
      const double f2 = cur[k2].frequency;
      const bool curVoiceless = !(f2 > 0 && f2 < ceiling);
      double best = -1e300;
      int place = 0;
      for (size_t k1 = 0; k1 < prev.size(); ++k1) {
        const double f1 = prev[k1].frequency;
        const bool prevVoiceless = !(f1 > 0 && f1 < ceiling);
        double cost;
        if (curVoiceless) cost = prevVoiceless ? 0.0 : vuv;
        else cost = prevVoiceless ? vuv : octaveJump * std::abs(logf[f - 1][k1] - logf[f][k2]);
        const double value = delta[f - 1][k1] - cost;
        if (value > best) { best = value; place = static_cast<int>(k1); }
      }
      next[k2] = best + delta[f][k2];
      psi[f][k2] = place;
    }
    delta[f] = std::move(next);
  }
  int place = static_cast<int>(std::max_element(delta[frames - 1].begin(), delta[frames - 1].end()) -
                               delta[frames - 1].begin());
  for (int f = frames - 1; f >= 0; --f) {
    const double fr = cands[f][place].frequency;
    track.f0[f] = (fr > 0 && fr < ceiling) ? static_cast<float>(fr) : 0.0f;
    place = psi[f][place];
  }
  return track;
}

}  // namespace stf2m::voice
