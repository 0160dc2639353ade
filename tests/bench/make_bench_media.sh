#!/usr/bin/env bash
# Generates the decode/seek benchmark input: 10 minutes of 1280x720 H.264 at 30 fps with a
# 2-second GOP (keyframe every 60 frames, B-frames on), about 3 Mbit/s, plus AAC audio.
# Moving test pattern with temporal noise so the bitstream is as busy as camera footage.
# Usage: make_bench_media.sh OUTDIR [SECONDS]   (idempotent: an existing file is kept)
set -euo pipefail
out=${1:?usage: make_bench_media.sh OUTDIR [SECONDS]}
seconds=${2:-600}
mkdir -p "$out"
file="$out/bench_720p_${seconds}s_gop2s.mp4"
if [ -s "$file" ]; then echo "$file"; exit 0; fi
ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=6:allf=t" \
  -f lavfi -i "sine=frequency=220:sample_rate=48000" \
  -t "$seconds" -c:v libx264 -preset veryfast -b:v 3M -maxrate 4M -bufsize 6M \
  -g 60 -keyint_min 60 -sc_threshold 0 -bf 3 -pix_fmt yuv420p \
  -c:a aac -b:a 96k -ac 2 -movflags +faststart -f mp4 "$file.part"
mv "$file.part" "$file"
echo "$file"
