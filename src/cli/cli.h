/* Shared helpers of the command-line tool (public API only). */
#ifndef POLYALIGN_CLI_H
#define POLYALIGN_CLI_H

#include <stdio.h>

#include "polyalign.h"

/* Exit codes, documented in the man page and README. */
enum cli_exit {
    EXIT_OK = 0,
    EXIT_USAGE = 1,    /* bad command line */
    EXIT_INPUT = 2,    /* bad or unreadable input, cannot write output */
    EXIT_INTERNAL = 3, /* internal error or out of memory */
};

struct cli_command {
    const char *name;
    int (*run)(struct polyalign_context *ctx, int argc, char **argv);
    const char *summary;
};

/* Print "polyalign: error: <detail>" for a library error (the context's
 * message, or the short form) and return the matching exit code. */
int cli_fail(struct polyalign_context *ctx, int error);

/* Print "polyalign <cmd>: <message>" and a hint to --help; return
 * EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    POLYALIGN_PRINTF(2, 3);

/* Map a library error code to an exit code. */
int cli_exit_code(int error);

/* Write @n bytes of UTF-8 at @s as a JSON string (quotes, backslashes and
 * control characters escaped). */
void cli_json_string(FILE *fp, const char *s, size_t n);

/* Item @i (from 0) of the comma-separated @list ("fr,ru,ar") into @buf;
 * @buf, or NULL when the list has no such item or it does not fit. */
const char *cli_list_item(const char *list, size_t i, char *buf,
                          size_t size);

/* Nonzero if @a and @b name the same existing file (output == input). */
int cli_same_file(const char *a, const char *b);

#endif
