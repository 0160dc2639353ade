#include "interchange/segment_import.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "common/error.h"
#include "interchange/text_util.h"

namespace stf2m::interchange::detail {

namespace {

// A scheme the import will create: the template's categories first, then labels as first used.
struct NewScheme {
  store::LabelScheme scheme;
  std::set<std::string> names;

  void add(store::Category c) {
    if (c.name.empty() || !names.insert(c.name).second) return;
    c.id = 0;
    c.position = static_cast<int>(scheme.categories.size());
    if (!isHexColor(c.color)) c.color = paletteColor(c.position);
    scheme.categories.push_back(std::move(c));
  }
};

const store::LabelScheme* findScheme(const std::vector<store::LabelScheme>& schemes, const std::string& name) {
  for (const auto& s : schemes)
    if (s.name == name) return &s;
  return nullptr;
}

const SchemeTemplate* findTemplate(const std::vector<SchemeTemplate>& templates, const std::string& name) {
  for (const auto& t : templates)
    if (t.name == name) return &t;
  return nullptr;
}

void checkTimes(const std::string& file, const ParsedSegment& p) {
  if (!std::isfinite(p.start) || !std::isfinite(p.end) || p.start < 0)
    throwAtLine(ErrorCode::OutOfRange, file, p.line,
                "segment starts at " + formatNumber(p.start) + " s; session times start at 0 s");
  if (!(p.end > p.start))
    throwParseError(file, p.line, "segment ends (" + formatNumber(p.end) + " s) before it starts (" +
                                      formatNumber(p.start) + " s)");
  if (p.source != "human" && p.source != "model")
    throwParseError(file, p.line, "source must be 'human' or 'model', not '" + p.source + "'");
  if (p.confidence && !(*p.confidence >= 0 && *p.confidence <= 1))
    throwParseError(file, p.line, "confidence " + formatNumber(*p.confidence) + " lies outside 0..1");
}

// A name the store can keep as text: no control characters (a NUL would end it in SQLite's eyes;
// found by fuzzing, tests/fuzz/regressions/textgrid).
void checkName(const std::string& file, int64_t line, const char* what, const std::string& name) {
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02x", static_cast<unsigned char>(c));
      throwParseError(file, line, std::string("the ") + what + " contains the control character " + code);
    }
}

}  // namespace

void requireSession(const store::Project& project, int64_t sessionId) { (void)project.session(sessionId); }

void storeParsedSegments(store::Project& project, int64_t sessionId, const std::string& file,
                         const std::vector<ParsedSegment>& segments, const std::vector<SchemeTemplate>& templates,
                         const ImportOptions& options, ImportReport& report) {
  const std::vector<store::LabelScheme> schemes = project.schemes();
  std::set<std::string> annotators;
  for (const auto& a : project.annotators()) annotators.insert(a.name);

  // ---- check everything before writing anything ------------------------------------------------
  std::map<std::string, NewScheme> newSchemes;
  std::vector<std::string> newSchemeOrder, newAnnotators;
  for (const ParsedSegment& p : segments) {
    checkTimes(file, p);
    if (p.scheme.empty()) throwParseError(file, p.line, "segment without a scheme name");
    if (p.label.empty()) throwParseError(file, p.line, "segment without a label");
    if (p.annotator.empty()) throwParseError(file, p.line, "segment without an annotator name");
    checkName(file, p.line, "scheme name", p.scheme);
    checkName(file, p.line, "label", p.label);
    checkName(file, p.line, "annotator name", p.annotator);
    if (const store::LabelScheme* existing = findScheme(schemes, p.scheme)) {
      if (existing->kind != "categorical")
        throwAtLine(ErrorCode::Conflict, file, p.line,
                    "scheme '" + p.scheme + "' is " + existing->kind + "; segments need a categorical scheme");
      bool known = false;
      for (const auto& c : existing->categories) known = known || c.name == p.label;
      if (!known && !options.createMissing)
        throwParseError(file, p.line, "label '" + p.label + "' is not a category of scheme '" + p.scheme + "'");
      if (!known)
        throwAtLine(ErrorCode::Conflict, file, p.line,
                    "label '" + p.label + "' is not a category of the existing scheme '" + p.scheme +
                        "', and categories cannot be added to an existing scheme; add it first or rename the scheme");
    } else {
      if (!options.createMissing)
        throwParseError(file, p.line, "unknown scheme '" + p.scheme + "' (creating schemes is off)");
      auto [it, fresh] = newSchemes.try_emplace(p.scheme);
      if (fresh) {
        newSchemeOrder.push_back(p.scheme);
        it->second.scheme.name = p.scheme;
        it->second.scheme.kind = "categorical";
        if (const SchemeTemplate* t = findTemplate(templates, p.scheme)) {
          it->second.scheme.description = t->description;
          for (const auto& c : t->categories) it->second.add(c);
        }
      }
      it->second.add({0, p.label, "", "", 0});
    }
    if (!annotators.count(p.annotator)) {
      if (!options.createMissing)
        throwParseError(file, p.line, "unknown annotator '" + p.annotator + "' (creating annotators is off)");
      annotators.insert(p.annotator);
      newAnnotators.push_back(p.annotator);
    }
  }

  // ---- write, all or nothing -------------------------------------------------------------------
  project.atomically([&] {
    for (const auto& name : newSchemeOrder) project.addScheme(newSchemes[name].scheme);
    for (const auto& name : newAnnotators) project.addAnnotator(name);
    std::map<std::string, const store::LabelScheme*> byName;
    const std::vector<store::LabelScheme> all = project.schemes();
    for (const auto& s : all) byName[s.name] = &s;
    std::map<std::string, int64_t> annotatorIds;
    for (const auto& a : project.annotators()) annotatorIds[a.name] = a.id;

    std::vector<store::Segment> rows;
    rows.reserve(segments.size());
    for (const ParsedSegment& p : segments) {
      const store::LabelScheme& scheme = *byName.at(p.scheme);
      store::Segment g;
      g.sessionId = sessionId;
      g.schemeId = scheme.id;
      for (const auto& c : scheme.categories)
        if (c.name == p.label) g.categoryId = c.id;
      g.annotatorId = annotatorIds.at(p.annotator);
      g.start = p.start;
      g.end = p.end;
      g.confidence = p.confidence;
      g.source = p.source;
      rows.push_back(std::move(g));
    }
    project.addSegments(std::move(rows));
  });
  report.segmentsImported += static_cast<int64_t>(segments.size());
  report.createdSchemes.insert(report.createdSchemes.end(), newSchemeOrder.begin(), newSchemeOrder.end());
  report.createdAnnotators.insert(report.createdAnnotators.end(), newAnnotators.begin(), newAnnotators.end());
}

}  // namespace stf2m::interchange::detail
