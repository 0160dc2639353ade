#include "fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/digest.h"
#include "common/error.h"
#include "interchange/interchange.h"

namespace stf2m::fuzz {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz contract broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// This process's scratch folder, removed at exit so that runs leave nothing behind (a run that
// crashes leaves it in /dev/shm: stf2m-fuzz-PID).
struct Scratch {
  fs::path dir;
  Scratch() {
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    dir = base / ("stf2m-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const fs::path& scratch() {
  static const Scratch s;
  return s.dir;
}

// The template project's bytes, made once. Copying them through the stream (which retries an
// interrupted write) rather than fs::copy_file: libFuzzer's timer signals interrupt the
// latter's sendfile, and an EINTR then ends the run (found by the first campaign).
const std::string& templateBytes() {
  static const std::string bytes = [] {
    const std::string p = (scratch() / "template.stf2m").string();
    {
      store::Project project = store::Project::create(p, "fuzz", "fuzz");
      const int64_t subject = project.addSubject("P01");
      project.addSession(subject, "s1");
      project.addAnnotator("alice");
    }
    std::ifstream in(p, std::ios::binary);
    std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) finding("cannot read the template project " + p);
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p + suffix, ec);
    return out;
  }();
  return bytes;
}

}  // namespace

std::string writeInput(std::string_view bytes, const std::string& name) {
  const fs::path path = scratch() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) finding("cannot write the input to " + path.string());
  return path.string();
}

std::string freshFolder(const std::string& name) {
  const fs::path path = scratch() / name;
  std::error_code ec;
  fs::remove_all(path, ec);
  fs::create_directories(path);
  return path.string();
}

bool readsOrNamesSource(const std::string& source, const std::function<void()>& read) {
  try {
    read();
    return true;
  } catch (const Error& e) {
    if (std::string(e.what()).find(source) == std::string::npos)
      finding(std::string("an error that does not name ") + source + ": " + e.what());
  } catch (const std::exception& e) {
    finding(std::string("an exception that is not stf2m::Error: ") + e.what());
  } catch (...) {
    finding("an exception that is not a std::exception");
  }
  return false;
}

void makeProjectTemplate() { (void)templateBytes(); }

store::Project freshProject() {
  const std::string copy = (scratch() / "project.stf2m").string();
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(copy + suffix, ec);
  writeInput(templateBytes(), "project.stf2m");
  return store::Project::open(copy, "fuzz");
}

std::string contentDigest(const store::Project& project) {
  std::string text = interchange::projectJson(project);
  // The export's own time stamp is not content (dumpJson writes one member per line).
  const size_t at = text.find("\"exported_at\"");
  if (at != std::string::npos) text.erase(at, text.find('\n', at) - at);
  for (const store::AuditEntry& a : project.audit(1 << 30))
    text += "\n" + std::to_string(a.id) + " " + a.table + " " + a.action + " " + a.before + " " + a.after;
  return sha256OfBytes(text);
}

void importChecked(const std::string& source, const std::function<void(store::Project&)>& import) {
  store::Project project = freshProject();
  const std::string before = contentDigest(project);
  if (!readsOrNamesSource(source, [&] { import(project); }) && contentDigest(project) != before)
    finding("a failed import of " + source + " changed the project");
}

}  // namespace stf2m::fuzz
