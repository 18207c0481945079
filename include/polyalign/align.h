/**
 * @file align.h
 * Sentence alignment of two documents that translate each other: the Gale
 * & Church (1993) length model, searched in a band around the diagonal
 * (coarse-to-fine, widened where the best path nears its edge) so that
 * memory grows with the sum of the document sizes, not their product.
 * Every bead gets a confidence: its posterior probability computed by
 * forward-backward within the band.
 *
 * Beads are contiguous on each side (a start and a count), in document
 * order, and cover both documents exactly once.
 */
#ifndef POLYALIGN_ALIGN_H
#define POLYALIGN_ALIGN_H

#include <stddef.h>
#include <stdio.h>

#include "polyalign/context.h"
#include "polyalign/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The bead types the search considers (source count - target count). */
enum polyalign_bead_type {
    POLYALIGN_BEAD_1_1 = 0,
    POLYALIGN_BEAD_1_0,
    POLYALIGN_BEAD_0_1,
    POLYALIGN_BEAD_2_1,
    POLYALIGN_BEAD_1_2,
    POLYALIGN_BEAD_2_2,
    POLYALIGN_BEAD_3_1,
    POLYALIGN_BEAD_1_3,
    POLYALIGN_BEAD_TYPES /**< number of types, not a type */
};

/** Flags for struct polyalign_align_options. */
enum polyalign_align_flags {
    /** Keep c as given (or the default of the language pair): do not
     *  re-estimate it on the document pair. */
    POLYALIGN_ALIGN_FIXED_PARAMS = 1 << 0,
    /** Align sentences over the whole documents even when their paragraph
     *  counts agree. */
    POLYALIGN_ALIGN_NO_PARAGRAPHS = 1 << 1,
    /** Also re-estimate the bead priors from the first pass's bead counts
     *  (by default only c is re-estimated: see the README). */
    POLYALIGN_ALIGN_ESTIMATE_PRIORS = 1 << 2,
    /** The scorer never returns less than scorer_min: the search may then
     *  skip a bead whose length cost plus scorer_min cannot compete, as
     *  it does without a scorer, and calls the scorer far less often.
     *  The best path is the same. */
    POLYALIGN_ALIGN_SCORER_BOUNDED = 1 << 3,
    /** The scorer may be called from two threads at once for beads of
     *  disjoint source sentences (polyalign_evidence_score() may): the
     *  final pass over long documents (both over 3,000 sentences), which
     *  is searched as two halves cut inside a run of 1-1 beads of the
     *  first pass's path near its middle, then searches them at once
     *  (polyalign_context_threads() > 1).  Without the flag the halves
     *  are searched in turn: the same alignment either way. */
    POLYALIGN_ALIGN_SCORER_CONCURRENT = 1 << 4,
};

/**
 * An extra cost for a candidate bead: source sentences [src_start,
 * src_start + src_count) against target sentences [tgt_start, tgt_start +
 * tgt_count) (either count may be 0).  Called very often (for every bead the
 * search considers, several times) and possibly for the same bead more than
 * once: it must be cheap and return the same value each time.  The value is
 * added to the length cost (a negative log probability, in nats): return
 * 0 for "no evidence", a negative value to favour the bead, HUGE_VAL to
 * forbid it (but never every path: then the alignment fails with
 * POLYALIGN_EINVAL).  The coarse pass of long documents (blocks of
 * sentences) does not call it.  With a scorer the search can no longer
 * skip beads whose prior alone rules them out, and is slower, unless the
 * scorer's lower bound is given (POLYALIGN_ALIGN_SCORER_BOUNDED).
 */
typedef double (*polyalign_bead_scorer)(void *data, size_t src_start,
                                        size_t src_count, size_t tgt_start,
                                        size_t tgt_count);

/** Options for an alignment.  Zero-initialise, then set what you need. */
struct polyalign_align_options {
    /** BCP 47 languages of the two sides, for the default parameters
     *  (fr, ru, ar pairs are measured); NULL: Gale & Church's c = 1,
     *  s2 = 6.8.  The document functions fill them from the documents. */
    const char *src_lang;
    const char *tgt_lang;
    /** Expected target characters per source character; 0: default */
    double c;
    /** Variance per source character; 0: default */
    double s2;
    /** P(bead type), indexed by enum polyalign_bead_type; all 0: the
     *  defaults (Gale & Church 1993, Table 5).  Normalised; a type at 0 is
     *  never used, but 1-0 and 0-1 must be positive. */
    double priors[POLYALIGN_BEAD_TYPES];
    /** Initial half-width of the band in sentences; 0: automatic */
    size_t band;
    /** enum polyalign_align_flags */
    unsigned flags;
    /** Optional extra cost per bead, and its data pointer. */
    polyalign_bead_scorer scorer;
    void *scorer_data;
    /** With POLYALIGN_ALIGN_SCORER_BOUNDED: the least value the scorer
     *  returns (e.g. polyalign_evidence_score_min()). */
    double scorer_min;
    /** Two passes: @c n_anchors sentence pairs, source anchors[2k] and
     *  target anchors[2k + 1], ascending on both sides, likely 1-1 beads
     *  (e.g. from polyalign_evidence_anchors()).  The final pass holds
     *  each anchor whose 1-1 bead costs less than every other bead
     *  holding its sentences, and aligns between them: many small
     *  searches.  Anchors out of order or range are an error
     *  (POLYALIGN_EINVAL).  NULL: one search. */
    const size_t *anchors;
    size_t n_anchors;
};

/** One bead of an alignment. */
struct polyalign_bead {
    size_t src_start; /**< first source sentence, from 0 */
    size_t src_count; /**< number of source sentences (0 for 0-1) */
    size_t tgt_start; /**< first target sentence, from 0 */
    size_t tgt_count; /**< number of target sentences (0 for 1-0) */
    double confidence; /**< posterior probability of the bead, in [0, 1] */
    double cost;       /**< its cost in the model (nats), scorer included */
};

/** The parameters an alignment used (for --explain). */
struct polyalign_align_params {
    double c;                            /**< final c */
    double s2;                           /**< final s2 */
    double priors[POLYALIGN_BEAD_TYPES]; /**< final priors */
    double default_c, default_s2;        /**< the starting values */
    int defaults_measured; /**< 1 if the pair had measured defaults */
    int reestimated;       /**< 1 if c was re-estimated */
    size_t estimated_from; /**< 1-1 beads used for the estimate */
    double s2_measured;    /**< s2 of those beads (informative, not used) */
    int paragraphs;        /**< 1 if paragraphs were aligned first */
    size_t band;           /**< widest final band half-width, sentences */
    size_t widenings;      /**< times a band was widened and re-run, over
                                all passes */
    size_t cells;          /**< lattice cells evaluated in the last pass */
    double total_cost;     /**< cost of the best path */
    double log_likelihood; /**< log of the sum over all paths in the band */
};

struct polyalign_alignment;

/**
 * Align two sequences of sentences given by their lengths.
 *
 * @param src_len, n  lengths of the n source sentences (characters)
 * @param tgt_len, m  lengths of the m target sentences
 * @param src_par, tgt_par  paragraph index of each sentence (non-decreasing),
 *        or NULL; when both are given and the paragraph counts agree (and
 *        some paragraph holds several sentences), paragraphs are aligned
 *        first and sentences within aligned paragraphs
 * @param opts  options, NULL for defaults
 * @param[out] out  the alignment, freed with polyalign_alignment_free();
 *        NULL on error
 * @return 0, POLYALIGN_ENOMEM, POLYALIGN_EINVAL (NULL arrays with non-zero
 *         sizes, negative parameters, 1-0 or 0-1 prior at 0, a scorer that
 *         forbids every path).  Never refuses a pair: an empty
 *         side or very different sizes give an alignment with a warning on
 *         the context and low confidences.
 */
POLYALIGN_EXPORT int polyalign_align_lengths(
    struct polyalign_alignment **out, struct polyalign_context *ctx,
    const size_t *src_len, size_t n, const size_t *tgt_len, size_t m,
    const size_t *src_par, const size_t *tgt_par,
    const struct polyalign_align_options *opts);

/**
 * Align two arrays of sentences (UTF-8, NUL-terminated); lengths are
 * counted in code points.  Otherwise as polyalign_align_lengths() without
 * paragraphs.
 * @return as polyalign_align_lengths(), and POLYALIGN_EENCODING for
 *         invalid UTF-8 (the message names the side and sentence)
 */
POLYALIGN_EXPORT int polyalign_align_texts(
    struct polyalign_alignment **out, struct polyalign_context *ctx,
    const char *const *src, size_t n, const char *const *tgt, size_t m,
    const struct polyalign_align_options *opts);

/**
 * Align the sentences of two segmented documents (see
 * polyalign_doc_segment()); lengths are code points of the normalised
 * text, paragraphs come from the documents and, unless @p opts sets them,
 * the languages too.
 * @return as polyalign_align_texts()
 */
POLYALIGN_EXPORT int polyalign_align_docs(
    struct polyalign_alignment **out, struct polyalign_context *ctx,
    const struct polyalign_doc *src, const struct polyalign_doc *tgt,
    const struct polyalign_align_options *opts);

/** Free an alignment.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_alignment_free(struct polyalign_alignment *al);

/** Number of beads. */
POLYALIGN_EXPORT size_t polyalign_alignment_bead_count(
    const struct polyalign_alignment *al);

/**
 * Bead @p i, in document order.
 * @return 0 or POLYALIGN_EINVAL (out of range)
 */
POLYALIGN_EXPORT int polyalign_alignment_bead(
    const struct polyalign_alignment *al, size_t i,
    struct polyalign_bead *out);

/** The parameters used (borrowed, valid as long as @p al). */
POLYALIGN_EXPORT const struct polyalign_align_params *
polyalign_alignment_params(const struct polyalign_alignment *al);

/** Numbers of source and target sentences aligned. */
POLYALIGN_EXPORT size_t polyalign_alignment_src_count(
    const struct polyalign_alignment *al);
POLYALIGN_EXPORT size_t polyalign_alignment_tgt_count(
    const struct polyalign_alignment *al);

/** A bead's type ("1-1", "2-1", "0-1", ...); NULL when its shape is none
 *  of enum polyalign_bead_type (never for beads this library makes). */
POLYALIGN_EXPORT const char *polyalign_bead_type_name(
    const struct polyalign_bead *bead);

/**
 * Write a bead as a line of a bead file, the format of alignment gold
 * standards: `[0, 1]:[0]:0.93` (0-based indexes, `[]` for an empty side,
 * the confidence with two decimals), then a line break.
 * @return 0 or POLYALIGN_EIO (write error)
 */
POLYALIGN_EXPORT int polyalign_bead_write(FILE *fp,
                                          const struct polyalign_bead *bead);

#ifdef __cplusplus
}
#endif

#endif
