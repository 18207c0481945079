#!/bin/bash
# Client test with polyalign's OWN memory: `polyalign align` aligns the
# bundled NTREX report (French with Russian, French with Russian and Arabic)
# into TMX; xmllint validates every file against the TMX 1.4 DTD;
# translate-toolkit reads the bilingual memory with French as source; OmegaT
# (console mode, no display) pre-translates the French document from
# tm/auto/ and its target must hold the aligned Russian (from the bilingual
# memory) and Arabic (from the three-language memory) sentences.  OmegaT
# segments with its own rules, so the test asserts that most units of the
# memory appear verbatim in the target and that little French is left.
# A missing tool is a failure (bootstrap.sh test installs them).
#
# Usage: align-memory.sh POLYALIGN SRCDIR
set -u
exe=$1
src=$2
OMEGAT_JAR=${OMEGAT_JAR:-/usr/share/omegat/OmegaT.jar}
. "$src/tests/clients/omegat-project.sh"
PY=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$OMEGAT_JAR" ] || fail "$OMEGAT_JAR missing: apt-get install omegat"
command -v java >/dev/null || fail "java missing: apt-get install omegat"
command -v xmllint >/dev/null ||
    fail "xmllint missing: apt-get install libxml2-utils"
"$PY" -c 'import translate.storage.tmx' 2>/dev/null ||
    fail "translate-toolkit missing: apt-get install translate-toolkit"

T=$(mktemp -d -t polyalign-align-memory.XXXXXX)
trap 'rm -rf "$T"' EXIT
c=$src/corpora/ntrex-sample/bbc.381790
dtd=$src/dictionaries/tmx/tmx14.dtd
"$exe" align "$c.fr.txt" "$c.ru.txt" -o "$T/fr-ru.tmx" \
    --unaligned "$T/fr-ru.unaligned.tsv" || fail "align fr ru"
"$exe" align "$c.fr.txt" "$c.ru.txt" "$c.ar.txt" -o "$T/fr-ru-ar.tmx" ||
    fail "align fr ru ar"
"$exe" align "$c.fr.txt" "$c.ar.txt" --srclang '*all*' \
    --lang-code ar=ar-SA --format tmx -o "$T/fr-ar.all.tmx" ||
    fail "align fr ar"
for f in "$T"/*.tmx; do
    xmllint --noout --nonet --nowarning --dtdvalid "$dtd" "$f" 2>"$T/err" ||
        fail "xmllint rejects $(basename "$f"): $(head -5 "$T/err")"
done
echo "ok: xmllint accepts the 3 memories polyalign align wrote"

# The memory's units, by an independent XML parser: fr<TAB>ru<TAB>ar.
units() {
    "$PY" - "$1" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET
L = "{http://www.w3.org/XML/1998/namespace}lang"
for tu in ET.parse(sys.argv[1]).getroot().iter("tu"):
    v = {t.get(L): t.find("seg").text or "" for t in tu.iter("tuv")}
    print("\t".join(v.get(k, "") for k in ("fr", "ru", "ar")))
PYEOF
}
units "$T/fr-ru.tmx" > "$T/fr-ru.units"
units "$T/fr-ru-ar.tmx" > "$T/fr-ru-ar.units"

"$PY" - "$T/fr-ru.tmx" "$T/fr-ru.units" <<'PYEOF' || fail "translate-toolkit"
import sys
from translate.storage import tmx
store = tmx.tmxfile.parsefile(sys.argv[1])
want = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
units = [u for u in store.units if u.source]
assert len(units) == len(want) and len(units) >= 10, (len(units), len(want))
for u, (fr, ru, _) in zip(units, want):
    assert u.source == fr, (u.source, fr)
    assert u.target == ru, (u.target, ru)
print("ok: translate-toolkit read %d fr->ru units of polyalign's memory" %
      len(units))
PYEOF

# project TARGET_LANG TOKENIZER MEMORY: run OmegaT, fill $T/$1/target/
project() {
    omegat_project "$1" "$2" "$c.fr.txt" "$3"
}

# check LANG COLUMN UNITS: most units' target text is in OmegaT's target,
# verbatim, and most of their French is gone.
check_filled() {
    local lang=$1 col=$2 units=$3 n=0 found=0 left=0 fr tgt
    while IFS=$'\t' read -r -a row; do
        fr=${row[0]}
        tgt=${row[$((col - 1))]:-}
        [ -n "$tgt" ] || continue
        n=$((n + 1))
        grep -qF -- "$tgt" "$T/$lang/target/report.txt" && found=$((found + 1))
        grep -qF -- "$fr" "$T/$lang/target/report.txt" && left=$((left + 1))
    done < "$units"
    [ "$n" -ge 10 ] || fail "$lang: only $n units in the memory"
    [ $((found * 10)) -ge $((n * 8)) ] ||
        fail "$lang: only $found of $n aligned sentences in OmegaT's target"
    [ $((left * 10)) -le $((n * 2)) ] ||
        fail "$lang: $left of $n French sentences left untranslated"
    echo "ok: OmegaT filled $found of $n $lang units from polyalign's" \
        "memory ($left French left)"
}

project ru org.omegat.tokenizer.LuceneRussianTokenizer "$T/fr-ru.tmx"
check_filled ru 2 "$T/fr-ru.units"
project ar org.omegat.tokenizer.LuceneArabicTokenizer "$T/fr-ru-ar.tmx"
check_filled ar 3 "$T/fr-ru-ar.units"
