// The model file (core/model/model_file.h): tensors of every kind and the card survive a round
// trip in order; every kind of damage (truncation anywhere, a flipped byte in the card or the
// weights, a wrong magic, a newer format, an empty, missing or directory path, a tensor table
// damaged or crafted under a matching checksum) is a stf2m::Error with the right code naming the
// file and the problem; files are owner-only; a failed write leaves the previous file as it was;
// format version 1 (a LibTorch archive) is read only by the upgrade, which keeps every tensor.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <cstdint>
#include <sstream>
#include <string>

#include "common/error.h"
#include "common/digest.h"
#include "model/engine.h"
#include "model/model_file.h"
#include "support/thrown.h"
#include "weights/tensor_table.h"

using stf2m::ErrorCode;
using stf2m::Json;
using stf2m::model::ModelFile;
using stf2m::model::NamedTensors;
using stf2m::model::readModelFile;
using stf2m::model::writeModelFile;
using stf2m::test::capture;
using stf2m::test::Thrown;
using stf2m::weights::ElementType;
using stf2m::weights::StoredTensor;

namespace {

constexpr size_t kMagicSize = 12;
constexpr size_t kCardOffset = kMagicSize + 4 + 8;

std::string readBytes(const std::string& path) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) return {};
  const QByteArray b = f.readAll();
  return std::string(b.constData(), static_cast<size_t>(b.size()));
}

void writeBytes(const std::string& path, const std::string& bytes) {
  QFile f(QString::fromStdString(path));
  if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(bytes.data(), static_cast<qint64>(bytes.size()));
}

uint64_t littleEndian(const std::string& bytes, size_t offset, int count) {
  uint64_t v = 0;
  for (int i = 0; i < count; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return v;
}

void putLittleEndian(std::string& out, uint64_t value, int count) {
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// A model file put together by hand from the documented layout.
std::string assemble(const std::string& card, const std::string& weights, uint32_t version = 2) {
  std::string out = "STF2M-MODEL\n";
  putLittleEndian(out, version, 4);
  putLittleEndian(out, card.size(), 8);
  out += card;
  putLittleEndian(out, weights.size(), 8);
  out += weights;
  return out;
}

std::string cardWithSha(const std::string& sha) {
  return "{\n  \"format\": \"stf2m-model\",\n  \"weights_sha256\": \"" + sha + "\",\n  \"method\": \"stf2m\"\n}";
}

// A tensor table from the encoder, and one tensor put together by hand (any type code and sizes).
std::string tableBytes(const std::vector<StoredTensor>& tensors) { return stf2m::weights::encodeTensorTable("test", tensors); }

StoredTensor stored(const char* name, ElementType type, std::vector<int64_t> sizes, std::string data) {
  return StoredTensor{name, type, std::move(sizes), std::move(data)};
}

std::string raw(const std::string& name, uint8_t type, const std::vector<uint64_t>& sizes, const std::string& data) {
  std::string out;
  putLittleEndian(out, name.size(), 2);
  out += name;
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(sizes.size()));
  for (const uint64_t size : sizes) putLittleEndian(out, size, 8);
  return out + data;
}

std::string table(const std::vector<std::string>& tensors) {
  std::string out = "STF2M-TENSORS\n";
  putLittleEndian(out, tensors.size(), 4);
  for (const std::string& t : tensors) out += t;
  return out;
}

// Format version 1's weights: a LibTorch archive with the tensors as buffers and their names.
std::string archiveBytes(const NamedTensors& tensors, const std::vector<std::string>& names) {
  torch::serialize::OutputArchive archive;
  for (const auto& [name, t] : tensors) archive.write(name, t, true);
  c10::List<std::string> list;
  for (const auto& n : names) list.push_back(n);
  archive.write("__tensor_names__", c10::IValue(list));
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

NamedTensors sampleTensors() {
  torch::manual_seed(7);
  const torch::Tensor big = torch::randn({6, 5});
  return {
      {"encoder.face.spatial.weight", torch::randn({4, 3, 2})},
      {"fuzzy.centres", torch::randn({8}, torch::kFloat64)},
      {"index", torch::arange(12, torch::kInt64).reshape({3, 4})},
      {"bytes", torch::tensor({0, 7, 255}, torch::kUInt8)},
      {"mask", torch::tensor({true, false, true, true})},
      {"scalar", torch::tensor(42, torch::kInt32)},
      {"half", torch::randn({2, 2}).to(torch::kFloat16)},
      {"empty", torch::zeros({0, 3})},
      {"transposed", big.t()},                  // not contiguous
      {"row", big.slice(0, 2, 3)},              // a view into a larger storage
      {"learned", torch::randn({3}).requires_grad_()},
  };
}

void sampleCard(Json& card) {
  card["method"] = "stf2m";
  card["classes"] = {"joy-1", "anger-2"};
  card["modalities"] = Json::array({{{"name", "face"}, {"dimension", 32}}});
}

}  // namespace

class TestModelFile : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::string valid_;       // a valid model file's path
  std::string validBytes_;  // and its bytes

  std::string path(const char* name) const { return QDir(dir_.path()).filePath(QString::fromUtf8(name)).toStdString(); }

  // `bytes` written to a fresh file must fail to read with `code`, naming the file and `part`.
  void expectCorrupt(const std::string& bytes, ErrorCode code, const char* part, const char* tag) {
    const std::string p = path((std::string("case-") + tag + ".stf2m").c_str());
    writeBytes(p, bytes);
    expectReadError(p, code, part);
  }

  void expectReadError(const std::string& p, ErrorCode code, const char* part) {
    const Thrown t = capture([&] { readModelFile(p); });
    QVERIFY2(t.is(code), qPrintable(QString::fromStdString(p) + QStringLiteral(": expected ") +
                                    QString::fromUtf8(stf2m::errorCodeName(code)) + QStringLiteral(", got ") + t.describe()));
    QVERIFY2(t.what.find(p) != std::string::npos, qPrintable(QStringLiteral("does not name the file: ") + t.describe()));
    QVERIFY2(t.what.find(part) != std::string::npos,
             qPrintable(QStringLiteral("does not say '%1': ").arg(QString::fromUtf8(part)) + t.describe()));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    valid_ = path("valid.stf2m");
    writeModelFile(valid_, sampleTensors(), sampleCard);
    validBytes_ = readBytes(valid_);
    QVERIFY(validBytes_.size() > kCardOffset);
  }

  void roundTripKeepsTensorsInOrder() {
    const NamedTensors written = sampleTensors();
    const ModelFile file = readModelFile(valid_);
    QCOMPARE(file.tensors.size(), written.size());
    for (size_t i = 0; i < written.size(); ++i) {
      const auto& [name, expected] = written[i];
      const auto& [readName, got] = file.tensors[i];
      QCOMPARE(readName, name);
      QVERIFY2(got.device().is_cpu(), name.c_str());
      QVERIFY2(got.is_contiguous(), name.c_str());
      QCOMPARE(got.scalar_type(), expected.scalar_type());
      QCOMPARE(got.sizes().vec(), expected.sizes().vec());
      QVERIFY2(torch::equal(got, expected.detach()), name.c_str());
    }
  }

  void cardRoundTripsAndSitsBeside() {
    const ModelFile file = readModelFile(valid_);
    QVERIFY(file.card.isObject());
    QCOMPARE(file.card.at("format").asString(), std::string("stf2m-model"));
    QCOMPARE(file.card.at("method").asString(), std::string("stf2m"));
    QCOMPARE(file.card.at("classes").items().size(), size_t(2));
    QCOMPARE(file.card.at("classes").items()[1].asString(), std::string("anger-2"));
    QCOMPARE(file.card.at("modalities").items()[0].at("dimension").asInt(), int64_t(32));
    const std::string sha = file.card.at("weights_sha256").asString();
    QCOMPARE(sha.size(), size_t(64));
    // The sha covers exactly the weights section.
    const uint64_t cardLength = littleEndian(validBytes_, kMagicSize + 4, 8);
    const std::string weights = validBytes_.substr(kCardOffset + cardLength + 8);
    QCOMPARE(stf2m::sha256OfBytes(weights), sha);
    QCOMPARE(littleEndian(validBytes_, kCardOffset + cardLength, 8), uint64_t(weights.size()));
    QCOMPARE(file.cardText, validBytes_.substr(kCardOffset, cardLength));
    QCOMPARE(readBytes(valid_ + ".card.json"), file.cardText + "\n");
  }

  void sha256OfBytesKnownValues() {
    QCOMPARE(stf2m::sha256OfBytes(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(stf2m::sha256OfBytes("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  }

  void filesAreOwnerOnly() {
    for (const std::string& p : {valid_, valid_ + ".card.json"}) {
      struct stat st {};
      QCOMPARE(::stat(p.c_str(), &st), 0);
      QCOMPARE(int(st.st_mode & 0777), 0600);
    }
  }

  void overwriteReplacesTheFile() {
    const std::string p = path("overwrite.stf2m");
    writeModelFile(p, sampleTensors(), sampleCard);
    writeModelFile(p, {{"only", torch::ones({2})}}, [](Json& card) { card["method"] = "protonet"; });
    const ModelFile file = readModelFile(p);
    QCOMPARE(file.tensors.size(), size_t(1));
    QCOMPARE(file.card.at("method").asString(), std::string("protonet"));
    QVERIFY(readBytes(p + ".card.json").find("protonet") != std::string::npos);
  }

  void failedWriteLeavesOldFileUntouched() {
    const std::string p = path("keep.stf2m");
    writeModelFile(p, sampleTensors(), sampleCard);
    const std::string before = readBytes(p);
    const std::string cardBefore = readBytes(p + ".card.json");

    Thrown t = capture([&] { writeModelFile(p, {{"bad", torch::Tensor()}}, sampleCard); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    QVERIFY(t.what.find("bad") != std::string::npos);
    t = capture([&] { writeModelFile(p, {{"a", torch::ones({1})}, {"a", torch::ones({1})}}, sampleCard); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    t = capture([&] {
      writeModelFile(p, sampleTensors(), [](Json& card) {
        card["method"] = "x";
        throw stf2m::Error(ErrorCode::Cancelled, "card", "stop");
      });
    });
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    QVERIFY(readBytes(p) == before);
    QVERIFY(readBytes(p + ".card.json") == cardBefore);
    // No temporary files are left behind.
    const QStringList left = QDir(dir_.path()).entryList(QStringList{QStringLiteral(".keep.stf2m*")}, QDir::Files | QDir::Hidden);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));

    // A folder that does not exist: FileUnreadable naming the path.
    const std::string nowhere = path("no-such-folder/m.stf2m");
    t = capture([&] { writeModelFile(nowhere, sampleTensors(), sampleCard); });
    QVERIFY2(t.is(ErrorCode::FileUnreadable), qPrintable(t.describe()));
    QVERIFY(t.what.find(nowhere) != std::string::npos);
  }

  void missingEmptyAndDirectory() {
    expectReadError(path("missing.stf2m"), ErrorCode::FileNotFound, "no such file");
    const std::string empty = path("empty.stf2m");
    writeBytes(empty, "");
    expectReadError(empty, ErrorCode::EmptyFile, "empty");
    const std::string folder = path("folder.stf2m");
    QVERIFY(QDir().mkpath(QString::fromStdString(folder)));
    expectReadError(folder, ErrorCode::FileUnreadable, "directory");
  }

  void wrongMagic() {
    std::string bytes = validBytes_;
    bytes[0] = 'X';
    expectCorrupt(bytes, ErrorCode::CorruptData, "not an ST-F2M model file", "magic");
    expectCorrupt("PK\x03\x04 this is a zip, not a model", ErrorCode::CorruptData, "not an ST-F2M model file", "zip");
    expectCorrupt("{\"format\": \"stf2m-model\"}", ErrorCode::CorruptData, "not an ST-F2M model file", "json");
  }

  void newerAndInvalidVersion() {
    std::string bytes = validBytes_;
    bytes[kMagicSize] = 3;
    expectCorrupt(bytes, ErrorCode::CorruptData, "newer", "v3");
    bytes[kMagicSize] = 0;
    expectCorrupt(bytes, ErrorCode::CorruptData, "version 0", "v0");
  }

  void truncatedAnywhere_data() {
    QTest::addColumn<int>("keep");  // bytes kept; negative: counted from the end
    QTest::addColumn<QString>("part");
    QTest::newRow("inside magic") << 5 << QStringLiteral("truncated header");
    QTest::newRow("inside version") << 14 << QStringLiteral("truncated header (format version)");
    QTest::newRow("inside card length") << 20 << QStringLiteral("truncated header (card length)");
    QTest::newRow("inside card") << int(kCardOffset + 10) << QStringLiteral("truncated card section: expected");
    QTest::newRow("inside weights length") << -1000000 << QStringLiteral("truncated header (weights length)");
    QTest::newRow("inside weights") << -500 << QStringLiteral("truncated weights section: expected");
    QTest::newRow("last byte") << -1 << QStringLiteral("truncated weights section: expected");
  }
  void truncatedAnywhere() {
    QFETCH(int, keep);
    QFETCH(QString, part);
    const uint64_t cardLength = littleEndian(validBytes_, kMagicSize + 4, 8);
    size_t n = 0;
    if (keep == -1000000)
      n = kCardOffset + cardLength + 3;  // 3 of the 8 bytes of the weights length
    else
      n = keep >= 0 ? size_t(keep) : validBytes_.size() - size_t(-keep);
    expectCorrupt(validBytes_.substr(0, n), ErrorCode::CorruptData, part.toUtf8().constData(),
                  ("trunc-" + std::to_string(n)).c_str());
  }

  void truncationStatesExpectedAndActualBytes() {
    const uint64_t cardLength = littleEndian(validBytes_, kMagicSize + 4, 8);
    const uint64_t weightsLength = littleEndian(validBytes_, kCardOffset + cardLength, 8);
    const std::string expected = "expected " + std::to_string(weightsLength) + " bytes";
    const std::string found = "found " + std::to_string(weightsLength - 100);
    const std::string p = path("trunc-counts.stf2m");
    writeBytes(p, validBytes_.substr(0, validBytes_.size() - 100));
    const Thrown t = capture([&] { readModelFile(p); });
    QVERIFY2(t.what.find(expected) != std::string::npos && t.what.find(found) != std::string::npos, qPrintable(t.describe()));
  }

  void trailingBytes() {
    expectCorrupt(validBytes_ + "extra", ErrorCode::CorruptData, "5 unexpected bytes after the weights", "trailing");
  }

  void malformedCardNamesTheLine() {
    std::string bytes = validBytes_;
    const size_t colon = bytes.find("\"method\":", kCardOffset);
    QVERIFY(colon != std::string::npos);
    bytes[colon + 8] = ';';  // "method"; "stf2m"
    expectCorrupt(bytes, ErrorCode::CorruptData, "malformed card: line ", "card-syntax");
  }

  void flippedCardChecksum() {
    std::string bytes = validBytes_;
    const size_t at = bytes.find("\"weights_sha256\": \"", kCardOffset);
    QVERIFY(at != std::string::npos);
    char& digit = bytes[at + 19];
    digit = digit == '0' ? '1' : '0';
    expectCorrupt(bytes, ErrorCode::CorruptData, "checksum mismatch", "card-sha");
  }

  void flippedWeightsByte_data() {
    QTest::addColumn<double>("where");  // fraction of the weights section
    QTest::newRow("start") << 0.0;
    QTest::newRow("middle") << 0.5;
    QTest::newRow("end") << 0.999;
  }
  void flippedWeightsByte() {
    QFETCH(double, where);
    const uint64_t cardLength = littleEndian(validBytes_, kMagicSize + 4, 8);
    const size_t start = kCardOffset + cardLength + 8;
    std::string bytes = validBytes_;
    const size_t at = start + size_t(where * double(bytes.size() - start - 1));
    bytes[at] = static_cast<char>(bytes[at] ^ 0x5a);
    expectCorrupt(bytes, ErrorCode::CorruptData, "checksum mismatch", ("weights-" + std::to_string(at)).c_str());
  }

  void cardWithoutChecksumOrFormat() {
    const std::string weights = tableBytes({stored("a", ElementType::Float32, {2}, std::string(8, '\0'))});
    expectCorrupt(assemble("{\"format\": \"stf2m-model\"}", weights), ErrorCode::CorruptData, "weights_sha256", "no-sha");
    expectCorrupt(assemble("[1, 2]", weights), ErrorCode::CorruptData, "not a JSON object", "array-card");
    expectCorrupt(assemble("{\"weights_sha256\": \"" + stf2m::sha256OfBytes(weights) + "\"}", weights), ErrorCode::CorruptData,
                  "format", "no-format");
  }

  void handAssembledFileReads() {
    const std::string weights = tableBytes({stored("b", ElementType::Float64, {1, 1}, std::string(8, '\0')),
                                            stored("a", ElementType::Int32, {2}, std::string("\x01\0\0\0\xff\xff\xff\xff", 8))});
    const std::string p = path("hand.stf2m");
    writeBytes(p, assemble(cardWithSha(stf2m::sha256OfBytes(weights)), weights));
    const ModelFile file = readModelFile(p);
    QCOMPARE(file.tensors.size(), size_t(2));
    QCOMPARE(file.tensors[0].first, std::string("b"));
    QCOMPARE(file.tensors[0].second.scalar_type(), torch::kFloat64);
    QCOMPARE(file.tensors[1].first, std::string("a"));
    QVERIFY(torch::equal(file.tensors[1].second, torch::tensor({1, -1}, torch::kInt32)));
  }

  // Weights whose checksum matches the card but whose tensor table is damaged or crafted: refused
  // before any tensor is made, naming the file, the tensor and the problem.
  void damagedTableWithMatchingChecksum_data() {
    QTest::addColumn<QByteArray>("weights");
    QTest::addColumn<QString>("part");
    const std::string two = std::string(8, '\0');
    const std::string base = tableBytes({stored("a", ElementType::Float32, {2}, two),
                                         stored("m", ElementType::Bool, {2}, std::string("\x01\x00", 2))});
    auto row = [](const char* tag, const std::string& weights, const char* part) {
      QTest::newRow(tag) << QByteArray(weights.data(), qsizetype(weights.size())) << QString::fromUtf8(part);
    };
    row("not a table", "PK\x03\x04 a LibTorch archive is a zip", "not a tensor table");
    row("no count", base.substr(0, 16), "truncated tensor count");
    row("elements cut short", base.substr(0, base.size() - 1), "truncated tensor 1 ('m') elements: expected 2 bytes");
    row("trailing bytes", base + "x", "1 unexpected bytes after the last tensor");
    std::string patched = base;
    patched[14 + 4 + 2 + 1] = 99;  // tensor 0's element type
    row("unknown element type", patched, "tensor 0 ('a') has an unknown element type 99");
    patched = base;
    patched.back() = 2;
    row("bool neither 0 nor 1", patched, "tensor 1 ('m') has a bool element that is neither 0 nor 1");
    row("duplicate name", table({raw("a", 1, {1}, std::string(4, '\0')), raw("a", 1, {1}, std::string(4, '\0'))}),
        "tensor 1 ('a') repeats the name");
    row("empty name", table({raw("", 1, {1}, std::string(4, '\0'))}), "tensor 0 has an empty name");
    row("control character", table({raw("a\nb", 1, {1}, std::string(4, '\0'))}), "control character");
    row("size beyond 2^31", table({raw("a", 1, {uint64_t(1) << 40}, "")}), "tensor 0 ('a') has a size of 1099511627776");
    row("elements beyond 2^62 bytes", table({raw("a", 2, {2147483647, 2147483647, 2147483647}, "")}),
        "tensor 0 ('a') has sizes whose elements take more than 2^62 bytes");
    row("elements beyond the bytes", table({raw("a", 1, {1000, 1000}, "xyz")}),
        "truncated tensor 0 ('a') elements: expected 4000000 bytes at offset 39, found 3");
    row("rank 9", table({raw("a", 1, std::vector<uint64_t>(9, 1), std::string(4, '\0'))}), "has rank 9 (at most 8)");
    std::string many = "STF2M-TENSORS\n";
    putLittleEndian(many, 70000, 4);
    row("too many tensors", many, "70000 tensors (at most 65536)");
  }
  void damagedTableWithMatchingChecksum() {
    QFETCH(QByteArray, weights);
    QFETCH(QString, part);
    const std::string w(weights.constData(), size_t(weights.size()));
    expectCorrupt(assemble(cardWithSha(stf2m::sha256OfBytes(w)), w), ErrorCode::CorruptData, part.toUtf8().constData(),
                  QTest::currentDataTag());
  }

  void cardTensorCountMustMatch() {
    const std::string weights = tableBytes({stored("a", ElementType::UInt8, {3}, "abc")});
    std::string card = cardWithSha(stf2m::sha256OfBytes(weights));
    card.insert(card.size() - 2, ",\n  \"tensor_count\": 2");
    expectCorrupt(assemble(card, weights), ErrorCode::CorruptData, "\"tensor_count\" does not match the 1 tensors", "count");
  }

  void writerRefusesWhatTheTableCannotHold() {
    const std::string p = path("refused.stf2m");
    Thrown t = capture([&] { writeModelFile(p, {{"", torch::ones({1})}}, sampleCard); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find("empty name") != std::string::npos, qPrintable(t.describe()));
    t = capture([&] { writeModelFile(p, {{"z", torch::ones({2}, torch::kComplexFloat)}}, sampleCard); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find("'z' has element type ComplexFloat") != std::string::npos,
             qPrintable(t.describe()));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(p)));
  }

  // Format version 1 (weights in a LibTorch archive): refused by the reader with the command that
  // upgrades it; upgraded, the same tensors in the same order, the card's own keys kept and the
  // old weights recorded.
  void version1IsReadOnlyByUpgrade() {
    const NamedTensors tensors = sampleTensors();
    std::vector<std::string> names;
    for (const auto& [name, t] : tensors) names.push_back(name);
    const std::string weights = archiveBytes(tensors, names);
    const std::string oldSha = stf2m::sha256OfBytes(weights);
    std::string card = cardWithSha(oldSha);
    card.insert(card.size() - 2, ",\n  \"format_version\": 1,\n  \"tensor_count\": " + std::to_string(tensors.size()));
    const std::string v1 = path("v1.stf2m");
    writeBytes(v1, assemble(card, weights, 1));
    expectReadError(v1, ErrorCode::InvalidArgument, "stf2m model upgrade");
    QCOMPARE(stf2m::model::readModelCard(v1), card);

    const std::string upgraded = path("v1-upgraded.stf2m");
    stf2m::model::upgradeModelFile(v1, upgraded);
    const ModelFile file = readModelFile(upgraded);
    QCOMPARE(file.tensors.size(), tensors.size());
    for (size_t i = 0; i < tensors.size(); ++i) {
      QCOMPARE(file.tensors[i].first, tensors[i].first);
      QVERIFY2(torch::equal(file.tensors[i].second, tensors[i].second.detach()), tensors[i].first.c_str());
    }
    QCOMPARE(file.card.at("method").asString(), std::string("stf2m"));
    QCOMPARE(file.card.at("format_version").asInt(), int64_t(2));
    QCOMPARE(file.card.at("upgraded_from").at("weights_sha256").asString(), oldSha);
    QVERIFY(file.card.at("weights_sha256").asString() != oldSha);

    Thrown t = capture([&] { stf2m::model::upgradeModelFile(upgraded, path("again.stf2m")); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find("nothing to upgrade") != std::string::npos,
             qPrintable(t.describe()));
    t = capture([&] { stf2m::model::upgradeModelFile(v1, v1); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find("new file") != std::string::npos, qPrintable(t.describe()));
  }

  void upgradeReportsADamagedArchive() {
    auto expectUpgradeError = [&](const std::string& weights, const char* part, const char* tag) {
      const std::string p = path((std::string("v1-") + tag + ".stf2m").c_str());
      writeBytes(p, assemble(cardWithSha(stf2m::sha256OfBytes(weights)), weights, 1));
      const Thrown t = capture([&] { stf2m::model::upgradeModelFile(p, path("never.stf2m")); });
      QVERIFY2(t.is(ErrorCode::CorruptData) && t.what.find(p) != std::string::npos && t.what.find(part) != std::string::npos,
               qPrintable(t.describe()));
    };
    expectUpgradeError(archiveBytes({{"a", torch::ones({2})}}, {"a", "encoder.lost"}), "missing tensor 'encoder.lost'", "lost");
    const std::string noList = [] {
      torch::serialize::OutputArchive archive;
      archive.write("a", torch::ones({2}), true);
      std::ostringstream out;
      archive.save_to(out);
      return out.str();
    }();
    expectUpgradeError(noList, "tensor name list", "no-names");
    expectUpgradeError("this is not a LibTorch archive", "weights archive cannot be read", "garbage");
    QVERIFY(!QFileInfo::exists(QString::fromStdString(path("never.stf2m"))));
  }
};

QTEST_GUILESS_MAIN(TestModelFile)
#include "test_model_file.moc"
