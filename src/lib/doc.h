/* Private part of documents. */
#ifndef POLYALIGN_LIB_DOC_H
#define POLYALIGN_LIB_DOC_H

#include <stdint.h>

#include "polyalign/doc.h"

/* A paragraph: a span of the text and its line in the original file. */
struct doc_paragraph {
    size_t start, end; /* in doc->text */
    size_t line;       /* 1-based line of its first character */
};

struct doc_sentence {
    size_t start, end; /* in doc->text */
    size_t paragraph;
};

/* Compact map from text byte offsets (character starts) to byte offsets in
 * the original file; see doc.c. */
struct doc_map {
    uint32_t *base;  /* per block: virtual origin of its first byte */
    uint32_t *block; /* per block: its index in deltas, or UINT32_MAX */
    int8_t *deltas;  /* per byte of non-linear blocks: origin difference */
    struct doc_map_exception {
        uint32_t at, origin;
    } *exc; /* differences beyond a signed byte, by text offset */
    size_t base_cap, block_cap, ndelta, delta_cap, nexc, exc_cap;
    size_t len;   /* text bytes mapped */
    uint32_t end; /* origin of the end of the text: the file's size */
    /* while building */
    uint32_t last;
    int cur_linear;
    int8_t cur[64];
};

/* Origin in the original file of text byte @i (a character start, or the
 * end of the text). */
size_t doc_map_origin(const struct doc_map *m, size_t i);
void doc_map_free(struct doc_map *m);

struct polyalign_doc {
    char *name;
    char encoding[64];
    struct polyalign_langid langid;
    char *text;        /* UTF-8, NFC, LF line ends, NUL-terminated */
    size_t len;
    /* Origin of each character of text in the original file; the end of
     * the text maps to the file's size.  Characters produced by one
     * original character (or NFC chunk) map to its first byte. */
    struct doc_map orig;
    struct doc_paragraph *paras;
    size_t npara;
    struct doc_sentence *sents;
    size_t nsent;
    unsigned flags;
};

/* Decode @data as @charset into NFC UTF-8 with the offset map (exposed for
 * tests).  On invalid bytes returns POLYALIGN_EENCODING with the message
 * naming @name and the byte offset. */
int doc_decode(struct polyalign_context *ctx, const char *name,
               const char *data, size_t len, const char *charset,
               char **text_out, size_t *len_out, struct doc_map *map_out);

/* Language recognition rate of @text for @lang with its Hunspell
 * dictionary: recognised words / words, over at most @max_words words.
 * Returns -1 when no dictionary is installed. */
double langid_hunspell_rate(struct polyalign_context *ctx, const char *lang,
                            const char *text, size_t len, size_t max_words);

/* Fill only the script of @out (used when the language is given). */
void langid_script_only(const char *text, size_t len,
                        struct polyalign_langid *out);

#endif
