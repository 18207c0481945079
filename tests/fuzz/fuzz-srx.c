/* Fuzz target: the SRX loader (XML, language maps, ICU regular
 * expressions), then a splitter built from the rules on a short text. */
#include <stddef.h>
#include <stdint.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    static const char text[] = "Dr. Smith arrived. He said: \"Hi!\" Then "
                               "he left... M. Dupont? Oui. 3.5 km.";
    static const char *const langs[] = {"en", "fr", "ru", "ar", "xx"};
    struct polyalign_srx *srx = NULL;
    struct polyalign_splitter *sp = NULL;
    const struct polyalign_span *spans;
    size_t count;

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
    }
    if (polyalign_srx_load_memory(&srx, ctx, "fuzz.srx", (const char *)data,
                                  size) < 0)
        return 0;
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        if (polyalign_splitter_new(&sp, ctx, srx, langs[i]) < 0)
            continue;
        if (polyalign_splitter_split(sp, text, sizeof text - 1, &spans,
                                     &count) == 0) {
            size_t prev = 0;
            for (size_t k = 0; k < count; k++) {
                if (spans[k].start < prev || spans[k].end < spans[k].start ||
                    spans[k].end > sizeof text - 1)
                    __builtin_trap();
                prev = spans[k].end;
            }
        }
        polyalign_splitter_free(sp);
        sp = NULL;
    }
    polyalign_srx_free(srx);
    return 0;
}
