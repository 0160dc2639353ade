#include "ui/error_messages.h"

#include <QFileInfo>

namespace stf2m::ui {

QString ErrorMessages::sentence(ErrorCode code, const QString& file) {
  const QString name = file.isEmpty() ? tr("the file") : QFileInfo(file).fileName();
  switch (code) {
    case ErrorCode::FileNotFound: return tr("The file “%1” does not exist.").arg(name);
    case ErrorCode::FileUnreadable: return tr("The file “%1” cannot be read.").arg(name);
    case ErrorCode::EmptyFile: return tr("The file “%1” is empty.").arg(name);
    case ErrorCode::NotMedia: return tr("The file “%1” is not a video or audio file that can be opened.").arg(name);
    case ErrorCode::NoVideoStream: return tr("The file “%1” contains no video stream.").arg(name);
    case ErrorCode::NoAudioStream: return tr("The file “%1” contains no audio stream.").arg(name);
    case ErrorCode::UnsupportedCodec:
      return tr("The file “%1” uses a codec that this installation cannot decode.").arg(name);
    case ErrorCode::CorruptData: return tr("The file “%1” is damaged and cannot be decoded.").arg(name);
    case ErrorCode::OutOfRange: return tr("The requested position lies outside “%1”.").arg(name);
    case ErrorCode::InvalidArgument: return tr("An invalid request was made for “%1”.").arg(name);
    case ErrorCode::Cancelled: return tr("Reading “%1” was cancelled.").arg(name);
    // Project-store errors do not reach this media-file sentence yet; the generic text applies.
    case ErrorCode::NotProject:
    case ErrorCode::ProjectTooNew:
    case ErrorCode::StorageFailure:
    case ErrorCode::NotFound:
    case ErrorCode::Conflict:
    case ErrorCode::ParseError:
    case ErrorCode::PeerLost:
    case ErrorCode::NotAllowed:
    case ErrorCode::Internal: break;
  }
  return tr("An internal error occurred while reading “%1”.").arg(name);
}

}  // namespace stf2m::ui
