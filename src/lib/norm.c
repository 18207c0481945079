/* Word tokens and matching keys: ICU word break (UAX #29), NFKC case
 * folding (UAX #15, Unicode 3.13 NFKC_Casefold), ICU rule-based folding
 * and transliteration, Hunspell lemmas cached per word type, consonant
 * skeletons for names across scripts, number keys.  The measurements behind
 * each rule are in the project's notes (hunspell-icu-freedict-findings). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "norm.h"

/* More stems than this and the word is a function word or hopelessly
 * ambiguous (Arabic في gives 882): keep none. */
#define STEM_CAP 5
#define SKELETON_MAX 64

/* Applied after NFKC_Casefold, in every language, so that keys of the two
 * sides of a lexicon agree: apostrophes unified, Russian ё→е, Arabic
 * harakat, superscript alef and tatweel removed, alef variants (آ أ إ ٱ),
 * alef maqsura (ى→ي) and ta marbuta (ة→ه) folded, Persian kaf/yeh to
 * Arabic.  Spaces of any kind become U+0020 in fold_chars(). */
static const char fold_rules_src[] =
    "[\\u2019\\u02BC\\u2018\\u2032] > \\' ;"
    "\\u0451 > \\u0435 ;"
    "[\\u064B-\\u065F\\u0670\\u0640] > ;"
    "[\\u0622\\u0623\\u0625\\u0671] > \\u0627 ;"
    "\\u0649 > \\u064A ;"
    "\\u0629 > \\u0647 ;"
    "\\u06CC > \\u064A ;"
    "\\u06A9 > \\u0643 ;";

/* Romanisation per script: Russian-Latin/BGN rather than ISO 9 or
 * Any-Latin (ж as zh, й as y, not clashing with Arabic ج = j); Arabic-Latin
 * is consonantal (w/y for long vowels).  Then plain ASCII, lower case. */
static const char *const translit_ids[SCRIPT_COUNT] = {
    [SCRIPT_LATIN] = "Latin-ASCII; Lower",
    [SCRIPT_CYRILLIC] = "Russian-Latin/BGN; Latin-ASCII; Lower",
    [SCRIPT_ARABIC] = "Arabic-Latin; Latin-ASCII; Lower",
    [SCRIPT_OTHER] = "Any-Latin; Latin-ASCII; Lower",
};

/* French elided words split off a token ("l’information"). */
static const char *const fr_elisions[] = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu",
    "puisqu", "quoiqu", "presqu", NULL,
};

/* Russian case endings stripped to get a second skeleton source for
 * unknown names (Байденом -> Байден), longest first. */
static const char *const ru_endings[] = {
    "ами", "ями", "ого", "его", "ому", "ему", "ом", "ем", "ой", "ей", "ым",
    "им", "ах", "ях", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и", NULL,
};

/* ------------------------------------------------------------------ */
/* String lists */

struct strv {
    char **v;
    size_t n, cap;
};

static int strv_has(const struct strv *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return 1;
    return 0;
}

/* Takes @s (frees it when already present or on failure). */
static int strv_add(struct strv *l, char *s)
{
    if (!s)
        return POLYALIGN_ENOMEM;
    if (strv_has(l, s)) {
        free(s);
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        char **v = realloc(l->v, cap * sizeof(*v));
        if (!v) {
            free(s);
            return POLYALIGN_ENOMEM;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

static void strv_clear(struct strv *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void entry_free(void *p)
{
    struct norm_entry *e = p;

    if (!e)
        return;
    free(e->folded);
    free_list(e->variants, e->n_variants);
    free_list(e->lemmas, e->n_lemmas);
    free_list(e->skeletons, e->n_skeletons);
    free(e->number);
    free(e);
}

/* ------------------------------------------------------------------ */
/* UTF-8 / UTF-16 with ICU */

static int to_u16(const char *s, size_t len, UChar **out, int32_t *out_len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    /* UTF-16 takes at most one unit per UTF-8 byte: one call, no
     * preflight (the normalizer converts every token and lexicon word). */
    UChar *b = malloc((len + 1) * sizeof(UChar));

    *out = NULL;
    if (!b)
        return POLYALIGN_ENOMEM;
    u_strFromUTF8(b, (int32_t)len + 1, &n, s, (int32_t)len, &st);
    if (U_FAILURE(st)) {
        free(b);
        return POLYALIGN_EENCODING;
    }
    *out = b;
    *out_len = n;
    return 0;
}

static char *to_u8(const UChar *s, int32_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    /* At most three UTF-8 bytes per UTF-16 unit. */
    char *b = malloc((size_t)len * 3 + 1);
    int32_t n = 0;
    char *r;

    if (!b)
        return NULL;
    u_strToUTF8(b, len * 3 + 1, &n, s, len, &st);
    if (U_FAILURE(st)) {
        free(b);
        return NULL;
    }
    /* Many are kept (a key per word type): give back the slack. */
    r = realloc(b, (size_t)n + 1);
    return r ? r : b;
}

/* Run @t over *buf (reallocated as needed). */
static int transliterate(UTransliterator *t, UChar **buf, int32_t *len)
{
    int32_t cap = *len * 4 + 16;

    for (int tries = 0; tries < 4; tries++, cap *= 4) {
        UErrorCode st = U_ZERO_ERROR;
        UChar *b = malloc((size_t)cap * sizeof(UChar));
        int32_t n = *len, limit = *len;

        if (!b)
            return POLYALIGN_ENOMEM;
        memcpy(b, *buf, (size_t)*len * sizeof(UChar));
        utrans_transUChars(t, b, &n, cap, 0, &limit, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            free(b);
            continue;
        }
        if (U_FAILURE(st)) {
            free(b);
            return POLYALIGN_EINTERNAL;
        }
        free(*buf);
        *buf = b;
        *len = n;
        return 0;
    }
    return POLYALIGN_EINTERNAL;
}

static enum norm_script script_of(UChar32 c)
{
    UErrorCode st = U_ZERO_ERROR;

    switch (uscript_getScript(c, &st)) {
    case USCRIPT_LATIN:
        return SCRIPT_LATIN;
    case USCRIPT_CYRILLIC:
        return SCRIPT_CYRILLIC;
    case USCRIPT_ARABIC:
        return SCRIPT_ARABIC;
    default:
        return SCRIPT_OTHER;
    }
}

static size_t u8_count(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static UChar32 u8_first(const char *s, size_t len)
{
    int32_t i = 0;
    UChar32 c;

    if (!len)
        return -1;
    U8_NEXT(s, i, (int32_t)len, c);
    return c;
}

static int is_space_like(UChar32 c)
{
    return c == 0x20 || u_charType(c) == U_SPACE_SEPARATOR || c == 0x09;
}

/* ------------------------------------------------------------------ */
/* Folding */

/* NFKC_Casefold, then digits of any script as ASCII (u_charDigitValue)
 * and space separators (no-break U+00A0, narrow U+202F, thin...) as
 * U+0020, then the fold rules. */
int norm_fold(struct polyalign_normalizer *n, const char *text, size_t len,
              char **out)
{
    UChar *src = NULL, *dst = NULL;
    int32_t slen = 0, dlen, j = 0;
    UErrorCode st = U_ZERO_ERROR;
    int error;

    *out = NULL;
    /* Most words (every lexicon entry, most tokens) are folded already:
     * copied as they are. */
    if (n->folded && len <= INT32_MAX &&
        uset_spanUTF8(n->folded, text, (int32_t)len, USET_SPAN_CONTAINED) ==
            (int32_t)len) {
        if (!(*out = strndup(text, len)))
            return POLYALIGN_ENOMEM;
        return 0;
    }
    if ((error = to_u16(text, len, &src, &slen)) < 0)
        goto cleanup;
    /* Case folding seldom lengthens a word (ß, ligatures): a buffer with
     * room to spare, and a second try in the rare case it is short. */
    for (int32_t cap = slen * 2 + 16;; cap = dlen + 1) {
        if (!(dst = malloc((size_t)cap * sizeof(UChar)))) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
        st = U_ZERO_ERROR;
        dlen = unorm2_normalize(n->nfkc_cf, src, slen, dst, cap, &st);
        if (st != U_BUFFER_OVERFLOW_ERROR)
            break;
        free(dst);
        dst = NULL;
    }
    if (U_FAILURE(st)) {
        error = POLYALIGN_EINTERNAL;
        goto cleanup;
    }
    for (int32_t i = 0; i < dlen;) {
        UChar32 c;
        int32_t at = i;
        U16_NEXT(dst, i, dlen, c);
        if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
            dst[j++] = (UChar)('0' + u_charDigitValue(c));
        } else if (is_space_like(c)) {
            dst[j++] = ' ';
        } else {
            while (at < i)
                dst[j++] = dst[at++];
        }
    }
    dlen = j;
    if ((!n->fold_source ||
         uset_span(n->fold_source, dst, dlen, USET_SPAN_NOT_CONTAINED) <
             dlen) &&
        (error = transliterate(n->fold_rules, &dst, &dlen)) < 0)
        goto cleanup;
    *out = to_u8(dst, dlen);
    if (!*out)
        error = POLYALIGN_ENOMEM;
cleanup:
    free(src);
    free(dst);
    return error;
}

int polyalign_normalizer_fold(struct polyalign_normalizer *n,
                              const char *text, char **out)
{
    return norm_fold(n, text, strlen(text), out);
}

/* ------------------------------------------------------------------ */
/* Numbers */

int polyalign_number_key(const char *text, char **out)
{
    size_t len = strlen(text), cap = len + 2;
    char *digits = malloc(cap), *res = malloc(cap);
    size_t n_groups = 0, glen[64], gstart[64], nd = 0;
    UChar32 sep = 0;
    int same_sep = 1, grouped, any = 0, error = 0;

    *out = NULL;
    if (!digits || !res) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    /* Split into digit groups. */
    for (int32_t i = 0; i < (int32_t)len;) {
        UChar32 c;
        U8_NEXT(text, i, (int32_t)len, c);
        if (c < 0) {
            error = POLYALIGN_EENCODING;
            goto cleanup;
        }
        if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
            if (!any || gstart[n_groups - 1] + glen[n_groups - 1] != nd) {
                if (n_groups == 64)
                    break;
                gstart[n_groups] = nd;
                glen[n_groups++] = 0;
            }
            digits[nd++] = (char)('0' + u_charDigitValue(c));
            glen[n_groups - 1]++;
            any = 1;
        } else if (any) {
            /* A separator between groups: count distinct kinds. */
            UChar32 k = is_space_like(c) ? 0x20 : c;
            if (sep && k != sep)
                same_sep = 0;
            sep = k;
            /* Force a new group on the next digit. */
            if (gstart[n_groups - 1] + glen[n_groups - 1] == nd)
                digits[nd++] = '|';
        }
    }
    if (!any)
        goto cleanup;
    /* Thousands groups: 1-3 digits, then groups of exactly 3 with one kind
     * of separator ("2 042", "1,500,000", "1.500"); else each part without
     * leading zeros joined by "." ("09.07.2021" -> "9.7.2021", "3,5"). */
    grouped = n_groups > 1 && same_sep && glen[0] <= 3 && sep != '/' &&
              sep != '-' && sep != ':';
    for (size_t g = 1; g < n_groups && grouped; g++)
        if (glen[g] != 3)
            grouped = 0;
    {
        size_t r = 0;
        for (size_t g = 0; g < n_groups; g++) {
            const char *d = digits + gstart[g];
            size_t l = glen[g];
            if (!grouped) {
                while (l > 1 && *d == '0') {
                    d++;
                    l--;
                }
                if (g > 0)
                    res[r++] = '.';
            }
            memcpy(res + r, d, l);
            r += l;
        }
        res[r] = '\0';
    }
    *out = res;
    res = NULL;
cleanup:
    free(digits);
    free(res);
    return error;
}

/* ------------------------------------------------------------------ */
/* Name skeletons */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Consonant skeleton of a lower-case ASCII romanisation, so that spellings
 * of one name in French, Russian (BGN) and Arabic (consonantal) meet:
 * ph->f; dzh, dj, zh, j, g before e/i -> j; c, q, ck -> k; x -> ks; h
 * dropped; p->b and v->f (Arabic has neither); vowels, w and y dropped
 * except a word-initial vowel kept as "a"; doubles squeezed; ng before a
 * consonant or the end -> n (added here: Arabic has no g).  Rules and
 * their evaluation: findings note, section 3. */
static void skeleton_of(const char *s, char *out, size_t cap)
{
    size_t o = 0, n = strlen(s);
    int first = 1;

    for (size_t i = 0; i < n && o + 3 < cap;) {
        char c = s[i], emit[3] = {0, 0, 0};
        size_t step = 1;

        if (c < 'a' || c > 'z') {
            i++;
            continue;
        }
        if (c == 'n' && s[i + 1] == 'g' &&
            (!s[i + 2] || !is_vowel(s[i + 2]))) {
            /* Arabic has no g: Washington, واشنطن */
            emit[0] = 'n';
            step = 2;
        } else if (strncmp(s + i, "ph", 2) == 0) {
            emit[0] = 'f';
            step = 2;
        } else if (strncmp(s + i, "dzh", 3) == 0) {
            emit[0] = 'j';
            step = 3;
        } else if (strncmp(s + i, "dj", 2) == 0 ||
                   strncmp(s + i, "zh", 2) == 0) {
            emit[0] = 'j';
            step = 2;
        } else if (strncmp(s + i, "ck", 2) == 0) {
            emit[0] = 'k';
            step = 2;
        } else if (c == 'j') {
            emit[0] = 'j';
        } else if (c == 'g' && (s[i + 1] == 'e' || s[i + 1] == 'i')) {
            emit[0] = 'j';
        } else if (c == 'c' || c == 'q') {
            emit[0] = 'k';
        } else if (c == 'x') {
            emit[0] = 'k';
            emit[1] = 's';
        } else if (c == 'p') {
            emit[0] = 'b';
        } else if (c == 'v') {
            emit[0] = 'f';
        } else if (c == 'h' || c == 'w' || c == 'y') {
            emit[0] = 0;
        } else if (is_vowel(c)) {
            emit[0] = first ? 'a' : 0;
        } else {
            emit[0] = c;
        }
        first = 0;
        for (int k = 0; k < 2 && emit[k]; k++)
            if (o == 0 || out[o - 1] != emit[k])
                out[o++] = emit[k];
        i += step;
    }
    out[o] = '\0';
}

static size_t levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[SKELETON_MAX + 1];

    if (la > SKELETON_MAX || lb > SKELETON_MAX)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

int polyalign_skeleton_match(const char *a, const char *b)
{
    size_t la, lb, l;

    if (!a || !b || !*a || !*b)
        return 0;
    la = strlen(a);
    lb = strlen(b);
    l = la > lb ? la : lb;
    if (l <= 4)
        return strcmp(a, b) == 0;
    return levenshtein(a, b) <= (l <= 7 ? 1u : 2u);
}

/* The skeleton of @word (UTF-8) through its script's romanisation; added
 * to @out when long enough: 3+ letters, or 2 when @allow2 (the word had 4+
 * letters and is not a clitic-stripped variant: findings note 3.4). */
static int add_skeleton(struct polyalign_normalizer *n, const char *word,
                        int allow2, struct strv *out)
{
    UChar *u = NULL;
    int32_t ulen = 0;
    char *latin = NULL, skel[SKELETON_MAX + 4];
    enum norm_script sc = script_of(u8_first(word, strlen(word)));
    int error;

    if (!n->translit[sc]) {
        UErrorCode st = U_ZERO_ERROR;
        UChar id[64];
        u_uastrcpy(id, translit_ids[sc]);
        n->translit[sc] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0,
                                       NULL, &st);
        if (U_FAILURE(st)) {
            n->translit[sc] = NULL;
            return ctx_error(n->ctx, POLYALIGN_EINTERNAL,
                             "ICU transliterator '%s': %s", translit_ids[sc],
                             u_errorName(st));
        }
    }
    if ((error = to_u16(word, strlen(word), &u, &ulen)) < 0)
        goto cleanup;
    if ((error = transliterate(n->translit[sc], &u, &ulen)) < 0)
        goto cleanup;
    if (!(latin = to_u8(u, ulen))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    skeleton_of(latin, skel, sizeof(skel));
    if (strlen(skel) >= 3 || (strlen(skel) == 2 && allow2))
        error = strv_add(out, strdup(skel));
cleanup:
    free(u);
    free(latin);
    return error;
}

/* ------------------------------------------------------------------ */
/* Arabic proclitics */

/* Forms of an Arabic folded word without its proclitics: conjunction
 * (و ف), then preposition (ب ل ك), then article (ال), or ل + article
 * (لل); only when 3+ letters remain.  Several readings are kept, since a
 * leading ب or و may belong to the stem (بوتين). */
static int arabic_variants(const char *w, struct strv *out)
{
    static const char *const conj[] = {"", "\u0648", "\u0641", NULL};
    static const char *const prep[] = {"", "\u0628", "\u0644", "\u0643",
                                       NULL};
    static const char *const art[] = {"", "\u0627\u0644", NULL};
    int error = 0;

    for (size_t a = 0; conj[a]; a++) {
        size_t la = strlen(conj[a]);
        if (strncmp(w, conj[a], la) != 0)
            continue;
        for (size_t b = 0; prep[b]; b++) {
            size_t lb = strlen(prep[b]);
            if (strncmp(w + la, prep[b], lb) != 0)
                continue;
            for (size_t c = 0; art[c]; c++) {
                const char *rest = w + la + lb;
                size_t lc = strlen(art[c]);
                /* ل + ال is written لل */
                if (lc && strcmp(prep[b], "\u0644") == 0 &&
                    strncmp(rest, "\u0644", 2) == 0)
                    lc = 2;
                else if (strncmp(rest, art[c], lc) != 0)
                    continue;
                rest += lc;
                if (rest == w || u8_count(rest) < 3)
                    continue;
                if ((error = strv_add(out, strdup(rest))) < 0)
                    return error;
            }
        }
    }
    return error;
}

/* ------------------------------------------------------------------ */
/* Analysis of one word type */

static char *lower_utf8(const char *w, const char *locale)
{
    UChar *u = NULL, *l = NULL;
    int32_t ulen = 0, llen;
    UErrorCode st = U_ZERO_ERROR;
    char *res = NULL;

    if (to_u16(w, strlen(w), &u, &ulen) < 0)
        return NULL;
    l = malloc(((size_t)ulen * 2 + 1) * sizeof(UChar));
    if (l) {
        llen = u_strToLower(l, ulen * 2 + 1, u, ulen, locale, &st);
        if (U_SUCCESS(st))
            res = to_u8(l, llen);
    }
    free(u);
    free(l);
    return res;
}

static int upper_initial(const char *w)
{
    UChar32 c = u8_first(w, strlen(w));

    return c >= 0 && (u_isupper(c) || u_istitle(c));
}

/* Whether Hunspell analyses @w in lower case by itself: it does for a
 * capitalised word (Genève) and one in capitals (ONU) (hunspell 1.7,
 * HunspellImpl::analyze, INITCAP and ALLCAP), but not for mixed case
 * (McDonald, iPhone).  A second stem call in lower case found nothing
 * more for any of the 1661 capitalised types of the 10k scale test. */
static int hunspell_folds_case(const char *w)
{
    int32_t len = (int32_t)strlen(w), i = 0, upper = 0, letters = 0;
    int first_upper = 0;

    while (i < len) {
        UChar32 c;
        U8_NEXT(w, i, len, c);
        if (c < 0 || !u_isalpha(c))
            continue;
        if (u_isupper(c) || u_istitle(c)) {
            if (letters == 0)
                first_upper = 1;
            upper++;
        }
        letters++;
    }
    return (first_upper && upper == 1) || (upper == letters && letters > 0);
}

static int stem_into(struct polyalign_normalizer *n, const char *word,
                     struct strv *stems, int *known)
{
    char **list = NULL;
    int k;

    n->stem_calls++;
    k = Hunspell_stem(n->hunspell, &list, word);
    /* A word with stems is known; the spell check (a second analysis as
     * costly as the stemming) only decides for the others. */
    if (k > 0 || Hunspell_spell(n->hunspell, word))
        *known = 1;
    for (int i = 0; i < k; i++) {
        int error = strv_add(stems, strdup(list[i]));
        if (error < 0) {
            Hunspell_free_list(n->hunspell, &list, k);
            return error;
        }
    }
    if (list)
        Hunspell_free_list(n->hunspell, &list, k);
    return k;
}

/* Arabic words written without the hamza on a stem-initial alef
 * (الامريكية, الالكترونية: common in news) are unknown to Hunspell, which
 * is strict about hamza (findings note 4): stem the word again with أ,
 * then إ, on that alef (after a proclitic article ال, وال, بال, لل...),
 * keeping the first that has stems.  Two stem calls more, for unknown
 * Arabic words only. */
static int stem_hamza(struct polyalign_normalizer *n, const char *word,
                      struct strv *stems, int *known)
{
    static const char *const prefixes[] = {
        "\u0648\u0627\u0644", "\u0641\u0627\u0644", "\u0628\u0627\u0644",
        "\u0643\u0627\u0644", "\u0644\u0644", "\u0627\u0644", "", NULL};
    static const char *const hamzas[] = {"\u0623", "\u0625", NULL};
    size_t len = strlen(word);

    for (size_t p = 0; prefixes[p]; p++) {
        size_t pl = strlen(prefixes[p]);
        char buf[256];

        if (strncmp(word, prefixes[p], pl) != 0 ||
            strncmp(word + pl, "\u0627", 2) != 0)
            continue;
        if (len + 1 > sizeof(buf))
            return 0;
        for (size_t h = 0; hamzas[h] && stems->n == 0; h++) {
            int k;

            memcpy(buf, word, pl);
            memcpy(buf + pl, hamzas[h], 2);
            memcpy(buf + pl + 2, word + pl + 2, len - pl - 2 + 1);
            if ((k = stem_into(n, buf, stems, known)) < 0)
                return k;
        }
        break; /* the longest prefix that fits decides */
    }
    return 0;
}

/* Prefixes written solid that Hunspell's dictionaries do not compound
 * (ru кибератака is unknown; fr cyberattaque is known, but its lexicon
 * entries are under attaque): the rest of the word is stemmed too, its
 * stems added, so that кибератаки, cyberattaques and الهجمات السيبرانية
 * meet through атака / attaque / هجوم (findings note 4). */
static const char *const solid_prefixes[] = {"\u043a\u0438\u0431\u0435\u0440",
                                             "cyber", NULL};

static int stem_prefixed(struct polyalign_normalizer *n, const char *folded,
                         struct strv *stems, int *known)
{
    for (size_t p = 0; solid_prefixes[p]; p++) {
        size_t pl = strlen(solid_prefixes[p]);
        const char *rest = folded + pl;

        if (strncmp(folded, solid_prefixes[p], pl) != 0 || u8_count(rest) < 4)
            continue;
        /* A hyphen left by the writer (кибер-атака) is no letter. */
        if (*rest == '-')
            rest++;
        if (u8_count(rest) < 4)
            return 0;
        return stem_into(n, rest, stems, known);
    }
    return 0;
}

static int move_list(struct strv *l, char ***v, size_t *n)
{
    *v = l->v;
    *n = l->n;
    l->v = NULL;
    l->n = l->cap = 0;
    return 0;
}

static int analyse_word(struct polyalign_normalizer *n, const char *w,
                        size_t len, unsigned extra, struct norm_entry **out)
{
    struct norm_entry *e = calloc(1, sizeof(*e));
    struct strv variants = {0}, lemmas = {0}, skels = {0}, stems = {0};
    char *word = strndup(w, len), *lower = NULL;
    enum norm_script sc;
    int error = 0, known = 0, cap_stem = 0, candidate = 0;

    *out = NULL;
    if (!e || !word) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    e->flags = POLYALIGN_TOKEN_WORD | extra;
    if ((error = norm_fold(n, w, len, &e->folded)) < 0)
        goto cleanup;
    if (extra & POLYALIGN_TOKEN_ELISION)
        e->flags |= POLYALIGN_TOKEN_STOPWORD;
    if (n->stop && strmap_get(n->stop, e->folded, strlen(e->folded)))
        e->flags |= POLYALIGN_TOKEN_STOPWORD;
    sc = script_of(u8_first(w, len));
    if (sc == SCRIPT_ARABIC &&
        (error = arabic_variants(e->folded, &variants)) < 0)
        goto cleanup;

    /* Lemmas: the original case first (proper nouns are stored
     * capitalised: Genève, Женева), then lower case. */
    if (n->hunspell && !(e->flags & POLYALIGN_TOKEN_STOPWORD)) {
        int k = stem_into(n, word, &stems, &known);
        if (k < 0) {
            error = k;
            goto cleanup;
        }
        if (stems.n == 0 && !hunspell_folds_case(word) &&
            (lower = lower_utf8(word, n->locale)) &&
            strcmp(lower, word) != 0 &&
            (k = stem_into(n, lower, &stems, &known)) < 0) {
            error = k;
            goto cleanup;
        }
        if (stems.n == 0 && sc == SCRIPT_ARABIC &&
            (k = stem_hamza(n, word, &stems, &known)) < 0) {
            error = k;
            goto cleanup;
        }
        if (stems.n < STEM_CAP &&
            (k = stem_prefixed(n, e->folded, &stems, &known)) < 0) {
            error = k;
            goto cleanup;
        }
        if (!known && stems.n == 0)
            e->flags |= POLYALIGN_TOKEN_UNKNOWN;
        if (stems.n <= STEM_CAP) {
            for (size_t i = 0; i < stems.n; i++) {
                char *f = NULL;
                if (upper_initial(stems.v[i]))
                    cap_stem = 1;
                if ((error = norm_fold(n, stems.v[i], strlen(stems.v[i]),
                                       &f)) < 0 ||
                    (error = strv_add(&lemmas, f)) < 0)
                    goto cleanup;
            }
        }
    }

    /* Name candidates (findings note 3): capitalised and unknown or with a
     * proper-noun stem; in Arabic (no capitals) every content word, judged
     * against the other side by the scorer. */
    if (!(e->flags & POLYALIGN_TOKEN_STOPWORD)) {
        if (sc == SCRIPT_ARABIC)
            candidate = u8_count(e->folded) >= 3;
        else if (upper_initial(word) &&
                 ((e->flags & POLYALIGN_TOKEN_UNKNOWN) || cap_stem ||
                  !n->hunspell))
            candidate = 1;
        /* Russian capitalises little else than names inside a sentence,
         * so a known capitalised word may still be one (Песков, "sand");
         * French (Président, État) and German (all nouns) do not. */
        else if (upper_initial(word) && sc == SCRIPT_CYRILLIC)
            candidate = 2;
    }
    if (candidate) {
        size_t letters = u8_count(sc == SCRIPT_ARABIC ? e->folded : word);
        /* An Arabic word with its article romanises as al-...: only its
         * article-less variant can meet a name in another script. */
        int article = sc == SCRIPT_ARABIC &&
                      strncmp(e->folded, "\u0627\u0644", 4) == 0;
        if (!article &&
            (error = add_skeleton(n, sc == SCRIPT_ARABIC ? e->folded : word,
                                  letters >= 4, &skels)) < 0)
            goto cleanup;
        for (size_t i = 0; i < variants.n; i++)
            if ((error = add_skeleton(n, variants.v[i], 0, &skels)) < 0)
                goto cleanup;
        for (size_t i = 0; i < stems.n && stems.n <= STEM_CAP; i++)
            if (upper_initial(stems.v[i]) &&
                (error = add_skeleton(n, stems.v[i],
                                      u8_count(stems.v[i]) >= 4,
                                      &skels)) < 0)
                goto cleanup;
        if (sc == SCRIPT_CYRILLIC && (e->flags & POLYALIGN_TOKEN_UNKNOWN)) {
            size_t wl = u8_count(word);
            for (size_t i = 0; ru_endings[i]; i++) {
                size_t el = strlen(ru_endings[i]);
                if (len > el && wl >= 5 &&
                    wl - u8_count(ru_endings[i]) >= 4 &&
                    memcmp(word + len - el, ru_endings[i], el) == 0) {
                    word[len - el] = '\0';
                    error = add_skeleton(n, word, 0, &skels);
                    word[len - el] = ru_endings[i][0];
                    if (error < 0)
                        goto cleanup;
                    break;
                }
            }
        }
        if (skels.n && candidate == 1)
            e->flags |= POLYALIGN_TOKEN_NAME;
        else if (skels.n)
            e->weak_name = 1;
    }
    move_list(&variants, &e->variants, &e->n_variants);
    move_list(&lemmas, &e->lemmas, &e->n_lemmas);
    move_list(&skels, &e->skeletons, &e->n_skeletons);
    n->types++;
    *out = e;
    e = NULL;
cleanup:
    strv_clear(&variants);
    strv_clear(&lemmas);
    strv_clear(&skels);
    strv_clear(&stems);
    free(word);
    free(lower);
    entry_free(e);
    return error;
}

static int analyse_number(const char *w, size_t len,
                          struct norm_entry **out)
{
    struct norm_entry *e = calloc(1, sizeof(*e));
    char *s = strndup(w, len);
    int error;

    *out = NULL;
    if (!e || !s) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    e->flags = POLYALIGN_TOKEN_NUMBER;
    if ((error = polyalign_number_key(s, &e->number)) < 0)
        goto cleanup;
    e->folded = strdup(e->number ? e->number : "");
    if (!e->folded) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    *out = e;
    e = NULL;
cleanup:
    free(s);
    entry_free(e);
    return error;
}

/* The cached entry of a token type; the cache key carries the kind so that
 * an elided "l’" and a number never collide with a word. */
static int entry_for(struct polyalign_normalizer *n, const char *w,
                     size_t len, unsigned kind, struct norm_entry **out)
{
    char key[256];
    struct norm_entry *e;
    int error;

    if (len + 2 > sizeof(key))
        len = sizeof(key) - 2; /* longer tokens share a truncated key */
    key[0] = (char)('0' + kind);
    memcpy(key + 1, w, len);
    e = strmap_get(n->cache, key, len + 1);
    if (!e) {
        error = kind == POLYALIGN_TOKEN_NUMBER
                    ? analyse_number(w, len, &e)
                    : analyse_word(n, w, len, kind & POLYALIGN_TOKEN_ELISION,
                                   &e);
        if (error < 0)
            return error;
        if (strmap_put(n->cache, key, len + 1, e, NULL) < 0) {
            entry_free(e);
            return POLYALIGN_ENOMEM;
        }
    }
    *out = e;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Shared resources: stop lists and the names table */

static void strmap_free_plain(void *m)
{
    strmap_free(m, NULL);
}

static int load_stoplist(struct polyalign_normalizer *n)
{
    char key[64], rel[64], line[512], *path = NULL, *f = NULL;
    struct strmap *m = NULL;
    FILE *fp = NULL;
    int error = 0;

    snprintf(key, sizeof(key), "norm-stop:%s", n->lang);
    if ((n->stop = ctx_resource_get(n->ctx, key)))
        return 0;
    snprintf(rel, sizeof(rel), "stopwords/%s.txt", n->lang);
    path = polyalign_context_find_data(n->ctx, rel);
    if (!(m = strmap_new())) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    if (path && !(fp = fopen(path, "r")))
        ctx_warn(n->ctx, "%s: cannot read the stop list", path);
    while (fp && fgets(line, sizeof(line), fp)) {
        line[strcspn(line, "\r\n#")] = '\0';
        if (!line[0])
            continue;
        if ((error = norm_fold(n, line, strlen(line), &f)) < 0)
            goto cleanup;
        if (strmap_put(m, f, strlen(f), m, NULL) < 0) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
        free(f);
        f = NULL;
    }
    if ((error = ctx_resource_put(n->ctx, key, m, strmap_free_plain)) < 0)
        goto cleanup;
    n->stop = m;
    m = NULL;
cleanup:
    if (fp)
        fclose(fp);
    free(f);
    free(path);
    strmap_free(m, NULL);
    return error;
}

static void name_forms_free(void *p)
{
    struct norm_name_form *f = p;

    while (f) {
        struct norm_name_form *next = f->next;
        free_list(f->keys, f->n_keys);
        free(f->id);
        free(f);
        f = next;
    }
}

static void names_free(void *m)
{
    strmap_free(m, name_forms_free);
}

/* Register a form under its first key (and, in Arabic, also under the
 * first key without its article, since tokens carry proclitic-stripped
 * variants: للأمم matches الأمم). */
static int add_name_form(struct strmap *m, char **keys, size_t n_keys,
                         const char *id, size_t skip)
{
    struct norm_name_form *f = calloc(1, sizeof(*f));
    const char *first = keys[0] + skip;
    void *old = NULL;

    if (!f || !(f->keys = calloc(n_keys, sizeof(char *))) ||
        !(f->id = strdup(id)))
        goto fail;
    f->n_keys = n_keys;
    for (size_t i = 0; i < n_keys; i++)
        if (!(f->keys[i] = strdup(i == 0 ? first : keys[i])))
            goto fail;
    f->next = strmap_get(m, first, strlen(first));
    if (strmap_put(m, first, strlen(first), f, &old) < 0)
        goto fail;
    return 0;
fail:
    name_forms_free(f);
    return POLYALIGN_ENOMEM;
}

static int load_names_file(struct polyalign_normalizer *n, const char *path,
                           struct strmap *m)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    size_t lineno = 0;
    int error = 0;

    if (!fp) {
        ctx_warn(n->ctx, "%s: cannot read the names table", path);
        return 0;
    }
    while (fgets(line, sizeof(line), fp)) {
        char *id, *lang, *form, *save = NULL;
        struct strv keys = {0};
        UErrorCode st = U_ZERO_ERROR;
        UText *ut = NULL;

        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        id = strtok_r(line, "\t", &save);
        lang = strtok_r(NULL, "\t", &save);
        form = strtok_r(NULL, "\t", &save);
        if (!id || !lang || !form) {
            ctx_warn(n->ctx, "%s:%zu: expected ID<TAB>LANG<TAB>FORM", path,
                     lineno);
            continue;
        }
        if (strcmp(lang, n->lang) != 0)
            continue;
        ut = utext_openUTF8(NULL, form, -1, &st);
        ubrk_setUText(n->words, ut, &st);
        if (U_FAILURE(st)) {
            utext_close(ut);
            ctx_warn(n->ctx, "%s:%zu: invalid UTF-8", path, lineno);
            continue;
        }
        for (int32_t s = ubrk_first(n->words), e = ubrk_next(n->words);
             e != UBRK_DONE; s = e, e = ubrk_next(n->words)) {
            int32_t status = ubrk_getRuleStatus(n->words);
            char *f = NULL;
            if (status < UBRK_WORD_NUMBER)
                continue;
            if ((error = norm_fold(n, form + s, (size_t)(e - s), &f)) < 0 ||
                (error = strv_add(&keys, f)) < 0)
                break;
        }
        utext_close(ut);
        if (!error && keys.n) {
            error = add_name_form(m, keys.v, keys.n, id, 0);
            if (!error && strncmp(keys.v[0], "\u0627\u0644", 4) == 0 &&
                u8_count(keys.v[0]) >= 5)
                error = add_name_form(m, keys.v, keys.n, id, 4);
        }
        strv_clear(&keys);
        if (error < 0)
            break;
    }
    fclose(fp);
    return error;
}

static int load_names(struct polyalign_normalizer *n)
{
    char key[64], *dir = NULL;
    struct strmap *m = NULL;
    DIR *d = NULL;
    struct dirent *de;
    int error = 0;

    snprintf(key, sizeof(key), "norm-names:%s", n->lang);
    if ((n->names = ctx_resource_get(n->ctx, key)))
        return 0;
    if (!(m = strmap_new())) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    dir = polyalign_context_find_data(n->ctx, "names");
    if (dir && (d = opendir(dir))) {
        while ((de = readdir(d))) {
            size_t l = strlen(de->d_name);
            char path[4096];
            if (l < 5 || strcmp(de->d_name + l - 4, ".tsv") != 0)
                continue;
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if ((error = load_names_file(n, path, m)) < 0)
                goto cleanup;
        }
    }
    if ((error = ctx_resource_put(n->ctx, key, m, names_free)) < 0)
        goto cleanup;
    n->names = m;
    m = NULL;
cleanup:
    if (d)
        closedir(d);
    free(dir);
    names_free(m);
    return error;
}

/* ------------------------------------------------------------------ */
/* The normalizer */

/* @full: also Hunspell, the stop list and the names table (a folder-only
 * normalizer serves the lexicons). */
/* The code points norm_fold() maps to themselves whatever surrounds
 * them: unchanged by NFKC_Casefold, normalized in any context (NFKC quick
 * check yes, combining class 0, so nothing composes with or reorders
 * around them), and none of what the later steps change: digits of other
 * scripts, spaces other than U+0020, tab, the fold rules' sources.
 * Controls and U+FFFD are left out, so that a NUL byte or ill-formed
 * UTF-8 (spanned as U+FFFD) takes the full path and its errors. */
static void folded_free(void *set)
{
    uset_close(set);
}

/* Built once a context and shared (a frozen set may be read by any
 * thread; the fold rules, hence their sources, are the same for every
 * normalizer). */
static void folded_set(struct polyalign_normalizer *n, UErrorCode *st)
{
    static const char pattern[] =
        "[[[:^Changes_When_NFKC_Casefolded:]&[:NFKC_Quick_Check=Yes:]"
        "&[:Canonical_Combining_Class=0:]]-[:Nd:]-[:Zs:]-[:Cc:]"
        "-[\\uFFFD]]";
    UChar upat[sizeof(pattern)];
    USet *set;

    if ((n->folded = ctx_resource_get(n->ctx, "norm-folded")))
        return;
    u_uastrcpy(upat, pattern);
    set = uset_openPattern(upat, -1, st);
    if (U_FAILURE(*st))
        return;
    uset_addRange(set, '0', '9');
    uset_add(set, ' ');
    uset_removeAll(set, n->fold_source);
    uset_freeze(set);
    /* Without memory to store it, no shortcut: still correct. */
    if (ctx_resource_put(n->ctx, "norm-folded", set, folded_free) < 0) {
        uset_close(set);
        return;
    }
    n->folded = set;
}

static int normalizer_create(struct polyalign_normalizer **out,
                             struct polyalign_context *ctx, const char *lang,
                             int full)
{
    struct polyalign_normalizer *n = NULL;
    UErrorCode st = U_ZERO_ERROR;
    UChar rules[512], fold_id[32];
    int error = 0;

    *out = NULL;
    u_uastrcpy(fold_id, "polyalign-fold");
    if (!ctx || !lang || !*lang)
        return POLYALIGN_EINVAL;
    if (!(n = calloc(1, sizeof(*n))) || !(n->cache = strmap_new())) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    n->ctx = ctx;
    snprintf(n->locale, sizeof(n->locale), "%s", lang);
    snprintf(n->lang, sizeof(n->lang), "%.*s", (int)strcspn(lang, "-_@"),
             lang);
    for (char *p = n->lang; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    n->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    /* ASCII source; the rule parser reads the \\u escapes. */
    u_uastrcpy(rules, fold_rules_src);
    if (U_SUCCESS(st))
        n->fold_rules = utrans_openU(fold_id, -1, UTRANS_FORWARD, rules,
                                     -1, NULL, &st);
    /* Most words hold nothing the rules change: norm_fold() skips the
     * transliterator for them. */
    if (U_SUCCESS(st) && (n->fold_source = uset_openEmpty()))
        utrans_getSourceSet(n->fold_rules, 0, n->fold_source, &st);
    if (U_SUCCESS(st))
        folded_set(n, &st);
    if (U_SUCCESS(st))
        n->words = ubrk_open(UBRK_WORD, n->locale, NULL, 0, &st);
    if (U_FAILURE(st)) {
        error = ctx_error(ctx, POLYALIGN_EINTERNAL,
                          "ICU normalizer for '%s': %s", lang,
                          u_errorName(st));
        goto cleanup;
    }
    if (full) {
        n->hunspell = ctx_hunspell(ctx, n->lang);
        if ((error = load_stoplist(n)) < 0 || (error = load_names(n)) < 0)
            goto cleanup;
    }
    *out = n;
    n = NULL;
cleanup:
    polyalign_normalizer_free(n);
    return error;
}

int polyalign_normalizer_new(struct polyalign_normalizer **out,
                             struct polyalign_context *ctx, const char *lang)
{
    return normalizer_create(out, ctx, lang, 1);
}

int polyalign_normalizer_preload(struct polyalign_context *ctx,
                                 const char *lang)
{
    char base[16];

    if (!ctx || !lang || !*lang)
        return POLYALIGN_EINVAL;
    /* The dictionary normalizer_create() asks for: the primary subtag. */
    snprintf(base, sizeof(base), "%.*s", (int)strcspn(lang, "-_@"), lang);
    for (char *p = base; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if (!*base)
        return POLYALIGN_EINVAL;
    return ctx_hunspell_preload(ctx, base);
}

int norm_new_folder(struct polyalign_normalizer **out,
                    struct polyalign_context *ctx, const char *lang)
{
    return normalizer_create(out, ctx, lang, 0);
}

void polyalign_normalizer_free(struct polyalign_normalizer *n)
{
    if (!n)
        return;
    strmap_free(n->cache, entry_free);
    if (n->fold_rules)
        utrans_close(n->fold_rules);
    if (n->fold_source)
        uset_close(n->fold_source);
    for (size_t i = 0; i < SCRIPT_COUNT; i++)
        if (n->translit[i])
            utrans_close(n->translit[i]);
    if (n->words)
        ubrk_close(n->words);
    free(n->tokens);
    free(n->token_entry);
    free(n);
}

const char *polyalign_normalizer_lang(const struct polyalign_normalizer *n)
{
    return n->lang;
}

size_t polyalign_normalizer_types(const struct polyalign_normalizer *n)
{
    return n->types;
}

size_t polyalign_normalizer_stem_calls(const struct polyalign_normalizer *n)
{
    return n->stem_calls;
}

/* @initial: the token starts a sentence (or the text), where a capital
 * says nothing: a known capitalised word (Песков is also "sand") is a name
 * candidate only inside a sentence. */
static int push_token(struct polyalign_normalizer *n, size_t s, size_t e,
                      struct norm_entry *en, int initial)
{
    struct polyalign_token *t;

    if (n->n_tokens == n->cap_tokens) {
        size_t cap = n->cap_tokens ? n->cap_tokens * 2 : 64;
        struct norm_entry **te;

        t = realloc(n->tokens, cap * sizeof(*t));
        if (!t)
            return POLYALIGN_ENOMEM;
        n->tokens = t;
        te = realloc(n->token_entry, cap * sizeof(*te));
        if (!te)
            return POLYALIGN_ENOMEM;
        n->token_entry = te;
        n->cap_tokens = cap;
    }
    n->token_entry[n->n_tokens] = en;
    t = &n->tokens[n->n_tokens++];
    t->start = s;
    t->end = e;
    t->flags = en->flags;
    t->folded = en->folded;
    t->variants = (const char *const *)en->variants;
    t->n_variants = en->n_variants;
    t->lemmas = (const char *const *)en->lemmas;
    t->n_lemmas = en->n_lemmas;
    t->skeletons = (const char *const *)en->skeletons;
    t->n_skeletons = en->n_skeletons;
    if (en->weak_name && !initial)
        t->flags |= POLYALIGN_TOKEN_NAME;
    if (!(t->flags & POLYALIGN_TOKEN_NAME))
        t->n_skeletons = 0;
    t->entity = NULL;
    t->number = en->number;
    return 0;
}

/* Number of digits if [s, e) holds only digits, else -1. */
static int all_digits(const char *text, size_t s, size_t e)
{
    int n = 0;

    for (int32_t i = (int32_t)s; i < (int32_t)e;) {
        UChar32 c;
        U8_NEXT(text, i, (int32_t)e, c);
        if (u_charType(c) != U_DECIMAL_DIGIT_NUMBER)
            return -1;
        n++;
    }
    return n;
}

/* A French elision at the start of [s, e): the byte offset just past the
 * apostrophe, or 0. */
static size_t elision_end(const char *text, size_t s, size_t e)
{
    for (int32_t i = (int32_t)s; i < (int32_t)e;) {
        UChar32 c;
        int32_t at = i;
        U8_NEXT(text, i, (int32_t)e, c);
        if (c == '\'' || c == 0x2019 || c == 0x02BC) {
            size_t plen = (size_t)at - s;
            if ((size_t)i >= e)
                return 0;
            for (size_t k = 0; fr_elisions[k]; k++)
                if (strlen(fr_elisions[k]) == plen &&
                    strncasecmp(text + s, fr_elisions[k], plen) == 0)
                    return (size_t)i;
            return 0;
        }
    }
    return 0;
}

/* Whether the gap [s, e) between two tokens ends a sentence. */
static int ends_sentence(const char *text, size_t s, size_t e)
{
    for (int32_t i = (int32_t)s; i < (int32_t)e;) {
        UChar32 c;
        U8_NEXT(text, i, (int32_t)e, c);
        if (u_hasBinaryProperty(c, UCHAR_S_TERM) || c == 0x2026 ||
            c == ':' || c == '\n')
            return 1;
    }
    return 0;
}

static int token_has_key(const struct polyalign_token *t, const char *k)
{
    if (strcmp(t->folded, k) == 0)
        return 1;
    for (size_t i = 0; i < t->n_variants; i++)
        if (strcmp(t->variants[i], k) == 0)
            return 1;
    for (size_t i = 0; i < t->n_lemmas; i++)
        if (strcmp(t->lemmas[i], k) == 0)
            return 1;
    return 0;
}

/* Entity ids from the names table: the longest form matching at each
 * token, by folded form, variant or lemma (Москве -> Москва). */
static void mark_entities(struct polyalign_normalizer *n)
{
    for (size_t i = 0; i < n->n_tokens; i++) {
        struct polyalign_token *t = &n->tokens[i];
        const struct norm_name_form *best = NULL;
        const char *keys[64];
        size_t nk = 0;

        if (!(t->flags & POLYALIGN_TOKEN_WORD) ||
            n->token_entry[i]->name_start == 1)
            continue;
        keys[nk++] = t->folded;
        for (size_t k = 0; k < t->n_variants && nk < 64; k++)
            keys[nk++] = t->variants[k];
        for (size_t k = 0; k < t->n_lemmas && nk < 64; k++)
            keys[nk++] = t->lemmas[k];
        /* The lookups depend on the type only: remembered when none
         * starts a form (most words). */
        if (!n->token_entry[i]->name_start) {
            size_t k = 0;

            while (k < nk && !strmap_get(n->names, keys[k], strlen(keys[k])))
                k++;
            n->token_entry[i]->name_start = k < nk ? 2 : 1;
            if (k == nk)
                continue;
        }
        for (size_t k = 0; k < nk; k++) {
            const struct norm_name_form *f =
                strmap_get(n->names, keys[k], strlen(keys[k]));
            for (; f; f = f->next) {
                size_t j;
                if (best && f->n_keys <= best->n_keys)
                    continue;
                for (j = 1; j < f->n_keys; j++)
                    if (i + j >= n->n_tokens ||
                        !token_has_key(&n->tokens[i + j], f->keys[j]))
                        break;
                if (j == f->n_keys)
                    best = f;
            }
        }
        if (best) {
            t->entity = best->id;
            i += best->n_keys - 1;
        }
    }
}

int polyalign_normalizer_tokenize(struct polyalign_normalizer *n,
                                  const char *text, size_t len,
                                  const struct polyalign_token **tokens,
                                  size_t *n_tokens)
{
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = NULL;
    int32_t s, e;
    int error = 0, french = strcmp(n->lang, "fr") == 0, initial = 1;
    size_t prev_end = 0;

    *tokens = NULL;
    *n_tokens = 0;
    n->n_tokens = 0;
    for (int32_t i = 0; i < (int32_t)len;) {
        UChar32 c;
        int32_t at = i;
        U8_NEXT(text, i, (int32_t)len, c);
        if (c < 0)
            return ctx_error(n->ctx, POLYALIGN_EENCODING,
                             "invalid UTF-8 at byte %ld", (long)at);
    }
    ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
    ubrk_setUText(n->words, ut, &st);
    if (U_FAILURE(st)) {
        error = ctx_error(n->ctx, POLYALIGN_EINTERNAL, "ICU word break: %s",
                          u_errorName(st));
        goto cleanup;
    }
    s = ubrk_first(n->words);
    e = ubrk_next(n->words);
    while (e != UBRK_DONE) {
        int32_t status = ubrk_getRuleStatus(n->words);
        struct norm_entry *en;
        size_t ts = (size_t)s, te = (size_t)e;

        if (status >= UBRK_WORD_NUMBER && ts > prev_end)
            initial |= ends_sentence(text, prev_end, ts);
        if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) {
            /* Thousands groups written with spaces: "2 042", "1 000 000"
             * (ICU cuts them at the space). */
            int d = all_digits(text, ts, te);
            while (d >= 1 && d <= 3 && te < len) {
                int32_t p = (int32_t)te, q;
                int k = 0;
                UChar32 c;
                U8_NEXT(text, p, (int32_t)len, c);
                if (!is_space_like(c))
                    break;
                for (q = p; q < (int32_t)len && k < 4; k++) {
                    int32_t at = q;
                    U8_NEXT(text, q, (int32_t)len, c);
                    if (u_charType(c) != U_DECIMAL_DIGIT_NUMBER) {
                        q = at;
                        break;
                    }
                }
                if (k != 3 || !ubrk_isBoundary(n->words, q))
                    break;
                te = (size_t)q;
            }
            /* Back to the end of the (merged) token. */
            ubrk_isBoundary(n->words, (int32_t)te);
            e = (int32_t)te;
            if ((error = entry_for(n, text + ts, te - ts,
                                   POLYALIGN_TOKEN_NUMBER, &en)) < 0 ||
                (error = push_token(n, ts, te, en, initial)) < 0)
                goto cleanup;
        } else if (status >= UBRK_WORD_LETTER &&
                   status < UBRK_WORD_IDEO_LIMIT) {
            size_t cut = french ? elision_end(text, ts, te) : 0;
            if (cut) {
                if ((error = entry_for(n, text + ts, cut - ts,
                                       POLYALIGN_TOKEN_WORD |
                                           POLYALIGN_TOKEN_ELISION,
                                       &en)) < 0 ||
                    (error = push_token(n, ts, cut, en, initial)) < 0)
                    goto cleanup;
                ts = cut;
            }
            if ((error = entry_for(n, text + ts, te - ts,
                                   POLYALIGN_TOKEN_WORD, &en)) < 0 ||
                (error = push_token(n, ts, te, en, initial)) < 0)
                goto cleanup;
        }
        if (status >= UBRK_WORD_NUMBER) {
            initial = 0;
            prev_end = te;
        }
        s = e;
        e = ubrk_next(n->words);
    }
    mark_entities(n);
    *tokens = n->tokens;
    *n_tokens = n->n_tokens;
cleanup:
    utext_close(ut);
    return error;
}
