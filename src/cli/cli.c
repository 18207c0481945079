#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_exit_code(int error)
{
    switch (error) {
    case POLYALIGN_OK:
        return EXIT_OK;
    case POLYALIGN_EINVAL:
        return EXIT_USAGE;
    case POLYALIGN_ENOMEM:
    case POLYALIGN_EINTERNAL:
        return EXIT_INTERNAL;
    default:
        return EXIT_INPUT;
    }
}

int cli_fail(struct polyalign_context *ctx, int error)
{
    const char *msg = ctx ? polyalign_context_last_error(ctx) : "";

    if (*msg)
        fprintf(stderr, "polyalign: error: %s\n", msg);
    else
        fprintf(stderr, "polyalign: error: %s\n", polyalign_strerror(error));
    return cli_exit_code(error);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "polyalign %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'polyalign %s --help'.\n", cmd);
    return EXIT_USAGE;
}

void cli_json_string(FILE *fp, const char *s, size_t n)
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

int cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return 0;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *cli_list_item(const char *list, size_t i, char *buf, size_t size)
{
    const char *end;

    for (; i > 0 && list; i--)
        if ((list = strchr(list, ',')))
            list++;
    if (!list)
        return NULL;
    end = strchr(list, ',');
    if (!end)
        end = list + strlen(list);
    if (end == list || (size_t)(end - list) >= size)
        return NULL;
    memcpy(buf, list, (size_t)(end - list));
    buf[end - list] = '\0';
    return buf;
}
