/* The Gale & Church (1993) length model.  Section and equation numbers refer
 * to W. A. Gale and K. W. Church, "A Program for Aligning Sentences in
 * Bilingual Corpora", Computational Linguistics 19(1), 1993. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lengthmodel.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_SQRT1_2
#define M_SQRT1_2 0.70710678118654752440
#endif

const struct bead_shape lengthmodel_shapes[POLYALIGN_BEAD_TYPES] = {
    [POLYALIGN_BEAD_1_1] = {1, 1}, [POLYALIGN_BEAD_1_0] = {1, 0},
    [POLYALIGN_BEAD_0_1] = {0, 1}, [POLYALIGN_BEAD_2_1] = {2, 1},
    [POLYALIGN_BEAD_1_2] = {1, 2}, [POLYALIGN_BEAD_2_2] = {2, 2},
    [POLYALIGN_BEAD_3_1] = {3, 1}, [POLYALIGN_BEAD_1_3] = {1, 3},
};

/* Table 5 of the paper; 3-1 and 1-3 are not in it and get a small share
 * taken from nothing (the whole is renormalised in lengthmodel_set()). */
const double lengthmodel_default_priors[POLYALIGN_BEAD_TYPES] = {
    [POLYALIGN_BEAD_1_1] = 0.89,    [POLYALIGN_BEAD_1_0] = 0.0099 / 2,
    [POLYALIGN_BEAD_0_1] = 0.0099 / 2, [POLYALIGN_BEAD_2_1] = 0.089 / 2,
    [POLYALIGN_BEAD_1_2] = 0.089 / 2, [POLYALIGN_BEAD_2_2] = 0.011,
    [POLYALIGN_BEAD_3_1] = 0.0025,  [POLYALIGN_BEAD_1_3] = 0.0025,
};

double lengthmodel_tail_table[LENGTHMODEL_TAIL_MAX * LENGTHMODEL_TAIL_STEPS +
                              2];
static pthread_once_t tail_once = PTHREAD_ONCE_INIT;

static void tail_fill(void)
{
    for (size_t k = 0;
         k < sizeof(lengthmodel_tail_table) / sizeof(*lengthmodel_tail_table);
         k++)
        lengthmodel_tail_table[k] = lengthmodel_neg_log_two_tail(
            (double)k / LENGTHMODEL_TAIL_STEPS);
}

/* Length ratios measured on the UN dev set (target/source characters, and
 * the variance s2), see the project's evaluation notes. */
static const struct {
    const char *src, *tgt;
    double c, s2;
} measured[] = {
    {"fr", "ru", 0.98, 5.3},
    {"fr", "ar", 0.75, 4.05},
    {"ru", "ar", 0.77, 3.6},
};

/* The primary language subtag of a BCP 47 tag equals @want. */
static int lang_is(const char *tag, const char *want)
{
    size_t n = strlen(want);

    if (!tag || strncmp(tag, want, n) != 0)
        return 0;
    return tag[n] == '\0' || tag[n] == '-' || tag[n] == '_';
}

void lengthmodel_default_params(const char *src_lang, const char *tgt_lang,
                                double *c, double *s2, int *known)
{
    *c = 1.0;
    *s2 = 6.8;
    *known = 0;
    for (size_t i = 0; i < sizeof(measured) / sizeof(measured[0]); i++) {
        if (lang_is(src_lang, measured[i].src) &&
            lang_is(tgt_lang, measured[i].tgt)) {
            *c = measured[i].c;
            *s2 = measured[i].s2;
            *known = 1;
            return;
        }
        if (lang_is(src_lang, measured[i].tgt) &&
            lang_is(tgt_lang, measured[i].src)) {
            /* Inverse direction: if l2 = c l1 + e with Var(e) = s2 l1,
             * then l1 - l2 / c = -e / c has variance s2 l1 / c^2, that is
             * (s2 / c^3) per character of the new source (l2 ~ c l1). */
            *c = 1.0 / measured[i].c;
            *s2 = measured[i].s2 / (measured[i].c * measured[i].c *
                                    measured[i].c);
            *known = 1;
            return;
        }
    }
}

void lengthmodel_set(struct lengthmodel *lm, double c, double s2,
                     const double *priors)
{
    double sum = 0;

    lm->c = c;
    lm->s2 = s2;
    lm->inv_s2 = 1.0 / s2;
    lm->indel_cap = lengthmodel_neg_log_two_tail(2.0);
    pthread_once(&tail_once, tail_fill);
    if (!priors)
        priors = lengthmodel_default_priors;
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        sum += priors[t] > 0 ? priors[t] : 0;
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++) {
        double p = priors[t] > 0 ? priors[t] / sum : 0;

        lm->prior[t] = p;
        lm->prior_cost[t] = p > 0 ? -log(p) : HUGE_VAL;
    }
}

/* -log(2 (1 - Phi(z))) = -log erfc(z / sqrt 2). */
double lengthmodel_neg_log_two_tail(double z)
{
    double x = z * M_SQRT1_2;

    if (x < 25)
        return -log(erfc(x));
    /* erfc underflows: its asymptotic series (Abramowitz & Stegun 7.1.23),
     * erfc x ~ exp(-x^2) / (x sqrt pi) (1 - 1/(2x^2) + 3/(4x^4)). */
    return x * x + log(x * sqrt(M_PI)) -
           log(1 - 1 / (2 * x * x) + 3 / (4 * x * x * x * x));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

int lengthmodel_estimate(const double *l1, const double *l2, size_t n,
                         double *c_out, double *s2_out)
{
    double sum1 = 0, sum2 = 0, c, s2, *r;
    size_t k = 0;

    if (n < 20)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sum1 += l1[i];
        sum2 += l2[i];
    }
    if (sum1 <= 0 || sum2 <= 0)
        return -1;
    c = sum2 / sum1;
    r = malloc(n * sizeof(*r));
    if (!r)
        return -1;
    for (size_t i = 0; i < n; i++) {
        double mean = (l1[i] + l2[i] / c) / 2;
        double d = l2[i] - c * l1[i];

        if (mean > 0)
            r[k++] = d * d / mean;
    }
    if (k < 20) {
        free(r);
        return -1;
    }
    /* The normalised squared difference is s2 times a chi-square with one
     * degree of freedom, whose median is 0.454936; the median resists the
     * few wrong beads a first pass leaves. */
    qsort(r, k, sizeof(*r), cmp_double);
    s2 = r[k / 2] / 0.454936;
    free(r);
    if (c < 0.2)
        c = 0.2;
    if (c > 5)
        c = 5;
    if (s2 < 0.5)
        s2 = 0.5;
    if (s2 > 50)
        s2 = 50;
    *c_out = c;
    *s2_out = s2;
    return 0;
}

void lengthmodel_estimate_priors(struct lengthmodel *lm,
                                 const size_t counts[POLYALIGN_BEAD_TYPES],
                                 double weight)
{
    double p[POLYALIGN_BEAD_TYPES];

    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        p[t] = (double)counts[t] + weight * lm->prior[t];
    lengthmodel_set(lm, lm->c, lm->s2, p);
}
