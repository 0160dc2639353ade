// stf2m bench store: the project store's speed targets, each beside a reference run in the same
// process (the same rows through bare SQLite, without the store's validation and audit triggers).
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench_store_team.h"
#include "bench_util.h"
#include "commands.h"
#include "common/digest.h"
#include "common/error.h"
#include "store/project.h"

namespace stf2m::cli {

namespace {

std::vector<store::Segment> makeSegments(int count, int64_t session, const store::LabelScheme& scheme, int64_t annotator,
                                         double spanSeconds) {
  std::mt19937 rng(7);
  std::vector<store::Segment> out(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    store::Segment& s = out[static_cast<size_t>(i)];
    s.sessionId = session;
    s.schemeId = scheme.id;
    s.categoryId = scheme.categories[rng() % scheme.categories.size()].id;
    s.annotatorId = annotator;
    s.start = spanSeconds * i / count;
    s.end = s.start + 0.2 + (rng() % 40) / 10.0;
    s.startFrame = static_cast<int64_t>(s.start * 25);
    s.endFrame = static_cast<int64_t>(s.end * 25);
  }
  return out;
}

// The same rows into a table of the same shape in a plain SQLite file: one transaction, one
// prepared statement, no triggers, no checks.
double bareSqliteInsert(const std::string& path, const std::vector<store::Segment>& rows) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE segment(id INTEGER PRIMARY KEY, "
               "session_id, scheme_id, category_id, annotator_id, start_s, end_s, start_frame, end_frame, confidence, "
               "source, created_at, modified_at)",
               nullptr, nullptr, nullptr);
  const auto start = Clock::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO segment VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'human', 'now', 'now')", -1, &st, nullptr);
  for (const auto& s : rows) {
    sqlite3_bind_int64(st, 1, s.sessionId);
    sqlite3_bind_int64(st, 2, s.schemeId);
    sqlite3_bind_int64(st, 3, s.categoryId);
    sqlite3_bind_int64(st, 4, s.annotatorId);
    sqlite3_bind_double(st, 5, s.start);
    sqlite3_bind_double(st, 6, s.end);
    sqlite3_bind_int64(st, 7, s.startFrame);
    sqlite3_bind_int64(st, 8, s.endFrame);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  const double seconds = secondsSince(start);
  sqlite3_close(db);
  return seconds;
}


// A file of pseudo-random bytes to hash when --media names none (written once, then reused).
std::string hashingSample(const std::filesystem::path& dir, int megabytes) {
  const std::filesystem::path path = dir / ("hash_sample_" + std::to_string(megabytes) + "MB.bin");
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) == uint64_t(megabytes) << 20) return path.string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::mt19937_64 rng(11);
  std::vector<uint64_t> block(size_t(1) << 17);  // 1 MiB
  for (int m = 0; m < megabytes; ++m) {
    for (auto& v : block) v = rng();
    out.write(reinterpret_cast<const char*>(block.data()), std::streamsize(block.size() * sizeof(uint64_t)));
  }
  if (!out) throw Error(ErrorCode::FileUnreadable, path.string(), "cannot write the hashing sample (disk full?)");
  return path.string();
}

// SHA-256 throughput of the store's hashing against sha256sum on the same (cached) file,
// alternating runs so both see the same page cache.
void benchHashing(const std::string& file, int repeat) {
  int64_t bytes = 0;
  sha256OfFile(file, &bytes);  // warms the page cache
  std::vector<double> ours, reference;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    sha256OfFile(file);
    ours.push_back(secondsSince(t0));
    if (const double s = timeProcess({"sha256sum", file}); s > 0) reference.push_back(s);
  }
  const double mb = double(bytes) / 1e6;
  std::printf("hash %s (%.1f MB) with SHA-256: %.0f MB/s", file.c_str(), mb, mb / median(ours));
  if (reference.empty()) {
    std::printf("  (sha256sum not found or failed: no reference)\n");
    return;
  }
  std::printf("\n  reference: sha256sum on the same file: %.0f MB/s  -> store/sha256sum throughput %.2fx  (target >= 0.9x)\n",
              mb / median(reference), median(reference) / median(ours));
}

struct BenchStoreOptions {
  std::string dir = (std::filesystem::temp_directory_path() / "stf2m-bench-store").string();
  std::string media;
  int repeat = 3, segments = 100000, sessions = 1000, hashMegabytes = 512;
  TeamBenchOptions team;
};

void run(const BenchStoreOptions& o) {
  const int repeat = o.repeat, segmentCount = o.segments, sessionCount = o.sessions;
  const std::optional<std::string> media = o.media.empty() ? std::nullopt : std::optional<std::string>(o.media);
  const std::filesystem::path dir = o.dir;
  std::filesystem::create_directories(dir);

  std::vector<double> insert, bare, load, open;
  size_t loaded = 0;
  for (int r = 0; r < repeat; ++r) {
    const std::string path = (dir / ("segments_" + std::to_string(r) + ".stf2m")).string();
    const std::string barePath = (dir / ("bare_" + std::to_string(r) + ".sqlite")).string();
    for (const auto& p : {path, barePath})
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
    int64_t session = 0;
    {
      store::Project p = store::Project::create(path, "bench", "bench");
      session = p.addSession(p.addSubject("B01"), "two hours");
      const auto rows = makeSegments(segmentCount, session, p.scheme("emotion"), p.annotatorId("bench", true), 7200.0);
      auto t0 = Clock::now();
      p.addSegments(rows);
      insert.push_back(secondsSince(t0));
      bare.push_back(bareSqliteInsert(barePath, rows));
    }
    store::Project p = store::Project::open(path, "bench");
    auto t1 = Clock::now();
    loaded = p.segments(session).size();
    load.push_back(secondsSince(t1));
  }

  // A project of many sessions, each with one media record (of a real file when --media names
  // one; hashing happens once at creation and is not part of the timing).
  const std::string manyPath = (dir / "sessions.stf2m").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(manyPath + suffix);
  {
    store::Project p = store::Project::create(manyPath, "bench", "bench");
    p.atomically([&] {
      for (int i = 0; i < sessionCount; ++i) {
        const int64_t subject = p.addSubject("S" + std::to_string(i));
        if (media) p.addSessionWithMedia(subject, "session", {{*media, 0.0}});
        else p.addSession(subject, "session");
      }
    });
  }
  size_t sessionsSeen = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    store::Project p = store::Project::open(manyPath, "bench");
    // What the application reads when a project opens: sessions with media, subjects, schemes.
    sessionsSeen = p.sessions().size();
    if (p.subjects().size() != sessionsSeen || p.schemes().empty()) throw Error(ErrorCode::Internal, manyPath, "unexpected content");
    open.push_back(secondsSince(t0));
  }

  std::printf("store benchmark, %d runs each (medians)\n", repeat);
  std::printf("insert %d segments (one call, validated, audited): %.3f s  (target <= 2 s)\n", segmentCount, median(insert));
  std::printf("  reference: same rows into bare SQLite (no checks, no triggers): %.3f s  -> store/bare %.2fx\n", median(bare),
              median(insert) / median(bare));
  std::printf("load all %zu segments of a 2-hour session: %.1f ms  (target <= 100 ms)\n", loaded, median(load) * 1000);
  std::printf("open a project of %zu sessions (open, schema check, sessions%s, subjects, schemes): %.1f ms  (target <= 300 ms)\n",
              sessionsSeen, media ? " with media" : "", median(open) * 1000);
  benchHashing(media ? *media : hashingSample(dir, o.hashMegabytes), std::max(repeat, 5));
  if (o.team.server.empty()) return;
  TeamBenchOptions team = o.team;
  team.dir = o.dir, team.repeat = repeat, team.segments = segmentCount;
  benchStoreOnServer(team);
}

}  // namespace

void addBenchStoreCommand(CLI::App& bench) {
  auto o = std::make_shared<BenchStoreOptions>();
  CLI::App* cmd = bench.add_subcommand("store", "project store and media hashing speed, against bare SQLite and sha256sum");
  cmd->add_option("--dir", o->dir, "scratch folder for the benchmark projects")->capture_default_str();
  cmd->add_option("--repeat", o->repeat, "runs per measurement (medians reported)")->check(CLI::Range(1, 100))->capture_default_str();
  cmd->add_option("--segments", o->segments, "segments inserted into one session")->check(CLI::Range(1, 10000000))->capture_default_str();
  cmd->add_option("--sessions", o->sessions, "sessions of the project that is opened")->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_option("--media", o->media, "a real media file for the sessions and the hashing run");
  cmd->add_option("--hash-mb", o->hashMegabytes, "size of the generated file hashed when --media names none")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  cmd->add_option("--project", o->team.server,
                  "also a PostgreSQL server: postgresql://user@host[:port]/db of an empty database, measured beside a "
                  "project file here (insert, load, concurrent writers)");
  cmd->add_option("--writers", o->team.writers, "with --project: the numbers of concurrent writers")
      ->check(CLI::Range(1, 64))->delimiter(',')->capture_default_str();
  cmd->add_option("--writer-seconds", o->team.writerSeconds, "with --project: how long each number of writers edits")
      ->check(CLI::Range(1.0, 3600.0))->capture_default_str();
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
