#!/usr/bin/env bash
# Fuzz each target for a while with libFuzzer, one after the other, on one
# core: tests/fuzz/run-fuzz.sh BUILD SECONDS [TARGET...]
# BUILD is a build folder configured with -Dfuzzing=true and clang.  Each
# target starts from its seeds (tests/fuzz/corpus/<target>, copied into
# BUILD/fuzz-work/<target> so the repository is not touched) and writes
# crashing inputs into BUILD/fuzz-work/<target>-artifacts/.  Prints one line
# per target: executions, new corpus size, findings.  Exit status 1 if a
# target found a crash, leak, timeout or out-of-memory.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run-fuzz.sh BUILD SECONDS [TARGET...]}
secs=${2:?usage: run-fuzz.sh BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(doc srx split tmx beads align lexicon multi compare)
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export POLYALIGN_SRCDIR=${POLYALIGN_SRCDIR:-$(cd "$here/../.." && pwd)}
status=0
for t in "${targets[@]}"; do
    exe=$build/tests/fuzz/fuzz-$t
    work=$build/fuzz-work/$t
    art=$build/fuzz-work/$t-artifacts
    log=$build/fuzz-work/$t.log
    extra=()
    case $t in
    srx) extra=(-dict="$here/dict/srx.dict") ;;
    tmx) extra=(-dict="$here/dict/tmx.dict") ;;
    compare) extra=(-max_len=2048) ;; # whole documents: keep them small
    esac
    if [ ! -x "$exe" ]; then
        echo "$t: no fuzz binary in $build (configure with -Dfuzzing=true)"
        status=1
        continue
    fi
    mkdir -p "$work" "$art"
    cp -n "$here/corpus/$t"/* "$work"/ 2>/dev/null
    "$exe" "$work" -max_total_time="$secs" -seed="${FUZZ_SEED:-1}" -timeout=10 \
        -rss_limit_mb=2048 -max_len=16384 "${extra[@]}" -print_final_stats=1 \
        -artifact_prefix="$art/" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    # A slow unit (over 10 s, e.g. on a loaded machine) is reported by
    # libFuzzer but is not a finding; a timeout (-timeout) is.
    findings=$(find "$art" -type f ! -name 'slow-unit-*' | wc -l)
    printf '%s: %s executions in %ss, corpus %s files, %s findings (exit %s)\n' \
        "$t" "${execs:-?}" "$secs" "$(find "$work" -type f | wc -l)" \
        "$findings" "$rc"
    if [ $rc -ne 0 ] || [ "$findings" -ne 0 ]; then
        grep -m3 -E 'ERROR|SUMMARY|runtime error' "$log"
        status=1
    fi
done
exit $status
