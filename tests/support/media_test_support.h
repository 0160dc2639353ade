#pragma once
// Helpers shared by the core and CLI tests: where the fixtures are, running the real ffmpeg as
// the reference decoder, parsing its output, comparing pictures and sample buffers, running a
// child process. Plain functions that return data plus an error text; the tests assert.
// Qt Core only (no QtTest here), so any test program can link it.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <string>
#include <vector>

namespace stf2m::test {

// ---- fixtures ------------------------------------------------------------------------------

// The fixture folder from $STF2M_FIXTURES. False (with the reason) when the variable is unset,
// the folder is missing or the generator's stamp is absent: the tests then fail hard instead of
// skipping, so a broken fixture setup can never look like a green run.
bool fixturesReady(QString* why);
QString fixtureDir();
QString fixturePath(const QString& name);
std::string fixture(const char* name);  // the same as a std::string for the core API

// ---- processes -----------------------------------------------------------------------------

struct ProcessResult {
  bool started = false;
  bool finished = false;   // false: killed after the timeout
  bool crashed = false;
  int exitCode = -1;
  QByteArray out;
  QByteArray err;
  QString describe() const;  // one line for failure messages
};

ProcessResult runProcess(const QString& program, const QStringList& args, int timeoutMs = 120000);

// The CLI's error contract, checked on a finished run of `command` (for messages): it exited with
// `code`, wrote nothing on stdout and something on stderr; where `oneErrorLine` is set, stderr is
// exactly one line starting "error:" that contains at least one of `names` (when any are given).
// Returns what is wrong, or an empty string when the run kept the contract.
QString cliFailureProblem(const ProcessResult& r, const QString& command, int code, bool oneErrorLine,
                          const QStringList& names = {});

// The ffmpeg executable (PATH lookup), empty when there is none.
QString ffmpegExecutable();
// Runs ffmpeg with `-nostdin -hide_banner -loglevel error` prepended.
ProcessResult runFfmpeg(const QStringList& args, int timeoutMs = 120000);

// ---- ffmpeg's framemd5 ---------------------------------------------------------------------

struct FrameMd5 {
  int64_t dts = 0;
  int64_t pts = 0;
  int64_t duration = 0;
  int64_t size = 0;
  QString hash;
};

struct FrameMd5List {
  int tbNum = 0;  // "#tb 0: num/den"
  int tbDen = 1;
  QVector<FrameMd5> frames;
  double seconds(int64_t ts) const { return static_cast<double>(ts) * tbNum / tbDen; }
  double time(int i) const { return seconds(frames[i].pts); }
  // Index of the frame displayed at t (greatest pts time <= t), -1 before the first.
  int indexAt(double t) const;
};

// Parses framemd5 text (stream 0 only). False with the reason on malformed input.
bool parseFrameMd5(const QByteArray& text, FrameMd5List* out, QString* why);

// `ffmpeg -noautorotate -i FILE -map 0:v:0 -fps_mode passthrough -enc_time_base -1 -f framemd5 -`
// The two extra options keep ffmpeg's frames and timestamps exactly as decoded: without them the
// CLI re-times frames onto a 1/frame_rate grid (VFR files get wrong times) and may drop or
// duplicate frames. The times stay relative to the container start, as the core's are.
bool ffmpegFrameMd5(const QString& file, FrameMd5List* out, QString* why);

// The frame with presentation index `index`, converted by ffmpeg's default scaler to rgb24 at
// w x h (with ffmpeg's default autorotation, i.e. as displayed).
bool ffmpegRgbFrame(const QString& file, int index, int w, int h, QByteArray* rgb, QString* why);

// First audio stream, mono float32 at `rate`:
//   ffmpeg -i FILE -map 0:a:0 -af aresample=first_pts=0 -ac 1 -ar RATE -f f32le -
// `aresample=first_pts=0` makes ffmpeg honour the first frame's timestamp (silence before it,
// trimming before the container start), as the core's contract does: "sample k is the sound at
// k/R seconds since the container start". Plain `-ac 1 -ar R` ignores timestamps and starts with
// the first decoded sample, which is 7 ms early for vp9_opus.webm (its first Opus frame is 7 ms
// after the container start); for the other fixtures both forms give identical bytes.
bool ffmpegAudioMono(const QString& file, int rate, std::vector<float>* out, QString* why);

// ---- comparisons ---------------------------------------------------------------------------

struct ImageDiff {
  double meanAbs = 0;       // mean |a-b| over all bytes (0..255)
  int maxAbs = 0;
  double blockMeanAbs = 0;  // mean |mean_a - mean_b| over 8x8 blocks, per channel
  double blockMaxAbs = 0;
  QString describe() const;
};

// Tightly packed rgb24 images of the same size.
ImageDiff compareRgb(const QByteArray& a, const QByteArray& b, int w, int h);
// Turns a packed rgb24 w x h image 90 degrees clockwise (result is h x w).
QByteArray rotateRgb90Clockwise(const QByteArray& src, int w, int h);
QByteArray rotateRgb90CounterClockwise(const QByteArray& src, int w, int h);

struct SampleDiff {
  double maxAbs = 0;
  double rms = 0;
  int64_t worstIndex = -1;
  QString describe() const;
};
// Over the first min(a.size(), b.size()) samples.
SampleDiff compareSamples(const float* a, size_t na, const float* b, size_t nb);
double rmsOf(const std::vector<float>& v);

// std::string -> QString for messages and QCOMPARE.
inline QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace stf2m::test
