/* sbd-bench: accuracy and speed of the sentence splitter (bench/sbd.sh).
 *
 *   sbd-bench cases CASES.tsv NOTES.tsv [SRX]
 *       exact-match accuracy per language on the cases cases_notes.tsv
 *       does not flag, and on all cases; lists the failures.
 *   sbd-bench speed FILE MB LANG (SRX|default|icu)
 *       streams FILE's lines (one paragraph each) again and again until MB
 *       megabytes went through the splitter (or a bare ICU sentence break
 *       iterator); prints MB/s and the peak resident set size.
 *
 * It prints figures and never passes or fails on them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "polyalign.h"

#define MAX_LANGS 8

struct lang_score {
    char lang[8];
    int ok, total, ok_all, total_all;
};

static char *unescape(char *s)
{
    char *w = s;

    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && (r[1] == 'n' || r[1] == 't' || r[1] == '\\')) {
            *w++ = r[1] == 'n' ? '\n' : r[1] == 't' ? '\t' : '\\';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

/* Trim ASCII and Unicode spaces (U+00A0, U+202F) at both ends. */
static void trim(const char **s, size_t *n)
{
    for (;;) {
        if (*n && (**s == ' ' || **s == '\t')) {
            (*s)++, (*n)--;
        } else if (*n >= 2 && (unsigned char)(*s)[0] == 0xC2 &&
                   (unsigned char)(*s)[1] == 0xA0) {
            *s += 2, *n -= 2;
        } else {
            break;
        }
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static struct polyalign_splitter *splitter_for(
    struct polyalign_context *ctx, const struct polyalign_srx *srx,
    struct polyalign_splitter **cache, char (*langs)[8], const char *lang)
{
    size_t i;

    for (i = 0; i < MAX_LANGS && cache[i]; i++)
        if (strcmp(langs[i], lang) == 0)
            return cache[i];
    if (i == MAX_LANGS)
        return NULL;
    if (polyalign_splitter_new(&cache[i], ctx, srx, lang) < 0) {
        fprintf(stderr, "sbd-bench: %s\n", polyalign_context_last_error(ctx));
        exit(3);
    }
    snprintf(langs[i], sizeof(langs[i]), "%s", lang);
    return cache[i];
}

/* Split @input paragraph by paragraph (a line break ends a paragraph) and
 * join the sentences with " ||| " into @out. */
static int split_joined(struct polyalign_splitter *sp, const char *input,
                        char *out, size_t cap)
{
    const char *p = input;
    size_t w = 0;

    out[0] = '\0';
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const struct polyalign_span *sp_ = NULL;
        size_t k = 0;
        if (polyalign_splitter_split(sp, p, len, &sp_, &k) < 0)
            return -1;
        for (size_t i = 0; i < k; i++) {
            int m = snprintf(out + w, cap - w, "%s%.*s", w ? " ||| " : "",
                             (int)(sp_[i].end - sp_[i].start),
                             p + sp_[i].start);
            if (m < 0 || (size_t)m >= cap - w)
                return -1;
            w += (size_t)m;
        }
        p += len + (nl ? 1 : 0);
    }
    return 0;
}

/* Normalize an expected list: trim each sentence. */
static void normalize_expected(const char *in, char *out, size_t cap)
{
    size_t w = 0;
    const char *p = in;

    out[0] = '\0';
    for (;;) {
        const char *sep = strstr(p, "|||");
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        const char *s = p;
        trim(&s, &n);
        if (n) {
            int m = snprintf(out + w, cap - w, "%s%.*s", w ? " ||| " : "",
                             (int)n, s);
            if (m > 0 && (size_t)m < cap - w)
                w += (size_t)m;
        }
        if (!sep)
            break;
        p = sep + 3;
    }
}

static int run_cases(const char *cases, const char *notes, const char *srxf)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;
    struct polyalign_splitter *cache[MAX_LANGS] = {0};
    char langs[MAX_LANGS][8];
    struct lang_score score[MAX_LANGS];
    size_t nscore = 0;
    static char flagged[100000];
    static char line[65536], got[65536], want[65536];
    FILE *fp;
    int lineno = 0;

    memset(score, 0, sizeof(score));
    if (polyalign_context_new(&ctx) < 0)
        return 3;
    if (srxf && polyalign_srx_load_file(&srx, ctx, srxf) < 0) {
        fprintf(stderr, "sbd-bench: %s\n", polyalign_context_last_error(ctx));
        return 2;
    }
    fp = fopen(notes, "r");
    if (fp) {
        while (fgets(line, sizeof(line), fp)) {
            int n = atoi(line);
            if (n > 0 && n < (int)sizeof(flagged))
                flagged[n] = 1;
        }
        fclose(fp);
    }
    fp = fopen(cases, "r");
    if (!fp) {
        perror(cases);
        return 2;
    }
    printf("failing cases (%s):\n", srxf ? srxf : "default rules");
    while (fgets(line, sizeof(line), fp)) {
        char *f[4], *save = NULL;
        struct polyalign_splitter *sp;
        struct lang_score *sc = NULL;
        int i, ok;
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (lineno == 1)
            continue;
        f[0] = strtok_r(line, "\t", &save);
        for (i = 1; i < 4; i++)
            f[i] = strtok_r(NULL, "\t", &save);
        if (!f[3])
            continue;
        unescape(f[2]);
        unescape(f[3]);
        sp = splitter_for(ctx, srx, cache, langs, f[0]);
        for (size_t k = 0; k < nscore; k++)
            if (strcmp(score[k].lang, f[0]) == 0)
                sc = &score[k];
        if (!sc && nscore < MAX_LANGS) {
            sc = &score[nscore++];
            snprintf(sc->lang, sizeof(sc->lang), "%s", f[0]);
        }
        if (!sp || !sc || split_joined(sp, f[2], got, sizeof(got)) < 0) {
            fprintf(stderr, "sbd-bench: line %d: %s\n", lineno,
                    polyalign_context_last_error(ctx));
            continue;
        }
        normalize_expected(f[3], want, sizeof(want));
        ok = strcmp(got, want) == 0;
        sc->total_all++;
        sc->ok_all += ok;
        if (!flagged[lineno]) {
            sc->total++;
            sc->ok += ok;
        }
        if (!ok)
            printf("  %s line %d%s\n    want: %s\n    got:  %s\n", f[0],
                   lineno, flagged[lineno] ? " (flagged)" : "", want, got);
    }
    fclose(fp);
    printf("accuracy (%s):\n", srxf ? srxf : "default rules");
    for (size_t k = 0; k < nscore; k++)
        printf("  %s  unflagged %d/%d = %.1f%%   all %d/%d = %.1f%%\n",
               score[k].lang, score[k].ok, score[k].total,
               score[k].total ? 100.0 * score[k].ok / score[k].total : 0.0,
               score[k].ok_all, score[k].total_all,
               score[k].total_all ? 100.0 * score[k].ok_all /
                                        score[k].total_all : 0.0);
    for (size_t i = 0; i < MAX_LANGS; i++)
        polyalign_splitter_free(cache[i]);
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
    return 0;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this process: less disturbed than wall time by the other
 * jobs on a shared machine. */
static double cpu(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int run_speed(const char *file, double mb, const char *lang,
                     const char *mode)
{
    struct polyalign_context *ctx = NULL;
    struct polyalign_srx *srx = NULL;
    struct polyalign_splitter *sp = NULL;
    UBreakIterator *bi = NULL;
    UChar *u = NULL;
    int32_t ucap = 0;
    UErrorCode st = U_ZERO_ERROR;
    size_t target = (size_t)(mb * 1e6), done = 0, sentences = 0;
    static char line[1 << 20];
    double t0, t, c0;
    struct rusage ru;
    FILE *fp;
    int icu = strcmp(mode, "icu") == 0;

    if (polyalign_context_new(&ctx) < 0)
        return 3;
    t0 = now();
    if (icu) {
        bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
    } else {
        if (strcmp(mode, "default") != 0 &&
            polyalign_srx_load_file(&srx, ctx, mode) < 0) {
            fprintf(stderr, "sbd-bench: %s\n",
                    polyalign_context_last_error(ctx));
            return 2;
        }
        if (polyalign_splitter_new(&sp, ctx, srx, lang) < 0) {
            fprintf(stderr, "sbd-bench: %s\n",
                    polyalign_context_last_error(ctx));
            return 2;
        }
    }
    t = now() - t0;
    fp = fopen(file, "r");
    if (!fp) {
        perror(file);
        return 2;
    }
    t0 = now();
    c0 = cpu();
    while (done < target) {
        size_t len;
        if (!fgets(line, sizeof(line), fp)) {
            rewind(fp);
            continue;
        }
        len = strcspn(line, "\n");
        done += len + 1;
        if (icu) {
            int32_t n = 0;
            st = U_ZERO_ERROR;
            if ((int32_t)len + 1 > ucap) {
                ucap = (int32_t)len + 1;
                u = realloc(u, (size_t)ucap * sizeof(UChar));
            }
            u_strFromUTF8(u, ucap, &n, line, (int32_t)len, &st);
            ubrk_setText(bi, u, n, &st);
            ubrk_first(bi);
            while (ubrk_next(bi) != UBRK_DONE)
                sentences++;
        } else {
            const struct polyalign_span *spans;
            size_t k;
            if (polyalign_splitter_split(sp, line, len, &spans, &k) < 0) {
                fprintf(stderr, "sbd-bench: %s\n",
                        polyalign_context_last_error(ctx));
                return 2;
            }
            sentences += k;
        }
    }
    t0 = now() - t0;
    c0 = cpu() - c0;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-2s %-28s %5.1f MB %6.2f MB/s (cpu %5.2f s, wall %5.2f s) "
           "%8zu sentences, setup %.2f s, peak RSS %ld MB\n",
           lang, icu ? "bare ICU sentence iterator" : mode, done / 1e6,
           done / 1e6 / c0, c0, t0, sentences, t, ru.ru_maxrss / 1024);
    fclose(fp);
    free(u);
    if (bi)
        ubrk_close(bi);
    polyalign_splitter_free(sp);
    polyalign_srx_free(srx);
    polyalign_context_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "cases") == 0)
        return run_cases(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
    if (argc == 6 && strcmp(argv[1], "speed") == 0)
        return run_speed(argv[2], atof(argv[3]), argv[4], argv[5]);
    fprintf(stderr,
            "usage: sbd-bench cases CASES.tsv NOTES.tsv [SRX]\n"
            "       sbd-bench speed FILE MB LANG (SRX|default|icu)\n");
    return 1;
}
