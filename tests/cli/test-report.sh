#!/usr/bin/env bash
# polyalign report and -f html: the review pages of the bundled reports
# (compare of 000.fr / 003.ru / 004.ar; align of an NTREX triple), checked
# as files, then rendered in headless Chromium: the DOM after the page's
# script ran (rows, right-to-left Arabic cells, numeric scores, highlight
# spans, the filter), and a screenshot kept in
# BUILD/tests/artifacts/review*.png.  The browser checks are skipped only
# when chromium is not installed (./bootstrap.sh test installs it).
set -u
exe=$1
src=$2
build=$3
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
k=$src/corpora/kremlin-biden-2021
w=$src/tests/data/multi
n=$src/corpora/ntrex-sample
art=$build/tests/artifacts
mkdir -p "$art"

# --- the command line ---------------------------------------------------
expect_rc "report --help" 0 "$exe" report --help
grep -q -- '--compare' "$tmp/stdout" && ok "--help names --compare" ||
    not_ok "--help names --compare"
expect_rc "report with one document: usage error" 1 "$exe" report \
    "$k/000.fr.txt" -o "$tmp/one.html"
expect_rc "report -f tsv: usage error" 1 "$exe" report -f tsv \
    "$k/000.fr.txt" "$k/003.ru.txt"
expect_rc "report of a missing file: bad input" 2 "$exe" report \
    "$k/000.fr.txt" "$tmp/missing.ru.txt" -o "$tmp/bad.html"
grep -q 'missing.ru.txt' "$tmp/stderr" && ok "the message names the file" ||
    not_ok "the message names the file"
ls "$tmp" | grep -q 'bad.html' && not_ok "no partial output file" ||
    ok "no partial output file"
printf 'Bonjour \377 monde.\n' > "$tmp/bin.fr.txt"
expect_rc "report, invalid UTF-8 with -e UTF-8: bad input" 2 "$exe" report \
    -e UTF-8 "$tmp/bin.fr.txt" "$k/003.ru.txt" -o "$tmp/bad2.html"
ls "$tmp" | grep -q 'bad2.html' && not_ok "no partial output (encoding)" ||
    ok "no partial output (encoding)"

# --- the pages ----------------------------------------------------------
cmp=$tmp/compare.html
al=$tmp/align.html
expect_rc "report --compare of 000.fr, 003.ru, 004.ar" 0 "$exe" report \
    --compare -t 0.2 "$k/000.fr.txt" "$k/003.ru.txt" "$k/004.ar.txt" -o "$cmp"
expect_rc "compare -f html is the same page" 0 "$exe" compare -f html \
    -t 0.2 -o "$tmp/compare2.html" "$k/000.fr.txt" "$k/003.ru.txt" \
    "$k/004.ar.txt"
cmp -s "$cmp" "$tmp/compare2.html" && ok "report --compare = compare -f html" ||
    not_ok "report --compare = compare -f html"
expect_rc "report of the NTREX bbc triple" 0 "$exe" report \
    "$n/bbc.381790.fr.txt" "$n/bbc.381790.ru.txt" "$n/bbc.381790.ar.txt" \
    -o "$al"
expect_rc "align -o x.html writes the page" 0 "$exe" align \
    "$n/bbc.381790.fr.txt" "$n/bbc.381790.ru.txt" "$n/bbc.381790.ar.txt" \
    -o "$tmp/align2.html"
cmp -s "$al" "$tmp/align2.html" && ok "report = align -o x.html" ||
    not_ok "report = align -o x.html"
expect_rc "align of two documents, -f html to stdout" 0 "$exe" align \
    -f html "$n/reuters.218888.fr.txt" "$n/reuters.218888.ar.txt"
grep -q '<td class="c" lang="ar" dir="rtl">' "$tmp/stdout" &&
    ok "two-document page: Arabic cells right to left" ||
    not_ok "two-document page: Arabic cells right to left"
# Units the direct pair disagrees with are flagged.
"$exe" report --presplit "$w/disagree.fr.txt" "$w/disagree.ru.txt" \
    "$w/disagree.ar.txt" -o "$tmp/d.html" 2>/dev/null
[ "$(grep -c '<tr data-score="[0-9.]*" class="flag">' "$tmp/d.html")" -gt 0 ] &&
    grep -q '<small>1-1-1 inconsistent</small>' "$tmp/d.html" &&
    grep -q '[1-9][0-9]* flagged)' "$tmp/d.html" &&
    ok "inconsistent units flagged, and counted in the summary" ||
    not_ok "inconsistent units flagged, and counted in the summary"

# --lang names the languages when the file names do not (fa: right to
# left too).
cp "$k/000.fr.txt" "$tmp/x1.txt"
cp "$k/003.ru.txt" "$tmp/x2.txt"
cp "$k/004.ar.txt" "$tmp/x3.txt"
expect_rc "report --compare --lang fr,ru,fa" 0 "$exe" report --compare \
    --lang fr,ru,fa "$tmp/x1.txt" "$tmp/x2.txt" "$tmp/x3.txt" -o "$tmp/x.html"
grep -q '<small>fa</small>' "$tmp/x.html" &&
    grep -q '<td class="c[^"]*" lang="fa" dir="rtl">' "$tmp/x.html" &&
    ok "--lang: the third column is fa, right to left" ||
    not_ok "--lang: the third column is fa, right to left"
expect_rc "report --lang fr,ru (align)" 0 "$exe" report --lang fr,ru \
    "$tmp/x1.txt" "$tmp/x2.txt" -o "$tmp/y.html"
grep -q '<small>ru</small>' "$tmp/y.html" && ok "--lang with align" ||
    not_ok "--lang with align"

# An unaligned sentence (the 1-0 bead of the hand-made triple) is a row
# of its own, in place, with empty cells for the other documents.
expect_rc "report of the hand-made triple" 0 "$exe" report --presplit \
    "$w/welsh.fr.txt" "$w/welsh.ru.txt" "$w/welsh.ar.txt" -o "$tmp/w.html"
row='<tr class="un">.\{0,200\}unaligned</small></td>'
row+='<td class="c" lang="fr" dir="ltr"><span class="ix">[0-9]*</span>'
row+='[^<]*ville imaginaire[^<]*</td>'
row+='<td class="c gap" lang="ru" dir="ltr"></td>'
row+='<td class="c gap" lang="ar" dir="rtl"></td></tr>'
tr -d '\n' < "$tmp/w.html" | grep -q "$row" &&
    ok "the unaligned French sentence: its own row, gaps for ru and ar" ||
    not_ok "the unaligned French sentence: its own row, gaps for ru and ar"
for f in "$cmp" "$al"; do
    b=$(basename "$f")
    if grep -Eq '(src|href)=|https?://|@import|url\(' "$f"; then
        not_ok "$b: self-contained (no link, no network)"
    else
        ok "$b: self-contained (no link, no network)"
    fi
done
# The same triple as a memory: its units and unaligned sentences are the
# page's rows.
"$exe" align -o "$tmp/m.tmx" --unaligned "$tmp/m.un.tsv" \
    "$n/bbc.381790.fr.txt" "$n/bbc.381790.ru.txt" "$n/bbc.381790.ar.txt"
units=$(grep -c '<tu>' "$tmp/m.tmx")
unal=$(($(wc -l < "$tmp/m.un.tsv") - 1))
# Statements of the comparison.
"$exe" compare -t 0.2 -f jsonl "$k/000.fr.txt" "$k/003.ru.txt" \
    "$k/004.ar.txt" | grep -o '"statement":[0-9]*' | sort -u > "$tmp/stmts"
stmts=$(wc -l < "$tmp/stmts")
sents=0
for f in 000.fr 003.ru 004.ar; do
    c=$("$exe" split "$k/$f.txt" | wc -l)
    sents=$((sents + c))
done

# --- in the browser -------------------------------------------------------
chrome=
for c in chromium chromium-browser; do
    command -v "$c" >/dev/null 2>&1 && { chrome=$c; break; }
done
browser() { # URL [extra options...]: run headless Chromium
    local url=$1
    shift
    timeout 60 "$chrome" --headless --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --no-first-run --hide-scrollbars \
        --user-data-dir="$tmp/chrome" "$@" "$url" 2>/dev/null
}
if [ -z "$chrome" ]; then
    for t in "DOM of the align page" "DOM of the compare page" \
        "filter" "screenshots"; do
        echo "ok $((tap_n + 1)) - $t # SKIP chromium is not installed"
        tap_n=$((tap_n + 1))
    done
    tap_done
    exit $?
fi

# dom_checks NAME DOM-FILE ROWS-WITH-SCORE UNALIGNED-ROWS
dom_checks() {
    local name=$1 dom=$2 scored=$3 unal=$4 rows got
    grep -q '<body[^>]*data-filter="ready"' "$dom" &&
        ok "$name: the page's script ran" ||
        not_ok "$name: the page's script ran"
    rows=$(sed -n '/<tbody>/,/<\/tbody>/p' "$dom" | grep -c '<tr')
    [ "$rows" -eq $((scored + unal)) ] &&
        ok "$name: $rows rows ($scored aligned, $unal unaligned)" ||
        not_ok "$name: $rows rows, wanted $scored + $unal"
    got=$(grep -o '<body[^>]*data-shown="[0-9]*"' "$dom" | grep -o '[0-9]*"$' |
        tr -d '"')
    [ "${got:-x}" = "$rows" ] && ok "$name: all $rows rows shown at first" ||
        not_ok "$name: shown '$got' of $rows at first"
    got=$(grep -c '<tr data-score="[0-9][0-9]*\.[0-9]\{4\}"' "$dom")
    [ "$got" -eq "$scored" ] && ok "$name: $got numeric scores" ||
        not_ok "$name: $got numeric scores, wanted $scored"
    grep -q '<tr class="un">' "$dom" || [ "$unal" -eq 0 ] &&
        ok "$name: unaligned rows in place" ||
        not_ok "$name: unaligned rows in place"
    got=$(grep -c '<td class="c[^"]*" lang="ar" dir="rtl"' "$dom")
    [ "$got" -eq "$rows" ] && ok "$name: $got Arabic cells, all dir=rtl" ||
        not_ok "$name: $got Arabic cells with dir=rtl of $rows"
    grep -q 'lang="ar" dir="ltr"' "$dom" &&
        not_ok "$name: no Arabic cell left to right" ||
        ok "$name: no Arabic cell left to right"
    for kind in name lexicon; do
        got=$(sed -n '/<tbody>/,/<\/tbody>/p' "$dom" |
            grep -o "<mark class=\"k-$kind\" dir=\"auto\" title=\"[^\"]*\"" |
            wc -l)
        [ "$got" -gt 0 ] && ok "$name: $got $kind highlights with titles" ||
            not_ok "$name: no $kind highlight"
    done
}

browser "file://$al" --dump-dom > "$tmp/align.dom"
dom_checks align "$tmp/align.dom" "$units" "$unal"
got=$(sed -n '/<tbody>/,/<\/tbody>/p' "$tmp/align.dom" |
    grep -c '<mark class="k-number"')
[ "$got" -gt 0 ] && ok "align: $got number highlights" ||
    not_ok "align: no number highlight"
browser "file://$cmp" --dump-dom > "$tmp/compare.dom"
# Sentences in a matched pair are in statement rows; the others are
# unaligned rows.
pat='.*"left_file":("[^"]*"),"left_index":([0-9]+),'
pat+='.*"right_file":("[^"]*"),"right_index":([0-9]+),.*'
paired=$("$exe" compare -t 0.2 -f jsonl "$k/000.fr.txt" "$k/003.ru.txt" \
    "$k/004.ar.txt" | sed -E "s/$pat/\\1 \\2\\n\\3 \\4/" | sort -u | wc -l)
dom_checks compare "$tmp/compare.dom" "$stmts" $((sents - paired))

# The filter: preset from the address, it hides what it should.
want=$(grep -o '<tr data-score="[0-9.]*"' "$al" | grep -o '[0-9.]*' |
    awk '$1 >= 0.9' | wc -l)
browser "file://$al#min=0.9&unal=0" --dump-dom > "$tmp/filtered.dom"
got=$(grep -o '<body[^>]*data-shown="[0-9]*"' "$tmp/filtered.dom" |
    grep -o '[0-9]*"$' | tr -d '"')
hidden=$(grep -c '<tr[^>]* hidden' "$tmp/filtered.dom")
[ "${got:-x}" = "$want" ] && [ "$hidden" -eq $((units + unal - want)) ] &&
    ok "filter >= 0.9 without unaligned: $got rows shown, $hidden hidden" ||
    not_ok "filter >= 0.9: shown '$got' (wanted $want), $hidden hidden"

# Screenshots at a laptop's size, kept for a person to look at.
rm -f "$art/review.png" "$art/review-compare.png"
browser "file://$al" --screenshot="$art/review.png" --window-size=1366,768 \
    >/dev/null
browser "file://$cmp" --screenshot="$art/review-compare.png" \
    --window-size=1366,768 >/dev/null
for p in review.png review-compare.png; do
    if [ -s "$art/$p" ] &&
        [ "$(head -c 8 "$art/$p" | od -An -tx1 | tr -d ' \n')" = \
          "89504e470d0a1a0a" ]; then
        ok "screenshot $art/$p"
    else
        not_ok "screenshot $art/$p"
    fi
done
tap_done
