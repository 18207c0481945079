#!/usr/bin/env bash
# fr-ar lexicon: French-English also through German (build-lexicons.py,
# dict-freedict-deu-eng), so that French words FreeDict's French-English
# leaves out reach Arabic: demande -> طلب, information -> معلومات,
# criminel -> مجرم; the header names the German sources (skipped without
# the package).
set -u
src=$1
build=$2
. "$src/tests/cli/tap.sh"
lex=$build/dictionaries/lexicon
dictd=/usr/share/dictd

if [ ! -f "$dictd/freedict-deu-eng.index" ] ||
    [ ! -f "$dictd/freedict-fra-deu.index" ]; then
    echo "1..0 # SKIP dict-freedict-deu-eng or -fra-deu not installed"
    exit 77
fi
has() { # FILE SOURCE TARGET: the pair is a line of FILE
    grep -qxF "$(printf '%s\t%s' "$2" "$3")" "$1"
}
for w in "demande طلب" "information معلومات" "criminel مجرم"; do
    set -- $w
    check "fr-ar.tsv: $1 -> $2 (through German)" has "$lex/fr-ar.tsv" "$1" "$2"
    check "fr-en.tsv has no $1 (why German is needed)" \
        bash -c "! grep -q '^$1'\$'\t' '$lex/fr-en.tsv'"
done
check "the fr-ar header names deu-eng" \
    grep -q '^# sources: .*deu-eng' "$lex/fr-ar.tsv"
tap_done
