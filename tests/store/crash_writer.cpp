// Child process for test_store_crash: writes to a project as fast as it can and reports every
// write the API acknowledged on stdout ("insert ID", "delete ID", "update ID END"; updates and
// deletes are announced by "intent ID" before they start), flushing each line, until the test
// kills it with SIGKILL at a random moment.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "store/project.h"

using namespace stf2m::store;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer PROJECT SEED\n");
    return 1;
  }
  try {
    Project p = Project::open(argv[1], "crash-writer");
    const LabelScheme emotion = p.scheme("emotion");
    const int64_t annotator = p.annotatorId("crash-writer", true);
    const int64_t session = p.sessions().at(0).id;
    std::mt19937 rng(static_cast<unsigned>(std::atoi(argv[2])));
    std::vector<int64_t> alive;
    for (int round = 0;; ++round) {
      const int op = static_cast<int>(rng() % 10);
      if (op < 7 || alive.empty()) {
        std::vector<Segment> batch(1 + rng() % 20);
        for (auto& s : batch) {
          s.sessionId = session;
          s.schemeId = emotion.id;
          s.categoryId = emotion.categories[rng() % emotion.categories.size()].id;
          s.annotatorId = annotator;
          s.start = static_cast<double>(rng() % 100000) / 10.0;
          s.end = s.start + 0.1 + static_cast<double>(rng() % 100) / 10.0;
        }
        for (int64_t id : p.addSegments(batch)) {
          std::printf("insert %lld\n", static_cast<long long>(id));
          alive.push_back(id);
        }
      } else if (op < 9) {
        const size_t k = rng() % alive.size();
        Segment s = p.segments(session).front();
        for (const auto& g : p.segments(session))
          if (g.id == alive[k]) s = g;
        s.end = s.start + 0.5 + static_cast<double>(round % 50);
        s.endFrame = -1;
        // Announced first: a kill between the commit and the acknowledgement leaves a write the
        // test cannot know about otherwise.
        std::printf("intent %lld\n", static_cast<long long>(s.id));
        std::fflush(stdout);
        p.updateSegment(s);
        std::printf("update %lld %.6f\n", static_cast<long long>(s.id), s.end);
      } else {
        const size_t k = rng() % alive.size();
        std::printf("intent %lld\n", static_cast<long long>(alive[k]));
        std::fflush(stdout);
        p.deleteSegment(alive[k]);
        std::printf("delete %lld\n", static_cast<long long>(alive[k]));
        alive.erase(alive.begin() + static_cast<std::ptrdiff_t>(k));
      }
      std::fflush(stdout);
    }
  } catch (const stf2m::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
