// The dataset folder format: save/load round trip, label and CSV syntax, and every malformed
// input reported with its file and line (clips.csv line, modalities.json line, the .npy path).
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/csv.h"
#include "dataset/feature_dataset.h"
#include "dataset/npy.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::dataset;
using stf2m::test::capture;
using stf2m::test::Thrown;

namespace {

namespace fs = std::filesystem;

FeatureSequence ramp(double rate, int64_t rows, int64_t cols, float offset) {
  FeatureSequence f{rate, rows, cols, {}};
  for (int64_t i = 0; i < rows * cols; ++i) f.data.push_back(offset + 0.1f * static_cast<float>(i));
  return f;
}

// Four clips covering every label form, CSV quoting (a subject with a comma and quotes), the
// split column (including a blank) and start/end times (including blank ones).
Dataset smallDataset() {
  Dataset d;
  d.hasSplitColumn = true;
  d.modalities = {{"face", 4, 25.0, {{"brows", 0, 1}, {"mouth", 1, 4}}}, {"voice", 3, 100.0, {{"all", 0, 3}}}};
  auto clip = [&](std::string id, std::string subject, std::string label, std::string split, std::optional<double> s,
                  std::optional<double> e, float offset) {
    std::string problem;
    Clip c{std::move(id), std::move(subject), *parseEmotionLabel(label, problem), std::move(split), s, e, {}};
    c.features["face"] = ramp(25.0, 5, 4, offset);
    c.features["voice"] = ramp(100.0, 20, 3, -offset);
    d.clips.push_back(std::move(c));
  };
  clip("c1", "s1", "anger", "train", 0.0, 0.2, 1.0f);
  clip("c2", "s\"2\", left", "joy+surprise", "val", 1.5, 1.7, 2.0f);
  clip("c3", "s1", "joy:0.7|surprise:0.3", "", std::nullopt, std::nullopt, 3.0f);
  clip("c4", "s3", "happily surprised", "test", 10.25, 10.45, 4.0f);
  return d;
}

void writeFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces the first occurrence of `from` in a file (which must contain it).
bool edit(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = readFile(path);
  const auto at = text.find(from);
  if (at == std::string::npos) return false;
  writeFile(path, text.replace(at, from.size(), to));
  return true;
}

const char* kModalities = R"({
  "version": 1,
  "modalities": [
    {
      "name": "face",
      "dimension": 4,
      "rate_hz": 25,
      "groups": [
        {"name": "brows", "start": 0, "end": 1},
        {"name": "mouth", "start": 1, "end": 4}
      ]
    },
    {"name": "voice", "dimension": 3, "rate_hz": 100}
  ]
}
)";

}  // namespace

class TestFeatureDataset : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  int serial_ = 0;

  // A fresh copy of smallDataset() on disk, with modalities.json replaced by kModalities so the
  // JSON line numbers below are known.
  fs::path freshCopy() {
    const fs::path dir = fs::path(tmp_.path().toStdString()) / ("ds" + std::to_string(++serial_));
    saveDataset(smallDataset(), dir.string());
    writeFile(dir / "modalities.json", kModalities);
    return dir;
  }

 private Q_SLOTS:
  void labelForms() {
    std::string problem;
    auto single = parseEmotionLabel(" anger ", problem);
    QVERIFY(single && single->kind == EmotionLabel::Kind::Single && single->dominant() == "anger");
    auto compound = parseEmotionLabel("joy+surprise", problem);
    QVERIFY(compound && compound->kind == EmotionLabel::Kind::Compound);
    QCOMPARE(compound->dominant(), std::string("joy"));
    QCOMPARE(compound->weightOf("surprise"), 0.5);
    auto soft = parseEmotionLabel("joy:0.3|surprise:0.7", problem);
    QVERIFY(soft && soft->kind == EmotionLabel::Kind::Soft);
    QCOMPARE(soft->dominant(), std::string("surprise"));
    QCOMPARE(soft->text(), std::string("joy:0.3|surprise:0.7"));
    auto rounded = parseEmotionLabel("a:0.333|b:0.333|c:0.333", problem);  // sums to 0.999: normalised
    QVERIFY(rounded && std::abs(rounded->weightOf("a") - 1.0 / 3) < 1e-12);
    for (const char* bad : {"", "joy+", "joy+joy", "joy+fear:0.5", "joy;fear", "joy:0.5|fear:0.2", "joy:abc",
                            "joy:0.5:1", "joy:0|fear:1", "a|b"}) {
      QVERIFY2(!parseEmotionLabel(bad, problem), bad);
      QVERIFY(!problem.empty());
    }
  }

  void csvQuotingRoundTrips() {
    const std::vector<std::string> fields = {"plain", "with,comma", "with \"quotes\"", "two\nlines", " padded ", ""};
    const std::string text = csvLine({"a", "b", "c", "d", "e", "f"}) + csvLine(fields) + "x,y,z,w,v,u\r\n";
    const auto records = parseCsv(text, "t.csv");
    QCOMPARE(records.size(), std::size_t(3));
    QVERIFY(records[1].fields == fields);
    QCOMPARE(records[1].line, 2);
    QCOMPARE(records[2].line, 4);  // the quoted line break counts
  }

  void saveLoadRoundTrip() {
    const Dataset original = smallDataset();
    const fs::path dir = fs::path(tmp_.path().toStdString()) / "roundtrip";
    double lastProgress = 0;
    saveDataset(original, dir.string());
    const Dataset loaded = loadDataset(dir.string(), nullptr, [&](double f) { lastProgress = f; });
    QCOMPARE(lastProgress, 1.0);
    QVERIFY(loaded.hasSplitColumn);
    QCOMPARE(loaded.modalities.size(), original.modalities.size());
    for (size_t m = 0; m < original.modalities.size(); ++m) {
      QCOMPARE(loaded.modalities[m].name, original.modalities[m].name);
      QCOMPARE(loaded.modalities[m].dimension, original.modalities[m].dimension);
      QCOMPARE(loaded.modalities[m].rateHz, original.modalities[m].rateHz);
      QCOMPARE(loaded.modalities[m].groups.size(), original.modalities[m].groups.size());
      for (size_t g = 0; g < original.modalities[m].groups.size(); ++g) {
        QCOMPARE(loaded.modalities[m].groups[g].name, original.modalities[m].groups[g].name);
        QCOMPARE(loaded.modalities[m].groups[g].start, original.modalities[m].groups[g].start);
        QCOMPARE(loaded.modalities[m].groups[g].end, original.modalities[m].groups[g].end);
      }
    }
    QCOMPARE(loaded.clips.size(), original.clips.size());
    for (size_t i = 0; i < original.clips.size(); ++i) {
      const Clip& a = original.clips[i];
      const Clip& b = loaded.clips[i];
      QCOMPARE(b.id, a.id);
      QCOMPARE(b.subject, a.subject);
      QCOMPARE(b.label.text(), a.label.text());
      QVERIFY(b.label.kind == a.label.kind);
      for (const auto& w : a.label.weights) QCOMPARE(b.label.weightOf(w.name), w.weight);
      QCOMPARE(b.split, a.split);
      QVERIFY(b.startS == a.startS && b.endS == a.endS);
      for (const auto& [name, f] : a.features) {
        const FeatureSequence& g = b.features.at(name);
        QCOMPARE(g.rows, f.rows);
        QCOMPARE(g.cols, f.cols);
        QCOMPARE(g.rateHz, f.rateHz);
        QVERIFY(g.data == f.data);
      }
    }
    QVERIFY((loaded.classNames() == std::vector<std::string>{"anger", "happily surprised", "joy", "surprise"}));
    // Saving again over a non-empty folder is refused rather than mixing two datasets.
    QVERIFY(capture([&] { saveDataset(original, dir.string()); }).is(ErrorCode::Conflict));
  }

  void writerRefusesWhatLoaderWould() {
    Dataset d = smallDataset();
    d.clips[1].id = "c1";
    QVERIFY(capture([&] { validateDataset(d); }).is(ErrorCode::InvalidArgument));
    d = smallDataset();
    d.clips[0].features["face"].cols = 5;
    QVERIFY(capture([&] { validateDataset(d); }).is(ErrorCode::InvalidArgument));
    d = smallDataset();
    d.modalities[0].groups[1].end = 3;  // column 3 in no group
    QVERIFY(capture([&] { validateDataset(d); }).is(ErrorCode::InvalidArgument));
    d = smallDataset();
    d.clips[2].features["voice"].data[4] = std::numeric_limits<float>::quiet_NaN();
    QVERIFY(capture([&] { validateDataset(d); }).is(ErrorCode::InvalidArgument));
  }

  // Each row: which file to edit, the text to replace and its replacement, the error code, the
  // file the error must name, and the text its message must contain.
  void malformedInputNamesFileAndLine_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("named");
    QTest::addColumn<QString>("message");
    const int parse = static_cast<int>(ErrorCode::ParseError);
    auto row = [](const char* name, const char* file, const char* from, const char* to, int code, const char* named,
                  const char* message) {
      QTest::newRow(name) << QString::fromUtf8(file) << QString::fromUtf8(from) << QString::fromUtf8(to) << code
                          << QString::fromUtf8(named) << QString::fromUtf8(message);
    };
    // clips.csv (line 1 is the header, c1..c4 are lines 2..5)
    row("duplicate clip id", "clips.csv", "c3,", "c1,", parse, "clips.csv", "line 4: duplicate clip id 'c1' (first on line 2)");
    row("mixed label syntax", "clips.csv", "anger", "anger+joy:0.5", parse, "clips.csv", "line 2: clip 'c1': label 'anger+joy:0.5' mixes");
    row("unknown label syntax", "clips.csv", "anger", "anger;joy", parse, "clips.csv", "line 2: clip 'c1': 'anger;joy' is not a valid class name");
    row("soft weights", "clips.csv", "joy:0.7", "joy:0.2", parse, "clips.csv", "line 4: clip 'c3': soft label weights sum to 0.5");
    row("field count", "clips.csv", "c1,s1,anger,train", "c1,s1,anger", parse, "clips.csv", "line 2: 5 fields, the header has 6");
    row("unknown column", "clips.csv", "label,split", "label,fold", parse, "clips.csv", "line 1: unknown column 'fold'");
    row("no label column", "clips.csv", "label,split", "emotion,split", parse, "clips.csv", "line 1: unknown column 'emotion'");
    row("bad split", "clips.csv", ",train,", ",training,", parse, "clips.csv", "line 2: split 'training' is not train, val, test or empty");
    row("bad time", "clips.csv", ",0.2\n", ",soon\n", parse, "clips.csv", "line 2: end_s 'soon' is not a non-negative number");
    row("end before start", "clips.csv", ",0.2\n", ",0\n", parse, "clips.csv", "line 2: end_s must be after start_s");
    row("unterminated quote", "clips.csv", "\"s\"\"2\"\", left\"", "\"s2", parse, "clips.csv", "line 3: a quoted field is never closed");
    row("stray quote", "clips.csv", "c1,s1", "c1,s\"1", parse, "clips.csv", "line 2: quote inside an unquoted field");
    row("unsafe clip id", "clips.csv", "c4,", "../c4,", parse, "clips.csv", "line 5: clip id '../c4' is not usable as a folder name");
    row("empty subject", "clips.csv", "c4,s3", "c4,", parse, "clips.csv", "line 5: clip 'c4' has an empty subject_id");
    // modalities.json (see kModalities for the line numbers)
    row("json syntax", "modalities.json", "\"rate_hz\": 25,", "\"rate_hz\": 25", parse, "modalities.json",
        "line 8, column 14: syntax error while parsing object - unexpected string literal; expected '}'");  // at the next member, where the comma is missing
    row("group outside dimension", "modalities.json", "\"start\": 1, \"end\": 4", "\"start\": 1, \"end\": 6", parse,
        "modalities.json", "line 10: modality 'face' group 'mouth': range [1, 6) is outside [0, 4)");
    row("group overlap", "modalities.json", "\"start\": 1, \"end\": 4", "\"start\": 0, \"end\": 4", parse,
        "modalities.json", "line 10: modality 'face' group 'mouth' overlaps the group before it");
    row("group gap", "modalities.json", "\"start\": 1, \"end\": 4", "\"start\": 2, \"end\": 4", parse,
        "modalities.json", "line 10: modality 'face': columns [1, 2) belong to no group");
    row("missing rate", "modalities.json", "{\"name\": \"voice\", \"dimension\": 3, \"rate_hz\": 100}",
        "{\"name\": \"voice\", \"dimension\": 3}", parse, "modalities.json", "line 13: modality 'voice' has no \"rate_hz\"");
    row("rate is text", "modalities.json", "\"rate_hz\": 100", "\"rate_hz\": \"100\"", parse, "modalities.json",
        "line 13: modality 'voice': \"rate_hz\" must be a number, not a string");
    row("unknown member", "modalities.json", "\"rate_hz\": 25,", "\"rate_hz\": 25, \"fps\": 25,", parse,
        "modalities.json", "line 7: unknown member \"fps\" in a modality");
    row("duplicate modality", "modalities.json", "\"name\": \"voice\"", "\"name\": \"face\"", parse, "modalities.json",
        "line 13: modality 'face' is already declared on line 4");
    row("fractional dimension", "modalities.json", "\"dimension\": 4,", "\"dimension\": 4.5,", parse, "modalities.json",
        "line 6: modality 'face': \"dimension\" must be an integer, not 4.5");
    row("newer version", "modalities.json", "\"version\": 1", "\"version\": 2", parse, "modalities.json", "line 2: \"version\" must be 1");
    // A dimension that disagrees with the feature files: the .npy is named, with the JSON line.
    row("dimension mismatch", "modalities.json", "\"dimension\": 3", "\"dimension\": 5", parse, "features/c1/voice.npy",
        "has 3 columns but modalities.json line 13 declares dimension 5 for modality 'voice'");
    row("dimension mismatch grouped", "modalities.json", "\"dimension\": 4,", "\"dimension\": 3,", parse,
        "modalities.json", "line 10: modality 'face' group 'mouth': range [1, 4) is outside [0, 3)");
  }
  void malformedInputNamesFileAndLine() {
    QFETCH(QString, file);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(int, code);
    QFETCH(QString, named);
    QFETCH(QString, message);
    const fs::path dir = freshCopy();
    QVERIFY2(edit(dir / file.toStdString(), from.toStdString(), to.toStdString()), "the edit did not apply");
    const Thrown t = capture([&] { loadDataset(dir.string()); });
    QVERIFY2(t.is(static_cast<ErrorCode>(code)), qPrintable(t.describe()));
    QCOMPARE(QString::fromStdString(t.subject), QString::fromStdString((dir / named.toStdString()).string()));
    QVERIFY2(QString::fromStdString(t.what).contains(message), qPrintable(t.describe()));
  }

  void featureFileProblems() {
    fs::path dir = freshCopy();
    fs::remove(dir / "features" / "c3" / "voice.npy");
    Thrown t = capture([&] { loadDataset(dir.string()); });
    QVERIFY2(t.is(ErrorCode::FileNotFound), qPrintable(t.describe()));
    QCOMPARE(t.subject, (dir / "features" / "c3" / "voice.npy").string());
    QVERIFY2(QString::fromStdString(t.what).contains(QStringLiteral("clip 'c3' (clips.csv line 4), modality 'voice'")),
             qPrintable(t.describe()));

    dir = freshCopy();
    const fs::path npy = dir / "features" / "c2" / "face.npy";
    FloatMatrix m = readNpy(npy.string());
    m.data[6] = std::numeric_limits<float>::infinity();
    fs::remove(npy);
    writeNpy(npy.string(), m);
    t = capture([&] { loadDataset(dir.string()); });
    QVERIFY2(t.is(ErrorCode::ParseError) && t.subject == npy.string(), qPrintable(t.describe()));
    QVERIFY2(QString::fromStdString(t.what).contains(QStringLiteral("row 1, column 2 is not finite")), qPrintable(t.describe()));

    dir = freshCopy();
    const std::string bytes = readFile(dir / "features" / "c4" / "voice.npy");
    writeFile(dir / "features" / "c4" / "voice.npy", bytes.substr(0, bytes.size() - 10));
    t = capture([&] { loadDataset(dir.string()); });
    QVERIFY2(t.is(ErrorCode::ParseError) && t.subject == (dir / "features" / "c4" / "voice.npy").string(),
             qPrintable(t.describe()));
    QVERIFY2(QString::fromStdString(t.what).contains(QStringLiteral("needs 240 bytes, the file has 230")), qPrintable(t.describe()));

    dir = freshCopy();
    fs::remove(dir / "clips.csv");
    t = capture([&] { loadDataset(dir.string()); });
    QVERIFY2(t.is(ErrorCode::FileNotFound) && t.subject == (dir / "clips.csv").string(), qPrintable(t.describe()));
    QVERIFY(capture([&] { loadDataset((dir / "nope").string()); }).is(ErrorCode::FileNotFound));
  }

  void cancellation() {
    const fs::path dir = freshCopy();
    CancelToken token;
    token.cancel();
    QVERIFY(capture([&] { loadDataset(dir.string(), &token); }).is(ErrorCode::Cancelled));
  }
};

QTEST_GUILESS_MAIN(TestFeatureDataset)
#include "test_feature_dataset.moc"
