/* Fuzz target: the gold/system beads parser of `polyalign eval`, and the
 * scoring of the set against itself (every bead a strict hit). */
#include <stddef.h>
#include <stdint.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    struct polyalign_beadset *set = NULL;
    struct polyalign_eval_counts counts = {0};

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
    }
    if (polyalign_beadset_load_memory(&set, ctx, "fuzz.gold",
                                      (const char *)data, size) < 0)
        return 0;
    if (polyalign_eval_add(&counts, set, set) == 0 &&
        (counts.p_strict_hits != counts.system ||
         counts.r_strict_hits != counts.gold ||
         counts.p_lax_hits < counts.p_strict_hits))
        __builtin_trap();
    polyalign_beadset_free(set);
    return 0;
}
