/**
 * @file report.h
 * The review page: one self-contained HTML file (no network, no external
 * fonts or scripts) that shows an alignment or a comparison so that a
 * person can decide whether to trust it.  One column per document (file
 * name and language in the header; right-to-left languages get
 * dir="rtl"), one row per aligned unit or statement, with its score shown
 * and coloured, and the tokens that matched highlighted by kind (names,
 * numbers, lexicon pairs, lemmas...) with what they matched in a tooltip.
 * Rows with empty cells show unaligned sentences in place; a small inline
 * script filters rows by score.
 *
 * The model is small: columns, rows of cells (a label such as the
 * sentence index, and the text), a score per row and highlight spans (byte
 * ranges of a cell's text).  The page is built as a libxml2 HTML tree and
 * serialized by libxml2, which does all the escaping.
 */
#ifndef POLYALIGN_REPORT_H
#define POLYALIGN_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "polyalign/context.h"
#include "polyalign/evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_report;

/** Options of polyalign_report_new().  Zero-initialise. */
struct polyalign_report_options {
    /** Title of the page (NULL: "polyalign review"). */
    const char *title;
    /** What the row scores are ("confidence", "margin score"; NULL:
     *  "confidence"). */
    const char *score_label;
    /** What the rows with a score are, in the summary line ("aligned",
     *  "statements"; NULL: "aligned"). */
    const char *row_noun;
    /** The range the colours and the filter span; both 0: [0, 1]. */
    double score_min, score_max;
};

/**
 * A new, empty report.
 * @param[out] out  freed with polyalign_report_free()
 * @return 0, POLYALIGN_EINVAL (score_max below score_min), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_report_new(
    struct polyalign_report **out, struct polyalign_context *ctx,
    const struct polyalign_report_options *opts);

/** Free it.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_report_free(struct polyalign_report *r);

/**
 * Add a column (a document); add every column before the first row.
 * @param file  shown in the header (its base name; the full path in the
 *        tooltip)
 * @param lang  BCP 47 language (NULL or "und": unknown); Arabic, Hebrew,
 *        Persian, Urdu... columns are laid out right to left
 * @param[out] out  the column's index from 0, or NULL
 * @return 0, POLYALIGN_EINVAL (rows exist already), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_report_add_column(struct polyalign_report *r,
                                                 const char *file,
                                                 const char *lang,
                                                 size_t *out);

/**
 * Add a row with every cell empty.
 * @param score  the row's score, or a negative number (or NaN) for none
 *        (a row of unaligned sentences)
 * @param note  a short note shown under the score ("1-2", "inconsistent"),
 *        or NULL
 * @param flagged  1 to mark the row as suspicious (e.g. the direct pair
 *        disagrees with the pivot path)
 * @param[out] out  the row's index from 0, or NULL
 * @return 0, POLYALIGN_EINVAL (no column), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_report_add_row(struct polyalign_report *r,
                                              double score, const char *note,
                                              int flagged, size_t *out);

/**
 * Fill cell (@p row, @p col).  @p text is UTF-8 (copied); a cell never set
 * stays empty (no sentence of that document in the row).
 * @param label  shown before the text, e.g. the sentence index "12" or
 *        "12-13"; NULL for none
 * @return 0, POLYALIGN_EINVAL (out of range, already set),
 *         POLYALIGN_EENCODING (invalid UTF-8), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_report_set_cell(struct polyalign_report *r,
                                               size_t row, size_t col,
                                               const char *label,
                                               const char *text, size_t len);

/**
 * Show @p label (e.g. a sentence index) inside the text of cell (@p row,
 * @p col), before byte @p offset: where a cell holds several sentences,
 * each can show its own index.  A label that falls inside a highlight is
 * shown after it.
 * @return 0, POLYALIGN_EINVAL (cell not set, offset beyond the text or
 *         inside a character), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_report_add_label(struct polyalign_report *r,
                                                size_t row, size_t col,
                                                size_t offset,
                                                const char *label);

/**
 * Highlight a match between two cells of a row: bytes [@p a_start,
 * @p a_end) of cell @p col_a and [@p b_start, @p b_end) of cell @p col_b
 * (both set before), of kind @p kind.  Each side's tooltip names the
 * kind and the other side's words; hovering one highlights both.  Spans
 * over the same bytes are merged (one tooltip listing every match);
 * a span that partly overlaps an earlier one is dropped.
 * @return 0, POLYALIGN_EINVAL (empty cell, bytes out of the text or not on
 *         character boundaries, unknown kind), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_report_add_match(
    struct polyalign_report *r, size_t row, size_t col_a, size_t a_start,
    size_t a_end, size_t col_b, size_t b_start, size_t b_end,
    enum polyalign_match_kind kind);

/** Number of rows. */
POLYALIGN_EXPORT size_t polyalign_report_row_count(
    const struct polyalign_report *r);

/**
 * Write the page (UTF-8 HTML5) to @p fp.
 * @return 0, POLYALIGN_EIO (write failed; message on the context),
 *         POLYALIGN_ENOMEM, POLYALIGN_EINTERNAL (libxml2 failed)
 */
POLYALIGN_EXPORT int polyalign_report_write(struct polyalign_report *r,
                                            FILE *fp);

#ifdef __cplusplus
}
#endif

#endif
