// core/common's own SHA-256 (against FIPS 180-2's example digests and the sha256sum tool) and
// Netpbm reader (hand-made P5/P6 files with known pixels, and every kind of malformed header).
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <string>
#include <utility>

#include "common/error.h"
#include "common/netpbm.h"
#include "common/digest.h"
#include "support/thrown.h"

namespace {

std::string write(const QTemporaryDir& dir, const char* name, const QByteArray& bytes) {
  const QString path = dir.filePath(QString::fromLatin1(name));
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
  return path.toStdString();
}

// The message of what `f` throws, or "" when it throws nothing.
template <typename F>
std::string errorOf(F&& f) {
  return stf2m::test::capture(std::forward<F>(f)).what;
}

}  // namespace

class TestSha256Netpbm : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void sha256KnownDigests_data() {
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    QTest::newRow("empty") << QByteArray() << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QByteArray("abc") << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("two blocks")  // 56 bytes: the padding needs a second block
        << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    QTest::newRow("a million a") << QByteArray(1000000, 'a')
                                 << QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  void sha256KnownDigests() {
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    QCOMPARE(QByteArray::fromStdString(stf2m::sha256OfBytes({message.constData(), size_t(message.size())})), digest);
  }

  // Files of sizes around the 64-byte block and the 1 MiB read buffer, against sha256sum.
  void sha256OfFileMatchesSha256sum() {
    for (const qint64 size : {qint64(0), qint64(55), qint64(64), qint64(119), qint64(1 << 20), qint64((1 << 20) + 65), qint64(3 << 20) + 17}) {
      QByteArray bytes(size, Qt::Uninitialized);
      for (qint64 i = 0; i < size; ++i) bytes[i] = char((i * 7919 + (i >> 9)) & 0xff);
      const std::string path = write(tmp_, "hash.bin", bytes);
      QProcess p;
      p.start(QStringLiteral("sha256sum"), {QString::fromStdString(path)});
      QVERIFY(p.waitForFinished());
      const QByteArray expected = p.readAllStandardOutput().left(64);
      int64_t counted = -1;
      QCOMPARE(QByteArray::fromStdString(stf2m::sha256OfFile(path, &counted)), expected);
      QCOMPARE(counted, size);
    }
    QVERIFY(errorOf([&] { stf2m::sha256OfFile(tmp_.filePath(QStringLiteral("absent")).toStdString()); }).find("no such file") !=
            std::string::npos);
  }

  void netpbmColourWithCommentsAndSpacing() {
    QByteArray bytes("P6 # a comment after the magic number\n3\t2\r\n# another comment\n255\n");
    for (int i = 0; i < 18; ++i) bytes.append(char(i * 13));
    const std::string path = write(tmp_, "rgb.ppm", bytes);
    QVERIFY(stf2m::isNetpbmFile(path));
    const stf2m::NetpbmPicture p = stf2m::readNetpbm(path);
    QCOMPARE(p.width, 3);
    QCOMPARE(p.height, 2);
    QCOMPARE(int(p.rgb.size()), 18);
    for (int i = 0; i < 18; ++i) QCOMPARE(int(p.rgb[size_t(i)]), (i * 13) & 0xff);
  }

  void netpbmGreyAndOtherMaximumValues() {
    // P5, maximum 15: 0, 15, 7, 8 scale to round(v * 255 / 15) and are repeated into R, G and B.
    QByteArray grey("P5\n2 2\n15\n");
    for (char v : {0, 15, 7, 8}) grey.append(v);
    const stf2m::NetpbmPicture g = stf2m::readNetpbm(write(tmp_, "grey.pgm", grey));
    const int expected[4] = {0, 255, 119, 136};
    for (int i = 0; i < 4; ++i)
      for (int c = 0; c < 3; ++c) QCOMPARE(int(g.rgb[size_t(3 * i + c)]), expected[i]);
    // P6, 16 bits big-endian, maximum 65535: 0x0000, 0xffff, 0x8080 -> 0, 255, 128.
    QByteArray deep("P6\n1 1\n65535\n");
    deep.append(QByteArray::fromHex("0000ffff8080"));
    const stf2m::NetpbmPicture d = stf2m::readNetpbm(write(tmp_, "deep.ppm", deep));
    QCOMPARE(int(d.rgb[0]), 0);
    QCOMPARE(int(d.rgb[1]), 255);
    QCOMPARE(int(d.rgb[2]), 128);
  }

  void netpbmErrorsNameTheFileAndTheProblem_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("problem");
    QTest::newRow("ascii P3") << QByteArray("P3\n1 1\n255\n0 0 0\n") << QStringLiteral("magic number");
    QTest::newRow("jpeg") << QByteArray::fromHex("ffd8ffe000104a464946") << QStringLiteral("magic number");
    QTest::newRow("zero width") << QByteArray("P6\n0 1\n255\nabc") << QStringLiteral("width");
    QTest::newRow("no height") << QByteArray("P6\n1\n") << QStringLiteral("height");
    QTest::newRow("maximum 70000") << QByteArray("P6\n1 1\n70000\nabcdef") << QStringLiteral("maximum value");
    QTest::newRow("no whitespace after maximum") << QByteArray("P6\n1 1\n255") << QStringLiteral("whitespace");
    QTest::newRow("truncated") << QByteArray("P6\n4 4\n255\n0123456789") << QStringLiteral("truncated");
    QTest::newRow("sample above maximum") << QByteArray("P5\n2 1\n9\n\x05\x0a") << QStringLiteral("exceeds");
  }
  void netpbmErrorsNameTheFileAndTheProblem() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, problem);
    const std::string path = write(tmp_, "bad.ppm", bytes);
    const std::string message = errorOf([&] { stf2m::readNetpbm(path); });
    QVERIFY2(message.rfind(path, 0) == 0, message.c_str());
    QVERIFY2(message.find(problem.toStdString()) != std::string::npos, message.c_str());
  }

  void netpbmMissingAndEmptyFiles() {
    const std::string missing = tmp_.filePath(QStringLiteral("missing.ppm")).toStdString();
    QVERIFY(!stf2m::isNetpbmFile(missing));
    QVERIFY(errorOf([&] { stf2m::readNetpbm(missing); }).find("no such file") != std::string::npos);
    const std::string empty = write(tmp_, "empty.ppm", QByteArray());
    QVERIFY(!stf2m::isNetpbmFile(empty));
    QVERIFY(!errorOf([&] { stf2m::readNetpbm(empty); }).empty());
  }
};

QTEST_GUILESS_MAIN(TestSha256Netpbm)
#include "test_sha256_netpbm.moc"
