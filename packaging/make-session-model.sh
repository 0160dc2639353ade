#!/usr/bin/env bash
# Produces the shipped session model from committed inputs, in one command:
#   packaging/make-session-model.sh [BUILD_DIR]
# 1. speech: eSpeak NG reads one text in eight voices at varied pitch, rate and amplitude;
# 2. resources/models/session-profile.json: per-column feature statistics of real perception
#    output, every face the face pipeline finds in face-api's six demo photos and every
#    voice-active row of that speech (stf2m feature-profile);
# 3. the simulated corpus of resources/models/session-corpus.json (stf2m synth --session-spec):
#    subjects s01-s16 for meta-training, and s17-s22 of the same population for the support set;
# 4. resources/models/session-meta.stf2m: ST-F2M meta-trained with resources/models/session.json;
# 5. resources/models/session.stf2m: that meta-model adapted to the default emotion scheme from
#    5 clips per class of the 6 population subjects, the model `stf2m analyze` uses by default.
# docs/session-model.md says what this model has and has not seen. Same inputs and thread
# count, same weights.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
stf2m=$build/app/cli/stf2m
models=$here/resources/models
photos=$here/resources/npm/node_modules/@vladmandic/face-api/demo
[ -x "$stf2m" ] || { echo "error: $stf2m not found; build first (packaging/build.sh)" >&2; exit 2; }
[ -f "$photos/sample1.jpg" ] || { echo "error: $photos missing; run packaging/setup-deps.sh" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
text="I have been thinking about what happened last week, and honestly it still bothers me. \
Some days are fine. Other days I cannot stop worrying about it."
i=0
for spec in "50 160 100 en" "30 130 80 en-us" "70 190 150 en" "40 110 120 de" "60 175 60 fr" \
            "20 150 100 en-gb" "80 200 90 es" "45 120 140 it"; do
  read -r pitch rate amplitude voice <<< "$spec"
  espeak-ng -v "$voice" -p "$pitch" -s "$rate" -a "$amplitude" -w "$work/speech$i.wav" "$text"
  i=$((i + 1))
done
"$stf2m" feature-profile --images "$photos"/sample{1,2,3,4,5,6}.jpg --audio "$work"/speech*.wav \
  --out "$work/profile.json" > /dev/null
# The profile names its sources by path; keep the committed copy free of this machine's folders.
sed -e "s#$photos/#face-api/demo/#g" -e "s#$work/#espeak-ng/#g" "$work/profile.json" > "$models/session-profile.json"
"$stf2m" synth --session-spec "$models/session-corpus.json" --seed 1 --out "$work/corpus" > /dev/null
"$stf2m" synth --session-spec "$models/session-corpus.json" --seed 1 --first-subject 17 --subjects 6 --clips-per-class 5 \
  --out "$work/population" > /dev/null
note="Meta-trained on a SIMULATED corpus in the real feature schemas (face schema v1, voice schema v1): \
feature statistics of face-api's demo photos and eSpeak NG speech, synthetic emotion dynamics, each emotion \
raising the face-api expression probability that names it. It has never seen a real emotional recording. \
Adapt it to a subject from a few labelled clips, or replace it with a model meta-trained on a real corpus \
(docs/session-model.md). On the corpus's three test subjects (stf2m eval --all MODEL FLOOR --whole-clips \
--queries 3 --episodes 300, 5-way) its clip accuracy is 43.0 % at 1 shot and 61.3 % at 5 shots; the \
pooled-statistics floor's is 20.6 % and 22.5 % (chance 20 %): the floor weighs all 368 columns alike, and most \
carry no emotion."
"$stf2m" train --data "$work/corpus" --config "$models/session.json" --out "$models/session-meta.stf2m" --note "$note"
rm -f "$models/session-meta.stf2m.checkpoint"
"$stf2m" adapt --model "$models/session-meta.stf2m" --support "$work/population" --out "$models/session.stf2m" \
  --note "Adapted to the default emotion scheme from 5 clips per class of 6 simulated subjects. $note"
