/**
 * @file eval.h
 * Scoring alignments against a gold standard: strict and lax precision,
 * recall and F1 over bead files, as the published sentence-alignment
 * results compute them (the Text+Berg evaluation of Sennrich & Volk 2010,
 * as implemented by Bleualign and vecalign's score.py).
 *
 * A bead file has one bead per line, `[i, j]:[k]` with 0-based sentence
 * indexes (`[]` for an empty side), optionally followed by `:confidence`
 * as polyalign writes it.  Indexes in a bead need not be contiguous.
 */
#ifndef POLYALIGN_EVAL_H
#define POLYALIGN_EVAL_H

#include <stddef.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_beadset;

/**
 * Read a bead file.
 * @param[out] out  the beads, freed with polyalign_beadset_free()
 * @return 0, POLYALIGN_EIO (unreadable), POLYALIGN_EFORMAT (a malformed
 *         line: the message names the file and line), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_beadset_load_file(
    struct polyalign_beadset **out, struct polyalign_context *ctx,
    const char *path);

/** As polyalign_beadset_load_file(), from memory; @p name is used in
 *  messages. */
POLYALIGN_EXPORT int polyalign_beadset_load_memory(
    struct polyalign_beadset **out, struct polyalign_context *ctx,
    const char *name, const char *data, size_t len);

/** Free a bead set.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_beadset_free(struct polyalign_beadset *set);

/** Number of beads read (lines with a bead). */
POLYALIGN_EXPORT size_t polyalign_beadset_count(
    const struct polyalign_beadset *set);

/** Counts accumulated over documents.  Zero-initialise. */
struct polyalign_eval_counts {
    size_t system;        /**< system beads scored for precision */
    size_t p_strict_hits; /**< of them, identical to a gold bead */
    size_t p_lax_hits;    /**< of them, strict or lax hits */
    size_t gold;          /**< gold beads scored for recall */
    size_t r_strict_hits; /**< of them, identical to a system bead */
    size_t r_lax_hits;    /**< of them, strict or lax hits */
};

/** Precision, recall and F1, strict and lax. */
struct polyalign_eval_scores {
    double strict_p, strict_r, strict_f1;
    double lax_p, lax_r, lax_f1;
};

/**
 * Score one document and add its counts to @p acc.
 *
 * Beads empty on both sides and duplicates are dropped.  Precision runs over
 * every system bead: a strict hit is a bead identical to a gold bead (same
 * index lists in the same order); otherwise a lax hit when any of its
 * target indexes is among the gold targets of any of its source indexes.
 * Recall is the same count with gold and system swapped, after removing
 * every bead with an empty side from both.
 *
 * @return 0 or POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_eval_add(struct polyalign_eval_counts *acc,
                                        const struct polyalign_beadset *gold,
                                        const struct polyalign_beadset *sys);

/**
 * P = hits / beads, R likewise, F1 their harmonic mean; each 0 when
 * undefined.
 */
POLYALIGN_EXPORT void polyalign_eval_scores(
    const struct polyalign_eval_counts *counts,
    struct polyalign_eval_scores *out);

#ifdef __cplusplus
}
#endif

#endif
