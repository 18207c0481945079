# Hostile and broken inputs, shared by tests/cli/test-hostile.sh (which
# checks each outcome) and bench/hostile.sh (which prints peak memory).
# Sourced; needs python3.
#
#   hostile_make DIR BIG_MB    write the inputs into DIR; BIG_MB sizes the
#                              one-line text file (the <seg> is always
#                              100 MB: the reader stops early)
#   hostile_cases              print one case a line:
#                              NAME|EXIT|STDERR-REGEX|COMMAND
#                              (COMMAND uses $exe, $dir and $as_user)

hostile_make() {
    local dir=$1 big=$2
    python3 - "$dir" "$big" <<'EOF'
import os, sys
d, big = sys.argv[1], int(sys.argv[2])
p = lambda n: os.path.join(d, n)
hdr = ('<tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
       'segtype="sentence" o-tmf="x" adminlang="en" srclang="fr" '
       'datatype="plaintext"/>\n<body>\n')
tu = ('<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv>'
      '<tuv xml:lang="ru"><seg>Привет</seg></tuv></tu>\n')
ok = hdr + tu * 100 + '</body></tmx>\n'
def w(name, s, mode='w'):
    with open(p(name), mode) as f:
        f.write(s)
ents = ''.join('<!ENTITY %s "%s">\n' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10)
               for i in range(8))
w('laughs.tmx', '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaa">\n'
  + ents + ']>\n' + hdr + '<tu><tuv xml:lang="fr"><seg>&i;</seg></tuv></tu>'
  '</body></tmx>\n')
w('quadratic.tmx', '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "%s">]>\n'
  % ('x' * 50000) + hdr + '<tu><tuv xml:lang="fr"><seg>' + '&a;' * 50000
  + '</seg></tuv></tu></body></tmx>\n')
for n, url in (('xxe-file', 'file:///etc/passwd'), ('xxe-http', 'http://127.0.0.1:9/x')):
    w(n + '.tmx', '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "%s">]>\n'
      % url + hdr + '<tu><tuv xml:lang="fr"><seg>&x;</seg></tuv></tu></body></tmx>\n')
w('netdtd.tmx', '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM '
  '"http://127.0.0.1:9/tmx14.dtd">\n' + ok)
w('nested.tmx', '<?xml version="1.0"?>\n' + hdr + '<tu><tuv xml:lang="fr"><seg>'
  + '<hi>' * 100000 + 'x' + '</hi>' * 100000 + '</seg></tuv></tu></body></tmx>\n')
w('ok.tmx', '<?xml version="1.0" encoding="UTF-8"?>\n' + ok)
w('truncated.tmx', ('<?xml version="1.0" encoding="UTF-8"?>\n' + ok)[:3000])
w('wrongenc.tmx', ('<?xml version="1.0" encoding="UTF-16"?>\n' + ok).encode(), 'wb')
w('badutf8.tmx', ('<?xml version="1.0"?>\n' + ok).encode()
  .replace(b'Bonjour', b'Bonj\xc0\xafr', 1), 'wb')
with open(p('manytuv.tmx'), 'w') as f:
    f.write('<?xml version="1.0"?>\n' + hdr + '<tu>')
    f.write('<tuv xml:lang="fr"><seg>a</seg></tuv>' * 1000000)
    f.write('</tu></body></tmx>\n')
with open(p('bigseg.tmx'), 'w') as f:
    f.write('<?xml version="1.0"?>\n' + hdr + '<tu><tuv xml:lang="fr"><seg>')
    chunk = 'abcdefghi ' * 104858
    for i in range(100):
        f.write(chunk)
    f.write('</seg></tuv></tu></body></tmx>\n')
w('overlong.fr.txt', b'Bonjour le monde. Un \xc0\xaf overlong.\n', 'wb')
w('surrogate.fr.txt', b'Bonjour. Surrogate \xed\xa0\x80 ici.\n', 'wb')
w('truncseq.fr.txt', b'Bonjour. Tronqu\xc3', 'wb')
w('utf16.fr.txt', 'Bonjour le monde. Ceci est un texte en français sans BOM.\n'
  'Deuxième ligne.\n'.encode('utf-16-le'), 'wb')
w('mixed.fr.txt', 'Première partie en UTF-8 éèà. '.encode()
  + 'Seconde partie en Latin-1 éèà.\n'.encode('latin-1'), 'wb')
w('nul.fr.txt', b'Bonjour.\0 Binaire.\n', 'wb')
with open(p('oneline.fr.txt'), 'w') as f:
    s = 'Ceci est une phrase assez ordinaire sans fin de ligne ' * 20000
    for i in range(big * 1024 * 1024 // len(s)):
        f.write(s)
w('emptylines.fr.txt', '\n' * 1000000)
w('onesentence.fr.txt', ('mot ' * 262144).strip() + '.\n')
w('rtl.ar.txt', '\u202bمرحبا بكم في \u200fالعالم\u200e. \u2067هذه جملة\u2069 '
  'ثانية؟\u200d\ufeff نعم!\n')
w('undeclared.fr.txt', 'Это русский текст, а не французский. Совсем не '
  'французский!\n')
w('empty.ru.txt', '')
w('one.fr.txt', 'Une seule phrase.\n')
w('many.ru.txt', ''.join('Предложение номер %d.\n' % i for i in range(100000)))
w('doc.fr.txt', ''.join('Voici la phrase numéro %d du document. ' % i
                        + ('\n\n' if i % 5 == 4 else '') for i in range(200)))
w('unreadable.fr.txt', 'Bonjour.\n')
os.chmod(p('unreadable.fr.txt'), 0)
os.mkdir(p('ro'), 0o555)
w('same.fr.txt', 'Bonjour.\n')
EOF
}

hostile_cases() {
    cat <<'EOF'
xml: billion laughs|2|entity reference loop|$exe tmx stats $dir/laughs.tmx
xml: quadratic blow-up|2|quadratic.tmx:5: entity reference &a; refused|$exe tmx stats $dir/quadratic.tmx
xml: external entity file:///etc/passwd|2|xxe-file.tmx:5: entity reference &x; refused|$exe tmx stats $dir/xxe-file.tmx
xml: external entity http://|2|xxe-http.tmx:5: entity reference &x; refused|$exe tmx stats $dir/xxe-http.tmx
xml: DTD on the network (not loaded)|0||$exe tmx stats $dir/netdtd.tmx
xml: 100000 nested elements|2|nested.tmx:4: inline elements nested too deep|$exe tmx stats $dir/nested.tmx
xml: 100 MB <seg>|2|bigseg.tmx:4: .*huge text node|$exe tmx stats $dir/bigseg.tmx
xml: a <tu> with 1000000 <tuv>s|0||$exe tmx stats $dir/manytuv.tmx
xml: truncated file|2|truncated.tmx:33: not well-formed XML|$exe tmx stats $dir/truncated.tmx
xml: UTF-16 declared, UTF-8 content|2|wrongenc.tmx:1: .*labelled UTF-16|$exe tmx stats $dir/wrongenc.tmx
xml: invalid UTF-8 in a segment|2|badutf8.tmx:4: .*not proper UTF-8|$exe tmx stats $dir/badutf8.tmx
text: overlong UTF-8 (read as a legacy charset)|0||$exe split $dir/overlong.fr.txt
text: overlong UTF-8, -e UTF-8|2|byte offset 21: invalid UTF-8|$exe split -e UTF-8 $dir/overlong.fr.txt
text: UTF-8 surrogate|2|byte offset 19: invalid UTF-8|$exe split $dir/surrogate.fr.txt
text: truncated sequence, -e UTF-8|2|byte offset 15: truncated UTF-8 sequence at end of file|$exe split -e UTF-8 $dir/truncseq.fr.txt
text: UTF-16LE without BOM|0||$exe detect $dir/utf16.fr.txt
text: UTF-8 and Latin-1 in one file|0|mixed encodings|$exe split $dir/mixed.fr.txt
text: NUL bytes|2|byte offset 8: NUL byte|$exe split $dir/nul.fr.txt
text: one line, no line break (BIG MB)|0||$exe split -o $dir/oneline.out $dir/oneline.fr.txt
text: 1000000 empty lines|0||$exe split $dir/emptylines.fr.txt
text: one 1 MB sentence|0||$exe split -o $dir/onesentence.out $dir/onesentence.fr.txt
text: RTL marks and format characters|0||$exe split $dir/rtl.ar.txt
text: language not the declared one|0|language is fr .*Cyrl script|$exe split $dir/undeclared.fr.txt
align: one empty side|0|target side is empty|$exe align $dir/doc.fr.txt $dir/empty.ru.txt
align: 1 sentence against 100000|0|differ much in sentence count|$exe align $dir/one.fr.txt $dir/many.ru.txt
align: identical documents|0||$exe align $dir/doc.fr.txt $dir/doc.fr.txt
files: unreadable input|2|cannot open: Permission denied|$as_user $exe split $dir/unreadable.fr.txt
files: output in a missing folder|2|cannot create output: No such file or directory|$exe split -o $dir/none/x.tsv $dir/one.fr.txt
files: output in a read-only folder|2|cannot create output: Permission denied|$as_user $exe split -o $dir/ro/x.tsv $dir/one.fr.txt
files: disk full (/dev/full)|2|/dev/full: write failed: No space left on device|$exe split -o /dev/full $dir/one.fr.txt
files: output is the input (split)|2|would overwrite an input|$exe split -o $dir/same.fr.txt $dir/same.fr.txt
files: output is an input (tmx merge)|1|is also an input|$exe tmx merge -o $dir/ok.tmx $dir/ok.tmx
EOF
}
