#!/usr/bin/env bash
# Every test: installs what is missing, builds the full project and runs the whole CTest suite
# (core, cli, ui, app smoke), then builds core + CLI + core tests with the GUI off (proving core
# needs no Qt GUI) under AddressSanitizer and UndefinedBehaviorSanitizer and runs the media tests
# there. Idempotent; exits non-zero when anything fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup-deps.sh"
jobs=$(nproc)

echo "== full build (GUI on)"
bash "$root/packaging/build.sh" "$root/build" -DSTF2M_BUILD_GUI=ON -DSTF2M_BUILD_TESTS=ON
echo "== full test suite"
ctest --test-dir "$root/build" --output-on-failure --no-tests=error -j "$jobs"

echo "== core-only build (GUI off) with ASan + UBSan"
bash "$root/packaging/build.sh" "$root/build-sanitize" -DSTF2M_BUILD_TESTS=ON -DSTF2M_BUILD_GUI=OFF -DSTF2M_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
echo "== core tests under sanitizers"
ctest --test-dir "$root/build-sanitize" --output-on-failure --no-tests=error -L core -j "$jobs"
