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
. "$src/tests/clients/omegat-project.sh"
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
    omegat_project "$1" "$2" "$src/corpora/kremlin-biden-2021/000.fr.txt" \
        "$T/memory.tmx"
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
