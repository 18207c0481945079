/* Private part of the evaluation module: the bead set. */
#ifndef POLYALIGN_LIB_EVAL_H
#define POLYALIGN_LIB_EVAL_H

#include "polyalign/eval.h"

/* One bead: its index lists live in the set's pool, as read (order kept,
 * since beads are compared as sequences). */
struct eval_bead {
    size_t src, src_n; /* offset in pool, count */
    size_t tgt, tgt_n;
    double confidence; /* -1 when the file gives none */
};

struct polyalign_beadset {
    struct eval_bead *beads;
    size_t count, cap;
    size_t *pool;
    size_t pool_len, pool_cap;
};

#endif
