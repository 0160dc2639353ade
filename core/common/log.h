#pragma once
// Minimal leveled logging to stderr, with a replaceable sink so the UI can route messages
// into its own log view. Thread-safe.
#include <functional>
#include <string>

namespace stf2m {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3, Off = 4 };

using LogSink = std::function<void(LogLevel, const std::string&)>;

void setLogLevel(LogLevel level);
LogLevel logLevel();
void setLogSink(LogSink sink);  // empty sink restores stderr
void logMessage(LogLevel level, const std::string& message);

inline void logDebug(const std::string& m) { logMessage(LogLevel::Debug, m); }
inline void logInfo(const std::string& m) { logMessage(LogLevel::Info, m); }
inline void logWarning(const std::string& m) { logMessage(LogLevel::Warning, m); }

}  // namespace stf2m
