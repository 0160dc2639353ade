#!/usr/bin/env bash
# The learning-engine comparison of issue 4 §8: generates the default synthetic benchmark, trains
# ST-F2M, every baseline and every ablation from resources/models/default.json, and evaluates them
# all on the same 5-way 1- and 5-shot episodes of the test part (novel classes, unseen subjects).
#   tests/bench/model_benchmark.sh STF2M_BINARY OUT_DIR [EPISODES] [PARALLEL]
# Each training runs on one LibTorch thread; PARALLEL (default 2) trainings run at once.
set -euo pipefail
stf2m=$(realpath "$1")
out=$2
episodes=${3:-600}
parallel=${4:-2}
here=$(cd "$(dirname "$0")/../.." && pwd)
config=$here/resources/models/default.json
mkdir -p "$out"
[ -f "$out/data/clips.csv" ] || "$stf2m" synth --out "$out/data" --seed 1 > /dev/null
printf '{"first_order": true}\n' > "$out/first_order.json"
jobs=(
  "stf2m|--method stf2m"
  "stf2m-no-spatial|--method stf2m --ablate spatial"
  "stf2m-no-temporal|--method stf2m --ablate temporal"
  "stf2m-no-fuzzy|--method stf2m --ablate fuzzy"
  "stf2m-no-metarnn|--method stf2m --ablate metarnn"
  "protonet|--method protonet"
  "maml|--method maml"
  "maml-first-order|--method maml --first-order"
  "metalstm|--method metalstm"
  "finetune|--method finetune"
)
train_one() {
  local name=${1%%|*} args=${1#*|}
  local extra=()
  if [[ $args == *--first-order* ]]; then
    args=${args/ --first-order/}
    # first_order on top of the default config: merged by writing a full copy with the flag set
    sed 's/"first_order": false/"first_order": true/' "$config" > "$out/$name.json"
    extra=(--config "$out/$name.json")
  else
    extra=(--config "$config")
  fi
  # shellcheck disable=SC2086
  STF2M_THREADS=1 "$stf2m" train --data "$out/data" $args "${extra[@]}" --out "$out/$name.stf2m" \
    > "$out/$name.train.json" 2> "$out/$name.train.log"
  echo "trained $name: $(grep -o '"seconds": [0-9.]*' "$out/$name.train.json" | head -1)"
}
export -f train_one
export stf2m out config
printf '%s\n' "${jobs[@]}" | xargs -P "$parallel" -I{} bash -c 'train_one "$@"' _ {}
models=()
for j in "${jobs[@]}"; do models+=("$out/${j%%|*}.stf2m"); done
STF2M_THREADS=2 "$stf2m" eval --data "$out/data" --all "${models[@]}" --episodes "$episodes" --shots 1,5 | tee "$out/results.md"
