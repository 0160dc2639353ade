#pragma once
// Reading whole import files and writing exports without ever leaving a half-written file, plus
// the file:// URIs ELAN uses for media.
#include <string>

namespace stf2m::interchange::detail {

// The file's bytes. FileNotFound / FileUnreadable / EmptyFile name the file.
std::string readWholeFile(const std::string& path);

// Writes to a fresh temporary file in the target's folder and renames it over `path`, so readers
// see the old file or the complete new one, never a partial export. The file is owner-only (0600).
void writeFileAtomically(const std::string& path, const std::string& bytes);

// "file:///abs/path%20with%20spaces.mp4" for an absolute or relative local path.
std::string fileUri(const std::string& path);
// `target` relative to the folder `fromDir` as a URI reference ("./a.mp4", "../media/a.mp4");
// empty when there is no relative path (another drive, ...).
std::string relativeUri(const std::string& fromDir, const std::string& target);
// The local path of a file: URI ("file:///a/b", "file:/a/b", "file://localhost/a/b"), or the
// text itself when it is not a URI; empty for other schemes (http:, rtsp:, ...).
std::string pathFromUri(const std::string& uri);

}  // namespace stf2m::interchange::detail
