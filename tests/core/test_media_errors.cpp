// Every bad input gives the documented stf2m::Error code with the file path in the message,
// from probeMedia(), VideoReader and AudioReader alike: no crash, no hang, no other exception.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "media/audio_reader.h"
#include "media/media_info.h"
#include "media/video_reader.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::media;
using namespace stf2m::test;

namespace {

enum class Api { Probe, Video, Audio };

QString apiName(Api a) {
  switch (a) {
    case Api::Probe: return QStringLiteral("probeMedia");
    case Api::Video: return QStringLiteral("VideoReader");
    case Api::Audio: return QStringLiteral("AudioReader");
  }
  return {};
}

Thrown callApi(Api api, const std::string& path) {
  return capture([&] {
    switch (api) {
      case Api::Probe: (void)probeMedia(path); break;
      case Api::Video: { VideoReader r(path); (void)r.frameCount(); break; }
      case Api::Audio: { AudioReader r(path); (void)r.sampleRate(); break; }
    }
  });
}

QString codeNames(const QList<int>& codes) {
  QStringList names;
  for (int c : codes) names << QString::fromLatin1(errorCodeName(static_cast<ErrorCode>(c)));
  return names.join(QStringLiteral(" or "));
}

}  // namespace

class TestMediaErrors : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;

  // Runs one API on `path` and checks the error: one of `codes`, path in the message.
  void expectError(Api api, const QString& path, const QList<int>& codes) {
    QElapsedTimer timer;
    timer.start();
    const Thrown t = callApi(api, path.toStdString());
    const qint64 ms = timer.elapsed();
    qInfo("%s(%s): %s [%lld ms]", qPrintable(apiName(api)), qPrintable(QDir(fixtureDir()).relativeFilePath(path)),
          qPrintable(t.describe()), ms);
    QVERIFY2(t.threw && t.isError,
             qPrintable(QStringLiteral("%1: expected %2, got %3").arg(apiName(api), codeNames(codes), t.describe())));
    QVERIFY2(codes.contains(static_cast<int>(t.code)),
             qPrintable(QStringLiteral("%1: expected %2, got %3").arg(apiName(api), codeNames(codes), t.describe())));
    QVERIFY2(qs(t.what).contains(path),
             qPrintable(QStringLiteral("message does not name the file: ") + qs(t.what)));
    QVERIFY2(ms < 20000, "refusing a bad file took more than 20 s");
  }

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    QVERIFY(tmp_.isValid());
    // Non-media data under media names: FFmpeg picks a demuxer by extension and fails inside it.
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("garbage.bin")), tmp_.filePath(QStringLiteral("garbage.mp4"))));
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("garbage.bin")), tmp_.filePath(QStringLiteral("garbage.mp3"))));
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("notes.txt")), tmp_.filePath(QStringLiteral("notes.mkv"))));
  }

  void badInput_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("api");
    QTest::addColumn<QList<int>>("codes");
    auto fx = [](const char* n) { return fixturePath(QString::fromLatin1(n)); };
    auto row = [](const QString& name, const QString& path, Api api, QList<ErrorCode> codes) {
      QList<int> c;
      for (ErrorCode e : codes) c << static_cast<int>(e);
      QTest::newRow(qPrintable(name + QStringLiteral(" / ") + apiName(api))) << path << static_cast<int>(api) << c;
    };
    const Api all[] = {Api::Probe, Api::Video, Api::Audio};
    for (Api a : all) {
      row(QStringLiteral("missing file"), fx("does_not_exist.mp4"), a, {ErrorCode::FileNotFound});
      row(QStringLiteral("missing folder"), fx("no_such_folder/clip.mp4"), a, {ErrorCode::FileNotFound});
      row(QStringLiteral("a directory"), fixtureDir(), a, {ErrorCode::FileUnreadable});
      row(QStringLiteral("empty.mp4"), fx("empty.mp4"), a, {ErrorCode::EmptyFile});
      row(QStringLiteral("garbage.bin"), fx("garbage.bin"), a, {ErrorCode::NotMedia});
      row(QStringLiteral("notes.txt"), fx("notes.txt"), a, {ErrorCode::NotMedia});
      // FFmpeg cannot open it at all ("moov atom not found"); the header calls a file with
      // nothing decodable CorruptData, and FFmpeg cannot tell it from non-media: both accepted.
      row(QStringLiteral("truncated_nomoov.mp4"), fx("truncated_nomoov.mp4"), a,
          {ErrorCode::CorruptData, ErrorCode::NotMedia});
      row(QStringLiteral("garbage named .mp4"), QString(), a, {ErrorCode::NotMedia, ErrorCode::CorruptData});
      row(QStringLiteral("garbage named .mp3"), QString(), a, {ErrorCode::NotMedia, ErrorCode::CorruptData});
      row(QStringLiteral("text named .mkv"), QString(), a, {ErrorCode::NotMedia, ErrorCode::CorruptData});
    }
    row(QStringLiteral("audio_only.m4a"), fx("audio_only.m4a"), Api::Video, {ErrorCode::NoVideoStream});
    row(QStringLiteral("tone_stereo.wav"), fx("tone_stereo.wav"), Api::Video, {ErrorCode::NoVideoStream});
    row(QStringLiteral("video_only.mp4"), fx("video_only.mp4"), Api::Audio, {ErrorCode::NoAudioStream});
    row(QStringLiteral("vfr.mkv"), fx("vfr.mkv"), Api::Audio, {ErrorCode::NoAudioStream});
    row(QStringLiteral("unsupported_codec.avi"), fx("unsupported_codec.avi"), Api::Video, {ErrorCode::UnsupportedCodec});
    row(QStringLiteral("unsupported_codec.avi"), fx("unsupported_codec.avi"), Api::Audio, {ErrorCode::NoAudioStream});
  }

  void badInput() {
    QFETCH(QString, path);
    QFETCH(int, api);
    QFETCH(QList<int>, codes);
    if (path.isEmpty()) {  // the renamed copies live in the temporary folder
      const QString tag = QString::fromLatin1(QTest::currentDataTag());
      if (tag.startsWith(QLatin1String("garbage named .mp4"))) path = tmp_.filePath(QStringLiteral("garbage.mp4"));
      else if (tag.startsWith(QLatin1String("garbage named .mp3"))) path = tmp_.filePath(QStringLiteral("garbage.mp3"));
      else path = tmp_.filePath(QStringLiteral("notes.mkv"));
    }
    expectError(static_cast<Api>(api), path, codes);
  }

  void unreadableFile() {
    if (geteuid() == 0) QSKIP("running as root: file permissions do not stop root from reading");
    const QString path = tmp_.filePath(QStringLiteral("locked.mp4"));
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("h264_aac.mp4")), path));
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
    for (Api a : {Api::Probe, Api::Video, Api::Audio}) {
      expectError(a, path, {static_cast<int>(ErrorCode::FileUnreadable)});
      if (QTest::currentTestFailed()) return;
    }
  }

  // A named pipe is not a media file; opening one for reading blocks until a writer appears, so a
  // reader that does not check the file type first hangs. Each call runs on its own thread; after
  // 5 s the test opens the pipe for writing to release a blocked call and reports the hang.
  void fifoDoesNotHang() {
    const QString path = tmp_.filePath(QStringLiteral("pipe.mp4"));
    QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
    for (Api api : {Api::Probe, Api::Video, Api::Audio}) {
      std::promise<Thrown> promise;
      std::future<Thrown> result = promise.get_future();
      std::thread worker([&promise, api, p = path.toStdString()] { promise.set_value(callApi(api, p)); });
      const bool hung = result.wait_for(std::chrono::seconds(5)) != std::future_status::ready;
      if (hung) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
      }
      worker.join();
      const Thrown t = result.get();
      qInfo("%s(named pipe): %s%s", qPrintable(apiName(api)), qPrintable(t.describe()),
            hung ? " (only after the test released it: it hung)" : "");
      QVERIFY2(!hung, qPrintable(apiName(api) + QStringLiteral(" blocked on a named pipe for more than 5 s")));
      QVERIFY2(t.is(ErrorCode::FileUnreadable) || t.is(ErrorCode::NotMedia), qPrintable(t.describe()));
      QVERIFY2(qs(t.what).contains(path), t.what.c_str());
    }
  }

  // The error code names are part of the CLI/UI contract.
  void errorCodeNames() {
    QCOMPARE(QString::fromLatin1(errorCodeName(ErrorCode::FileNotFound)), QStringLiteral("file-not-found"));
    QCOMPARE(QString::fromLatin1(errorCodeName(ErrorCode::NotMedia)), QStringLiteral("not-media"));
    const Error e(ErrorCode::CorruptData, "/x/y.mp4", "bad");
    QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("/x/y.mp4: bad"));
    QCOMPARE(qs(e.subject()), QStringLiteral("/x/y.mp4"));
  }
};

QTEST_GUILESS_MAIN(TestMediaErrors)
#include "test_media_errors.moc"
