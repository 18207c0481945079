/* Load time of the generated lexicons: polyalign_lexicon_new() and
 * polyalign_lexicon_load_default() for each SRC-TGT pair given, repeated,
 * printing the fastest and the median wall time with the entry and pair
 * counts.  The fr-ru load is on the aligner's critical path (README,
 * "Lexical speed").  Figures only; timings are noisy on a shared machine.
 *
 *   lexicon-load REPEAT SRC-TGT...
 *
 * POLYALIGN_DATADIR chooses another lexicon folder (DIR/lexicon/). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <polyalign.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static int measure(struct polyalign_context *ctx, const char *pair,
                   int repeat, double *times)
{
    char src[8], tgt[8];
    size_t entries = 0, pairs = 0;
    int error = 0;

    if (strlen(pair) != 5 || pair[2] != '-') {
        fprintf(stderr, "lexicon-load: %s: expected SRC-TGT\n", pair);
        return 1;
    }
    memcpy(src, pair, 2);
    src[2] = '\0';
    memcpy(tgt, pair + 3, 2);
    tgt[2] = '\0';
    for (int i = 0; i < repeat; i++) {
        struct polyalign_lexicon *lex = NULL;
        double t0 = now();

        if ((error = polyalign_lexicon_new(&lex, ctx, src, tgt)) < 0 ||
            (error = polyalign_lexicon_load_default(lex)) < 0) {
            fprintf(stderr, "lexicon-load: %s: %s\n", pair,
                    polyalign_strerror(error));
            polyalign_lexicon_free(lex);
            return 1;
        }
        times[i] = now() - t0;
        entries = polyalign_lexicon_entries(lex);
        pairs = polyalign_lexicon_pairs(lex);
        polyalign_lexicon_free(lex);
    }
    qsort(times, (size_t)repeat, sizeof(*times), by_value);
    printf("%-6s %9zu %9zu %9.3f %9.3f\n", pair, entries, pairs, times[0],
           times[repeat / 2]);
    return 0;
}

int main(int argc, char **argv)
{
    struct polyalign_context *ctx = NULL;
    double *times = NULL;
    int repeat, status = 0;

    if (argc < 3 || (repeat = atoi(argv[1])) < 1) {
        fprintf(stderr, "usage: lexicon-load REPEAT SRC-TGT...\n");
        return 2;
    }
    if (polyalign_context_new(&ctx) < 0 ||
        !(times = calloc((size_t)repeat, sizeof(*times)))) {
        fprintf(stderr, "lexicon-load: out of memory\n");
        polyalign_context_free(ctx);
        return 1;
    }
    printf("%-6s %9s %9s %9s %9s\n", "pair", "entries", "pairs", "min s",
           "median s");
    for (int i = 2; i < argc && !status; i++)
        status = measure(ctx, argv[i], repeat, times);
    free(times);
    polyalign_context_free(ctx);
    return status;
}
