/* polyalign: the command-line tool, a thin layer over libpolyalign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
    /* One line per subcommand, in the order --help lists them. */
    {"detect", cmd_detect, "print the encoding and language of documents"},
    {"split", cmd_split, "split documents into sentences"},
    {"normalize", cmd_normalize, "print tokens with their matching keys"},
    {"align", cmd_align, "pair the sentences of translated documents; TMX"},
    {"compare", cmd_compare, "find the statements comparable reports share"},
    {"report", cmd_report, "write an HTML review page of align or compare"},
    {"eval", cmd_eval, "score alignments against gold ones (P/R/F1)"},
    {"tmx", cmd_tmx, "validate, merge, filter, split, convert TMX memories"},
    {NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: polyalign <command> [options] FILE...\n"
            "       polyalign --version | --help\n"
            "\n"
            "Align sentences of documents in French, Russian, Arabic and\n"
            "other languages, and write translation memories.\n"
            "\nCommands:\n");
    for (size_t i = 0; commands[i].name; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp,
            "\n'polyalign <command> --help' describes a command.\n"
            "Exit status: 0 ok, 1 usage error, 2 bad input or output "
            "error,\n3 internal error or out of memory.\n");
}

int main(int argc, char **argv)
{
    struct polyalign_context *ctx = NULL;
    int rc;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("polyalign %s\n", polyalign_version());
        return EXIT_OK;
    }
    for (size_t i = 0; commands[i].name; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (polyalign_context_new(&ctx) < 0) {
            fprintf(stderr, "polyalign: out of memory\n");
            return EXIT_INTERNAL;
        }
        rc = commands[i].run(ctx, argc - 1, argv + 1);
        polyalign_context_free(ctx);
        return rc;
    }
    fprintf(stderr, "polyalign: '%s' is not a command. See 'polyalign "
                    "--help'.\n", argv[1]);
    return EXIT_USAGE;
}
