/* The aligner alone, without document loading: reads two files of sentence
 * lengths (one number a line), aligns them with polyalign_align_lengths()
 * and writes the beads in the gold format; prints the time the alignment
 * took to stderr.  Used by bench/align-scale.sh.
 *
 * usage: align-lengths SRC_LENGTHS TGT_LENGTHS OUT [SRC_LANG TGT_LANG] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "polyalign.h"

static size_t *read_lengths(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "r");
    size_t cap = 1024, *v = malloc(cap * sizeof(*v)), x;

    *n = 0;
    if (!fp || !v) {
        perror(path);
        exit(2);
    }
    while (fscanf(fp, "%zu", &x) == 1) {
        if (*n == cap) {
            v = realloc(v, (cap *= 2) * sizeof(*v));
            if (!v)
                exit(3);
        }
        v[(*n)++] = x;
    }
    fclose(fp);
    return v;
}

int main(int argc, char **argv)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_alignment *al = NULL;
    struct polyalign_align_options o = {0};
    struct timespec t0, t1;
    size_t n, m, *a, *b;
    FILE *out;

    if (argc < 4) {
        fprintf(stderr, "usage: align-lengths SRC TGT OUT [SL TL]\n");
        return 1;
    }
    a = read_lengths(argv[1], &n);
    b = read_lengths(argv[2], &m);
    if (argc >= 6) {
        o.src_lang = argv[4];
        o.tgt_lang = argv[5];
    }
    if (polyalign_context_new(&ctx) < 0)
        return 3;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (polyalign_align_lengths(&al, ctx, a, n, b, m, NULL, NULL, &o) < 0) {
        fprintf(stderr, "%s\n", polyalign_context_last_error(ctx));
        return 3;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "# band %zu, widenings %zu, cells %zu (last pass)\n",
            polyalign_alignment_params(al)->band,
            polyalign_alignment_params(al)->widenings,
            polyalign_alignment_params(al)->cells);
    fprintf(stderr, "%.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
                                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    out = fopen(argv[3], "w");
    if (!out)
        return 2;
    for (size_t k = 0; k < polyalign_alignment_bead_count(al); k++) {
        struct polyalign_bead bd;

        polyalign_alignment_bead(al, k, &bd);
        polyalign_bead_write(out, &bd);
    }
    fclose(out);
    polyalign_alignment_free(al);
    polyalign_context_free(ctx);
    free(a);
    free(b);
    return 0;
}
