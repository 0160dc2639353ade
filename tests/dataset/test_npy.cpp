// .npy reading and writing against byte-exact files built here from the published format
// (numpy.lib.format; numpy itself is not installed on the build machines): magic "\x93NUMPY",
// major/minor version bytes, a little-endian header length (2 bytes in 1.0, 4 in 2.0), an ASCII
// Python dict literal padded with spaces and a final '\n', then the raw C-order data.
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <string>

#include "dataset/npy.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::dataset;
using stf2m::test::capture;

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s.push_back(static_cast<char>(v));
  return s;
}

// What numpy >= 1.24 writes for np.save(f, np.array([[0, 1, -2], [0.5, 3, -0.25]], np.float32)):
// the dict (59 characters), 20 spaces of "growth room" (21 minus the digits of the first axis)
// and 38 more so magic (6) + version (2) + length (2) + header (118) = 128, a multiple of 64.
std::string numpyFloat32_2x3() {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  header += std::string(20 + 38, ' ') + "\n";
  return "\x93NUMPY" + bytes({1, 0, 118, 0}) + header +
         bytes({0, 0, 0, 0, 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0,         // 0, 1, -2
                0, 0, 0, 0x3F, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0xBE});  // 0.5, 3, -0.25
}

// Version 2.0 (4-byte header length), float64 3 x 2: 12 + 116 = 128 bytes before the data.
std::string version2Float64_3x2() {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }";
  header += std::string(20 + 36, ' ') + "\n";
  return "\x93NUMPY" + bytes({2, 0, 116, 0, 0, 0}) + header +
         bytes({0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0x04, 0xC0,     // 1, -2.5
                0, 0, 0, 0, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0, 0x08, 0x40,     // 0.125, 3
                0, 0, 0, 0, 0, 0, 0x59, 0x40, 0, 0, 0, 0, 0, 0, 0xE0, 0xBF});   // 100, -0.5
}

// An older numpy (1.0 format, 16-byte alignment, no growth room): 10 + 70 = 80 bytes.
std::string oldNumpyFloat32_1x2() {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }";
  header += std::string(10, ' ') + "\n";
  return "\x93NUMPY" + bytes({1, 0, 70, 0}) + header + bytes({0, 0, 0x80, 0x3F, 0, 0, 0, 0x40});  // 1, 2
}

// A 1.0 file whose header is `dict`, padded to 64 bytes, followed by `data`.
std::string withHeader(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64) header.push_back(' ');
  header.push_back('\n');
  return "\x93NUMPY" + bytes({1, 0, static_cast<int>(header.size()), 0}) + header + data;
}

}  // namespace

class TestNpy : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void readsNumpyFloat32() {
    const FloatMatrix m = parseNpy(numpyFloat32_2x3(), "a.npy");
    QCOMPARE(m.rows, 2);
    QCOMPARE(m.cols, 3);
    const std::vector<float> expected = {0, 1, -2, 0.5f, 3, -0.25f};
    QVERIFY(m.data == expected);
    QCOMPARE(m.at(1, 2), -0.25f);
  }

  void writesExactlyWhatNumpyWrites() {
    const FloatMatrix m{2, 3, {0, 1, -2, 0.5f, 3, -0.25f}};
    const std::string encoded = encodeNpy(m);
    QCOMPARE(encoded.size(), numpyFloat32_2x3().size());
    QVERIFY(encoded == numpyFloat32_2x3());
  }

  void readsVersion2AndFloat64() {
    const FloatMatrix m = parseNpy(version2Float64_3x2(), "b.npy");
    QCOMPARE(m.rows, 3);
    QCOMPARE(m.cols, 2);
    const std::vector<float> expected = {1, -2.5f, 0.125f, 3, 100, -0.5f};
    QVERIFY(m.data == expected);
  }

  void readsOlderHeadersAndOtherDictSpellings() {
    const FloatMatrix old = parseNpy(oldNumpyFloat32_1x2(), "old.npy");
    QCOMPARE(old.rows, 1);
    QVERIFY((old.data == std::vector<float>{1, 2}));
    // Any key order, double quotes, no trailing comma: the header is a Python literal.
    const FloatMatrix m = parseNpy(
        withHeader("{\"shape\": (1,2), 'fortran_order': False, \"descr\": '<f4'}", bytes({0, 0, 0x80, 0x3F, 0, 0, 0, 0x40})),
        "c.npy");
    QVERIFY((m.data == std::vector<float>{1, 2}));
  }

  void roundTripsThroughFilesAndKeepsAlignment() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int64_t rows : {0, 1, 7, 12345}) {
      FloatMatrix m{rows, 5, {}};
      for (int64_t i = 0; i < rows * 5; ++i) m.data.push_back(static_cast<float>(i) * 0.37f - 11.0f);
      const std::string path = dir.filePath(QStringLiteral("m%1.npy").arg(rows)).toStdString();
      writeNpy(path, m);
      const std::string encoded = encodeNpy(m);
      const std::size_t headerLength = static_cast<unsigned char>(encoded[8]) | (static_cast<unsigned char>(encoded[9]) << 8);
      QCOMPARE((10 + headerLength) % 64, std::size_t(0));
      QCOMPARE(encoded[10 + headerLength - 1], '\n');
      const FloatMatrix back = readNpy(path);
      QCOMPARE(back.rows, rows);
      QCOMPARE(back.cols, 5);
      QVERIFY(back.data == m.data);
    }
  }

  void rejectsWhatItCannotRead_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected");
    const std::string f4x2 = bytes({0, 0, 0x80, 0x3F, 0, 0, 0, 0x40});
    auto row = [](const char* name, const std::string& file, const char* expected) {
      QTest::newRow(name) << QByteArray(file.data(), static_cast<qsizetype>(file.size())) << QString::fromLatin1(expected);
    };
    row("not npy", "PK\x03\x04 this is a zip file", "magic");
    row("version 3", "\x93NUMPY" + bytes({3, 0, 0, 0, 0, 0}), "format version 3.0 is not supported");
    row("big-endian", withHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", f4x2), "big-endian");
    row("fortran", withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", f4x2), "fortran_order is True");
    row("int32", withHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", f4x2), "dtype '<i4' is not supported");
    row("1-D", withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4x2), "shape (2,) is not 2-D");
    row("3-D", withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2), }", f4x2), "shape (1, 1, 2) is not 2-D");
    row("truncated", withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f4x2),
        "data is truncated: shape (2, 3) of '<f4' needs 24 bytes, the file has 8");
    row("trailing", withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", f4x2),
        "4 unexpected bytes after the 4 bytes of data");
    row("header cut", numpyFloat32_2x3().substr(0, 60), "the header is cut off");
    row("no shape", withHeader("{'descr': '<f4', 'fortran_order': False, }", f4x2), "header has no 'shape'");
    row("bad dict", withHeader("{'descr': '<f4' 'fortran_order': False}", f4x2), "header dict is malformed");
  }
  void rejectsWhatItCannotRead() {
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    const auto t = capture([&] { parseNpy(std::string_view(file.constData(), static_cast<size_t>(file.size())), "x/face.npy"); });
    QVERIFY2(t.is(ErrorCode::ParseError), qPrintable(t.describe()));
    QCOMPARE(QString::fromStdString(t.subject), QStringLiteral("x/face.npy"));
    QVERIFY2(QString::fromStdString(t.what).contains(expected), qPrintable(t.describe()));
  }

  void fileErrors() {
    QTemporaryDir dir;
    const std::string missing = dir.filePath(QStringLiteral("missing.npy")).toStdString();
    QVERIFY(capture([&] { readNpy(missing); }).is(ErrorCode::FileNotFound));
    const std::string empty = dir.filePath(QStringLiteral("empty.npy")).toStdString();
    std::ofstream(empty).close();
    QVERIFY(capture([&] { readNpy(empty); }).is(ErrorCode::EmptyFile));
    QVERIFY(capture([&] { encodeNpy(FloatMatrix{2, 2, {1, 2, 3}}); }).is(ErrorCode::InvalidArgument));
  }
};

QTEST_GUILESS_MAIN(TestNpy)
#include "test_npy.moc"
