/* The Gale & Church length model: bead costs against hand-computed values
 * (tests/data/align/costs.tsv), default parameters per language pair, the
 * tabulated normal tail, and the estimation of c. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lengthmodel.h"

static int type_of(const char *name)
{
    static const char *const names[POLYALIGN_BEAD_TYPES] = {
        "1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "3-1", "1-3",
    };

    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        if (strcmp(names[t], name) == 0)
            return t;
    return -1;
}

START_TEST(test_costs_by_hand)
{
    const char *src = getenv("POLYALIGN_SRCDIR");
    char path[4096], line[256];
    int seen[POLYALIGN_BEAD_TYPES] = {0}, rows = 0;
    FILE *fp;

    ck_assert_ptr_nonnull(src);
    snprintf(path, sizeof(path), "%s/tests/data/align/costs.tsv", src);
    fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    while (fgets(line, sizeof(line), fp)) {
        char name[8];
        double l1, l2, c, s2, delta, cost;
        struct lengthmodel lm;
        int t;

        if (line[0] == '#')
            continue;
        ck_assert_int_eq(sscanf(line, "%7s %lf %lf %lf %lf %lf %lf", name,
                                &l1, &l2, &c, &s2, &delta, &cost),
                         7);
        t = type_of(name);
        ck_assert_int_ge(t, 0);
        lengthmodel_set(&lm, c, s2, NULL);
        ck_assert_double_eq_tol(lengthmodel_delta(&lm, l1, l2), delta, 1e-5);
        ck_assert_msg(fabs(lengthmodel_cost(&lm, t, l1, l2) - cost) < 1e-4,
                      "%s %g %g: cost %.6f, by hand %.6f", name, l1, l2,
                      lengthmodel_cost(&lm, t, l1, l2), cost);
        seen[t] = 1;
        rows++;
    }
    fclose(fp);
    ck_assert_int_ge(rows, POLYALIGN_BEAD_TYPES);
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        ck_assert_msg(seen[t], "bead type %d has no hand-computed case", t);
}
END_TEST

START_TEST(test_defaults_per_pair)
{
    double c, s2;
    int known;

    lengthmodel_default_params("fr", "ru", &c, &s2, &known);
    ck_assert(known && c == 0.98 && s2 == 5.3);
    lengthmodel_default_params("fr-FR", "ar", &c, &s2, &known);
    ck_assert(known && c == 0.75 && s2 == 4.05);
    lengthmodel_default_params("ru", "ar", &c, &s2, &known);
    ck_assert(known && c == 0.77 && s2 == 3.6);
    /* Inverse directions: c' = 1 / c, s2' = s2 / c^3. */
    lengthmodel_default_params("ar", "fr", &c, &s2, &known);
    ck_assert(known);
    ck_assert_double_eq_tol(c, 1 / 0.75, 1e-12);
    ck_assert_double_eq_tol(s2, 4.05 / (0.75 * 0.75 * 0.75), 1e-12);
    lengthmodel_default_params("ru", "fr", &c, &s2, &known);
    ck_assert_double_eq_tol(c, 1 / 0.98, 1e-12);
    /* Anything else: Gale & Church's own values. */
    lengthmodel_default_params("de", "fr", &c, &s2, &known);
    ck_assert(!known && c == 1 && s2 == 6.8);
    lengthmodel_default_params(NULL, "frr", &c, &s2, &known);
    ck_assert(!known && c == 1 && s2 == 6.8);
}
END_TEST

START_TEST(test_tail_table)
{
    struct lengthmodel lm;
    double worst = 0;

    lengthmodel_set(&lm, 1, 6.8, NULL);
    for (double z = 0; z < 60; z += 0.0137) {
        double e = fabs(lengthmodel_tail(z) - lengthmodel_neg_log_two_tail(z));

        if (e > worst)
            worst = e;
    }
    ck_assert_double_lt(worst, 1e-5);
    /* Far in the tail: finite and growing like z^2 / 2. */
    ck_assert(isfinite(lengthmodel_neg_log_two_tail(100)));
    ck_assert_double_eq_tol(lengthmodel_neg_log_two_tail(100) / 5000, 1,
                            0.01);
}
END_TEST

START_TEST(test_priors_normalised)
{
    struct lengthmodel lm;
    double sum = 0, p[POLYALIGN_BEAD_TYPES] = {0};
    size_t counts[POLYALIGN_BEAD_TYPES] = {0};

    lengthmodel_set(&lm, 1, 6.8, NULL);
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        sum += lm.prior[t];
    ck_assert_double_eq_tol(sum, 1, 1e-12);
    p[POLYALIGN_BEAD_1_1] = 3;
    p[POLYALIGN_BEAD_1_0] = 1;
    lengthmodel_set(&lm, 1, 6.8, p);
    ck_assert_double_eq_tol(lm.prior[POLYALIGN_BEAD_1_1], 0.75, 1e-12);
    ck_assert(isinf(lm.prior_cost[POLYALIGN_BEAD_2_2]));
    /* Counts smoothed towards the current priors. */
    lengthmodel_set(&lm, 1, 6.8, NULL);
    counts[POLYALIGN_BEAD_2_1] = 800;
    lengthmodel_estimate_priors(&lm, counts, 200);
    ck_assert_double_gt(lm.prior[POLYALIGN_BEAD_2_1], 0.8);
    ck_assert_double_gt(lm.prior[POLYALIGN_BEAD_1_3], 0);
}
END_TEST

START_TEST(test_estimate)
{
    double l1[200], l2[200], c = 0, s2 = 0;
    unsigned x = 12345;

    for (int i = 0; i < 200; i++) {
        double noise;

        x = x * 1103515245u + 12345u;
        l1[i] = 20 + (x >> 16) % 200;
        x = x * 1103515245u + 12345u;
        noise = ((double)((x >> 16) % 21) - 10) * 0.3;
        l2[i] = 1.5 * l1[i] + noise * sqrt(l1[i]) / 3;
    }
    ck_assert_int_eq(lengthmodel_estimate(l1, l2, 200, &c, &s2), 0);
    ck_assert_double_eq_tol(c, 1.5, 0.02);
    ck_assert_double_gt(s2, 0);
    /* Too few beads: nothing estimated. */
    c = -1;
    ck_assert_int_eq(lengthmodel_estimate(l1, l2, 10, &c, &s2), -1);
    ck_assert(c == -1);
}
END_TEST

static Suite *lengthmodel_suite(void)
{
    Suite *s = suite_create("lengthmodel");
    TCase *tc = tcase_create("lengthmodel");

    tcase_add_test(tc, test_costs_by_hand);
    tcase_add_test(tc, test_defaults_per_pair);
    tcase_add_test(tc, test_tail_table);
    tcase_add_test(tc, test_priors_normalised);
    tcase_add_test(tc, test_estimate);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lengthmodel_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
