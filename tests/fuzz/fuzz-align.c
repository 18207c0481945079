/* Fuzz target: the aligner on small random document pairs.  Input bytes:
 * flags, n, m, then per sentence a length byte and a "new paragraph" bit.
 * Invariants: the beads cover every source and every target sentence once
 * and in order, each bead is one of the allowed types, confidences are in
 * [0, 1]. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXS 48

static size_t take(const uint8_t **data, size_t *size)
{
    size_t v = 0;
    if (*size) {
        v = **data;
        (*data)++;
        (*size)--;
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    struct polyalign_align_options opts = {0};
    struct polyalign_alignment *al = NULL;
    size_t src_len[MAXS], tgt_len[MAXS], src_par[MAXS], tgt_par[MAXS];
    size_t n, m, flags, si = 0, ti = 0, nb;

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
    }
    flags = take(&data, &size);
    n = take(&data, &size) % MAXS;
    m = take(&data, &size) % MAXS;
    for (size_t i = 0; i < n + m; i++) {
        size_t b = take(&data, &size);
        size_t *len = i < n ? &src_len[i] : &tgt_len[i - n];
        size_t *par = i < n ? &src_par[i] : &tgt_par[i - n];
        size_t j = i < n ? i : i - n;
        /* Lengths 0..127, or up to 32639 with the high bit. */
        *len = (b & 0x80) ? (b & 0x7f) * 257 : b;
        *par = j == 0 ? 0 : (b & 1) && (flags & 8) ? par[-1] + 1 : par[-1];
    }
    if (flags & 1)
        opts.flags |= POLYALIGN_ALIGN_ESTIMATE_PRIORS;
    if (flags & 2)
        opts.flags |= POLYALIGN_ALIGN_NO_PARAGRAPHS;
    if (flags & 4)
        opts.flags |= POLYALIGN_ALIGN_FIXED_PARAMS;
    if (flags & 16)
        opts.band = (flags >> 5) + 1;
    opts.src_lang = "fr";
    opts.tgt_lang = (flags & 0x40) ? "ru" : "ar";
    if (polyalign_align_lengths(&al, ctx, src_len, n, tgt_len, m,
                                (flags & 8) ? src_par : NULL,
                                (flags & 8) ? tgt_par : NULL, &opts) < 0)
        return 0;
    nb = polyalign_alignment_bead_count(al);
    for (size_t i = 0; i < nb; i++) {
        struct polyalign_bead b;
        if (polyalign_alignment_bead(al, i, &b) < 0 || b.src_start != si ||
            b.tgt_start != ti || b.src_count > 3 || b.tgt_count > 3 ||
            b.src_count + b.tgt_count == 0 || !(b.confidence >= 0.0) ||
            !(b.confidence <= 1.0) || isnan(b.cost))
            __builtin_trap();
        si += b.src_count;
        ti += b.tgt_count;
    }
    if (si != n || ti != m || polyalign_alignment_src_count(al) != n ||
        polyalign_alignment_tgt_count(al) != m)
        __builtin_trap();
    polyalign_alignment_free(al);
    return 0;
}
