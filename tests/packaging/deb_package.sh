#!/usr/bin/env bash
# The .deb, as a user gets it: `cpack -G DEB` in the build folder, unpacked into a scratch root
# (dpkg-deb -x: nothing is installed on the machine), then checked the way the tools meant for
# each file check it -- the desktop entry (desktop-file-validate), the AppStream metainfo
# (appstreamcli validate), the MIME type (update-mime-database) -- and run from there: `stf2m info`
# finds the packaged face networks and models (not the source tree's), and `stf2m analyze` runs
# the shipped session model on a demo session (face-api's sample2 face, eSpeak NG speech).
# Usage: deb_package.sh BUILD_DIR WORK_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) work=$2 src=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work" && work=$(cd "$work" && pwd)
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/*.deb)
echo "package: $(basename "$deb"), $(du -h "$deb" | cut -f1)"
dpkg-deb --info "$deb" >"$work/info.txt"
grep -q "^ Package: stf2m-studio" "$work/info.txt" || fail "package name"
grep -q "^ Depends:.*libqt6widgets6" "$work/info.txt" || fail "no Qt dependency found by dpkg-shlibdeps: $(grep Depends "$work/info.txt")"
grep -q "^ Depends:.*libtorch" "$work/info.txt" || fail "no LibTorch dependency: $(grep Depends "$work/info.txt")"
root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/stf2m usr/bin/stf2m-studio usr/share/stf2m/models/session.stf2m usr/share/stf2m/models/session-meta.stf2m \
         usr/share/stf2m/models/default.stf2m usr/share/stf2m/face-api-model/tiny_face_detector_model.bin \
         usr/share/doc/stf2m-studio/face-api.LICENSE usr/share/icons/hicolor/scalable/apps/org.stf2m.studio.svg; do
  [ -s "$root/$f" ] || fail "missing $f"
done
desktop-file-validate "$root/usr/share/applications/org.stf2m.studio.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.stf2m.studio.metainfo.xml"
cp -r "$root/usr/share/mime" "$work/mime"
update-mime-database "$work/mime" 2>"$work/mime.log" || { cat "$work/mime.log"; fail "update-mime-database"; }
grep -q "application/x-stf2m-project" "$work/mime/types" || fail "the MIME type is not registered"

# Run from the scratch root, with nothing pointing at the source tree.
unset STF2M_FACE_MODELS STF2M_SESSION_MODEL
export HOME=$work/home XDG_CACHE_HOME=$work/cache
mkdir -p "$HOME"
"$root/usr/bin/stf2m" info >"$work/info.json"
python3 - "$work/info.json" "$root" <<'PY'
import json, sys
info, root = json.load(open(sys.argv[1])), sys.argv[2]
for key in ("face_networks", "session", "session_meta"):
    where = info["models"][key]
    assert where and where.startswith(root), f"{key} found at {where}, not in the package"
print("stf2m info: the packaged networks and models are used")
PY
photo=$src/resources/npm/node_modules/@vladmandic/face-api/demo/sample2.jpg
ffmpeg -nostdin -v error -y -i "$photo" -vf "crop=640:360:1140:100" "$work/face.png"
espeak-ng -w "$work/speech.wav" "Hello, this is the installed package speaking."
ffmpeg -nostdin -v error -y -loop 1 -i "$work/face.png" -i "$work/speech.wav" -t 6 -r 25 -c:v libx264 -preset veryfast \
  -pix_fmt yuv420p -af apad -c:a aac "$work/demo.mp4"
"$root/usr/bin/stf2m" analyze "$work/demo.mp4" --json --quiet >"$work/analysis.json"
python3 - "$work/analysis.json" "$root/usr/share/stf2m/models/session.stf2m" <<'PY'
import hashlib, json, sys
a = json.load(open(sys.argv[1]))
sha = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert a["model"]["sha256"] == sha, "analysed with another model than the packaged one"
faces = sum(1 for w in a["windows"] for v in (w["views"] or []) if v["modality"] == "face")
assert len(a["windows"]) >= 4 and faces >= 4, f"{len(a['windows'])} windows, {faces} face views"
print(f"stf2m analyze: {len(a['windows'])} windows, {faces} face views, model {sha[:12]}")
PY
echo "deb package: OK"
