#include "voice/voice_features.h"

#include <algorithm>
#include <cmath>

#include "media/audio_reader.h"
#include "voice/rfft.h"

namespace stf2m::voice {
namespace {

constexpr int kHop = 160;     // 10 ms
constexpr int kWin = 400;     // 25 ms
constexpr int kFft = 512;
constexpr int kBins = kFft / 2 + 1;
constexpr double kLogFloor = 1e-10;  // power floor before the natural log

double hzToMel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double melToHz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

// HTK triangular filters on the FFT bins, 0..8000 Hz, unit peak.
std::vector<std::vector<float>> melFilters() {
  std::vector<double> edges(kMelBands + 2);
  const double m0 = hzToMel(0), m1 = hzToMel(kSampleRate / 2.0);
  for (int i = 0; i < kMelBands + 2; ++i) edges[i] = melToHz(m0 + (m1 - m0) * i / (kMelBands + 1));
  std::vector<std::vector<float>> w(kMelBands, std::vector<float>(kBins, 0.0f));
  for (int b = 0; b < kMelBands; ++b) {
    for (int k = 0; k < kBins; ++k) {
      const double hz = double(k) * kSampleRate / kFft;
      double v = 0;
      if (hz > edges[b] && hz <= edges[b + 1]) v = (hz - edges[b]) / (edges[b + 1] - edges[b]);
      else if (hz > edges[b + 1] && hz < edges[b + 2]) v = (edges[b + 2] - hz) / (edges[b + 2] - edges[b + 1]);
      w[b][k] = static_cast<float>(v);
    }
  }
  return w;
}

}  // namespace

const std::vector<std::string>& voiceCsvColumns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {"time_s", "rms_db", "f0_hz", "voicing", "vad", "centroid_hz", "flux"};
    for (int i = 0; i < kMfccCount; ++i) c.push_back("mfcc_" + std::to_string(i));
    for (int i = 0; i < kMelBands; ++i) c.push_back("mel_" + std::to_string(i));
    return c;
  }();
  return cols;
}

VoiceFeatures computeVoiceFeatures(const std::vector<float>& x, const VoiceOptions& options,
                                   const CancelToken* cancel) {
  VoiceFeatures out;
  const long long n = static_cast<long long>(x.size());
  const int frames = n == 0 ? 0 : static_cast<int>(n / kHop + 1);
  out.frames = frames;
  out.logMel.assign(size_t(frames) * kMelBands, 0.0f);
  out.mfcc.assign(size_t(frames) * kMfccCount, 0.0f);
  out.rmsDb.assign(frames, 0.0f);
  out.centroid.assign(frames, 0.0f);
  out.flux.assign(frames, 0.0f);
  out.vad.assign(frames, 0.0f);
  if (frames == 0) return out;

  static const std::vector<std::vector<float>> filters = melFilters();
  // Periodic Hann window of 400 samples.
  std::vector<float> hann(kWin);
  for (int i = 0; i < kWin; ++i) hann[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * i / kWin));
  // Orthonormal DCT-II basis, 13 x 64.
  std::vector<double> dct(size_t(kMfccCount) * kMelBands);
  for (int c = 0; c < kMfccCount; ++c)
    for (int b = 0; b < kMelBands; ++b)
      dct[size_t(c) * kMelBands + b] = std::sqrt((c == 0 ? 1.0 : 2.0) / kMelBands) *
                                       std::cos(M_PI * c * (b + 0.5) / kMelBands);
  // Per-band first/last nonzero bin.
  std::vector<int> lo(kMelBands, kBins), hi(kMelBands, -1);
  for (int b = 0; b < kMelBands; ++b)
    for (int k = 0; k < kBins; ++k)
      if (filters[b][k] > 0) { lo[b] = std::min(lo[b], k); hi[b] = std::max(hi[b], k); }

  detail::RealFft fft(kFft, false);
  std::vector<double> mag(kBins), prevMag(kBins, 0.0), power(kBins), logMel(kMelBands);
  bool havePrev = false;
  for (int f = 0; f < frames; ++f) {
    if ((f & 255) == 0) throwIfCancelled(cancel, "voice features");
    const long long start = static_cast<long long>(f) * kHop - kWin / 2;
    float* in = fft.in();
    std::fill(in, in + kFft + 2, 0.0f);
    double sq = 0;
    for (int i = 0; i < kWin; ++i) {
      const long long s = start + i;
      const float v = (s >= 0 && s < n) ? x[s] : 0.0f;
      sq += double(v) * v;
      in[i] = v * hann[i];
    }
    const double rms = std::sqrt(sq / kWin);
    out.rmsDb[f] = static_cast<float>(std::max(-120.0, 20.0 * std::log10(std::max(rms, 1e-6))));
    fft.run();
    const float* c = fft.out();
    double magSum = 0, weighted = 0, norm2 = 0;
    for (int k = 0; k < kBins; ++k) {
      power[k] = double(c[2 * k]) * c[2 * k] + double(c[2 * k + 1]) * c[2 * k + 1];
      mag[k] = std::sqrt(power[k]);
      magSum += mag[k];
      weighted += mag[k] * k * double(kSampleRate) / kFft;
      norm2 += power[k];
    }
    out.centroid[f] = magSum > 0 ? static_cast<float>(weighted / magSum) : 0.0f;
    // Flux: L2 norm of the positive change between consecutive unit-L2-norm magnitude spectra.
    const double inv = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    for (int k = 0; k < kBins; ++k) mag[k] *= inv;
    if (havePrev) {
      double fl = 0;
      for (int k = 0; k < kBins; ++k) {
        const double d = mag[k] - prevMag[k];
        if (d > 0) fl += d * d;
      }
      out.flux[f] = static_cast<float>(std::sqrt(fl));
    }
    std::swap(mag, prevMag);
    havePrev = true;
    float* lm = &out.logMel[size_t(f) * kMelBands];
    for (int b = 0; b < kMelBands; ++b) {
      double e = 0;
      for (int k = lo[b]; k <= hi[b]; ++k) e += filters[b][k] * power[k];
      logMel[b] = std::log(std::max(e, kLogFloor));
      lm[b] = static_cast<float>(logMel[b]);
    }
    float* mf = &out.mfcc[size_t(f) * kMfccCount];
    for (int cc = 0; cc < kMfccCount; ++cc) {
      double s = 0;
      for (int b = 0; b < kMelBands; ++b) s += dct[size_t(cc) * kMelBands + b] * logMel[b];
      mf[cc] = static_cast<float>(s);
    }
  }

  PitchTrack pitch = trackPitch(x, kSampleRate, frames, 0.01, options.pitch, cancel);
  out.f0 = std::move(pitch.f0);
  out.voicing = std::move(pitch.voicing);

  // Voice activity: voiced, or loud enough relative to the loudest frame; then fill short gaps.
  const float loudest = *std::max_element(out.rmsDb.begin(), out.rmsDb.end());
  const double threshold = std::max(options.vadFloorDb, double(loudest) - options.vadRangeDb);
  for (int f = 0; f < frames; ++f) out.vad[f] = (out.f0[f] > 0 || out.rmsDb[f] > threshold) ? 1.0f : 0.0f;
  int last = -1;
  for (int f = 0; f < frames; ++f) {
    if (out.vad[f] > 0) {
      if (last >= 0 && f - last - 1 > 0 && f - last - 1 < options.vadHangFrames)
        for (int g = last + 1; g < f; ++g) out.vad[g] = 1.0f;
      last = f;
    }
  }
  return out;
}

VoiceFeatures voiceFeaturesOfFile(const std::string& path, const VoiceOptions& options, const CancelToken* cancel) {
  media::AudioReaderOptions ro;
  ro.sampleRate = kSampleRate;
  media::AudioReader reader(path, ro);
  std::vector<float> samples = reader.readAll(cancel);
  return computeVoiceFeatures(samples, options, cancel);
}

}  // namespace stf2m::voice
