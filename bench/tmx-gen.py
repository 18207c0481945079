#!/usr/bin/env python3
"""Generate a synthetic three-language TMX 1.4 memory for the benchmarks:
French (Latin script), Russian (Cyrillic), Arabic, with props, notes and
TMX Level 2 inline markup (bpt/ept, ph, hi, escaped characters).

usage: tmx-gen.py N OUT.tmx [--seed S] [--shared K]
  --shared K: the first K TUs are the same for every seed (so that two
  generated files share K duplicates)."""
import argparse
import random

FR = ("le chat dort sur le canapé pendant que la pluie tombe doucement sur "
      "la ville et les élèves étudient leurs leçons avec une attention "
      "particulière été hiver ça où déjà garçon").split()
RU = ("кошка спит на диване пока дождь тихо падает на город и ученики "
      "изучают свои уроки с особым вниманием лето зима ещё уже мальчик "
      "ёжик").split()
AR = ("القطة نائمة على الأريكة بينما يسقط المطر بهدوء على المدينة والطلاب "
      "يدرسون دروسهم باهتمام خاص الصيف الشتاء بالفعل الولد").split()


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def seg(rng, words, n, markup):
    w = [rng.choice(words) for _ in range(rng.randint(4, 8))]
    w.append("n°%d" % n)
    if markup == 1:
        w[1] = ('<bpt i="1" x="1">&lt;b&gt;</bpt>' + esc(w[1]) +
                '<ept i="1">&lt;/b&gt;</ept>')
    elif markup == 2:
        w[2] = esc(w[2]) + '<ph x="2">&lt;br/&gt;</ph>'
        w[4] = '<hi type="term">' + esc(w[4]) + "</hi>"
    elif markup == 3:
        w[0] = esc(w[0]) + " &amp; &lt;" + esc(w[3]) + "&gt;"
    else:
        w = [x if x.startswith("n°") else esc(x) for x in w]
    return " ".join(w) + "."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", type=int, default=0)
    a = ap.parse_args()
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
                '  <header creationtool="tmx-gen" creationtoolversion="1" '
                'segtype="sentence" o-tmf="gen" adminlang="en" '
                'srclang="fr" datatype="plaintext" '
                'creationdate="20250101T000000Z"/>\n  <body>\n')
        out = []
        for i in range(a.n):
            shared = i < a.shared
            rng = random.Random(i if shared else (a.seed << 32) + i)
            num = i if shared else a.seed * 100000000 + i
            markup = rng.randint(0, 5)  # 0-3 kinds, 4-5 none
            day = 1 + rng.randint(0, 27)
            parts = ['    <tu tuid="%d-%d" creationdate="202501%02dT1200'
                     '00Z">\n' % (a.seed, i, day)]
            if rng.random() < 0.2:
                parts.append("      <note>bead %d &amp; check</note>\n" % i)
            parts.append('      <prop type="x-confidence">%.3f</prop>\n'
                         % rng.random())
            parts.append('      <prop type="x-bead">%s</prop>\n'
                         % rng.choice(["1-1", "1-1", "1-2", "2-1"]))
            parts.append('      <prop type="x-source-fr">doc%d.fr.txt</prop>'
                         '\n' % (i // 500))
            for lang, words in (("fr", FR), ("ru", RU), ("ar", AR)):
                parts.append('      <tuv xml:lang="%s"><seg>%s</seg></tuv>\n'
                             % (lang, seg(rng, words, num,
                                          markup if markup < 4 else 0)))
            parts.append("    </tu>\n")
            out.append("".join(parts))
            if len(out) == 10000:
                f.write("".join(out))
                out = []
        f.write("".join(out))
        f.write("  </body>\n</tmx>\n")


if __name__ == "__main__":
    main()
