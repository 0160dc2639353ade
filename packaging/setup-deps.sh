#!/usr/bin/env bash
# Installs, from Debian 12 packages only, whatever the build and the tests need and is missing.
# Idempotent: packages already present are not touched, and apt is not called when nothing is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # the fuzz harnesses (tests/fuzz, docs/fuzzing.md): clang with libFuzzer and the sanitizers
  clang-14 libclang-rt-14-dev
  # media
  ffmpeg libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  # store
  libsqlite3-dev sqlite3 libxml2-dev
  # team projects (docs/team.md): libpq, and a PostgreSQL server the tests start and stop themselves
  libpq-dev postgresql
  # well-kept libraries: JSON, command-line parsing, SHA-256 (libcrypto)
  nlohmann-json3-dev libcli11-dev libssl-dev
  # learning: LibTorch links the generic libblas.so.3; OpenBLAS makes it 15-25x faster here
  libtorch-dev libopenblas0-openmp
  # data-parallel training: the headers of Gloo, which LibTorch's c10d includes (docs/distributed.md)
  libgloo-dev
  # GUI
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6 libqt6svg6
  libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  # the player's sound (QAudioSink); the tests play it into a PulseAudio null sink
  qt6-multimedia-dev pulseaudio
  # SVG export of the plots (QSvgGenerator)
  qt6-svg-dev
  # a font with Chinese glyphs, so the zh_CN interface renders (screenshots included)
  fonts-wqy-microhei
  # voice references for the perception tests: Praat (pitch) and eSpeak NG (speech)
  praat espeak-ng
  # headless GUI runs and screenshots
  xvfb xauth
  # the .deb (cpack, dpkg-shlibdeps) and the checks of its desktop entry, metainfo and MIME type
  dpkg-dev desktop-file-utils appstream shared-mime-info
)
# Node.js and npm install the pinned pretrained face networks (resources/npm); a machine that
# already has them (any source) keeps its own.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

# The pinned npm packages (face-api weights and its Node reference), installed exactly from the
# committed lock file; skipped when node_modules already matches the lock.
npm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/resources/npm"
stamp="$npm_dir/node_modules/.stf2m-lock.sha256"
lock_sum=$(sha256sum "$npm_dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ]; then
  echo "setup: npm packages present"
else
  echo "setup: installing the pinned npm packages (resources/npm)"
  (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
fi
