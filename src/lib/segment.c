/* The sentence splitter: SRX 2.0 rules matched with ICU regular
 * expressions, optionally over ICU's sentence break iterator (UAX #29,
 * section 5) as Okapi's useIcu4jBreakRules extension defines.
 *
 * SRX 2.0, section 2.5: at each position between two characters the rules
 * are tried in order; the first whose beforebreak matches the text ending
 * there and whose afterbreak matches the text starting there decides
 * (break or no break).  Where no rule matches, SRX does not break; with the
 * ICU extension, ICU's break stands.  Instead of trying every position we
 * try only the candidates: ICU's breaks (moved back over the white space
 * that ICU leaves before them, as Okapi does) and the ends of the matches of
 * the break rules, found by one search over the paragraph. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "context.h"
#include "segment.h"
#include "srx.h"

struct strbuf {
    char *s;
    size_t len, cap;
};

static int sb_add(struct strbuf *b, const char *s)
{
    size_t n = strlen(s);

    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *ns;
        while (cap < b->len + n + 1)
            cap *= 2;
        ns = realloc(b->s, cap);
        if (!ns)
            return POLYALIGN_ENOMEM;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
    return 0;
}

/* Compile a UTF-8 pattern; NULL with @st set on failure. */
static URegularExpression *compile(const char *pattern, UErrorCode *st)
{
    int32_t n;
    UChar *u = srx_utf16(pattern, &n);
    URegularExpression *re;

    if (!u) {
        *st = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    re = uregex_open(u, n, 0, NULL, st);
    free(u);
    if (U_FAILURE(*st)) {
        uregex_close(re);
        return NULL;
    }
    return re;
}

/* Whether ICU accepts the beforebreak as a look-behind (bounded length). */
static int bounded(const struct srx_rule *r)
{
    struct strbuf b = {0};
    UErrorCode st = U_ZERO_ERROR;
    URegularExpression *re = NULL;

    if (sb_add(&b, "(?<=") == 0 && sb_add(&b, r->before) == 0 &&
        sb_add(&b, ")") == 0)
        re = compile(b.s, &st);
    free(b.s);
    uregex_close(re);
    return re != NULL;
}

static int add_rule(struct strbuf *b, const struct srx_rule *r, int lookbehind)
{
    int e = 0;

    if (b->len)
        e |= sb_add(b, "|");
    e |= sb_add(b, lookbehind ? "(?<=" : "(?:");
    e |= sb_add(b, r->before);
    e |= sb_add(b, ")");
    if (*r->after) {
        e |= sb_add(b, "(?=");
        e |= sb_add(b, r->after);
        e |= sb_add(b, ")");
    }
    return e ? POLYALIGN_ENOMEM : 0;
}

static int finish_group(struct polyalign_splitter *s, struct strbuf *b,
                        int brk, int lookbehind, int from_start)
{
    struct rule_group *g = &s->groups[s->ngroups];
    UErrorCode st = U_ZERO_ERROR;

    if (!lookbehind) {
        struct strbuf w = {0};
        int e = sb_add(&w, "(?:") | sb_add(&w, b->s) | sb_add(&w, ")\\z");
        if (e) {
            free(w.s);
            return POLYALIGN_ENOMEM;
        }
        free(b->s);
        *b = w;
    }
    g->re = compile(b->s, &st);
    b->len = 0;
    if (!g->re)
        return ctx_error(s->ctx, POLYALIGN_EINTERNAL,
                         "cannot combine SRX rules: %s", u_errorName(st));
    uregex_useTransparentBounds(g->re, 1, &st);
    uregex_useAnchoringBounds(g->re, !lookbehind, &st);
    g->brk = brk;
    g->lookbehind = lookbehind;
    g->from_start = from_start;
    s->ngroups++;
    return 0;
}

static int build_groups(struct polyalign_splitter *s,
                        const struct srx_rule **rules, size_t n)
{
    struct strbuf b = {0}, scan = {0};
    int error = 0, brk = 0, lb = 0, fs = 0;
    UErrorCode st = U_ZERO_ERROR;

    s->groups = calloc(n ? n : 1, sizeof(*s->groups));
    if (!s->groups)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct srx_rule *r = rules[i];
        int rlb = bounded(r);
        int rfs = !rlb && strchr(r->before, '^') != NULL;
        if (b.len && (r->brk != brk || rlb != lb || rfs != fs))
            if ((error = finish_group(s, &b, brk, lb, fs)) < 0)
                goto cleanup;
        brk = r->brk;
        lb = rlb;
        fs = rfs;
        if ((error = add_rule(&b, r, lb)) < 0)
            goto cleanup;
        if (r->brk && (error = add_rule(&scan, r, 0)) < 0)
            goto cleanup;
    }
    if (b.len && (error = finish_group(s, &b, brk, lb, fs)) < 0)
        goto cleanup;
    if (scan.len) {
        s->scan = compile(scan.s, &st);
        if (!s->scan) {
            error = ctx_error(s->ctx, POLYALIGN_EINTERNAL,
                              "cannot combine SRX break rules: %s",
                              u_errorName(st));
            goto cleanup;
        }
    }

cleanup:
    free(b.s);
    free(scan.s);
    return error;
}

static void destroy_srx(void *p)
{
    polyalign_srx_free(p);
}

static int default_rules(struct polyalign_context *ctx,
                         const struct polyalign_srx **out)
{
    struct polyalign_srx *srx = ctx_resource_get(ctx, "srx:default");
    int error;

    if (!srx) {
        if ((error = polyalign_srx_load_default(&srx, ctx)) < 0)
            return error;
        if ((error = ctx_resource_put(ctx, "srx:default", srx,
                                      destroy_srx)) < 0) {
            polyalign_srx_free(srx);
            return ctx_error(ctx, error, "out of memory");
        }
    }
    *out = srx;
    return 0;
}

int polyalign_splitter_new(struct polyalign_splitter **out,
                           struct polyalign_context *ctx,
                           const struct polyalign_srx *srx, const char *lang)
{
    struct polyalign_splitter *s = NULL;
    const struct srx_rule **rules = NULL;
    size_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    int error = 0;

    *out = NULL;
    if (!lang || !*lang)
        lang = "und";
    if (!srx && (error = default_rules(ctx, &srx)) < 0)
        goto cleanup;
    s = calloc(1, sizeof(*s));
    if (!s) {
        error = ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
        goto cleanup;
    }
    s->ctx = ctx;
    s->use_icu = srx->use_icu;
    if ((error = srx_select(srx, lang, &rules, &n)) < 0) {
        error = ctx_error(ctx, error, "%s: cannot select rules for '%s'",
                          srx->name, lang);
        goto cleanup;
    }
    if ((error = build_groups(s, rules, n)) < 0)
        goto cleanup;
    if (s->use_icu) {
        s->bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
        if (U_FAILURE(st)) {
            error = ctx_error(ctx, POLYALIGN_EINTERNAL,
                              "ICU sentence break iterator for '%s': %s",
                              lang, u_errorName(st));
            goto cleanup;
        }
    }
    *out = s;
    s = NULL;

cleanup:
    free(rules);
    polyalign_splitter_free(s);
    return error;
}

void polyalign_splitter_free(struct polyalign_splitter *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ngroups; i++)
        uregex_close(s->groups[i].re);
    free(s->groups);
    uregex_close(s->scan);
    if (s->bi)
        ubrk_close(s->bi);
    free(s->u);
    free(s->offs);
    free(s->cand);
    free(s->spans);
    free(s);
}

/* Decode the paragraph into s->u with the byte offset of every UTF-16
 * unit.  Returns its length, or -1 (error set) on invalid UTF-8. */
static int32_t decode(struct polyalign_splitter *s, const char *text,
                      size_t len)
{
    const uint8_t *t = (const uint8_t *)text;
    int32_t i = 0, j = 0, n = (int32_t)len;

    /* A UTF-8 text never has more UTF-16 units than bytes. */
    if (len + 1 > s->ucap) {
        UChar *nu = realloc(s->u, (len + 1) * sizeof(*nu));
        size_t *no;
        if (nu)
            s->u = nu;
        no = realloc(s->offs, (len + 1) * sizeof(*no));
        if (no)
            s->offs = no;
        if (!nu || !no) {
            ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
            return -1;
        }
        s->ucap = len + 1;
    }
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(t, i, n, c);
        if (c < 0) {
            ctx_error(s->ctx, POLYALIGN_EENCODING,
                      "invalid UTF-8 at byte offset %ld", (long)at);
            return -1;
        }
        s->offs[j] = (size_t)at;
        if (U_IS_BMP(c)) {
            s->u[j++] = (UChar)c;
        } else {
            s->offs[j + 1] = (size_t)at;
            s->u[j++] = U16_LEAD(c);
            s->u[j++] = U16_TRAIL(c);
        }
    }
    s->offs[j] = len;
    return j;
}

static int add_candidate(struct polyalign_splitter *s, int32_t pos, int icu)
{
    if (s->ncand == s->candcap) {
        size_t cap = s->candcap ? s->candcap * 2 : 64;
        struct candidate *nc = realloc(s->cand, cap * sizeof(*nc));
        if (!nc)
            return POLYALIGN_ENOMEM;
        s->cand = nc;
        s->candcap = cap;
    }
    s->cand[s->ncand].pos = pos;
    s->cand[s->ncand].icu = icu;
    s->ncand++;
    return 0;
}

static int by_pos(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;

    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return y->icu - x->icu; /* ICU's first, so that it survives dedup */
}

static int add_span(struct polyalign_splitter *s, int32_t from, int32_t to)
{
    while (from < to && u_isUWhiteSpace(s->u[from]))
        from++;
    while (to > from && u_isUWhiteSpace(s->u[to - 1]))
        to--;
    if (from == to)
        return 0;
    if (s->nspans == s->spancap) {
        size_t cap = s->spancap ? s->spancap * 2 : 16;
        struct polyalign_span *ns = realloc(s->spans, cap * sizeof(*ns));
        if (!ns)
            return POLYALIGN_ENOMEM;
        s->spans = ns;
        s->spancap = cap;
    }
    s->spans[s->nspans].start = s->offs[from];
    s->spans[s->nspans].end = s->offs[to];
    s->nspans++;
    return 0;
}

/* The SRX decision at @pos: 1 break, 0 no break, -1 no rule matched. */
static int decide(struct polyalign_splitter *s, int32_t pos, int32_t n,
                  UErrorCode *st)
{
    for (size_t i = 0; i < s->ngroups; i++) {
        struct rule_group *g = &s->groups[i];
        int hit;
        if (g->lookbehind) {
            uregex_setRegion(g->re, pos, n, st);
            hit = uregex_lookingAt(g->re, -1, st);
        } else {
            int32_t from = 0;
            if (!g->from_start && pos > SEGMENT_LOOKBACK)
                from = pos - SEGMENT_LOOKBACK;
            uregex_setRegion(g->re, from, pos, st);
            hit = uregex_find(g->re, -1, st);
        }
        if (U_FAILURE(*st))
            return -1;
        if (hit)
            return g->brk;
    }
    return -1;
}

int polyalign_splitter_split(struct polyalign_splitter *s, const char *text,
                             size_t len, const struct polyalign_span **spans,
                             size_t *count)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n, prev = 0;
    int error = 0;

    *spans = NULL;
    *count = 0;
    s->nspans = 0;
    s->ncand = 0;
    if (len > (size_t)INT32_MAX / 2)
        return ctx_error(s->ctx, POLYALIGN_ELIMIT,
                         "paragraph of %zu bytes is too long", len);
    if ((n = decode(s, text, len)) < 0)
        return polyalign_context_last_error_code(s->ctx);
    if (n == 0)
        goto done;

    for (size_t i = 0; i < s->ngroups; i++)
        uregex_setText(s->groups[i].re, s->u, n, &st);
    if (s->bi) {
        ubrk_setText(s->bi, s->u, n, &st);
        for (int32_t b = ubrk_first(s->bi); U_SUCCESS(st) &&
             (b = ubrk_next(s->bi)) != UBRK_DONE && b < n;) {
            while (b > 0 && u_isUWhiteSpace(s->u[b - 1]))
                b--;
            if (b > 0 && (error = add_candidate(s, b, 1)) < 0)
                goto nomem;
        }
    }
    if (s->scan) {
        uregex_setText(s->scan, s->u, n, &st);
        while (U_SUCCESS(st) && uregex_findNext(s->scan, &st)) {
            int32_t e = uregex_end(s->scan, 0, &st);
            if (e > 0 && e < n && (error = add_candidate(s, e, 0)) < 0)
                goto nomem;
        }
    }
    if (U_FAILURE(st))
        goto icu_failed;
    qsort(s->cand, s->ncand, sizeof(*s->cand), by_pos);

    for (size_t i = 0; i < s->ncand; i++) {
        int32_t p = s->cand[i].pos;
        int d;
        if (i > 0 && s->cand[i - 1].pos == p)
            continue;
        d = decide(s, p, n, &st);
        if (U_FAILURE(st))
            goto icu_failed;
        if (d == 1 || (d < 0 && s->cand[i].icu)) {
            if ((error = add_span(s, prev, p)) < 0)
                goto nomem;
            prev = p;
        }
    }
    if ((error = add_span(s, prev, n)) < 0)
        goto nomem;

done:
    *spans = s->spans;
    *count = s->nspans;
    return 0;

nomem:
    return ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
icu_failed:
    return ctx_error(s->ctx, POLYALIGN_EINTERNAL, "ICU: %s",
                     u_errorName(st));
}
