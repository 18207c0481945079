/**
 * @file segment.h
 * Sentence segmentation: SRX 2.0 rules (parsed with libxml2, matched with
 * ICU regular expressions) on top of, or instead of, ICU's sentence break
 * iterator.
 *
 * An SRX rule set is loaded once and shared read-only; a splitter holds the
 * per-thread state (compiled matchers, break iterator, buffers) for one
 * language.  Use one splitter per thread.
 */
#ifndef POLYALIGN_SEGMENT_H
#define POLYALIGN_SEGMENT_H

#include <stddef.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A half-open byte range [start, end) in some UTF-8 text. */
struct polyalign_span {
    size_t start;
    size_t end;
};

struct polyalign_srx;
struct polyalign_splitter;

/**
 * Load SRX 2.0 rules from a file (LISA SRX 2.0: language rules, language
 * maps in order, the header's `cascade`; Okapi's extension
 * `<okpsrx:options useIcu4jBreakRules="yes"/>` makes ICU's sentence break
 * iterator propose the breaks, which the rules then confirm or veto).
 *
 * The XML is parsed without network access and without loading external
 * entities or DTDs.  Every regular expression is compiled with ICU at load
 * time, so a bad one is reported here.
 *
 * @param[out] out  the rules, freed with polyalign_srx_free(); NULL on error
 * @return 0, POLYALIGN_EIO (unreadable: message names the file),
 *         POLYALIGN_EFORMAT (malformed XML, not SRX, a language map naming
 *         an unknown language rule, a bad regular expression: the message
 *         names the file and line), POLYALIGN_ELIMIT (over 64 MB),
 *         POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_srx_load_file(struct polyalign_srx **out,
                                             struct polyalign_context *ctx,
                                             const char *path);

/** As polyalign_srx_load_file(), from memory; @p name is used in errors. */
POLYALIGN_EXPORT int polyalign_srx_load_memory(struct polyalign_srx **out,
                                               struct polyalign_context *ctx,
                                               const char *name,
                                               const char *data, size_t len);

/** Load the default rules shipped in the data directory
 *  (segment/default.srx: French, Russian, Arabic and a default for other
 *  languages).  POLYALIGN_ENOTFOUND when the file is not there; else as
 *  polyalign_srx_load_file(). */
POLYALIGN_EXPORT int polyalign_srx_load_default(struct polyalign_srx **out,
                                                struct polyalign_context *ctx);

/** Free rules.  NULL is a no-op.  Splitters using them must be freed
 *  first. */
POLYALIGN_EXPORT void polyalign_srx_free(struct polyalign_srx *srx);

/** Total number of rules in all language rule sets (rules inside XML
 *  comments are not rules). */
POLYALIGN_EXPORT size_t polyalign_srx_rule_count(
    const struct polyalign_srx *srx);

/**
 * Create a splitter for language @p lang (BCP 47, e.g. "fr", "ru-RU").
 * @param srx  rules, borrowed for the splitter's lifetime; NULL means the
 *             default rules, loaded once into @p ctx
 * @param[out] out  freed with polyalign_splitter_free()
 * @return 0, POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL (ICU), or the errors of
 *         polyalign_srx_load_default()
 */
POLYALIGN_EXPORT int polyalign_splitter_new(struct polyalign_splitter **out,
                                            struct polyalign_context *ctx,
                                            const struct polyalign_srx *srx,
                                            const char *lang);

/** Free a splitter.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_splitter_free(struct polyalign_splitter *s);

/**
 * Split one paragraph of valid UTF-8 text into sentences.
 *
 * A paragraph boundary is always a sentence boundary: give the splitter
 * one paragraph at a time (a headline without final punctuation is then a
 * sentence).  Rules are tried only where ICU proposes a break or a break
 * rule matches; a beforebreak that is not of bounded length may reach at
 * most 256 UTF-16 units back (SRX rules are local contexts).
 *
 * @param text, len  the paragraph (need not be NUL-terminated)
 * @param[out] spans  sentence byte ranges within @p text, in order, with
 *                    leading and trailing white space excluded; empty
 *                    sentences are not reported.  The array belongs to the
 *                    splitter and is valid until its next call.
 * @param[out] count  number of spans
 * @return 0, POLYALIGN_EENCODING (invalid UTF-8: the message gives the
 *         byte offset in @p text), POLYALIGN_ELIMIT (over 1 GB),
 *         POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL
 */
POLYALIGN_EXPORT int polyalign_splitter_split(
    struct polyalign_splitter *s, const char *text, size_t len,
    const struct polyalign_span **spans, size_t *count);

#ifdef __cplusplus
}
#endif

#endif
