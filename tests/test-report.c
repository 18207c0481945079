/* The review page: model to HTML (escaping by libxml2, right-to-left
 * columns, highlight spans where they belong, empty cells of unaligned
 * sentences), and the explainer that says which tokens of a sentence pair
 * met and why (evidence.h). */
#define _GNU_SOURCE /* open_memstream */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The page as a string (caller frees). */
static char *page(struct polyalign_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(polyalign_report_write(r, fp), 0);
    fclose(fp);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

START_TEST(test_escaping)
{
    struct polyalign_report *r;
    static const char fr[] = "Tom & Jerry <b>\"dit\"</b> > 2";
    static const char ru[] = "\"Том\" & <Джерри>";
    size_t row;
    char *html;

    ck_assert_int_eq(polyalign_report_new(&r, ctx, NULL), 0);
    ck_assert_int_eq(polyalign_report_add_column(r, "d/a\"b<c>.fr.txt", "fr",
                                                 NULL), 0);
    ck_assert_int_eq(polyalign_report_add_column(r, "b.ru.txt", "ru", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_row(r, 0.5, "1-1", 0, &row), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 0, "0", fr,
                                               strlen(fr)), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 1, "0", ru,
                                               strlen(ru)), 0);
    /* "dit" with its quotes, against «"Том"»: both titles hold quotes. */
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 15, 20, 1, 0, 8,
                                                POLYALIGN_MATCH_LEXICON), 0);
    html = page(r);
    ck_assert_ptr_nonnull(strstr(html, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(html, "<meta charset=\"utf-8\">"));
    /* Text: & < > escaped, the markup of the input never becomes markup. */
    ck_assert_ptr_nonnull(strstr(html, "Tom &amp; Jerry &lt;b&gt;"));
    ck_assert_ptr_null(strstr(html, "<b>\"dit\""));
    ck_assert_ptr_nonnull(strstr(html, " &amp; &lt;Джерри&gt;"));
    /* Attributes: quotes too. */
    /* (libxml2 quotes with ' a value that holds ") */
    ck_assert_ptr_nonnull(strstr(html, "title='d/a\"b&lt;c&gt;.fr.txt'"));
    ck_assert_ptr_nonnull(strstr(html, "title='lexicon: \"dit\" \u2194 "
                                       "\"Том\" (ru)'"));
    ck_assert_ptr_nonnull(strstr(html, ">a\"b&lt;c&gt;.fr.txt<small>fr"));
    /* Nothing from the network. */
    ck_assert_ptr_null(strstr(html, "http://"));
    ck_assert_ptr_null(strstr(html, "https://"));
    ck_assert_ptr_null(strstr(html, " src="));
    free(html);
    polyalign_report_free(r);
}
END_TEST

START_TEST(test_rtl_and_spans)
{
    struct polyalign_report *r;
    static const char fr[] = "Poutine et Biden, le 9 juillet.";
    static const char ar[] = "بوتين وBiden في 9 يوليو.";
    const char *p;
    size_t row, ar_b = strstr(ar, "Biden") - ar, ar_9 = strstr(ar, "9") - ar;
    char *html;

    ck_assert_int_eq(polyalign_report_new(&r, ctx, NULL), 0);
    ck_assert_int_eq(polyalign_report_add_column(r, "a.fr.txt", "fr", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_column(r, "c.ar.txt", "ar", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_row(r, 0.9, NULL, 0, &row), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 0, "3", fr,
                                               strlen(fr)), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 1, "4", ar,
                                               strlen(ar)), 0);
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 0, 7, 1, 0, 10,
                                                POLYALIGN_MATCH_NAME), 0);
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 11, 16, 1, ar_b,
                                                ar_b + 5,
                                                POLYALIGN_MATCH_IDENTICAL),
                     0);
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 21, 22, 1, ar_9,
                                                ar_9 + 1,
                                                POLYALIGN_MATCH_NUMBER), 0);
    /* The same bytes again: merged into one span, both ids kept. */
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 0, 7, 1, 0, 10,
                                                POLYALIGN_MATCH_LEXICON), 0);
    /* Not on a character boundary (inside ب): refused. */
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 0, 7, 1, 1, 10,
                                                POLYALIGN_MATCH_NAME),
                     POLYALIGN_EINVAL);
    /* Partly over "Poutine": dropped, not an error. */
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 3, 10, 1, 0, 10,
                                                POLYALIGN_MATCH_NAME), 0);
    html = page(r);
    ck_assert_ptr_nonnull(strstr(html, "<td class=\"c\" lang=\"ar\" "
                                       "dir=\"rtl\">"));
    ck_assert_ptr_nonnull(strstr(html, "<td class=\"c\" lang=\"fr\" "
                                       "dir=\"ltr\">"));
    ck_assert_uint_eq(count(html, "dir=\"rtl\""), 1);
    /* Spans around exactly the matched bytes, in text order. */
    p = strstr(html, "<span class=\"ix\">3</span><mark class=\"k-name\" "
                     "dir=\"auto\" title=\"name: Poutine \u2194 بوتين "
                     "(ar)\nlexicon: Poutine \u2194 بوتين (ar)\" "
                     "data-m=\"0 3\">Poutine</mark> et <mark "
                     "class=\"k-identical\"");
    ck_assert_msg(p != NULL, "%s", html);
    ck_assert_ptr_nonnull(strstr(p, ">Biden</mark>, le <mark "
                                    "class=\"k-number\""));
    ck_assert_ptr_nonnull(strstr(p, ">9</mark> juillet.</td>"));
    ck_assert_ptr_nonnull(strstr(html, "data-m=\"0 3\">بوتين</mark> و<mark "
                                       "class=\"k-identical\""));
    ck_assert_uint_eq(count(html, "<mark class=\"k-"), 6 + 6); /* + legend */
    ck_assert_ptr_nonnull(strstr(html, "<tr data-score=\"0.9000\">"));
    free(html);
    polyalign_report_free(r);
}
END_TEST

START_TEST(test_unaligned_rows)
{
    struct polyalign_report *r;
    size_t row;
    char *html;
    const char *p;

    ck_assert_int_eq(polyalign_report_new(&r, ctx, NULL), 0);
    ck_assert_int_eq(polyalign_report_add_column(r, "a.fr.txt", "fr", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_column(r, "b.ru.txt", "ru", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_row(r, 0.75, "1-1", 0, &row), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 0, "0", "Un.", 3), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 1, "0", "Один.",
                                               strlen("Один.")),
                     0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 1, "0", "x", 1),
                     POLYALIGN_EINVAL);
    ck_assert_int_eq(polyalign_report_add_row(r, NAN, NULL, 0, &row), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 1, "1", "Два.",
                                               strlen("Два.")),
                     0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 0, NULL, "\xff", 1),
                     POLYALIGN_EENCODING);
    /* A match with the empty cell: refused. */
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 0, 1, 1, 0, 2,
                                                POLYALIGN_MATCH_NAME),
                     POLYALIGN_EINVAL);
    ck_assert_int_eq(polyalign_report_add_column(r, "c.ar.txt", "ar", NULL),
                     POLYALIGN_EINVAL);
    ck_assert_uint_eq(polyalign_report_row_count(r), 2);
    html = page(r);
    ck_assert_uint_eq(count(html, "<tr"), 3); /* header + 2 */
    ck_assert_uint_eq(count(html, "data-score="), 1);
    p = strstr(html, "<tr class=\"un\">");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(p, "<td class=\"c gap\" lang=\"fr\" "
                                    "dir=\"ltr\"></td>"));
    ck_assert_ptr_nonnull(strstr(p, "<span class=\"ix\">1</span>Два."));
    ck_assert_ptr_nonnull(strstr(html, "2 rows \u00b7 1 aligned (1 with all "
                                       "2 documents) \u00b7 1 unaligned "
                                       "sentences (fr 0, ru 1)"));
    /* The filter's controls and script. */
    ck_assert_ptr_nonnull(strstr(html, "<input type=\"range\" id=\"min\" "
                                       "min=\"0\" max=\"1\""));
    ck_assert_ptr_nonnull(strstr(html, "id=\"unal\""));
    ck_assert_ptr_nonnull(strstr(html, "data-filter','ready'"));
    free(html);
    polyalign_report_free(r);
}
END_TEST

/* Kind of the match whose source bytes are @s in @src, or -1. */
static int kind_at(const struct polyalign_match *m, size_t n,
                   const char *src, const char *s, const char *tgt,
                   const char *t)
{
    size_t ss = strstr(src, s) - src, ts = strstr(tgt, t) - tgt;

    for (size_t i = 0; i < n; i++)
        if (m[i].src_start == ss && m[i].src_end == ss + strlen(s) &&
            m[i].tgt_start == ts && m[i].tgt_end == ts + strlen(t))
            return (int)m[i].kind;
    return -1;
}

START_TEST(test_explain)
{
    struct polyalign_explainer *ex;
    struct polyalign_evidence_options eo = {0};
    const char *src = getenv("POLYALIGN_SRCDIR");
    const char *lex[2] = {NULL, NULL};
    char path[1024];
    const struct polyalign_match *m;
    size_t n;
    static const char fr[] = "Le président Poutine a reçu 2 042 lettres.";
    static const char ru[] = "Президент Путин получил 2042 письма.";
    static const char fr2[] = "Il pleut beaucoup sur la mer aujourd’hui.";
    static const char ru2[] = "Кошка спит на диване.";

    snprintf(path, sizeof(path), "%s/tests/data/report/fr-ru.tsv",
             src ? src : ".");
    lex[0] = path;
    eo.lexicon_files = lex;
    eo.no_default_lexicon = 1; /* the test's own lexicon only */
    ck_assert_int_eq(polyalign_explainer_new(&ex, ctx, "fr", "ru", &eo), 0);
    ck_assert_int_eq(polyalign_explainer_explain(ex, fr, strlen(fr), ru,
                                                 strlen(ru), &m, &n), 0);
    ck_assert_int_eq(kind_at(m, n, fr, "Poutine", ru, "Путин"),
                     POLYALIGN_MATCH_NAME);
    ck_assert_int_eq(kind_at(m, n, fr, "2 042", ru, "2042"),
                     POLYALIGN_MATCH_NUMBER);
    ck_assert_int_eq(kind_at(m, n, fr, "président", ru, "Президент"),
                     POLYALIGN_MATCH_LEXICON);
    ck_assert_int_eq(kind_at(m, n, fr, "lettres", ru, "письма"),
                     POLYALIGN_MATCH_LEXICON);
    ck_assert_uint_eq(n, 4);
    /* Stop words ("Le", "a") never match. */
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_ne(m[i].src_start, 0);
    /* Unrelated sentences: nothing. */
    ck_assert_int_eq(polyalign_explainer_explain(ex, fr2, strlen(fr2), ru2,
                                                 strlen(ru2), &m, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(polyalign_explainer_explain(ex, "", 0, ru, strlen(ru),
                                                 &m, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(polyalign_explainer_explain(ex, "\xff", 1, ru,
                                                 strlen(ru), &m, &n),
                     POLYALIGN_EENCODING);
    polyalign_explainer_free(ex);
    ck_assert_str_eq(polyalign_match_kind_name(POLYALIGN_MATCH_LEMMA),
                     "lemma");
    ck_assert_str_eq(polyalign_match_kind_name(POLYALIGN_MATCH_KINDS), "?");
}
END_TEST

/* ru to fr: only the fr-ru lexicon is generated; the explainer looks the
 * French words up in it, and still reports Russian spans as the source. */
START_TEST(test_explain_reverse_lexicon)
{
    struct polyalign_explainer *ex;
    const struct polyalign_match *m;
    char *lex = polyalign_context_find_data(ctx, "lexicon/fr-ru.tsv");
    size_t n;
    static const char ru[] = "Президент Путин получил 2042 письма.";
    static const char fr[] = "Le président Poutine a reçu 2 042 lettres.";

    ck_assert_int_eq(polyalign_explainer_new(&ex, ctx, "ru", "fr", NULL), 0);
    ck_assert_int_eq(polyalign_explainer_explain(ex, ru, strlen(ru), fr,
                                                 strlen(fr), &m, &n), 0);
    ck_assert_int_eq(kind_at(m, n, ru, "Путин", fr, "Poutine"),
                     POLYALIGN_MATCH_NAME);
    ck_assert_int_eq(kind_at(m, n, ru, "2042", fr, "2 042"),
                     POLYALIGN_MATCH_NUMBER);
    for (size_t i = 1; i < n; i++) /* by source position */
        ck_assert_uint_le(m[i - 1].src_start, m[i].src_start);
    if (lex) /* generated at build time from FreeDict */
        ck_assert_int_eq(kind_at(m, n, ru, "Президент", fr, "président"),
                         POLYALIGN_MATCH_LEXICON);
    free(lex);
    polyalign_explainer_free(ex);
}
END_TEST

START_TEST(test_explain_same_language)
{
    struct polyalign_explainer *ex;
    struct polyalign_evidence_options eo = {0};
    const struct polyalign_match *m;
    size_t n;
    static const char a[] = "Les présidents ont parlé à la télévision.";
    static const char b[] = "Le président a téléphoné longuement.";

    eo.no_default_lexicon = 1;
    ck_assert_int_eq(polyalign_explainer_new(&ex, ctx, "fr", "fr", &eo), 0);
    ck_assert_int_eq(polyalign_explainer_explain(ex, a, strlen(a), b,
                                                 strlen(b), &m, &n), 0);
    /* présidents / président: a lemma when Hunspell knows French, a
     * cognate (same first letters) without it; never identical. */
    ck_assert_int_ne(kind_at(m, n, a, "présidents", b, "président"), -1);
    ck_assert_int_ne(kind_at(m, n, a, "présidents", b, "président"),
                     POLYALIGN_MATCH_IDENTICAL);
    ck_assert_int_eq(kind_at(m, n, a, "télévision", b, "téléphoné"),
                     POLYALIGN_MATCH_COGNATE);
    polyalign_explainer_free(ex);
}
END_TEST

START_TEST(test_inline_labels)
{
    struct polyalign_report *r;
    static const char ru[] = "Один. Два. Три.";
    size_t row, two = strstr(ru, "Два") - ru, three = strstr(ru, "Три") - ru;
    char *html;

    ck_assert_int_eq(polyalign_report_new(&r, ctx, NULL), 0);
    ck_assert_int_eq(polyalign_report_add_column(r, "a.fr.txt", "fr", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_column(r, "b.ru.txt", "ru", NULL),
                     0);
    ck_assert_int_eq(polyalign_report_add_row(r, 0.5, "1-3", 0, &row), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 0, "7", "Un deux "
                                               "trois.", 14), 0);
    ck_assert_int_eq(polyalign_report_set_cell(r, row, 1, "4", ru,
                                               strlen(ru)), 0);
    ck_assert_int_eq(polyalign_report_add_label(r, row, 1, three, "6"), 0);
    ck_assert_int_eq(polyalign_report_add_label(r, row, 1, two, "5"), 0);
    ck_assert_int_eq(polyalign_report_add_label(r, row, 1, two + 1, "x"),
                     POLYALIGN_EINVAL); /* inside a character */
    ck_assert_int_eq(polyalign_report_add_label(r, row, 1, 99, "x"),
                     POLYALIGN_EINVAL);
    /* "Три" highlighted: its label comes before the highlight. */
    ck_assert_int_eq(polyalign_report_add_match(r, row, 0, 8, 13, 1, three,
                                                three + 6,
                                                POLYALIGN_MATCH_LEXICON), 0);
    html = page(r);
    ck_assert_msg(strstr(html, "<span class=\"ix\">4</span>Один. <span "
                               "class=\"ix\">5</span>Два. <span "
                               "class=\"ix\">6</span><mark "
                               "class=\"k-lexicon\"") != NULL, "%.300s",
                  strstr(html, "<span class=\"ix\">4"));
    ck_assert_ptr_nonnull(strstr(html, ">Три</mark>.</td>"));
    free(html);
    polyalign_report_free(r);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_rtl_and_spans);
    tcase_add_test(tc, test_unaligned_rows);
    tcase_add_test(tc, test_inline_labels);
    tcase_add_test(tc, test_explain);
    tcase_add_test(tc, test_explain_reverse_lexicon);
    tcase_add_test(tc, test_explain_same_language);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(report_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
