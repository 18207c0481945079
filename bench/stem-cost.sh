#!/bin/sh
# The floor under the lexical evidence's time: what normalizing each side
# of the 10k fr-ru scale pair costs (bench/stem-cost.c: the normalizer's
# load and tokenizing times), and how much of it Hunspell alone takes
# (creating the dictionary, then Hunspell_stem once per distinct word
# form).  Figures only, never pass/fail; noisy on a shared machine.
# Usage (from the repo root): bench/stem-cost.sh [BUILDDIR] [UN_DEVSET_DIR]
set -eu
build=${1:-build}
un=${2:-../shared/eval/un-devset}
exe="$build/bench/stem-cost"
[ -x "$exe" ] || { echo "no $exe: build first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 bench/align-synth.py "$un/UNv1.0.devset" fr ru 10000 0.05 42 \
    "$tmp/s" >/dev/null
for l in fr ru; do
    dic=/usr/share/hunspell/${l}_$(echo "$l" | tr a-z A-Z)
    [ -f "$dic.dic" ] || dic=/usr/share/hunspell/$l
    "$exe" "$l" "$tmp/s.$l" "$dic.aff" "$dic.dic"
done
