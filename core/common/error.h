#pragma once
// The project's one error type. Core functions throw stf2m::Error; the CLI prints
// `error: <what()>` and the UI maps code() to a translated sentence.
#include <stdexcept>
#include <string>

namespace stf2m {

enum class ErrorCode {
  FileNotFound,      // path does not exist
  FileUnreadable,    // exists but cannot be opened or read (permissions, a directory, I/O error)
  EmptyFile,         // zero bytes
  NotMedia,          // no demuxer recognises the data
  NoVideoStream,
  NoAudioStream,
  UnsupportedCodec,  // stream present but no decoder for it in this FFmpeg build
  CorruptData,       // data that cannot be decoded at all (partial damage is a warning, see diagnostics)
  OutOfRange,        // time or index outside the media
  InvalidArgument,
  Cancelled,
  NotProject,        // a file that is not an ST-F2M project database (foreign SQLite or not SQLite)
  ProjectTooNew,     // a project written by a newer schema version than this build knows
  StorageFailure,    // SQLite reported corruption, a full disk or an I/O error
  NotFound,          // a project record (subject, session, segment, ...) that does not exist
  Conflict,          // a uniqueness or reference rule of the project would be broken
  ParseError,        // malformed import file (message names line or element)
  PeerLost,          // a distributed run lost a rank, or waited for one longer than its timeout
  NotAllowed,        // a team server refused the change to this role (row-level rights, docs/team.md)
  Internal,
};

const char* errorCodeName(ErrorCode code);

class Error : public std::runtime_error {
 public:
  // `subject` is the file (or other object) the problem is about; it leads the message.
  Error(ErrorCode code, std::string subject, const std::string& detail);
  ErrorCode code() const noexcept { return code_; }
  const std::string& subject() const noexcept { return subject_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  ErrorCode code_;
  std::string subject_;
  std::string detail_;
};

}  // namespace stf2m
