#!/usr/bin/env bash
# Fails when a translation of the Studio is not complete: lupdate, run over the current sources
# into a copy of each .ts file, must find no new (unfinished) string and no string that the
# sources no longer have (obsolete or vanished). The committed files are never modified.
#   check_translations.sh LUPDATE SOURCES.lst TS_DIR
set -euo pipefail
lupdate=${1:?lupdate}; sources=${2:?source list}; ts_dir=${3:?translations dir}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for lang in de zh_CN en; do
  ts="$ts_dir/stf2m_studio_$lang.ts"
  [ -f "$ts" ] || { echo "missing: $ts"; status=1; continue; }
  cp "$ts" "$work/"
  extra=()
  [ "$lang" = en ] && extra=(-pluralonly)   # the English file holds the plural forms only
  "$lupdate" -silent -locations none "${extra[@]}" "@$sources" -ts "$work/stf2m_studio_$lang.ts"
  unfinished=$(grep -c 'type="unfinished"' "$work/stf2m_studio_$lang.ts" || true)
  stale=$(grep -c -E 'type="(obsolete|vanished)"' "$work/stf2m_studio_$lang.ts" || true)
  total=$(grep -c '<message' "$work/stf2m_studio_$lang.ts" || true)
  echo "$lang: $total strings, $unfinished unfinished, $stale obsolete"
  if [ "$unfinished" != 0 ] || [ "$stale" != 0 ]; then
    grep -B3 -E 'type="(unfinished|obsolete|vanished)"' "$work/stf2m_studio_$lang.ts" | grep '<source>' | head -20
    status=1
  fi
done
[ $status = 0 ] || echo "refresh with: cmake --build <build> --target stf2m-studio_lupdate stf2m-studio-plurals_lupdate, then translate"
exit $status
