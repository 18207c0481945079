/* String-keyed hash table: open addressing with linear probing, FNV-1a
 * (Fowler, Noll, Vo), grown at 50 % load. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

struct slot {
    char *key; /* NUL-terminated copy; NULL: empty */
    size_t len;
    uint64_t hash;
    void *value;
};

struct strmap {
    struct slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

struct strmap *strmap_new(void)
{
    struct strmap *m = calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof(*m->slots));
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void strmap_free(struct strmap *m, void (*destroy)(void *value))
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        if (destroy)
            destroy(m->slots[i].value);
        free(m->slots[i].key);
    }
    free(m->slots);
    free(m);
}

static struct slot *find(const struct strmap *m, const char *key, size_t len,
                         uint64_t h)
{
    size_t mask = m->cap - 1;

    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct slot *s = &m->slots[i];
        if (!s->key)
            return s;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

void *strmap_get(const struct strmap *m, const char *key, size_t len)
{
    struct slot *s = find(m, key, len, fnv1a(key, len));

    return s->key ? s->value : NULL;
}

static int grow(struct strmap *m)
{
    struct strmap bigger = {NULL, m->cap * 2, m->count};

    bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        struct slot *s = &m->slots[i];
        if (s->key)
            *find(&bigger, s->key, s->len, s->hash) = *s;
    }
    free(m->slots);
    *m = bigger;
    return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t len, void *value,
               void **old)
{
    uint64_t h = fnv1a(key, len);
    struct slot *s;

    if (old)
        *old = NULL;
    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    s = find(m, key, len, h);
    if (s->key) {
        if (old)
            *old = s->value;
        s->value = value;
        return 0;
    }
    s->key = malloc(len + 1);
    if (!s->key)
        return -1;
    memcpy(s->key, key, len);
    s->key[len] = '\0';
    s->len = len;
    s->hash = h;
    s->value = value;
    m->count++;
    return 0;
}

size_t strmap_count(const struct strmap *m)
{
    return m->count;
}

int strmap_next(const struct strmap *m, size_t *pos, const char **key,
                void **value)
{
    while (*pos < m->cap) {
        struct slot *s = &m->slots[(*pos)++];
        if (s->key) {
            *key = s->key;
            *value = s->value;
            return 1;
        }
    }
    return 0;
}
