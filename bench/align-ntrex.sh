#!/usr/bin/env bash
# NTREX-128 (1997 lines of news, 123 documents) for fr-ru, fr-ar, ru-ar:
# every document's lines are joined into running text, split with
# polyalign, aligned length-only, mapped back to lines and scored against
# the line-level gold; then the harder variant with 10% of the target lines
# deleted (seeded).  Prints strict/lax F1 per pair.  Figures, not pass/fail.
#
# usage: bench/align-ntrex.sh [BUILD_DIR]
#        MODE=lexical bench/align-ntrex.sh [BUILD_DIR]  (lexical evidence)
#        MODE=two-pass bench/align-ntrex.sh [BUILD_DIR]  (lexical, two passes)
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
ntrex=$top/../shared/eval/ntrex
pa=$(cd "$build" && pwd)/src/polyalign
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "# evidence: ${MODE:-length}"
printf '%-6s %-16s %9s %9s %9s %9s\n' pair variant "strict P" "strict R" \
    "strict F1" "lax F1"
for pair in fr-ru fr-ar ru-ar; do
    for variant in plain delete10; do
        del=0
        [ "$variant" = delete10 ] && del=0.10
        out=$work/$pair-$variant
        python3 "$top/bench/align-ntrex.py" "$pa" "$ntrex" "${pair%-*}" \
            "${pair#*-}" "$del" 7 "$out"
        "$pa" eval "$out/gold" "$out/sys" | awk -v p="$pair" -v v="$variant" '
            /^strict/ {sp=$3; sr=$5; sf=$7} /^lax/ {lf=$7}
            END {printf "%-6s %-16s %9s %9s %9s %9s\n", p, v, sp, sr, sf, lf}'
    done
done
