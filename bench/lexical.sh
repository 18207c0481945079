#!/bin/sh
# Text+Berg de-fr (Sennrich & Volk 2010 gold alignments): strict and lax
# P/R/F1, length-only against lexical evidence, dev and test sets, with the
# time each takes.  Prints figures; never pass/fail.  Timings are noisy on
# a shared machine.
# Usage (from the repo root): bench/lexical.sh [BUILDDIR] [TEXTBERG_DIR]
set -eu
build=${1:-build}
tb=${2:-../shared/eval/textberg}
exe="$build/src/polyalign"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -x "$exe" ] || { echo "no $exe: build first" >&2; exit 1; }
[ -d "$tb" ] || { echo "no Text+Berg folder $tb" >&2; exit 1; }

run() { # set mode
    set_=$1; mode=$2
    if [ "$set_" = dev ]; then docs=dev; else
        docs=$(cd "$tb" && ls test*.defr | sed 's/\.defr$//'); fi
    rm -rf "$tmp/sys" "$tmp/gold"; mkdir -p "$tmp/sys" "$tmp/gold"
    t0=$(date +%s.%N)
    for d in $docs; do
        if [ "$mode" = lexical ]; then extra=--lexical; else extra=; fi
        "$exe" align --presplit --src-lang de --tgt-lang fr $extra \
            -o "$tmp/sys/$d" "$tb/$d.de" "$tb/$d.fr" 2>/dev/null
        cp "$tb/$d.defr" "$tmp/gold/$d"
    done
    t1=$(date +%s.%N)
    "$exe" eval "$tmp/gold" "$tmp/sys" | awk -v s="$set_" -v m="$mode" \
        -v t="$(echo "$t1 - $t0" | bc)" '
        /^strict|^lax/ { printf "%-5s %-8s %-6s %s %s %s %s %s %s %6.2fs\n",
                         s, m, $1, $2, $3, $4, $5, $6, $7, t }'
}

echo "# set  evidence  score   P        R        F1     time"
for s in dev test; do
    for m in length lexical; do run $s $m; done
done
