/* Normalizer: folding rules per language, numbers, stem cache, name
 * skeletons across scripts, entity table.  Cases are data files in
 * tests/data/norm/. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uset.h>
#include <unicode/utf8.h>

#include "norm.h"
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

/* Rows of a TSV fixture, '#' lines skipped; returns the count. */
#define MAX_ROWS 128
struct row {
    char *f[4];
};

static size_t read_rows(const char *name, struct row *rows)
{
    char path[1024], line[2048];
    const char *src = getenv("POLYALIGN_SRCDIR");
    FILE *fp;
    size_t n = 0;

    snprintf(path, sizeof(path), "%s/tests/data/norm/%s", src ? src : ".",
             name);
    fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    while (n < MAX_ROWS && fgets(line, sizeof(line), fp)) {
        char *save = NULL, *tok;
        size_t k = 0;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        memset(&rows[n], 0, sizeof(rows[n]));
        for (tok = strtok_r(line, "\t", &save); tok && k < 4;
             tok = strtok_r(NULL, "\t", &save))
            rows[n].f[k++] = strdup(tok);
        n++;
    }
    fclose(fp);
    return n;
}

static void free_rows(struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < 4; k++)
            free(rows[i].f[k]);
}

static const struct polyalign_token *tokenize(struct polyalign_normalizer *n,
                                              const char *text, size_t *nt)
{
    const struct polyalign_token *t = NULL;

    ck_assert_int_eq(polyalign_normalizer_tokenize(n, text, strlen(text), &t,
                                                   nt), 0);
    return t;
}

START_TEST(test_fold_rules)
{
    struct row rows[MAX_ROWS];
    size_t nr = read_rows("fold.tsv", rows);

    ck_assert_uint_ge(nr, 10);
    for (size_t i = 0; i < nr; i++) {
        struct polyalign_normalizer *n = NULL;
        const struct polyalign_token *t;
        size_t nt;
        char got[1024] = "";

        ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, rows[i].f[0]), 0);
        t = tokenize(n, rows[i].f[1], &nt);
        for (size_t k = 0; k < nt; k++) {
            if (k)
                strcat(got, " ");
            strncat(got, t[k].folded, sizeof(got) - strlen(got) - 2);
        }
        ck_assert_msg(strcmp(got, rows[i].f[2]) == 0,
                      "%s '%s': got '%s', expected '%s'", rows[i].f[0],
                      rows[i].f[1], got, rows[i].f[2]);
        polyalign_normalizer_free(n);
    }
    free_rows(rows, nr);
}
END_TEST

START_TEST(test_offsets_and_flags)
{
    struct polyalign_normalizer *n = NULL;
    const struct polyalign_token *t;
    const char *text = "L’information, 2 042 personnes.";
    size_t nt;

    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, "fr"), 0);
    t = tokenize(n, text, &nt);
    ck_assert_uint_eq(nt, 4);
    /* The text is never changed: offsets give back the original bytes. */
    ck_assert_int_eq(strncmp(text + t[0].start, "L’", t[0].end - t[0].start),
                     0);
    ck_assert_uint_eq(t[0].end, strlen("L’"));
    ck_assert(t[0].flags & POLYALIGN_TOKEN_ELISION);
    ck_assert(t[0].flags & POLYALIGN_TOKEN_STOPWORD);
    ck_assert(t[1].flags & POLYALIGN_TOKEN_WORD);
    ck_assert_int_eq(strncmp(text + t[1].start, "information", 11), 0);
    ck_assert(t[2].flags & POLYALIGN_TOKEN_NUMBER);
    ck_assert_str_eq(t[2].number, "2042");
    ck_assert_int_eq(strncmp(text + t[2].start, "2 042",
                             t[2].end - t[2].start), 0);
    ck_assert_ptr_null(t[1].number);
    polyalign_normalizer_free(n);
}
END_TEST

START_TEST(test_numbers)
{
    struct row rows[MAX_ROWS];
    size_t nr = read_rows("numbers.tsv", rows);
    char *key = NULL;

    ck_assert_uint_ge(nr, 10);
    for (size_t i = 0; i < nr; i++) {
        ck_assert_int_eq(polyalign_number_key(rows[i].f[0], &key), 0);
        ck_assert_ptr_nonnull(key);
        ck_assert_msg(strcmp(key, rows[i].f[1]) == 0, "'%s': got %s, "
                      "expected %s", rows[i].f[0], key, rows[i].f[1]);
        free(key);
    }
    ck_assert_int_eq(polyalign_number_key("none", &key), 0);
    ck_assert_ptr_null(key);
    free_rows(rows, nr);
}
END_TEST

static int has(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

START_TEST(test_lemmas)
{
    struct polyalign_normalizer *fr = NULL, *ru = NULL, *ar = NULL;
    const struct polyalign_token *t;
    size_t nt;

    ck_assert_int_eq(polyalign_normalizer_new(&fr, ctx, "fr"), 0);
    ck_assert_int_eq(polyalign_normalizer_new(&ru, ctx, "ru"), 0);
    ck_assert_int_eq(polyalign_normalizer_new(&ar, ctx, "ar"), 0);
    t = tokenize(fr, "attaques Genève déclaré", &nt);
    ck_assert_uint_eq(nt, 3);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "attaque"));
    /* Proper nouns: stemmed in their original case. */
    ck_assert(has(t[1].lemmas, t[1].n_lemmas, "genève"));
    ck_assert(has(t[2].lemmas, t[2].n_lemmas, "déclarer"));
    t = tokenize(ru, "хакеров Женеве России", &nt);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "хакер"));
    ck_assert(has(t[1].lemmas, t[1].n_lemmas, "женева"));
    ck_assert(has(t[2].lemmas, t[2].n_lemmas, "россия"));
    t = tokenize(ar, "والهجمات في", &nt);
    ck_assert_uint_eq(nt, 2);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "هجمه"));
    /* Clitic-stripped variants of the folded form. */
    ck_assert(has(t[0].variants, t[0].n_variants, "هجمات"));
    /* A stop word: flagged, never stemmed (في has hundreds of stems). */
    ck_assert(t[1].flags & POLYALIGN_TOKEN_STOPWORD);
    ck_assert_uint_eq(t[1].n_lemmas, 0);
    /* Without the hamza Hunspell requires (الأمريكية, الإلكترونية): found
     * again with it, lemmas folded as usual. */
    t = tokenize(ar, "الامريكية الالكترونية", &nt);
    ck_assert_uint_eq(nt, 2);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "امريكي"));
    ck_assert(!(t[0].flags & POLYALIGN_TOKEN_UNKNOWN));
    ck_assert(has(t[1].lemmas, t[1].n_lemmas, "الكتروني"));
    /* Solid prefixes: the rest is stemmed too. */
    t = tokenize(ru, "кибератаки", &nt);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "атака"));
    t = tokenize(fr, "cyberattaques", &nt);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "attaque"));
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "cyberattaque"));
    /* Capitalised and all-capital words: Hunspell folds their case. */
    t = tokenize(fr, "Attaques ATTAQUES", &nt);
    ck_assert(has(t[0].lemmas, t[0].n_lemmas, "attaque"));
    ck_assert(has(t[1].lemmas, t[1].n_lemmas, "attaque"));
    polyalign_normalizer_free(fr);
    polyalign_normalizer_free(ru);
    polyalign_normalizer_free(ar);
}
END_TEST

START_TEST(test_stem_cache)
{
    struct polyalign_normalizer *n = NULL;
    const struct polyalign_token *t;
    size_t nt, calls, types;

    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, "fr"), 0);
    t = tokenize(n, "attaques attaques pirates attaques", &nt);
    ck_assert_uint_eq(nt, 4);
    ck_assert_uint_eq(polyalign_normalizer_types(n), 2);
    calls = polyalign_normalizer_stem_calls(n);
    ck_assert_uint_ge(calls, 2);
    /* Same type, same cached keys. */
    ck_assert_ptr_eq(t[0].lemmas, t[1].lemmas);
    types = polyalign_normalizer_types(n);
    t = tokenize(n, "pirates attaques attaques", &nt);
    ck_assert_uint_eq(nt, 3);
    ck_assert_uint_eq(polyalign_normalizer_stem_calls(n), calls);
    ck_assert_uint_eq(polyalign_normalizer_types(n), types);
    /* Another case is another type (Hunspell is case-sensitive). */
    tokenize(n, "Attaques", &nt);
    ck_assert_uint_eq(polyalign_normalizer_types(n), types + 1);
    polyalign_normalizer_free(n);
}
END_TEST

static int tokens_match(const struct polyalign_token *a,
                        const struct polyalign_token *b)
{
    for (size_t i = 0; i < a->n_skeletons; i++)
        for (size_t j = 0; j < b->n_skeletons; j++)
            if (polyalign_skeleton_match(a->skeletons[i], b->skeletons[j]))
                return 1;
    return 0;
}

START_TEST(test_name_skeletons)
{
    struct row rows[MAX_ROWS];
    size_t nr = read_rows("names.tsv", rows), same = 0, diff = 0;
    struct polyalign_token toks[MAX_ROWS];
    struct polyalign_normalizer *norms[MAX_ROWS];

    ck_assert_uint_ge(nr, 30);
    for (size_t i = 0; i < nr; i++) {
        const struct polyalign_token *t;
        size_t nt;
        ck_assert_int_eq(polyalign_normalizer_new(&norms[i], ctx,
                                                  rows[i].f[1]), 0);
        /* The name is the last token, inside a sentence. */
        t = tokenize(norms[i], rows[i].f[2], &nt);
        ck_assert_uint_eq(nt, 2);
        ck_assert_msg(t[1].flags & POLYALIGN_TOKEN_NAME,
                      "%s is not a name candidate", rows[i].f[2]);
        toks[i] = t[1];
    }
    for (size_t i = 0; i < nr; i++) {
        for (size_t j = i + 1; j < nr; j++) {
            int m = tokens_match(&toks[i], &toks[j]);
            if (strcmp(rows[i].f[1], rows[j].f[1]) == 0)
                continue; /* across languages only */
            if (strcmp(rows[i].f[0], rows[j].f[0]) == 0) {
                ck_assert_msg(m, "%s (%s) and %s (%s) should match",
                              rows[i].f[2], toks[i].skeletons[0],
                              rows[j].f[2], toks[j].skeletons[0]);
                same++;
            } else {
                ck_assert_msg(!m, "%s (%s) and %s (%s) should not match",
                              rows[i].f[2], toks[i].skeletons[0],
                              rows[j].f[2], toks[j].skeletons[0]);
                diff++;
            }
        }
    }
    ck_assert_uint_ge(same, 30);
    ck_assert_uint_ge(diff, 300);
    for (size_t i = 0; i < nr; i++)
        polyalign_normalizer_free(norms[i]);
    free_rows(rows, nr);
}
END_TEST

START_TEST(test_skeleton_match)
{
    ck_assert_int_eq(polyalign_skeleton_match("btn", "btn"), 1);
    ck_assert_int_eq(polyalign_skeleton_match("btn", "bdn"), 0);
    ck_assert_int_eq(polyalign_skeleton_match("krml", "krmln"), 1);
    ck_assert_int_eq(polyalign_skeleton_match("fldmr", "fldmrs"), 1);
    ck_assert_int_eq(polyalign_skeleton_match("fldmr", "fldkrs"), 0);
    ck_assert_int_eq(polyalign_skeleton_match("abcdefgh", "abxdefgy"), 1);
    ck_assert_int_eq(polyalign_skeleton_match("", ""), 0);
    ck_assert_int_eq(polyalign_skeleton_match(NULL, "btn"), 0);
}
END_TEST

START_TEST(test_names_not_common_words)
{
    struct polyalign_normalizer *n = NULL;
    const struct polyalign_token *t;
    size_t nt;

    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, "fr"), 0);
    /* Capitalised common words at a sentence start are no names. */
    t = tokenize(n, "Les Attaques", &nt);
    ck_assert_uint_eq(nt, 2);
    ck_assert(!(t[0].flags & POLYALIGN_TOKEN_NAME));
    ck_assert(!(t[1].flags & POLYALIGN_TOKEN_NAME));
    t = tokenize(n, "attaque", &nt);
    ck_assert(!(t[0].flags & POLYALIGN_TOKEN_NAME));
    polyalign_normalizer_free(n);
    /* Песков is also a word (sand): a name inside a sentence only. */
    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, "ru"), 0);
    t = tokenize(n, "Песков сказал. Песков", &nt);
    ck_assert_uint_eq(nt, 3);
    ck_assert(!(t[0].flags & POLYALIGN_TOKEN_NAME));
    ck_assert_uint_eq(t[0].n_skeletons, 0);
    ck_assert(!(t[2].flags & POLYALIGN_TOKEN_NAME));
    t = tokenize(n, "сказал Песков", &nt);
    ck_assert(t[1].flags & POLYALIGN_TOKEN_NAME);
    ck_assert_str_eq(t[1].skeletons[0], "bskf");
    polyalign_normalizer_free(n);
}
END_TEST

START_TEST(test_entities)
{
    struct row rows[MAX_ROWS];
    size_t nr = read_rows("entities.tsv", rows);

    ck_assert_uint_ge(nr, 4);
    for (size_t i = 0; i < nr; i++) {
        struct polyalign_normalizer *n = NULL;
        const struct polyalign_token *t;
        size_t nt;
        char got[256] = "";

        ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, rows[i].f[0]), 0);
        t = tokenize(n, rows[i].f[1], &nt);
        for (size_t k = 0; k < nt; k++) {
            if (!t[k].entity)
                continue;
            if (got[0])
                strcat(got, " ");
            strncat(got, t[k].entity, sizeof(got) - strlen(got) - 2);
        }
        ck_assert_msg(strcmp(got, rows[i].f[2]) == 0, "'%s': got '%s', "
                      "expected '%s'", rows[i].f[1], got, rows[i].f[2]);
        polyalign_normalizer_free(n);
    }
    free_rows(rows, nr);
}
END_TEST

START_TEST(test_bad_input)
{
    struct polyalign_normalizer *n = NULL;
    const struct polyalign_token *t;
    size_t nt;
    char *out = NULL;

    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, ""),
                     POLYALIGN_EINVAL);
    ck_assert_ptr_null(n);
    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, "fr"), 0);
    ck_assert_int_eq(polyalign_normalizer_tokenize(n, "ab\xff" "cd", 5, &t,
                                                   &nt),
                     POLYALIGN_EENCODING);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "byte 2"));
    ck_assert_int_eq(polyalign_normalizer_tokenize(n, "", 0, &t, &nt), 0);
    ck_assert_uint_eq(nt, 0);
    ck_assert_int_eq(polyalign_normalizer_fold(n, "Ｐａｒｉｓ", &out), 0);
    ck_assert_str_eq(out, "paris");
    free(out);
    polyalign_normalizer_free(n);
    polyalign_normalizer_free(NULL);
}
END_TEST

/* The folded-already shortcut of norm_fold() gives what the full path
 * gives, for every code point alone and between letters (a combining
 * mark after é must still compose), and leaves errors to the full path. */
START_TEST(test_fold_shortcut)
{
    static const char *const bad[] = {"abc\xff", "\xc3", "a\xc0\xaf\x62",
                                      "\xed\xa0\x80", "caf\xc3\xa9\x80"};
    struct polyalign_normalizer *n;
    const USet *folded;
    size_t diffs = 0, shortcut = 0;

    ck_assert_int_eq(norm_new_folder(&n, ctx, "fr"), 0);
    folded = n->folded;
    ck_assert_ptr_nonnull(folded);
    /* The whole BMP, a sample of the other planes (suite time). */
    for (UChar32 c = 1; c <= 0x10FFFF; c += c < 0x10000 ? 1 : 13) {
        char buf[3][16];
        int32_t k = 0;
        UBool err = 0;

        if (U_IS_SURROGATE(c))
            continue;
        U8_APPEND(buf[0], k, (int32_t)sizeof(buf[0]) - 1, c, err);
        ck_assert(!err);
        buf[0][k] = '\0';
        snprintf(buf[1], sizeof(buf[1]), "\xc3\xa9%sa", buf[0]);
        snprintf(buf[2], sizeof(buf[2]), "e%s\xcc\x81", buf[0]);
        if (uset_contains(folded, c))
            shortcut++;
        for (int v = 0; v < 3; v++) {
            char *fast = NULL, *full = NULL;
            int ef, eu;

            n->folded = folded;
            ef = norm_fold(n, buf[v], strlen(buf[v]), &fast);
            n->folded = NULL;
            eu = norm_fold(n, buf[v], strlen(buf[v]), &full);
            if (ef != eu || (fast && full && strcmp(fast, full) != 0) ||
                !fast != !full)
                diffs++;
            free(fast);
            free(full);
        }
    }
    n->folded = folded;
    ck_assert_uint_eq(diffs, 0);
    /* Latin, Cyrillic and Arabic letters take it. */
    ck_assert_uint_gt(shortcut, 40000);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *out = NULL;
        ck_assert_int_eq(norm_fold(n, bad[i], strlen(bad[i]), &out),
                         POLYALIGN_EENCODING);
        ck_assert_ptr_null(out);
    }
    polyalign_normalizer_free(n);
}
END_TEST

static Suite *norm_suite(void)
{
    Suite *s = suite_create("norm");
    TCase *tc = tcase_create("norm");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_fold_rules);
    tcase_add_test(tc, test_offsets_and_flags);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_lemmas);
    tcase_add_test(tc, test_stem_cache);
    tcase_add_test(tc, test_name_skeletons);
    tcase_add_test(tc, test_skeleton_match);
    tcase_add_test(tc, test_names_not_common_words);
    tcase_add_test(tc, test_entities);
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_fold_shortcut);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(norm_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
