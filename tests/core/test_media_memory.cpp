// Media held in memory (media_info.h, MediaBytes), read through our own FFmpeg I/O context: the
// probe, every video frame and all audio samples equal what the same readers give for the file;
// random access seeks inside the bytes; empty bytes and a playlist (whose entries would be other
// files) fail naming the media; a playlist file on disk cannot make FFmpeg open a network address; and a picture larger than the reader's limit is
// reported as undecodable instead of being allocated.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

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

MediaBytes bytesOf(const std::string& path) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) return nullptr;
  const QByteArray all = f.readAll();
  return std::make_shared<const std::string>(all.constData(), static_cast<size_t>(all.size()));
}

std::vector<uint8_t> rgbOf(VideoReader& reader, const DecodedFrame& frame) {
  const Size size = reader.displaySizeWithin(0, 0);
  std::vector<uint8_t> rgb(static_cast<size_t>(size.width) * size.height * 3);
  reader.convertToRgb(frame, RgbBuffer{rgb.data(), size.width, size.height, size.width * 3});
  return rgb;
}

}  // namespace

class TestMediaMemory : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
  }

  void probeEqualsTheFile_data() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"h264_aac.mp4", "vp9_opus.webm", "vfr.mkv", "rotated.mp4", "tone_stereo.wav", "audio_only.m4a", "mjpeg_pcm.avi", "truncated_faststart.mp4"})
      QTest::newRow(n) << QString::fromLatin1(n);
  }
  void probeEqualsTheFile() {
    QFETCH(QString, name);
    const std::string path = fixture(qPrintable(name));
    const MediaBytes bytes = bytesOf(path);
    QVERIFY(bytes);
    // The same name for both, so the JSON (which carries the path and size) must be identical.
    QCOMPARE(QString::fromStdString(mediaInfoToJson(probeMedia(path, nullptr, bytes))),
             QString::fromStdString(mediaInfoToJson(probeMedia(path))));
  }

  void everyFrameEqualsTheFile_data() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"h264_aac.mp4", "vp9_opus.webm", "vfr.mkv", "rotated.mp4"})
      QTest::newRow(n) << QString::fromLatin1(n);
  }
  void everyFrameEqualsTheFile() {
    QFETCH(QString, name);
    const std::string path = fixture(qPrintable(name));
    VideoReaderOptions memoryOptions;
    memoryOptions.threads = 1;
    memoryOptions.bytes = bytesOf(path);
    VideoReaderOptions fileOptions;
    fileOptions.threads = 1;
    VideoReader fromFile(path, fileOptions);
    VideoReader fromMemory(path, memoryOptions);
    QCOMPARE(fromMemory.frameCount(), fromFile.frameCount());
    QVERIFY(fromFile.frameCount() > 10);
    int64_t compared = 0;
    for (;;) {
      const DecodedFrame* a = fromFile.nextFrame();
      const DecodedFrame* b = fromMemory.nextFrame();
      QCOMPARE(b == nullptr, a == nullptr);
      if (!a) break;
      QCOMPARE(b->index(), a->index());
      QVERIFY2(rgbOf(fromMemory, *b) == rgbOf(fromFile, *a), qPrintable(QStringLiteral("frame %1").arg(a->index())));
      ++compared;
    }
    QCOMPARE(compared, fromFile.frameCount());
    // Random access seeks inside the bytes: backwards, to the middle and to the last frame.
    for (const int64_t i : {fromFile.frameCount() - 1, fromFile.frameCount() / 2, int64_t(3), int64_t(0)}) {
      const std::vector<uint8_t> want = rgbOf(fromFile, fromFile.frameAtIndex(i));
      QVERIFY2(rgbOf(fromMemory, fromMemory.frameAtIndex(i)) == want, qPrintable(QStringLiteral("frame %1").arg(i)));
    }
  }

  void audioEqualsTheFile() {
    const std::string path = fixture("h264_aac.mp4");
    AudioReaderOptions memoryOptions;
    memoryOptions.bytes = bytesOf(path);
    AudioReader fromMemory(path, memoryOptions);
    AudioReader fromFile(path);
    const std::vector<float> a = fromFile.readAll();
    QVERIFY(a.size() > 16000);
    QVERIFY(fromMemory.readAll() == a);
    QVERIFY(fromMemory.readRange(0.5, 0.75) == fromFile.readRange(0.5, 0.75));
  }

  void badBytesNameTheMedia() {
    const std::string name = "in-memory clip";
    Thrown t = capture([&] { (void)probeMedia(name, nullptr, std::make_shared<const std::string>()); });
    QVERIFY2(t.is(ErrorCode::EmptyFile) && t.what.find(name) != std::string::npos, qPrintable(t.describe()));
    t = capture([&] { (void)probeMedia(name, nullptr, std::make_shared<const std::string>(4096, '\x5a')); });
    QVERIFY2(t.is(ErrorCode::NotMedia) && t.what.find(name) != std::string::npos, qPrintable(t.describe()));
    // A playlist names other files; in memory, FFmpeg may not open any of them.
    const std::string playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + fixture("h264_aac.mp4") + "\n#EXT-X-ENDLIST\n";
    t = capture([&] { (void)probeMedia(name, nullptr, std::make_shared<const std::string>(playlist)); });
    QVERIFY2(t.isError && t.what.find(name) != std::string::npos, qPrintable(t.describe()));
  }

  // Found by the media fuzz harness: a 2 KB WebM whose VP8 keyframe claims 13933 x 9320 pixels
  // (the container says 32 x 24) made the decoder allocate and clear ~200 MB per frame, seconds
  // each. Above the limit, the frame is a decode error in the diagnostics.
  void hugePictureIsRefused() {
    const std::string path = std::string(STF2M_SOURCE_DIR) + "/tests/fuzz/regressions/media/vp8-keyframe-claims-13933x9320.webm";
    for (const int64_t limit : {kMaxPicturePixels, int64_t(1920) * 1080}) {
      VideoReaderOptions options;
      options.threads = 1;
      options.maxPixels = limit;
      int decoded = 0;
      std::vector<std::string> diagnostics;
      const Thrown t = capture([&] {
        VideoReader reader(path, options);
        while (const DecodedFrame* f = reader.nextFrame()) {
          QVERIFY(int64_t(f->width()) * f->height() <= limit);
          ++decoded;
        }
        diagnostics = reader.diagnostics();
      });
      QVERIFY2(!t.threw || (t.isError && t.what.find(path) != std::string::npos), qPrintable(t.describe()));
      bool named = false;
      for (const std::string& d : diagnostics) named = named || d.find("13933x9320") != std::string::npos;
      QVERIFY2(t.threw || named, qPrintable(QStringLiteral("%1 frames decoded, no diagnostic names the size").arg(decoded)));
    }
  }

  // Playlists on disk (HLS, DASH, SDP) name a local port that is listening: FFmpeg must not even
  // connect, which the listening socket would see. (FFmpeg 5.1 already limits what a file may
  // open to file, crypto and data; the wrapper allows the file protocol alone.)
  void playlistFileCannotReachTheNetwork() {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    QVERIFY(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    QVERIFY(::listen(listener, 4) == 0);
    QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const int port = ntohs(address.sin_port);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString url = QStringLiteral("127.0.0.1:%1").arg(port);
    const QList<QPair<QString, QString>> playlists = {
        {QStringLiteral("remote.m3u8"),
         QStringLiteral("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://%1/segment.ts\n#EXT-X-ENDLIST\n").arg(url)},
        {QStringLiteral("remote.mpd"),
         QStringLiteral("<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" "
                        "mediaPresentationDuration=\"PT1S\" minBufferTime=\"PT1S\"><Period><AdaptationSet "
                        "mimeType=\"video/mp4\"><Representation id=\"1\" bandwidth=\"1000\"><BaseURL>http://%1/v.mp4"
                        "</BaseURL></Representation></AdaptationSet></Period></MPD>").arg(url)},
        {QStringLiteral("remote.sdp"),
         QStringLiteral("v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video %1 RTP/AVP 96\n"
                        "a=rtpmap:96 H264/90000\n").arg(port)}};
    for (const auto& [name, text] : playlists) {
      const QString path = tmp.filePath(name);
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(text.toUtf8());
      f.close();
      const Thrown t = capture([&] { (void)probeMedia(path.toStdString()); });
      QVERIFY2(t.isError && t.what.find(path.toStdString()) != std::string::npos, qPrintable(t.describe()));
    }
    const int connection = ::accept(listener, nullptr, nullptr);
    const bool connected = connection >= 0;
    if (connected) ::close(connection);
    ::close(listener);
    QVERIFY2(!connected, "FFmpeg connected to the address the playlist names");
  }
};

QTEST_GUILESS_MAIN(TestMediaMemory)
#include "test_media_memory.moc"
