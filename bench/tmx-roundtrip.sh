#!/bin/bash
# Round trip of generated memories through polyalign's TMX reader and
# writer: read -> write -> read must give the same TUs, segment text byte
# for byte (Level 2 markup included), props and notes.  Prints figures;
# never pass/fail.  Timings are noisy (2 shared cores).
#
#   bench/tmx-roundtrip.sh [BUILD_DIR] [N_TUS]
set -eu
build=${1:-build}
n=${2:-20000}
exe=$build/src/polyalign
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
T=$(mktemp -d -t polyalign-rt.XXXXXX)
trap 'rm -rf "$T"' EXIT

"$PY" "$here/tmx-gen.py" "$n" "$T/in.tmx" --seed 7
now() { date +%s.%N; }
t0=$(now)
"$exe" tmx filter -o "$T/rt1.tmx" "$T/in.tmx" 2>/dev/null
t1=$(now)
"$exe" tmx filter -o "$T/rt2.tmx" "$T/rt1.tmx" 2>/dev/null
# polyalign's own reader on both sides (plain text, props, notes)...
"$exe" tmx convert --to jsonl -o "$T/in.jsonl" "$T/in.tmx"
"$exe" tmx convert --to jsonl -o "$T/rt.jsonl" "$T/rt2.tmx"
# ...and an independent one (Python's ElementTree) for the markup.
"$PY" - "$T/in.tmx" "$T/rt1.tmx" "$T/rt2.tmx" "$T/in.jsonl" "$T/rt.jsonl" \
    "$(echo "$t1 - $t0" | bc)" <<'PYEOF'
import sys, os
import xml.etree.ElementTree as ET

XL = "{http://www.w3.org/XML/1998/namespace}lang"

def tus(path):
    out = []
    for _, el in ET.iterparse(path):
        if el.tag != "tu":
            continue
        segs = []
        for tuv in el.findall("tuv"):
            seg = tuv.find("seg")
            inner = (seg.text or "") + "".join(
                ET.tostring(c, encoding="unicode") for c in seg)
            segs.append((tuv.get(XL), inner))
        props = [(p.get("type"), p.text or "") for p in el.findall("prop")]
        notes = [n.text or "" for n in el.findall("note")]
        out.append((segs, props, notes))
        el.clear()
    return out

a, b, c = (tus(p) for p in sys.argv[1:4])
segs = sum(len(t[0]) for t in a)
markup = sum(1 for t in a for _, s in t[0] if "<" in s)
diff_ab = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
diff_bc = sum(1 for x, y in zip(b, c) if x != y) + abs(len(b) - len(c))
same_jsonl = open(sys.argv[4], "rb").read() == open(sys.argv[5], "rb").read()
secs = float(sys.argv[6])
size = os.path.getsize(sys.argv[1]) / 1e6
print("TMX round trip (read -> write -> read), %d TUs, %.1f MB" % (len(a), size))
print("  segments compared        %d (%d with Level 2 markup)" % (segs, markup))
print("  TUs differing in->rt1    %d" % diff_ab)
print("  TUs differing rt1->rt2   %d" % diff_bc)
print("  polyalign reader JSONL   %s" % ("identical" if same_jsonl else "DIFFERENT"))
print("  read+write time          %.2f s  (%.0f TUs/s, %.1f MB/s)" %
      (secs, len(a) / secs, size / secs))
PYEOF
