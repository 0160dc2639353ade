#!/usr/bin/env bash
# Adaptation speed from cached features (issue: 5 classes x 5 clips in at most 2 s on 2 CPU
# threads, perception excluded). Builds a 90 s session whose picture cycles every 3 s through the
# five people of face-api's sample6 photo, analyses it into a project (filling the feature
# cache), labels 30 segments (6 per person), makes a support set of 5 per class and runs
# `stf2m adapt --project ... --no-predict` RUNS times, then `stf2m analyze --project` with the
# adapted model (re-prediction from the cache). Reference in the same script: `stf2m adapt
# --support DIR` on the same 25 clips written by `stf2m features` (the engine alone).
# Usage: adapt_bench.sh BUILD_DIR WORK_DIR [RUNS]
set -euo pipefail
build=$(cd "$1" && pwd) work=$2 runs=${3:-5}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cli=$build/app/cli/stf2m
photo=$src/resources/npm/node_modules/@vladmandic/face-api/demo/sample6.jpg
export STF2M_THREADS=2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# The five faces of sample6 (boxes from `stf2m faces`), each centred in a 640x360 crop.
i=0
for box in "1432 314 295 287" "615 378 295 276" "1095 361 293 274" "188 517 333 288" "1267 337 290 294"; do
  read -r x y w h <<<"$box"
  cx=$(( x + w / 2 - 320 )); cy=$(( y + h / 2 - 180 ))
  (( cx < 0 )) && cx=0; (( cx > 1280 )) && cx=1280
  ffmpeg -v error -y -i "$photo" -vf "crop=640:360:$cx:$cy" "face$i.png"
  i=$((i + 1))
done
inputs=() chain="[0:v]null[v0]"
for k in 0 1 2 3 4; do inputs+=(-loop 1 -i "face$k.png"); done
for k in 1 2 3 4; do chain+=";[v$((k-1))][$k:v]overlay=0:0:enable='eq(mod(floor(t/3),5),$k)'[v$k]"; done
ffmpeg -v error -y "${inputs[@]}" -filter_complex "$chain;[v4]format=yuv420p[out]" -map "[out]" -t 90 -r 25 \
  -c:v libx264 -preset veryfast -crf 18 session.mp4
labels=(happiness sadness neutral surprise anger)
{
  echo "session_id,annotator,scheme,label,start_s,end_s,start_frame,end_frame,confidence,source"
  for b in $(seq 0 29); do
    echo "1,bench,emotion,${labels[$((b % 5))]},$((3 * b)).25,$((3 * b + 2)).75,0,0,,human"
  done
} >segments.csv
"$cli" project init P.stf2m >/dev/null
"$cli" project add-session P.stf2m --subject S1 --name s1 --media session.mp4 >/dev/null
"$cli" analyze --project P.stf2m --session 1 --quiet >/dev/null 2>&1
"$cli" project import P.stf2m segments.csv --session 1 >/dev/null
set_id=$("$cli" support create --project P.stf2m --subject S1 --segments "$(seq -s, 1 25)" 2>/dev/null)
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
: >support.txt; : >adapt.txt; : >evaluate.txt; : >wall.txt; : >engine.txt; : >engine_wall.txt; : >predict.txt
"$cli" features --project P.stf2m --out clips >/dev/null 2>&1
python3 - <<'PY'
import csv
rows = list(csv.reader(open("clips/clips.csv")))
head, body = rows[0], rows[1:]
keep = [r for r in body if int(r[0].split("_g")[1]) <= 25]
with open("clips/clips.csv", "w", newline="") as f:
    csv.writer(f).writerows([head] + keep)
PY
for r in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$cli" adapt --project P.stf2m --subject S1 --support "$set_id" --out "a$r.stf2m" --no-predict >"a$r.json" 2>/dev/null
  echo "$(date +%s.%N) - $start" | bc >>wall.txt
  python3 -c "import json; s=json.load(open('a$r.json'))['seconds']; print(s['support']); print(s['adapt'], file=open('adapt.txt','a')); print(s['evaluate'], file=open('evaluate.txt','a'))" >>support.txt
  start=$(date +%s.%N)
  "$cli" adapt --model "$src/resources/models/session-meta.stf2m" --support clips --out "e$r.stf2m" >"e$r.json" 2>/dev/null
  echo "$(date +%s.%N) - $start" | bc >>engine_wall.txt
  python3 -c "import json; print(json.load(open('e$r.json'))['milliseconds'] / 1000)" >>engine.txt
  start=$(date +%s.%N)
  "$cli" analyze --project P.stf2m --session 1 --model "a$r.stf2m" --quiet >/dev/null 2>&1
  echo "$(date +%s.%N) - $start" | bc >>predict.txt
done
acc=$(python3 -c "import json; a=json.load(open('a1.json'))['accuracy']; print(a['method'], a['clips'], a.get('adapted'), a.get('previous'))")
echo "adapt_bench: 5 classes x 5 clips, STF2M_THREADS=2, $runs runs (medians, seconds)"
echo "  stf2m adapt --project (process wall):      $(median <wall.txt)"
echo "    support clips from the cache:            $(median <support.txt)"
echo "    adapt + write + register + activate:     $(median <adapt.txt)"
echo "    evaluate before/after:                   $(median <evaluate.txt)"
echo "  reference stf2m adapt --support DIR (wall): $(median <engine_wall.txt) (adaptation itself $(median <engine.txt))"
echo "  re-predict the 90 s session from the cache: $(median <predict.txt)"
echo "  accuracy (method, clips, adapted, previous): $acc"
