/* Fuzz target: the comparable mode on two or three small documents.  The
 * first byte picks the languages (fr, ru, ar, same-language pairs too) and
 * the number of documents; the rest is cut into documents at 0x1E bytes
 * (record separator), one sentence a line.  Without the generated
 * lexicons, so that it runs anywhere.  Invariants: pairs lie inside their
 * documents, left_doc < right_doc, scores reach the threshold and come
 * sorted, similarities are in [0, 1], statements are counted. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "polyalign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAXD 3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"fr", "ru", "ar", "fr"};
    static struct polyalign_context *ctx;
    static struct polyalign_splitter *sp[3];
    struct polyalign_doc *docs[MAXD] = {0};
    struct polyalign_compare_options o = {0};
    struct polyalign_compare *c = NULL;
    size_t n;
    double prev = 1e300;
    unsigned flags;

    if (!ctx) {
        if (polyalign_context_new(&ctx) < 0)
            return 0;
        polyalign_context_set_log(ctx, NULL, NULL);
        for (size_t i = 0; i < 3; i++)
            if (polyalign_splitter_new(&sp[i], ctx, NULL, langs[i]) < 0)
                __builtin_trap();
    }
    if (!size)
        return 0;
    flags = data[0];
    data++;
    size--;
    n = 2 + (flags >> 6 & 1);
    o.no_default_lexicon = 1;
    o.threshold = (flags & 0x80) ? 1.05 : 0;
    for (size_t d = 0; d < n; d++) {
        struct polyalign_doc_options dopt = {0};
        const uint8_t *end = memchr(data, 0x1e, size);
        size_t len = end ? (size_t)(end - data) : size;
        size_t l = (flags >> (2 * d)) & 3;

        dopt.lang = langs[l];
        dopt.flags = POLYALIGN_DOC_PRESPLIT;
        if (polyalign_doc_load_memory(&docs[d], ctx, "fuzz.txt", data, len,
                                      &dopt) < 0 ||
            polyalign_doc_segment(docs[d], sp[l % 3]) < 0)
            goto cleanup;
        data += len + (end != NULL);
        size -= len + (end != NULL);
    }
    if (polyalign_compare_new(&c, ctx, docs, n, &o) < 0)
        goto cleanup;
    for (size_t i = 0; i < polyalign_compare_pair_count(c); i++) {
        const struct polyalign_compare_pair *p = polyalign_compare_pair(c, i);
        if (!p || p->left_doc >= p->right_doc || p->right_doc >= n ||
            p->left_index >= polyalign_doc_sentence_count(docs[p->left_doc]) ||
            p->right_index >=
                polyalign_doc_sentence_count(docs[p->right_doc]) ||
            p->score > prev || !(p->similarity >= 0 && p->similarity <= 1) ||
            p->statement >= polyalign_compare_statement_count(c))
            __builtin_trap();
        prev = p->score;
    }
cleanup:
    polyalign_compare_free(c);
    for (size_t d = 0; d < n; d++)
        polyalign_doc_free(docs[d]);
    return 0;
}

/* Load the Hunspell dictionaries and the rest before fuzzing starts, so
 * that the first input is not reported as a slow unit. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char warm[] = "\x64Le 9 juillet, Poutine.\x1e"
                               "9 \xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f.\x1e"
                               "\xd8\xa8\xd9\x88\xd8\xaa\xd9\x8a\xd9\x86.";

    (void)argc;
    (void)argv;
    return LLVMFuzzerTestOneInput((const uint8_t *)warm, sizeof(warm) - 1);
}
