#!/usr/bin/env bash
# Scale of the aligner: synthetic fr-ru pairs from the UN dev set (1k, 10k,
# 100k sentences per side, 5% of the target sentences deleted, seeded),
# aligned length-only; prints wall time, peak RSS, strict/lax F1 against the
# known gold, and time(100k)/time(10k).  Figures, not pass/fail; the machine
# is shared, so timings are noisy.
#
# usage: bench/align-scale.sh [BUILD_DIR] [SIZES...]
set -euo pipefail
build=${1:-build}
shift || true
sizes=${*:-1000 10000 100000}
top=$(cd "$(dirname "$0")/.." && pwd)
un=$top/../shared/eval/un-devset/UNv1.0.devset
pa=$build/src/polyalign
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-8s %-8s %9s %10s %9s %9s\n' size target "time (s)" "RSS (MB)" \
    "strict F1" "lax F1"
declare -A secs
for n in $sizes; do
    python3 "$top/bench/align-synth.py" "$un" fr ru "$n" 0.05 42 "$work/s$n"
    m=$(wc -l < "$work/s$n.ru")
    /usr/bin/time -f '%e %M' -o "$work/time$n" \
        "$pa" align --presplit --src-lang fr --tgt-lang ru \
        "$work/s$n.fr" "$work/s$n.ru" -o "$work/s$n.out"
    read -r t rss < "$work/time$n"
    secs[$n]=$t
    f1s=$("$pa" eval --gold "$work/s$n.gold" --system "$work/s$n.out" |
        awk '/^strict/ {s=$7} /^lax/ {l=$7} END {print s, l}')
    printf '%-8s %-8s %9s %10.1f %9s %9s\n' "$n" "$m" "$t" \
        "$(echo "$rss / 1024" | bc -l)" $f1s
done
if [ -n "${secs[10000]:-}" ] && [ -n "${secs[100000]:-}" ]; then
    printf 'time(100k)/time(10k) = %.1f\n' \
        "$(echo "${secs[100000]} / ${secs[10000]}" | bc -l)"
fi
