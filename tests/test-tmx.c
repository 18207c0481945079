/* TMX: writer, reader, validation, merge, filter, split, convert.
 * Fixtures in tests/data/tmx/ (expectations in bad/expect.tsv and
 * validate.expect). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "polyalign.h"
#include "tmx.h"

static char tmpdir[256];
static char warnings[4096];

static void capture_log(void *userdata, enum polyalign_log_level lvl,
                        const char *msg)
{
    (void)userdata;
    (void)lvl;
    strncat(warnings, msg, sizeof(warnings) - strlen(warnings) - 2);
    strcat(warnings, "\n");
}

static struct polyalign_context *new_ctx(void)
{
    struct polyalign_context *ctx = NULL;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    warnings[0] = '\0';
    polyalign_context_set_log(ctx, capture_log, NULL);
    return ctx;
}

static const char *data(const char *name)
{
    static char buf[4][512];
    static int k;
    const char *src = getenv("POLYALIGN_SRCDIR");

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/tests/data/tmx/%s", src ? src : "..",
             name);
    return buf[k];
}

static const char *tmp(const char *name)
{
    static char buf[4][512];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, name);
    return buf[k];
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-tmx.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Read TU number @n (0-based) of @path; returns the TU count. */
static int read_tus(struct polyalign_context *ctx, const char *path,
                    unsigned flags, int n, struct polyalign_tmx_tu *out)
{
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    int count = 0, rc;

    ck_assert_int_eq(polyalign_tmx_reader_open(&r, ctx, path, flags), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    while ((rc = polyalign_tmx_reader_next(r, count == n && out ? out : tu)) >
           0)
        count++;
    ck_assert_msg(rc == 0, "%s", polyalign_context_last_error(ctx));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_reader_free(r);
    return count;
}

static struct polyalign_tmx_writer *open_writer(struct polyalign_context *ctx,
                                                const char *path,
                                                const char *srclang)
{
    struct polyalign_tmx_writer_options o;
    struct polyalign_tmx_writer *w = NULL;

    polyalign_tmx_writer_options_init(&o);
    o.srclang = srclang;
    o.creation_time = 1700000000;
    ck_assert_int_eq(polyalign_tmx_writer_open(&w, ctx, path, &o), 0);
    return w;
}

/* Valid for polyalign's validator and for xmllint --dtdvalid (libxml2-utils
 * is a test dependency: its absence fails here). */
static void assert_valid(struct polyalign_context *ctx, const char *path)
{
    size_t n = 99;
    int rc = polyalign_tmx_validate(ctx, path, NULL, NULL, &n);
    const char *src = getenv("POLYALIGN_SRCDIR");
    char cmd[1200];

    ck_assert_msg(rc == 0, "%s", polyalign_context_last_error(ctx));
    ck_assert_uint_eq(n, 0);
    snprintf(cmd, sizeof(cmd),
             "xmllint --noout --nonet --nowarning --dtdvalid "
             "'%s/dictionaries/tmx/tmx14.dtd' '%s'",
             src ? src : "..", path);
    ck_assert_msg(system(cmd) == 0, "xmllint rejects %s", path);
}

/* ---- writer ------------------------------------------------------------- */

START_TEST(test_writer_header)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *w = open_writer(ctx, tmp("h.tmx"), "fr");
    struct polyalign_tmx_tu *tu = NULL;
    char *s;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    polyalign_tmx_tu_add_variant(tu, "fr", "Un.");
    polyalign_tmx_tu_add_variant(tu, "ru", "Один.");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    s = slurp(tmp("h.tmx"));
    ck_assert_msg(strncmp(s,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
                          "<tmx version=\"1.4\">",
                          77) == 0,
                  "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "creationtool=\"polyalign\""));
    ck_assert_ptr_nonnull(strstr(s, "creationtoolversion=\"0."));
    ck_assert_ptr_nonnull(strstr(s, "segtype=\"sentence\""));
    ck_assert_ptr_nonnull(strstr(s, "o-tmf=\"polyalign\""));
    ck_assert_ptr_nonnull(strstr(s, "adminlang=\"en\""));
    ck_assert_ptr_nonnull(strstr(s, "srclang=\"fr\""));
    ck_assert_ptr_nonnull(strstr(s, "datatype=\"plaintext\""));
    ck_assert_ptr_nonnull(strstr(s, "creationdate=\"20231114T221320Z\""));
    free(s);
    assert_valid(ctx, tmp("h.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_escaping)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *w = open_writer(ctx, tmp("e.tmx"), "fr");
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;
    const char *text = "a & b < c > d \"q\" 'x'\r\n  tab\tend ";
    char *s;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    polyalign_tmx_tu_add_variant(tu, "fr", text);
    polyalign_tmx_tu_add_variant(tu, "ru", "<b>не разметка</b>");
    polyalign_tmx_tu_add_prop(tu, "x-source-fr", "a&b<c>.txt");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    s = slurp(tmp("e.tmx"));
    ck_assert_ptr_nonnull(strstr(s, "<seg>a &amp; b &lt; c &gt; d"));
    ck_assert_ptr_nonnull(strstr(s, "&lt;b&gt;не разметка&lt;/b&gt;"));
    free(s);
    ck_assert_int_eq(read_tus(ctx, tmp("e.tmx"), 0, 0, back), 1);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(back, 0), text);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(back, 1),
                     "<b>не разметка</b>");
    ck_assert_ptr_null(polyalign_tmx_tu_variant_markup(back, 1));
    ck_assert_str_eq(polyalign_tmx_tu_prop(back, "x-source-fr"), "a&b<c>.txt");
    assert_valid(ctx, tmp("e.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_forbidden_chars)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *w = open_writer(ctx, tmp("f.tmx"), "fr");
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    /* U+0001, U+000B, U+FFFE, a lone surrogate (ED A0 80), U+FFFF. */
    polyalign_tmx_tu_add_variant(tu, "fr",
                                 "a\x01"
                                 "b\x0B"
                                 "c\xEF\xBF\xBE"
                                 "d"
                                 "\xED\xA0\x80"
                                 "e\xEF\xBF\xBF");
    polyalign_tmx_tu_add_variant(tu, "ru", "ж\x1F");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    ck_assert_ptr_nonnull(strstr(warnings, "XML 1.0 forbids"));
    ck_assert_int_eq(read_tus(ctx, tmp("f.tmx"), 0, 0, back), 1);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(back, 0), "abcde");
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(back, 1), "ж");
    assert_valid(ctx, tmp("f.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_props_notes)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer_options o;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;
    static const char *const props[][2] = {
        {"x-source-fr", "000.fr.txt"},
        {"x-source-ru", "003.ru.txt"},
        {"x-sentences-fr", "3-4"},
        {"x-sentences-ru", "2"},
        {"x-bead", "2-1"},
        {"x-confidence", "0.87"},
    };
    const char *type;
    char *s;

    polyalign_tmx_writer_options_init(&o);
    o.srclang = "fr";
    o.creationid = "alice";
    o.note = "aligned by polyalign";
    ck_assert_int_eq(polyalign_tmx_writer_open(&w, ctx, tmp("p.tmx"), &o), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    ck_assert_int_eq(polyalign_tmx_tu_set_attr(tu, "tuid", "7"), 0);
    ck_assert_int_eq(polyalign_tmx_tu_set_attr(tu, "bogus", "x"),
                     POLYALIGN_EINVAL);
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(
            polyalign_tmx_tu_add_prop(tu, props[i][0], props[i][1]), 0);
    ck_assert_int_eq(polyalign_tmx_tu_add_note(tu, "check me"), 0);
    polyalign_tmx_tu_add_variant(tu, "fr", "Deux phrases. En une.");
    polyalign_tmx_tu_add_variant(tu, "ru", "Одно.");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    s = slurp(tmp("p.tmx"));
    ck_assert_ptr_nonnull(strstr(s, "creationid=\"alice\""));
    ck_assert_ptr_nonnull(strstr(s, "<note>aligned by polyalign</note>"));
    free(s);
    ck_assert_int_eq(read_tus(ctx, tmp("p.tmx"), 0, 0, back), 1);
    ck_assert_uint_eq(polyalign_tmx_tu_prop_count(back), 6);
    for (size_t i = 0; i < 6; i++) {
        ck_assert_str_eq(polyalign_tmx_tu_prop_at(back, i, &type), props[i][1]);
        ck_assert_str_eq(type, props[i][0]);
    }
    ck_assert_str_eq(polyalign_tmx_tu_note_at(back, 0), "check me");
    ck_assert_str_eq(polyalign_tmx_tu_attr(back, "tuid"), "7");
    ck_assert_str_eq(polyalign_tmx_tu_attr(back, "creationid"), "alice");
    assert_valid(ctx, tmp("p.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_lang_codes)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer_options o;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;
    const char *map[] = {"fr=fr-FR", "ru=ru-RU", NULL};
    const char *bad[] = {"fr", NULL};
    char *s;

    polyalign_tmx_writer_options_init(&o);
    o.lang_map = bad;
    ck_assert_int_eq(polyalign_tmx_writer_open(&w, ctx, tmp("l.tmx"), &o),
                     POLYALIGN_EINVAL);
    ck_assert_ptr_null(w);
    o.lang_map = map;
    o.srclang = "fr";
    ck_assert_int_eq(polyalign_tmx_writer_open(&w, ctx, tmp("l.tmx"), &o), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    /* Source added last: written first. */
    polyalign_tmx_tu_add_variant(tu, "ar", "واحد.");
    polyalign_tmx_tu_add_variant(tu, "ru", "Один.");
    polyalign_tmx_tu_add_variant(tu, "fr", "Un.");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    s = slurp(tmp("l.tmx"));
    ck_assert_ptr_nonnull(strstr(s, "srclang=\"fr-FR\""));
    free(s);
    ck_assert_int_eq(read_tus(ctx, tmp("l.tmx"), 0, 0, back), 1);
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(back, 0), "fr-FR");
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(back, 1), "ar");
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(back, 2), "ru-RU");
    assert_valid(ctx, tmp("l.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_skips_empty)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *w = open_writer(ctx, tmp("s.tmx"), "fr");
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;
    uint64_t written, skipped;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    /* 1-0 bead: one side empty. */
    polyalign_tmx_tu_add_variant(tu, "fr", "Seul.");
    polyalign_tmx_tu_add_variant(tu, "ru", "");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 0);
    /* Blank (spaces, NBSP) is empty too. */
    polyalign_tmx_tu_clear(tu);
    polyalign_tmx_tu_add_variant(tu, "fr", "Oui.");
    polyalign_tmx_tu_add_variant(tu, "ru", " \xC2\xA0\t");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 0);
    /* No variant in the source language. */
    polyalign_tmx_tu_clear(tu);
    polyalign_tmx_tu_add_variant(tu, "ru", "Да.");
    polyalign_tmx_tu_add_variant(tu, "ar", "نعم.");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 0);
    /* Three languages, one empty: written with two. */
    polyalign_tmx_tu_clear(tu);
    polyalign_tmx_tu_add_variant(tu, "fr", "Non.");
    polyalign_tmx_tu_add_variant(tu, "ru", "");
    polyalign_tmx_tu_add_variant(tu, "ar", "لا.");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    polyalign_tmx_writer_counts(w, &written, &skipped);
    ck_assert_uint_eq(written, 1);
    ck_assert_uint_eq(skipped, 3);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    ck_assert_int_eq(read_tus(ctx, tmp("s.tmx"), 0, 0, back), 1);
    ck_assert_uint_eq(polyalign_tmx_tu_variant_count(back), 2);
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(back, 1), "ar");
    assert_valid(ctx, tmp("s.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_atomic)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *w;
    struct polyalign_tmx_tu *tu = NULL;
    struct stat st;
    FILE *fp;
    char *s;

    fp = fopen(tmp("a.tmx"), "w");
    fputs("previous", fp);
    fclose(fp);
    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    polyalign_tmx_tu_add_variant(tu, "fr", "Un.");
    polyalign_tmx_tu_add_variant(tu, "ru", "Один.");
    /* Aborted: the previous content stays. */
    w = open_writer(ctx, tmp("a.tmx"), "fr");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    polyalign_tmx_writer_abort(w);
    s = slurp(tmp("a.tmx"));
    ck_assert_str_eq(s, "previous");
    free(s);
    /* Not yet committed: a new file does not exist. */
    w = open_writer(ctx, tmp("new.tmx"), "fr");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_ne(stat(tmp("new.tmx"), &st), 0);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    ck_assert_int_eq(stat(tmp("new.tmx"), &st), 0);
    /* Unwritable folder: EIO with the path in the message. */
    ck_assert_int_eq(
        polyalign_tmx_writer_open(&w, ctx, "/nonexistent/x.tmx", NULL),
        POLYALIGN_EIO);
    ck_assert_ptr_nonnull(
        strstr(polyalign_context_last_error(ctx), "/nonexistent/x.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_writer_markup_not_indented)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *w = open_writer(ctx, tmp("m.tmx"), NULL);
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;
    const char *fr = "Voir <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>la page"
                     "<ept i=\"1\">&lt;/b&gt;</ept> <hi type=\"term\">ici"
                     "</hi>.";
    char *s;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    ck_assert_int_eq(
        polyalign_tmx_tu_add_variant_markup(tu, ctx, "fr", "<b>x</b>"),
        POLYALIGN_EFORMAT);
    ck_assert_int_eq(
        polyalign_tmx_tu_add_variant_markup(tu, ctx, "fr", "<bpt i='1'>"),
        POLYALIGN_EFORMAT);
    ck_assert_int_eq(polyalign_tmx_tu_add_variant_markup(tu, ctx, "fr", fr), 0);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0), "Voir la page ici.");
    polyalign_tmx_tu_add_variant(tu, "ru", "См. страницу.");
    ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    s = slurp(tmp("m.tmx"));
    ck_assert_msg(strstr(s, "<seg>Voir <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>"
                            "la page<ept i=\"1\">&lt;/b&gt;</ept> "
                            "<hi type=\"term\">ici</hi>.</seg>") != NULL,
                  "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "srclang=\"*all*\""));
    free(s);
    ck_assert_int_eq(read_tus(ctx, tmp("m.tmx"), 0, 0, back), 1);
    ck_assert_str_eq(polyalign_tmx_tu_variant_markup(back, 0), fr);
    assert_valid(ctx, tmp("m.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

/* ---- reader ------------------------------------------------------------- */

START_TEST(test_reader_level1)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_tu *tu = NULL;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(read_tus(ctx, data("level1.tmx"), 0, 0, tu), 2);
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "tuid"), "a");
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "changedate"),
                     "20250103T000000Z");
    ck_assert_str_eq(polyalign_tmx_tu_prop(tu, "x-confidence"), "0.91");
    ck_assert_str_eq(polyalign_tmx_tu_prop(tu, "x-bead"), "1-1");
    ck_assert_str_eq(polyalign_tmx_tu_note_at(tu, 0), "first note");
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0),
                     "  Espaces & <signes> gardés  ");
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 1), "Пробелы\nи строки");
    ck_assert_int_eq(read_tus(ctx, data("level1.tmx"), 0, 1, tu), 2);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0), "a < b");
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(tu, 1), "ar");
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_reader_level2)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_tu *tu = NULL;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(read_tus(ctx, data("level2-3lang.tmx"), 0, 3, tu), 4);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0),
                     "Voir la page 3 & le glossaire.");
    ck_assert_str_eq(polyalign_tmx_tu_variant_markup(tu, 0),
                     "Voir <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>la page 3"
                     "<ept i=\"1\">&lt;/b&gt;</ept><ph x=\"2\">&lt;br/&gt;"
                     "</ph> &amp; <hi type=\"term\">le glossaire</hi>.");
    ck_assert_int_eq(read_tus(ctx, data("level2-3lang.tmx"),
                              POLYALIGN_TMX_READ_FLATTEN, 3, tu),
                     4);
    ck_assert_ptr_null(polyalign_tmx_tu_variant_markup(tu, 0));
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 1),
                     "См. страницу 3 и глоссарий.");
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_reader_versions)
{
    static const char *const files[] = {"v11.tmx", "v12.tmx", "v13.tmx"};
    static const char *const versions[] = {"1.1", "1.2", "1.3"};
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(polyalign_tmx_reader_open(&r, ctx, data(files[i]), 0),
                         0);
        ck_assert_str_eq(polyalign_tmx_reader_version(r), versions[i]);
        ck_assert_str_eq(polyalign_tmx_reader_header(r, "srclang"), "EN-US");
        ck_assert_int_eq(polyalign_tmx_reader_next(r, tu), 1);
        ck_assert_int_eq(polyalign_tmx_reader_line(r), 5);
        ck_assert_str_eq(polyalign_tmx_tu_variant_lang(tu, 1), "FR-FR");
        ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 1),
                         "Bonjour le monde");
        ck_assert_int_eq(polyalign_tmx_reader_next(r, tu), 0);
        polyalign_tmx_reader_free(r);
    }
    ck_assert_int_eq(polyalign_tmx_reader_open(&r, ctx, data("level1.tmx"), 0),
                     0);
    ck_assert_str_eq(polyalign_tmx_reader_version(r), "1.4");
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

/* A file declared ISO-8859-1 whose bytes are UTF-8 is read as UTF-8, with
 * a warning; a real Latin-1 file is read as Latin-1, without one. */
START_TEST(test_reader_mislabelled_utf8)
{
    static const char head[] =
        "<tmx version=\"1.4\"><header creationtool=\"t\" "
        "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" "
        "adminlang=\"en\" srclang=\"fr\" datatype=\"plaintext\"/><body><tu>"
        "<tuv xml:lang=\"fr\"><seg>";
    static const char tail[] = "</seg></tuv><tuv xml:lang=\"en\"><seg>Geneva"
                               "</seg></tuv></tu></body></tmx>\n";
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_tu *tu = NULL;
    FILE *fp;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    fp = fopen(tmp("utf8.tmx"), "wb");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n%s%s%s",
            head, "Gen\xc3\xa8ve", tail);
    fclose(fp);
    ck_assert_int_eq(read_tus(ctx, tmp("utf8.tmx"), 0, 0, tu), 1);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0), "Gen\xc3\xa8ve");
    ck_assert_ptr_nonnull(strstr(warnings, "bytes are UTF-8"));
    warnings[0] = '\0';
    fp = fopen(tmp("latin1.tmx"), "wb");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "<?xml version='1.0' encoding='latin1'?>\n%s%s%s", head,
            "Gen\xe8ve", tail);
    fclose(fp);
    ck_assert_int_eq(read_tus(ctx, tmp("latin1.tmx"), 0, 0, tu), 1);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0), "Gen\xc3\xa8ve");
    ck_assert_str_eq(warnings, "");
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

static int code_of(const char *name)
{
    if (strcmp(name, "EFORMAT") == 0)
        return POLYALIGN_EFORMAT;
    if (strcmp(name, "ELIMIT") == 0)
        return POLYALIGN_ELIMIT;
    return POLYALIGN_EIO;
}

/* Each file of bad/expect.tsv fails with its code, line and message. */
START_TEST(test_reader_errors)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_tu *tu = NULL;
    FILE *fp = fopen(data("bad/expect.tsv"), "r");
    char line[512], file[128], code[32], want[256], at[200], path[300];
    long lno;
    int cases = 0;

    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    while (fgets(line, sizeof(line), fp)) {
        struct polyalign_tmx_reader *r = NULL;
        int rc;

        if (line[0] == '#' ||
            sscanf(line, "%127[^\t]\t%31[^\t]\t%ld\t%255[^\n]", file, code,
                   &lno, want) != 4)
            continue;
        snprintf(path, sizeof(path), "bad/%s", file);
        rc = polyalign_tmx_reader_open(&r, ctx, data(path), 0);
        while (rc == 0 && (rc = polyalign_tmx_reader_next(r, tu)) > 0)
            ;
        polyalign_tmx_reader_free(r);
        ck_assert_msg(rc == code_of(code), "%s: %d", file, rc);
        ck_assert_msg(strstr(polyalign_context_last_error(ctx), want),
                      "%s: '%s' lacks '%s'", file,
                      polyalign_context_last_error(ctx), want);
        if (lno > 0) {
            snprintf(at, sizeof(at), "%s:%ld: ", file, lno);
            ck_assert_msg(strstr(polyalign_context_last_error(ctx), at),
                          "%s: '%s' lacks '%s'", file,
                          polyalign_context_last_error(ctx), at);
        }
        cases++;
    }
    fclose(fp);
    ck_assert_int_ge(cases, 10);
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

/* The external entity never reaches the content; the file is not read. */
START_TEST(test_reader_xxe_not_expanded)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    int rc;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_reader_open(&r, ctx, data("bad/xxe.tmx"), 0),
                     0);
    rc = polyalign_tmx_reader_next(r, tu);
    ck_assert_int_eq(rc, POLYALIGN_EFORMAT);
    ck_assert_ptr_null(strstr(polyalign_context_last_error(ctx), "root:"));
    ck_assert_uint_eq(polyalign_tmx_tu_variant_count(tu), 0);
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_reader_tu_limit)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    FILE *fp = fopen(tmp("big.tmx"), "w");

    ck_assert_ptr_nonnull(fp);
    fputs("<tmx version=\"1.4\"><header srclang=\"fr\"/><body>\n<tu>", fp);
    for (int i = 0; i < 3; i++) {
        fprintf(fp, "<tuv xml:lang=\"l%d\"><seg>", i);
        for (int k = 0; k < 2 * 1024; k++)
            fputs("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaa",
                  fp); /* 1024 bytes */
        fputs("</seg></tuv>\n", fp);
    }
    fputs("</tu></body></tmx>\n", fp);
    fclose(fp);
    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_reader_open(&r, ctx, tmp("big.tmx"), 0), 0);
    ck_assert_int_eq(polyalign_tmx_reader_next(r, tu), POLYALIGN_ELIMIT);
    ck_assert_ptr_nonnull(
        strstr(polyalign_context_last_error(ctx), "larger than"));
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

/* read -> write -> read: same TUs, segment text byte for byte. */
START_TEST(test_round_trip)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_writer *w = open_writer(ctx, tmp("rt.tmx"), NULL);
    struct polyalign_tmx_tu *tu = NULL, *back = NULL;
    int n, count = 0;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_tu_new(&back), 0);
    ck_assert_int_eq(
        polyalign_tmx_reader_open(&r, ctx, data("level2-3lang.tmx"), 0), 0);
    while (polyalign_tmx_reader_next(r, tu) > 0)
        ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
    polyalign_tmx_reader_free(r);
    ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
    n = read_tus(ctx, data("level2-3lang.tmx"), 0, -1, NULL);
    ck_assert_int_eq(read_tus(ctx, tmp("rt.tmx"), 0, -1, NULL), n);
    for (int i = 0; i < n; i++, count++) {
        read_tus(ctx, data("level2-3lang.tmx"), 0, i, tu);
        read_tus(ctx, tmp("rt.tmx"), 0, i, back);
        ck_assert_uint_eq(polyalign_tmx_tu_variant_count(tu),
                          polyalign_tmx_tu_variant_count(back));
        ck_assert_uint_eq(polyalign_tmx_tu_prop_count(tu),
                          polyalign_tmx_tu_prop_count(back));
        for (size_t k = 0; k < polyalign_tmx_tu_variant_count(tu); k++) {
            const char *m1 = polyalign_tmx_tu_variant_markup(tu, k);
            const char *m2 = polyalign_tmx_tu_variant_markup(back, k);
            ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, k),
                             polyalign_tmx_tu_variant_text(back, k));
            ck_assert_str_eq(m1 ? m1 : "-", m2 ? m2 : "-");
        }
    }
    ck_assert_int_eq(count, 4);
    assert_valid(ctx, tmp("rt.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_tmx_tu_free(back);
    polyalign_context_free(ctx);
}
END_TEST

/* ---- validate ----------------------------------------------------------- */

struct seen {
    long line[64];
    char msg[64][256];
    int n;
};

static void collect(void *userdata, const char *path, long line,
                    const char *message)
{
    struct seen *s = userdata;

    (void)path;
    if (s->n < 64) {
        s->line[s->n] = line;
        snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", message);
        s->n++;
    }
}

/* Each line of validate.expect: a file, a line, a problem reported there;
 * clean files are valid. */
START_TEST(test_validate)
{
    struct polyalign_context *ctx = new_ctx();
    FILE *fp;
    char line[512], file[128], want[256];
    long lno;
    size_t n = 0;
    int cases = 0;

    assert_valid(ctx, data("level2-3lang.tmx"));
    assert_valid(ctx, data("level1.tmx"));
    fp = fopen(data("validate.expect"), "r");
    ck_assert_ptr_nonnull(fp);
    while (fgets(line, sizeof(line), fp)) {
        struct seen s = {{0}, {{0}}, 0};
        int found = 0;

        if (line[0] == '#' ||
            sscanf(line, "%127[^\t]\t%ld\t%255[^\n]", file, &lno, want) != 3)
            continue;
        ck_assert_int_eq(
            polyalign_tmx_validate(ctx, data(file), collect, &s, &n),
            POLYALIGN_EFORMAT);
        ck_assert_uint_eq(n, (size_t)s.n);
        for (int i = 0; i < s.n; i++)
            if (s.line[i] == lno && strstr(s.msg[i], want))
                found = 1;
        ck_assert_msg(found, "%s: no problem '%s' on line %ld", file, want,
                      lno);
        cases++;
    }
    fclose(fp);
    ck_assert_int_ge(cases, 18);
    ck_assert_int_eq(
        polyalign_tmx_validate(ctx, data("bad/malformed.tmx"), NULL, NULL, &n),
        POLYALIGN_EFORMAT);
    ck_assert_ptr_nonnull(
        strstr(polyalign_context_last_error(ctx), "malformed.tmx:7:"));
    ck_assert_int_eq(
        polyalign_tmx_validate(ctx, data("no-such.tmx"), NULL, NULL, &n),
        POLYALIGN_EIO);
    polyalign_context_free(ctx);
}
END_TEST

/* ---- tools -------------------------------------------------------------- */

static void assert_tu_text(struct polyalign_context *ctx, const char *path,
                           int i, const char *lang, const char *text)
{
    struct polyalign_tmx_tu *tu = NULL;
    long k;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    read_tus(ctx, path, 0, i, tu);
    k = polyalign_tmx_tu_find_variant(tu, lang);
    ck_assert_int_ge(k, 0);
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, (size_t)k), text);
    polyalign_tmx_tu_free(tu);
}

START_TEST(test_merge)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_counts c;
    struct polyalign_tmx_tu *tu = NULL;
    const char *in[] = {data("merge-a.tmx"), data("merge-b.tmx")};

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_merge(ctx, in, 2, tmp("first.tmx"),
                                         POLYALIGN_TMX_KEEP_FIRST, NULL, &c),
                     0);
    ck_assert_uint_eq(c.read, 6);
    ck_assert_uint_eq(c.written, 4);
    ck_assert_uint_eq(c.duplicates, 2);
    ck_assert_int_eq(read_tus(ctx, tmp("first.tmx"), 0, 0, tu), 4);
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "tuid"), "a1");
    assert_tu_text(ctx, tmp("first.tmx"), 3, "ru", "Два!");
    assert_valid(ctx, tmp("first.tmx"));

    ck_assert_int_eq(polyalign_tmx_merge(ctx, in, 2, tmp("newest.tmx"),
                                         POLYALIGN_TMX_KEEP_NEWEST, NULL, &c),
                     0);
    ck_assert_uint_eq(c.written, 4);
    ck_assert_int_eq(read_tus(ctx, tmp("newest.tmx"), 0, 0, tu), 4);
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "tuid"), "a2");
    read_tus(ctx, tmp("newest.tmx"), 0, 1, tu);
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "tuid"), "b1");
    ck_assert_str_eq(polyalign_tmx_tu_note_at(tu, 0), "from b");
    /* srclang is the inputs' (both fr): fr comes first in b2's twin. */
    read_tus(ctx, tmp("newest.tmx"), 0, 0, tu);
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(tu, 0), "fr");

    /* A TU with a single variant (a source segment waiting for its
     * translation) is not lost by a merge. */
    {
        struct polyalign_tmx_writer *w = NULL;
        struct polyalign_tmx_writer_options o;
        const char *in2[] = {tmp("one.tmx"), data("merge-a.tmx")};

        polyalign_tmx_writer_options_init(&o);
        o.srclang = "fr";
        o.keep_single = 1;
        ck_assert_int_eq(polyalign_tmx_writer_open(&w, ctx, tmp("one.tmx"),
                                                   &o), 0);
        polyalign_tmx_tu_clear(tu);
        polyalign_tmx_tu_add_variant(tu, "fr", "En attente.");
        ck_assert_int_eq(polyalign_tmx_writer_add_tu(w, tu), 1);
        ck_assert_int_eq(polyalign_tmx_writer_commit(w), 0);
        ck_assert_int_eq(polyalign_tmx_merge(ctx, in2, 2, tmp("m1.tmx"),
                                             POLYALIGN_TMX_KEEP_FIRST, NULL,
                                             &c), 0);
        ck_assert_uint_eq(c.written, c.read - c.duplicates);
        ck_assert_int_eq(read_tus(ctx, tmp("m1.tmx"), 0, 0, tu),
                         (int)c.written);
        ck_assert_uint_eq(polyalign_tmx_tu_variant_count(tu), 1);
        ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0), "En attente.");
        assert_valid(ctx, tmp("m1.tmx"));
    }
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

/* Enough TUs for the in-place sort to partition: file B repeats every
 * third TU of A (shuffled order, other dates), so 1000 duplicates. */
START_TEST(test_merge_many)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_writer *a = open_writer(ctx, tmp("ma.tmx"), "fr");
    struct polyalign_tmx_writer *b = open_writer(ctx, tmp("mb.tmx"), "fr");
    struct polyalign_tmx_tu *tu = NULL;
    struct polyalign_tmx_counts c;
    const char *in[] = {tmp("ma.tmx"), tmp("mb.tmx")};
    char fr[64], ru[64];

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    for (int i = 0; i < 3000; i++) {
        polyalign_tmx_tu_clear(tu);
        snprintf(fr, sizeof(fr), "Phrase %d.", i);
        snprintf(ru, sizeof(ru), "Фраза %d.", i % 1500);
        polyalign_tmx_tu_add_variant(tu, "fr", fr);
        polyalign_tmx_tu_add_variant(tu, "ru", ru);
        ck_assert_int_eq(polyalign_tmx_writer_add_tu(a, tu), 1);
    }
    for (int k = 0; k < 2000; k++) {
        int i = (k * 7919) % 2000; /* a permutation of 0..1999 */
        polyalign_tmx_tu_clear(tu);
        if (i % 2 == 0) {
            snprintf(fr, sizeof(fr), "Phrase %d.", (i / 2) * 3);
            snprintf(ru, sizeof(ru), "Фраза %d.", ((i / 2) * 3) % 1500);
            polyalign_tmx_tu_set_attr(tu, "changedate", "20300101T000000Z");
        } else {
            snprintf(fr, sizeof(fr), "Autre %d.", i);
            snprintf(ru, sizeof(ru), "Другая %d.", i);
        }
        polyalign_tmx_tu_add_variant(tu, "ru", ru);
        polyalign_tmx_tu_add_variant(tu, "fr", fr);
        ck_assert_int_eq(polyalign_tmx_writer_add_tu(b, tu), 1);
    }
    ck_assert_int_eq(polyalign_tmx_writer_commit(a), 0);
    ck_assert_int_eq(polyalign_tmx_writer_commit(b), 0);
    ck_assert_int_eq(polyalign_tmx_merge(ctx, in, 2, tmp("mm.tmx"),
                                         POLYALIGN_TMX_KEEP_FIRST, NULL, &c),
                     0);
    ck_assert_uint_eq(c.read, 5000);
    ck_assert_uint_eq(c.duplicates, 1000);
    ck_assert_uint_eq(c.written, 4000);
    ck_assert_int_eq(polyalign_tmx_merge(ctx, in, 2, tmp("mn.tmx"),
                                         POLYALIGN_TMX_KEEP_NEWEST, NULL, &c),
                     0);
    ck_assert_uint_eq(c.duplicates, 1000);
    /* The newer copies are B's: A keeps 2000 TUs, B all of its 2000. */
    ck_assert_int_eq(read_tus(ctx, tmp("mn.tmx"), 0, 2000, tu), 4000);
    ck_assert_ptr_nonnull(polyalign_tmx_tu_attr(tu, "changedate"));
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "changedate"),
                     "20300101T000000Z");
    ck_assert_str_eq(polyalign_tmx_tu_variant_text(tu, 0), "Phrase 0.");
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_filter)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_counts c;
    struct polyalign_tmx_filter f;
    struct polyalign_tmx_tu *tu = NULL;
    const char *langs[] = {"fr", "ru", NULL};

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    memset(&f, 0, sizeof(f));
    f.use_min_confidence = 1;
    f.min_confidence = 0.5;
    ck_assert_int_eq(polyalign_tmx_filter(ctx, data("filter.tmx"),
                                          tmp("conf.tmx"), &f, NULL, &c),
                     0);
    ck_assert_uint_eq(c.read, 5);
    ck_assert_uint_eq(c.written, 3);
    ck_assert_int_eq(read_tus(ctx, tmp("conf.tmx"), 0, 1, tu), 3);
    ck_assert_str_eq(polyalign_tmx_tu_attr(tu, "tuid"), "t4");

    memset(&f, 0, sizeof(f));
    f.max_ratio = 3;
    ck_assert_int_eq(polyalign_tmx_filter(ctx, data("filter.tmx"),
                                          tmp("ratio.tmx"), &f, NULL, &c),
                     0);
    ck_assert_uint_eq(c.written, 4);
    ck_assert_uint_eq(c.filtered, 1);

    memset(&f, 0, sizeof(f));
    f.langs = langs;
    ck_assert_int_eq(polyalign_tmx_filter(ctx, data("filter.tmx"),
                                          tmp("lang.tmx"), &f, NULL, &c),
                     0);
    ck_assert_uint_eq(c.written, 4); /* t5 has no ru */
    ck_assert_int_eq(read_tus(ctx, tmp("lang.tmx"), 0, 0, tu), 4);
    ck_assert_uint_eq(polyalign_tmx_tu_variant_count(tu), 2);
    ck_assert_int_eq(polyalign_tmx_tu_find_variant(tu, "ar"), -1);
    assert_valid(ctx, tmp("lang.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_split_pairs)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_counts c;
    struct polyalign_tmx_tu *tu = NULL;
    struct stat st;

    ck_assert_int_eq(polyalign_tmx_tu_new(&tu), 0);
    ck_assert_int_eq(polyalign_tmx_split_pairs(ctx, data("level2-3lang.tmx"),
                                               tmpdir, "ex", NULL, &c),
                     0);
    ck_assert_uint_eq(c.files, 2);
    ck_assert_uint_eq(c.written, 7);
    ck_assert_int_eq(read_tus(ctx, tmp("ex.fr-ru.tmx"), 0, 0, tu), 4);
    ck_assert_uint_eq(polyalign_tmx_tu_variant_count(tu), 2);
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(tu, 0), "fr");
    ck_assert_str_eq(polyalign_tmx_tu_variant_lang(tu, 1), "ru");
    ck_assert_int_eq(read_tus(ctx, tmp("ex.fr-ar.tmx"), 0, 0, tu), 3);
    ck_assert_int_ne(stat(tmp("ex.ru-ar.tmx"), &st), 0);
    assert_valid(ctx, tmp("ex.fr-ru.tmx"));
    assert_valid(ctx, tmp("ex.fr-ar.tmx"));
    polyalign_tmx_tu_free(tu);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_convert)
{
    struct polyalign_context *ctx = new_ctx();
    struct polyalign_tmx_counts c;
    char *s;

    ck_assert_int_eq(
        polyalign_tmx_convert_to(ctx, data("level1.tmx"), tmp("o.tsv"),
                                 POLYALIGN_TMX_FORMAT_TSV, NULL, &c),
        0);
    s = slurp(tmp("o.tsv"));
    ck_assert_str_eq(s, "fr\tru\tar\n"
                        "  Espaces & <signes> gardés  \tПробелы\\nи "
                        "строки\t\n"
                        "a < b\t\tأ أصغر من ب\n");
    free(s);
    ck_assert_int_eq(
        polyalign_tmx_convert_to(ctx, data("level1.tmx"), tmp("o.jsonl"),
                                 POLYALIGN_TMX_FORMAT_JSONL, NULL, &c),
        0);
    s = slurp(tmp("o.jsonl"));
    ck_assert_str_eq(s,
                     "{\"tuid\":\"a\",\"props\":[{\"type\":\"x-confidence\","
                     "\"value\":\"0.91\"},{\"type\":\"x-bead\",\"value\":"
                     "\"1-1\"}],\"notes\":[\"first note\"],\"tuv\":[{\"lang\":"
                     "\"fr\",\"seg\":\"  Espaces & <signes> gardés  \"},"
                     "{\"lang\":\"ru\",\"seg\":\"Пробелы\\nи строки\"}]}\n"
                     "{\"tuid\":\"b\",\"props\":[],\"notes\":[],\"tuv\":["
                     "{\"lang\":\"fr\",\"seg\":\"a < b\"},{\"lang\":\"ar\","
                     "\"seg\":\"أ أصغر من ب\"}]}\n");
    free(s);
    ck_assert_int_eq(polyalign_tmx_convert_from_tsv(ctx, data("convert.tsv"),
                                                    tmp("c.tmx"), NULL, &c),
                     0);
    ck_assert_uint_eq(c.read, 3);
    ck_assert_uint_eq(c.written, 2); /* "seul" has no translation */
    assert_tu_text(ctx, tmp("c.tmx"), 1, "fr", "Tab\there");
    assert_tu_text(ctx, tmp("c.tmx"), 1, "ru", "Новая\nстрока");
    assert_valid(ctx, tmp("c.tmx"));
    ck_assert_int_eq(polyalign_tmx_convert_from_tsv(ctx, data("bad/ragged.tsv"),
                                                    tmp("r.tmx"), NULL, &c),
                     POLYALIGN_EFORMAT);
    ck_assert_ptr_nonnull(
        strstr(polyalign_context_last_error(ctx), "ragged.tsv:2:"));
    polyalign_context_free(ctx);
}
END_TEST

static Suite *tmx_suite(void)
{
    Suite *s = suite_create("tmx");
    TCase *w = tcase_create("writer");
    TCase *r = tcase_create("reader");
    TCase *t = tcase_create("tools");

    tcase_add_checked_fixture(w, setup, teardown);
    tcase_add_checked_fixture(r, setup, teardown);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(w, test_writer_header);
    tcase_add_test(w, test_writer_escaping);
    tcase_add_test(w, test_writer_forbidden_chars);
    tcase_add_test(w, test_writer_props_notes);
    tcase_add_test(w, test_writer_lang_codes);
    tcase_add_test(w, test_writer_skips_empty);
    tcase_add_test(w, test_writer_atomic);
    tcase_add_test(w, test_writer_markup_not_indented);
    tcase_add_test(r, test_reader_level1);
    tcase_add_test(r, test_reader_level2);
    tcase_add_test(r, test_reader_versions);
    tcase_add_test(r, test_reader_mislabelled_utf8);
    tcase_add_test(r, test_reader_errors);
    tcase_add_test(r, test_reader_xxe_not_expanded);
    tcase_add_test(r, test_reader_tu_limit);
    tcase_add_test(r, test_round_trip);
    tcase_add_test(t, test_validate);
    tcase_add_test(t, test_merge);
    tcase_add_test(t, test_merge_many);
    tcase_add_test(t, test_filter);
    tcase_add_test(t, test_split_pairs);
    tcase_add_test(t, test_convert);
    suite_add_tcase(s, w);
    suite_add_tcase(s, r);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tmx_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
