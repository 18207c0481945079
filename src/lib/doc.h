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

struct polyalign_doc {
    char *name;
    char encoding[64];
    struct polyalign_langid langid;
    char *text;        /* UTF-8, NFC, LF line ends, NUL-terminated */
    size_t len;
    /* orig[i]: byte offset in the original file of text byte i; orig[len]
     * is the file's size.  Bytes produced by one original character map
     * to that character's first byte. */
    uint32_t *orig;
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
               char **text_out, size_t *len_out, uint32_t **orig_out);

/* Language recognition rate of @text for @lang with its Hunspell
 * dictionary: recognised words / words, over at most @max_words words.
 * Returns -1 when no dictionary is installed. */
double langid_hunspell_rate(struct polyalign_context *ctx, const char *lang,
                            const char *text, size_t len, size_t max_words);

/* Fill only the script of @out (used when the language is given). */
void langid_script_only(const char *text, size_t len,
                        struct polyalign_langid *out);

#endif
