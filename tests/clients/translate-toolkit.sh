#!/bin/bash
# Client test: translate-toolkit (Debian package translate-toolkit) reads
# the bilingual memory polyalign writes, with French as source and Russian
# as target, unit by unit.  A missing toolkit is a failure, not a skip.
#
# Usage: translate-toolkit.sh POLYALIGN SRCDIR
set -u
exe=$1
src=$2
PY=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$PY" ] || fail "$PY missing"
"$PY" -c 'import translate.storage.tmx' 2>/dev/null ||
    fail "translate-toolkit missing: apt-get install translate-toolkit"

T=$(mktemp -d -t polyalign-ttk.XXXXXX)
trap 'rm -rf "$T"' EXIT
tsv=$src/tests/data/tmx/kremlin-fr-ru-ar.tsv
"$exe" tmx convert --from tsv --srclang fr -o "$T/all.tmx" "$tsv" ||
    fail "convert"
"$exe" tmx split-pairs -d "$T" --prefix mem "$T/all.tmx" || fail "split"
[ -f "$T/mem.fr-ru.tmx" ] || fail "no mem.fr-ru.tmx"

"$PY" - "$T/mem.fr-ru.tmx" "$tsv" <<'PYEOF' || fail "translate-toolkit"
import sys
from translate.storage import tmx

store = tmx.tmxfile.parsefile(sys.argv[1])
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
want = rows[1:]
units = [u for u in store.units if u.source]
assert len(units) == len(want), (len(units), len(want))
for u, (fr, ru, ar) in zip(units, want):
    assert u.source == fr, (u.source, fr)
    assert u.target == ru, (u.target, ru)
    langs = [n.get("{http://www.w3.org/XML/1998/namespace}lang")
             for n in u.getlanguageNodes()]
    assert langs == ["fr", "ru"], langs
print("ok: translate-toolkit read %d fr->ru units" % len(units))
PYEOF
