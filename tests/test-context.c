#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "polyalign.h"

START_TEST(test_new_free)
{
    struct polyalign_context *ctx = NULL;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_ptr_nonnull(ctx);
    ck_assert_str_eq(polyalign_context_last_error(ctx), "");
    polyalign_context_free(ctx);
    polyalign_context_free(NULL);
}
END_TEST

START_TEST(test_error_message)
{
    struct polyalign_context *ctx = NULL;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(ctx_error(ctx, POLYALIGN_EIO, "%s: line %d", "a.txt", 7),
                     POLYALIGN_EIO);
    ck_assert_str_eq(polyalign_context_last_error(ctx), "a.txt: line 7");
    ck_assert_int_eq(polyalign_context_last_error_code(ctx), POLYALIGN_EIO);
    polyalign_context_clear_error(ctx);
    ck_assert_str_eq(polyalign_context_last_error(ctx), "");
    ck_assert_str_eq(polyalign_strerror(POLYALIGN_EENCODING),
                     "invalid encoding");
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_find_data)
{
    struct polyalign_context *ctx = NULL;
    char *p;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    p = polyalign_context_find_data(ctx, "no/such/file.srx");
    ck_assert_ptr_null(p);
    ck_assert_int_eq(polyalign_context_set_datadir(ctx, "/tmp"), 0);
    ck_assert_str_eq(polyalign_context_datadir(ctx), "/tmp");
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_hunspell_cache)
{
    struct polyalign_context *ctx = NULL;
    Hunhandle *fr, *again;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    polyalign_context_set_log(ctx, NULL, NULL);
    fr = ctx_hunspell(ctx, "fr");
    ck_assert_ptr_nonnull(fr);
    again = ctx_hunspell(ctx, "fr");
    ck_assert_ptr_eq(fr, again);
    ck_assert_int_ne(Hunspell_spell(fr, "Genève"), 0);
    ck_assert_ptr_nonnull(ctx_hunspell(ctx, "ru"));
    ck_assert_ptr_null(ctx_hunspell(ctx, "xx"));
    polyalign_context_free(ctx);
}
END_TEST

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = calloc(1, (size_t)n + 1);
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

START_TEST(test_output_atomic)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_output *o = NULL;
    char dir[] = "/tmp/pa-io-XXXXXX";
    char path[256];
    char *s;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/out.txt", dir);
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);

    ck_assert_int_eq(polyalign_output_open(&o, ctx, path), 0);
    fputs("first", polyalign_output_stream(o));
    /* Not visible before commit. */
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_eq(polyalign_output_commit(o), 0);
    s = read_all(path);
    ck_assert_str_eq(s, "first");
    free(s);

    /* An aborted rewrite leaves the previous content. */
    ck_assert_int_eq(polyalign_output_open(&o, ctx, path), 0);
    fputs("second, partial", polyalign_output_stream(o));
    polyalign_output_abort(o);
    s = read_all(path);
    ck_assert_str_eq(s, "first");
    free(s);

    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0); /* no temporary file left behind */

    /* Missing folder: an error naming the path. */
    ck_assert_int_eq(polyalign_output_open(&o, ctx, "/nonexistent/x/out.tmx"),
                     POLYALIGN_EIO);
    ck_assert_ptr_null(o);
    ck_assert_ptr_nonnull(strstr(polyalign_context_last_error(ctx),
                                 "/nonexistent/x/out.tmx"));
    polyalign_context_free(ctx);
}
END_TEST

static Suite *context_suite(void)
{
    Suite *s = suite_create("context");
    TCase *tc = tcase_create("context");

    tcase_add_test(tc, test_new_free);
    tcase_add_test(tc, test_error_message);
    tcase_add_test(tc, test_find_data);
    tcase_add_test(tc, test_hunspell_cache);
    tcase_add_test(tc, test_output_atomic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(context_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
