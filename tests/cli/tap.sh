# Minimal TAP helpers for shell tests (sourced).
tap_n=0
tap_failed=0
ok() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $*"
}
not_ok() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $*"
}
# check DESCRIPTION COMMAND...: ok when COMMAND succeeds
check() {
    local desc=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$desc"; else not_ok "$desc"; fi
}
# expect_rc DESCRIPTION RC COMMAND...: ok when COMMAND exits with RC
expect_rc() {
    local desc=$1 want=$2 rc
    shift 2
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    if [ "$rc" -eq "$want" ]; then
        ok "$desc"
    else
        not_ok "$desc (exit $rc, wanted $want)"
        sed 's/^/# /' "$tmp/stderr"
    fi
}
tap_done() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}
