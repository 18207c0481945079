#!/usr/bin/env bash
# N-way alignment on NTREX-128 fr+ru+ar (issue 6), same protocol as
# bench/align-ntrex.sh (lines joined into running text, split by polyalign,
# mapped back to lines, scored against the line-level truth): per-pair strict
# and lax F1 of the three-language memory against the separate bilingual
# runs, the share of TUs complete in all three languages, and, for the TUs
# where the direct ru-ar alignment disagrees with the path through French,
# which one is right.  The delete10 variant drops a seeded 10% of the
# Russian lines and, independently, 10% of the Arabic ones.  Figures, not
# pass/fail.
#
# usage: [ALIGN_OPTS=--lexical] bench/multi-ntrex.sh [BUILD_DIR]
# (ALIGN_OPTS go to every polyalign align, bilingual runs included;
# VARIANTS="plain" and MODES="merged" run a subset)
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
ntrex=$top/../shared/eval/ntrex
pa=$(cd "$build" && pwd)/src/polyalign
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

score() {
    "$pa" eval "$1" "$2" | awk '/^strict/ {sf=$7} /^lax/ {lf=$7}
        END {printf "%s %s", sf, lf}'
}
# mode: keep-pairs (the default, --keep-pairs: where the pairs disagree,
# each keeps its own beads) or merged (--merge-groups: one TU per pivot
# group).
printf '%-9s %-10s %-6s %-22s %-22s\n' variant mode pair \
    "bilingual strict/lax" "memory strict/lax"
for variant in ${VARIANTS:-plain delete10}; do
    del=0
    [ "$variant" = delete10 ] && del=0.10
    for mode in ${MODES:-merged keep-pairs}; do
        opt=(--keep-pairs)
        [ "$mode" = merged ] && opt=(--merge-groups)
        out=$work/$variant-$mode
        python3 "$top/bench/multi-ntrex.py" "$pa" "$ntrex" "$del" 7 "$out" \
            "${opt[@]}" > "$work/$variant-$mode.txt" 2>/dev/null
        for pair in fr-ru fr-ar ru-ar; do
            read -r bs bl <<< "$(score "$out/gold/$pair" "$out/bi/$pair")"
            read -r ms ml <<< "$(score "$out/gold/$pair" "$out/multi/$pair")"
            printf '%-9s %-10s %-6s %-22s %-22s\n' "$variant" "$mode" \
                "$pair" "$bs / $bl" "$ms / $ml"
        done
        awk -v v="$variant" -v m="$mode" '
            /^tus/ {printf "%-9s %-10s TUs %d, complete in fr+ru+ar %d " \
                    "(%.1f%%)\n", v, m, $2, $4, $2 ? 100 * $4 / $2 : 0}
            /^inconsistent/ {printf "%-9s %-10s x-consistent=no: %d TUs; " \
                    "right: pivot path only %d, direct ru-ar only %d, " \
                    "both %d, neither %d\n", v, m, $2, $4, $6, $8, $10}' \
            "$work/$variant-$mode.txt"
    done
done
