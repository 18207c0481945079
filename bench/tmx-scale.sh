#!/bin/bash
# Scale test: two generated three-language memories of N TUs (default
# 1,000,000, ~0.5 GB each, 10% of TUs shared), then `tmx merge` of the two
# and `tmx filter` and `tmx validate` on one.  Prints time, peak RSS, TUs/s and MB/s; never
# pass/fail.  The machine has 2 cores shared with others: timings are noisy.
#
#   bench/tmx-scale.sh [BUILD_DIR] [N_TUS]
#   BENCH_DIR (default /tmp/polyalign-bench) holds the generated files;
#   KEEP=1 keeps them.
set -eu
build=${1:-build}
n=${2:-1000000}
exe=$build/src/polyalign
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
D=${BENCH_DIR:-/tmp/polyalign-bench}
mkdir -p "$D"
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$D"/scale-*' EXIT

for s in 1 2; do
    f=$D/scale-$s-$n.tmx
    [ -s "$f" ] || "$PY" "$here/tmx-gen.py" "$n" "$f" --seed $s \
        --shared $((n / 10))
done
a=$D/scale-1-$n.tmx
b=$D/scale-2-$n.tmx
mb() { echo "scale=1; $(stat -c %s "$1") / 1000000" | bc; }
echo "inputs: $(basename "$a") $(mb "$a") MB, $(basename "$b") $(mb "$b") MB"
printf '%-44s %9s %9s %10s %8s\n' operation seconds "peak MB" "TUs/s" "MB/s"

# measure LABEL TUS BYTES -- command...
measure() {
    local label=$1 tus=$2 bytes=$3
    shift 3
    /usr/bin/time -f '%e %M' -o "$D/time" "$@" 2>"$D/err" >/dev/null ||
        { echo "$label: failed: $(tail -3 "$D/err")"; return; }
    read -r secs kb < "$D/time"
    awk -v l="$label" -v s="$secs" -v k="$kb" -v t="$tus" -v b="$bytes" \
        'BEGIN { printf "%-44s %9.1f %9.1f %10.0f %8.1f\n", l, s, k/1024,
                 t/s, b/1e6/s }'
    grep -h 'TUs read' "$D/err" | sed 's/^/    /'
}
sa=$(stat -c %s "$a")
sb=$(stat -c %s "$b")
measure "merge A B (--keep first)" $((2 * n)) $((sa + sb)) \
    "$exe" tmx merge -o "$D/scale-merged.tmx" "$a" "$b"
measure "merge A B --keep newest" $((2 * n)) $((sa + sb)) \
    "$exe" tmx merge --keep newest -o "$D/scale-merged2.tmx" "$a" "$b"
measure "filter A --min-confidence 0.5" "$n" "$sa" \
    "$exe" tmx filter --min-confidence 0.5 -o "$D/scale-filtered.tmx" "$a"
measure "filter A --lang fr,ru --max-ratio 1.5" "$n" "$sa" \
    "$exe" tmx filter --lang fr,ru --max-ratio 1.5 \
    -o "$D/scale-filtered2.tmx" "$a"
measure "validate A (DTD + rules, streaming)" "$n" "$sa" \
    "$exe" tmx validate "$a"
echo "(merge reads every input twice; TUs/s and MB/s count the input once)"
rm -f "$D"/scale-merged*.tmx "$D"/scale-filtered*.tmx "$D/time" "$D/err"
