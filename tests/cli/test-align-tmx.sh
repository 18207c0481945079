#!/usr/bin/env bash
# polyalign align writing TMX: format chosen by the name or -f, props on
# every TU, the 1-0 bead left out and listed by --unaligned, the source
# variant first, language codes, srclang, note, creationid; N-way with three
# documents (a TU per pivot unit, x-consistent), --pivot, usage errors.
set -u
exe=$1
src=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$src/tests/data/multi
fr=$d/welsh.fr.txt ru=$d/welsh.ru.txt ar=$d/welsh.ar.txt

# xmllint, when present, validates every TMX written here (the client
# tests require it; here it is optional).
valid() {
    if command -v xmllint >/dev/null; then
        xmllint --noout --nonet --nowarning --dtdvalid \
            "$src/dictionaries/tmx/tmx14.dtd" "$1" 2>/dev/null &&
            ok "xmllint accepts $(basename "$1")" ||
            not_ok "xmllint accepts $(basename "$1")"
    fi
}
# count PATTERN FILE: lines matching
count() { grep -c -- "$1" "$2"; }

expect_rc "align -o x.tmx" 0 "$exe" align --presplit "$fr" "$ru" \
    -o "$tmp/fr-ru.tmx" --unaligned "$tmp/un.tsv" --note 'a <note> & co' \
    --creationid tester
valid "$tmp/fr-ru.tmx"
[ "$(count '<tu creationid="tester">' "$tmp/fr-ru.tmx")" -eq 10 ] &&
    ok "10 TUs (the 1-0 bead left out), each with creationid" ||
    not_ok "10 TUs (the 1-0 bead left out), each with creationid"
grep -q 'ville imaginaire' "$tmp/fr-ru.tmx" &&
    not_ok "the unaligned sentence is not in the memory" ||
    ok "the unaligned sentence is not in the memory"
for p in x-source-fr x-source-ru x-sentences-fr x-sentences-ru x-bead \
    x-confidence; do
    [ "$(count "<prop type=\"$p\">" "$tmp/fr-ru.tmx")" -eq 10 ] &&
        ok "prop $p on every TU" || not_ok "prop $p on every TU"
done
grep -q '<prop type="x-consistent">' "$tmp/fr-ru.tmx" &&
    not_ok "no x-consistent with two documents" ||
    ok "no x-consistent with two documents"
grep -q '<prop type="x-source-ru">welsh.ru.txt</prop>' "$tmp/fr-ru.tmx" &&
    ok "x-source names the document" || not_ok "x-source names the document"
# The sentence after the unaligned one: French index 6 with Russian 5.
grep -A3 '<prop type="x-sentences-fr">6</prop>' "$tmp/fr-ru.tmx" |
    grep -q '<prop type="x-sentences-ru">5</prop>' &&
    ok "sentence indexes from 0, across the gap" ||
    not_ok "sentence indexes from 0, across the gap"
grep -q '<prop type="x-bead">1-1</prop>' "$tmp/fr-ru.tmx" &&
    ok "x-bead 1-1" || not_ok "x-bead 1-1"
grep -Eq '<prop type="x-confidence">[01]\.[0-9]{4}</prop>' "$tmp/fr-ru.tmx" &&
    ok "x-confidence with 4 decimals" || not_ok "x-confidence with 4 decimals"
grep -q '<note>a &lt;note&gt; &amp; co</note>' "$tmp/fr-ru.tmx" &&
    ok "--note in the header, escaped" || not_ok "--note in the header, escaped"
grep -q 'srclang="fr"' "$tmp/fr-ru.tmx" && ok "srclang fr" ||
    not_ok "srclang fr"
# The French variant first in every TU.
awk '/<tu[ >]/ {want=1} /<tuv/ && want {if ($0 !~ /xml:lang="fr"/) bad=1;
     want=0} END {exit bad}' "$tmp/fr-ru.tmx" &&
    ok "source variant first" || not_ok "source variant first"
[ "$(head -1 "$tmp/un.tsv")" = "$(printf 'document\tsentence\ttext')" ] &&
    ok "--unaligned header" || not_ok "--unaligned header"
[ "$(tail -n +2 "$tmp/un.tsv" | wc -l)" -eq 1 ] &&
    grep -q "^$fr	5	Ce paragraphe ajouté" "$tmp/un.tsv" &&
    ok "--unaligned lists the 1-0 sentence" ||
    not_ok "--unaligned lists the 1-0 sentence"

# Source first also when the source is the second document.
expect_rc "align --srclang ru" 0 "$exe" align --presplit "$fr" "$ru" \
    -f tmx -o "$tmp/ru-first" --srclang ru --lang-code ru=ru-RU
valid "$tmp/ru-first"
awk '/<tu[ >]/ {want=1} /<tuv/ && want {if ($0 !~ /xml:lang="ru-RU"/) bad=1;
     want=0} END {exit bad}' "$tmp/ru-first" &&
    ok "-f tmx; --srclang ru puts ru-RU first" ||
    not_ok "-f tmx; --srclang ru puts ru-RU first"
grep -q 'srclang="ru-RU"' "$tmp/ru-first" && ok "--lang-code maps srclang" ||
    not_ok "--lang-code maps srclang"
expect_rc "align to stdout, *all*" 0 "$exe" align --presplit "$fr" "$ru" \
    -f tmx --srclang '*all*'
grep -q 'srclang="\*all\*"' "$tmp/stdout" && ok "srclang *all*" ||
    not_ok "srclang *all*"

# Three documents: one memory.
expect_rc "align three documents" 0 "$exe" align --presplit --explain \
    "$fr" "$ru" "$ar" -o "$tmp/3.tmx" --unaligned "$tmp/un3.tsv"
valid "$tmp/3.tmx"
[ "$(count '<tu>' "$tmp/3.tmx")" -eq 10 ] &&
    [ "$(count 'xml:lang="ar"' "$tmp/3.tmx")" -eq 10 ] &&
    [ "$(count 'xml:lang="ru"' "$tmp/3.tmx")" -eq 10 ] &&
    ok "10 TUs with a variant in each language" ||
    not_ok "10 TUs with a variant in each language"
[ "$(count '<prop type="x-bead">1-1-1</prop>' "$tmp/3.tmx")" -eq 10 ] &&
    ok "x-bead 1-1-1" || not_ok "x-bead 1-1-1"
[ "$(count '<prop type="x-consistent">yes</prop>' "$tmp/3.tmx")" -eq 10 ] &&
    ok "ru-ar agrees with the pivot path" ||
    not_ok "ru-ar agrees with the pivot path"
grep -q '10 units, 10 written, 10 with all 3 documents, 0 inconsistent' \
    "$tmp/stderr" && ok "--explain summary" || not_ok "--explain summary"
[ "$(tail -n +2 "$tmp/un3.tsv" | wc -l)" -eq 1 ] &&
    ok "N-way --unaligned" || not_ok "N-way --unaligned"
expect_rc "--no-triangulate" 0 "$exe" align --presplit --no-triangulate \
    "$fr" "$ru" "$ar" -o "$tmp/3n.tmx" --consistent-only
grep -q 'x-consistent' "$tmp/3n.tmx" && not_ok "unchecked: no x-consistent" ||
    ok "unchecked: no x-consistent"
expect_rc "--keep-pairs" 0 "$exe" align --presplit --keep-pairs "$fr" "$ru" \
    "$ar" -o "$tmp/3k.tmx" --unaligned "$tmp/un3k.tsv"
valid "$tmp/3k.tmx"
[ "$(count '<tu>' "$tmp/3k.tmx")" -eq 10 ] &&
    [ "$(tail -n +2 "$tmp/un3k.tsv" | wc -l)" -eq 1 ] &&
    ok "--keep-pairs: the pairs agree, same 10 TUs" ||
    not_ok "--keep-pairs: the pairs agree, same 10 TUs"
# Triangulation: the direct ru-ar pair disagrees on the last three units.
g=$d/disagree
expect_rc "align, a direct pair disagreeing" 0 "$exe" align --presplit \
    "$g.fr.txt" "$g.ru.txt" "$g.ar.txt" -o "$tmp/dis.tmx"
valid "$tmp/dis.tmx"
[ "$(count '<prop type="x-consistent">no</prop>' "$tmp/dis.tmx")" -eq 3 ] &&
    [ "$(count '<prop type="x-consistent">yes</prop>' "$tmp/dis.tmx")" -eq 3 ] &&
    ok "3 TUs x-consistent no, 3 yes" || not_ok "3 TUs x-consistent no, 3 yes"
expect_rc "--consistent-only" 0 "$exe" align --presplit --consistent-only \
    "$g.fr.txt" "$g.ru.txt" "$g.ar.txt" -o "$tmp/dis-c.tmx" \
    --unaligned "$tmp/dis-c.tsv"
[ "$(count '<tu>' "$tmp/dis-c.tmx")" -eq 3 ] &&
    ! grep -q 'x-consistent">no' "$tmp/dis-c.tmx" &&
    ok "--consistent-only keeps the 3 consistent TUs" ||
    not_ok "--consistent-only keeps the 3 consistent TUs"
[ "$(tail -n +2 "$tmp/dis-c.tsv" | cut -f2 | sort -u | tr '\n' ' ')" = \
    "3 4 5 " ] && [ "$(tail -n +2 "$tmp/dis-c.tsv" | wc -l)" -eq 9 ] &&
    ok "the dropped TUs' sentences listed as unaligned" ||
    not_ok "the dropped TUs' sentences listed as unaligned"
# Each inconsistent TU's confidence is at most half its pairs' lowest.
expect_rc "three documents: tsv, inconsistent" 0 "$exe" align --presplit \
    -f tsv "$g.fr.txt" "$g.ru.txt" "$g.ar.txt"
awk -F'\t' '$6 == "no" && $5 > 0.5 {bad=1} END {exit bad}' "$tmp/stdout" &&
    ok "inconsistent TUs have lowered confidence" ||
    not_ok "inconsistent TUs have lowered confidence"
# Pivot Russian: the French extra sentence has no partner, ru comes first.
expect_rc "--pivot 2" 0 "$exe" align --presplit --pivot 2 "$fr" "$ru" \
    "$ar" -o "$tmp/3ru.tmx" --unaligned "$tmp/un3ru.tsv"
valid "$tmp/3ru.tmx"
grep -q 'srclang="ru"' "$tmp/3ru.tmx" && ok "the pivot is the source" ||
    not_ok "the pivot is the source"
grep -q "^$fr	5	" "$tmp/un3ru.tsv" && ok "pivot ru: French 5 unaligned" ||
    not_ok "pivot ru: French 5 unaligned"
expect_rc "--pivot by name" 0 "$exe" align --presplit --pivot "$ar" "$fr" \
    "$ru" "$ar" -o "$tmp/3ar.tmx"
grep -q 'srclang="ar"' "$tmp/3ar.tmx" && ok "pivot by name" ||
    not_ok "pivot by name"
expect_rc "three documents: tsv" 0 "$exe" align --presplit -f tsv "$fr" \
    "$ru" "$ar"
awk -F'\t' 'NF != 6 {bad=1} END {exit bad || NR != 10}' "$tmp/stdout" &&
    ok "tsv: 3 texts, type, confidence, consistent" ||
    not_ok "tsv: 3 texts, type, confidence, consistent"

# Lexical evidence in every pair of an N-way alignment.
expect_rc "N-way --lexical" 0 "$exe" align --presplit --lexical "$fr" "$ru" \
    "$ar" -o "$tmp/3lex.tmx"
valid "$tmp/3lex.tmx"
[ "$(count '<tu>' "$tmp/3lex.tmx")" -eq 10 ] && ok "--lexical: 10 TUs" ||
    not_ok "--lexical: 10 TUs"
expect_rc "--lexicon with three documents" 1 "$exe" align --presplit \
    --lexicon "$tmp/un.tsv" "$fr" "$ru" "$ar" -o "$tmp/x.tmx"

# Usage errors.
expect_rc "--pivot out of range" 1 "$exe" align --presplit --pivot 4 "$fr" \
    "$ru" "$ar" -o "$tmp/x.tmx"
expect_rc "three documents, beads" 1 "$exe" align --presplit "$fr" "$ru" "$ar"
expect_rc "bad --lang-code" 1 "$exe" align --presplit --lang-code fr "$fr" \
    "$ru" -o "$tmp/x.tmx"
cp "$fr" "$tmp/other.fr.txt"
expect_rc "two documents in one language" 2 "$exe" align --presplit "$fr" \
    "$tmp/other.fr.txt" -o "$tmp/x.tmx"
[ -e "$tmp/x.tmx" ] && not_ok "no output after an error" ||
    ok "no output after an error"
tap_done
