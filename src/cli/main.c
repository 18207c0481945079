/* polyalign: the command-line tool, a thin layer over libpolyalign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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

/* The commands allocate and free large blocks (search bands, caches,
 * dictionaries) in several threads.  glibc's default grows the heaps in
 * small steps, each a system call and page faults, and in a threaded
 * process TLB shootdowns across the cores: `align --lexical` spent about
 * 0.25 s of its 1.8 s of CPU there on the 10k scale test (bench/
 * lexical.sh).  The heaps grow by 64 MB at a time (address space; pages
 * are only resident once used).  Keeping freed memory too (trim and mmap
 * thresholds) gained nothing more and cost 100 MB at 100k sentences. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

/* Whether to free the context before a successful exit.  Destroying the
 * Hunspell dictionaries alone takes 0.09 s (fr and ru), which the process's
 * end does for nothing; errors (a loader may still be reading a
 * dictionary), leak checkers (ASan and TSan builds: threads not joined
 * count as leaked) and POLYALIGN_FREE_AT_EXIT=1 (for valgrind) free it. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer) || \
    __has_feature(thread_sanitizer)
#define LEAK_CHECKED 1
#endif
#endif
#ifndef LEAK_CHECKED
#define LEAK_CHECKED 0
#endif

static int free_at_exit(int rc)
{
    const char *env = getenv("POLYALIGN_FREE_AT_EXIT");

    return rc != EXIT_OK || LEAK_CHECKED || (env && *env && *env != '0');
}

int main(int argc, char **argv)
{
    struct polyalign_context *ctx = NULL;
    int rc;

    tune_malloc();

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
        if (free_at_exit(rc))
            polyalign_context_free(ctx);
        return rc;
    }
    fprintf(stderr, "polyalign: '%s' is not a command. See 'polyalign "
                    "--help'.\n", argv[1]);
    return EXIT_USAGE;
}
