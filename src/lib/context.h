/* Private part of the context: the struct and the helpers every module uses
 * to report errors, log and share loaded resources. */
#ifndef POLYALIGN_LIB_CONTEXT_H
#define POLYALIGN_LIB_CONTEXT_H

#include <hunspell.h>

#include "polyalign/context.h"

#define CTX_MAX_HUNSPELL 48

struct hunspell_slot {
    char lang[16];
    Hunhandle *handle; /* NULL with tried set: not installed */
    int tried;
    int warned;
};

struct polyalign_context {
    char *datadir;            /* explicit, or NULL */
    char *datadirs[5];        /* search order, NULL-terminated */
    polyalign_log_fn log_fn;
    void *log_data;
    enum polyalign_log_level log_level;
    int last_error;
    char *last_message;
    struct hunspell_slot hunspell[CTX_MAX_HUNSPELL];
    struct ctx_resource *resources; /* loaded on first use, freed last */
};

/* A shared resource loaded once (default SRX rules, stop lists, lexicons)
 * and freed with the context. */
struct ctx_resource {
    char *key;
    void *data;
    void (*destroy)(void *data);
    struct ctx_resource *next;
};

/* The resource stored under @key, or NULL. */
void *ctx_resource_get(const struct polyalign_context *ctx, const char *key);

/* Store @data under @key; the context calls @destroy(@data) when freed.
 * Returns 0 or POLYALIGN_ENOMEM (then @data is not taken). */
int ctx_resource_put(struct polyalign_context *ctx, const char *key,
                     void *data, void (*destroy)(void *data));

/* Record an error on the context and return @code (so callers can write
 * `return ctx_error(ctx, POLYALIGN_EIO, "%s: ...", path)`). */
int ctx_error(struct polyalign_context *ctx, int code, const char *fmt, ...)
    POLYALIGN_PRINTF(3, 4);

void ctx_log(struct polyalign_context *ctx, enum polyalign_log_level lvl,
             const char *fmt, ...) POLYALIGN_PRINTF(3, 4);

#define ctx_warn(ctx, ...) ctx_log((ctx), POLYALIGN_LOG_WARNING, __VA_ARGS__)
#define ctx_info(ctx, ...) ctx_log((ctx), POLYALIGN_LOG_INFO, __VA_ARGS__)

/* The Hunspell dictionary for a language ("fr", "ru", "ar"; region subtags
 * are tried then dropped), loaded once from the system's hunspell folder.
 * Returns NULL (with a warning naming the Debian package, logged once) when
 * it is not installed.  The handle is shared: Hunspell calls on it are not
 * thread-safe. */
Hunhandle *ctx_hunspell(struct polyalign_context *ctx, const char *lang);

/* The same without the warning (for probing which dictionaries exist). */
Hunhandle *ctx_hunspell_probe(struct polyalign_context *ctx, const char *lang);

#endif
