#!/usr/bin/env bash
# Mueller's English-Russian dictionary as a lexicon source
# (dictionaries/lexicon/build-lexicons.py): its markup is read as the
# script means to on a made-up entry (senses in order, labels dropped,
# examples, idioms, rare senses, abbreviations and affixes left out), and
# when Debian's mueller7-dict is installed the generated lexicons hold
# pairs only it gives: en-ru election -> выборы, and ru-ar переговоры ->
# مفاوضات reached through its negotiation -> переговоры (skipped without
# the package; the whole test, 77, without python3).
set -u
src=$1
build=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lex=$build/dictionaries/lexicon
dictd=/usr/share/dictd

command -v python3 >/dev/null || { echo "1..0 # SKIP no python3"; exit 77; }

# A made-up entry in Mueller's markup (not the dictionary's text).
cat > "$tmp/parse.py" <<'PY'
import importlib.util
import sys
spec = importlib.util.spec_from_file_location("bl", sys.argv[1])
bl = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bl)
body = """   [↗tɛst]
   1. _n.
      1) проба, испытание; a blood test анализ крови
      2) _уст. искус
      3) _attr. проверочный; test pilot лётчик-испытатель
   2. _v.
      1) испытывать, проверять (что-л.); to test smb. проверить кого-л.
      2) испытывать кого-л.; тест-
      3) делать анализ; to test out
         а) опробовать;
         б) выдержать"""
print("\n".join(bl.mueller_translations(body)))
PY
python3 "$tmp/parse.py" "$src/dictionaries/lexicon/build-lexicons.py" \
    > "$tmp/parsed" 2> "$tmp/err"
printf '%s\n' проба испытание проверочный испытывать проверять \
    "делать анализ" > "$tmp/want"
if diff "$tmp/want" "$tmp/parsed" > "$tmp/diff"; then
    ok "a made-up entry: translations in sense order, the rest left out"
else
    not_ok "a made-up entry: translations in sense order, the rest left out"
    sed 's/^/# /' "$tmp/diff" "$tmp/err"
fi

if [ ! -f "$dictd/mueller7.index" ]; then
    tap_n=$((tap_n + 1))
    echo "ok $tap_n # SKIP mueller7-dict not installed: lexicons without it"
    tap_done
    exit
fi
has() { # FILE SOURCE TARGET: the pair is a line of FILE
    grep -qxF "$(printf '%s\t%s' "$2" "$3")" "$1"
}
check "en-ru.tsv: election -> выборы (Mueller only)" \
    has "$lex/en-ru.tsv" election выборы
check "en-ru.tsv: negotiation -> переговоры" \
    has "$lex/en-ru.tsv" negotiation переговоры
check "ru-ar.tsv: переговоры -> مفاوضات (through negotiation)" \
    has "$lex/ru-ar.tsv" переговоры مفاوضات
check "ru-ar.tsv: выборы -> إنتخاب (through election)" \
    has "$lex/ru-ar.tsv" выборы إنتخاب
check "en-ru.tsv: Mueller's affixes (-proof, auto-) left out" \
    bash -c "! grep -qE '^(-proof|auto-)'\$'\t' '$lex/en-ru.tsv'"
check "en-ru.tsv: no Latin letters in Russian" \
    bash -c "! grep -v '^#' '$lex/en-ru.tsv' | cut -f2 | grep -q '[A-Za-z]'"
check "LICENSES names mueller7 under GPL-2+" \
    grep -q '^  mueller7: GPL-2+' "$lex/LICENSES"
check "the ru-ar header names its sources with mueller7" \
    grep -q '^# sources: .*mueller7' "$lex/ru-ar.tsv"
tap_done
