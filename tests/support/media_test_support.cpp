#include "support/media_test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace stf2m::test {

// ---- fixtures ------------------------------------------------------------------------------

QString fixtureDir() { return qEnvironmentVariable("STF2M_FIXTURES"); }

bool fixturesReady(QString* why) {
  const QString dir = fixtureDir();
  if (dir.isEmpty()) {
    *why = QStringLiteral("STF2M_FIXTURES is not set (run the tests through ctest, which generates "
                          "the fixtures in the fixtures.media setup test)");
    return false;
  }
  if (!QFileInfo(dir).isDir()) {
    *why = QStringLiteral("fixture folder %1 does not exist (did fixtures.media run?)").arg(dir);
    return false;
  }
  if (!QFileInfo::exists(dir + QStringLiteral("/.stamp"))) {
    *why = QStringLiteral("fixture folder %1 has no .stamp: make_media_fixtures.sh did not finish")
               .arg(dir);
    return false;
  }
  return true;
}

QString fixturePath(const QString& name) { return QDir(fixtureDir()).filePath(name); }

std::string fixture(const char* name) {
  return fixturePath(QString::fromUtf8(name)).toStdString();
}

// ---- processes -----------------------------------------------------------------------------

QString ProcessResult::describe() const {
  QString s = QStringLiteral("started=%1 finished=%2 crashed=%3 exit=%4")
                  .arg(started).arg(finished).arg(crashed).arg(exitCode);
  if (!err.isEmpty()) s += QStringLiteral(" stderr: ") + QString::fromUtf8(err.left(600)).trimmed();
  return s;
}

QString cliFailureProblem(const ProcessResult& r, const QString& command, int code, bool oneErrorLine,
                          const QStringList& names) {
  if (!r.started || !r.finished || r.crashed) return command + QStringLiteral(": ") + r.describe();
  if (r.exitCode != code)
    return command + QStringLiteral(": exit code %1, expected %2; ").arg(r.exitCode).arg(code) + r.describe();
  if (!r.out.isEmpty()) return command + QStringLiteral(": wrote to stdout: ") + QString::fromUtf8(r.out.left(300));
  const QString err = QString::fromUtf8(r.err);
  if (err.trimmed().isEmpty()) return command + QStringLiteral(": nothing on stderr");
  if (!oneErrorLine) return {};
  QStringList lines = err.split(QLatin1Char('\n'));
  if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
  if (lines.size() != 1) return command + QStringLiteral(": expected one stderr line, got %1:\n").arg(lines.size()) + err;
  if (!lines[0].startsWith(QLatin1String("error:"))) return command + QStringLiteral(": ") + lines[0];
  if (names.isEmpty()) return {};
  for (const QString& n : names)
    if (lines[0].contains(n)) return {};
  return command + QStringLiteral(": names none of ") + names.join(QStringLiteral(", ")) + QStringLiteral(": ") + lines[0];
}

ProcessResult runProcess(const QString& program, const QStringList& args, int timeoutMs) {
  ProcessResult r;
  QProcess p;
  p.setProgram(program);
  p.setArguments(args);
  p.setProcessChannelMode(QProcess::SeparateChannels);
  p.setStandardInputFile(QProcess::nullDevice());
  p.start();
  r.started = p.waitForStarted(30000);
  if (!r.started) {
    r.err = p.errorString().toUtf8();
    return r;
  }
  r.finished = p.waitForFinished(timeoutMs);
  if (!r.finished) {
    p.kill();
    p.waitForFinished(5000);
  }
  r.crashed = p.exitStatus() == QProcess::CrashExit;
  r.exitCode = p.exitCode();
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

QString ffmpegExecutable() { return QStandardPaths::findExecutable(QStringLiteral("ffmpeg")); }

ProcessResult runFfmpeg(const QStringList& args, int timeoutMs) {
  const QString exe = ffmpegExecutable();
  if (exe.isEmpty()) {
    ProcessResult r;
    r.err = "ffmpeg not found on PATH";
    return r;
  }
  QStringList all{QStringLiteral("-nostdin"), QStringLiteral("-hide_banner"),
                  QStringLiteral("-loglevel"), QStringLiteral("error")};
  all += args;
  return runProcess(exe, all, timeoutMs);
}

static bool ranOk(const ProcessResult& r, QString* why, const QString& what) {
  if (r.started && r.finished && !r.crashed && r.exitCode == 0) return true;
  *why = what + QStringLiteral(" failed: ") + r.describe();
  return false;
}

// ---- framemd5 ------------------------------------------------------------------------------

int FrameMd5List::indexAt(double t) const {
  // Times are increasing in presentation order, so the last frame with time <= t.
  int lo = 0, hi = static_cast<int>(frames.size());
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (time(mid) <= t) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

bool parseFrameMd5(const QByteArray& text, FrameMd5List* out, QString* why) {
  *out = FrameMd5List{};
  bool haveTb = false;
  const QList<QByteArray> lines = text.split('\n');
  for (const QByteArray& raw : lines) {
    const QByteArray line = raw.trimmed();
    if (line.isEmpty()) continue;
    if (line.startsWith('#')) {
      if (line.startsWith("#tb 0:")) {
        const QList<QByteArray> parts = line.mid(6).trimmed().split('/');
        bool ok1 = false, ok2 = false;
        if (parts.size() == 2) {
          out->tbNum = parts[0].toInt(&ok1);
          out->tbDen = parts[1].toInt(&ok2);
        }
        if (!ok1 || !ok2 || out->tbNum <= 0 || out->tbDen <= 0) {
          *why = QStringLiteral("bad time base line: ") + QString::fromUtf8(line);
          return false;
        }
        haveTb = true;
      }
      continue;
    }
    // stream, dts, pts, duration, size, hash
    const QList<QByteArray> f = line.split(',');
    if (f.size() != 6) {
      *why = QStringLiteral("bad framemd5 line: ") + QString::fromUtf8(line);
      return false;
    }
    if (f[0].trimmed() != "0") continue;
    FrameMd5 fr;
    bool ok[4] = {};
    fr.dts = f[1].trimmed().toLongLong(&ok[0]);
    fr.pts = f[2].trimmed().toLongLong(&ok[1]);
    fr.duration = f[3].trimmed().toLongLong(&ok[2]);
    fr.size = f[4].trimmed().toLongLong(&ok[3]);
    fr.hash = QString::fromLatin1(f[5].trimmed());
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || fr.hash.size() != 32) {
      *why = QStringLiteral("bad framemd5 line: ") + QString::fromUtf8(line);
      return false;
    }
    out->frames.push_back(fr);
  }
  if (!haveTb) {
    *why = QStringLiteral("framemd5 output has no '#tb 0:' line");
    return false;
  }
  return true;
}

bool ffmpegFrameMd5(const QString& file, FrameMd5List* out, QString* why) {
  const ProcessResult r = runFfmpeg({QStringLiteral("-noautorotate"), QStringLiteral("-i"), file,
                                     QStringLiteral("-map"), QStringLiteral("0:v:0"),
                                     QStringLiteral("-fps_mode"), QStringLiteral("passthrough"),
                                     QStringLiteral("-enc_time_base"), QStringLiteral("-1"),
                                     QStringLiteral("-f"), QStringLiteral("framemd5"),
                                     QStringLiteral("-")});
  // A truncated input makes ffmpeg log an error but still exit 0 with the frames it decoded.
  if (!ranOk(r, why, QStringLiteral("ffmpeg framemd5 of ") + file)) return false;
  return parseFrameMd5(r.out, out, why);
}

bool ffmpegRgbFrame(const QString& file, int index, int w, int h, QByteArray* rgb, QString* why) {
  const ProcessResult r = runFfmpeg(
      {QStringLiteral("-i"), file, QStringLiteral("-map"), QStringLiteral("0:v:0"),
       QStringLiteral("-vf"), QStringLiteral("select=eq(n\\,%1)").arg(index),
       QStringLiteral("-fps_mode"), QStringLiteral("passthrough"), QStringLiteral("-frames:v"),
       QStringLiteral("1"), QStringLiteral("-s"), QStringLiteral("%1x%2").arg(w).arg(h),
       QStringLiteral("-pix_fmt"), QStringLiteral("rgb24"), QStringLiteral("-f"),
       QStringLiteral("rawvideo"), QStringLiteral("-")});
  if (!ranOk(r, why, QStringLiteral("ffmpeg rgb24 frame of ") + file)) return false;
  if (r.out.size() != static_cast<qsizetype>(w) * h * 3) {
    *why = QStringLiteral("ffmpeg gave %1 bytes of rgb24 for %2x%3").arg(r.out.size()).arg(w).arg(h);
    return false;
  }
  *rgb = r.out;
  return true;
}

bool ffmpegAudioMono(const QString& file, int rate, std::vector<float>* out, QString* why) {
  const ProcessResult r = runFfmpeg({QStringLiteral("-i"), file, QStringLiteral("-map"),
                                     QStringLiteral("0:a:0"), QStringLiteral("-af"),
                                     QStringLiteral("aresample=first_pts=0"), QStringLiteral("-ac"),
                                     QStringLiteral("1"), QStringLiteral("-ar"),
                                     QString::number(rate), QStringLiteral("-f"),
                                     QStringLiteral("f32le"), QStringLiteral("-")});
  if (!ranOk(r, why, QStringLiteral("ffmpeg f32le audio of ") + file)) return false;
  if (r.out.size() % 4 != 0) {
    *why = QStringLiteral("ffmpeg f32le output is not a whole number of samples");
    return false;
  }
  out->resize(static_cast<size_t>(r.out.size() / 4));
  std::memcpy(out->data(), r.out.constData(), static_cast<size_t>(r.out.size()));  // little-endian host
  return true;
}

// ---- comparisons ---------------------------------------------------------------------------

QString ImageDiff::describe() const {
  return QStringLiteral("mean|d|=%1 max|d|=%2 block8 mean|d|=%3 block8 max|d|=%4")
      .arg(meanAbs, 0, 'f', 3).arg(maxAbs).arg(blockMeanAbs, 0, 'f', 3).arg(blockMaxAbs, 0, 'f', 2);
}

ImageDiff compareRgb(const QByteArray& a, const QByteArray& b, int w, int h) {
  ImageDiff d;
  const auto* pa = reinterpret_cast<const uint8_t*>(a.constData());
  const auto* pb = reinterpret_cast<const uint8_t*>(b.constData());
  const qsizetype n = static_cast<qsizetype>(w) * h * 3;
  if (a.size() < n || b.size() < n || n == 0) {
    d.meanAbs = d.blockMeanAbs = d.blockMaxAbs = 1e9;
    d.maxAbs = 256;
    return d;
  }
  double sum = 0;
  for (qsizetype i = 0; i < n; ++i) {
    const int diff = std::abs(int(pa[i]) - int(pb[i]));
    sum += diff;
    d.maxAbs = std::max(d.maxAbs, diff);
  }
  d.meanAbs = sum / static_cast<double>(n);
  // 8x8 block means per channel: insensitive to how a scaler places chroma or filters edges,
  // sensitive to colour matrix, range, orientation and content errors.
  constexpr int B = 8;
  double blockSum = 0;
  int blocks = 0;
  for (int by = 0; by + B <= h; by += B) {
    for (int bx = 0; bx + B <= w; bx += B) {
      for (int c = 0; c < 3; ++c) {
        long sa = 0, sb = 0;
        for (int y = by; y < by + B; ++y) {
          for (int x = bx; x < bx + B; ++x) {
            const qsizetype o = (static_cast<qsizetype>(y) * w + x) * 3 + c;
            sa += pa[o];
            sb += pb[o];
          }
        }
        const double bd = std::abs(double(sa - sb)) / (B * B);
        blockSum += bd;
        d.blockMaxAbs = std::max(d.blockMaxAbs, bd);
        ++blocks;
      }
    }
  }
  d.blockMeanAbs = blocks ? blockSum / blocks : 0.0;
  return d;
}

QByteArray rotateRgb90Clockwise(const QByteArray& src, int w, int h) {
  // Destination is h wide and w high; its pixel (x', y') shows source pixel (y', h-1-x').
  QByteArray dst(src.size(), '\0');
  for (int yd = 0; yd < w; ++yd) {
    for (int xd = 0; xd < h; ++xd) {
      const int xs = yd, ys = h - 1 - xd;
      std::memcpy(dst.data() + (static_cast<qsizetype>(yd) * h + xd) * 3,
                  src.constData() + (static_cast<qsizetype>(ys) * w + xs) * 3, 3);
    }
  }
  return dst;
}

QByteArray rotateRgb90CounterClockwise(const QByteArray& src, int w, int h) {
  // Destination pixel (x', y') shows source pixel (w-1-y', x').
  QByteArray dst(src.size(), '\0');
  for (int yd = 0; yd < w; ++yd) {
    for (int xd = 0; xd < h; ++xd) {
      const int xs = w - 1 - yd, ys = xd;
      std::memcpy(dst.data() + (static_cast<qsizetype>(yd) * h + xd) * 3,
                  src.constData() + (static_cast<qsizetype>(ys) * w + xs) * 3, 3);
    }
  }
  return dst;
}

QString SampleDiff::describe() const {
  return QStringLiteral("max|d|=%1 (at sample %2) rms(d)=%3")
      .arg(maxAbs, 0, 'g', 4).arg(worstIndex).arg(rms, 0, 'g', 4);
}

SampleDiff compareSamples(const float* a, size_t na, const float* b, size_t nb) {
  SampleDiff d;
  const size_t n = std::min(na, nb);
  double sq = 0;
  for (size_t i = 0; i < n; ++i) {
    const double diff = std::abs(double(a[i]) - double(b[i]));
    sq += diff * diff;
    if (diff > d.maxAbs || std::isnan(diff)) {
      d.maxAbs = std::isnan(diff) ? 1e9 : diff;
      d.worstIndex = static_cast<int64_t>(i);
    }
  }
  d.rms = n ? std::sqrt(sq / static_cast<double>(n)) : 0.0;
  return d;
}

double rmsOf(const std::vector<float>& v) {
  double sq = 0;
  for (float x : v) sq += double(x) * x;
  return v.empty() ? 0.0 : std::sqrt(sq / static_cast<double>(v.size()));
}

}  // namespace stf2m::test
