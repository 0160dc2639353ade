#pragma once
// What every fuzz harness shares (docs/fuzzing.md). A harness is one LLVMFuzzerTestOneInput; the
// same source links either with libFuzzer (STF2M_FUZZ=ON, clang) or with replay_main.cpp, which
// feeds it the committed seed corpus and regression inputs as an ordinary ctest entry.
//
// The contract a reader of outside data must keep, checked here:
//   - it returns, or throws stf2m::Error (the project's typed error) whose message names the file;
//     any other exception is a finding (the process aborts, and libFuzzer saves the input);
//   - an import that fails leaves the project's content exactly as it was.
// Crashes, sanitizer reports, inputs over 1 s (-timeout=1) or 256 MB (-rss_limit_mb=256) are
// libFuzzer's to catch.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "store/project.h"

namespace stf2m::fuzz {

// The input written to a file of this process (one per extension, overwritten per input) in
// /dev/shm when it exists, else the temporary folder. Returns its path.
std::string writeInput(std::string_view bytes, const std::string& name);

// A folder of this process for inputs that are folders (emptied on each call).
std::string freshFolder(const std::string& name);

// Runs `read`; a stf2m::Error whose message does not contain `source` aborts, as does any other
// exception. Returns true when `read` returned.
bool readsOrNamesSource(const std::string& source, const std::function<void()>& read);

// A project with subject P01, session 1 ("s1", no media), annotator "alice" and the default
// "emotion" scheme, copied afresh from a template for every input.
store::Project freshProject();

// Makes that template now. The importer harnesses call it from LLVMFuzzerInitialize: made by the
// first input instead (about 0.3 s under ASan, 15 ms for each input after it), it made that input
// pass libFuzzer's 1 s limit on a loaded machine, a false timeout.
void makeProjectTemplate();

// The project's content as one digest: the JSON export (every table a user sees) and the audit
// log (every change ever made).
std::string contentDigest(const store::Project& project);

// An importer run by the contract: on failure, the project must be unchanged.
void importChecked(const std::string& source, const std::function<void(store::Project&)>& import);

}  // namespace stf2m::fuzz
