#pragma once
// The file:// URIs ELAN uses for media (reading and writing whole files: common/file_io.h).
#include <string>

namespace stf2m::interchange::detail {

// "file:///abs/path%20with%20spaces.mp4" for an absolute or relative local path.
std::string fileUri(const std::string& path);
// `target` relative to the folder `fromDir` as a URI reference ("./a.mp4", "../media/a.mp4");
// empty when there is no relative path (another drive, ...).
std::string relativeUri(const std::string& fromDir, const std::string& target);
// The local path of a file: URI ("file:///a/b", "file:/a/b", "file://localhost/a/b"), or the
// text itself when it is not a URI; empty for other schemes (http:, rtsp:, ...).
std::string pathFromUri(const std::string& uri);

}  // namespace stf2m::interchange::detail
