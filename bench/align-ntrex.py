#!/usr/bin/env python3
"""NTREX benchmark of the aligner: for each document, join its lines into
running text with spaces, split with polyalign, align, map every sentence
back to the line(s) it came from, and write line-level system beads and the
gold (line i with line i; in the harder variant a seeded 10% of the target
lines are deleted first, and their source lines have no partner).

usage: align-ntrex.py POLYALIGN NTREX_DIR SRC TGT DELETE SEED OUT_DIR
With MODE=lexical in the environment, aligned with lexical evidence;
MODE=two-pass, lexical evidence in two passes (anchors first).
Writes OUT_DIR/gold/NNN and OUT_DIR/sys/NNN for `polyalign eval`.
"""
import json
import os
import random
import re
import subprocess
import sys

FILES = {"fr": "newstest2019-ref.fra.txt", "ru": "newstest2019-ref.rus.txt",
         "ar": "newstest2019-ref.arb.txt", "en": "newstest2019-src.eng.txt"}


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().rstrip("\n").split("\n")


def sentence_lines(pa, path, starts):
    """Line indexes of each sentence of `polyalign split` on path."""
    out = subprocess.run([pa, "split", "-f", "tsv", path], check=True,
                         capture_output=True, text=True).stdout
    result = []
    for row in out.split("\n")[1:]:
        if not row:
            continue
        cols = row.split("\t")
        b0, b1 = int(cols[4]), int(cols[5])
        # The line it came from: the one holding most of its bytes (a
        # sentence the splitter ran across a line end, e.g. a headline
        # without a full stop, counts for one line only).
        best = max(range(len(starts)), key=lambda k: min(starts[k][1], b1) -
                   max(starts[k][0], b0))
        result.append([best])
    return result


# A line that ends a sentence (or goes on with a comma, colon...) runs on
# in its paragraph; any other line (a headline, subheading, byline, or a
# sentence left without its full stop) stands as its own paragraph, as in
# the article it came from.
RUNS_ON = re.compile(r"[.!?\u2026\u061f,\u060c:;\u061b][\s\u00a0"
                     r"\u00bb\u201d\u2019\"')\]]*$")


def joiner(line):
    """What follows `line` in running text: a space, or a line break."""
    if os.environ.get("NTREX_LAYOUT", "article") == "flat":
        return " "
    return " " if RUNS_ON.search(line) else "\n"


def write_doc(path, lines):
    """Join lines into running text (see joiner); return the byte span of
    every line.  NTREX_LAYOUT=flat joins every line with a space."""
    spans, pos, parts = [], 0, []
    for k, line in enumerate(lines):
        if k:
            parts.append(joiner(lines[k - 1]))
            pos += 1
        n = len(line.encode("utf-8"))
        spans.append((pos, pos + n))
        parts.append(line)
        pos += n
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts) + "\n")
    return spans


def main():
    pa, ntrex, sl, tl, delete, seed, out = sys.argv[1:8]
    delete, seed = float(delete), int(seed)
    src_all = read_lines(os.path.join(ntrex, FILES[sl]))
    tgt_all = read_lines(os.path.join(ntrex, FILES[tl]))
    docs = [l.split("\t")[0] for l in
            read_lines(os.path.join(ntrex, "DOCUMENT_IDS.tsv"))]
    if docs and len(docs) == len(src_all) + 1:
        docs = docs[1:]  # a header line
    order = []
    for d in docs:
        if not order or order[-1][0] != d:
            order.append([d, []])
        order[-1][1].append(len(sum((o[1] for o in order[:-1]), [])) +
                            len(order[-1][1]))
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "gold"), exist_ok=True)
    os.makedirs(os.path.join(out, "sys"), exist_ok=True)
    os.makedirs(os.path.join(out, "txt"), exist_ok=True)
    for n, (_, idx) in enumerate(order):
        src = [src_all[i] for i in idx]
        keep = [True] * len(idx)
        if delete > 0:
            for k in rng.sample(range(len(idx)), int(round(len(idx) *
                                                           delete))):
                keep[k] = False
        tgt = [tgt_all[i] for k, i in enumerate(idx) if keep[k]]
        name = "%03d" % n
        ps = os.path.join(out, "txt", "%s.%s.txt" % (name, sl))
        pt = os.path.join(out, "txt", "%s.%s.txt" % (name, tl))
        ss = sentence_lines(pa, ps, write_doc(ps, src))
        ts = sentence_lines(pa, pt, write_doc(pt, tgt))
        with open(os.path.join(out, "gold", name), "w") as g:
            j = 0
            for k in range(len(idx)):
                if keep[k]:
                    g.write("[%d]:[%d]\n" % (k, j))
                    j += 1
                else:
                    g.write("[%d]:[]\n" % k)
        extra = []
        if os.environ.get("MODE") in ("lexical", "two-pass"):
            extra = ["--lexical", "--src-lang", sl, "--tgt-lang", tl]
        if os.environ.get("MODE") == "two-pass":
            extra.append("--two-pass")
        res = subprocess.run([pa, "align", "-f", "jsonl"] + extra + [ps, pt],
                             check=True, capture_output=True, text=True)
        with open(os.path.join(out, "sys", name), "w") as s:
            for line in res.stdout.split("\n"):
                if not line:
                    continue
                b = json.loads(line)
                sl_ = sorted({x for i in b["src"] for x in ss[i]})
                tl_ = sorted({x for i in b["tgt"] for x in ts[i]})
                s.write("[%s]:[%s]\n" % (", ".join(map(str, sl_)),
                                         ", ".join(map(str, tl_))))


if __name__ == "__main__":
    main()
