#!/usr/bin/env bash
# The learning-engine comparison of issue 4 §8: generates the default synthetic benchmark, trains
# ST-F2M, every baseline and every ablation from resources/models/default.json with each training
# seed, and evaluates them all on the same 5-way 1- and 5-shot episodes of the test part (novel
# classes, unseen subjects).
#   tests/bench/model_benchmark.sh STF2M_BINARY OUT_DIR [EPISODES] [PARALLEL] [SEEDS]
# Each training runs on one LibTorch thread; PARALLEL (default 2) trainings run at once. SEEDS
# (default "1 2 3") are the training seeds: one training of one method varies by several points
# with its seed on this benchmark, so methods are compared by their mean over seeds. A model file
# already in OUT_DIR is not trained again (a stopped run resumes where it was).
# Writes OUT_DIR/results.md (one row per training) and OUT_DIR/summary.md (per method: the mean,
# 95% confidence interval over its trainings, lowest and highest accuracy), and
# OUT_DIR/results-clips.md: the same models on episodes of whole clips (`eval --whole-clips`, 3
# query clips per class at most), whose clip accuracy is how a subject's support set is used.
set -euo pipefail
stf2m=$(realpath "$1")
out=$2
episodes=${3:-600}
parallel=${4:-2}
seeds=${5:-1 2 3}
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/bench/benchmark_lib.sh
source "$here/tests/bench/benchmark_lib.sh"
config=$here/resources/models/default.json
mkdir -p "$out"
[ -f "$out/data/clips.csv" ] || "$stf2m" synth --out "$out/data" --seed 1 > /dev/null
methods=("${benchmark_methods[@]}")
jobs=()
for seed in $seeds; do
  for m in "${methods[@]}"; do jobs+=("${m%%|*}-seed$seed|$seed|$config|${m#*|}"); done
done
train_all "$parallel" "${jobs[@]}"
models=()
for j in "${jobs[@]}"; do models+=("$out/${j%%|*}.stf2m"); done
STF2M_THREADS=2 "$stf2m" eval --data "$out/data" --all "${models[@]}" --episodes "$episodes" --shots 1,5 | tee "$out/results.md"
STF2M_THREADS=2 "$stf2m" eval --data "$out/data" --all "${models[@]}" --episodes "$episodes" --shots 1,5 --whole-clips \
  --queries 3 > "$out/results-clips.md"
# Per method (the table's first column): mean, lowest and highest view accuracy over the seeds.
# Per method: mean over trainings with a 95% confidence interval over trainings (Student's t with
# n - 1 degrees of freedom times the standard deviation of the training means over sqrt(n); none
# for one training), and the lowest..highest training.
awk -F'|' "$awk_interval_functions"'
  NR > 2 {
    m = $2; gsub(/ /, "", m); split($4, a, " "); split($5, b, " ")
    if (!(m in n)) { order[++k] = m; lo1[m] = hi1[m] = a[1]; lo5[m] = hi5[m] = b[1] }
    n[m]++; s1[m] += a[1]; s5[m] += b[1]; q1[m] += a[1] * a[1]; q5[m] += b[1] * b[1]
    if (a[1] < lo1[m]) lo1[m] = a[1]; if (a[1] > hi1[m]) hi1[m] = a[1]
    if (b[1] < lo5[m]) lo5[m] = b[1]; if (b[1] > hi5[m]) hi5[m] = b[1]
  }
  END {
    print "| Method | Trainings | 1-shot mean (%) | 95% CI over trainings | 1-shot lowest..highest | 5-shot mean (%) | 95% CI over trainings | 5-shot lowest..highest |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= k; i++) { m = order[i]
      printf "| %s | %d | %.2f | ± %s | %.2f..%.2f | %.2f | ± %s | %.2f..%.2f |\n", m, n[m], s1[m] / n[m], ci(n[m], s1[m], q1[m]),
        lo1[m], hi1[m], s5[m] / n[m], ci(n[m], s5[m], q5[m]), lo5[m], hi5[m] }
  }' "$out/results.md" | tee "$out/summary.md"
