/* A string-keyed hash table (open addressing, linear probing, FNV-1a):
 * the per-type caches of the normalizer, stop lists, lexicons. */
#ifndef POLYALIGN_LIB_STRMAP_H
#define POLYALIGN_LIB_STRMAP_H

#include <stddef.h>

struct strmap;

/* NULL on ENOMEM. */
struct strmap *strmap_new(void);

/* Free the table and its key copies; @destroy (may be NULL) is called on
 * each value. */
void strmap_free(struct strmap *m, void (*destroy)(void *value));

/* The value stored under the @len bytes of @key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t len);

/* Store @value under a copy of @key (replacing any previous value, which is
 * returned through @old when @old is not NULL).  Returns 0 or -1 (ENOMEM). */
int strmap_put(struct strmap *m, const char *key, size_t len, void *value,
               void **old);

/* Number of keys. */
size_t strmap_count(const struct strmap *m);

/* Iterate: start with *pos = 0; returns 0 at the end.  Borrowed key. */
int strmap_next(const struct strmap *m, size_t *pos, const char **key,
                void **value);

#endif
