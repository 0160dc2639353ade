#include "generated_session.h"

#include "support/media_test_support.h"

namespace stf2m::test {

namespace {

// 10 s of a grey 640x360 screen at 25 fps with the picture `face` on it while `enable` (an
// ffmpeg expression of t) holds; H.264, no audio.
ProcessResult faceVideo(const QString& face, const QString& enable, const QString& out) {
  return runFfmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                    QStringLiteral("color=c=gray:s=640x360:r=25:d=10"), QStringLiteral("-loop"), QStringLiteral("1"),
                    QStringLiteral("-i"), face, QStringLiteral("-filter_complex"),
                    QStringLiteral("[0:v][1:v]overlay=0:0:enable='%1':shortest=1,format=yuv420p").arg(enable),
                    QStringLiteral("-t"), QStringLiteral("10"), QStringLiteral("-c:v"), QStringLiteral("libx264"),
                    QStringLiteral("-preset"), QStringLiteral("veryfast"), QStringLiteral("-crf"), QStringLiteral("18"), out});
}

}  // namespace

bool makeGeneratedSession(const QTemporaryDir& dir, GeneratedSession& out, QString& error) {
  auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)); };
  auto ok = [&](const ProcessResult& r) {
    if (r.finished && r.exitCode == 0) return true;
    error = r.describe();
    return false;
  };
  const QString photo = QStringLiteral(STF2M_FACE_PHOTOS "/sample2.jpg");
  const QString face = path("face.png");
  if (!ok(runFfmpeg({QStringLiteral("-i"), photo, QStringLiteral("-vf"), QStringLiteral("crop=640:360:1140:100"), face})))
    return false;
  if (!ok(runProcess(QStringLiteral("espeak-ng"), {QStringLiteral("-w"), path("speech_raw.wav"),
                                                    QStringLiteral("The quick brown fox jumps over the lazy dog.")})))
    return false;
  out.speech = path("speech.wav");
  if (!ok(runFfmpeg({QStringLiteral("-i"), path("speech_raw.wav"), QStringLiteral("-ar"), QStringLiteral("16000"), out.speech})))
    return false;
  out.silentVideo = path("silent.mp4");
  if (!ok(faceVideo(face, QStringLiteral("between(t,2,5.999)"), out.silentVideo))) return false;
  out.session = path("session.mov");
  if (!ok(runFfmpeg({QStringLiteral("-i"), out.silentVideo, QStringLiteral("-i"), out.speech, QStringLiteral("-filter_complex"),
                     QStringLiteral("[1:a]adelay=3000,apad[a]"), QStringLiteral("-map"), QStringLiteral("0:v"),
                     QStringLiteral("-map"), QStringLiteral("[a]"), QStringLiteral("-t"), QStringLiteral("10"),
                     QStringLiteral("-c:v"), QStringLiteral("copy"), QStringLiteral("-c:a"), QStringLiteral("pcm_s16le"),
                     QStringLiteral("-ar"), QStringLiteral("16000"), out.session})))
    return false;
  out.returning = path("returning.mp4");
  return ok(faceVideo(face, QStringLiteral("between(t,1,2.999)+between(t,5,7.999)"), out.returning));
}

}  // namespace stf2m::test
