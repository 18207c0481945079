/**
 * @file compare.h
 * Comparable documents: find the statements several reports share.  The
 * documents are not translations of each other: sentence order means
 * nothing and most sentences have no partner.  Cross-document sentence
 * pairs that share lexical evidence (lexicon translations, lemmas, names,
 * numbers, quoted words; translations learned from a first pass's
 * confident pairs) are scored by how much of both sentences the evidence
 * covers, normalized with a ratio margin against each sentence's nearest
 * neighbours, and mutual best pairs above a threshold kept and grouped
 * into statements.
 */
#ifndef POLYALIGN_COMPARE_H
#define POLYALIGN_COMPARE_H

#include <stddef.h>

#include "polyalign/context.h"
#include "polyalign/doc.h"
#include "polyalign/tmx.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_compare;

/** The default minimum score of a kept pair for documents of 120
 *  eligible sentences or more (see polyalign_compare_options::threshold;
 *  shorter documents get a higher one). */
#define POLYALIGN_COMPARE_DEFAULT_THRESHOLD 0.85

/** Options of polyalign_compare_new().  Zero-initialise. */
struct polyalign_compare_options {
    /** Minimum score of a kept pair, in (0, 1): the probability that
     *  the two sentences translate each other, by a logistic model over
     *  the pair's features (the similarity, its margin, the coverages,
     *  the length ratio...).  0: the default, which keeps precision
     *  0.95 on translated sentences of comparable test sets: by the
     *  sentences that can pair (not boilerplate) of the smaller of two
     *  documents, POLYALIGN_COMPARE_DEFAULT_THRESHOLD (0.85) from 120,
     *  0.95 from 40, 0.99 below (the model, fitted on long documents, is
     *  overconfident on short ones).  Free renderings
     *  of one statement in comparable reports (a paraphrase, not a
     *  translation) often score 0.2 to 0.8: 0.2 finds them, with some
     *  unrelated pairs. */
    double threshold;
    /** Neighbours averaged by the margin; 0: the default, 4. */
    size_t k;
    /** 1: do not load the generated FreeDict lexicons. */
    int no_default_lexicon;
    /** 1: no translations learned from a first pass (one pass only). */
    int no_learning;
    /** 1: no length model (the similarity is not weighted by how
     *  likely the two sentences' length ratio is for a translation). */
    int no_length_model;
    /** 1: no cognate keys between Latin and Cyrillic script (words
     *  romanised and compared by their first letters). */
    int no_cognates;
    /** 1: diagnostics: keep every scored candidate pair of the last pass,
     *  mutual best or not, whatever its score (see
     *  polyalign_compare_pair::mutual and ::margin); no grouping by
     *  statement beyond what the pairs share. */
    int all_candidates;
};

/** Number of features of a scored pair (polyalign_compare_pair::features,
 *  named by polyalign_compare_feature_name()). */
#define POLYALIGN_COMPARE_NFEATURES 25

/** One matched pair of sentences of two documents (left_doc < right_doc). */
struct polyalign_compare_pair {
    size_t left_doc, left_index;   /**< document and sentence, from 0 */
    size_t right_doc, right_index;
    double score;      /**< in [0, 1]: the model's probability that the
                            two translate each other (>= the threshold) */
    double similarity; /**< raw lexical similarity in [0, 1] */
    size_t statement;  /**< statement (group of pairs sharing a sentence) */
    double margin;     /**< ratio margin against the nearest neighbours */
    int mutual;        /**< 1: mutual best (always, unless all_candidates) */
    /** What the score is computed from (diagnostics and training:
     *  bench/compare-train.py); "left" is the side whose lexicon was
     *  used, not necessarily left_doc. */
    double features[POLYALIGN_COMPARE_NFEATURES];
};

/** The name of feature @p i of polyalign_compare_pair::features
 *  ("log_similarity", "name_share", ...; static), or NULL when @p i is
 *  out of range. */
POLYALIGN_EXPORT const char *polyalign_compare_feature_name(size_t i);

/**
 * Compare @p n segmented documents, every pair of them.
 *
 * @param docs  documents already split (polyalign_doc_segment()); their
 *        languages (polyalign_doc_lang()) choose normalizers and lexicons
 *        and may be the same
 * @param[out] out  the result, freed with polyalign_compare_free()
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_ENOMEM, POLYALIGN_EENCODING,
 *         POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_compare_new(
    struct polyalign_compare **out, struct polyalign_context *ctx,
    struct polyalign_doc *const *docs, size_t n,
    const struct polyalign_compare_options *opts);

/** Free it.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_compare_free(struct polyalign_compare *c);

/** Number of matched pairs. */
POLYALIGN_EXPORT size_t polyalign_compare_pair_count(
    const struct polyalign_compare *c);

/** Pair @p i (borrowed; pairs are sorted by decreasing score), or NULL. */
POLYALIGN_EXPORT const struct polyalign_compare_pair *polyalign_compare_pair(
    const struct polyalign_compare *c, size_t i);

/** Number of statements (connected groups of pairs). */
POLYALIGN_EXPORT size_t polyalign_compare_statement_count(
    const struct polyalign_compare *c);

/**
 * Fill @p tu (cleared first) with matched pair @p i: a variant for each
 * sentence, left document first, in its document's language (two of one
 * language when both documents are), and the props x-score (the score,
 * 4 decimals), x-similarity, x-statement (the statement number),
 * x-source-LANG (the file name, without its folder) and x-sentences-LANG
 * (the sentence index, from 0), left then right.  Write it with
 * polyalign_tmx_writer_add_tu() on a writer whose srclang is "*all*"
 * (pairs of several language pairs in one memory).
 *
 * @param docs   the documents given to polyalign_compare_new()
 * @param names  their file names (shown in x-source-LANG), or NULL for
 *               "doc0", "doc1", ...
 * @return 0, POLYALIGN_EINVAL (no such pair, NULL argument),
 *         POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_compare_pair_tu(
    const struct polyalign_compare *c, size_t i,
    struct polyalign_doc *const *docs, const char *const *names,
    struct polyalign_tmx_tu *tu);

/**
 * The ratio margin of Artetxe & Schwenk (2019), "Margin-based parallel
 * corpus mining with multilingual sentence embeddings": @p score divided
 * by the mean of the average of the @p k best scores of each side (@p a,
 * @p b: sorted decreasingly, @p na, @p nb of them; missing neighbours
 * count as @p floor).  0 when the denominator is 0.
 */
POLYALIGN_EXPORT double polyalign_compare_margin(double score,
                                                 const double *a, size_t na,
                                                 const double *b, size_t nb,
                                                 size_t k, double floor);

#ifdef __cplusplus
}
#endif

#endif
