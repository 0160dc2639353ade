#include "interchange/csv_writer.h"

#include "common/csv.h"
#include "interchange/text_util.h"

namespace stf2m::interchange::detail {

namespace {
std::string mediaLine(const store::MediaFile& m) {
  return "sha256=" + m.sha256 + " offset_s=" + formatNumber(m.offset) + " duration_s=" + formatNumber(m.duration) +
         " fps=" + formatNumber(m.fps) + " sample_rate=" + std::to_string(m.sampleRate) + " path=" + oneLine(m.path);
}
}  // namespace

void CsvWriter::meta(const std::string& key, const std::string& value) { out_ += "# " + key + ": " + oneLine(value) + "\r\n"; }

void CsvWriter::sessionMeta(const store::Project& project, const SessionSnapshot& snap) {
  meta("app_version", STF2M_VERSION);
  meta("project", project.name());
  meta("session_id", std::to_string(snap.session.id));
  meta("session", snap.session.name);
  meta("subject", snap.subjectCode);
  double fps = 0;
  int sampleRate = 0;
  for (const auto& m : snap.session.media) {
    meta("media", mediaLine(m));
    if (fps == 0) fps = m.fps;
    if (sampleRate == 0) sampleRate = m.sampleRate;
  }
  meta("fps", formatNumber(fps));
  meta("sample_rate", std::to_string(sampleRate));
  meta("exported_at", utcTimestamp());
  meta("exported_by", project.actor());
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) out_ += (i ? "," : "") + csvField(fields[i]);
  out_ += "\r\n";
}

void CsvWriter::row(std::initializer_list<std::string> fields) { row(std::vector<std::string>(fields)); }

}  // namespace stf2m::interchange::detail
