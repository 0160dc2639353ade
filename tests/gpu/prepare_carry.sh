#!/usr/bin/env bash
# Run here (the Debian machine with FFmpeg and the npm package), before tests/gpu/cuda_check.sh
# runs on a GPU machine that has neither: writes DIR/photos/*.ppm (face-api's demo photos, a
# mirrored and a half-size variant, and a 640x360 crop, the size of our video benchmarks) and
# DIR/face-model/ (the three networks' weights), and DIR/prefix/ with the headers and CMake
# packages of nlohmann-json and CLI11 and OpenSSL's headers (the GPU machine has LibTorch but none
# of these; cuda_check.sh links that machine's own libcrypto.so.3). DIR defaults to .gpu-carry in the repository
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
# Header-only libraries and OpenSSL's headers, laid out as an install prefix.
mkdir -p "$out/prefix/include" "$out/prefix/share/cmake"
cp -r /usr/include/nlohmann /usr/include/CLI /usr/include/openssl "$out/prefix/include/"
cp /usr/include/x86_64-linux-gnu/openssl/*.h "$out/prefix/include/openssl/"
cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$out/prefix/share/cmake/"
cp "$(readlink -f /usr/lib/x86_64-linux-gnu/libcrypto.so.3)" "$out/prefix/libcrypto.so.3.debian"
du -sh "$out"
