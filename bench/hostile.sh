#!/usr/bin/env bash
# Hostile inputs (tests/cli/hostile-cases.sh, the one-line text at 100 MB):
# prints a table of input, outcome (exit status, first line of the
# message), peak RSS and time.  Figures, not pass/fail; the machine is
# shared, so times are noisy.
#
# usage: bench/hostile.sh [BUILD_DIR] [BIG_MB]
set -uo pipefail
build=${1:-build}
big=${2:-100}
top=$(cd "$(dirname "$0")/.." && pwd)
exe=$(cd "$build" && pwd)/src/polyalign
. "$top/tests/cli/hostile-cases.sh"
tmp=$(mktemp -d)
dir=$tmp/in
trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$dir"
chmod 755 "$dir"
hostile_make "$dir" "$big"
as_user=
if [ "$(id -u)" -eq 0 ]; then
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
printf '| %-44s | %-4s | %-60s | %9s | %6s |\n' input exit message \
    "peak RSS" time
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" ------ \
    "$(printf -- '-%.0s' {1..62})" ----------- --------
while IFS='|' read -r name want regex cmd; do
    cmd=${cmd//BIG/$big}
    name=${name//BIG/$big}
    eval "/usr/bin/time -f '%M %e' -o $tmp/time $cmd" >/dev/null \
        2>"$tmp/stderr"
    rc=$?
    msg=$(grep -v '^Command exited' "$tmp/stderr" | head -1 |
        sed "s|$dir/||g; s|polyalign: ||" | cut -c1-60)
    read -r kb secs < <(tail -1 "$tmp/time")
    printf '| %-44s | %-4s | %-60s | %6d MB | %5ss |\n' "$name" "$rc" \
        "$msg" "$((kb / 1024))" "$secs"
done < <(hostile_cases)
