/* The Gale & Church (1993) length model: the cost of a bead from the
 * character lengths of its two sides, the bead-type priors, the default
 * parameters per language pair and their re-estimation on a document pair.
 *
 * W. A. Gale and K. W. Church, "A Program for Aligning Sentences in
 * Bilingual Corpora", Computational Linguistics 19(1), 1993, 75-102. */
#ifndef POLYALIGN_LIB_LENGTHMODEL_H
#define POLYALIGN_LIB_LENGTHMODEL_H

#include <math.h>
#include <stddef.h>

#include "polyalign/align.h"

/* The bead types, in the order of enum polyalign_bead_type. */
struct bead_shape {
    unsigned char src; /* sentences taken from the source */
    unsigned char tgt; /* sentences taken from the target */
};

extern const struct bead_shape lengthmodel_shapes[POLYALIGN_BEAD_TYPES];

/* Default priors P(match type), Gale & Church 1993 Table 5 (1-1 0.89,
 * 1-0 or 0-1 0.0099, 2-1 or 1-2 0.089, 2-2 0.011), with 3-1 and 1-3 added
 * (Text+Berg has them) and the whole renormalised to sum to 1. */
extern const double lengthmodel_default_priors[POLYALIGN_BEAD_TYPES];

struct lengthmodel {
    double c;   /* expected target characters per source character */
    double s2;  /* variance of the difference per source character */
    double prior[POLYALIGN_BEAD_TYPES];      /* P(match type), sum 1 */
    double prior_cost[POLYALIGN_BEAD_TYPES]; /* -log prior */
    double inv_s2; /* 1 / s2, cached */
    double indel_cap; /* bound on the match cost of an empty side */
};

/* Step and extent of the table of -log(2 (1 - Phi(z))). */
#define LENGTHMODEL_TAIL_STEPS 128
#define LENGTHMODEL_TAIL_MAX 40
extern double lengthmodel_tail_table[LENGTHMODEL_TAIL_MAX *
                                         LENGTHMODEL_TAIL_STEPS + 2];

/* Default c and s2 for a language pair (BCP 47 tags; NULL or unknown gives
 * Gale & Church's c = 1, s2 = 6.8).  Sets *known to 1 when the pair (or its
 * inverse) has measured values. */
void lengthmodel_default_params(const char *src_lang, const char *tgt_lang,
                                double *c, double *s2, int *known);

/* Set c, s2 and the priors (NULL: the defaults), normalising the priors
 * and caching their costs. */
void lengthmodel_set(struct lengthmodel *lm, double c, double s2,
                     const double *priors);

/* The delta of a bead, as used by lengthmodel_match_cost().  Section 3
 * writes delta = (l2 - l1 c) / sqrt(l1 s2); the program in the paper's
 * appendix replaces l1 under the root by the mean of l1 and l2 / c, which
 * is symmetric and defined for 0-1 beads.  We follow the program. */
static inline double lengthmodel_delta(const struct lengthmodel *lm,
                                       double l1, double l2)
{
    double mean;

    if (l1 == 0 && l2 == 0)
        return 0;
    mean = (l1 + l2 / lm->c) / 2;
    return (l2 - lm->c * l1) / sqrt(lm->s2 * mean);
}

/* -log(2 (1 - Phi(z))) for z >= 0, exact (erfc). */
double lengthmodel_neg_log_two_tail(double z);

/* The same, interpolated in a table (absolute error below 1e-5) for the
 * search's inner loop; lengthmodel_set() fills the table once. */
static inline double lengthmodel_tail(double z)
{
    double x = z * LENGTHMODEL_TAIL_STEPS;
    size_t k;

    if (z >= LENGTHMODEL_TAIL_MAX)
        return lengthmodel_neg_log_two_tail(z);
    k = (size_t)x;
    return lengthmodel_tail_table[k] +
           (x - (double)k) *
               (lengthmodel_tail_table[k + 1] - lengthmodel_tail_table[k]);
}

/* -log P(delta | match) for the total lengths l1, l2 of a bead's sides
 * (Gale & Church 1993, section 3: delta = (l2 - l1 c) / sqrt(l1 s2) and
 * P(delta | match) = 2 (1 - Phi(|delta|))). */
static inline double lengthmodel_match_cost(const struct lengthmodel *lm,
                                            double l1, double l2)
{
    double d = lengthmodel_delta(lm, l1, l2);

    return lengthmodel_tail(d < 0 ? -d : d);
}

/* The full cost of a bead of type @type: -log P(match) - log P(delta)
 * (Gale & Church 1993, section 3).  One change: when a side is empty (1-0,
 * 0-1) the length term is bounded by indel_cap = -log P(|delta| > 2), that
 * of a two-sigma deviation.  Unbounded (as in the paper's program), a
 * deleted 150-character sentence costs 24 nats and is never deleted: the
 * search merges it into a 2-1 bead instead.  Bounding it raised strict F1
 * from 0.85 to 0.93 on the UN scale test (5% deletions) and from 0.73 to
 * 0.75 on the Text+Berg test set (dev: 0.72 both ways). */
static inline double lengthmodel_cost(const struct lengthmodel *lm, int type,
                                      double l1, double l2)
{
    double mc = lengthmodel_match_cost(lm, l1, l2);

    if ((l1 == 0 || l2 == 0) && mc > lm->indel_cap)
        mc = lm->indel_cap;
    return lm->prior_cost[type] + mc;
}

/* Estimate c and s2 from the lengths of trusted 1-1 beads (arrays of @n
 * pairs), robustly: c from the ratio of sums, s2 from the median of the
 * squared normalised differences.  Returns 0, or -1 (outputs untouched)
 * when there are too few beads. */
int lengthmodel_estimate(const double *l1, const double *l2, size_t n,
                         double *c_out, double *s2_out);

/* Re-estimate the priors from bead-type counts, smoothed towards the
 * current priors with @weight pseudo-beads (a Dirichlet prior). */
void lengthmodel_estimate_priors(struct lengthmodel *lm,
                                 const size_t counts[POLYALIGN_BEAD_TYPES],
                                 double weight);

#endif
