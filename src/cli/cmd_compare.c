/* polyalign compare: the statements comparable reports share. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static void compare_usage(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign compare [options] A B [C...]\n"
        "\n"
        "Find the sentences that comparable documents (reports of the same\n"
        "event, in the same or different languages) share: cross-document\n"
        "pairs scored with lexical evidence (lexicon, lemmas, names\n"
        "weighted by rarity across the documents, numbers), normalized\n"
        "with a margin against each sentence's nearest neighbours; mutual\n"
        "best pairs above the threshold are written, best first.\n"
        "\n"
        "  -o, --output FILE     write there (default: standard output)\n"
        "  -f, --format FMT      tsv (default; header score, left_file,\n"
        "                        left_index, left_text, right_file,\n"
        "                        right_index, right_text; indexes from 0)\n"
        "                        or jsonl (also similarity and statement)\n"
        "                        or html (the review page of `polyalign\n"
        "                        report --compare`)\n"
        "                        or tmx (one TU per pair; props x-score,\n"
        "                        x-similarity, x-statement)\n"
        "  -t, --threshold X     minimum score, in (0, 1): how likely the\n"
        "                        two sentences translate each other\n"
        "                        (default by the smaller document's\n"
        "                        sentences: 0.99 under 40, 0.95 under\n"
        "                        120, else 0.85; 0.2 for free renderings)\n"
        "      --presplit        one sentence per line already\n"
        "      --candidates      diagnostics: every scored candidate pair,\n"
        "                        mutual best or not, any score (jsonl adds\n"
        "                        margin, mutual and the features the\n"
        "                        score is computed from)\n"
        "  -e, --encoding E      charset of the files (default: detected)\n"
        "      --lang L1,L2,...  the documents' languages, in order\n"
        "                        (default: from the names, else detected)\n"
        "  -h, --help            this help\n");
}

static void text_out(FILE *fp, const struct polyalign_doc *doc, size_t i,
                     int json)
{
    struct polyalign_sentence st;

    if (polyalign_doc_sentence(doc, i, &st) < 0)
        st.len = 0;
    if (json) {
        cli_json_string(fp, st.text, st.len);
        return;
    }
    for (size_t k = 0; k < st.len; k++) {
        unsigned char ch = (unsigned char)st.text[k];
        fputc(ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch, fp);
    }
}

static void write_pairs(FILE *fp, const struct polyalign_compare *cmp,
                        struct polyalign_doc *const *docs,
                        const char *const *files, int json, int feats)
{
    if (!json)
        fputs("score\tleft_file\tleft_index\tleft_text\tright_file\t"
              "right_index\tright_text\n", fp);
    for (size_t i = 0; i < polyalign_compare_pair_count(cmp); i++) {
        const struct polyalign_compare_pair *p =
            polyalign_compare_pair(cmp, i);
        if (json) {
            fprintf(fp, "{\"score\":%.4f,\"similarity\":%.4f,"
                    "\"margin\":%.4f,\"mutual\":%s,"
                    "\"statement\":%zu,\"left_file\":", p->score,
                    p->similarity, p->margin, p->mutual ? "true" : "false",
                    p->statement);
            cli_json_string(fp, files[p->left_doc],
                            strlen(files[p->left_doc]));
            fprintf(fp, ",\"left_index\":%zu,\"left_text\":",
                    p->left_index);
            text_out(fp, docs[p->left_doc], p->left_index, 1);
            fputs(",\"right_file\":", fp);
            cli_json_string(fp, files[p->right_doc],
                            strlen(files[p->right_doc]));
            fprintf(fp, ",\"right_index\":%zu,\"right_text\":",
                    p->right_index);
            text_out(fp, docs[p->right_doc], p->right_index, 1);
            for (size_t f = 0; feats && f < POLYALIGN_COMPARE_NFEATURES;
                 f++)
                fprintf(fp, "%s\"%s\":%.6g", f ? "," : ",\"features\":{",
                        polyalign_compare_feature_name(f), p->features[f]);
            fputs(feats ? "}}\n" : "}\n", fp);
        } else {
            fprintf(fp, "%.4f\t%s\t%zu\t", p->score, files[p->left_doc],
                    p->left_index);
            text_out(fp, docs[p->left_doc], p->left_index, 0);
            fprintf(fp, "\t%s\t%zu\t", files[p->right_doc], p->right_index);
            text_out(fp, docs[p->right_doc], p->right_index, 0);
            fputc('\n', fp);
        }
    }
}

/* One TU per matched pair, best first, in a multilingual memory. */
static int write_tmx(struct polyalign_context *ctx,
                     const struct polyalign_compare *cmp,
                     struct polyalign_doc *const *docs,
                     const char *const *files, const char *path)
{
    struct polyalign_tmx_writer_options wo;
    struct polyalign_tmx_writer *w = NULL;
    struct polyalign_tmx_tu *tu = NULL;
    int error;

    polyalign_tmx_writer_options_init(&wo);
    wo.srclang = "*all*";
    if ((error = polyalign_tmx_tu_new(&tu)) < 0 ||
        (error = polyalign_tmx_writer_open(&w, ctx, path, &wo)) < 0)
        goto cleanup;
    for (size_t i = 0; i < polyalign_compare_pair_count(cmp); i++)
        if ((error = polyalign_compare_pair_tu(cmp, i, docs, files, tu)) <
                0 ||
            (error = polyalign_tmx_writer_add_tu(w, tu)) < 0)
            goto cleanup;
    error = polyalign_tmx_writer_commit(w);
    w = NULL;
cleanup:
    polyalign_tmx_writer_abort(w);
    polyalign_tmx_tu_free(tu);
    return error;
}

int cmd_compare(struct polyalign_context *ctx, int argc, char **argv)
{
    struct polyalign_compare_options opts = {0};
    struct polyalign_doc_options dopts = {0};
    struct polyalign_doc **docs = NULL;
    struct polyalign_compare *cmp = NULL;
    struct polyalign_output *out = NULL;
    const char **files = NULL, *output = NULL, *langs = NULL;
    int nfiles = 0, json = 0, html = 0, tmx = 0, rc = EXIT_OK, error = 0;

    if (!(files = calloc((size_t)argc + 1, sizeof(*files))))
        return cli_fail(ctx, POLYALIGN_ENOMEM);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            compare_usage(stdout);
            goto cleanup;
        } else if (strcmp(a, "--presplit") == 0) {
            dopts.flags |= POLYALIGN_DOC_PRESPLIT;
        } else if (strcmp(a, "--candidates") == 0) {
            opts.all_candidates = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
                   strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0 ||
                   strcmp(a, "-t") == 0 || strcmp(a, "--threshold") == 0 ||
                   strcmp(a, "-e") == 0 || strcmp(a, "--encoding") == 0 ||
                   strcmp(a, "--lang") == 0) {
            if (!v) {
                rc = cli_usage_error("compare", "%s needs a value", a);
                goto cleanup;
            }
            i++;
            if (strcmp(a, "--lang") == 0) {
                langs = v;
            } else if (a[1] == 'o' || strcmp(a, "--output") == 0) {
                output = v;
            } else if (a[1] == 'e' || strcmp(a, "--encoding") == 0) {
                dopts.encoding = v;
            } else if (a[1] == 'f' || strcmp(a, "--format") == 0) {
                json = html = tmx = 0;
                if (strcmp(v, "jsonl") == 0) {
                    json = 1;
                } else if (strcmp(v, "html") == 0) {
                    html = 1;
                } else if (strcmp(v, "tmx") == 0) {
                    tmx = 1;
                } else if (strcmp(v, "tsv") != 0) {
                    rc = cli_usage_error("compare", "unknown format '%s' "
                                         "(tsv, jsonl, html or tmx)", v);
                    goto cleanup;
                }
            } else {
                char *e;
                errno = 0;
                opts.threshold = strtod(v, &e);
                if (e == v || *e || errno || opts.threshold <= 0) {
                    rc = cli_usage_error("compare", "--threshold: not a "
                                         "positive number: '%s'", v);
                    goto cleanup;
                }
            }
        } else if (a[0] == '-' && a[1]) {
            rc = cli_usage_error("compare", "unknown option '%s'", a);
            goto cleanup;
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles < 2) {
        rc = cli_usage_error("compare", "give at least two documents");
        goto cleanup;
    }
    for (int i = 0; output && i < nfiles; i++)
        if (cli_same_file(output, files[i])) {
            rc = cli_usage_error("compare", "the output '%s' is an input",
                                 output);
            goto cleanup;
        }
    if (!(docs = calloc((size_t)nfiles, sizeof(*docs)))) {
        rc = cli_fail(ctx, POLYALIGN_ENOMEM);
        goto cleanup;
    }
    for (int i = 0; i < nfiles; i++) {
        struct polyalign_splitter *sp = NULL;
        char lb[64];

        dopts.lang = langs ? cli_list_item(langs, (size_t)i, lb, sizeof(lb))
                           : NULL;
        if ((error = polyalign_doc_load_file(&docs[i], ctx, files[i],
                                             &dopts)) < 0)
            break;
        if (!(dopts.flags & POLYALIGN_DOC_PRESPLIT) &&
            (error = polyalign_splitter_new(&sp, ctx, NULL,
                                            polyalign_doc_lang(docs[i]))) < 0)
            break;
        error = polyalign_doc_segment(docs[i], sp);
        polyalign_splitter_free(sp);
        if (error < 0)
            break;
    }
    if (error == 0)
        error = polyalign_compare_new(&cmp, ctx, docs, (size_t)nfiles,
                                      &opts);
    if (error == 0 && html) {
        double thr = opts.threshold > 0 ? opts.threshold
                                        : POLYALIGN_COMPARE_DEFAULT_THRESHOLD;
        rc = cli_report_compare(ctx, docs, files, (size_t)nfiles, cmp, thr,
                                output);
        goto cleanup;
    }
    if (error == 0 && tmx) {
        error = write_tmx(ctx, cmp, docs, files, output ? output : "-");
    } else if (error == 0 &&
        (error = polyalign_output_open(&out, ctx, output ? output : "-")) ==
            0) {
        write_pairs(polyalign_output_stream(out), cmp, docs, files, json,
                    opts.all_candidates);
        error = polyalign_output_commit(out);
        out = NULL;
    }
    if (error < 0)
        rc = cli_fail(ctx, error);
cleanup:
    polyalign_output_abort(out);
    polyalign_compare_free(cmp);
    for (int i = 0; docs && i < nfiles; i++)
        polyalign_doc_free(docs[i]);
    free(docs);
    free(files);
    return rc;
}
