#!/usr/bin/env bash
# Hostile and broken input (tests/cli/hostile-cases.sh): every case ends
# with its documented exit status and message (README, "Troubleshooting"),
# no network access is attempted, no temporary file is left behind and a
# full disk leaves the previous output in place.
# The one-line text is 16 MB here (bench/hostile.sh uses 100 MB).
set -u
exe=$1
src=$2
. "$src/tests/cli/tap.sh"
. "$src/tests/cli/hostile-cases.sh"
tmp=$(mktemp -d)
dir=$tmp/in
trap 'umount "$tmp/small" 2>/dev/null; chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$dir"
chmod 755 "$dir"
hostile_make "$dir" 16 || { echo "Bail out! cannot write the inputs"; exit 1; }
as_user=
if [ "$(id -u)" -eq 0 ]; then
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

while IFS='|' read -r name want regex cmd; do
    cmd=${cmd//BIG/16}
    eval "$cmd" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        not_ok "$name: exit $rc, wanted $want"
        head -5 "$tmp/stderr" | sed 's/^/# /'
    elif [ -n "$regex" ] && ! grep -Eq -- "$regex" "$tmp/stderr"; then
        not_ok "$name: message /$regex/ missing"
        head -5 "$tmp/stderr" | sed 's/^/# /'
    else
        ok "$name (exit $rc)"
    fi
    if grep -q 'AddressSanitizer\|runtime error' "$tmp/stderr"; then
        not_ok "$name: sanitizer report"
    fi
done < <(hostile_cases)

# Outcomes beyond the exit status.
"$exe" tmx stats "$dir/manytuv.tmx" 2>/dev/null | grep -q '1000000 segments' &&
    ok "1000000 tuvs all read" || not_ok "1000000 tuvs all read"
[ "$("$exe" split "$dir/emptylines.fr.txt" | wc -l)" -eq 0 ] &&
    ok "empty lines: no sentence" || not_ok "empty lines: no sentence"
[ "$(wc -l < "$dir/onesentence.out")" -eq 1 ] &&
    ok "1 MB sentence: one sentence" || not_ok "1 MB sentence: one sentence"
[ -s "$dir/oneline.out" ] && ok "one-line file: sentences written" ||
    not_ok "one-line file: sentences written"
"$exe" detect "$dir/utf16.fr.txt" | grep -q 'UTF-16LE' &&
    ok "UTF-16LE without BOM detected" || not_ok "UTF-16LE without BOM detected"
[ -c /dev/full ] && ok "/dev/full is still a device" ||
    not_ok "/dev/full is still a device"
"$exe" align "$dir/doc.fr.txt" "$dir/doc.fr.txt" 2>/dev/null |
    awk -F: '$1 != $2 { bad = 1 } END { exit bad }' &&
    ok "identical documents: every bead n-n on the same sentences" ||
    not_ok "identical documents: every bead n-n on the same sentences"
# The same document twice in compare: every matched pair is a sentence
# with itself, and the command succeeds.
"$exe" compare "$src/corpora/kremlin-biden-2021/000.fr.txt" \
    "$src/corpora/kremlin-biden-2021/000.fr.txt" > "$tmp/self.tsv" 2>/dev/null &&
    [ "$(wc -l < "$tmp/self.tsv")" -gt 3 ] &&
    awk -F'\t' 'NR > 1 && $3 != $6 { bad = 1 } END { exit bad }' "$tmp/self.tsv" &&
    ok "same document twice in compare: sentences pair with themselves" ||
    not_ok "same document twice in compare: sentences pair with themselves"
# (atomic outputs are PATH.XXXXXX: six letters or digits after a dot)
left=$(find "$dir" -regextype posix-extended -regex '.*\.[A-Za-z0-9]{6}' |
    wc -l)
[ "$left" -eq 0 ] && ok "no temporary file left" ||
    not_ok "$left temporary files left"

# No network: no socket is even opened for external entities and DTDs.
if command -v strace >/dev/null 2>&1 &&
        strace -f -qq -o /dev/null true 2>/dev/null; then
    for f in netdtd xxe-http; do
        strace -f -qq -e trace=socket,connect -o "$tmp/trace" \
            "$exe" tmx stats "$dir/$f.tmx" >/dev/null 2>&1
        if grep -Eq 'AF_INET|AF_INET6' "$tmp/trace"; then
            not_ok "$f: network socket opened"
        else
            ok "$f: no network access"
        fi
    done
else
    ok "# SKIP strace not usable"
fi

# A really full disk: a 256 KiB tmpfs (needs root and mount).
mkdir "$tmp/small"
if mount -t tmpfs -o size=256k tmpfs "$tmp/small" 2>/dev/null; then
    cp "$dir/ok.tmx" "$tmp/small/m.tmx"
    "$exe" tmx merge -o "$tmp/small/m.tmx" "$dir/manytuv.tmx" \
        >/dev/null 2>"$tmp/stderr"
    rc=$?
    [ $rc -eq 2 ] && grep -q 'No space left on device\|cannot write' \
        "$tmp/stderr" && ok "tmpfs full: exit 2" ||
        not_ok "tmpfs full: exit $rc"
    cmp -s "$dir/ok.tmx" "$tmp/small/m.tmx" &&
        ok "tmpfs full: previous file intact" ||
        not_ok "tmpfs full: previous file damaged"
    [ "$(ls "$tmp/small" | wc -l)" -eq 1 ] &&
        ok "tmpfs full: no temporary file left" ||
        not_ok "tmpfs full: temporary file left"
    umount "$tmp/small"
else
    ok "# SKIP cannot mount a tmpfs here"
fi
tap_done
