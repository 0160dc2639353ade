#!/usr/bin/env bash
# Every test: installs what is missing, builds the full project and runs the whole CTest suite
# (core, cli, ui, app smoke), then builds core + CLI + core tests with the GUI off (proving core
# needs no Qt GUI) under AddressSanitizer and UndefinedBehaviorSanitizer and runs the core tests
# there (the fuzz regression inputs among them), then builds the libFuzzer harnesses with clang
# and runs each for 60 s from the committed corpus (docs/fuzzing.md). Idempotent; exits non-zero
# when anything fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup-deps.sh"
jobs=$(nproc)
# Each stage's heading says how long the run has taken so far (CI must stay under an hour).
stage() { echo "== $* ($((SECONDS / 60)) min $((SECONDS % 60)) s so far)"; }

stage "full build (GUI on)"
bash "$root/packaging/build.sh" "$root/build" -DSTF2M_BUILD_GUI=ON -DSTF2M_BUILD_TESTS=ON
stage "full test suite"
ctest --test-dir "$root/build" --output-on-failure --no-tests=error -j "$jobs"

stage "core-only build (GUI off) with ASan + UBSan"
bash "$root/packaging/build.sh" "$root/build-sanitize" -DSTF2M_BUILD_TESTS=ON -DSTF2M_BUILD_GUI=OFF -DSTF2M_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
stage "core tests under sanitizers"
ctest --test-dir "$root/build-sanitize" --output-on-failure --no-tests=error -L core -j "$jobs"

stage "fuzz harnesses (clang, libFuzzer, ASan + UBSan), 60 s each"
CC=clang-14 CXX=clang++-14 bash "$root/packaging/build.sh" "$root/build-fuzz" -DSTF2M_FUZZ=ON -DSTF2M_BUILD_TESTS=OFF \
  -DSTF2M_BUILD_GUI=OFF -DSTF2M_WITH_TORCH=OFF
bash "$root/tests/fuzz/run_fuzz.sh" "$root/build-fuzz" 60 "$root/build-fuzz/fuzz-work"
stage "done"
