#!/usr/bin/env bash
# Installs, from Debian 12 packages only, whatever the build and the tests need and is missing.
# Idempotent: packages already present are not touched, and apt is not called when nothing is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # media
  ffmpeg libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  # store
  libsqlite3-dev sqlite3 libxml2-dev
  # learning: LibTorch links the generic libblas.so.3; OpenBLAS makes it 15-25x faster here
  libtorch-dev libopenblas0-openmp
  # GUI
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6 libqt6svg6
  libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  # headless GUI runs and screenshots
  xvfb xauth
)

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
