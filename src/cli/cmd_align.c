/* polyalign align: pair the sentences of two documents that translate each
 * other. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

enum format { FORMAT_BEADS, FORMAT_TSV, FORMAT_JSONL, FORMAT_TMX,
              FORMAT_HTML };

static void align_usage(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign align [options] A B [C...]\n"
        "\n"
        "Align the sentences of document A (source) with those of B\n"
        "(target), with the Gale & Church length model; every bead gets a\n"
        "confidence in [0, 1].  Documents are read in any encoding and\n"
        "split into sentences as `polyalign split` does; when both have\n"
        "as many paragraphs, paragraphs are aligned first.  With three or\n"
        "more documents every one is aligned to a pivot, the other pairs\n"
        "directly to check the pivot path (tmx or tsv output only).\n"
        "\n"
        "  -o, --output FILE     write there (default: standard output)\n"
        "  -f, --format FMT      beads (default: `[0, 1]:[0]:0.93`, 0-based\n"
        "                        sentence indexes, `[]` for an empty side),\n"
        "                        tsv (source, target, type, confidence) or\n"
        "                        jsonl, tmx (default when FILE ends in .tmx)\n"
        "                        or html (the review page of `polyalign\n"
        "                        report`; default when FILE ends in .html)\n"
        "      --presplit        one sentence per line already (no splitter;\n"
        "                        empty lines are skipped, so indexes count\n"
        "                        the non-empty lines)\n"
        "  -e, --encoding E      charset of both files (default: detected)\n"
        "      --join-lines      hard-wrapped text: only blank lines end a\n"
        "                        paragraph\n"
        "      --lang L1,L2,...  the documents' languages, in order\n"
        "      --src-lang L, --tgt-lang L\n"
        "                        languages (default: from the file names,\n"
        "                        then detected); they choose the default\n"
        "                        length ratio\n"
        "      --fixed-params    do not re-estimate c on the pair\n"
        "      --estimate-priors also re-estimate the bead-type priors\n"
        "      --c X, --s2 X     start from these length parameters\n"
        "      --band N          initial band half-width (sentences)\n"
        "      --no-paragraphs   align sentences over the whole documents\n"
        "                        even when paragraph counts agree\n"
        "      --explain         print the parameters used to stderr\n"
        "      --lexical         add lexical evidence: lexicon translations,\n"
        "                        lemmas, names, numbers (see `normalize`)\n"
        "      --lexicon FILE    a user lexicon (TSV `source<TAB>target` or\n"
        "                        hunalign `target @ source`); implies\n"
        "                        --lexical; may be repeated (two documents\n"
        "                        only, the first as source)\n"
        "      --lexical-weight X  reward in nats of a fully matched bead\n"
        "      --two-pass        with --lexical: first find anchors (names,\n"
        "                        numbers found once on each side, in similar\n"
        "                        sentences), then align between them\n"
        "      --one-pass        with --lexical: one search (the default)\n"
        "\n"
        "Translation memory (tmx) and N-way options:\n"
        "      --pivot N|FILE    pivot document (1-based, or its name;\n"
        "                        default the first)\n"
        "      --no-triangulate  do not align the non-pivot pairs directly\n"
        "      --merge-groups    one TU per pivot group, even where the\n"
        "                        pairs disagree about the pivot's beads\n"
        "                        or the direct pair aligns finer (merged\n"
        "                        spans; nearly every TU in all languages)\n"
        "      --keep-pairs      the default: where they disagree, each\n"
        "                        pair's own beads (and the direct pairs')\n"
        "                        as two-language TUs, so every pair reads\n"
        "                        its own alignment (srclang *all*)\n"
        "      --consistent-only leave out units where a direct pair\n"
        "                        disagrees with the pivot path\n"
        "      --srclang L       TMX srclang (default the pivot's language;\n"
        "                        '*all*' for a multilingual memory)\n"
        "      --lang-code A=B   write language A as B (fr=fr-FR); repeat\n"
        "      --note TEXT       a note in the TMX header\n"
        "      --creationid ID   creationid of the header and every TU\n"
        "      --unaligned FILE  list the sentences not written (TSV:\n"
        "                        document, sentence index from 0, text)\n"
        "  -h, --help            this help\n");
}

/* One side: the document and its sentences. */
struct side {
    const char *path;
    struct polyalign_doc *doc;
    size_t n;
};

/* A sentence's text (borrowed from the document). */
static const char *sentence(const struct side *s, size_t i, size_t *len)
{
    struct polyalign_sentence st;

    if (polyalign_doc_sentence(s->doc, i, &st) < 0) {
        *len = 0;
        return "";
    }
    *len = st.len;
    return st.text;
}

/* Load and split one document. */
static int side_load(struct polyalign_context *ctx, struct side *s,
                     const struct polyalign_doc_options *dopts)
{
    struct polyalign_splitter *sp = NULL;
    int error;

    if ((error = polyalign_doc_load_file(&s->doc, ctx, s->path, dopts)) < 0)
        return error;
    if (!(dopts->flags & POLYALIGN_DOC_PRESPLIT) &&
        (error = polyalign_splitter_new(&sp, ctx, NULL,
                                        polyalign_doc_lang(s->doc))) < 0)
        return error;
    error = polyalign_doc_segment(s->doc, sp);
    polyalign_splitter_free(sp);
    s->n = polyalign_doc_sentence_count(s->doc);
    return error;
}

/* Sentences [start, start + count) joined by spaces, tabs and line breaks
 * turned into spaces (for TSV). */
static void tsv_text(FILE *fp, const struct side *s, size_t start,
                     size_t count)
{
    for (size_t k = 0; k < count; k++) {
        size_t len;
        const char *p = sentence(s, start + k, &len);

        if (k)
            fputc(' ', fp);
        for (const char *e = p + len; p < e; p++)
            fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, fp);
    }
}

static void json_indexes(FILE *fp, size_t start, size_t count)
{
    fputc('[', fp);
    for (size_t k = 0; k < count; k++)
        fprintf(fp, k ? ",%zu" : "%zu", start + k);
    fputc(']', fp);
}

static void write_bead(FILE *fp, enum format fmt, const struct side *a,
                       const struct side *b, const struct polyalign_bead *bd)
{
    const char *type = polyalign_bead_type_name(bd);

    switch (fmt) {
    case FORMAT_BEADS:
        polyalign_bead_write(fp, bd);
        break;
    case FORMAT_TSV:
        tsv_text(fp, a, bd->src_start, bd->src_count);
        fputc('\t', fp);
        tsv_text(fp, b, bd->tgt_start, bd->tgt_count);
        fprintf(fp, "\t%s\t%.4f\n", type ? type : "?", bd->confidence);
        break;
    case FORMAT_JSONL:
        fputs("{\"src\":", fp);
        json_indexes(fp, bd->src_start, bd->src_count);
        fputs(",\"tgt\":", fp);
        json_indexes(fp, bd->tgt_start, bd->tgt_count);
        fprintf(fp, ",\"type\":\"%s\",\"confidence\":%.4f,\"cost\":%.4f",
                type ? type : "?", bd->confidence, bd->cost);
        fputs(",\"src_text\":[", fp);
        for (size_t k = 0; k < bd->src_count; k++) {
            size_t len;
            const char *t = sentence(a, bd->src_start + k, &len);

            if (k)
                fputc(',', fp);
            cli_json_string(fp, t, len);
        }
        fputs("],\"tgt_text\":[", fp);
        for (size_t k = 0; k < bd->tgt_count; k++) {
            size_t len;
            const char *t = sentence(b, bd->tgt_start + k, &len);

            if (k)
                fputc(',', fp);
            cli_json_string(fp, t, len);
        }
        fputs("]}\n", fp);
        break;
    case FORMAT_TMX: /* written by align_multi() */
    case FORMAT_HTML:
        break;
    }
}

static void explain(const struct polyalign_alignment *al,
                    const struct side *a, const struct side *b,
                    const struct polyalign_align_options *o)
{
    const struct polyalign_align_params *p = polyalign_alignment_params(al);
    static const char *const names[POLYALIGN_BEAD_TYPES] = {
        "1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "3-1", "1-3",
    };
    size_t counts[POLYALIGN_BEAD_TYPES] = {0};
    size_t nb = polyalign_alignment_bead_count(al), low = 0;
    double conf = 0;

    for (size_t i = 0; i < nb; i++) {
        struct polyalign_bead bd;

        polyalign_alignment_bead(al, i, &bd);
        for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
            if (strcmp(polyalign_bead_type_name(&bd), names[t]) == 0)
                counts[t]++;
        conf += bd.confidence;
        low += bd.confidence < 0.5;
    }
    fprintf(stderr, "# source %s: %zu sentences (%s)\n", a->path, a->n,
            o->src_lang ? o->src_lang : "language unknown");
    fprintf(stderr, "# target %s: %zu sentences (%s)\n", b->path, b->n,
            o->tgt_lang ? o->tgt_lang : "language unknown");
    fprintf(stderr, "# model: Gale & Church 1993, lengths in code points\n");
    fprintf(stderr, "# start: c = %.4f, s2 = %.4f (%s)\n", p->default_c,
            p->default_s2,
            p->defaults_measured ? "measured for this language pair or given"
                                 : "Gale & Church's defaults");
    if (p->reestimated)
        fprintf(stderr, "# re-estimated on this pair from %zu 1-1 beads "
                        "inside runs of 1-1 beads: c = %.4f (their s2 is "
                        "%.4f; s2 kept at %.4f)\n",
                p->estimated_from, p->c, p->s2_measured, p->s2);
    else
        fprintf(stderr, "# not re-estimated: c = %.4f, s2 = %.4f\n", p->c,
                p->s2);
    fprintf(stderr, "# priors (%s):",
            o->flags & POLYALIGN_ALIGN_ESTIMATE_PRIORS && p->reestimated
                ? "re-estimated from the first pass"
                : "Gale & Church 1993, Table 5, or given");
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        fprintf(stderr, " %s %.4f", names[t], p->priors[t]);
    fprintf(stderr, "\n# levels: %s\n",
            p->paragraphs ? "paragraphs, then sentences within them"
                          : "sentences over the whole documents");
    fprintf(stderr, "# band: half-width %zu, widened %zu times, %zu cells\n",
            p->band, p->widenings, p->cells);
    fprintf(stderr, "# best path: cost %.2f; log-likelihood %.2f\n",
            p->total_cost, p->log_likelihood);
    fprintf(stderr, "# beads: %zu:", nb);
    for (int t = 0; t < POLYALIGN_BEAD_TYPES; t++)
        if (counts[t])
            fprintf(stderr, " %s %zu", names[t], counts[t]);
    fprintf(stderr, "; mean confidence %.3f, %zu below 0.5\n",
            nb ? conf / (double)nb : 0, low);
}

/* ------------------------------------------------------------------------
 * Translation memories and N-way alignment. */

/* What the tmx/N-way path needs besides the documents. */
struct multi_args {
    enum format fmt;
    const char *output;
    const char *pivot;
    const char *srclang;
    const char *note;
    const char *creationid;
    const char *unaligned;
    const char **lang_map; /* NULL-terminated */
    int consistent_only;
    int no_triangulate;
    int keep_pairs;
    int lexical;
    int two_pass; /* 1: --two-pass, 0: --one-pass, -1: default */
    struct polyalign_evidence_options eopts;
    int explain;
};

/* Text of sentences [start, start + count), joined by spaces, into a
 * growing buffer (NUL-terminated). */
static int join_text(char **buf, size_t *cap, const struct side *s,
                     size_t start, size_t count)
{
    size_t len = 0;

    for (size_t k = 0; k < count; k++) {
        size_t n;
        const char *t = sentence(s, start + k, &n);

        if (len + n + 2 > *cap) {
            size_t c = 2 * (len + n + 2);
            char *b = realloc(*buf, c);

            if (!b)
                return POLYALIGN_ENOMEM;
            *buf = b;
            *cap = c;
        }
        if (k)
            (*buf)[len++] = ' ';
        memcpy(*buf + len, t, n);
        len += n;
    }
    if (!*buf && !(*buf = malloc(*cap = 64)))
        return POLYALIGN_ENOMEM;
    (*buf)[len] = '\0';
    return 0;
}

/* Sentence indexes "3,4" of a span. */
static void span_text(char *buf, size_t size, size_t start, size_t count)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t k = 0; k < count && len < size; k++) {
        int w = snprintf(buf + len, size - len, k ? ",%zu" : "%zu",
                         start + k);

        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');

    return b ? b + 1 : path;
}

/* Build the TU of unit @u; returns 0 or a negative error. */
static int unit_tu(struct polyalign_tmx_tu *tu, const struct side *sides,
                   size_t n, size_t pivot, const struct polyalign_multi *m,
                   const struct polyalign_multi_unit *un, char **buf,
                   size_t *cap)
{
    char type[128], val[64], key[64], *idx;
    int error;

    polyalign_tmx_tu_clear(tu);
    /* The pivot first, then the other documents in order. */
    for (size_t k = 0; k < n; k++) {
        size_t i = k == 0 ? pivot : k <= pivot ? k - 1 : k;
        const char *lang = polyalign_doc_lang(sides[i].doc);

        if (!un->count[i])
            continue;
        if ((error = join_text(buf, cap, &sides[i], un->start[i],
                               un->count[i])) < 0 ||
            (error = polyalign_tmx_tu_add_variant(tu, lang, *buf)) < 0)
            return error;
    }
    for (size_t i = 0; i < n; i++) {
        const char *lang = polyalign_doc_lang(sides[i].doc);

        if (!un->count[i])
            continue;
        snprintf(key, sizeof(key), "x-source-%s", lang);
        if ((error = polyalign_tmx_tu_add_prop(tu, key,
                                               base_name(sides[i].path))) < 0)
            return error;
        snprintf(key, sizeof(key), "x-sentences-%s", lang);
        /* At most 20 digits and a comma per sentence. */
        if (!(idx = malloc(21 * un->count[i] + 1)))
            return POLYALIGN_ENOMEM;
        span_text(idx, 21 * un->count[i] + 1, un->start[i], un->count[i]);
        error = polyalign_tmx_tu_add_prop(tu, key, idx);
        free(idx);
        if (error < 0)
            return error;
    }
    polyalign_multi_unit_type(m, un, type, sizeof(type));
    snprintf(val, sizeof(val), "%.4f", un->confidence);
    if ((error = polyalign_tmx_tu_add_prop(tu, "x-bead", type)) < 0 ||
        (error = polyalign_tmx_tu_add_prop(tu, "x-confidence", val)) < 0)
        return error;
    if (un->consistent >= 0 &&
        (error = polyalign_tmx_tu_add_prop(tu, "x-consistent",
                                           un->consistent ? "yes" : "no")) <
            0)
        return error;
    return 0;
}

/* One line per unit: the text of every document, type, confidence,
 * consistency. */
static void unit_tsv(FILE *fp, const struct side *sides, size_t n,
                     const struct polyalign_multi *m,
                     const struct polyalign_multi_unit *un)
{
    char type[128];

    for (size_t i = 0; i < n; i++) {
        tsv_text(fp, &sides[i], un->start[i], un->count[i]);
        fputc('\t', fp);
    }
    polyalign_multi_unit_type(m, un, type, sizeof(type));
    fprintf(fp, "%s\t%.4f\t%s\n", type, un->confidence,
            un->consistent < 0 ? "-" : un->consistent ? "yes" : "no");
}

/* The sentences no written unit holds. */
static int write_unaligned(struct polyalign_context *ctx, const char *path,
                           const struct side *sides, size_t n,
                           const struct polyalign_multi *m,
                           const unsigned char *written)
{
    struct polyalign_output *out = NULL;
    unsigned char **covered = calloc(n, sizeof(*covered));
    FILE *fp;
    int error = POLYALIGN_ENOMEM;

    if (!covered)
        return error;
    for (size_t i = 0; i < n; i++)
        if (!(covered[i] = calloc(sides[i].n + 1, 1)))
            goto cleanup;
    for (size_t u = 0; u < polyalign_multi_unit_count(m); u++) {
        struct polyalign_multi_unit un;

        if (!written[u] || polyalign_multi_unit(m, u, &un) < 0)
            continue;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < un.count[i]; k++)
                covered[i][un.start[i] + k] = 1;
    }
    if ((error = polyalign_output_open(&out, ctx, path)) < 0)
        goto cleanup;
    fp = polyalign_output_stream(out);
    fputs("document\tsentence\ttext\n", fp);
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < sides[i].n; s++) {
            if (covered[i][s])
                continue;
            fprintf(fp, "%s\t%zu\t", sides[i].path, s);
            tsv_text(fp, &sides[i], s, 1);
            fputc('\n', fp);
        }
    error = polyalign_output_commit(out);
cleanup:
    for (size_t i = 0; i < n; i++)
        free(covered[i]);
    free(covered);
    return error;
}

static int align_multi(struct polyalign_context *ctx, struct side *sides,
                       size_t n, const struct multi_args *ma,
                       const struct polyalign_align_options *aopts)
{
    struct polyalign_multi_options mo = {0};
    struct polyalign_tmx_writer_options wo;
    struct polyalign_multi *m = NULL;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    struct polyalign_output *out = NULL;
    const struct polyalign_doc **docs = NULL;
    unsigned char *written = NULL;
    char *buf = NULL;
    size_t cap = 0, nu, nwritten = 0, complete = 0, inconsistent = 0;
    int rc = EXIT_OK, error;

    if (ma->pivot) {
        char *e;
        unsigned long v = strtoul(ma->pivot, &e, 10);

        mo.pivot = n;
        if (*e == '\0' && e != ma->pivot && v >= 1 && v <= n)
            mo.pivot = v - 1;
        for (size_t i = 0; mo.pivot == n && i < n; i++)
            if (strcmp(ma->pivot, sides[i].path) == 0)
                mo.pivot = i;
        if (mo.pivot == n)
            return cli_usage_error("align", "--pivot: '%s' is neither a "
                                   "document number (1-%zu) nor a "
                                   "document", ma->pivot, n);
    }
    mo.flags = (ma->no_triangulate ? POLYALIGN_MULTI_NO_TRIANGULATE : 0) |
               (ma->keep_pairs ? POLYALIGN_MULTI_KEEP_PAIRS : 0) |
               (ma->two_pass == 1 ? POLYALIGN_MULTI_TWO_PASS : 0);
    mo.align = aopts;
    if (ma->lexical)
        mo.evidence = &ma->eopts;
    if (ma->eopts.lexicon_files && ma->eopts.lexicon_files[0] &&
        (n != 2 || mo.pivot != 0))
        return cli_usage_error("align", "--lexicon: two documents only, "
                               "the first as pivot");
    for (size_t i = 0; ma->fmt == FORMAT_TMX && i < n; i++) {
        const char *li = polyalign_doc_lang(sides[i].doc);

        if (!li || strcmp(li, "und") == 0) {
            fprintf(stderr, "polyalign: error: %s: language unknown; name "
                    "the file NAME.LANG.txt\n", sides[i].path);
            return EXIT_INPUT;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(li, polyalign_doc_lang(sides[j].doc)) == 0) {
                fprintf(stderr, "polyalign: error: %s and %s are both in "
                        "'%s': a TMX holds one variant per language\n",
                        sides[j].path, sides[i].path, li);
                return EXIT_INPUT;
            }
    }
    if (!(docs = calloc(n, sizeof(*docs)))) {
        rc = cli_fail(ctx, POLYALIGN_ENOMEM);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        docs[i] = sides[i].doc;
    if ((error = polyalign_multi_align_docs(&m, ctx, docs, n, &mo)) < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    if (ma->fmt == FORMAT_HTML) {
        struct polyalign_doc **dv = calloc(n, sizeof(*dv));
        const char **pv = calloc(n, sizeof(*pv));

        for (size_t i = 0; dv && pv && i < n; i++) {
            dv[i] = sides[i].doc;
            pv[i] = sides[i].path;
        }
        rc = dv && pv ? cli_report_multi(ctx, dv, pv, n, m, &ma->eopts,
                                         ma->output)
                      : cli_fail(ctx, POLYALIGN_ENOMEM);
        free(dv);
        free(pv);
        goto cleanup;
    }
    nu = polyalign_multi_unit_count(m);
    if (!(written = calloc(nu ? nu : 1, 1))) {
        rc = cli_fail(ctx, POLYALIGN_ENOMEM);
        goto cleanup;
    }
    if (ma->fmt == FORMAT_TMX) {
        polyalign_tmx_writer_options_init(&wo);
        /* With --keep-pairs, an N-way memory may hold TUs without the
         * pivot (direct pairs): then it is multilingual. */
        int without_pivot = 0;

        for (size_t u = 0; u < nu && !without_pivot; u++) {
            struct polyalign_multi_unit un;
            without_pivot = polyalign_multi_unit(m, u, &un) == 0 &&
                            !un.count[mo.pivot];
        }
        wo.srclang = ma->srclang     ? ma->srclang
                     : without_pivot ? "*all*"
                                     : polyalign_doc_lang(sides[mo.pivot].doc);
        wo.note = ma->note;
        wo.creationid = ma->creationid;
        wo.lang_map = ma->lang_map;
        error = polyalign_tmx_tu_new(&tu);
        if (error >= 0)
            error = polyalign_tmx_writer_open(&w, ctx,
                                              ma->output ? ma->output : "-",
                                              &wo);
    } else {
        error = polyalign_output_open(&out, ctx, ma->output);
    }
    if (error < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    for (size_t u = 0; u < nu; u++) {
        struct polyalign_multi_unit un;

        polyalign_multi_unit(m, u, &un);
        complete += un.present == n;
        inconsistent += un.consistent == 0;
        if (ma->consistent_only && un.consistent == 0)
            continue;
        if (out) {
            unit_tsv(polyalign_output_stream(out), sides, n, m, &un);
            written[u] = 1;
            nwritten++;
            continue;
        }
        if ((error = unit_tu(tu, sides, n, mo.pivot, m, &un, &buf, &cap)) <
                0 ||
            (error = polyalign_tmx_writer_add_tu(w, tu)) < 0) {
            rc = cli_fail(ctx, error);
            goto cleanup;
        }
        written[u] = (unsigned char)error;
        nwritten += (size_t)error;
    }
    error = w ? polyalign_tmx_writer_commit(w) : polyalign_output_commit(out);
    w = NULL;
    out = NULL;
    if (error < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    if (ma->explain)
        fprintf(stderr, "# pivot %s; %zu units, %zu written, %zu with all "
                "%zu documents, %zu inconsistent with a direct pair\n",
                sides[mo.pivot].path, nu, nwritten, complete, n,
                inconsistent);
    if (ma->unaligned &&
        (error = write_unaligned(ctx, ma->unaligned, sides, n, m, written)) <
            0)
        rc = cli_fail(ctx, error);
cleanup:
    polyalign_tmx_writer_abort(w);
    polyalign_output_abort(out);
    polyalign_tmx_tu_free(tu);
    polyalign_multi_free(m);
    free(written);
    free(docs);
    free(buf);
    return rc;
}

static int parse_double(const char *s, double *out)
{
    char *e;

    errno = 0;
    *out = strtod(s, &e);
    return e != s && *e == '\0' && errno == 0 && *out > 0 ? 0 : -1;
}

/* Everything the command line gives. */
struct args {
    struct polyalign_align_options opts;
    struct polyalign_doc_options dopts;
    struct multi_args ma;
    const char **files;
    int nfiles, presplit, fmt_given, nmap;
    const char *lexicons[17];
    const char *langs; /* --lang L1,L2,... */
    size_t nlex;
};

/* The language given for document @i (--lang, else --src-lang and
 * --tgt-lang for the first two), or NULL; @buf holds a --lang item. */
static const char *given_lang(const struct args *g, int i, char *buf,
                              size_t size)
{
    if (g->langs && cli_list_item(g->langs, (size_t)i, buf, size))
        return buf;
    return i == 0 ? g->opts.src_lang : i == 1 ? g->opts.tgt_lang : NULL;
}

/* Parse the command line; EXIT_OK, or an exit status to return (-1 after
 * --help). */
static int parse_args(struct args *g, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            align_usage(stdout);
            return -1;
        } else if (strcmp(a, "--lexical") == 0) {
            g->ma.lexical = 1;
        } else if (strcmp(a, "--two-pass") == 0 ||
                   strcmp(a, "--one-pass") == 0) {
            g->ma.two_pass = strcmp(a, "--two-pass") == 0;
        } else if (strcmp(a, "--lexicon") == 0 ||
                   strcmp(a, "--lexical-weight") == 0) {
            if (!v)
                return cli_usage_error("align", "%s needs a value", a);
            i++;
            g->ma.lexical = 1;
            if (strcmp(a, "--lexicon") == 0) {
                if (g->nlex == 16)
                    return cli_usage_error("align", "at most 16 lexicons");
                g->lexicons[g->nlex++] = v;
            } else if (parse_double(v, &g->ma.eopts.weight) < 0) {
                return cli_usage_error("align", "--lexical-weight: not a "
                                       "positive number: '%s'", v);
            }
        } else if (strcmp(a, "--presplit") == 0) {
            g->presplit = 1;
        } else if (strcmp(a, "--explain") == 0) {
            g->ma.explain = 1;
        } else if (strcmp(a, "--consistent-only") == 0) {
            g->ma.consistent_only = 1;
        } else if (strcmp(a, "--no-triangulate") == 0) {
            g->ma.no_triangulate = 1;
        } else if (strcmp(a, "--keep-pairs") == 0) {
            g->ma.keep_pairs = 1;
        } else if (strcmp(a, "--merge-groups") == 0) {
            g->ma.keep_pairs = 0;
        } else if (strcmp(a, "--fixed-params") == 0) {
            g->opts.flags |= POLYALIGN_ALIGN_FIXED_PARAMS;
        } else if (strcmp(a, "--estimate-priors") == 0) {
            g->opts.flags |= POLYALIGN_ALIGN_ESTIMATE_PRIORS;
        } else if (strcmp(a, "--join-lines") == 0) {
            g->dopts.flags |= POLYALIGN_DOC_JOIN_LINES;
        } else if (strcmp(a, "--no-paragraphs") == 0) {
            g->opts.flags |= POLYALIGN_ALIGN_NO_PARAGRAPHS;
        } else if (strcmp(a, "--pivot") == 0 ||
                   strcmp(a, "--srclang") == 0 ||
                   strcmp(a, "--lang-code") == 0 ||
                   strcmp(a, "--note") == 0 ||
                   strcmp(a, "--creationid") == 0 ||
                   strcmp(a, "--unaligned") == 0) {
            if (!v)
                return cli_usage_error("align", "%s needs a value", a);
            i++;
            if (strcmp(a, "--pivot") == 0)
                g->ma.pivot = v;
            else if (strcmp(a, "--srclang") == 0)
                g->ma.srclang = v;
            else if (strcmp(a, "--note") == 0)
                g->ma.note = v;
            else if (strcmp(a, "--creationid") == 0)
                g->ma.creationid = v;
            else if (strcmp(a, "--unaligned") == 0)
                g->ma.unaligned = v;
            else if (!strchr(v, '=') || v[0] == '=')
                return cli_usage_error("align", "--lang-code: give "
                                       "FROM=TO, not '%s'", v);
            else
                g->ma.lang_map[g->nmap++] = v;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
                   strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0 ||
                   strcmp(a, "--src-lang") == 0 ||
                   strcmp(a, "--lang") == 0 ||
                   strcmp(a, "--tgt-lang") == 0 || strcmp(a, "--c") == 0 ||
                   strcmp(a, "--s2") == 0 || strcmp(a, "--band") == 0 ||
                   strcmp(a, "-e") == 0 || strcmp(a, "--encoding") == 0) {
            if (!v)
                return cli_usage_error("align", "%s needs a value", a);
            i++;
            if (a[1] == 'o' || strcmp(a, "--output") == 0) {
                g->ma.output = v;
            } else if (a[1] == 'f' || strcmp(a, "--format") == 0) {
                g->fmt_given = 1;
                if (strcmp(v, "beads") == 0)
                    g->ma.fmt = FORMAT_BEADS;
                else if (strcmp(v, "tsv") == 0)
                    g->ma.fmt = FORMAT_TSV;
                else if (strcmp(v, "jsonl") == 0)
                    g->ma.fmt = FORMAT_JSONL;
                else if (strcmp(v, "tmx") == 0)
                    g->ma.fmt = FORMAT_TMX;
                else if (strcmp(v, "html") == 0)
                    g->ma.fmt = FORMAT_HTML;
                else
                    return cli_usage_error("align", "unknown format '%s' "
                                           "(beads, tsv, jsonl, tmx, html)",
                                           v);
            } else if (a[1] == 'e' || strcmp(a, "--encoding") == 0) {
                g->dopts.encoding = v;
            } else if (strcmp(a, "--lang") == 0) {
                g->langs = v;
            } else if (strcmp(a, "--src-lang") == 0) {
                g->opts.src_lang = v;
            } else if (strcmp(a, "--tgt-lang") == 0) {
                g->opts.tgt_lang = v;
            } else if (strcmp(a, "--c") == 0) {
                if (parse_double(v, &g->opts.c) < 0)
                    return cli_usage_error("align", "--c: not a positive "
                                           "number: '%s'", v);
            } else if (strcmp(a, "--s2") == 0) {
                if (parse_double(v, &g->opts.s2) < 0)
                    return cli_usage_error("align", "--s2: not a positive "
                                           "number: '%s'", v);
            } else {
                double w;

                if (parse_double(v, &w) < 0 || w > 1e9)
                    return cli_usage_error("align", "--band: not a positive "
                                           "number: '%s'", v);
                g->opts.band = (size_t)w;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("align", "unknown option '%s'", a);
        } else {
            g->files[g->nfiles++] = a;
        }
    }
    return EXIT_OK;
}

/* Does @s end in @suffix (ASCII case-insensitively)? */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if ((s[n - k + i] | 0x20) != (suffix[i] | 0x20))
            return 0;
    return 1;
}

int cmd_align(struct polyalign_context *ctx, int argc, char **argv)
{
    struct args g = {0};
    struct side *sides = NULL;
    struct polyalign_alignment *al = NULL;
    struct polyalign_output *out = NULL;
    struct polyalign_evidence *ev = NULL;
    size_t *anchors = NULL, n_anchors = 0;
    int rc = EXIT_OK, error, werr;

    g.ma.two_pass = -1;
    g.ma.keep_pairs = 1;
    g.files = calloc((size_t)argc + 1, sizeof(*g.files));
    g.ma.lang_map = calloc((size_t)argc + 1, sizeof(*g.ma.lang_map));
    sides = calloc((size_t)argc + 1, sizeof(*sides));
    if (!g.files || !g.ma.lang_map || !sides) {
        rc = cli_fail(ctx, POLYALIGN_ENOMEM);
        goto cleanup;
    }
    if ((rc = parse_args(&g, argc, argv)) != EXIT_OK) {
        rc = rc < 0 ? EXIT_OK : rc;
        goto cleanup;
    }
    if (!g.fmt_given && g.ma.output && ends_with(g.ma.output, ".tmx"))
        g.ma.fmt = FORMAT_TMX;
    if (!g.fmt_given && g.ma.output && ends_with(g.ma.output, ".html"))
        g.ma.fmt = FORMAT_HTML;
    if (g.nfiles < 2) {
        rc = cli_usage_error("align", "give two documents or more");
        goto cleanup;
    }
    if (g.nfiles > 2 && (g.ma.fmt == FORMAT_BEADS ||
                         g.ma.fmt == FORMAT_JSONL)) {
        rc = cli_usage_error("align", "with %d documents the output is tmx "
                             "or tsv (-f)", g.nfiles);
        goto cleanup;
    }
    for (int i = 0; i < g.nfiles; i++)
        if (g.ma.output && cli_same_file(g.ma.output, g.files[i])) {
            rc = cli_usage_error("align", "the output '%s' is an input",
                                 g.ma.output);
            goto cleanup;
        }
    if (g.presplit)
        g.dopts.flags |= POLYALIGN_DOC_PRESPLIT;
    /* Lexical evidence needs each language's Hunspell dictionary: those
     * of the languages given are loaded in the background while the
     * documents are read, one after the other (a process-wide lock, see
     * context.c), the second document's first: the first pair's target
     * side is normalized at once (polyalign_evidence_start()), its source
     * side after the lexicon is loaded (10k fr-ru: the caller no longer
     * waits 0.06 s for the Russian dictionary). */
    for (int k = 0; g.ma.lexical && k < g.nfiles; k++) {
        int i = k == 0 && g.nfiles > 1 ? 1 : k == 1 ? 0 : k;
        char lb[64];
        const char *lang = given_lang(&g, i, lb, sizeof(lb));

        if (lang)
            polyalign_normalizer_preload(ctx, lang);
    }
    for (int i = 0; i < g.nfiles; i++) {
        char lb[64];

        sides[i].path = g.files[i];
        g.dopts.lang = given_lang(&g, i, lb, sizeof(lb));
        if ((error = side_load(ctx, &sides[i], &g.dopts)) < 0) {
            rc = cli_fail(ctx, error);
            goto cleanup;
        }
        if (g.ma.lexical && !g.dopts.lang &&
            polyalign_doc_lang(sides[i].doc))
            polyalign_normalizer_preload(ctx,
                                         polyalign_doc_lang(sides[i].doc));
    }
    g.ma.eopts.lexicon_files = g.lexicons;
    if (g.nfiles > 2 || g.ma.fmt == FORMAT_TMX || g.ma.fmt == FORMAT_HTML) {
        rc = align_multi(ctx, sides, (size_t)g.nfiles, &g.ma, &g.opts);
        goto cleanup;
    }
    if (!g.opts.src_lang)
        g.opts.src_lang = polyalign_doc_lang(sides[0].doc);
    if (!g.opts.tgt_lang)
        g.opts.tgt_lang = polyalign_doc_lang(sides[1].doc);
    if (g.ma.lexical) {
        struct side *sa = &sides[0], *sb = &sides[1];
        const char **st = calloc(sa->n + sb->n + 1, sizeof(*st));
        size_t *sl = calloc(sa->n + sb->n + 1, sizeof(*sl));
        struct polyalign_evidence_options eo = g.ma.eopts;

        error = st && sl ? 0 : POLYALIGN_ENOMEM;
        for (size_t i = 0; !error && i < sa->n; i++)
            st[i] = sentence(sa, i, &sl[i]);
        for (size_t i = 0; !error && i < sb->n; i++)
            st[sa->n + i] = sentence(sb, i, &sl[sa->n + i]);
        /* Built in the background while the aligner's first pass (on
         * lengths only, for long documents) runs; its sentences live in
         * the documents, which outlive it.  The dictionaries are kept
         * (the peak memory is reached while they are in use anyway):
         * released in the background, they took a core from the final
         * pass's two halves, 0.04 to 0.08 s on the 10k scale test; they
         * go with the process (see main.c). */
        eo.release_dictionaries = 0;
        if (!error)
            error = polyalign_evidence_start(&ev, ctx, g.opts.src_lang, st,
                                             sl, sa->n, g.opts.tgt_lang,
                                             st + sa->n, sl + sa->n, sb->n,
                                             &eo);
        free(st);
        free(sl);
        if (error < 0) {
            rc = cli_fail(ctx, error);
            goto cleanup;
        }
        g.opts.scorer = polyalign_evidence_score;
        g.opts.scorer_data = ev;
        g.opts.scorer_min = polyalign_evidence_score_min(ev);
        g.opts.flags |= POLYALIGN_ALIGN_SCORER_BOUNDED |
                        POLYALIGN_ALIGN_SCORER_CONCURRENT;
        if (g.ma.two_pass == 1) {
            if ((error = polyalign_evidence_anchors(ev, &anchors,
                                                    &n_anchors)) < 0) {
                rc = cli_fail(ctx, error);
                goto cleanup;
            }
            g.opts.anchors = anchors;
            g.opts.n_anchors = n_anchors;
        }
    }
    error = polyalign_align_docs(&al, ctx, sides[0].doc, sides[1].doc,
                                 &g.opts);
    /* A failed build scored nothing: its error, not that alignment. */
    if (ev && (werr = polyalign_evidence_wait(ev)) < 0)
        error = werr;
    if (error < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    if (g.ma.explain)
        explain(al, &sides[0], &sides[1], &g.opts);
    if ((error = polyalign_output_open(&out, ctx, g.ma.output)) < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    for (size_t i = 0; i < polyalign_alignment_bead_count(al); i++) {
        struct polyalign_bead bd;

        polyalign_alignment_bead(al, i, &bd);
        write_bead(polyalign_output_stream(out), g.ma.fmt, &sides[0],
                   &sides[1], &bd);
    }
    error = polyalign_output_commit(out);
    out = NULL;
    if (error < 0)
        rc = cli_fail(ctx, error);
cleanup:
    polyalign_output_abort(out);
    polyalign_alignment_free(al);
    polyalign_evidence_free(ev);
    free(anchors);
    for (int i = 0; sides && i < g.nfiles; i++)
        polyalign_doc_free(sides[i].doc);
    free(sides);
    free(g.files);
    free(g.ma.lang_map);
    return rc;
}
