/* Private part of the aligner: the alignment object. */
#ifndef POLYALIGN_LIB_ALIGN_H
#define POLYALIGN_LIB_ALIGN_H

#include "polyalign/align.h"

struct polyalign_alignment {
    struct polyalign_bead *beads;
    size_t count;
    size_t cap;
    size_t n; /* source sentences */
    size_t m; /* target sentences */
    struct polyalign_align_params params;
};

/* Cells a band may hold before widening stops (memory: 17 bytes a cell). */
#define ALIGN_MAX_CELLS ((size_t)24 * 1000 * 1000)

#endif
