#!/bin/sh
# Normalization speed (tokens/s) per sample report and language, and the
# sizes of the generated lexicons.  Prints figures; never pass/fail.
# Usage (from the repo root): bench/norm.sh [BUILDDIR] [REPEAT]
# Timings are noisy on a shared machine: repeat and compare medians.
set -eu
build=${1:-build}
repeat=${2:-500}
exe="$build/src/polyalign"
corpus=corpora/kremlin-biden-2021
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -x "$exe" ] || { echo "no $exe: build first" >&2; exit 1; }

now() { date +%s.%N; }

echo "# normalization: 'one s' is one copy of the report (start-up with"
echo "# Hunspell loading, every type stemmed); tokens/s is the steady rate"
echo "# over the extra copies of a $repeat-fold concatenation (cached types)"
printf '%-12s %-4s %8s %10s %12s %12s\n' file lang tokens types \
    "one s" "tokens/s"
for f in "$corpus"/*.txt; do
    lang=$(basename "$f" .txt); lang=${lang##*.}
    : > "$tmp/big.txt"
    i=0
    while [ $i -lt "$repeat" ]; do cat "$f" >> "$tmp/big.txt"; i=$((i+1)); done
    t0=$(now)
    "$exe" normalize --lang "$lang" "$f" > "$tmp/one.tsv"
    t1=$(now)
    "$exe" normalize --lang "$lang" "$tmp/big.txt" > "$tmp/big.tsv"
    t2=$(now)
    ntok=$(grep -vc '^#' "$tmp/big.tsv")
    n1=$(grep -vc '^#' "$tmp/one.tsv")
    ntypes=$(grep -v '^#' "$tmp/one.tsv" | cut -f2 | sort -u | wc -l)
    awk -v f="$(basename "$f")" -v l="$lang" -v n="$ntok" -v ty="$ntypes" -v n1="$n1" \
        -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
        printf "%-12s %-4s %8d %10d %12.3f %12.0f\n", f, l, n, ty, b - a,
               (n - n1) / ((c - b) - (b - a)) }'
done

echo
echo "# generated lexicons ($build/dictionaries/lexicon)"
printf '%-8s %10s %10s %8s\n' pair entries pairs fanout
for t in "$build"/dictionaries/lexicon/*.tsv; do
    [ -e "$t" ] || { echo "none: install dict-freedict-* and rebuild"; break; }
    grep -v '^#' "$t" | awk -F'\t' -v p="$(basename "$t" .tsv)" '
        { if (!($1 in s)) { s[$1] = 1; e++ } n++ }
        END { printf "%-8s %10d %10d %8.2f\n", p, e, n, e ? n / e : 0 }'
done
