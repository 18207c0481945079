#!/usr/bin/env bash
# polyalign compare on the command line: TSV header and columns, jsonl,
# --format tmx (a valid TMX 1.4 memory, one TU per pair with x-score,
# x-similarity and x-statement, the TSV's scores), the threshold, usage
# errors.
set -u
exe=$1
src=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
a=$src/tests/data/compare/a.fr.txt b=$src/tests/data/compare/b.fr.txt

expect_rc "compare a b (tsv)" 0 "$exe" compare --presplit -o "$tmp/p.tsv" \
    "$a" "$b"
hdr='score\tleft_file\tleft_index\tleft_text\tright_file\tright_index'
[ "$(head -1 "$tmp/p.tsv")" = "$(printf "$hdr\tright_text")" ] &&
    ok "TSV header" || not_ok "TSV header"
n=$(($(wc -l < "$tmp/p.tsv") - 1))
[ "$n" -ge 1 ] && ok "$n pairs" || not_ok "at least one pair"
awk -F'\t' 'NR > 1 && ($1 < 0.85 || NF != 7) { bad = 1 } END { exit bad }' \
    "$tmp/p.tsv" && ok "7 columns, scores >= the default 0.85" ||
    not_ok "7 columns, scores >= the default 0.85"

expect_rc "compare -f tmx" 0 "$exe" compare --presplit -f tmx \
    -o "$tmp/p.tmx" "$a" "$b"
expect_rc "the memory validates" 0 "$exe" tmx validate "$tmp/p.tmx"
[ "$(grep -c '<tu>' "$tmp/p.tmx")" -eq "$n" ] &&
    ok "one TU per pair" || not_ok "one TU per pair"
for p in x-score x-similarity x-statement x-source-fr x-sentences-fr; do
    c=$(grep -c "<prop type=\"$p\">" "$tmp/p.tmx")
    want=$n
    case $p in x-source-fr | x-sentences-fr) want=$((2 * n)) ;; esac
    [ "$c" -eq "$want" ] && ok "$p on every TU" ||
        not_ok "$p on every TU ($c, wanted $want)"
done
diff <(cut -f1 "$tmp/p.tsv" | tail -n +2) \
    <(sed -n 's|.*<prop type="x-score">\(.*\)</prop>|\1|p' "$tmp/p.tmx") \
    >/dev/null && ok "x-score = the TSV's scores, in order" ||
    not_ok "x-score = the TSV's scores, in order"
grep -q 'srclang="\*all\*"' "$tmp/p.tmx" && ok 'srclang="*all*"' ||
    not_ok 'srclang="*all*"'

expect_rc "compare -f jsonl" 0 "$exe" compare --presplit -f jsonl \
    -o "$tmp/p.jsonl" "$a" "$b"
[ "$(grep -c '"statement":' "$tmp/p.jsonl")" -eq "$n" ] &&
    ok "jsonl: one object per pair" || not_ok "jsonl: one object per pair"
expect_rc "a high threshold keeps nothing" 0 "$exe" compare --presplit \
    -t 1000 -o "$tmp/none.tsv" "$a" "$b"
[ "$(wc -l < "$tmp/none.tsv")" -eq 1 ] && ok "only the header" ||
    not_ok "only the header"
expect_rc "unknown format: usage error" 1 "$exe" compare -f xml "$a" "$b"
expect_rc "one document: usage error" 1 "$exe" compare "$a"
expect_rc "bad threshold: usage error" 1 "$exe" compare -t -1 "$a" "$b"

tap_done
