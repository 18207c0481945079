/* Private part of the splitter: the per-thread matching state. */
#ifndef POLYALIGN_LIB_SEGMENT_H
#define POLYALIGN_LIB_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/uregex.h>

#include "polyalign/segment.h"

/* How far back (UTF-16 units) a beforebreak that ICU cannot run as a
 * look-behind may start; rules are local contexts, so this only cuts off
 * pathological patterns. */
#define SEGMENT_LOOKBACK 256

/* The rules of a group whose beforebreak is a finite set of strings
 * (abbreviations), looked up by hash: the strings that end at a position
 * are found with one lookup per distinct length. */
struct lit_entry {
    uint32_t off;  /* in pool */
    uint16_t len;
    uint8_t wb;    /* must start at a word boundary */
    int16_t after; /* index of its afterbreak, -1 for none */
    uint32_t next; /* chain in the bucket, UINT32_MAX ends it */
};

struct lit_table {
    uint16_t *pool;
    size_t poollen;
    struct lit_entry *e;
    size_t n, cap;
    uint32_t *bucket;
    size_t nbucket;     /* power of two */
    uint64_t lens;      /* bit k: some string has k UTF-16 units */
    URegularExpression **after;
    char **after_src;
    size_t nafter;
    signed char *seen;  /* per position: afterbreak result, -1 unknown */
    unsigned *after_gen; /* paragraph whose text after[k] holds */
};

/* Consecutive SRX rules with the same decision are matched together: since
 * the first rule that matches at a position decides (SRX 2.0, 2.5), only
 * the order between rules of different decisions matters. */
struct rule_group {
    int brk;        /* the decision when a rule of the group matches */
    int lookbehind; /* "(?=A1)(?<=B1)|(?=A2)(?<=B2)|..." tried at the
                       position (and literal rules looked up); else one rule
                       whose "(?:B)\z" is searched in a region that ends at
                       the position, after A matched there */
    int from_start; /* a rule uses '^': search from the paragraph start */
    URegularExpression *re;
    struct lit_table *lit; /* look-behind groups: the literal rules */
    URegularExpression *pre; /* search group: the afterbreak, NULL when
                                empty */
    unsigned re_gen, pre_gen; /* paragraph whose text re, pre hold */
};

/* The search for one break rule's matches, whose ends (and the positions
 * inside them) are candidates. */
struct break_scan {
    URegularExpression *re; /* (?:B')(?=A), B' = search_start(B) */
    uint8_t *first; /* BMP bitmap of the characters a match can start with;
                       NULL: unknown, search the whole paragraph */
    unsigned gen;
};

struct candidate {
    int32_t pos; /* UTF-16 index of a possible break */
    int icu;     /* proposed by ICU's break iterator */
};

struct polyalign_splitter {
    struct polyalign_context *ctx;
    int use_icu;
    UBreakIterator *bi;
    struct rule_group *groups;
    size_t ngroups;
    struct break_scan *scans; /* one per break rule: propose candidates */
    size_t nscans;
    uint8_t *scan_union;      /* union of the scans' bitmaps */
    uint64_t ascii_first[2];  /* its ASCII part, for the decoding loop */
    URegularExpression *scan_any; /* the scans with a bitmap as one
                                     alternation: a quick "none here" */
    unsigned scan_any_gen;
    unsigned gen;             /* paragraphs split so far */
    int32_t ulen;             /* UTF-16 length of the paragraph */

    UChar *u;          /* the paragraph in UTF-16 */
    uint32_t *offs;    /* UTF-16 index -> byte offset, ucap + 1 entries */
    int32_t *starts;   /* where a break rule's match may start */
    size_t nstarts;
    size_t ucap;
    struct candidate *cand;
    size_t ncand, candcap;
    struct polyalign_span *spans;
    size_t nspans, spancap;
};

#endif
