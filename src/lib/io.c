/* Atomic output: temporary file beside the target, renamed when complete. */
/* realpath() */
#define _XOPEN_SOURCE 700
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
    int direct;   /* a device or FIFO opened as is (closed on commit) */
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
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device (/dev/null, /dev/full), FIFO or terminal cannot be
         * replaced by a rename (and as root that would replace the device
         * node): write to it directly. */
        if (S_ISDIR(st.st_mode)) {
            free(o);
            return ctx_error(ctx, POLYALIGN_EIO,
                             "%s: cannot create output: is a folder", path);
        }
        o->path = strdup(path);
        o->fp = o->path ? fopen(path, "wb") : NULL;
        if (!o->fp) {
            int err = errno;
            output_release(o);
            return ctx_error(ctx, POLYALIGN_EIO,
                             "%s: cannot create output: %s", path,
                             strerror(err));
        }
        o->direct = 1;
        *out = o;
        return 0;
    }
    /* Through a symbolic link, replace the file it names, not the link. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        o->path = realpath(path, NULL);
    if (!o->path)
        o->path = strdup(path);
    if (!o->path) {
        free(o);
        return POLYALIGN_ENOMEM;
    }
    path = o->path;
    n = strlen(path) + 8;
    tmp = malloc(n);
    if (!tmp) {
        output_release(o);
        return POLYALIGN_ENOMEM;
    }
    snprintf(tmp, n, "%s.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        int error = ctx_error(ctx, POLYALIGN_EIO,
                              "%s: cannot create output: %s", path,
                              strerror(err));
        free(tmp);
        output_release(o); /* frees path */
        return error;
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
        int error = ctx_error(ctx, POLYALIGN_ENOMEM, "%s: fdopen failed",
                              path);
        close(fd);
        polyalign_output_abort(o); /* frees path */
        return error;
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
        errno = 0;
        if (fflush(o->fp) != 0 || ferror(o->fp))
            err = errno ? errno : EIO;
        if (o->direct && fclose(o->fp) != 0 && !err)
            err = errno ? errno : EIO;
        if (err)
            error = ctx_error(o->ctx, POLYALIGN_EIO, "%s: write failed: %s",
                              o->direct ? o->path : "standard output",
                              strerror(err));
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
    } else if (o->direct && o->fp) {
        fclose(o->fp);
    }
    output_release(o);
}
