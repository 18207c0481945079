/* Strict and lax scoring of alignments, as the Text+Berg results are
 * scored (Sennrich & Volk 2010; Bleualign's evaluation and vecalign's
 * score.py, whose counting this follows exactly): see eval.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "eval.h"

void polyalign_beadset_free(struct polyalign_beadset *set)
{
    if (!set)
        return;
    free(set->beads);
    free(set->pool);
    free(set);
}

size_t polyalign_beadset_count(const struct polyalign_beadset *set)
{
    return set ? set->count : 0;
}

static int push_index(struct polyalign_beadset *s, size_t v)
{
    if (s->pool_len == s->pool_cap) {
        size_t cap = s->pool_cap ? 2 * s->pool_cap : 256;
        size_t *np = realloc(s->pool, cap * sizeof(*np));

        if (!np)
            return POLYALIGN_ENOMEM;
        s->pool = np;
        s->pool_cap = cap;
    }
    s->pool[s->pool_len++] = v;
    return 0;
}

static int push_bead(struct polyalign_beadset *s, const struct eval_bead *b)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        struct eval_bead *nb = realloc(s->beads, cap * sizeof(*nb));

        if (!nb)
            return POLYALIGN_ENOMEM;
        s->beads = nb;
        s->cap = cap;
    }
    s->beads[s->count++] = *b;
    return 0;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
    return p;
}

/* Parse "[1, 2]" at *pp into the pool; 0 or -1 (malformed). */
static int parse_list(struct polyalign_beadset *s, const char **pp,
                      const char *end, size_t *n)
{
    const char *p = skip_blanks(*pp, end);
    int error;

    *n = 0;
    if (p >= end || *p != '[')
        return -1;
    p = skip_blanks(p + 1, end);
    if (p < end && *p == ']') {
        *pp = p + 1;
        return 0;
    }
    for (;;) {
        size_t v = 0;
        int digits = 0;

        p = skip_blanks(p, end);
        while (p < end && *p >= '0' && *p <= '9') {
            v = v * 10 + (size_t)(*p - '0');
            p++;
            digits++;
        }
        if (!digits || digits > 15)
            return -1;
        if ((error = push_index(s, v)) < 0)
            return error;
        (*n)++;
        p = skip_blanks(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == ']') {
            *pp = p + 1;
            return 0;
        }
        return -1;
    }
}

int polyalign_beadset_load_memory(struct polyalign_beadset **out,
                                  struct polyalign_context *ctx,
                                  const char *name, const char *data,
                                  size_t len)
{
    struct polyalign_beadset *s;
    const char *p = data, *end = data + len;
    size_t line = 0;
    int error = 0;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (!s)
        return POLYALIGN_ENOMEM;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *q;
        struct eval_bead b = {0};

        if (!eol)
            eol = end;
        line++;
        q = skip_blanks(p, eol);
        if (q == eol) {
            p = eol + 1;
            continue;
        }
        b.src = s->pool_len;
        if ((error = parse_list(s, &q, eol, &b.src_n)) != 0)
            goto bad;
        q = skip_blanks(q, eol);
        if (q >= eol || *q != ':') {
            error = -1;
            goto bad;
        }
        q++;
        b.tgt = s->pool_len;
        if ((error = parse_list(s, &q, eol, &b.tgt_n)) != 0)
            goto bad;
        q = skip_blanks(q, eol);
        b.confidence = -1;
        if (q < eol && *q == ':') {
            char num[64], *e;
            size_t k = (size_t)(eol - q - 1);

            if (k >= sizeof(num)) {
                error = -1;
                goto bad;
            }
            memcpy(num, q + 1, k);
            num[k] = '\0';
            errno = 0;
            b.confidence = strtod(num, &e);
            if (e == num || errno) {
                error = -1;
                goto bad;
            }
            q = skip_blanks(q + 1 + (e - num), eol);
        }
        if (q != eol) {
            error = -1;
            goto bad;
        }
        if ((error = push_bead(s, &b)) < 0)
            goto cleanup;
        p = eol + 1;
    }
    *out = s;
    return 0;
bad:
    if (error == -1)
        error = ctx_error(ctx, POLYALIGN_EFORMAT,
                          "%s:%zu: not a bead (expected [i, j]:[k] with "
                          "0-based indexes, optionally :confidence)",
                          name, line);
cleanup:
    polyalign_beadset_free(s);
    return error;
}

int polyalign_beadset_load_file(struct polyalign_beadset **out,
                                struct polyalign_context *ctx,
                                const char *path)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    int error = 0;

    *out = NULL;
    if (!fp)
        return ctx_error(ctx, POLYALIGN_EIO, "%s: %s", path, strerror(errno));
    do {
        if (cap - len < 65536) {
            char *nb = realloc(buf, cap ? 2 * cap : 65536);

            if (!nb) {
                error = POLYALIGN_ENOMEM;
                goto cleanup;
            }
            buf = nb;
            cap = cap ? 2 * cap : 65536;
        }
        got = fread(buf + len, 1, cap - len, fp);
        len += got;
    } while (got > 0);
    if (ferror(fp)) {
        error = ctx_error(ctx, POLYALIGN_EIO, "%s: read error", path);
        goto cleanup;
    }
    error = polyalign_beadset_load_memory(out, ctx, path, buf, len);
cleanup:
    if (fp != stdin)
        fclose(fp);
    free(buf);
    return error;
}

/* ---- scoring ---- */

/* A bead as two views into a pool. */
struct view {
    const size_t *src, *tgt;
    size_t src_n, tgt_n;
};

static int cmp_list(const size_t *a, size_t an, const size_t *b, size_t bn)
{
    for (size_t k = 0; k < an && k < bn; k++)
        if (a[k] != b[k])
            return a[k] < b[k] ? -1 : 1;
    return (an > bn) - (an < bn);
}

static int cmp_view(const void *x, const void *y)
{
    const struct view *a = x, *b = y;
    int c = cmp_list(a->src, a->src_n, b->src, b->src_n);

    return c ? c : cmp_list(a->tgt, a->tgt_n, b->tgt, b->tgt_n);
}

struct pair {
    size_t s, t;
};

static int cmp_pair(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;

    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    return (a->t > b->t) - (a->t < b->t);
}

/* The beads of @set as sorted, unique views; with @both, only beads with
 * both sides non-empty, else only beads not empty on both sides. */
static int views(const struct polyalign_beadset *set, int both,
                 struct view **out, size_t *count)
{
    struct view *v = malloc((set->count ? set->count : 1) * sizeof(*v));
    size_t k = 0, u = 0;

    *out = NULL;
    *count = 0;
    if (!v)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < set->count; i++) {
        const struct eval_bead *b = &set->beads[i];

        if (both ? (!b->src_n || !b->tgt_n) : (!b->src_n && !b->tgt_n))
            continue;
        v[k].src = set->pool + b->src;
        v[k].src_n = b->src_n;
        v[k].tgt = set->pool + b->tgt;
        v[k].tgt_n = b->tgt_n;
        k++;
    }
    if (k > 1)
        qsort(v, k, sizeof(*v), cmp_view);
    for (size_t i = 0; i < k; i++)
        if (u == 0 || cmp_view(&v[u - 1], &v[i]) != 0)
            v[u++] = v[i];
    *out = v;
    *count = u;
    return 0;
}

/* vecalign's _precision(goldalign, testalign): strict hits are test beads
 * found in gold; lax hits add test beads one of whose target indexes is a
 * gold target of one of their source indexes. */
static int precision(const struct view *gold, size_t ng,
                     const struct view *test, size_t nt, size_t *strict,
                     size_t *lax)
{
    struct pair *pairs;
    size_t np = 0, cap = 0;

    *strict = *lax = 0;
    for (size_t g = 0; g < ng; g++)
        cap += gold[g].src_n * gold[g].tgt_n;
    pairs = malloc((cap ? cap : 1) * sizeof(*pairs));
    if (!pairs)
        return POLYALIGN_ENOMEM;
    for (size_t g = 0; g < ng; g++)
        for (size_t a = 0; a < gold[g].src_n; a++)
            for (size_t b = 0; b < gold[g].tgt_n; b++) {
                pairs[np].s = gold[g].src[a];
                pairs[np].t = gold[g].tgt[b];
                np++;
            }
    if (np > 1)
        qsort(pairs, np, sizeof(*pairs), cmp_pair);
    for (size_t i = 0; i < nt; i++) {
        int hit = 0;

        if (bsearch(&test[i], gold, ng, sizeof(*gold), cmp_view)) {
            (*strict)++;
            (*lax)++;
            continue;
        }
        for (size_t a = 0; a < test[i].src_n && !hit; a++)
            for (size_t b = 0; b < test[i].tgt_n && !hit; b++) {
                struct pair key = {test[i].src[a], test[i].tgt[b]};

                hit = bsearch(&key, pairs, np, sizeof(*pairs),
                              cmp_pair) != NULL;
            }
        if (hit)
            (*lax)++;
    }
    free(pairs);
    return 0;
}

int polyalign_eval_add(struct polyalign_eval_counts *acc,
                       const struct polyalign_beadset *gold,
                       const struct polyalign_beadset *sys)
{
    struct view *g = NULL, *s = NULL;
    size_t ng, ns, strict, lax;
    int error;

    /* Precision: every system bead not empty on both sides. */
    if ((error = views(gold, 0, &g, &ng)) < 0 ||
        (error = views(sys, 0, &s, &ns)) < 0 ||
        (error = precision(g, ng, s, ns, &strict, &lax)) < 0)
        goto cleanup;
    acc->system += ns;
    acc->p_strict_hits += strict;
    acc->p_lax_hits += lax;
    free(g);
    free(s);
    g = s = NULL;
    /* Recall: the same with roles swapped, beads with an empty side
     * removed from both. */
    if ((error = views(gold, 1, &g, &ng)) < 0 ||
        (error = views(sys, 1, &s, &ns)) < 0 ||
        (error = precision(s, ns, g, ng, &strict, &lax)) < 0)
        goto cleanup;
    acc->gold += ng;
    acc->r_strict_hits += strict;
    acc->r_lax_hits += lax;
cleanup:
    free(g);
    free(s);
    return error;
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void polyalign_eval_scores(const struct polyalign_eval_counts *c,
                           struct polyalign_eval_scores *out)
{
    out->strict_p = ratio(c->p_strict_hits, c->system);
    out->strict_r = ratio(c->r_strict_hits, c->gold);
    out->strict_f1 = f1(out->strict_p, out->strict_r);
    out->lax_p = ratio(c->p_lax_hits, c->system);
    out->lax_r = ratio(c->r_lax_hits, c->gold);
    out->lax_f1 = f1(out->lax_p, out->lax_r);
}
