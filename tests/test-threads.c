/* Threads: normalizers of three languages run at once give the keys they
 * give one after the other; lexical evidence built with two threads, or
 * in the background (polyalign_evidence_start()), equals the serial one,
 * also for a same-language pair; a background build's error reaches
 * polyalign_evidence_wait(); dictionaries released after a build load
 * again; a preloaded dictionary that is missing is still reported once
 * (tests/data/multi: fr, ru, ar); the final pass over long documents,
 * in two halves, gives the same beads with one thread or two. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polyalign.h"

struct lines {
    char **v;
    size_t n;
};

static struct lines read_lines(const char *name)
{
    char path[1024], *line = NULL;
    const char *src = getenv("POLYALIGN_SRCDIR");
    struct lines l = {NULL, 0};
    size_t cap = 0;
    ssize_t got;
    FILE *fp;

    snprintf(path, sizeof(path), "%s/tests/data/multi/%s", src ? src : ".",
             name);
    fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    while ((got = getline(&line, &cap, fp)) > 0) {
        if (line[got - 1] == '\n')
            line[got - 1] = '\0';
        l.v = realloc(l.v, (l.n + 1) * sizeof(*l.v));
        l.v[l.n++] = strdup(line);
    }
    free(line);
    fclose(fp);
    ck_assert_uint_gt(l.n, 0);
    return l;
}

static void free_lines(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static struct polyalign_context *new_context(int threads)
{
    struct polyalign_context *ctx = NULL;

    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    polyalign_context_set_log(ctx, NULL, NULL);
    polyalign_context_set_threads(ctx, threads);
    return ctx;
}

/* ------------------------------------------------------------------ */
/* Normalization keys */

struct buf {
    char *s;
    size_t len, cap;
};

static void put(struct buf *b, const char *s)
{
    size_t l = strlen(s);

    if (b->len + l + 1 > b->cap) {
        b->cap = (b->len + l + 1) * 2;
        b->s = realloc(b->s, b->cap);
        ck_assert_ptr_nonnull(b->s);
    }
    memcpy(b->s + b->len, s, l + 1);
    b->len += l;
}

static void put_list(struct buf *b, const char *tag, const char *const *v,
                     size_t n)
{
    put(b, tag);
    for (size_t i = 0; i < n; i++) {
        put(b, v[i]);
        put(b, ",");
    }
}

/* Every key of every token of @lines, as text. */
static char *dump_keys(struct polyalign_context *ctx, const char *lang,
                       const struct lines *lines)
{
    struct polyalign_normalizer *n = NULL;
    struct buf b = {NULL, 0, 0};
    char num[64];

    ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, lang), 0);
    put(&b, "");
    for (size_t i = 0; i < lines->n; i++) {
        const struct polyalign_token *t;
        size_t nt;

        ck_assert_int_eq(polyalign_normalizer_tokenize(
                             n, lines->v[i], strlen(lines->v[i]), &t, &nt),
                         0);
        for (size_t k = 0; k < nt; k++) {
            snprintf(num, sizeof(num), "\n%zu-%zu %x ", t[k].start,
                     t[k].end, t[k].flags);
            put(&b, num);
            put(&b, t[k].folded);
            put_list(&b, " L:", t[k].lemmas, t[k].n_lemmas);
            put_list(&b, " V:", t[k].variants, t[k].n_variants);
            put_list(&b, " S:", t[k].skeletons, t[k].n_skeletons);
            put(&b, " E:");
            put(&b, t[k].entity ? t[k].entity : "-");
            put(&b, " #:");
            put(&b, t[k].number ? t[k].number : "-");
        }
    }
    polyalign_normalizer_free(n);
    return b.s;
}

static const char *const langs[] = {"fr", "ru", "ar"};

struct norm_job {
    struct polyalign_context *ctx;
    const char *lang;
    const struct lines *lines;
    char *keys;
};

static void *norm_job_run(void *arg)
{
    struct norm_job *j = arg;

    j->keys = dump_keys(j->ctx, j->lang, j->lines);
    return NULL;
}

START_TEST(test_norm_concurrent)
{
    struct polyalign_context *serial = new_context(1),
                             *threaded = new_context(2);
    struct lines docs[3];
    struct norm_job jobs[3];
    pthread_t th[3];
    char name[64];

    for (size_t i = 0; i < 3; i++) {
        snprintf(name, sizeof(name), "welsh.%s.txt", langs[i]);
        docs[i] = read_lines(name);
        /* The dictionaries load in the background, as align does. */
        ck_assert_int_eq(polyalign_normalizer_preload(threaded, langs[i]),
                         0);
    }
    for (size_t i = 0; i < 3; i++) {
        jobs[i] = (struct norm_job){threaded, langs[i], &docs[i], NULL};
        ck_assert_int_eq(pthread_create(&th[i], NULL, norm_job_run,
                                        &jobs[i]),
                         0);
    }
    for (size_t i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < 3; i++) {
        char *keys = dump_keys(serial, langs[i], &docs[i]);
        ck_assert_msg(strlen(keys) > 200, "%s: too few keys", langs[i]);
        ck_assert_str_eq(jobs[i].keys, keys);
        free(keys);
        free(jobs[i].keys);
        free_lines(&docs[i]);
    }
    polyalign_context_free(serial);
    polyalign_context_free(threaded);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Lexical evidence */

enum build { SERIAL, THREADED, BACKGROUND };

static struct polyalign_evidence *build(struct polyalign_context *ctx,
                                        enum build how, const char *sl,
                                        const struct lines *a, const char *tl,
                                        const struct lines *b)
{
    struct polyalign_evidence *ev = NULL;
    int (*make)(struct polyalign_evidence **, struct polyalign_context *,
                const char *, const char *const *, const size_t *, size_t,
                const char *, const char *const *, const size_t *, size_t,
                const struct polyalign_evidence_options *) =
        how == BACKGROUND ? polyalign_evidence_start : polyalign_evidence_new;

    ck_assert_int_eq(make(&ev, ctx, sl, (const char *const *)a->v, NULL, a->n,
                          tl, (const char *const *)b->v, NULL, b->n, NULL),
                     0);
    return ev;
}

/* Every similarity, 1-1 to 2-2, the scores and the anchors agree. */
static void assert_same(struct polyalign_evidence *x,
                        struct polyalign_evidence *y, size_t n, size_t m)
{
    size_t *ax = NULL, *ay = NULL, nx = 0, ny = 0, positive = 0;

    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            for (size_t c = 1; c <= 2; c++) {
                double sx = polyalign_evidence_similarity(x, i, c, j, c);
                double sy = polyalign_evidence_similarity(y, i, c, j, c);
                ck_assert_msg(sx == sy, "(%zu, %zu) x %zu: %g against %g",
                              i, j, c, sx, sy);
                ck_assert(polyalign_evidence_score(x, i, c, j, 1) ==
                          polyalign_evidence_score(y, i, c, j, 1));
                positive += sx > 0.0;
            }
    /* Something to compare (the test data folder has no generated
     * lexicons: names, numbers and loans match). */
    ck_assert_uint_ge(positive, n / 2);
    ck_assert_int_eq(polyalign_evidence_anchors(x, &ax, &nx), 0);
    ck_assert_int_eq(polyalign_evidence_anchors(y, &ay, &ny), 0);
    ck_assert_uint_eq(nx, ny);
    if (nx)
        ck_assert_int_eq(memcmp(ax, ay, 2 * nx * sizeof(*ax)), 0);
    free(ax);
    free(ay);
}

static void check_pair(const char *sl, const char *sdoc, const char *tl,
                       const char *tdoc)
{
    struct polyalign_context *serial = new_context(1),
                             *threaded = new_context(2);
    struct lines a = read_lines(sdoc), b = read_lines(tdoc);
    struct polyalign_evidence *s = build(serial, SERIAL, sl, &a, tl, &b);
    struct polyalign_evidence *t = build(threaded, THREADED, sl, &a, tl, &b);
    struct polyalign_evidence *g =
        build(threaded, BACKGROUND, sl, &a, tl, &b);

    ck_assert_int_eq(polyalign_evidence_wait(g), 0);
    assert_same(s, t, a.n, b.n);
    assert_same(s, g, a.n, b.n);
    polyalign_evidence_free(s);
    polyalign_evidence_free(t);
    polyalign_evidence_free(g);
    free_lines(&a);
    free_lines(&b);
    polyalign_context_free(serial);
    polyalign_context_free(threaded);
}

START_TEST(test_evidence_fr_ru)
{
    check_pair("fr", "welsh.fr.txt", "ru", "welsh.ru.txt");
}
END_TEST

START_TEST(test_evidence_fr_ar)
{
    check_pair("fr", "welsh.fr.txt", "ar", "welsh.ar.txt");
}
END_TEST

START_TEST(test_evidence_ru_ar)
{
    check_pair("ru", "welsh.ru.txt", "ar", "welsh.ar.txt");
}
END_TEST

/* One Hunspell handle for both sides: they run in turn, same keys. */
START_TEST(test_evidence_same_language)
{
    check_pair("fr", "welsh.fr.txt", "fr-FR", "welsh.fr.txt");
}
END_TEST

/* A background build that fails: the error comes with the wait, the
 * scorer meanwhile finds nothing; serially, the start itself fails. */
START_TEST(test_background_error)
{
    struct polyalign_context *ctx = new_context(2);
    const char *bad[] = {"Bonjour.", "\xff\xfe pas de l'UTF-8"};
    const char *good[] = {"Привет.", "Это не UTF-8."};
    struct polyalign_evidence *ev = NULL;

    ck_assert_int_eq(polyalign_evidence_start(&ev, ctx, "fr", bad, NULL, 2,
                                              "ru", good, NULL, 2, NULL),
                     0);
    ck_assert_ptr_nonnull(ev);
    ck_assert(polyalign_evidence_score(ev, 0, 1, 0, 1) == 0.0);
    ck_assert_int_eq(polyalign_evidence_wait(ev), POLYALIGN_EENCODING);
    ck_assert_int_eq(polyalign_evidence_wait(ev), POLYALIGN_EENCODING);
    ck_assert(strstr(polyalign_context_last_error(ctx), "UTF-8") != NULL);
    polyalign_evidence_free(ev);

    polyalign_context_set_threads(ctx, 1);
    ev = NULL;
    ck_assert_int_eq(polyalign_evidence_start(&ev, ctx, "fr", bad, NULL, 2,
                                              "ru", good, NULL, 2, NULL),
                     POLYALIGN_EENCODING);
    ck_assert_ptr_null(ev);
    polyalign_context_free(ctx);
}
END_TEST

/* Dictionaries released after the build load again when asked for, and
 * give the same keys. */
START_TEST(test_release_dictionaries)
{
    struct polyalign_context *ctx = new_context(2);
    struct polyalign_evidence_options o = {0};
    struct polyalign_evidence *ev = NULL;
    struct lines a = read_lines("welsh.fr.txt"), b = read_lines("welsh.ru.txt");
    char *before, *after;

    before = dump_keys(ctx, "fr", &a);
    o.release_dictionaries = 1;
    ck_assert_int_eq(polyalign_evidence_start(&ev, ctx, "fr",
                                              (const char *const *)a.v, NULL,
                                              a.n, "ru",
                                              (const char *const *)b.v, NULL,
                                              b.n, &o),
                     0);
    ck_assert_int_eq(polyalign_evidence_wait(ev), 0);
    ck_assert(polyalign_evidence_similarity(ev, 0, 1, 0, 1) > 0.0);
    after = dump_keys(ctx, "fr", &a);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    polyalign_evidence_free(ev);
    free_lines(&a);
    free_lines(&b);
    polyalign_context_free(ctx);
}
END_TEST

static void count_log(void *data, enum polyalign_log_level lvl,
                      const char *msg)
{
    if (lvl == POLYALIGN_LOG_WARNING && strstr(msg, "no Hunspell"))
        (*(int *)data)++;
}

/* A dictionary preloaded but missing is reported when a normalizer asks
 * for it, once. */
START_TEST(test_preload_missing)
{
    struct polyalign_context *ctx = new_context(2);
    struct polyalign_normalizer *n = NULL;
    int warnings = 0;

    polyalign_context_set_log(ctx, count_log, &warnings);
    ck_assert_int_eq(polyalign_normalizer_preload(ctx, "xx-YY"), 0);
    ck_assert_int_eq(polyalign_normalizer_preload(ctx, "xx"), 0);
    ck_assert_int_eq(polyalign_normalizer_preload(ctx, ""),
                     POLYALIGN_EINVAL);
    ck_assert_int_eq(warnings, 0);
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(polyalign_normalizer_new(&n, ctx, "xx"), 0);
        polyalign_normalizer_free(n);
    }
    ck_assert_int_eq(warnings, 1);
    polyalign_context_free(ctx);
}
END_TEST

START_TEST(test_thread_count)
{
    struct polyalign_context *ctx = NULL;

    ck_assert_int_eq(setenv("POLYALIGN_THREADS", "1", 1), 0);
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_context_threads(ctx), 1);
    polyalign_context_set_threads(ctx, 0);
    ck_assert_int_eq(polyalign_context_threads(ctx), 1);
    polyalign_context_set_threads(ctx, 4);
    ck_assert_int_eq(polyalign_context_threads(ctx), 4);
    polyalign_context_free(ctx);
    ck_assert_int_eq(unsetenv("POLYALIGN_THREADS"), 0);
    ck_assert_int_eq(polyalign_context_new(&ctx), 0);
    ck_assert_int_eq(polyalign_context_threads(ctx), 2);
    polyalign_context_free(ctx);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The final pass in two halves */

/* A scorer that knows the true pairs (source i with target gold[i]) and
 * notes the threads it is called from. */
struct gold_scorer {
    const size_t *gold;
    size_t n;
    pthread_mutex_t lock;
    pthread_t seen[2];
    size_t n_seen;
};

static double gold_score(void *data, size_t s0, size_t sc, size_t t0,
                         size_t tc)
{
    struct gold_scorer *g = data;
    pthread_t self = pthread_self();
    int known = 0;

    pthread_mutex_lock(&g->lock);
    for (size_t k = 0; k < g->n_seen; k++)
        known |= pthread_equal(g->seen[k], self);
    if (!known && g->n_seen < 2)
        g->seen[g->n_seen++] = self;
    pthread_mutex_unlock(&g->lock);
    return sc == 1 && tc == 1 && s0 < g->n && g->gold[s0] == t0 ? -3.0
                                                                 : 0.0;
}

static struct polyalign_alignment *align_halves(int threads,
                                                struct gold_scorer *g,
                                                const size_t *a, size_t n,
                                                const size_t *b, size_t m)
{
    struct polyalign_context *ctx = new_context(threads);
    struct polyalign_align_options o = {0};
    struct polyalign_alignment *al = NULL;

    o.scorer = gold_score;
    o.scorer_data = g;
    o.scorer_min = -3.0;
    o.flags = POLYALIGN_ALIGN_SCORER_BOUNDED |
              POLYALIGN_ALIGN_SCORER_CONCURRENT;
    g->n_seen = 0;
    ck_assert_int_eq(
        polyalign_align_lengths(&al, ctx, a, n, b, m, NULL, NULL, &o), 0);
    polyalign_context_free(ctx);
    return al;
}

/* Documents of 5,000 and 16,000 sentences (a target sentence in 40
 * dropped): the final pass runs in two and three pieces (SPLIT_PIECE in
 * align.c), in two threads when the context has them, and the alignment
 * is the same bead for bead, with the true pairs found. */
START_TEST(test_final_pass_halves)
{
    static const size_t sizes[] = {5000, 16000};
    const size_t N = sizes[_i];
    size_t *a = malloc(N * sizeof(*a)), *b = malloc(N * sizeof(*b));
    size_t *gold = malloc(N * sizeof(*gold)), m = 0, right = 0;
    struct gold_scorer g = {.gold = gold, .n = N};
    struct polyalign_alignment *one, *two;
    struct polyalign_bead x, y;
    unsigned seed = 12345;

    ck_assert_int_eq(pthread_mutex_init(&g.lock, NULL), 0);
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = 20 + (seed >> 16) % 180;
        gold[i] = (size_t)-1;
        if (i % 40 == 39)
            continue;
        gold[i] = m;
        b[m++] = a[i] + (seed >> 8) % 7;
    }
    one = align_halves(1, &g, a, N, b, m);
    ck_assert_uint_eq(g.n_seen, 1);
    two = align_halves(2, &g, a, N, b, m);
    ck_assert_uint_eq(g.n_seen, 2);
    ck_assert_uint_eq(polyalign_alignment_bead_count(one),
                      polyalign_alignment_bead_count(two));
    for (size_t k = 0; k < polyalign_alignment_bead_count(one); k++) {
        polyalign_alignment_bead(one, k, &x);
        polyalign_alignment_bead(two, k, &y);
        ck_assert_uint_eq(x.src_start, y.src_start);
        ck_assert_uint_eq(x.src_count, y.src_count);
        ck_assert_uint_eq(x.tgt_start, y.tgt_start);
        ck_assert_uint_eq(x.tgt_count, y.tgt_count);
        ck_assert(x.confidence == y.confidence);
        if (x.src_count == 1 && x.tgt_count == 1 &&
            gold[x.src_start] == x.tgt_start)
            right++;
    }
    ck_assert_uint_ge(right, m - m / 100);
    polyalign_alignment_free(one);
    polyalign_alignment_free(two);
    pthread_mutex_destroy(&g.lock);
    free(a);
    free(b);
    free(gold);
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_norm_concurrent);
    tcase_add_test(tc, test_evidence_fr_ru);
    tcase_add_test(tc, test_evidence_fr_ar);
    tcase_add_test(tc, test_evidence_ru_ar);
    tcase_add_test(tc, test_evidence_same_language);
    tcase_add_test(tc, test_background_error);
    tcase_add_test(tc, test_release_dictionaries);
    tcase_add_test(tc, test_preload_missing);
    tcase_add_test(tc, test_thread_count);
    tcase_add_loop_test(tc, test_final_pass_halves, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(threads_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
