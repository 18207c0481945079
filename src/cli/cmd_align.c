/* polyalign align: pair the sentences of two documents that translate each
 * other. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

enum format { FORMAT_BEADS, FORMAT_TSV, FORMAT_JSONL };

static void align_usage(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign align [options] A B\n"
        "\n"
        "Align the sentences of document A (source) with those of B\n"
        "(target), with the Gale & Church length model; every bead gets a\n"
        "confidence in [0, 1].  Documents are read in any encoding and\n"
        "split into sentences as `polyalign split` does; when both have\n"
        "as many paragraphs, paragraphs are aligned first.\n"
        "\n"
        "  -o, --output FILE     write there (default: standard output)\n"
        "  -f, --format FMT      beads (default: `[0, 1]:[0]:0.93`, 0-based\n"
        "                        sentence indexes, `[]` for an empty side),\n"
        "                        tsv (source, target, type, confidence) or\n"
        "                        jsonl\n"
        "      --presplit        one sentence per line already (no splitter;\n"
        "                        empty lines are skipped, so indexes count\n"
        "                        the non-empty lines)\n"
        "  -e, --encoding E      charset of both files (default: detected)\n"
        "      --join-lines      hard-wrapped text: only blank lines end a\n"
        "                        paragraph\n"
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
        "                        --lexical; may be repeated\n"
        "      --lexical-weight X  reward in nats of a fully matched bead\n"
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

/* Write @s (@n bytes) as a JSON string. */
static void json_string(FILE *fp, const char *s, size_t n)
{
    fputc('"', fp);
    for (const char *e = s + n; s < e; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\')
            fprintf(fp, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", fp);
        else if (ch == '\t')
            fputs("\\t", fp);
        else if (ch == '\r')
            fputs("\\r", fp);
        else if (ch < 0x20)
            fprintf(fp, "\\u%04x", ch);
        else
            fputc(ch, fp);
    }
    fputc('"', fp);
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
            json_string(fp, t, len);
        }
        fputs("],\"tgt_text\":[", fp);
        for (size_t k = 0; k < bd->tgt_count; k++) {
            size_t len;
            const char *t = sentence(b, bd->tgt_start + k, &len);

            if (k)
                fputc(',', fp);
            json_string(fp, t, len);
        }
        fputs("]}\n", fp);
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

static int parse_double(const char *s, double *out)
{
    char *e;

    errno = 0;
    *out = strtod(s, &e);
    return e != s && *e == '\0' && errno == 0 && *out > 0 ? 0 : -1;
}

int cmd_align(struct polyalign_context *ctx, int argc, char **argv)
{
    struct polyalign_align_options opts = {0};
    struct side sa = {0}, sb = {0};
    struct polyalign_alignment *al = NULL;
    struct polyalign_output *out = NULL;
    const char *output = NULL, *files[2];
    enum format fmt = FORMAT_BEADS;
    struct polyalign_doc_options dopts = {0};
    int nfiles = 0, presplit = 0, want_explain = 0, rc = EXIT_OK, error;
    struct polyalign_evidence_options eopts = {0};
    struct polyalign_evidence *ev = NULL;
    const char *lexicons[17] = {NULL};
    size_t nlex = 0;
    int lexical = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            align_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--lexical") == 0) {
            lexical = 1;
        } else if (strcmp(a, "--lexicon") == 0 ||
                   strcmp(a, "--lexical-weight") == 0) {
            if (!v)
                return cli_usage_error("align", "%s needs a value", a);
            i++;
            lexical = 1;
            if (strcmp(a, "--lexicon") == 0) {
                if (nlex == 16)
                    return cli_usage_error("align", "at most 16 lexicons");
                lexicons[nlex++] = v;
            } else if (parse_double(v, &eopts.weight) < 0) {
                return cli_usage_error("align", "--lexical-weight: not a "
                                       "positive number: '%s'", v);
            }
        } else if (strcmp(a, "--presplit") == 0) {
            presplit = 1;
        } else if (strcmp(a, "--explain") == 0) {
            want_explain = 1;
        } else if (strcmp(a, "--fixed-params") == 0) {
            opts.flags |= POLYALIGN_ALIGN_FIXED_PARAMS;
        } else if (strcmp(a, "--estimate-priors") == 0) {
            opts.flags |= POLYALIGN_ALIGN_ESTIMATE_PRIORS;
        } else if (strcmp(a, "--join-lines") == 0) {
            dopts.flags |= POLYALIGN_DOC_JOIN_LINES;
        } else if (strcmp(a, "--no-paragraphs") == 0) {
            opts.flags |= POLYALIGN_ALIGN_NO_PARAGRAPHS;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
                   strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0 ||
                   strcmp(a, "--src-lang") == 0 ||
                   strcmp(a, "--tgt-lang") == 0 || strcmp(a, "--c") == 0 ||
                   strcmp(a, "--s2") == 0 || strcmp(a, "--band") == 0 ||
                   strcmp(a, "-e") == 0 || strcmp(a, "--encoding") == 0) {
            if (!v)
                return cli_usage_error("align", "%s needs a value", a);
            i++;
            if (a[1] == 'o' || strcmp(a, "--output") == 0) {
                output = v;
            } else if (a[1] == 'f' || strcmp(a, "--format") == 0) {
                if (strcmp(v, "beads") == 0)
                    fmt = FORMAT_BEADS;
                else if (strcmp(v, "tsv") == 0)
                    fmt = FORMAT_TSV;
                else if (strcmp(v, "jsonl") == 0)
                    fmt = FORMAT_JSONL;
                else
                    return cli_usage_error("align", "unknown format '%s' "
                                           "(beads, tsv, jsonl)", v);
            } else if (a[1] == 'e' || strcmp(a, "--encoding") == 0) {
                dopts.encoding = v;
            } else if (strcmp(a, "--src-lang") == 0) {
                opts.src_lang = v;
            } else if (strcmp(a, "--tgt-lang") == 0) {
                opts.tgt_lang = v;
            } else if (strcmp(a, "--c") == 0) {
                if (parse_double(v, &opts.c) < 0)
                    return cli_usage_error("align", "--c: not a positive "
                                           "number: '%s'", v);
            } else if (strcmp(a, "--s2") == 0) {
                if (parse_double(v, &opts.s2) < 0)
                    return cli_usage_error("align", "--s2: not a positive "
                                           "number: '%s'", v);
            } else {
                double w;

                if (parse_double(v, &w) < 0 || w > 1e9)
                    return cli_usage_error("align", "--band: not a positive "
                                           "number: '%s'", v);
                opts.band = (size_t)w;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("align", "unknown option '%s'", a);
        } else if (nfiles < 2) {
            files[nfiles++] = a;
        } else {
            return cli_usage_error("align", "too many files");
        }
    }
    if (nfiles != 2)
        return cli_usage_error("align", "give two documents, A and B");
    if (output && (cli_same_file(output, files[0]) ||
                   cli_same_file(output, files[1])))
        return cli_usage_error("align", "the output '%s' is an input",
                               output);
    if (presplit)
        dopts.flags |= POLYALIGN_DOC_PRESPLIT;
    sa.path = files[0];
    sb.path = files[1];
    dopts.lang = opts.src_lang;
    if ((error = side_load(ctx, &sa, &dopts)) < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    dopts.lang = opts.tgt_lang;
    if ((error = side_load(ctx, &sb, &dopts)) < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    if (!opts.src_lang)
        opts.src_lang = polyalign_doc_lang(sa.doc);
    if (!opts.tgt_lang)
        opts.tgt_lang = polyalign_doc_lang(sb.doc);
    if (lexical) {
        const char **st = calloc(sa.n + sb.n + 1, sizeof(*st));
        size_t *sl = calloc(sa.n + sb.n + 1, sizeof(*sl));

        error = st && sl ? 0 : POLYALIGN_ENOMEM;
        for (size_t i = 0; !error && i < sa.n; i++)
            st[i] = sentence(&sa, i, &sl[i]);
        for (size_t i = 0; !error && i < sb.n; i++)
            st[sa.n + i] = sentence(&sb, i, &sl[sa.n + i]);
        eopts.lexicon_files = lexicons;
        if (!error)
            error = polyalign_evidence_new(&ev, ctx, opts.src_lang, st, sl,
                                           sa.n, opts.tgt_lang, st + sa.n,
                                           sl + sa.n, sb.n, &eopts);
        free(st);
        free(sl);
        if (error < 0) {
            rc = cli_fail(ctx, error);
            goto cleanup;
        }
        opts.scorer = polyalign_evidence_score;
        opts.scorer_data = ev;
    }
    error = polyalign_align_docs(&al, ctx, sa.doc, sb.doc, &opts);
    if (error < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    if (want_explain)
        explain(al, &sa, &sb, &opts);
    if ((error = polyalign_output_open(&out, ctx, output)) < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    for (size_t i = 0; i < polyalign_alignment_bead_count(al); i++) {
        struct polyalign_bead bd;

        polyalign_alignment_bead(al, i, &bd);
        write_bead(polyalign_output_stream(out), fmt, &sa, &sb, &bd);
    }
    error = polyalign_output_commit(out);
    out = NULL;
    if (error < 0)
        rc = cli_fail(ctx, error);
cleanup:
    polyalign_output_abort(out);
    polyalign_alignment_free(al);
    polyalign_evidence_free(ev);
    polyalign_doc_free(sa.doc);
    polyalign_doc_free(sb.doc);
    return rc;
}
