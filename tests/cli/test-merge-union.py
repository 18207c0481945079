#!/usr/bin/env python3
"""Property test: `polyalign tmx merge` keeps exactly one TU per set of
variants (language, segment, in any order) over the union of its inputs.
(A TU with a single variant, a segment waiting for its translation, is
kept too: a merge loses nothing, and reports 0 "filtered out".)
Random memories (seeded) with exact duplicates within and across files,
variants in another order, near duplicates (one character, one language,
one variant more) and different props; the merged memory's set of TUs
must equal the union of the inputs' sets, with no TU twice.  TAP output.

usage: test-merge-union.py POLYALIGN [ROUNDS] [SEED]"""
import os
import random
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
LANGS = ['fr', 'ru', 'ar', 'en', 'de']
WORDS = ['le', 'chat', 'дом', 'кот', 'بيت', 'a&b', '<x>', '"q"', "l'été",
         'e\u0301', 'ﬁ', '1.5', 'Z', 'ß', '\u200f']


def rand_seg(rng):
    return ' '.join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))


def rand_tu(rng):
    langs = rng.sample(LANGS, rng.randint(1, 3))
    return tuple((l, rand_seg(rng)) for l in langs)


def variants(rng, tu):
    """A TU that is an exact duplicate of tu, or a near one."""
    k = rng.randrange(5)
    v = list(tu)
    if k == 0:        # same variants, another order
        rng.shuffle(v)
    elif k == 1:      # one character more in one segment
        i = rng.randrange(len(v))
        v[i] = (v[i][0], v[i][1] + rng.choice('x.é'))
    elif k == 2:      # one variant in another language
        i = rng.randrange(len(v))
        others = [l for l in LANGS if l not in dict(v)]
        if others:
            v[i] = (rng.choice(others), v[i][1])
    elif k == 3:      # one variant more
        others = [l for l in LANGS if l not in dict(v)]
        if others:
            v.append((rng.choice(others), rand_seg(rng)))
    return tuple(v)  # k == 4: identical


def key(tu):
    return tuple(sorted(tu))


def write_tmx(path, tus, rng):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
                '<header creationtool="t" creationtoolversion="1" '
                'segtype="sentence" o-tmf="t" adminlang="en" srclang="*all*"'
                ' datatype="plaintext"/>\n<body>\n')
        for tu in tus:
            f.write('<tu>')
            if rng.random() < 0.3:
                f.write('<prop type="x-r">%d</prop>' % rng.randrange(1000))
            for lang, seg in tu:
                f.write('<tuv xml:lang="%s"><seg>%s</seg></tuv>'
                        % (lang, escape(seg)))
            f.write('</tu>\n')
        f.write('</body></tmx>\n')


def read_tmx(path):
    out = []
    for tu in ET.parse(path).getroot().iter('tu'):
        out.append(tuple((tuv.get(XML_LANG), tuv.find('seg').text or '')
                         for tuv in tu.iter('tuv')))
    return out


def main():
    exe = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    n = 0
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        for r in range(rounds):
            pool = [rand_tu(rng) for _ in range(rng.randint(1, 40))]
            files = []
            union = set()
            for f in range(rng.randint(1, 4)):
                tus = []
                for _ in range(rng.randint(0, 60)):
                    base = rng.choice(pool)
                    tu = variants(rng, base) if rng.random() < 0.6 else base
                    pool.append(tu)
                    tus.append(tu)
                    union.add(key(tu))
                path = os.path.join(d, 'in%d.tmx' % f)
                write_tmx(path, tus, rng)
                files.append(path)
            out = os.path.join(d, 'out.tmx')
            keep = rng.choice(['first', 'newest'])
            p = subprocess.run([exe, 'tmx', 'merge', '--keep', keep, '-o', out]
                               + files, capture_output=True, text=True)
            n += 1
            if p.returncode != 0:
                failed += 1
                print('not ok %d - round %d: exit %d: %s'
                      % (n, r, p.returncode, p.stderr.strip()))
                continue
            got = [key(tu) for tu in read_tmx(out)]
            single = {k for k in union if len(k) < 2}
            m = re.search(r'(\d+) filtered out', p.stderr)
            filtered = int(m.group(1)) if m else 0
            if filtered != 0:
                failed += 1
                print('not ok %d - round %d: %d single-variant TUs, %d '
                      'reported filtered out' % (n, r, len(single), filtered))
            elif set(got) == union and len(got) == len(union):
                print('ok %d - round %d: %d files, %d distinct TUs kept'
                      % (n, r, len(files), len(union)))
            else:
                failed += 1
                print('not ok %d - round %d: %d kept, %d distinct; missing %s;'
                      ' extra %s' % (n, r, len(got), len(union),
                                     list(union - set(got))[:2],
                                     list(set(got) - union)[:2]))
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
