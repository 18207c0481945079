/* The strict/lax scorer on hand-checked gold and system files
 * (tests/data/eval/cases.tsv gives the expected counts of each pair). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "polyalign.h"

static struct polyalign_context *ctx;

static void setup(void)
{
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    polyalign_context_set_log(ctx, NULL, NULL);
}

static void teardown(void)
{
    polyalign_context_free(ctx);
    ctx = NULL;
}

static char *data_path(const char *name)
{
    const char *src = getenv("POLYALIGN_SRCDIR");
    size_t n;
    char *p;

    ck_assert_ptr_nonnull(src);
    n = strlen(src) + strlen(name) + 32;
    p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/tests/data/eval/%s", src, name);
    return p;
}

static void load(const char *name, struct polyalign_beadset **out)
{
    char *p = data_path(name);

    ck_assert_msg(polyalign_beadset_load_file(out, ctx, p) == 0, "%s: %s",
                  name, polyalign_context_last_error(ctx));
    free(p);
}

static void score_pair(const char *g, const char *s,
                       struct polyalign_eval_counts *acc)
{
    struct polyalign_beadset *gold = NULL, *sys = NULL;

    load(g, &gold);
    load(s, &sys);
    ck_assert_int_eq(polyalign_eval_add(acc, gold, sys), 0);
    polyalign_beadset_free(gold);
    polyalign_beadset_free(sys);
}

/* Every case of cases.tsv gives exactly the expected counts. */
START_TEST(test_cases)
{
    char *p = data_path("cases.tsv"), line[512];
    FILE *fp = fopen(p, "r");
    int cases = 0;

    ck_assert_ptr_nonnull(fp);
    while (fgets(line, sizeof(line), fp)) {
        char g[128], s[128];
        size_t want[6];
        struct polyalign_eval_counts c = {0};

        if (line[0] == '#' || line[0] == '\n')
            continue;
        ck_assert_int_eq(sscanf(line, "%127s %127s %zu %zu %zu %zu %zu %zu",
                                g, s, &want[0], &want[1], &want[2], &want[3],
                                &want[4], &want[5]),
                         8);
        score_pair(g, s, &c);
        ck_assert_msg(c.system == want[0] && c.p_strict_hits == want[1] &&
                          c.p_lax_hits == want[2] && c.gold == want[3] &&
                          c.r_strict_hits == want[4] &&
                          c.r_lax_hits == want[5],
                      "%s/%s: got %zu %zu %zu %zu %zu %zu", g, s, c.system,
                      c.p_strict_hits, c.p_lax_hits, c.gold,
                      c.r_strict_hits, c.r_lax_hits);
        cases++;
    }
    fclose(fp);
    free(p);
    ck_assert_int_ge(cases, 4);
}
END_TEST

/* P, R, F1 from counts, and counts summed over documents before the
 * ratios are taken. */
START_TEST(test_scores_summed)
{
    struct polyalign_eval_counts c = {0};
    struct polyalign_eval_scores s;

    score_pair("mixed.gold", "mixed.sys", &c);
    polyalign_eval_scores(&c, &s);
    ck_assert_double_eq_tol(s.strict_p, 0.4, 1e-12);
    ck_assert_double_eq_tol(s.strict_r, 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(s.strict_f1, 0.5, 1e-12);
    ck_assert_double_eq_tol(s.lax_p, 0.6, 1e-12);
    ck_assert_double_eq_tol(s.lax_r, 1.0, 1e-12);
    ck_assert_double_eq_tol(s.lax_f1, 0.75, 1e-12);

    /* + noncontig: strict P (2 + 1) / (5 + 3), R (2 + 1) / (3 + 2). */
    score_pair("noncontig.gold", "noncontig.sys", &c);
    polyalign_eval_scores(&c, &s);
    ck_assert_double_eq_tol(s.strict_p, 3.0 / 8, 1e-12);
    ck_assert_double_eq_tol(s.strict_r, 3.0 / 5, 1e-12);
    ck_assert_double_eq_tol(s.strict_f1,
                            2 * (3.0 / 8) * (3.0 / 5) / (3.0 / 8 + 3.0 / 5),
                            1e-12);
    ck_assert_double_eq_tol(s.lax_p, 5.0 / 8, 1e-12);
    ck_assert_double_eq_tol(s.lax_r, 1.0, 1e-12);
}
END_TEST

START_TEST(test_undefined_is_zero)
{
    struct polyalign_eval_counts c = {0};
    struct polyalign_eval_scores s;

    score_pair("empty.gold", "empty.sys", &c);
    polyalign_eval_scores(&c, &s);
    ck_assert(s.strict_p == 0 && s.strict_r == 0 && s.strict_f1 == 0);
    ck_assert(s.lax_p == 0 && s.lax_r == 0 && s.lax_f1 == 0);
}
END_TEST

START_TEST(test_parse)
{
    struct polyalign_beadset *b = NULL;
    static const char ok[] = "[0, 1]:[0]:0.93\n  [ ]:[2]\r\n\n[3]:[]\n";
    static const char bad[] = "[0]:[0]\n[1]:[2]:high\n";
    char *p;

    ck_assert_int_eq(
        polyalign_beadset_load_memory(&b, ctx, "ok", ok, strlen(ok)), 0);
    ck_assert_uint_eq(polyalign_beadset_count(b), 3);
    polyalign_beadset_free(b);

    ck_assert_int_eq(
        polyalign_beadset_load_memory(&b, ctx, "x.sys", bad, strlen(bad)),
        POLYALIGN_EFORMAT);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "x.sys:2:"));

    p = data_path("malformed.sys");
    ck_assert_int_eq(polyalign_beadset_load_file(&b, ctx, p),
                     POLYALIGN_EFORMAT);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx), ":2:"));
    free(p);
    ck_assert_int_eq(polyalign_beadset_load_file(&b, ctx, "/no/such/file"),
                     POLYALIGN_EIO);
    polyalign_beadset_free(NULL);
}
END_TEST

static Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("eval");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cases);
    tcase_add_test(tc, test_scores_summed);
    tcase_add_test(tc, test_undefined_is_zero);
    tcase_add_test(tc, test_parse);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(eval_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
