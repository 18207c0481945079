#!/usr/bin/env bash
# The README's main command (./bootstrap.sh run) produces sentences for
# every bundled report.
set -u
src=$1
build=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
BUILD_DIR=$build OUT_DIR=$tmp ./bootstrap.sh run > "$tmp/log" 2>&1 &&
    ok "bootstrap.sh run succeeds" || { not_ok "bootstrap.sh run succeeds"; sed 's/^/# /' "$tmp/log"; }
for f in corpora/*/*.txt; do
    b=$(basename "$f" .txt)
    out=$tmp/$(basename "$(dirname "$f")")/$b.sentences.tsv
    n=0
    [ -f "$out" ] && n=$(($(wc -l < "$out") - 1))
    [ "$n" -ge 5 ] && ok "$b: $n sentences" || not_ok "$b: $n sentences"
done
# The parallel sample as translation memories: three languages in one,
# and the bilingual ones.
for f in corpora/ntrex-sample/*.fr.txt; do
    b=$(basename "$f" .fr.txt)
    m=$tmp/ntrex-sample/$b.tmx
    n=0
    [ -f "$m" ] && n=$(grep -c '<tu>' "$m")
    [ "$n" -ge 10 ] && grep -q 'xml:lang="ar"' "$m" &&
        grep -q 'xml:lang="ru"' "$m" && ok "$b.tmx: $n TUs in fr, ru, ar" ||
        not_ok "$b.tmx: $n TUs in fr, ru, ar"
    for t in ru ar; do
        [ -f "$tmp/ntrex-sample/$b.fr-$t.tmx" ] &&
            [ -f "$tmp/ntrex-sample/$b.fr-$t.unaligned.tsv" ] &&
            ok "$b.fr-$t.tmx" || not_ok "$b.fr-$t.tmx"
    done
done
f=$tmp/kremlin-biden-2021/shared-statements.tsv
[ -f "$f" ] && head -1 "$f" | grep -q '^score	left_file	left_index' &&
    ok "compare wrote shared-statements.tsv" ||
    not_ok "compare wrote shared-statements.tsv"
# The review pages.
for f in $tmp/kremlin-biden-2021/review.html \
    $tmp/ntrex-sample/bbc.381790.review.html; do
    [ -f "$f" ] && grep -q 'dir="rtl"' "$f" && ok "review page $(basename "$f")" ||
        not_ok "review page $(basename "$f")"
done
tap_done
