/**
 * @file norm.h
 * Word tokens and their matching keys.
 *
 * A normalizer cuts UTF-8 text into word and number tokens (ICU word break
 * iterator, UAX #29) and gives each token the keys the aligner compares:
 * a folded form (NFKC case folding plus language rules: French elisions
 * split off, Russian ё→е, Arabic harakat/tatweel removed and alef, alef
 * maqsura and ta marbuta folded), Hunspell lemmas, Latin name skeletons
 * that meet across scripts (Путина / Poutine / بوتين), entity ids from the
 * acronym/exonym table, and a canonical form for numbers.  Keys are for
 * matching only: the text itself is never changed, tokens carry byte
 * offsets into it.
 *
 * Each distinct word is analysed once per normalizer (a cache per word
 * type).  A normalizer is not thread-safe: create one per thread; they
 * share the context's read-only resources.  Hunspell handles are shared
 * through the context too and are not thread-safe either, so threads that
 * stem the same language concurrently need their own contexts.
 */
#ifndef POLYALIGN_NORM_H
#define POLYALIGN_NORM_H

#include <stddef.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_normalizer;

/** What a token is (a set of flags). */
enum polyalign_token_flags {
    POLYALIGN_TOKEN_WORD = 1 << 0,     /**< letters (ICU word status) */
    POLYALIGN_TOKEN_NUMBER = 1 << 1,   /**< a number; see number key */
    POLYALIGN_TOKEN_STOPWORD = 1 << 2, /**< in the language's stop list */
    POLYALIGN_TOKEN_UNKNOWN = 1 << 3,  /**< Hunspell does not know it */
    POLYALIGN_TOKEN_NAME = 1 << 4,     /**< a name candidate (skeletons) */
    POLYALIGN_TOKEN_ELISION = 1 << 5,  /**< an elided article (fr l’ d’) */
};

/**
 * One token.  All strings are borrowed from the normalizer and stay valid
 * until it is freed; the token array itself is valid until the next call
 * to polyalign_normalizer_tokenize().  Keys are NFKC case-folded UTF-8.
 */
struct polyalign_token {
    size_t start;       /**< byte offset of the token in the text */
    size_t end;         /**< byte offset just past it */
    unsigned flags;     /**< enum polyalign_token_flags */
    const char *folded; /**< the folded form (never NULL) */
    const char *const *variants; /**< more folded forms: Arabic proclitics
                                      stripped (وال ب ل ...) */
    size_t n_variants;
    const char *const *lemmas;   /**< Hunspell stems, folded; none for
                                      stop words and over-ambiguous words */
    size_t n_lemmas;
    const char *const *skeletons; /**< Latin consonant skeletons of a name
                                       candidate (see
                                       polyalign_skeleton_match()) */
    size_t n_skeletons;
    const char *entity; /**< id from the names table (e.g. "US"), the
                             first token of a multi-word form, or NULL */
    const char *number; /**< canonical number ("2042", "9.7.2021") for a
                             number token, else NULL */
};

/**
 * Create a normalizer for a language ("fr", "ru", "ar", "en", "de", ...;
 * BCP 47 region subtags accepted).  Loads what the language needs once per
 * context: the Hunspell dictionary (a warning naming the Debian package
 * when missing: tokens then have no lemmas), the stop list
 * stopwords/LANG.txt and the names table names/ *.tsv from the data
 * directory.
 *
 * @param[out] out  the normalizer, freed with polyalign_normalizer_free()
 * @return 0, POLYALIGN_EINVAL (empty language), POLYALIGN_ENOMEM,
 *         POLYALIGN_EINTERNAL (ICU failed; message on @p ctx)
 */
POLYALIGN_EXPORT int polyalign_normalizer_new(
    struct polyalign_normalizer **out, struct polyalign_context *ctx,
    const char *lang);

/**
 * Start loading @p lang's Hunspell dictionary in a background thread and
 * return at once, so that a normalizer created later (for instance by
 * polyalign_evidence_new()) finds it loaded: the load (about 0.05 s for
 * fr or ru) then overlaps with the caller's other work, such as reading
 * the documents.  A normalizer asking for the dictionary meanwhile waits
 * for it.  Does nothing when the context allows one thread
 * (polyalign_context_set_threads()), when the dictionary is already
 * loaded or being loaded, or when no thread can be started (then it loads
 * on first use, as without this call).  A missing dictionary is reported
 * when a normalizer asks for it, not here.  The thread is joined at the
 * latest by polyalign_context_free().
 *
 * @return 0, POLYALIGN_EINVAL (NULL or empty language)
 */
POLYALIGN_EXPORT int polyalign_normalizer_preload(
    struct polyalign_context *ctx, const char *lang);

/** Free a normalizer.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_normalizer_free(
    struct polyalign_normalizer *n);

/** The normalizer's language (borrowed). */
POLYALIGN_EXPORT const char *polyalign_normalizer_lang(
    const struct polyalign_normalizer *n);

/**
 * Tokenize @p len bytes of UTF-8 @p text.  Punctuation and spaces are not
 * tokens.  Numbers written with thousands groups ("2 042", also with
 * no-break or narrow no-break spaces) come out as one token.
 *
 * @param[out] tokens    the tokens (borrowed, see struct polyalign_token)
 * @param[out] n_tokens  how many
 * @return 0, POLYALIGN_EENCODING (invalid UTF-8; byte offset on the
 *         context), POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_normalizer_tokenize(
    struct polyalign_normalizer *n, const char *text, size_t len,
    const struct polyalign_token **tokens, size_t *n_tokens);

/**
 * Fold a word or phrase into the matching key of this language (the
 * folded form a token would get, without elision splitting or lemmas).
 * Lexicons use it on their entries.
 *
 * @param[out] out  a new string the caller frees with free()
 * @return 0, POLYALIGN_EENCODING, POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_normalizer_fold(
    struct polyalign_normalizer *n, const char *text, char **out);

/**
 * How many distinct word types were analysed (Hunspell stemmed) so far:
 * each is analysed once, however often it occurs.
 */
POLYALIGN_EXPORT size_t polyalign_normalizer_types(
    const struct polyalign_normalizer *n);

/** How many Hunspell stem calls the normalizer made so far. */
POLYALIGN_EXPORT size_t polyalign_normalizer_stem_calls(
    const struct polyalign_normalizer *n);

/**
 * Whether two name skeletons denote the same name: equal when the longer
 * has at most 4 letters, one edit apart for 5 to 7, two for 8 or more
 * (Levenshtein distance).  Entity ids ("=US") match only when equal.
 * @return 1 if they match, 0 if not (also for NULL or empty keys)
 */
POLYALIGN_EXPORT int polyalign_skeleton_match(const char *a, const char *b);

/**
 * The canonical number key of a number as written ("2 042", "٢٠٢١",
 * "09.07.2021", "3,5"): digits of any script read as ASCII digits,
 * thousands groups joined, leading zeros of each part dropped, decimal
 * and date separators written ".".
 *
 * @param[out] out  a new string the caller frees with free(); NULL when
 *                  @p text holds no digit
 * @return 0, POLYALIGN_EENCODING, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_number_key(const char *text, char **out);

#ifdef __cplusplus
}
#endif

#endif
