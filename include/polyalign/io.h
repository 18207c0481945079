/**
 * @file io.h
 * Atomic output files: everything polyalign writes goes to a temporary file
 * in the target's folder and is renamed over the target only when complete,
 * so the target holds either its previous content or the complete new one.
 */
#ifndef POLYALIGN_IO_H
#define POLYALIGN_IO_H

#include <stdio.h>

#include "polyalign/context.h"

#ifdef __cplusplus
extern "C" {
#endif

struct polyalign_output;

/**
 * Open an output.  @p path "-" or NULL means standard output (written
 * directly, no rename).  Otherwise a temporary file "PATH.XXXXXX" is created
 * beside @p path.  An output path that names an existing input is refused
 * by the caller, not here.
 *
 * @param[out] out  the output, to finish with polyalign_output_commit() or
 *                  polyalign_output_abort()
 * @return 0, POLYALIGN_EIO (folder missing or not writable; message on
 *         @p ctx), POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_output_open(struct polyalign_output **out,
                                           struct polyalign_context *ctx,
                                           const char *path);

/** The stream to write to (borrowed). */
POLYALIGN_EXPORT FILE *polyalign_output_stream(struct polyalign_output *o);

/** The final path ("-" for stdout). */
POLYALIGN_EXPORT const char *polyalign_output_path(
    const struct polyalign_output *o);

/**
 * Flush, fsync, close and rename the temporary file over the target, then
 * free @p o.  On any failure (disk full, ...) the temporary file is removed,
 * the target is left untouched and POLYALIGN_EIO is returned with a message
 * on the context.  @p o is freed in every case.
 */
POLYALIGN_EXPORT int polyalign_output_commit(struct polyalign_output *o);

/** Remove the temporary file and free @p o.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_output_abort(struct polyalign_output *o);

#ifdef __cplusplus
}
#endif

#endif
