#!/bin/bash
# Client test: OmegaT (Debian package omegat, console mode, no display) loads
# a memory written by polyalign from tm/auto/ and pre-translates the bundled
# French report with it: fr -> ru, then fr -> ar.  A missing OmegaT or Java
# is a failure, not a skip (bootstrap.sh test installs them).
#
# Usage: omegat.sh POLYALIGN SRCDIR     (meson passes both)
set -u
exe=$1
src=$2
OMEGAT_JAR=${OMEGAT_JAR:-/usr/share/omegat/OmegaT.jar}
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$OMEGAT_JAR" ] || fail "$OMEGAT_JAR missing: apt-get install omegat"
command -v java >/dev/null || fail "java missing: apt-get install omegat"

T=$(mktemp -d -t polyalign-omegat.XXXXXX)
trap 'rm -rf "$T"' EXIT
tsv=$src/tests/data/tmx/kremlin-fr-ru-ar.tsv
"$exe" tmx convert --from tsv --srclang fr --creationid polyalign-test \
    -o "$T/memory.tmx" "$tsv" || fail "polyalign could not write the memory"

# project TARGET_LANG TOKENIZER: run OmegaT, fill $T/$1/target/
project() {
    local lang=$1 tok=$2 P=$T/$1
    mkdir -p "$P"/{source,target,tm/auto,glossary,dictionary,omegat} \
        "$T/config-$lang"
    cat > "$P/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>fr</source_lang>
    <target_lang>$lang</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>$tok</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
    cp "$src/corpora/kremlin-biden-2021/000.fr.txt" "$P/source/report.txt"
    cp "$T/memory.tmx" "$P/tm/auto/polyalign.tmx"
    java -Djava.awt.headless=true -jar "$OMEGAT_JAR" "$P" \
        --mode=console-translate --config-dir="$T/config-$lang" \
        --disable-project-locking > "$T/omegat-$lang.log" 2>&1 ||
        fail "OmegaT exited with $? (log: $(tail -5 "$T/omegat-$lang.log"))"
    # OmegaT exits 0 even when it cannot load a memory.
    local bad='Failed to load|TF_TM_LOAD_ERROR'
    if grep -qiE "$bad" "$T/omegat-$lang.log"; then
        fail "OmegaT could not load the memory:" \
            "$(grep -iE "$bad" "$T/omegat-$lang.log" | head -3)"
    fi
    [ -f "$P/target/report.txt" ] || fail "OmegaT wrote no target ($lang)"
}

check_filled() {
    local lang=$1 col=$2 n=0 line
    while IFS= read -r line; do
        grep -qF -- "$line" "$T/$lang/target/report.txt" ||
            fail "$lang target lacks the aligned sentence: $line"
        n=$((n + 1))
    done < <(tail -n +2 "$tsv" | cut -f"$col")
    # The source sentences in the memory are gone from the target.
    if grep -qF "a indiqué Dmitri Peskov." "$T/$lang/target/report.txt"; then
        fail "$lang target still has the French sentence"
    fi
    echo "ok: OmegaT filled $n $lang sentences from polyalign's memory"
}

project ru org.omegat.tokenizer.LuceneRussianTokenizer
check_filled ru 2
project ar org.omegat.tokenizer.LuceneArabicTokenizer
check_filled ar 3
