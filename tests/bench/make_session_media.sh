#!/usr/bin/env bash
# A one-face talking session for `stf2m bench analyze`: 640x360, 25 fps, H.264 + AAC, SECONDS long
# (default 120): face-api's sample2 face (a real photo) panning slowly back and forth, and eSpeak
# NG speech of varied pitch and rate with pauses, repeated over the whole length.
#   tests/bench/make_session_media.sh OUT_DIR [SECONDS]   -> OUT_DIR/session_640x360_SECONDSs.mp4
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: make_session_media.sh OUT_DIR [SECONDS]}
seconds=${2:-120}
photo=$here/resources/npm/node_modules/@vladmandic/face-api/demo/sample2.jpg
[ -f "$photo" ] || { echo "error: $photo missing; run packaging/setup-deps.sh" >&2; exit 2; }
mkdir -p "$out"
target=$out/session_640x360_${seconds}s.mp4
[ -s "$target" ] && { echo "$target"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ff() { ffmpeg -nostdin -v error -y "$@"; }
# Speech: three sentences at different pitch and rate, each followed by a pause, looped.
i=0
for spec in "50 160 Good morning, how have you been feeling since our last session?" \
            "35 140 I have been sleeping better, but the mornings are still hard." \
            "65 190 That is good to hear. Tell me more about the mornings."; do
  read -r pitch rate text <<< "$spec"
  espeak-ng -p "$pitch" -s "$rate" -w "$work/s$i.wav" "$text"
  ff -i "$work/s$i.wav" -af "apad=pad_dur=1.5" -ar 16000 -ac 1 "$work/p$i.wav"
  echo "file '$work/p$i.wav'" >> "$work/list.txt"
  i=$((i + 1))
done
ff -f concat -safe 0 -i "$work/list.txt" "$work/speech.wav"
# Video: a 640x360 window over the photo, panning 200 px and back every 20 s.
ff -loop 1 -framerate 25 -i "$photo" -stream_loop -1 -i "$work/speech.wav" -t "$seconds" \
  -filter_complex "[0:v]crop=640:360:1040+100*(1-cos(2*PI*t/20)):100,format=yuv420p[v]" \
  -map "[v]" -map 1:a -c:v libx264 -preset veryfast -crf 20 -g 50 -c:a aac -b:a 96k -ar 48000 "$work/session.mp4"
mv "$work/session.mp4" "$target"
echo "$target"
