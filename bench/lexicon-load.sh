#!/bin/sh
# Size and load time of each generated lexicon (bench/lexicon-load.c:
# polyalign_lexicon_new + polyalign_lexicon_load_default, REPEAT times,
# fastest and median wall time).  Figures only, never pass/fail; timings
# are noisy on a shared machine (compare the minimum).
# Usage (from the repo root): bench/lexicon-load.sh [BUILDDIR] [REPEAT]
# POLYALIGN_DATADIR=DIR measures the lexicons of DIR/lexicon instead.
set -eu
build=${1:-build}
repeat=${2:-5}
exe="$build/bench/lexicon-load"
[ -x "$exe" ] || { echo "no $exe: build first" >&2; exit 1; }
dir=${POLYALIGN_DATADIR:+$POLYALIGN_DATADIR/lexicon}
dir=${dir:-$build/dictionaries/lexicon}
echo "# sizes ($dir)"
for p in fr-ru fr-ar ru-ar en-ru; do
    printf '%-6s %9d bytes\n' "$p" "$(wc -c < "$dir/$p.tsv")"
done
echo "# load time, $repeat runs"
"$exe" "$repeat" fr-ru fr-ar ru-ar en-ru
