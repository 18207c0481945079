/**
 * @file context.h
 * The library context: shared read-only resources, data paths, logging and
 * the last error message.
 *
 * A context is created once and passed to every constructor.  Resources that
 * are expensive to load (SRX rules, Hunspell dictionaries, lexicons) are
 * loaded into it once and shared read-only.  A context may be used from
 * several threads only for reading; its error slot is per context, so give
 * each thread its own context when errors must be read back reliably.
 */
#ifndef POLYALIGN_CONTEXT_H
#define POLYALIGN_CONTEXT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define POLYALIGN_EXPORT __attribute__((visibility("default")))
#define POLYALIGN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define POLYALIGN_EXPORT
#define POLYALIGN_PRINTF(a, b)
#endif

/** Error codes.  Functions that can fail return 0 or one of these. */
enum polyalign_error {
    POLYALIGN_OK = 0,
    POLYALIGN_ENOMEM = -1,    /**< out of memory */
    POLYALIGN_EINVAL = -2,    /**< invalid argument (a caller's bug) */
    POLYALIGN_EIO = -3,       /**< a file could not be read or written */
    POLYALIGN_EENCODING = -4, /**< bytes invalid in the declared encoding */
    POLYALIGN_EFORMAT = -5,   /**< malformed input (XML, SRX, TSV, ...) */
    POLYALIGN_ENOTFOUND = -6, /**< a resource (dictionary, file) is missing */
    POLYALIGN_EBINARY = -7,   /**< input looks binary, not text */
    POLYALIGN_ELIMIT = -8,    /**< input exceeds a configured limit */
    POLYALIGN_EINTERNAL = -9, /**< a library (ICU, libxml2) failed */
};

/** Severity of a log message. */
enum polyalign_log_level {
    POLYALIGN_LOG_ERROR = 0,
    POLYALIGN_LOG_WARNING = 1,
    POLYALIGN_LOG_INFO = 2,
    POLYALIGN_LOG_DEBUG = 3,
};

struct polyalign_context;

/**
 * Log handler.  @p msg has no trailing newline.
 */
typedef void (*polyalign_log_fn)(void *userdata, enum polyalign_log_level lvl,
                                 const char *msg);

/**
 * Create a context.
 *
 * The data directory (SRX rules, stop lists, lexicons) is looked up in this
 * order: the environment variable POLYALIGN_DATADIR, the build tree (when
 * running uninstalled), the installed data directory.
 *
 * @param[out] out  the new context, to free with polyalign_context_free()
 * @return 0 or POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_context_new(struct polyalign_context **out);

/** Free a context and every resource loaded into it.  NULL is a no-op. */
POLYALIGN_EXPORT void polyalign_context_free(struct polyalign_context *ctx);

/**
 * Set the data directory explicitly (overrides the search described in
 * polyalign_context_new()).
 * @return 0, POLYALIGN_ENOMEM
 */
POLYALIGN_EXPORT int polyalign_context_set_datadir(
    struct polyalign_context *ctx, const char *dir);

/** The data directory in use (borrowed). */
POLYALIGN_EXPORT const char *polyalign_context_datadir(
    const struct polyalign_context *ctx);

/**
 * Resolve a data file relative to the data directories (for example
 * "segment/default.srx").  Returns a newly allocated path the caller frees
 * with free(), or NULL when the file exists in none of them.
 */
POLYALIGN_EXPORT char *polyalign_context_find_data(
    const struct polyalign_context *ctx, const char *relpath);

/**
 * Install a log handler (default: warnings and errors to stderr, prefixed
 * with "polyalign: ").  @p fn NULL silences logging.
 */
POLYALIGN_EXPORT void polyalign_context_set_log(struct polyalign_context *ctx,
                                                polyalign_log_fn fn,
                                                void *userdata);

/**
 * How many threads a call may use (default 2, or the environment variable
 * POLYALIGN_THREADS when set to a positive number).  1 runs everything in
 * the calling thread (for debugging); results never depend on it.  With
 * more than 1, lexical evidence normalizes its two documents at once, and
 * the log handler may then be called from a worker thread (never from two
 * at a time).  Values below 1 are taken as 1.
 */
POLYALIGN_EXPORT void polyalign_context_set_threads(
    struct polyalign_context *ctx, int n);

/** The number of threads a call may use (polyalign_context_set_threads()). */
POLYALIGN_EXPORT int polyalign_context_threads(
    const struct polyalign_context *ctx);

/** Only messages at or below @p lvl reach the handler (default WARNING). */
POLYALIGN_EXPORT void polyalign_context_set_log_level(
    struct polyalign_context *ctx, enum polyalign_log_level lvl);

/**
 * The detailed message of the last error reported on this context (file,
 * line or byte offset, what was expected), or "" if none.  Borrowed; valid
 * until the next failing call on this context.
 */
POLYALIGN_EXPORT const char *polyalign_context_last_error(
    const struct polyalign_context *ctx);

/** The code of the last error, 0 if none. */
POLYALIGN_EXPORT int polyalign_context_last_error_code(
    const struct polyalign_context *ctx);

/** Forget the last error. */
POLYALIGN_EXPORT void polyalign_context_clear_error(
    struct polyalign_context *ctx);

/** A short, static description of an error code. */
POLYALIGN_EXPORT const char *polyalign_strerror(int error);

/** The library's version string, e.g. "0.1.0". */
POLYALIGN_EXPORT const char *polyalign_version(void);

#ifdef __cplusplus
}
#endif

#endif
