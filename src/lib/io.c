/* Atomic output: temporary file beside the target, renamed when complete. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "polyalign/io.h"

struct polyalign_output {
    struct polyalign_context *ctx;
    FILE *fp;
    char *path;   /* final path, "-" for stdout */
    char *tmp;    /* temporary path, NULL for stdout */
};

static void output_release(struct polyalign_output *o)
{
    free(o->path);
    free(o->tmp);
    free(o);
}

int polyalign_output_open(struct polyalign_output **out,
                          struct polyalign_context *ctx, const char *path)
{
    struct polyalign_output *o;
    int fd;
    char *tmp;
    size_t n;
    struct stat st;
    mode_t mask;

    *out = NULL;
    o = calloc(1, sizeof(*o));
    if (!o)
        return POLYALIGN_ENOMEM;
    o->ctx = ctx;
    if (!path || strcmp(path, "-") == 0) {
        o->path = strdup("-");
        o->fp = stdout;
        if (!o->path) {
            free(o);
            return POLYALIGN_ENOMEM;
        }
        *out = o;
        return 0;
    }
    o->path = strdup(path);
    n = strlen(path) + 8;
    tmp = malloc(n);
    if (!o->path || !tmp) {
        free(tmp);
        output_release(o);
        return POLYALIGN_ENOMEM;
    }
    snprintf(tmp, n, "%s.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        output_release(o);
        return ctx_error(ctx, POLYALIGN_EIO, "%s: cannot create output: %s",
                         path, strerror(err));
    }
    o->tmp = tmp;
    /* mkstemp makes 0600; give the file the mode a plain open would. */
    mask = umask(0);
    umask(mask);
    if (stat(path, &st) == 0)
        fchmod(fd, st.st_mode & 07777);
    else
        fchmod(fd, 0666 & ~mask);
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        close(fd);
        polyalign_output_abort(o);
        return ctx_error(ctx, POLYALIGN_ENOMEM, "%s: fdopen failed", path);
    }
    *out = o;
    return 0;
}

FILE *polyalign_output_stream(struct polyalign_output *o)
{
    return o->fp;
}

const char *polyalign_output_path(const struct polyalign_output *o)
{
    return o->path;
}

int polyalign_output_commit(struct polyalign_output *o)
{
    int error = 0;
    int err = 0;

    if (!o->tmp) {
        if (fflush(o->fp) != 0 || ferror(o->fp))
            error = ctx_error(o->ctx, POLYALIGN_EIO,
                              "standard output: write failed: %s",
                              strerror(errno));
        output_release(o);
        return error;
    }
    if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
        err = errno ? errno : EIO;
    if (fclose(o->fp) != 0 && !err)
        err = errno ? errno : EIO;
    o->fp = NULL;
    if (!err && rename(o->tmp, o->path) != 0)
        err = errno;
    if (err) {
        unlink(o->tmp);
        error = ctx_error(o->ctx, POLYALIGN_EIO, "%s: write failed: %s",
                          o->path, strerror(err));
    }
    output_release(o);
    return error;
}

void polyalign_output_abort(struct polyalign_output *o)
{
    if (!o)
        return;
    if (o->tmp) {
        if (o->fp)
            fclose(o->fp);
        unlink(o->tmp);
    }
    output_release(o);
}
