#!/usr/bin/env bash
# Comparable mode: time `polyalign compare` on 200 / 2,000 / 20,000
# sentences per side (fr vs ru, UN dev set), and precision / recall on a
# synthetic comparable pair built as issue 6 asks: the parallel UN dev
# documents, the Russian side shuffled, 50% of the sentences deleted on
# each side independently, and as many unrelated sentences (other lines of
# the dev set) inserted on each side.  Prints figures only; timings are
# noisy on a shared machine.  bench/compare-sets.sh measures precision
# and recall on NTREX and UN test sets for fr-ru, fr-ar and ru-ar.
#
#   bench/compare.sh [BUILD_DIR]      (default: build)
set -eu
build=${1:-build}
pa=$build/src/polyalign
un=${UN_DIR:-../shared/eval/un-devset}
[ -d "$un" ] || un=/work/shared/eval/un-devset
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Timings: N sentences drawn per side (with replacement beyond the 4,000
# lines of the dev set; repeats get a nonsense tag so that no line is a
# duplicate, distinct per side so that the tags never match).
for n in 200 2000 20000; do
    python3 - "$un" "$n" "$tmp" <<'PY'
import random, sys
un, n, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def tag(k, p):
    s = ''
    while True:
        s += 'bcdfghjklmnpqrstvwxz'[k % 20]; k //= 20
        if not k: return p + s
for lang, seed, p in (('fr', 1, 'qy'), ('ru', 2, 'zo')):
    lines = [l.strip() for l in open(f'{un}/UNv1.0.devset.{lang}', encoding='utf-8') if l.strip()]
    rnd = random.Random(seed)
    with open(f'{tmp}/t{n}.{lang}.txt', 'w', encoding='utf-8') as f:
        for k in range(n):
            l = lines[rnd.randrange(len(lines))] if n > len(lines) else lines[(k * 7919 + seed * 13) % len(lines)]
            f.write((l + ' ' + tag(k, p) if n > len(lines) else l) + '\n')
PY
    # Wall and CPU time: on a shared machine the wall time mostly
    # measures the other jobs.
    TIMEFORMAT='%R %U %S'
    t=$( { time "$pa" compare --presplit -o "$tmp/t$n.tsv" \
        "$tmp/t$n.fr.txt" "$tmp/t$n.ru.txt"; } 2>&1 | tail -1)
    set -- $t
    printf 'compare fr-ru %6d sentences per side: %6.2f s wall, ' "$n" "$1"
    printf '%6.2f s CPU, %d pairs\n' "$(echo "$2 + $3" | bc)" \
        "$(($(wc -l < "$tmp/t$n.tsv") - 1))"
done

# Precision / recall on the synthetic comparable pair.
python3 - "$un" "$tmp" <<'PY'
import random, sys
un, tmp = sys.argv[1], sys.argv[2]
fr = [l.strip() for l in open(f'{un}/UNv1.0.devset.fr', encoding='utf-8')]
ru = [l.strip() for l in open(f'{un}/UNv1.0.devset.ru', encoding='utf-8')]
rnd = random.Random(6)
half = 2000  # the "document": lines 0..1999; unrelated lines from 2000..
pairs = [(i, i) for i in range(half) if fr[i] and ru[i]]
keep_fr = [i for i in range(half) if fr[i] and rnd.random() < 0.5]
keep_ru = [i for i in range(half) if ru[i] and rnd.random() < 0.5]
other = list(range(half, len(fr)))
rnd.shuffle(other)
extra_fr = [i for i in other[:len(other) // 2] if fr[i]][:len(keep_fr)]
extra_ru = [i for i in other[len(other) // 2:] if ru[i]][:len(keep_ru)]
side_fr = [('d', i) for i in keep_fr]
for i in extra_fr:  # unrelated lines inserted at random places
    side_fr.insert(rnd.randrange(len(side_fr) + 1), ('x', i))
side_ru = [('d', i) for i in keep_ru] + [('x', i) for i in extra_ru]
rnd.shuffle(side_ru)
with open(f'{tmp}/s.fr.txt', 'w', encoding='utf-8') as f:
    f.writelines(fr[i] + '\n' for _, i in side_fr)
with open(f'{tmp}/s.ru.txt', 'w', encoding='utf-8') as f:
    f.writelines(ru[i] + '\n' for _, i in side_ru)
pos_ru = {i: k for k, (t, i) in enumerate(side_ru) if t == 'd'}
gold = {(k, pos_ru[i]) for k, (t, i) in enumerate(side_fr)
        if t == 'd' and i in pos_ru}
with open(f'{tmp}/s.gold', 'w') as f:
    f.writelines(f'{a}\t{b}\n' for a, b in sorted(gold))
print(f'synthetic fr-ru: {len(side_fr)} fr, {len(side_ru)} ru lines, '
      f'{len(gold)} true pairs')
PY
for t in 0.5 0.85 0.95; do
    "$pa" compare --presplit -t "$t" -o "$tmp/s.tsv" "$tmp/s.fr.txt" "$tmp/s.ru.txt"
    python3 - "$tmp" "$t" <<'PY'
import sys
tmp, t = sys.argv[1], sys.argv[2]
gold = {tuple(map(int, l.split('\t'))) for l in open(f'{tmp}/s.gold')}
sys_ = set()
for l in list(open(f'{tmp}/s.tsv', encoding='utf-8'))[1:]:
    c = l.rstrip('\n').split('\t')
    sys_.add((int(c[2]), int(c[5])))
ok = len(gold & sys_)
p = ok / len(sys_) if sys_ else 0
r = ok / len(gold) if gold else 0
print(f'  threshold {t}: {len(sys_)} pairs, precision {p:.3f}, recall {r:.3f}')
PY
done
