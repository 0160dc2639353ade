#pragma once
// What an .eaf file says, read with QXmlStreamReader independently of the importer, and XML
// schema validation through libxml2 (as `xmllint --schema` does).
#include <QString>
#include <QStringList>

#include <map>
#include <tuple>
#include <vector>

namespace stf2m::test {

struct EafRow {
  QString tier, annotator, value;
  qint64 start = 0, end = 0;
  bool operator<(const EafRow& o) const {
    return std::tie(tier, start, end, value, annotator) < std::tie(o.tier, o.start, o.end, o.value, o.annotator);
  }
  bool operator==(const EafRow& o) const = default;
};

struct EafFacts {
  std::vector<EafRow> rows;                 // alignable annotations whose slots both have times
  std::map<QString, QString> tierType;      // tier -> linguistic type
  std::map<QString, bool> typeAlignable;    // linguistic type -> TIME_ALIGNABLE != "false"
  std::map<QString, int> alignablePerTier, annotationsPerTier;
  std::map<QString, QString> typeVocabulary;
  std::map<QString, int> vocabularyEntries;
  QStringList mediaUrls, timeOrigins, properties;
};

bool readEaf(const QString& path, EafFacts* facts, QString* why);

// True when `file` validates against the XML schema `xsd`; otherwise `why` holds the first errors.
bool validatesAgainst(const QString& file, const QString& xsd, QString* why);

}  // namespace stf2m::test
