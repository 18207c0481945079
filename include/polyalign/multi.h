/**
 * @file multi.h
 * N-way alignment: several documents that translate each other aligned
 * into one set of units, each holding a span of sentences in every document
 * that has a partner.  Every document is aligned to a pivot (pairwise, with
 * polyalign_align_docs()); the pivot's sentences are grouped at the
 * boundaries all pairs share, so that no bead of any pair crosses a group,
 * and a group becomes a unit.  Triangulation: the non-pivot pairs are also
 * aligned directly, and a unit whose composition through the pivot (the
 * spans it gives two non-pivot documents) disagrees with the direct
 * alignment is marked inconsistent and its confidence lowered (the idea of
 * checking a pivot path against the direct pair is that of triangulation
 * in multilingual alignment, Simard 1999, "Text-translation alignment:
 * three languages are better than two").
 */
#ifndef POLYALIGN_MULTI_H
#define POLYALIGN_MULTI_H

#include <stddef.h>

#include "polyalign/align.h"
#include "polyalign/context.h"
#include "polyalign/doc.h"
#include "polyalign/evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flags for struct polyalign_multi_options. */
enum polyalign_multi_flags {
    /** Do not align the non-pivot pairs directly: every unit stays
     *  unchecked (consistent = -1). */
    POLYALIGN_MULTI_NO_TRIANGULATE = 1 << 0,
    /** Where the pairwise alignments disagree about the pivot's beads (a
     *  group holding more than one bead of some pair), do not merge them:
     *  make one two-document unit per bead of each pivot pair in the
     *  group, so that every pivot pair keeps its own beads, and one per
     *  direct bead of a non-pivot pair that lies inside the group (a unit
     *  without the pivot).  Such units are never triangulated.  A unit
     *  that a direct pair contradicts is split the same way: its pivot
     *  pairs' beads and the direct beads touching it, each marked
     *  inconsistent with its confidence lowered, so that every pair of
     *  documents reads its own alignment from the memory. */
    POLYALIGN_MULTI_KEEP_PAIRS = 1 << 1,
    /** With evidence: every pairwise alignment first finds the evidence's
     *  anchors (polyalign_evidence_anchors()) and aligns between them, as
     *  polyalign_align_options::anchors does for one pair. */
    POLYALIGN_MULTI_TWO_PASS = 1 << 2,
};

/** Options of an N-way alignment.  Zero-initialise, then set what you
 *  need. */
struct polyalign_multi_options {
    /** Index of the pivot document (default 0). */
    size_t pivot;
    /** enum polyalign_multi_flags */
    unsigned flags;
    /** Factor applied to the confidence of an inconsistent unit, in
     *  [0, 1]; 0: the default, 0.5. */
    double inconsistent_factor;
    /** Options of every pairwise alignment (the languages are taken from
     *  the documents and override src_lang/tgt_lang), NULL for defaults. */
    const struct polyalign_align_options *align;
    /** Non-NULL: every pairwise alignment adds the lexical evidence of
     *  evidence.h (built for that pair's languages with these options;
     *  its scorer replaces align->scorer). */
    const struct polyalign_evidence_options *evidence;
};

/** One unit of an N-way alignment. */
struct polyalign_multi_unit {
    /** Per document (indexed like the documents): first sentence and
     *  number of sentences, 0 when the document has no partner here.
     *  Borrowed, valid as long as the alignment. */
    const size_t *start;
    const size_t *count;
    /** Documents with at least one sentence in the unit (pivot included). */
    size_t present;
    /** 1 when the unit is one bead of a pivot pair kept apart
     *  (POLYALIGN_MULTI_KEEP_PAIRS), else 0. */
    int kept_pair;
    /** The lowest confidence of the pairwise beads in the unit (those
     *  with both sides), times the inconsistent factor when the unit is
     *  inconsistent; 0 when no document but the pivot is present. */
    double confidence;
    /** 1: every non-pivot pair checked agrees with the pivot path; 0: at
     *  least one disagrees; -1: nothing was checked (two documents, no
     *  triangulation, or fewer than two non-pivot documents present). */
    int consistent;
};

struct polyalign_multi;

/**
 * Compose pairwise alignments into units (the part of
 * polyalign_multi_align_docs() that does not align; usable with beads from
 * anywhere, e.g. hand-made ones).
 * @param n  number of documents (at least 2)
 * @param sizes  number of sentences of each document
 * @param pivot_beads, pivot_nbeads  for each document i other than the
 *        pivot, the beads of the alignment pivot (source) -> i (target),
 *        covering both documents in order; the entry of the pivot is
 *        ignored
 * @param direct_beads, direct_nbeads  NULL, or n * n entries: entry
 *        [i * n + j] (i < j, neither the pivot) holds the beads of the
 *        direct alignment i (source) -> j (target), or NULL when that pair
 *        was not aligned
 * @return 0, POLYALIGN_EINVAL (n < 2, pivot out of range, beads that do not
 *         cover the documents in order; message on @p ctx), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_multi_compose(
    struct polyalign_multi **out, struct polyalign_context *ctx, size_t n,
    const size_t *sizes, const struct polyalign_bead *const *pivot_beads,
    const size_t *pivot_nbeads,
    const struct polyalign_bead *const *direct_beads,
    const size_t *direct_nbeads, const struct polyalign_multi_options *opts);

/**
 * Align @p n segmented documents: each to the pivot, and (unless
 * POLYALIGN_MULTI_NO_TRIANGULATE) each pair of non-pivot documents
 * directly; then compose as polyalign_multi_compose().  With two documents
 * the units are the beads of their alignment that have both sides.
 * @return as polyalign_multi_compose() and polyalign_align_docs()
 */
POLYALIGN_EXPORT int
polyalign_multi_align_docs(struct polyalign_multi **out,
                           struct polyalign_context *ctx,
                           const struct polyalign_doc *const *docs, size_t n,
                           const struct polyalign_multi_options *opts);

/** Free an N-way alignment.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_multi_free(struct polyalign_multi *m);

/** Number of documents. */
POLYALIGN_EXPORT size_t
polyalign_multi_doc_count(const struct polyalign_multi *m);

/** Number of units, in the pivot's order.  Only units with at least two
 *  documents are made (all hold the pivot, except the direct units of
 *  POLYALIGN_MULTI_KEEP_PAIRS): pivot sentences without any partner and
 *  sentences of other documents outside every unit are unaligned (see
 *  polyalign_multi_sentence_unit()). */
POLYALIGN_EXPORT size_t
polyalign_multi_unit_count(const struct polyalign_multi *m);

/**
 * Unit @p u.
 * @return 0 or POLYALIGN_EINVAL (out of range)
 */
POLYALIGN_EXPORT int polyalign_multi_unit(const struct polyalign_multi *m,
                                          size_t u,
                                          struct polyalign_multi_unit *out);

/** The first unit holding sentence @p s of document @p doc (with
 *  POLYALIGN_MULTI_KEEP_PAIRS a pivot sentence may be in several), or -1
 *  when the sentence is unaligned (or out of range). */
POLYALIGN_EXPORT long
polyalign_multi_sentence_unit(const struct polyalign_multi *m, size_t doc,
                              size_t s);

/**
 * Bead-type name of a unit: the sentence counts of every document joined
 * with '-' ("1-1-0"), written to @p buf (at most @p size bytes, always
 * terminated).
 */
POLYALIGN_EXPORT void
polyalign_multi_unit_type(const struct polyalign_multi *m,
                          const struct polyalign_multi_unit *unit, char *buf,
                          size_t size);

#ifdef __cplusplus
}
#endif

#endif
