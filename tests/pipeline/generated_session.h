#pragma once
// The sessions the pipeline tests analyse, generated at test time with known ground truth:
//   video: 640x360 at 25 fps for 10 s, a grey screen with face-api's sample2 face on it from
//          2 s to 6 s (the face at about (265, 75), 275 px);
//   voice: eSpeak NG speech from 3 s, silence elsewhere; muxed in (`session`), or as a separate
//          16 kHz WAV starting at its own 0 (`speech`);
//   `returning`: the face on screen 1-3 s and again 5-8 s, no audio.
#include <QString>
#include <QTemporaryDir>

namespace stf2m::test {

struct GeneratedSession {
  QString session;      // face 2-6 s, speech from 3 s, one file
  QString silentVideo;  // the same video without audio
  QString speech;
  QString returning;
};

// Writes the files into `dir`; on failure returns false with what went wrong in `error`.
bool makeGeneratedSession(const QTemporaryDir& dir, GeneratedSession& out, QString& error);

}  // namespace stf2m::test
