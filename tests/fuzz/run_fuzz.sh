#!/usr/bin/env bash
# Runs libFuzzer harnesses of a fuzz build (STF2M_FUZZ=ON, docs/fuzzing.md) for a while each,
# as many at once as there are cores, starting from the committed seed corpus, the reproducers
# of fixed findings and the dictionary:
#   tests/fuzz/run_fuzz.sh FUZZ_BUILD_DIR SECONDS WORK_DIR [HARNESS...]
# A harness's new inputs collect in WORK_DIR/NAME/corpus (kept between runs, so campaigns add
# up), its findings in WORK_DIR/NAME/artifacts. Limits: 1 s per input, 256 MB per allocation and
# for the whole process (ASan's quarantine of freed memory is held to 32 MB so that the process
# limit measures the input, not the sanitizer: with ASan's default 256 MB quarantine the process
# passes 256 MB on the empty input after a hundred inputs). Prints one line per harness
# (executions, coverage, features, findings, and the CPU minutes and executions of every run into
# this WORK_DIR so far, from WORK_DIR/NAME/runs.tsv) and exits 1 when anything was found.
set -euo pipefail
build=${1:?fuzz build dir}; seconds=${2:?seconds}; work=${3:?work dir}; shift 3
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(eaf textgrid segments_csv npy dataset project media tfjs model_file)
for h in "${harnesses[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$h" ] || { echo "error: $build/tests/fuzz/fuzz_$h not built (STF2M_FUZZ=ON)" >&2; exit 2; }
  mkdir -p "$work/$h/corpus" "$work/$h/artifacts"
done
run_one() {
  local h=$1
  local dict=() seeds=("$src/corpus/$h")  # after h is set: `local` expands all its words first
  [ -f "$src/$h.dict" ] && dict=(-dict="$src/$h.dict")
  # The reproducers of fixed findings run first too: clang's UBSan catches more than GCC's
  # (float-to-integer overflow), so the replay in the GCC sanitizer build is not enough alone.
  [ -d "$src/regressions/$h" ] && seeds+=("$src/regressions/$h")
  # The CPU seconds (user + system) the run took: campaigns are measured in CPU time, which is
  # not wall time when the machine has other work.
  local TIMEFORMAT='%U %S'
  { time "$build/tests/fuzz/fuzz_$h" "$work/$h/corpus" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" \
      -timeout=1 -rss_limit_mb=256 -malloc_limit_mb=256 -print_final_stats=1 \
      -artifact_prefix="$work/$h/artifacts/" > "$work/$h/log" 2>&1 || true; } 2> "$work/$h/time"
  # One line per run in WORK/NAME/runs.tsv: when, CPU seconds, executions, cov, ft.
  local cpu execs last
  cpu=$(awk '{ print $1 + $2 }' "$work/$h/time")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h/log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$work/$h/log" | tail -1 || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$cpu" "${execs:-0}" \
    "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")" "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")" \
    >> "$work/$h/runs.tsv"
}
export -f run_one
export build src work seconds
export ASAN_OPTIONS=quarantine_size_mb=32:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
printf '%s\n' "${harnesses[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run_one {}'
found=0
for h in "${harnesses[@]}"; do
  log="$work/$h/log"
  read -r execs cov ft < <(tail -1 "$work/$h/runs.tsv" | cut -f3-5)
  read -r runs cpu total < <(awk -F'\t' '{ n++; c += $2; e += $3 } END { printf "%d %.1f %d\n", n, c / 60, e }' "$work/$h/runs.tsv")
  n=$(find "$work/$h/artifacts" -type f | wc -l)
  printf '%-14s %10s executions  cov %6s  ft %7s  corpus %5s  findings %s  (%s runs into %s: %s min CPU, %s executions)\n' \
    "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$(find "$work/$h/corpus" -type f | wc -l)" "$n" "$runs" "$work" "$cpu" "$total"
  if [ "$n" -gt 0 ]; then
    found=1
    find "$work/$h/artifacts" -type f | sed 's/^/  /'
    grep -m3 -E 'ERROR|contract broken|runtime error' "$log" | sed 's/^/  /' || true
  fi
done
exit $found
