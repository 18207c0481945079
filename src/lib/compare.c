/* Comparable documents: shared statements.
 *
 * Each document is tokenized once per run (not once per pair): every
 * content token keeps its own matching keys (folded form, Hunspell lemmas,
 * clitic-stripped variants, name skeletons, entity id, number key, hashed)
 * and the forms a lexicon is looked up by; a document facing another
 * language gets its forms' translations once per language.
 *
 * For two documents S and T (S the side whose lexicon translates into T's
 * language; same-language pairs use no lexicon), an inverted index of T's
 * keys gives each sentence of S the few sentences of T that share rare
 * keys, and only those are scored.  The similarity of a pair is the
 * harmonic mean of the two sides' coverage: the IDF-weighted share of each
 * sentence's content tokens that meet the other sentence, as the aligner's
 * evidence counts them (a statement must be explained on both sides: one
 * shared word in two long sentences is not a statement).  Token weights
 * are IDF over every sentence of the document set, so Putin and Biden,
 * present in every report, weigh little, and so do common numbers; words
 * inside quotation marks (reported speech, rendered closely by every
 * outlet) weigh more.  Scores are normalized with the ratio margin of
 * Artetxe & Schwenk (2019) against each sentence's k nearest candidates,
 * and mutual best pairs kept when both their margin and their similarity
 * are high enough, as in bitext mining. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "context.h"
#include "polyalign/compare.h"
#include "polyalign/lexicon.h"
#include "polyalign/norm.h"
#include "strmap.h"

#define DEFAULT_THRESHOLD 1.2
#define DEFAULT_K 4
/* What missing neighbours count as in the margin: a sentence with one
 * candidate is not thereby infinitely sure. */
#define MARGIN_FLOOR 0.05
/* Candidates scored per sentence of S. */
#define MAX_CANDIDATES 32
/* Sentences with fewer content tokens (share buttons, "Comments", source
 * lines, datelines) are boilerplate: never paired. */
#define MIN_CONTENT 5
/* Raw similarity below this is never a pair, whatever its margin. */
#define MIN_SIMILARITY 0.1
/* Tokens of each side that must meet the other for a pair to count. */
#define MIN_SHARED 2
/* Weight factor of a token inside quotation marks. */
#define QUOTE_WEIGHT 2.0

#define ANCHOR_BIT (1ULL << 63)

struct polyalign_compare {
    struct polyalign_compare_pair *pairs;
    size_t npairs, cap, nstatements;
};

struct ctok {
    size_t key_off;  /* own keys: keys[key_off, key_off + nkeys) */
    size_t form_off; /* lexicon forms: forms[form_off, form_off + nforms) */
    unsigned nkeys, nforms;
    unsigned char quoted;
    double w;
};

/* A document's forms translated into one language. */
struct xlat {
    char lang[16];
    size_t *form_off; /* nform + 1: translations of form f */
    uint64_t *form_keys;
    size_t *set_off;  /* n + 1: own and translated keys of sentence i */
    uint64_t *set;    /* (sorted, unique per sentence) */
};

struct posting {
    uint64_t h;
    size_t s;
};

/* One document, tokenized once. */
struct cdoc {
    const struct polyalign_doc *doc;
    const char *lang;
    size_t n;
    size_t *tok_off; /* n + 1 */
    struct ctok *tok;
    size_t ntok, captok;
    uint64_t *keys;
    size_t nkeys, capkeys;
    uint32_t *forms;
    size_t nforms, capforms;
    struct strmap *form_ids; /* form -> id + 1 */
    size_t nform;
    size_t *set_off; /* n + 1: own keys of sentence i, sorted, unique */
    uint64_t *set;
    unsigned char *ok; /* eligible: not boilerplate */
    size_t *chars;     /* sentence length in characters */
    struct posting *post; /* own keys of eligible sentences, by key */
    size_t npost;
    struct xlat *xl;
    size_t nxl;
};

/* Lexicons loaded once per run, by language pair. */
struct lexslot {
    char src[16], tgt[16];
    struct polyalign_lexicon *lex; /* NULL: none for this pair */
};

struct run {
    struct polyalign_context *ctx;
    struct cdoc *docs;
    size_t n;
    uint64_t *df; /* sorted: each key once per sentence, all documents */
    size_t ndf, nsent;
    struct lexslot *lexs;
    size_t nlex;
    size_t k;
    double thr;
    int no_lexicon;
};

static int grow(void *pp, size_t *cap, size_t need, size_t elem)
{
    void **p = pp;
    size_t c = *cap ? *cap : 256;
    void *q;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    if (!(q = realloc(*p, c * elem)))
        return POLYALIGN_ENOMEM;
    *p = q;
    *cap = c;
    return 0;
}

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

/* Sort and deduplicate v[start, *n) in place. */
static void sort_unique(uint64_t *v, size_t start, size_t *n)
{
    size_t k = start;

    if (*n - start < 2)
        return;
    qsort(v + start, *n - start, sizeof(*v), cmp_u64);
    for (size_t i = start; i < *n; i++)
        if (k == start || v[i] != v[k - 1])
            v[k++] = v[i];
    *n = k;
}

static void cdoc_free(struct cdoc *d)
{
    for (size_t x = 0; x < d->nxl; x++) {
        free(d->xl[x].form_off);
        free(d->xl[x].form_keys);
        free(d->xl[x].set_off);
        free(d->xl[x].set);
    }
    free(d->xl);
    free(d->tok_off);
    free(d->tok);
    free(d->keys);
    free(d->forms);
    strmap_free(d->form_ids, NULL);
    free(d->set_off);
    free(d->set);
    free(d->ok);
    free(d->chars);
    free(d->post);
    memset(d, 0, sizeof(*d));
}

static int push_key(struct cdoc *d, char kind, const char *str)
{
    if (grow(&d->keys, &d->capkeys, d->nkeys + 1, sizeof(*d->keys)) < 0)
        return POLYALIGN_ENOMEM;
    d->keys[d->nkeys++] = hash_key(kind, str);
    return 0;
}

/* Record @form as one the token is looked up by in lexicons. */
static int push_form(struct cdoc *d, const char *form)
{
    size_t len = strlen(form);
    uintptr_t id = (uintptr_t)strmap_get(d->form_ids, form, len);

    if (!id) {
        id = ++d->nform;
        if (strmap_put(d->form_ids, form, len, (void *)id, NULL) < 0)
            return POLYALIGN_ENOMEM;
    }
    if (grow(&d->forms, &d->capforms, d->nforms + 1, sizeof(*d->forms)) < 0)
        return POLYALIGN_ENOMEM;
    d->forms[d->nforms++] = (uint32_t)(id - 1);
    return 0;
}

static int token_keys(struct cdoc *d, const struct polyalign_token *t)
{
    int error = 0;

    if (t->flags & POLYALIGN_TOKEN_NUMBER)
        return t->number ? push_key(d, '#', t->number) : 0;
    if ((error = push_key(d, 'w', t->folded)) < 0 ||
        (error = push_form(d, t->folded)) < 0)
        return error;
    for (size_t i = 0; i < t->n_lemmas; i++)
        if ((error = push_key(d, 'w', t->lemmas[i])) < 0 ||
            (error = push_form(d, t->lemmas[i])) < 0)
            return error;
    for (size_t i = 0; i < t->n_variants; i++)
        if ((error = push_key(d, 'w', t->variants[i])) < 0 ||
            (error = push_form(d, t->variants[i])) < 0)
            return error;
    for (size_t i = 0; i < t->n_skeletons; i++)
        if ((error = push_key(d, 'N', t->skeletons[i])) < 0)
            return error;
    if (t->entity && (error = push_key(d, 'E', t->entity)) < 0)
        return error;
    return 0;
}

/* Quotation marks that open or close reported speech: « » “ ” „ " and
 * the like (Unicode's Quotation_Mark property), but not the single
 * quotes, which are also apostrophes (l’État, don't). */
static int is_quote(UChar32 c)
{
    if (c == 0x27 || (c >= 0x2018 && c <= 0x201B) || c == 0x2039 ||
        c == 0x203A)
        return 0;
    return u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK);
}

/* Whether each token lies inside quotation marks: every mark toggles
 * (« opens and » closes alike; nesting is rare in news). */
static void mark_quoted(const char *text, size_t len,
                        const struct polyalign_token *t, size_t nt,
                        unsigned char *quoted)
{
    int32_t pos = 0, end = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    int in = 0;

    for (size_t k = 0; k < nt; k++) {
        while (pos < end && (size_t)pos < t[k].start) {
            UChar32 c;
            U8_NEXT(text, pos, end, c);
            if (c > 0 && is_quote(c))
                in = !in;
        }
        quoted[k] = (unsigned char)in;
    }
}

/* Mark the sentences whose text is repeated in the document (menus,
 * share buttons, repeated headlines) as not eligible. */
static int mark_repeated(struct cdoc *d)
{
    uint64_t *h = malloc((d->n + 1) * sizeof(*h)), *sorted;

    if (!h)
        return POLYALIGN_ENOMEM;
    if (!(sorted = malloc((d->n + 1) * sizeof(*sorted)))) {
        free(h);
        return POLYALIGN_ENOMEM;
    }
    for (size_t i = 0; i < d->n; i++) {
        struct polyalign_sentence st;
        uint64_t x = 14695981039346656037ULL;
        if (polyalign_doc_sentence(d->doc, i, &st) == 0)
            for (size_t k = 0; k < st.len; k++) {
                x ^= (unsigned char)st.text[k];
                x *= 1099511628211ULL;
            }
        h[i] = sorted[i] = x;
    }
    qsort(sorted, d->n, sizeof(*sorted), cmp_u64);
    for (size_t i = 0; i < d->n; i++)
        if (count_u64(sorted, d->n, h[i]) > 1)
            d->ok[i] = 0;
    free(h);
    free(sorted);
    return 0;
}

static size_t chars(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c ? c : 1;
}

/* Tokenize document @doc once: tokens, keys, forms, sentence sets. */
static int cdoc_build(struct cdoc *d, struct polyalign_normalizer *norm,
                      const struct polyalign_doc *doc)
{
    size_t n = polyalign_doc_sentence_count(doc), nset = 0;
    unsigned char *quoted = NULL;
    size_t capq = 0;
    int error = 0;

    d->doc = doc;
    d->lang = polyalign_doc_lang(doc);
    d->n = n;
    d->tok_off = calloc(n + 1, sizeof(*d->tok_off));
    d->set_off = calloc(n + 1, sizeof(*d->set_off));
    d->ok = calloc(n + 1, 1);
    d->chars = calloc(n + 1, sizeof(*d->chars));
    d->form_ids = strmap_new();
    if (!d->tok_off || !d->set_off || !d->ok || !d->chars || !d->form_ids) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        struct polyalign_sentence st;
        const struct polyalign_token *t;
        size_t nt, content = 0;

        d->tok_off[i] = d->ntok;
        if ((error = polyalign_doc_sentence(doc, i, &st)) < 0 ||
            (error = polyalign_normalizer_tokenize(norm, st.text, st.len, &t,
                                                   &nt)) < 0)
            goto cleanup;
        d->chars[i] = chars(st.text, st.len);
        if ((error = grow(&quoted, &capq, nt + 1, 1)) < 0)
            goto cleanup;
        mark_quoted(st.text, st.len, t, nt, quoted);
        for (size_t k = 0; k < nt; k++) {
            struct ctok *c;
            if (t[k].flags & POLYALIGN_TOKEN_STOPWORD)
                continue;
            if (!(t[k].flags & (POLYALIGN_TOKEN_WORD |
                                POLYALIGN_TOKEN_NUMBER)))
                continue;
            if ((error = grow(&d->tok, &d->captok, d->ntok + 1,
                              sizeof(*d->tok))) < 0)
                goto cleanup;
            c = &d->tok[d->ntok];
            c->key_off = d->nkeys;
            c->form_off = d->nforms;
            if ((error = token_keys(d, &t[k])) < 0)
                goto cleanup;
            c->nkeys = (unsigned)(d->nkeys - c->key_off);
            c->nforms = (unsigned)(d->nforms - c->form_off);
            c->quoted = quoted[k];
            c->w = 0;
            d->ntok++;
            content++;
        }
        d->ok[i] = content >= MIN_CONTENT;
    }
    d->tok_off[n] = d->ntok;
    if ((error = mark_repeated(d)) < 0)
        goto cleanup;
    /* Sorted key sets per sentence. */
    if (!(d->set = malloc((d->nkeys + 1) * sizeof(*d->set)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        size_t t0 = d->tok_off[i], t1 = d->tok_off[i + 1];
        size_t a = t0 < t1 ? d->tok[t0].key_off : 0;
        size_t b = t0 < t1 ? d->tok[t1 - 1].key_off + d->tok[t1 - 1].nkeys
                           : 0;
        d->set_off[i] = nset;
        if (b > a)
            memcpy(d->set + nset, d->keys + a, (b - a) * sizeof(*d->set));
        nset += b - a;
        sort_unique(d->set, d->set_off[i], &nset);
    }
    d->set_off[n] = nset;
cleanup:
    free(quoted);
    return error;
}

/* The inverted index of @d's eligible sentences (own keys), once. */
static int cdoc_index(struct cdoc *d)
{
    if (d->post)
        return 0;
    if (!(d->post = malloc((d->set_off[d->n] + 1) * sizeof(*d->post))))
        return POLYALIGN_ENOMEM;
    d->npost = 0;
    for (size_t j = 0; j < d->n; j++)
        for (size_t k = d->set_off[j]; d->ok[j] && k < d->set_off[j + 1];
             k++) {
            d->post[d->npost].h = d->set[k];
            d->post[d->npost++].s = j;
        }
    qsort(d->post, d->npost, sizeof(*d->post), cmp_posting);
    return 0;
}

/* @d's forms translated with @lex into @lang, once per language. */
static int cdoc_xlat(struct cdoc *d, const struct polyalign_lexicon *lex,
                     const char *lang, const struct xlat **out)
{
    struct xlat *x = NULL;
    size_t pos = 0, nk = 0, capk = 0, nset = 0, capset = 0;
    const char *key;
    void *val;
    int error = 0;

    for (size_t i = 0; i < d->nxl; i++)
        if (strcmp(d->xl[i].lang, lang) == 0) {
            *out = &d->xl[i];
            return 0;
        }
    x = realloc(d->xl, (d->nxl + 1) * sizeof(*x));
    if (!x)
        return POLYALIGN_ENOMEM;
    d->xl = x;
    x = &d->xl[d->nxl++];
    memset(x, 0, sizeof(*x));
    snprintf(x->lang, sizeof(x->lang), "%s", lang);
    if (!(x->form_off = calloc(d->nform + 1, sizeof(*x->form_off))) ||
        !(x->set_off = calloc(d->n + 1, sizeof(*x->set_off))))
        return POLYALIGN_ENOMEM;
    /* Translations of each distinct form: first count, then fill. */
    {
        size_t *cnt = calloc(d->nform + 1, sizeof(*cnt));
        if (!cnt)
            return POLYALIGN_ENOMEM;
        while (strmap_next(d->form_ids, &pos, &key, &val)) {
            const char *const *tr;
            cnt[(uintptr_t)val - 1] = polyalign_lexicon_lookup(lex, key, &tr);
        }
        for (size_t f = 0; f < d->nform; f++)
            x->form_off[f + 1] = x->form_off[f] + cnt[f];
        free(cnt);
    }
    nk = x->form_off[d->nform];
    capk = nk + 1;
    if (!(x->form_keys = malloc(capk * sizeof(*x->form_keys))))
        return POLYALIGN_ENOMEM;
    pos = 0;
    while (strmap_next(d->form_ids, &pos, &key, &val)) {
        const char *const *tr;
        size_t f = (uintptr_t)val - 1;
        size_t ntr = polyalign_lexicon_lookup(lex, key, &tr);
        for (size_t i = 0; i < ntr; i++)
            x->form_keys[x->form_off[f] + i] = hash_key('w', tr[i]);
    }
    /* Per sentence: own keys and translations, sorted. */
    for (size_t i = 0; i < d->n; i++) {
        size_t start = nset;
        x->set_off[i] = start;
        for (size_t t = d->tok_off[i]; t < d->tok_off[i + 1]; t++) {
            const struct ctok *c = &d->tok[t];
            size_t need = nset + c->nkeys;
            for (unsigned f = 0; f < c->nforms; f++) {
                uint32_t id = d->forms[c->form_off + f];
                need += x->form_off[id + 1] - x->form_off[id];
            }
            if ((error = grow(&x->set, &capset, need + 1,
                              sizeof(*x->set))) < 0)
                return error;
            for (unsigned k = 0; k < c->nkeys; k++)
                x->set[nset++] = d->keys[c->key_off + k];
            for (unsigned f = 0; f < c->nforms; f++) {
                uint32_t id = d->forms[c->form_off + f];
                for (size_t k = x->form_off[id]; k < x->form_off[id + 1];
                     k++)
                    x->set[nset++] = x->form_keys[k];
            }
        }
        sort_unique(x->set, start, &nset);
    }
    x->set_off[d->n] = nset;
    *out = x;
    return 0;
}

static double key_idf(const struct run *r, uint64_t h)
{
    size_t df = count_u64(r->df, r->ndf, h);

    return log(1.0 + (double)r->nsent / (double)(df ? df : 1));
}

/* Token weights: the IDF of the token's most frequent own key (a word's
 * lemma rather than its inflected form; a name's skeleton, counted over
 * every document), doubled inside quotation marks. */
static int run_weights(struct run *r)
{
    size_t cap = 0;

    r->ndf = 0;
    r->nsent = 0;
    for (size_t d = 0; d < r->n; d++) {
        const struct cdoc *c = &r->docs[d];
        size_t add = c->set_off[c->n];
        if (grow(&r->df, &cap, r->ndf + add + 1, sizeof(*r->df)) < 0)
            return POLYALIGN_ENOMEM;
        memcpy(r->df + r->ndf, c->set, add * sizeof(*r->df));
        r->ndf += add;
        r->nsent += c->n;
    }
    if (r->ndf)
        qsort(r->df, r->ndf, sizeof(*r->df), cmp_u64);
    for (size_t d = 0; d < r->n; d++) {
        struct cdoc *c = &r->docs[d];
        for (size_t t = 0; t < c->ntok; t++) {
            struct ctok *k = &c->tok[t];
            double w = HUGE_VAL;
            for (unsigned i = 0; i < k->nkeys; i++) {
                double x = key_idf(r, c->keys[k->key_off + i]);
                w = x < w ? x : w;
            }
            k->w = (k->nkeys ? w : 0.0) * (k->quoted ? QUOTE_WEIGHT : 1.0);
        }
    }
    return 0;
}

/* Does token @t of @d (with translations @x, or NULL) meet @set? */
static int token_meets(const struct cdoc *d, const struct ctok *t,
                       const struct xlat *x, const uint64_t *set,
                       size_t nset)
{
    for (unsigned k = 0; k < t->nkeys; k++)
        if (has_u64(set, nset, d->keys[t->key_off + k]))
            return 1;
    for (unsigned f = 0; x && f < t->nforms; f++) {
        uint32_t id = d->forms[t->form_off + f];
        for (size_t k = x->form_off[id]; k < x->form_off[id + 1]; k++)
            if (has_u64(set, nset, x->form_keys[k]))
                return 1;
    }
    return 0;
}

/* Weighted coverage of sentence @i of @d by @set: the share of its token
 * weight that meets the set; *nhit counts the tokens. */
static double coverage(const struct cdoc *d, size_t i, const struct xlat *x,
                       const uint64_t *set, size_t nset, size_t *nhit)
{
    double hit = 0, total = 0;

    *nhit = 0;
    for (size_t t = d->tok_off[i]; t < d->tok_off[i + 1]; t++) {
        const struct ctok *c = &d->tok[t];
        total += c->w;
        if (token_meets(d, c, x, set, nset)) {
            hit += c->w;
            (*nhit)++;
        }
    }
    return total > 0 ? hit / total : 0.0;
}

/* Similarity of sentence @i of @s (translations @x into @t's language, or
 * NULL) and sentence @j of @t: the harmonic mean of both coverages. */
static double pair_sim(const struct cdoc *s, size_t i, const struct xlat *x,
                       const struct cdoc *t, size_t j)
{
    const uint64_t *sset = x ? x->set + x->set_off[i] : s->set + s->set_off[i];
    size_t nsset = x ? x->set_off[i + 1] - x->set_off[i]
                     : s->set_off[i + 1] - s->set_off[i];
    size_t hs, ht;
    double cs, ct;

    cs = coverage(s, i, x, t->set + t->set_off[j],
                  t->set_off[j + 1] - t->set_off[j], &hs);
    ct = coverage(t, j, NULL, sset, nsset, &ht);
    if (hs < MIN_SHARED || ht < MIN_SHARED || cs + ct <= 0)
        return 0.0;
    return 2.0 * cs * ct / (cs + ct);
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

struct cand {
    size_t l, r; /* sentence of S, of T */
    double sim, margin;
};

static int push_pair(struct polyalign_compare *c,
                     const struct polyalign_compare_pair *p)
{
    if (grow(&c->pairs, &c->cap, c->npairs + 1, sizeof(*c->pairs)) < 0)
        return POLYALIGN_ENOMEM;
    c->pairs[c->npairs++] = *p;
    return 0;
}

/* The k best similarities of each sentence, decreasing; the last slot of
 * a row with fewer than k holds -1 - count. */
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

static size_t knn_count(const double *row, size_t k)
{
    return row[k - 1] < 0 ? (size_t)(-row[k - 1] - 1) : k;
}

/* The lexicon from @src to @tgt, loaded once per run; NULL when there is
 * none (quietly: the caller tries the other direction). */
static int run_lexicon(struct run *r, const char *src, const char *tgt,
                       struct polyalign_lexicon **out)
{
    struct lexslot *s;
    char rel[64], *path;
    int error = 0;

    *out = NULL;
    for (size_t i = 0; i < r->nlex; i++)
        if (strcmp(r->lexs[i].src, src) == 0 &&
            strcmp(r->lexs[i].tgt, tgt) == 0) {
            *out = r->lexs[i].lex;
            return 0;
        }
    if (!(s = realloc(r->lexs, (r->nlex + 1) * sizeof(*s))))
        return POLYALIGN_ENOMEM;
    r->lexs = s;
    s = &r->lexs[r->nlex++];
    memset(s, 0, sizeof(*s));
    snprintf(s->src, sizeof(s->src), "%s", src);
    snprintf(s->tgt, sizeof(s->tgt), "%s", tgt);
    snprintf(rel, sizeof(rel), "lexicon/%s-%s.tsv", src, tgt);
    if (!(path = polyalign_context_find_data(r->ctx, rel)))
        return 0;
    free(path);
    if ((error = polyalign_lexicon_new(&s->lex, r->ctx, src, tgt)) < 0)
        return error;
    error = polyalign_lexicon_load_default(s->lex);
    if (error == POLYALIGN_ENOTFOUND) { /* empty: warned */
        polyalign_lexicon_free(s->lex);
        s->lex = NULL;
        error = 0;
    }
    *out = s->lex;
    return error;
}

/* Compare documents @ia and @ib of the run; pairs go to @c. */
static int compare_two(struct polyalign_compare *c, struct run *r, size_t ia,
                       size_t ib)
{
    struct cdoc *s = &r->docs[ia], *t = &r->docs[ib];
    struct polyalign_lexicon *lex = NULL;
    const struct xlat *x = NULL;
    struct cand *cd = NULL;
    double *acc = NULL, *ks = NULL, *kt = NULL;
    size_t *touched = NULL, ncd = 0, capcd = 0, is = ia, it = ib;
    size_t *best_s = NULL, *best_t = NULL, k = r->k;
    int error = 0;

    if (!s->n || !t->n)
        return 0;
    /* S is the side with a lexicon into T's language. */
    if (strcmp(s->lang, t->lang) != 0 && !r->no_lexicon) {
        if ((error = run_lexicon(r, s->lang, t->lang, &lex)) < 0)
            goto cleanup;
        if (!lex) {
            if ((error = run_lexicon(r, t->lang, s->lang, &lex)) < 0)
                goto cleanup;
            if (lex) {
                struct cdoc *tmp = s;
                s = t;
                t = tmp;
                is = ib;
                it = ia;
            } else {
                ctx_warn(r->ctx, "compare: no %s-%s lexicon; names, numbers"
                         " and identical words only", s->lang, t->lang);
            }
        }
        if (lex && (error = cdoc_xlat(s, lex, t->lang, &x)) < 0)
            goto cleanup;
    }
    if ((error = cdoc_index(t)) < 0)
        goto cleanup;

    /* Candidates: sentences of T sharing keys, by summed IDF; keys found
     * in more than a tenth of T's sentences (and at least 8) are too
     * common to propose anything. */
    acc = calloc(t->n, sizeof(*acc));
    touched = calloc(t->n, sizeof(*touched));
    if (!acc || !touched) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < s->n; i++) {
        size_t nt = 0, maxdf = t->n / 10 > 8 ? t->n / 10 : 8;
        const uint64_t *set = x ? x->set : s->set;
        const size_t *off = x ? x->set_off : s->set_off;
        if (!s->ok[i])
            continue;
        for (size_t q = off[i]; q < off[i + 1]; q++) {
            uint64_t h = set[q];
            size_t lo = 0, hi = t->npost, e;
            double idf;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (t->post[mid].h < h)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (e = lo; e < t->npost && t->post[e].h == h && e - lo <= maxdf;
                 e++)
                ;
            if (e == lo || e - lo > maxdf)
                continue;
            idf = key_idf(r, h);
            for (size_t p = lo; p < e; p++) {
                if (acc[t->post[p].s] == 0)
                    touched[nt++] = t->post[p].s;
                acc[t->post[p].s] += idf;
            }
        }
        /* Score the MAX_CANDIDATES best (partial selection). */
        for (size_t q = 0; q < nt && q < MAX_CANDIDATES; q++) {
            size_t bi = q, tmp;
            double sim;
            for (size_t z = q + 1; z < nt; z++)
                if (acc[touched[z]] > acc[touched[bi]])
                    bi = z;
            tmp = touched[q];
            touched[q] = touched[bi];
            touched[bi] = tmp;
            sim = pair_sim(s, i, x, t, touched[q]);
            if (sim <= 0)
                continue;
            if ((error = grow(&cd, &capcd, ncd + 1, sizeof(*cd))) < 0)
                goto cleanup;
            cd[ncd].l = i;
            cd[ncd].r = touched[q];
            cd[ncd].sim = sim;
            ncd++;
        }
        for (size_t q = 0; q < nt; q++)
            acc[touched[q]] = 0;
    }

    /* Margins, then mutual best. */
    if ((error = knn_lists(cd, ncd, s->n, 0, k, &ks)) < 0 ||
        (error = knn_lists(cd, ncd, t->n, 1, k, &kt)) < 0)
        goto cleanup;
    best_s = malloc((s->n + 1) * sizeof(*best_s));
    best_t = malloc((t->n + 1) * sizeof(*best_t));
    if (!best_s || !best_t) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < s->n; i++)
        best_s[i] = SIZE_MAX;
    for (size_t j = 0; j < t->n; j++)
        best_t[j] = SIZE_MAX;
    for (size_t q = 0; q < ncd; q++) {
        const double *ra = ks + cd[q].l * k, *rb = kt + cd[q].r * k;
        cd[q].margin = polyalign_compare_margin(
            cd[q].sim, ra, knn_count(ra, k), rb, knn_count(rb, k), k,
            MARGIN_FLOOR);
        if (best_s[cd[q].l] == SIZE_MAX ||
            cd[q].margin > cd[best_s[cd[q].l]].margin)
            best_s[cd[q].l] = q;
        if (best_t[cd[q].r] == SIZE_MAX ||
            cd[q].margin > cd[best_t[cd[q].r]].margin)
            best_t[cd[q].r] = q;
    }
    for (size_t q = 0; q < ncd; q++) {
        struct polyalign_compare_pair p;
        if (best_s[cd[q].l] != q || best_t[cd[q].r] != q ||
            cd[q].margin < r->thr || cd[q].sim < MIN_SIMILARITY)
            continue;
        p.left_doc = is < it ? is : it;
        p.left_index = is < it ? cd[q].l : cd[q].r;
        p.right_doc = is < it ? it : is;
        p.right_index = is < it ? cd[q].r : cd[q].l;
        p.score = cd[q].margin;
        p.similarity = cd[q].sim;
        p.statement = 0;
        if ((error = push_pair(c, &p)) < 0)
            goto cleanup;
    }
cleanup:
    free(cd);
    free(acc);
    free(touched);
    free(ks);
    free(kt);
    free(best_s);
    free(best_t);
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
    if (x->left_index != y->left_index)
        return x->left_index < y->left_index ? -1 : 1;
    if (x->right_doc != y->right_doc)
        return x->right_doc < y->right_doc ? -1 : 1;
    return x->right_index < y->right_index ? -1
                                           : x->right_index > y->right_index;
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
    struct run r = {0};
    size_t *base = NULL, total = 0;
    int error = 0;

    if (!out)
        return POLYALIGN_EINVAL;
    *out = NULL;
    if (!ctx || (n && !docs))
        return POLYALIGN_EINVAL;
    r.ctx = ctx;
    r.n = n;
    r.k = opts && opts->k ? opts->k : DEFAULT_K;
    r.thr = opts && opts->threshold > 0 ? opts->threshold
                                        : DEFAULT_THRESHOLD;
    r.no_lexicon = opts && opts->no_default_lexicon;
    if (!(c = calloc(1, sizeof(*c))) ||
        !(base = calloc(n + 1, sizeof(*base))) ||
        !(r.docs = calloc(n + 1, sizeof(*r.docs)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t d = 0; d < n; d++) {
        struct polyalign_normalizer *norm = NULL;
        if (!docs[d]) {
            error = ctx_error(ctx, POLYALIGN_EINVAL, "compare: document "
                              "%zu is NULL", d);
            goto cleanup;
        }
        base[d] = total;
        total += polyalign_doc_sentence_count(docs[d]);
        error = polyalign_normalizer_new(&norm, ctx,
                                         polyalign_doc_lang(docs[d]));
        if (error == 0)
            error = cdoc_build(&r.docs[d], norm, docs[d]);
        polyalign_normalizer_free(norm);
        if (error < 0)
            goto cleanup;
    }
    base[n] = total;
    if ((error = run_weights(&r)) < 0)
        goto cleanup;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if ((error = compare_two(c, &r, i, j)) < 0)
                goto cleanup;
    if (c->npairs)
        qsort(c->pairs, c->npairs, sizeof(*c->pairs), cmp_pair_score);
    if ((error = group(c, base, total)) < 0)
        goto cleanup;
    *out = c;
    c = NULL;
cleanup:
    for (size_t d = 0; r.docs && d < n; d++)
        cdoc_free(&r.docs[d]);
    free(r.docs);
    for (size_t i = 0; i < r.nlex; i++)
        polyalign_lexicon_free(r.lexs[i].lex);
    free(r.lexs);
    free(r.df);
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
