#!/usr/bin/env bash
# Text+Berg de-fr gold (Sennrich & Volk 2010): length-only alignment of the
# test set (test0..6, scored together) and of dev; strict and lax P/R/F1
# with `polyalign eval`.  Published strict F1 on test: Gale-Church 0.68.
# Figures, not pass/fail.
#
# usage: bench/align-textberg.sh [BUILD_DIR] [extra align options...]
set -euo pipefail
build=${1:-build}
shift || true
top=$(cd "$(dirname "$0")/.." && pwd)
tb=$top/../shared/eval/textberg
pa=$build/src/polyalign
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/gold-test" "$work/sys-test" "$work/gold-dev" "$work/sys-dev"

for d in test0 test1 test2 test3 test4 test5 test6 dev; do
    set=test
    [ "$d" = dev ] && set=dev
    cp "$tb/$d.defr" "$work/gold-$set/$d"
    "$pa" align --presplit "$@" "$tb/$d.de" "$tb/$d.fr" -o "$work/sys-$set/$d"
done
printf '%-5s %8s %8s %8s   %8s %8s %8s\n' set "strict P" "strict R" \
    "strict F1" "lax P" "lax R" "lax F1"
for set in test dev; do
    "$pa" eval "$work/gold-$set" "$work/sys-$set" | awk -v s="$set" '
        /^strict/ {sp=$3; sr=$5; sf=$7} /^lax/ {lp=$3; lr=$5; lf=$7}
        END {printf "%-5s %8s %8s %8s   %8s %8s %8s\n", s, sp, sr, sf, lp, lr, lf}'
done
