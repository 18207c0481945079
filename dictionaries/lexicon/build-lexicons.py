#!/usr/bin/env python3
"""Build polyalign's bilingual lexicons from Debian's FreeDict dictionaries
and Mueller's English-Russian dictionary (mueller7-dict).

Run at build time (meson custom_target): reads
/usr/share/dictd/freedict-XXX-YYY.{index,dict.dz} and writes lemma-keyed
TSV files (source<TAB>target, one pair a line, '#' comments) into OUTDIR,
with a LICENSES file naming each source dictionary and its licence.  Nothing
derived from FreeDict is committed to the repository: the outputs inherit
the dictionaries' licences (GPL-2+, CC-BY-SA-3.0 for fra-rus; Mueller
GPL-2+).  Any dictionary missing at build time is left out with a warning.

Formats: dictd .index is "headword TAB offset TAB length" with offsets in
dictd's base64 digits (A-Za-z0-9+/, big-endian); .dict.dz is dictzip, a
gzip stream readable whole.  Entries are TEI rendered by tei2dict: line 1
"headword /IPA/ <pos>", then translation lines ("a, b" or "1. a, b"), each
optionally followed by definition lines in the source language.  Mueller's
entries are its own markup (see mueller_translations()), in
/usr/share/dictd/mueller7.{index,dict.dz}.

Usage: build-lexicons.py [--dictd DIR] OUTDIR
"""
import argparse
import gzip
import os
import re
import sys
import unicodedata

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
B64V = {c: i for i, c in enumerate(B64)}

DICTS = ["fra-rus", "fra-eng", "eng-fra", "eng-rus", "eng-ara", "ara-eng",
         "deu-fra", "fra-deu", "deu-rus", "deu-eng"]
SCRIPT = {"fra": "Latn", "eng": "Latn", "deu": "Latn", "rus": "Cyrl",
          "ara": "Arab"}
ISO1 = {"fra": "fr", "eng": "en", "deu": "de", "rus": "ru", "ara": "ar"}
OUTPUTS = ["fr-ru", "fr-en", "en-fr", "en-ru", "en-ar", "ar-en", "de-fr",
           "fr-de", "fr-ar", "ru-ar"]
PIVOT_FANOUT = 10  # translations kept per pivot word (findings note, 4)
MAX_WORDS = 3

HARAKAT = re.compile("[\u064B-\u065F\u0670\u0640]")
# Mueller's English-Russian dictionary (mueller7-dict): see read_mueller().
MUELLER = "mueller7"
MUELLER_FANOUT = 10  # Russian translations kept per English headword
MUELLER_INVERSE_RANK = 3  # of those, the first 3 make Russian->English
# Sense markers: "1." (part of speech) and "1)" (sense), "а)" (sub-sense).
MUELLER_SENSE = re.compile(r"(?:^|\s)\d+[.)]")
MUELLER_SUBSENSE = re.compile(r"(?<![\w-])[абвгдеёжз]\)")
# Usage labels: "_n.", "_attr.", "_разг.", "_p-p." ...
MUELLER_LABEL = re.compile(r"_[\w-]+\.?")
# Senses marked obsolete, poetic, rare, slang, dialect, Scots or biblical
# would link a common word to one readers of today do not use.
MUELLER_RARE = {"_уст.", "_поэт.", "_редк.", "_жарг.", "_диал.", "_шотл.",
                "_библ.", "_арх."}
NUMBERED = re.compile(r"^\d+\.\s+")
PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")


def b64(s):
    v = 0
    for c in s:
        v = v * 64 + B64V[c]
    return v


def script_of(ch):
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return "Cyrl"
    if name.startswith("ARABIC"):
        return "Arab"
    if name.startswith("LATIN"):
        return "Latn"
    return None


def in_script(text, script):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(script_of(c) == script for c in letters)


def strip_stress(text):
    """Drop combining acute/grave accents only after Cyrillic letters:
    a blanket strip would turn French é into e."""
    out = []
    for c in unicodedata.normalize("NFD", text):
        if c in "\u0301\u0300" and out and script_of(out[-1]) == "Cyrl":
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def clean(item, script):
    item = PARENS.sub(" ", item)
    item = item.strip(" \t.;:!?\"'«»“”")
    if script == "Cyrl":
        item = strip_stress(item)
    if script == "Arab":
        item = HARAKAT.sub("", item)
        words = item.split()
        # Lemma-keyed: drop the article of a single word (الهجوم -> هجوم).
        if len(words) == 1 and words[0].startswith("ال") and \
                len(words[0]) >= 5:
            item = words[0][2:]
    item = " ".join(item.split()).lower()
    if not item or len(item.split()) > MAX_WORDS:
        return None
    if not in_script(item, script):
        return None
    return item


def read_dict(path_index, path_dict, src, tgt):
    data = gzip.open(path_dict).read()
    pairs = set()
    with open(path_index, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00database"):
                continue
            off, n = b64(parts[1]), b64(parts[2])
            entry = data[off:off + n].decode("utf-8", "replace")
            lines = entry.split("\n")
            head = lines[0].split(" /")[0].split(" <")[0]
            head = clean(head, SCRIPT[src])
            if not head:
                continue
            for i, body in enumerate(lines[1:]):
                # A translation line is the first after the headword or a
                # numbered sense; the others are definitions.
                if i > 0 and not NUMBERED.match(body):
                    continue
                body = NUMBERED.sub("", body)
                for item in re.split(r"[,;]", body):
                    t = clean(item, SCRIPT[tgt])
                    if t:
                        pairs.add((head, t))
    return pairs


def mueller_translations(body):
    """The Russian translations of one Mueller entry body, in the order of
    the senses (the first are the commonest).  The entry is wrapped text:
    "[transcription] 1. _n. 1) атака, наступление; attack plane _ав.
    штурмовик 2) ...".  In a sense, the translations come first, separated
    by ';' and ','; the first part holding Latin letters is an example or
    an idiom with its rendering ("to make a request обратиться с
    просьбой"), and it and the rest of the sense (lettered sub-senses of
    the idiom included) are dropped."""
    text = " ".join(body.split())
    text = re.sub(r"\[[^\]]*\]|\{[^}]*\}", " ", text)
    # Parentheses nest in a few entries: strip the inner ones first.
    for _ in range(2):
        text = re.sub(r"\([^()]*\)", " ", text)
    out = []
    for sense in MUELLER_SENSE.split(text):
        sense = MUELLER_SUBSENSE.sub(";", sense)
        for part in sense.split(";"):
            labels = MUELLER_LABEL.findall(part)
            if MUELLER_RARE.intersection(labels):
                continue
            part = MUELLER_LABEL.sub(" ", part)
            if re.search("[A-Za-z]", part):
                break
            for item in part.split(","):
                # Abbreviated words (кого-л., и т.п.) and affixes (авиа-)
                # are not words of a text.
                if "." in item.strip(" .") or "-л" in item or '"' in item:
                    continue
                t = clean(item, "Cyrl")
                if t and t not in out and not t.startswith("-") and \
                        not t.endswith("-"):
                    out.append(t)
    return out


def read_mueller(path_index, path_dict):
    """Mueller's English-Russian dictionary (7th edition, 1961; GPL-2+),
    dictd format as Debian's mueller7-dict ships it.  Returns
    {english: [russian, ...]} in sense order, at most MUELLER_FANOUT
    translations a headword."""
    data = gzip.open(path_dict).read()
    out = {}
    with open(path_index, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00"):
                continue
            off, n = b64(parts[1]), b64(parts[2])
            entry = data[off:off + n].decode("utf-8", "replace")
            head, _, body = entry.partition("\n")
            head = clean(head, "Latn")
            # Affixes ("-proof", "arch-") are not words of a text.
            if not head or head.startswith("-") or head.endswith("-"):
                continue
            known = out.setdefault(head, [])
            for t in mueller_translations(body):
                if t not in known and len(known) < MUELLER_FANOUT:
                    known.append(t)
    return {h: ts for h, ts in out.items() if ts}


def invert(pairs):
    return {(t, s) for s, t in pairs}


def compose(ab, bc, cap=PIVOT_FANOUT):
    """a->c through b, keeping at most @cap translations per pivot word."""
    index = {}
    for b, c in sorted(bc):
        index.setdefault(b, []).append(c)
    out = set()
    for a, b in ab:
        for c in index.get(b, [])[:cap]:
            out.add((a, c))
    return out


def compose_linked(ab, bc, links=2):
    """a->c through b, kept only when at least @links distinct pivot words
    link a to c (inverse consultation, Tanaka & Umemura 1994,
    "Construction of a bilingual dictionary intermediated by a third
    language"): one pivot word links many unrelated senses."""
    index = {}
    for b, c in bc:
        index.setdefault(b, set()).add(c)
    count = {}
    for a, b in ab:
        for c in index.get(b, ()):
            count[(a, c)] = count.get((a, c), 0) + 1
    return {pair for pair, n in count.items() if n >= links}


def licence_of(dictd, name):
    """The licence of the Files: NAME/* stanza of the Debian copyright file
    (the first stanza covers debian/* only)."""
    info = os.path.join("/usr/share/doc", "dict-freedict-" + name,
                        "copyright")
    lic = "unknown"
    if os.path.exists(info):
        current = None
        with open(info, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("Files:"):
                    current = line.split(":", 1)[1].strip()
                elif line.startswith("License:") and \
                        current == name + "/*":
                    return line.split(":", 1)[1].strip()
    return lic


def write_tsv(path, pairs, sources, note):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("# polyalign lexicon generated from FreeDict%s (%s)\n"
                % (" and Mueller" if MUELLER in sources else "", note))
        f.write("# sources: %s; see LICENSES in this folder\n"
                % ", ".join(sources))
        for s, t in sorted(pairs):
            f.write("%s\t%s\n" % (s, t))
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dictd", default="/usr/share/dictd")
    ap.add_argument("outdir")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    d = {}
    missing = []
    for name in DICTS:
        src, tgt = name.split("-")
        idx = os.path.join(args.dictd, "freedict-%s.index" % name)
        dz = os.path.join(args.dictd, "freedict-%s.dict.dz" % name)
        if os.path.exists(idx) and os.path.exists(dz):
            d[name] = read_dict(idx, dz, src, tgt)
        else:
            d[name] = set()
            missing.append(name)
            print("build-lexicons: %s not found (apt-get install "
                  "dict-freedict-%s)" % (idx, name), file=sys.stderr)

    idx = os.path.join(args.dictd, MUELLER + ".index")
    dz = os.path.join(args.dictd, MUELLER + ".dict.dz")
    if os.path.exists(idx) and os.path.exists(dz):
        mueller = read_mueller(idx, dz)
    else:
        mueller = {}
        missing.append(MUELLER)
        print("build-lexicons: %s not found (apt-get install "
              "mueller7-dict); en-ru, ru-ar and fr-ru without it" % idx,
              file=sys.stderr)
    en_ru_m = {(e, r) for e, rs in mueller.items() for r in rs}
    # Russian to English: a Russian word late in a long entry is a rare
    # sense of the English word (человек under "body", "hand", "soul"...).
    ru_en_m = {(r, e) for e, rs in mueller.items()
               for r in rs[:MUELLER_INVERSE_RANK]}

    fr_en = d["fra-eng"] | invert(d["eng-fra"])
    en_fr = d["eng-fra"] | invert(d["fra-eng"])
    en_ar = d["eng-ara"] | invert(d["ara-eng"])
    ar_en = d["ara-eng"] | invert(d["eng-ara"])
    en_ru = d["eng-rus"] | compose(en_fr, d["fra-rus"])
    en_ru |= en_ru_m
    de_fr = d["deu-fra"] | invert(d["fra-deu"])
    fr_de = d["fra-deu"] | invert(d["deu-fra"])
    # French-Russian: the direct dictionary, and through English and
    # German (every FreeDict direction into Russian Debian ships with a
    # French pair).  Through German: the pairs two German words link, and
    # any pair for a French word the others leave untranslated (a single
    # pivot word brings its unrelated senses: aborder -> ansprechen ->
    # обращаться).
    fr_ru = d["fra-rus"] | compose(fr_en, d["eng-rus"])
    known = {a for a, _ in fr_ru}
    fr_ru |= compose_linked(fr_de, d["deu-rus"]) | \
        {(a, c) for a, c in compose(fr_de, d["deu-rus"]) if a not in known}
    # Through English with Mueller: only the pairs two English words link.
    # Every pair would double fr-ru (3.9 MB against 1.9; its load time is
    # on the aligner's critical path) for no gain in compare; those for
    # French words left untranslated add 27 % and lower UN recall.
    fr_ru |= compose_linked(fr_en, en_ru_m)
    ru_en = invert(d["eng-rus"]) | compose(invert(d["fra-rus"]), fr_en)
    ru_en |= ru_en_m
    # French-English for fr-ar: FreeDict's fra-eng and eng-fra (17 k pairs)
    # leave common words out (demande, information, criminel); German
    # links them, as for fr-ru: the pairs two German words link, and any
    # pair for a French word English leaves untranslated.  NTREX fr-ar
    # alignment 0.9763 -> 0.9776 (10 % deleted 0.9366 -> 0.9336), UN fr-ar
    # 0.9649 -> 0.9687, compare-sets fr-ar recall at 0.7 NTREX 0.255 ->
    # 0.366, UN 0.525 -> 0.587 (seed 1).
    fr_en_ar = fr_en | compose_linked(fr_de, d["deu-eng"])
    known = {a for a, _ in fr_en}
    fr_en_ar |= {(a, c) for a, c in compose(fr_de, d["deu-eng"])
                 if a not in known}
    fr_ar = compose(fr_en_ar, en_ar)
    ru_ar = compose(ru_en, en_ar)

    table = {
        "fr-ru": (fr_ru, ["fra-rus", "fra-eng", "eng-fra", "eng-rus",
                          "fra-deu", "deu-fra", "deu-rus", MUELLER]),
        "fr-en": (fr_en, ["fra-eng", "eng-fra"]),
        "en-fr": (en_fr, ["eng-fra", "fra-eng"]),
        "en-ru": (en_ru, ["eng-rus", "eng-fra", "fra-eng", "fra-rus",
                          MUELLER]),
        "en-ar": (en_ar, ["eng-ara", "ara-eng"]),
        "ar-en": (ar_en, ["ara-eng", "eng-ara"]),
        "de-fr": (de_fr, ["deu-fra", "fra-deu"]),
        "fr-de": (fr_de, ["fra-deu", "deu-fra"]),
        "fr-ar": (fr_ar, ["fra-eng", "eng-fra", "eng-ara", "ara-eng",
                          "fra-deu", "deu-fra", "deu-eng"]),
        "ru-ar": (ru_ar, ["eng-rus", "fra-rus", "fra-eng", "eng-fra",
                          "eng-ara", "ara-eng", MUELLER]),
    }
    for out in OUTPUTS:
        pairs, sources = table[out]
        note = "pivoted through English" if out in ("fr-ar", "ru-ar") \
            else "direct and inverted"
        write_tsv(os.path.join(args.outdir, out + ".tsv"), pairs,
                  sources, note)
        print("build-lexicons: %s: %d entries, %d pairs"
              % (out, len({s for s, _ in pairs}), len(pairs)))

    with open(os.path.join(args.outdir, "LICENSES"), "w",
              encoding="utf-8") as f:
        f.write("The lexicons in this folder are derived from the FreeDict\n"
                "dictionaries (https://freedict.org) shipped by Debian's\n"
                "dict-freedict-* packages, and are distributed under the\n"
                "licences of the dictionaries they were built from:\n\n")
        for name in DICTS:
            state = "MISSING at build time" if name in missing else \
                licence_of(args.dictd, name)
            f.write("  freedict-%s: %s (see /usr/share/doc/dict-freedict-"
                    "%s/copyright)\n" % (name, state, name))
        state = "MISSING at build time" if MUELLER in missing else \
            "GPL-2+"
        f.write("\nen-ru, fr-ru and ru-ar also draw on Mueller's English-"
                "Russian dictionary\n(7th edition, 1961; electronic "
                "version by S. Starostin and\nE. S. Cymbalyuk), shipped by "
                "Debian's mueller7-dict package:\n\n")
        f.write("  %s: %s (see /usr/share/doc/mueller7-dict/copyright)\n"
                % (MUELLER, state))
        f.write("\nA lexicon built from several dictionaries carries all "
                "their licences\n(fr-ru includes fra-rus: CC-BY-SA-3.0).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
