/* What the lexical evidence's normalization costs for one document, and
 * how much of it is Hunspell's: bench/stem-cost.sh runs it on each side
 * of the 10k scale pair.  Prints the normalizer's load and tokenizing
 * times (polyalign_normalizer_new, polyalign_normalizer_tokenize over
 * every line), the word types it analysed, then, on a Hunspell handle of
 * its own, the time to create it and the mean time of Hunspell_stem on
 * each distinct word form the normalizer met (neither stop word nor
 * number), lower-case and capitalised apart.  Figures only.
 *
 *     stem-cost LANG FILE AFF DIC */
#include <polyalign.h>

#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


struct forms {
    char **v;
    size_t n, cap;
};

static int forms_add(struct forms *f, const char *s, size_t len)
{
    if (f->n == f->cap) {
        size_t c = f->cap ? f->cap * 2 : 4096;
        char **v = realloc(f->v, c * sizeof(*v));
        if (!v)
            return -1;
        f->v = v;
        f->cap = c;
    }
    if (!(f->v[f->n] = strndup(s, len)))
        return -1;
    f->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Capitalised: the first byte an ASCII capital, or a two-byte Latin-1
 * (U+00C0..U+00DE) or Cyrillic (U+0400..U+042F) capital. */
static int capitalised(const unsigned char *w)
{
    return (w[0] >= 'A' && w[0] <= 'Z') ||
           (w[0] == 0xC3 && w[1] >= 0x80 && w[1] <= 0x9E) ||
           (w[0] == 0xD0 && w[1] >= 0x80 && w[1] <= 0xAF);
}

int main(int argc, char **argv)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_normalizer *n = NULL;
    struct forms forms = {NULL, 0, 0};
    Hunhandle *h;
    FILE *fp;
    char *line = NULL, **list;
    size_t cap = 0, ntok = 0, count[2] = {0, 0};
    ssize_t len;
    double t0, t1, t2, spent[2] = {0, 0};

    if (argc != 5) {
        fprintf(stderr, "usage: stem-cost LANG FILE AFF DIC\n");
        return 2;
    }
    if (polyalign_context_new(&ctx) < 0)
        return 1;
    t0 = now();
    if (polyalign_normalizer_new(&n, ctx, argv[1]) < 0) {
        fprintf(stderr, "stem-cost: no normalizer for %s\n", argv[1]);
        return 1;
    }
    t1 = now();
    if (!(fp = fopen(argv[2], "r"))) {
        perror(argv[2]);
        return 1;
    }
    while ((len = getline(&line, &cap, fp)) > 0) {
        const struct polyalign_token *t;
        size_t nt;

        if (polyalign_normalizer_tokenize(n, line, (size_t)len, &t, &nt) < 0)
            continue;
        ntok += nt;
        for (size_t k = 0; k < nt; k++)
            if (!(t[k].flags & (POLYALIGN_TOKEN_STOPWORD |
                                POLYALIGN_TOKEN_NUMBER)) &&
                forms_add(&forms, line + t[k].start,
                          t[k].end - t[k].start) < 0)
                return 1;
    }
    t2 = now();
    fclose(fp);
    printf("%s normalizer: load %.3f s, tokenize %.3f s, %zu tokens, "
           "%zu types, %zu stem calls\n",
           argv[1], t1 - t0, t2 - t1, ntok, polyalign_normalizer_types(n),
           polyalign_normalizer_stem_calls(n));

    qsort(forms.v, forms.n, sizeof(*forms.v), cmp_str);
    t0 = now();
    h = Hunspell_create(argv[3], argv[4]);
    t1 = now();
    for (size_t i = 0; i < forms.n; i++) {
        const char *key = forms.v[i];
        int up, k;
        double a;

        if (i && strcmp(key, forms.v[i - 1]) == 0)
            continue; /* sorted: a repeat follows its first */
        up = capitalised((const unsigned char *)key);
        a = now();
        k = Hunspell_stem(h, &list, key);
        if (k > 0)
            Hunspell_free_list(h, &list, k);
        spent[up] += now() - a;
        count[up]++;
    }
    printf("%s Hunspell: create %.3f s; stem %zu lower-case forms %.1f us "
           "each, %zu capitalised %.1f us each; %.3f s in all\n",
           argv[1], t1 - t0, count[0],
           count[0] ? spent[0] / (double)count[0] * 1e6 : 0.0, count[1],
           count[1] ? spent[1] / (double)count[1] * 1e6 : 0.0,
           spent[0] + spent[1]);
    Hunspell_destroy(h);
    free(line);
    for (size_t i = 0; i < forms.n; i++)
        free(forms.v[i]);
    free(forms.v);
    polyalign_normalizer_free(n);
    polyalign_context_free(ctx);
    return 0;
}
