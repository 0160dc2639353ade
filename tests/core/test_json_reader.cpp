// The core JSON reader against Qt's JSON parser on the same documents, and its errors (line and
// column named) on malformed ones.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

#include "common/json_reader.h"
#include "common/json_writer.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::test;

namespace {

// Structural equality of our value with Qt's (numbers to double precision, members in order).
bool same(const JsonValue& a, const QJsonValue& b) {
  switch (a.kind()) {
    case JsonValue::Kind::Null: return b.isNull();
    case JsonValue::Kind::Bool: return b.isBool() && b.toBool() == a.asBool();
    case JsonValue::Kind::Number: return b.isDouble() && b.toDouble() == a.asNumber();
    case JsonValue::Kind::String: return b.isString() && b.toString() == QString::fromStdString(a.asString());
    case JsonValue::Kind::Array: {
      if (!b.isArray() || b.toArray().size() != qsizetype(a.asArray().size())) return false;
      for (size_t i = 0; i < a.asArray().size(); ++i)
        if (!same(a.asArray()[i], b.toArray().at(qsizetype(i)))) return false;
      return true;
    }
    case JsonValue::Kind::Object: {
      const QJsonObject o = b.toObject();
      if (!b.isObject() || o.size() != qsizetype(a.asObject().size())) return false;
      for (const auto& [k, v] : a.asObject())
        if (!same(v, o.value(QString::fromStdString(k)))) return false;
      return true;
    }
  }
  return false;
}

}  // namespace

class TestJsonReader : public QObject {
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
    JsonValue ours;
    const Thrown t = capture([&] { ours = parseJson(std::string_view(text.constData(), size_t(text.size())), "doc.json"); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const QJsonValue qt = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    QVERIFY(same(ours, qt));
  }

  // Whatever JsonWriter writes, the reader reads back.
  void writerRoundTrip() {
    JsonWriter w(false);
    w.beginObject().key("n").value(0.1).key("i").value(int64_t(-42)).key("s").value("a\"b\\c\n\x01")
        .key("arr").beginArray().value(true).null().value(1e300).endArray().endObject();
    const JsonValue v = parseJson(w.str(), "writer");
    QCOMPARE(v.at("n").asNumber(), 0.1);
    QCOMPARE(v.at("i").asInt(), int64_t(-42));
    QCOMPARE(QString::fromStdString(v.at("s").asString()), QStringLiteral("a\"b\\c\n\x01"));
    QCOMPARE(v.at("arr").asArray().size(), size_t(3));
    QCOMPARE(v.at("arr").asArray()[2].asNumber(), 1e300);
  }

  void errorsNameLineAndColumn_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing comma") << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}") << QStringLiteral("doc.json: line 3, column 3: expected '}' or ','");
    QTest::newRow("trailing comma") << QByteArray("[1, 2,]") << QStringLiteral("line 1, column 7: unexpected character ']'");
    QTest::newRow("unterminated") << QByteArray("{\"a\": \"abc") << QStringLiteral("unterminated string");
    QTest::newRow("leading zero") << QByteArray("[01]") << QStringLiteral("leading zeros");
    QTest::newRow("duplicate") << QByteArray("{\"a\":1,\"a\":2}") << QStringLiteral("duplicate member \"a\"");
    QTest::newRow("garbage after") << QByteArray("{} x") << QStringLiteral("unexpected text after");
    QTest::newRow("bad escape") << QByteArray("[\"\\q\"]") << QStringLiteral("unknown escape");
    QTest::newRow("lone surrogate") << QByteArray("[\"\\ud800\"]") << QStringLiteral("unpaired surrogate");
    QTest::newRow("empty") << QByteArray("") << QStringLiteral("unexpected end");
    QTest::newRow("control char") << QByteArray("[\"a\tb\"]") << QStringLiteral("control character");
    QTest::newRow("deep") << QByteArray(300, '[') << QStringLiteral("nesting deeper than 200");
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
    const JsonValue v = parseJson("{\n\"shape\": \"3x3\"\n}", "m.json");
    const Thrown t = capture([&] { (void)v.at("shape").asArray(); });
    QVERIFY(t.is(ErrorCode::ParseError));
    QCOMPARE(QString::fromStdString(t.what), QStringLiteral("m.json: line 2: expected an array, found a string"));
    QVERIFY(capture([&] { (void)v.at("missing"); }).is(ErrorCode::ParseError));
    QVERIFY(capture([&] { (void)parseJson("[1.5]", "x").asArray()[0].asInt(); }).is(ErrorCode::ParseError));
  }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "test_json_reader.moc"
