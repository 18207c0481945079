/* polyalign normalize: print each token of a text with its matching keys,
 * so a user can see why two sentences matched. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static void normalize_help(FILE *fp)
{
    fprintf(fp,
            "Usage: polyalign normalize [--lang L] [-o OUT] FILE\n"
            "\n"
            "Print each word and number token of a UTF-8 text with the keys\n"
            "the aligner matches on, one token a line, tab-separated:\n"
            "  byte offset, token, flags (w word, n number, s stop word,\n"
            "  u unknown to Hunspell, N name candidate, e elision), folded\n"
            "  form (+ Arabic clitic-stripped variants), lemmas, name\n"
            "  skeletons, entity id from the names table, number key.\n"
            "  Empty fields are '-'.\n"
            "\n"
            "  -l, --lang L   language (fr, ru, ar, en, de...); default: from\n"
            "                 a file name like 003.ru.txt\n"
            "  -o, --output   write to OUT (atomically) instead of stdout\n"
            "  -h, --help     this help\n");
}

/* "003.ru.txt" -> "ru" */
static int lang_from_name(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/'), *dot, *prev;

    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    if (!dot || dot == base)
        return -1;
    for (prev = dot - 1; prev > base && *prev != '.'; prev--)
        ;
    if (*prev != '.' || dot - prev - 1 < 2 || (size_t)(dot - prev) > cap)
        return -1;
    snprintf(out, cap, "%.*s", (int)(dot - prev - 1), prev + 1);
    return 0;
}

static void print_list(FILE *out, const char *const *v, size_t n,
                       const char *extra)
{
    size_t printed = 0;

    if (extra) {
        fputs(extra, out);
        printed++;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", printed++ ? "|" : "", v[i]);
    if (!printed)
        fputc('-', out);
}

static void print_token(FILE *out, const char *line, size_t base,
                        const struct polyalign_token *t)
{
    static const struct {
        unsigned flag;
        char c;
    } letters[] = {
        {POLYALIGN_TOKEN_WORD, 'w'},     {POLYALIGN_TOKEN_NUMBER, 'n'},
        {POLYALIGN_TOKEN_STOPWORD, 's'}, {POLYALIGN_TOKEN_UNKNOWN, 'u'},
        {POLYALIGN_TOKEN_NAME, 'N'},     {POLYALIGN_TOKEN_ELISION, 'e'},
    };

    fprintf(out, "%zu\t%.*s\t", base + t->start, (int)(t->end - t->start),
            line + t->start);
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
        if (t->flags & letters[i].flag)
            fputc(letters[i].c, out);
    fputc('\t', out);
    print_list(out, t->variants, t->n_variants, t->folded);
    fputc('\t', out);
    print_list(out, t->lemmas, t->n_lemmas, NULL);
    fputc('\t', out);
    print_list(out, t->skeletons, t->n_skeletons, NULL);
    fprintf(out, "\t%s\t%s\n", t->entity ? t->entity : "-",
            t->number ? t->number : "-");
}

int cmd_normalize(struct polyalign_context *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct polyalign_normalizer *norm = NULL;
    struct polyalign_output *output = NULL;
    const char *lang = NULL, *outpath = NULL, *path;
    char guessed[16], *line = NULL;
    size_t cap = 0, base = 0;
    ssize_t got;
    FILE *in = NULL, *out;
    int c, error = 0, rc = EXIT_OK;

    optind = 1;
    while ((c = getopt_long(argc, argv, "l:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            lang = optarg;
            break;
        case 'o':
            outpath = optarg;
            break;
        case 'h':
            normalize_help(stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("normalize", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("normalize", "expected one FILE");
    path = argv[optind];
    if (!lang) {
        if (lang_from_name(path, guessed, sizeof(guessed)) < 0)
            return cli_usage_error("normalize", "give the language with "
                                   "--lang (none in the name '%s')", path);
        lang = guessed;
    }
    if (outpath && cli_same_file(outpath, path))
        return cli_usage_error("normalize", "the output would overwrite "
                               "the input '%s'", path);
    in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "polyalign: error: %s: cannot open\n", path);
        return EXIT_INPUT;
    }
    if ((error = polyalign_normalizer_new(&norm, ctx, lang)) < 0 ||
        (error = polyalign_output_open(&output, ctx, outpath)) < 0) {
        rc = cli_fail(ctx, error);
        goto cleanup;
    }
    out = polyalign_output_stream(output);
    fprintf(out, "#offset\ttoken\tflags\tfolded\tlemmas\tskeletons\t"
                 "entity\tnumber\n");
    /* Line by line: tokens never cross a line break, offsets stay those
     * of the file. */
    while ((got = getline(&line, &cap, in)) >= 0) {
        const struct polyalign_token *toks;
        size_t n;

        error = polyalign_normalizer_tokenize(norm, line, (size_t)got, &toks,
                                              &n);
        if (error < 0) {
            fprintf(stderr, "polyalign: error: %s: %s (line starting at "
                            "byte %zu)\n", path,
                    polyalign_context_last_error(ctx), base);
            rc = cli_exit_code(error);
            goto cleanup;
        }
        for (size_t i = 0; i < n; i++)
            print_token(out, line, base, &toks[i]);
        base += (size_t)got;
    }
    if (ferror(in)) {
        fprintf(stderr, "polyalign: error: %s: read error\n", path);
        rc = EXIT_INPUT;
        goto cleanup;
    }
    error = polyalign_output_commit(output);
    output = NULL;
    if (error < 0)
        rc = cli_fail(ctx, error);
cleanup:
    polyalign_output_abort(output);
    polyalign_normalizer_free(norm);
    if (in && in != stdin)
        fclose(in);
    free(line);
    return rc;
}
