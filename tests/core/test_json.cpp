// core/common/json.h (nlohmann-json underneath) against Qt's JSON parser on the same documents,
// its errors (line and column, key path) on malformed or mistyped ones, and what dumpJson writes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

#include "common/json.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::test;

namespace {

// Structural equality of our value with Qt's (numbers to double precision, members in order).
bool same(const JsonNode& a, const QJsonValue& b) {
  if (a.isNull()) return b.isNull();
  if (a.isBool()) return b.isBool() && b.toBool() == a.asBool();
  if (a.isNumber()) return b.isDouble() && b.toDouble() == a.asNumber();
  if (a.isString()) return b.isString() && b.toString() == QString::fromStdString(a.asString());
  if (a.isArray()) {
    const std::vector<JsonNode> items = a.items();
    if (!b.isArray() || b.toArray().size() != qsizetype(items.size())) return false;
    for (size_t i = 0; i < items.size(); ++i)
      if (!same(items[i], b.toArray().at(qsizetype(i)))) return false;
    return true;
  }
  const QJsonObject o = b.toObject();
  if (!b.isObject() || o.size() != qsizetype(a.size())) return false;
  for (const auto& [k, v] : a.members())
    if (!same(v, o.value(QString::fromStdString(k)))) return false;
  return true;
}

}  // namespace

class TestJson : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void agreesWithQt_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("manifest") << QByteArray("[{\"paths\":[\"a.bin\"],\"weights\":[{\"name\":\"conv0/filters\",\"shape\":[3,3,3,16],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.009007044399485869,\"min\":-1.2069439495311063}}]}]");
    QTest::newRow("numbers") << QByteArray("{\"a\":0,\"b\":-0.5,\"c\":1e-7,\"d\":6.02E+23,\"e\":-0,\"f\":123456789012345}\n");
    QTest::newRow("escapes") << QByteArray("{\"s\":\"tab\\tquote\\\"slash\\/back\\\\ \\u00e9 \\ud83d\\ude00 nl\\n\"}");
    QTest::newRow("nested") << QByteArray("  [ [], {}, [[[null]]], true, false , {\"k\": [1, {\"x\": \"y\"}]} ]  ");
    QTest::newRow("utf8") << QByteArray("{\"name\":\"Überraschung – 驚き\"}");
  }
  void agreesWithQt() {
    QFETCH(QByteArray, text);
    QJsonParseError qtError{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &qtError);
    QCOMPARE(qtError.error, QJsonParseError::NoError);
    JsonNode ours;
    const Thrown t = capture([&] { ours = parseJson(std::string_view(text.constData(), size_t(text.size())), "doc.json"); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const QJsonValue qt = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    QVERIFY(same(ours, qt));
  }

  // Whatever dumpJson writes, parseJson reads back, compact or indented.
  void writerRoundTrip() {
    const Json doc = {{"n", 0.1}, {"i", -42}, {"s", "a\"b\\c\n\x01"}, {"arr", {true, nullptr, 1e300}}};
    for (bool pretty : {false, true}) {
      const JsonNode v = parseJson(dumpJson(doc, pretty), "writer");
      QCOMPARE(v.at("n").asNumber(), 0.1);
      QCOMPARE(v.at("i").asInt(), int64_t(-42));
      QCOMPARE(QString::fromStdString(v.at("s").asString()), QStringLiteral("a\"b\\c\n\x01"));
      QCOMPARE(v.at("arr").size(), size_t(3));
      QCOMPARE(v.at("arr").items()[2].asNumber(), 1e300);
    }
  }

  // The written text itself: members in insertion order, two-space indentation, integral doubles
  // keep ".0", non-finite numbers are null, invalid UTF-8 becomes U+FFFD instead of an exception,
  // and the same value always gives the same bytes.
  void writerFormat() {
    Json doc = Json::object();
    doc["z"] = 2.0;
    doc["a"] = 3;
    doc["nan"] = std::nan("");
    doc["inf"] = HUGE_VAL;
    doc["bad"] = std::string("x\xff");
    doc["empty"] = Json::array();
    doc["list"] = {0.5, 1e-7};
    QCOMPARE(QString::fromStdString(dumpJson(doc, false)),
             QString::fromUtf8("{\"z\":2.0,\"a\":3,\"nan\":null,\"inf\":null,\"bad\":\"x\xef\xbf\xbd\",\"empty\":[],\"list\":[0.5,1e-07]}"));
    QCOMPARE(QString::fromStdString(dumpJson(Json{{"k", {1, 2}}})), QStringLiteral("{\n  \"k\": [\n    1,\n    2\n  ]\n}"));
    QCOMPARE(dumpJson(doc), dumpJson(Json(doc)));
  }

  void errorsNameLineAndColumn_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing comma") << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}") << QStringLiteral("doc.json: line 3, column 5: syntax error while parsing object - unexpected string literal; expected '}'");
    QTest::newRow("trailing comma") << QByteArray("[1, 2,]") << QStringLiteral("line 1, column 7: syntax error while parsing value - unexpected ']'");
    QTest::newRow("unterminated") << QByteArray("{\"a\": \"abc") << QStringLiteral("missing closing quote");
    QTest::newRow("leading zero") << QByteArray("[01]") << QStringLiteral("line 1, column 3: syntax error");
    QTest::newRow("duplicate") << QByteArray("{\"a\":1,\n\"a\":2}") << QStringLiteral("line 2, column 3: duplicate member \"a\"");
    QTest::newRow("garbage after") << QByteArray("{} x") << QStringLiteral("expected end of input");
    QTest::newRow("bad escape") << QByteArray("[\"\\q\"]") << QStringLiteral("forbidden character after backslash");
    QTest::newRow("lone surrogate") << QByteArray("[\"\\ud800\"]") << QStringLiteral("surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
    QTest::newRow("empty") << QByteArray("") << QStringLiteral("line 1, column 1: syntax error while parsing value - unexpected end of input");
    QTest::newRow("control char") << QByteArray("[\"a\tb\"]") << QStringLiteral("control character U+0009 (HT) must be escaped");
    QTest::newRow("deep") << QByteArray(300, '[') << QStringLiteral("line 1, column 201: nesting deeper than 200 levels");
    QTest::newRow("overflow") << QByteArray("[1,\n 1e400]") << QStringLiteral("line 2, column 6: number overflow parsing '1e400'");
    QTest::newRow("utf8 column") << QByteArray("{\"name\": \"\xc3\x9c\xc3\x9c\", x}") << QStringLiteral("line 1, column 16:");
  }
  void errorsNameLineAndColumn() {
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const Thrown t = capture([&] { (void)parseJson(std::string_view(text.constData(), size_t(text.size())), "doc.json"); });
    QVERIFY2(t.is(ErrorCode::ParseError), qPrintable(t.describe()));
    QVERIFY2(QString::fromStdString(t.what).contains(expected), qPrintable(QString::fromStdString(t.what)));
    QVERIFY(QString::fromStdString(t.what).startsWith(QStringLiteral("doc.json: line ")));
  }

  void typedAccessErrors() {
    const JsonNode v = parseJson("{\n\"shape\": \"3x3\",\n\"m\": [\n 1,\n {\"k\":\n  5}]}", "m.json");
    Thrown t = capture([&] { (void)v.at("shape").items(); });
    QVERIFY(t.is(ErrorCode::ParseError));
    QCOMPARE(QString::fromStdString(t.what), QStringLiteral("m.json: line 2, at /shape: expected an array, found a string"));
    t = capture([&] { (void)v.at("m").items()[1].at("k").asString(); });
    QCOMPARE(QString::fromStdString(t.what), QStringLiteral("m.json: line 6, at /m/1/k: expected a string, found a number"));
    t = capture([&] { (void)v.at("missing"); });
    QVERIFY(t.is(ErrorCode::ParseError));
    QCOMPARE(QString::fromStdString(t.what), QStringLiteral("m.json: line 1: the object has no member \"missing\""));
    QVERIFY(capture([&] { (void)parseJson("[1.5]", "x").items()[0].asInt(); }).is(ErrorCode::ParseError));
    QCOMPARE(parseJson("[2.0, 7]", "x").items()[0].asInt(), int64_t(2));
    QVERIFY(capture([&] { (void)parseJson("[18446744073709551615]", "x").items()[0].asInt(); }).is(ErrorCode::ParseError));
  }

  // Every value knows the line it is on, for messages about settings deep in a file.
  void valuesKnowTheirLines() {
    const JsonNode v = parseJson("{\n \"a\": {\n  \"b\": [10,\n   20]\n },\n \"c\": \"~/x\"\n}", "l.json");
    QCOMPARE(v.line(), 1);
    QCOMPARE(v.at("a").line(), 2);
    QCOMPARE(v.at("a").at("b").line(), 3);
    QCOMPARE(v.at("a").at("b").items()[0].line(), 3);
    QCOMPARE(v.at("a").at("b").items()[1].line(), 4);
    QCOMPARE(v.at("c").line(), 6);
    QCOMPARE(QString::fromStdString(v.at("a").at("b").items()[1].path()), QStringLiteral("/a/b/1"));
  }
};

QTEST_GUILESS_MAIN(TestJson)
#include "test_json.moc"
