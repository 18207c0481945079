/* Language identification: from the file name, else the dominant script of
 * the letters (ICU's script property), then within the script the Hunspell
 * dictionary that recognises the most words. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "context.h"
#include "doc.h"

/* How many characters of a document the detector reads. */
#define LANGID_SAMPLE_CHARS 20000
#define LANGID_MAX_WORDS 300

struct script_langs {
    UScriptCode script;
    const char *fallback; /* without any dictionary; NULL: "und" */
    const char *const *candidates;
};

static const char *const arab_langs[] = {"ar", "fa", "ur", NULL};
static const char *const cyrl_langs[] = {"ru", "uk", "bg", "be", "sr", "mk",
                                         NULL};
static const char *const latn_langs[] = {"fr", "en", "de", "es", "it", "pt",
                                         "nl", "pl", "ro", "sv", "da", "cs",
                                         NULL};
static const char *const grek_langs[] = {"el", NULL};
static const char *const hebr_langs[] = {"he", NULL};

static const struct script_langs script_table[] = {
    {USCRIPT_ARABIC, "ar", arab_langs},
    {USCRIPT_CYRILLIC, "ru", cyrl_langs},
    {USCRIPT_LATIN, NULL, latn_langs},
    {USCRIPT_GREEK, "el", grek_langs},
    {USCRIPT_HEBREW, "he", hebr_langs},
    {USCRIPT_HAN, "zh", NULL},
    {USCRIPT_HIRAGANA, "ja", NULL},
    {USCRIPT_KATAKANA, "ja", NULL},
    {USCRIPT_HANGUL, "ko", NULL},
    {USCRIPT_DEVANAGARI, "hi", NULL},
    {USCRIPT_ARMENIAN, "hy", NULL},
    {USCRIPT_GEORGIAN, "ka", NULL},
    {USCRIPT_THAI, "th", NULL},
};

static int is_extension(const char *s, size_t n)
{
    static const char *const ext[] = {
        "txt", "tmx", "xml", "htm", "html", "md", "srx", "tsv", "csv",
        "json", "jsonl", "gz", "xz", "bz2", "dat", "doc", "pdf", "out",
        "log", "bak", "tmp", "beads", "text", NULL,
    };
    for (size_t i = 0; ext[i]; i++)
        if (strlen(ext[i]) == n && strncmp(ext[i], s, n) == 0)
            return 1;
    return 0;
}

/* "fr", "ara", "fr-FR", "fr_CA", "zh-Hant" */
static int looks_like_tag(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && islower((unsigned char)s[i]))
        i++;
    if (i < 2 || i > 3)
        return 0;
    if (i == n)
        return 1;
    if (s[i] != '-' && s[i] != '_')
        return 0;
    i++;
    if (n - i < 2 || n - i > 4)
        return 0;
    for (; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return 0;
    return 1;
}

int polyalign_langid_from_filename(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    const char *parts[8];
    size_t lens[8], n = 0;
    const char *p;

    base = base ? base + 1 : path;
    /* Split the base name at dots. */
    p = base;
    while (n < 8) {
        const char *dot = strchr(p, '.');
        parts[n] = p;
        lens[n] = dot ? (size_t)(dot - p) : strlen(p);
        n++;
        if (!dot)
            break;
        p = dot + 1;
    }
    /* The language is the last component that is not an extension:
     * "000.fr.txt", "test0.fr", "report.ru-RU.txt". */
    for (size_t k = n; k-- > 1;) {
        if (is_extension(parts[k], lens[k]))
            continue;
        if (!looks_like_tag(parts[k], lens[k]))
            return POLYALIGN_ENOTFOUND;
        if (lens[k] + 1 > size)
            return POLYALIGN_ENOTFOUND;
        memcpy(buf, parts[k], lens[k]);
        buf[lens[k]] = '\0';
        for (size_t c = 0; c < lens[k]; c++)
            if (buf[c] == '_')
                buf[c] = '-';
        return 0;
    }
    return POLYALIGN_ENOTFOUND;
}

/* Dominant script of the letters in the first characters of @text. */
static UScriptCode dominant_script(const char *text, size_t len,
                                   size_t *letters, size_t *in_script)
{
    size_t counts[USCRIPT_CODE_LIMIT] = {0};
    int32_t i = 0, n = (int32_t)(len > INT32_MAX ? INT32_MAX : len);
    size_t chars = 0, total = 0;
    UScriptCode best = USCRIPT_UNKNOWN;

    while (i < n && chars < LANGID_SAMPLE_CHARS) {
        UChar32 c;
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode sc;

        U8_NEXT((const uint8_t *)text, i, n, c);
        chars++;
        if (c < 0 || !u_isalpha(c))
            continue;
        sc = uscript_getScript(c, &st);
        if (U_FAILURE(st) || sc < 0 || sc >= USCRIPT_CODE_LIMIT)
            continue;
        if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
            continue;
        counts[sc]++;
        total++;
    }
    for (int s = 0; s < USCRIPT_CODE_LIMIT; s++)
        if (counts[s] > (best == USCRIPT_UNKNOWN ? 0 : counts[best]))
            best = (UScriptCode)s;
    *letters = total;
    *in_script = best == USCRIPT_UNKNOWN ? 0 : counts[best];
    return best;
}

double langid_hunspell_rate(struct polyalign_context *ctx, const char *lang,
                            const char *text, size_t len, size_t max_words)
{
    Hunhandle *h = ctx_hunspell_probe(ctx, lang);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = NULL;
    UChar *u = NULL;
    int32_t ulen = 0, sample;
    size_t words = 0, known = 0;
    char word[256];

    if (!h)
        return -1;
    {
        const char *enc = Hunspell_get_dic_encoding(h);
        if (!enc || (strcmp(enc, "UTF-8") != 0 && strcmp(enc, "utf-8") != 0))
            return -1;
    }
    /* A sample of the text, cut at a character boundary. */
    sample = (int32_t)(len > LANGID_SAMPLE_CHARS * 2 ? LANGID_SAMPLE_CHARS * 2
                                                     : len);
    while (sample > 0 && sample < (int32_t)len &&
           U8_IS_TRAIL((uint8_t)text[sample]))
        sample--;
    u_strFromUTF8(NULL, 0, &ulen, text, sample, &st);
    st = U_ZERO_ERROR;
    u = malloc(((size_t)ulen + 1) * sizeof(*u));
    if (!u)
        return -1;
    u_strFromUTF8(u, ulen + 1, &ulen, text, sample, &st);
    if (U_FAILURE(st))
        goto cleanup;
    bi = ubrk_open(UBRK_WORD, lang, u, ulen, &st);
    if (U_FAILURE(st))
        goto cleanup;
    for (int32_t s = ubrk_first(bi), e = ubrk_next(bi);
         e != UBRK_DONE && words < max_words; s = e, e = ubrk_next(bi)) {
        int32_t wlen = 0;
        int32_t status = ubrk_getRuleStatus(bi);
        UErrorCode st2 = U_ZERO_ERROR;

        if (status < UBRK_WORD_LETTER || status >= UBRK_WORD_IDEO_LIMIT)
            continue;
        if (e - s < 2)
            continue;
        u_strToUTF8(word, sizeof(word) - 1, &wlen, u + s, e - s, &st2);
        if (U_FAILURE(st2) || st2 == U_STRING_NOT_TERMINATED_WARNING)
            continue;
        word[wlen] = '\0';
        words++;
        known += Hunspell_spell(h, word) != 0;
    }
cleanup:
    ubrk_close(bi);
    free(u);
    return words ? (double)known / (double)words : 0;
}

int polyalign_langid_detect(struct polyalign_context *ctx, const char *text,
                            size_t len, struct polyalign_langid *out)
{
    size_t letters = 0, in_script = 0;
    UScriptCode sc = dominant_script(text, len, &letters, &in_script);
    const struct script_langs *row = NULL;
    const char *best = NULL;
    double best_rate = -1, second = -1;
    char tried[160] = "";

    memset(out, 0, sizeof(*out));
    snprintf(out->lang, sizeof(out->lang), "und");
    out->method = "script";
    if (sc == USCRIPT_UNKNOWN) {
        snprintf(out->script, sizeof(out->script), "Zyyy");
        snprintf(out->reason, sizeof(out->reason), "no letters");
        return 0;
    }
    snprintf(out->script, sizeof(out->script), "%s", uscript_getShortName(sc));
    for (size_t i = 0; i < sizeof(script_table) / sizeof(*script_table); i++)
        if (script_table[i].script == sc)
            row = &script_table[i];
    if (row && row->candidates) {
        for (size_t i = 0; row->candidates[i]; i++) {
            /* Only dictionaries that are installed count; the others are
             * optional here, so no warning. */
            double rate = langid_hunspell_rate(ctx, row->candidates[i], text,
                                               len, LANGID_MAX_WORDS);
            if (rate < 0)
                continue;
            snprintf(tried + strlen(tried), sizeof(tried) - strlen(tried),
                     "%s%s %.0f%%", *tried ? ", " : "", row->candidates[i],
                     rate * 100);
            if (rate > best_rate) {
                second = best_rate;
                best_rate = rate;
                best = row->candidates[i];
            } else if (rate > second) {
                second = rate;
            }
        }
    }
    if (best && best_rate > 0) {
        snprintf(out->lang, sizeof(out->lang), "%s", best);
        out->method = "hunspell";
        /* Sure when most words are known and the runner-up is far. */
        out->confidence = best_rate * (second < 0 ? 1 : (1 - second));
        if (out->confidence > 1)
            out->confidence = 1;
        snprintf(out->reason, sizeof(out->reason),
                 "%s script (%zu of %zu letters); Hunspell words known: %s",
                 out->script, in_script, letters, tried);
        return 0;
    }
    if (row && row->fallback)
        snprintf(out->lang, sizeof(out->lang), "%s", row->fallback);
    out->confidence = row && row->fallback && !row->candidates ? 0.9 : 0.5;
    if (strcmp(out->lang, "und") == 0)
        out->confidence = 0;
    snprintf(out->reason, sizeof(out->reason),
             "%s script (%zu of %zu letters)%s%s", out->script, in_script,
             letters, *tried ? "; Hunspell words known: " : "; no Hunspell "
             "dictionary for this script", tried);
    return 0;
}

void langid_script_only(const char *text, size_t len,
                        struct polyalign_langid *out)
{
    size_t letters = 0, in_script = 0;
    UScriptCode sc = dominant_script(text, len, &letters, &in_script);

    memset(out, 0, sizeof(*out));
    snprintf(out->script, sizeof(out->script), "%s",
             sc == USCRIPT_UNKNOWN ? "Zyyy" : uscript_getShortName(sc));
}
