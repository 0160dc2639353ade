// writeSynthetic: the dataset folder plus the generator's ground truth beside it.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/csv.h"
#include "dataset/synth.h"

namespace stf2m::dataset {

namespace {

std::string joined(const std::vector<double>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ";" : "") + formatNumber(values[i]);
  return out;
}

void writeText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorCode::FileUnreadable, path.string(), std::string("cannot create: ") + std::strerror(errno));
  out << text;
  out.close();
  if (!out) throw Error(ErrorCode::FileUnreadable, path.string(), "write failed (disk full?)");
}

}  // namespace

void writeSynthetic(const SynthResult& result, const std::string& dir, const CancelToken* cancel,
                    const ProgressCallback& progress) {
  if (result.clips.size() != result.dataset.clips.size())
    throw Error(ErrorCode::InvalidArgument, "synth", "ground truth does not match the dataset's clips");
  saveDataset(result.dataset, dir, cancel, progress);
  std::string clips = csvLine({"clip_id", "true_label", "label_noise", "tempo", "onset_s", "apex_s", "offset_s",
                               "intensity"});
  for (size_t i = 0; i < result.clips.size(); ++i) {
    const SynthClipTruth& t = result.clips[i];
    clips += csvLine({result.dataset.clips[i].id, t.trueLabel.text(), t.labelNoise ? "1" : "0", formatNumber(t.tempo),
                      formatNumber(t.onsetS), formatNumber(t.apexS), formatNumber(t.offsetS),
                      formatNumber(t.intensity)});
  }
  std::string subjects = csvLine({"subject_id", "face_uninformative", "tempo", "voice_lag_s", "drift_time_constant_s",
                                  "face_relevance", "voice_relevance"});
  for (const SynthSubjectTruth& s : result.subjects)
    subjects += csvLine({s.id, s.faceUninformative ? "1" : "0", formatNumber(s.tempo), formatNumber(s.voiceLagS),
                         formatNumber(s.driftTimeConstantS), joined(s.faceGroupRelevance),
                         joined(s.voiceGroupRelevance)});
  writeText(std::filesystem::path(dir) / "truth_clips.csv", clips);
  writeText(std::filesystem::path(dir) / "truth_subjects.csv", subjects);
}

}  // namespace stf2m::dataset
