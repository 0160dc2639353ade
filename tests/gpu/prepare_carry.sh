#!/usr/bin/env bash
# Run here (the Debian machine with FFmpeg and the npm package), before tests/gpu/cuda_check.sh
# runs on a GPU machine that has neither: writes DIR/photos/*.ppm (face-api's demo photos, a
# mirrored and a half-size variant, and a 640x360 crop, the size of our video benchmarks) and
# DIR/face-model/ (the three networks' weights). DIR defaults to .gpu-carry in the repository
# root; keep it out of git (.git/info/exclude) and hand it to the device tool as `carry`.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$here/.gpu-carry}
pkg=$here/resources/npm/node_modules/@vladmandic/face-api
[ -d "$pkg/model" ] || { echo "error: $pkg missing; run packaging/setup-deps.sh" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out/photos" "$out/face-model"
for f in tiny_face_detector_model face_landmark_68_tiny_model face_expression_model; do
  cp "$pkg/model/$f-weights_manifest.json" "$pkg/model/$f.bin" "$out/face-model/"
done
ff() { ffmpeg -v error -y "$@"; }
for jpg in "$pkg"/demo/sample*.jpg; do
  ff -i "$jpg" "$out/photos/$(basename "$jpg" .jpg).ppm"
done
ff -i "$pkg/demo/sample2.jpg" -vf hflip "$out/photos/sample2-mirror.ppm"
ff -i "$pkg/demo/sample3.jpg" -vf "scale=iw/2:ih/2:flags=area" "$out/photos/sample3-half.ppm"
ff -i "$pkg/demo/sample2.jpg" -vf "scale=640:-2,crop=640:360" "$out/photos/frame640x360.ppm"
du -sh "$out"
