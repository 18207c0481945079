/* N-way alignment: pairwise alignments to a pivot composed into units, and
 * triangulation against the direct pairs (see multi.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "context.h"
#include "polyalign/multi.h"

struct polyalign_multi {
    size_t n;      /* documents */
    size_t pivot;  /* pivot document */
    size_t *sizes; /* sentences per document */
    size_t units;
    size_t *start; /* units * n */
    size_t *count; /* units * n */
    size_t *present;
    double *confidence;
    int *consistent;
    unsigned char *kept; /* per unit: a pair's bead kept apart */
    long **sent_unit;    /* per document, per sentence: unit or -1 */
};

void polyalign_multi_free(struct polyalign_multi *m)
{
    if (!m)
        return;
    if (m->sent_unit)
        for (size_t i = 0; i < m->n; i++)
            free(m->sent_unit[i]);
    free(m->sent_unit);
    free(m->sizes);
    free(m->start);
    free(m->count);
    free(m->present);
    free(m->confidence);
    free(m->consistent);
    free(m->kept);
    free(m);
}

/* Check that @nb beads cover [0, n) x [0, m) in order, contiguously. */
static int check_cover(struct polyalign_context *ctx,
                       const struct polyalign_bead *b, size_t nb, size_t n,
                       size_t m, size_t si, size_t ti)
{
    size_t s = 0, t = 0;

    if (nb && !b)
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "alignment of documents "
                         "%zu and %zu: no beads",
                         si + 1, ti + 1);
    for (size_t k = 0; k < nb; k++) {
        if (b[k].src_start != s || b[k].tgt_start != t ||
            (b[k].src_count == 0 && b[k].tgt_count == 0))
            return ctx_error(ctx, POLYALIGN_EINVAL,
                             "alignment of documents "
                             "%zu and %zu: bead %zu is not contiguous with "
                             "the previous one",
                             si + 1, ti + 1, k);
        s += b[k].src_count;
        t += b[k].tgt_count;
    }
    if (s != n || t != m)
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "alignment of documents %zu "
                         "and %zu covers %zu and %zu sentences, not %zu and "
                         "%zu",
                         si + 1, ti + 1, s, t, n, m);
    return 0;
}

/* For each sentence of one side of a direct alignment, the bead holding it
 * when that bead has both sides, else -1. */
static long *bead_of(const struct polyalign_bead *b, size_t nb, size_t len,
                     int target)
{
    long *r = malloc((len ? len : 1) * sizeof(*r));

    if (!r)
        return NULL;
    for (size_t k = 0; k < len; k++)
        r[k] = -1;
    for (size_t k = 0; k < nb; k++) {
        size_t s = target ? b[k].tgt_start : b[k].src_start;
        size_t c = target ? b[k].tgt_count : b[k].src_count;

        if (b[k].src_count && b[k].tgt_count)
            for (size_t x = s; x < s + c && x < len; x++)
                r[x] = (long)k;
    }
    return r;
}

/* Does the direct alignment i -> j agree with the spans [si, si + ci) and
 * [sj, sj + cj) of one unit?  1 yes, 0 no, -1 no evidence either way. */
static int agrees(const struct polyalign_bead *b, const long *bi,
                  const long *bj, size_t si, size_t ci, size_t sj, size_t cj)
{
    int linked = 0;

    for (size_t a = si; a < si + ci; a++) {
        const struct polyalign_bead *d;

        if (bi[a] < 0)
            continue;
        d = &b[bi[a]];
        if (d->tgt_start < sj || d->tgt_start + d->tgt_count > sj + cj)
            return 0;
        linked = 1;
    }
    for (size_t x = sj; x < sj + cj; x++) {
        const struct polyalign_bead *d;

        if (bj[x] < 0)
            continue;
        d = &b[bj[x]];
        if (d->src_start < si || d->src_start + d->src_count > si + ci)
            return 0;
        linked = 1;
    }
    if (ci && cj)
        return linked;
    return linked ? 0 : -1;
}

/* Triangulate the units against the direct alignment i -> j. */
static int triangulate(struct polyalign_multi *m, size_t i, size_t j,
                       const struct polyalign_bead *b, size_t nb,
                       unsigned char *checked, unsigned char *failed)
{
    long *bi = bead_of(b, nb, m->sizes[i], 0);
    long *bj = bead_of(b, nb, m->sizes[j], 1);
    int error = 0;

    if (!bi || !bj) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t u = 0; u < m->units; u++) {
        const size_t *st = m->start + u * m->n, *ct = m->count + u * m->n;
        int r;

        if (m->kept[u] || (!ct[i] && !ct[j]))
            continue;
        r = agrees(b, bi, bj, st[i], ct[i], st[j], ct[j]);
        if (r < 0)
            continue;
        checked[u] = 1;
        if (!r)
            failed[u] = 1;
    }
cleanup:
    free(bi);
    free(bj);
    return error;
}

/* One two-document unit per bead with both sides of every pair in group
 * @g (pivot sentences [p0, p1)), in pivot order. */
static void split_group(struct polyalign_multi *m,
                        const struct polyalign_bead *const *pb,
                        const long *bead_at, size_t p0, size_t p1)
{
    size_t n = m->n, np = m->sizes[m->pivot];

    for (size_t p = p0; p < p1; p++)
        for (size_t i = 0; i < n; i++) {
            const struct polyalign_bead *b = NULL;
            size_t u = m->units;

            if (i == m->pivot)
                continue;
            /* The bead of pair i starting at pivot sentence p. */
            if (bead_at[i * np + p] >= 0)
                b = &pb[i][bead_at[i * np + p]];
            if (!b || !b->tgt_count)
                continue;
            for (size_t j = 0; j < n; j++)
                m->start[u * n + j] = m->count[u * n + j] = 0;
            m->start[u * n + m->pivot] = b->src_start;
            m->count[u * n + m->pivot] = b->src_count;
            m->start[u * n + i] = b->tgt_start;
            m->count[u * n + i] = b->tgt_count;
            m->present[u] = 2;
            m->confidence[u] = b->confidence;
            m->consistent[u] = -1;
            m->kept[u] = 1;
            m->units++;
        }
}

/* Group the pivot's sentences and make the units. */
static int make_units(struct polyalign_multi *m,
                      const struct polyalign_bead *const *pb, const size_t *pnb,
                      int keep_pairs)
{
    size_t n = m->n, np = m->sizes[m->pivot], groups = 0;
    size_t *shared = calloc(np + 1, sizeof(*shared));
    size_t *group = malloc((np ? np : 1) * sizeof(*group));
    size_t *lo = NULL, *hi = NULL, *beads = NULL, cap;
    long *bead_at = malloc((n * np > 0 ? n * np : 1) * sizeof(*bead_at));
    double *conf = NULL;
    int error = 0;

    if (!shared || !group || !bead_at) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < n * np; k++)
        bead_at[k] = -1;
    /* A pivot position is a group boundary when every pair has a bead
     * boundary there: then no bead of any pair crosses a group. */
    for (size_t i = 0; i < n; i++) {
        if (i == m->pivot)
            continue;
        for (size_t k = 0; k < pnb[i]; k++)
            if (pb[i][k].src_count) {
                shared[pb[i][k].src_start]++;
                bead_at[i * np + pb[i][k].src_start] = (long)k;
            }
    }
    for (size_t p = 0; p < np; p++) {
        if (p && shared[p] == n - 1)
            groups++;
        group[p] = groups;
    }
    if (np)
        groups++;
    lo = malloc((groups ? groups : 1) * n * sizeof(*lo));
    hi = calloc((groups ? groups : 1) * n, sizeof(*hi));
    conf = malloc((groups ? groups : 1) * sizeof(*conf));
    beads = calloc((groups ? groups : 1) * n, sizeof(*beads));
    if (!lo || !hi || !conf || !beads) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t g = 0; g < groups * n; g++)
        lo[g] = (size_t)-1;
    for (size_t g = 0; g < groups; g++)
        conf[g] = 1;
    for (size_t p = 0; p < np; p++) {
        size_t g = group[p];

        if (lo[g * n + m->pivot] == (size_t)-1)
            lo[g * n + m->pivot] = p;
        hi[g * n + m->pivot] = p + 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (i == m->pivot)
            continue;
        for (size_t k = 0; k < pnb[i]; k++) {
            const struct polyalign_bead *b = &pb[i][k];
            size_t g;

            if (!b->src_count)
                continue;
            g = group[b->src_start];
            beads[g * n + i]++;
            if (!b->tgt_count)
                continue;
            if (lo[g * n + i] == (size_t)-1)
                lo[g * n + i] = b->tgt_start;
            hi[g * n + i] = b->tgt_start + b->tgt_count;
            if (b->confidence < conf[g])
                conf[g] = b->confidence;
        }
    }
    /* Units: the groups with a partner; with keep_pairs, a group where
     * some pair has several beads gives one unit per bead with both sides
     * instead (at most one per pivot sentence and pair). */
    cap = groups + (keep_pairs ? (n - 1) * np : 0);
    m->start = malloc((cap ? cap : 1) * n * sizeof(*m->start));
    m->count = malloc((cap ? cap : 1) * n * sizeof(*m->count));
    m->present = malloc((cap ? cap : 1) * sizeof(*m->present));
    m->confidence = malloc((cap ? cap : 1) * sizeof(*m->confidence));
    m->consistent = malloc((cap ? cap : 1) * sizeof(*m->consistent));
    m->kept = malloc(cap ? cap : 1);
    if (!m->start || !m->count || !m->present || !m->confidence ||
        !m->consistent || !m->kept) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t g = 0; g < groups; g++) {
        size_t u = m->units, present = 0;
        int split = 0;

        for (size_t i = 0; keep_pairs && i < n; i++)
            split |= i != m->pivot && beads[g * n + i] > 1;
        if (split) {
            split_group(m, pb, bead_at, lo[g * n + m->pivot],
                        hi[g * n + m->pivot]);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            int has = lo[g * n + i] != (size_t)-1;

            m->start[u * n + i] = has ? lo[g * n + i] : 0;
            m->count[u * n + i] = has ? hi[g * n + i] - lo[g * n + i] : 0;
            present += has;
        }
        if (present < 2)
            continue;
        m->present[u] = present;
        m->confidence[u] = conf[g];
        m->consistent[u] = -1;
        m->kept[u] = 0;
        m->units++;
    }
cleanup:
    free(shared);
    free(group);
    free(beads);
    free(bead_at);
    free(lo);
    free(hi);
    free(conf);
    return error;
}

/* The bead of pivot pair @i whose pivot side starts at @p with at least
 * one sentence on each side, or NULL (beads are in pivot order). */
static const struct polyalign_bead *pivot_bead_at(
    const struct polyalign_bead *b, size_t nb, size_t p)
{
    size_t lo = 0, hi = nb;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b[mid].src_start < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < nb && b[lo].src_start == p; lo++)
        if (b[lo].src_count && b[lo].tgt_count)
            return &b[lo];
    return NULL;
}

/* Append a two-document unit to the arrays of @t. */
static void add_pair_unit(struct polyalign_multi *t, size_t i, size_t si,
                          size_t ci, size_t j, size_t sj, size_t cj,
                          double confidence)
{
    size_t u = t->units++, n = t->n;

    for (size_t k = 0; k < n; k++)
        t->start[u * n + k] = t->count[u * n + k] = 0;
    t->start[u * n + i] = si;
    t->count[u * n + i] = ci;
    t->start[u * n + j] = sj;
    t->count[u * n + j] = cj;
    t->present[u] = 2;
    t->confidence[u] = confidence;
    t->consistent[u] = -1;
    t->kept[u] = 1;
}

/* Does unit @u say exactly what the direct alignment of pair (i, j) says
 * about its sentences: one direct bead with the unit's two spans, or, when
 * one span is empty, no direct partner for the other?  (@bi, @bj: the
 * direct bead of each sentence, bead_of().) */
static int same_as_direct(const struct polyalign_multi *m, size_t u, size_t i,
                          size_t j, const struct polyalign_bead *d,
                          const long *bi, const long *bj)
{
    size_t n = m->n, si = m->start[u * n + i], ci = m->count[u * n + i];
    size_t sj = m->start[u * n + j], cj = m->count[u * n + j];
    long k = ci ? bi[si] : cj ? bj[sj] : -1;

    if (!ci || !cj) {
        for (size_t a = si; a < si + ci; a++)
            if (bi[a] >= 0)
                return 0;
        for (size_t x = sj; x < sj + cj; x++)
            if (bj[x] >= 0)
                return 0;
        return 1;
    }
    return k >= 0 && d[k].src_start == si && d[k].src_count == ci &&
           d[k].tgt_start == sj && d[k].tgt_count == cj;
}

/* Does direct bead @b of pair (i, j) touch a sentence of an inconsistent
 * unit (@held: per document, per sentence)? */
static int held_by_pivot(const struct polyalign_bead *b, size_t i, size_t j,
                         unsigned char *const *held)
{
    for (size_t a = b->src_start; a < b->src_start + b->src_count; a++)
        if (held[i][a])
            return 1;
    for (size_t x = b->tgt_start; x < b->tgt_start + b->tgt_count; x++)
        if (held[j][x])
            return 1;
    return 0;
}

/* Append the direct beads of every non-pivot pair that touch the spans of
 * unit @u of @m, are not placed yet and touch no inconsistent unit. */
static void add_touching(struct polyalign_multi *t,
                         const struct polyalign_multi *m, size_t u,
                         const struct polyalign_bead *const *db,
                         const size_t *dnb, unsigned char **done,
                         unsigned char *const *held)
{
    size_t n = m->n;
    const size_t *st = m->start + u * n, *ct = m->count + u * n;

    for (size_t k = 0; k < n * n; k++) {
        size_t i = k / n, j = k % n;

        if (!db[k] || !done[k] || (!ct[i] && !ct[j]))
            continue;
        for (size_t d = 0; d < dnb[k]; d++) {
            const struct polyalign_bead *b = &db[k][d];
            int touch_i = b->src_start < st[i] + ct[i] &&
                          st[i] < b->src_start + b->src_count;
            int touch_j = b->tgt_start < st[j] + ct[j] &&
                          st[j] < b->tgt_start + b->tgt_count;

            if (done[k][d] || !b->src_count || !b->tgt_count ||
                !(touch_i || touch_j) || held_by_pivot(b, i, j, held))
                continue;
            done[k][d] = 1;
            add_pair_unit(t, i, b->src_start, b->src_count, j, b->tgt_start,
                          b->tgt_count, b->confidence);
        }
    }
}

/* With keep_pairs, each pair of documents reads its own alignment from
 * the units, except where a direct pair contradicts the pivot path.  A
 * unit is kept whole when each direct (non-pivot) pair aligned its
 * sentences exactly as the composition through the pivot does, or when a
 * direct pair contradicts it (@failed, from the triangulation: it stays
 * marked inconsistent, and the direct beads touching it are left out; on
 * NTREX the pivot path is right far more often than the direct pair
 * there, see bench/multi-ntrex.sh).  Otherwise (the direct pair aligns
 * finer) it becomes the beads of its pivot pairs and the direct beads that
 * touch it, as two-document units.  Direct beads touching no unit come
 * last.  Units keep the pivot's order. */
static int place_direct(struct polyalign_multi *m,
                        const struct polyalign_bead *const *pb,
                        const size_t *pnb,
                        const struct polyalign_bead *const *db,
                        const size_t *dnb, const unsigned char *failed)
{
    size_t n = m->n, cap = m->units;
    struct polyalign_multi t = {.n = n};
    unsigned char **done = calloc(n * n, sizeof(*done));
    unsigned char **held = calloc(n, sizeof(*held));
    long **bi = calloc(n * n, sizeof(*bi)), **bj = calloc(n * n, sizeof(*bj));
    int error = 0;

    if (!done || !bi || !bj || !held) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        if (!(held[i] = calloc(m->sizes[i] ? m->sizes[i] : 1, 1))) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
    for (size_t u = 0; u < m->units; u++)
        for (size_t i = 0; failed[u] && i < n; i++)
            memset(held[i] + m->start[u * n + i], 1, m->count[u * n + i]);
    for (size_t k = 0; k < n * n; k++) {
        if (!db[k])
            continue;
        cap += dnb[k];
        done[k] = calloc(dnb[k] ? dnb[k] : 1, 1);
        bi[k] = bead_of(db[k], dnb[k], m->sizes[k / n], 0);
        bj[k] = bead_of(db[k], dnb[k], m->sizes[k % n], 1);
        if (!done[k] || !bi[k] || !bj[k]) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
    }
    cap += m->units * n;
    t.start = malloc(cap * n * sizeof(*t.start));
    t.count = malloc(cap * n * sizeof(*t.count));
    t.present = malloc(cap * sizeof(*t.present));
    t.confidence = malloc(cap * sizeof(*t.confidence));
    t.consistent = malloc(cap * sizeof(*t.consistent));
    t.kept = malloc(cap);
    if (!t.start || !t.count || !t.present || !t.confidence ||
        !t.consistent || !t.kept) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t u = 0; u < m->units; u++) {
        const size_t *st = m->start + u * n, *ct = m->count + u * n;
        int whole = 1;

        for (size_t k = 0; whole && !m->kept[u] && !failed[u] && k < n * n;
             k++)
            whole = !db[k] ||
                    same_as_direct(m, u, k / n, k % n, db[k], bi[k], bj[k]);
        if (whole) {
            size_t v = t.units++;

            memcpy(t.start + v * n, st, n * sizeof(*st));
            memcpy(t.count + v * n, ct, n * sizeof(*ct));
            t.present[v] = m->present[u];
            t.confidence[v] = m->confidence[u];
            t.consistent[v] = m->consistent[u];
            t.kept[v] = m->kept[u];
            /* The direct beads it stands for are placed. */
            for (size_t k = 0; !m->kept[u] && !failed[u] && k < n * n; k++) {
                long d;
                if (!db[k] || !ct[k / n] || !ct[k % n])
                    continue;
                d = bi[k][st[k / n]];
                done[k][d] = 1;
            }
            if (m->kept[u])
                add_touching(&t, m, u, db, dnb, done, held);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            const struct polyalign_bead *b;
            if (i == m->pivot || !ct[i] || !ct[m->pivot])
                continue;
            b = pivot_bead_at(pb[i], pnb[i], st[m->pivot]);
            add_pair_unit(&t, m->pivot, st[m->pivot], ct[m->pivot], i, st[i],
                          ct[i], b ? b->confidence : m->confidence[u]);
        }
        add_touching(&t, m, u, db, dnb, done, held);
    }
    for (size_t k = 0; k < n * n; k++)
        for (size_t d = 0; db[k] && d < dnb[k]; d++)
            if (!done[k][d] && db[k][d].src_count && db[k][d].tgt_count &&
                !held_by_pivot(&db[k][d], k / n, k % n, held))
                add_pair_unit(&t, k / n, db[k][d].src_start,
                              db[k][d].src_count, k % n, db[k][d].tgt_start,
                              db[k][d].tgt_count, db[k][d].confidence);
    free(m->start);
    free(m->count);
    free(m->present);
    free(m->confidence);
    free(m->consistent);
    free(m->kept);
    m->start = t.start;
    m->count = t.count;
    m->present = t.present;
    m->confidence = t.confidence;
    m->consistent = t.consistent;
    m->kept = t.kept;
    m->units = t.units;
    t.start = t.count = t.present = NULL;
    t.confidence = NULL;
    t.consistent = NULL;
    t.kept = NULL;
cleanup:
    for (size_t i = 0; held && i < n; i++)
        free(held[i]);
    free(held);
    for (size_t k = 0; k < n * n; k++) {
        if (done)
            free(done[k]);
        if (bi)
            free(bi[k]);
        if (bj)
            free(bj[k]);
    }
    free(done);
    free(bi);
    free(bj);
    free(t.start);
    free(t.count);
    free(t.present);
    free(t.confidence);
    free(t.consistent);
    free(t.kept);
    return error;
}

static int index_sentences(struct polyalign_multi *m)
{
    m->sent_unit = calloc(m->n, sizeof(*m->sent_unit));
    if (!m->sent_unit)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        m->sent_unit[i] =
            malloc((m->sizes[i] ? m->sizes[i] : 1) * sizeof(**m->sent_unit));
        if (!m->sent_unit[i])
            return POLYALIGN_ENOMEM;
        for (size_t s = 0; s < m->sizes[i]; s++)
            m->sent_unit[i][s] = -1;
    }
    for (size_t u = 0; u < m->units; u++)
        for (size_t i = 0; i < m->n; i++)
            for (size_t s = 0; s < m->count[u * m->n + i]; s++)
                if (m->sent_unit[i][m->start[u * m->n + i] + s] < 0)
                    m->sent_unit[i][m->start[u * m->n + i] + s] = (long)u;
    return 0;
}

int polyalign_multi_compose(struct polyalign_multi **out,
                            struct polyalign_context *ctx, size_t n,
                            const size_t *sizes,
                            const struct polyalign_bead *const *pivot_beads,
                            const size_t *pivot_nbeads,
                            const struct polyalign_bead *const *direct_beads,
                            const size_t *direct_nbeads,
                            const struct polyalign_multi_options *opts)
{
    struct polyalign_multi_options o = {0};
    struct polyalign_multi *m = NULL;
    unsigned char *checked = NULL, *failed = NULL;
    int error;

    if (!out)
        return POLYALIGN_EINVAL;
    *out = NULL;
    if (opts)
        o = *opts;
    if (o.inconsistent_factor <= 0 || o.inconsistent_factor > 1)
        o.inconsistent_factor = 0.5;
    if (n < 2 || !sizes || !pivot_beads || !pivot_nbeads)
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "N-way alignment: give at "
                         "least two documents and their alignments");
    if (o.pivot >= n)
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "N-way alignment: pivot %zu "
                         "out of range (%zu documents)",
                         o.pivot + 1, n);
    for (size_t i = 0; i < n; i++) {
        if (i == o.pivot)
            continue;
        error = check_cover(ctx, pivot_beads[i], pivot_nbeads[i],
                            sizes[o.pivot], sizes[i], o.pivot, i);
        if (error < 0)
            return error;
    }
    if (direct_beads && direct_nbeads)
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                size_t k = i * n + j;

                if (i == o.pivot || j == o.pivot || !direct_beads[k])
                    continue;
                error = check_cover(ctx, direct_beads[k], direct_nbeads[k],
                                    sizes[i], sizes[j], i, j);
                if (error < 0)
                    return error;
            }
    if (!(m = calloc(1, sizeof(*m))) ||
        !(m->sizes = malloc(n * sizeof(*m->sizes)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    m->n = n;
    m->pivot = o.pivot;
    memcpy(m->sizes, sizes, n * sizeof(*sizes));
    if ((error = make_units(m, pivot_beads, pivot_nbeads,
                            !!(o.flags & POLYALIGN_MULTI_KEEP_PAIRS))) < 0)
        goto cleanup;
    checked = calloc(m->units ? m->units : 1, 1);
    failed = calloc(m->units ? m->units : 1, 1);
    if (!checked || !failed) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    if (direct_beads && direct_nbeads)
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                size_t k = i * n + j;

                if (i == o.pivot || j == o.pivot || !direct_beads[k])
                    continue;
                error = triangulate(m, i, j, direct_beads[k], direct_nbeads[k],
                                    checked, failed);
                if (error < 0)
                    goto cleanup;
            }
    for (size_t u = 0; u < m->units; u++) {
        if (!checked[u])
            continue;
        m->consistent[u] = !failed[u];
        if (failed[u])
            m->confidence[u] *= o.inconsistent_factor;
    }
    if ((o.flags & POLYALIGN_MULTI_KEEP_PAIRS) && direct_beads &&
        direct_nbeads &&
        (error = place_direct(m, pivot_beads, pivot_nbeads, direct_beads,
                              direct_nbeads, failed)) < 0)
        goto cleanup;
    if ((error = index_sentences(m)) < 0)
        goto cleanup;
    *out = m;
    m = NULL;
cleanup:
    free(checked);
    free(failed);
    polyalign_multi_free(m);
    return error;
}

/* Align one pair, with the lexical evidence when asked for. */
static int align_pair(struct polyalign_alignment **out,
                      struct polyalign_context *ctx,
                      const struct polyalign_doc *a,
                      const struct polyalign_doc *b,
                      const struct polyalign_align_options *ao,
                      const struct polyalign_evidence_options *eo,
                      int two_pass)
{
    struct polyalign_align_options o = *ao;
    struct polyalign_evidence *ev = NULL;
    size_t n = polyalign_doc_sentence_count(a);
    size_t m = polyalign_doc_sentence_count(b);
    size_t *anchors = NULL, n_anchors = 0;
    const char **st = NULL;
    size_t *sl = NULL;
    int error = 0, werr;

    *out = NULL;
    if (eo) {
        st = calloc(n + m + 1, sizeof(*st));
        sl = calloc(n + m + 1, sizeof(*sl));
        if (!st || !sl) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
        for (size_t k = 0; k < n + m; k++) {
            struct polyalign_sentence s;

            if ((error = polyalign_doc_sentence(k < n ? a : b,
                                                k < n ? k : k - n, &s)) < 0)
                goto cleanup;
            st[k] = s.text;
            sl[k] = s.len;
        }
        /* Built in the background while the aligner's first pass (on
         * lengths only, for long documents) runs, as `align` does for
         * two documents; the sentences live in the documents. */
        error = polyalign_evidence_start(&ev, ctx, polyalign_doc_lang(a), st,
                                         sl, n, polyalign_doc_lang(b), st + n,
                                         sl + n, m, eo);
        if (error < 0)
            goto cleanup;
        o.scorer = polyalign_evidence_score;
        o.scorer_data = ev;
        o.scorer_min = polyalign_evidence_score_min(ev);
        o.flags |= POLYALIGN_ALIGN_SCORER_BOUNDED |
                   POLYALIGN_ALIGN_SCORER_CONCURRENT;
        if (two_pass) {
            if ((error = polyalign_evidence_anchors(ev, &anchors,
                                                    &n_anchors)) < 0)
                goto cleanup;
            o.anchors = anchors;
            o.n_anchors = n_anchors;
        }
    }
    error = polyalign_align_docs(out, ctx, a, b, &o);
    /* A failed build scored nothing: its error, not that alignment. */
    if (ev && (werr = polyalign_evidence_wait(ev)) < 0 && error >= 0) {
        polyalign_alignment_free(*out);
        *out = NULL;
        error = werr;
    }
cleanup:
    polyalign_evidence_free(ev);
    free(anchors);
    free(st);
    free(sl);
    return error;
}

int polyalign_multi_align_docs(struct polyalign_multi **out,
                               struct polyalign_context *ctx,
                               const struct polyalign_doc *const *docs,
                               size_t n,
                               const struct polyalign_multi_options *opts)
{
    struct polyalign_align_options ao = {0};
    struct polyalign_alignment **al = NULL;
    const struct polyalign_bead **pb = NULL, **db = NULL;
    size_t *pnb = NULL, *dnb = NULL, *sizes = NULL, pivot;
    int error = 0, tri, two_pass;

    if (!out)
        return POLYALIGN_EINVAL;
    *out = NULL;
    pivot = opts ? opts->pivot : 0;
    tri = !(opts && (opts->flags & POLYALIGN_MULTI_NO_TRIANGULATE));
    two_pass = opts && (opts->flags & POLYALIGN_MULTI_TWO_PASS);
    if (n < 2 || !docs || pivot >= n)
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "N-way alignment: give at "
                         "least two documents and a pivot among them");
    if (opts && opts->align)
        ao = *opts->align;
    ao.src_lang = ao.tgt_lang = NULL;
    al = calloc(n * n, sizeof(*al));
    pb = calloc(n, sizeof(*pb));
    db = calloc(n * n, sizeof(*db));
    pnb = calloc(n, sizeof(*pnb));
    dnb = calloc(n * n, sizeof(*dnb));
    sizes = calloc(n, sizeof(*sizes));
    if (!al || !pb || !db || !pnb || !dnb || !sizes) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        sizes[i] = polyalign_doc_sentence_count(docs[i]);
    for (size_t i = 0; i < n; i++) {
        struct polyalign_alignment **a = &al[pivot * n + i];

        if (i == pivot)
            continue;
        error = align_pair(a, ctx, docs[pivot], docs[i], &ao,
                           opts ? opts->evidence : NULL, two_pass);
        if (error < 0)
            goto cleanup;
        pb[i] = (*a)->beads;
        pnb[i] = (*a)->count;
    }
    for (size_t i = 0; tri && i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            struct polyalign_alignment **a = &al[i * n + j];

            if (i == pivot || j == pivot)
                continue;
            error = align_pair(a, ctx, docs[i], docs[j], &ao,
                               opts ? opts->evidence : NULL, two_pass);
            if (error < 0)
                goto cleanup;
            db[i * n + j] = (*a)->beads;
            dnb[i * n + j] = (*a)->count;
        }
    error = polyalign_multi_compose(out, ctx, n, sizes, pb, pnb,
                                    tri ? db : NULL, tri ? dnb : NULL, opts);
cleanup:
    if (al)
        for (size_t k = 0; k < n * n; k++)
            polyalign_alignment_free(al[k]);
    free(al);
    free(pb);
    free(db);
    free(pnb);
    free(dnb);
    free(sizes);
    return error;
}

size_t polyalign_multi_doc_count(const struct polyalign_multi *m)
{
    return m ? m->n : 0;
}

size_t polyalign_multi_unit_count(const struct polyalign_multi *m)
{
    return m ? m->units : 0;
}

int polyalign_multi_unit(const struct polyalign_multi *m, size_t u,
                         struct polyalign_multi_unit *out)
{
    if (!m || !out || u >= m->units)
        return POLYALIGN_EINVAL;
    out->start = m->start + u * m->n;
    out->count = m->count + u * m->n;
    out->present = m->present[u];
    out->confidence = m->confidence[u];
    out->consistent = m->consistent[u];
    out->kept_pair = m->kept[u];
    return 0;
}

long polyalign_multi_sentence_unit(const struct polyalign_multi *m, size_t doc,
                                   size_t s)
{
    if (!m || doc >= m->n || s >= m->sizes[doc])
        return -1;
    return m->sent_unit[doc][s];
}

void polyalign_multi_unit_type(const struct polyalign_multi *m,
                               const struct polyalign_multi_unit *unit,
                               char *buf, size_t size)
{
    size_t len = 0;

    if (!size)
        return;
    buf[0] = '\0';
    for (size_t i = 0; m && unit && i < m->n && len < size; i++) {
        int w =
            snprintf(buf + len, size - len, i ? "-%zu" : "%zu", unit->count[i]);

        if (w < 0)
            break;
        len += (size_t)w;
    }
}
