// stf2m bench store --project URI: the store on a PostgreSQL server beside the same work on a
// project file on this machine (issue 23, docs/team.md). Both ends get the same procedure, run
// after run: a new session, N segments inserted in one call, then all of them loaded; and, for 1,
// 2, 4 and 8 writers (threads, each with its own connection, as separate annotators' machines
// would have), edits of a shared pool of segments for a fixed time: read the session, change one
// segment on the version read, store it. A stale edit is refused (Conflict) and counted.
#include "bench_store_team.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "bench_util.h"
#include "common/error.h"
#include "store/project.h"

namespace stf2m::cli {

namespace {

constexpr int kPool = 200;  // segments the writers share

std::vector<store::Segment> segmentsFor(store::Project& p, int64_t session, int count) {
  const store::LabelScheme e = p.scheme("emotion");
  const int64_t annotator = p.annotatorId(p.actor(), true);
  std::mt19937 rng(7);
  std::vector<store::Segment> out(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    store::Segment& s = out[size_t(i)];
    s.sessionId = session, s.schemeId = e.id, s.annotatorId = annotator;
    s.categoryId = e.categories[rng() % e.categories.size()].id;
    s.start = 7200.0 * i / count, s.end = s.start + 0.2 + (rng() % 40) / 10.0;
    s.startFrame = int64_t(s.start * 25), s.endFrame = int64_t(s.end * 25);
  }
  return out;
}

struct Writers {
  double editsPerSecond = 0;
  int64_t edits = 0, conflicts = 0;
  double p99 = 0;  // seconds per edit (read and write)
};

Writers runWriters(const std::string& where, int64_t session, int count, double seconds) {
  std::atomic<int64_t> edits{0}, conflicts{0};
  std::mutex lock;
  std::vector<double> latencies;
  std::string failure;
  const auto until = Clock::now() + std::chrono::duration<double>(seconds);
  auto writer = [&](int index) {
    try {
      store::Project p = store::Project::open(where, "bench");
      std::mt19937 rng(unsigned(100 + index));
      std::vector<double> mine;
      while (Clock::now() < until) {
        const auto t0 = Clock::now();
        std::vector<store::Segment> rows = p.segments(session);
        store::Segment s = rows.at(rng() % rows.size());
        s.end += 0.001;
        s.endFrame = -1;
        try {
          p.updateSegment(s);
          ++edits;
        } catch (const Error& e) {
          if (e.code() != ErrorCode::Conflict) throw;
          ++conflicts;
        }
        mine.push_back(secondsSince(t0));
      }
      std::lock_guard<std::mutex> hold(lock);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> hold(lock);
      if (failure.empty()) failure = e.what();
    }
  };
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) threads.emplace_back(writer, i);
  for (std::thread& t : threads) t.join();
  if (!failure.empty()) throw Error(ErrorCode::Internal, where, "a benchmark writer failed: " + failure);
  Writers w;
  w.edits = edits, w.conflicts = conflicts;
  w.editsPerSecond = double(w.edits) / secondsSince(start);
  w.p99 = latencies.empty() ? 0 : percentile(latencies, 99);
  return w;
}

struct Side {
  std::string where;
  std::vector<double> insert, load;
  std::vector<Writers> writers;
};

void runSide(Side& side, const TeamBenchOptions& o) {
  store::Project p = store::Project::create(side.where, "bench", "bench");
  const int64_t subject = p.addSubject("B01");
  for (int r = 0; r < o.repeat; ++r) {
    const int64_t session = p.addSession(subject, "two hours " + std::to_string(r));
    const std::vector<store::Segment> rows = segmentsFor(p, session, o.segments);
    auto t0 = Clock::now();
    p.addSegments(rows);
    side.insert.push_back(secondsSince(t0));
    t0 = Clock::now();
    if (p.segments(session).size() != rows.size()) throw Error(ErrorCode::Internal, side.where, "lost segments");
    side.load.push_back(secondsSince(t0));
  }
  for (int count : o.writers) {
    const int64_t session = p.addSession(subject, "shared " + std::to_string(count));
    p.addSegments(segmentsFor(p, session, kPool));
    side.writers.push_back(runWriters(side.where, session, count, o.writerSeconds));
  }
}

}  // namespace

void benchStoreOnServer(const TeamBenchOptions& o) {
  Side server{o.server, {}, {}, {}}, file{(std::filesystem::path(o.dir) / "team_reference.stf2m").string(), {}, {}, {}};
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.where + suffix);
  runSide(file, o);
  runSide(server, o);
  std::printf("\nserver %s beside a project file here (%d runs, medians)\n", store::Project::open(o.server, "bench").path().c_str(),
              o.repeat);
  std::printf("insert %d segments: server %.3f s, file %.3f s  -> server/file %.2fx  (target <= 3x)\n", o.segments,
              median(server.insert), median(file.insert), median(server.insert) / median(file.insert));
  std::printf("load %d segments of a 2-hour session: server %.1f ms, file %.1f ms  -> server/file %.2fx\n", o.segments,
              median(server.load) * 1000, median(file.load) * 1000, median(server.load) / median(file.load));
  std::printf("writers editing %d shared segments for %.0f s each (read the session, change one on the version read):\n",
              kPool, o.writerSeconds);
  for (size_t i = 0; i < o.writers.size(); ++i) {
    const Writers& s = server.writers[i];
    const Writers& f = file.writers[i];
    std::printf("  %d writer%s: server %.0f edits/s, %lld conflicts, p99 %.1f ms | file %.0f edits/s, %lld conflicts, p99 %.1f ms\n",
                o.writers[i], o.writers[i] == 1 ? " " : "s", s.editsPerSecond, static_cast<long long>(s.conflicts),
                s.p99 * 1000, f.editsPerSecond, static_cast<long long>(f.conflicts), f.p99 * 1000);
  }
}

}  // namespace stf2m::cli
