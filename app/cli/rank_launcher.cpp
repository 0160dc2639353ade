#include "rank_launcher.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

#include "common/error.h"

extern char** environ;

namespace stf2m::cli {

namespace {

using Clock = std::chrono::steady_clock;

// A port nobody listens on now: bind 127.0.0.1:0 and ask which port the system chose.
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error(ErrorCode::Internal, "--nproc", std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) throw Error(ErrorCode::Internal, "--nproc", std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(error));
  return ntohs(address.sin_port);
}

// The command line without "--nproc N" / "--nproc=N".
std::vector<std::string> withoutOption(const std::vector<std::string>& arguments, const std::string& option) {
  std::vector<std::string> out;
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == option) {
      ++i;
      continue;
    }
    if (arguments[i].rfind(option + "=", 0) == 0) continue;
    out.push_back(arguments[i]);
  }
  return out;
}

struct Rank {
  int index = 0;
  pid_t pid = -1;
  int errorPipe = -1;      // read end of its stderr
  std::string errorText;   // what it wrote there (the tail)
  std::string partial;     // rank 0: the line being written, not yet forwarded
  bool running = false;
  bool stoppedByUs = false;  // still running when another rank failed, then sent SIGTERM
  int status = 0;
};

// The rank's environment: ours, minus the variables we set, plus them.
std::vector<std::string> rankEnvironment(int rank, int count, int port) {
  static const char* const kOurs[] = {"RANK=", "WORLD_SIZE=", "LOCAL_RANK=", "LOCAL_WORLD_SIZE=", "MASTER_ADDR=", "MASTER_PORT="};
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    if (std::none_of(std::begin(kOurs), std::end(kOurs), [&](const char* p) { return entry.rfind(p, 0) == 0; }))
      env.push_back(entry);
  }
  env.push_back("RANK=" + std::to_string(rank));
  env.push_back("WORLD_SIZE=" + std::to_string(count));
  env.push_back("LOCAL_RANK=" + std::to_string(rank));
  env.push_back("LOCAL_WORLD_SIZE=" + std::to_string(count));
  env.push_back("MASTER_ADDR=127.0.0.1");
  env.push_back("MASTER_PORT=" + std::to_string(port));
  if (!std::getenv("STF2M_THREADS"))
    env.push_back("STF2M_THREADS=" + std::to_string(std::max(1u, std::thread::hardware_concurrency() / unsigned(count))));
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void spawn(Rank& rank, std::vector<std::string> argv, std::vector<std::string> env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int pipeEnds[2] = {-1, -1};
  if (::pipe2(pipeEnds, O_CLOEXEC) != 0)
    throw Error(ErrorCode::Internal, "--nproc", std::string("cannot make a pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDERR_FILENO);
  if (rank.index > 0) posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  // The ranks take Ctrl-C themselves (they checkpoint and stop together); the launcher ignores it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args = pointers(argv), envs = pointers(env);
  const int error = ::posix_spawn(&rank.pid, "/proc/self/exe", &actions, &attributes, args.data(), envs.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (pipeEnds[1] >= 0) ::close(pipeEnds[1]);
  if (error != 0) {
    if (pipeEnds[0] >= 0) ::close(pipeEnds[0]);
    throw Error(ErrorCode::Internal, "--nproc",
                "cannot start rank " + std::to_string(rank.index) + ": " + std::strerror(error));
  }
  rank.errorPipe = pipeEnds[0];
  rank.running = true;
}

// Passes rank 0's progress and warnings on to our stderr, line by line; its "error:" line is left
// for the launcher's own, so that a failed run prints one error line, as every command does.
void forward(Rank& rank, std::string_view text) {
  rank.partial.append(text);
  size_t end;
  while ((end = rank.partial.find('\n')) != std::string::npos) {
    const std::string line = rank.partial.substr(0, end + 1);
    rank.partial.erase(0, end + 1);
    if (line.rfind("error: ", 0) != 0) std::fputs(line.c_str(), stderr);
  }
  std::fflush(stderr);
}

// Reads what the ranks wrote to their stderr pipes (keeping the last 8 KB of each), waiting at
// most `milliseconds`.
void drain(std::vector<Rank>& ranks, int milliseconds) {
  std::vector<pollfd> fds;
  for (const Rank& r : ranks)
    if (r.errorPipe >= 0) fds.push_back({r.errorPipe, POLLIN, 0});
  if (fds.empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
    return;
  }
  if (::poll(fds.data(), fds.size(), milliseconds) <= 0) return;
  for (Rank& r : ranks) {
    if (r.errorPipe < 0) continue;
    const auto fd = std::find_if(fds.begin(), fds.end(), [&](const pollfd& p) { return p.fd == r.errorPipe; });
    if (fd == fds.end() || fd->revents == 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(r.errorPipe, buffer, sizeof buffer);
    if (n > 0) {
      if (r.index == 0) forward(r, std::string_view(buffer, size_t(n)));
      r.errorText.append(buffer, size_t(n));
      if (r.errorText.size() > 8192) r.errorText.erase(0, r.errorText.size() - 8192);
    } else if (n == 0 || errno != EINTR) {
      ::close(r.errorPipe);
      r.errorPipe = -1;
    }
  }
}

// The last line starting with "error:" in what a rank wrote, else its last line.
std::string lastErrorLine(const std::string& text) {
  std::string last, lastError;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (!line.empty()) last = line;
    if (line.rfind("error: ", 0) == 0) lastError = line.substr(7);
    start = end + 1;
  }
  return lastError.empty() ? last : lastError;
}

std::string describeStatus(int status) {
  if (WIFSIGNALED(status)) return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

// The rank whose failure ended the run. Ranks that ended by themselves come before those the
// launcher stopped; among them one killed by a signal or failing on its own comes before one that
// only reports its peers lost (when rank 1 is killed, rank 0 may end in the same instant with
// "lost the other ranks"); then the lowest rank. Null when every rank succeeded.
const Rank* firstCause(const std::vector<Rank>& ranks) {
  const Rank* best = nullptr;
  int bestScore = 0;
  for (const Rank& r : ranks) {
    if (r.status == 0) continue;
    const bool peerLost = WIFEXITED(r.status) && r.errorText.find("lost the other ranks") != std::string::npos;
    const int score = (r.stoppedByUs ? 2 : 0) + (peerLost ? 1 : 0);
    if (!best || score < bestScore) best = &r, bestScore = score;
  }
  return best;
}

// Collects every rank that has ended; returns true while any still runs.
bool reap(std::vector<Rank>& ranks) {
  bool any = false;
  for (Rank& r : ranks) {
    if (!r.running) continue;
    const pid_t done = ::waitpid(r.pid, &r.status, WNOHANG);
    if (done == r.pid) r.running = false;
    else any = true;
  }
  return any;
}

}  // namespace

void runLocalRanks(int count, const std::vector<std::string>& arguments, const std::string& nprocOption) {
  if (count < 1) throw Error(ErrorCode::InvalidArgument, nprocOption, "needs at least 1 rank");
  std::vector<std::string> argv{"stf2m"};
  for (const std::string& a : withoutOption(arguments, nprocOption)) argv.push_back(a);
  const int port = freePort();
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction previousInt {}, previousTerm {};
  ::sigaction(SIGINT, &ignore, &previousInt);
  ::sigaction(SIGTERM, &ignore, &previousTerm);

  std::vector<Rank> ranks(static_cast<size_t>(count));
  for (int r = 0; r < count; ++r) {
    ranks[size_t(r)].index = r;
    spawn(ranks[size_t(r)], argv, rankEnvironment(r, count, port));
  }
  bool failing = false;
  Clock::time_point stopping{};
  while (reap(ranks)) {
    drain(ranks, 100);
    if (!failing && std::any_of(ranks.begin(), ranks.end(), [](const Rank& r) { return !r.running && r.status != 0; })) {
      failing = true;
      stopping = Clock::now();
      // Give a rank that failed at the same instant a moment to be reaped as having ended itself.
      drain(ranks, 200);
      reap(ranks);
      for (Rank& r : ranks)
        if (r.running) {
          r.stoppedByUs = true;
          ::kill(r.pid, SIGTERM);
        }
    }
    if (failing && Clock::now() - stopping > std::chrono::seconds(10))
      for (const Rank& r : ranks)
        if (r.running) ::kill(r.pid, SIGKILL);
  }
  // Every rank has ended: read their pipes to the end (a bounded number of times, in case a
  // process they started holds one open).
  for (int i = 0; i < 64 && std::any_of(ranks.begin(), ranks.end(), [](const Rank& r) { return r.errorPipe >= 0; }); ++i)
    drain(ranks, 100);
  for (Rank& r : ranks)
    if (r.errorPipe >= 0) ::close(r.errorPipe);
  ::sigaction(SIGINT, &previousInt, nullptr);
  ::sigaction(SIGTERM, &previousTerm, nullptr);
  const Rank* failed = firstCause(ranks);
  if (!failed) return;
  std::string detail = "rank " + std::to_string(failed->index) + " of " + std::to_string(count) + " " + describeStatus(failed->status);
  const std::string line = lastErrorLine(failed->errorText);
  if (!line.empty()) detail += ": " + line;
  throw Error(ErrorCode::PeerLost, "stf2m train --nproc", detail);
}

}  // namespace stf2m::cli
