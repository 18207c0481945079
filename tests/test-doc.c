/* Documents: decoding, charset detection, normalisation, paragraphs, byte
 * spans, language identification, bad input. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "doc.h"
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

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(fp != NULL, "cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static char *corpus_path(const char *name)
{
    static char path[1024];
    const char *src = getenv("POLYALIGN_SRCDIR");

    snprintf(path, sizeof(path), "%s/corpora/kremlin-biden-2021/%s",
             src ? src : "..", name);
    return path;
}

/* Convert UTF-8 to a legacy charset with ICU (the test makes its own
 * CP1251 / Windows-1256 / Latin-1 files). */
static char *to_charset(const char *utf8, size_t len, const char *cs,
                        size_t *outlen)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = ucnv_convert(cs, "UTF-8", NULL, 0, utf8, (int32_t)len, &st);
    char *out = malloc((size_t)n + 1);

    st = U_ZERO_ERROR;
    ucnv_convert(cs, "UTF-8", out, n + 1, utf8, (int32_t)len, &st);
    ck_assert_msg(U_SUCCESS(st), "ucnv_convert %s: %s", cs, u_errorName(st));
    *outlen = (size_t)n;
    return out;
}

static void check_legacy(const char *corpus, const char *cs,
                         const char *lang)
{
    size_t len, blen, tlen;
    char *utf8 = read_file(corpus_path(corpus), &len);
    char *bytes = to_charset(utf8, len, cs, &blen);
    struct polyalign_doc *doc = NULL;
    const char *text;

    /* No language in the name: detection has to find charset and
     * language from the bytes alone. */
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "legacy.txt", bytes,
                                               blen, NULL), 0);
    text = polyalign_doc_text(doc, &tlen);
    ck_assert_msg(strcmp(text, utf8) == 0, "%s decoded as %s differs", cs,
                  polyalign_doc_encoding(doc));
    ck_assert_str_eq(polyalign_doc_lang(doc), lang);
    polyalign_doc_free(doc);
    free(bytes);
    free(utf8);
}

START_TEST(test_cp1251_russian)
{
    check_legacy("003.ru.txt", "windows-1251", "ru");
}
END_TEST

START_TEST(test_windows1256_arabic)
{
    check_legacy("004.ar.txt", "windows-1256", "ar");
}
END_TEST

START_TEST(test_windows1252_french)
{
    check_legacy("000.fr.txt", "windows-1252", "fr");
}
END_TEST

START_TEST(test_latin1_french)
{
    /* Only characters Latin-1 has (no curly apostrophe, no euro). */
    const char *utf8 =
        "L'été dernier à Genève, les présidents se sont rencontrés. "
        "« Où êtes-vous ? » a demandé le journaliste. Ça coûte cher, "
        "très cher : l'économie française a reculé de 3 % cette année. "
        "Les négociations reprendront à Moscou en décembre prochain.\n";
    size_t blen;
    char *bytes = to_charset(utf8, strlen(utf8), "ISO-8859-1", &blen);
    struct polyalign_doc *doc = NULL;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "l1.txt", bytes,
                                               blen, NULL), 0);
    ck_assert_str_eq(polyalign_doc_text(doc, NULL), utf8);
    ck_assert_str_eq(polyalign_doc_lang(doc), "fr");
    polyalign_doc_free(doc);
    free(bytes);
}
END_TEST

START_TEST(test_declared_encoding)
{
    const char *utf8 = "Владимир Путин и Джо Байден провели телефонный "
                       "разговор. Об этом сообщили в Кремле.\n";
    size_t blen;
    char *bytes = to_charset(utf8, strlen(utf8), "KOI8-R", &blen);
    struct polyalign_doc_options opts = {.encoding = "KOI8-R"};
    struct polyalign_doc *doc = NULL;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "x.ru.txt", bytes,
                                               blen, &opts), 0);
    ck_assert_str_eq(polyalign_doc_text(doc, NULL), utf8);
    ck_assert_str_eq(polyalign_doc_encoding(doc), "KOI8-R");
    polyalign_doc_free(doc);

    opts.encoding = "no-such-charset";
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "x.ru.txt", bytes,
                                               blen, &opts),
                     POLYALIGN_EINVAL);
    ck_assert_ptr_null(doc);
    free(bytes);
}
END_TEST

START_TEST(test_utf16_bom_and_no_bom)
{
    const char *s = "Путин и Байден.\nBonjour.\n";
    size_t blen;
    char *le = to_charset(s, strlen(s), "UTF-16LE", &blen);
    char *bom = malloc(blen + 2);
    struct polyalign_doc *doc = NULL;

    memcpy(bom, "\xff\xfe", 2);
    memcpy(bom + 2, le, blen);
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "a", bom, blen + 2,
                                               NULL), 0);
    ck_assert_str_eq(polyalign_doc_text(doc, NULL), s);
    polyalign_doc_free(doc);
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "a", le, blen,
                                               NULL), 0);
    ck_assert_str_eq(polyalign_doc_text(doc, NULL), s);
    ck_assert_str_eq(polyalign_doc_encoding(doc), "UTF-16LE");
    polyalign_doc_free(doc);
    free(le);
    free(bom);
}
END_TEST

START_TEST(test_bom_crlf_nfc)
{
    /* UTF-8 BOM, CRLF and CR line ends, "e" + combining acute. */
    const char in[] = "\xef\xbb\xbf" "Cafe\xcc\x81 ouvert.\r\nDeux.\rTrois.";
    struct polyalign_doc *doc = NULL;
    struct polyalign_span sp;
    size_t len;
    const char *text;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "a.fr.txt", in,
                                               sizeof(in) - 1, NULL), 0);
    text = polyalign_doc_text(doc, &len);
    ck_assert_str_eq(text, "Caf\xc3\xa9 ouvert.\nDeux.\nTrois.");
    ck_assert_uint_eq(polyalign_doc_paragraph_count(doc), 3);
    ck_assert_int_eq(polyalign_doc_paragraph(doc, 1, &sp), 0);
    ck_assert_uint_eq(sp.end - sp.start, 5);
    ck_assert_int_eq(polyalign_doc_paragraph(doc, 3, &sp), POLYALIGN_EINVAL);
    polyalign_doc_free(doc);
}
END_TEST

START_TEST(test_paragraphs_and_join_lines)
{
    const char in[] = "Titre\nUne ligne\ncoupée.\n\n  \nFin.\n";
    struct polyalign_doc_options opts = {.flags = POLYALIGN_DOC_JOIN_LINES};
    struct polyalign_doc *doc = NULL;
    struct polyalign_span sp;
    const char *text;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "a.fr.txt", in,
                                               sizeof(in) - 1, NULL), 0);
    ck_assert_uint_eq(polyalign_doc_paragraph_count(doc), 4);
    polyalign_doc_free(doc);

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "a.fr.txt", in,
                                               sizeof(in) - 1, &opts), 0);
    ck_assert_uint_eq(polyalign_doc_paragraph_count(doc), 2);
    text = polyalign_doc_text(doc, NULL);
    ck_assert_int_eq(polyalign_doc_paragraph(doc, 0, &sp), 0);
    ck_assert_int_eq((int)(sp.end - sp.start),
                     (int)strlen("Titre Une ligne coupée."));
    ck_assert(strncmp(text + sp.start, "Titre Une ligne coupée.",
                      sp.end - sp.start) == 0);
    polyalign_doc_free(doc);
}
END_TEST

/* Every sentence's byte span, cut from the original bytes and decoded
 * again, gives the sentence's text. */
START_TEST(test_byte_spans_legacy)
{
    size_t len, blen;
    char *utf8 = read_file(corpus_path("003.ru.txt"), &len);
    char *bytes = to_charset(utf8, len, "windows-1251", &blen);
    struct polyalign_doc *doc = NULL;
    struct polyalign_splitter *sp = NULL;
    size_t n;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "r.ru.txt", bytes,
                                               blen, NULL), 0);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, "ru"), 0);
    ck_assert_int_eq(polyalign_doc_segment(doc, sp), 0);
    n = polyalign_doc_sentence_count(doc);
    ck_assert_uint_gt(n, 10);
    for (size_t i = 0; i < n; i++) {
        struct polyalign_sentence s;
        UErrorCode st = U_ZERO_ERROR;
        char out[8192];
        int32_t m;

        ck_assert_int_eq(polyalign_doc_sentence(doc, i, &s), 0);
        ck_assert_uint_le(s.byte_end, blen);
        m = ucnv_convert("UTF-8", "windows-1251", out, sizeof(out),
                         bytes + s.byte_start,
                         (int32_t)(s.byte_end - s.byte_start), &st);
        ck_assert(U_SUCCESS(st));
        ck_assert_int_eq(m, (int32_t)s.len);
        ck_assert(memcmp(out, s.text, s.len) == 0);
    }
    polyalign_splitter_free(sp);
    polyalign_doc_free(doc);
    free(bytes);
    free(utf8);
}
END_TEST

/* Documents larger than the decoding window (64 Ki UTF-16 units), with a
 * BOM, CRLF line ends and decomposed accents: every sentence's byte span,
 * decoded and normalised to NFC, gives the sentence's text, in UTF-8,
 * UTF-16LE and windows-1251; an invalid byte far into the file is
 * reported at its offset. */
static void check_big(const char *cs, const char *bom, size_t bomlen)
{
    const char *line[] = {
        "Premie\xcc\x80re phrase de\xcc\x81ja\xcc\x80 vue. Deuxie\xcc\x80me ?",
        ("\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb2\xd0\xbe\xd0\xb5. "
         "\xd0\x92\xd1\x82\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb5 !"),
        "Plain ASCII text. Another one here."};
    int legacy = strcmp(cs, "windows-1251") == 0;
    size_t cap = 400000, len = 0, blen, n, enc_len;
    char *utf8 = malloc(cap), *bytes, *enc;
    struct polyalign_doc_options opts = {.encoding = cs, .lang = "fr"};
    struct polyalign_doc *doc = NULL;
    struct polyalign_splitter *sp = NULL;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    UConverter *conv = ucnv_open(cs, &st);
    char want[64];

    ck_assert(U_SUCCESS(st));
    for (size_t i = 0; len + 200 < cap; i++) {
        /* windows-1251 has no accented Latin letters: no French there. */
        const char *l = line[legacy ? 1 + i % 2 : i % 3];
        len += (size_t)sprintf(utf8 + len, "%s\r\n\r\n", l);
    }
    enc = to_charset(utf8, len, cs, &enc_len);
    blen = bomlen + enc_len;
    bytes = malloc(blen + 1);
    memcpy(bytes, bom, bomlen);
    memcpy(bytes + bomlen, enc, enc_len);
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "big.txt", bytes,
                                               blen, &opts), 0);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, "fr"), 0);
    ck_assert_int_eq(polyalign_doc_segment(doc, sp), 0);
    n = polyalign_doc_sentence_count(doc);
    ck_assert_uint_gt(n, 10000);
    for (size_t i = 0; i < n; i++) {
        struct polyalign_sentence s;
        UChar u[256], v[256];
        char out[1024];
        int32_t m, k;

        ck_assert_int_eq(polyalign_doc_sentence(doc, i, &s), 0);
        ck_assert_uint_le(s.byte_end, blen);
        st = U_ZERO_ERROR;
        m = ucnv_toUChars(conv, u, 256, bytes + s.byte_start,
                          (int32_t)(s.byte_end - s.byte_start), &st);
        m = unorm2_normalize(nfc, u, m, v, 256, &st);
        u_strToUTF8(out, sizeof(out), &k, v, m, &st);
        ck_assert_msg(U_SUCCESS(st), "sentence %zu: %s", i, u_errorName(st));
        ck_assert_msg(k == (int32_t)s.len && memcmp(out, s.text, s.len) == 0,
                      "%s: sentence %zu: span [%zu, %zu) is '%.*s', text "
                      "'%.*s'", cs, i, s.byte_start, s.byte_end, (int)k, out,
                      (int)s.len, s.text);
    }
    polyalign_splitter_free(sp);
    polyalign_doc_free(doc);
    doc = NULL;
    /* An invalid byte near the end (not in UTF-16LE: every unit is valid
     * but a lone surrogate, which ICU also refuses). */
    if (strcmp(cs, "UTF-8") == 0) {
        bytes[blen - 5] = '\xff';
        ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "big.txt",
                                                   bytes, blen, &opts),
                         POLYALIGN_EENCODING);
        snprintf(want, sizeof(want), "byte offset %zu",
                 blen - 5);
        ck_assert_ptr_nonnull(
            strstr(polyalign_context_last_error(ctx), want));
    }
    ucnv_close(conv);
    free(bytes);
    free(enc);
    free(utf8);
}

START_TEST(test_big_streamed)
{
    check_big("UTF-8", "\xef\xbb\xbf", 3);
    check_big("UTF-16LE", "\xff\xfe", 2);
    check_big("windows-1251", "", 0);
}
END_TEST

/* A paragraph larger than the splitter's window (4 MiB) gives the same
 * sentences as split whole: none lost, none cut. */
START_TEST(test_huge_paragraph)
{
    size_t cap = 5u << 20, len = 0, n, i;
    char *in = malloc(cap + 64);
    struct polyalign_doc_options opts = {.lang = "fr"};
    struct polyalign_doc *doc = NULL;
    struct polyalign_splitter *sp = NULL;

    for (i = 0; len < cap; i++)
        len += (size_t)sprintf(in + len, "Phrase numéro %zu. ", i);
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "huge.txt", in,
                                               len, &opts), 0);
    ck_assert_uint_eq(polyalign_doc_paragraph_count(doc), 1);
    ck_assert_int_eq(polyalign_splitter_new(&sp, ctx, NULL, "fr"), 0);
    ck_assert_int_eq(polyalign_doc_segment(doc, sp), 0);
    n = polyalign_doc_sentence_count(doc);
    ck_assert_uint_eq(n, i);
    for (size_t k = 0; k < n; k++) {
        struct polyalign_sentence s;
        char want[64];
        int m = snprintf(want, sizeof(want), "Phrase numéro %zu.", k);

        ck_assert_int_eq(polyalign_doc_sentence(doc, k, &s), 0);
        ck_assert_msg(s.len == (size_t)m && memcmp(s.text, want, s.len) == 0,
                      "sentence %zu: '%.*s'", k, (int)s.len, s.text);
    }
    polyalign_splitter_free(sp);
    polyalign_doc_free(doc);
    free(in);
}
END_TEST

START_TEST(test_invalid_utf8_offset)
{
    const char in[] = "Bonjour.\nabc\xc3\x28 def.\n";
    struct polyalign_doc_options opts = {.encoding = "UTF-8"};
    struct polyalign_doc *doc = NULL;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "bad.fr.txt", in,
                                               sizeof(in) - 1, &opts),
                     POLYALIGN_EENCODING);
    ck_assert_ptr_null(doc);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "bad.fr.txt"));
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "byte offset 12"));
}
END_TEST

START_TEST(test_truncated_utf8_at_end)
{
    const char in[] = "Fin \xd0";
    struct polyalign_doc_options opts = {.encoding = "UTF-8"};
    struct polyalign_doc *doc = NULL;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "t.txt", in,
                                               sizeof(in) - 1, &opts),
                     POLYALIGN_EENCODING);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "byte offset 4"));
}
END_TEST

START_TEST(test_binary_and_empty)
{
    const char bin[] = "ELF\x01\x02\x00\x00\x00\x10\xff\x00\x01";
    struct polyalign_doc *doc = NULL;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "x.bin", bin,
                                               sizeof(bin) - 1, NULL),
                     POLYALIGN_EBINARY);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "byte offset 5"));
    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "e.fr.txt", "", 0,
                                               NULL), 0);
    ck_assert_uint_eq(polyalign_doc_paragraph_count(doc), 0);
    polyalign_doc_free(doc);
}
END_TEST

START_TEST(test_unreadable_file)
{
    struct polyalign_doc *doc = NULL;

    ck_assert_int_eq(polyalign_doc_load_file(&doc, ctx, "/no/such/file.txt",
                                             NULL), POLYALIGN_EIO);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "/no/such/file.txt"));
}
END_TEST

START_TEST(test_presplit)
{
    const char in[] = "Erste Zeile .\n\nDritte Zeile .\n";
    struct polyalign_doc_options opts = {.flags = POLYALIGN_DOC_PRESPLIT};
    struct polyalign_doc *doc = NULL;
    struct polyalign_sentence s;

    ck_assert_int_eq(polyalign_doc_load_memory(&doc, ctx, "t.de", in,
                                               sizeof(in) - 1, &opts), 0);
    ck_assert_uint_eq(polyalign_doc_sentence_count(doc), 3);
    ck_assert_int_eq(polyalign_doc_sentence(doc, 1, &s), 0);
    ck_assert_uint_eq(s.len, 0);
    ck_assert_int_eq(polyalign_doc_sentence(doc, 2, &s), 0);
    ck_assert_uint_eq(s.byte_start, 15);
    ck_assert(strncmp(s.text, "Dritte Zeile .", s.len) == 0);
    ck_assert_str_eq(polyalign_doc_lang(doc), "de");
    polyalign_doc_free(doc);
}
END_TEST

START_TEST(test_lang_from_filename)
{
    char buf[16];

    ck_assert_int_eq(polyalign_langid_from_filename("a/b/000.fr.txt", buf,
                                                    sizeof(buf)), 0);
    ck_assert_str_eq(buf, "fr");
    ck_assert_int_eq(polyalign_langid_from_filename("test0.de", buf,
                                                    sizeof(buf)), 0);
    ck_assert_str_eq(buf, "de");
    ck_assert_int_eq(polyalign_langid_from_filename("r.ru_RU.txt", buf,
                                                    sizeof(buf)), 0);
    ck_assert_str_eq(buf, "ru-RU");
    ck_assert_int_eq(polyalign_langid_from_filename("report.txt", buf,
                                                    sizeof(buf)),
                     POLYALIGN_ENOTFOUND);
    ck_assert_int_eq(polyalign_langid_from_filename("notes", buf,
                                                    sizeof(buf)),
                     POLYALIGN_ENOTFOUND);
}
END_TEST

START_TEST(test_langid_detect)
{
    struct polyalign_langid id;
    const char *fr = "La question des attaques de pirates informatiques a "
                     "été abordée lors d'une conversation téléphonique.";
    const char *ru = "Владимир Путин и Джо Байден провели телефонный "
                     "разговор.";
    const char *ar = "أكد الرئيس الروسي فلاديمير بوتين ونظيره الأمريكي.";

    ck_assert_int_eq(polyalign_langid_detect(ctx, fr, strlen(fr), &id), 0);
    ck_assert_str_eq(id.lang, "fr");
    ck_assert_str_eq(id.script, "Latn");
    ck_assert_str_eq(id.method, "hunspell");
    ck_assert_int_eq(polyalign_langid_detect(ctx, ru, strlen(ru), &id), 0);
    ck_assert_str_eq(id.lang, "ru");
    ck_assert_str_eq(id.script, "Cyrl");
    ck_assert_int_eq(polyalign_langid_detect(ctx, ar, strlen(ar), &id), 0);
    ck_assert_str_eq(id.lang, "ar");
    ck_assert_str_eq(id.script, "Arab");
    ck_assert_int_eq(polyalign_langid_detect(ctx, "1234 ...", 8, &id), 0);
    ck_assert_str_eq(id.lang, "und");
}
END_TEST

static Suite *doc_suite(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("doc");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cp1251_russian);
    tcase_add_test(tc, test_windows1256_arabic);
    tcase_add_test(tc, test_windows1252_french);
    tcase_add_test(tc, test_latin1_french);
    tcase_add_test(tc, test_declared_encoding);
    tcase_add_test(tc, test_utf16_bom_and_no_bom);
    tcase_add_test(tc, test_bom_crlf_nfc);
    tcase_add_test(tc, test_paragraphs_and_join_lines);
    tcase_add_test(tc, test_byte_spans_legacy);
    tcase_add_test(tc, test_big_streamed);
    tcase_add_test(tc, test_huge_paragraph);
    tcase_add_test(tc, test_invalid_utf8_offset);
    tcase_add_test(tc, test_truncated_utf8_at_end);
    tcase_add_test(tc, test_binary_and_empty);
    tcase_add_test(tc, test_unreadable_file);
    tcase_add_test(tc, test_presplit);
    tcase_add_test(tc, test_lang_from_filename);
    tcase_add_test(tc, test_langid_detect);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(doc_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
