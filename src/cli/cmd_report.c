/* polyalign report: the review page of an alignment or a comparison, and
 * the `--format html` of align and compare (both build the page here from
 * their results). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static void report_usage(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign report [--compare] [options] A B [C...] "
        "-o review.html\n"
        "\n"
        "Write a review page: one self-contained HTML file (no network)\n"
        "with a column per document, a row per aligned unit (or shared\n"
        "statement with --compare), its score shown and coloured, the\n"
        "words that matched highlighted (names, numbers, lexicon pairs,\n"
        "lemmas, identical words; hover for what matched what), the\n"
        "unaligned sentences in place, and a filter by score.  Arabic\n"
        "columns are laid out right to left.\n"
        "\n"
        "By default the documents are aligned as `polyalign align` does\n"
        "(translations; the first is the pivot) and every option of align\n"
        "applies (--lexical, --pivot, --presplit, ...).\n"
        "\n"
        "      --compare         comparable documents: the statements\n"
        "                        they share, as `polyalign compare` finds\n"
        "                        them (its options apply: -t, --presplit)\n"
        "      --lang L1,L2,...  the documents' languages, in order\n"
        "                        (default: from the file names,\n"
        "                        NAME.LANG.txt, else detected)\n"
        "  -o, --output FILE     write there (default: standard output)\n"
        "  -h, --help            this help\n"
        "\n"
        "Same as `polyalign align -f html` and `polyalign compare -f html`.\n");
}

/* Explainers per ordered document pair (i < j), made on first use; NULL
 * where one could not be made (the pair gets no highlights). */
struct explainers {
    struct polyalign_explainer **ex;
    unsigned char *tried;
    size_t n;
};

static struct polyalign_explainer *explainer(
    struct polyalign_context *ctx, struct explainers *e,
    struct polyalign_doc *const *docs, size_t i, size_t j,
    const struct polyalign_evidence_options *eopts)
{
    size_t k = i * e->n + j;

    if (!e->tried[k]) {
        e->tried[k] = 1;
        if (polyalign_explainer_new(&e->ex[k], ctx,
                                    polyalign_doc_lang(docs[i]),
                                    polyalign_doc_lang(docs[j]), eopts) < 0)
            fprintf(stderr, "polyalign: warning: %s: no highlights for "
                    "this pair\n", polyalign_context_last_error(ctx));
    }
    return e->ex[k];
}

/* Sentences @idx[0..n) of @doc joined by spaces into *buf. */
static int join(const struct polyalign_doc *doc, const size_t *idx, size_t n,
                char **buf, size_t *len, size_t *cap)
{
    *len = 0;
    for (size_t k = 0; k < n; k++) {
        struct polyalign_sentence st;

        if (polyalign_doc_sentence(doc, idx[k], &st) < 0)
            st.len = 0;
        if (*len + st.len + 2 > *cap) {
            size_t c = 2 * (*len + st.len + 2);
            char *p = realloc(*buf, c);

            if (!p)
                return POLYALIGN_ENOMEM;
            *buf = p;
            *cap = c;
        }
        if (k)
            (*buf)[(*len)++] = ' ';
        if (st.len)
            memcpy(*buf + *len, st.text, st.len);
        *len += st.len;
    }
    return 0;
}

/* Each sentence of the cell shows its index: the first before the text,
 * the others where they start. */
static int labels(struct polyalign_report *r, size_t row, size_t col,
                  const struct polyalign_doc *doc, const size_t *idx,
                  size_t n, const char *text, size_t len)
{
    size_t at = 0;
    char label[32];
    int error;

    for (size_t k = 0; k < n; k++) {
        struct polyalign_sentence st;

        snprintf(label, sizeof(label), "%zu", idx[k]);
        if (k == 0)
            error = polyalign_report_set_cell(r, row, col, label, text, len);
        else
            error = polyalign_report_add_label(r, row, col, at, label);
        if (error < 0)
            return error;
        if (polyalign_doc_sentence(doc, idx[k], &st) < 0)
            st.len = 0;
        at += st.len + 1;
    }
    return 0;
}

/* The highlights of row @row between every two cells set. */
static int highlight(struct polyalign_context *ctx, struct explainers *e,
                     struct polyalign_report *r, size_t row,
                     struct polyalign_doc *const *docs, char **text,
                     const size_t *len, const unsigned char *set,
                     const struct polyalign_evidence_options *eopts)
{
    int error;

    for (size_t i = 0; i < e->n; i++)
        for (size_t j = i + 1; set[i] && j < e->n; j++) {
            struct polyalign_explainer *x;
            const struct polyalign_match *m;
            size_t nm;

            if (!set[j] || !(x = explainer(ctx, e, docs, i, j, eopts)))
                continue;
            if ((error = polyalign_explainer_explain(x, text[i], len[i],
                                                     text[j], len[j], &m,
                                                     &nm)) < 0)
                return error;
            for (size_t k = 0; k < nm; k++)
                if ((error = polyalign_report_add_match(
                         r, row, i, m[k].src_start, m[k].src_end, j,
                         m[k].tgt_start, m[k].tgt_end, m[k].kind)) < 0)
                    return error;
        }
    return 0;
}

/* Everything a page is built from, and the scratch space of one row. */
struct page {
    struct polyalign_context *ctx;
    struct polyalign_doc *const *docs;
    size_t n;
    const struct polyalign_evidence_options *eopts;
    struct polyalign_report *r;
    struct explainers e;
    char **text;
    size_t *len, *cap, **idx, *nidx, *capidx;
    unsigned char *set;
};

static int page_init(struct page *p, struct polyalign_context *ctx,
                     struct polyalign_doc *const *docs,
                     const char *const *paths, size_t n,
                     const struct polyalign_report_options *ro,
                     const struct polyalign_evidence_options *eopts)
{
    int error;

    memset(p, 0, sizeof(*p));
    p->ctx = ctx;
    p->docs = docs;
    p->n = n;
    p->eopts = eopts;
    p->e.n = n;
    p->e.ex = calloc(n * n, sizeof(*p->e.ex));
    p->e.tried = calloc(n * n, 1);
    p->text = calloc(n, sizeof(*p->text));
    p->len = calloc(n, sizeof(*p->len));
    p->cap = calloc(n, sizeof(*p->cap));
    p->idx = calloc(n, sizeof(*p->idx));
    p->nidx = calloc(n, sizeof(*p->nidx));
    p->capidx = calloc(n, sizeof(*p->capidx));
    p->set = calloc(n, 1);
    if (!p->e.ex || !p->e.tried || !p->text || !p->len || !p->cap ||
        !p->idx || !p->nidx || !p->capidx || !p->set)
        return POLYALIGN_ENOMEM;
    if ((error = polyalign_report_new(&p->r, ctx, ro)) < 0)
        return error;
    for (size_t i = 0; i < n; i++)
        if ((error = polyalign_report_add_column(
                 p->r, paths[i], polyalign_doc_lang(docs[i]), NULL)) < 0)
            return error;
    return 0;
}

static void page_free(struct page *p)
{
    for (size_t i = 0; p->e.ex && i < p->n * p->n; i++)
        polyalign_explainer_free(p->e.ex[i]);
    for (size_t i = 0; i < p->n; i++) {
        if (p->text)
            free(p->text[i]);
        if (p->idx)
            free(p->idx[i]);
    }
    free(p->e.ex);
    free(p->e.tried);
    free(p->text);
    free(p->len);
    free(p->cap);
    free(p->idx);
    free(p->nidx);
    free(p->capidx);
    free(p->set);
    polyalign_report_free(p->r);
}

/* Start a row's cells: nothing set. */
static void row_clear(struct page *p)
{
    memset(p->nidx, 0, p->n * sizeof(*p->nidx));
    memset(p->set, 0, p->n);
}

/* Put sentence @s of document @d in the row being built. */
static int row_add(struct page *p, size_t d, size_t s)
{
    if (p->nidx[d] == p->capidx[d]) {
        size_t c = p->capidx[d] ? 2 * p->capidx[d] : 4;
        size_t *v = realloc(p->idx[d], c * sizeof(*v));

        if (!v)
            return POLYALIGN_ENOMEM;
        p->idx[d] = v;
        p->capidx[d] = c;
    }
    p->idx[d][p->nidx[d]++] = s;
    p->set[d] = 1;
    return 0;
}

/* Write the row being built into the report. */
static int row_emit(struct page *p, double score, const char *note,
                    int flagged)
{
    size_t row, cells = 0;
    int error;

    if ((error = polyalign_report_add_row(p->r, score, note, flagged,
                                          &row)) < 0)
        return error;
    for (size_t d = 0; d < p->n; d++) {
        if (!p->set[d])
            continue;
        if ((error = join(p->docs[d], p->idx[d], p->nidx[d], &p->text[d],
                          &p->len[d], &p->cap[d])) < 0 ||
            (error = labels(p->r, row, d, p->docs[d], p->idx[d], p->nidx[d],
                            p->text[d], p->len[d])) < 0)
            return error;
        cells++;
    }
    if (cells < 2)
        return 0;
    return highlight(p->ctx, &p->e, p->r, row, p->docs, p->text, p->len,
                     p->set, p->eopts);
}

static int unaligned_row(struct page *p, size_t d, size_t s)
{
    int error;

    row_clear(p);
    if ((error = row_add(p, d, s)) < 0)
        return error;
    return row_emit(p, -1, NULL, 0);
}

/* Write the page to @output (atomically); an exit status. */
static int page_write(struct page *p, const char *output)
{
    struct polyalign_output *out = NULL;
    int error;

    if ((error = polyalign_output_open(&out, p->ctx, output)) < 0)
        return cli_fail(p->ctx, error);
    if ((error = polyalign_report_write(p->r,
                                        polyalign_output_stream(out))) < 0) {
        polyalign_output_abort(out);
        return cli_fail(p->ctx, error);
    }
    if ((error = polyalign_output_commit(out)) < 0)
        return cli_fail(p->ctx, error);
    return EXIT_OK;
}

static char *page_title(const char *what, const char *const *paths,
                        size_t n)
{
    size_t len = strlen(what) + 4;
    char *t;

    for (size_t i = 0; i < n; i++)
        len += strlen(paths[i]) + 4;
    if (!(t = malloc(len)))
        return NULL;
    strcpy(t, what);
    for (size_t i = 0; i < n; i++) {
        const char *b = strrchr(paths[i], '/');
        strcat(t, i ? " \u00b7 " : ": ");
        strcat(t, b && b[1] ? b + 1 : paths[i]);
    }
    return t;
}

int cli_report_multi(struct polyalign_context *ctx,
                     struct polyalign_doc *const *docs,
                     const char *const *paths, size_t n,
                     const struct polyalign_multi *m,
                     const struct polyalign_evidence_options *eopts,
                     const char *output)
{
    struct polyalign_report_options ro = {0};
    struct page p;
    size_t *next = calloc(n, sizeof(*next)), nu;
    char *title = page_title("polyalign align", paths, n);
    int rc = EXIT_OK, error = 0;

    ro.title = title;
    ro.score_label = "confidence";
    if (!next || !title) {
        free(next);
        free(title);
        return cli_fail(ctx, POLYALIGN_ENOMEM);
    }
    if ((error = page_init(&p, ctx, docs, paths, n, &ro, eopts)) < 0)
        goto cleanup;
    nu = polyalign_multi_unit_count(m);
    /* Units in the pivot's order; before each, the unaligned sentences of
     * its documents that precede it, so that they show where they are. */
    for (size_t u = 0; u <= nu; u++) {
        struct polyalign_multi_unit un;
        char type[128], note[160];

        if (u < nu && (error = polyalign_multi_unit(m, u, &un)) < 0)
            goto cleanup;
        for (size_t d = 0; d < n; d++) {
            size_t end = u < nu ? (un.count[d] ? un.start[d] : next[d])
                                : polyalign_doc_sentence_count(docs[d]);
            for (size_t s = next[d]; s < end; s++)
                if (polyalign_multi_sentence_unit(m, d, s) < 0 &&
                    (error = unaligned_row(&p, d, s)) < 0)
                    goto cleanup;
            if (end > next[d])
                next[d] = end;
            if (u < nu && un.count[d] && un.start[d] + un.count[d] > next[d])
                next[d] = un.start[d] + un.count[d];
        }
        if (u == nu)
            break;
        row_clear(&p);
        for (size_t d = 0; d < n; d++)
            for (size_t k = 0; k < un.count[d]; k++)
                if ((error = row_add(&p, d, un.start[d] + k)) < 0)
                    goto cleanup;
        polyalign_multi_unit_type(m, &un, type, sizeof(type));
        snprintf(note, sizeof(note), "%s%s", type,
                 un.consistent == 0 ? " inconsistent" : "");
        if ((error = row_emit(&p, un.confidence, note,
                              un.consistent == 0)) < 0)
            goto cleanup;
    }
    rc = page_write(&p, output);
cleanup:
    if (error < 0)
        rc = cli_fail(ctx, error);
    page_free(&p);
    free(next);
    free(title);
    return rc;
}

int cli_report_compare(struct polyalign_context *ctx,
                       struct polyalign_doc *const *docs,
                       const char *const *paths, size_t n,
                       const struct polyalign_compare *cmp,
                       double threshold, const char *output)
{
    struct polyalign_report_options ro = {0};
    struct page p;
    size_t np = polyalign_compare_pair_count(cmp);
    size_t ns = polyalign_compare_statement_count(cmp);
    size_t **stmt = calloc(n, sizeof(*stmt)); /* statement + 1, or 0 */
    unsigned char *done = calloc(ns + 1, 1);
    double *best = calloc(ns + 1, sizeof(*best));
    char *title = page_title("polyalign compare", paths, n);
    int rc = EXIT_OK, error = 0;

    memset(&p, 0, sizeof(p));
    if (!stmt || !done || !best || !title) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t d = 0; d < n; d++)
        if (!(stmt[d] = calloc(polyalign_doc_sentence_count(docs[d]) + 1,
                               sizeof(**stmt)))) {
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
    for (size_t i = 0; i < np; i++) {
        const struct polyalign_compare_pair *q =
            polyalign_compare_pair(cmp, i);

        if (q->statement >= ns)
            continue;
        stmt[q->left_doc][q->left_index] = q->statement + 1;
        stmt[q->right_doc][q->right_index] = q->statement + 1;
        if (q->score > best[q->statement])
            best[q->statement] = q->score;
    }
    ro.title = title;
    ro.score_label = "match probability";
    ro.row_noun = "shared statements";
    /* The model's scores are probabilities: the scale ends at 1. */
    ro.score_min = threshold < 1.0 ? threshold : 0.0;
    ro.score_max = 1.0;
    if ((error = page_init(&p, ctx, docs, paths, n, &ro, NULL)) < 0)
        goto cleanup;
    /* Each document in order: a statement where its first sentence is,
     * the document's unmatched sentences where they are. */
    for (size_t d = 0; d < n; d++)
        for (size_t s = 0; s < polyalign_doc_sentence_count(docs[d]); s++) {
            size_t st = stmt[d][s];

            if (!st) {
                if ((error = unaligned_row(&p, d, s)) < 0)
                    goto cleanup;
                continue;
            }
            if (done[st - 1])
                continue;
            done[st - 1] = 1;
            row_clear(&p);
            for (size_t e = 0; e < n; e++)
                for (size_t k = 0; k < polyalign_doc_sentence_count(docs[e]);
                     k++)
                    if (stmt[e][k] == st && (error = row_add(&p, e, k)) < 0)
                        goto cleanup;
            if ((error = row_emit(&p, best[st - 1], NULL, 0)) < 0)
                goto cleanup;
        }
    rc = page_write(&p, output);
cleanup:
    if (error < 0)
        rc = cli_fail(ctx, error);
    page_free(&p);
    for (size_t d = 0; stmt && d < n; d++)
        free(stmt[d]);
    free(stmt);
    free(done);
    free(best);
    free(title);
    return rc;
}

/* `report` is align (or compare) with the html format: the options are
 * theirs, passed on. */
int cmd_report(struct polyalign_context *ctx, int argc, char **argv)
{
    char **args = calloc((size_t)argc + 8, sizeof(*args));
    int compare = 0, n = 0, rc;

    if (!args)
        return cli_fail(ctx, POLYALIGN_ENOMEM);
    args[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            report_usage(stdout);
            free(args);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--compare") == 0) {
            compare = 1;
        } else if ((strcmp(argv[i], "-f") == 0 ||
                    strcmp(argv[i], "--format") == 0) && i + 1 < argc &&
                   strcmp(argv[i + 1], "html") != 0) {
            free(args);
            return cli_usage_error("report", "the format is html");
        } else {
            args[n++] = argv[i];
        }
    }
    args[n++] = "--format";
    args[n++] = "html";
    args[n] = NULL;
    rc = compare ? cmd_compare(ctx, n, args) : cmd_align(ctx, n, args);
    free(args);
    return rc;
}
