#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "common/cancel.h"
#include "common/error.h"

namespace stf2m {

namespace {
std::atomic<LogLevel> g_level{LogLevel::Warning};
std::mutex g_sinkMutex;
LogSink g_sink;

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    case LogLevel::Off: return "off";
  }
  return "?";
}
}  // namespace

void setLogLevel(LogLevel level) { g_level.store(level); }
LogLevel logLevel() { return g_level.load(); }

void setLogSink(LogSink sink) {
  std::lock_guard lock(g_sinkMutex);
  g_sink = std::move(sink);
}

void logMessage(LogLevel level, const std::string& message) {
  if (level < g_level.load() || level == LogLevel::Off) return;
  std::lock_guard lock(g_sinkMutex);
  if (g_sink) {
    g_sink(level, message);
  } else {
    std::fprintf(stderr, "%s: %s\n", levelName(level), message.c_str());
  }
}

void throwIfCancelled(const CancelToken* token, const char* what) {
  if (token && token->isCancelled()) throw Error(ErrorCode::Cancelled, what, "cancelled");
}

}  // namespace stf2m
