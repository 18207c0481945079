/* polyalign split: documents -> sentences. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

enum split_format { FORMAT_TEXT, FORMAT_TSV, FORMAT_JSONL };

static void help(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign split [options] FILE...\n"
        "\n"
        "Split documents into sentences (one per line, or TSV/JSONL with\n"
        "document, paragraph, sentence index and byte span in the file).\n"
        "\n"
        "Options:\n"
        "  -l, --lang L         language of every FILE (BCP 47); default:\n"
        "                       from the file name (x.fr.txt), else detected\n"
        "  -e, --encoding E     charset of the input; default: detected\n"
        "      --srx FILE       segmentation rules (SRX 2.0) instead of the\n"
        "                       default ones\n"
        "      --join-lines     hard-wrapped text: only blank lines end a\n"
        "                       paragraph\n"
        "  -f, --format F       text (default), tsv or jsonl\n"
        "  -o, --output FILE    write here instead of standard output\n"
        "  -h, --help           this help\n");
}

/* TSV cells cannot hold tabs or line breaks: they become spaces. */
static void put_tsv_cell(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], fp);
}

static int write_doc(FILE *fp, const struct polyalign_doc *doc,
                     enum split_format format)
{
    const char *name = polyalign_doc_name(doc);
    size_t n = polyalign_doc_sentence_count(doc);

    for (size_t i = 0; i < n; i++) {
        struct polyalign_sentence s;
        if (polyalign_doc_sentence(doc, i, &s) < 0)
            return POLYALIGN_EINVAL;
        switch (format) {
        case FORMAT_TEXT:
            put_tsv_cell(fp, s.text, s.len);
            fputc('\n', fp);
            break;
        case FORMAT_TSV:
            put_tsv_cell(fp, name, strlen(name));
            fprintf(fp, "\t%s\t%zu\t%zu\t%zu\t%zu\t",
                    polyalign_doc_lang(doc), s.paragraph, s.index,
                    s.byte_start, s.byte_end);
            put_tsv_cell(fp, s.text, s.len);
            fputc('\n', fp);
            break;
        case FORMAT_JSONL:
            fputs("{\"document\":", fp);
            cli_json_string(fp, name, strlen(name));
            fprintf(fp, ",\"lang\":\"%s\",\"paragraph\":%zu,\"sentence\":%zu,"
                    "\"byte_start\":%zu,\"byte_end\":%zu,\"text\":",
                    polyalign_doc_lang(doc), s.paragraph, s.index,
                    s.byte_start, s.byte_end);
            cli_json_string(fp, s.text, s.len);
            fputs("}\n", fp);
            break;
        }
    }
    return 0;
}

int cmd_split(struct polyalign_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"encoding", required_argument, NULL, 'e'},
        {"srx", required_argument, NULL, 'S'},
        {"join-lines", no_argument, NULL, 'J'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct polyalign_doc_options opts = {0};
    enum split_format format = FORMAT_TEXT;
    const char *srx_path = NULL, *output = NULL;
    struct polyalign_srx *srx = NULL;
    struct polyalign_output *out = NULL;
    struct polyalign_doc *doc = NULL;
    struct polyalign_splitter *splitter = NULL;
    char splitter_lang[16] = "";
    int c, error = 0, rc = EXIT_OK;

    optind = 1;
    while ((c = getopt_long(argc, argv, "l:e:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': opts.lang = optarg; break;
        case 'e': opts.encoding = optarg; break;
        case 'S': srx_path = optarg; break;
        case 'J': opts.flags |= POLYALIGN_DOC_JOIN_LINES; break;
        case 'o': output = optarg; break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = FORMAT_TEXT;
            else if (strcmp(optarg, "tsv") == 0)
                format = FORMAT_TSV;
            else if (strcmp(optarg, "jsonl") == 0)
                format = FORMAT_JSONL;
            else
                return cli_usage_error("split", "unknown format '%s'",
                                       optarg);
            break;
        case 'h': help(stdout); return EXIT_OK;
        default: return cli_usage_error("split", "bad option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("split", "no input FILE");
    for (int i = optind; i < argc; i++)
        if (output && cli_same_file(output, argv[i])) {
            fprintf(stderr, "polyalign: error: %s: the output would "
                            "overwrite an input\n", output);
            return EXIT_INPUT;
        }

    if (srx_path && (error = polyalign_srx_load_file(&srx, ctx,
                                                     srx_path)) < 0)
        goto cleanup;
    if ((error = polyalign_output_open(&out, ctx, output)) < 0)
        goto cleanup;
    if (format == FORMAT_TSV)
        fputs("document\tlang\tparagraph\tsentence\tbyte_start\tbyte_end"
              "\ttext\n", polyalign_output_stream(out));
    for (int i = optind; i < argc; i++) {
        const char *lang;

        if ((error = polyalign_doc_load_file(&doc, ctx, argv[i],
                                             &opts)) < 0)
            goto cleanup;
        lang = polyalign_doc_lang(doc);
        /* One splitter per language, reused across documents. */
        if (!splitter || strcmp(lang, splitter_lang) != 0) {
            polyalign_splitter_free(splitter);
            splitter = NULL;
            if ((error = polyalign_splitter_new(&splitter, ctx, srx,
                                                lang)) < 0)
                goto cleanup;
            snprintf(splitter_lang, sizeof(splitter_lang), "%s", lang);
        }
        if ((error = polyalign_doc_segment(doc, splitter)) < 0)
            goto cleanup;
        if ((error = write_doc(polyalign_output_stream(out), doc,
                               format)) < 0)
            goto cleanup;
        polyalign_doc_free(doc);
        doc = NULL;
    }
    error = polyalign_output_commit(out);
    out = NULL;
cleanup:
    if (error < 0)
        rc = cli_fail(ctx, error);
    polyalign_output_abort(out);
    polyalign_doc_free(doc);
    polyalign_splitter_free(splitter);
    polyalign_srx_free(srx);
    return rc;
}
