#pragma once
// Internal to core/interchange: what every CSV export shares — RFC 4180 fields, CRLF lines and
// the "# key: value" provenance header of a session (app version, project, session, subject,
// media with SHA-256, frame rate, sample rate, export time and actor).
#include <initializer_list>
#include <string>

#include "interchange/session_tiers.h"

namespace stf2m::interchange::detail {

class CsvWriter {
 public:
  void meta(const std::string& key, const std::string& value);
  // The session's provenance lines (after a "format" line the caller writes first).
  void sessionMeta(const store::Project& project, const SessionSnapshot& snap);
  void row(std::initializer_list<std::string> fields);
  void row(const std::vector<std::string>& fields);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace stf2m::interchange::detail
