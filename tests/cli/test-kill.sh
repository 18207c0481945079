#!/usr/bin/env bash
# Nothing lost: SIGKILL `polyalign tmx convert --from tsv` and
# `polyalign tmx merge` at random moments while they write a memory; the
# target must then hold the previous file or the complete new one (byte for
# byte, but for its creation date), never a damaged one.  Seeded (KILL_SEED, default 7); KILL_RUNS
# runs per command (default 150).  Prints the counts as a TAP comment.
set -u
exe=$1
src=$2
. "$src/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
RANDOM=${KILL_SEED:-7}
runs=${KILL_RUNS:-150}

python3 - "$tmp" <<'EOF'
import random, sys
d = sys.argv[1]
random.seed(3)
words = ['alpha', 'beta', 'gamma', 'delta', 'один', 'два', 'три', 'واحد']
w = lambda: ' '.join(random.choice(words) for _ in range(random.randint(3, 12)))
for name, n in (('big', 20000), ('a', 2000), ('b', 2000)):
    with open('%s/%s.tsv' % (d, name), 'w') as f:
        f.write('fr\tru\n')
        for i in range(n):
            f.write('%s %s%d\t%s\n' % (w(), name, i, w()))
EOF
"$exe" tmx convert --from tsv -o "$tmp/prev.tmx" "$tmp/a.tsv" 2>/dev/null &&
"$exe" tmx convert --from tsv -o "$tmp/b.tmx" "$tmp/b.tsv" 2>/dev/null &&
"$exe" tmx convert --from tsv -o "$tmp/new-convert.tmx" "$tmp/big.tsv" \
    2>/dev/null &&
"$exe" tmx merge -o "$tmp/new-merge.tmx" "$tmp/prev.tmx" "$tmp/b.tmx" \
    2>/dev/null || { echo "Bail out! cannot write the reference memories"; exit 1; }

# The same memory but for the creation date in its header.
same() {
    cmp -s <(sed 's/creationdate="[^"]*"//' "$1") \
        <(sed 's/creationdate="[^"]*"//' "$2")
}

# Time a complete run of each, to spread the kills over it.
ms() { date +%s%N | cut -c1-13; }
for what in convert merge; do
    t0=$(ms)
    case $what in
    convert) "$exe" tmx convert --from tsv -o "$tmp/t.tmx" "$tmp/big.tsv" ;;
    merge) "$exe" tmx merge -o "$tmp/t.tmx" "$tmp/prev.tmx" "$tmp/b.tmx" ;;
    esac >/dev/null 2>&1
    eval "span_$what=\$(( \$(ms) - t0 + 20 ))"
done

for what in convert merge; do
    eval "span=\$span_$what"
    kept=0 replaced=0 damaged=0
    for ((i = 0; i < runs; i++)); do
        cp "$tmp/prev.tmx" "$tmp/target.tmx"
        case $what in
        convert)
            "$exe" tmx convert --from tsv -o "$tmp/target.tmx" \
                "$tmp/big.tsv" >/dev/null 2>&1 &
            ;;
        merge)
            # Merging into the target itself is refused; merge the same
            # inputs from copies.
            "$exe" tmx merge -o "$tmp/target.tmx" "$tmp/prev.tmx" \
                "$tmp/b.tmx" >/dev/null 2>&1 &
            ;;
        esac
        pid=$!
        sleep "$(printf '%d.%03d' $((RANDOM % span / 1000)) \
            $((RANDOM % span % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        if cmp -s "$tmp/target.tmx" "$tmp/prev.tmx"; then
            kept=$((kept + 1))
        elif same "$tmp/target.tmx" "$tmp/new-$what.tmx"; then
            replaced=$((replaced + 1))
        else
            damaged=$((damaged + 1))
            cp "$tmp/target.tmx" "$tmp/damaged-$what-$i.tmx"
        fi
        rm -f "$tmp"/target.tmx.??????
    done
    echo "# $what: $runs kills: $kept previous, $replaced new, $damaged damaged"
    [ "$damaged" -eq 0 ] && ok "$what: no damaged memory in $runs kills" ||
        not_ok "$what: $damaged damaged memories in $runs kills"
    [ "$kept" -gt 0 ] && ok "$what: some kills came before the rename" ||
        not_ok "$what: no kill came before the rename"
    [ "$replaced" -gt 0 ] && ok "$what: some runs completed" ||
        not_ok "$what: no run completed"
done
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$tmp/new-convert.tmx" "$tmp/new-merge.tmx" \
        "$tmp/prev.tmx" && ok "the memories are well-formed XML" ||
        not_ok "the memories are well-formed XML"
fi
tap_done
