#!/usr/bin/env bash
# Smoke test of the Studio's review on the demo project: builds the demo session (face-api's
# sample2 face panning, eSpeak NG speech, 30 s), a project with it, analyses it with the stf2m CLI,
# imports two annotators' segments, then has the real application draw each panel from the stored
# predictions and save it (`stf2m-studio --screenshot OUT --project P --session 1 --panel X`).
# Each picture must exist, be a PNG of a sensible size and not be one flat colour.
#   studio_session_screenshots.sh STUDIO CLI SOURCE_DIR OUT_DIR
set -euo pipefail
studio=${1:?studio}; cli=${2:?cli}; src=${3:?source dir}; out=${4:?out dir}
mkdir -p "$out"
media=$(bash "$src/tests/bench/make_session_media.sh" "$out" 30)
project="$out/demo_review.stf2m"
rm -rf "$project" "$project-wal" "$project-shm"   # keep the feature cache between runs
"$cli" project init "$project" --name "Demo sessions" --actor demo >/dev/null
"$cli" project add-session "$project" --subject P01 --name "demo session" --media "$media" --actor demo >/dev/null
"$cli" analyze --project "$project" --session 1 --actor demo --quiet
csv="$out/demo_segments.csv"
{
  echo "session_id,annotator,scheme,label,start_s,end_s,start_frame,end_frame,confidence,source"
  echo "1,alice,emotion,neutral,0.0,4.2,,,,human"
  echo "1,alice,emotion,anxiety,4.2,9.0,,,,human"
  echo "1,alice,emotion,sadness,9.0,15.5,,,,human"
  echo "1,alice,emotion,neutral,15.5,30.0,,,,human"
  echo "1,bob,emotion,neutral,0.0,5.0,,,,human"
  echo "1,bob,emotion,sadness,5.0,16.0,,,,human"
  echo "1,bob,emotion,happiness,16.0,19.0,,,,human"
} > "$csv"
"$cli" project import "$project" "$csv" --session 1 --actor demo >/dev/null
for panel in all heatmap curves timeline; do
  png="$out/studio_$panel.png"
  rm -f "$png"
  "$studio" --lang en --project "$project" --session 1 --screenshot "$png" --panel "$panel"
  python3 - "$png" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', f'{path}: not a PNG'
w, h = struct.unpack('>II', data[16:24])
assert w >= 600 and h >= 80, f'{path}: {w}x{h} is too small'
# Decompress the image data and count distinct bytes: a flat picture has almost none.
idat, i = b'', 8
while i < len(data):
    n = struct.unpack('>I', data[i:i + 4])[0]
    if data[i + 4:i + 8] == b'IDAT':
        idat += data[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
assert len(set(raw)) > 40, f'{path}: the picture is nearly one colour'
print(f'{path}: {w}x{h}')
PY
done
