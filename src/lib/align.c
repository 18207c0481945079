/* Sentence alignment: the Gale & Church (1993) length model (see
 * lengthmodel.c) searched by dynamic programming over the lattice of
 * (source prefix, target prefix) cells, restricted to a band.
 *
 * The band is the set of cells within w columns (target sentences) of a
 * centre path in each row.  The first centre is the diagonal, or, for long
 * documents, the path found on a coarse copy of the documents in which
 * every B sentences are one block (coarse-to-fine, recursively, as in
 * vecalign: Thompson & Koehn 2019).  When the best path comes within w/4
 * of the band's edge, the band is re-centred on that path, w doubled, and
 * the search run again.  Cells per row stay about 2w + 1, so memory and
 * time grow with n + m, not n m.
 *
 * Confidences are posterior probabilities of the beads of the best path
 * under the same model, by the forward-backward algorithm over the band
 * (the costs are negative log probabilities, so exp(-cost) sums over
 * paths).  A first pass (Viterbi only) gives the path around which the
 * final pass searches a narrow band, and the 1-1 beads (inside runs of 1-1
 * beads) from which c is re-estimated, unless fixed. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "align.h"
#include "context.h"
#include "lengthmodel.h"

/* Below this many sentences on a side, no coarse pass. */
#define COARSE_MIN 1500
/* Sentences per block of the coarse pass. */
#define COARSE_BLOCK 10
/* Terms below e^-PRUNE of the largest are left out of forward-backward
 * sums. */
#define PRUNE 40.0
/* Bead costs the forward pass keeps for the backward pass, at most (64
 * MB of doubles). */
#define COST_CACHE_MAX ((size_t)8 * 1000 * 1000)
/* Initial half-width around the diagonal. */
#define BAND_DIAGONAL 24
/* Half-width of the final pass around the first pass's path (which
 * widens where the path nears the band's edge), and around the straight
 * path guessed between two anchors of the two-pass mode.  4 instead of 8
 * around a first pass's path halved the final pass's time on the 10k
 * scale test (0.19 s to 0.10 s after the evidence is built) and changed
 * no figure: Text+Berg dev and test, UN fr-ru and fr-ar with 10% deleted,
 * NTREX lexical plain and 10% deleted for the three pairs, the 10k scale
 * pair (bench/lexical.sh, MODE=lexical bench/align-ntrex.sh); at 100k,
 * where a path nears the edge somewhere, only in pieces of 5,000
 * sentences (SPLIT_PIECE): the widening re-ran a whole half (7.7 to 8.0 s
 * against 6.4 to 7.0 s).  A guess keeps 8: with 6, anchors 50 sentences
 * apart no longer repair a block of 20 deleted sentences (test_two_pass:
 * 1568 right beads of 1578). */
#define BAND_FINAL 4
#define BAND_GUESS 8

/* A lattice: the sentence lengths of a sub-problem as prefix sums (A[i] -
 * A[k] is the length of sentences k..i-1), the model, and where the
 * sub-problem starts in the whole documents (for the scorer). */
struct lattice {
    const double *A;
    const double *B;
    size_t n, m;
    size_t src0, tgt0;
    const struct lengthmodel *lm;
    polyalign_bead_scorer scorer;
    void *scorer_data;
    /* A lower bound of the scorer's values (-HUGE_VAL: none known). */
    double scorer_min;
};

/* A monotone path of lattice points from (0, 0) to (n, m); bead k goes
 * from point k to point k + 1 and has type type[k]. */
struct path {
    size_t *i, *j;
    unsigned char *type;
    double *post; /* posterior per bead, or NULL */
    double *cost; /* cost per bead */
    size_t len;   /* points */
    size_t cap;
};

struct band {
    size_t n, m;
    size_t *lo, *hi; /* columns of row i: lo[i]..hi[i] */
    size_t *off;     /* cell index of (i, lo[i]); off[n + 1] = cells */
};

struct stats {
    size_t widenings; /* in this pass */
    int capped;       /* widening stopped by ALIGN_MAX_CELLS */
    size_t all_widenings; /* in all passes */
    size_t band;
    size_t cells;
    double total_cost;
    double log_likelihood;
};

static void path_clear(struct path *p)
{
    free(p->i);
    free(p->j);
    free(p->type);
    free(p->post);
    free(p->cost);
    memset(p, 0, sizeof(*p));
}

static int path_reserve(struct path *p, size_t len)
{
    size_t *ni, *nj;
    unsigned char *nt;
    double *np, *nc;

    if (len <= p->cap)
        return 0;
    ni = realloc(p->i, len * sizeof(*ni));
    if (ni)
        p->i = ni;
    nj = realloc(p->j, len * sizeof(*nj));
    if (nj)
        p->j = nj;
    nt = realloc(p->type, len);
    if (nt)
        p->type = nt;
    np = realloc(p->post, len * sizeof(*np));
    if (np)
        p->post = np;
    nc = realloc(p->cost, len * sizeof(*nc));
    if (nc)
        p->cost = nc;
    if (!ni || !nj || !nt || !np || !nc)
        return POLYALIGN_ENOMEM;
    p->cap = len;
    return 0;
}

static void band_clear(struct band *b)
{
    free(b->lo);
    free(b->hi);
    free(b->off);
    memset(b, 0, sizeof(*b));
}

/* Mark the rows a straight segment from (i0, j0) to (i1, j1) crosses in
 * cmin / cmax (the columns the centre occupies in each row). */
static void centre_segment(size_t *cmin, size_t *cmax, size_t i0, size_t j0,
                           size_t i1, size_t j1)
{
    if (i1 == i0) {
        if (j0 < cmin[i0])
            cmin[i0] = j0;
        if (j1 > cmax[i0])
            cmax[i0] = j1;
        return;
    }
    for (size_t i = i0; i <= i1; i++) {
        /* The staircase under the line: from x(i - 1) to x(i + 1). */
        size_t a = i > i0 ? i - 1 : i0, b = i < i1 ? i + 1 : i1;
        double xa = (double)j0 + (double)(a - i0) * (double)(j1 - j0) /
                                     (double)(i1 - i0);
        double xb = (double)j0 + (double)(b - i0) * (double)(j1 - j0) /
                                     (double)(i1 - i0);
        size_t lo = (size_t)floor(xa), hi = (size_t)ceil(xb);

        if (hi > j1)
            hi = j1;
        if (lo < cmin[i])
            cmin[i] = lo;
        if (hi > cmax[i])
            cmax[i] = hi;
    }
}

/* Build the band of half-width @w around the centre path @c (points), or
 * the diagonal when @c is NULL: row i holds the columns the centre crosses
 * in rows i - 1..i + 1, widened by w on each side.  Consecutive rows
 * overlap, so every cell of the band is reachable from (0, 0). */
static int band_build(struct band *b, size_t n, size_t m,
                      const struct path *c, size_t w)
{
    size_t *cmin = NULL, *cmax = NULL;
    int error = 0;

    memset(b, 0, sizeof(*b));
    b->n = n;
    b->m = m;
    cmin = malloc((n + 1) * sizeof(*cmin));
    cmax = malloc((n + 1) * sizeof(*cmax));
    b->lo = malloc((n + 1) * sizeof(*b->lo));
    b->hi = malloc((n + 1) * sizeof(*b->hi));
    b->off = malloc((n + 2) * sizeof(*b->off));
    if (!cmin || !cmax || !b->lo || !b->hi || !b->off) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i <= n; i++) {
        cmin[i] = SIZE_MAX;
        cmax[i] = 0;
    }
    if (c) {
        for (size_t k = 0; k + 1 < c->len; k++)
            centre_segment(cmin, cmax, c->i[k], c->j[k], c->i[k + 1],
                           c->j[k + 1]);
        if (c->len == 1)
            centre_segment(cmin, cmax, 0, 0, 0, 0);
    } else {
        centre_segment(cmin, cmax, 0, 0, n, m);
    }
    b->off[0] = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t lo = cmin[i] > w ? cmin[i] - w : 0;
        size_t hi = cmax[i] + w < m ? cmax[i] + w : m;

        b->lo[i] = lo;
        b->hi[i] = hi;
        b->off[i + 1] = b->off[i] + (hi - lo + 1);
    }
cleanup:
    free(cmin);
    free(cmax);
    if (error)
        band_clear(b);
    return error;
}

/* The cost of the bead of type @t ending at (i, j) and starting at (pi,
 * pj). */
static inline double length_cost(const struct lattice *L, int t,
                                 size_t pi, size_t pj, size_t i, size_t j)
{
    return lengthmodel_cost(L->lm, t, L->A[i] - L->A[pi],
                            L->B[j] - L->B[pj]);
}

/* The scorer's part of that cost (0 without a scorer). */
static inline double score_cost(const struct lattice *L, size_t pi,
                                size_t pj, size_t i, size_t j)
{
    return L->scorer ? L->scorer(L->scorer_data, L->src0 + pi, i - pi,
                                 L->tgt0 + pj, j - pj)
                     : 0;
}

static inline double bead_cost(const struct lattice *L, int t, size_t pi,
                               size_t pj, size_t i, size_t j)
{
    return length_cost(L, t, pi, pj, i, j) + score_cost(L, pi, pj, i, j);
}

/* The least cost a bead with length cost @lc can have: the scorer's bound
 * added (-HUGE_VAL when the scorer has none). */
static inline double cost_floor(const struct lattice *L, double lc)
{
    return L->scorer ? lc + L->scorer_min : lc;
}

/* log(sum exp(v[k])) over @k terms, -HUGE_VAL when empty. */
static inline double log_sum_exp(const double *v, int k)
{
    double mx = -HUGE_VAL, s = 0;

    for (int q = 0; q < k; q++)
        if (v[q] > mx)
            mx = v[q];
    if (mx == -HUGE_VAL)
        return mx;
    for (int q = 0; q < k; q++)
        s += exp(v[q] - mx);
    return mx + log(s);
}

/* One banded search.  Viterbi always (best path into @out); with
 * @posteriors, forward-backward too and the posterior of every bead of the
 * best path.  Returns 0, POLYALIGN_ENOMEM, or POLYALIGN_EINVAL when no
 * path has a finite cost (a scorer returned infinities or NaNs). */
static int band_search(const struct lattice *L, const struct band *b,
                       int posteriors, struct path *out, struct stats *st)
{
    size_t cells = b->off[b->n + 1], n = L->n, m = L->m, len, k;
    double *V = NULL, *alpha = NULL, *beta, *cc = NULL;
    unsigned char *bt = NULL;
    int error = 0;

    V = malloc(cells * sizeof(*V));
    bt = malloc(cells);
    if (posteriors)
        alpha = malloc(cells * sizeof(*alpha));
    if (!V || !bt || (posteriors && !alpha)) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    /* With a scorer, the backward pass takes the bead costs the forward
     * pass computed (NaN: not computed, pruned) instead of asking the
     * scorer again, within a memory budget (without it, recomputed). */
    if (posteriors && L->scorer &&
        cells <= COST_CACHE_MAX / POLYALIGN_BEAD_TYPES)
        cc = malloc(cells * POLYALIGN_BEAD_TYPES * sizeof(*cc));
    st->cells = cells;

    /* Forward: Viterbi costs and, with posteriors, log alpha. */
    for (size_t i = 0; i <= n; i++) {
        size_t lo = b->lo[i], hi = b->hi[i];

        for (size_t j = lo; j <= hi; j++) {
            size_t x = b->off[i] + (j - lo);
            double best = HUGE_VAL, terms[POLYALIGN_BEAD_TYPES];
            double amax = -HUGE_VAL;
            int bestt = 255, nt = 0;

            if (cc)
                for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
                    cc[x * POLYALIGN_BEAD_TYPES + t] = NAN;
            if (i == 0 && j == 0) {
                V[x] = 0;
                bt[x] = 255;
                if (alpha)
                    alpha[x] = 0;
                continue;
            }
            for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++) {
                size_t di = lengthmodel_shapes[t].src;
                size_t dj = lengthmodel_shapes[t].tgt;
                size_t pi, pj, px;
                double cost;

                if (di > i || dj > j)
                    continue;
                pi = i - di;
                pj = j - dj;
                if (pj < b->lo[pi] || pj > b->hi[pi])
                    continue;
                px = b->off[pi] + (pj - b->lo[pi]);
                if (V[px] == HUGE_VAL)
                    continue;
                /* The match term is >= 0: without a scorer the prior
                 * alone bounds the bead.  Skip it when it cannot beat the
                 * best predecessor and would add less than e^-PRUNE to
                 * the forward sum. */
                if (!L->scorer && V[px] + L->lm->prior_cost[t] >= best &&
                    (!alpha || alpha[px] - L->lm->prior_cost[t] <
                                   amax - PRUNE))
                    continue;
                /* With a scorer, its lower bound added to the length cost
                 * bounds the bead the same way (exact for Viterbi), and
                 * the scorer, the costly part, is not called. */
                cost = length_cost(L, t, pi, pj, i, j);
                if (L->scorer) {
                    double fl = cost_floor(L, cost);

                    if (V[px] + fl >= best &&
                        (!alpha || alpha[px] - fl < amax - PRUNE))
                        continue;
                    cost += score_cost(L, pi, pj, i, j);
                    if (cc)
                        cc[x * POLYALIGN_BEAD_TYPES + t] = cost;
                }
                if (V[px] + cost < best) {
                    best = V[px] + cost;
                    bestt = t;
                }
                if (alpha) {
                    terms[nt] = alpha[px] - cost;
                    if (terms[nt] > amax)
                        amax = terms[nt];
                    nt++;
                }
            }
            V[x] = best;
            bt[x] = (unsigned char)bestt;
            if (alpha)
                alpha[x] = log_sum_exp(terms, nt);
        }
    }

    /* Backtrack from (n, m), which every band contains and reaches through
     * 1-0 and 0-1 beads, unless a scorer made them impossible. */
    if (!isfinite(V[b->off[n] + (m - b->lo[n])])) {
        error = POLYALIGN_EINVAL;
        goto cleanup;
    }
    len = 1;
    {
        size_t i = n, j = m;

        while (i > 0 || j > 0) {
            int t = bt[b->off[i] + (j - b->lo[i])];

            i -= lengthmodel_shapes[t].src;
            j -= lengthmodel_shapes[t].tgt;
            len++;
        }
    }
    if ((error = path_reserve(out, len)) < 0)
        goto cleanup;
    out->len = len;
    {
        size_t i = n, j = m;

        k = len - 1;
        out->i[k] = i;
        out->j[k] = j;
        while (k > 0) {
            int t = bt[b->off[i] + (j - b->lo[i])];
            size_t pi = i - lengthmodel_shapes[t].src;
            size_t pj = j - lengthmodel_shapes[t].tgt;

            k--;
            out->type[k] = (unsigned char)t;
            out->cost[k] = bead_cost(L, t, pi, pj, i, j);
            out->post[k] = 1;
            i = pi;
            j = pj;
            out->i[k] = i;
            out->j[k] = j;
        }
    }
    st->total_cost = V[b->off[n] + (m - b->lo[n])];
    if (!posteriors)
        goto cleanup;

    /* Backward, reusing V for log beta. */
    beta = V;
    for (size_t i = n + 1; i-- > 0;) {
        size_t lo = b->lo[i], hi = b->hi[i];

        for (size_t j = hi + 1; j-- > lo;) {
            size_t x = b->off[i] + (j - lo);
            double terms[POLYALIGN_BEAD_TYPES], bmax = -HUGE_VAL;
            int nt = 0;

            if (i == n && j == m) {
                beta[x] = 0;
                continue;
            }
            for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++) {
                size_t ni = i + lengthmodel_shapes[t].src;
                size_t nj = j + lengthmodel_shapes[t].tgt;

                double nb, lc;

                if (ni > n || nj < b->lo[ni] || nj > b->hi[ni])
                    continue;
                nb = beta[b->off[ni] + (nj - b->lo[ni])];
                if (!L->scorer && nb - L->lm->prior_cost[t] < bmax - PRUNE)
                    continue;
                if (cc) {
                    double c = cc[(b->off[ni] + (nj - b->lo[ni])) *
                                      POLYALIGN_BEAD_TYPES + t];
                    if (!isnan(c)) {
                        terms[nt] = nb - c;
                        if (terms[nt] > bmax)
                            bmax = terms[nt];
                        nt++;
                        continue;
                    }
                }
                lc = length_cost(L, t, i, j, ni, nj);
                if (L->scorer && nb - cost_floor(L, lc) < bmax - PRUNE)
                    continue;
                terms[nt] = nb - lc - score_cost(L, i, j, ni, nj);
                if (terms[nt] > bmax)
                    bmax = terms[nt];
                nt++;
            }
            beta[x] = log_sum_exp(terms, nt);
        }
    }
    {
        double logz = alpha[b->off[n] + (m - b->lo[n])];

        st->log_likelihood = logz;
        for (k = 0; k + 1 < out->len; k++) {
            size_t i0 = out->i[k], j0 = out->j[k];
            size_t i1 = out->i[k + 1], j1 = out->j[k + 1];
            double lp = alpha[b->off[i0] + (j0 - b->lo[i0])] - out->cost[k] +
                        beta[b->off[i1] + (j1 - b->lo[i1])] - logz;
            double p = isfinite(lp) ? exp(lp) : 0;

            out->post[k] = p > 1 ? 1 : p;
        }
    }
cleanup:
    free(V);
    free(alpha);
    free(bt);
    free(cc);
    return error;
}

/* Does the path come within @margin of an edge of the band that is not the
 * edge of the lattice? */
static int path_near_edge(const struct path *p, const struct band *b,
                          size_t margin)
{
    for (size_t k = 0; k < p->len; k++) {
        size_t i = p->i[k], j = p->j[k];

        if (b->lo[i] > 0 && j - b->lo[i] < margin)
            return 1;
        if (b->hi[i] < b->m && b->hi[i] - j < margin)
            return 1;
    }
    return 0;
}

static int solve(const struct lattice *L, const struct path *centre,
                 size_t w, int posteriors, int widen, struct path *out,
                 struct stats *st);

/* The coarse pass: every COARSE_BLOCK sentences become one block; the
 * coarse prefix sums are the fine ones sampled every block. */
static int coarse_centre(const struct lattice *L, struct path *centre,
                         struct stats *st)
{
    size_t nc = (L->n + COARSE_BLOCK - 1) / COARSE_BLOCK;
    size_t mc = (L->m + COARSE_BLOCK - 1) / COARSE_BLOCK;
    double *A = NULL, *B = NULL;
    struct lattice C = *L;
    struct path cp = {0};
    struct stats cst = {0};
    int error = 0;

    A = malloc((nc + 1) * sizeof(*A));
    B = malloc((mc + 1) * sizeof(*B));
    if (!A || !B) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k <= nc; k++)
        A[k] = L->A[k * COARSE_BLOCK < L->n ? k * COARSE_BLOCK : L->n];
    for (size_t k = 0; k <= mc; k++)
        B[k] = L->B[k * COARSE_BLOCK < L->m ? k * COARSE_BLOCK : L->m];
    C.A = A;
    C.B = B;
    C.n = nc;
    C.m = mc;
    C.scorer = NULL; /* the scorer knows sentences, not blocks */
    if ((error = solve(&C, NULL, 0, 0, 1, &cp, &cst)) < 0)
        goto cleanup;
    st->widenings += cst.widenings;
    st->capped |= cst.capped;
    if ((error = path_reserve(centre, cp.len)) < 0)
        goto cleanup;
    centre->len = cp.len;
    for (size_t k = 0; k < cp.len; k++) {
        size_t i = cp.i[k] * COARSE_BLOCK, j = cp.j[k] * COARSE_BLOCK;

        centre->i[k] = i < L->n ? i : L->n;
        centre->j[k] = j < L->m ? j : L->m;
    }
cleanup:
    free(A);
    free(B);
    path_clear(&cp);
    return error;
}

/* Best path of lattice @L into @out: around @centre (NULL: the diagonal or
 * a coarse pass) with half-width @w (0: automatic), widened as needed if
 * @widen. */
static int solve(const struct lattice *L, const struct path *centre,
                 size_t w, int posteriors, int widen, struct path *out,
                 struct stats *st)
{
    struct path own = {0};
    const struct path *c = centre;
    struct band b = {0};
    size_t full = (L->n > L->m ? L->n : L->m) + 1;
    int error = 0, post = posteriors, near;

    if (!c && L->n >= COARSE_MIN && L->m >= COARSE_MIN) {
        if ((error = coarse_centre(L, &own, st)) < 0)
            goto cleanup;
        c = &own;
        if (w < 4 * COARSE_BLOCK)
            w = 4 * COARSE_BLOCK;
    }
    if (w == 0)
        w = BAND_DIAGONAL;
    for (;;) {
        if (w > full)
            w = full;
        if ((error = band_build(&b, L->n, L->m, c, w)) < 0)
            goto cleanup;
        if ((error = band_search(L, &b, post, out, st)) < 0)
            goto cleanup;
        near = widen && w < full &&
               path_near_edge(out, &b, w / 4 > 2 ? w / 4 : 2);
        /* Widen (re-centre on the path found and double the width) unless
         * that would exceed the memory budget. */
        if (near && b.off[b.n + 1] * 2 > ALIGN_MAX_CELLS) {
            st->capped = 1;
            near = 0;
        }
        if (!near) {
            /* Forward-backward once, on the final band. */
            if (posteriors && !post &&
                (error = band_search(L, &b, 1, out, st)) < 0)
                goto cleanup;
            break;
        }
        /* Until the band settles, the Viterbi path alone decides. */
        post = 0;
        band_clear(&b);
        if ((error = path_reserve(&own, out->len)) < 0)
            goto cleanup;
        memcpy(own.i, out->i, out->len * sizeof(*own.i));
        memcpy(own.j, out->j, out->len * sizeof(*own.j));
        own.len = out->len;
        c = &own;
        w *= 2;
        st->widenings++;
    }
    if (w > st->band)
        st->band = w;
cleanup:
    band_clear(&b);
    path_clear(&own);
    return error;
}

/* ---- the alignment object ---- */

static int alignment_push(struct polyalign_alignment *al, size_t s0,
                          size_t sc, size_t t0, size_t tc, double conf,
                          double cost)
{
    struct polyalign_bead *bd;

    if (al->count == al->cap) {
        size_t cap = al->cap ? 2 * al->cap : 64;
        struct polyalign_bead *nb = realloc(al->beads, cap * sizeof(*nb));

        if (!nb)
            return POLYALIGN_ENOMEM;
        al->beads = nb;
        al->cap = cap;
    }
    bd = &al->beads[al->count++];
    bd->src_start = s0;
    bd->src_count = sc;
    bd->tgt_start = t0;
    bd->tgt_count = tc;
    bd->confidence = conf;
    bd->cost = cost;
    return 0;
}

void polyalign_alignment_free(struct polyalign_alignment *al)
{
    if (!al)
        return;
    free(al->beads);
    free(al);
}

size_t polyalign_alignment_bead_count(const struct polyalign_alignment *al)
{
    return al ? al->count : 0;
}

int polyalign_alignment_bead(const struct polyalign_alignment *al, size_t i,
                             struct polyalign_bead *out)
{
    if (!al || i >= al->count)
        return POLYALIGN_EINVAL;
    *out = al->beads[i];
    return 0;
}

const struct polyalign_align_params *
polyalign_alignment_params(const struct polyalign_alignment *al)
{
    return &al->params;
}

size_t polyalign_alignment_src_count(const struct polyalign_alignment *al)
{
    return al->n;
}

size_t polyalign_alignment_tgt_count(const struct polyalign_alignment *al)
{
    return al->m;
}

const char *polyalign_bead_type_name(const struct polyalign_bead *bead)
{
    static const char *const names[POLYALIGN_BEAD_TYPES] = {
        "1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "3-1", "1-3",
    };

    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        if (lengthmodel_shapes[t].src == bead->src_count &&
            lengthmodel_shapes[t].tgt == bead->tgt_count)
            return names[t];
    return NULL;
}

static void write_range(FILE *fp, size_t start, size_t count)
{
    fputc('[', fp);
    for (size_t k = 0; k < count; k++)
        fprintf(fp, k ? ", %zu" : "%zu", start + k);
    fputc(']', fp);
}

int polyalign_bead_write(FILE *fp, const struct polyalign_bead *bead)
{
    write_range(fp, bead->src_start, bead->src_count);
    fputc(':', fp);
    write_range(fp, bead->tgt_start, bead->tgt_count);
    return fprintf(fp, ":%.2f\n", bead->confidence) < 0 ? POLYALIGN_EIO : 0;
}

/* ---- the driver: paragraphs, passes, re-estimation ---- */

/* A sub-problem: source sentences [s0, s1) against target [t0, t1), with a
 * weight multiplied into the confidences (the paragraph bead's posterior). */
struct region {
    size_t s0, s1, t0, t1;
    double weight;
    struct path path; /* the result of the last pass */
    int guess;        /* path is a straight guess, not a pass's result */
};

struct driver {
    struct polyalign_context *ctx;
    const double *A, *B; /* prefix sums over the whole documents */
    size_t n, m;
    struct lengthmodel lm;
    double s2_measured; /* s2 of the trusted 1-1 beads, 0 if none */
    const struct polyalign_align_options *opts;
    struct region *regions;
    size_t nregions;
    struct stats st;
};

/* A final pass over long documents with a scorer is searched in pieces:
 * the scorer is most of its time, and two threads can share them; and a
 * path nearing the band's edge widens the band of its piece only, not of
 * the whole document.  Each cut is a point of the first pass's path
 * inside a run of 1-1 beads (two on each side) nearest its target; the
 * best path passes there unless the final pass undoes a run the first
 * pass found, which its band around that path seldom lets it do.
 * Posteriors are then those of paths through the cuts.  Cut whatever the
 * threads, so that the alignment does not depend on them: two pieces
 * from SPLIT_MIN sentences a side, one more each SPLIT_PIECE. */
#define SPLIT_MIN 3000
#define SPLIT_PIECE 5000
#define SPLIT_MAX 256
#define SPLIT_RUN 2

/* Index of a cut point of @p in (lo, hi) nearest @target, or 0 for
 * none. */
static size_t split_point(const struct path *p, size_t target, size_t lo,
                          size_t hi)
{
    for (size_t d = 0; target >= d || target + d < hi; d++) {
        for (int side = 0; side < 2; side++) {
            size_t k, ok = 1;

            if (side ? target + d >= hi : target < d)
                continue;
            k = side ? target + d : target - d;
            if (k <= lo || k < SPLIT_RUN || k + SPLIT_RUN >= p->len)
                continue;
            for (size_t b = k - SPLIT_RUN; b < k + SPLIT_RUN && ok; b++)
                ok = p->i[b + 1] - p->i[b] == 1 &&
                     p->j[b + 1] - p->j[b] == 1;
            if (ok)
                return k;
        }
    }
    return 0;
}

struct half {
    struct lattice L;
    struct path centre, out;
    size_t w;
    int final, widen, error;
    struct stats st;
};

/* Pieces taken in turn by the threads that share them. */
struct pieces {
    struct half *h;
    size_t n;
    atomic_size_t next;
};

static void *pieces_run(void *arg)
{
    struct pieces *q = arg;

    for (;;) {
        size_t i = atomic_fetch_add(&q->next, 1);
        struct half *h;

        if (i >= q->n)
            break;
        h = &q->h[i];
        h->error = solve(&h->L, &h->centre, h->w, h->final, h->widen,
                         &h->out, &h->st);
    }
    return NULL;
}

/* Points [from, to) of @src, less (di, dj), as @dst (no beads). */
static int path_points(struct path *dst, const struct path *src,
                       size_t from, size_t to, size_t di, size_t dj)
{
    int error;

    if ((error = path_reserve(dst, to - from)) < 0)
        return error;
    for (size_t k = from; k < to; k++) {
        dst->i[k - from] = src->i[k] - di;
        dst->j[k - from] = src->j[k] - dj;
    }
    dst->len = to - from;
    return 0;
}

/* @b (which starts where @out ends, less (di, dj)) appended to @out. */
static int path_append(struct path *out, const struct path *b, size_t di,
                       size_t dj)
{
    size_t na = out->len, nb = b->len;
    int error;

    if (!nb)
        return POLYALIGN_EINTERNAL;
    if (!na) {
        if ((error = path_reserve(out, nb)) < 0)
            return error;
        out->i[0] = b->i[0] + di;
        out->j[0] = b->j[0] + dj;
        na = out->len = 1;
    }
    if ((error = path_reserve(out, na + nb - 1)) < 0)
        return error;
    for (size_t k = 1; k < nb; k++) {
        out->i[na - 1 + k] = b->i[k] + di;
        out->j[na - 1 + k] = b->j[k] + dj;
    }
    for (size_t t = 0; t + 1 < nb; t++) {
        out->type[na - 1 + t] = b->type[t];
        out->post[na - 1 + t] = b->post ? b->post[t] : 0;
        out->cost[na - 1 + t] = b->cost[t];
    }
    out->len = na + nb - 1;
    return 0;
}

/* solve() for a final pass around @prev, in pieces when it is long and
 * has a scorer (see SPLIT_MIN). */
static int solve_final(struct driver *d, const struct lattice *L,
                       const struct path *prev, size_t w, int widen,
                       struct path *out, struct stats *st)
{
    size_t cut[SPLIT_MAX + 1], np = 0, want;
    struct pieces q = {0};
    int error = 0;

    if (!L->scorer || L->n < SPLIT_MIN || L->m < SPLIT_MIN || !prev->len)
        return solve(L, prev->len ? prev : NULL, w, 1, widen, out, st);
    want = L->n / SPLIT_PIECE < 2 ? 2 : L->n / SPLIT_PIECE;
    if (want > SPLIT_MAX)
        want = SPLIT_MAX;
    /* Cuts near the path's (want)ths, in order. */
    cut[np++] = 0;
    for (size_t c = 1; c < want; c++) {
        size_t k = split_point(prev, prev->len * c / want, cut[np - 1],
                               prev->len * (c + 1) / want);
        if (k)
            cut[np++] = k;
    }
    if (np < 2)
        return solve(L, prev, w, 1, widen, out, st);
    if (!(q.h = calloc(np, sizeof(*q.h))))
        return POLYALIGN_ENOMEM;
    q.n = np;
    atomic_init(&q.next, 0);
    for (size_t p = 0; p < np; p++) {
        struct half *h = &q.h[p];
        size_t k0 = cut[p], k1 = p + 1 < np ? cut[p + 1] : prev->len - 1;
        size_t pi = prev->i[k0], pj = prev->j[k0];

        h->L = *L;
        h->L.A = L->A + pi;
        h->L.B = L->B + pj;
        h->L.n = prev->i[k1] - pi;
        h->L.m = prev->j[k1] - pj;
        h->L.src0 = L->src0 + pi;
        h->L.tgt0 = L->tgt0 + pj;
        h->w = w;
        h->final = 1;
        h->widen = widen;
        if ((error = path_points(&h->centre, prev, k0, k1 + 1, pi, pj)) < 0)
            goto cleanup;
    }
    ctx_run_both(pieces_run, &q, &q,
                 (d->opts->flags & POLYALIGN_ALIGN_SCORER_CONCURRENT) &&
                     polyalign_context_threads(d->ctx) > 1);
    /* The pieces' beads end to end, each shifted by its cut. */
    out->len = 0;
    for (size_t p = 0; p < np; p++) {
        const struct half *h = &q.h[p];

        if ((error = h->error) < 0 ||
            (error = path_append(out, &h->out, prev->i[cut[p]],
                                 prev->j[cut[p]])) < 0)
            goto cleanup;
        st->widenings += h->st.widenings;
        st->capped |= h->st.capped;
        st->cells += h->st.cells;
        st->total_cost += h->st.total_cost;
        st->log_likelihood += h->st.log_likelihood;
        if (h->st.band > st->band)
            st->band = h->st.band;
    }
cleanup:
    for (size_t p = 0; p < np; p++) {
        path_clear(&q.h[p].centre);
        path_clear(&q.h[p].out);
    }
    free(q.h);
    return error;
}

static int run_pass(struct driver *d, int final)
{
    size_t all = d->st.all_widenings;
    int error = 0, capped = d->st.capped;

    memset(&d->st, 0, sizeof(d->st));
    d->st.all_widenings = all;
    d->st.capped = capped;
    for (size_t r = 0; r < d->nregions; r++) {
        struct region *g = &d->regions[r];
        struct lattice L = {
            .A = d->A + g->s0, .B = d->B + g->t0,
            .n = g->s1 - g->s0, .m = g->t1 - g->t0,
            .src0 = g->s0, .tgt0 = g->t0, .lm = &d->lm,
            .scorer = d->opts->scorer, .scorer_data = d->opts->scorer_data,
            .scorer_min = d->opts->flags & POLYALIGN_ALIGN_SCORER_BOUNDED
                              ? d->opts->scorer_min
                              : -HUGE_VAL,
        };
        struct path prev = g->path;
        struct stats st = {0};
        size_t w = d->opts->band;
        /* Long documents: the first pass, in a wide band (coarse-to-
         * fine), runs on lengths alone, and the scorer joins in the final
         * pass around its path (which widens where the path nears the
         * band's edge).  Lexical scoring in the wide band cost 5 times the
         * length-only time on 10k sentences for no better F1 (bench/
         * lexical.sh scale test: 0.9756 with it, 0.9752 without). */
        if (!final && L.n >= COARSE_MIN && L.m >= COARSE_MIN)
            L.scorer = NULL;

        memset(&g->path, 0, sizeof(g->path));
        /* The final pass searches around the first pass's path. */
        if (prev.len && !w)
            w = g->guess ? BAND_GUESS : BAND_FINAL;
        /* After a first pass that hit the memory budget, the final pass
         * does not widen again: the pair is not parallel, and the
         * forward-backward in ever wider bands would only cost time. */
        error = final ? solve_final(d, &L, &prev, w, !d->st.capped,
                                    &g->path, &st)
                      : solve(&L, prev.len ? &prev : NULL, w, final, 1,
                              &g->path, &st);
        path_clear(&prev);
        if (error < 0)
            return error;
        d->st.widenings += st.widenings;
        d->st.all_widenings += st.widenings;
        d->st.capped |= st.capped;
        d->st.cells += st.cells;
        d->st.total_cost += st.total_cost;
        d->st.log_likelihood += st.log_likelihood;
        if (st.band > d->st.band)
            d->st.band = st.band;
    }
    return 0;
}

/* Re-estimate c from the 1-1 beads of the first pass whose both
 * neighbours are 1-1 too (anchors inside runs are rarely wrong), and, when
 * asked, the priors from the bead counts. */
static int reestimate(struct driver *d, size_t *used)
{
    size_t counts[POLYALIGN_BEAD_TYPES] = {0}, k = 0, cap = 0;
    double *l1 = NULL, *l2 = NULL, c, s2;
    int error = 0;

    for (size_t r = 0; r < d->nregions; r++)
        cap += d->regions[r].path.len;
    l1 = malloc((cap + 1) * sizeof(*l1));
    l2 = malloc((cap + 1) * sizeof(*l2));
    if (!l1 || !l2) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t r = 0; r < d->nregions; r++) {
        const struct region *g = &d->regions[r];
        const struct path *p = &g->path;

        for (size_t q = 0; q + 1 < p->len; q++) {
            counts[p->type[q]]++;
            if (p->type[q] != POLYALIGN_BEAD_1_1 || q == 0 ||
                q + 2 >= p->len || p->type[q - 1] != POLYALIGN_BEAD_1_1 ||
                p->type[q + 1] != POLYALIGN_BEAD_1_1)
                continue;
            l1[k] = d->A[g->s0 + p->i[q + 1]] - d->A[g->s0 + p->i[q]];
            l2[k] = d->B[g->t0 + p->j[q + 1]] - d->B[g->t0 + p->j[q]];
            if (l1[k] > 0 && l2[k] > 0)
                k++;
        }
    }
    *used = k;
    if (lengthmodel_estimate(l1, l2, k, &c, &s2) < 0) {
        *used = 0;
        goto cleanup;
    }
    d->s2_measured = s2;
    /* Only c is taken.  The s2 of trusted 1-1 beads is far below what the
     * search needs (1.98 against 6.8 on Text+Berg test1: they are the easy
     * beads), and adopting it, or priors re-counted from the first pass
     * (which reinforce its own choices), lowered strict F1 on Text+Berg
     * dev from 0.72 to 0.56 (bench/align-textberg.sh).  Both are reported
     * by --explain; the priors are re-estimated only when asked
     * (POLYALIGN_ALIGN_ESTIMATE_PRIORS). */
    lengthmodel_set(&d->lm, c, d->lm.s2, d->lm.prior);
    if (d->opts->flags & POLYALIGN_ALIGN_ESTIMATE_PRIORS)
        lengthmodel_estimate_priors(&d->lm, counts, 200);
cleanup:
    free(l1);
    free(l2);
    return error;
}

/* Paragraph bounds: the first sentence of every paragraph and, last, the
 * sentence count. */
static int paragraph_bounds(const size_t *par, size_t n, size_t **out,
                            size_t *count, size_t *longest)
{
    size_t np = 0, *bounds;

    for (size_t i = 0; i < n; i++)
        if (i == 0 || par[i] != par[i - 1])
            np++;
    bounds = malloc((np + 1) * sizeof(*bounds));
    if (!bounds)
        return POLYALIGN_ENOMEM;
    np = 0;
    *longest = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || par[i] != par[i - 1]) {
            if (np && i - bounds[np - 1] > *longest)
                *longest = i - bounds[np - 1];
            bounds[np++] = i;
        }
    }
    if (np && n - bounds[np - 1] > *longest)
        *longest = n - bounds[np - 1];
    bounds[np] = n;
    *out = bounds;
    *count = np;
    return 0;
}

/* Split the documents into regions: the paragraph beads of a paragraph
 * alignment when both sides have the same number of paragraphs (Gale &
 * Church 1993, section 4: paragraphs first, then sentences within them),
 * else one region. */
static int make_regions(struct driver *d, const size_t *src_par,
                        const size_t *tgt_par, int *two_level)
{
    size_t *sb = NULL, *tb = NULL, ns = 0, nt = 0, ls = 0, lt = 0;
    double *PA = NULL, *PB = NULL;
    struct path pp = {0};
    struct stats st = {0};
    int error = 0;

    *two_level = 0;
    if (src_par && tgt_par && d->n && d->m &&
        !(d->opts->flags & POLYALIGN_ALIGN_NO_PARAGRAPHS)) {
        if ((error = paragraph_bounds(src_par, d->n, &sb, &ns, &ls)) < 0 ||
            (error = paragraph_bounds(tgt_par, d->m, &tb, &nt, &lt)) < 0)
            goto cleanup;
        *two_level = ns == nt && ns > 1 && (ls > 1 || lt > 1);
    }
    if (!*two_level) {
        d->regions = calloc(1, sizeof(*d->regions));
        if (!d->regions) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
        d->nregions = 1;
        d->regions[0].s1 = d->n;
        d->regions[0].t1 = d->m;
        d->regions[0].weight = 1;
        goto cleanup;
    }
    PA = malloc((ns + 1) * sizeof(*PA));
    PB = malloc((nt + 1) * sizeof(*PB));
    if (!PA || !PB) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k <= ns; k++)
        PA[k] = d->A[sb[k]];
    for (size_t k = 0; k <= nt; k++)
        PB[k] = d->B[tb[k]];
    {
        struct lattice L = {.A = PA, .B = PB, .n = ns, .m = nt,
                            .lm = &d->lm};

        if ((error = solve(&L, NULL, 0, 1, 1, &pp, &st)) < 0)
            goto cleanup;
    }
    d->regions = calloc(pp.len, sizeof(*d->regions));
    if (!d->regions) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    /* A paragraph bead with an empty side joins its neighbours' region: a
     * long paragraph translated much shorter or longer than the model
     * expects is cheaper to drop whole and insert the other whole than to
     * pair at paragraph level (NTREX fr-ru: a 3,974-character body against
     * 2,900), but its sentences still have partners.  The merged region
     * is aligned sentence by sentence, as if in one level. */
    for (size_t k = 0; k + 1 < pp.len; k++) {
        struct region *g;
        int open = d->nregions > 0 &&
                   (d->regions[d->nregions - 1].s0 ==
                        d->regions[d->nregions - 1].s1 ||
                    d->regions[d->nregions - 1].t0 ==
                        d->regions[d->nregions - 1].t1);
        int empty = pp.i[k + 1] == pp.i[k] || pp.j[k + 1] == pp.j[k];

        if (open || (empty && d->nregions > 0)) {
            g = &d->regions[d->nregions - 1];
            g->s1 = sb[pp.i[k + 1]];
            g->t1 = tb[pp.j[k + 1]];
            g->weight = 1; /* aligned as one level, not as paragraphs */
            continue;
        }
        g = &d->regions[d->nregions++];
        g->s0 = sb[pp.i[k]];
        g->s1 = sb[pp.i[k + 1]];
        g->t0 = tb[pp.j[k]];
        g->t1 = tb[pp.j[k + 1]];
        g->weight = pp.post[k];
    }
cleanup:
    free(sb);
    free(tb);
    free(PA);
    free(PB);
    path_clear(&pp);
    return error;
}

static void free_regions(struct driver *d)
{
    for (size_t r = 0; r < d->nregions; r++)
        path_clear(&d->regions[r].path);
    free(d->regions);
    d->regions = NULL;
    d->nregions = 0;
}

/* Whether the 1-1 bead of anchor (a, b) costs less than every other bead
 * with a sentence on each side holding a or b, within [s0, s1) x [t0,
 * t1): a sentence that belongs in a 2-1 bead is no anchor. */
static int anchor_holds(const struct driver *d, size_t a, size_t b,
                        const struct region *g)
{
    struct lattice L = {
        .A = d->A, .B = d->B, .n = d->n, .m = d->m, .lm = &d->lm,
        .scorer = d->opts->scorer, .scorer_data = d->opts->scorer_data,
    };
    double c11 = bead_cost(&L, POLYALIGN_BEAD_1_1, a, b, a + 1, b + 1);

    if (!isfinite(c11))
        return 0;
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++) {
        size_t ds = lengthmodel_shapes[t].src, dt = lengthmodel_shapes[t].tgt;

        if (t == POLYALIGN_BEAD_1_1 || !ds || !dt)
            continue;
        /* Every placement of the bead over (a, b) inside the region. */
        for (size_t pi = a + 1 >= ds ? a + 1 - ds : 0; pi <= a; pi++) {
            if (pi < g->s0 || pi + ds > g->s1)
                continue;
            for (size_t pj = b + 1 >= dt ? b + 1 - dt : 0; pj <= b; pj++) {
                if (pj < g->t0 || pj + dt > g->t1)
                    continue;
                if (bead_cost(&L, t, pi, pj, pi + ds, pj + dt) <= c11)
                    return 0;
            }
        }
    }
    return 1;
}

/* Whether the path of region @g has the 1-1 bead (a, b) (document
 * indexes). */
static int path_has_1_1(const struct region *g, size_t a, size_t b)
{
    const struct path *p = &g->path;
    size_t lo = 0, hi = p->len, i = a - g->s0, j = b - g->t0;

    /* The first point at row i or after. */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->i[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo + 1 < p->len && p->i[lo] == i; lo++)
        if (p->j[lo] == j && p->i[lo + 1] == i + 1 && p->j[lo + 1] == j + 1)
            return 1;
    return 0;
}

/* Split the regions at the anchors that hold (after the first pass):
 * region [s0, s1) x [t0, t1)
 * with anchor (a, b) becomes [s0, a) x [t0, b), the anchor's 1-1 cell and
 * [a + 1, s1) x [b + 1, t1).  New regions search around their diagonal
 * (their path is the straight line). */
static int split_at_anchors(struct driver *d, size_t *held)
{
    const size_t *an = d->opts->anchors;
    size_t na = d->opts->n_anchors, cap = d->nregions + 2 * na + 1, nr = 0;
    struct region *out = calloc(cap, sizeof(*out));
    size_t q = 0;
    int error = 0;

    *held = 0;
    if (!out)
        return POLYALIGN_ENOMEM;
    for (size_t r = 0; r < d->nregions; r++) {
        struct region g = d->regions[r];
        size_t s = g.s0, t = g.t0;
        int split = 0;
        /* The first pass of a long region ran on lengths alone (see
         * run_pass()): its path is no judge of lexical anchors. */
        int lengths_only = g.s1 - g.s0 >= COARSE_MIN &&
                           g.t1 - g.t0 >= COARSE_MIN;

        for (; q < na && an[2 * q] < g.s1; q++) {
            size_t a = an[2 * q], b = an[2 * q + 1];

            /* The first pass must agree (a sentence of a 2-1 bead can
             * share a rare name with its counterpart), and no other bead
             * be cheaper. */
            if (a < s || b < t || b >= g.t1 ||
                (!lengths_only && !path_has_1_1(&g, a, b)) ||
                !anchor_holds(d, a, b, &g))
                continue;
            if (a > s || b > t)
                out[nr++] = (struct region){s, a, t, b, g.weight, {0}, 0};
            out[nr++] = (struct region){a, a + 1, b, b + 1, g.weight, {0}, 0};
            s = a + 1;
            t = b + 1;
            split = 1;
            ++*held;
        }
        if (!split) {
            out[nr++] = g; /* keeps its first-pass path */
            d->regions[r].path = (struct path){0};
            continue;
        }
        if (s < g.s1 || t < g.t1)
            out[nr++] = (struct region){s, g.s1, t, g.t1, g.weight, {0}, 0};
    }
    /* A straight centre path for the new regions. */
    for (size_t r = 0; r < nr; r++) {
        struct path *p = &out[r].path;

        if (p->len)
            continue;
        if ((error = path_reserve(p, 2)) < 0)
            goto cleanup;
        p->len = 2;
        out[r].guess = 1;
        p->i[0] = p->j[0] = 0;
        p->i[1] = out[r].s1 - out[r].s0;
        p->j[1] = out[r].t1 - out[r].t0;
    }
cleanup:
    free_regions(d);
    d->regions = out;
    d->nregions = nr;
    return error;
}

/* How plausible the pair is as a whole: 1 for comparable sizes, less when
 * the total lengths or sentence counts disagree far beyond the model (then
 * with a warning).  It scales every confidence. */
static double pair_plausibility(struct driver *d)
{
    double L1 = d->A[d->n] - d->A[0], L2 = d->B[d->m] - d->B[0];
    double r, q = 1;

    if (d->n == 0 || d->m == 0) {
        ctx_warn(d->ctx, "align: the %s side is empty (%zu against %zu "
                         "sentences): every bead is an insertion or "
                         "deletion, with confidence 0",
                 d->n == 0 ? "source" : "target", d->n, d->m);
        return 0;
    }
    r = L1 > 0 ? L2 / (d->lm.c * L1) : (L2 > 0 ? HUGE_VAL : 1);
    if (r < 0.5 || r > 2) {
        double f = r < 1 ? r : 1 / r;

        ctx_warn(d->ctx, "align: the documents differ much in length (%.0f "
                         "against %.0f characters, expected ratio %.2f): "
                         "they may not translate each other",
                 L1, L2, d->lm.c);
        q = f < q ? f : q;
    }
    r = (double)d->m / (double)d->n;
    if (r < 1.0 / 3 || r > 3) {
        double f = r < 1 ? r : 1 / r;

        ctx_warn(d->ctx, "align: the documents differ much in sentence "
                         "count (%zu against %zu)", d->n, d->m);
        q = f < q ? f : q;
    }
    return q;
}

int polyalign_align_lengths(struct polyalign_alignment **out,
                            struct polyalign_context *ctx,
                            const size_t *src_len, size_t n,
                            const size_t *tgt_len, size_t m,
                            const size_t *src_par, const size_t *tgt_par,
                            const struct polyalign_align_options *opts)
{
    static const struct polyalign_align_options defaults = {0};
    struct polyalign_alignment *al = NULL;
    struct driver d = {0};
    double *A = NULL, *B = NULL, c, s2, plaus;
    const double *priors = NULL;
    int error = 0, known, two_level = 0, fixed;
    size_t used = 0;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    if ((n && !src_len) || (m && !tgt_len) || opts->c < 0 || opts->s2 < 0)
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "align: invalid arguments (NULL lengths or "
                         "negative c, s2)");
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++) {
        if (opts->priors[t] < 0)
            return ctx_error(ctx, POLYALIGN_EINVAL,
                             "align: negative bead prior");
        if (opts->priors[t] > 0)
            priors = opts->priors;
    }
    if (priors && (priors[POLYALIGN_BEAD_1_0] <= 0 ||
                   priors[POLYALIGN_BEAD_0_1] <= 0))
        return ctx_error(ctx, POLYALIGN_EINVAL,
                         "align: the 1-0 and 0-1 priors must be positive "
                         "(they keep every pair of documents alignable)");
    if (opts->n_anchors && !opts->anchors)
        return ctx_error(ctx, POLYALIGN_EINVAL, "align: NULL anchors");
    for (size_t k = 0; k < opts->n_anchors; k++)
        if (opts->anchors[2 * k] >= n || opts->anchors[2 * k + 1] >= m ||
            (k && (opts->anchors[2 * k] <= opts->anchors[2 * k - 2] ||
                   opts->anchors[2 * k + 1] <= opts->anchors[2 * k - 1])))
            return ctx_error(ctx, POLYALIGN_EINVAL,
                             "align: anchor %zu (%zu, %zu) out of range or "
                             "out of order",
                             k, opts->anchors[2 * k],
                             opts->anchors[2 * k + 1]);
    al = calloc(1, sizeof(*al));
    A = malloc((n + 1) * sizeof(*A));
    B = malloc((m + 1) * sizeof(*B));
    if (!al || !A || !B) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    al->n = n;
    al->m = m;
    A[0] = 0;
    for (size_t i = 0; i < n; i++)
        A[i + 1] = A[i] + (double)src_len[i];
    B[0] = 0;
    for (size_t j = 0; j < m; j++)
        B[j + 1] = B[j] + (double)tgt_len[j];

    lengthmodel_default_params(opts->src_lang, opts->tgt_lang, &c, &s2,
                               &known);
    al->params.default_c = opts->c > 0 ? opts->c : c;
    al->params.default_s2 = opts->s2 > 0 ? opts->s2 : s2;
    al->params.defaults_measured = known || opts->c > 0;
    lengthmodel_set(&d.lm, al->params.default_c, al->params.default_s2,
                    priors);
    d.ctx = ctx;
    d.A = A;
    d.B = B;
    d.n = n;
    d.m = m;
    d.opts = opts;
    plaus = pair_plausibility(&d);

    if ((error = make_regions(&d, src_par, tgt_par, &two_level)) < 0)
        goto cleanup;
    fixed = (opts->flags & POLYALIGN_ALIGN_FIXED_PARAMS) || n == 0 || m == 0;
    /* A first pass finds the path cheaply (Viterbi only, in the coarse-to-
     * fine band); c is re-estimated on it, and the final pass (with
     * forward-backward) searches a narrow band around it. */
    if ((error = run_pass(&d, 0)) < 0)
        goto cleanup;
    if (!fixed) {
        if ((error = reestimate(&d, &used)) < 0)
            goto cleanup;
        if (used == 0)
            ctx_info(ctx, "align: too few confident 1-1 beads to "
                          "re-estimate the parameters; keeping c = %.3f, "
                          "s2 = %.3f", d.lm.c, d.lm.s2);
    }
    if (opts->n_anchors) {
        size_t held;

        if ((error = split_at_anchors(&d, &held)) < 0)
            goto cleanup;
        ctx_info(ctx, "align: two passes, %zu of %zu anchors held", held,
                 opts->n_anchors);
    }
    if ((error = run_pass(&d, 1)) < 0)
        goto cleanup;
    if (d.st.capped)
        ctx_warn(ctx, "align: the best path kept nearing the edge of the "
                      "search band, which stopped widening at %zu cells: "
                      "the documents may not translate each other, and the "
                      "alignment may miss the best one",
                 (size_t)ALIGN_MAX_CELLS);

    for (size_t r = 0; r < d.nregions; r++) {
        const struct region *g = &d.regions[r];
        const struct path *p = &g->path;

        for (size_t k = 0; k + 1 < p->len; k++) {
            double conf = p->post[k] * g->weight * plaus;

            if ((error = alignment_push(
                     al, g->s0 + p->i[k], p->i[k + 1] - p->i[k],
                     g->t0 + p->j[k], p->j[k + 1] - p->j[k],
                     conf < 0 ? 0 : (conf > 1 ? 1 : conf), p->cost[k])) < 0)
                goto cleanup;
        }
    }
    al->params.c = d.lm.c;
    al->params.s2 = d.lm.s2;
    memcpy(al->params.priors, d.lm.prior, sizeof(al->params.priors));
    al->params.reestimated = !fixed && used > 0;
    al->params.estimated_from = used;
    al->params.s2_measured = d.s2_measured;
    al->params.paragraphs = two_level;
    al->params.band = d.st.band;
    al->params.widenings = d.st.all_widenings;
    al->params.cells = d.st.cells;
    al->params.total_cost = d.st.total_cost;
    al->params.log_likelihood = d.st.log_likelihood;
    *out = al;
    al = NULL;
cleanup:
    if (error == POLYALIGN_ENOMEM)
        ctx_error(ctx, error, "align: out of memory (%zu x %zu sentences)",
                  n, m);
    else if (error == POLYALIGN_EINVAL)
        ctx_error(ctx, error, "align: no alignment has a finite cost (the "
                              "scorer returned infinite or NaN costs)");
    free_regions(&d);
    polyalign_alignment_free(al);
    free(A);
    free(B);
    return error;
}

/* Code points of valid UTF-8 (ICU's U8_NEXT), or -1 when invalid. */
static long count_code_points(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    int32_t i = 0, n = (int32_t)len;
    long count = 0;

    while (i < n) {
        UChar32 ch;

        U8_NEXT(u, i, n, ch);
        if (ch < 0)
            return -1;
        count++;
    }
    return count;
}

static int text_lengths(struct polyalign_context *ctx,
                        const char *const *s, size_t n, const char *side,
                        size_t **out)
{
    size_t *len = malloc((n ? n : 1) * sizeof(*len));

    *out = NULL;
    if (!len)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        long c = s[i] ? count_code_points(s[i], strlen(s[i])) : 0;

        if (c < 0) {
            free(len);
            return ctx_error(ctx, POLYALIGN_EENCODING,
                             "align: %s sentence %zu is not valid UTF-8",
                             side, i);
        }
        len[i] = (size_t)c;
    }
    *out = len;
    return 0;
}

int polyalign_align_texts(struct polyalign_alignment **out,
                          struct polyalign_context *ctx,
                          const char *const *src, size_t n,
                          const char *const *tgt, size_t m,
                          const struct polyalign_align_options *opts)
{
    size_t *a = NULL, *b = NULL;
    int error;

    *out = NULL;
    if ((n && !src) || (m && !tgt))
        return ctx_error(ctx, POLYALIGN_EINVAL, "align: NULL sentences");
    if ((error = text_lengths(ctx, src, n, "source", &a)) < 0 ||
        (error = text_lengths(ctx, tgt, m, "target", &b)) < 0)
        goto cleanup;
    error = polyalign_align_lengths(out, ctx, a, n, b, m, NULL, NULL, opts);
cleanup:
    free(a);
    free(b);
    return error;
}

int polyalign_align_docs(struct polyalign_alignment **out,
                         struct polyalign_context *ctx,
                         const struct polyalign_doc *src,
                         const struct polyalign_doc *tgt,
                         const struct polyalign_align_options *opts)
{
    static const struct polyalign_align_options defaults = {0};
    const struct polyalign_doc *docs[2] = {src, tgt};
    size_t *len[2] = {NULL, NULL}, *par[2] = {NULL, NULL}, count[2];
    struct polyalign_align_options o;
    int error = 0;

    *out = NULL;
    if (!src || !tgt)
        return ctx_error(ctx, POLYALIGN_EINVAL, "align: NULL document");
    o = opts ? *opts : defaults;
    if (!o.src_lang)
        o.src_lang = polyalign_doc_lang(src);
    if (!o.tgt_lang)
        o.tgt_lang = polyalign_doc_lang(tgt);
    for (int d = 0; d < 2; d++) {
        count[d] = polyalign_doc_sentence_count(docs[d]);
        len[d] = malloc((count[d] + 1) * sizeof(*len[d]));
        par[d] = malloc((count[d] + 1) * sizeof(*par[d]));
        if (!len[d] || !par[d]) {
            error = ctx_error(ctx, POLYALIGN_ENOMEM, "align: out of memory");
            goto cleanup;
        }
        for (size_t i = 0; i < count[d]; i++) {
            struct polyalign_sentence s;
            long c;

            if ((error = polyalign_doc_sentence(docs[d], i, &s)) < 0)
                goto cleanup;
            c = count_code_points(s.text, s.len);
            if (c < 0) {
                error = ctx_error(ctx, POLYALIGN_EENCODING,
                                  "%s: sentence %zu is not valid UTF-8",
                                  polyalign_doc_name(docs[d]), i);
                goto cleanup;
            }
            len[d][i] = (size_t)c;
            par[d][i] = s.paragraph;
        }
    }
    error = polyalign_align_lengths(out, ctx, len[0], count[0], len[1],
                                    count[1], par[0], par[1], &o);
cleanup:
    for (int d = 0; d < 2; d++) {
        free(len[d]);
        free(par[d]);
    }
    return error;
}
