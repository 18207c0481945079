#!/usr/bin/env python3
"""NTREX benchmark of N-way alignment (issue 6): for each document, the
French, Russian and Arabic lines are joined into running text, split with
polyalign and aligned twice: pair by pair (fr-ru, fr-ar, ru-ar, as
bench/align-ntrex.py does) and all three at once into one TMX (French pivot,
ru-ar triangulated).  Every sentence is mapped back to its line; the truth is
line k with line k.  In the harder variant a seeded 10% of the Russian lines
and, independently, 10% of the Arabic lines are deleted.

Writes, under OUT_DIR, gold/PAIR/NNN, bi/PAIR/NNN (separate bilingual runs)
and multi/PAIR/NNN (the pairs as the multilingual memory holds them: one
bead per TU holding both languages, the other sentences as 1-0 / 0-1) for
`polyalign eval`, and prints the share of TUs complete in all three
languages and, for the TUs marked x-consistent=no, whether the pivot path or
the direct ru-ar alignment is right.

usage: multi-ntrex.py POLYALIGN NTREX_DIR DELETE SEED OUT_DIR [ALIGN_OPTION...]
(the options go to the three-document `polyalign align`, e.g. --keep-pairs;
the environment variable ALIGN_OPTS, split at spaces, goes to every
`polyalign align`, bilingual runs included, e.g. ALIGN_OPTS=--lexical)
"""
import importlib.util
import json
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "align_ntrex", os.path.join(HERE, "align-ntrex.py"))
an = importlib.util.module_from_spec(spec)
spec.loader.exec_module(an)

LANGS = ("fr", "ru", "ar")
PAIRS = (("fr", "ru"), ("fr", "ar"), ("ru", "ar"))


def bead_str(a, b):
    return "[%s]:[%s]\n" % (", ".join(map(str, a)), ", ".join(map(str, b)))


def lines_of(sl, idx):
    return tuple(sorted({x for i in idx for x in sl[i]}))


def main():
    pa, ntrex, delete, seed, out = sys.argv[1:6]
    common = os.environ.get("ALIGN_OPTS", "").split()
    extra = common + sys.argv[6:]
    delete, seed = float(delete), int(seed)
    lines = {l: an.read_lines(os.path.join(ntrex, an.FILES[l]))
             for l in LANGS}
    docs = [l.split("\t")[0] for l in
            an.read_lines(os.path.join(ntrex, "DOCUMENT_IDS.tsv"))]
    if docs and len(docs) == len(lines["fr"]) + 1:
        docs = docs[1:]
    order, pos = [], 0
    for d in docs:
        if not order or order[-1][0] != d:
            order.append([d, []])
        order[-1][1].append(pos)
        pos += 1
    rng = random.Random(seed)
    for kind in ("gold", "bi", "multi"):
        for a, b in PAIRS:
            os.makedirs(os.path.join(out, kind, a + "-" + b), exist_ok=True)
    os.makedirs(os.path.join(out, "txt"), exist_ok=True)
    tus = complete = 0
    inc = {"units": 0, "pivot": 0, "direct": 0, "both": 0, "neither": 0}
    for n, (_, idx) in enumerate(order):
        name = "%03d" % n
        keep = {"fr": [True] * len(idx)}
        for l in ("ru", "ar"):
            keep[l] = [True] * len(idx)
            if delete > 0:
                for k in rng.sample(range(len(idx)),
                                    int(round(len(idx) * delete))):
                    keep[l][k] = False
        # line number in each document of original line k
        lineno = {}
        path, sent = {}, {}
        for l in LANGS:
            kept = [k for k in range(len(idx)) if keep[l][k]]
            lineno[l] = {k: j for j, k in enumerate(kept)}
            path[l] = os.path.join(out, "txt", "%s.%s.txt" % (name, l))
            text = [lines[l][idx[k]] for k in kept]
            sent[l] = an.sentence_lines(pa, path[l],
                                        an.write_doc(path[l], text))
        gold = {}
        for a, b in PAIRS:
            g = []
            for k in range(len(idx)):
                ia, ib = lineno[a].get(k), lineno[b].get(k)
                if ia is None and ib is None:
                    continue
                g.append(((ia,) if ia is not None else (),
                          (ib,) if ib is not None else ()))
            gold[a, b] = set(g)
            with open(os.path.join(out, "gold", a + "-" + b, name), "w") as f:
                f.writelines(bead_str(x, y) for x, y in g)
        direct = []
        for a, b in PAIRS:
            res = subprocess.run([pa, "align", "-f", "jsonl"] + common +
                                 [path[a], path[b]], check=True, capture_output=True,
                                 text=True).stdout
            bl = []
            for line in res.split("\n"):
                if line:
                    j = json.loads(line)
                    bl.append((j["src"], j["tgt"]))
            with open(os.path.join(out, "bi", a + "-" + b, name), "w") as f:
                for s, t in bl:
                    f.write(bead_str(lines_of(sent[a], s),
                                     lines_of(sent[b], t)))
            if (a, b) == ("ru", "ar"):
                direct = bl
        tmx = os.path.join(out, "txt", name + ".tmx")
        subprocess.run([pa, "align", "-o", tmx] + extra +
                       [path[l] for l in LANGS], check=True)
        units = []
        for tu in ET.parse(tmx).getroot().iter("tu"):
            props = {p.get("type"): p.text for p in tu.iter("prop")}
            span = {l: [int(x) for x in props["x-sentences-" + l].split(",")]
                    if "x-sentences-" + l in props else [] for l in LANGS}
            units.append((span, props.get("x-consistent")))
        tus += len(units)
        complete += sum(1 for s, _ in units if all(s[l] for l in LANGS))
        for a, b in PAIRS:
            used = {a: set(), b: set()}
            with open(os.path.join(out, "multi", a + "-" + b, name),
                      "w") as f:
                for span, _ in units:
                    if span[a] and span[b]:
                        f.write(bead_str(lines_of(sent[a], span[a]),
                                         lines_of(sent[b], span[b])))
                        used[a].update(span[a])
                        used[b].update(span[b])
                for i in range(len(sent[a])):
                    if i not in used[a]:
                        f.write(bead_str(lines_of(sent[a], [i]), ()))
                for i in range(len(sent[b])):
                    if i not in used[b]:
                        f.write(bead_str((), lines_of(sent[b], [i])))
        # Inconsistent units: is the pivot path or the direct pair right?
        g = gold["ru", "ar"]
        for span, cons in units:
            if cons != "no":
                continue
            inc["units"] += 1
            ru, ar = span["ru"], span["ar"]
            if ru and ar:
                pivot_ok = (lines_of(sent["ru"], ru),
                            lines_of(sent["ar"], ar)) in g
            else:
                pivot_ok = all(((x,), ()) in g for x in
                               lines_of(sent["ru"], ru)) and \
                    all(((), (y,)) in g for y in lines_of(sent["ar"], ar))
            touched = [(s, t) for s, t in direct if s and t and
                       (set(s) & set(ru) or set(t) & set(ar))]
            direct_ok = bool(touched) and all(
                (lines_of(sent["ru"], s), lines_of(sent["ar"], t)) in g
                for s, t in touched)
            inc["both" if pivot_ok and direct_ok else
                "pivot" if pivot_ok else "direct" if direct_ok else
                "neither"] += 1
    print("tus %d complete %d" % (tus, complete))
    print("inconsistent %(units)d pivot %(pivot)d direct %(direct)d "
          "both %(both)d neither %(neither)d" % inc)


if __name__ == "__main__":
    main()
