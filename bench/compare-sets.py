#!/usr/bin/env python3
"""Comparable-mode test sets with known truth (issue 6, "Measured targets").

For a corpus (NTREX or the UN dev set, both line-aligned across languages)
and a language pair A-B: whole documents (by document id) are drawn with a
fixed seed; each side keeps an independent 50% of their sentences; side B
is shuffled; each side gets as many unrelated sentences as it kept, drawn
from other documents (side A's from one half of the remaining documents,
side B's from the other half, so that no inserted pair translates each
other), inserted at random places.  The truth: a kept sentence of A whose
line was kept on B too.

Identical texts repeat (UN boilerplate: "Point 3 de l'ordre du jour"), so
a found pair counts as correct when its two texts equal those of a
translation pair of the corpus (a gold pair, or a repeated line whose own
partner was deleted), and recall counts the distinct gold text pairs
found.

usage:
  compare-sets.py POLYALIGN CORPUS PAIR SEED TMPDIR [--fp N] [--thr T,T,...]
                  [--per-doc [--group N]]
    CORPUS  ntrex:/path/to/ntrex or un:/path/to/un-devset
    PAIR    fr-ru, fr-ar or ru-ar
Prints one line per threshold and the best threshold reaching precision
0.95 (else the best F1).  With --fp N, prints N false positives at the
default threshold.  With --diag, a second run with --candidates (every
scored pair) explains the true pairs missed at the default threshold:
never scored (no shared rare key, fewer than two tokens meeting, or a
side not eligible: short or repeated), scored but beaten by another
partner (not mutual best), or mutual best under the threshold; with the
true pairs' similarity, margin and rank.  POLYALIGN_COMPARE_OPTS (split
at spaces) goes to `polyalign compare`.
"""
import json
import os
import random
import subprocess
import sys
import time

NTREX_FILES = {"fr": "newstest2019-ref.fra.txt",
               "ru": "newstest2019-ref.rus.txt",
               "ar": "newstest2019-ref.arb.txt"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").strip() for l in f]


def load(corpus):
    kind, path = corpus.split(":", 1)
    if kind == "ntrex":
        lines = {l: read(os.path.join(path, f))
                 for l, f in NTREX_FILES.items()}
        ids = [l.split("\t")[0] for l in
               read(os.path.join(path, "DOCUMENT_IDS.tsv"))]
        # Documents of more than 60 lines are rare; keep all.
        return lines, ids, 40
    lines = {l: read(os.path.join(path, "UNv1.0.devset." + l))
             for l in ("fr", "ru", "ar")}
    ids = [l.split()[0] for l in read(os.path.join(path,
                                                   "UNv1.0.devset.ids"))]
    return lines, ids, 300


def write_set(lines, a, b, rnd, keep_a, keep_b, unrel_a, unrel_b, tmp,
              stem):
    """The two files of a set: side A the kept lines @keep_a in order with
    the unrelated @unrel_a inserted at random places, side B @keep_b and
    @unrel_b shuffled.  Returns (fa, fb, ta, tb, gold)."""
    side_a = [("d", i) for i in keep_a]
    for i in unrel_a:
        side_a.insert(rnd.randrange(len(side_a) + 1), ("x", i))
    side_b = [("d", i) for i in keep_b] + [("x", i) for i in unrel_b]
    rnd.shuffle(side_b)
    ta = [lines[a][i] for _, i in side_a]
    tb = [lines[b][i] for _, i in side_b]
    fa = os.path.join(tmp, "%s.%s.txt" % (stem, a))
    fb = os.path.join(tmp, "%s.%s.txt" % (stem, b))
    if a == b:
        fb = os.path.join(tmp, "%s2.%s.txt" % (stem, b))
    for path, t in ((fa, ta), (fb, tb)):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(x + "\n" for x in t)
    kept_b = set(keep_b)
    gold = {(lines[a][i], lines[b][i]) for i in keep_a if i in kept_b}
    return fa, fb, ta, tb, gold


def draw(corpus, seed):
    """The corpus's lines, the random generator, the lines of each
    document, the documents drawn, and the rest in two halves (side A's
    and side B's unrelated sentences)."""
    lines, ids, ndocs = load(corpus)
    rnd = random.Random(seed)
    docs = {}
    for i, d in enumerate(ids):
        docs.setdefault(d, []).append(i)
    names = sorted(docs)
    rnd.shuffle(names)
    chosen, rest = names[:ndocs], names[ndocs:]
    return (lines, rnd, docs, chosen, rest[: len(rest) // 2],
            rest[len(rest) // 2:])


def build(corpus, a, b, seed, tmp):
    lines, rnd, docs, chosen, rest_a, rest_b = draw(corpus, seed)
    lines_of = lambda ds: [i for d in ds for i in docs[d]]
    doc_lines = [i for i in lines_of(chosen)
                 if lines[a][i] and lines[b][i]]
    keep_a = [i for i in doc_lines if rnd.random() < 0.5]
    keep_b = [i for i in doc_lines if rnd.random() < 0.5]
    pool_a = [i for i in lines_of(rest_a) if lines[a][i]]
    pool_b = [i for i in lines_of(rest_b) if lines[b][i]]
    rnd.shuffle(pool_a)
    rnd.shuffle(pool_b)
    fa, fb, ta, tb, gold = write_set(lines, a, b, rnd, keep_a, keep_b,
                                     pool_a[: len(keep_a)],
                                     pool_b[: len(keep_b)], tmp, "set")
    # Every translation pair of the corpus: a found pair is right when
    # its texts are one (a repeated line of another document, inserted as
    # "unrelated", may translate a kept line whose own partner was
    # deleted).
    truth = {(x, y) for x, y in zip(lines[a], lines[b]) if x and y}
    return fa, fb, ta, tb, gold, truth


def build_docs(corpus, a, b, seed, tmp, group=1):
    """The same protocol one document at a time (--per-doc): for each
    drawn document, a pair of files holding that document's kept
    sentences and as many unrelated ones, as two reports of one event
    that a user compares (NTREX documents: 4 to 30 lines, median 15).
    Yields (fa, fb, ta, tb, gold); the truth is build()'s.  With @group
    N, N documents a pair of files (--group N: larger reports)."""
    lines, rnd, docs, chosen, rest_a, rest_b = draw(corpus, seed)
    lines_of = lambda ds: [i for d in ds for i in docs[d]]
    pool_a = [i for i in lines_of(rest_a) if lines[a][i]]
    pool_b = [i for i in lines_of(rest_b) if lines[b][i]]
    rnd.shuffle(pool_a)
    rnd.shuffle(pool_b)
    pa_, pb_ = 0, 0
    for k in range(0, len(chosen), group):
        doc_lines = [i for d in chosen[k:k + group] for i in docs[d]
                     if lines[a][i] and lines[b][i]]
        keep_a = [i for i in doc_lines if rnd.random() < 0.5]
        keep_b = [i for i in doc_lines if rnd.random() < 0.5]
        if not keep_a or not keep_b:
            continue
        unrel_a = [pool_a[(pa_ + n) % len(pool_a)]
                   for n in range(len(keep_a))]
        unrel_b = [pool_b[(pb_ + n) % len(pool_b)]
                   for n in range(len(keep_b))]
        pa_ += len(keep_a)
        pb_ += len(keep_b)
        yield write_set(lines, a, b, rnd, keep_a, keep_b, unrel_a, unrel_b,
                        tmp, "doc")


def truth_of(corpus, a, b):
    lines = load(corpus)[0]
    return {(x, y) for x, y in zip(lines[a], lines[b]) if x and y}


def report(prt, thrs, scores):
    """P/R at each of @thrs (@prt(t): pairs, P, R at threshold t), then the
    best threshold reaching precision 0.95 among @scores (else the best
    F1)."""
    for t in thrs:
        n, p, r = prt(t)
        print("  threshold %.2f: %5d pairs  P %.3f  R %.3f" % (t, n, p, r))
    best = None
    for s in sorted(scores):
        n, p, r = prt(s)
        f1 = 2 * p * r / (p + r) if p + r else 0
        key = (p >= 0.95, r if p >= 0.95 else f1)
        if best is None or key > best[0]:
            best = (key, s, p, r)
    if best:
        print("  best: threshold %.3f  P %.3f  R %.3f%s" %
              (best[1], best[2], best[3],
               "" if best[0][0] else "  (P 0.95 not reached; best F1)"))


def per_doc(pa, corpus, a, b, seed, tmp, thrs, group=1):
    """--per-doc: P/R over all the documents' pairs together."""
    truth = truth_of(corpus, a, b)
    found, gold, ndocs, na, nb, dt = [], set(), 0, 0, 0, 0.0
    for fa, fb, ta, tb, g in build_docs(corpus, a, b, seed, tmp, group):
        f, t = run(pa, fa, fb, tmp)
        found += [(s, ta[i], tb[j]) for s, i, j in f]
        gold |= g
        ndocs += 1
        na += len(ta)
        nb += len(tb)
        dt += t
    def prt(thr):
        sel = [(x, y) for s, x, y in found if s >= thr]
        ok = sum(1 for t in sel if t in truth)
        got = {t for t in sel if t in truth} & gold
        return (len(sel), ok / len(sel) if sel else 0.0,
                len(got) / len(gold) if gold else 0.0)
    print("%s %s-%s seed %s, per document: %d sets, %d / %d sentences,"
          " %d true pairs, %.2f s" % (corpus.split(":")[0], a, b, seed,
                                      ndocs, na, nb, len(gold), dt))
    report(prt, thrs, {s for s, _, _ in found})
    if os.environ.get("FP"):
        thr = float(os.environ.get("FP_THRESHOLD", "0.85"))
        for s, x, y in sorted(found, reverse=True):
            if s >= thr and (x, y) not in truth:
                print("  FP %.3f\n    %s\n    %s" % (s, x[:160], y[:160]))


def run(pa, fa, fb, tmp):
    out = os.path.join(tmp, "out.tsv")
    opts = os.environ.get("POLYALIGN_COMPARE_OPTS", "").split()
    t0 = time.time()
    subprocess.run([pa, "compare", "--presplit", "-t", "0.01", "-o", out]
                   + opts + [fa, fb], check=True)
    dt = time.time() - t0
    found = []
    with open(out, encoding="utf-8") as f:
        next(f)
        for l in f:
            c = l.rstrip("\n").split("\t")
            found.append((float(c[0]), int(c[2]), int(c[5])))
    return found, dt


def run_candidates(pa, fa, fb, tmp):
    out = os.path.join(tmp, "cand.jsonl")
    opts = os.environ.get("POLYALIGN_COMPARE_OPTS", "").split()
    subprocess.run([pa, "compare", "--presplit", "--candidates", "-f",
                    "jsonl", "-o", out] + opts + [fa, fb], check=True)
    cands = []
    with open(out, encoding="utf-8") as f:
        for l in f:
            o = json.loads(l)
            cands.append((o["left_index"], o["right_index"], o["similarity"],
                          o["margin"], o["score"], o["mutual"]))
    return cands


def diag(pa, fa, fb, tmp, ta, tb, gold, truth, thr=0.85):
    """Why the true pairs missed at @thr are missed."""
    cands = run_candidates(pa, fa, fb, tmp)
    by_pair = {(i, j): c for c in cands for i, j in [c[:2]]}
    by_left, by_right = {}, {}
    for c in cands:
        by_left.setdefault(c[0], []).append(c)
        by_right.setdefault(c[1], []).append(c)
    pos_a, pos_b = {}, {}
    for i, x in enumerate(ta):
        pos_a.setdefault(x, []).append(i)
    for j, y in enumerate(tb):
        pos_b.setdefault(y, []).append(j)
    kept = lambda c: c[5] and c[4] >= thr and c[2] >= 0.1
    words = lambda t: len(t.split())
    cat = {}
    sims, margins, ranks = [], [], []
    examples, shown = int(os.environ.get("DIAG_EXAMPLES", "0")), []
    for x, y in gold:
        cs = [by_pair[(i, j)] for i in pos_a[x] for j in pos_b[y]
              if (i, j) in by_pair]
        if any(kept(c) for c in cs):
            cat["found"] = cat.get("found", 0) + 1
            continue
        if not cs:
            i, j = pos_a[x][0], pos_b[y][0]
            short = min(words(x), words(y)) < 6
            if short:
                k = "never scored: a side under 6 words"
            elif i not in by_left and j not in by_right:
                k = "never scored: no candidate on either side"
            else:
                k = "never scored: other candidates only"
            cat[k] = cat.get(k, 0) + 1
            continue
        c = max(cs, key=lambda c: c[4])
        sims.append(c[2])
        margins.append(c[3])
        rank = 1 + sum(1 for o in by_left[c[0]] if o[3] > c[3])
        ranks.append(rank)
        if c[5]:
            k = "mutual best, score under %.2f" % thr
            if examples and len(shown) < examples:
                shown.append("    e.g. sim %.3f margin %.2f\n      %s\n      %s"
                             % (c[2], c[3], x[:200], y[:200]))
        else:
            lw = [o for o in by_left[c[0]] if o[3] > c[3]]
            rw = [o for o in by_right[c[1]] if o[3] > c[3]]
            wrong = [o for o in lw + rw if (ta[o[0]], tb[o[1]]) not in truth]
            k = ("beaten by a wrong partner" if wrong
                 else "beaten by a right partner (repeat)")
        cat[k] = cat.get(k, 0) + 1
    n = len(gold)
    print("  diagnosis of the %d true pairs at threshold %.2f:" % (n, thr))
    for k, v in sorted(cat.items(), key=lambda kv: -kv[1]):
        print("    %-44s %5d  %.3f" % (k, v, v / n if n else 0))
    def q(v):
        v = sorted(v)
        return " ".join("%.2f" % v[int(f * (len(v) - 1))]
                        for f in (0.1, 0.25, 0.5, 0.75, 0.9)) if v else "-"
    mb = sum(v for k, v in cat.items() if k == "found" or
             k.startswith("mutual best"))
    never = sum(v for k, v in cat.items() if k.startswith("never"))
    # The ceiling of any rescoring: true pairs that are a mutual best
    # candidate at some score (found or under the threshold).
    print("    mutual best at any score: %.3f; never scored: %.3f"
          % (mb / n if n else 0, never / n if n else 0))
    print("    scored misses: similarity deciles 10/25/50/75/90: %s" % q(sims))
    print("    scored misses: margin            10/25/50/75/90: %s" %
          q(margins))
    for e in shown:
        print(e)
    print("    scored misses: rank of the true partner on the left: "
          "1: %d, 2: %d, 3+: %d" % (ranks.count(1), ranks.count(2),
                                    sum(1 for r in ranks if r >= 3)))


def pr(found, ta, tb, gold, truth, thr):
    sel = [(i, j) for s, i, j in found if s >= thr]
    ok = [(ta[i], tb[j]) in truth for i, j in sel]
    got = {(ta[i], tb[j]) for (i, j), o in zip(sel, ok) if o} & gold
    p = sum(ok) / len(sel) if sel else 0.0
    r = len(got) / len(gold) if gold else 0.0
    return len(sel), p, r


def main():
    pa, corpus, pair, seed, tmp = sys.argv[1:6]
    args = sys.argv[6:]
    nfp = int(args[args.index("--fp") + 1]) if "--fp" in args else 0
    thrs = [0.1, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]
    if "--thr" in args:
        thrs = [float(x) for x in args[args.index("--thr") + 1].split(",")]
    a, b = pair.split("-")
    if "--per-doc" in args:
        group = int(args[args.index("--group") + 1]) if "--group" in args \
            else 1
        per_doc(pa, corpus, a, b, int(seed), tmp, thrs, group)
        return
    fa, fb, ta, tb, gold, truth = build(corpus, a, b, int(seed), tmp)
    found, dt = run(pa, fa, fb, tmp)
    name = "%s %s seed %s" % (corpus.split(":")[0], pair, seed)
    print("%s: %d / %d sentences, %d true pairs, %.2f s" %
          (name, len(ta), len(tb), len(gold), dt))
    report(lambda t: pr(found, ta, tb, gold, truth, t), thrs,
           {s for s, _, _ in found})
    if "--diag" in args:
        diag(pa, fa, fb, tmp, ta, tb, gold, truth)
    if nfp:
        thr = float(os.environ.get("FP_THRESHOLD", "0"))
        fps = [(s, i, j) for s, i, j in found
               if s >= thr and (ta[i], tb[j]) not in truth]
        for s, i, j in fps[:nfp]:
            print("  FP %.3f\n    %s\n    %s" % (s, ta[i][:160], tb[j][:160]))


if __name__ == "__main__":
    main()
