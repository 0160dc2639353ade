#include "store/project.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "media/media_info.h"
#include "common/digest.h"
#include "store/postgres.h"
#include "store/project_impl.h"
#include "store/schema.h"
#include "store/sqlite.h"

namespace stf2m::store {

bool isServerLocation(const std::string& location) { return detail::isPostgresUri(location); }

using detail::Transaction;

namespace {

// Throws NotFound unless `table` has a row with this id (table names are ours, never input).
void requireRow(detail::Connection& db, const char* table, int64_t id) {
  auto check = db.prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = $1");
  check.bind(1, id);
  if (!check.step()) throw Error(ErrorCode::NotFound, db.path(), std::string("no ") + table + " with id " + std::to_string(id));
}

}  // namespace

void Project::Impl::refuseUnchanged(const char* table, const char* ownerColumn, int64_t id, int64_t expectedVersion) {
  std::string what = table;
  std::replace(what.begin(), what.end(), '_', ' ');
  what += " " + std::to_string(id);
  // Who last did `action` (empty: any) to the row, from the audit log: "bob at 2026-...Z".
  auto lastChange = [&](const char* action) -> std::string {
    auto a = db.prepare(std::string("SELECT actor, at FROM audit_log WHERE table_name = $1 AND row_id = $2") +
                        (*action ? " AND action = $3" : "") + " ORDER BY id DESC LIMIT 1");
    a.bind(1, table).bind(2, id);
    if (*action) a.bind(3, action);
    return a.step() ? a.text(0) + " at " + a.text(1) : std::string();
  };
  auto row = db.prepare(std::string("SELECT t.version, a.name FROM ") + table + " t JOIN annotator a ON a.id = t." + ownerColumn +
                        " WHERE t.id = $1");
  row.bind(1, id);
  if (!row.step()) {
    const std::string deleted = expectedVersion > 0 ? lastChange("delete") : std::string();
    if (!deleted.empty()) throw Error(ErrorCode::Conflict, db.path(), what + " was deleted by " + deleted);
    throw Error(ErrorCode::NotFound, db.path(), "no " + what);
  }
  if (expectedVersion > 0 && row.int64(0) != expectedVersion)
    throw Error(ErrorCode::Conflict, db.path(),
                what + " was changed by " + lastChange("") + " (version " + std::to_string(row.int64(0)) +
                    "; the edit was made on version " + std::to_string(expectedVersion) + "): reload it and edit again");
  // Row-level security hides the rows a role may not write from UPDATE and DELETE: say so.
  throw Error(ErrorCode::NotAllowed, db.path(),
              what + " belongs to " + row.text(1) + "; the server lets " + actor + " change only their own");
}

namespace {

// Refuses, before SQLite touches it, any file that is not an SQLite database: SQLite would
// treat an empty file as a new database and write into it.
void checkLooksLikeSqlite(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such project file");
  if (std::filesystem::is_directory(path, ec)) throw Error(ErrorCode::FileUnreadable, path, "is a directory, not a project file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::FileUnreadable, path, "cannot be read");
  char header[16] = {};
  in.read(header, sizeof header);
  if (in.gcount() == 0) throw Error(ErrorCode::NotProject, path, "is empty, not an ST-F2M project");
  if (in.gcount() < 16 || std::string(header, 16) != std::string("SQLite format 3\0", 16))
    throw Error(ErrorCode::NotProject, path, "is not an ST-F2M project (not an SQLite database)");
}

void configure(detail::Connection& db, std::string* actor) {
  if (db.dialect() != detail::Dialect::Sqlite) {
    // The server's session_user is the actor its audit records, so it is the actor of everything
    // the project writes in the actor's name (model activations, support sets, exports).
    auto s = db.prepare("SELECT session_user");
    if (s.step()) *actor = s.text(0);
    return;
  }
  detail::registerSqliteActor(db.backend(), actor);
  // WAL: readers never block the writer; FULL: a commit is on disk when it returns.
  db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;");
}

}  // namespace

Project::Impl::Impl(const std::string& path, bool create, std::string actorName)
    : db(path, create), actor(std::move(actorName)) {}

Project::Project(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

std::unique_ptr<Project::Impl> Project::createEmpty(const std::string& path, const std::string& actor) {
  if (actor.empty()) throw Error(ErrorCode::InvalidArgument, path, "changes need an actor (who makes them)");
  auto impl = std::make_unique<Impl>(path, true, actor);
  try {
    configure(impl->db, &impl->actor);
    // A server's database may hold a project already; a file is new (created above).
    if (detail::schemaVersion(impl->db) > 0)
      throw Error(ErrorCode::Conflict, impl->db.path(), "already holds a project; open it instead of creating one");
  } catch (...) {
    discardHalfMade(impl, path);
    throw;
  }
  return impl;
}

void Project::discardHalfMade(std::unique_ptr<Impl>& impl, const std::string& path) noexcept {
  // A half-made project must not be left behind for someone to open.
  const bool file = impl && impl->db.dialect() == detail::Dialect::Sqlite;
  impl.reset();
  std::error_code ec;
  if (file)
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
}

Project Project::create(const std::string& path, const std::string& name, const std::string& actor) {
  if (name.empty()) throw Error(ErrorCode::InvalidArgument, path, "a project needs a name");
  auto impl = createEmpty(path, actor);
  try {
    detail::migrate(impl->db);
    Transaction tx(impl->db);
    impl->db.prepare("INSERT INTO project(id, name, created_at, app_version) VALUES (1, $1, $2, $3)")
        .bind(1, name).bind(2, utcNow()).bind(3, STF2M_VERSION).run();
    tx.commit();
  } catch (...) {
    discardHalfMade(impl, path);
    throw;
  }
  Project p(std::move(impl));
  p.addScheme(defaultEmotionScheme());
  p.addScheme(defaultAffectScheme());
  return p;
}

Project Project::open(const std::string& path, const std::string& actor) {
  if (actor.empty()) throw Error(ErrorCode::InvalidArgument, path, "changes need an actor (who makes them)");
  if (!detail::isPostgresUri(path)) checkLooksLikeSqlite(path);
  auto impl = std::make_unique<Impl>(path, false, actor);
  if (impl->db.dialect() == detail::Dialect::Sqlite) {
    auto s = impl->db.prepare("PRAGMA application_id");
    const int64_t id = s.step() ? s.int64(0) : 0;
    if (id != detail::kApplicationId) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "is an SQLite database of another application (application_id %lld), not an ST-F2M project; it was left untouched",
                    static_cast<long long>(id));
      throw Error(ErrorCode::NotProject, path, buf);
    }
  }
  configure(impl->db, &impl->actor);
  detail::migrate(impl->db);
  return Project(std::move(impl));
}

void Project::atomically(const std::function<void()>& work) { detail::retryingTransaction(impl_->db, work); }

const std::string& Project::path() const { return impl_->db.path(); }
const std::string& Project::actor() const { return impl_->actor; }

void Project::setReconnection(double seconds, ConnectionObserver observer) {
  if (!(seconds >= 0)) throw Error(ErrorCode::InvalidArgument, path(), "a reconnection window is 0 s or more");
  impl_->db.setReconnection(seconds, std::move(observer));
}

int Project::schemaVersion() const { return detail::schemaVersion(impl_->db); }

std::string Project::name() const {
  auto s = impl_->db.prepare("SELECT name FROM project WHERE id = 1");
  return s.step() ? s.text(0) : std::string();
}

// ---- subjects and annotators ------------------------------------------------------------------

int64_t Project::addSubject(const std::string& code, const std::string& notes) {
  Transaction tx(impl_->db);
  const int64_t id = impl_->db.prepare("INSERT INTO subject(code, notes) VALUES ($1, $2) RETURNING id").bind(1, code).bind(2, notes).runReturningId();
  tx.commit();
  return id;
}

std::vector<Subject> Project::subjects() const {
  std::vector<Subject> out;
  auto s = impl_->db.prepare("SELECT id, code, notes FROM subject ORDER BY code");
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2)});
  return out;
}

Subject Project::subjectByCode(const std::string& code) const {
  auto s = impl_->db.prepare("SELECT id, code, notes FROM subject WHERE code = $1");
  s.bind(1, code);
  if (!s.step()) throw Error(ErrorCode::NotFound, path(), "no subject with code '" + code + "'");
  return {s.int64(0), s.text(1), s.text(2)};
}

int64_t Project::addAnnotator(const std::string& name, const std::string& role) {
  Transaction tx(impl_->db);
  const int64_t id = impl_->db.prepare("INSERT INTO annotator(name, role) VALUES ($1, $2) RETURNING id").bind(1, name).bind(2, role).runReturningId();
  tx.commit();
  return id;
}

int64_t Project::annotatorId(const std::string& name, bool createIfMissing) {
  auto s = impl_->db.prepare("SELECT id FROM annotator WHERE name = $1");
  s.bind(1, name);
  if (s.step()) return s.int64(0);
  if (!createIfMissing) throw Error(ErrorCode::NotFound, path(), "no annotator named '" + name + "'");
  return addAnnotator(name);
}

std::vector<Annotator> Project::annotators() const {
  std::vector<Annotator> out;
  auto s = impl_->db.prepare("SELECT id, name, role FROM annotator ORDER BY name");
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2)});
  return out;
}

// ---- sessions and media -------------------------------------------------------------------------

int64_t Project::addSession(int64_t subjectId, const std::string& name, const std::string& recordedAt,
                            const std::string& notes) {
  return addSessionWithMedia(subjectId, name, {}, recordedAt, notes);
}

namespace {
struct ProbedMedia {
  std::string kind;
  double duration = 0, fps = 0;
  int sampleRate = 0;
};

ProbedMedia probeForProject(const std::string& file, const CancelToken* cancel) {
  const media::MediaInfo info = media::probeMedia(file, cancel);
  ProbedMedia p;
  bool video = false, audio = false;
  for (const auto& s : info.streams) {
    if (s.kind == media::StreamKind::Video && !video) {
      video = true;
      p.fps = s.averageFrameRate.valid() ? s.averageFrameRate.value() : s.realFrameRate.value();
    } else if (s.kind == media::StreamKind::Audio && !audio) {
      audio = true;
      p.sampleRate = s.sampleRate;
    }
  }
  if (!video && !audio) throw Error(ErrorCode::NotMedia, file, "has neither a video nor an audio stream");
  p.kind = video && audio ? "audio+video" : video ? "video" : "audio";
  p.duration = info.duration > 0 ? info.duration : 0;
  return p;
}
}  // namespace

namespace {
MediaFile inspectMedia(const std::string& mediaPath, double offset, const CancelToken* cancel) {
  if (!std::isfinite(offset)) throw Error(ErrorCode::InvalidArgument, mediaPath, "the stream offset must be a number");
  MediaFile m;
  m.path = std::filesystem::absolute(mediaPath).lexically_normal().string();
  const ProbedMedia probed = probeForProject(m.path, cancel);
  m.kind = probed.kind;
  m.duration = probed.duration;
  m.fps = probed.fps;
  m.sampleRate = probed.sampleRate;
  m.offset = offset;
  m.sha256 = sha256OfFile(m.path, &m.sizeBytes, cancel);
  return m;
}

int64_t insertMedia(detail::Connection& db, int64_t sessionId, const MediaFile& m) {
  requireRow(db, "session", sessionId);
  return db.prepare("INSERT INTO media_file(session_id, path, kind, offset_s, sha256, size_bytes, duration_s, fps, sample_rate) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
      .bind(1, sessionId).bind(2, m.path).bind(3, m.kind).bind(4, m.offset).bind(5, m.sha256).bind(6, m.sizeBytes)
      .bind(7, m.duration).bind(8, m.fps).bind(9, m.sampleRate).runReturningId();
}
}  // namespace

int64_t Project::addMedia(int64_t sessionId, const std::string& mediaPath, double offset, const CancelToken* cancel) {
  const MediaFile m = inspectMedia(mediaPath, offset, cancel);
  Transaction tx(impl_->db);
  const int64_t id = insertMedia(impl_->db, sessionId, m);
  tx.commit();
  return id;
}

int64_t Project::addSessionWithMedia(int64_t subjectId, const std::string& name, const std::vector<MediaSpec>& media,
                                     const std::string& recordedAt, const std::string& notes, const CancelToken* cancel) {
  std::vector<MediaFile> files;
  for (const MediaSpec& spec : media) files.push_back(inspectMedia(spec.path, spec.offset, cancel));
  Transaction tx(impl_->db);
  requireRow(impl_->db, "subject", subjectId);
  const int64_t id = impl_->db.prepare("INSERT INTO session(subject_id, name, recorded_at, notes) VALUES ($1, $2, $3, $4) RETURNING id")
      .bind(1, subjectId).bind(2, name).bind(3, recordedAt).bind(4, notes).runReturningId();
  for (const MediaFile& m : files) insertMedia(impl_->db, id, m);
  tx.commit();
  return id;
}

void Project::deleteSession(int64_t id) {
  Transaction tx(impl_->db);
  // Support sets refer to segments and keep them (RESTRICT): remove those links first.
  impl_->db.prepare("DELETE FROM support_set_segment WHERE segment_id IN (SELECT id FROM segment WHERE session_id = $1)")
      .bind(1, id).run();
  impl_->db.prepare("DELETE FROM session WHERE id = $1").bind(1, id).run();
  if (impl_->db.changes() == 0) throw Error(ErrorCode::NotFound, path(), "no session with id " + std::to_string(id));
  tx.commit();
}

namespace {
const char* kMediaColumns = "id, session_id, path, kind, offset_s, sha256, size_bytes, duration_s, fps, sample_rate";
MediaFile readMedia(const detail::Statement& s) {
  MediaFile m;
  m.id = s.int64(0);
  m.sessionId = s.int64(1);
  m.path = s.text(2);
  m.kind = s.text(3);
  m.offset = s.real(4);
  m.sha256 = s.text(5);
  m.sizeBytes = s.int64(6);
  m.duration = s.real(7);
  m.fps = s.real(8);
  m.sampleRate = static_cast<int>(s.int64(9));
  return m;
}
}  // namespace

std::vector<Session> Project::sessions() const {
  std::vector<Session> out;
  auto s = impl_->db.prepare("SELECT id, subject_id, name, recorded_at, notes FROM session ORDER BY id");
  while (s.step()) out.push_back({s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), {}});
  auto m = impl_->db.prepare(std::string("SELECT ") + kMediaColumns + " FROM media_file ORDER BY session_id, id");
  size_t i = 0;
  while (m.step()) {
    MediaFile f = readMedia(m);
    while (i < out.size() && out[i].id < f.sessionId) ++i;
    if (i < out.size() && out[i].id == f.sessionId) out[i].media.push_back(std::move(f));
  }
  return out;
}

Session Project::session(int64_t id) const {
  auto s = impl_->db.prepare("SELECT id, subject_id, name, recorded_at, notes FROM session WHERE id = $1");
  s.bind(1, id);
  if (!s.step()) throw Error(ErrorCode::NotFound, path(), "no session with id " + std::to_string(id));
  Session out{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), {}};
  auto m = impl_->db.prepare(std::string("SELECT ") + kMediaColumns + " FROM media_file WHERE session_id = $1 ORDER BY id");
  m.bind(1, id);
  while (m.step()) out.media.push_back(readMedia(m));
  return out;
}

std::vector<MediaCheck> Project::checkMedia(int64_t sessionId, const CancelToken* cancel) const {
  std::vector<MediaCheck> out;
  for (const MediaFile& f : session(sessionId).media) {
    MediaCheck c{f, MediaState::Present, {}};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f.path, ec)) {
      c.state = MediaState::Missing;
      c.detail = "not found at " + f.path;
    } else {
      int64_t size = 0;
      const std::string sha = sha256OfFile(f.path, &size, cancel);
      if (sha != f.sha256) {
        c.state = MediaState::Changed;
        c.detail = "content differs from when it was added (SHA-256 " + sha.substr(0, 12) + "..., recorded " +
                   f.sha256.substr(0, 12) + "...)";
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

void Project::relinkMedia(int64_t mediaId, const std::string& newPath, bool acceptDifferentContent,
                          const CancelToken* cancel) {
  auto s = impl_->db.prepare(std::string("SELECT ") + kMediaColumns + " FROM media_file WHERE id = $1");
  s.bind(1, mediaId);
  if (!s.step()) throw Error(ErrorCode::NotFound, path(), "no media file with id " + std::to_string(mediaId));
  const MediaFile old = readMedia(s);
  const std::string absolute = std::filesystem::absolute(newPath).lexically_normal().string();
  int64_t size = 0;
  const std::string sha = sha256OfFile(absolute, &size, cancel);
  if (sha != old.sha256 && !acceptDifferentContent)
    throw Error(ErrorCode::Conflict, absolute,
                "is not the recorded media file (its SHA-256 differs from the one stored for " + old.path + ")");
  const ProbedMedia probed = sha == old.sha256 ? ProbedMedia{old.kind, old.duration, old.fps, old.sampleRate}
                                               : probeForProject(absolute, cancel);
  Transaction tx(impl_->db);
  impl_->db
      .prepare("UPDATE media_file SET path = $1, sha256 = $2, size_bytes = $3, kind = $4, duration_s = $5, fps = $6, "
               "sample_rate = $7 WHERE id = $8")
      .bind(1, absolute).bind(2, sha).bind(3, size).bind(4, probed.kind).bind(5, probed.duration).bind(6, probed.fps)
      .bind(7, probed.sampleRate).bind(8, mediaId).run();
  tx.commit();
}

}  // namespace stf2m::store
