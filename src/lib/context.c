/* The library context: data paths, logging, last error, shared resources. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "context.h"
#include "polyalign/version.h"

/* Hunspell 1.7 keeps a process-wide case table for UTF-8 dictionaries
 * (csutil.cxx: utf_tbl, with a plain int reference count), set up by
 * Hunspell_create() and released by Hunspell_destroy(): two at once may
 * leak it or free it under a handle still in use.  Every create and
 * destroy in the process takes this lock; stemming with distinct handles
 * needs none. */
static pthread_mutex_t hunspell_lifecycle = PTHREAD_MUTEX_INITIALIZER;

static const char *const hunspell_dirs[] = {
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
    NULL,
};

static void default_log(void *userdata, enum polyalign_log_level lvl,
                        const char *msg)
{
    (void)userdata;
    fprintf(stderr, "polyalign: %s%s\n",
            lvl == POLYALIGN_LOG_ERROR     ? "error: "
            : lvl == POLYALIGN_LOG_WARNING ? "warning: "
                                           : "",
            msg);
}

static int is_dir(const char *path)
{
    return path && access(path, R_OK | X_OK) == 0;
}

int polyalign_context_new(struct polyalign_context **out)
{
    struct polyalign_context *ctx;
    const char *env;
    size_t n = 0;

    *out = NULL;
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return POLYALIGN_ENOMEM;
    if (pthread_mutex_init(&ctx->lock, NULL) != 0) {
        free(ctx);
        return POLYALIGN_ENOMEM;
    }
    if (pthread_cond_init(&ctx->loaded, NULL) != 0) {
        pthread_mutex_destroy(&ctx->lock);
        free(ctx);
        return POLYALIGN_ENOMEM;
    }
    ctx->log_fn = default_log;
    ctx->log_level = POLYALIGN_LOG_WARNING;
    ctx->threads = 2; /* the machines we measure on have two cores */
    env = getenv("POLYALIGN_THREADS");
    if (env && atoi(env) > 0)
        ctx->threads = atoi(env);

    env = getenv("POLYALIGN_DATADIR");
    if (env && *env)
        ctx->datadirs[n++] = strdup(env);
    /* Uninstalled use: files generated at build time, then the sources. */
    if (is_dir(POLYALIGN_BUILDDATADIR))
        ctx->datadirs[n++] = strdup(POLYALIGN_BUILDDATADIR);
    if (is_dir(POLYALIGN_SRCDATADIR))
        ctx->datadirs[n++] = strdup(POLYALIGN_SRCDATADIR);
    ctx->datadirs[n++] = strdup(POLYALIGN_PKGDATADIR);
    for (size_t i = 0; i < n; i++) {
        if (!ctx->datadirs[i]) {
            /* context_free stops at the first NULL: free the rest here. */
            for (size_t k = i + 1; k < n; k++) {
                free(ctx->datadirs[k]);
                ctx->datadirs[k] = NULL;
            }
            polyalign_context_free(ctx);
            return POLYALIGN_ENOMEM;
        }
    }
    *out = ctx;
    return 0;
}

void polyalign_context_free(struct polyalign_context *ctx)
{
    if (!ctx)
        return;
    /* No lock: the caller no longer uses the context, and the loaders
     * only ever write their slot. */
    for (size_t i = 0; i < ctx->n_loaders; i++)
        pthread_join(ctx->loaders[i], NULL);
    pthread_mutex_lock(&hunspell_lifecycle);
    for (size_t i = 0; i < CTX_MAX_HUNSPELL; i++)
        if (ctx->hunspell[i].handle)
            Hunspell_destroy(ctx->hunspell[i].handle);
    pthread_mutex_unlock(&hunspell_lifecycle);
    while (ctx->resources) {
        struct ctx_resource *r = ctx->resources;
        ctx->resources = r->next;
        if (r->destroy)
            r->destroy(r->data);
        free(r->key);
        free(r);
    }
    for (size_t i = 0; ctx->datadirs[i]; i++)
        free(ctx->datadirs[i]);
    free(ctx->datadir);
    free(ctx->last_message);
    pthread_cond_destroy(&ctx->loaded);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

int polyalign_context_set_datadir(struct polyalign_context *ctx,
                                  const char *dir)
{
    char *copy = strdup(dir);

    if (!copy)
        return POLYALIGN_ENOMEM;
    free(ctx->datadir);
    ctx->datadir = copy;
    return 0;
}

const char *polyalign_context_datadir(const struct polyalign_context *ctx)
{
    if (ctx->datadir)
        return ctx->datadir;
    for (size_t i = 0; ctx->datadirs[i]; i++)
        if (is_dir(ctx->datadirs[i]))
            return ctx->datadirs[i];
    return POLYALIGN_PKGDATADIR;
}

static char *join_path(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

char *polyalign_context_find_data(const struct polyalign_context *ctx,
                                  const char *relpath)
{
    char *p;

    if (ctx->datadir) {
        p = join_path(ctx->datadir, relpath);
        if (p && access(p, R_OK) == 0)
            return p;
        free(p);
        return NULL;
    }
    for (size_t i = 0; ctx->datadirs[i]; i++) {
        p = join_path(ctx->datadirs[i], relpath);
        if (p && access(p, R_OK) == 0)
            return p;
        free(p);
    }
    return NULL;
}

void polyalign_context_set_log(struct polyalign_context *ctx,
                               polyalign_log_fn fn, void *userdata)
{
    ctx->log_fn = fn;
    ctx->log_data = userdata;
}

void polyalign_context_set_threads(struct polyalign_context *ctx, int n)
{
    ctx->threads = n < 1 ? 1 : n;
}

int polyalign_context_threads(const struct polyalign_context *ctx)
{
    return ctx->threads;
}

void polyalign_context_set_log_level(struct polyalign_context *ctx,
                                     enum polyalign_log_level lvl)
{
    ctx->log_level = lvl;
}

const char *polyalign_context_last_error(const struct polyalign_context *ctx)
{
    return ctx->last_message ? ctx->last_message : "";
}

int polyalign_context_last_error_code(const struct polyalign_context *ctx)
{
    return ctx->last_error;
}

void polyalign_context_clear_error(struct polyalign_context *ctx)
{
    ctx->last_error = 0;
    free(ctx->last_message);
    ctx->last_message = NULL;
}

POLYALIGN_PRINTF(1, 0)
static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    int n;
    char *buf;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    buf = malloc((size_t)n + 1);
    if (buf)
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
    return buf;
}

int ctx_error(struct polyalign_context *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!ctx)
        return code;
    va_start(ap, fmt);
    msg = vformat(fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&ctx->lock);
    free(ctx->last_message);
    ctx->last_message = msg; /* NULL on ENOMEM: reads as "" */
    ctx->last_error = code;
    pthread_mutex_unlock(&ctx->lock);
    return code;
}

void ctx_log(struct polyalign_context *ctx, enum polyalign_log_level lvl,
             const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!ctx || !ctx->log_fn || lvl > ctx->log_level)
        return;
    va_start(ap, fmt);
    msg = vformat(fmt, ap);
    va_end(ap);
    if (msg) {
        pthread_mutex_lock(&ctx->lock);
        ctx->log_fn(ctx->log_data, lvl, msg);
        pthread_mutex_unlock(&ctx->lock);
    }
    free(msg);
}

static Hunhandle *open_hunspell(const char *name)
{
    char aff[512], dic[512];

    for (size_t i = 0; hunspell_dirs[i]; i++) {
        snprintf(aff, sizeof(aff), "%s/%s.aff", hunspell_dirs[i], name);
        snprintf(dic, sizeof(dic), "%s/%s.dic", hunspell_dirs[i], name);
        if (access(aff, R_OK) == 0 && access(dic, R_OK) == 0) {
            Hunhandle *h;

            pthread_mutex_lock(&hunspell_lifecycle);
            h = Hunspell_create(aff, dic);
            pthread_mutex_unlock(&hunspell_lifecycle);
            return h;
        }
    }
    return NULL;
}

static Hunhandle *hunspell_get(struct polyalign_context *ctx,
                               const char *lang, int warn);

Hunhandle *ctx_hunspell(struct polyalign_context *ctx, const char *lang)
{
    return hunspell_get(ctx, lang, 1);
}

Hunhandle *ctx_hunspell_probe(struct polyalign_context *ctx, const char *lang)
{
    return hunspell_get(ctx, lang, 0);
}

/* Open @base ("fr_FR", "fr", "ru"...), trying the forms Debian ships. */
static Hunhandle *open_hunspell_lang(const char *lang)
{
    char base[16], alt[40];
    Hunhandle *h;

    snprintf(base, sizeof(base), "%s", lang);
    if ((h = open_hunspell(base)))
        return h;
    char *us = strchr(base, '_');
    if (us) {
        *us = '\0';
        return open_hunspell(base);
    }
    /* e.g. ru: Debian ships ru_RU only */
    char upper[16];
    size_t k;
    for (k = 0; k < sizeof(upper) - 1 && base[k]; k++)
        upper[k] = (char)(base[k] >= 'a' && base[k] <= 'z' ? base[k] - 32
                                                           : base[k]);
    upper[k] = '\0';
    snprintf(alt, sizeof(alt), "%s_%s", base, upper);
    return open_hunspell(alt);
}

static Hunhandle *hunspell_get(struct polyalign_context *ctx,
                               const char *lang, int warn)
{
    char base[16], pkg[16];
    struct hunspell_slot *slot = NULL;
    Hunhandle *handle;
    int mine = 0, report = 0;
    size_t i;

    /* "fr-FR" -> try "fr_FR", then "fr"; "ru" -> also "ru_RU". */
    snprintf(base, sizeof(base), "%s", lang);
    for (i = 0; base[i]; i++)
        if (base[i] == '-')
            base[i] = '_';
    pthread_mutex_lock(&ctx->lock);
    for (i = 0; i < CTX_MAX_HUNSPELL; i++) {
        if (ctx->hunspell[i].tried &&
            strcmp(ctx->hunspell[i].lang, base) == 0) {
            slot = &ctx->hunspell[i];
            break;
        }
        if (!ctx->hunspell[i].tried && !slot)
            slot = &ctx->hunspell[i];
    }
    if (!slot) {
        pthread_mutex_unlock(&ctx->lock);
        return NULL;
    }
    if (!slot->tried) {
        /* Claimed: loaded outside the lock, so that two languages load at
         * once; a thread asking for this one meanwhile waits. */
        snprintf(slot->lang, sizeof(slot->lang), "%s", base);
        slot->tried = 1;
        slot->loading = 1;
        mine = 1;
    }
    while (!mine && slot->loading)
        pthread_cond_wait(&ctx->loaded, &ctx->lock);
    pthread_mutex_unlock(&ctx->lock);
    if (mine) {
        handle = open_hunspell_lang(base);
        pthread_mutex_lock(&ctx->lock);
        slot->handle = handle;
        slot->loading = 0;
        pthread_cond_broadcast(&ctx->loaded);
        pthread_mutex_unlock(&ctx->lock);
    }
    pthread_mutex_lock(&ctx->lock);
    handle = slot->handle;
    if (!handle && warn && !slot->warned) {
        slot->warned = 1;
        report = 1;
        snprintf(pkg, sizeof(pkg), "%s", slot->lang);
        pkg[strcspn(pkg, "_")] = '\0';
    }
    pthread_mutex_unlock(&ctx->lock);
    if (report)
        ctx_warn(ctx,
                 "no Hunspell dictionary for '%s' (install it with: "
                 "apt-get install hunspell-%s)",
                 base, pkg);
    return handle;
}

void ctx_hunspell_release(struct polyalign_context *ctx)
{
    Hunhandle *h[CTX_MAX_HUNSPELL];
    size_t n = 0;

    pthread_mutex_lock(&ctx->lock);
    for (size_t i = 0; i < CTX_MAX_HUNSPELL; i++) {
        struct hunspell_slot *s = &ctx->hunspell[i];

        if (s->tried && !s->loading && s->handle) {
            h[n++] = s->handle;
            memset(s, 0, sizeof(*s));
        }
    }
    pthread_mutex_unlock(&ctx->lock);
    pthread_mutex_lock(&hunspell_lifecycle);
    for (size_t i = 0; i < n; i++)
        Hunspell_destroy(h[i]);
    pthread_mutex_unlock(&hunspell_lifecycle);
}

struct loader {
    struct polyalign_context *ctx;
    char lang[16];
};

static void *loader_run(void *arg)
{
    struct loader *l = arg;

    ctx_hunspell_probe(l->ctx, l->lang);
    free(l);
    return NULL;
}

int ctx_same_language(const char *a, const char *b)
{
    size_t la = strcspn(a, "-_@"), lb = strcspn(b, "-_@");

    return la == lb && strncasecmp(a, b, la) == 0;
}

int ctx_hunspell_preload(struct polyalign_context *ctx, const char *lang)
{
    struct loader *l;
    int taken = 0;

    if (!ctx || !lang || !*lang)
        return POLYALIGN_EINVAL;
    if (ctx->threads < 2 || !(l = malloc(sizeof(*l))))
        return 0;
    l->ctx = ctx;
    snprintf(l->lang, sizeof(l->lang), "%s", lang);
    for (size_t i = 0; l->lang[i]; i++)
        if (l->lang[i] == '-')
            l->lang[i] = '_';
    pthread_mutex_lock(&ctx->lock);
    for (size_t i = 0; i < CTX_MAX_HUNSPELL; i++)
        if (ctx->hunspell[i].tried &&
            strcmp(ctx->hunspell[i].lang, l->lang) == 0)
            taken = 1;
    if (!taken && ctx->n_loaders < CTX_MAX_LOADERS &&
        pthread_create(&ctx->loaders[ctx->n_loaders], NULL, loader_run,
                       l) == 0) {
        ctx->n_loaders++;
        l = NULL;
    }
    pthread_mutex_unlock(&ctx->lock);
    free(l);
    return 0;
}

void *ctx_resource_get(const struct polyalign_context *ctx, const char *key)
{
    struct polyalign_context *c = (struct polyalign_context *)ctx;
    void *data = NULL;

    /* (The lock is the only thing changed: a const context stays so.) */
    pthread_mutex_lock(&c->lock);
    for (const struct ctx_resource *r = ctx->resources; r; r = r->next)
        if (strcmp(r->key, key) == 0) {
            data = r->data;
            break;
        }
    pthread_mutex_unlock(&c->lock);
    return data;
}

int ctx_resource_put(struct polyalign_context *ctx, const char *key,
                     void *data, void (*destroy)(void *data))
{
    struct ctx_resource *r = calloc(1, sizeof(*r));

    if (!r || !(r->key = strdup(key))) {
        free(r);
        return POLYALIGN_ENOMEM;
    }
    r->data = data;
    r->destroy = destroy;
    pthread_mutex_lock(&ctx->lock);
    r->next = ctx->resources;
    ctx->resources = r;
    pthread_mutex_unlock(&ctx->lock);
    return 0;
}

const char *polyalign_strerror(int error)
{
    switch (error) {
    case POLYALIGN_OK: return "success";
    case POLYALIGN_ENOMEM: return "out of memory";
    case POLYALIGN_EINVAL: return "invalid argument";
    case POLYALIGN_EIO: return "input/output error";
    case POLYALIGN_EENCODING: return "invalid encoding";
    case POLYALIGN_EFORMAT: return "malformed input";
    case POLYALIGN_ENOTFOUND: return "not found";
    case POLYALIGN_EBINARY: return "binary input";
    case POLYALIGN_ELIMIT: return "limit exceeded";
    case POLYALIGN_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

const char *polyalign_version(void)
{
    return POLYALIGN_VERSION;
}

void ctx_run_both(void *(*fn)(void *), void *a, void *b, int threaded)
{
    pthread_t worker;
    int started = threaded && pthread_create(&worker, NULL, fn, b) == 0;

    fn(a);
    if (started)
        pthread_join(worker, NULL);
    else
        fn(b);
}
