/* Lexical evidence for the aligner.  Each source token becomes the set of
 * target keys it may appear as (its lexicon translations by folded form,
 * lemma and clitic-stripped variant, itself for identical words and loans,
 * its name skeletons, entity id and number key); each target token the set
 * of its own keys.  A bead's similarity is the share of content tokens on
 * both sides that meet the other side, in the spirit of the lexical
 * scores of Moore (2002) and Varga et al. (2005, hunalign), without their
 * IBM-1 or dictionary-translated length terms. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "context.h"
#include "lexicon.h"
#include "norm.h"
#include "polyalign/evidence.h"

/* Tuned on dev data only (bench/lexical.sh; strict F1): Text+Berg dev
 * 0.719 length-only; UN dev fr-ru and fr-ar with 10% of the target
 * deleted 0.855 and 0.857 length-only.  Reward not scaled by the bead's
 * size, weight 8 / 16 / 24 / 32: Text+Berg dev 0.818 / 0.823 / 0.825 /
 * 0.816, UN fr-ru 0.936 / 0.943 / 0.949 / 0.952, fr-ar 0.922 / 0.934 /
 * 0.946 / 0.951.  Scaled by min(sc, tc) instead (weight 8): 0.815, 0.926,
 * 0.911, and 2-2 beads replace pairs of 1-1 beads on NTREX fr-ru (11
 * wrong beads in 40 documents against 3).  The baseline, 0.1 or 0.2, made
 * no difference.  Dropping frequent anchors: Text+Berg dev 0.815 (from
 * 0.824), UN fr-ru 0.926 (from 0.924), fr-ar unchanged (at weight 8,
 * scaled); kept for comparable news, where names recur. */
#define DEFAULT_WEIGHT 24.0
#define BASELINE 0.1
/* A sentence of a many-sentence side of a bead (2-1, 2-2...) that meets
 * under GLUED_COVER of its tokens in the other side, with GLUED_TOKENS
 * tokens or more, is a deletion glued onto its neighbour: the bead costs
 * up to the weight more (linearly as its coverage falls to 0).  A genuine
 * 2-1 bead's sentences each meet part of the other side.  NTREX running
 * text with 10% of the target lines deleted, lexical, strict F1 fr-ru /
 * fr-ar / ru-ar: 0.936 / 0.905 / 0.871 without, 0.956 / 0.937 / 0.925
 * with (bench/align-ntrex.sh).  Short sentences are left out: from 3
 * tokens up the check lowered Text+Berg test from 0.876 to 0.857, from 6
 * it gives 0.874 (dev 0.825 to 0.830). */
#define GLUED_COVER 0.1
#define GLUED_TOKENS 6

struct ev_range {
    size_t off, n;
};

/* A Bloom filter per sentence over its hash set (Bloom 1970): most
 * membership tests miss, and the filter answers those without a search. */
#define BLOOM_WORDS 16 /* 1024 bits */

struct ev_side {
    uint64_t (*bloom)[BLOOM_WORDS]; /* per sentence */
    struct ev_range *sent_tok; /* per sentence: range in tok */
    struct ev_range *sent_set; /* per sentence: range in set (sorted) */
    size_t n;
    struct ev_range *tok; /* per token: range in h */
    size_t ntok, captok;
    uint64_t *h;
    size_t nh, caph;
    uint64_t *set;
    size_t nset, capset;
};

/* Token hits per sentence pair (i, j), cached: the aligner asks for the
 * beads around each lattice cell in every pass, and a bead's score is put
 * together from the pairs it holds.  A direct-mapped cache (fixed memory,
 * one probe) indexed by the source sentence and the target's offset from
 * the diagonal, where the aligner's band lies.  Key i * m + j + 1 (0:
 * empty); values: which tokens of each side meet the other (bit k for
 * token k mod 64), so that a bead's hits are exact unions (popcounts of
 * ORs) however many sentences it holds. */
#define PAIR_MAX_BITS 22 /* at most 4M slots, 96 MB */
/* 64 slots per sentence: the offset wraps around, so any run of up to 64
 * consecutive targets (the aligner's bands are 17 to 49 cells wide) gets
 * distinct slots wherever the path strays from the diagonal; 256 (before)
 * touched four times the pages: 170 MB peak on the 10k scale test. */
#define PAIR_SPREAD 6

struct ev_pair_hits {
    uint64_t src, tgt;
};

struct ev_pairs {
    uint64_t *keys;
    struct ev_pair_hits *vals;
    size_t mask;
    /* Slots per sentence: 1 << spread, PAIR_SPREAD unless the sentences
     * would then wrap around the table.  Each sentence has slots of its
     * own, so that two threads scoring beads of different source
     * sentences never write the same slot (POLYALIGN_ALIGN_SCORER_
     * CONCURRENT). */
    unsigned spread;
};

/* What a build reads: the caller's texts (borrowed) and copies of the
 * rest, so that polyalign_evidence_start() may return before it runs. */
struct ev_input {
    struct polyalign_context *ctx;
    char *src_lang, *tgt_lang;
    const char **src, **tgt;
    size_t *src_len, *tgt_len; /* NULL: strlen() */
    size_t n, m;
    char **lexicon_files; /* NULL-terminated, or NULL */
    int no_default_lexicon;
    int release_dictionaries;
};

struct polyalign_evidence {
    struct ev_side src, tgt;
    double weight;
    struct ev_pairs pairs;
    /* A background build (polyalign_evidence_start()): the thread, its
     * input and result; pending until the reading functions (in the
     * caller's thread) have seen it built; joined when freed (after built,
     * it may still be releasing the dictionaries). */
    pthread_t builder;
    int started;            /* builder to join */
    pthread_mutex_t lock;   /* built, done */
    pthread_cond_t done;
    int built;
    atomic_int pending;
    int error;
    struct ev_input in;
    /* The target side built by the caller of polyalign_evidence_start()
     * (its thread has the core the builder would otherwise share three
     * ways): tgt_job's result, tgt_done under the lock. */
    int tgt_by_caller, tgt_done, tgt_error;
};

/* Anchors (names, entities, numbers) carry the top bit, words not: the
 * frequent anchors are dropped (drop_frequent()). */
#define ANCHOR_BIT (1ULL << 63)

static uint64_t hash_key(char kind, const char *s)
{
    uint64_t h = 14695981039346656037ULL;

    h ^= (unsigned char)kind;
    h *= 1099511628211ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return kind == '#' || kind == 'N' || kind == 'E' ? h | ANCHOR_BIT
                                                     : h & ~ANCHOR_BIT;
}

static int push_hash(uint64_t **v, size_t *n, size_t *cap, uint64_t h)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        uint64_t *p = realloc(*v, c * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = h;
    return 0;
}

/* Sort in place: insertion sort for short runs, quicksort (median of
 * three) above; libc's qsort, through a comparison function, took a tenth
 * of the time on the 100k scale test. */
static void sort_u64(uint64_t *v, size_t n)
{
    while (n > 16) {
        uint64_t a = v[0], b = v[n / 2], c = v[n - 1], p, t;
        size_t i = 0, j = n - 1;

        p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        for (;;) {
            while (v[i] < p)
                i++;
            while (v[j] > p)
                j--;
            if (i >= j)
                break;
            t = v[i];
            v[i] = v[j];
            v[j] = t;
            i++;
            j--;
        }
        /* [0, j] <= p <= [j + 1, n): recurse on the smaller part. */
        if (j + 1 < n - j - 1) {
            sort_u64(v, j + 1);
            v += j + 1;
            n -= j + 1;
        } else {
            sort_u64(v + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t k = i;
        for (; k > 0 && v[k - 1] > x; k--)
            v[k] = v[k - 1];
        v[k] = x;
    }
}

/* Remove repeats from a sorted array; returns the new length. */
static size_t unique_u64(uint64_t *v, size_t n)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        if (k == 0 || v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

static int has_hash(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < h)
            lo = mid + 1;
        else if (v[mid] > h)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

static void side_free(struct ev_side *s)
{
    free(s->bloom);
    free(s->sent_tok);
    free(s->sent_set);
    free(s->tok);
    free(s->h);
    free(s->set);
}

/* Inflectional endings tried when a word has no Hunspell lemma (German
 * has no dictionary in Debian 12 main's hunspell packages we use): a
 * crude stemmer, for lexicon lookups only. */
static const char *const endings[] = {"ern", "en", "er", "es", "em", "e",
                                      "n", "s", NULL};

/* A token's own forms: the folded form, its lemmas and clitic-stripped
 * variants (at most @max). */
static size_t own_forms(const struct polyalign_token *t, const char **v,
                        size_t max)
{
    size_t n = 0;

    v[n++] = t->folded;
    for (size_t i = 0; i < t->n_lemmas && n < max; i++)
        v[n++] = t->lemmas[i];
    for (size_t i = 0; i < t->n_variants && n < max; i++)
        v[n++] = t->variants[i];
    return n;
}

/* The forms of a source token looked up in the lexicon: its own forms and,
 * without a lemma, its crude stem (written into @stem, @size bytes).
 * @keys holds LEXICON_KEYS. */
#define LEXICON_KEYS 65
static size_t lexicon_keys(const struct polyalign_token *t, const char **keys,
                           char *stem, size_t size)
{
    size_t nk = own_forms(t, keys, LEXICON_KEYS - 1);
    size_t fl = strlen(t->folded);

    for (size_t e = 0; !t->n_lemmas && endings[e]; e++) {
        size_t el = strlen(endings[e]);
        if (fl >= el + 3 && fl < size &&
            strcmp(t->folded + fl - el, endings[e]) == 0) {
            memcpy(stem, t->folded, fl - el);
            stem[fl - el] = '\0';
            keys[nk++] = stem;
            break;
        }
    }
    return nk;
}

/* Cognates: words sharing their first 4 letters (Simard, Foster &
 * Isabelle 1992, "Using cognates to align sentences in bilingual
 * corpora"), for pairs written in the same script. */
#define COGNATE_PREFIX 4

static int cognate_key(const char *folded, char *out)
{
    size_t n = 0;
    const char *p = folded;

    while (*p && n < COGNATE_PREFIX) {
        unsigned char c = (unsigned char)*p;
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        p += l;
        n++;
    }
    if (n < COGNATE_PREFIX || strlen(folded) < 5)
        return 0;
    memcpy(out, folded, (size_t)(p - folded));
    out[p - folded] = '\0';
    return 1;
}

/* Add the keys of one token: a target token's own keys, or (with @lex) a
 * source token's translations into the target. */
static int token_keys(struct ev_side *s, const struct polyalign_token *t,
                      const struct polyalign_lexicon *lex, int cognates)
{
    char cog[32], stem[256];
    int error = 0;

#define PUSH(kind, str) \
    if ((error = push_hash(&s->h, &s->nh, &s->caph, \
                           hash_key((kind), (str)))) < 0) \
        return error
    if (t->flags & POLYALIGN_TOKEN_NUMBER) {
        if (t->number)
            PUSH('#', t->number);
        return 0;
    }
    PUSH('w', t->folded);
    if (!lex) {
        for (size_t i = 0; i < t->n_lemmas; i++)
            PUSH('w', t->lemmas[i]);
        for (size_t i = 0; i < t->n_variants; i++)
            PUSH('w', t->variants[i]);
    } else {
        const char *keys[LEXICON_KEYS];
        size_t nk = lexicon_keys(t, keys, stem, sizeof(stem));

        for (size_t k = 0; k < nk; k++) {
            const char *const *tr;
            size_t ntr = polyalign_lexicon_lookup(lex, keys[k], &tr);
            for (size_t i = 0; i < ntr; i++)
                PUSH('w', tr[i]);
        }
    }
    if (cognates && cognate_key(t->folded, cog))
        PUSH('C', cog);
    for (size_t i = 0; i < t->n_skeletons; i++)
        PUSH('N', t->skeletons[i]);
    if (t->entity)
        PUSH('E', t->entity);
#undef PUSH
    return error;
}

/* Per sentence, the sorted set of all its tokens' hashes and its Bloom
 * filter. */
static int side_index(struct ev_side *s)
{
    int error;

    s->nset = 0;
    memset(s->bloom, 0, (s->n ? s->n : 1) * sizeof(*s->bloom));
    for (size_t i = 0; i < s->n; i++) {
        const struct ev_range *r = &s->sent_tok[i];
        size_t start = s->nset;
        for (size_t k = r->off; k < r->off + r->n; k++)
            for (size_t j = 0; j < s->tok[k].n; j++)
                if ((error = push_hash(&s->set, &s->nset, &s->capset,
                                       s->h[s->tok[k].off + j])) < 0)
                    return error;
        if (s->nset - start > 1) { /* (no arithmetic on a NULL set) */
            sort_u64(s->set + start, s->nset - start);
            s->nset = start + unique_u64(s->set + start, s->nset - start);
        }
        for (size_t k = start; k < s->nset; k++) {
            uint64_t h = s->set[k];
            s->bloom[i][(h >> 6) & (BLOOM_WORDS - 1)] |= 1ULL << (h & 63);
            s->bloom[i][(h >> 38) & (BLOOM_WORDS - 1)] |=
                1ULL << ((h >> 32) & 63);
        }
        s->sent_set[i].off = start;
        s->sent_set[i].n = s->nset - start;
    }
    return 0;
}

/* The keys of a token depend on its type (the normalizer's entry, whose
 * folded string is one object per type), its entity and whether its
 * skeletons count: a repeated token copies the hashes of its first
 * occurrence instead of looking its lemmas up in the lexicon again.  Open
 * addressing over those three. */
struct key_memo {
    const void *folded, *entity;
    size_t n_skeletons;
    size_t off, n; /* range in the side's h */
};

struct key_memos {
    struct key_memo *v;
    size_t cap, count;
};

static size_t memo_slot(const struct key_memos *m,
                        const struct polyalign_token *t)
{
    uint64_t h = (uint64_t)(uintptr_t)t->folded * 0x9E3779B97F4A7C15ULL ^
                 (uint64_t)(uintptr_t)t->entity * 0xC2B2AE3D27D4EB4FULL ^
                 t->n_skeletons;
    size_t i = (size_t)(h ^ (h >> 29)) & (m->cap - 1);

    while (m->v[i].folded &&
           (m->v[i].folded != (const void *)t->folded ||
            m->v[i].entity != (const void *)t->entity ||
            m->v[i].n_skeletons != t->n_skeletons))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int memo_grow(struct key_memos *m)
{
    struct key_memos b = {NULL, m->cap ? m->cap * 2 : 4096, m->count};

    if (!(b.v = calloc(b.cap, sizeof(*b.v))))
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        const struct key_memo *e = &m->v[i];
        struct polyalign_token t = {0};
        size_t k;

        if (!e->folded)
            continue;
        t.folded = e->folded;
        t.entity = e->entity;
        t.n_skeletons = e->n_skeletons;
        k = memo_slot(&b, &t);
        b.v[k] = *e;
    }
    free(m->v);
    *m = b;
    return 0;
}

static int side_build(struct ev_side *s, struct polyalign_normalizer *norm,
                      const char *const *text, const size_t *len, size_t n,
                      const struct polyalign_lexicon *lex, int cognates)
{
    struct key_memos memo = {NULL, 0, 0};
    size_t slot;
    int error = 0;

    s->n = n;
    s->sent_tok = calloc(n ? n : 1, sizeof(*s->sent_tok));
    s->sent_set = calloc(n ? n : 1, sizeof(*s->sent_set));
    s->bloom = calloc(n ? n : 1, sizeof(*s->bloom));
    if (!s->sent_tok || !s->sent_set || !s->bloom)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct polyalign_token *t;
        size_t nt, h0;

        error = polyalign_normalizer_tokenize(
            norm, text[i], len ? len[i] : strlen(text[i]), &t, &nt);
        if (error < 0)
            goto cleanup;
        s->sent_tok[i].off = s->ntok;
        for (size_t k = 0; k < nt; k++) {
            if (t[k].flags & POLYALIGN_TOKEN_STOPWORD)
                continue;
            if (s->ntok == s->captok) {
                size_t c = s->captok ? s->captok * 2 : 256;
                struct ev_range *p = realloc(s->tok, c * sizeof(*p));
                if (!p) {
                    error = POLYALIGN_ENOMEM;
                    goto cleanup;
                }
                s->tok = p;
                s->captok = c;
            }
            h0 = s->nh;
            if ((memo.count + 1) * 2 > memo.cap &&
                (error = memo_grow(&memo)) < 0)
                goto cleanup;
            slot = memo_slot(&memo, &t[k]);
            if (memo.v[slot].folded) {
                const struct key_memo *e = &memo.v[slot];
                for (size_t q = 0; q < e->n; q++)
                    if ((error = push_hash(&s->h, &s->nh, &s->caph,
                                           s->h[e->off + q])) < 0)
                        goto cleanup;
            } else {
                if ((error = token_keys(s, &t[k], lex, cognates)) < 0)
                    goto cleanup;
                memo.v[slot] = (struct key_memo){
                    t[k].folded, t[k].entity, t[k].n_skeletons, h0,
                    s->nh - h0};
                memo.count++;
            }
            s->tok[s->ntok].off = h0;
            s->tok[s->ntok].n = s->nh - h0;
            s->ntok++;
        }
        s->sent_tok[i].n = s->ntok - s->sent_tok[i].off;
    }
cleanup:
    free(memo.v);
    return error;
}

/* Anchors found in more than this many sentences of a side say little
 * about which sentences pair up (Putin and Biden in every sentence of a
 * news report, a year on every line of a table): they are dropped. */
static size_t frequent_limit(size_t n)
{
    return n / 20 > 3 ? n / 20 : 3;
}

/* Append to *out the anchors of @s found in more than frequent_limit()
 * sentences. */
static int frequent_anchors(const struct ev_side *s, uint64_t **out,
                            size_t *nout, size_t *cap)
{
    uint64_t *all = NULL;
    size_t n = 0, acap = 0, lim = frequent_limit(s->n);
    int error = 0;

    for (size_t i = 0; i < s->n; i++) {
        const struct ev_range *r = &s->sent_tok[i];
        size_t start = n;
        for (size_t k = r->off; k < r->off + r->n; k++)
            for (size_t j = 0; j < s->tok[k].n; j++) {
                uint64_t h = s->h[s->tok[k].off + j];
                if ((h & ANCHOR_BIT) &&
                    (error = push_hash(&all, &n, &acap, h)) < 0)
                    goto cleanup;
            }
        /* Once per sentence. */
        if (n - start > 1) {
            sort_u64(all + start, n - start);
            n = start + unique_u64(all + start, n - start);
        }
    }
    sort_u64(all, n);
    for (size_t k = 0, run = 1; k < n; k++, run++) {
        if (k + 1 < n && all[k + 1] == all[k])
            continue;
        if (run > lim && (error = push_hash(out, nout, cap, all[k])) < 0)
            goto cleanup;
        run = 0;
    }
cleanup:
    free(all);
    return error;
}

/* Remove the hashes in @freq (sorted) from @s; tokens left without any
 * are no longer counted. */
static int side_drop(struct ev_side *s, const uint64_t *freq, size_t nf)
{
    size_t nt = 0, nh = 0;

    for (size_t i = 0; i < s->n; i++) {
        struct ev_range r = s->sent_tok[i];
        s->sent_tok[i].off = nt;
        for (size_t k = r.off; k < r.off + r.n; k++) {
            struct ev_range t = s->tok[k];
            size_t start = nh;
            for (size_t j = t.off; j < t.off + t.n; j++) {
                uint64_t h = s->h[j];
                if (!(h & ANCHOR_BIT) || !has_hash(freq, nf, h))
                    s->h[nh++] = h;
            }
            if (nh > start) {
                s->tok[nt].off = start;
                s->tok[nt].n = nh - start;
                nt++;
            }
        }
        s->sent_tok[i].n = nt - s->sent_tok[i].off;
    }
    s->ntok = nt;
    s->nh = nh;
    return 0;
}

/* A bit set over hashes (a Bloom filter with one function) of every key
 * of the other side; the keys of a side not in it cannot meet the other
 * side and are removed (tokens stay, counted, even when left without
 * keys).  Most of a
 * source word's lexicon translations never occur in the target document:
 * this shrinks the sets the scorer searches. */
#define FILTER_BITS 24

static uint64_t filter_bit(uint64_t h)
{
    return (h ^ (h >> 29)) & (((uint64_t)1 << FILTER_BITS) - 1);
}

/* The filter of @o's hashes, or NULL without memory (then nothing is
 * filtered against it: still correct). */
static uint64_t *side_bits(const struct ev_side *o)
{
    uint64_t *bits = calloc((size_t)1 << (FILTER_BITS - 6), sizeof(*bits));

    for (size_t k = 0; bits && k < o->nh; k++) {
        uint64_t b = filter_bit(o->h[k]);
        bits[b >> 6] |= 1ULL << (b & 63);
    }
    return bits;
}

/* Keep the hashes of @s that the other side's filter @bits may hold: the
 * others can meet nothing.  Both sides are filtered against the other's
 * unfiltered hashes, so that they can be filtered at once: a hash kept
 * that way and not before is in no set of the other side, and meets
 * nothing either. */
static void side_filter(struct ev_side *s, const uint64_t *bits)
{
    size_t nh = 0;

    if (!bits)
        return;
    for (size_t t = 0; t < s->ntok; t++) {
        size_t start = nh;
        for (size_t j = s->tok[t].off; j < s->tok[t].off + s->tok[t].n;
             j++) {
            uint64_t h = s->h[j], b = filter_bit(h);
            if (bits[b >> 6] >> (b & 63) & 1)
                s->h[nh++] = h;
        }
        s->tok[t].off = start;
        s->tok[t].n = nh - start;
    }
    s->nh = nh;
}

struct filter_job {
    struct ev_side *side;
    const uint64_t *bits;
    int error;
};

static void *filter_job_run(void *arg)
{
    struct filter_job *j = arg;

    side_filter(j->side, j->bits);
    j->error = side_index(j->side);
    return NULL;
}

/* Filter and index both sides, the target's in a worker when the context
 * has threads: the other core is idle by then. */
static int sides_filter(struct polyalign_evidence *ev, int threads)
{
    uint64_t *bs = side_bits(&ev->src), *bt = side_bits(&ev->tgt);
    struct filter_job js = {&ev->src, bt, 0}, jt = {&ev->tgt, bs, 0};

    ctx_run_both(filter_job_run, &js, &jt, threads > 1);
    free(bs);
    free(bt);
    return js.error < 0 ? js.error : jt.error;
}

static int drop_frequent(struct polyalign_evidence *ev)
{
    uint64_t *freq = NULL;
    size_t nf = 0, cap = 0;
    int error;

    if ((error = frequent_anchors(&ev->src, &freq, &nf, &cap)) < 0 ||
        (error = frequent_anchors(&ev->tgt, &freq, &nf, &cap)) < 0)
        goto cleanup;
    if (!nf)
        goto cleanup;
    sort_u64(freq, nf);
    if ((error = side_drop(&ev->src, freq, nf)) < 0 ||
        (error = side_drop(&ev->tgt, freq, nf)) < 0)
        goto cleanup;
cleanup:
    free(freq);
    return error;
}

/* The script of the first letter found in the first sentences. */
static UScriptCode first_script(const char *const *text, const size_t *len,
                                size_t n)
{
    for (size_t i = 0; i < n && i < 50; i++) {
        size_t l = len ? len[i] : strlen(text[i]);
        for (int32_t k = 0; k < (int32_t)l;) {
            UChar32 c;
            UErrorCode st = U_ZERO_ERROR;
            U8_NEXT(text[i], k, (int32_t)l, c);
            if (c > 0 && u_isalpha(c))
                return uscript_getScript(c, &st);
        }
    }
    return USCRIPT_INVALID_CODE;
}

static int same_script(const char *const *src, const size_t *src_len,
                       size_t n, const char *const *tgt,
                       const size_t *tgt_len, size_t m)
{
    UScriptCode a = first_script(src, src_len, n);

    return a != USCRIPT_INVALID_CODE && a == first_script(tgt, tgt_len, m);
}

/* One document's side: its normalizer (opened here, with its Hunspell
 * dictionary) and its keys.  The two sides share nothing but the context
 * (locked, see context.h) and read-only resources, so they run in two
 * threads at once. */
struct side_job {
    struct polyalign_context *ctx;
    const char *lang;
    const char *const *text;
    const size_t *len;
    size_t n;
    const struct polyalign_lexicon *lex;
    int cognates;
    struct ev_side *side;
    int error;
};

static void *side_job_run(void *arg)
{
    struct side_job *j = arg;
    struct polyalign_normalizer *norm = NULL;

    if ((j->error = polyalign_normalizer_new(&norm, j->ctx, j->lang)) >= 0)
        j->error = side_build(j->side, norm, j->text, j->len, j->n, j->lex,
                              j->cognates);
    polyalign_normalizer_free(norm);
    return NULL;
}

static void input_clear(struct ev_input *in)
{
    free(in->src_lang);
    free(in->tgt_lang);
    free(in->src);
    free(in->tgt);
    free(in->src_len);
    free(in->tgt_len);
    for (size_t i = 0; in->lexicon_files && in->lexicon_files[i]; i++)
        free(in->lexicon_files[i]);
    free(in->lexicon_files);
    memset(in, 0, sizeof(*in));
}

static int copy_texts(const char ***out, size_t **out_len,
                      const char *const *text, const size_t *len, size_t n)
{
    if (!(*out = malloc((n ? n : 1) * sizeof(**out))))
        return POLYALIGN_ENOMEM;
    if (n)
        memcpy(*out, text, n * sizeof(**out));
    if (len) {
        if (!(*out_len = malloc((n ? n : 1) * sizeof(**out_len))))
            return POLYALIGN_ENOMEM;
        if (n)
            memcpy(*out_len, len, n * sizeof(**out_len));
    }
    return 0;
}

static int input_copy(struct ev_input *in, struct polyalign_context *ctx,
                      const char *src_lang, const char *const *src,
                      const size_t *src_len, size_t n, const char *tgt_lang,
                      const char *const *tgt, const size_t *tgt_len,
                      size_t m,
                      const struct polyalign_evidence_options *opts)
{
    size_t k = 0;
    int error;

    in->ctx = ctx;
    in->n = n;
    in->m = m;
    in->no_default_lexicon = opts && opts->no_default_lexicon;
    in->release_dictionaries = opts && opts->release_dictionaries;
    if (!(in->src_lang = strdup(src_lang)) ||
        !(in->tgt_lang = strdup(tgt_lang)))
        return POLYALIGN_ENOMEM;
    if ((error = copy_texts(&in->src, &in->src_len, src, src_len, n)) < 0 ||
        (error = copy_texts(&in->tgt, &in->tgt_len, tgt, tgt_len, m)) < 0)
        return error;
    while (opts && opts->lexicon_files && opts->lexicon_files[k])
        k++;
    if (!k)
        return 0;
    if (!(in->lexicon_files = calloc(k + 1, sizeof(*in->lexicon_files))))
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < k; i++)
        if (!(in->lexicon_files[i] = strdup(opts->lexicon_files[i])))
            return POLYALIGN_ENOMEM;
    return 0;
}

/* Wait for the caller of polyalign_evidence_start() to finish the target
 * side (tgt_by_caller). */
static void tgt_wait(struct polyalign_evidence *ev)
{
    pthread_mutex_lock(&ev->lock);
    while (!ev->tgt_done)
        pthread_cond_wait(&ev->done, &ev->lock);
    pthread_mutex_unlock(&ev->lock);
}

/* Build @ev's sides and pair cache from @in (everything but the weight).
 * The lexicon goes to *@lex_out, for the caller to free once the evidence
 * is marked built (freeing it is no part of the build's time). */
static int evidence_build(struct polyalign_evidence *ev,
                          const struct ev_input *in,
                          struct polyalign_lexicon **lex_out)
{
    struct polyalign_context *ctx = in->ctx;
    struct polyalign_lexicon *lex = NULL;
    struct side_job js = {0}, jt = {0};
    pthread_t worker;
    int error = 0, cognates, started = 0;

    cognates = same_script(in->src, in->src_len, in->n, in->tgt,
                           in->tgt_len, in->m);
    js = (struct side_job){ctx,         in->src_lang, in->src, in->src_len,
                           in->n,       NULL,         cognates, &ev->src,
                           0};
    jt = (struct side_job){ctx,         in->tgt_lang, in->tgt, in->tgt_len,
                           in->m,       NULL,         cognates, &ev->tgt,
                           0};
    /* The target side (its dictionary loaded, its words stemmed) in a
     * worker while this thread loads the lexicon and does the source: on
     * the 10k scale test each side takes about half the evidence's time.
     * In a background build, the caller of polyalign_evidence_start() does
     * it (tgt_by_caller).  Without a thread, in turn: the same keys. */
    if (!ev->tgt_by_caller && polyalign_context_threads(ctx) > 1 &&
        !ctx_same_language(in->src_lang, in->tgt_lang) &&
        pthread_create(&worker, NULL, side_job_run, &jt) == 0)
        started = 1;
    if ((error = polyalign_lexicon_new(&lex, ctx, in->src_lang,
                                       in->tgt_lang)) < 0)
        goto cleanup;
    if (!in->no_default_lexicon) {
        error = polyalign_lexicon_load_default(lex);
        if (error < 0 && error != POLYALIGN_ENOTFOUND)
            goto cleanup;
        error = 0;
    }
    for (size_t i = 0; in->lexicon_files && in->lexicon_files[i]; i++)
        if ((error = polyalign_lexicon_load(lex, in->lexicon_files[i],
                                            POLYALIGN_LEXICON_AUTO)) < 0)
            goto cleanup;
    js.lex = lex;
    side_job_run(&js);
    if (ev->tgt_by_caller) {
        tgt_wait(ev);
        jt.error = ev->tgt_error;
    } else if (started) {
        pthread_join(worker, NULL);
        started = 0;
    } else if (js.error >= 0) {
        side_job_run(&jt);
    }
    /* The source's error first, as when the sides ran in turn. */
    if ((error = js.error) < 0 || (error = jt.error) < 0)
        goto cleanup;
    if ((error = drop_frequent(ev)) < 0 ||
        (error = sides_filter(ev, polyalign_context_threads(ctx))) < 0)
        goto cleanup;
    /* Without memory for the cache, pairs are recomputed: still correct. */
    {
        size_t slots = 1024;
        while (slots < (in->n << PAIR_SPREAD) &&
               slots < ((size_t)1 << PAIR_MAX_BITS))
            slots *= 2;
        ev->pairs.mask = slots - 1;
        ev->pairs.spread = PAIR_SPREAD;
        while (ev->pairs.spread > 0 && (in->n << ev->pairs.spread) > slots)
            ev->pairs.spread--;
        /* (More sentences than slots: no cache rather than a shared
         * one.) */
        if (in->n <= slots)
            ev->pairs.keys = calloc(slots, sizeof(uint64_t));
        ev->pairs.vals = ev->pairs.keys
                             ? malloc(slots * sizeof(*ev->pairs.vals))
                             : NULL;
    }
    if (!ev->pairs.vals) {
        free(ev->pairs.keys);
        free(ev->pairs.vals);
        ev->pairs.keys = NULL;
        ev->pairs.vals = NULL;
    }
cleanup:
    if (started)
        pthread_join(worker, NULL);
    /* (Even after an error: the caller may still be writing ev->tgt.) */
    if (ev->tgt_by_caller)
        tgt_wait(ev);
    *lex_out = lex;
    if (error < 0) {
        /* Empty sides: a scorer called anyway finds no evidence. */
        side_free(&ev->src);
        side_free(&ev->tgt);
        memset(&ev->src, 0, sizeof(ev->src));
        memset(&ev->tgt, 0, sizeof(ev->tgt));
    }
    return error;
}

/* The sides' normalizers are gone by then: no handle is held.  After the
 * evidence is marked built, so that the scorer need not wait for it. */
static void *builder_run(void *arg)
{
    struct polyalign_evidence *ev = arg;
    struct polyalign_context *ctx = ev->in.ctx;
    int release = ev->in.release_dictionaries;
    struct polyalign_lexicon *lex = NULL;

    ev->error = evidence_build(ev, &ev->in, &lex);
    pthread_mutex_lock(&ev->lock);
    ev->built = 1;
    pthread_cond_broadcast(&ev->done);
    pthread_mutex_unlock(&ev->lock);
    /* (ev->in may be freed from here on.) */
    polyalign_lexicon_free(lex);
    if (release)
        ctx_hunspell_release(ctx);
    return NULL;
}

/* Sentences (both sides) up to which polyalign_evidence_start()'s caller
 * builds the target side itself.  Beyond, the aligner's first pass is long
 * enough to share the two CPUs with both sides at once (its band grows
 * with the documents, the words to stem do not).  Alternating runs at
 * real-time priority: 10k fr-ru scale pair, least and median of 6, 0.86
 * and 0.92 s against 0.91 and 1.06 s; UN fr-ar 4k, least of 5, 1.96
 * against 2.15 s; 30k alike (2.75 against 2.74 s); 100k slower with it. */
#define CALLER_MAX 40000
static int evidence_create(struct polyalign_evidence **out,
                           struct polyalign_context *ctx,
                           const char *src_lang, const char *const *src,
                           const size_t *src_len, size_t n,
                           const char *tgt_lang, const char *const *tgt,
                           const size_t *tgt_len, size_t m,
                           const struct polyalign_evidence_options *opts,
                           int background)
{
    struct polyalign_evidence *ev = NULL;
    int error = 0;

    *out = NULL;
    if (!ctx || !src_lang || !tgt_lang || (n && !src) || (m && !tgt))
        return POLYALIGN_EINVAL;
    if (!(ev = calloc(1, sizeof(*ev)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    /* Set before any build: polyalign_evidence_score_min() reads it at
     * once. */
    ev->weight = opts && opts->weight > 0 ? opts->weight : DEFAULT_WEIGHT;
    if ((error = input_copy(&ev->in, ctx, src_lang, src, src_len, n,
                            tgt_lang, tgt, tgt_len, m, opts)) < 0)
        goto cleanup;
    if (background && polyalign_context_threads(ctx) > 1 &&
        pthread_mutex_init(&ev->lock, NULL) == 0) {
        if (pthread_cond_init(&ev->done, NULL) == 0) {
            atomic_store(&ev->pending, 1);
            /* Up to CALLER_MAX sentences, the caller builds the target
             * side before it returns: two threads share the work, not
             * three (this one, a worker for the target side, and the
             * caller's first pass), and the source side, the longer on
             * the 10k scale test (French words cost Hunspell twice what
             * Russian ones do), keeps a core to itself. */
            ev->tgt_by_caller = !ctx_same_language(src_lang, tgt_lang) &&
                                n + m <= CALLER_MAX;
            if (pthread_create(&ev->builder, NULL, builder_run, ev) == 0)
                ev->started = 1;
            else
                pthread_cond_destroy(&ev->done);
        }
        if (!ev->started) {
            atomic_store(&ev->pending, 0);
            pthread_mutex_destroy(&ev->lock);
            ev->tgt_by_caller = 0;
        }
    }
    if (ev->started && ev->tgt_by_caller) {
        struct side_job jt = {
            ctx, ev->in.tgt_lang, ev->in.tgt, ev->in.tgt_len, ev->in.m, NULL,
            same_script(ev->in.src, ev->in.src_len, ev->in.n, ev->in.tgt,
                        ev->in.tgt_len, ev->in.m),
            &ev->tgt, 0};
        side_job_run(&jt);
        pthread_mutex_lock(&ev->lock);
        ev->tgt_error = jt.error;
        ev->tgt_done = 1;
        pthread_cond_broadcast(&ev->done);
        pthread_mutex_unlock(&ev->lock);
    }
    if (!ev->started) {
        struct polyalign_lexicon *lex = NULL;

        error = evidence_build(ev, &ev->in, &lex);
        polyalign_lexicon_free(lex);
        if (opts && opts->release_dictionaries)
            ctx_hunspell_release(ctx);
        if (error < 0)
            goto cleanup;
        input_clear(&ev->in);
    }
    *out = ev;
    ev = NULL;
cleanup:
    polyalign_evidence_free(ev);
    return error;
}

int polyalign_evidence_new(struct polyalign_evidence **out,
                           struct polyalign_context *ctx,
                           const char *src_lang, const char *const *src,
                           const size_t *src_len, size_t n,
                           const char *tgt_lang, const char *const *tgt,
                           const size_t *tgt_len, size_t m,
                           const struct polyalign_evidence_options *opts)
{
    return evidence_create(out, ctx, src_lang, src, src_len, n, tgt_lang,
                           tgt, tgt_len, m, opts, 0);
}

int polyalign_evidence_start(struct polyalign_evidence **out,
                             struct polyalign_context *ctx,
                             const char *src_lang, const char *const *src,
                             const size_t *src_len, size_t n,
                             const char *tgt_lang, const char *const *tgt,
                             const size_t *tgt_len, size_t m,
                             const struct polyalign_evidence_options *opts)
{
    return evidence_create(out, ctx, src_lang, src, src_len, n, tgt_lang,
                           tgt, tgt_len, m, opts, 1);
}

/* Join a background build once.  The functions reading the evidence call
 * it first; they take a const evidence, but joining the builder is no
 * change a caller can see. */
static int evidence_ready(const struct polyalign_evidence *cev)
{
    struct polyalign_evidence *ev = (struct polyalign_evidence *)cev;

    /* Two threads may score at once (the halves of a final pass): one
     * clears the input, under the lock. */
    if (atomic_load_explicit(&ev->pending, memory_order_acquire)) {
        pthread_mutex_lock(&ev->lock);
        while (!ev->built)
            pthread_cond_wait(&ev->done, &ev->lock);
        if (atomic_load_explicit(&ev->pending, memory_order_relaxed)) {
            input_clear(&ev->in);
            atomic_store_explicit(&ev->pending, 0, memory_order_release);
        }
        pthread_mutex_unlock(&ev->lock);
    }
    return ev->error;
}

/* Unlike the scorer, this waits for the builder to end: the dictionaries
 * it releases are gone when it returns. */
int polyalign_evidence_wait(struct polyalign_evidence *ev)
{
    if (!ev)
        return POLYALIGN_EINVAL;
    evidence_ready(ev); /* pending is 0 from here: lock no longer used */
    if (ev->started) {
        pthread_join(ev->builder, NULL);
        pthread_cond_destroy(&ev->done);
        pthread_mutex_destroy(&ev->lock);
        ev->started = 0;
    }
    return ev->error;
}

void polyalign_evidence_free(struct polyalign_evidence *ev)
{
    if (!ev)
        return;
    polyalign_evidence_wait(ev);
    input_clear(&ev->in);
    free(ev->pairs.keys);
    free(ev->pairs.vals);
    side_free(&ev->src);
    side_free(&ev->tgt);
    free(ev);
}

/* Tokens of sentences [start, start + count) of @a with a hash in the sets
 * of sentences [ostart, ostart + ocount) of @b; *total gets their number,
 * *mask (when not NULL, for one sentence) bit k mod 64 for a hit of its
 * token k. */
static size_t matched(const struct ev_side *a, size_t start, size_t count,
                      const struct ev_side *b, size_t ostart, size_t ocount,
                      size_t *total, uint64_t *mask)
{
    size_t hits = 0;

    for (size_t i = start; i < start + count; i++) {
        const struct ev_range *r = &a->sent_tok[i];
        *total += r->n;
        for (size_t k = r->off; k < r->off + r->n; k++) {
            const struct ev_range *t = &a->tok[k];
            int hit = 0;
            for (size_t j = 0; j < t->n && !hit; j++) {
                uint64_t h = a->h[t->off + j];
                for (size_t o = ostart; o < ostart + ocount && !hit; o++) {
                    const uint64_t *bl = b->bloom[o];
                    if (!(bl[(h >> 6) & (BLOOM_WORDS - 1)] >> (h & 63) & 1) ||
                        !(bl[(h >> 38) & (BLOOM_WORDS - 1)] >>
                              ((h >> 32) & 63) & 1))
                        continue;
                    hit = has_hash(b->set + b->sent_set[o].off,
                                   b->sent_set[o].n, h);
                }
            }
            hits += (size_t)hit;
            if (hit && mask)
                *mask |= 1ULL << ((k - r->off) & 63);
        }
    }
    return hits;
}

double polyalign_evidence_similarity(const struct polyalign_evidence *ev,
                                     size_t src_start, size_t src_count,
                                     size_t tgt_start, size_t tgt_count)
{
    size_t total = 0, hits;

    evidence_ready(ev);
    if (!src_count || !tgt_count || src_start + src_count > ev->src.n ||
        tgt_start + tgt_count > ev->tgt.n)
        return 0.0;
    hits = matched(&ev->src, src_start, src_count, &ev->tgt, tgt_start,
                   tgt_count, &total, NULL);
    hits += matched(&ev->tgt, tgt_start, tgt_count, &ev->src, src_start,
                    src_count, &total, NULL);
    return total ? (double)hits / (double)total : 0.0;
}

/* Which tokens of source i meet target j, and which of j meet i. */
static struct ev_pair_hits pair_hits(struct polyalign_evidence *ev, size_t i,
                                     size_t j)
{
    uint64_t key = (uint64_t)i * ev->tgt.n + j + 1;
    size_t diag = ev->src.n ? (size_t)((uint64_t)i * ev->tgt.n /
                                       ev->src.n) : 0;
    size_t slot = ((i << ev->pairs.spread) +
                   ((j - diag) & ((1u << ev->pairs.spread) - 1))) &
                  ev->pairs.mask;
    size_t total = 0;
    struct ev_pair_hits v = {0, 0};

    if (ev->pairs.keys && ev->pairs.keys[slot] == key)
        return ev->pairs.vals[slot];
    matched(&ev->src, i, 1, &ev->tgt, j, 1, &total, &v.src);
    matched(&ev->tgt, j, 1, &ev->src, i, 1, &total, &v.tgt);
    if (ev->pairs.keys) {
        ev->pairs.keys[slot] = key;
        ev->pairs.vals[slot] = v;
    }
    return v;
}

static size_t popcount64(uint64_t x)
{
    size_t n = 0;

    for (; x; x &= x - 1)
        n++;
    return n;
}

double polyalign_evidence_score(void *data, size_t src_start,
                                size_t src_count, size_t tgt_start,
                                size_t tgt_count)
{
    struct polyalign_evidence *ev = data;
    struct ev_pair_hits v[4][4];
    size_t hits = 0, total = 0, sc = src_count, tc = tgt_count;
    double sim, glued = 0;

    evidence_ready(ev);
    if (!sc || !tc || sc > 4 || tc > 4 || src_start + sc > ev->src.n ||
        tgt_start + tc > ev->tgt.n)
        return 0.0;
    for (size_t a = 0; a < sc; a++)
        for (size_t b = 0; b < tc; b++)
            v[a][b] = pair_hits(ev, src_start + a, tgt_start + b);
    /* A token met in any sentence of the other side counts once: the
     * union of the pairs' masks (exact for sentences of up to 64 content
     * tokens, a little under beyond). */
    for (size_t a = 0; a < sc; a++) {
        uint64_t m = 0;
        size_t n = ev->src.sent_tok[src_start + a].n;
        for (size_t b = 0; b < tc; b++)
            m |= v[a][b].src;
        hits += popcount64(m);
        total += n;
        if (sc > 1 && n >= GLUED_TOKENS && popcount64(m) < GLUED_COVER * n)
            glued += 1 - popcount64(m) / (GLUED_COVER * n);
    }
    for (size_t b = 0; b < tc; b++) {
        uint64_t m = 0;
        size_t n = ev->tgt.sent_tok[tgt_start + b].n;
        for (size_t a = 0; a < sc; a++)
            m |= v[a][b].tgt;
        hits += popcount64(m);
        total += n;
        if (tc > 1 && n >= GLUED_TOKENS && popcount64(m) < GLUED_COVER * n)
            glued += 1 - popcount64(m) / (GLUED_COVER * n);
    }
    sim = total ? (double)hits / (double)total : 0.0;
    /* Not scaled by the bead's size: a sentence glued onto a bead (2-1)
     * dilutes its similarity, so a deletion (1-0) is not absorbed into a
     * neighbour, and a 2-2 bead, whose union similarity gains from
     * matches across its sentences, does not outbid two 1-1 beads.  A
     * similarity under BASELINE (what unrelated sentences reach through
     * numbers and loans) costs, and so does a glued sentence (above). */
    return -ev->weight * (sim - BASELINE - glued);
}

double polyalign_evidence_score_min(const struct polyalign_evidence *ev)
{
    return ev ? -ev->weight * (1.0 - BASELINE) : -HUGE_VAL;
}

/* ---- anchors for the two-pass mode ---- */

/* A pair's similarity must reach this to be an anchor (tuned on Text+Berg
 * dev and NTREX; see bench/lexical.sh). */
#define ANCHOR_MIN_SIM 0.3
/* An anchor key is found in at most this many sentences of each side. */
#define ANCHOR_MAX_DF 4

struct hash_sent {
    uint64_t h;
    size_t sent;
};

static int cmp_hash_sent(const void *a, const void *b)
{
    const struct hash_sent *x = a, *y = b;

    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

/* The (anchor hash, sentence) pairs of a side, sorted, each once. */
static int anchor_list(const struct ev_side *s, struct hash_sent **out,
                       size_t *count)
{
    struct hash_sent *v = NULL;
    size_t n = 0, cap = 0;

    for (size_t i = 0; i < s->n; i++) {
        const struct ev_range *r = &s->sent_set[i];
        for (size_t k = r->off; k < r->off + r->n; k++) {
            if (!(s->set[k] & ANCHOR_BIT))
                continue;
            if (n == cap) {
                size_t c = cap ? 2 * cap : 256;
                struct hash_sent *p = realloc(v, c * sizeof(*p));
                if (!p) {
                    free(v);
                    return POLYALIGN_ENOMEM;
                }
                v = p;
                cap = c;
            }
            v[n].h = s->set[k];
            v[n].sent = i;
            n++;
        }
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_hash_sent);
    *out = v;
    *count = n;
    return 0;
}

static int cmp_pair(const void *a, const void *b)
{
    const size_t *x = a, *y = b;

    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    /* Same source: descending target, so that the chain takes one. */
    return x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0;
}

/* Keep the longest chain of pairs strictly ascending on both sides
 * (@p sorted by source, then descending target): patience sorting, as
 * for the longest increasing subsequence (Fredman 1975). */
static size_t longest_chain(size_t *p, size_t n)
{
    size_t *tail = malloc((n ? n : 1) * sizeof(*tail));
    size_t *prev = malloc((n ? n : 1) * sizeof(*prev));
    size_t len = 0, k;

    if (!tail || !prev) {
        free(tail);
        free(prev);
        return 0; /* no anchors: still a correct (one-pass) alignment */
    }
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (p[2 * tail[mid] + 1] < p[2 * i + 1])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
        tail[lo] = i;
        if (lo == len)
            len++;
    }
    /* Backtrack, then move the chain to the front in order. */
    k = len ? tail[len - 1] : SIZE_MAX;
    for (size_t q = len; q-- > 0;) {
        tail[q] = k;
        k = prev[k];
    }
    for (size_t q = 0; q < len; q++) {
        size_t a = p[2 * tail[q]], b = p[2 * tail[q] + 1];
        p[2 * q] = a;
        p[2 * q + 1] = b;
    }
    free(tail);
    free(prev);
    return len;
}

int polyalign_evidence_anchors(const struct polyalign_evidence *ev,
                               size_t **out, size_t *count)
{
    struct hash_sent *a = NULL, *b = NULL;
    size_t na = 0, nb = 0, *pairs = NULL, np = 0, cap = 0;
    int error = 0;

    if (out)
        *out = NULL;
    if (count)
        *count = 0;
    if (!ev || !out || !count)
        return POLYALIGN_EINVAL;
    if ((error = evidence_ready(ev)) < 0)
        return error;
    if ((error = anchor_list(&ev->src, &a, &na)) < 0 ||
        (error = anchor_list(&ev->tgt, &b, &nb)) < 0)
        goto cleanup;
    /* Hashes found in few sentences of each side (Melamed's rare-word
     * anchors, as in his SIMR, 1999): merge the sorted lists. */
    for (size_t x = 0, y = 0; x < na && y < nb;) {
        size_t xe = x, ye = y;

        if (a[x].h < b[y].h) {
            x++;
            continue;
        }
        if (a[x].h > b[y].h) {
            y++;
            continue;
        }
        while (xe < na && a[xe].h == a[x].h)
            xe++;
        while (ye < nb && b[ye].h == b[y].h)
            ye++;
        /* Rare on both sides, as often on each: the k-th sentences
         * pair up (a text that repeats a passage repeats its names). */
        for (size_t k = 0; xe - x == ye - y && xe - x <= ANCHOR_MAX_DF &&
                           k < xe - x; k++) {
            if (np == cap) {
                size_t c = cap ? 2 * cap : 64;
                size_t *p = realloc(pairs, 2 * c * sizeof(*p));
                if (!p) {
                    error = POLYALIGN_ENOMEM;
                    goto cleanup;
                }
                pairs = p;
                cap = c;
            }
            pairs[2 * np] = a[x + k].sent;
            pairs[2 * np + 1] = b[y + k].sent;
            np++;
        }
        x = xe;
        y = ye;
    }
    if (np > 1)
        qsort(pairs, np, 2 * sizeof(*pairs), cmp_pair);
    /* Each pair once, and only similar ones. */
    {
        size_t k = 0;
        for (size_t q = 0; q < np; q++) {
            size_t i = pairs[2 * q], j = pairs[2 * q + 1];
            if (k && pairs[2 * (k - 1)] == i && pairs[2 * (k - 1) + 1] == j)
                continue;
            if (polyalign_evidence_similarity(ev, i, 1, j, 1) <
                ANCHOR_MIN_SIM)
                continue;
            pairs[2 * k] = i;
            pairs[2 * k + 1] = j;
            k++;
        }
        np = k;
    }
    np = longest_chain(pairs, np);
    if (np) {
        *out = pairs;
        *count = np;
        pairs = NULL;
    }
cleanup:
    free(a);
    free(b);
    free(pairs);
    return error;
}

/* ------------------------------------------------------------------------
 * Explaining a pair: the same keys as token_keys(), compared as strings
 * for one sentence pair, so that each meeting pair of tokens can be told
 * apart by kind (the hashed sets above cannot say which key met). */

struct polyalign_explainer {
    struct polyalign_normalizer *ns, *nt; /* the context's (shared) */
    struct polyalign_lexicon *lex;
    int reversed; /* lex runs target to source (no source-target one) */
    struct polyalign_match *m;
    size_t nm, capm;
};

static void normalizer_destroy(void *n)
{
    polyalign_normalizer_free(n);
}

/* The context's normalizer for @lang in @slot, made on first use: the
 * explainers of a page (fr-ru, fr-ar, ru-ar) share them, so that each
 * word is stemmed once per language, not once per pair.  Slot 1 is the
 * second normalizer a same-language pair needs (both token arrays are
 * used at once). */
static int shared_normalizer(struct polyalign_context *ctx, const char *lang,
                             int slot, struct polyalign_normalizer **out)
{
    char key[96];
    int error;

    snprintf(key, sizeof(key), "explainer-normalizer:%d:%s", slot, lang);
    if ((*out = ctx_resource_get(ctx, key)))
        return 0;
    if ((error = polyalign_normalizer_new(out, ctx, lang)) < 0)
        return error;
    if ((error = ctx_resource_put(ctx, key, *out, normalizer_destroy)) < 0) {
        polyalign_normalizer_free(*out);
        *out = NULL;
    }
    return error;
}

int polyalign_explainer_new(struct polyalign_explainer **out,
                            struct polyalign_context *ctx,
                            const char *src_lang, const char *tgt_lang,
                            const struct polyalign_evidence_options *opts)
{
    struct polyalign_explainer *ex = NULL;
    int error = 0;

    if (!out)
        return POLYALIGN_EINVAL;
    *out = NULL;
    if (!ctx || !src_lang || !tgt_lang)
        return POLYALIGN_EINVAL;
    if (!(ex = calloc(1, sizeof(*ex)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    if ((error = shared_normalizer(ctx, src_lang, 0, &ex->ns)) < 0 ||
        (error = shared_normalizer(ctx, tgt_lang,
                                   strcmp(src_lang, tgt_lang) == 0,
                                   &ex->nt)) < 0 ||
        (error = polyalign_lexicon_new(&ex->lex, ctx, src_lang,
                                       tgt_lang)) < 0)
        goto cleanup;
    /* One language: identical words, lemmas and names, no lexicon. */
    if (!(opts && opts->no_default_lexicon) &&
        strcmp(src_lang, tgt_lang) != 0) {
        char rel[80], *path;

        /* When only the other direction is generated (ru-fr: fr-ru),
         * translate the target's words instead. */
        snprintf(rel, sizeof(rel), "lexicon/%s-%s.tsv", src_lang, tgt_lang);
        path = polyalign_context_find_data(ctx, rel);
        if (!path && !(opts && opts->lexicon_files &&
                       opts->lexicon_files[0])) {
            snprintf(rel, sizeof(rel), "lexicon/%s-%s.tsv", tgt_lang,
                     src_lang);
            free(path);
            if ((path = polyalign_context_find_data(ctx, rel))) {
                polyalign_lexicon_free(ex->lex);
                ex->lex = NULL;
                if ((error = polyalign_lexicon_new(&ex->lex, ctx, tgt_lang,
                                                   src_lang)) < 0) {
                    free(path);
                    goto cleanup;
                }
                ex->reversed = 1;
            }
        }
        free(path);
        error = polyalign_lexicon_load_default(ex->lex);
        if (error < 0 && error != POLYALIGN_ENOTFOUND)
            goto cleanup;
        error = 0;
    }
    for (size_t i = 0; opts && opts->lexicon_files &&
                       opts->lexicon_files[i]; i++)
        if ((error = polyalign_lexicon_load(ex->lex, opts->lexicon_files[i],
                                            POLYALIGN_LEXICON_AUTO)) < 0)
            goto cleanup;
    *out = ex;
    ex = NULL;
cleanup:
    polyalign_explainer_free(ex);
    return error;
}

void polyalign_explainer_free(struct polyalign_explainer *ex)
{
    if (!ex)
        return;
    polyalign_lexicon_free(ex->lex);
    free(ex->m);
    free(ex);
}

const char *polyalign_match_kind_name(enum polyalign_match_kind kind)
{
    static const char *const names[POLYALIGN_MATCH_KINDS] = {
        "number", "name", "identical", "lemma", "lexicon", "cognate",
    };

    return (unsigned)kind < POLYALIGN_MATCH_KINDS ? names[kind] : "?";
}

static int in_list(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return 1;
    return 0;
}

/* Is this token a content token the scorer counts? */
static int content_token(const struct polyalign_token *t)
{
    return !(t->flags & POLYALIGN_TOKEN_STOPWORD) &&
           (t->flags & (POLYALIGN_TOKEN_WORD | POLYALIGN_TOKEN_NUMBER));
}

/* The strongest kind by which source token @s meets target token @t
 * (translations: @tr, @ntr of them), or -1. */
static int match_kind(const struct polyalign_token *s,
                      const char *const *tr, size_t ntr,
                      const struct polyalign_token *t, int cognates)
{
    const char *sf[64], *tf[64];
    size_t ns, nt;
    char cs[32], ct[32];

    if ((s->flags & POLYALIGN_TOKEN_NUMBER) ||
        (t->flags & POLYALIGN_TOKEN_NUMBER))
        return s->number && t->number && strcmp(s->number, t->number) == 0
                   ? POLYALIGN_MATCH_NUMBER
                   : -1;
    for (size_t i = 0; i < s->n_skeletons; i++)
        if (in_list(s->skeletons[i], t->skeletons, t->n_skeletons))
            return POLYALIGN_MATCH_NAME;
    if (s->entity && t->entity && strcmp(s->entity, t->entity) == 0)
        return POLYALIGN_MATCH_NAME;
    if (strcmp(s->folded, t->folded) == 0)
        return POLYALIGN_MATCH_IDENTICAL;
    ns = own_forms(s, sf, 64);
    nt = own_forms(t, tf, 64);
    for (size_t i = 0; i < ns; i++)
        if (in_list(sf[i], tf, nt))
            return POLYALIGN_MATCH_LEMMA;
    for (size_t i = 0; i < ntr; i++)
        if (in_list(tr[i], tf, nt))
            return POLYALIGN_MATCH_LEXICON;
    if (cognates && cognate_key(s->folded, cs) &&
        cognate_key(t->folded, ct) && strcmp(cs, ct) == 0)
        return POLYALIGN_MATCH_COGNATE;
    return -1;
}

/* The lexicon translations of a source token's forms (and, without a
 * lemma, of its crude stem, as token_keys() does), into @tr. */
static size_t translations(const struct polyalign_lexicon *lex,
                           const struct polyalign_token *t, const char **tr,
                           size_t max)
{
    const char *keys[LEXICON_KEYS];
    char stem[256];
    size_t nk = lexicon_keys(t, keys, stem, sizeof(stem)), n = 0;

    for (size_t k = 0; k < nk; k++) {
        const char *const *v;
        size_t nv = polyalign_lexicon_lookup(lex, keys[k], &v);
        for (size_t i = 0; i < nv && n < max; i++)
            tr[n++] = v[i];
    }
    return n;
}

static int cmp_match(const void *a, const void *b)
{
    const struct polyalign_match *x = a, *y = b;

    if (x->src_start != y->src_start)
        return x->src_start < y->src_start ? -1 : 1;
    return x->tgt_start < y->tgt_start ? -1 : x->tgt_start > y->tgt_start;
}

int polyalign_explainer_explain(struct polyalign_explainer *ex,
                                const char *src, size_t src_len,
                                const char *tgt, size_t tgt_len,
                                const struct polyalign_match **matches,
                                size_t *n_matches)
{
    const struct polyalign_token *st, *tt;
    const char *tr[256];
    size_t ns, nt;
    int error, cognates;

    if (!ex || !matches || !n_matches || (src_len && !src) ||
        (tgt_len && !tgt))
        return POLYALIGN_EINVAL;
    *matches = NULL;
    *n_matches = 0;
    ex->nm = 0;
    if ((error = polyalign_normalizer_tokenize(ex->ns, src ? src : "",
                                               src_len, &st, &ns)) < 0 ||
        (error = polyalign_normalizer_tokenize(ex->nt, tgt ? tgt : "",
                                               tgt_len, &tt, &nt)) < 0)
        return error;
    cognates = src_len && tgt_len &&
               same_script(&src, &src_len, 1, &tgt, &tgt_len, 1);
    if (ex->reversed) { /* the side whose words are translated first */
        const struct polyalign_token *t = st;
        size_t k = ns;
        st = tt;
        ns = nt;
        tt = t;
        nt = k;
    }
    for (size_t i = 0; i < ns; i++) {
        size_t ntr;

        if (!content_token(&st[i]))
            continue;
        ntr = st[i].flags & POLYALIGN_TOKEN_NUMBER
                  ? 0
                  : translations(ex->lex, &st[i], tr, 256);
        for (size_t j = 0; j < nt; j++) {
            const struct polyalign_token *a = &st[i], *b = &tt[j];
            int kind;

            if (!content_token(&tt[j]) ||
                (kind = match_kind(&st[i], tr, ntr, &tt[j], cognates)) < 0)
                continue;
            if (ex->reversed) {
                a = &tt[j];
                b = &st[i];
            }
            if (ex->nm == ex->capm) {
                size_t c = ex->capm ? 2 * ex->capm : 16;
                struct polyalign_match *p = realloc(ex->m, c * sizeof(*p));
                if (!p)
                    return POLYALIGN_ENOMEM;
                ex->m = p;
                ex->capm = c;
            }
            ex->m[ex->nm].src_start = a->start;
            ex->m[ex->nm].src_end = a->end;
            ex->m[ex->nm].tgt_start = b->start;
            ex->m[ex->nm].tgt_end = b->end;
            ex->m[ex->nm].kind = (enum polyalign_match_kind)kind;
            ex->nm++;
        }
    }
    if (ex->reversed && ex->nm > 1)
        qsort(ex->m, ex->nm, sizeof(*ex->m), cmp_match);
    *matches = ex->m;
    *n_matches = ex->nm;
    return 0;
}
