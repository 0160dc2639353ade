#include "eaf_facts.h"

#include <QFile>
#include <QXmlStreamReader>

#include <libxml/xmlschemas.h>

#include <algorithm>

namespace stf2m::test {

namespace {

QString attr(const QXmlStreamAttributes& a, const char* name) { return a.value(QLatin1String(name)).toString(); }

}  // namespace

bool readEaf(const QString& path, EafFacts* f, QString* why) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return *why = QStringLiteral("cannot open ") + path, false;
  QXmlStreamReader xml(&file);
  std::map<QString, qint64> slots;
  QString tier, annotator, cv;
  EafRow row;
  std::vector<std::pair<EafRow, std::pair<QString, QString>>> pending;
  QString ref1, ref2;
  while (!xml.atEnd()) {
    if (xml.readNext() != QXmlStreamReader::StartElement) continue;
    const auto a = xml.attributes();
    const auto n = xml.name();
    if (n == u"TIME_SLOT") {
      if (a.hasAttribute(QLatin1String("TIME_VALUE"))) slots[attr(a, "TIME_SLOT_ID")] = attr(a, "TIME_VALUE").toLongLong();
    } else if (n == u"TIER") {
      tier = attr(a, "TIER_ID");
      annotator = attr(a, "ANNOTATOR");
      f->tierType[tier] = attr(a, "LINGUISTIC_TYPE_REF");
      f->alignablePerTier[tier] += 0;
      f->annotationsPerTier[tier] += 0;
    } else if (n == u"ANNOTATION") {
      ++f->annotationsPerTier[tier];
    } else if (n == u"ALIGNABLE_ANNOTATION") {
      ++f->alignablePerTier[tier];
      ref1 = attr(a, "TIME_SLOT_REF1");
      ref2 = attr(a, "TIME_SLOT_REF2");
      row = {tier, annotator, {}, 0, 0};
    } else if (n == u"ANNOTATION_VALUE" && !ref1.isEmpty()) {
      row.value = xml.readElementText();
      pending.push_back({row, {ref1, ref2}});
      ref1.clear();
    } else if (n == u"LINGUISTIC_TYPE") {
      const QString id = attr(a, "LINGUISTIC_TYPE_ID");
      f->typeAlignable[id] = attr(a, "TIME_ALIGNABLE") != QLatin1String("false");
      f->typeVocabulary[id] = attr(a, "CONTROLLED_VOCABULARY_REF");
    } else if (n == u"CONTROLLED_VOCABULARY") {
      cv = attr(a, "CV_ID");
      f->vocabularyEntries[cv] += 0;
    } else if (n == u"CV_ENTRY_ML") {
      ++f->vocabularyEntries[cv];
    } else if (n == u"MEDIA_DESCRIPTOR") {
      f->mediaUrls << attr(a, "MEDIA_URL");
      f->timeOrigins << attr(a, "TIME_ORIGIN");
    } else if (n == u"PROPERTY") {
      f->properties << attr(a, "NAME");
    }
  }
  if (xml.hasError()) return *why = xml.errorString(), false;
  for (auto& [r, refs] : pending) {  // annotations with unaligned slots are left out here
    if (!slots.count(refs.first) || !slots.count(refs.second)) continue;
    r.start = slots[refs.first];
    r.end = slots[refs.second];
    f->rows.push_back(r);
  }
  std::sort(f->rows.begin(), f->rows.end());
  return true;
}

namespace {

void collectSchemaError(void* ctx, xmlErrorPtr error) {
  auto* messages = static_cast<QStringList*>(ctx);
  if (error && messages->size() < 5)
    *messages << QStringLiteral("line %1: %2").arg(error->line).arg(QString::fromUtf8(error->message).trimmed());
}

}  // namespace

bool validatesAgainst(const QString& file, const QString& xsd, QString* why) {
  QStringList messages;
  xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd.toLocal8Bit().constData());
  xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : nullptr;
  xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : nullptr;
  int rc = -1;
  if (vc) {
    xmlSchemaSetValidStructuredErrors(vc, &collectSchemaError, &messages);
    rc = xmlSchemaValidateFile(vc, file.toLocal8Bit().constData(), 0);
  }
  if (vc) xmlSchemaFreeValidCtxt(vc);
  if (schema) xmlSchemaFree(schema);
  if (pc) xmlSchemaFreeParserCtxt(pc);
  if (!schema) messages.prepend(QStringLiteral("the schema itself did not load"));
  *why = messages.join(QStringLiteral("; "));
  return rc == 0;
}

}  // namespace stf2m::test
