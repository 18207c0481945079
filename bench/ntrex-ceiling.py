#!/usr/bin/env python3
"""NTREX running-text protocol (bench/align-ntrex.sh): the share of lines
that keep a sentence of their own after joining a document's lines and
splitting with polyalign, per language, and the recall ceiling per pair
(lines with a sentence on both sides; a line whose text the splitter put
into its neighbour's sentence, e.g. a headline without a full stop, can
never be a strict hit).  Prints figures.

usage (from the repo root): bench/ntrex-ceiling.py [BUILD_DIR] [NTREX_DIR]
"""
import importlib.util
import os
import sys
import tempfile


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    nt = sys.argv[2] if len(sys.argv) > 2 else "../shared/eval/ntrex"
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "align_ntrex", os.path.join(here, "align-ntrex.py"))
    an = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(an)
    pa = os.path.abspath(os.path.join(build, "src", "polyalign"))
    langs = ("fr", "ru", "ar")
    lines = {l: an.read_lines(os.path.join(nt, an.FILES[l])) for l in langs}
    docs = [l.split("\t")[0] for l in
            an.read_lines(os.path.join(nt, "DOCUMENT_IDS.tsv"))]
    if len(docs) == len(lines["fr"]) + 1:
        docs = docs[1:]  # a header line
    order = []
    for i, d in enumerate(docs):
        if not order or order[-1][0] != d:
            order.append([d, []])
        order[-1][1].append(i)
    total = sum(len(idx) for _, idx in order)
    own = {}
    with tempfile.TemporaryDirectory() as tmp:
        for l in langs:
            own[l] = []
            for n, (_, idx) in enumerate(order):
                p = os.path.join(tmp, "%03d.%s.txt" % (n, l))
                ss = an.sentence_lines(pa, p, an.write_doc(
                    p, [lines[l][i] for i in idx]))
                got = {s[0] for s in ss}
                own[l].append([k in got for k in range(len(idx))])
    for l in langs:
        print("%s: lines with a sentence of their own %.3f" %
              (l, sum(sum(d) for d in own[l]) / total))
    for a, b in (("fr", "ru"), ("fr", "ar"), ("ru", "ar")):
        ok = sum(x and y for da, db in zip(own[a], own[b])
                 for x, y in zip(da, db))
        r = ok / total
        print("%s-%s: recall ceiling %.3f (F1 ceiling %.3f at precision 1)"
              % (a, b, r, 2 * r / (1 + r)))


if __name__ == "__main__":
    main()
