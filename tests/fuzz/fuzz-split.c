/* Fuzz target: the sentence splitter with the default SRX rules on
 * arbitrary bytes (invalid UTF-8 must be refused with an error, valid text
 * split into ordered, non-empty spans inside the paragraph). */
#include <stddef.h>
#include <stdint.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    static struct polyalign_splitter *sp[4];
    static const char *const langs[] = {"fr", "en", "ru", "ar"};
    const struct polyalign_span *spans;
    size_t count, prev = 0;
    unsigned which;

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
        for (size_t i = 0; i < 4; i++)
            if (polyalign_splitter_new(&sp[i], ctx, NULL, langs[i]) < 0)
                __builtin_trap();
    }
    if (size == 0)
        return 0;
    which = data[0] & 3;
    data++;
    size--;
    if (polyalign_splitter_split(sp[which], (const char *)data, size, &spans,
                                 &count) < 0)
        return 0;
    for (size_t k = 0; k < count; k++) {
        if (spans[k].start < prev || spans[k].end <= spans[k].start ||
            spans[k].end > size)
            __builtin_trap();
        prev = spans[k].end;
    }
    return 0;
}
