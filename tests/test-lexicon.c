/* Lexicons: TSV and hunalign files with bad lines, folding of both sides,
 * the generated FreeDict lexicons, a missing lexicon. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "polyalign.h"

static struct polyalign_context *ctx;
static char logbuf[8192];

static void capture(void *data, enum polyalign_log_level lvl,
                    const char *msg)
{
    (void)data;
    (void)lvl;
    strncat(logbuf, msg, sizeof(logbuf) - strlen(logbuf) - 2);
    strcat(logbuf, "\n");
}

static void setup(void)
{
    logbuf[0] = '\0';
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    polyalign_context_set_log(ctx, capture, NULL);
}

static void teardown(void)
{
    polyalign_context_free(ctx);
    ctx = NULL;
}

static const char *fixture(const char *name)
{
    static char path[1024];
    const char *src = getenv("POLYALIGN_SRCDIR");

    snprintf(path, sizeof(path), "%s/tests/data/lexicon/%s",
             src ? src : ".", name);
    return path;
}

static int has(const struct polyalign_lexicon *lex, const char *key,
               const char *target)
{
    const char *const *v;
    size_t n = polyalign_lexicon_lookup(lex, key, &v);

    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], target) == 0)
            return 1;
    return 0;
}

START_TEST(test_tsv)
{
    struct polyalign_lexicon *lex = NULL;
    const char *const *v;

    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "fr", "ru"), 0);
    ck_assert_int_eq(polyalign_lexicon_load(lex, fixture("glossary.tsv"),
                                            POLYALIGN_LEXICON_AUTO), 0);
    ck_assert_uint_eq(polyalign_lexicon_entries(lex), 4);
    ck_assert_uint_eq(polyalign_lexicon_pairs(lex), 5); /* one duplicate */
    ck_assert_uint_eq(polyalign_lexicon_lookup(lex, "attaque", &v), 2);
    ck_assert(has(lex, "attaque", "атака"));
    ck_assert(has(lex, "attaque", "нападение"));
    /* Both sides folded: the keys tokens carry look them up. */
    ck_assert(has(lex, "genève", "женева"));
    ck_assert(has(lex, "président", "президент"));
    ck_assert(has(lex, "pirate informatique", "хакер"));
    ck_assert_uint_eq(polyalign_lexicon_lookup(lex, "Genève", &v), 0);
    ck_assert_ptr_null(v);
    /* Bad lines: reported with their line number and skipped. */
    ck_assert_uint_eq(polyalign_lexicon_bad_lines(lex), 3);
    ck_assert_ptr_nonnull(strstr(logbuf, "glossary.tsv:5:"));
    ck_assert_ptr_nonnull(strstr(logbuf, "glossary.tsv:7:"));
    ck_assert_ptr_nonnull(strstr(logbuf, "glossary.tsv:8: invalid UTF-8"));
    ck_assert_ptr_null(strstr(logbuf, "glossary.tsv:9:"));
    polyalign_lexicon_free(lex);
}
END_TEST

START_TEST(test_hunalign)
{
    struct polyalign_lexicon *lex = NULL;

    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "fr", "ru"), 0);
    ck_assert_int_eq(polyalign_lexicon_load(lex, fixture("hunalign.dic"),
                                            POLYALIGN_LEXICON_HUNALIGN), 0);
    ck_assert_uint_eq(polyalign_lexicon_entries(lex), 4);
    /* target @ source */
    ck_assert(has(lex, "attaque", "атака"));
    ck_assert(has(lex, "pirate", "хакер"));
    ck_assert(has(lex, "sapin", "елка")); /* ё folded */
    ck_assert_uint_eq(polyalign_lexicon_bad_lines(lex), 1);
    ck_assert_ptr_nonnull(strstr(logbuf, "hunalign.dic:4:"));
    /* The format is guessed the same from the first line. */
    polyalign_lexicon_free(lex);
    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "fr", "ru"), 0);
    ck_assert_int_eq(polyalign_lexicon_load(lex, fixture("hunalign.dic"),
                                            POLYALIGN_LEXICON_AUTO), 0);
    ck_assert(has(lex, "président", "президент"));
    polyalign_lexicon_free(lex);
}
END_TEST

START_TEST(test_add_and_errors)
{
    struct polyalign_lexicon *lex = NULL;

    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "", "ru"),
                     POLYALIGN_EINVAL);
    ck_assert_ptr_null(lex);
    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "fr", "ar"), 0);
    ck_assert_int_eq(polyalign_lexicon_add(lex, "Attaque", "الْهُجُوم"), 0);
    /* Arabic harakat removed on the target side. */
    ck_assert(has(lex, "attaque", "الهجوم"));
    ck_assert_int_eq(polyalign_lexicon_load(lex, "/no/such/file.tsv",
                                            POLYALIGN_LEXICON_TSV),
                     POLYALIGN_EIO);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "/no/such/file.tsv"));
    polyalign_lexicon_free(lex);
    polyalign_lexicon_free(NULL);
}
END_TEST

START_TEST(test_missing_default)
{
    struct polyalign_lexicon *lex = NULL;

    /* A data directory without lexicons: a warning naming the package. */
    ck_assert_int_eq(polyalign_context_set_datadir(ctx, "/nonexistent"), 0);
    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "fr", "ru"), 0);
    ck_assert_int_eq(polyalign_lexicon_load_default(lex),
                     POLYALIGN_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(logbuf, "apt-get install "
                                         "dict-freedict-fra-rus"));
    ck_assert_uint_eq(polyalign_lexicon_entries(lex), 0);
    polyalign_lexicon_free(lex);
    ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, "xx", "yy"), 0);
    ck_assert_int_eq(polyalign_lexicon_load_default(lex),
                     POLYALIGN_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(logbuf, "--lexicon"));
    polyalign_lexicon_free(lex);
}
END_TEST

/* Needs the lexicons the build generates from FreeDict. */
START_TEST(test_generated)
{
    static const char *const pairs[][4] = {
        {"fr", "ru", "attaque", "атака"},
        {"fr", "ar", "attaque", "هجوم"},
        {"en", "ar", "attack", "هجوم"},
        {"ru", "ar", "атака", "هجوم"},
        {"fr", "en", "président", "president"},
        {"de", "fr", "angriff", "attaque"},
    };
    char *path = polyalign_context_find_data(ctx, "lexicon/fr-ru.tsv");

    if (!path) {
        fprintf(stderr, "# generated lexicons not built: skipped\n");
        return;
    }
    free(path);
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        struct polyalign_lexicon *lex = NULL;
        ck_assert_int_eq(polyalign_lexicon_new(&lex, ctx, pairs[i][0],
                                               pairs[i][1]), 0);
        ck_assert_int_eq(polyalign_lexicon_load_default(lex), 0);
        ck_assert_uint_gt(polyalign_lexicon_entries(lex), 1000);
        ck_assert_uint_ge(polyalign_lexicon_pairs(lex),
                          polyalign_lexicon_entries(lex));
        ck_assert_msg(has(lex, pairs[i][2], pairs[i][3]), "%s-%s: %s -> %s",
                      pairs[i][0], pairs[i][1], pairs[i][2], pairs[i][3]);
        ck_assert_uint_eq(polyalign_lexicon_bad_lines(lex), 0);
        polyalign_lexicon_free(lex);
    }
}
END_TEST

static Suite *lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("lexicon");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_tsv);
    tcase_add_test(tc, test_hunalign);
    tcase_add_test(tc, test_add_and_errors);
    tcase_add_test(tc, test_missing_default);
    tcase_add_test(tc, test_generated);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lexicon_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
