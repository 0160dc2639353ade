#pragma once
// stf2m bench store --project URI (bench_store_team.cpp): the store on a PostgreSQL server beside
// a project file on this machine, and concurrent writers on both.
#include <string>
#include <vector>

namespace stf2m::cli {

struct TeamBenchOptions {
  std::string server;  // postgresql:// URI of an empty database
  std::string dir;     // where the reference project file goes
  int repeat = 3, segments = 100000;
  std::vector<int> writers{1, 2, 4, 8};
  double writerSeconds = 30;
};

void benchStoreOnServer(const TeamBenchOptions& options);

}  // namespace stf2m::cli
