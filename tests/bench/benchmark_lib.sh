# shellcheck shell=bash disable=SC2034  # sourced; the scripts that source it use its variables
# Shared by model_benchmark.sh and split_benchmark.sh (sourced, not run): the methods they
# compare, how they train them, and the awk functions for a 95% confidence interval of a mean.

# One row per method: the name it is reported under, then its `stf2m train` arguments; the last
# is the pooled-statistics floor (issue 25), which learns nothing, so every comparison shows it
# ("--first-order" is turned into a config with first_order set by train_one).
benchmark_methods=(
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
  "pooled|--method pooled"
)

# train_one "NAME|SEED|CONFIG|ARGS": trains OUT/NAME.stf2m on OUT/data with `stf2m train ARGS
# --config CONFIG --seed SEED` on one LibTorch thread (summary in OUT/NAME.train.json, progress in
# OUT/NAME.train.log); a model file already there is kept. "--first-order" in ARGS becomes a copy
# of CONFIG with first_order set, OUT/NAME.config.json. Reads $stf2m and $out.
train_one() {
  local name seed cfg args
  IFS='|' read -r name seed cfg args <<< "$1"
  [ -f "$out/$name.stf2m" ] && { echo "kept $name"; return; }
  if [[ $args == *--first-order* ]]; then
    args=${args/ --first-order/}
    sed 's/"first_order": false/"first_order": true/' "$cfg" > "$out/$name.config.json"
    cfg=$out/$name.config.json
  fi
  # shellcheck disable=SC2086  # ARGS are words
  STF2M_THREADS=1 "$stf2m" train --data "$out/data" $args --config "$cfg" --seed "$seed" --out "$out/$name.stf2m" \
    > "$out/$name.train.json" 2> "$out/$name.train.log"
  echo "trained $name: $(grep -o '"seconds": [0-9.]*' "$out/$name.train.json" | head -1)"
}

# train_all PARALLEL JOB...: train_one for every job, PARALLEL at a time.
train_all() {
  local parallel=$1
  shift
  export -f train_one
  export stf2m out
  printf '%s\n' "$@" | xargs -P "$parallel" -I{} bash -c 'train_one "$@"' _ {}
}

# ci(n, sum, sum of squares): the half-width of the 95% confidence interval of the mean of n
# values, Student's t with n - 1 degrees of freedom times their standard deviation over sqrt(n);
# "n/a" for one value.
awk_interval_functions='
  function t975(df) {
    split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228", t, " ")
    return df <= 10 ? t[df] : (df <= 30 ? 2.10 : 1.96)
  }
  function ci(n, s, ss,   m, v) {
    if (n < 2) return "n/a"
    m = s / n; v = (ss - n * m * m) / (n - 1); if (v < 0) v = 0
    return sprintf("%.2f", t975(n - 1) * sqrt(v / n))
  }
'
