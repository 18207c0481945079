/* Bilingual lexicons: a hash table from folded source words to folded
 * translations, loaded from TSV or hunalign dictionaries (Varga et al.
 * 2005, "Parallel corpora for medium density languages": hunalign's
 * dictionary is "target @ source", one pair a line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

static void lex_entry_free(void *p)
{
    struct lex_entry *e = p;

    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        free(e->targets[i]);
    free(e->targets);
    free(e);
}

int polyalign_lexicon_new(struct polyalign_lexicon **out,
                          struct polyalign_context *ctx, const char *src_lang,
                          const char *tgt_lang)
{
    struct polyalign_lexicon *lex = NULL;
    int error = 0;

    *out = NULL;
    if (!ctx || !src_lang || !*src_lang || !tgt_lang || !*tgt_lang)
        return POLYALIGN_EINVAL;
    if (!(lex = calloc(1, sizeof(*lex))) || !(lex->map = strmap_new())) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    lex->ctx = ctx;
    if ((error = norm_new_folder(&lex->src_fold, ctx, src_lang)) < 0 ||
        (error = norm_new_folder(&lex->tgt_fold, ctx, tgt_lang)) < 0)
        goto cleanup;
    snprintf(lex->src, sizeof(lex->src), "%s",
             polyalign_normalizer_lang(lex->src_fold));
    snprintf(lex->tgt, sizeof(lex->tgt), "%s",
             polyalign_normalizer_lang(lex->tgt_fold));
    *out = lex;
    lex = NULL;
cleanup:
    polyalign_lexicon_free(lex);
    return error;
}

void polyalign_lexicon_free(struct polyalign_lexicon *lex)
{
    if (!lex)
        return;
    strmap_free(lex->map, lex_entry_free);
    polyalign_normalizer_free(lex->src_fold);
    polyalign_normalizer_free(lex->tgt_fold);
    free(lex);
}

/* Takes @target. */
static int add_folded(struct polyalign_lexicon *lex, const char *source,
                      char *target)
{
    struct lex_entry *e = strmap_get(lex->map, source, strlen(source));

    if (!e) {
        if (!(e = calloc(1, sizeof(*e))) ||
            strmap_put(lex->map, source, strlen(source), e, NULL) < 0) {
            free(e);
            free(target);
            return POLYALIGN_ENOMEM;
        }
    }
    for (size_t i = 0; i < e->n; i++) {
        if (strcmp(e->targets[i], target) == 0) {
            free(target);
            return 0;
        }
    }
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 2;
        char **t = realloc(e->targets, cap * sizeof(*t));
        if (!t) {
            free(target);
            return POLYALIGN_ENOMEM;
        }
        e->targets = t;
        e->cap = cap;
    }
    e->targets[e->n++] = target;
    lex->pairs++;
    return 0;
}

static int add_span(struct polyalign_lexicon *lex, const char *s,
                    size_t slen, const char *t, size_t tlen)
{
    char *fs = NULL, *ft = NULL;
    int error;

    if ((error = norm_fold(lex->src_fold, s, slen, &fs)) < 0 ||
        (error = norm_fold(lex->tgt_fold, t, tlen, &ft)) < 0)
        goto cleanup;
    if (!*fs || !*ft) {
        error = POLYALIGN_EFORMAT;
        goto cleanup;
    }
    error = add_folded(lex, fs, ft);
    ft = NULL;
cleanup:
    free(fs);
    free(ft);
    return error;
}

int polyalign_lexicon_add(struct polyalign_lexicon *lex, const char *source,
                          const char *target)
{
    return add_span(lex, source, strlen(source), target, strlen(target));
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

int polyalign_lexicon_load(struct polyalign_lexicon *lex, const char *path,
                           enum polyalign_lexicon_format format)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int error = 0;

    if (!fp)
        return ctx_error(lex->ctx, POLYALIGN_EIO, "%s: cannot open the "
                         "lexicon", path);
    while ((got = getline(&line, &cap, fp)) >= 0) {
        const char *s, *t, *sep;
        size_t slen, tlen, len = (size_t)got;

        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        if (format == POLYALIGN_LEXICON_AUTO)
            format = strchr(line, '\t') ? POLYALIGN_LEXICON_TSV
                     : strstr(line, " @ ") ? POLYALIGN_LEXICON_HUNALIGN
                                           : POLYALIGN_LEXICON_TSV;
        if (format == POLYALIGN_LEXICON_TSV) {
            sep = strchr(line, '\t');
            if (!sep) {
                ctx_warn(lex->ctx, "%s:%zu: expected source<TAB>target, "
                         "line skipped", path, lineno);
                lex->bad_lines++;
                continue;
            }
            s = line;
            slen = (size_t)(sep - line);
            t = sep + 1;
            tlen = strcspn(t, "\t");
        } else {
            sep = strstr(line, " @ ");
            if (!sep) {
                ctx_warn(lex->ctx, "%s:%zu: expected 'target @ source', "
                         "line skipped", path, lineno);
                lex->bad_lines++;
                continue;
            }
            t = line;
            tlen = (size_t)(sep - line);
            s = sep + 3;
            slen = strlen(s);
        }
        trim(&s, &slen);
        trim(&t, &tlen);
        if (!slen || !tlen) {
            ctx_warn(lex->ctx, "%s:%zu: empty %s, line skipped", path,
                     lineno, slen ? "target" : "source");
            lex->bad_lines++;
            continue;
        }
        error = add_span(lex, s, slen, t, tlen);
        if (error == POLYALIGN_EENCODING || error == POLYALIGN_EFORMAT) {
            ctx_warn(lex->ctx, "%s:%zu: %s, line skipped", path, lineno,
                     error == POLYALIGN_EENCODING ? "invalid UTF-8"
                                                  : "nothing left after "
                                                    "folding");
            lex->bad_lines++;
            error = 0;
            continue;
        }
        if (error < 0)
            break;
    }
    if (!error && ferror(fp))
        error = ctx_error(lex->ctx, POLYALIGN_EIO, "%s: read error", path);
    free(line);
    fclose(fp);
    return error;
}

/* The FreeDict packages a generated lexicon is built from. */
static const char *packages_for(const char *src, const char *tgt)
{
    static const struct {
        const char *pair, *packages;
    } table[] = {
        {"fr-ru", "dict-freedict-fra-rus dict-freedict-fra-eng "
                  "dict-freedict-eng-rus"},
        {"fr-en", "dict-freedict-fra-eng dict-freedict-eng-fra"},
        {"en-fr", "dict-freedict-eng-fra dict-freedict-fra-eng"},
        {"en-ru", "dict-freedict-eng-rus dict-freedict-fra-rus "
                  "mueller7-dict"},
        {"en-ar", "dict-freedict-eng-ara dict-freedict-ara-eng"},
        {"ar-en", "dict-freedict-ara-eng dict-freedict-eng-ara"},
        {"de-fr", "dict-freedict-deu-fra dict-freedict-fra-deu"},
        {"fr-de", "dict-freedict-fra-deu dict-freedict-deu-fra"},
        {"fr-ar", "dict-freedict-fra-eng dict-freedict-eng-ara "
                  "dict-freedict-ara-eng dict-freedict-deu-eng"},
        {"ru-ar", "dict-freedict-eng-rus dict-freedict-fra-rus "
                  "dict-freedict-fra-eng dict-freedict-eng-ara "
                  "mueller7-dict"},
    };
    char pair[40];

    snprintf(pair, sizeof(pair), "%s-%s", src, tgt);
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(table[i].pair, pair) == 0)
            return table[i].packages;
    return NULL;
}

int polyalign_lexicon_load_default(struct polyalign_lexicon *lex)
{
    char rel[64], *path;
    const char *pkgs = packages_for(lex->src, lex->tgt);
    size_t before = lex->pairs;
    int error;

    snprintf(rel, sizeof(rel), "lexicon/%s-%s.tsv", lex->src, lex->tgt);
    path = polyalign_context_find_data(lex->ctx, rel);
    if (!path) {
        if (pkgs)
            ctx_warn(lex->ctx, "no %s-%s lexicon (%s): install the "
                     "dictionaries with 'apt-get install %s' and rebuild "
                     "polyalign; continuing without it", lex->src, lex->tgt,
                     rel, pkgs);
        else
            ctx_warn(lex->ctx, "no %s-%s lexicon (%s); give one with "
                     "--lexicon FILE; continuing without it", lex->src,
                     lex->tgt, rel);
        return POLYALIGN_ENOTFOUND;
    }
    error = polyalign_lexicon_load(lex, path, POLYALIGN_LEXICON_TSV);
    if (!error && lex->pairs == before) {
        ctx_warn(lex->ctx, "%s is empty: the FreeDict dictionaries were "
                 "missing at build time (apt-get install %s, then "
                 "rebuild); continuing without it", path,
                 pkgs ? pkgs : "dict-freedict-*");
        error = POLYALIGN_ENOTFOUND;
    }
    free(path);
    return error;
}

size_t polyalign_lexicon_lookup(const struct polyalign_lexicon *lex,
                                const char *key, const char *const **out)
{
    const struct lex_entry *e = strmap_get(lex->map, key, strlen(key));

    *out = e ? (const char *const *)e->targets : NULL;
    return e ? e->n : 0;
}

size_t polyalign_lexicon_entries(const struct polyalign_lexicon *lex)
{
    return strmap_count(lex->map);
}

size_t polyalign_lexicon_pairs(const struct polyalign_lexicon *lex)
{
    return lex->pairs;
}

size_t polyalign_lexicon_bad_lines(const struct polyalign_lexicon *lex)
{
    return lex->bad_lines;
}
