/* Fuzz target: N-way composition (polyalign_multi_compose) of random
 * pairwise alignments of up to four documents.  Input bytes: flags, the
 * number of documents, then bead shapes (two 2-bit counts a byte) for each
 * pivot pair and each direct non-pivot pair until the bytes run out; a
 * document's size is what its first alignment covers, and later
 * alignments are cut or padded to it so that most inputs are valid.
 * Invariants: every unit lies inside its documents and holds at least two
 * of them, confidences are in [0, 1], consistent is -1, 0 or 1, every
 * sentence reported as aligned is inside the unit said to hold it, and,
 * with POLYALIGN_MULTI_KEEP_PAIRS, every pair of documents reads from the
 * units exactly the beads of its own alignment. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXD 4
#define MAXB 64

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

/* Beads from the input for documents of sizes @na and @nb (either may be
 * -1: take what the bytes say and set it). */
static size_t make_beads(struct polyalign_bead *b, const uint8_t **data,
                         size_t *size, long *na, long *nb)
{
    size_t k = 0, s = 0, t = 0, want = take(data, size) % MAXB;

    while (k < want && k < MAXB - 2) {
        size_t v = take(data, size), c1 = v & 3, c2 = (v >> 2) & 3;
        if (!c1 && !c2)
            c1 = 1;
        if (*na >= 0 && s + c1 > (size_t)*na)
            c1 = (size_t)*na - s;
        if (*nb >= 0 && t + c2 > (size_t)*nb)
            c2 = (size_t)*nb - t;
        if (!c1 && !c2)
            break;
        b[k++] = (struct polyalign_bead){.src_start = s, .src_count = c1,
                                         .tgt_start = t, .tgt_count = c2,
                                         .confidence = (v >> 4) / 15.0};
        s += c1;
        t += c2;
    }
    /* Pad to the sizes with 1-0 and 0-1 beads. */
    while (*na >= 0 && s < (size_t)*na && k < MAXB) {
        b[k++] = (struct polyalign_bead){.src_start = s++, .src_count = 1,
                                         .tgt_start = t, .confidence = 1};
    }
    while (*nb >= 0 && t < (size_t)*nb && k < MAXB) {
        b[k++] = (struct polyalign_bead){.src_start = s, .tgt_start = t++,
                                         .tgt_count = 1, .confidence = 1};
    }
    if (*na < 0)
        *na = (long)s;
    if (*nb < 0)
        *nb = (long)t;
    return k;
}

/* The beads of pair (a, b) with both sides are exactly the units holding
 * both documents (as spans). */
static int pair_reads_back(const struct polyalign_multi *m, size_t a, size_t b,
                           const struct polyalign_bead *be, size_t nb)
{
    size_t with_both = 0, units = 0;

    for (size_t k = 0; k < nb; k++) {
        int found = 0;
        if (!be[k].src_count || !be[k].tgt_count)
            continue;
        with_both++;
        for (size_t u = 0; !found && u < polyalign_multi_unit_count(m); u++) {
            struct polyalign_multi_unit un;
            polyalign_multi_unit(m, u, &un);
            found = un.start[a] == be[k].src_start &&
                    un.count[a] == be[k].src_count &&
                    un.start[b] == be[k].tgt_start &&
                    un.count[b] == be[k].tgt_count;
        }
        if (!found)
            return 0;
    }
    for (size_t u = 0; u < polyalign_multi_unit_count(m); u++) {
        struct polyalign_multi_unit un;
        polyalign_multi_unit(m, u, &un);
        units += un.count[a] && un.count[b];
    }
    return units == with_both;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct polyalign_context *ctx;
    static struct polyalign_bead beads[MAXD * MAXD][MAXB];
    const struct polyalign_bead *pb[MAXD] = {0}, *db[MAXD * MAXD] = {0};
    size_t pnb[MAXD] = {0}, dnb[MAXD * MAXD] = {0}, sizes[MAXD];
    struct polyalign_multi_options o = {0};
    struct polyalign_multi *m = NULL;
    long len[MAXD];
    size_t flags, n;

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
    }
    flags = take(&data, &size);
    n = 2 + take(&data, &size) % (MAXD - 1);
    o.pivot = (flags >> 2) % n;
    o.flags = flags & 3;
    for (size_t i = 0; i < n; i++)
        len[i] = -1;
    for (size_t i = 0; i < n; i++) {
        if (i == o.pivot)
            continue;
        pnb[i] = make_beads(beads[i], &data, &size, &len[o.pivot], &len[i]);
        pb[i] = beads[i];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            size_t k = i * n + j;
            if (i == o.pivot || j == o.pivot)
                continue;
            dnb[k] = make_beads(beads[MAXD + k], &data, &size, &len[i],
                                &len[j]);
            db[k] = beads[MAXD + k];
        }
    for (size_t i = 0; i < n; i++)
        sizes[i] = (size_t)len[i];
    /* Invalid inputs (a bead list that does not cover its documents, after
     * MAXB beads) must be refused, not crash. */
    if (polyalign_multi_compose(&m, ctx, n, sizes, pb, pnb,
                                (flags & 0x80) ? NULL : db,
                                (flags & 0x80) ? NULL : dnb, &o) < 0)
        return 0;
    for (size_t u = 0; u < polyalign_multi_unit_count(m); u++) {
        struct polyalign_multi_unit un;
        size_t present = 0;
        if (polyalign_multi_unit(m, u, &un) < 0)
            __builtin_trap();
        for (size_t i = 0; i < n; i++) {
            if (un.start[i] + un.count[i] > sizes[i])
                __builtin_trap();
            present += un.count[i] > 0;
        }
        if (present != un.present || present < 2 ||
            !(un.confidence >= 0 && un.confidence <= 1) ||
            un.consistent < -1 || un.consistent > 1)
            __builtin_trap();
    }
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < sizes[i]; s++) {
            long u = polyalign_multi_sentence_unit(m, i, s);
            struct polyalign_multi_unit un;
            if (u < 0)
                continue;
            if (polyalign_multi_unit(m, (size_t)u, &un) < 0 ||
                s < un.start[i] || s >= un.start[i] + un.count[i])
                __builtin_trap();
        }
    if ((o.flags & POLYALIGN_MULTI_KEEP_PAIRS) && !(flags & 0x80))
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                int ok;
                if (i == o.pivot || j == o.pivot)
                    ok = pair_reads_back(m, o.pivot, i == o.pivot ? j : i,
                                         pb[i == o.pivot ? j : i],
                                         pnb[i == o.pivot ? j : i]);
                else
                    ok = pair_reads_back(m, i, j, db[i * n + j],
                                         dnb[i * n + j]);
                if (!ok)
                    __builtin_trap();
            }
    polyalign_multi_free(m);
    return 0;
}
