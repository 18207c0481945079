/* Private part of the context: the struct and the helpers every module uses
 * to report errors, log and share loaded resources. */
#ifndef POLYALIGN_LIB_CONTEXT_H
#define POLYALIGN_LIB_CONTEXT_H

#include <pthread.h>

#include <hunspell.h>

#include "polyalign/context.h"

#define CTX_MAX_HUNSPELL 48
#define CTX_MAX_LOADERS 8

struct hunspell_slot {
    char lang[16];
    Hunhandle *handle; /* NULL with tried set: not installed */
    int tried;
    int loading; /* a thread is reading the dictionary (wait on loaded) */
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
    int threads;                    /* polyalign_context_set_threads() */
    /* Worker threads (lexical evidence normalizes its two documents at
     * once) share the context: the last error, logging, the resources and
     * the Hunspell slots are taken under this lock. */
    pthread_mutex_t lock;
    pthread_cond_t loaded; /* a Hunspell slot finished loading */
    pthread_t loaders[CTX_MAX_LOADERS]; /* ctx_hunspell_preload() */
    size_t n_loaders;
};

/* A shared resource loaded once (default SRX rules, stop lists, lexicons)
 * and freed with the context. */
struct ctx_resource {
    char *key;
    void *data;
    void (*destroy)(void *data);
    struct ctx_resource *next;
};

/* The resource stored under @key, or NULL.  Resources are read-only once
 * stored (worker threads share them); two threads loading the same key at
 * once both store theirs, and each uses its own. */
void *ctx_resource_get(const struct polyalign_context *ctx, const char *key);

/* Store @data under @key; the context calls @destroy(@data) when freed.
 * Returns 0 or POLYALIGN_ENOMEM (then @data is not taken). */
int ctx_resource_put(struct polyalign_context *ctx, const char *key,
                     void *data, void (*destroy)(void *data));

/* Run @fn(@a) in this thread and @fn(@b) in a second one when @threaded
 * (and the thread starts), else one after the other: both run either way,
 * their results going back through @a and @b. */
void ctx_run_both(void *(*fn)(void *), void *a, void *b, int threaded);

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
 * thread-safe, so two threads must not use the same language's handle at
 * once (getting handles from several threads is safe; a thread asking for
 * a dictionary another is loading waits for it). */
Hunhandle *ctx_hunspell(struct polyalign_context *ctx, const char *lang);

/* The same without the warning (for probing which dictionaries exist). */
Hunhandle *ctx_hunspell_probe(struct polyalign_context *ctx, const char *lang);

/* Destroy the loaded dictionaries (not those being loaded) and forget
 * them: a later ctx_hunspell() loads again.  No normalizer may hold one. */
void ctx_hunspell_release(struct polyalign_context *ctx);

/* Load @lang's dictionary in a background thread (joined by
 * polyalign_context_free()); nothing when the context allows one thread,
 * the slot is taken or no thread starts.  Returns 0 or POLYALIGN_EINVAL. */
int ctx_hunspell_preload(struct polyalign_context *ctx, const char *lang);

/* Whether two language tags share their primary subtag (fr, fr-CH): the
 * same Hunspell handle, which one thread at a time may use. */
int ctx_same_language(const char *a, const char *b);

#endif
