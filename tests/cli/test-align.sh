#!/usr/bin/env bash
# The align and eval commands: formats, options, exit codes, scoring.
set -u
exe=$1
src=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$src/tests/data/align
e=$src/tests/data/eval

for cmd in align eval; do
    expect_rc "$cmd --help" 0 "$exe" "$cmd" --help
    expect_rc "$cmd bad option" 1 "$exe" "$cmd" --no-such-option x
done
expect_rc "align needs two files" 1 "$exe" align "$d/un.fr.txt"
expect_rc "align unknown format" 1 "$exe" align -f xml "$d/un.fr.txt" "$d/un.ru.txt"
expect_rc "align missing file" 2 "$exe" align --presplit "$d/none.txt" "$d/un.ru.txt"

# Two passes with lexical evidence: as good on the UN sample as one pass.
expect_rc "align --lexical --two-pass" 0 "$exe" align --presplit --lexical \
    --two-pass --src-lang fr --tgt-lang ru -o "$tmp/un2.beads" \
    "$d/un.fr.txt" "$d/un.ru.txt"
expect_rc "eval the two-pass output" 0 "$exe" eval --gold "$d/un.gold" \
    --system "$tmp/un2.beads"
f1=$(awk '/^strict/ {print $7}' "$tmp/stdout")
awk -v f="$f1" 'BEGIN {exit !(f >= 0.85)}' && ok "two-pass F1 $f1 >= 0.85" ||
    not_ok "two-pass F1 $f1 >= 0.85"
# Written as TMX, the same two-pass alignment: each TU's x-confidence is
# its bead's (one pass gives other confidences here: 0.75 for bead 21).
expect_rc "align --lexical --two-pass -o x.tmx" 0 "$exe" align --presplit \
    --lexical --two-pass --src-lang fr --tgt-lang ru -o "$tmp/un2.tmx" \
    "$d/un.fr.txt" "$d/un.ru.txt"
tmx_conf=$(grep -o '<prop type="x-confidence">[^<]*' "$tmp/un2.tmx" |
    sed 's/.*>//' | awk '{printf "%.2f ", $1}')
bead_conf=$(awk -F: '$1 != "[]" && $2 != "[]" {printf "%s ", $3}' \
    "$tmp/un2.beads")
[ -n "$tmx_conf" ] && [ "$tmx_conf" = "$bead_conf" ] &&
    ok "TMX and beads carry the same two-pass confidences" ||
    not_ok "TMX and beads carry the same two-pass confidences ($tmx_conf | $bead_conf)"

# beads: the gold format, 0-based, a confidence; scored by eval.
expect_rc "align --presplit" 0 "$exe" align --presplit -o "$tmp/un.beads" \
    "$d/un.fr.txt" "$d/un.ru.txt"
grep -Eqv '^\[[0-9, ]*\]:\[[0-9, ]*\]:[01]\.[0-9]{2}$' "$tmp/un.beads" &&
    not_ok "beads lines match [i, j]:[k]:0.93" ||
    ok "beads lines match [i, j]:[k]:0.93"
expect_rc "eval the system output" 0 "$exe" eval --gold "$d/un.gold" \
    --system "$tmp/un.beads"
f1=$(awk '/^strict/ {print $7}' "$tmp/stdout")
awk -v f="$f1" 'BEGIN {exit !(f >= 0.85)}' && ok "strict F1 $f1 >= 0.85" ||
    not_ok "strict F1 $f1 >= 0.85"

# tsv: 4 columns; jsonl parses.
expect_rc "align tsv" 0 "$exe" align --presplit -f tsv "$d/un.fr.txt" "$d/un.ru.txt"
awk -F'\t' 'NF != 4 {bad=1} END {exit bad}' "$tmp/stdout" &&
    ok "tsv has 4 columns" || not_ok "tsv has 4 columns"
expect_rc "align jsonl" 0 "$exe" align --presplit -f jsonl "$d/un.fr.txt" "$d/un.ru.txt"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' \
        "$tmp/stdout" && ok "jsonl parses" || not_ok "jsonl parses"
fi

# --explain prints the parameters; the fr-ru defaults are taken from the
# file names.
expect_rc "align --explain" 0 "$exe" align --presplit --explain \
    "$d/un.fr.txt" "$d/un.ru.txt"
grep -q 'start: c = 0.9800, s2 = 5.3000' "$tmp/stderr" &&
    ok "explain names fr-ru defaults" || not_ok "explain names fr-ru defaults"
expect_rc "align --fixed-params" 0 "$exe" align --presplit --explain \
    --fixed-params "$d/un.fr.txt" "$d/un.ru.txt"
grep -q 'not re-estimated' "$tmp/stderr" && ok "fixed params kept" ||
    not_ok "fixed params kept"

# An empty side is not refused: a warning, confidence 0.
: > "$tmp/empty.txt"
expect_rc "align against an empty file" 0 "$exe" align --presplit \
    "$tmp/empty.txt" "$d/un.ru.txt"
[ "$(grep -c '^\[\]:\[[0-9]*\]:0.00$' "$tmp/stdout")" -eq 37 ] &&
    ok "37 0-1 beads, confidence 0" || not_ok "37 0-1 beads, confidence 0"
grep -q 'empty' "$tmp/stderr" && ok "empty side warned" ||
    not_ok "empty side warned"

# Running text through the splitter.
corpus=$src/corpora/kremlin-biden-2021
expect_rc "align split documents" 0 "$exe" align "$corpus/000.fr.txt" \
    "$corpus/003.ru.txt"
[ -s "$tmp/stdout" ] && ok "beads written" || not_ok "beads written"

# The parallel sample has the same paragraphs in every language: two levels.
sample=$src/corpora/ntrex-sample
expect_rc "align paragraphs" 0 "$exe" align --explain -f tsv \
    "$sample/bbc.381790.fr.txt" "$sample/bbc.381790.ru.txt"
grep -q 'levels: paragraphs, then sentences' "$tmp/stderr" &&
    ok "paragraphs aligned first" || not_ok "paragraphs aligned first"
[ "$(wc -l < "$tmp/stdout")" -ge 14 ] && ok "sample beads" ||
    not_ok "sample beads"

# eval: hand-checked numbers, per document, folders.
expect_rc "eval mixed" 0 "$exe" eval --gold "$e/mixed.gold" --system "$e/mixed.sys"
grep -q '^strict  P 0.4000  R 0.6667  F1 0.5000$' "$tmp/stdout" &&
    ok "mixed strict 0.4/0.6667/0.5" || not_ok "mixed strict 0.4/0.6667/0.5"
grep -q '^lax     P 0.6000  R 1.0000  F1 0.7500$' "$tmp/stdout" &&
    ok "mixed lax 0.6/1/0.75" || not_ok "mixed lax 0.6/1/0.75"
mkdir "$tmp/g" "$tmp/s"
cp "$e/mixed.gold" "$tmp/g/a"; cp "$e/mixed.sys" "$tmp/s/a"
cp "$e/noncontig.gold" "$tmp/g/b"; cp "$e/noncontig.sys" "$tmp/s/b"
expect_rc "eval folders --per-doc" 0 "$exe" eval --per-doc "$tmp/g" "$tmp/s"
[ "$(grep -c '^[ab] ' "$tmp/stdout")" -eq 2 ] && ok "a line per document" ||
    not_ok "a line per document"
grep -q '^all (2 documents) .* 0\.3750 0\.6000' "$tmp/stdout" &&
    ok "totals summed over documents" || not_ok "totals summed over documents"
expect_rc "eval count mismatch" 1 "$exe" eval --gold "$e/mixed.gold" \
    --system "$e/mixed.sys" "$e/noncontig.sys"
expect_rc "eval malformed" 2 "$exe" eval --gold "$e/mixed.gold" \
    --system "$e/malformed.sys"
grep -q 'malformed.sys:2:' "$tmp/stderr" && ok "error names file:line" ||
    not_ok "error names file:line"
rm "$tmp/s/b"
expect_rc "eval folder missing a file" 2 "$exe" eval "$tmp/g" "$tmp/s"
tap_done
