// ELAN .eaf import: alignable annotations of time-aligned tiers become segments. Symbolic and
// reference tiers carry no times of their own and are skipped (counted and reported), as are
// empty-valued and zero-length annotations. See docs/interchange.md.
#include <filesystem>
#include <map>

#include "interchange/eaf_time_slots.h"
#include "common/file_io.h"
#include "interchange/uri.h"
#include "interchange/interchange.h"
#include "interchange/segment_import.h"
#include "interchange/session_tiers.h"
#include "interchange/text_util.h"
#include "interchange/xml_util.h"

namespace stf2m::interchange {

using namespace detail;

namespace {

struct LinguisticType {
  bool timeAlignable = true;
  std::string vocabulary;  // CONTROLLED_VOCABULARY_REF
};

using CategoryLooks = std::map<std::pair<std::string, std::string>, store::Category>;  // (scheme, label)

std::string required(const xmlNode* node, const char* name, const std::string& file) {
  std::optional<std::string> v = attribute(node, name);
  if (!v) throwParseError(file, lineOf(node), nameOf(node) + " lacks the required attribute " + name);
  return *v;
}

std::vector<EafTimeSlot> readTimeOrder(const xmlNode* root, const std::string& file, std::map<std::string, size_t>& index) {
  const xmlNode* order = firstChildElement(root, "TIME_ORDER");
  if (!order) throwParseError(file, lineOf(root), "the ANNOTATION_DOCUMENT has no TIME_ORDER element");
  std::vector<EafTimeSlot> slots;
  for (const xmlNode* ts : childElements(order, "TIME_SLOT")) {
    EafTimeSlot s{required(ts, "TIME_SLOT_ID", file), std::nullopt, lineOf(ts)};
    if (auto v = attribute(ts, "TIME_VALUE")) {
      const auto ms = parseInteger(trimmed(*v));
      if (!ms || *ms < 0) throwParseError(file, s.line, "TIME_VALUE '" + *v + "' of time slot '" + s.id + "' is not a whole number of milliseconds");
      s.ms = ms;
    }
    if (!index.emplace(s.id, slots.size()).second) throwParseError(file, s.line, "time slot id '" + s.id + "' is used twice");
    slots.push_back(std::move(s));
  }
  return slots;
}

std::map<std::string, LinguisticType> readTypes(const xmlNode* root, const std::string& file) {
  std::map<std::string, LinguisticType> types;
  for (const xmlNode* lt : childElements(root, "LINGUISTIC_TYPE")) {
    LinguisticType t;
    const std::string constraint = attribute(lt, "CONSTRAINTS").value_or("");
    // Symbolic types never have times; otherwise TIME_ALIGNABLE decides (absent means aligned).
    t.timeAlignable = constraint.rfind("Symbolic", 0) != 0;
    if (auto v = attribute(lt, "TIME_ALIGNABLE")) t.timeAlignable = t.timeAlignable && (*v == "true" || *v == "1");
    t.vocabulary = attribute(lt, "CONTROLLED_VOCABULARY_REF").value_or("");
    types[required(lt, "LINGUISTIC_TYPE_ID", file)] = t;
  }
  return types;
}

// "stf2m.category" properties written by exportEaf: colours and hotkeys of the categories.
CategoryLooks readCategoryLooks(const xmlNode* header) {
  CategoryLooks looks;
  for (const xmlNode* p : childElements(header, "PROPERTY")) {
    if (attribute(p, "NAME").value_or("") != "stf2m.category") continue;
    std::map<std::string, std::string> fields;
    const std::string text = trimmed(textOf(p));
    for (size_t pos = 0; pos <= text.size();) {
      size_t amp = text.find('&', pos);
      if (amp == std::string::npos) amp = text.size();
      const std::string pair = text.substr(pos, amp - pos);
      if (const size_t eq = pair.find('='); eq != std::string::npos)
        fields[pair.substr(0, eq)] = percentDecode(pair.substr(eq + 1));
      pos = amp + 1;
    }
    looks[{fields["scheme"], fields["category"]}] = {0, fields["category"], fields["color"], fields["hotkey"], 0};
  }
  return looks;
}

std::vector<SchemeTemplate> readVocabularies(const xmlNode* root, const CategoryLooks& looks) {
  std::vector<SchemeTemplate> templates;
  for (const xmlNode* cv : childElements(root, "CONTROLLED_VOCABULARY")) {
    SchemeTemplate t;
    t.name = attribute(cv, "CV_ID").value_or("");
    if (const xmlNode* d = firstChildElement(cv, "DESCRIPTION")) t.description = textOf(d);
    auto add = [&](const std::string& text) {
      const std::string value = trimmed(text);
      auto it = looks.find({t.name, value});
      t.categories.push_back(it != looks.end() ? it->second : store::Category{0, value, "", "", 0});
    };
    for (const xmlNode* e : childElements(cv, "CV_ENTRY_ML"))  // EAF 2.8+: first language's value
      if (const xmlNode* v = firstChildElement(e, "CVE_VALUE")) add(textOf(v));
    for (const xmlNode* e : childElements(cv, "CV_ENTRY")) add(textOf(e));  // EAF before 2.8
    templates.push_back(std::move(t));
  }
  return templates;
}

// ELAN document time T shows media file M at M's time T + TIME_ORIGIN, and M's time 0 sits at
// session time `offset`, so session time = T + TIME_ORIGIN + offset. The first descriptor that
// names one of the session's files (same path, else same file name) fixes the shift.
int64_t sessionShiftMs(const xmlNode* header, const store::Session& session, const std::string& file,
                       ImportReport& report) {
  std::optional<int64_t> shift;
  std::string matched;
  const auto descriptors = childElements(header, "MEDIA_DESCRIPTOR");
  for (const xmlNode* md : descriptors) {
    const std::filesystem::path path(pathFromUri(attribute(md, "MEDIA_URL").value_or("")));
    int64_t origin = 0;
    if (auto v = attribute(md, "TIME_ORIGIN")) {
      const auto o = parseInteger(trimmed(*v));
      if (!o) throwParseError(file, lineOf(md), "TIME_ORIGIN '" + *v + "' is not a whole number of milliseconds");
      origin = *o;
    }
    const store::MediaFile* media = nullptr;
    for (const auto& m : session.media)
      if (!path.empty() && std::filesystem::path(m.path).lexically_normal() == path.lexically_normal()) media = &m;
    for (const auto& m : session.media)
      if (!media && !path.empty() && std::filesystem::path(m.path).filename() == path.filename()) media = &m;
    if (!media) continue;
    const int64_t s = toMilliseconds(media->offset) + origin;
    if (!shift) {
      shift = s;
      matched = media->path;
    } else if (*shift != s) {
      report.warnings.push_back("media '" + media->path + "' (line " + std::to_string(lineOf(md)) +
                                ") is synchronised differently from '" + matched + "'; times follow '" + matched + "'");
    }
  }
  if (!shift && !descriptors.empty())
    report.warnings.push_back("none of the file's media is in the session; ELAN times were taken as session times");
  if (shift && *shift != 0)
    report.warnings.push_back("ELAN times were shifted by " + std::to_string(*shift) + " ms to session time (media '" + matched + "')");
  return shift.value_or(0);
}

}  // namespace

ImportReport importEaf(store::Project& project, int64_t sessionId, const std::string& path, const ImportOptions& options) {
  requireSession(project, sessionId);
  ImportReport report;
  const XmlDocument doc = parseXml(path, readWholeFile(path));
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!isElement(root, "ANNOTATION_DOCUMENT"))
    throwParseError(path, root ? lineOf(root) : 1,
                    "the root element is <" + nameOf(root) + ">, not an ELAN <ANNOTATION_DOCUMENT>");
  const xmlNode* header = firstChildElement(root, "HEADER");
  if (!header) throwParseError(path, lineOf(root), "the ANNOTATION_DOCUMENT has no HEADER element");
  if (auto units = attribute(header, "TIME_UNITS"); units && *units != "milliseconds")
    throwParseError(path, lineOf(header), "TIME_UNITS '" + *units + "' is not supported (only milliseconds)");

  std::map<std::string, size_t> slotIndex;
  const std::vector<EafTimeSlot> slots = readTimeOrder(root, path, slotIndex);
  const auto types = readTypes(root, path);
  const auto templates = readVocabularies(root, readCategoryLooks(header));
  const int64_t shiftMs = options.alignToSessionMedia ? sessionShiftMs(header, project.session(sessionId), path, report) : 0;

  std::vector<ParsedSegment> parsed;
  for (const xmlNode* tier : childElements(root, "TIER")) {
    const std::string tierId = required(tier, "TIER_ID", path);
    const std::string typeId = required(tier, "LINGUISTIC_TYPE_REF", path);
    const std::string where = "tier '" + tierId + "' (line " + std::to_string(lineOf(tier)) + ")";
    auto type = types.find(typeId);
    if (type == types.end())
      throwParseError(path, lineOf(tier), "tier '" + tierId + "' refers to the undefined linguistic type '" + typeId + "'");
    const auto annotations = childElements(tier, "ANNOTATION");
    if (!type->second.timeAlignable) {
      ++report.tiersSkipped;
      report.annotationsSkipped += static_cast<int64_t>(annotations.size());
      report.warnings.push_back(where + " is a symbolic (reference) tier without times: " +
                                std::to_string(annotations.size()) + " annotations skipped");
      continue;
    }
    std::vector<EafAnnotation> aligned;
    int64_t references = 0;
    for (const xmlNode* a : annotations) {
      const xmlNode* inner = firstChildElement(a, "ALIGNABLE_ANNOTATION");
      if (!inner) {
        if (firstChildElement(a, "REF_ANNOTATION")) {
          ++references;
          continue;
        }
        throwParseError(path, lineOf(a), "ANNOTATION on " + where + " holds neither ALIGNABLE_ANNOTATION nor REF_ANNOTATION");
      }
      EafAnnotation e;
      e.id = required(inner, "ANNOTATION_ID", path);
      e.line = lineOf(inner);
      const char* refNames[2] = {"TIME_SLOT_REF1", "TIME_SLOT_REF2"};
      size_t* refs[2] = {&e.slot1, &e.slot2};
      for (int k = 0; k < 2; ++k) {
        const std::string ref = required(inner, refNames[k], path);
        auto it = slotIndex.find(ref);
        if (it == slotIndex.end())
          throwParseError(path, e.line, std::string(refNames[k]) + " '" + ref + "' of annotation '" + e.id + "' does not exist");
        *refs[k] = it->second;
      }
      const xmlNode* value = firstChildElement(inner, "ANNOTATION_VALUE");
      if (!value) throwParseError(path, e.line, "annotation '" + e.id + "' on " + where + " has no ANNOTATION_VALUE");
      e.value = trimmed(textOf(value));  // stray spaces typed in ELAN would make a different category
      aligned.push_back(std::move(e));
    }
    report.interpolatedTimeSlots += resolveTierTimes(slots, aligned, path, tierId);

    const TierNameParts names = splitTierName(tierId);
    const std::string scheme = !type->second.vocabulary.empty() ? type->second.vocabulary : names.scheme;
    std::string annotator = attribute(tier, "ANNOTATOR").value_or("");
    if (isBlank(annotator)) annotator = attribute(tier, "PARTICIPANT").value_or("");
    if (isBlank(annotator)) annotator = names.annotator;
    int64_t empty = 0, zeroLength = 0, used = 0;
    for (const EafAnnotation& e : aligned) {
      if (e.endMs < e.startMs)
        throwParseError(path, e.line, "annotation '" + e.id + "' on " + where + " ends (" + std::to_string(e.endMs) +
                                          " ms) before it starts (" + std::to_string(e.startMs) + " ms)");
      if (isBlank(e.value)) {
        ++empty;
      } else if (e.endMs == e.startMs) {
        ++zeroLength;
      } else {
        parsed.push_back({scheme, e.value, annotator, (e.startMs + shiftMs) / 1000.0, (e.endMs + shiftMs) / 1000.0,
                          std::nullopt, "human", e.line});
        ++used;
      }
    }
    if (used > 0) ++report.tiersImported;
    report.emptySkipped += empty;
    if (empty > 0) report.warnings.push_back(where + ": " + std::to_string(empty) + " empty annotations skipped");
    report.annotationsSkipped += zeroLength;
    if (zeroLength > 0)
      report.warnings.push_back(where + ": " + std::to_string(zeroLength) + " zero-length annotations skipped");
    if (references > 0) {
      report.annotationsSkipped += references;
      report.warnings.push_back(where + ": " + std::to_string(references) + " reference annotations skipped");
    }
  }
  storeParsedSegments(project, sessionId, path, parsed, templates, options, report);
  return report;
}

}  // namespace stf2m::interchange
