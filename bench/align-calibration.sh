#!/usr/bin/env bash
# How well the confidences are calibrated: the share of beads that are
# exactly right (identical to a gold bead) per confidence bucket, on the UN
# synthetic pair (10k sentences, 5% of the target deleted) and on the
# Text+Berg test set.  Figures, not pass/fail.
#
# usage: bench/align-calibration.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
pa=$build/src/polyalign
tb=$top/../shared/eval/textberg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$top/bench/align-synth.py" "$top/../shared/eval/un-devset/UNv1.0.devset" \
    fr ru 10000 0.05 42 "$work/s"
"$pa" align --presplit --src-lang fr --tgt-lang ru "$work/s.fr" "$work/s.ru" \
    -o "$work/s.out"
sed 's/^/0 /' "$work/s.gold" > "$work/un.gold"
sed 's/^/0 /' "$work/s.out" > "$work/un.sys"
for d in 0 1 2 3 4 5 6; do
    sed "s/^/$d /" "$tb/test$d.defr"
done > "$work/tb.gold"
for d in 0 1 2 3 4 5 6; do
    "$pa" align --presplit "$tb/test$d.de" "$tb/test$d.fr" | sed "s/^/$d /"
done > "$work/tb.sys"

python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
for name, label in (("un", "UN synthetic fr-ru 10k"), ("tb", "Text+Berg test")):
    gold = set(l.strip() for l in open(f"{work}/{name}.gold"))
    buckets = {}
    for line in open(f"{work}/{name}.sys"):
        bead, conf = line.strip().rsplit(":", 1)
        k = min(int(float(conf) * 5), 4)
        t = buckets.setdefault(k, [0, 0])
        t[0] += 1
        t[1] += bead in gold
    print(label)
    print("  confidence   beads  exactly right")
    for k in sorted(buckets):
        n, ok = buckets[k]
        print("  %.1f-%.1f    %6d  %.3f" % (k / 5, (k + 1) / 5, n, ok / n))
PY
