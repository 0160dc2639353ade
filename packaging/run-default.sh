#!/usr/bin/env bash
# The main job on a bundled default: installs what is missing, builds, generates a sample
# recording (test pattern + tone) and a demo session (a real face from face-api's demo photos,
# panning, with eSpeak NG speech), runs the stf2m CLI on them, builds a demo project around the
# session and analyses it with the shipped session model.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup-deps.sh"
bash "$root/packaging/build.sh" "$root/build"
stf2m="$root/build/app/cli/stf2m"
sample_dir="$root/build/sample"
mkdir -p "$sample_dir"
sample="$sample_dir/sample_session.mp4"
if [ ! -s "$sample" ]; then
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=640x360:rate=25" -f lavfi -i "sine=frequency=330:sample_rate=48000" \
    -t 10 -c:v libx264 -preset veryfast -g 50 -bf 2 -pix_fmt yuv420p -c:a aac -ac 2 "$sample.part.mp4"
  mv "$sample.part.mp4" "$sample"
fi
echo "== stf2m info"
"$stf2m" info
echo "== stf2m probe $sample"
"$stf2m" probe "$sample"
echo "== stf2m media-hash $sample --at 0,2.5,5,9.96 (frame shown at each time: index,pts_seconds,md5)"
"$stf2m" media-hash "$sample" --at 0,2.5,5,9.96
echo "== stf2m bench decode $sample"
"$stf2m" bench decode "$sample" --repeat 3 --seeks 100
echo "== a project around the sample: stf2m project init / add-session / sessions"
project="$sample_dir/sample_project.stf2m"
rm -f "$project" "$project-wal" "$project-shm"   # a fresh demo project on every run
"$stf2m" project init "$project" --name "Sample project" --actor demo
"$stf2m" project add-session "$project" --subject S01 --name "sample session" --media "$sample" --actor demo
"$stf2m" project sessions "$project" --actor demo

echo "== session analysis: a demo session (face-api's sample2 face panning, eSpeak NG speech, 30 s)"
session=$(bash "$root/tests/bench/make_session_media.sh" "$sample_dir" 30)
demo="$sample_dir/demo_project.stf2m"
rm -rf "$demo" "$demo-wal" "$demo-shm" "$demo.features"   # a fresh demo project on every run
"$stf2m" project init "$demo" --name "Demo sessions" --actor demo
"$stf2m" project add-session "$demo" --subject P01 --name "demo session" --media "$session" --actor demo
echo "== stf2m analyze --project (features cached in $demo.features, predictions stored)"
"$stf2m" analyze --project "$demo" --session 1 --actor demo
"$stf2m" project export "$demo" --session 1 --model 2 --format predictions --out "$sample_dir/demo_predictions.csv" --actor demo
echo "== the fused emotion curve, most probable emotion per window (stf2m analyze reads the cached features)"
"$stf2m" analyze "$session" --cache "$demo.features" --quiet |
  awk -F, '$4 == "fused" && ($7 > best[$1] || !($1 in best)) { best[$1] = $7; top[$1] = $6; span[$1] = $2 "-" $3 " s" }
           END { for (w in top) printf "%d\t%s\t%s\t%.2f\n", w, span[w], top[w], best[w] }' |
  sort -n | awk -F'\t' 'BEGIN { print "window\ttime\tfused emotion\tp" } { print $1 "\t" $2 "\t" $3 "\t" $4 }'
cat <<EOF
== done
The shipped session model was meta-trained on a simulated corpus (docs/session-model.md): its
answers show the pipeline at work, not a clinical reading. Adapt it to a subject with a few
labelled clips, or analyse with a model meta-trained on your own corpus (stf2m analyze --model).
  per-window JSON:    $stf2m analyze "$session" --json
  stored predictions: $sample_dir/demo_predictions.csv
  the recording in the Studio: $root/build/app/studio/stf2m-studio "$session"
EOF
