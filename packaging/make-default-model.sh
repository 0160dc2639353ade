#!/usr/bin/env bash
# Produces the shipped default meta-model from its committed configuration, in one command:
#   packaging/make-default-model.sh [BUILD_DIR]
# It generates the default synthetic benchmark (seed 1) in a temporary folder and meta-trains
# ST-F2M on it with resources/models/default.json, writing resources/models/default.stf2m and its
# card (default.stf2m.card.json). Same seed and thread count, same weights.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
stf2m=$build/app/cli/stf2m
[ -x "$stf2m" ] || { echo "error: $stf2m not found; build first (packaging/build.sh)" >&2; exit 2; }
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$stf2m" synth --out "$data/synth" --seed 1 > /dev/null
"$stf2m" train --data "$data/synth" --config "$here/resources/models/default.json" \
  --out "$here/resources/models/default.stf2m"
rm -f "$here/resources/models/default.stf2m.checkpoint"
