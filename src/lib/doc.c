/* Documents: bytes in any encoding -> NFC UTF-8 text with paragraphs,
 * sentences and a map back to the original bytes.
 *
 * Decoding, charset detection and normalisation are ICU's (ucnv, ucsdet,
 * unorm2).  The map back to the original bytes is compact (see struct
 * doc_map) so that every sentence can name its byte span in the file the
 * user gave us, whatever the encoding, in memory proportional to the text. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "context.h"
#include "doc.h"

/* Offsets are kept in 32 bits, and ICU converts int32_t lengths. */
#define DOC_MAX_BYTES ((size_t)1 << 30)

/* How much of the file ICU's detector looks at. */
#define DETECT_SAMPLE (64 * 1024)

/* UTF-16 units decoded at a time (the window grows only when it holds no
 * place where the text may be cut, e.g. a very long combining sequence). */
#define DECODE_WINDOW 65536

/* Bytes of a paragraph given to the splitter at a time. */
#define SEGMENT_WINDOW ((size_t)4 << 20)

/* ------------------------------------------------------------------------ */
/* The offset map.
 *
 * Only character starts (and the end) of the text are ever looked up, so
 * the map stores a "virtual" origin per text byte: the first byte of the
 * original character plus the byte's rank inside its UTF-8 sequence.  For
 * UTF-8 input that is already NFC with LF line ends the virtual origin
 * grows by exactly 1 per byte, so a block of MAP_BLOCK bytes is one 32-bit
 * base; other blocks keep one signed byte of difference per byte, and the
 * rare differences beyond a byte go to a sorted exception list.  That is
 * 1/8 byte per text byte for clean UTF-8 and about 1 byte otherwise,
 * instead of 4. */
#define MAP_BLOCK 64
#define MAP_LINEAR UINT32_MAX
#define MAP_ESC INT8_MIN

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 64;
    void *q;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    q = realloc(*p, n * size);
    if (!q)
        return POLYALIGN_ENOMEM;
    *p = q;
    *cap = n;
    return 0;
}

static int map_flush(struct doc_map *m)
{
    size_t b = (m->len - 1) / MAP_BLOCK;
    int error;

    if (m->cur_linear) {
        m->block[b] = MAP_LINEAR;
        return 0;
    }
    if ((error = grow((void **)&m->deltas, &m->delta_cap,
                      (m->ndelta + 1) * MAP_BLOCK, 1)) < 0)
        return error;
    memcpy(m->deltas + m->ndelta * MAP_BLOCK, m->cur, MAP_BLOCK);
    m->block[b] = (uint32_t)m->ndelta++;
    return 0;
}

/* Append the virtual origin of the next text byte. */
static int map_push(struct doc_map *m, uint32_t origin)
{
    size_t at = m->len % MAP_BLOCK;
    int error;

    if (at == 0) {
        size_t b = m->len / MAP_BLOCK;
        if (m->len > 0 && (error = map_flush(m)) < 0)
            return error;
        if ((error = grow((void **)&m->base, &m->base_cap, b + 1,
                          sizeof(*m->base))) < 0 ||
            (error = grow((void **)&m->block, &m->block_cap, b + 1,
                          sizeof(*m->block))) < 0)
            return error;
        m->base[b] = origin;
        m->cur_linear = 1;
        memset(m->cur, 0, sizeof(m->cur));
    } else {
        int64_t d = (int64_t)origin - (int64_t)m->last;
        if (d != 1)
            m->cur_linear = 0;
        if (d > MAP_ESC && d <= INT8_MAX) {
            m->cur[at] = (int8_t)d;
        } else {
            m->cur[at] = MAP_ESC;
            if ((error = grow((void **)&m->exc, &m->exc_cap, m->nexc + 1,
                              sizeof(*m->exc))) < 0)
                return error;
            m->exc[m->nexc].at = (uint32_t)m->len;
            m->exc[m->nexc].origin = origin;
            m->nexc++;
        }
    }
    m->last = origin;
    m->len++;
    return 0;
}

static int map_finish(struct doc_map *m, uint32_t end)
{
    m->end = end;
    return m->len > 0 ? map_flush(m) : 0;
}

void doc_map_free(struct doc_map *m)
{
    free(m->base);
    free(m->block);
    free(m->deltas);
    free(m->exc);
    memset(m, 0, sizeof(*m));
}

size_t doc_map_origin(const struct doc_map *m, size_t i)
{
    size_t b, start;
    uint32_t v;
    const int8_t *d;

    if (i >= m->len)
        return m->end;
    b = i / MAP_BLOCK;
    start = b * MAP_BLOCK;
    v = m->base[b];
    if (m->block[b] == MAP_LINEAR)
        return v + (i - start);
    d = m->deltas + (size_t)m->block[b] * MAP_BLOCK;
    for (size_t j = start + 1; j <= i; j++) {
        if (d[j - start] == MAP_ESC) {
            size_t lo = 0, hi = m->nexc;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (m->exc[mid].at < j)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            v = m->exc[lo].origin;
        } else {
            v = (uint32_t)((int64_t)v + d[j - start]);
        }
    }
    return v;
}

/* ------------------------------------------------------------------------ */

struct buf {
    char *data;
    size_t len, cap;
    struct doc_map map;
};

static int buf_reserve(struct buf *b, size_t extra)
{
    size_t cap;
    char *data;

    if (b->len + extra + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    data = realloc(b->data, cap);
    if (!data)
        return POLYALIGN_ENOMEM;
    b->data = data;
    b->cap = cap;
    return 0;
}

/* Append UTF-16 text as UTF-8; every character maps to @origin. */
static int buf_append_u16(struct buf *b, const UChar *s, int32_t n,
                          uint32_t origin)
{
    int32_t i = 0;
    int error;

    if ((error = buf_reserve(b, (size_t)n * 3)) < 0)
        return error;
    while (i < n) {
        UChar32 c;
        size_t start = b->len;
        U16_NEXT(s, i, n, c);
        U8_APPEND_UNSAFE((uint8_t *)b->data, b->len, c);
        for (size_t k = start; k < b->len; k++)
            if ((error = map_push(&b->map, origin + (uint32_t)(k - start))) <
                0)
                return error;
    }
    return 0;
}

/* Append one line of UTF-16 [s, s+n) with its source offsets, NFC. */
static int append_line(struct buf *b, const UNormalizer2 *nfc,
                       const UChar *s, const int32_t *off, int32_t n,
                       UChar **tmp, int32_t *tmpcap)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t i = 0;
    int error;

    if (unorm2_quickCheck(nfc, s, n, &status) == UNORM_YES &&
        U_SUCCESS(status)) {
        /* The usual case: already NFC, one origin per code point. */
        while (i < n) {
            int32_t start = i;
            UChar32 c;
            U16_NEXT(s, i, n, c);
            (void)c;
            if ((error = buf_append_u16(b, s + start, i - start,
                                        (uint32_t)off[start])) < 0)
                return error;
        }
        return 0;
    }
    /* Normalise chunk by chunk between normalisation boundaries, so that
     * each output chunk maps to the first byte of its input chunk. */
    while (i < n) {
        int32_t start = i, len;
        UChar32 c;
        U16_NEXT(s, i, n, c);
        while (i < n) {
            int32_t j = i;
            U16_NEXT(s, j, n, c);
            if (unorm2_hasBoundaryBefore(nfc, c))
                break;
            i = j;
        }
        for (;;) {
            status = U_ZERO_ERROR;
            len = unorm2_normalize(nfc, s + start, i - start, *tmp, *tmpcap,
                                   &status);
            if (status != U_BUFFER_OVERFLOW_ERROR)
                break;
            UChar *grown = realloc(*tmp, (size_t)(len + 16) * sizeof(UChar));
            if (!grown)
                return POLYALIGN_ENOMEM;
            *tmp = grown;
            *tmpcap = len + 16;
        }
        if (U_FAILURE(status))
            return POLYALIGN_EINTERNAL;
        if ((error = buf_append_u16(b, *tmp, len, (uint32_t)off[start])) < 0)
            return error;
    }
    return 0;
}

static int is_line_end(UChar c)
{
    return c == 0x0A || c == 0x0D || c == 0x85 || c == 0x2028 ||
           c == 0x2029 || c == 0x0B || c == 0x0C;
}

/* The last place in u[from, n) before which the text may be cut without
 * changing the result: not inside a surrogate pair or a CRLF, and where
 * NFC has a boundary (or before a line end).  @from when there is none. */
static int32_t safe_cut(const UNormalizer2 *nfc, const UChar *u,
                        int32_t from, int32_t n)
{
    for (int32_t p = n - 1; p > from; p--) {
        if (U16_IS_SURROGATE(u[p]) || (u[p] == 0x0A && u[p - 1] == 0x0D))
            continue;
        if (is_line_end(u[p]) || unorm2_hasBoundaryBefore(nfc, u[p]))
            return p;
    }
    return from;
}

/* Append the lines of u[from, to) (whole lines and line ends as far as
 * this window goes) to @b. */
static int append_window(struct buf *b, const UNormalizer2 *nfc,
                         const UChar *u, const int32_t *off, int32_t from,
                         int32_t to, UChar **tmp, int32_t *tmpcap)
{
    int32_t i = from;
    int error;

    while (i < to) {
        int32_t start = i;
        while (i < to && !is_line_end(u[i]))
            i++;
        if ((error = append_line(b, nfc, u + start, off + start, i - start,
                                 tmp, tmpcap)) < 0)
            return error;
        if (i < to) {
            /* CRLF, CR, NEL, LS, PS -> LF */
            uint32_t at = (uint32_t)off[i];
            if (u[i] == 0x0D && i + 1 < to && u[i + 1] == 0x0A)
                i++;
            i++;
            if ((error = buf_reserve(b, 1)) < 0 ||
                (error = map_push(&b->map, at)) < 0)
                return error;
            b->data[b->len++] = '\n';
        }
    }
    return 0;
}

static int decode_error(struct polyalign_context *ctx, const char *name,
                        UConverter *conv, UErrorCode status,
                        const char *data, const char *src,
                        const char *charset)
{
    char bad[32];
    int8_t badlen = sizeof(bad);
    UErrorCode st2 = U_ZERO_ERROR;
    size_t at;

    ucnv_getInvalidChars(conv, bad, &badlen, &st2);
    if (U_FAILURE(st2))
        badlen = 0;
    at = (size_t)(src - data) - (size_t)badlen;
    if (status == U_TRUNCATED_CHAR_FOUND)
        return ctx_error(ctx, POLYALIGN_EENCODING,
                         "%s: byte offset %zu: truncated %s sequence at end "
                         "of file",
                         name, at, charset);
    return ctx_error(ctx, POLYALIGN_EENCODING,
                     "%s: byte offset %zu: invalid %s byte sequence (0x%02X)",
                     name, at, charset,
                     badlen > 0 ? (unsigned char)bad[0]
                                : (unsigned char)data[at]);
}

/* Decoding streams through a window of UTF-16 (ICU's converter with
 * per-unit source offsets), so that memory is the text, its map and one
 * window, whatever the size of the file. */
int doc_decode(struct polyalign_context *ctx, const char *name,
               const char *data, size_t len, const char *charset,
               char **text_out, size_t *len_out, struct doc_map *map_out)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    UConverter *conv = NULL;
    const char *src = data, *src_end = data + len;
    UChar *u = NULL, *tmp = NULL;
    int32_t *off = NULL, n = 0, tmpcap = 0, cap = DECODE_WINDOW;
    int first = 1, eof = 0;
    struct buf b = {0};
    int error = 0;

    *text_out = NULL;
    memset(map_out, 0, sizeof(*map_out));
    *len_out = 0;
    if (U_FAILURE(status))
        return ctx_error(ctx, POLYALIGN_EINTERNAL, "ICU: no NFC data: %s",
                         u_errorName(status));
    conv = ucnv_open(charset, &status);
    if (U_FAILURE(status))
        return ctx_error(ctx, POLYALIGN_EINVAL, "%s: unknown encoding '%s'",
                         name, charset);
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
                        &status);
    u = malloc((size_t)cap * sizeof(*u));
    off = malloc((size_t)cap * sizeof(*off));
    if (!u || !off) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    while (!eof || n > 0) {
        int32_t from = 0, cut;

        if (!eof) {
            const char *call_start = src;
            UChar *target = u + n;
            int32_t k, got;

            status = U_ZERO_ERROR;
            ucnv_toUnicode(conv, &target, u + cap, &src, src_end, off + n, 1,
                           &status);
            got = (int32_t)(target - u);
            /* Offsets are relative to where this call started; units ICU
             * could not attribute (-1) take the previous offset. */
            for (k = n; k < got; k++)
                off[k] = off[k] >= 0
                             ? off[k] + (int32_t)(call_start - data)
                             : (k ? off[k - 1] : 0);
            n = got;
            if (status == U_BUFFER_OVERFLOW_ERROR) {
                status = U_ZERO_ERROR;
            } else if (U_FAILURE(status)) {
                error = decode_error(ctx, name, conv, status, data, src,
                                     charset);
                goto cleanup;
            } else {
                eof = 1;
            }
        }
        if (first && n > 0) {
            if (u[0] == 0xFEFF) /* byte order mark */
                from = 1;
            first = 0;
        }
        cut = eof ? n : safe_cut(nfc, u, from, n);
        if (cut <= from && !eof) {
            UChar *gu;
            int32_t *goff;
            if (cap > INT32_MAX / 2) {
                error = POLYALIGN_ENOMEM;
                goto cleanup;
            }
            cap *= 2;
            gu = realloc(u, (size_t)cap * sizeof(*u));
            if (gu)
                u = gu;
            goff = gu ? realloc(off, (size_t)cap * sizeof(*off)) : NULL;
            if (!gu || !goff) {
                error = POLYALIGN_ENOMEM;
                goto cleanup;
            }
            off = goff;
            if (from == 1) {
                memmove(u, u + 1, (size_t)(n - 1) * sizeof(*u));
                memmove(off, off + 1, (size_t)(n - 1) * sizeof(*off));
                n--;
            }
            continue;
        }
        if ((error = append_window(&b, nfc, u, off, from, cut, &tmp,
                                   &tmpcap)) < 0)
            goto cleanup;
        memmove(u, u + cut, (size_t)(n - cut) * sizeof(*u));
        memmove(off, off + cut, (size_t)(n - cut) * sizeof(*off));
        n -= cut;
    }
    if ((error = buf_reserve(&b, 1)) < 0 ||
        (error = map_finish(&b.map, (uint32_t)len)) < 0)
        goto cleanup;
    b.data[b.len] = '\0';
    *text_out = b.data;
    *map_out = b.map;
    *len_out = b.len;
    b.data = NULL;
    memset(&b.map, 0, sizeof(b.map));
cleanup:
    if (conv)
        ucnv_close(conv);
    free(b.data);
    doc_map_free(&b.map);
    free(u);
    free(off);
    free(tmp);
    return error;
}

/* UTF-16 without a BOM: NUL bytes are then the high (or low) halves of
 * code units.  Decode both ways with ICU; the text is UTF-16 if one way
 * gives only printable characters and white space.  Anything else with NUL
 * bytes is binary. */
static int utf16_plausible(const char *data, size_t len, const char *cs)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(cs, &st);
    UChar *u;
    int32_t n, i = 0;
    size_t good = 0, total = 0;

    if (U_FAILURE(st))
        return 0;
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    u = malloc((len / 2 + 1) * sizeof(*u));
    if (!u) {
        ucnv_close(conv);
        return 0;
    }
    n = ucnv_toUChars(conv, u, (int32_t)(len / 2 + 1), data, (int32_t)len,
                      &st);
    ucnv_close(conv);
    if (U_FAILURE(st)) {
        free(u);
        return 0;
    }
    while (i < n) {
        UChar32 c;
        U16_NEXT(u, i, n, c);
        total++;
        if (c == '\n' || c == '\r' || c == '\t' || c == 0xFEFF ||
            (c >= 0x20 && u_isprint(c)) || u_isUWhiteSpace(c))
            good++;
    }
    free(u);
    return total > 0 && good * 100 >= total * 99;
}

static const char *guess_utf16(const char *data, size_t len)
{
    size_t sample = len < DETECT_SAMPLE ? len : DETECT_SAMPLE;

    sample &= ~(size_t)1;
    if (len % 2 || sample < 2)
        return NULL;
    if (utf16_plausible(data, sample, "UTF-16LE"))
        return "UTF-16LE";
    if (utf16_plausible(data, sample, "UTF-16BE"))
        return "UTF-16BE";
    return NULL;
}

/* Offset of the first invalid UTF-8 sequence (@len if none), and how many
 * valid multi-byte sequences come before it. */
static size_t first_invalid_utf8(const char *data, size_t len,
                                 size_t *valid_multibyte)
{
    int32_t i = 0, n = (int32_t)len;

    *valid_multibyte = 0;
    while (i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)data, i, n, c);
        if (c < 0)
            return (size_t)start;
        if (i - start > 1)
            (*valid_multibyte)++;
    }
    return len;
}

/* Choose a charset for bytes that are not UTF-8 and carry no signature:
 * ICU's detector ranks candidates; among those close to the best, the one
 * whose decoded text a Hunspell dictionary recognises best wins (ICU alone
 * confuses windows-1251 with KOI8-R or ISO-8859-5 on short texts). */
static int detect_charset(struct polyalign_context *ctx, const char *data,
                          size_t len, char *out, size_t outsize)
{
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&status);
    const UCharsetMatch **matches;
    int32_t nmatch = 0, best_conf = 0;
    double best_score = -2;
    int error = 0;

    if (U_FAILURE(status))
        return POLYALIGN_EINTERNAL;
    ucsdet_setText(det, data,
                   (int32_t)(len < DETECT_SAMPLE ? len : DETECT_SAMPLE),
                   &status);
    matches = ucsdet_detectAll(det, &nmatch, &status);
    if (U_FAILURE(status) || nmatch == 0) {
        snprintf(out, outsize, "windows-1252");
        goto cleanup;
    }
    best_conf = ucsdet_getConfidence(matches[0], &status);
    snprintf(out, outsize, "%s", ucsdet_getName(matches[0], &status));
    for (int32_t m = 0; m < nmatch && m < 6; m++) {
        const char *cs;
        const char *lang;
        char *text = NULL;
        struct doc_map map;
        size_t tlen = 0;
        int32_t conf;
        double score;
        struct polyalign_langid id;

        status = U_ZERO_ERROR;
        conf = ucsdet_getConfidence(matches[m], &status);
        cs = ucsdet_getName(matches[m], &status);
        if (U_FAILURE(status) || conf + 30 < best_conf)
            break;
        if (strncmp(cs, "UTF-", 4) == 0 || strncmp(cs, "ISO-2022", 8) == 0)
            continue;
        if (doc_decode(ctx, "", data, len < DETECT_SAMPLE ? len : DETECT_SAMPLE,
                       cs, &text, &tlen, &map) < 0) {
            polyalign_context_clear_error(ctx);
            continue;
        }
        lang = NULL;
        score = -1;
        if (polyalign_langid_detect(ctx, text, tlen, &id) == 0 &&
            strcmp(id.lang, "und") != 0) {
            lang = id.lang;
            score = langid_hunspell_rate(ctx, lang, text, tlen, 300);
        }
        /* Ties keep ICU's order. */
        if (score > best_score + 0.02) {
            best_score = score;
            snprintf(out, outsize, "%s", cs);
        }
        free(text);
        doc_map_free(&map);
    }
cleanup:
    ucsdet_close(det);
    return error;
}

static int choose_charset(struct polyalign_context *ctx, const char *name,
                          const char *data, size_t len, char *out,
                          size_t outsize)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t siglen = 0;
    const char *sig;
    const void *nul;
    size_t bad, valid_multibyte;
    int error;

    sig = ucnv_detectUnicodeSignature(data, (int32_t)len, &siglen, &status);
    if (sig && U_SUCCESS(status)) {
        snprintf(out, outsize, "%s", sig);
        return 0;
    }
    nul = memchr(data, 0, len);
    if (nul) {
        const char *u16 = guess_utf16(data, len);
        if (u16) {
            snprintf(out, outsize, "%s", u16);
            return 0;
        }
        return ctx_error(ctx, POLYALIGN_EBINARY,
                         "%s: byte offset %zu: NUL byte: this looks like a "
                         "binary file, not text",
                         name, (size_t)((const char *)nul - data));
    }
    if ((bad = first_invalid_utf8(data, len, &valid_multibyte)) == len) {
        snprintf(out, outsize, "UTF-8");
        return 0;
    }
    if ((error = detect_charset(ctx, data, len, out, outsize)) < 0)
        return error;
    /* Broken or mixed UTF-8 read as a legacy charset is mojibake: say so. */
    if (valid_multibyte > 0)
        ctx_warn(ctx,
                 "%s: byte offset %zu: invalid UTF-8 although %zu UTF-8 "
                 "sequences before are valid (mixed encodings?); read as "
                 "%s: give the encoding (-e) if that is wrong",
                 name, bad, valid_multibyte, out);
    else
        ctx_info(ctx, "%s: byte offset %zu: not UTF-8; read as %s", name,
                 bad, out);
    return 0;
}

static int is_blank(const char *s, size_t start, size_t end)
{
    for (size_t k = start; k < end; k++)
        if (!(s[k] == ' ' || s[k] == '\t' || s[k] == '\f' || s[k] == '\v'))
            return 0;
    return 1;
}

static int add_paragraph(struct polyalign_doc *doc, size_t *cap,
                         size_t start, size_t end, size_t line)
{
    if (doc->npara == *cap) {
        struct doc_paragraph *p;
        *cap = *cap ? *cap * 2 : 16;
        p = realloc(doc->paras, *cap * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        doc->paras = p;
    }
    while (start < end && (doc->text[start] == ' ' ||
                           doc->text[start] == '\t'))
        start++;
    while (end > start && (doc->text[end - 1] == ' ' ||
                           doc->text[end - 1] == '\t'))
        end--;
    doc->paras[doc->npara].start = start;
    doc->paras[doc->npara].end = end;
    doc->paras[doc->npara].line = line;
    doc->npara++;
    return 0;
}

/* A blank line always ends a paragraph; a single line break does too,
 * unless the text is hard-wrapped (POLYALIGN_DOC_JOIN_LINES), where the
 * break becomes a space. */
static int split_paragraphs(struct polyalign_doc *doc)
{
    int joining = (doc->flags & POLYALIGN_DOC_JOIN_LINES) != 0;
    size_t cap = 0, i = 0, line = 1;
    size_t pstart = 0, pend = 0, pline = 0;
    int open = 0, error;

    while (i < doc->len) {
        size_t ls = i, le, lineno = line;

        while (i < doc->len && doc->text[i] != '\n')
            i++;
        le = i;
        if (i < doc->len) {
            i++;
            line++;
        }
        if (is_blank(doc->text, ls, le)) {
            if (open && (error = add_paragraph(doc, &cap, pstart, pend,
                                               pline)) < 0)
                return error;
            open = 0;
            continue;
        }
        if (open && joining) {
            doc->text[pend] = ' '; /* the line break between them */
            pend = le;
            continue;
        }
        if (open && (error = add_paragraph(doc, &cap, pstart, pend,
                                           pline)) < 0)
            return error;
        pstart = ls;
        pend = le;
        pline = lineno;
        open = 1;
    }
    if (open)
        return add_paragraph(doc, &cap, pstart, pend, pline);
    return 0;
}

/* Presplit documents: every line is one sentence and one paragraph, so that
 * sentence i is line i of the file (gold alignments count lines). */
static int presplit_sentences(struct polyalign_doc *doc)
{
    size_t n = 0, i = 0;

    for (size_t k = 0; k < doc->len; k++)
        n += doc->text[k] == '\n';
    if (doc->len && doc->text[doc->len - 1] != '\n')
        n++;
    free(doc->paras);
    doc->paras = calloc(n ? n : 1, sizeof(*doc->paras));
    doc->sents = calloc(n ? n : 1, sizeof(*doc->sents));
    if (!doc->paras || !doc->sents)
        return POLYALIGN_ENOMEM;
    for (size_t s = 0; s < n; s++) {
        size_t start = i, end;
        while (i < doc->len && doc->text[i] != '\n')
            i++;
        end = i;
        if (i < doc->len)
            i++;
        /* Trim spaces and tabs; an empty line is an empty sentence. */
        while (start < end && (doc->text[start] == ' ' ||
                               doc->text[start] == '\t'))
            start++;
        while (end > start && (doc->text[end - 1] == ' ' ||
                               doc->text[end - 1] == '\t'))
            end--;
        doc->paras[s].start = start;
        doc->paras[s].end = end;
        doc->paras[s].line = s + 1;
        doc->sents[s].start = start;
        doc->sents[s].end = end;
        doc->sents[s].paragraph = s;
    }
    doc->npara = n;
    doc->nsent = n;
    return 0;
}

/* Warn when the declared language is not written in the text's dominant
 * script (ICU's locale data gives the scripts of a language). */
static void check_script(struct polyalign_context *ctx,
                         const struct polyalign_doc *doc)
{
    const struct polyalign_langid *id = &doc->langid;
    UScriptCode codes[8];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n;

    if (!*id->script || strcmp(id->script, "Zyyy") == 0 ||
        strcmp(id->script, "Zinh") == 0 || strcmp(id->script, "Zzzz") == 0)
        return;
    n = uscript_getCode(id->lang, codes, 8, &status);
    if (U_FAILURE(status) || n <= 0)
        return;
    for (int32_t i = 0; i < n; i++)
        if (strcmp(uscript_getShortName(codes[i]), id->script) == 0)
            return;
    ctx_warn(ctx,
             "%s: the language is %s (%s) but the text is mostly in the %s "
             "script: wrong file or wrong language?",
             doc->name, id->lang, id->method, id->script);
}

static int decide_language(struct polyalign_context *ctx,
                           struct polyalign_doc *doc,
                           const struct polyalign_doc_options *opts)
{
    struct polyalign_langid *id = &doc->langid;

    if (opts && opts->lang && *opts->lang) {
        langid_script_only(doc->text, doc->len, id);
        snprintf(id->lang, sizeof(id->lang), "%s", opts->lang);
        id->method = "option";
        id->confidence = 1;
        snprintf(id->reason, sizeof(id->reason), "given with --lang");
        check_script(ctx, doc);
        return 0;
    }
    if (polyalign_langid_from_filename(doc->name, id->lang,
                                       sizeof(id->lang)) == 0) {
        char lang[16];
        snprintf(lang, sizeof(lang), "%s", id->lang);
        langid_script_only(doc->text, doc->len, id);
        snprintf(id->lang, sizeof(id->lang), "%s", lang);
        id->method = "filename";
        id->confidence = 1;
        snprintf(id->reason, sizeof(id->reason),
                 "taken from the file name");
        check_script(ctx, doc);
        return 0;
    }
    return polyalign_langid_detect(ctx, doc->text, doc->len, id);
}

int polyalign_doc_load_memory(struct polyalign_doc **out,
                              struct polyalign_context *ctx, const char *name,
                              const void *data, size_t len,
                              const struct polyalign_doc_options *opts)
{
    struct polyalign_doc *doc;
    const char *bytes = data;
    int error = 0;

    *out = NULL;
    if (!name)
        name = "<memory>";
    if (len > DOC_MAX_BYTES)
        return ctx_error(ctx, POLYALIGN_ELIMIT,
                         "%s: %zu bytes: larger than the %zu bytes a "
                         "document may have", name, len, DOC_MAX_BYTES);
    doc = calloc(1, sizeof(*doc));
    if (!doc || !(doc->name = strdup(name))) {
        free(doc);
        return POLYALIGN_ENOMEM;
    }
    doc->flags = opts ? opts->flags : 0;

    if (opts && opts->encoding && *opts->encoding) {
        const char *nul = memchr(bytes, 0, len);
        UErrorCode status = U_ZERO_ERROR;
        UConverter *conv = ucnv_open(opts->encoding, &status);
        int wide = 0;

        if (U_FAILURE(status)) {
            error = ctx_error(ctx, POLYALIGN_EINVAL,
                              "%s: unknown encoding '%s'", name,
                              opts->encoding);
            goto cleanup;
        }
        wide = ucnv_getMinCharSize(conv) > 1;
        ucnv_close(conv);
        if (nul && !wide) {
            error = ctx_error(ctx, POLYALIGN_EBINARY,
                              "%s: byte offset %zu: NUL byte: this looks "
                              "like a binary file, not text",
                              name, (size_t)(nul - bytes));
            goto cleanup;
        }
        snprintf(doc->encoding, sizeof(doc->encoding), "%s", opts->encoding);
    } else if (len == 0) {
        snprintf(doc->encoding, sizeof(doc->encoding), "UTF-8");
    } else if ((error = choose_charset(ctx, name, bytes, len, doc->encoding,
                                       sizeof(doc->encoding))) < 0) {
        goto cleanup;
    }
    if ((error = doc_decode(ctx, name, bytes, len, doc->encoding, &doc->text,
                            &doc->len, &doc->orig)) < 0)
        goto cleanup;
    if (doc->flags & POLYALIGN_DOC_PRESPLIT)
        error = presplit_sentences(doc);
    else
        error = split_paragraphs(doc);
    if (error < 0)
        goto cleanup;
    if ((error = decide_language(ctx, doc, opts)) < 0)
        goto cleanup;
    *out = doc;
    doc = NULL;
cleanup:
    if (error == POLYALIGN_ENOMEM)
        ctx_error(ctx, error, "%s: out of memory", name);
    polyalign_doc_free(doc);
    return error;
}

int polyalign_doc_load_file(struct polyalign_doc **out,
                            struct polyalign_context *ctx, const char *path,
                            const struct polyalign_doc_options *opts)
{
    FILE *fp;
    char *data = NULL;
    size_t len = 0, cap = 0;
    int is_stdin = strcmp(path, "-") == 0;
    int error = 0;

    *out = NULL;
    fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return ctx_error(ctx, POLYALIGN_EIO, "%s: cannot open: %s", path,
                         strerror(errno));
    for (;;) {
        size_t got;
        if (len + 65536 > cap) {
            char *grown;
            cap = cap ? cap * 2 : 65536 * 2;
            if (cap > DOC_MAX_BYTES + 65536 * 2) {
                error = ctx_error(ctx, POLYALIGN_ELIMIT,
                                  "%s: larger than the %zu bytes a "
                                  "document may have", path, DOC_MAX_BYTES);
                goto cleanup;
            }
            grown = realloc(data, cap);
            if (!grown) {
                error = ctx_error(ctx, POLYALIGN_ENOMEM, "%s: out of memory",
                                  path);
                goto cleanup;
            }
            data = grown;
        }
        got = fread(data + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        error = ctx_error(ctx, POLYALIGN_EIO, "%s: read error: %s", path,
                          strerror(errno));
        goto cleanup;
    }
    error = polyalign_doc_load_memory(out, ctx, is_stdin ? "<stdin>" : path,
                                      data ? data : "", len, opts);
cleanup:
    if (!is_stdin)
        fclose(fp);
    free(data);
    return error;
}

void polyalign_doc_free(struct polyalign_doc *doc)
{
    if (!doc)
        return;
    free(doc->name);
    free(doc->text);
    doc_map_free(&doc->orig);
    free(doc->paras);
    free(doc->sents);
    free(doc);
}

const char *polyalign_doc_name(const struct polyalign_doc *doc)
{
    return doc->name;
}

const char *polyalign_doc_encoding(const struct polyalign_doc *doc)
{
    return doc->encoding;
}

const char *polyalign_doc_lang(const struct polyalign_doc *doc)
{
    return doc->langid.lang;
}

const struct polyalign_langid *polyalign_doc_langid(
    const struct polyalign_doc *doc)
{
    return &doc->langid;
}

const char *polyalign_doc_text(const struct polyalign_doc *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->text ? doc->text : "";
}

size_t polyalign_doc_paragraph_count(const struct polyalign_doc *doc)
{
    return doc->npara;
}

int polyalign_doc_paragraph(const struct polyalign_doc *doc, size_t i,
                            struct polyalign_span *out)
{
    if (i >= doc->npara)
        return POLYALIGN_EINVAL;
    out->start = doc->paras[i].start;
    out->end = doc->paras[i].end;
    return 0;
}

/* Add spans (relative to @base) of paragraph @p to the sentence list. */
static int add_sentences(struct doc_sentence **sents, size_t *n, size_t *cap,
                         const struct polyalign_span *spans, size_t count,
                         size_t base, size_t p)
{
    if (*n + count > *cap) {
        struct doc_sentence *grown;
        size_t c = (*n + count) * 2 + 16;
        grown = realloc(*sents, c * sizeof(*grown));
        if (!grown)
            return POLYALIGN_ENOMEM;
        *sents = grown;
        *cap = c;
    }
    for (size_t k = 0; k < count; k++) {
        (*sents)[*n].start = base + spans[k].start;
        (*sents)[*n].end = base + spans[k].end;
        (*sents)[*n].paragraph = p;
        (*n)++;
    }
    return 0;
}

int polyalign_doc_segment(struct polyalign_doc *doc,
                          struct polyalign_splitter *splitter)
{
    struct doc_sentence *sents = NULL;
    size_t n = 0, cap = 0;
    int error = 0;

    if (doc->flags & POLYALIGN_DOC_PRESPLIT)
        return 0;
    if (!splitter)
        return POLYALIGN_EINVAL;
    for (size_t p = 0; p < doc->npara; p++) {
        size_t base = doc->paras[p].start, end = doc->paras[p].end;

        /* The splitter holds about 10 bytes per character of what it is
         * given: a huge paragraph goes through in windows.  All sentences
         * of a window but the last are kept, and the next window starts at
         * the last one (rules look at most 256 characters back); a window
         * with no sentence end at all is cut at its end. */
        while (base < end) {
            const struct polyalign_span *spans;
            size_t count, wlen = end - base;
            int last = wlen <= SEGMENT_WINDOW;

            if (!last) {
                wlen = SEGMENT_WINDOW;
                while (wlen > 1 &&
                       ((unsigned char)doc->text[base + wlen] & 0xC0) == 0x80)
                    wlen--;
            }
            error = polyalign_splitter_split(splitter, doc->text + base,
                                             wlen, &spans, &count);
            if (error < 0)
                goto cleanup;
            if (!last && count >= 2) {
                if ((error = add_sentences(&sents, &n, &cap, spans,
                                           count - 1, base, p)) < 0)
                    goto cleanup;
                base += spans[count - 1].start;
                continue;
            }
            if ((error = add_sentences(&sents, &n, &cap, spans, count, base,
                                       p)) < 0)
                goto cleanup;
            base += wlen;
        }
    }
    free(doc->sents);
    doc->sents = sents;
    doc->nsent = n;
    sents = NULL;
cleanup:
    free(sents);
    return error;
}

size_t polyalign_doc_sentence_count(const struct polyalign_doc *doc)
{
    return doc->nsent;
}

int polyalign_doc_sentence(const struct polyalign_doc *doc, size_t i,
                           struct polyalign_sentence *out)
{
    const struct doc_sentence *s;

    if (i >= doc->nsent)
        return POLYALIGN_EINVAL;
    s = &doc->sents[i];
    out->text = doc->text + s->start;
    out->len = s->end - s->start;
    out->index = i;
    out->paragraph = s->paragraph;
    out->byte_start = doc_map_origin(&doc->orig, s->start);
    /* The end is the start of the first character after the sentence, or
     * for the last character, the end of its own bytes. */
    out->byte_end = doc_map_origin(&doc->orig, s->end);
    if (s->end > s->start && out->byte_end <= out->byte_start)
        out->byte_end = doc->orig.end;
    return 0;
}
