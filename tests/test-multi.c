/* N-way alignment: composition of pairwise beads through a pivot (grouping
 * at shared boundaries, partners absorbed, missing languages), triangulation
 * against direct pairs (agreement, disagreement, lowered confidence),
 * unaligned sentences, bad input; and an end-to-end run on the bundled
 * three-language report. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polyalign.h"

static struct polyalign_context *ctx;

static void setup(void)
{
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
}

static void teardown(void)
{
    polyalign_context_free(ctx);
    ctx = NULL;
}

/* Beads from a shape list such as "1-1 2-1 0-1" (counts; starts follow),
 * every confidence @conf.  Returns the number of beads. */
static size_t beads(struct polyalign_bead *out, const char *shapes, double conf)
{
    size_t n = 0, s = 0, t = 0;
    const char *p = shapes;
    int used;
    unsigned a, b;

    while (sscanf(p, " %u-%u%n", &a, &b, &used) == 2) {
        out[n].src_start = s;
        out[n].src_count = a;
        out[n].tgt_start = t;
        out[n].tgt_count = b;
        out[n].confidence = conf;
        out[n].cost = 0;
        s += a;
        t += b;
        n++;
        p += used;
    }
    return n;
}

/* Compose three documents (pivot 0) from shape lists; direct may be NULL. */
static struct polyalign_multi *compose3(const size_t sizes[3], const char *pa,
                                        const char *pb, const char *direct)
{
    struct polyalign_bead b1[32], b2[32], d[32];
    const struct polyalign_bead *pivot_beads[3] = {NULL, b1, b2};
    const struct polyalign_bead *direct_beads[9] = {NULL};
    size_t pn[3] = {0, beads(b1, pa, 0.9), beads(b2, pb, 0.8)};
    size_t dn[9] = {0};
    struct polyalign_multi *m = NULL;

    if (direct) {
        dn[1 * 3 + 2] = beads(d, direct, 0.7);
        direct_beads[1 * 3 + 2] = d;
    }
    ck_assert_int_eq(polyalign_multi_compose(&m, ctx, 3, sizes, pivot_beads, pn,
                                             direct ? direct_beads : NULL,
                                             direct ? dn : NULL, NULL),
                     0);
    ck_assert_ptr_nonnull(m);
    return m;
}

static void check_unit(const struct polyalign_multi *m, size_t u,
                       const char *type, size_t s0, size_t s1, size_t s2,
                       int consistent)
{
    struct polyalign_multi_unit un;
    char buf[32];

    ck_assert_int_eq(polyalign_multi_unit(m, u, &un), 0);
    polyalign_multi_unit_type(m, &un, buf, sizeof(buf));
    ck_assert_str_eq(buf, type);
    ck_assert_uint_eq(un.start[0], s0);
    if (un.count[1])
        ck_assert_uint_eq(un.start[1], s1);
    if (un.count[2])
        ck_assert_uint_eq(un.start[2], s2);
    ck_assert_int_eq(un.consistent, consistent);
}

START_TEST(two_documents)
{
    struct polyalign_bead b[8];
    const struct polyalign_bead *pb[2] = {NULL, b};
    size_t sizes[2] = {4, 4}, pn[2] = {0, beads(b, "1-1 1-0 0-1 2-2", .6)};
    struct polyalign_multi *m = NULL;
    struct polyalign_multi_unit un;

    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 2, sizes, pb, pn, NULL, NULL, NULL),
        0);
    ck_assert_uint_eq(polyalign_multi_doc_count(m), 2);
    ck_assert_uint_eq(polyalign_multi_unit_count(m), 2);
    ck_assert_int_eq(polyalign_multi_unit(m, 1, &un), 0);
    ck_assert_uint_eq(un.start[0], 2);
    ck_assert_uint_eq(un.count[0], 2);
    ck_assert_uint_eq(un.start[1], 2);
    ck_assert_uint_eq(un.count[1], 2);
    ck_assert_uint_eq(un.present, 2);
    ck_assert_double_eq_tol(un.confidence, .6, 1e-9);
    ck_assert_int_eq(un.consistent, -1);
    /* The 1-0 and 0-1 sentences belong to no unit. */
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 0, 0), 0);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 0, 1), -1);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 1, 1), -1);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 1, 3), 1);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 1, 4), -1);
    ck_assert_int_eq(polyalign_multi_unit(m, 2, &un), POLYALIGN_EINVAL);
    polyalign_multi_free(m);
}
END_TEST

/* Pivot beads that differ between pairs are merged into one unit: no bead
 * of either pair crosses a unit. */
START_TEST(grouping)
{
    size_t sizes[3] = {3, 3, 2};
    struct polyalign_multi *m = compose3(sizes, "1-1 1-1 1-1", "2-1 1-1", NULL);
    struct polyalign_multi_unit un;

    ck_assert_uint_eq(polyalign_multi_unit_count(m), 2);
    check_unit(m, 0, "2-2-1", 0, 0, 0, -1);
    check_unit(m, 1, "1-1-1", 2, 2, 1, -1);
    ck_assert_int_eq(polyalign_multi_unit(m, 0, &un), 0);
    ck_assert_uint_eq(un.present, 3);
    /* The lowest pairwise confidence. */
    ck_assert_double_eq_tol(un.confidence, .8, 1e-9);
    polyalign_multi_free(m);
}
END_TEST

/* With POLYALIGN_MULTI_KEEP_PAIRS the group where the pairs disagree
 * gives each pivot pair's own beads, and the direct beads inside it, as
 * two-document units, never triangulated; the group where they agree stays
 * one unit. */
START_TEST(keep_pairs)
{
    struct polyalign_bead b1[8], b2[8], d[8];
    const struct polyalign_bead *pb[3] = {NULL, b1, b2};
    const struct polyalign_bead *db[9] = {NULL};
    size_t sizes[3] = {3, 3, 2};
    size_t pn[3] = {0, beads(b1, "1-1 1-1 1-1", .9), beads(b2, "2-1 1-1", .8)};
    size_t dn[9] = {0};
    struct polyalign_multi_options o = {0};
    struct polyalign_multi *m = NULL;
    struct polyalign_multi_unit un;

    dn[1 * 3 + 2] = beads(d, "1-1 2-1", .7);
    db[1 * 3 + 2] = d;
    o.flags = POLYALIGN_MULTI_KEEP_PAIRS;
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 3, sizes, pb, pn, db, dn, &o), 0);
    ck_assert_uint_eq(polyalign_multi_unit_count(m), 7);
    /* The group where the pivot pairs disagree: each pair's own beads,
     * each followed by the direct beads touching it, without the pivot
     * (the 2-1 direct bead crosses into the next group: it comes once). */
    check_unit(m, 0, "1-1-0", 0, 0, 0, -1);
    check_unit(m, 1, "0-1-1", 0, 0, 0, -1);
    ck_assert_int_eq(polyalign_multi_unit(m, 1, &un), 0);
    ck_assert_double_eq_tol(un.confidence, .7, 1e-9);
    check_unit(m, 2, "2-0-1", 0, 0, 0, -1);
    check_unit(m, 3, "1-1-0", 1, 1, 0, -1);
    check_unit(m, 4, "0-2-1", 0, 1, 1, -1);
    /* The last group agrees as pivot beads but the direct 2-1 bead
     * contradicts it: instead of one inconsistent 1-1-1 unit, each pivot
     * pair's bead, marked inconsistent, its confidence halved. */
    check_unit(m, 5, "1-1-0", 2, 2, 0, 0);
    check_unit(m, 6, "1-0-1", 2, 0, 1, 0);
    ck_assert_int_eq(polyalign_multi_unit(m, 6, &un), 0);
    ck_assert_double_eq_tol(un.confidence, .4, 1e-9);
    ck_assert_int_eq(polyalign_multi_unit(m, 2, &un), 0);
    ck_assert_int_eq(un.kept_pair, 1);
    ck_assert_uint_eq(un.present, 2);
    ck_assert_double_eq_tol(un.confidence, .8, 1e-9);
    /* Pivot sentence 0 is in two units: the first is reported. */
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 0, 0), 0);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 0, 1), 2);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 2, 0), 1);
    polyalign_multi_free(m);
}
END_TEST

/* A 0-1 bead inside a merged group is absorbed by the span. */
START_TEST(absorbed)
{
    size_t sizes[3] = {2, 3, 1};
    struct polyalign_multi *m = compose3(sizes, "1-1 0-1 1-1", "2-1", NULL);
    struct polyalign_multi_unit un;

    ck_assert_uint_eq(polyalign_multi_unit_count(m), 1);
    ck_assert_int_eq(polyalign_multi_unit(m, 0, &un), 0);
    ck_assert_uint_eq(un.count[1], 3);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 1, 1), 0);
    polyalign_multi_free(m);
}
END_TEST

/* A language missing from a unit; a pivot sentence with no partner at all
 * makes no unit. */
START_TEST(missing_language)
{
    size_t sizes[3] = {3, 2, 2};
    struct polyalign_multi *m =
        compose3(sizes, "1-1 1-0 1-1", "1-0 1-1 1-1", NULL);
    struct polyalign_multi_unit un;

    ck_assert_uint_eq(polyalign_multi_unit_count(m), 3);
    check_unit(m, 0, "1-1-0", 0, 0, 0, -1);
    check_unit(m, 1, "1-0-1", 1, 0, 0, -1);
    check_unit(m, 2, "1-1-1", 2, 1, 1, -1);
    ck_assert_int_eq(polyalign_multi_unit(m, 0, &un), 0);
    ck_assert_uint_eq(un.present, 2);
    polyalign_multi_free(m);

    m = compose3(sizes, "1-0 1-1 1-1", "1-0 1-1 1-1", NULL);
    ck_assert_uint_eq(polyalign_multi_unit_count(m), 2);
    ck_assert_int_eq(polyalign_multi_sentence_unit(m, 0, 0), -1);
    check_unit(m, 0, "1-1-1", 1, 0, 0, -1);
    polyalign_multi_free(m);
}
END_TEST

/* The direct pair agrees (also when it leaves a sentence unaligned inside
 * a unit). */
START_TEST(triangulation_agrees)
{
    size_t sizes[3] = {3, 3, 2};
    struct polyalign_multi *m =
        compose3(sizes, "1-1 1-1 1-1", "2-1 1-1", "2-1 1-1");
    struct polyalign_multi_unit un;

    check_unit(m, 0, "2-2-1", 0, 0, 0, 1);
    check_unit(m, 1, "1-1-1", 2, 2, 1, 1);
    ck_assert_int_eq(polyalign_multi_unit(m, 0, &un), 0);
    ck_assert_double_eq_tol(un.confidence, .8, 1e-9);
    polyalign_multi_free(m);

    m = compose3(sizes, "1-1 1-1 1-1", "2-1 1-1", "1-1 1-0 1-1");
    check_unit(m, 0, "2-2-1", 0, 0, 0, 1);
    check_unit(m, 1, "1-1-1", 2, 2, 1, 1);
    polyalign_multi_free(m);
}
END_TEST

/* The direct pair disagrees: both units touched are marked and their
 * confidence halved; units it cannot judge stay unchecked. */
START_TEST(triangulation_disagrees)
{
    size_t sizes[3] = {3, 3, 2};
    struct polyalign_multi *m =
        compose3(sizes, "1-1 1-1 1-1", "2-1 1-1", "1-1 2-1");
    struct polyalign_multi_unit un;

    check_unit(m, 0, "2-2-1", 0, 0, 0, 0);
    check_unit(m, 1, "1-1-1", 2, 2, 1, 0);
    ck_assert_int_eq(polyalign_multi_unit(m, 1, &un), 0);
    ck_assert_double_eq_tol(un.confidence, .4, 1e-9);
    polyalign_multi_free(m);

    /* The pivot gives A's first sentence no Russian partner, the direct
     * pair links it to B's first sentence: inconsistent.  With no direct
     * link either, unchecked. */
    sizes[1] = 3;
    sizes[2] = 2;
    m = compose3(sizes, "1-1 1-1 1-1", "1-0 1-1 1-1", "1-1 1-1 1-0");
    check_unit(m, 0, "1-1-0", 0, 0, 0, 0);
    polyalign_multi_free(m);
    m = compose3(sizes, "1-1 1-1 1-1", "1-0 1-1 1-1", "1-0 1-1 1-1");
    check_unit(m, 0, "1-1-0", 0, 0, 0, -1);
    check_unit(m, 1, "1-1-1", 1, 1, 0, 1);
    polyalign_multi_free(m);
}
END_TEST

/* The pivot need not be the first document. */
START_TEST(pivot_in_the_middle)
{
    struct polyalign_bead b0[8], b2[8], d[8];
    const struct polyalign_bead *pb[3] = {b0, NULL, b2};
    const struct polyalign_bead *db[9] = {NULL};
    size_t sizes[3] = {2, 2, 2};
    size_t pn[3] = {beads(b0, "1-1 1-1", .9), 0, beads(b2, "1-1 1-1", .9)};
    size_t dn[9] = {0};
    struct polyalign_multi_options o = {0};
    struct polyalign_multi *m = NULL;
    struct polyalign_multi_unit un;

    dn[0 * 3 + 2] = beads(d, "1-1 1-1", .9);
    db[0 * 3 + 2] = d;
    o.pivot = 1;
    o.inconsistent_factor = 0.25;
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 3, sizes, pb, pn, db, dn, &o), 0);
    ck_assert_uint_eq(polyalign_multi_unit_count(m), 2);
    ck_assert_int_eq(polyalign_multi_unit(m, 1, &un), 0);
    ck_assert_int_eq(un.consistent, 1);
    ck_assert_uint_eq(un.start[0], 1);
    polyalign_multi_free(m);

    dn[0 * 3 + 2] = beads(d, "2-1 0-1", .9);
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 3, sizes, pb, pn, db, dn, &o), 0);
    ck_assert_int_eq(polyalign_multi_unit(m, 1, &un), 0);
    ck_assert_int_eq(un.consistent, 0);
    ck_assert_double_eq_tol(un.confidence, .9 * .25, 1e-9);
    polyalign_multi_free(m);
}
END_TEST

START_TEST(bad_input)
{
    struct polyalign_bead b[8];
    const struct polyalign_bead *pb[2] = {NULL, b};
    size_t sizes[2] = {3, 3}, pn[2] = {0, beads(b, "1-1 1-1", .9)};
    struct polyalign_multi_options o = {0};
    struct polyalign_multi *m = NULL;

    /* The beads do not cover the documents. */
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 2, sizes, pb, pn, NULL, NULL, NULL),
        POLYALIGN_EINVAL);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(
        strstr(polyalign_context_last_error(ctx), "covers 2 and 2"));
    /* A gap between beads. */
    pn[1] = beads(b, "1-1 1-1 1-1", .9);
    b[1].src_start = 2;
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 2, sizes, pb, pn, NULL, NULL, NULL),
        POLYALIGN_EINVAL);
    pn[1] = beads(b, "1-1 1-1 1-1", .9);
    o.pivot = 2;
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 2, sizes, pb, pn, NULL, NULL, &o),
        POLYALIGN_EINVAL);
    ck_assert_int_eq(
        polyalign_multi_compose(&m, ctx, 1, sizes, pb, pn, NULL, NULL, NULL),
        POLYALIGN_EINVAL);
    ck_assert_int_eq(polyalign_multi_sentence_unit(NULL, 0, 0), -1);
    polyalign_multi_free(NULL);
}
END_TEST

/* End to end: the bundled report in three languages, split and aligned. */
START_TEST(ntrex_sample)
{
    static const char *const lang[3] = {"fr", "ru", "ar"};
    struct polyalign_doc *doc[3] = {NULL};
    const struct polyalign_doc *docs[3];
    struct polyalign_multi *m = NULL;
    const char *top = getenv("POLYALIGN_SRCDIR");
    size_t complete = 0, nu;
    char path[4096];

    ck_assert_ptr_nonnull(top);
    for (int i = 0; i < 3; i++) {
        struct polyalign_splitter *sp = NULL;

        snprintf(path, sizeof(path),
                 "%s/corpora/ntrex-sample/bbc.381790.%s.txt", top, lang[i]);
        ck_assert_int_eq(polyalign_doc_load_file(&doc[i], ctx, path, NULL), 0);
        ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, lang[i]), 0);
        ck_assert_int_eq(polyalign_doc_segment(doc[i], sp), 0);
        polyalign_splitter_free(sp);
        docs[i] = doc[i];
    }
    ck_assert_int_eq(polyalign_multi_align_docs(&m, ctx, docs, 3, NULL), 0);
    nu = polyalign_multi_unit_count(m);
    ck_assert_uint_ge(nu, 10);
    for (size_t u = 0; u < nu; u++) {
        struct polyalign_multi_unit un;

        ck_assert_int_eq(polyalign_multi_unit(m, u, &un), 0);
        complete += un.present == 3;
        ck_assert(un.confidence >= 0 && un.confidence <= 1);
    }
    /* A real translation: nearly every unit holds all three languages and
     * the direct ru-ar pair agrees with the pivot path. */
    ck_assert_uint_ge(complete * 10, nu * 9);
    polyalign_multi_free(m);
    for (int i = 0; i < 3; i++)
        polyalign_doc_free(doc[i]);
}
END_TEST

static Suite *multi_suite(void)
{
    Suite *s = suite_create("multi");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, two_documents);
    tcase_add_test(tc, grouping);
    tcase_add_test(tc, keep_pairs);
    tcase_add_test(tc, absorbed);
    tcase_add_test(tc, missing_language);
    tcase_add_test(tc, triangulation_agrees);
    tcase_add_test(tc, triangulation_disagrees);
    tcase_add_test(tc, pivot_in_the_middle);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, ntrex_sample);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(multi_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
