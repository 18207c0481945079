/* TEMPORARY stand-in until the SRX splitter lands: bare ICU sentence
 * breaks.  Removed when src/lib/segment.c is merged. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "context.h"
#include "polyalign/segment.h"

struct polyalign_splitter {
    UBreakIterator *bi;
    struct polyalign_span *spans;
    size_t cap;
};

int polyalign_splitter_new(struct polyalign_splitter **out,
                           struct polyalign_context *ctx,
                           const struct polyalign_srx *srx, const char *lang)
{
    UErrorCode st = U_ZERO_ERROR;
    struct polyalign_splitter *s = calloc(1, sizeof(*s));

    (void)ctx;
    (void)srx;
    if (!s)
        return POLYALIGN_ENOMEM;
    s->bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
    *out = s;
    return U_FAILURE(st) ? POLYALIGN_EINTERNAL : 0;
}

void polyalign_splitter_free(struct polyalign_splitter *s)
{
    if (!s)
        return;
    ubrk_close(s->bi);
    free(s->spans);
    free(s);
}

int polyalign_splitter_split(struct polyalign_splitter *s, const char *text,
                             size_t len, const struct polyalign_span **spans,
                             size_t *count)
{
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
    size_t n = 0;

    ubrk_setUText(s->bi, ut, &st);
    for (int32_t a = ubrk_first(s->bi), b = ubrk_next(s->bi);
         b != UBRK_DONE; a = b, b = ubrk_next(s->bi)) {
        size_t x = (size_t)a, y = (size_t)b;
        while (x < y && (text[x] == ' ' || text[x] == '\t'))
            x++;
        while (y > x && (text[y - 1] == ' ' || text[y - 1] == '\t'))
            y--;
        if (x == y)
            continue;
        if (n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 16;
            s->spans = realloc(s->spans, s->cap * sizeof(*s->spans));
        }
        s->spans[n].start = x;
        s->spans[n].end = y;
        n++;
    }
    utext_close(ut);
    *spans = s->spans;
    *count = n;
    return 0;
}

int polyalign_srx_load_file(struct polyalign_srx **out,
                            struct polyalign_context *ctx, const char *path)
{
    *out = NULL;
    return ctx_error(ctx, POLYALIGN_ENOTFOUND, "%s: SRX not available yet",
                     path);
}

void polyalign_srx_free(struct polyalign_srx *srx)
{
    (void)srx;
}
