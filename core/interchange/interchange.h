#pragma once
// Interchange with other annotation tools: ELAN (.eaf 3.0), Praat (TextGrid), a tidy long CSV of
// segments, and a JSON dump of a whole project. Mapping decisions (tiers <-> annotator/scheme,
// time origins, millisecond rounding, what is skipped and reported) are in docs/interchange.md.
//
// Importers are all or nothing: the whole file is parsed and checked against the project first,
// then everything (new schemes, annotators, segments) is written in one Project::atomically call.
// Malformed files throw stf2m::Error(ParseError) whose message names the file and the line.
// Exporters write to a temporary file next to the target and rename it, so a failed export never
// leaves a half-written file behind.
#include <cstdint>
#include <string>
#include <vector>

#include "store/project.h"

namespace stf2m::interchange {

struct ImportOptions {
  // Create the label schemes and annotators the file names but the project lacks. A new scheme
  // gets every label the file uses (plus an ELAN controlled vocabulary's entries). Off: an
  // unknown scheme, label or annotator is an error naming its line.
  bool createMissing = true;
  // ELAN only: shift times so that they are session times, using the TIME_ORIGIN of the first
  // MEDIA_DESCRIPTOR that matches one of the session's media files (docs/interchange.md).
  bool alignToSessionMedia = true;
};

struct ImportReport {
  int64_t segmentsImported = 0;
  int64_t tiersImported = 0;        // tiers (CSV: scheme+annotator pairs) that gave segments
  int64_t tiersSkipped = 0;         // reference/symbolic (ELAN) or point (Praat) tiers
  int64_t annotationsSkipped = 0;   // on skipped tiers, reference or zero-length annotations
  int64_t emptySkipped = 0;         // empty-valued annotations / empty intervals
  int64_t interpolatedTimeSlots = 0;  // ELAN slots without TIME_VALUE that were interpolated
  std::vector<std::string> createdSchemes;
  std::vector<std::string> createdAnnotators;
  std::vector<std::string> warnings;  // one sentence each, naming the line or tier
};

// ---- ELAN ---------------------------------------------------------------------------------------

// One tier per (scheme, annotator) named "scheme@annotator" (overlapping segments of one pair go
// to extra tiers "scheme@annotator#2", ...), one linguistic type and controlled vocabulary per
// categorical scheme, millisecond time slots. Validates against EAFv3.0.xsd.
void exportEaf(const store::Project& project, int64_t sessionId, const std::string& path);
ImportReport importEaf(store::Project& project, int64_t sessionId, const std::string& path,
                       const ImportOptions& options = {});

// ---- Praat --------------------------------------------------------------------------------------

// Long ("ooTextFile") TextGrid in UTF-8: one interval tier per (scheme, annotator), gaps as empty
// intervals, spanning 0 .. the session's end. The importer reads the long and the short format.
void exportTextGrid(const store::Project& project, int64_t sessionId, const std::string& path);
ImportReport importTextGrid(store::Project& project, int64_t sessionId, const std::string& path,
                            const ImportOptions& options = {});

// ---- CSV ----------------------------------------------------------------------------------------

// The columns of the tidy segment CSV, in order.
inline constexpr const char* kSegmentCsvColumns =
    "session_id,annotator,scheme,label,start_s,end_s,start_frame,end_frame,confidence,source";

// One row per segment under a "# key: value" metadata header; RFC 4180 quoting, CRLF lines.
void exportSegmentsCsv(const store::Project& project, int64_t sessionId, const std::string& path);
// Reads a file written by exportSegmentsCsv (one session per file) into `sessionId`.
ImportReport importSegmentsCsv(store::Project& project, int64_t sessionId, const std::string& path,
                               const ImportOptions& options = {});

// Continuous traces of a session, long: session_id,annotator,scheme,dimension,time_s,value, one
// row per sample, under the session header plus each trace's sample rate.
void exportTracesCsv(const store::Project& project, int64_t sessionId, const std::string& path);

// A model's predictions for a session, long: session_id,model_id,window_start_s,window_end_s,
// output,view,class,value where output is "view" (membership of a view, i.e. modality x emotion)
// or "fused" (clip-level probability). The header records the model's SHA-256, kind, parent and
// the support-set ids of its card, and which evidence labelled the session ("labelled_by", from
// the card's statistics_path block; docs/adaptation.md). View and class names come from the model card ("views",
// "classes" arrays); without them they are numbered.
void exportPredictionsCsv(const store::Project& project, int64_t sessionId, int64_t modelId, const std::string& path);

// The same predictions one row per video frame (OpenFace-like wide CSV): frame,time_s, then
// fused_<class> and <view>_<class> columns, taken from the window covering the frame's centre
// (the latest-starting one where windows overlap); empty where no window covers the frame.
// `fps` 0 takes the session video's frame rate.
void exportFrameCsv(const store::Project& project, int64_t sessionId, int64_t modelId, const std::string& path,
                    double fps = 0);

// ---- JSON ---------------------------------------------------------------------------------------

// The whole project: subjects, annotators, schemes, sessions with media, segments and traces as
// top-level arrays (ids are the project's own, so references between arrays hold).
std::string projectJson(const store::Project& project);
void exportProjectJson(const store::Project& project, const std::string& path);

}  // namespace stf2m::interchange
