#!/bin/bash
# Client test: libxml2's xmllint (Debian libxml2-utils) accepts, against the
# TMX 1.4 DTD, every TMX that each polyalign command writes (the Check suite
# runs xmllint on the files it writes itself).  A missing xmllint fails.
#
# Usage: xmllint.sh POLYALIGN SRCDIR
set -u
exe=$1
src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v xmllint >/dev/null ||
    fail "xmllint missing: apt-get install libxml2-utils"
dtd=$src/dictionaries/tmx/tmx14.dtd
d=$src/tests/data/tmx
T=$(mktemp -d -t polyalign-xmllint.XXXXXX)
trap 'rm -rf "$T"' EXIT

run() { "$exe" "$@" 2>>"$T/log" || fail "polyalign $* (exit $?)"; }
run tmx convert --from tsv -o "$T/tsv.tmx" "$d/kremlin-fr-ru-ar.tsv"
run tmx convert --from tsv --lang-code fr=fr-FR --lang-code ru=ru-RU \
    --note 'a <note> & more' --creationid me -o "$T/codes.tmx" \
    "$d/kremlin-fr-ru-ar.tsv"
run tmx convert --from tsv --srclang '*all*' --no-indent -o "$T/all.tmx" \
    "$d/convert.tsv"
run tmx merge -o "$T/merge.tmx" "$d/merge-a.tmx" "$d/merge-b.tmx"
run tmx merge --keep newest -o "$T/newest.tmx" "$d/merge-a.tmx" \
    "$d/merge-b.tmx" "$d/level2-3lang.tmx"
run tmx merge -o "$T/v11.tmx" "$d/v11.tmx" "$d/v13.tmx"
run tmx filter --min-confidence 0.5 -o "$T/filter.tmx" "$d/filter.tmx"
run tmx filter --lang fr,ar --max-ratio 2 -o "$T/filter2.tmx" "$d/filter.tmx"
run tmx split-pairs -d "$T" --prefix split "$d/level2-3lang.tmx"
run tmx split-pairs -d "$T" --prefix splitall --srclang '*all*' \
    "$d/level1.tmx"

n=0
for f in "$T"/*.tmx; do
    xmllint --noout --nonet --nowarning --dtdvalid "$dtd" "$f" 2>"$T/err" ||
        fail "xmllint rejects $(basename "$f"): $(head -5 "$T/err")"
    # And polyalign's own validator agrees.
    "$exe" tmx validate "$f" >"$T/val" ||
        fail "polyalign tmx validate rejects $(basename "$f"): $(cat "$T/val")"
    n=$((n + 1))
done
[ "$n" -ge 12 ] || fail "expected at least 12 TMX files, got $n"
echo "ok: xmllint --dtdvalid accepts the $n TMX files polyalign wrote"
