/**
 * @file lexicon.h
 * Bilingual lexicons: lemma-keyed translations for lexical evidence.
 *
 * The lexicons generated at build time from Debian's FreeDict dictionaries
 * (lexicon/SRC-TGT.tsv in the data directory: fr-ru, fr-en, en-fr, en-ru,
 * en-ar, ar-en, de-fr, fr-de, and fr-ar, ru-ar pivoted through English)
 * and users' own files, in TSV (`source<TAB>target`) or hunalign's
 * dictionary format (`target @ source`).  Both sides are folded on loading
 * with polyalign_normalizer_fold() of their language, so the keys of
 * polyalign_token (folded form, lemmas, variants) look them up directly.
 */
#ifndef POLYALIGN_LEXICON_H
#define POLYALIGN_LEXICON_H

#include <stddef.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_lexicon;

/** File formats of polyalign_lexicon_load(). */
enum polyalign_lexicon_format {
    POLYALIGN_LEXICON_AUTO = 0, /**< from the first entry line: a TAB means
                                     TSV, " @ " hunalign */
    POLYALIGN_LEXICON_TSV,      /**< source TAB target [TAB ignored...] */
    POLYALIGN_LEXICON_HUNALIGN, /**< target " @ " source */
};

/**
 * Create an empty lexicon translating @p src_lang into @p tgt_lang.
 * @param[out] out  freed with polyalign_lexicon_free()
 * @return 0, POLYALIGN_EINVAL, POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_lexicon_new(struct polyalign_lexicon **out,
                                           struct polyalign_context *ctx,
                                           const char *src_lang,
                                           const char *tgt_lang);

/** Free a lexicon.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_lexicon_free(struct polyalign_lexicon *lex);

/**
 * Add the generated lexicon lexicon/SRC-TGT.tsv from the data directory.
 * When it is missing or empty a warning names the Debian package(s) to
 * install and POLYALIGN_ENOTFOUND is returned: callers continue with the
 * evidence they have (the lexicon stays usable, possibly empty).
 * @return 0, POLYALIGN_ENOTFOUND, POLYALIGN_EIO, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_lexicon_load_default(
    struct polyalign_lexicon *lex);

/**
 * Add the entries of a file.  Blank lines and lines starting with '#' are
 * skipped; a malformed line (missing separator, empty side, invalid UTF-8)
 * is reported as a warning "FILE:LINE: ..." on the context, counted and
 * skipped.
 * @return 0, POLYALIGN_EIO (unreadable; message on the context),
 *         POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_lexicon_load(struct polyalign_lexicon *lex,
                                            const char *path,
                                            enum polyalign_lexicon_format
                                                format);

/**
 * Add one pair (both sides folded here).
 * @return 0, POLYALIGN_EENCODING, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_lexicon_add(struct polyalign_lexicon *lex,
                                           const char *source,
                                           const char *target);

/**
 * The translations of a folded source key (a token's folded form, variant
 * or lemma).  Their number is the fan-out, by which evidence divides.
 * @param[out] out  borrowed array of folded targets (NULL when none)
 * @return how many translations (0 when the key is absent)
 */
POLYALIGN_EXPORT size_t polyalign_lexicon_lookup(
    const struct polyalign_lexicon *lex, const char *key,
    const char *const **out);

/** Number of distinct source entries. */
POLYALIGN_EXPORT size_t polyalign_lexicon_entries(
    const struct polyalign_lexicon *lex);

/** Number of (source, target) pairs. */
POLYALIGN_EXPORT size_t polyalign_lexicon_pairs(
    const struct polyalign_lexicon *lex);

/** Number of malformed lines skipped by the loads so far. */
POLYALIGN_EXPORT size_t polyalign_lexicon_bad_lines(
    const struct polyalign_lexicon *lex);

#ifdef __cplusplus
}
#endif

#endif
