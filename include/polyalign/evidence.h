/**
 * @file evidence.h
 * Lexical evidence for the aligner: a bead scorer (see
 * polyalign_bead_scorer in align.h) that rewards candidate beads whose two
 * sides share translations (bilingual lexicon lookups of lemmas and folded
 * forms), identical words, name skeletons, entities and numbers.
 *
 * Both documents are normalized once when the evidence is built; scoring
 * a bead is then a few binary searches per token, so the aligner can call
 * it for every bead it considers.
 */
#ifndef POLYALIGN_EVIDENCE_H
#define POLYALIGN_EVIDENCE_H

#include <stddef.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_evidence;

/** Options of polyalign_evidence_new().  Zero-initialise. */
struct polyalign_evidence_options {
    /** Scale of the reward in nats: a 1-1 bead whose tokens all match
     *  costs about @c weight less; 0: the default, 24 (tuned on Text+Berg
     *  dev and UN dev). */
    double weight;
    /** Users' lexicons (TSV or hunalign format, source to target), added
     *  to the generated one; NULL-terminated, or NULL. */
    const char *const *lexicon_files;
    /** 1: do not load the generated FreeDict lexicon. */
    int no_default_lexicon;
    /** 1: once the evidence is built, free the Hunspell dictionaries the
     *  context holds (in the build's thread: with
     *  polyalign_evidence_start(), while the caller works on; the scorer
     *  does not wait for it), for a caller that creates no normalizer
     *  from this context until polyalign_evidence_wait() or
     *  polyalign_evidence_free() returns (a later one loads its
     *  dictionary again, slowly).  The memory, and the time to free it
     *  at exit, go while the aligner runs. */
    int release_dictionaries;
};

/**
 * Normalize two sides' sentences and prepare the scorer.  A missing
 * lexicon or Hunspell dictionary is a warning: names, numbers and
 * identical words still count.
 *
 * @param src, n  the source sentences (UTF-8; @p src_len their byte
 *        lengths, or NULL when NUL-terminated)
 * @param[out] out  freed with polyalign_evidence_free()
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_ENOMEM, POLYALIGN_EENCODING,
 *         POLYALIGN_EIO (a user lexicon cannot be read), POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_evidence_new(
    struct polyalign_evidence **out, struct polyalign_context *ctx,
    const char *src_lang, const char *const *src, const size_t *src_len,
    size_t n, const char *tgt_lang, const char *const *tgt,
    const size_t *tgt_len, size_t m,
    const struct polyalign_evidence_options *opts);

/**
 * Like polyalign_evidence_new(), but returns before the evidence is built:
 * the build runs in a background thread (when the context allows more than
 * one, polyalign_context_set_threads(); otherwise here, as
 * polyalign_evidence_new() does), so that the caller can do other work
 * meanwhile, such as the aligner's first pass, which for long documents
 * uses lengths only.  For two languages and up to 40,000 sentences in
 * all, this call normalizes the target sentences itself while the
 * background thread does the source ones, and returns when its side is
 * done: two threads share the work rather than three (for longer
 * documents the first pass is long enough to share the CPUs with both
 * sides, and this call returns at once).  Every function reading the evidence
 * (polyalign_evidence_score(), _similarity(), _anchors()) waits for the
 * build first; polyalign_evidence_score_min() does not need it.  The
 * sentences themselves (the strings @p src and @p tgt point to) must stay
 * valid until polyalign_evidence_wait() returns; the arrays are copied.
 * The evidence is the same as polyalign_evidence_new() would build.
 *
 * @param[out] out  freed with polyalign_evidence_free() (which waits),
 *        before @p ctx
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_ENOMEM; without a background
 *         thread, also the errors of polyalign_evidence_new()
 */
POLYALIGN_EXPORT int polyalign_evidence_start(
    struct polyalign_evidence **out, struct polyalign_context *ctx,
    const char *src_lang, const char *const *src, const size_t *src_len,
    size_t n, const char *tgt_lang, const char *const *tgt,
    const size_t *tgt_len, size_t m,
    const struct polyalign_evidence_options *opts);

/**
 * Wait for a build started by polyalign_evidence_start() (at once for one
 * that is done, or built by polyalign_evidence_new()), and for its thread
 * to end (with release_dictionaries, they are freed when this returns).  When the build
 * failed, the message is on the context and the scorer found no evidence
 * (every bead scored 0): an alignment made with it should be dropped.
 *
 * @return 0, or the error polyalign_evidence_new() would have returned
 */
POLYALIGN_EXPORT int polyalign_evidence_wait(struct polyalign_evidence *ev);

/** Free it.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_evidence_free(struct polyalign_evidence *ev);

/**
 * The similarity of a bead in [0, 1]: the share of its content tokens
 * (both sides) that find a counterpart on the other side.  0 for beads
 * with an empty side.
 */
POLYALIGN_EXPORT double polyalign_evidence_similarity(
    const struct polyalign_evidence *ev, size_t src_start, size_t src_count,
    size_t tgt_start, size_t tgt_count);

/**
 * The scorer to put in polyalign_align_options.scorer, with the evidence
 * as its scorer_data: -weight × (similarity - 0.1); 0 for a bead with an
 * empty side.  It memoizes sentence pairs, each source sentence in slots
 * of its own: two threads may score beads of disjoint source sentences at
 * once (set POLYALIGN_ALIGN_SCORER_CONCURRENT), but one evidence object
 * serves one alignment at a time.
 */
POLYALIGN_EXPORT double polyalign_evidence_score(void *ev, size_t src_start,
                                                 size_t src_count,
                                                 size_t tgt_start,
                                                 size_t tgt_count);

/**
 * The least value polyalign_evidence_score() returns for @p ev (that of a
 * fully matched bead), for polyalign_align_options.scorer_min with
 * POLYALIGN_ALIGN_SCORER_BOUNDED.  -HUGE_VAL for NULL.
 */
POLYALIGN_EXPORT double
polyalign_evidence_score_min(const struct polyalign_evidence *ev);

/**
 * Anchors for a two-pass alignment (polyalign_align_options.anchors):
 * sentence pairs that share a name, entity or number found in no other
 * sentence of either side, whose similarity is high, kept when they are
 * in order on both sides (the longest such chain).
 *
 * @param[out] out  2 × @p count indexes, source then target of each pair,
 *             ascending on both sides; freed with free(); NULL when none
 * @param[out] count  the number of pairs
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int
polyalign_evidence_anchors(const struct polyalign_evidence *ev, size_t **out,
                           size_t *count);

/* ------------------------------------------------------------------------
 * Explaining a match: which tokens of two sentences met, and why (for the
 * review page, report.h). */

/** Why two tokens of a sentence pair meet (in order of precedence: a pair
 *  of tokens gets the first that applies). */
enum polyalign_match_kind {
    POLYALIGN_MATCH_NUMBER = 0,  /**< the same number key ("2 042", "2042") */
    POLYALIGN_MATCH_NAME = 1,    /**< a name skeleton or an entity id */
    POLYALIGN_MATCH_IDENTICAL = 2, /**< the same folded form */
    POLYALIGN_MATCH_LEMMA = 3,   /**< a shared Hunspell lemma or clitic-
                                      stripped variant */
    POLYALIGN_MATCH_LEXICON = 4, /**< a translation in the bilingual
                                      lexicon */
    POLYALIGN_MATCH_COGNATE = 5, /**< the same first four letters (same
                                      script only) */
    POLYALIGN_MATCH_KINDS = 6
};

/** One pair of tokens that meet: byte spans in the two texts. */
struct polyalign_match {
    size_t src_start, src_end; /**< bytes [start, end) of the source text */
    size_t tgt_start, tgt_end; /**< bytes [start, end) of the target text */
    enum polyalign_match_kind kind;
};

struct polyalign_explainer;

/**
 * Prepare to explain sentence pairs of two languages: the normalizers and
 * the lexicon (@p src_lang to @p tgt_lang) the evidence scorer uses, with
 * the same keys (folded forms, lemmas, variants, lexicon translations,
 * name skeletons, entity ids, numbers, cognates).  A missing lexicon or
 * Hunspell dictionary is a warning, as in polyalign_evidence_new().
 * The normalizers are kept in the context and shared by its explainers
 * (each word is analysed once per language): explainers of one context
 * are not to be used from several threads at once.
 *
 * @param opts  as for polyalign_evidence_new() (weight is ignored), or NULL
 * @param[out] out  freed with polyalign_explainer_free()
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_ENOMEM, POLYALIGN_EIO (a user
 *         lexicon cannot be read), POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_explainer_new(
    struct polyalign_explainer **out, struct polyalign_context *ctx,
    const char *src_lang, const char *tgt_lang,
    const struct polyalign_evidence_options *opts);

/** Free it.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_explainer_free(
    struct polyalign_explainer *ex);

/**
 * Which content tokens (stop words left out) of @p src and @p tgt meet,
 * and why: every pair of tokens that shares a key, with the kind of its
 * strongest key.  Unlike the scorer, anchors frequent in a document are
 * not dropped (a single pair knows no document).
 *
 * @param[out] matches  the pairs, by source then target position
 *             (borrowed: valid until the next call or the free)
 * @param[out] n_matches  how many (0 for unrelated sentences)
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_EENCODING (invalid UTF-8),
 *         POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_explainer_explain(
    struct polyalign_explainer *ex, const char *src, size_t src_len,
    const char *tgt, size_t tgt_len,
    const struct polyalign_match **matches, size_t *n_matches);

/** A short English name of a kind ("name", "number", "identical", "lemma",
 *  "lexicon", "cognate"); "?" when out of range. */
POLYALIGN_EXPORT const char *polyalign_match_kind_name(
    enum polyalign_match_kind kind);

#ifdef __cplusplus
}
#endif

#endif
