// Fuzz harness: the project file itself. A project another tool, another lab or a broken disk
// wrote is a mutated SQLite database: the store either opens it and reads everything the Studio
// and the CLI show (the JSON export, predictions, model history, support sets, audit log, the
// adapted models' cards) and takes one new change, or fails with an error naming the project file.
// Media checks (hashing the files a project names) are left out: a mutated path would make the
// harness read whatever file it names on this machine.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "common/statistics_choice.h"
#include "fuzz_support.h"
#include "interchange/interchange.h"
#include "store/project.h"

namespace {

void readEverything(stf2m::store::Project& project) {
  using namespace stf2m;
  (void)project.schemaVersion();
  (void)project.name();
  (void)interchange::projectJson(project);
  for (const store::Session& session : project.sessions()) {
    for (const store::PredictionSet& set : project.predictionSets(session.id))
      (void)project.predictions(session.id, set.modelId);
  }
  for (const store::Subject& subject : project.subjects()) {
    (void)project.supportSets(subject.id);
    (void)project.modelHistory(subject.id);
    (void)project.activeModel(subject.id);
  }
  for (const store::ModelRecord& model : project.models()) (void)StatisticsChoice::fromCard(model.card);
  (void)project.audit(1 << 30);
  // One audited change, as the first edit after opening would be.
  project.atomically([&] { project.addSubject("fuzz-new-subject", "added by the harness"); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  // A folder per input: SQLite's -wal and -shm files of the previous input must not be applied
  // to this one.
  const std::string folder = fuzz::freshFolder("project");
  const std::string path = (std::filesystem::path(folder) / "input.stf2m").string();
  fuzz::writeInput(std::string_view(reinterpret_cast<const char*>(data), size), "project/input.stf2m");
  fuzz::readsOrNamesSource(path, [&] {
    store::Project project = store::Project::open(path, "fuzz");
    readEverything(project);
  });
  return 0;
}
