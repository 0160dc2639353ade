// stf2m voice FILE --csv: frame-level voice features (docs/voice-features.md) as CSV on stdout.
#include <charconv>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "voice/voice_schema.h"

namespace stf2m::cli {
namespace {

void appendNumber(std::string& line, double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 7);
  line.append(buf, res.ptr);
}

void run(const std::string& path) {
  voice::VoiceFeatures vf = voice::voiceFeaturesOfFile(path);
  std::vector<float> row(voice::kVoiceFeatureCount);  // the CSV's columns after time_s
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
    voice::voiceFeatureRow(vf, f, row.data());
    for (float v : row) {
      line += ',';
      appendNumber(line, v);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
}

}  // namespace

void addVoiceCommand(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto csv = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("voice", "voice features at 100 Hz as CSV (docs/voice-features.md)");
  cmd->add_option("FILE", *path, "a media file with an audio stream")->required();
  cmd->add_flag("--csv", *csv, "CSV on stdout, one row per 10 ms (the only output format)")->required();
  cmd->callback([path, csv] { run(*path); });  // the lambda keeps both bound values alive
}

}  // namespace stf2m::cli
