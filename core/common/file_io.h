#pragma once
// Reading whole files and writing files without ever leaving a half-written one (exports, model
// files).
#include <string>

namespace stf2m {

// The file's bytes. FileNotFound / FileUnreadable (also for a directory) / EmptyFile name the file.
std::string readWholeFile(const std::string& path);

// Writes to a fresh temporary file in the target's folder and renames it over `path`, so readers
// see the old file or the complete new one, never a partial one. The file is owner-only (0600).
// FileUnreadable naming `path` when it cannot be written (the old file, if any, is untouched).
void writeFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace stf2m
