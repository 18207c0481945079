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

/* Consecutive SRX rules with the same decision are matched together: since
 * the first rule that matches at a position decides (SRX 2.0, 2.5), only
 * the order between rules of different decisions matters. */
struct rule_group {
    int brk;        /* the decision when a rule of the group matches */
    int lookbehind; /* "(?<=B1)(?=A1)|(?<=B2)(?=A2)|..." tried at the
                       position; else "(?:(?:B1)(?=A1)|...)\z" searched in
                       a region that ends at the position */
    int from_start; /* a rule uses '^': search from the paragraph start */
    URegularExpression *re;
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
    URegularExpression *scan; /* all break rules: proposes candidates */

    UChar *u;          /* the paragraph in UTF-16 */
    size_t *offs;      /* UTF-16 index -> byte offset, ucap + 1 entries */
    size_t ucap;
    struct candidate *cand;
    size_t ncand, candcap;
    struct polyalign_span *spans;
    size_t nspans, spancap;
};

#endif
