/* The sentence splitter: data-driven cases (tests/data/segment/), spans,
 * bad input, the shared default rules, threads. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "context.h"
#include "polyalign.h"
#include "srx.h"

static char *data_path(const char *rel)
{
    const char *src = getenv("POLYALIGN_SRCDIR");
    char *p = malloc(4096);

    snprintf(p, 4096, "%s/%s", src ? src : ".", rel);
    return p;
}

/* Undo the escapes of the case files: \n \t \\ \uXXXX. */
static void unescape(char *s)
{
    char *w = s;

    for (char *r = s; *r; r++) {
        if (r[0] != '\\' || !r[1]) {
            *w++ = *r;
        } else if (r[1] == 'u') {
            char hex[5] = {0};
            int32_t i = 0;
            uint8_t buf[4];
            memcpy(hex, r + 2, 4);
            U8_APPEND_UNSAFE(buf, i, (UChar32)strtol(hex, NULL, 16));
            memcpy(w, buf, (size_t)i);
            w += i;
            r += 5;
        } else {
            *w++ = r[1] == 'n' ? '\n' : r[1] == 't' ? '\t' : r[1];
            r++;
        }
    }
    *w = '\0';
}

/* Split @input paragraph by paragraph and join with " ||| ". */
static void split_joined(struct polyalign_splitter *sp, const char *input,
                         char *out, size_t cap)
{
    const char *p = input;
    size_t w = 0;

    out[0] = '\0';
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const struct polyalign_span *spans;
        size_t k;
        ck_assert_int_eq(polyalign_splitter_split(sp, p, len, &spans, &k), 0);
        for (size_t i = 0; i < k; i++) {
            int m = snprintf(out + w, cap - w, "%s%.*s", w ? " ||| " : "",
                             (int)(spans[i].end - spans[i].start),
                             p + spans[i].start);
            ck_assert(m > 0 && (size_t)m < cap - w);
            w += (size_t)m;
        }
        p += len + (nl ? 1 : 0);
    }
}

static void run_cases(const char *lang)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_splitter *sp = NULL;
    char rel[64], line[8192], got[8192];
    char *path;
    FILE *fp;
    int n = 0, failed = 0;

    snprintf(rel, sizeof(rel), "tests/data/segment/%s.tsv", lang);
    path = data_path(rel);
    fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, lang), 0);
    while (fgets(line, sizeof(line), fp)) {
        char *tab;
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        tab = strchr(line, '\t');
        ck_assert_msg(tab != NULL, "%s: no tab in '%s'", path, line);
        *tab = '\0';
        unescape(line);
        unescape(tab + 1);
        split_joined(sp, line, got, sizeof(got));
        n++;
        if (strcmp(got, tab + 1) != 0) {
            fprintf(stderr, "%s case %d\n  want: %s\n  got:  %s\n", lang, n,
                    tab + 1, got);
            failed++;
        }
    }
    fclose(fp);
    ck_assert_int_gt(n, 8);
    ck_assert_msg(failed == 0, "%s: %d of %d cases fail (listed above)",
                  lang, failed, n);
    polyalign_splitter_free(sp);
    polyalign_context_free(ctx);
    free(path);
}

START_TEST(test_cases_fr)
{
    run_cases("fr");
}
END_TEST

START_TEST(test_cases_ru)
{
    run_cases("ru");
}
END_TEST

START_TEST(test_cases_ar)
{
    run_cases("ar");
}
END_TEST

START_TEST(test_spans_trim_and_bytes)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_splitter *sp = NULL;
    const struct polyalign_span *spans;
    size_t k;
    /* Leading/trailing spaces (one a no-break space) and a two-byte
     * character before the break. */
    const char *t = "  Il est arrivé.\xc2\xa0 Elle aussi.  ";

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, "fr"), 0);
    ck_assert_int_eq(polyalign_splitter_split(sp, t, strlen(t), &spans, &k),
                     0);
    ck_assert_uint_eq(k, 2);
    ck_assert_uint_eq(spans[0].start, 2);
    ck_assert_uint_eq(spans[0].end, 2 + strlen("Il est arrivé."));
    ck_assert_int_eq(memcmp(t + spans[1].start, "Elle aussi.", 11), 0);
    ck_assert_uint_eq(spans[1].end, spans[1].start + 11);

    /* Empty and blank paragraphs have no sentence. */
    ck_assert_int_eq(polyalign_splitter_split(sp, "", 0, &spans, &k), 0);
    ck_assert_uint_eq(k, 0);
    ck_assert_int_eq(polyalign_splitter_split(sp, " \t ", 3, &spans, &k), 0);
    ck_assert_uint_eq(k, 0);
    /* Not NUL-terminated: only @len bytes are read. */
    ck_assert_int_eq(polyalign_splitter_split(sp, "Oui. Non. XX", 9, &spans,
                                              &k),
                     0);
    ck_assert_uint_eq(k, 2);
    ck_assert_uint_eq(spans[1].end, 9);
    polyalign_splitter_free(sp);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_splitter *sp = NULL;
    const struct polyalign_span *spans;
    size_t k;
    const char *bad = "Bonjour. \xe9t\xe9 chaud.";

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, "fr"), 0);
    ck_assert_int_eq(polyalign_splitter_split(sp, bad, strlen(bad), &spans,
                                              &k),
                     POLYALIGN_EENCODING);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "byte offset 9"));
    /* The splitter still works afterwards. */
    ck_assert_int_eq(polyalign_splitter_split(sp, "A. B", 4, &spans, &k), 0);
    polyalign_splitter_free(sp);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_default_rules_shared)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_splitter *a = NULL, *b = NULL;
    void *rules;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_ptr_null(ctx_resource_get(ctx, "srx:default"));
    ck_assert_int_eq(polyalign_splitter_new(&a, ctx, NULL, "fr"), 0);
    rules = ctx_resource_get(ctx, "srx:default");
    ck_assert_ptr_nonnull(rules);
    ck_assert_uint_gt(polyalign_srx_rule_count(rules), 10);
    ck_assert_int_eq(polyalign_splitter_new(&b, ctx, NULL, "ru-RU"), 0);
    ck_assert_ptr_eq(ctx_resource_get(ctx, "srx:default"), rules);
    polyalign_splitter_free(a);
    polyalign_splitter_free(b);
    polyalign_splitter_free(NULL);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_missing_default_rules)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_splitter *sp = NULL;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_context_set_datadir(ctx, "/nonexistent"), 0);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, "fr"),
                     POLYALIGN_ENOTFOUND);
    ck_assert_ptr_null(sp);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "default.srx"));
    polyalign_context_free(ctx);
}
END_TEST

struct job {
    const struct polyalign_srx *srx;
    const char *text;
    size_t count;
    int error;
};

static void *split_many(void *arg)
{
    struct job *j = arg;
    struct polyalign_context *ctx = NULL;
    struct polyalign_splitter *sp = NULL;
    const struct polyalign_span *spans;

    if ((j->error = polyalign_context_new(&ctx)) < 0)
        return NULL;
    if ((j->error = polyalign_splitter_new(&sp, ctx, j->srx, "fr")) == 0) {
        for (int i = 0; i < 300 && j->error == 0; i++) {
            size_t k = 0;
            j->error = polyalign_splitter_split(sp, j->text, strlen(j->text),
                                                &spans, &k);
            j->count += k;
        }
    }
    polyalign_splitter_free(sp);
    polyalign_context_free(ctx);
    return NULL;
}

START_TEST(test_threads_share_rules)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;
    struct job jobs[2];
    pthread_t th[2];

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_srx_load_default(&srx, ctx), 0);
    for (int i = 0; i < 2; i++) {
        jobs[i] = (struct job){srx,
                               "M. Poutine a parlé. « Oui. » Puis il est "
                               "parti. 2021 fut dure.",
                               0, 0};
        ck_assert_int_eq(pthread_create(&th[i], NULL, split_many, &jobs[i]),
                         0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        ck_assert_int_eq(jobs[i].error, 0);
        ck_assert_uint_eq(jobs[i].count, 300 * 4);
    }
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
}
END_TEST

/* ---- Reference implementation ------------------------------------------
 * SRX 2.0, section 2.5, taken literally: at every position between two
 * characters, the rules in order, the first whose beforebreak matches the
 * text ending there and whose afterbreak matches the text starting there
 * decides; else ICU's (white-space adjusted) break when the file asks for
 * ICU.  Slow and simple; the splitter must give the same sentences. */

struct naive_rule {
    URegularExpression *b, *a;
    int brk;
};

static URegularExpression *naive_compile(const char *pattern, int anchor)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n;
    UChar *u = srx_utf16(pattern, &n);
    URegularExpression *re = uregex_open(u, n, 0, NULL, &st);

    free(u);
    ck_assert_msg(U_SUCCESS(st), "%s: %s", pattern, u_errorName(st));
    uregex_useTransparentBounds(re, 1, &st);
    uregex_useAnchoringBounds(re, anchor, &st);
    return re;
}

static size_t naive_split(const struct polyalign_srx *srx, const char *lang,
                          const char *text, size_t len,
                          struct polyalign_span *out, size_t cap)
{
    const struct srx_rule **rules;
    struct naive_rule *nr;
    size_t nrules, k = 0;
    UErrorCode st = U_ZERO_ERROR;
    UChar *u = malloc((len + 1) * sizeof(UChar));
    uint32_t *offs = malloc((len + 1) * sizeof(uint32_t));
    unsigned char *icu = calloc(len + 1, 1);
    int32_t n = 0, prev = 0;

    for (int32_t i = 0; i < (int32_t)len;) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)text, i, (int32_t)len, c);
        offs[n] = (uint32_t)at;
        if (U_IS_BMP(c)) {
            u[n++] = (UChar)c;
        } else {
            offs[n + 1] = (uint32_t)at;
            u[n++] = U16_LEAD(c);
            u[n++] = U16_TRAIL(c);
        }
    }
    offs[n] = (uint32_t)len;
    ck_assert_int_eq(srx_select(srx, lang, &rules, &nrules), 0);
    nr = calloc(nrules + 1, sizeof(*nr));
    for (size_t r = 0; r < nrules; r++) {
        char buf[16384];
        snprintf(buf, sizeof(buf), "(?:%s)\\z", rules[r]->before);
        nr[r].b = naive_compile(buf, 1);
        nr[r].a = *rules[r]->after ? naive_compile(rules[r]->after, 0) : NULL;
        nr[r].brk = rules[r]->brk;
        uregex_setText(nr[r].b, u, n, &st);
        if (nr[r].a)
            uregex_setText(nr[r].a, u, n, &st);
    }
    if (srx->use_icu && n > 0) {
        UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, lang, u, n, &st);
        for (int32_t b = ubrk_first(bi); (b = ubrk_next(bi)) != UBRK_DONE;) {
            while (b > 0 && u_isUWhiteSpace(u[b - 1]))
                b--;
            icu[b] = 1;
        }
        ubrk_close(bi);
    }
    for (int32_t p = 1; p <= n; p++) {
        int d = -1;
        if (p < n && U16_IS_TRAIL(u[p]))
            continue;
        for (size_t r = 0; p < n && d < 0 && r < nrules; r++) {
            if (nr[r].a) {
                uregex_setRegion(nr[r].a, p, n, &st);
                if (!uregex_lookingAt(nr[r].a, -1, &st))
                    continue;
            }
            uregex_setRegion(nr[r].b, 0, p, &st);
            if (uregex_find(nr[r].b, -1, &st))
                d = nr[r].brk;
        }
        if (p == n || d == 1 || (d < 0 && icu[p])) {
            int32_t from = prev, to = p;
            while (from < to && u_isUWhiteSpace(u[from]))
                from++;
            while (to > from && u_isUWhiteSpace(u[to - 1]))
                to--;
            if (from < to && k < cap) {
                out[k].start = offs[from];
                out[k].end = offs[to];
                k++;
            }
            prev = p;
        }
    }
    ck_assert(U_SUCCESS(st));
    for (size_t r = 0; r < nrules; r++) {
        uregex_close(nr[r].b);
        uregex_close(nr[r].a);
    }
    free(nr);
    free(rules);
    free(u);
    free(offs);
    free(icu);
    return k;
}

/* Compare the splitter with the reference on every paragraph of @file. */
static int compare_file(struct polyalign_context *ctx,
                        const struct polyalign_srx *srx, const char *lang,
                        const char *file, int tsv_column)
{
    struct polyalign_splitter *sp = NULL;
    char line[8192];
    struct polyalign_span ref[256];
    FILE *fp = fopen(file, "r");
    int paragraphs = 0;

    ck_assert_msg(fp != NULL, "cannot open %s", file);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, srx, lang), 0);
    while (fgets(line, sizeof(line), fp)) {
        char *text = line, *p;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        for (int c = 0; c < tsv_column && text; c++) {
            text = strchr(text, '\t');
            text = text ? text + 1 : NULL;
        }
        if (!text)
            continue;
        if ((p = strchr(text, '\t')))
            *p = '\0';
        if (tsv_column > 0 && strncmp(line, lang, 2) != 0)
            continue;
        unescape(text);
        for (p = text; *p;) {
            size_t len = strcspn(p, "\n"), k, nref;
            const struct polyalign_span *got;
            ck_assert_int_eq(polyalign_splitter_split(sp, p, len, &got, &k),
                             0);
            nref = naive_split(srx, lang, p, len, ref, 256);
            if (k != nref || memcmp(got, ref, k * sizeof(*got)) != 0) {
                for (size_t i = 0; i < k; i++)
                    fprintf(stderr, "  got [%.*s]\n",
                            (int)(got[i].end - got[i].start),
                            p + got[i].start);
                for (size_t i = 0; i < nref; i++)
                    fprintf(stderr, "  ref [%.*s]\n",
                            (int)(ref[i].end - ref[i].start),
                            p + ref[i].start);
            }
            ck_assert_msg(k == nref &&
                              memcmp(got, ref, k * sizeof(*got)) == 0,
                          "%s, %s rules, %s: splitter and reference differ "
                          "on '%.*s'",
                          file, srx->name, lang, (int)len, p);
            paragraphs++;
            p += len + (p[len] == '\n');
        }
    }
    fclose(fp);
    polyalign_splitter_free(sp);
    return paragraphs;
}

START_TEST(test_same_as_reference)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *def = NULL, *okapi = NULL;
    static const char *const langs[] = {"fr", "ru", "ar"};
    char *shared_cases = data_path("../shared/eval/sbd/cases.tsv");
    char *okapi_path =
        data_path("../shared/eval/sbd/okapi-defaultSegmentation.srx");

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_srx_load_default(&def, ctx), 0);
    for (size_t i = 0; i < 3; i++) {
        char rel[64], *path;
        snprintf(rel, sizeof(rel), "tests/data/segment/%s.tsv", langs[i]);
        path = data_path(rel);
        ck_assert_int_gt(compare_file(ctx, def, langs[i], path, 0), 8);
        if (access(shared_cases, R_OK) == 0)
            compare_file(ctx, def, langs[i], shared_cases, 2);
        free(path);
    }
    if (access(okapi_path, R_OK) == 0 &&
        polyalign_srx_load_file(&okapi, ctx, okapi_path) == 0) {
        char *fr = data_path("tests/data/segment/fr.tsv");
        char *ru = data_path("tests/data/segment/ru.tsv");
        compare_file(ctx, okapi, "fr", fr, 0);
        compare_file(ctx, okapi, "ru", ru, 0);
        free(fr);
        free(ru);
    }
    polyalign_srx_free(okapi);
    polyalign_srx_free(def);
    polyalign_context_free(ctx);
    free(shared_cases);
    free(okapi_path);
}
END_TEST

static Suite *segment_suite(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("segment");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cases_fr);
    tcase_add_test(tc, test_cases_ru);
    tcase_add_test(tc, test_cases_ar);
    tcase_add_test(tc, test_spans_trim_and_bytes);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_default_rules_shared);
    tcase_add_test(tc, test_missing_default_rules);
    tcase_add_test(tc, test_threads_share_rules);
    tcase_add_test(tc, test_same_as_reference);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(segment_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
