#!/bin/sh
# NTREX-128 (Federmann et al. 2022): 123 news documents translated into
# French, Russian and Arabic, line-aligned.  Per document and language pair
# (fr-ru, fr-ar, ru-ar), aligned one sentence a line (--presplit), plain and
# with 10% of the target lines deleted (seeded); strict F1 summed over the
# documents, length-only against lexical.  Prints figures; never
# pass/fail.  NTREX is a test set: do not tune on it.
# Usage (from the repo root): bench/lexical-ntrex.sh [BUILDDIR] [NTREX_DIR]
set -eu
build=${1:-build}
nt=${2:-../shared/eval/ntrex}
exe="$build/src/polyalign"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -x "$exe" ] || { echo "no $exe: build first" >&2; exit 1; }
[ -d "$nt" ] || { echo "no NTREX folder $nt" >&2; exit 1; }

python3 - "$nt" "$tmp" <<'PY'
import os, random, sys
src, out = sys.argv[1], sys.argv[2]
ids = open(os.path.join(src, "DOCUMENT_IDS.tsv")).read().split("\n")
names = {"fr": "fra", "ru": "rus", "ar": "arb"}
text = {l: open(os.path.join(src, "newstest2019-ref.%s.txt" % n),
                encoding="utf-8").read().split("\n")
        for l, n in names.items()}
docs = []
for i, d in enumerate(ids[:len(text["fr"])]):
    if not d:
        continue
    if not docs or docs[-1][0] != d:
        docs.append((d, []))
    docs[-1][1].append(i)
rng = random.Random(11)
for a, b in (("fr", "ru"), ("fr", "ar"), ("ru", "ar")):
    for variant, drop in (("plain", 0.0), ("del10", 0.1)):
        d = os.path.join(out, "%s-%s-%s" % (a, b, variant))
        os.makedirs(os.path.join(d, "gold"))
        for k, (name, lines) in enumerate(docs):
            keep = [i for i in range(len(lines)) if rng.random() >= drop]
            with open(os.path.join(d, "%d.%s" % (k, a)), "w") as f:
                f.write("\n".join(text[a][i] for i in lines) + "\n")
            with open(os.path.join(d, "%d.%s" % (k, b)), "w") as f:
                f.write("\n".join(text[b][lines[i]] for i in keep) + "\n")
            gold, j = [], 0
            for i in range(len(lines)):
                if i in keep:
                    gold.append("[%d]:[%d]" % (i, j))
                    j += 1
                else:
                    gold.append("[%d]:[]" % i)
            with open(os.path.join(d, "gold", str(k)), "w") as f:
                f.write("\n".join(gold) + "\n")
PY

printf '%-6s %-6s %-8s %8s %8s %8s %8s\n' pair set evidence P R F1 time
for d in "$tmp"/*-*-*; do
    set -- $(basename "$d" | tr '-' ' ')
    a=$1 b=$2 v=$3
    for mode in length lexical; do
        if [ "$mode" = lexical ]; then extra=--lexical; else extra=; fi
        rm -rf "$d/sys"; mkdir -p "$d/sys"
        t0=$(date +%s.%N)
        for g in "$d"/gold/*; do
            k=$(basename "$g")
            "$exe" align --presplit --src-lang "$a" --tgt-lang "$b" $extra \
                -o "$d/sys/$k" "$d/$k.$a" "$d/$k.$b" 2>/dev/null
        done
        t1=$(date +%s.%N)
        "$exe" eval "$d/gold" "$d/sys" | awk -v p="$a-$b" -v s="$v" \
            -v m="$mode" -v t="$(echo "$t1 - $t0" | bc)" '
            /^strict/ { printf "%-6s %-6s %-8s %8s %8s %8s %7.1fs\n",
                        p, s, m, $3, $5, $7, t }'
    done
done
