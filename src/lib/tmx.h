/* Private part of the TMX module: the TU structure and helpers shared by
 * the writer (tmx.c), the reader (tmx-reader.c), the validator
 * (tmx-validate.c) and the tools (tmx-tools.c). */
#ifndef POLYALIGN_LIB_TMX_H
#define POLYALIGN_LIB_TMX_H

#include <stddef.h>
#include <stdint.h>

#include "polyalign/tmx.h"

/* A growable byte string, always NUL-terminated once used. */
struct tmx_buf {
    char *data;
    size_t len;
    size_t cap;
};

int tmx_buf_add(struct tmx_buf *b, const char *s, size_t n);
int tmx_buf_adds(struct tmx_buf *b, const char *s);
void tmx_buf_reset(struct tmx_buf *b);
void tmx_buf_free(struct tmx_buf *b);

struct tmx_kv {
    char *key;
    char *value;
};

struct tmx_tuv {
    char *lang;
    char *text;   /* plain text */
    char *markup; /* content of seg as XML, NULL without inline element */
};

struct polyalign_tmx_tu {
    struct tmx_kv *attrs;
    size_t n_attrs, cap_attrs;
    struct tmx_kv *props;
    size_t n_props, cap_props;
    char **notes;
    size_t n_notes, cap_notes;
    struct tmx_tuv *tuvs;
    size_t n_tuvs, cap_tuvs;
};

/* Add a variant taking ownership of the three strings (markup may be NULL);
 * on failure they are freed. */
int tmx_tu_take_variant(struct polyalign_tmx_tu *tu, char *lang, char *text,
                        char *markup);

/* Add an attribute without checking its name (reader: TMX 1.1-1.3 files
 * may carry attributes 1.4 does not know). */
int tmx_tu_put_attr(struct polyalign_tmx_tu *tu, const char *name,
                    const char *value);

/* Nonzero if @name is an attribute of <tu> in the TMX 1.4 DTD. */
int tmx_is_tu_attr(const char *name);

/* 64-bit hash of a TU's variants (language, case-folded ASCII, and
 * segment markup or text), independent of the variants' order. */
uint64_t tmx_tu_hash(const struct polyalign_tmx_tu *tu, uint64_t key);

/* A TMX date YYYYMMDDThhmmssZ as the integer YYYYMMDDhhmmss, 0 if absent
 * or malformed. */
uint64_t tmx_date_key(const char *date);

/* Nonzero if @s is a TMX date (TMX 1.4b, 3.1: ISO 8601 basic, UTC). */
int tmx_date_valid(const char *s);

/* Nonzero if @tag is a well-formed BCP 47 language tag (ICU). */
int tmx_lang_valid(const char *tag);

/* Number of code points in a UTF-8 string. */
size_t tmx_utf8_length(const char *s);

/* Nonzero if @s is empty or only white space. */
int tmx_blank(const char *s);

/* Parse a Level 2 segment fragment; on success *text receives its plain
 * text (malloc'ed).  Returns 0, POLYALIGN_EFORMAT (message on ctx),
 * POLYALIGN_ENOMEM. */
int tmx_markup_text(struct polyalign_context *ctx, const char *markup,
                    char **text);

#endif
