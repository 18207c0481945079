#!/usr/bin/env bash
# Comparable mode, measured with known truth (issue 6): precision and
# recall of `polyalign compare` on test sets built from NTREX and the UN
# dev set for fr-ru, fr-ar and ru-ar (bench/compare-sets.py: whole
# documents by id, one side shuffled, 50% of the sentences deleted on each
# side independently, as many unrelated sentences from other documents
# inserted; fixed seeds).  Prints P/R at a few thresholds of the score
# (a probability; the default 0.85), the best threshold reaching
# precision 0.95 and the run time (a shared machine: noisy).  Figures
# only, never pass/fail.
#
#   bench/compare-sets.sh [BUILD_DIR] [SEED...]     (default: build 1 2)
#   DIAG=1 bench/compare-sets.sh ...   also why the missed true pairs are
#                                      missed (compare-sets.py --diag)
#   PER_DOC=1 bench/compare-sets.sh ...  the same protocol one NTREX
#                                      document at a time (4 to 30 lines:
#                                      the size of two reports a user
#                                      compares), P/R over all of them
set -eu
build=${1:-build}
shift || true
seeds=${*:-1 2}
pa=$build/src/polyalign
here=$(dirname "$0")
eval_dir=${EVAL_DIR:-../shared/eval}
[ -d "$eval_dir" ] || eval_dir=/work/shared/eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "${PER_DOC:-0}" = 1 ]; then
    for pair in fr-ru fr-ar ru-ar; do
        for seed in $seeds; do
            python3 "$here/compare-sets.py" "$pa" "ntrex:$eval_dir/ntrex" \
                "$pair" "$seed" "$tmp" --per-doc
        done
    done
    exit 0
fi
for corpus in "ntrex:$eval_dir/ntrex" "un:$eval_dir/un-devset"; do
    for pair in fr-ru fr-ar ru-ar; do
        for seed in $seeds; do
            python3 "$here/compare-sets.py" "$pa" "$corpus" "$pair" "$seed" \
                "$tmp" ${DIAG:+--diag}
        done
    done
done
