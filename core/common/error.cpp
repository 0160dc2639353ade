#include "common/error.h"

namespace stf2m {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::FileNotFound: return "file-not-found";
    case ErrorCode::FileUnreadable: return "file-unreadable";
    case ErrorCode::EmptyFile: return "empty-file";
    case ErrorCode::NotMedia: return "not-media";
    case ErrorCode::NoVideoStream: return "no-video-stream";
    case ErrorCode::NoAudioStream: return "no-audio-stream";
    case ErrorCode::UnsupportedCodec: return "unsupported-codec";
    case ErrorCode::CorruptData: return "corrupt-data";
    case ErrorCode::OutOfRange: return "out-of-range";
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::NotProject: return "not-project";
    case ErrorCode::ProjectTooNew: return "project-too-new";
    case ErrorCode::StorageFailure: return "storage-failure";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::ParseError: return "parse-error";
    case ErrorCode::PeerLost: return "peer-lost";
    case ErrorCode::NotAllowed: return "not-allowed";
    case ErrorCode::Internal: return "internal";
  }
  return "unknown";
}

static std::string composeMessage(const std::string& subject, const std::string& detail) {
  return subject.empty() ? detail : subject + ": " + detail;
}

Error::Error(ErrorCode code, std::string subject, const std::string& detail)
    : std::runtime_error(composeMessage(subject, detail)),
      code_(code),
      subject_(std::move(subject)),
      detail_(detail) {}

}  // namespace stf2m
