#!/usr/bin/env python3
"""Build a synthetic document pair from the UN dev set (4000 sentences
aligned 1-1 across fr/ru/ar): N source sentences drawn by shuffling the
aligned pairs (reshuffled as often as needed), with a fraction of the target
sentences deleted; writes SRC, TGT (one sentence a line) and the gold beads.

usage: align-synth.py UN_PREFIX SRC_LANG TGT_LANG N DELETE SEED OUT_PREFIX
"""
import random
import sys


def main():
    prefix, sl, tl, n, delete, seed, out = sys.argv[1:8]
    n, delete, seed = int(n), float(delete), int(seed)
    with open(f"{prefix}.{sl}", encoding="utf-8") as f:
        src = f.read().split("\n")[:4000]
    with open(f"{prefix}.{tl}", encoding="utf-8") as f:
        tgt = f.read().split("\n")[:4000]
    rng = random.Random(seed)
    order = []
    while len(order) < n:
        perm = list(range(len(src)))
        rng.shuffle(perm)
        order.extend(perm)
    order = order[:n]
    gone = set(rng.sample(range(n), int(round(n * delete))))
    j = 0
    with open(f"{out}.{sl}", "w", encoding="utf-8") as fs, \
            open(f"{out}.{tl}", "w", encoding="utf-8") as ft, \
            open(f"{out}.gold", "w", encoding="utf-8") as fg:
        for k, i in enumerate(order):
            fs.write(src[i] + "\n")
            if k in gone:
                fg.write(f"[{k}]:[]\n")
            else:
                ft.write(tgt[i] + "\n")
                fg.write(f"[{k}]:[{j}]\n")
                j += 1


if __name__ == "__main__":
    main()
