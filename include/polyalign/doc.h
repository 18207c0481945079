/**
 * @file doc.h
 * Documents: reading bytes in any encoding, charset detection and
 * conversion (ICU), NFC, paragraphs, language identification, and the
 * sentences of a segmented document with their byte spans in the original
 * file.
 */
#ifndef POLYALIGN_DOC_H
#define POLYALIGN_DOC_H

#include <stddef.h>

#include "polyalign/context.h"
#include "polyalign/segment.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_doc;

/** Flags for struct polyalign_doc_options. */
enum polyalign_doc_flags {
    /** Hard-wrapped text: single line breaks do not end a paragraph; only
     *  blank lines do. */
    POLYALIGN_DOC_JOIN_LINES = 1 << 0,
    /** One sentence per line already (e.g. Text+Berg): every non-empty line
     *  is one sentence and its own paragraph; no splitter is needed. */
    POLYALIGN_DOC_PRESPLIT = 1 << 1,
};

/** Options for loading a document.  Zero-initialise, then set fields. */
struct polyalign_doc_options {
    /** Charset name ICU knows ("UTF-8", "windows-1251", ...); NULL: detect */
    const char *encoding;
    /** BCP 47 language; NULL: from the file name (*.fr.txt), else detect */
    const char *lang;
    /** enum polyalign_doc_flags */
    unsigned flags;
};

/** How the language of a document was decided. */
struct polyalign_langid {
    char lang[16];     /**< BCP 47 code, "und" if undecided */
    char script[16];   /**< ISO 15924 name of the dominant script: "Latn" */
    const char *method; /**< "option", "filename", "hunspell", "script" */
    double confidence; /**< in [0, 1] */
    char reason[256];  /**< one line a person can read */
};

/**
 * Load a document from a file ("-" for standard input).
 *
 * Bytes are decoded with @p opts->encoding or the charset ICU detects (a
 * BOM wins); a BOM is stripped, CRLF and CR become LF, and the text is
 * normalised to NFC.  Paragraphs end at blank lines, and at single line
 * breaks unless POLYALIGN_DOC_JOIN_LINES.
 *
 * @param[out] out  the document, freed with polyalign_doc_free()
 * @return 0; POLYALIGN_EIO (unreadable); POLYALIGN_EBINARY (NUL bytes);
 *         POLYALIGN_EENCODING (invalid bytes under the encoding: the
 *         message names the file and the byte offset); POLYALIGN_EINVAL
 *         (unknown encoding name); POLYALIGN_ENOMEM.  An empty file is not
 *         an error: it has no paragraphs.
 */
POLYALIGN_EXPORT int polyalign_doc_load_file(
    struct polyalign_doc **out, struct polyalign_context *ctx,
    const char *path, const struct polyalign_doc_options *opts);

/** As polyalign_doc_load_file(), from memory; @p name names it in errors
 *  and may carry the language (x.ru.txt). */
POLYALIGN_EXPORT int polyalign_doc_load_memory(
    struct polyalign_doc **out, struct polyalign_context *ctx,
    const char *name, const void *data, size_t len,
    const struct polyalign_doc_options *opts);

/** Free a document.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_doc_free(struct polyalign_doc *doc);

/** The name it was loaded under (borrowed). */
POLYALIGN_EXPORT const char *polyalign_doc_name(
    const struct polyalign_doc *doc);

/** The charset used to decode it ("UTF-8", "windows-1251", ...). */
POLYALIGN_EXPORT const char *polyalign_doc_encoding(
    const struct polyalign_doc *doc);

/** Its language (BCP 47) and how it was decided. */
POLYALIGN_EXPORT const char *polyalign_doc_lang(
    const struct polyalign_doc *doc);
POLYALIGN_EXPORT const struct polyalign_langid *polyalign_doc_langid(
    const struct polyalign_doc *doc);

/** The decoded, NFC text (UTF-8, NUL-terminated; borrowed). */
POLYALIGN_EXPORT const char *polyalign_doc_text(
    const struct polyalign_doc *doc, size_t *len);

/** Number of paragraphs. */
POLYALIGN_EXPORT size_t polyalign_doc_paragraph_count(
    const struct polyalign_doc *doc);

/**
 * Paragraph @p i as a span of polyalign_doc_text() (line ends excluded).
 * @return 0 or POLYALIGN_EINVAL (out of range)
 */
POLYALIGN_EXPORT int polyalign_doc_paragraph(const struct polyalign_doc *doc,
                                             size_t i,
                                             struct polyalign_span *out);

/**
 * Split every paragraph into sentences with @p splitter (ignored, may be
 * NULL, for POLYALIGN_DOC_PRESPLIT documents).  Calling it again replaces
 * the previous sentences.
 * @return 0 or the errors of polyalign_splitter_split()
 */
POLYALIGN_EXPORT int polyalign_doc_segment(struct polyalign_doc *doc,
                                           struct polyalign_splitter *splitter);

/** One sentence of a segmented document (pointers borrowed from it). */
struct polyalign_sentence {
    const char *text;     /**< UTF-8, NFC; not NUL-terminated */
    size_t len;           /**< bytes */
    size_t index;         /**< position in the document, from 0 */
    size_t paragraph;     /**< paragraph index, from 0 */
    size_t byte_start;    /**< span in the original file's bytes */
    size_t byte_end;
};

/** Number of sentences (0 before polyalign_doc_segment()). */
POLYALIGN_EXPORT size_t polyalign_doc_sentence_count(
    const struct polyalign_doc *doc);

/** Sentence @p i.  @return 0 or POLYALIGN_EINVAL (out of range) */
POLYALIGN_EXPORT int polyalign_doc_sentence(const struct polyalign_doc *doc,
                                            size_t i,
                                            struct polyalign_sentence *out);

/**
 * Identify the language of UTF-8 text: script first (Arabic, Cyrillic,
 * Latin, ...), then, within a script with several candidates, the Hunspell
 * dictionary that recognises the most words.
 * @return 0, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_langid_detect(struct polyalign_context *ctx,
                                             const char *text, size_t len,
                                             struct polyalign_langid *out);

/** The language tag carried by a file name ("a/b.fr.txt" -> "fr"), written
 *  to @p buf; returns 0 or POLYALIGN_ENOTFOUND. */
POLYALIGN_EXPORT int polyalign_langid_from_filename(const char *path,
                                                    char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
