#!/usr/bin/env bash
# The review page: time `polyalign report` (N-way align of fr, ru, ar, and
# --compare of fr with ru) on the first 200 / 2,000 lines of the UN dev set
# (one sentence a line, --presplit), with the page's size, against the
# same command writing TSV: what the page (explanations, HTML tree) adds.
# Prints figures only; timings are noisy on a shared 2-core machine.
#
#   bench/report.sh [BUILD_DIR]      (default: build; SIZES="200 2000")
set -eu
build=${1:-build}
pa=$build/src/polyalign
un=${UN_DIR:-../shared/eval/un-devset}
[ -d "$un" ] || un=/work/shared/eval/un-devset
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cpu COMMAND...: user+system seconds of COMMAND
cpu() {
    /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" >/dev/null 2>&1
    awk '{ printf "%.2f", $1 + $2 }' "$tmp/time"
}
printf '%-8s %-24s %10s %10s %10s\n' lines command "tsv CPU s" "html CPU s" \
    "page KB"
for n in ${SIZES:-200 2000}; do
    for l in fr ru ar; do
        head -n "$n" "$un/UNv1.0.devset.$l" > "$tmp/d.$l.txt"
    done
    a=$(cpu "$pa" align --presplit -f tsv -o "$tmp/a.tsv" \
        "$tmp"/d.{fr,ru,ar}.txt)
    b=$(cpu "$pa" report --presplit -o "$tmp/a.html" "$tmp"/d.{fr,ru,ar}.txt)
    printf '%-8s %-24s %10s %10s %10d\n' "$n" "align fr ru ar" "$a" "$b" \
        $(($(stat -c %s "$tmp/a.html") / 1024))
    a=$(cpu "$pa" compare --presplit -o "$tmp/c.tsv" "$tmp"/d.{fr,ru}.txt)
    b=$(cpu "$pa" report --compare --presplit -o "$tmp/c.html" \
        "$tmp"/d.{fr,ru}.txt)
    printf '%-8s %-24s %10s %10s %10d\n' "$n" "compare fr ru" "$a" "$b" \
        $(($(stat -c %s "$tmp/c.html") / 1024))
done
