/* Fuzz target: document ingestion (charset detection, conversion, NFC,
 * paragraphs, language id) and sentence splitting of the result. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    struct polyalign_doc *doc = NULL;
    struct polyalign_doc_options opts = {0};
    struct polyalign_splitter *sp = NULL;

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
    }
    /* The first byte picks the options, so both paths get explored. */
    if (size > 0) {
        if (data[0] & 1)
            opts.flags |= POLYALIGN_DOC_JOIN_LINES;
        if (data[0] & 2)
            opts.flags |= POLYALIGN_DOC_PRESPLIT;
        if (data[0] & 4)
            opts.lang = "fr";
        data++;
        size--;
    }
    if (polyalign_doc_load_memory(&doc, ctx, "fuzz.txt", data, size,
                                  &opts) < 0)
        return 0;
    if (polyalign_splitter_new(&sp, ctx, NULL, polyalign_doc_lang(doc)) == 0 &&
        polyalign_doc_segment(doc, sp) == 0) {
        size_t n = polyalign_doc_sentence_count(doc), len;
        const char *text = polyalign_doc_text(doc, &len);
        size_t prev_end = 0;

        (void)text;
        for (size_t i = 0; i < n; i++) {
            struct polyalign_sentence s;
            if (polyalign_doc_sentence(doc, i, &s) < 0 ||
                s.byte_start > s.byte_end || s.byte_end > size ||
                s.byte_start < prev_end)
                __builtin_trap(); /* spans must be ordered, in the file */
            prev_end = s.byte_start;
        }
    }
    polyalign_splitter_free(sp);
    polyalign_doc_free(doc);
    return 0;
}
