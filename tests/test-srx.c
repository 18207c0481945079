/* SRX 2.0 loading: errors with file and line, safe XML, language maps and
 * cascade, rule order, Okapi's complete rule file, literal rule sets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "context.h"
#include "polyalign.h"
#include "srx.h"

#define HEAD(cascade, icu)                                                  \
    "<?xml version=\"1.0\"?>\n"                                             \
    "<srx xmlns=\"http://www.lisa.org/srx20\" "                             \
    "xmlns:okpsrx=\"http://okapi.sf.net/srx-extensions\" version=\"2.0\">\n" \
    "<header cascade=\"" cascade "\"><okpsrx:options useIcu4jBreakRules=\"" \
    icu "\"/></header>\n<body>\n"

/* A pure SRX file (no ICU): language X breaks after '#', the Default
 * breaks after '%' and refuses to break after '#'. */
#define RULES_XD                                                            \
    "<languagerules>\n"                                                     \
    "<languagerule languagerulename=\"X\">\n"                               \
    "<rule break=\"yes\"><beforebreak>#</beforebreak>"                      \
    "<afterbreak>\\s</afterbreak></rule>\n"                                 \
    "</languagerule>\n"                                                     \
    "<languagerule languagerulename=\"D\">\n"                               \
    "<rule break=\"no\"><beforebreak>#</beforebreak>"                       \
    "<afterbreak>\\s</afterbreak></rule>\n"                                 \
    "<rule break=\"yes\"><beforebreak>%</beforebreak>"                      \
    "<afterbreak>\\s</afterbreak></rule>\n"                                 \
    "</languagerule>\n"                                                     \
    "</languagerules>\n"

static const char *const cascade_no =
    HEAD("no", "no") RULES_XD
    "<maprules><languagemap languagepattern=\"xx.*\" languagerulename=\"X\"/>"
    "<languagemap languagepattern=\".*\" languagerulename=\"D\"/></maprules>"
    "</body></srx>\n";

static const char *const cascade_yes =
    HEAD("yes", "no") RULES_XD
    "<maprules><languagemap languagepattern=\"xx.*\" languagerulename=\"X\"/>"
    "<languagemap languagepattern=\".*\" languagerulename=\"D\"/></maprules>"
    "</body></srx>\n";

static const char *const default_first =
    HEAD("yes", "no") RULES_XD
    "<maprules><languagemap languagepattern=\".*\" languagerulename=\"D\"/>"
    "<languagemap languagepattern=\"xx.*\" languagerulename=\"X\"/></maprules>"
    "</body></srx>\n";

/* Split @text and join the sentences with '|'. */
static void joined(struct polyalign_context *ctx,
                   const struct polyalign_srx *srx, const char *lang,
                   const char *text, char *out, size_t cap)
{
    struct polyalign_splitter *sp = NULL;
    const struct polyalign_span *spans;
    size_t k, w = 0;

    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, srx, lang), 0);
    ck_assert_int_eq(polyalign_splitter_split(sp, text, strlen(text), &spans,
                                              &k),
                     0);
    out[0] = '\0';
    for (size_t i = 0; i < k; i++)
        w += (size_t)snprintf(out + w, cap - w, "%s%.*s", i ? "|" : "",
                              (int)(spans[i].end - spans[i].start),
                              text + spans[i].start);
    polyalign_splitter_free(sp);
}

static struct polyalign_srx *load(struct polyalign_context *ctx,
                                  const char *xml)
{
    struct polyalign_srx *srx = NULL;

    ck_assert_msg(polyalign_srx_load_memory(&srx, ctx, "mem.srx", xml,
                                            strlen(xml)) == 0,
                  "%s", polyalign_context_last_error(ctx));
    return srx;
}

START_TEST(test_cascade_and_map_order)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx;
    char out[256];

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);

    srx = load(ctx, cascade_no);
    ck_assert_uint_eq(polyalign_srx_rule_count(srx), 3);
    joined(ctx, srx, "xx", "a# b% c", out, sizeof(out));
    ck_assert_str_eq(out, "a#|b% c"); /* only X applies */
    joined(ctx, srx, "yy", "a# b% c", out, sizeof(out));
    ck_assert_str_eq(out, "a# b%|c"); /* only D */
    joined(ctx, srx, "XX-YY", "a# b% c", out, sizeof(out));
    ck_assert_str_eq(out, "a#|b% c"); /* maps ignore case */
    polyalign_srx_free(srx);

    srx = load(ctx, cascade_yes);
    joined(ctx, srx, "xx", "a# b% c", out, sizeof(out));
    ck_assert_str_eq(out, "a#|b%|c"); /* X then D */
    polyalign_srx_free(srx);

    /* Map order decides: D's no-break on '#' comes first. */
    srx = load(ctx, default_first);
    joined(ctx, srx, "xx", "a# b% c", out, sizeof(out));
    ck_assert_str_eq(out, "a# b%|c");
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_rule_forms)
{
    /* The same rule meaning whatever form the splitter compiles it to:
     * literal set, look-behind, or search (unbounded). */
    static const char *const xml =
        HEAD("no", "no")
        "<languagerules><languagerule languagerulename=\"R\">\n"
        "<rule break=\"no\"><beforebreak>\\b(Dr|[Pp]rof)\\.</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule>\n"
        "<rule break=\"no\"><beforebreak>\\b[0-9]+\\.</beforebreak>"
        "<afterbreak>\\s\\p{Ll}</afterbreak></rule>\n"
        "<rule break=\"no\"><beforebreak>^\\s*[IVX]+\\.</beforebreak>"
        "<afterbreak></afterbreak></rule>\n"
        "<rule break=\"yes\"><beforebreak>[\\p{L}\\p{N}]+[.!?]+</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule>\n"
        "</languagerule></languagerules>\n"
        "<maprules><languagemap languagepattern=\".*\" "
        "languagerulename=\"R\"/></maprules></body></srx>\n";
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx;
    char out[256];

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    srx = load(ctx, xml);
    joined(ctx, srx, "en", "IV. Dr. Who met prof. X on page 12. then left. "
                           "Ok!? Yes 12. Fine.",
           out, sizeof(out));
    ck_assert_str_eq(out, "IV. Dr. Who met prof. X on page 12. then left.|"
                          "Ok!?|Yes 12.|Fine.");
    /* "prof" is not "[Pp]rof" preceded by a word boundary inside "xprof". */
    joined(ctx, srx, "en", "Ask xprof. Now.", out, sizeof(out));
    ck_assert_str_eq(out, "Ask xprof.|Now.");
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
}
END_TEST

static void expect_error(const char *xml, int code, const char *needle)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = (void *)1;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_srx_load_memory(&srx, ctx, "mem.srx", xml,
                                               strlen(xml)),
                     code);
    ck_assert_ptr_null(srx);
    ck_assert_msg(strstr(polyalign_context_last_error(ctx), needle) != NULL,
                  "'%s' not in '%s'", needle,
                  polyalign_context_last_error(ctx));
    polyalign_context_free(ctx);
}

START_TEST(test_errors)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;

    /* Bad XML: the line of the error. */
    expect_error("<?xml version=\"1.0\"?>\n<srx>\n<body>\n<x a=>\n</body>"
                 "</srx>\n",
                 POLYALIGN_EFORMAT, "mem.srx:4: bad XML");
    /* Bad regular expression: file, line of the rule, the pattern. */
    expect_error(HEAD("no", "no")
                 "<languagerules><languagerule languagerulename=\"R\">\n"
                 "<rule break=\"no\"><beforebreak>([a-z</beforebreak>"
                 "<afterbreak/></rule>\n"
                 "</languagerule></languagerules></body></srx>\n",
                 POLYALIGN_EFORMAT, "mem.srx:6: bad regular expression in "
                                    "beforebreak");
    expect_error("<?xml version=\"1.0\"?>\n<tmx/>\n", POLYALIGN_EFORMAT,
                 "not an SRX file");
    expect_error(HEAD("no", "no")
                 "<languagerules/><maprules>\n"
                 "<languagemap languagepattern=\".*\" "
                 "languagerulename=\"Nope\"/></maprules></body></srx>\n",
                 POLYALIGN_EFORMAT, "unknown languagerule 'Nope'");
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_srx_load_file(&srx, ctx, "/nonexistent.srx"),
                     POLYALIGN_EIO);
    ck_assert_ptr_null(srx);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "/nonexistent.srx"));
    polyalign_srx_free(NULL);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_no_external_entities)
{
    char path[] = "/tmp/pa-srx-XXXXXX";
    char xml[2048];
    int fd = mkstemp(path);
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;
    int error;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "SECRET", 6), 6);
    close(fd);
    snprintf(xml, sizeof(xml),
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE srx [<!ENTITY x SYSTEM \"file://%s\">]>\n"
             "<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">"
             "<header cascade=\"no\"/><body><languagerules>"
             "<languagerule languagerulename=\"R\"><rule break=\"no\">"
             "<beforebreak>a&x;</beforebreak><afterbreak/></rule>"
             "</languagerule></languagerules></body></srx>\n",
             path);
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    error = polyalign_srx_load_memory(&srx, ctx, "ent.srx", xml, strlen(xml));
    /* Either refused or loaded without reading the file. */
    if (error == 0) {
        ck_assert_uint_eq(srx->nlangrules, 1);
        ck_assert_ptr_null(strstr(srx->langrules[0].rules[0].before,
                                  "SECRET"));
    } else {
        ck_assert_int_eq(error, POLYALIGN_EFORMAT);
    }
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
    unlink(path);
}
END_TEST

START_TEST(test_default_file)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_srx_load_default(&srx, ctx), 0);
    ck_assert_uint_gt(polyalign_srx_rule_count(srx), 10);
    ck_assert_int_eq(srx->use_icu, 1);
    ck_assert_int_eq(srx->cascade, 1);
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_okapi_file)
{
    const char *src = getenv("POLYALIGN_SRCDIR");
    char path[4096], out[1024];
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;

    snprintf(path, sizeof(path),
             "%s/../shared/eval/sbd/okapi-defaultSegmentation.srx",
             src ? src : ".");
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "# skipped: %s not found\n", path);
        return;
    }
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_msg(polyalign_srx_load_file(&srx, ctx, path) == 0, "%s",
                  polyalign_context_last_error(ctx));
    /* 2826 <rule> tags, 3 of them inside comments. */
    ck_assert_uint_eq(polyalign_srx_rule_count(srx), 2823);
    ck_assert_int_eq(srx->use_icu, 1);
    joined(ctx, srx, "fr", "M. Dupont est arrivé. Il a parlé longtemps.", out,
           sizeof(out));
    ck_assert_str_eq(out, "M. Dupont est arrivé.|Il a parlé longtemps.");
    joined(ctx, srx, "fr-FR", "Elle a dit « Bonjour ». Puis elle est partie.",
           out, sizeof(out));
    ck_assert_str_eq(out, "Elle a dit « Bonjour ».|Puis elle est partie.");
    joined(ctx, srx, "ru", "Он пришёл в 3 ч. вечера. Встреча затянулась.",
           out, sizeof(out));
    ck_assert_str_eq(out, "Он пришёл в 3 ч. вечера.|Встреча затянулась.");
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_literal_sets)
{
    struct srx_lits l;

    ck_assert_int_eq(srx_expand_literals("\\b(M|Mme|[Dd]r)\\.", &l), 1);
    ck_assert_uint_eq(l.count, 4);
    ck_assert_int_eq(l.wb[0], 1);
    ck_assert_uint_eq(l.start[1] - l.start[0], 2); /* "M." */
    srx_lits_free(&l);
    ck_assert_int_eq(srx_expand_literals("[Tt]\\.\\s?[еe]\\.", &l), 1);
    ck_assert_uint_eq(l.count, 8);
    ck_assert_int_eq(l.wb[0], 0);
    srx_lits_free(&l);
    /* Not literal: repetition, classes like \w, anchors, negation. */
    ck_assert_int_eq(srx_expand_literals("\\w+\\.", &l), 0);
    ck_assert_int_eq(srx_expand_literals("^[0-9]\\.", &l), 0);
    ck_assert_int_eq(srx_expand_literals("[^a]\\.", &l), 0);
    ck_assert_int_eq(srx_expand_literals("a\\bb", &l), 0);
    ck_assert_int_eq(srx_expand_literals("", &l), 0);
    ck_assert_int_eq(srx_expand_literals("a?", &l), 0); /* may be empty */
}
END_TEST

static Suite *srx_suite(void)
{
    Suite *s = suite_create("srx");
    TCase *tc = tcase_create("srx");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cascade_and_map_order);
    tcase_add_test(tc, test_rule_forms);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_no_external_entities);
    tcase_add_test(tc, test_default_file);
    tcase_add_test(tc, test_okapi_file);
    tcase_add_test(tc, test_literal_sets);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(srx_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
