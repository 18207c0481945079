#!/bin/sh
# Text+Berg de-fr (Sennrich & Volk 2010 gold alignments): strict and lax
# P/R/F1, length-only against lexical evidence, dev and test sets, with the
# time each takes.  Prints figures; never pass/fail.  Timings are noisy on
# a shared machine.
# Also UN dev (Ziemski et al. 2016) fr-ru and fr-ar: 8 documents of 100
# lines each with 10% of the target lines deleted (fixed seed), the gold
# known by construction.
# Usage (from the repo root): bench/lexical.sh [BUILDDIR] [TEXTBERG_DIR]
#                                               [UN_DEVSET_DIR]
set -eu
build=${1:-build}
tb=${2:-../shared/eval/textberg}
un=${3:-../shared/eval/un-devset}
exe="$build/src/polyalign"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -x "$exe" ] || { echo "no $exe: build first" >&2; exit 1; }
[ -d "$tb" ] || { echo "no Text+Berg folder $tb" >&2; exit 1; }

opts() { # mode -> align options
    case $1 in
    lexical|serial) echo --lexical ;;
    two-pass) echo --lexical --two-pass ;;
    esac
}

run() { # set mode
    set_=$1; mode=$2
    if [ "$set_" = dev ]; then docs=dev; else
        docs=$(cd "$tb" && ls test*.defr | sed 's/\.defr$//'); fi
    rm -rf "$tmp/sys" "$tmp/gold"; mkdir -p "$tmp/sys" "$tmp/gold"
    t0=$(date +%s.%N)
    for d in $docs; do
        extra=$(opts "$mode")
        "$exe" align --presplit --src-lang de --tgt-lang fr $extra \
            -o "$tmp/sys/$d" "$tb/$d.de" "$tb/$d.fr" 2>/dev/null
        cp "$tb/$d.defr" "$tmp/gold/$d"
    done
    t1=$(date +%s.%N)
    "$exe" eval "$tmp/gold" "$tmp/sys" | awk -v s="$set_" -v m="$mode" \
        -v t="$(echo "$t1 - $t0" | bc)" '
        /^strict|^lax/ { printf "%-5s %-8s %-6s %s %s %s %s %s %s %6.2fs\n",
                         s, m, $1, $2, $3, $4, $5, $6, $7, t }'
}

echo "# set  evidence  score   P        R        F1     time"
for s in dev test; do
    for m in length lexical two-pass; do run $s $m; done
done

[ -d "$un" ] || { echo "no UN dev set $un: skipped"; exit 0; }
mkdir -p "$tmp/un"
python3 - "$un" "$tmp/un" <<'PY'
import random, sys
src, out = sys.argv[1], sys.argv[2]
L = {l: open("%s/UNv1.0.devset.%s" % (src, l), encoding="utf-8")
     .read().split("\n") for l in ("fr", "ru", "ar")}
random.seed(7)
for tgt in ("ru", "ar"):
    for k in range(8):
        a = k * 100
        keep = [i for i in range(100) if random.random() > 0.1]
        with open("%s/d%d.fr-%s.fr" % (out, k, tgt), "w") as f:
            f.write("\n".join(L["fr"][a:a + 100]) + "\n")
        with open("%s/d%d.fr-%s.%s" % (out, k, tgt, tgt), "w") as f:
            f.write("\n".join(L[tgt][a + i] for i in keep) + "\n")
        gold, j = [], 0
        for i in range(100):
            if i in keep:
                gold.append("[%d]:[%d]" % (i, j))
                j += 1
            else:
                gold.append("[%d]:[]" % i)
        with open("%s/d%d.fr-%s.gold" % (out, k, tgt), "w") as f:
            f.write("\n".join(gold) + "\n")
PY
for tgt in ru ar; do
    for mode in length lexical two-pass; do
        rm -rf "$tmp/sys" "$tmp/gold"; mkdir -p "$tmp/sys" "$tmp/gold"
        extra=$(opts "$mode")
        t0=$(date +%s.%N)
        for k in 0 1 2 3 4 5 6 7; do
            "$exe" align --presplit --src-lang fr --tgt-lang "$tgt" $extra \
                -o "$tmp/sys/d$k" "$tmp/un/d$k.fr-$tgt.fr" \
                "$tmp/un/d$k.fr-$tgt.$tgt" 2>/dev/null
            cp "$tmp/un/d$k.fr-$tgt.gold" "$tmp/gold/d$k"
        done
        t1=$(date +%s.%N)
        "$exe" eval "$tmp/gold" "$tmp/sys" | awk -v s="un-fr$tgt" \
            -v m="$mode" -v t="$(echo "$t1 - $t0" | bc)" '
            /^strict|^lax/ { printf "%-5s %-8s %-6s %s %s %s %s %s %s %6.2fs\n",
                             s, m, $1, $2, $3, $4, $5, $6, $7, t }'
    done
done

# Scale: synthetic fr-ru pairs from the UN dev set (bench/align-synth.py,
# 5% of the target deleted), length-only against lexical, one and two
# passes: wall time, peak RSS (dictionaries and lexicons included), strict
# F1, and the lexical runs' wall and CPU times over the length-only run's.
# SCALE="10000 100000" for both sizes (100k takes about half a minute with
# --lexical).  "serial" is the lexical run in one thread
# (POLYALIGN_THREADS=1); the others use two: the two documents are
# normalized at once, overlapping the aligner's first pass.  Wall times
# need an idle machine: on a loaded one, the threads wait for the CPUs.
# REPEAT=N runs the modes N times, alternating, and prints the least wall
# and the least CPU time of each (RSS and F1 do not vary).  RT=1 runs the
# timed commands under `chrt -f 50` (root only): real-time priority over
# whatever else runs on a shared machine, whose load otherwise decides the
# wall times; say so when quoting them.
echo
printf '%-8s %-8s %9s %9s %10s %-7s %s\n' size evidence "wall (s)" "CPU (s)" \
    "RSS (MB)" F1 "lexical/length (wall, CPU)"
modes="length lexical serial two-pass"
rt=
[ "${RT:-0}" = 1 ] && rt="chrt -f 50"
for n in ${SCALE:-10000}; do
    python3 bench/align-synth.py "$un/UNv1.0.devset" fr ru "$n" 0.05 42 \
        "$tmp/s$n"
    for mode in $modes; do : > "$tmp/runs.$mode"; done
    r=0
    while [ "$r" -lt "${REPEAT:-1}" ]; do
        r=$((r + 1))
        for mode in $modes; do
            extra=$(opts "$mode")
            threads=${POLYALIGN_THREADS:-2}
            [ "$mode" = serial ] && threads=1
            POLYALIGN_THREADS=$threads $rt /usr/bin/time -f '%e %M %U %S' \
                -o "$tmp/time" "$exe" align --presplit --src-lang fr \
                --tgt-lang ru $extra "$tmp/s$n.fr" "$tmp/s$n.ru" \
                -o "$tmp/s$n.$mode" 2>/dev/null
            read -r t rss u sy < "$tmp/time"
            echo "$t $(echo "$u + $sy" | bc) $rss" >> "$tmp/runs.$mode"
        done
    done
    for mode in $modes; do
        t=$(sort -n "$tmp/runs.$mode" | head -1 | cut -d' ' -f1)
        cpu=$(sort -k2,2n "$tmp/runs.$mode" | head -1 | cut -d' ' -f2)
        rss=$(sort -k3,3n "$tmp/runs.$mode" | head -1 | cut -d' ' -f3)
        f1=$("$exe" eval --gold "$tmp/s$n.gold" --system "$tmp/s$n.$mode" |
            awk '/^strict/ {print $7}')
        ratio=
        if [ "$mode" = length ]; then lt=$t; lc=$cpu; else
            ratio=$(echo "scale=2; $t / $lt" | bc)x,$(echo \
                "scale=2; $cpu / $lc" | bc)x; fi
        printf '%-8s %-8s %9s %9s %10.1f %-7s %s\n' "$n" "$mode" "$t" \
            "$cpu" "$(echo "$rss / 1024" | bc -l)" "$f1" "$ratio"
    done
done
