/* Fuzz target: lexicon loading in both formats (TSV and hunalign's
 * "target @ source"), with folding of both sides, then look-ups.  The
 * loader opens paths, so each input is written to a private temporary
 * file first. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    static const char *const pairs[][2] = {
        {"fr", "ru"}, {"en", "ar"}, {"ru", "fr"}, {"de", "fr"}};
    static const char *const keys[] = {"chat", "maison", "дом", "house", ""};
    struct polyalign_lexicon *lex = NULL;
    enum polyalign_lexicon_format format = POLYALIGN_LEXICON_AUTO;
    unsigned sel = 0;
    FILE *fp;

    if (!ctx) {
        int fd;
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
        snprintf(path, sizeof path, "/tmp/polyalign-fuzz-lex-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(remove_path);
    }
    if (size > 0) {
        sel = data[0];
        data++;
        size--;
    }
    format = (enum polyalign_lexicon_format)(sel % 3);
    fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);
    if (polyalign_lexicon_new(&lex, ctx, pairs[(sel >> 2) & 3][0],
                              pairs[(sel >> 2) & 3][1]) < 0)
        return 0;
    if (polyalign_lexicon_load(lex, path, format) == 0) {
        size_t pairs_n = polyalign_lexicon_pairs(lex);
        if (polyalign_lexicon_entries(lex) > pairs_n)
            __builtin_trap(); /* every entry has a translation */
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
            const char *const *out;
            size_t n = polyalign_lexicon_lookup(lex, keys[i], &out);
            for (size_t k = 0; k < n; k++)
                if (!out[k])
                    __builtin_trap();
        }
    }
    polyalign_lexicon_free(lex);
    return 0;
}
