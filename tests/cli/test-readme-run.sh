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
for f in corpora/kremlin-biden-2021/*.txt; do
    b=$(basename "$f" .txt)
    out=$tmp/kremlin-biden-2021/$b.sentences.tsv
    n=0
    [ -f "$out" ] && n=$(($(wc -l < "$out") - 1))
    [ "$n" -ge 5 ] && ok "$b: $n sentences" || not_ok "$b: $n sentences"
done
tap_done
