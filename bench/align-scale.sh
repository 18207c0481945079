#!/usr/bin/env bash
# Scale of the aligner: synthetic fr-ru pairs from the UN dev set (1k, 10k,
# 100k sentences per side, 5% of the target sentences deleted, seeded),
# aligned length-only; prints wall time, peak RSS, strict/lax F1 against the
# known gold, and time(100k)/time(10k): first the whole command (reading,
# decoding, NFC and splitting the documents included), then the aligner
# alone on the sentence lengths (bench/align-lengths.c).  Figures, not
# pass/fail; the machine is shared, so timings are noisy.
#
# usage: bench/align-scale.sh [BUILD_DIR] [SIZES...]
#        ALIGN_OPTS="--lexical" bench/align-scale.sh ...  (options for the
#        whole command; the aligner-alone rows stay length-only)
set -euo pipefail
build=${1:-build}
shift || true
sizes=${*:-1000 10000 100000}
top=$(cd "$(dirname "$0")/.." && pwd)
un=$top/../shared/eval/un-devset/UNv1.0.devset
pa=$build/src/polyalign
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

row() {
    printf '%-22s %-8s %-8s %8s %8s %9s %9s %9s\n' "$@"
}
row "" size target "wall (s)" "CPU (s)" "RSS (MB)" "strict F1" "lax F1"
declare -A secs
f1() {
    "$pa" eval --gold "$1" --system "$2" |
        awk '/^strict/ {s=$7} /^lax/ {l=$7} END {print s, l}'
}
for n in $sizes; do
    python3 "$top/bench/align-synth.py" "$un" fr ru "$n" 0.05 42 "$work/s$n"
done
for n in $sizes; do
    m=$(wc -l < "$work/s$n.ru")
    /usr/bin/time -f '%e %U %S %M' -o "$work/time$n" \
        "$pa" align --presplit --src-lang fr --tgt-lang ru ${ALIGN_OPTS:-} \
        "$work/s$n.fr" "$work/s$n.ru" -o "$work/s$n.out"
    read -r t u s rss < "$work/time$n"
    cpu=$(printf "%.2f" "$(echo "$u + $s" | bc -l)")
    secs[cmd$n]=$cpu
    row "polyalign align" "$n" "$m" "$t" "$cpu" \
        "$(printf '%.1f' "$(echo "$rss / 1024" | bc -l)")" \
        $(f1 "$work/s$n.gold" "$work/s$n.out")
done
for n in $sizes; do
    m=$(wc -l < "$work/s$n.ru")
    /usr/bin/time -f '%U %S %M' -o "$work/rss$n" \
        "$build/bench/align-lengths" "$work/s$n.fr.len" "$work/s$n.ru.len" \
        "$work/l$n.out" fr ru 2> "$work/ltime$n"
    t=$(tail -1 "$work/ltime$n")
    read -r u s rss < "$work/rss$n"
    cpu=$(printf "%.2f" "$(echo "$u + $s" | bc -l)")
    secs[len$n]=$cpu
    row "aligner (lengths)" "$n" "$m" "$t" "$cpu" \
        "$(printf '%.1f' "$(echo "$rss / 1024" | bc -l)")" \
        $(f1 "$work/s$n.gold" "$work/l$n.out")
done
for k in cmd len; do
    if [ -n "${secs[${k}10000]:-}" ] && [ -n "${secs[${k}100000]:-}" ]; then
        printf '%s: CPU time(100k)/time(10k) = %.1f\n' \
            "$([ $k = cmd ] && echo 'polyalign align' || echo 'aligner alone')" \
            "$(echo "${secs[${k}100000]} / ${secs[${k}10000]}" | bc -l)"
    fi
done
