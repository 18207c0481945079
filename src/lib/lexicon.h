/* Private part of the lexicon. */
#ifndef POLYALIGN_LIB_LEXICON_H
#define POLYALIGN_LIB_LEXICON_H

#include "context.h"
#include "norm.h"
#include "polyalign/lexicon.h"
#include "strmap.h"

struct lex_entry {
    char **targets;
    size_t n, cap;
};

struct polyalign_lexicon {
    struct polyalign_context *ctx;
    char src[16], tgt[16];
    struct polyalign_normalizer *src_fold, *tgt_fold; /* folding only */
    struct strmap *map; /* folded source -> struct lex_entry */
    size_t pairs;
    size_t bad_lines;
};

#endif
