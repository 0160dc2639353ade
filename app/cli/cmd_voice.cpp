// stf2m voice FILE --csv: frame-level voice features (docs/voice-features.md) as CSV on stdout.
#include <charconv>
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "voice/voice_features.h"

namespace stf2m::cli {
namespace {

void appendNumber(std::string& line, double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 7);
  line.append(buf, res.ptr);
}

}  // namespace

int runVoice(const std::vector<std::string>& argv) {
  Args args = Args::parse({"voice", {}, {"--csv"}, 1, 1}, argv);
  if (!args.has("--csv")) throw UsageError("voice: --csv is required (the only output format)");
  voice::VoiceFeatures vf = voice::voiceFeaturesOfFile(args.positional()[0]);
  std::string line;
  const auto& cols = voice::voiceCsvColumns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) line += ',';
    line += cols[i];
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
  for (int f = 0; f < vf.frames; ++f) {
    line.clear();
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, f / vf.rate, std::chars_format::fixed, 2);
    line.append(buf, res.ptr);
    for (double v : {double(vf.rmsDb[f]), double(vf.f0[f]), double(vf.voicing[f]), double(vf.vad[f]),
                     double(vf.centroid[f]), double(vf.flux[f])}) {
      line += ',';
      appendNumber(line, v);
    }
    for (int c = 0; c < voice::kMfccCount; ++c) {
      line += ',';
      appendNumber(line, vf.mfcc[size_t(f) * voice::kMfccCount + c]);
    }
    for (int b = 0; b < voice::kMelBands; ++b) {
      line += ',';
      appendNumber(line, vf.logMel[size_t(f) * voice::kMelBands + b]);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}

}  // namespace stf2m::cli
