#pragma once
// An ST-F2M project: one SQLite file holding subjects, sessions and their media, label schemes,
// annotations (segments, continuous traces), support sets, models and predictions, and an
// append-only audit log of every change written by database triggers.
//
// A Project object is one connection and belongs to one thread at a time; open one per thread
// (SQLite's WAL mode lets readers and the writer proceed together, writers queue for up to 5 s).
// Every write is one transaction: it is complete on return, or nothing of it is stored.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "store/connection_events.h"

namespace stf2m::store {

struct Subject {
  int64_t id = 0;
  std::string code;   // pseudonymous
  std::string notes;
};

struct Annotator {
  int64_t id = 0;
  std::string name;
  std::string role;
};

struct MediaFile {
  int64_t id = 0;
  int64_t sessionId = 0;
  std::string path;
  std::string kind;        // "video", "audio" or "audio+video"
  double offset = 0;       // seconds: the file's time 0 sits at this session time
  std::string sha256;
  int64_t sizeBytes = 0;
  double duration = 0;     // seconds
  double fps = 0;          // video frame rate, 0 without video
  int sampleRate = 0;      // audio, 0 without audio
};

struct Session {
  int64_t id = 0;
  int64_t subjectId = 0;
  std::string name;
  std::string recordedAt;
  std::string notes;
  std::vector<MediaFile> media;
};

struct Category {
  int64_t id = 0;
  std::string name;
  std::string color;   // #rrggbb
  std::string hotkey;
  int position = 0;
};

struct Dimension {
  int64_t id = 0;
  std::string name;
  double min = 0;
  double max = 1;
};

struct LabelScheme {
  int64_t id = 0;
  std::string name;
  std::string kind;    // "categorical" or "continuous"
  std::string description;
  std::vector<Category> categories;
  std::vector<Dimension> dimensions;
};

struct Segment {
  int64_t id = 0;
  int64_t sessionId = 0;
  int64_t schemeId = 0;
  int64_t categoryId = 0;
  int64_t annotatorId = 0;
  double start = 0;          // session seconds
  double end = 0;
  int64_t startFrame = -1;   // 0-based presentation index; -1: computed from the session's video
  int64_t endFrame = -1;     // last frame shown during the segment (inclusive)
  std::optional<double> confidence;
  std::string source = "human";  // or "model"
  std::string createdAt;
  std::string modifiedAt;
  // The row version read with it (1 when stored, one more per change). A write that names a
  // version other than the stored one is refused with Conflict; 0 writes without the check.
  int64_t version = 0;
};

struct Trace {
  int64_t id = 0;
  int64_t sessionId = 0;
  int64_t dimensionId = 0;
  int64_t annotatorId = 0;
  double sampleRate = 0;     // Hz
  double start = 0;          // session seconds of the first sample
  std::vector<float> values;
  std::string createdAt;
  std::string modifiedAt;  // empty until the samples are first replaced
  int64_t version = 0;     // as Segment::version
};

struct SupportSet {
  int64_t id = 0;
  int64_t subjectId = 0;
  std::string name;
  int64_t chosenBy = 0;            // annotator
  std::vector<int64_t> segmentIds;
  std::string createdAt;
  int64_t version = 0;  // as Segment::version
};

// One entry of a subject's model history: from `activatedAt` on, `modelId` is the subject's
// active model (the newest entry is the active one).
struct ModelActivation {
  int64_t id = 0;
  int64_t subjectId = 0;
  int64_t modelId = 0;
  std::optional<int64_t> supportSetId;  // the support set an adapted model came from
  std::string activatedBy;              // the actor
  std::string activatedAt;
};

struct ModelRecord {
  int64_t id = 0;
  std::string kind;                // "meta" or "adapted"
  std::optional<int64_t> parentId; // the meta-model an adapted one came from
  std::string path;
  std::string sha256;              // of the model file, computed on registration
  std::string card;                // JSON: training data, settings, metrics
  std::string createdAt;
};

// Model output over one time window: per-view memberships (views x classes) and the fused class
// probabilities (classes), stored as float32 blobs. Session analysis stores one view per modality
// of the model, in the card's "views" order; a view the window does not have (no face on screen,
// no speech) is a row of NaN, and a window without views has NaN fused probabilities.
struct Prediction {
  int64_t id = 0;
  int64_t sessionId = 0;
  int64_t modelId = 0;
  double windowStart = 0;
  double windowEnd = 0;
  int viewCount = 0;
  int classCount = 0;
  std::vector<float> memberships;  // viewCount * classCount, row-major by view
  std::vector<float> fused;        // classCount
  // Optional (schema 2; empty or NaN in rows without them): per view and class the low, medium
  // and high memberships (viewCount * classCount * 3), per view its reliability, the window's
  // confidence in [0, 1].
  std::vector<float> terms;
  std::vector<float> reliability;
  double confidence = std::numeric_limits<double>::quiet_NaN();
  // Optional (schema 4): per view the firing strength of each fuzzy rule (viewCount * rules) and
  // the rule variables the memberships read (viewCount * variables); NaN rows for absent views.
  std::vector<float> ruleFiring;
  std::vector<float> ruleInputs;
  std::string createdAt;
};

// The predictions one model made for one session: what a browser lists before loading them.
struct PredictionSet {
  int64_t modelId = 0;
  int windows = 0;
  double end = 0;            // session seconds of the last window's end
  std::string createdAt;     // of the newest row
};

// A session claimed for analysis with a model by one worker of `stf2m analyze --pending`: several
// analysis machines on one project (docs/team.md). The claim is a lease on the database's clock;
// the worker renews it while it works, and a worker that dies leaves it to expire.
struct AnalysisClaim {
  int64_t sessionId = 0;
  int64_t modelId = 0;
  std::string worker;  // who holds it, e.g. "alice@host:pid"
};

// The bookkeeping row of a (session, model) analysis by a worker.
struct AnalysisJob {
  int64_t sessionId = 0;
  int64_t modelId = 0;
  std::string state;      // "claimed", "done" or "failed"
  std::string worker;
  std::string claimedAt;  // UTC, ISO 8601
  double expiresIn = 0;   // seconds until a claim expires (negative: expired), by the database's clock
  std::string finishedAt; // empty while claimed
  std::string message;    // the summary of a done job, what went wrong in a failed one
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;       // UTC, ISO 8601
  std::string actor;
  std::string table;
  int64_t rowId = 0;
  std::string action;   // insert, update, delete
  std::string before;   // JSON of the row, empty for inserts
  std::string after;    // JSON of the row, empty for deletes
};

enum class MediaState { Present, Missing, Changed };
struct MediaCheck {
  MediaFile file;
  MediaState state = MediaState::Present;
  std::string detail;
};

// The default fine-grained categorical scheme every new project starts with.
LabelScheme defaultEmotionScheme();
// The default continuous scheme (valence and arousal, -1..1).
LabelScheme defaultAffectScheme();

// True for a team server's "postgresql://" (or "postgres://") URI, false for a project file.
bool isServerLocation(const std::string& location);

class Project {
 public:
  // Creates a new project file (owner-only permissions); never writes over an existing file.
  static Project create(const std::string& path, const std::string& name, const std::string& actor);
  // Opens an existing project and migrates it to the current schema. A file that is not an
  // ST-F2M project (not SQLite, or another application's SQLite) is reported and left untouched.
  static Project open(const std::string& path, const std::string& actor);

  // Copies a whole project to a new place, between backends in either direction (a file, or a
  // "postgresql://" URI of a database without a project): every table with its ids, the audit log
  // entry for entry, and the id counters, so a row deleted in the source never gets its id reused
  // in the copy. The copy is one transaction on the destination: it is complete, or nothing of it
  // is left (a new file is removed). The source is read in one snapshot. On a server the copy runs
  // as the role that owns the schema (docs/team.md). Returns the rows copied per table.
  struct CopiedTable {
    std::string table;
    int64_t rows = 0;
  };
  static std::vector<CopiedTable> copy(const std::string& source, const std::string& destination, const std::string& actor,
                                       const CancelToken* cancel = nullptr);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const std::string& path() const;
  const std::string& actor() const;

  // On a team server: a connection the server closed (a restart, a network outage) is made again
  // before the next transaction, or query outside one, which waits up to `seconds` (30 by default)
  // for the server before it fails; a transaction the loss interrupted is run again where the store
  // can (every edit, import and batch), else it fails saying nothing was saved. `observer` hears of
  // the loss and the reconnection, on the calling thread. Nothing to do for a project file.
  void setReconnection(double seconds, ConnectionObserver observer = {});
  int schemaVersion() const;
  std::string name() const;

  int64_t addSubject(const std::string& code, const std::string& notes = {});
  std::vector<Subject> subjects() const;
  Subject subjectByCode(const std::string& code) const;  // NotFound

  int64_t addAnnotator(const std::string& name, const std::string& role = {});
  int64_t annotatorId(const std::string& name, bool createIfMissing);
  std::vector<Annotator> annotators() const;

  int64_t addSession(int64_t subjectId, const std::string& name, const std::string& recordedAt = {},
                     const std::string& notes = {});
  struct MediaSpec {
    std::string path;
    double offset = 0;
  };
  // A session and all its media in one transaction: every file is probed and hashed first, so
  // a bad one leaves nothing behind.
  int64_t addSessionWithMedia(int64_t subjectId, const std::string& name, const std::vector<MediaSpec>& media,
                              const std::string& recordedAt = {}, const std::string& notes = {},
                              const CancelToken* cancel = nullptr);
  // Removes a session with its media records, segments, traces and predictions (audited).
  void deleteSession(int64_t id);
  // Probes the file (duration, frame rate, sample rate) and hashes it (SHA-256).
  int64_t addMedia(int64_t sessionId, const std::string& mediaPath, double offset = 0,
                   const CancelToken* cancel = nullptr);
  std::vector<Session> sessions() const;
  Session session(int64_t id) const;  // NotFound
  // Which of the session's media files are still where they were, with the same content.
  std::vector<MediaCheck> checkMedia(int64_t sessionId, const CancelToken* cancel = nullptr) const;
  // Points a media record at a new path; the file must have the recorded SHA-256 unless
  // `acceptDifferentContent` (then size, hash and durations are updated, and audited).
  void relinkMedia(int64_t mediaId, const std::string& newPath, bool acceptDifferentContent = false,
                   const CancelToken* cancel = nullptr);

  int64_t addScheme(const LabelScheme& scheme);
  std::vector<LabelScheme> schemes() const;
  LabelScheme scheme(const std::string& name) const;  // NotFound
  // A new category at the end of a categorical scheme (audited like every change).
  int64_t addCategory(int64_t schemeId, const Category& category);

  int64_t addSegment(Segment segment);
  // All or nothing, in one transaction; returns the new ids in order.
  std::vector<int64_t> addSegments(std::vector<Segment> segments);
  // Edits check the row version (Segment::version; `expectedVersion` for deletes, 0: no check): a
  // row changed or deleted since it was read is a Conflict naming who did it and when. Updates
  // return the new version.
  int64_t updateSegment(Segment segment);
  void deleteSegment(int64_t id, int64_t expectedVersion = 0);
  std::vector<Segment> segments(int64_t sessionId) const;  // ordered by start, then id

  int64_t addTrace(const Trace& trace);
  // New samples (start, rate and values) for a stored trace; session, dimension and annotator stay.
  int64_t updateTrace(const Trace& trace);
  void deleteTrace(int64_t id, int64_t expectedVersion = 0);
  std::vector<Trace> traces(int64_t sessionId) const;

  int64_t addSupportSet(const SupportSet& set);
  std::vector<SupportSet> supportSets(int64_t subjectId) const;
  // Refused (Conflict) once a model was adapted from it: the set stays with that model's history.
  void deleteSupportSet(int64_t id, int64_t expectedVersion = 0);

  // Hashes the model file; an adapted model needs an existing parent.
  int64_t registerModel(const ModelRecord& model);
  std::vector<ModelRecord> models() const;

  // Makes a registered model the subject's active model: a new entry of its history (audited).
  // Rolling back is activating an earlier model again; without `supportSetId` the entry names the
  // support set the model's latest earlier activation for this subject named, if any.
  // With `seenActivation` (the id of the activation the caller saw as active, 0 for none), a newer
  // activation by someone else is a Conflict naming them.
  int64_t activateModel(int64_t subjectId, int64_t modelId, std::optional<int64_t> supportSetId = {},
                        std::optional<int64_t> seenActivation = {});
  std::vector<ModelActivation> modelHistory(int64_t subjectId) const;  // newest first
  std::optional<ModelActivation> activeModel(int64_t subjectId) const;

  // All or nothing; windows of one call share a model and session.
  std::vector<int64_t> addPredictions(const std::vector<Prediction>& predictions);
  // A new analysis of a session with a model: the old windows removed and the new stored in one
  // transaction, so a failure leaves the old ones.
  std::vector<int64_t> replacePredictions(int64_t sessionId, int64_t modelId, const std::vector<Prediction>& predictions);
  std::vector<Prediction> predictions(int64_t sessionId, int64_t modelId) const;  // by window start
  // Per model that has predictions for the session, newest first.
  std::vector<PredictionSet> predictionSets(int64_t sessionId) const;

  // Claims the first session (by id) that has media and neither predictions of the model nor a job
  // that is done or claimed by a live worker, for `leaseSeconds`, in the name of `worker`; nullopt
  // when none is left. A failed job is pending again; sessions in `passOver` are not claimed (those
  // this worker failed on). Concurrent claimers never get the same session: on a server they skip
  // each other's locked rows (FOR UPDATE SKIP LOCKED) instead of waiting.
  std::optional<AnalysisClaim> claimPendingSession(int64_t modelId, const std::string& worker, double leaseSeconds,
                                                   const std::vector<int64_t>& passOver = {});
  // Extends the claim to `leaseSeconds` from now; false when it is no longer this worker's.
  bool renewClaim(const AnalysisClaim& claim, double leaseSeconds);
  // Stores the analysis (as replacePredictions does) and marks the job done with `summary`, in one
  // transaction. A Conflict, storing nothing, when the claim has passed to another worker.
  std::vector<int64_t> finishClaim(const AnalysisClaim& claim, const std::vector<Prediction>& predictions,
                                   const std::string& summary);
  // Marks the job failed with what went wrong: the session is pending again for other workers.
  // Nothing happens when the claim is no longer this worker's.
  void failClaim(const AnalysisClaim& claim, const std::string& message);
  // By session; `modelId` 0 for every model.
  std::vector<AnalysisJob> analysisJobs(int64_t modelId = 0) const;

  // Runs `work` (any number of the calls above) as one transaction: all of it is stored, or,
  // when it throws, none of it. Importers use this so that a bad file imports nothing. On a server
  // it is SERIALIZABLE and, when a concurrent writer collides with it, runs again from the start:
  // `work` must keep no state across runs besides what it writes through the project.
  void atomically(const std::function<void()>& work);

  // Newest first; `table` empty for all tables.
  std::vector<AuditEntry> audit(int limit = 100, const std::string& table = {}) const;

 private:
  struct Impl;
  explicit Project(std::unique_ptr<Impl> impl);
  // A connection to a new, empty project place (no schema yet), configured like any project's.
  static std::unique_ptr<Impl> createEmpty(const std::string& path, const std::string& actor);
  // Removes what a failed create or copy left of a new project file (nothing on a server).
  static void discardHalfMade(std::unique_ptr<Impl>& impl, const std::string& path) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::store
