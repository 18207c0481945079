/* Comparable documents: shared statements.  For every pair of documents,
 * each sentence becomes a set of hashed keys (its tokens' lexicon
 * translations into the other language, folded forms, lemmas, name
 * skeletons, entities, numbers), as the evidence scorer builds them; an
 * inverted index of the right document's keys gives each left sentence
 * the few candidates that share rare keys, and only those are scored.
 * The score is the mean of the evidence similarity (evidence.h) and an
 * IDF-weighted share of matched tokens, where a key's document frequency
 * counts every sentence of the document set for names, entities and
 * numbers (Putin and Biden in every report weigh little).  Scores are
 * normalized with the ratio margin of Artetxe & Schwenk (2019) and mutual
 * best pairs above the threshold kept, as in bitext mining. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "polyalign/compare.h"
#include "polyalign/evidence.h"
#include "polyalign/lexicon.h"
#include "polyalign/norm.h"

#define DEFAULT_THRESHOLD 1.2
#define DEFAULT_K 4
/* What missing neighbours count as in the margin: a sentence with one
 * candidate is not thereby infinitely sure. */
#define MARGIN_FLOOR 0.05
/* Candidates scored per left sentence. */
#define MAX_CANDIDATES 32
/* Sentences with fewer content tokens (share buttons, "Comments", source lines,
 * datelines) are boilerplate: never paired. */
#define MIN_CONTENT 5
/* Raw similarity below this is never a pair, whatever its margin. */
#define MIN_SIMILARITY 0.1

/* Tokens of each side that must meet the other for a pair to count. */
#define MIN_SHARED 2

#define ANCHOR_BIT (1ULL << 63)

struct polyalign_compare {
    struct polyalign_compare_pair *pairs;
    size_t npairs, cap, nstatements;
};

/* One document as the left or right side of a pair. */
struct cside {
    size_t n;
    size_t *tok_off;  /* n + 1: tokens of sentence i */
    size_t *key_off;  /* ntok + 1: keys of token t */
    uint64_t *keys;
    size_t ntok, nkeys, captok, capkeys;
    size_t *set_off;  /* n + 1: sorted unique keys of sentence i */
    uint64_t *set;
    unsigned char *ok; /* eligible: not boilerplate */
    double *tok_w;     /* per token: IDF of its rarest key */
};

struct posting {
    uint64_t h;
    size_t s;
};

static uint64_t hash_key(char kind, const char *s)
{
    uint64_t h = 14695981039346656037ULL; /* FNV-1a */

    h ^= (unsigned char)kind;
    h *= 1099511628211ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return kind == 'N' || kind == 'E' || kind == '#' ? h | ANCHOR_BIT
                                                     : h & ~ANCHOR_BIT;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static int cmp_posting(const void *a, const void *b)
{
    const struct posting *x = a, *y = b;

    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->s < y->s ? -1 : x->s > y->s;
}

static size_t lower_u64(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Occurrences of @h in sorted @v. */
static size_t count_u64(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = lower_u64(v, n, h);

    /* The first element above h: the lower bound of h + 1. */
    return (h == UINT64_MAX ? n : lower_u64(v, n, h + 1)) - lo;
}

static int has_u64(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = lower_u64(v, n, h);

    return lo < n && v[lo] == h;
}

static void cside_free(struct cside *s)
{
    free(s->tok_off);
    free(s->key_off);
    free(s->keys);
    free(s->set_off);
    free(s->set);
    free(s->ok);
    free(s->tok_w);
    memset(s, 0, sizeof(*s));
}

static int push_key(struct cside *s, char kind, const char *str)
{
    if (s->nkeys == s->capkeys) {
        size_t c = s->capkeys ? s->capkeys * 2 : 1024;
        uint64_t *p = realloc(s->keys, c * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        s->keys = p;
        s->capkeys = c;
    }
    s->keys[s->nkeys++] = hash_key(kind, str);
    return 0;
}

static int token_keys(struct cside *s, const struct polyalign_token *t,
                      const struct polyalign_lexicon *lex)
{
    const char *forms[64];
    size_t nf = 0;
    int error;

    if (t->flags & POLYALIGN_TOKEN_NUMBER)
        return t->number ? push_key(s, '#', t->number) : 0;
    forms[nf++] = t->folded;
    for (size_t i = 0; i < t->n_lemmas && nf < 64; i++)
        forms[nf++] = t->lemmas[i];
    for (size_t i = 0; i < t->n_variants && nf < 64; i++)
        forms[nf++] = t->variants[i];
    for (size_t k = 0; k < nf; k++) {
        if ((error = push_key(s, 'w', forms[k])) < 0)
            return error;
        if (lex) {
            const char *const *tr;
            size_t ntr = polyalign_lexicon_lookup(lex, forms[k], &tr);
            for (size_t i = 0; i < ntr; i++)
                if ((error = push_key(s, 'w', tr[i])) < 0)
                    return error;
        }
    }
    for (size_t i = 0; i < t->n_skeletons; i++)
        if ((error = push_key(s, 'N', t->skeletons[i])) < 0)
            return error;
    if (t->entity && (error = push_key(s, 'E', t->entity)) < 0)
        return error;
    return 0;
}

/* Mark the sentences whose text is repeated in the document (menus,
 * share buttons, repeated headlines) as not eligible. */
static int mark_repeated(struct cside *s, const struct polyalign_doc *doc)
{
    uint64_t *h = malloc((s->n + 1) * sizeof(*h)), *sorted;

    if (!h)
        return POLYALIGN_ENOMEM;
    sorted = malloc((s->n + 1) * sizeof(*sorted));
    if (!sorted) {
        free(h);
        return POLYALIGN_ENOMEM;
    }
    for (size_t i = 0; i < s->n; i++) {
        struct polyalign_sentence st;
        uint64_t x = 14695981039346656037ULL;
        if (polyalign_doc_sentence(doc, i, &st) == 0)
            for (size_t k = 0; k < st.len; k++) {
                x ^= (unsigned char)st.text[k];
                x *= 1099511628211ULL;
            }
        h[i] = sorted[i] = x;
    }
    qsort(sorted, s->n, sizeof(*sorted), cmp_u64);
    for (size_t i = 0; i < s->n; i++)
        if (count_u64(sorted, s->n, h[i]) > 1)
            s->ok[i] = 0;
    free(h);
    free(sorted);
    return 0;
}

/* Tokenize @doc; with @lex its tokens also carry their translations. */
static int cside_build(struct cside *s, struct polyalign_normalizer *norm,
                       const struct polyalign_doc *doc,
                       const struct polyalign_lexicon *lex)
{
    size_t n = polyalign_doc_sentence_count(doc), nset = 0;
    int error = 0;

    s->n = n;
    s->tok_off = calloc(n + 1, sizeof(*s->tok_off));
    s->set_off = calloc(n + 1, sizeof(*s->set_off));
    s->ok = calloc(n + 1, 1);
    if (!s->tok_off || !s->set_off || !s->ok)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        struct polyalign_sentence st;
        const struct polyalign_token *t;
        size_t nt, content = 0;

        s->tok_off[i] = s->ntok;
        if ((error = polyalign_doc_sentence(doc, i, &st)) < 0 ||
            (error = polyalign_normalizer_tokenize(norm, st.text, st.len, &t,
                                                   &nt)) < 0)
            return error;
        for (size_t k = 0; k < nt; k++) {
            if (t[k].flags & POLYALIGN_TOKEN_STOPWORD)
                continue;
            if (!(t[k].flags & (POLYALIGN_TOKEN_WORD |
                                POLYALIGN_TOKEN_NUMBER)))
                continue;
            if (s->ntok + 1 >= s->captok) {
                size_t c = s->captok ? s->captok * 2 : 1024;
                size_t *p = realloc(s->key_off, c * sizeof(*p));
                if (!p)
                    return POLYALIGN_ENOMEM;
                s->key_off = p;
                s->captok = c;
            }
            s->key_off[s->ntok] = s->nkeys;
            if ((error = token_keys(s, &t[k], lex)) < 0)
                return error;
            s->ntok++;
            content++;
        }
        s->ok[i] = content >= MIN_CONTENT;
    }
    s->tok_off[n] = s->ntok;
    if (!s->key_off && !(s->key_off = calloc(1, sizeof(*s->key_off))))
        return POLYALIGN_ENOMEM;
    s->key_off[s->ntok] = s->nkeys;
    if ((error = mark_repeated(s, doc)) < 0)
        return error;
    /* Sorted key sets per sentence. */
    if (!(s->set = malloc((s->nkeys + 1) * sizeof(*s->set))))
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t a = s->key_off[s->tok_off[i]];
        size_t b = s->key_off[s->tok_off[i + 1]], start = nset;
        if (b > a)
            memcpy(s->set + nset, s->keys + a, (b - a) * sizeof(*s->set));
        qsort(s->set + start, b - a, sizeof(*s->set), cmp_u64);
        for (size_t k = start; k < start + (b - a); k++)
            if (nset == start || s->set[k] != s->set[nset - 1])
                s->set[nset++] = s->set[k];
        s->set_off[i] = start;
        s->set_off[i + 1] = nset;
    }
    return 0;
}

/* Append the sentence sets of @s (each key once per sentence) to @v. */
static int append_sets(uint64_t **v, size_t *n, const struct cside *s,
                       int anchors_only)
{
    size_t add = s->set_off[s->n];
    uint64_t *p = realloc(*v, (*n + add + 1) * sizeof(*p));

    if (!p)
        return POLYALIGN_ENOMEM;
    *v = p;
    for (size_t k = 0; k < add; k++)
        if (!anchors_only || (s->set[k] & ANCHOR_BIT))
            p[(*n)++] = s->set[k];
    return 0;
}

double polyalign_compare_margin(double score, const double *a, size_t na,
                                const double *b, size_t nb, size_t k,
                                double floor)
{
    double sa = 0, sb = 0, d;

    for (size_t i = 0; i < k; i++) {
        sa += i < na ? a[i] : floor;
        sb += i < nb ? b[i] : floor;
    }
    d = (sa + sb) / (2.0 * (double)k);
    return d > 0 ? score / d : 0.0;
}

/* Document-set statistics for weighting keys. */
struct weights {
    const uint64_t *anchor_df; /* sorted anchor keys, one per sentence */
    size_t nanchor, nsent_all;
    uint64_t *pair_df; /* sorted word keys of the pair's two sides */
    size_t npair, nsent_pair;
};

static double key_idf(const struct weights *w, uint64_t h)
{
    size_t df;
    double n;

    if (h & ANCHOR_BIT) {
        df = count_u64(w->anchor_df, w->nanchor, h);
        n = (double)w->nsent_all;
    } else {
        df = count_u64(w->pair_df, w->npair, h);
        n = (double)w->nsent_pair;
    }
    return log(1.0 + n / (double)(df ? df : 1));
}

/* A token weighs the IDF of its rarest key. */
static int token_weights(struct cside *s, const struct weights *w)
{
    if (!(s->tok_w = calloc(s->ntok + 1, sizeof(*s->tok_w))))
        return POLYALIGN_ENOMEM;
    for (size_t t = 0; t < s->ntok; t++)
        for (size_t k = s->key_off[t]; k < s->key_off[t + 1]; k++) {
            double x = key_idf(w, s->keys[k]);
            s->tok_w[t] = x > s->tok_w[t] ? x : s->tok_w[t];
        }
    return 0;
}

/* IDF-weighted share of the tokens of sentence @i of @a with a key in
 * sentence @j's set of @b; *nhit counts them. */
static void weighted_hits(const struct cside *a, size_t i,
                          const struct cside *b, size_t j, double *hit,
                          double *total, size_t *nhit)
{
    const uint64_t *set = b->set + b->set_off[j];
    size_t nset = b->set_off[j + 1] - b->set_off[j];

    for (size_t t = a->tok_off[i]; t < a->tok_off[i + 1]; t++) {
        int found = 0;
        for (size_t k = a->key_off[t]; k < a->key_off[t + 1] && !found; k++)
            found = has_u64(set, nset, a->keys[k]);
        *total += a->tok_w[t];
        if (found) {
            *hit += a->tok_w[t];
            (*nhit)++;
        }
    }
}

/* Sentences that render one statement have comparable lengths (Gale &
 * Church 1993): a Gaussian on the log of the ratio of their lengths in
 * characters, wide enough for free renderings (ratio 2: 0.3 left). */
#define LENGTH_SIGMA 0.6

static size_t chars(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c ? c : 1;
}

static double length_factor(size_t a, size_t b)
{
    double r = log((double)a / (double)b);

    return exp(-r * r / (2.0 * LENGTH_SIGMA * LENGTH_SIGMA));
}

struct cand {
    size_t l, r;
    double sim, margin;
};

static int push_pair(struct polyalign_compare *c,
                     const struct polyalign_compare_pair *p)
{
    if (c->npairs == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct polyalign_compare_pair *q =
            realloc(c->pairs, cap * sizeof(*q));
        if (!q)
            return POLYALIGN_ENOMEM;
        c->pairs = q;
        c->cap = cap;
    }
    c->pairs[c->npairs++] = *p;
    return 0;
}

/* The k best similarities of each sentence, decreasing. */
static int knn_lists(const struct cand *cd, size_t nc, size_t n, int right,
                     size_t k, double **out)
{
    double *v = calloc(n * k + 1, sizeof(*v));
    size_t *cnt = calloc(n + 1, sizeof(*cnt));

    if (!v || !cnt) {
        free(v);
        free(cnt);
        return POLYALIGN_ENOMEM;
    }
    for (size_t c = 0; c < nc; c++) {
        size_t s = right ? cd[c].r : cd[c].l;
        double x = cd[c].sim, *row = v + s * k;
        /* Insert into the sorted row. */
        size_t m = cnt[s] < k ? cnt[s]++ : k;
        size_t p = m;
        if (m == k && row[k - 1] >= x)
            continue;
        if (m == k)
            p = k - 1;
        while (p > 0 && row[p - 1] < x) {
            row[p] = row[p - 1];
            p--;
        }
        row[p] = x;
    }
    for (size_t s = 0; s < n; s++)
        v[s * k + k - 1] = cnt[s] < k ? -1 - (double)cnt[s]
                                      : v[s * k + k - 1];
    free(cnt);
    *out = v;
    return 0;
}

/* Number of valid entries of a knn row (encoded by knn_lists()). */
static size_t knn_count(const double *row, size_t k)
{
    return row[k - 1] < 0 ? (size_t)(-row[k - 1] - 1) : k;
}

static int compare_two(struct polyalign_compare *c,
                       struct polyalign_context *ctx,
                       struct polyalign_doc *da, size_t ia,
                       struct polyalign_doc *db, size_t ib,
                       struct polyalign_normalizer *na,
                       struct polyalign_normalizer *nb,
                       const uint64_t *anchor_df, size_t nanchor,
                       size_t nsent_all,
                       const struct polyalign_compare_options *opts)
{
    const char *la = polyalign_doc_lang(da), *lb = polyalign_doc_lang(db);
    struct polyalign_lexicon *lex = NULL;
    struct polyalign_evidence *ev = NULL;
    struct polyalign_evidence_options eopts = {0};
    struct cside a = {0}, b = {0};
    struct posting *post = NULL;
    struct cand *cd = NULL;
    double *acc = NULL, *ka = NULL, *kb = NULL;
    size_t *touched = NULL, npost = 0, ncd = 0, capcd = 0;
    const char **ta = NULL, **tb = NULL;
    size_t *lena = NULL, *lenb = NULL;
    size_t *best_l = NULL, *best_r = NULL;
    struct weights w = {0};
    size_t k = opts && opts->k ? opts->k : DEFAULT_K;
    double thr = opts && opts->threshold > 0 ? opts->threshold
                                             : DEFAULT_THRESHOLD;
    int error = 0;

    if ((error = polyalign_lexicon_new(&lex, ctx, la, lb)) < 0)
        goto cleanup;
    if (strcmp(la, lb) != 0 && !(opts && opts->no_default_lexicon)) {
        error = polyalign_lexicon_load_default(lex);
        if (error < 0 && error != POLYALIGN_ENOTFOUND)
            goto cleanup;
        error = 0;
    }
    if ((error = cside_build(&a, na, da, lex)) < 0 ||
        (error = cside_build(&b, nb, db, NULL)) < 0)
        goto cleanup;
    if (!a.n || !b.n)
        goto cleanup;

    /* Word document frequencies over the two sides; anchors over the set. */
    w.anchor_df = anchor_df;
    w.nanchor = nanchor;
    w.nsent_all = nsent_all;
    w.nsent_pair = a.n + b.n;
    if ((error = append_sets(&w.pair_df, &w.npair, &a, 0)) < 0 ||
        (error = append_sets(&w.pair_df, &w.npair, &b, 0)) < 0)
        goto cleanup;
    qsort(w.pair_df, w.npair, sizeof(*w.pair_df), cmp_u64);
    if ((error = token_weights(&a, &w)) < 0 ||
        (error = token_weights(&b, &w)) < 0)
        goto cleanup;

    /* Inverted index of the right side's eligible sentences. */
    if (!(post = malloc((b.set_off[b.n] + 1) * sizeof(*post)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t j = 0; j < b.n; j++)
        for (size_t k2 = b.set_off[j]; b.ok[j] && k2 < b.set_off[j + 1];
             k2++) {
            post[npost].h = b.set[k2];
            post[npost++].s = j;
        }
    qsort(post, npost, sizeof(*post), cmp_posting);

    /* The evidence scorer over both documents. */
    if (!(ta = calloc(a.n, sizeof(*ta))) || !(tb = calloc(b.n, sizeof(*tb))) ||
        !(lena = calloc(a.n, sizeof(*lena))) ||
        !(lenb = calloc(b.n, sizeof(*lenb)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < a.n; i++) {
        struct polyalign_sentence st;
        polyalign_doc_sentence(da, i, &st);
        ta[i] = st.text;
        lena[i] = st.len;
    }
    for (size_t j = 0; j < b.n; j++) {
        struct polyalign_sentence st;
        polyalign_doc_sentence(db, j, &st);
        tb[j] = st.text;
        lenb[j] = st.len;
    }
    /* Same language: identical words, lemmas and names are the evidence
     * (no lexicon, no warning about a missing one). */
    eopts.no_default_lexicon = (opts && opts->no_default_lexicon) ||
                               strcmp(la, lb) == 0;
    if ((error = polyalign_evidence_new(&ev, ctx, la, ta, lena, a.n, lb, tb,
                                        lenb, b.n, &eopts)) < 0)
        goto cleanup;

    /* Candidates: right sentences sharing keys, by summed IDF; keys found
     * in more than a tenth of the right sentences (and at least 8) are
     * too common to propose anything. */
    acc = calloc(b.n, sizeof(*acc));
    touched = calloc(b.n, sizeof(*touched));
    if (!acc || !touched) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < a.n; i++) {
        size_t nt = 0, maxdf = b.n / 10 > 8 ? b.n / 10 : 8;
        if (!a.ok[i])
            continue;
        for (size_t k2 = a.set_off[i]; k2 < a.set_off[i + 1]; k2++) {
            uint64_t h = a.set[k2];
            size_t lo = 0, hi = npost, e;
            double idf;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (post[mid].h < h)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (e = lo; e < npost && post[e].h == h; e++)
                ;
            if (e == lo || e - lo > maxdf)
                continue;
            idf = key_idf(&w, h);
            for (size_t p = lo; p < e; p++) {
                if (acc[post[p].s] == 0)
                    touched[nt++] = post[p].s;
                acc[post[p].s] += idf;
            }
        }
        /* Keep the MAX_CANDIDATES best (partial selection). */
        for (size_t r = 0; r < nt && r < MAX_CANDIDATES; r++) {
            size_t bi = r;
            for (size_t q = r + 1; q < nt; q++)
                if (acc[touched[q]] > acc[touched[bi]])
                    bi = q;
            size_t tmp = touched[r];
            touched[r] = touched[bi];
            touched[bi] = tmp;
            {
                size_t j = touched[r];
                double hit = 0, tot = 0, wsim;
                size_t ha = 0, hb = 0;
                if (ncd == capcd) {
                    size_t cc = capcd ? capcd * 2 : 256;
                    struct cand *q2 = realloc(cd, cc * sizeof(*q2));
                    if (!q2) {
                        error = POLYALIGN_ENOMEM;
                        goto cleanup;
                    }
                    cd = q2;
                    capcd = cc;
                }
                weighted_hits(&a, i, &b, j, &hit, &tot, &ha);
                weighted_hits(&b, j, &a, i, &hit, &tot, &hb);
                wsim = tot > 0 ? hit / tot : 0;

                cd[ncd].l = i;
                cd[ncd].r = j;
                /* A statement shares more than one word. */
                cd[ncd].sim = ha < MIN_SHARED || hb < MIN_SHARED
                                  ? 0.0
                                  : 0.5 * (wsim +
                                           polyalign_evidence_similarity(
                                               ev, i, 1, j, 1)) *
                                        length_factor(chars(ta[i], lena[i]),
                                                      chars(tb[j], lenb[j]));
                ncd++;
            }
        }
        for (size_t r = 0; r < nt; r++)
            acc[touched[r]] = 0;
    }

    /* Margins, then mutual best. */
    if ((error = knn_lists(cd, ncd, a.n, 0, k, &ka)) < 0 ||
        (error = knn_lists(cd, ncd, b.n, 1, k, &kb)) < 0)
        goto cleanup;
    best_l = malloc((a.n + 1) * sizeof(*best_l));
    best_r = malloc((b.n + 1) * sizeof(*best_r));
    if (!best_l || !best_r) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < a.n; i++)
        best_l[i] = SIZE_MAX;
    for (size_t j = 0; j < b.n; j++)
        best_r[j] = SIZE_MAX;
    for (size_t q = 0; q < ncd; q++) {
        const double *ra = ka + cd[q].l * k, *rb = kb + cd[q].r * k;
        cd[q].margin = polyalign_compare_margin(
            cd[q].sim, ra, knn_count(ra, k), rb, knn_count(rb, k), k,
            MARGIN_FLOOR);
        if (best_l[cd[q].l] == SIZE_MAX ||
            cd[q].margin > cd[best_l[cd[q].l]].margin)
            best_l[cd[q].l] = q;
        if (best_r[cd[q].r] == SIZE_MAX ||
            cd[q].margin > cd[best_r[cd[q].r]].margin)
            best_r[cd[q].r] = q;
    }
    for (size_t q = 0; q < ncd; q++) {
        struct polyalign_compare_pair p;
        if (best_l[cd[q].l] != q || best_r[cd[q].r] != q ||
            cd[q].margin < thr || cd[q].sim < MIN_SIMILARITY)
            continue;
        p.left_doc = ia;
        p.left_index = cd[q].l;
        p.right_doc = ib;
        p.right_index = cd[q].r;
        p.score = cd[q].margin;
        p.similarity = cd[q].sim;
        p.statement = 0;
        if ((error = push_pair(c, &p)) < 0)
            goto cleanup;
    }
cleanup:
    polyalign_evidence_free(ev);
    polyalign_lexicon_free(lex);
    cside_free(&a);
    cside_free(&b);
    free(w.pair_df);
    free(post);
    free(cd);
    free(acc);
    free(touched);
    free(ka);
    free(kb);
    free(ta);
    free(tb);
    free(lena);
    free(lenb);
    free(best_l);
    free(best_r);
    return error;
}

/* Union-find over (document, sentence) nodes. */
static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static int cmp_pair_score(const void *a, const void *b)
{
    const struct polyalign_compare_pair *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->left_doc != y->left_doc)
        return x->left_doc < y->left_doc ? -1 : 1;
    return x->left_index < y->left_index ? -1 : x->left_index > y->left_index;
}

/* Group pairs sharing a sentence into statements, numbered from 0 in
 * order of their best pair. */
static int group(struct polyalign_compare *c, size_t *base, size_t total)
{
    size_t *parent = malloc((total + 1) * sizeof(*parent));
    size_t *id = malloc((total + 1) * sizeof(*id));
    int error = 0;

    if (!parent || !id) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t x = 0; x < total; x++) {
        parent[x] = x;
        id[x] = SIZE_MAX;
    }
    for (size_t p = 0; p < c->npairs; p++) {
        size_t x = uf_find(parent, base[c->pairs[p].left_doc] +
                                       c->pairs[p].left_index);
        size_t y = uf_find(parent, base[c->pairs[p].right_doc] +
                                       c->pairs[p].right_index);
        if (x != y)
            parent[y] = x;
    }
    c->nstatements = 0;
    for (size_t p = 0; p < c->npairs; p++) {
        size_t x = uf_find(parent, base[c->pairs[p].left_doc] +
                                       c->pairs[p].left_index);
        if (id[x] == SIZE_MAX)
            id[x] = c->nstatements++;
        c->pairs[p].statement = id[x];
    }
cleanup:
    free(parent);
    free(id);
    return error;
}

int polyalign_compare_new(struct polyalign_compare **out,
                          struct polyalign_context *ctx,
                          struct polyalign_doc *const *docs, size_t n,
                          const struct polyalign_compare_options *opts)
{
    struct polyalign_compare *c = NULL;
    struct polyalign_normalizer **norm = NULL;
    uint64_t *anchors = NULL;
    size_t nanchors = 0, *base = NULL, total = 0;
    int error = 0;

    if (!out)
        return POLYALIGN_EINVAL;
    *out = NULL;
    if (!ctx || (n && !docs))
        return POLYALIGN_EINVAL;
    if (!(c = calloc(1, sizeof(*c))) ||
        !(base = calloc(n + 1, sizeof(*base))) ||
        !(norm = calloc(n + 1, sizeof(*norm)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    /* Anchor document frequencies over the whole set. */
    for (size_t d = 0; d < n; d++) {
        struct cside s = {0};
        if (!docs[d]) {
            error = ctx_error(ctx, POLYALIGN_EINVAL, "compare: document "
                              "%zu is NULL", d);
            goto cleanup;
        }
        base[d] = total;
        total += polyalign_doc_sentence_count(docs[d]);
        /* One normalizer per document, reused: it caches word types. */
        error = polyalign_normalizer_new(&norm[d], ctx,
                                         polyalign_doc_lang(docs[d]));
        if (error == 0)
            error = cside_build(&s, norm[d], docs[d], NULL);
        if (error == 0)
            error = append_sets(&anchors, &nanchors, &s, 1);
        cside_free(&s);
        if (error < 0)
            goto cleanup;
    }
    base[n] = total;
    if (nanchors)
        qsort(anchors, nanchors, sizeof(*anchors), cmp_u64);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if ((error = compare_two(c, ctx, docs[i], i, docs[j], j, norm[i],
                                     norm[j], anchors,
                                     nanchors, total, opts)) < 0)
                goto cleanup;
    if (c->npairs)
        qsort(c->pairs, c->npairs, sizeof(*c->pairs), cmp_pair_score);
    if ((error = group(c, base, total)) < 0)
        goto cleanup;
    *out = c;
    c = NULL;
cleanup:
    for (size_t d = 0; norm && d < n; d++)
        polyalign_normalizer_free(norm[d]);
    free(norm);
    free(anchors);
    free(base);
    polyalign_compare_free(c);
    return error;
}

void polyalign_compare_free(struct polyalign_compare *c)
{
    if (!c)
        return;
    free(c->pairs);
    free(c);
}

size_t polyalign_compare_pair_count(const struct polyalign_compare *c)
{
    return c ? c->npairs : 0;
}

const struct polyalign_compare_pair *polyalign_compare_pair(
    const struct polyalign_compare *c, size_t i)
{
    return c && i < c->npairs ? &c->pairs[i] : NULL;
}

size_t polyalign_compare_statement_count(const struct polyalign_compare *c)
{
    return c ? c->nstatements : 0;
}
