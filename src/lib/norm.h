/* Private part of the normalizer. */
#ifndef POLYALIGN_LIB_NORM_H
#define POLYALIGN_LIB_NORM_H

#include <hunspell.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/utrans.h>

#include "context.h"
#include "polyalign/norm.h"
#include "strmap.h"

/* Transliterators for name skeletons, opened on first use. */
enum norm_script { SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC,
                   SCRIPT_OTHER, SCRIPT_COUNT };

/* What is known about one word type (cached: analysed once). */
struct norm_entry {
    unsigned flags;
    char *folded;
    char **variants;
    size_t n_variants;
    char **lemmas;
    size_t n_lemmas;
    char **skeletons;
    size_t n_skeletons;
    char *number;
    int weak_name; /* capitalised but known: a name inside a sentence */
    /* Whether a key of the type starts a form of the names table: 0 not
     * looked up yet, 1 no, 2 yes (mark_entities() asks once a type). */
    int name_start;
};

/* A form of the names table: its folded word keys and its entity id. */
struct norm_name_form {
    size_t n_keys;
    char **keys;
    char *id;
    struct norm_name_form *next; /* same first key */
};

struct polyalign_normalizer {
    struct polyalign_context *ctx;
    char lang[16];     /* "fr", "ru", "ar"... (primary subtag) */
    char locale[32];   /* for ICU */
    Hunhandle *hunspell;
    const UNormalizer2 *nfkc_cf;
    UTransliterator *fold_rules;
    USet *fold_source; /* what fold_rules may change */
    const USet *folded; /* what norm_fold() leaves as it is (frozen, the
                         * context's) */
    UTransliterator *translit[SCRIPT_COUNT];
    UBreakIterator *words;
    struct strmap *cache;    /* token bytes -> struct norm_entry */
    struct strmap *stop;     /* shared, owned by the context */
    struct strmap *names;    /* shared, owned by the context */
    struct polyalign_token *tokens;
    struct norm_entry **token_entry; /* the type of each token */
    size_t n_tokens, cap_tokens;
    size_t stem_calls;
    size_t types;
};

/* Fold @len bytes of UTF-8 into a new NUL-terminated string (*out). */
int norm_fold(struct polyalign_normalizer *n, const char *text, size_t len,
              char **out);

/* A normalizer that only folds (no Hunspell, stop list or names table). */
int norm_new_folder(struct polyalign_normalizer **out,
                    struct polyalign_context *ctx, const char *lang);

#endif
