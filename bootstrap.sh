#!/usr/bin/env bash
# polyalign set-up: install what is missing (Debian 12), build, then either
# run the main job on the bundled corpora or run the test suite.
#
#   ./bootstrap.sh run     install, build, process corpora/ into out/
#   ./bootstrap.sh test    install (with test tools), build, run the tests
#   ./bootstrap.sh deps    only install the Debian packages
#
# Idempotent and non-interactive.  BUILD_DIR (default: build) names the
# build folder, OUT_DIR (default: out) the output folder of `run`;
# MESON_ARGS are passed to `meson setup`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
build=${BUILD_DIR:-build}

# What building and running needs.
runtime_pkgs=(
    meson ninja-build pkg-config gcc libc6-dev
    libicu-dev libhunspell-dev libxml2-dev
    hunspell-fr hunspell-ru hunspell-ar
    dict-freedict-fra-rus dict-freedict-fra-eng dict-freedict-eng-fra
    dict-freedict-eng-rus dict-freedict-eng-ara dict-freedict-ara-eng
    dict-freedict-deu-fra dict-freedict-fra-deu
    dict-freedict-deu-rus
    dict-freedict-deu-eng
    mueller7-dict
    python3
)
# What the test suite needs on top.
test_pkgs=(
    check libxml2-utils
    omegat translate-toolkit unzip
    clang libclang-rt-14-dev strace
    chromium
)

say() { printf 'bootstrap: %s\n' "$*" >&2; }

missing_pkgs() {
    local p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
                grep -q 'install ok installed'; then
            printf '%s\n' "$p"
        fi
    done
}

install_pkgs() {
    local missing
    mapfile -t missing < <(missing_pkgs "$@")
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo -n)
        else
            say "these Debian packages are missing and I am not root:"
            say "  apt-get install ${missing[*]}"
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get update -qq ||
       ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null; then
        say "could not install: ${missing[*]}"
        say "run as root: apt-get update && apt-get install ${missing[*]}"
        exit 1
    fi
}

do_build() {
    if [ ! -f "$build/build.ninja" ]; then
        meson setup "$build" ${MESON_ARGS:-} >/dev/null
    fi
    ninja -C "$build" >/dev/null
}

# The main job on the bundled corpora.  Each stage writes into out/.
do_run() {
    local exe="$build/src/polyalign" outdir=${OUT_DIR:-out} f set base
    for f in corpora/*/*.txt; do
        set=$(basename "$(dirname "$f")")
        base=$(basename "$f" .txt)
        mkdir -p "$outdir/$set"
        "$exe" split --format tsv -o "$outdir/$set/$base.sentences.tsv" "$f"
        printf '%s: %s sentences\n' "$f" \
            "$(($(wc -l < "$outdir/$set/$base.sentences.tsv") - 1))"
    done
    # Align the parallel sample, French with Russian and with Arabic.
    for f in corpora/ntrex-sample/*.fr.txt; do
        base=$(basename "$f" .fr.txt)
        for t in ru ar; do
            "$exe" align --format tsv -o "$outdir/ntrex-sample/$base.fr-$t.tsv" \
                "$f" "corpora/ntrex-sample/$base.$t.txt"
            # The same pair as a bilingual translation memory.
            "$exe" align -o "$outdir/ntrex-sample/$base.fr-$t.tmx" \
                --unaligned "$outdir/ntrex-sample/$base.fr-$t.unaligned.tsv" \
                "$f" "corpora/ntrex-sample/$base.$t.txt"
        done
        # One memory in three languages (French pivot, ru-ar checked).
        "$exe" align -o "$outdir/ntrex-sample/$base.tmx" \
            --unaligned "$outdir/ntrex-sample/$base.unaligned.tsv" \
            "$f" "corpora/ntrex-sample/$base.ru.txt" \
            "corpora/ntrex-sample/$base.ar.txt"
        printf '%s: %s TUs in fr, ru, ar\n' "$outdir/ntrex-sample/$base.tmx" \
            "$(grep -c '<tu>' "$outdir/ntrex-sample/$base.tmx")"
        # Its review page (open it in a browser).
        "$exe" report -o "$outdir/ntrex-sample/$base.review.html" \
            "$f" "corpora/ntrex-sample/$base.ru.txt" \
            "corpora/ntrex-sample/$base.ar.txt"
        printf '%s: review page\n' "$outdir/ntrex-sample/$base.review.html"
    done
    # Statements the comparable reports share (fr, ru, ar); free
    # renderings share few words: a threshold below the default, which is
    # tuned for precision on translated sentences.
    local k=corpora/kremlin-biden-2021
    "$exe" compare -o "$outdir/kremlin-biden-2021/shared-statements.tsv" \
        -t 0.2 "$k/000.fr.txt" "$k/003.ru.txt" "$k/004.ar.txt"
    printf '%s: %s shared statement pairs\n' \
        "$outdir/kremlin-biden-2021/shared-statements.tsv" \
        "$(($(wc -l < "$outdir/kremlin-biden-2021/shared-statements.tsv") - 1))"
    "$exe" report --compare -o "$outdir/kremlin-biden-2021/review.html" \
        -t 0.2 "$k/000.fr.txt" "$k/003.ru.txt" "$k/004.ar.txt"
    printf '%s: review page\n' "$outdir/kremlin-biden-2021/review.html"
    say "wrote $outdir/"
}

cmd=${1:-run}
case "$cmd" in
deps)
    install_pkgs "${runtime_pkgs[@]}" "${test_pkgs[@]}"
    ;;
run)
    install_pkgs "${runtime_pkgs[@]}"
    do_build
    do_run
    ;;
test)
    install_pkgs "${runtime_pkgs[@]}" "${test_pkgs[@]}"
    do_build
    meson test -C "$build" --print-errorlogs "${@:2}"
    ;;
*)
    echo "usage: $0 run|test|deps" >&2
    exit 1
    ;;
esac
