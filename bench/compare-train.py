#!/usr/bin/env python3
"""Train the final score of `polyalign compare` (src/lib/compare.c,
MODEL_*): a logistic regression over the features of each mutual best
candidate pair (`compare --candidates -f jsonl`), on the comparable test
sets of bench/compare-sets.py, labelled by their known truth.  Seeds 3 to
10 are the training sets; seeds 1 and 2 (the README's figures) are held
out and only reported.  Plain python3, no network.

usage:
  compare-train.py dump POLYALIGN DIR SEED...
      build the sets of every corpus and pair for these seeds, run
      compare --candidates on them and keep the labelled candidates in
      DIR/CORPUS.PAIR.SEED.json; also the per-document sets
      (compare-sets.py --per-doc, NTREX) as DIR/ntrexdoc.PAIR.SEED.json
  compare-train.py dump-docs POLYALIGN DIR SEED...
      the per-document sets only
  compare-train.py train DIR [--train 3-10] [--test 1,2] [--l2 X]
                             [--drop f1,f2 (default mutual)] [--thr T]
                             [--only ntrex,un,ntrexdoc] [--inter a*b,...]
                             [--all-inter F [--no-inter a,b,...]]
      fit the model on the training seeds and print its weights (C
      constants to paste into compare.c; products of features, from
      --inter and --all-inter, are printed among them though compare.c
      has no place for them: exploration only), then per set the
      precision and
      recall at threshold T (default 0.5) and the best recall at
      precision 0.95, for the model and for the current score
      (similarity x margin x length factor), training and held-out
  compare-train.py eval DIR --weights FILE ...
      the same figures for weights printed before (FILE: the "name
      value" lines of a train run)

The figures count as bench/compare-sets.py counts them (a found pair is
right when its two texts are a translation pair of the corpus; recall
counts the distinct gold text pairs found).  Figures only, never a
pass/fail test.
"""
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.environ.get("EVAL_DIR", "/work/shared/eval")
CORPORA = [("ntrex", os.path.join(EVAL, "ntrex")),
           ("un", os.path.join(EVAL, "un-devset"))]
PAIRS = ["fr-ru", "fr-ar", "ru-ar"]
MIN_SIMILARITY = 0.1  # compare.c's: under it never a pair


def sets_module():
    spec = importlib.util.spec_from_file_location(
        "compare_sets", os.path.join(HERE, "compare-sets.py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def candidates(pa, fa, fb, ta, tb, truth, gid, tmp):
    """compare --candidates on one pair of files: the labelled rows (y:
    a translation pair of the corpus; g: the gold pair's id, or -1)."""
    cand = os.path.join(tmp, "cand.jsonl")
    subprocess.run([pa, "compare", "--presplit", "--candidates", "-f",
                    "jsonl", "-o", cand, fa, fb], check=True)
    rows = []
    with open(cand, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o["similarity"] < MIN_SIMILARITY:
                continue
            t = (ta[o["left_index"]], tb[o["right_index"]])
            rows.append({"f": o["features"], "score": o["score"],
                         "m": int(o["mutual"]), "l": o["left_index"],
                         "r": o["right_index"], "y": int(t in truth),
                         "g": gid.get(t, -1)})
    return rows


def save(out, name, rows, ngold):
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"name": name, "ngold": ngold, "rows": rows}, f)
    mut = [r for r in rows if r["m"]]
    print("%s: %d candidates, %d mutual best, %d of them right, %d gold"
          % (name, len(rows), len(mut), sum(r["y"] for r in mut), ngold),
          flush=True)


def dump(pa, out, seeds):
    cs = sets_module()
    os.makedirs(out, exist_ok=True)
    for kind, path in CORPORA:
        for pair in PAIRS:
            for seed in seeds:
                a, b = pair.split("-")
                with tempfile.TemporaryDirectory() as tmp:
                    fa, fb, ta, tb, gold, truth = cs.build(
                        kind + ":" + path, a, b, seed, tmp)
                    gid = {g: k for k, g in enumerate(sorted(gold))}
                    rows = candidates(pa, fa, fb, ta, tb, truth, gid, tmp)
                save(out, "%s.%s.%d" % (kind, pair, seed), rows, len(gold))


def dump_docs(pa, out, seeds):
    """The per-document sets (compare-sets.py --per-doc, NTREX only: the
    UN dev set's documents are one to three lines): one file per pair and
    seed, CORPUS "ntrexdoc", its rows those of every document."""
    cs = sets_module()
    os.makedirs(out, exist_ok=True)
    corpus = "ntrex:" + dict(CORPORA)["ntrex"]
    for pair in PAIRS:
        a, b = pair.split("-")
        truth = cs.truth_of(corpus, a, b)
        for seed in seeds:
            rows, gold = [], {}
            with tempfile.TemporaryDirectory() as tmp:
                for fa, fb, ta, tb, g in cs.build_docs(corpus, a, b, seed,
                                                       tmp):
                    for t in g:
                        gold.setdefault(t, len(gold))
                    rows += candidates(pa, fa, fb, ta, tb, truth, gold, tmp)
            save(out, "ntrexdoc.%s.%d" % (pair, seed), rows, len(gold))


def load(d, seeds):
    """The sets of these seeds; "rows": the mutual best pairs (the only
    ones compare keeps), "all": every candidate."""
    sets = []
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".json") and int(fn.split(".")[-2]) in seeds:
            with open(os.path.join(d, fn)) as f:
                st = json.load(f)
            st["all"] = st["rows"]
            st["rows"] = [r for r in st["all"] if r.get("m", 1)]
            sets.append(st)
    return sets


def seeds_arg(s):
    out = []
    for part in s.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            out += list(range(int(lo), int(hi) + 1))
        else:
            out.append(int(part))
    return out


def sigmoid(z):
    if z < -40:
        return 0.0
    if z > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def solve(a, b):
    """a x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                k = m[r][c] / m[c][c]
                for j in range(c, n + 1):
                    m[r][j] -= k * m[c][j]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(xs, ys, l2, iters=30):
    """Logistic regression by Newton's method (IRLS), an L2 penalty on
    every weight but the intercept (the first column, 1)."""
    n = len(xs[0])
    w = [0.0] * n
    for it in range(iters):
        g = [0.0] * n
        h = [[0.0] * n for _ in range(n)]
        ll = 0.0
        for x, y in zip(xs, ys):
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = sigmoid(z)
            ll += math.log(p if y else 1 - p) if 0 < p < 1 else -40
            d = p - y
            s = p * (1 - p)
            for i in range(n):
                g[i] += d * x[i]
                si = s * x[i]
                hi = h[i]
                for j in range(i, n):
                    hi[j] += si * x[j]
        for i in range(n):
            for j in range(i):
                h[i][j] = h[j][i]
        for i in range(1, n):
            g[i] += l2 * w[i]
            h[i][i] += l2
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w, ll


def evaluate(rows, ngold, score, thr):
    """P/R at @thr and the best recall at precision 0.95 (as
    compare-sets.py: over every threshold)."""
    sc = sorted(((score(r), r) for r in rows), key=lambda t: -t[0])
    ok, got, n = 0, set(), 0
    best, at = 0.0, None
    p_thr = r_thr = None
    i = 0
    while i < len(sc):
        s = sc[i][0]
        while i < len(sc) and sc[i][0] == s:
            r = sc[i][1]
            n += 1
            ok += r["y"]
            if r["g"] >= 0:
                got.add(r["g"])
            i += 1
        p = ok / n
        rec = len(got) / ngold if ngold else 0
        if p >= 0.95 and rec > best:
            best, at = rec, s
        if s >= thr:
            p_thr, r_thr = p, rec
    if p_thr is None:
        p_thr, r_thr = 0.0, 0.0
    return p_thr, r_thr, best, at


def pr_at(rows, ngold, score, thr):
    sel = [r for r in rows if score(r) >= thr]
    p = sum(r["y"] for r in sel) / len(sel) if sel else 1.0
    got = {r["g"] for r in sel if r["g"] >= 0}
    return p, len(got) / ngold if ngold else 0.0


def global_thr(sets, score, grid):
    """The lowest threshold of @grid at which every set of @sets keeps
    precision 0.95."""
    for t in grid:
        if all(pr_at(st["rows"], st["ngold"], score, t)[0] >= 0.95
               for st in sets):
            return t
    return grid[-1]


def report(sets, score, thr, title):
    """Per set: P/R at @thr, the best recall at precision 0.95."""
    print(title)
    tot_r = tot_b = 0.0
    minp = 1.0
    for st in sets:
        p, r = pr_at(st["rows"], st["ngold"], score, thr)
        _, _, b, at = evaluate(st["rows"], st["ngold"], score, thr)
        minp = min(minp, p)
        tot_r += r
        tot_b += b
        print("  %-16s P %.3f R %.3f   best R at P>=0.95 %.3f (thr %s)" %
              (st["name"], p, r, b, "%.3f" % at if at else "-"))
    k = len(sets)
    print("  at %.3f: min P %.3f, mean R %.3f; mean best R at P>=0.95 %.3f"
          % (thr, minp, tot_r / k, tot_b / k))


def model(w, names, f):
    z = w[0] + sum(wi * f[n] for wi, n in zip(w[1:], names))
    return sigmoid(z)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "dump":
        dump(sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4:]])
        dump_docs(sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4:]])
        return
    if cmd == "dump-docs":
        dump_docs(sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4:]])
        return
    d = sys.argv[2]
    args = sys.argv[3:]
    opt = lambda k, v: args[args.index(k) + 1] if k in args else v
    train = load(d, seeds_arg(opt("--train", "3-10")))
    test = load(d, seeds_arg(opt("--test", "1,2")))
    # --only ntrex,un,ntrexdoc: these corpora's sets only.
    only = set(opt("--only", "").split(",")) - {""}
    if only:
        train = [st for st in train if st["name"].split(".")[0] in only]
        test = [st for st in test if st["name"].split(".")[0] in only]
    # --all-inter F: every feature times F too (F's own product left out,
    # and those of --no-inter a,b,...).
    if "--all-inter" in args:
        g = opt("--all-inter", "")
        dropped = (set(opt("--drop", "mutual").split(",")) | {"mutual", g} |
                   set(opt("--no-inter", "").split(",")))
        base = [n for n in train[0]["rows"][0]["f"] if n not in dropped]
        for st in train + test:
            for r in st["all"]:
                for n in base:
                    r["f"][n + "*" + g] = r["f"][n] * r["f"][g]
    # --inter a*b,...: products of two features, as more features.
    for ab in (opt("--inter", "").split(",") if "--inter" in args else []):
        fa, fb = ab.split("*")
        for st in train + test:
            for r in st["all"]:
                r["f"][ab] = r["f"][fa] * r["f"][fb]
    thr = float(opt("--thr", "0.5"))
    old_thr = float(opt("--old-thr", "0.7"))
    # (mutual: every training pair is mutual best)
    drop = set(opt("--drop", "mutual").split(",")) - {""}
    if cmd == "eval":
        w, names = [], []
        with open(opt("--weights", "")) as f:
            for line in f:
                k, v = line.split()
                if k != "intercept":
                    names.append(k)
                w.append(float(v))
    else:
        names = [n for n in train[0]["rows"][0]["f"] if n not in drop]
        # Every set weighs alike (the UN sets have ten times the pairs).
        xs, ys = [], []
        for st in train:
            for r in st["rows"]:
                xs.append([1.0] + [r["f"][n] for n in names])
                ys.append(r["y"])
        w, ll = fit(xs, ys, float(opt("--l2", "1.0")))
        print("trained on %d sets, %d candidates (%d right), "
              "log-likelihood %.1f" % (len(train), len(ys), sum(ys), ll))
        print("intercept %.4f" % w[0])
        for n, wi in zip(names, w[1:]):
            print("%s %.4f" % (n, wi))
        # The same as compare.c's constants, in its feature order (a
        # dropped feature weighs 0).
        byname = dict(zip(names, w[1:]))
        print("\n#define MODEL_INTERCEPT %.4f" % w[0])
        print("static const double model_weight[NFEAT] = {")
        for n in train[0]["rows"][0]["f"]:
            print("    %.4f, /* %s */" % (byname.get(n, 0.0), n))
        print("};\n")
    ms = lambda r: model(w, names, r["f"])
    # The score before the model: similarity x margin x the length
    # factor (LEN_SPREAD 2).
    os_ = lambda r: math.exp(r["f"]["log_similarity"] +
                             r["f"]["log_margin"] -
                             r["f"]["length_z2"] / 8.0)
    grid = [i / 200 for i in range(1, 200)]
    for label, sc, fixed in (("model", ms, thr), ("current score", os_,
                                                  old_thr)):
        g = global_thr(train, sc, grid)
        print("== %s: lowest threshold with P >= 0.95 in every training "
              "set: %.3f" % (label, g))
        report(train, sc, g, "training sets at %.3f:" % g)
        report(test, sc, g, "held-out sets at %.3f:" % g)
        h = global_thr(test, sc, grid)
        print("== %s: lowest threshold with P >= 0.95 in every held-out "
              "set: %.3f" % (label, h))
        report(test, sc, h, "held-out sets at %.3f:" % h)
        if fixed not in (g, h):
            report(test, sc, fixed, "held-out sets at %.3f:" % fixed)


if __name__ == "__main__":
    main()
