#!/usr/bin/env bash
# How long the Studio takes to open a project and show a 2-hour session's stored predictions.
# Builds (once, in OUT_DIR) a 2-hour session by stream-copying the 30 s demo session 240 times,
# analyses the first 30 s with `stf2m analyze --project`, and extends those predictions to the
# whole 2 hours (7,199 windows, the stored rows repeated with shifted times) through Python's
# sqlite3 (the audit triggers see the actor "bench"). Then runs
# `stf2m-studio --measure-open` RUNS times on the 2-hour project and on the 30 s demo project and
# prints each run's JSON and the medians.
#   studio_open_bench.sh BUILD_DIR OUT_DIR [RUNS]
set -euo pipefail
build=${1:?build dir}; out=${2:?out dir}; runs=${3:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
cli="$build/app/cli/stf2m"; studio="$build/app/studio/stf2m-studio"
mkdir -p "$out"
short=$(bash "$root/tests/bench/make_session_media.sh" "$out" 30)
long="$out/session_2h.mp4"
if [ ! -s "$long" ]; then
  for _ in $(seq 240); do echo "file '$short'"; done > "$out/list.txt"
  ffmpeg -nostdin -v error -y -f concat -safe 0 -i "$out/list.txt" -c copy "$long"
fi
make_project() {  # NAME MEDIA
  local p="$out/$1.stf2m"
  if [ ! -s "$p" ]; then
    "$cli" project init "$p" --name "$1" --actor bench >/dev/null
    "$cli" project add-session "$p" --subject P01 --name "$1" --media "$2" --actor bench >/dev/null
    "$cli" analyze --project "$p" --session 1 --actor bench --quiet >/dev/null 2>&1 || true
  fi
  echo "$p"
}
demo=$(make_project demo30 "$short")
long_project="$out/long2h.stf2m"
if [ ! -s "$long_project" ]; then
  cp "$demo" "$long_project"
  "$cli" project relink "$long_project" "$long" --media-id 1 --accept-different-content --actor bench >/dev/null
  python3 - "$long_project" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.create_function("stf2m_actor", 0, lambda: "bench")
rows = db.execute("SELECT model_id, window_end_s - window_start_s, view_count, class_count, memberships, fused, "
                  "terms, reliability, confidence FROM prediction WHERE session_id = 1 ORDER BY window_start_s").fetchall()
start = db.execute("SELECT max(window_start_s) FROM prediction WHERE session_id = 1").fetchone()[0]
with db:
    for i in range(int(start) + 1, 7199):
        m, length, v, c, mem, fused, terms, rel, conf = rows[i % len(rows)]
        db.execute("INSERT INTO prediction(session_id, model_id, window_start_s, window_end_s, view_count, class_count, "
                   "memberships, fused, created_at, terms, reliability, confidence) VALUES (1,?,?,?,?,?,?,?,"
                   "strftime('%Y-%m-%dT%H:%M:%fZ','now'),?,?,?)", (m, float(i), float(i) + length, v, c, mem, fused, terms, rel, conf))
print("windows:", db.execute("SELECT count(*) FROM prediction WHERE session_id = 1").fetchone()[0])
PY
fi
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$out/xdg"
for p in "$long_project" "$demo"; do
  echo "== $(basename "$p"): stf2m-studio --measure-open, $runs runs"
  for _ in $(seq "$runs"); do "$studio" --project "$p" --session 1 --measure-open 2>/dev/null; done | tee "$out/runs.json"
  python3 - "$out/runs.json" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("median: open %.1f ms, session %.1f ms, total %.1f ms (%d windows)" % (
    statistics.median(r["open_ms"] for r in runs), statistics.median(r["session_ms"] for r in runs),
    statistics.median(r["open_ms"] + r["session_ms"] for r in runs), runs[0]["windows"]))
PY
done
