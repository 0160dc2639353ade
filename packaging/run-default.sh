#!/usr/bin/env bash
# The main job on a bundled default: installs what is missing, builds, generates a sample
# recording (test pattern + tone) with the FFmpeg CLI, runs the stf2m CLI on it and builds a
# demo project around it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup-deps.sh"
bash "$root/packaging/build.sh" "$root/build"
stf2m="$root/build/app/cli/stf2m"
sample_dir="$root/build/sample"
mkdir -p "$sample_dir"
sample="$sample_dir/sample_session.mp4"
if [ ! -s "$sample" ]; then
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=640x360:rate=25" -f lavfi -i "sine=frequency=330:sample_rate=48000" \
    -t 10 -c:v libx264 -preset veryfast -g 50 -bf 2 -pix_fmt yuv420p -c:a aac -ac 2 "$sample.part.mp4"
  mv "$sample.part.mp4" "$sample"
fi
echo "== stf2m info"
"$stf2m" info
echo "== stf2m probe $sample"
"$stf2m" probe "$sample"
echo "== stf2m media-hash $sample --at 0,2.5,5,9.96 (frame shown at each time: index,pts_seconds,md5)"
"$stf2m" media-hash "$sample" --at 0,2.5,5,9.96
echo "== stf2m bench decode $sample"
"$stf2m" bench decode "$sample" --repeat 3 --seeks 100
echo "== a project around the sample: stf2m project init / add-session / sessions"
project="$sample_dir/sample_project.stf2m"
rm -f "$project" "$project-wal" "$project-shm"   # a fresh demo project on every run
"$stf2m" project init "$project" --name "Sample project" --actor demo
"$stf2m" project add-session "$project" --subject S01 --name "sample session" --media "$sample" --actor demo
"$stf2m" project sessions "$project" --actor demo
