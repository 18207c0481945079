/* Fuzz target: the TMX reader (libxml2 stream, header, TUs, variants with
 * and without markup).  The reader opens paths, so each input is written
 * to a private temporary file first. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_path(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL, *copy = NULL;
    const char *markup;
    unsigned flags = 0;
    FILE *fp;

    if (!ctx) {
        int fd;
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
        snprintf(path, sizeof path, "/tmp/polyalign-fuzz-tmx-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(remove_path);
    }
    if (size > 0) {
        flags = (data[0] & 1) ? POLYALIGN_TMX_READ_FLATTEN : 0;
        data++;
        size--;
    }
    fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);
    if (polyalign_tmx_tu_new(&tu) < 0 || polyalign_tmx_tu_new(&copy) < 0)
        goto cleanup;
    if (polyalign_tmx_reader_open(&r, ctx, path, flags) < 0)
        goto cleanup;
    (void)polyalign_tmx_reader_version(r);
    (void)polyalign_tmx_reader_header(r, "srclang");
    while (polyalign_tmx_reader_next(r, tu) == 1) {
        size_t n = polyalign_tmx_tu_variant_count(tu);
        for (size_t i = 0; i < n; i++) {
            if (!polyalign_tmx_tu_variant_lang(tu, i) ||
                !polyalign_tmx_tu_variant_text(tu, i))
                __builtin_trap();
            markup = polyalign_tmx_tu_variant_markup(tu, i);
            /* Markup the reader produced must parse back. */
            if (markup && copy) {
                polyalign_tmx_tu_clear(copy);
                if (polyalign_tmx_tu_add_variant_markup(
                        copy, ctx, polyalign_tmx_tu_variant_lang(tu, i),
                        markup) == POLYALIGN_EFORMAT)
                    __builtin_trap();
            }
        }
        for (size_t i = 0; i < polyalign_tmx_tu_prop_count(tu); i++) {
            const char *type;
            (void)polyalign_tmx_tu_prop_at(tu, i, &type);
        }
    }
cleanup:
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(copy);
    polyalign_tmx_tu_free(tu);
    return 0;
}
