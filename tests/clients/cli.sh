#!/bin/bash
# The `polyalign tmx` command line: exit statuses, messages with line
# numbers, refusals.  Usage: cli.sh POLYALIGN SRCDIR
set -u
exe=$1
d=$2/tests/data/tmx
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d -t polyalign-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT

# expect STATUS -- command...: run, check the exit status, keep the output.
expect() {
    local want=$1 got
    shift
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" -eq "$want" ] ||
        fail "$* exited $got, expected $want: $(head -3 "$T/err" "$T/out")"
}

expect 0 "$exe" tmx validate "$d/level1.tmx" "$d/level2-3lang.tmx"
grep -q 'level1.tmx: valid' "$T/out" || fail "validate: no 'valid' line"
expect 2 "$exe" tmx validate "$d/level1.tmx" "$d/bad-rules.tmx"
grep -q 'bad-rules.tmx:10: tuid "1" already used on line 6' "$T/out" ||
    fail "validate: duplicate tuid not reported with its line"
grep -q 'bad-rules.tmx: invalid' "$T/out" || fail "validate: no summary"
expect 2 "$exe" tmx stats "$d/bad/billion-laughs.tmx"
grep -q 'entity' "$T/err" || fail "billion laughs: no message"
expect 2 "$exe" tmx stats "$d/bad/malformed.tmx"
grep -q 'malformed.tmx:7:' "$T/err" || fail "malformed: no line number"
expect 0 "$exe" tmx stats "$d/level2-3lang.tmx"
grep -q 'TUs            4' "$T/out" || fail "stats: TU count"
expect 1 "$exe" tmx merge "$d/merge-a.tmx"
expect 1 "$exe" tmx nonsense "$d/merge-a.tmx"
expect 1 "$exe" tmx filter --min-confidence high -o "$T/x.tmx" "$d/filter.tmx"
cp "$d/merge-a.tmx" "$T/a.tmx"
expect 1 "$exe" tmx merge -o "$T/a.tmx" "$T/a.tmx" "$d/merge-b.tmx"
cmp -s "$T/a.tmx" "$d/merge-a.tmx" || fail "merge overwrote its input"
expect 0 "$exe" tmx merge --keep newest -o "$T/m.tmx" "$d/merge-a.tmx" \
    "$d/merge-b.tmx"
grep -q '6 TUs read, 4 written, 2 duplicates' "$T/err" || fail "merge counts"
expect 0 "$exe" tmx convert --to tsv "$d/filter.tmx"
[ "$(head -1 "$T/out")" = "$(printf 'fr\tru\tar')" ] || fail "tsv header"
[ "$(wc -l < "$T/out")" -eq 6 ] || fail "tsv rows"
expect 2 "$exe" tmx convert --from tsv -o "$T/r.tmx" "$d/bad/ragged.tsv"
grep -q 'ragged.tsv:2:' "$T/err" || fail "ragged TSV: no line number"
[ ! -e "$T/r.tmx" ] || fail "a failed conversion left an output file"
expect 0 "$exe" tmx --help
echo "ok: polyalign tmx command line"
