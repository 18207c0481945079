/* Whole-file TMX tools over the streaming reader and writer: merge,
 * filter, split into language pairs, TSV/JSONL conversion.  Each keeps a
 * bounded amount of memory per TU, whatever the size of the files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <unicode/utf8.h>

#include "context.h"
#include "polyalign/io.h"
#include "tmx.h"

#define MAX_LANGS 64

static void counts_reset(struct polyalign_tmx_counts *c)
{
    if (c)
        memset(c, 0, sizeof(*c));
}

/* ---- merge -------------------------------------------------------------- */

/* 16 bytes per TU: hash of its variants, date, position in input order. */
struct merge_entry {
    uint64_t hash;
    uint32_t date; /* seconds since 2000-01-01 UTC, 0 unknown */
    uint32_t ord;
};

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    long era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static uint32_t date_seconds(const char *date)
{
    uint64_t k = tmx_date_key(date);
    long y, days;
    long long s;

    if (!k)
        return 0;
    y = (long)(k / 10000000000ULL);
    days = days_from_civil(y, (unsigned)(k / 100000000 % 100),
                           (unsigned)(k / 1000000 % 100)) -
           10957; /* 2000-01-01 */
    s = (long long)days * 86400 + (long long)(k / 10000 % 100) * 3600 +
        (long long)(k / 100 % 100) * 60 + (long long)(k % 100);
    if (s < 1)
        return 1;
    if (s > 0xffffffffLL)
        return 0xffffffffu;
    return (uint32_t)s;
}

static uint32_t tu_date(const struct polyalign_tmx_tu *tu)
{
    const char *d = polyalign_tmx_tu_attr(tu, "changedate");
    uint32_t s = d ? date_seconds(d) : 0;

    if (!s && (d = polyalign_tmx_tu_attr(tu, "creationdate")))
        s = date_seconds(d);
    return s;
}

/* Order: hash, then newest first, then input order. */
static int entry_less(const struct merge_entry *x, const struct merge_entry *y)
{
    if (x->hash != y->hash)
        return x->hash < y->hash;
    if (x->date != y->date)
        return x->date > y->date;
    return x->ord < y->ord;
}

static void entry_swap(struct merge_entry *a, struct merge_entry *b)
{
    struct merge_entry t = *a;

    *a = *b;
    *b = t;
}

/* In-place quicksort (Hoare partition, median of three, insertion sort
 * below 16 elements, recursion on the smaller side only): qsort() would
 * allocate a second array as large as the first (glibc sorts by merging),
 * doubling the peak memory of a large merge. */
static void sort_entries(struct merge_entry *e, size_t n)
{
    while (n > 16) {
        size_t mid = n / 2, i = 0, j = n - 1;
        struct merge_entry pivot;

        if (entry_less(&e[mid], &e[0]))
            entry_swap(&e[mid], &e[0]);
        if (entry_less(&e[n - 1], &e[0]))
            entry_swap(&e[n - 1], &e[0]);
        if (entry_less(&e[n - 1], &e[mid]))
            entry_swap(&e[n - 1], &e[mid]);
        pivot = e[mid];
        for (;;) {
            while (entry_less(&e[i], &pivot))
                i++;
            while (entry_less(&pivot, &e[j]))
                j--;
            if (i >= j)
                break;
            entry_swap(&e[i], &e[j]);
            i++;
            j--;
        }
        /* [0, j] and [j + 1, n) */
        if (j + 1 < n - j - 1) {
            sort_entries(e, j + 1);
            e += j + 1;
            n -= j + 1;
        } else {
            sort_entries(e + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        struct merge_entry x = e[i];
        size_t k = i;
        while (k > 0 && entry_less(&x, &e[k - 1])) {
            e[k] = e[k - 1];
            k--;
        }
        e[k] = x;
    }
}

/* A key for the merge's hash: from the kernel's random source, else the
 * clock and the process id. */
static uint64_t merge_key(void)
{
    uint64_t key = 0;
    FILE *fp = fopen("/dev/urandom", "rb");
    struct timespec ts;

    if (fp) {
        if (fread(&key, sizeof(key), 1, fp) != 1)
            key = 0;
        fclose(fp);
    }
    if (!key) {
        clock_gettime(CLOCK_REALTIME, &ts);
        key = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
              ((uint64_t)getpid() << 16);
    }
    return key;
}

int polyalign_tmx_merge(struct polyalign_context *ctx,
                        const char *const *inputs, size_t n, const char *output,
                        enum polyalign_tmx_keep keep,
                        const struct polyalign_tmx_writer_options *opts,
                        struct polyalign_tmx_counts *counts)
{
    struct polyalign_tmx_writer_options wopts;
    struct polyalign_tmx_counts local;
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    struct merge_entry *e = NULL;
    unsigned char *keep_bits = NULL;
    size_t n_e = 0, cap_e = 0;
    char *srclang = NULL;
    int mixed = 0, error = 0, rc;
    uint32_t ord;
    uint64_t key;

    if (!counts)
        counts = &local;
    counts_reset(counts);
    if (n == 0)
        return ctx_error(ctx, POLYALIGN_EINVAL, "merge: no input");
    for (size_t f = 0; f < n; f++)
        if (!inputs[f] || strcmp(inputs[f], "-") == 0)
            return ctx_error(ctx, POLYALIGN_EINVAL,
                             "merge reads its inputs twice: standard input "
                             "cannot be one");
    if ((error = polyalign_tmx_tu_new(&tu)) < 0)
        goto cleanup;
    /* Pass 1: a hash, a date and a position per TU.  Equal hashes are
     * taken for duplicates; the hash is keyed afresh on every merge so
     * that a memory cannot be crafted to make two different TUs collide
     * (chance collisions: about n^2 / 2^65, 3e-8 for a million TUs). */
    key = merge_key();
    ord = 0;
    for (size_t f = 0; f < n; f++) {
        const char *s;

        if ((error = polyalign_tmx_reader_open(&r, ctx, inputs[f], 0)) < 0)
            goto cleanup;
        s = polyalign_tmx_reader_header(r, "srclang");
        if (s && !srclang && !mixed) {
            if (!(srclang = strdup(s))) {
                error = POLYALIGN_ENOMEM;
                goto cleanup;
            }
        } else if (!s || (srclang && strcasecmp(s, srclang) != 0)) {
            mixed = 1;
        }
        while ((rc = polyalign_tmx_reader_next(r, tu)) > 0) {
            if (n_e == cap_e) {
                size_t c = cap_e ? cap_e * 2 : 4096;
                struct merge_entry *p = realloc(e, c * sizeof(*e));
                if (!p) {
                    error = POLYALIGN_ENOMEM;
                    goto cleanup;
                }
                e = p;
                cap_e = c;
            }
            if (ord == UINT32_MAX) {
                error = ctx_error(ctx, POLYALIGN_ELIMIT,
                                  "merge: more than 4294967295 TUs");
                goto cleanup;
            }
            e[n_e].hash = tmx_tu_hash(tu, key);
            e[n_e].date = keep == POLYALIGN_TMX_KEEP_NEWEST ? tu_date(tu) : 0;
            e[n_e].ord = ord++;
            n_e++;
        }
        if ((error = rc) < 0)
            goto cleanup;
        polyalign_tmx_reader_free(r);
        r = NULL;
    }
    counts->read = n_e;
    /* Sorted by hash, newest then first: the head of each run wins. */
    sort_entries(e, n_e);
    if (!(keep_bits = calloc(n_e / 8 + 1, 1))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n_e; i++) {
        if (i > 0 && e[i].hash == e[i - 1].hash) {
            counts->duplicates++;
            continue;
        }
        keep_bits[e[i].ord / 8] |= (unsigned char)(1u << (e[i].ord % 8));
    }
    free(e);
    e = NULL;

    /* Pass 2: copy the winners. */
    if (opts)
        wopts = *opts;
    else
        polyalign_tmx_writer_options_init(&wopts);
    if (!wopts.srclang)
        wopts.srclang = mixed || !srclang ? "*all*" : srclang;
    wopts.keep_single = 1; /* a merge loses nothing it read */
    if ((error = polyalign_tmx_writer_open(&w, ctx, output, &wopts)) < 0)
        goto cleanup;
    ord = 0;
    for (size_t f = 0; f < n; f++) {
        if ((error = polyalign_tmx_reader_open(&r, ctx, inputs[f], 0)) < 0)
            goto cleanup;
        while ((rc = polyalign_tmx_reader_next(r, tu)) > 0) {
            uint32_t o = ord++;
            if (o >= counts->read) {
                error = ctx_error(ctx, POLYALIGN_EIO,
                                  "%s: changed while merging", inputs[f]);
                goto cleanup;
            }
            if (!(keep_bits[o / 8] & (1u << (o % 8))))
                continue;
            if ((rc = polyalign_tmx_writer_add_tu(w, tu)) < 0) {
                error = rc;
                goto cleanup;
            }
        }
        if ((error = rc) < 0)
            goto cleanup;
        polyalign_tmx_reader_free(r);
        r = NULL;
    }
    polyalign_tmx_writer_counts(w, &counts->written, &counts->filtered);
    error = polyalign_tmx_writer_commit(w);
    w = NULL;
cleanup:
    polyalign_tmx_writer_abort(w);
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    free(e);
    free(keep_bits);
    free(srclang);
    return error;
}

/* ---- filter ------------------------------------------------------------- */

static int lang_listed(const char *const *langs, const char *lang)
{
    for (size_t i = 0; langs[i]; i++)
        if (strcasecmp(langs[i], lang) == 0)
            return 1;
    return 0;
}

/* Drop the variants whose language is not in @langs. */
static void keep_langs(struct polyalign_tmx_tu *tu, const char *const *langs)
{
    size_t k = 0;

    for (size_t i = 0; i < tu->n_tuvs; i++) {
        if (lang_listed(langs, tu->tuvs[i].lang)) {
            tu->tuvs[k++] = tu->tuvs[i];
        } else {
            free(tu->tuvs[i].lang);
            free(tu->tuvs[i].text);
            free(tu->tuvs[i].markup);
        }
    }
    tu->n_tuvs = k;
}

static int passes(const struct polyalign_tmx_tu *tu,
                  const struct polyalign_tmx_filter *f)
{
    size_t lo = (size_t)-1, hi = 0, n = 0;

    if (f->use_min_confidence) {
        const char *c = polyalign_tmx_tu_prop(tu, "x-confidence");
        char *end;
        double v;

        if (!c)
            return 0;
        v = strtod(c, &end);
        if (end == c || v < f->min_confidence)
            return 0;
    }
    if (f->max_ratio > 0) {
        for (size_t i = 0; i < tu->n_tuvs; i++) {
            size_t len;
            if (tmx_blank(tu->tuvs[i].text))
                continue;
            len = tmx_utf8_length(tu->tuvs[i].text);
            lo = len < lo ? len : lo;
            hi = len > hi ? len : hi;
            n++;
        }
        if (n >= 2 && (double)hi > f->max_ratio * (double)lo)
            return 0;
    }
    return 1;
}

int polyalign_tmx_filter(struct polyalign_context *ctx, const char *input,
                         const char *output,
                         const struct polyalign_tmx_filter *f,
                         const struct polyalign_tmx_writer_options *opts,
                         struct polyalign_tmx_counts *counts)
{
    struct polyalign_tmx_writer_options wopts;
    struct polyalign_tmx_counts local;
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    uint64_t skipped = 0;
    int error = 0, rc;

    if (!counts)
        counts = &local;
    counts_reset(counts);
    if ((error = polyalign_tmx_tu_new(&tu)) < 0 ||
        (error = polyalign_tmx_reader_open(&r, ctx, input, 0)) < 0)
        goto cleanup;
    if (opts)
        wopts = *opts;
    else
        polyalign_tmx_writer_options_init(&wopts);
    if (!wopts.srclang)
        wopts.srclang = polyalign_tmx_reader_header(r, "srclang");
    if (wopts.srclang && f->langs && strcmp(wopts.srclang, "*all*") != 0 &&
        !lang_listed(f->langs, wopts.srclang))
        wopts.srclang = "*all*";
    /* Without --lang nothing removes variants: keep what was read. */
    wopts.keep_single = !f->langs;
    if ((error = polyalign_tmx_writer_open(&w, ctx, output, &wopts)) < 0)
        goto cleanup;
    while ((rc = polyalign_tmx_reader_next(r, tu)) > 0) {
        counts->read++;
        if (f->langs)
            keep_langs(tu, f->langs);
        if (!passes(tu, f)) {
            counts->filtered++;
            continue;
        }
        if ((rc = polyalign_tmx_writer_add_tu(w, tu)) < 0) {
            error = rc;
            goto cleanup;
        }
    }
    if ((error = rc) < 0)
        goto cleanup;
    polyalign_tmx_writer_counts(w, &counts->written, &skipped);
    counts->filtered += skipped;
    error = polyalign_tmx_writer_commit(w);
    w = NULL;
cleanup:
    polyalign_tmx_writer_abort(w);
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    return error;
}

/* ---- split-pairs -------------------------------------------------------- */

struct pair_out {
    char *src, *tgt;
    struct polyalign_tmx_writer *w;
};

struct lang_list {
    char *lang[MAX_LANGS];
    size_t n;
};

/* Rank of @lang in order of first appearance, adding it; -1 when full. */
static long lang_rank(struct lang_list *l, const char *lang)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->lang[i], lang) == 0)
            return (long)i;
    if (l->n == MAX_LANGS || !(l->lang[l->n] = strdup(lang)))
        return -1;
    return (long)l->n++;
}

static void lang_list_free(struct lang_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->lang[i]);
    l->n = 0;
}

static int pair_writer(struct polyalign_context *ctx, struct pair_out *pairs,
                       size_t *n_pairs, const char *dir, const char *prefix,
                       const struct polyalign_tmx_writer_options *base,
                       const char *src, const char *tgt,
                       struct polyalign_tmx_writer **out)
{
    struct polyalign_tmx_writer_options o = *base;
    char *path;
    size_t len;
    int error;

    for (size_t i = 0; i < *n_pairs; i++) {
        if (strcasecmp(pairs[i].src, src) == 0 &&
            strcasecmp(pairs[i].tgt, tgt) == 0) {
            *out = pairs[i].w;
            return 0;
        }
    }
    if (*n_pairs == MAX_LANGS * 2)
        return ctx_error(ctx, POLYALIGN_ELIMIT,
                         "split-pairs: more than %d language pairs",
                         MAX_LANGS * 2);
    len = strlen(dir) + strlen(prefix) + strlen(src) + strlen(tgt) + 16;
    if (!(path = malloc(len)))
        return POLYALIGN_ENOMEM;
    snprintf(path, len, "%s/%s.%s-%s.tmx", dir, prefix, src, tgt);
    o.srclang = src;
    error = polyalign_tmx_writer_open(out, ctx, path, &o);
    free(path);
    if (error < 0)
        return error;
    pairs[*n_pairs].src = strdup(src);
    pairs[*n_pairs].tgt = strdup(tgt);
    pairs[*n_pairs].w = *out;
    (*n_pairs)++;
    if (!pairs[*n_pairs - 1].src || !pairs[*n_pairs - 1].tgt)
        return POLYALIGN_ENOMEM;
    return 0;
}

/* A TU of two variants sharing everything else with @tu (no copy). */
static void pair_view(struct polyalign_tmx_tu *view, struct tmx_tuv two[2],
                      const struct polyalign_tmx_tu *tu, size_t a, size_t b)
{
    *view = *tu;
    two[0] = tu->tuvs[a];
    two[1] = tu->tuvs[b];
    view->tuvs = two;
    view->n_tuvs = view->cap_tuvs = 2;
}

int polyalign_tmx_split_pairs(struct polyalign_context *ctx, const char *input,
                              const char *dir, const char *prefix,
                              const struct polyalign_tmx_writer_options *opts,
                              struct polyalign_tmx_counts *counts)
{
    struct polyalign_tmx_writer_options wopts;
    struct polyalign_tmx_counts local;
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    struct pair_out pairs[MAX_LANGS * 2];
    struct lang_list langs = {{0}, 0};
    size_t n_pairs = 0;
    const char *src = NULL;
    int error = 0, rc;

    if (!counts)
        counts = &local;
    counts_reset(counts);
    memset(pairs, 0, sizeof(pairs));
    if ((error = polyalign_tmx_tu_new(&tu)) < 0 ||
        (error = polyalign_tmx_reader_open(&r, ctx, input, 0)) < 0)
        goto cleanup;
    if (opts)
        wopts = *opts;
    else
        polyalign_tmx_writer_options_init(&wopts);
    src = wopts.srclang ? wopts.srclang
                        : polyalign_tmx_reader_header(r, "srclang");
    if (src && strcmp(src, "*all*") == 0)
        src = NULL;
    while ((rc = polyalign_tmx_reader_next(r, tu)) > 0) {
        counts->read++;
        for (size_t a = 0; a < tu->n_tuvs; a++) {
            for (size_t b = 0; b < tu->n_tuvs; b++) {
                struct polyalign_tmx_tu view;
                struct tmx_tuv two[2];
                struct polyalign_tmx_writer *w;
                long ra, rb;
                const char *la = tu->tuvs[a].lang, *lb = tu->tuvs[b].lang;

                if (a == b || strcasecmp(la, lb) == 0)
                    continue;
                if (src) {
                    if (strcasecmp(la, src) != 0)
                        continue;
                } else {
                    ra = lang_rank(&langs, la);
                    rb = lang_rank(&langs, lb);
                    if (ra < 0 || rb < 0) {
                        error = ctx_error(ctx, POLYALIGN_ELIMIT,
                                          "split-pairs: more than %d "
                                          "languages",
                                          MAX_LANGS);
                        goto cleanup;
                    }
                    if (ra > rb)
                        continue;
                }
                if ((error = pair_writer(ctx, pairs, &n_pairs, dir, prefix,
                                         &wopts, la, lb, &w)) < 0)
                    goto cleanup;
                pair_view(&view, two, tu, a, b);
                if ((rc = polyalign_tmx_writer_add_tu(w, &view)) < 0) {
                    error = rc;
                    goto cleanup;
                }
            }
        }
    }
    if ((error = rc) < 0)
        goto cleanup;
    for (size_t i = 0; i < n_pairs; i++) {
        uint64_t written = 0;
        polyalign_tmx_writer_counts(pairs[i].w, &written, NULL);
        counts->written += written;
        rc = polyalign_tmx_writer_commit(pairs[i].w);
        pairs[i].w = NULL;
        if (rc < 0 && !error)
            error = rc;
        else if (rc == 0)
            counts->files++;
    }
cleanup:
    for (size_t i = 0; i < n_pairs; i++) {
        polyalign_tmx_writer_abort(pairs[i].w);
        free(pairs[i].src);
        free(pairs[i].tgt);
    }
    lang_list_free(&langs);
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    return error;
}

/* ---- convert ------------------------------------------------------------ */

static void tsv_escape(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\t':
            fputs("\\t", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}

/* RFC 8259, 7: quotation mark, reverse solidus and controls escaped. */
static void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", fp);
        else if (c == '\t')
            fputs("\\t", fp);
        else if (c == '\r')
            fputs("\\r", fp);
        else if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

static void write_jsonl(FILE *fp, const struct polyalign_tmx_tu *tu)
{
    const char *tuid = polyalign_tmx_tu_attr(tu, "tuid");

    fputc('{', fp);
    if (tuid) {
        fputs("\"tuid\":", fp);
        json_string(fp, tuid);
        fputc(',', fp);
    }
    fputs("\"props\":[", fp);
    for (size_t i = 0; i < tu->n_props; i++) {
        fputs(i ? ",{\"type\":" : "{\"type\":", fp);
        json_string(fp, tu->props[i].key);
        fputs(",\"value\":", fp);
        json_string(fp, tu->props[i].value);
        fputc('}', fp);
    }
    fputs("],\"notes\":[", fp);
    for (size_t i = 0; i < tu->n_notes; i++) {
        if (i)
            fputc(',', fp);
        json_string(fp, tu->notes[i]);
    }
    fputs("],\"tuv\":[", fp);
    for (size_t i = 0; i < tu->n_tuvs; i++) {
        fputs(i ? ",{\"lang\":" : "{\"lang\":", fp);
        json_string(fp, tu->tuvs[i].lang);
        fputs(",\"seg\":", fp);
        json_string(fp, tu->tuvs[i].text);
        fputc('}', fp);
    }
    fputs("]}\n", fp);
}

int polyalign_tmx_convert_to(struct polyalign_context *ctx, const char *input,
                             const char *output,
                             enum polyalign_tmx_format format,
                             const char *const *langs,
                             struct polyalign_tmx_counts *counts)
{
    struct polyalign_tmx_counts local;
    struct polyalign_tmx_reader *r = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    struct polyalign_output *out = NULL;
    struct lang_list found = {{0}, 0};
    const char *cols[MAX_LANGS + 1];
    size_t n_cols = 0;
    FILE *fp;
    int error = 0, rc;

    if (!counts)
        counts = &local;
    counts_reset(counts);
    if ((error = polyalign_tmx_tu_new(&tu)) < 0)
        goto cleanup;
    if (format == POLYALIGN_TMX_FORMAT_TSV) {
        if (langs) {
            while (n_cols < MAX_LANGS && langs[n_cols]) {
                cols[n_cols] = langs[n_cols];
                n_cols++;
            }
        } else {
            /* First pass: the languages, in order of appearance. */
            if (!input || strcmp(input, "-") == 0) {
                error = ctx_error(ctx, POLYALIGN_EINVAL,
                                  "TSV from standard input needs the "
                                  "languages (--langs)");
                goto cleanup;
            }
            if ((error = polyalign_tmx_reader_open(
                     &r, ctx, input, POLYALIGN_TMX_READ_FLATTEN)) < 0)
                goto cleanup;
            while ((rc = polyalign_tmx_reader_next(r, tu)) > 0)
                for (size_t i = 0; i < tu->n_tuvs; i++)
                    if (lang_rank(&found, tu->tuvs[i].lang) < 0) {
                        error = ctx_error(ctx, POLYALIGN_ELIMIT,
                                          "%s: more than %d languages", input,
                                          MAX_LANGS);
                        goto cleanup;
                    }
            if ((error = rc) < 0)
                goto cleanup;
            polyalign_tmx_reader_free(r);
            r = NULL;
            for (size_t i = 0; i < found.n; i++)
                cols[n_cols++] = found.lang[i];
        }
    }
    if ((error = polyalign_tmx_reader_open(&r, ctx, input,
                                           POLYALIGN_TMX_READ_FLATTEN)) < 0 ||
        (error = polyalign_output_open(&out, ctx, output)) < 0)
        goto cleanup;
    fp = polyalign_output_stream(out);
    if (format == POLYALIGN_TMX_FORMAT_TSV) {
        for (size_t c = 0; c < n_cols; c++) {
            if (c)
                fputc('\t', fp);
            tsv_escape(fp, cols[c]);
        }
        fputc('\n', fp);
    }
    while ((rc = polyalign_tmx_reader_next(r, tu)) > 0) {
        counts->read++;
        if (format == POLYALIGN_TMX_FORMAT_JSONL) {
            write_jsonl(fp, tu);
            counts->written++;
            continue;
        }
        long idx[MAX_LANGS];
        size_t present = 0;
        for (size_t c = 0; c < n_cols; c++) {
            idx[c] = polyalign_tmx_tu_find_variant(tu, cols[c]);
            present += idx[c] >= 0 && !tmx_blank(tu->tuvs[idx[c]].text);
        }
        if (!present) {
            counts->filtered++;
            continue;
        }
        for (size_t c = 0; c < n_cols; c++) {
            if (c)
                fputc('\t', fp);
            if (idx[c] >= 0)
                tsv_escape(fp, tu->tuvs[idx[c]].text);
        }
        fputc('\n', fp);
        counts->written++;
    }
    if ((error = rc) < 0)
        goto cleanup;
    error = polyalign_output_commit(out);
    out = NULL;
cleanup:
    polyalign_output_abort(out);
    polyalign_tmx_reader_free(r);
    polyalign_tmx_tu_free(tu);
    lang_list_free(&found);
    return error;
}

/* Split a TSV line in place at tabs, undoing the escapes. */
static size_t tsv_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *w = line;

    fields[n++] = w;
    for (char *p = line; *p; p++) {
        if (*p == '\t') {
            *w++ = '\0';
            if (n == max)
                return max + 1;
            fields[n++] = w;
        } else if (*p == '\\' && p[1]) {
            p++;
            *w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return n;
}

static int utf8_valid(const char *s, size_t n)
{
    int32_t i = 0, len = (int32_t)n;
    UChar32 c;

    while (i < len) {
        U8_NEXT(s, i, len, c);
        if (c < 0)
            return 0;
    }
    return 1;
}

int polyalign_tmx_convert_from_tsv(
    struct polyalign_context *ctx, const char *input, const char *output,
    const struct polyalign_tmx_writer_options *opts,
    struct polyalign_tmx_counts *counts)
{
    struct polyalign_tmx_writer_options wopts;
    struct polyalign_tmx_counts local;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    char *line = NULL, *langs_line = NULL;
    char *cols[MAX_LANGS + 1], *fields[MAX_LANGS + 1];
    size_t cap = 0, n_cols = 0;
    ssize_t len;
    long lineno = 0;
    FILE *fp = NULL;
    int error = 0, rc;

    if (!counts)
        counts = &local;
    counts_reset(counts);
    if (!input || strcmp(input, "-") == 0) {
        fp = stdin;
        input = "<stdin>";
    } else if (!(fp = fopen(input, "rb"))) {
        return ctx_error(ctx, POLYALIGN_EIO, "%s: cannot open: %s", input,
                         strerror(errno));
    }
    if ((error = polyalign_tmx_tu_new(&tu)) < 0)
        goto cleanup;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            memmove(line, line + 3, (size_t)(len -= 3) + 1);
        if (!utf8_valid(line, (size_t)len)) {
            error = ctx_error(ctx, POLYALIGN_EENCODING, "%s:%ld: invalid UTF-8",
                              input, lineno);
            goto cleanup;
        }
        if (!langs_line) {
            if (!(langs_line = strdup(line))) {
                error = POLYALIGN_ENOMEM;
                goto cleanup;
            }
            n_cols = tsv_split(langs_line, cols, MAX_LANGS);
            if (n_cols > MAX_LANGS || n_cols < 2) {
                error = ctx_error(ctx, POLYALIGN_EFORMAT,
                                  "%s:1: the first line must name 2 to %d "
                                  "languages, separated by tabs",
                                  input, MAX_LANGS);
                goto cleanup;
            }
            for (size_t c = 0; c < n_cols; c++)
                if (!tmx_lang_valid(cols[c])) {
                    error = ctx_error(ctx, POLYALIGN_EFORMAT,
                                      "%s:1: column %zu: '%s' is not a "
                                      "language code",
                                      input, c + 1, cols[c]);
                    goto cleanup;
                }
            if (opts)
                wopts = *opts;
            else
                polyalign_tmx_writer_options_init(&wopts);
            if (!wopts.srclang)
                wopts.srclang = cols[0];
            if ((error = polyalign_tmx_writer_open(&w, ctx, output, &wopts)) <
                0)
                goto cleanup;
            continue;
        }
        if (len == 0)
            continue;
        if (tsv_split(line, fields, MAX_LANGS) != n_cols) {
            error = ctx_error(ctx, POLYALIGN_EFORMAT,
                              "%s:%ld: expected %zu tab-separated fields",
                              input, lineno, n_cols);
            goto cleanup;
        }
        counts->read++;
        polyalign_tmx_tu_clear(tu);
        for (size_t c = 0; c < n_cols; c++)
            if ((error = polyalign_tmx_tu_add_variant(tu, cols[c], fields[c])) <
                0)
                goto cleanup;
        if ((rc = polyalign_tmx_writer_add_tu(w, tu)) < 0) {
            error = rc;
            goto cleanup;
        }
    }
    if (ferror(fp)) {
        error = ctx_error(ctx, POLYALIGN_EIO, "%s: read error", input);
        goto cleanup;
    }
    if (!w) {
        error =
            ctx_error(ctx, POLYALIGN_EFORMAT,
                      "%s: empty (the first line names the languages)", input);
        goto cleanup;
    }
    polyalign_tmx_writer_counts(w, &counts->written, &counts->filtered);
    error = polyalign_tmx_writer_commit(w);
    w = NULL;
cleanup:
    polyalign_tmx_writer_abort(w);
    polyalign_tmx_tu_free(tu);
    free(line);
    free(langs_line);
    if (fp && fp != stdin)
        fclose(fp);
    return error;
}
