#pragma once
// Thin RAII wrapper of FFmpeg's av_tx real-input FFT (forward R2C, inverse C2R), unscaled.
extern "C" {
#include <libavutil/mem.h>
#include <libavutil/tx.h>
}
#include <stdexcept>

namespace stf2m::voice::detail {

class RealFft {
 public:
  RealFft(int n, bool inverse) : n_(n) {
    float scale = 1.0f;
    if (av_tx_init(&ctx_, &fn_, AV_TX_FLOAT_RDFT, inverse ? 1 : 0, n, &scale, 0) < 0)
      throw std::runtime_error("av_tx_init failed");
    in_ = static_cast<float*>(av_mallocz(sizeof(float) * (n + 2)));
    out_ = static_cast<float*>(av_mallocz(sizeof(float) * (n + 2)));
  }
  ~RealFft() {
    av_tx_uninit(&ctx_);
    av_free(in_);
    av_free(out_);
  }
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;
  int size() const { return n_; }
  float* in() { return in_; }    // forward: n reals; inverse: n/2+1 complex (re, im interleaved)
  float* out() { return out_; }  // forward: n/2+1 complex; inverse: n reals
  void run() { fn_(ctx_, out_, in_, sizeof(float)); }

 private:
  int n_;
  AVTXContext* ctx_ = nullptr;
  av_tx_fn fn_ = nullptr;
  float* in_ = nullptr;
  float* out_ = nullptr;
};

}  // namespace stf2m::voice::detail
