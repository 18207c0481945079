#!/usr/bin/env bash
# The split and detect commands: output, exit codes, errors, no partial
# output files.
set -u
exe=$1
src=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpus=$src/corpora/kremlin-biden-2021

expect_rc "--version" 0 "$exe" --version
grep -q '^polyalign [0-9]' "$tmp/stdout" && ok "version printed" ||
    not_ok "version printed"
expect_rc "--help" 0 "$exe" --help
expect_rc "no command is a usage error" 1 "$exe"
expect_rc "unknown command is a usage error" 1 "$exe" frobnicate
for cmd in split detect; do
    expect_rc "$cmd --help" 0 "$exe" "$cmd" --help
    expect_rc "$cmd without FILE" 1 "$exe" "$cmd"
    expect_rc "$cmd bad option" 1 "$exe" "$cmd" --no-such-option x
done
expect_rc "split unknown format" 1 "$exe" split -f xml "$corpus/000.fr.txt"

# Every bundled report gives sentences, in each format.
for f in "$corpus"/*.txt; do
    b=$(basename "$f")
    expect_rc "split $b" 0 "$exe" split "$f"
    n=$(wc -l < "$tmp/stdout")
    [ "$n" -ge 5 ] && ok "$b: $n sentences" || not_ok "$b: $n sentences"
done
expect_rc "split tsv" 0 "$exe" split -f tsv -o "$tmp/s.tsv" "$corpus/004.ar.txt"
head -1 "$tmp/s.tsv" | grep -q '^document	lang	paragraph	sentence	byte_start	byte_end	text$' &&
    ok "tsv header" || not_ok "tsv header"
awk -F'\t' 'NR>1 && NF!=7 {bad=1} END {exit bad}' "$tmp/s.tsv" &&
    ok "tsv has 7 columns" || not_ok "tsv has 7 columns"
expect_rc "split jsonl" 0 "$exe" split -f jsonl "$corpus/003.ru.txt"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' \
        "$tmp/stdout" && ok "jsonl parses" || not_ok "jsonl parses"
fi
# Byte spans point at the sentence in the original file.
line=$(sed -n 3p "$tmp/s.tsv")
start=$(cut -f5 <<<"$line"); end=$(cut -f6 <<<"$line"); text=$(cut -f7 <<<"$line")
slice=$(tail -c +"$((start + 1))" "$corpus/004.ar.txt" | head -c "$((end - start))")
[ "$slice" = "$text" ] && ok "byte span matches the file" ||
    not_ok "byte span matches the file"

# Standard input.
expect_rc "split from stdin" 0 sh -c "printf 'Un. Deux.\n' | '$exe' split --lang fr -"
[ "$(wc -l < "$tmp/stdout")" -eq 2 ] && ok "stdin: 2 sentences" ||
    not_ok "stdin: 2 sentences"

# Legacy encodings from the command line.
iconv -f UTF-8 -t CP1251 "$corpus/003.ru.txt" > "$tmp/ru.txt"
expect_rc "detect cp1251" 0 "$exe" detect "$tmp/ru.txt"
grep -q 'windows-1251	ru	' "$tmp/stdout" && ok "cp1251 russian detected" ||
    not_ok "cp1251 russian detected"

# Bad input: exit 2, a message naming the file and offset, no output file.
printf 'Bonjour.\nabc\xc3\x28 def.\n' > "$tmp/bad.fr.txt"
expect_rc "invalid UTF-8 exits 2" 2 "$exe" split -e UTF-8 -o "$tmp/out.txt" "$tmp/bad.fr.txt"
grep -q 'bad.fr.txt: byte offset 12' "$tmp/stderr" && ok "error names file and offset" ||
    not_ok "error names file and offset"
[ ! -e "$tmp/out.txt" ] && ok "no output file after an error" ||
    not_ok "no output file after an error"
[ -z "$(ls "$tmp" | grep 'out.txt.')" ] && ok "no temporary file left" ||
    not_ok "no temporary file left"
printf 'x\000y' > "$tmp/bin.dat"
expect_rc "binary file exits 2" 2 "$exe" split "$tmp/bin.dat"
grep -q 'bin.dat: byte offset 1: NUL byte' "$tmp/stderr" && ok "binary message" ||
    not_ok "binary message"
expect_rc "missing file exits 2" 2 "$exe" split "$tmp/no-such-file.txt"
: > "$tmp/empty.fr.txt"
expect_rc "empty file is not an error" 0 "$exe" split "$tmp/empty.fr.txt"
[ ! -s "$tmp/stdout" ] && ok "empty file has no sentences" ||
    not_ok "empty file has no sentences"
expect_rc "missing output folder exits 2" 2 "$exe" split -o "$tmp/nodir/x.txt" "$corpus/000.fr.txt"
cp "$corpus/000.fr.txt" "$tmp/same.fr.txt"
expect_rc "output equal to input is refused" 2 "$exe" split -o "$tmp/same.fr.txt" "$tmp/same.fr.txt"
cmp -s "$corpus/000.fr.txt" "$tmp/same.fr.txt" && ok "input left intact" ||
    not_ok "input left intact"
tap_done
