#!/usr/bin/env bash
# The learning-engine comparison of issue 4 §8 over several class and subject splits, compared in
# pairs. model_benchmark.sh varies the training seed on one split, whose test part is always the
# same 5 classes and 3 subjects; on the default synthetic benchmark how well a method transfers
# to those few classes moves its accuracy by more than the gaps between methods. Here every
# method is trained on each split (`split.seed`; once, with training seed 1, unless SEEDS says
# otherwise) and evaluated on that split's test part, so two methods are compared split by split
# on the same classes, subjects and episodes, and the paired differences cancel how hard each
# split's test part is.
#   tests/bench/split_benchmark.sh STF2M_BINARY OUT_DIR [EPISODES] [PARALLEL] [SPLITS] [METHODS] [SEEDS] [UNIT]
# SPLITS (default "0 2 3 4 5 6 7 8") are split seeds; 0 is the default split of
# resources/models/default.json. METHODS (default: all ten rows of model_benchmark.sh) picks rows
# by name, for example "stf2m protonet finetune". Each training runs on one LibTorch thread;
# PARALLEL (default 2) trainings run at once. SEEDS (default "1") are training seeds: with several,
# each method is trained once per seed on each split (METHOD-splitN.stf2m for seed 1,
# METHOD-splitN-seedS.stf2m for the others) and its accuracy on a split is the mean of its
# trainings there, which averages out part of what one training's luck (its checkpoint choice
# above all) adds to a paired difference. A model file already in OUT_DIR is not trained again.
# UNIT (default "views") is what shots count: "views" compares view accuracy on episodes of single
# views; "clips" compares clip accuracy (the fused answer per query clip) on episodes of whole
# clips with all their views, 3 query clips per class at most (`eval --whole-clips`), the way a
# subject's support set is used; its files end in -clips. 5-shot whole-clip episodes need 6 clips
# in each of 5 test classes: of split seeds 0 to 11 on the default benchmark, 0, 2, 3 and 6 to 10
# have them (4, 5 and 11 stop with an error naming the part).
# Writes OUT_DIR/results-split<N>.md per split and OUT_DIR/paired.md: per method the mean over
# splits with its 95% confidence interval (Student's t), and per method the paired difference
# "stf2m minus it" with its interval and the number of splits where stf2m is ahead.
set -euo pipefail
stf2m=$(realpath "$1")
out=$2
episodes=${3:-600}
parallel=${4:-2}
splits=${5:-0 2 3 4 5 6 7 8}
wanted=${6:-}
seeds=${7:-1}
unit=${8:-views}
case $unit in
  views) eval_args=(); suffix=""; c1=4; c5=5; what="view accuracy" ;;
  clips) eval_args=(--whole-clips --queries 3); suffix="-clips"; c1=8; c5=9; what="clip accuracy on whole-clip episodes" ;;
  *) echo "error: UNIT is views or clips, not '$unit'" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/bench/benchmark_lib.sh
source "$here/tests/bench/benchmark_lib.sh"
config=$here/resources/models/default.json
mkdir -p "$out"
[ -f "$out/data/clips.csv" ] || "$stf2m" synth --out "$out/data" --seed 1 > /dev/null
all=("${benchmark_methods[@]}")
methods=()
for m in "${all[@]}"; do
  if [ -z "$wanted" ] || [[ " $wanted " == *" ${m%%|*} "* ]]; then methods+=("$m"); fi
done
[ ${#methods[@]} -gt 0 ] || { echo "error: no method of '$wanted' is known" >&2; exit 2; }
# One config per split: the default config with split.seed set.
for sp in $splits; do
  sed "0,/{/s//{\n  \"split\": {\"seed\": $sp},/" "$config" > "$out/config-split$sp.json"
done
# model_name METHOD SPLIT SEED: the model's name in OUT_DIR, without .stf2m.
model_name() { if [ "$3" = 1 ]; then echo "$1-split$2"; else echo "$1-split$2-seed$3"; fi; }
jobs=()
for seed in $seeds; do
  for sp in $splits; do
    for m in "${methods[@]}"; do jobs+=("$(model_name "${m%%|*}" "$sp" "$seed")|$seed|$out/config-split$sp.json|${m#*|}"); done
  done
done
train_all "$parallel" "${jobs[@]}"
# Each model is evaluated on its own split's test part; models of one split share the episodes.
for sp in $splits; do
  models=()
  for seed in $seeds; do
    for m in "${methods[@]}"; do models+=("$out/$(model_name "${m%%|*}" "$sp" "$seed").stf2m"); done
  done
  STF2M_THREADS=2 "$stf2m" eval --data "$out/data" --all "${models[@]}" --episodes "$episodes" --shots 1,5 \
    "${eval_args[@]}" > "$out/results-split$sp$suffix.md"
done
# Rows are keyed by the model file name (METHOD-splitN[-seedS].stf2m), since eval names every
# stf2m ablation by its method and ablations too; a method's trainings on one split are averaged.
for sp in $splits; do sed -n '3,$p' "$out/results-split$sp$suffix.md"; done |
  awk -F'|' -v first="${methods[0]%%|*}" -v c1="$c1" -v c5="$c5" -v what="$what" "$awk_interval_functions"'
  {
    file = $3; gsub(/ /, "", file); sub(/\.stf2m$/, "", file); sub(/-seed[0-9]+$/, "", file)
    sp = file; sub(/.*-split/, "", sp); m = file; sub(/-split[0-9]+$/, "", m)
    split($c1, a, " "); split($c5, b, " ")
    if (!(m in seen)) { seen[m] = 1; order[++k] = m }
    if (!(sp in seenSplit)) { seenSplit[sp] = 1; splits[++ns] = sp }
    sum1[m, sp] += a[1]; sum5[m, sp] += b[1]; count[m, sp]++
    if (count[m, sp] > most) most = count[m, sp]
  }
  END {
    for (key in count) { acc1[key] = sum1[key] / count[key]; acc5[key] = sum5[key] / count[key] }
    print "Mean " what " over " ns " splits (" (most > 1 ? "the mean of " most " trainings" : "one training") " each), 5-way, in %."
    print ""
    print "| Method | 1-shot mean | 95% CI over splits | 5-shot mean | 95% CI over splits |"
    print "|---|---:|---:|---:|---:|"
    for (i = 1; i <= k; i++) { m = order[i]; n = s1 = q1 = s5 = q5 = 0
      for (j = 1; j <= ns; j++) if ((m, splits[j]) in acc1) {
        n++; s1 += acc1[m, splits[j]]; q1 += acc1[m, splits[j]] ^ 2; s5 += acc5[m, splits[j]]; q5 += acc5[m, splits[j]] ^ 2 }
      printf "| %s | %.2f | ± %s | %.2f | ± %s |\n", m, s1 / n, ci(n, s1, q1), s5 / n, ci(n, s5, q5) }
    print ""
    print "Paired differences, " first " minus each method, split by split (points; ahead = splits where " first " is higher)."
    print ""
    print "| Method | 1-shot difference | 95% CI | ahead | 5-shot difference | 95% CI | ahead |"
    print "|---|---:|---:|---:|---:|---:|---:|"
    for (i = 2; i <= k; i++) { m = order[i]; n = s1 = q1 = s5 = q5 = w1 = w5 = 0
      for (j = 1; j <= ns; j++) if (((m, splits[j]) in acc1) && ((first, splits[j]) in acc1)) {
        d1 = acc1[first, splits[j]] - acc1[m, splits[j]]; d5 = acc5[first, splits[j]] - acc5[m, splits[j]]
        n++; s1 += d1; q1 += d1 * d1; s5 += d5; q5 += d5 * d5; w1 += d1 > 0; w5 += d5 > 0 }
      printf "| %s | %+.2f | ± %s | %d/%d | %+.2f | ± %s | %d/%d |\n", m, s1 / n, ci(n, s1, q1), w1, n, s5 / n, ci(n, s5, q5), w5, n }
  }' | tee "$out/paired$suffix.md"
