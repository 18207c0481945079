/**
 * @file tmx.h
 * Translation memories in TMX 1.4b (LISA OSCAR, 2005): one translation-unit
 * structure shared by a streaming writer (libxml2 xmlTextWriter) and a
 * streaming reader (libxml2 xmlTextReader, TMX 1.1 to 1.4, Level 1 and 2);
 * validation against the bundled tmx14.dtd plus the rules a DTD cannot
 * express; merge, filter, split into language pairs, TSV/JSONL conversion.
 *
 * Typical writing loop (the aligner does this for each bead):
 * @code
 * struct polyalign_tmx_writer_options o;
 * polyalign_tmx_writer_options_init(&o);
 * o.srclang = "fr";
 * polyalign_tmx_writer_open(&w, ctx, "out.tmx", &o);
 * polyalign_tmx_tu_new(&tu);
 * for (each bead) {
 *     polyalign_tmx_tu_clear(tu);
 *     polyalign_tmx_tu_add_variant(tu, "fr", fr_text);
 *     polyalign_tmx_tu_add_variant(tu, "ru", ru_text);
 *     polyalign_tmx_tu_add_prop(tu, "x-confidence", "0.93");
 *     polyalign_tmx_writer_add_tu(w, tu);
 * }
 * polyalign_tmx_writer_commit(w);   // the file appears only now
 * @endcode
 */
#ifndef POLYALIGN_TMX_H
#define POLYALIGN_TMX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_tmx_tu;
struct polyalign_tmx_writer;
struct polyalign_tmx_reader;

/* ------------------------------------------------------------------------ */
/** @name Translation units */

/**
 * Create an empty translation unit.
 * @param[out] out  the TU, freed with polyalign_tmx_tu_free()
 * @return 0 or POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_tmx_tu_new(struct polyalign_tmx_tu **out);

/** Free a TU.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_tmx_tu_free(struct polyalign_tmx_tu *tu);

/** Empty a TU (attributes, props, notes, variants) for reuse; keeps its
 *  buffers. */
POLYALIGN_EXPORT void polyalign_tmx_tu_clear(struct polyalign_tmx_tu *tu);

/**
 * Set a TU attribute (TMX 1.4b section 3.2: tuid, creationdate,
 * changedate, creationid, changeid, srclang, datatype, usagecount,
 * lastusagedate, segtype, o-encoding, o-tmf, creationtool,
 * creationtoolversion).  Setting it again replaces the value.
 * @return 0, POLYALIGN_EINVAL (not a TU attribute), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_tmx_tu_set_attr(struct polyalign_tmx_tu *tu,
                                               const char *name,
                                               const char *value);

/** A TU attribute's value (borrowed), or NULL when not set. */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_attr(const struct polyalign_tmx_tu *tu, const char *name);

/**
 * Add a `<prop type="TYPE">VALUE</prop>`.  polyalign's own props are
 * `x-`prefixed (x-source-fr, x-sentences-fr, x-bead, x-confidence).
 * @return 0, POLYALIGN_EINVAL (empty type), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_tmx_tu_add_prop(struct polyalign_tmx_tu *tu,
                                               const char *type,
                                               const char *value);

/** Number of props. */
POLYALIGN_EXPORT size_t
polyalign_tmx_tu_prop_count(const struct polyalign_tmx_tu *tu);

/** Prop @p i: its value (borrowed); its type through @p type. */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_prop_at(const struct polyalign_tmx_tu *tu, size_t i,
                         const char **type);

/** The value of the first prop of type @p type (borrowed), or NULL. */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_prop(const struct polyalign_tmx_tu *tu, const char *type);

/** Add a `<note>`.  @return 0 or POLYALIGN_ENOMEM */
POLYALIGN_EXPORT int polyalign_tmx_tu_add_note(struct polyalign_tmx_tu *tu,
                                               const char *text);

/** Number of notes. */
POLYALIGN_EXPORT size_t
polyalign_tmx_tu_note_count(const struct polyalign_tmx_tu *tu);

/** Note @p i (borrowed). */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_note_at(const struct polyalign_tmx_tu *tu, size_t i);

/**
 * Add a variant (`<tuv xml:lang="LANG"><seg>TEXT</seg></tuv>`) with plain
 * text; the writer escapes it.
 * @return 0, POLYALIGN_EINVAL (empty language), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_tmx_tu_add_variant(struct polyalign_tmx_tu *tu,
                                                  const char *lang,
                                                  const char *text);

/**
 * Add a variant whose segment holds TMX Level 2 inline markup: @p markup is
 * the content of `<seg>` as XML (text escaped, elements bpt, ept, it, ph,
 * hi, sub, ut).  The plain text (what polyalign_tmx_tu_variant_text()
 * returns) is derived from it: the content of hi is text, the native codes
 * inside bpt/ept/it/ph/ut are not.
 * @return 0, POLYALIGN_EFORMAT (not well-formed, or another element;
 *         message on @p ctx), POLYALIGN_EINVAL, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int
polyalign_tmx_tu_add_variant_markup(struct polyalign_tmx_tu *tu,
                                    struct polyalign_context *ctx,
                                    const char *lang, const char *markup);

/** Number of variants. */
POLYALIGN_EXPORT size_t
polyalign_tmx_tu_variant_count(const struct polyalign_tmx_tu *tu);

/** Variant @p i: its language code (borrowed). */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_variant_lang(const struct polyalign_tmx_tu *tu, size_t i);

/** Variant @p i: its segment as plain text, markup flattened (borrowed). */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_variant_text(const struct polyalign_tmx_tu *tu, size_t i);

/** Variant @p i: its segment as XML with Level 2 markup (borrowed), or NULL
 *  when it has no inline element (or was read with
 *  POLYALIGN_TMX_READ_FLATTEN). */
POLYALIGN_EXPORT const char *
polyalign_tmx_tu_variant_markup(const struct polyalign_tmx_tu *tu, size_t i);

/** Index of the first variant whose language is @p lang (compared
 *  case-insensitively), or -1. */
POLYALIGN_EXPORT long
polyalign_tmx_tu_find_variant(const struct polyalign_tmx_tu *tu,
                              const char *lang);

/* ------------------------------------------------------------------------ */
/** @name Writer */

/** Writer options; start from polyalign_tmx_writer_options_init(). */
struct polyalign_tmx_writer_options {
    /** Header srclang; also whose variant comes first in every TU (TUs
     *  without it are skipped).  NULL or "*all*": multilingual memory,
     *  variants in their given order. */
    const char *srclang;
    /** Header adminlang (default "en"). */
    const char *adminlang;
    /** creationid on the header and on every TU, NULL for none. */
    const char *creationid;
    /** Text of a header `<note>`, NULL for none. */
    const char *note;
    /** NULL-terminated list of "from=to" language-code maps applied to
     *  every xml:lang and to srclang ("fr=fr-FR"), NULL for none. */
    const char *const *lang_map;
    /** Header creationdate; 0 means SOURCE_DATE_EPOCH if set, else now. */
    time_t creation_time;
    /** Indent the elements (never the content of seg); default 1. */
    int indent;
    /** 1: write a TU left with a single non-empty variant too (tools that
     *  pass memories through, like merge, keep what they read); default
     *  0: a TU needs two variants, the rest are counted as skipped. */
    int keep_single;
};

/** Fill @p opts with the defaults. */
POLYALIGN_EXPORT void
polyalign_tmx_writer_options_init(struct polyalign_tmx_writer_options *opts);

/**
 * Start writing a TMX 1.4 file: UTF-8 without BOM, `<!DOCTYPE tmx SYSTEM
 * "tmx14.dtd">`, a header with every attribute the DTD requires.  The file
 * is written to a temporary file and appears at @p path only at
 * polyalign_tmx_writer_commit().
 * @param path  output file, "-" for standard output
 * @param opts  NULL for the defaults; strings are copied
 * @param[out] out  the writer, NULL on error
 * @return 0, POLYALIGN_EIO, POLYALIGN_EINVAL (malformed lang_map entry),
 *         POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int
polyalign_tmx_writer_open(struct polyalign_tmx_writer **out,
                          struct polyalign_context *ctx, const char *path,
                          const struct polyalign_tmx_writer_options *opts);

/**
 * Write one TU.  Characters XML 1.0 forbids are removed (with a warning);
 * variants whose text is empty or blank are dropped, and the TU is not
 * written at all when fewer than two variants remain or, with a concrete
 * srclang, when it has no variant in that language.  Level 2 markup is
 * written as such.
 * @return 1 written, 0 skipped, POLYALIGN_EIO, POLYALIGN_EFORMAT (bad
 *         markup), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int
polyalign_tmx_writer_add_tu(struct polyalign_tmx_writer *w,
                            const struct polyalign_tmx_tu *tu);

/** TUs written and skipped so far. */
POLYALIGN_EXPORT void
polyalign_tmx_writer_counts(const struct polyalign_tmx_writer *w,
                            uint64_t *written, uint64_t *skipped);

/**
 * Close the document and rename the temporary file over the target; frees
 * @p w in every case.
 * @return 0 or POLYALIGN_EIO (the target is then untouched)
 */
POLYALIGN_EXPORT int
polyalign_tmx_writer_commit(struct polyalign_tmx_writer *w);

/** Drop everything written; frees @p w.  NULL is a no-op. */
POLYALIGN_EXPORT void
polyalign_tmx_writer_abort(struct polyalign_tmx_writer *w);

/* ------------------------------------------------------------------------ */
/** @name Reader */

/** Reader flags. */
enum polyalign_tmx_read_flags {
    /** Keep only plain text: polyalign_tmx_tu_variant_markup() is NULL. */
    POLYALIGN_TMX_READ_FLATTEN = 1 << 0,
};

/**
 * Open a TMX file (version 1.1 to 1.4) and read its header.  The parser
 * never touches the network, loads no DTD, expands no external entity and
 * bounds entity expansion; a TU larger than 4 MiB of text is refused.
 * @param path  "-" for standard input
 * @param[out] out  the reader, NULL on error
 * @return 0, POLYALIGN_EIO (unreadable), POLYALIGN_EFORMAT (not XML, not
 *         TMX, unsupported version: message with the line),
 *         POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int
polyalign_tmx_reader_open(struct polyalign_tmx_reader **out,
                          struct polyalign_context *ctx, const char *path,
                          unsigned flags);

/**
 * Read the next TU into @p tu (cleared first).
 * @return 1 a TU was read, 0 end of body, POLYALIGN_EFORMAT (malformed XML,
 *         entity reference, tuv without language, ...; message with file
 *         and line), POLYALIGN_ELIMIT (TU too large), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_tmx_reader_next(struct polyalign_tmx_reader *r,
                                               struct polyalign_tmx_tu *tu);

/** A header attribute ("srclang", "creationtool", ...), borrowed, or
 *  NULL. */
POLYALIGN_EXPORT const char *
polyalign_tmx_reader_header(const struct polyalign_tmx_reader *r,
                            const char *name);

/** The version attribute of `<tmx>` ("1.4", ...), borrowed. */
POLYALIGN_EXPORT const char *
polyalign_tmx_reader_version(const struct polyalign_tmx_reader *r);

/** Line of the TU last read (1-based). */
POLYALIGN_EXPORT long
polyalign_tmx_reader_line(const struct polyalign_tmx_reader *r);

/** Bytes of input consumed so far. */
POLYALIGN_EXPORT long long
polyalign_tmx_reader_bytes(const struct polyalign_tmx_reader *r);

/** Close and free.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_tmx_reader_free(struct polyalign_tmx_reader *r);

/* ------------------------------------------------------------------------ */
/** @name Validation */

/** Receives one problem found by polyalign_tmx_validate(). */
typedef void (*polyalign_tmx_problem_fn)(void *userdata, const char *path,
                                         long line, const char *message);

/**
 * Check a file against the bundled TMX 1.4 DTD (data file tmx/tmx14.dtd)
 * and the rules the DTD cannot check (TMX 1.4b): dates in
 * YYYYMMDDThhmmssZ form, well-formed BCP 47 language codes, no empty
 * segment, every bpt paired with one ept of the same i in the same
 * segment, unique tuids.  Each problem is passed to @p fn (may be NULL).
 * The file is parsed into memory (size it accordingly).
 * @param[out] n_problems  number of problems (may be NULL)
 * @return 0 valid, POLYALIGN_EFORMAT invalid (first problem as the
 *         context's message), POLYALIGN_EIO, POLYALIGN_ENOTFOUND (DTD not
 *         installed), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_tmx_validate(struct polyalign_context *ctx,
                                            const char *path,
                                            polyalign_tmx_problem_fn fn,
                                            void *userdata, size_t *n_problems);

/* ------------------------------------------------------------------------ */
/** @name Whole-file tools (streaming, flat memory) */

/** What a tool read and wrote. */
struct polyalign_tmx_counts {
    uint64_t read;       /**< TUs read */
    uint64_t written;    /**< TUs written */
    uint64_t duplicates; /**< TUs dropped as duplicates (merge) */
    uint64_t filtered;   /**< TUs dropped by a filter or the writer */
    uint64_t files;      /**< files written (split-pairs) */
};

/** Which of several identical TUs merge keeps. */
enum polyalign_tmx_keep {
    POLYALIGN_TMX_KEEP_FIRST = 0,  /**< the first in input order */
    POLYALIGN_TMX_KEEP_NEWEST = 1, /**< the latest changedate, else
                                        creationdate; ties: the first */
};

/**
 * Union of @p n memories into @p output.  TUs with the same variants
 * (language and segment, in any order) are duplicates, of which one is
 * kept.  Reads each input twice (a first pass keeps 16 bytes per TU:
 * a hash, a date and a position) so memory stays flat.  srclang: the
 * option's, else the inputs' when they agree, else "*all*".
 * @return 0, POLYALIGN_EINVAL (no input, or "-": standard input cannot be
 *         read twice), or the reader's or writer's errors
 */
POLYALIGN_EXPORT int
polyalign_tmx_merge(struct polyalign_context *ctx, const char *const *inputs,
                    size_t n, const char *output, enum polyalign_tmx_keep keep,
                    const struct polyalign_tmx_writer_options *opts,
                    struct polyalign_tmx_counts *counts);

/** Filter criteria; zero values disable a criterion. */
struct polyalign_tmx_filter {
    /** Drop TUs whose x-confidence prop is below this, or missing. */
    double min_confidence;
    int use_min_confidence;
    /** NULL-terminated list of languages to keep; other variants are
     *  dropped (and TUs left with fewer than two). */
    const char *const *langs;
    /** Drop TUs where the longest variant has more than this many times
     *  the characters of the shortest. */
    double max_ratio;
};

/** Copy @p input to @p output keeping the TUs that pass @p f.
 *  srclang defaults to the input's.
 *  @return 0, or the reader's or writer's errors */
POLYALIGN_EXPORT int
polyalign_tmx_filter(struct polyalign_context *ctx, const char *input,
                     const char *output, const struct polyalign_tmx_filter *f,
                     const struct polyalign_tmx_writer_options *opts,
                     struct polyalign_tmx_counts *counts);

/**
 * Write one bilingual memory per language pair found in @p input, named
 * DIR/PREFIX.SRC-TGT.tmx.  With a concrete srclang (option or input header)
 * the pairs are srclang with each other language; with "*all*", every
 * pair in order of first appearance.
 * @return 0, or the reader's or writer's errors
 */
POLYALIGN_EXPORT int
polyalign_tmx_split_pairs(struct polyalign_context *ctx, const char *input,
                          const char *dir, const char *prefix,
                          const struct polyalign_tmx_writer_options *opts,
                          struct polyalign_tmx_counts *counts);

/** Conversion formats. */
enum polyalign_tmx_format {
    POLYALIGN_TMX_FORMAT_TSV = 0,   /**< header line of languages, one TU a
                                         row; \\t \\n \\r \\\\ escaped */
    POLYALIGN_TMX_FORMAT_JSONL = 1, /**< one JSON object per TU */
};

/**
 * Write the TUs of @p input as TSV or JSONL (plain text, markup
 * flattened).  TSV columns: @p langs (NULL-terminated) or every language
 * of the file in order of first appearance (the file is then read twice,
 * so standard input needs @p langs: POLYALIGN_EINVAL otherwise).
 * @return 0, or the reader's errors, POLYALIGN_EIO, POLYALIGN_EINVAL
 */
POLYALIGN_EXPORT int
polyalign_tmx_convert_to(struct polyalign_context *ctx, const char *input,
                         const char *output, enum polyalign_tmx_format format,
                         const char *const *langs,
                         struct polyalign_tmx_counts *counts);

/**
 * Read a TSV file whose first line names the languages of its columns
 * (same escapes as the TSV output) and write a TMX memory; srclang
 * defaults to the first column.
 * @return 0, POLYALIGN_EFORMAT (ragged row: message with the line),
 *         POLYALIGN_EIO, POLYALIGN_EENCODING, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int
polyalign_tmx_convert_from_tsv(struct polyalign_context *ctx, const char *input,
                               const char *output,
                               const struct polyalign_tmx_writer_options *opts,
                               struct polyalign_tmx_counts *counts);

#ifdef __cplusplus
}
#endif

#endif
