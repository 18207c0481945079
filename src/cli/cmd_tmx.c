/* polyalign tmx validate|stats|merge|filter|split-pairs|convert */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"

#define MAX_LIST 64

static const char usage_text[] =
    "Usage: polyalign tmx validate FILE...\n"
    "       polyalign tmx stats FILE...\n"
    "       polyalign tmx merge [--keep newest|first] -o OUT FILE...\n"
    "       polyalign tmx filter [--min-confidence X] [--lang L,L...]\n"
    "                            [--max-ratio R] -o OUT FILE\n"
    "       polyalign tmx split-pairs [-d DIR] [--prefix NAME] FILE\n"
    "       polyalign tmx convert --to tsv|jsonl [--langs L,L...] "
    "[-o OUT] FILE\n"
    "       polyalign tmx convert --from tsv -o OUT.tmx FILE.tsv\n"
    "\n"
    "Translation memories in TMX 1.4b.\n"
    "  validate     check against the TMX 1.4 DTD and the rules it cannot\n"
    "               express (dates, language codes, empty segments,\n"
    "               bpt/ept pairs, unique tuids); exit 2 when invalid\n"
    "  stats        count TUs, languages, props\n"
    "  merge        union of memories, exact duplicates removed\n"
    "               (--keep: which duplicate stays; default first)\n"
    "  filter       keep TUs with x-confidence >= X, only languages L,\n"
    "               length ratio (characters) at most R\n"
    "  split-pairs  one bilingual memory per language pair,\n"
    "               DIR/NAME.SRC-TGT.tmx\n"
    "  convert      TMX to TSV (a column per language) or JSONL, or TSV\n"
    "               (first line: language codes) to TMX\n"
    "\n"
    "Options of the commands that write TMX:\n"
    "  --srclang L          source language (tuv written first; '*all*'\n"
    "                       for multilingual); default: the input's\n"
    "  --lang-code FROM=TO  write language FROM as TO (fr=fr-FR);\n"
    "                       repeatable\n"
    "  --adminlang L        header adminlang (default en)\n"
    "  --note TEXT          a note in the header\n"
    "  --creationid ID      creationid of the header and of every TU\n"
    "  --no-indent          no line breaks between elements\n"
    "  -o, --output FILE    output file ('-' standard output)\n";

enum {
    OPT_SRCLANG = 256,
    OPT_LANGCODE,
    OPT_ADMINLANG,
    OPT_NOTE,
    OPT_CREATIONID,
    OPT_NOINDENT,
    OPT_KEEP,
    OPT_MINCONF,
    OPT_LANG,
    OPT_MAXRATIO,
    OPT_PREFIX,
    OPT_TO,
    OPT_FROM,
};

static const struct option long_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"output", required_argument, NULL, 'o'},
    {"dir", required_argument, NULL, 'd'},
    {"srclang", required_argument, NULL, OPT_SRCLANG},
    {"lang-code", required_argument, NULL, OPT_LANGCODE},
    {"adminlang", required_argument, NULL, OPT_ADMINLANG},
    {"note", required_argument, NULL, OPT_NOTE},
    {"creationid", required_argument, NULL, OPT_CREATIONID},
    {"no-indent", no_argument, NULL, OPT_NOINDENT},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"min-confidence", required_argument, NULL, OPT_MINCONF},
    {"lang", required_argument, NULL, OPT_LANG},
    {"langs", required_argument, NULL, OPT_LANG},
    {"max-ratio", required_argument, NULL, OPT_MAXRATIO},
    {"prefix", required_argument, NULL, OPT_PREFIX},
    {"to", required_argument, NULL, OPT_TO},
    {"from", required_argument, NULL, OPT_FROM},
    {NULL, 0, NULL, 0},
};

struct tmx_args {
    const char *sub;
    const char *output;
    const char *dir;
    const char *prefix;
    const char *to, *from;
    const char *keep;
    const char *lang_map[MAX_LIST + 1];
    size_t n_map;
    char *langs_buf;
    const char *langs[MAX_LIST + 1];
    int has_langs;
    struct polyalign_tmx_writer_options wopts;
    struct polyalign_tmx_filter filter;
    char **files;
    int n_files;
};

static int split_list(char *buf, const char **items)
{
    size_t n = 0;

    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (n == MAX_LIST)
            return -1;
        if (*tok)
            items[n++] = tok;
    }
    items[n] = NULL;
    return n ? 0 : -1;
}

static int parse_number(const char *cmd, const char *opt, const char *s,
                        double *out)
{
    char *end;

    *out = strtod(s, &end);
    if (end == s || *end)
        return cli_usage_error(cmd, "%s: '%s' is not a number", opt, s);
    return 0;
}

static int parse_args(struct tmx_args *a, int argc, char **argv)
{
    const char *cmd = "tmx";
    int c, rc;

    polyalign_tmx_writer_options_init(&a->wopts);
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:d:", long_opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        case 'o':
            a->output = optarg;
            break;
        case 'd':
            a->dir = optarg;
            break;
        case OPT_SRCLANG:
            a->wopts.srclang = optarg;
            break;
        case OPT_LANGCODE:
            if (a->n_map == MAX_LIST || !strchr(optarg, '='))
                return cli_usage_error(cmd, "--lang-code wants FROM=TO, "
                                            "e.g. fr=fr-FR");
            a->lang_map[a->n_map++] = optarg;
            a->lang_map[a->n_map] = NULL;
            a->wopts.lang_map = a->lang_map;
            break;
        case OPT_ADMINLANG:
            a->wopts.adminlang = optarg;
            break;
        case OPT_NOTE:
            a->wopts.note = optarg;
            break;
        case OPT_CREATIONID:
            a->wopts.creationid = optarg;
            break;
        case OPT_NOINDENT:
            a->wopts.indent = 0;
            break;
        case OPT_KEEP:
            if (strcmp(optarg, "newest") && strcmp(optarg, "first"))
                return cli_usage_error(cmd, "--keep: newest or first");
            a->keep = optarg;
            break;
        case OPT_MINCONF:
            if ((rc = parse_number(cmd, "--min-confidence", optarg,
                                   &a->filter.min_confidence)))
                return rc;
            a->filter.use_min_confidence = 1;
            break;
        case OPT_LANG:
            free(a->langs_buf);
            if (!(a->langs_buf = strdup(optarg)))
                return EXIT_INTERNAL;
            if (split_list(a->langs_buf, a->langs) < 0)
                return cli_usage_error(cmd, "--lang: a list such as fr,ru");
            a->has_langs = 1;
            break;
        case OPT_MAXRATIO:
            if ((rc = parse_number(cmd, "--max-ratio", optarg,
                                   &a->filter.max_ratio)))
                return rc;
            if (a->filter.max_ratio < 1)
                return cli_usage_error(cmd, "--max-ratio must be >= 1");
            break;
        case OPT_PREFIX:
            a->prefix = optarg;
            break;
        case OPT_TO:
            a->to = optarg;
            break;
        case OPT_FROM:
            a->from = optarg;
            break;
        default:
            return cli_usage_error(cmd, "unknown option");
        }
    }
    a->files = argv + optind;
    a->n_files = argc - optind;
    return 0;
}

static void print_problem(void *userdata, const char *path, long line,
                          const char *message)
{
    (void)userdata;
    printf("%s:%ld: %s\n", path, line, message);
}

static int run_validate(struct polyalign_context *ctx, struct tmx_args *a)
{
    int status = EXIT_OK;

    for (int i = 0; i < a->n_files; i++) {
        size_t n = 0;
        int rc =
            polyalign_tmx_validate(ctx, a->files[i], print_problem, NULL, &n);
        if (rc == POLYALIGN_EFORMAT) {
            printf("%s: invalid (%zu problem%s)\n", a->files[i], n,
                   n == 1 ? "" : "s");
            status = EXIT_INPUT;
        } else if (rc < 0) {
            return cli_fail(ctx, rc);
        } else {
            printf("%s: valid TMX 1.4\n", a->files[i]);
        }
    }
    return status;
}

struct lang_stat {
    char *lang;
    uint64_t tuvs, bytes;
};

static int run_stats(struct polyalign_context *ctx, struct tmx_args *a)
{
    struct polyalign_tmx_tu *tu = NULL;
    int error = 0, rc;

    if ((error = polyalign_tmx_tu_new(&tu)) < 0)
        return cli_fail(ctx, error);
    for (int f = 0; f < a->n_files && !error; f++) {
        struct polyalign_tmx_reader *r = NULL;
        struct lang_stat langs[MAX_LIST];
        size_t n_langs = 0;
        uint64_t tus = 0, props = 0, notes = 0, markup = 0;

        if ((error = polyalign_tmx_reader_open(&r, ctx, a->files[f], 0)) < 0)
            break;
        while ((rc = polyalign_tmx_reader_next(r, tu)) > 0) {
            tus++;
            props += polyalign_tmx_tu_prop_count(tu);
            notes += polyalign_tmx_tu_note_count(tu);
            for (size_t i = 0; i < polyalign_tmx_tu_variant_count(tu); i++) {
                const char *l = polyalign_tmx_tu_variant_lang(tu, i);
                const char *t = polyalign_tmx_tu_variant_text(tu, i);
                size_t k;
                if (polyalign_tmx_tu_variant_markup(tu, i))
                    markup++;
                for (k = 0; k < n_langs; k++)
                    if (strcasecmp(langs[k].lang, l) == 0)
                        break;
                if (k == n_langs) {
                    if (n_langs == MAX_LIST)
                        continue;
                    langs[k].lang = strdup(l);
                    langs[k].tuvs = langs[k].bytes = 0;
                    if (!langs[k].lang)
                        continue;
                    n_langs++;
                }
                langs[k].tuvs++;
                langs[k].bytes += strlen(t);
            }
        }
        error = rc;
        if (!error) {
            const char *s = polyalign_tmx_reader_header(r, "srclang");
            const char *tool = polyalign_tmx_reader_header(r, "creationtool");
            printf("%s\n", a->files[f]);
            printf("  version        %s\n", polyalign_tmx_reader_version(r));
            printf("  srclang        %s\n", s ? s : "(none)");
            printf("  creationtool   %s\n", tool ? tool : "(none)");
            printf("  TUs            %" PRIu64 "\n", tus);
            printf("  props          %" PRIu64 "\n", props);
            printf("  notes          %" PRIu64 "\n", notes);
            printf("  segments with inline markup  %" PRIu64 "\n", markup);
            for (size_t k = 0; k < n_langs; k++)
                printf("  %-14s %" PRIu64 " segments, %" PRIu64
                       " bytes of UTF-8 text\n",
                       langs[k].lang, langs[k].tuvs, langs[k].bytes);
        }
        for (size_t k = 0; k < n_langs; k++)
            free(langs[k].lang);
        polyalign_tmx_reader_free(r);
    }
    polyalign_tmx_tu_free(tu);
    return error < 0 ? cli_fail(ctx, error) : EXIT_OK;
}

static int check_output(struct tmx_args *a)
{
    if (!a->output)
        return cli_usage_error(a->sub, "-o OUT is required");
    for (int i = 0; i < a->n_files; i++)
        if (cli_same_file(a->output, a->files[i]))
            return cli_usage_error(a->sub, "the output %s is also an input",
                                   a->output);
    return 0;
}

static void report(const char *sub, const struct polyalign_tmx_counts *c)
{
    fprintf(stderr,
            "polyalign tmx %s: %" PRIu64 " TUs read, %" PRIu64
            " written, %" PRIu64 " duplicates, %" PRIu64 " filtered out\n",
            sub, c->read, c->written, c->duplicates, c->filtered);
}

int cmd_tmx(struct polyalign_context *ctx, int argc, char **argv)
{
    struct tmx_args a;
    struct polyalign_tmx_counts counts;
    int rc, status = EXIT_OK;

    memset(&a, 0, sizeof(a));
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    a.sub = argv[1];
    if ((rc = parse_args(&a, argc - 1, argv + 1)) != 0) {
        status = rc < 0 ? EXIT_OK : rc;
        goto cleanup;
    }
    if (a.n_files < 1) {
        status = cli_usage_error("tmx", "%s: no input file", a.sub);
        goto cleanup;
    }
    if (strcmp(a.sub, "validate") == 0) {
        status = run_validate(ctx, &a);
    } else if (strcmp(a.sub, "stats") == 0) {
        status = run_stats(ctx, &a);
    } else if (strcmp(a.sub, "merge") == 0) {
        if ((status = check_output(&a)))
            goto cleanup;
        rc = polyalign_tmx_merge(
            ctx, (const char *const *)a.files, (size_t)a.n_files, a.output,
            a.keep && strcmp(a.keep, "newest") == 0 ? POLYALIGN_TMX_KEEP_NEWEST
                                                    : POLYALIGN_TMX_KEEP_FIRST,
            &a.wopts, &counts);
        status = rc < 0 ? cli_fail(ctx, rc) : (report("merge", &counts), 0);
    } else if (strcmp(a.sub, "filter") == 0) {
        if ((status = check_output(&a)))
            goto cleanup;
        if (a.n_files != 1) {
            status = cli_usage_error("tmx", "filter: one input file");
            goto cleanup;
        }
        a.filter.langs = a.has_langs ? a.langs : NULL;
        rc = polyalign_tmx_filter(ctx, a.files[0], a.output, &a.filter,
                                  &a.wopts, &counts);
        status = rc < 0 ? cli_fail(ctx, rc) : (report("filter", &counts), 0);
    } else if (strcmp(a.sub, "split-pairs") == 0) {
        char prefix[256];
        const char *base;
        if (a.n_files != 1) {
            status = cli_usage_error("tmx", "split-pairs: one input file");
            goto cleanup;
        }
        if (!a.prefix) {
            base = strrchr(a.files[0], '/');
            snprintf(prefix, sizeof(prefix), "%s",
                     base ? base + 1 : a.files[0]);
            if (strlen(prefix) > 4 &&
                strcasecmp(prefix + strlen(prefix) - 4, ".tmx") == 0)
                prefix[strlen(prefix) - 4] = '\0';
            a.prefix = prefix;
        }
        rc = polyalign_tmx_split_pairs(ctx, a.files[0], a.dir ? a.dir : ".",
                                       a.prefix, &a.wopts, &counts);
        if (rc < 0) {
            status = cli_fail(ctx, rc);
        } else {
            report("split-pairs", &counts);
            fprintf(stderr,
                    "polyalign tmx split-pairs: %" PRIu64 " files written\n",
                    counts.files);
        }
    } else if (strcmp(a.sub, "convert") == 0) {
        if (a.n_files != 1 || (!a.to) == (!a.from)) {
            status = cli_usage_error("tmx", "convert: one input file and "
                                            "either --to or --from");
            goto cleanup;
        }
        if (a.output && cli_same_file(a.output, a.files[0])) {
            status = cli_usage_error("tmx", "the output is also the input");
            goto cleanup;
        }
        if (a.from) {
            if (strcmp(a.from, "tsv") != 0) {
                status = cli_usage_error("tmx", "--from: tsv");
                goto cleanup;
            }
            rc = polyalign_tmx_convert_from_tsv(ctx, a.files[0], a.output,
                                                &a.wopts, &counts);
        } else {
            enum polyalign_tmx_format fmt;
            if (strcmp(a.to, "tsv") == 0) {
                fmt = POLYALIGN_TMX_FORMAT_TSV;
            } else if (strcmp(a.to, "jsonl") == 0) {
                fmt = POLYALIGN_TMX_FORMAT_JSONL;
            } else {
                status = cli_usage_error("tmx", "--to: tsv or jsonl");
                goto cleanup;
            }
            rc =
                polyalign_tmx_convert_to(ctx, a.files[0], a.output, fmt,
                                         a.has_langs ? a.langs : NULL, &counts);
        }
        status = rc < 0 ? cli_fail(ctx, rc) : EXIT_OK;
    } else {
        status = cli_usage_error("tmx", "'%s' is not a tmx command", a.sub);
    }
cleanup:
    free(a.langs_buf);
    return status;
}
