// ELAN .eaf 3.0 export. Tiers are "scheme@annotator" with the ANNOTATOR attribute; each scheme
// is a linguistic type bound to a controlled vocabulary of its categories. Category colours and
// hotkeys have no place in EAF (ELAN keeps CV colours in its own preferences file), so they ride
// along in HEADER PROPERTY elements named "stf2m.category", which ELAN preserves.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "common/file_io.h"
#include "interchange/uri.h"
#include "interchange/interchange.h"
#include "interchange/session_tiers.h"
#include "interchange/text_util.h"
#include "interchange/xml_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

constexpr const char* kLanguage = "und";  // CVE_VALUE needs a LANG_REF; we do not know the language

std::string mimeType(const store::MediaFile& m) {
  std::string ext = std::filesystem::path(m.path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::map<std::string, std::string> known = {
      {".mp4", "video/mp4"},         {".m4v", "video/mp4"},        {".mov", "video/quicktime"},
      {".mkv", "video/x-matroska"},  {".webm", "video/webm"},      {".avi", "video/x-msvideo"},
      {".mpg", "video/mpeg"},        {".mpeg", "video/mpeg"},      {".wav", "audio/x-wav"},
      {".mp3", "audio/mpeg"},        {".m4a", "audio/mp4"},        {".ogg", "audio/ogg"},
      {".opus", "audio/ogg"},        {".flac", "audio/flac"}};
  if (auto it = known.find(ext); it != known.end()) return it->second;
  return m.kind == "audio" ? "audio/*" : "video/*";
}

// ELAN plays media file M at document time T from M's time T + TIME_ORIGIN (ms): a positive
// origin skips the start of the file. Document time here is session time, and the file's time 0
// sits at session time `offset`, so TIME_ORIGIN = -offset. Zero is left out, as ELAN does.
void writeMediaDescriptors(XmlWriter& xml, const store::Session& session, const std::string& eafDir) {
  for (const store::MediaFile& m : session.media) {
    xml.start("MEDIA_DESCRIPTOR").attribute("MEDIA_URL", fileUri(m.path)).attribute("MIME_TYPE", mimeType(m));
    if (const std::string rel = relativeUri(eafDir, m.path); !rel.empty()) xml.attribute("RELATIVE_MEDIA_URL", rel);
    if (const int64_t origin = -toMilliseconds(m.offset); origin != 0)
      xml.attribute("TIME_ORIGIN", std::to_string(origin));
    xml.end();
  }
}

void writeProperty(XmlWriter& xml, const std::string& name, const std::string& value) {
  xml.start("PROPERTY").attribute("NAME", name).text(value).end();
}

std::string categoryProperty(const store::LabelScheme& scheme, const store::Category& c) {
  return "scheme=" + percentEncode(scheme.name) + "&category=" + percentEncode(c.name) +
         "&color=" + percentEncode(c.color) + "&hotkey=" + percentEncode(c.hotkey);
}

std::string cveId(size_t index) { return "cveid" + std::to_string(index); }

}  // namespace

void exportEaf(const store::Project& project, int64_t sessionId, const std::string& path) {
  const SessionSnapshot snap = readSession(project, sessionId);
  const std::vector<ExportTier> tiers = layoutTiers(snap);

  // Schemes in use, in id order; each becomes one linguistic type and one vocabulary.
  std::vector<const store::LabelScheme*> used;
  for (const auto& s : snap.schemes)
    if (std::any_of(tiers.begin(), tiers.end(), [&](const ExportTier& t) { return t.scheme == &s; })) used.push_back(&s);

  // Time slots: two per annotation, numbered in time order as ELAN writes them. A segment
  // shorter than a millisecond is stretched to 1 ms so that it stays a valid annotation.
  struct Slot {
    int64_t ms;
    size_t annotation;
    int end;
  };
  std::vector<Slot> slots;
  size_t annotationCount = 0;
  for (const auto& t : tiers)
    for (const store::Segment* g : t.segments) {
      const int64_t a = toMilliseconds(g->start);
      slots.push_back({a, annotationCount, 0});
      slots.push_back({std::max(toMilliseconds(g->end), a + 1), annotationCount, 1});
      ++annotationCount;
    }
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& x, const Slot& y) { return x.ms < y.ms; });
  std::vector<std::array<size_t, 2>> slotOf(annotationCount);
  for (size_t i = 0; i < slots.size(); ++i) slotOf[slots[i].annotation][static_cast<size_t>(slots[i].end)] = i + 1;

  XmlWriter xml;
  xml.start("ANNOTATION_DOCUMENT")
      .attribute("AUTHOR", project.actor())
      .attribute("DATE", utcTimestamp())
      .attribute("FORMAT", "3.0")
      .attribute("VERSION", "3.0")
      .attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
      .attribute("xsi:noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd");

  const std::string eafDir = std::filesystem::absolute(path).parent_path().string();
  xml.start("HEADER").attribute("MEDIA_FILE", "").attribute("TIME_UNITS", "milliseconds");
  writeMediaDescriptors(xml, snap.session, eafDir);
  writeProperty(xml, "lastUsedAnnotationId", std::to_string(annotationCount));
  writeProperty(xml, "stf2m.version", STF2M_VERSION);
  writeProperty(xml, "stf2m.session", snap.session.name);
  for (const auto* s : used)
    for (const auto& c : s->categories) writeProperty(xml, "stf2m.category", categoryProperty(*s, c));
  xml.end();

  xml.start("TIME_ORDER");
  for (size_t i = 0; i < slots.size(); ++i)
    xml.start("TIME_SLOT").attribute("TIME_SLOT_ID", "ts" + std::to_string(i + 1))
        .attribute("TIME_VALUE", std::to_string(slots[i].ms)).end();
  xml.end();

  size_t annotation = 0;
  for (const auto& t : tiers) {
    xml.start("TIER").attribute("ANNOTATOR", t.annotator).attribute("LINGUISTIC_TYPE_REF", t.scheme->name)
        .attribute("TIER_ID", t.name);
    for (const store::Segment* g : t.segments) {
      const std::string& label = snap.categoryName(g->schemeId, g->categoryId);
      size_t entry = 0;
      for (size_t i = 0; i < t.scheme->categories.size(); ++i)
        if (t.scheme->categories[i].id == g->categoryId) entry = i;
      xml.start("ANNOTATION").start("ALIGNABLE_ANNOTATION")
          .attribute("ANNOTATION_ID", "a" + std::to_string(annotation + 1))
          .attribute("CVE_REF", cveId(entry))
          .attribute("TIME_SLOT_REF1", "ts" + std::to_string(slotOf[annotation][0]))
          .attribute("TIME_SLOT_REF2", "ts" + std::to_string(slotOf[annotation][1]));
      xml.start("ANNOTATION_VALUE").text(label).end();
      xml.end().end();
      ++annotation;
    }
    xml.end();
  }

  for (const auto* s : used)
    xml.start("LINGUISTIC_TYPE").attribute("CONTROLLED_VOCABULARY_REF", s->name)
        .attribute("GRAPHIC_REFERENCES", "false").attribute("LINGUISTIC_TYPE_ID", s->name)
        .attribute("TIME_ALIGNABLE", "true").end();
  xml.start("LANGUAGE").attribute("LANG_DEF", "http://cdb.iso.org/lg/CDB-00130975-001").attribute("LANG_ID", kLanguage)
      .attribute("LANG_LABEL", "undetermined (und)").end();
  for (const auto* s : used) {
    xml.start("CONTROLLED_VOCABULARY").attribute("CV_ID", s->name);
    if (!s->description.empty()) xml.start("DESCRIPTION").attribute("LANG_REF", kLanguage).text(s->description).end();
    for (size_t i = 0; i < s->categories.size(); ++i) {
      xml.start("CV_ENTRY_ML").attribute("CVE_ID", cveId(i));
      xml.start("CVE_VALUE").attribute("LANG_REF", kLanguage).text(s->categories[i].name).end();
      xml.end();
    }
    xml.end();
  }
  writeFileAtomically(path, xml.finish() + "\n");
}

}  // namespace stf2m::interchange
