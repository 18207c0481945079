/* TMX translation units and the streaming writer (TMX 1.4b, LISA OSCAR
 * 2005; DTD tmx14.dtd revision 1.4a).  XML is written with libxml2's
 * xmlTextWriter, through the atomic output of io.c. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/utf8.h>

#include "context.h"
#include "polyalign/io.h"
#include "polyalign/version.h"
#include "tmx.h"

/* ---- small helpers ------------------------------------------------------ */

int tmx_buf_add(struct tmx_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->data, cap);
        if (!p)
            return POLYALIGN_ENOMEM;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int tmx_buf_adds(struct tmx_buf *b, const char *s)
{
    return tmx_buf_add(b, s, strlen(s));
}

void tmx_buf_reset(struct tmx_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void tmx_buf_free(struct tmx_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int grow(void **items, size_t *cap, size_t n, size_t size)
{
    void *p;
    size_t c;

    if (n < *cap)
        return 0;
    c = *cap ? *cap * 2 : 4;
    p = realloc(*items, c * size);
    if (!p)
        return POLYALIGN_ENOMEM;
    *items = p;
    *cap = c;
    return 0;
}

/* TMX 1.4b, 3.2 (tu attributes) as declared in tmx14.dtd. */
static const char *const tu_attrs[] = {
    "tuid",
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "creationdate",
    "creationid",
    "changedate",
    "segtype",
    "changeid",
    "o-tmf",
    "srclang",
    NULL,
};

int tmx_is_tu_attr(const char *name)
{
    for (size_t i = 0; tu_attrs[i]; i++)
        if (strcmp(name, tu_attrs[i]) == 0)
            return 1;
    return 0;
}

static int is_date_attr(const char *name)
{
    return strcmp(name, "creationdate") == 0 ||
           strcmp(name, "changedate") == 0 ||
           strcmp(name, "lastusagedate") == 0;
}

/* TMX 1.4b, 3.1 "Date": YYYYMMDDThhmmssZ, ISO 8601 basic format in UTC. */
int tmx_date_valid(const char *s)
{
    int mo, d, h, mi, sec;

    if (!s || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
        return 0;
    for (int i = 0; i < 15; i++)
        if (i != 8 && !isdigit((unsigned char)s[i]))
            return 0;
    mo = (s[4] - '0') * 10 + (s[5] - '0');
    d = (s[6] - '0') * 10 + (s[7] - '0');
    h = (s[9] - '0') * 10 + (s[10] - '0');
    mi = (s[11] - '0') * 10 + (s[12] - '0');
    sec = (s[13] - '0') * 10 + (s[14] - '0');
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 &&
           sec <= 60;
}

uint64_t tmx_date_key(const char *date)
{
    uint64_t k = 0;

    if (!tmx_date_valid(date))
        return 0;
    for (int i = 0; i < 15; i++)
        if (i != 8)
            k = k * 10 + (uint64_t)(date[i] - '0');
    return k;
}

/* TMX 1.4b, 3.1 "Language": RFC 3066 codes, superseded by BCP 47.  ICU
 * parses the tag; it is well-formed when ICU consumed all of it. */
int tmx_lang_valid(const char *tag)
{
    char buf[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    UErrorCode status = U_ZERO_ERROR;
    size_t n;

    if (!tag || !*tag)
        return 0;
    n = strlen(tag);
    if (n > 64)
        return 0;
    uloc_forLanguageTag(tag, buf, (int32_t)sizeof(buf), &parsed, &status);
    return U_SUCCESS(status) && (size_t)parsed == n;
}

size_t tmx_utf8_length(const char *s)
{
    int32_t i = 0, n = (int32_t)strlen(s);
    size_t count = 0;
    UChar32 c;

    while (i < n) {
        U8_NEXT(s, i, n, c);
        (void)c;
        count++;
    }
    return count;
}

int tmx_blank(const char *s)
{
    int32_t i = 0, n;
    UChar32 c;

    if (!s)
        return 1;
    n = (int32_t)strlen(s);
    while (i < n) {
        U8_NEXT(s, i, n, c);
        if (c < 0)
            return 0;
        if (!u_isUWhiteSpace(c))
            return 0;
    }
    return 1;
}

/* XML 1.0, 2.2 "Characters": Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] |
 * [#xE000-#xFFFD] | [#x10000-#x10FFFF].  Copies @s into @b without the
 * characters outside that set nor ill-formed UTF-8 (lone surrogates);
 * returns how many were removed. */
static size_t xml_clean(struct tmx_buf *b, const char *s, int *oom)
{
    int32_t i = 0, start, n = (int32_t)strlen(s), run = 0;
    size_t removed = 0;
    UChar32 c;

    tmx_buf_reset(b);
    *oom = 0;
    while (i < n) {
        start = i;
        U8_NEXT(s, i, n, c);
        if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
            (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF))
            continue;
        if (tmx_buf_add(b, s + run, (size_t)(start - run)) < 0)
            *oom = 1;
        run = i;
        removed++;
    }
    if (tmx_buf_add(b, s + run, (size_t)(n - run)) < 0)
        *oom = 1;
    return removed;
}

/* ---- translation units -------------------------------------------------- */

int polyalign_tmx_tu_new(struct polyalign_tmx_tu **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? 0 : POLYALIGN_ENOMEM;
}

void polyalign_tmx_tu_clear(struct polyalign_tmx_tu *tu)
{
    for (size_t i = 0; i < tu->n_attrs; i++) {
        free(tu->attrs[i].key);
        free(tu->attrs[i].value);
    }
    for (size_t i = 0; i < tu->n_props; i++) {
        free(tu->props[i].key);
        free(tu->props[i].value);
    }
    for (size_t i = 0; i < tu->n_notes; i++)
        free(tu->notes[i]);
    for (size_t i = 0; i < tu->n_tuvs; i++) {
        free(tu->tuvs[i].lang);
        free(tu->tuvs[i].text);
        free(tu->tuvs[i].markup);
    }
    tu->n_attrs = tu->n_props = tu->n_notes = tu->n_tuvs = 0;
}

void polyalign_tmx_tu_free(struct polyalign_tmx_tu *tu)
{
    if (!tu)
        return;
    polyalign_tmx_tu_clear(tu);
    free(tu->attrs);
    free(tu->props);
    free(tu->notes);
    free(tu->tuvs);
    free(tu);
}

int tmx_tu_put_attr(struct polyalign_tmx_tu *tu, const char *name,
                    const char *value)
{
    char *k, *v;

    for (size_t i = 0; i < tu->n_attrs; i++) {
        if (strcmp(tu->attrs[i].key, name) == 0) {
            if (!(v = strdup(value)))
                return POLYALIGN_ENOMEM;
            free(tu->attrs[i].value);
            tu->attrs[i].value = v;
            return 0;
        }
    }
    if (grow((void **)&tu->attrs, &tu->cap_attrs, tu->n_attrs,
             sizeof(*tu->attrs)) < 0)
        return POLYALIGN_ENOMEM;
    k = strdup(name);
    v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return POLYALIGN_ENOMEM;
    }
    tu->attrs[tu->n_attrs].key = k;
    tu->attrs[tu->n_attrs].value = v;
    tu->n_attrs++;
    return 0;
}

int polyalign_tmx_tu_set_attr(struct polyalign_tmx_tu *tu, const char *name,
                              const char *value)
{
    if (!name || !value || !tmx_is_tu_attr(name))
        return POLYALIGN_EINVAL;
    return tmx_tu_put_attr(tu, name, value);
}

const char *polyalign_tmx_tu_attr(const struct polyalign_tmx_tu *tu,
                                  const char *name)
{
    for (size_t i = 0; i < tu->n_attrs; i++)
        if (strcmp(tu->attrs[i].key, name) == 0)
            return tu->attrs[i].value;
    return NULL;
}

int polyalign_tmx_tu_add_prop(struct polyalign_tmx_tu *tu, const char *type,
                              const char *value)
{
    char *k, *v;

    if (!type || !*type || !value)
        return POLYALIGN_EINVAL;
    if (grow((void **)&tu->props, &tu->cap_props, tu->n_props,
             sizeof(*tu->props)) < 0)
        return POLYALIGN_ENOMEM;
    k = strdup(type);
    v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return POLYALIGN_ENOMEM;
    }
    tu->props[tu->n_props].key = k;
    tu->props[tu->n_props].value = v;
    tu->n_props++;
    return 0;
}

size_t polyalign_tmx_tu_prop_count(const struct polyalign_tmx_tu *tu)
{
    return tu->n_props;
}

const char *polyalign_tmx_tu_prop_at(const struct polyalign_tmx_tu *tu,
                                     size_t i, const char **type)
{
    if (i >= tu->n_props)
        return NULL;
    if (type)
        *type = tu->props[i].key;
    return tu->props[i].value;
}

const char *polyalign_tmx_tu_prop(const struct polyalign_tmx_tu *tu,
                                  const char *type)
{
    for (size_t i = 0; i < tu->n_props; i++)
        if (strcmp(tu->props[i].key, type) == 0)
            return tu->props[i].value;
    return NULL;
}

int polyalign_tmx_tu_add_note(struct polyalign_tmx_tu *tu, const char *text)
{
    char *t;

    if (!text)
        return POLYALIGN_EINVAL;
    if (grow((void **)&tu->notes, &tu->cap_notes, tu->n_notes,
             sizeof(*tu->notes)) < 0)
        return POLYALIGN_ENOMEM;
    if (!(t = strdup(text)))
        return POLYALIGN_ENOMEM;
    tu->notes[tu->n_notes++] = t;
    return 0;
}

size_t polyalign_tmx_tu_note_count(const struct polyalign_tmx_tu *tu)
{
    return tu->n_notes;
}

const char *polyalign_tmx_tu_note_at(const struct polyalign_tmx_tu *tu,
                                     size_t i)
{
    return i < tu->n_notes ? tu->notes[i] : NULL;
}

int tmx_tu_take_variant(struct polyalign_tmx_tu *tu, char *lang, char *text,
                        char *markup)
{
    if (!lang || !text ||
        grow((void **)&tu->tuvs, &tu->cap_tuvs, tu->n_tuvs, sizeof(*tu->tuvs)) <
            0) {
        free(lang);
        free(text);
        free(markup);
        return POLYALIGN_ENOMEM;
    }
    tu->tuvs[tu->n_tuvs].lang = lang;
    tu->tuvs[tu->n_tuvs].text = text;
    tu->tuvs[tu->n_tuvs].markup = markup;
    tu->n_tuvs++;
    return 0;
}

int polyalign_tmx_tu_add_variant(struct polyalign_tmx_tu *tu, const char *lang,
                                 const char *text)
{
    if (!lang || !*lang || !text)
        return POLYALIGN_EINVAL;
    return tmx_tu_take_variant(tu, strdup(lang), strdup(text), NULL);
}

/* Inline elements of TMX 1.4b Level 2 (section 3.6); the content of the
 * native-code ones is not text of the segment. */
static int is_inline(const char *name)
{
    static const char *const names[] = {"bpt", "ept", "it", "ph",
                                        "hi",  "sub", "ut", NULL};
    for (size_t i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int is_code(const char *name)
{
    return strcmp(name, "bpt") == 0 || strcmp(name, "ept") == 0 ||
           strcmp(name, "it") == 0 || strcmp(name, "ph") == 0 ||
           strcmp(name, "ut") == 0;
}

static int flatten_node(xmlNodePtr n, int in_code, struct tmx_buf *b)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!in_code && n->content &&
                tmx_buf_adds(b, (const char *)n->content) < 0)
                return POLYALIGN_ENOMEM;
        } else if (n->type == XML_ELEMENT_NODE) {
            if (!is_inline((const char *)n->name))
                return POLYALIGN_EFORMAT;
            /* sub inside a code is a subflow: another segment's text. */
            if (flatten_node(n->children,
                             in_code || is_code((const char *)n->name) ||
                                 strcmp((const char *)n->name, "sub") == 0,
                             b) < 0)
                return POLYALIGN_EFORMAT;
        }
    }
    return 0;
}

/* Parse "<seg>markup</seg>" as a standalone document, never touching the
 * network nor any entity. */
static int parse_markup(struct polyalign_context *ctx, const char *markup,
                        xmlDocPtr *out)
{
    struct tmx_buf b = {0};
    xmlDocPtr doc;
    int error = 0;

    *out = NULL;
    if (tmx_buf_adds(&b, "<seg>") < 0 || tmx_buf_adds(&b, markup) < 0 ||
        tmx_buf_adds(&b, "</seg>") < 0) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    doc = xmlReadMemory(b.data, (int)b.len, NULL, "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING);
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        error =
            ctx_error(ctx, POLYALIGN_EFORMAT,
                      "segment markup is not well-formed XML: %.60s", markup);
        goto cleanup;
    }
    *out = doc;
cleanup:
    tmx_buf_free(&b);
    return error;
}

int tmx_markup_text(struct polyalign_context *ctx, const char *markup,
                    char **text)
{
    xmlDocPtr doc = NULL;
    struct tmx_buf b = {0};
    int error;

    *text = NULL;
    if ((error = parse_markup(ctx, markup, &doc)) < 0)
        goto cleanup;
    if ((error = flatten_node(xmlDocGetRootElement(doc)->children, 0, &b)) <
        0) {
        if (error == POLYALIGN_EFORMAT)
            error = ctx_error(ctx, POLYALIGN_EFORMAT,
                              "segment markup: only bpt, ept, it, ph, hi, "
                              "sub, ut may appear in a seg: %.60s",
                              markup);
        goto cleanup;
    }
    if (!b.data && tmx_buf_adds(&b, "") < 0) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    *text = b.data;
    b.data = NULL;
cleanup:
    tmx_buf_free(&b);
    xmlFreeDoc(doc);
    return error;
}

int polyalign_tmx_tu_add_variant_markup(struct polyalign_tmx_tu *tu,
                                        struct polyalign_context *ctx,
                                        const char *lang, const char *markup)
{
    char *text = NULL;
    int error;

    if (!lang || !*lang || !markup)
        return POLYALIGN_EINVAL;
    if ((error = tmx_markup_text(ctx, markup, &text)) < 0)
        return error;
    return tmx_tu_take_variant(tu, strdup(lang), text, strdup(markup));
}

size_t polyalign_tmx_tu_variant_count(const struct polyalign_tmx_tu *tu)
{
    return tu->n_tuvs;
}

const char *polyalign_tmx_tu_variant_lang(const struct polyalign_tmx_tu *tu,
                                          size_t i)
{
    return i < tu->n_tuvs ? tu->tuvs[i].lang : NULL;
}

const char *polyalign_tmx_tu_variant_text(const struct polyalign_tmx_tu *tu,
                                          size_t i)
{
    return i < tu->n_tuvs ? tu->tuvs[i].text : NULL;
}

const char *polyalign_tmx_tu_variant_markup(const struct polyalign_tmx_tu *tu,
                                            size_t i)
{
    return i < tu->n_tuvs ? tu->tuvs[i].markup : NULL;
}

long polyalign_tmx_tu_find_variant(const struct polyalign_tmx_tu *tu,
                                   const char *lang)
{
    for (size_t i = 0; i < tu->n_tuvs; i++)
        if (strcasecmp(tu->tuvs[i].lang, lang) == 0)
            return (long)i;
    return -1;
}

/* FNV-1a (Fowler, Noll, Vo), finished with the splitmix64 mixer so that
 * summing the variants' hashes (order-independent) stays well spread. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n, int fold)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (fold)
            c = (unsigned char)tolower(c);
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t tmx_tu_hash(const struct polyalign_tmx_tu *tu, uint64_t key)
{
    uint64_t sum = mix64(tu->n_tuvs ^ key);

    for (size_t i = 0; i < tu->n_tuvs; i++) {
        const struct tmx_tuv *v = &tu->tuvs[i];
        const char *seg = v->markup ? v->markup : v->text;
        uint64_t h = 0xcbf29ce484222325ULL ^ key;

        h = fnv1a(h, v->lang, strlen(v->lang) + 1, 1);
        h = fnv1a(h, seg, strlen(seg), 0);
        sum += mix64(h);
    }
    return sum;
}

/* ---- writer ------------------------------------------------------------- */

struct polyalign_tmx_writer {
    struct polyalign_context *ctx;
    struct polyalign_output *out;
    xmlTextWriterPtr xw;
    char *srclang; /* mapped; NULL for *all* */
    char *creationid;
    char **map_from, **map_to;
    size_t n_map;
    int indent;
    int keep_single;
    uint64_t written, skipped;
    struct tmx_buf clean;
    size_t *order; /* scratch: variant order */
    size_t cap_order;
};

void polyalign_tmx_writer_options_init(struct polyalign_tmx_writer_options *o)
{
    memset(o, 0, sizeof(*o));
    o->adminlang = "en";
    o->indent = 1;
}

static const char *map_lang(const struct polyalign_tmx_writer *w,
                            const char *lang)
{
    for (size_t i = 0; i < w->n_map; i++)
        if (strcasecmp(w->map_from[i], lang) == 0)
            return w->map_to[i];
    return lang;
}

static void writer_release(struct polyalign_tmx_writer *w)
{
    if (w->xw)
        xmlFreeTextWriter(w->xw);
    for (size_t i = 0; i < w->n_map; i++) {
        free(w->map_from[i]);
        free(w->map_to[i]);
    }
    free(w->map_from);
    free(w->map_to);
    free(w->srclang);
    free(w->creationid);
    free(w->order);
    tmx_buf_free(&w->clean);
    free(w);
}

static int xw_fail(struct polyalign_tmx_writer *w)
{
    int err = errno; /* e.g. ENOSPC from libxml2's fwrite */

    if (err)
        return ctx_error(w->ctx, POLYALIGN_EIO, "%s: cannot write TMX: %s",
                         polyalign_output_path(w->out), strerror(err));
    return ctx_error(w->ctx, POLYALIGN_EIO, "%s: cannot write TMX",
                     polyalign_output_path(w->out));
}

static int indent(struct polyalign_tmx_writer *w, int level)
{
    static const char spaces[] = "\n            ";

    if (!w->indent)
        return 0;
    return xmlTextWriterWriteRawLen(w->xw, BAD_CAST spaces, 1 + 2 * level) < 0
               ? -1
               : 0;
}

static void format_date(char *buf, size_t n, time_t t)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y%m%dT%H%M%SZ", &tm);
}

static int parse_lang_map(struct polyalign_tmx_writer *w,
                          const char *const *map)
{
    size_t n = 0;

    if (!map)
        return 0;
    while (map[n])
        n++;
    w->map_from = calloc(n + 1, sizeof(char *));
    w->map_to = calloc(n + 1, sizeof(char *));
    if (!w->map_from || !w->map_to)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(map[i], '=');
        if (!eq || eq == map[i] || !eq[1])
            return ctx_error(w->ctx, POLYALIGN_EINVAL,
                             "language map '%s': expected FROM=TO, "
                             "e.g. fr=fr-FR",
                             map[i]);
        w->map_from[i] = strndup(map[i], (size_t)(eq - map[i]));
        w->map_to[i] = strdup(eq + 1);
        w->n_map = i + 1;
        if (!w->map_from[i] || !w->map_to[i])
            return POLYALIGN_ENOMEM;
    }
    return 0;
}

/* Write an attribute or an element text after removing the characters
 * XML 1.0 forbids. */
static int clean_text(struct polyalign_tmx_writer *w, const char *s,
                      const char **out)
{
    int oom;
    size_t removed = xml_clean(&w->clean, s, &oom);

    if (oom)
        return POLYALIGN_ENOMEM;
    if (removed)
        ctx_warn(w->ctx,
                 "%s: TU %llu: removed %zu character(s) that XML 1.0 "
                 "forbids (control characters, U+FFFE/U+FFFF, lone "
                 "surrogates)",
                 polyalign_output_path(w->out),
                 (unsigned long long)(w->written + w->skipped + 1), removed);
    *out = w->clean.data ? w->clean.data : "";
    return 0;
}

static int write_attr(struct polyalign_tmx_writer *w, const char *name,
                      const char *value)
{
    const char *v;
    int error;

    if ((error = clean_text(w, value, &v)) < 0)
        return error;
    return xmlTextWriterWriteAttribute(w->xw, BAD_CAST name, BAD_CAST v) < 0
               ? xw_fail(w)
               : 0;
}

static int write_element(struct polyalign_tmx_writer *w, const char *name,
                         const char *attr, const char *attr_value,
                         const char *text)
{
    const char *v;
    int error;

    if (xmlTextWriterStartElement(w->xw, BAD_CAST name) < 0)
        return xw_fail(w);
    if (attr && (error = write_attr(w, attr, attr_value)) < 0)
        return error;
    if ((error = clean_text(w, text, &v)) < 0)
        return error;
    if (xmlTextWriterWriteString(w->xw, BAD_CAST v) < 0 ||
        xmlTextWriterEndElement(w->xw) < 0)
        return xw_fail(w);
    return 0;
}

int polyalign_tmx_writer_open(struct polyalign_tmx_writer **out,
                              struct polyalign_context *ctx, const char *path,
                              const struct polyalign_tmx_writer_options *opts)
{
    struct polyalign_tmx_writer_options defaults;
    struct polyalign_tmx_writer *w;
    xmlOutputBufferPtr buf;
    char date[32];
    time_t now;
    const char *env;
    int error = 0;

    *out = NULL;
    if (!opts) {
        polyalign_tmx_writer_options_init(&defaults);
        opts = &defaults;
    }
    if (!(w = calloc(1, sizeof(*w))))
        return POLYALIGN_ENOMEM;
    w->ctx = ctx;
    w->indent = opts->indent;
    w->keep_single = opts->keep_single;
    if ((error = parse_lang_map(w, opts->lang_map)) < 0)
        goto cleanup;
    if (opts->srclang && strcmp(opts->srclang, "*all*") != 0 &&
        !(w->srclang = strdup(map_lang(w, opts->srclang)))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    if (opts->creationid && !(w->creationid = strdup(opts->creationid))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    if ((error = polyalign_output_open(&w->out, ctx, path)) < 0)
        goto cleanup;
    buf = xmlOutputBufferCreateFile(polyalign_output_stream(w->out), NULL);
    if (!buf || !(w->xw = xmlNewTextWriter(buf))) {
        if (buf)
            xmlOutputBufferClose(buf);
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    now = opts->creation_time;
    if (!now && (env = getenv("SOURCE_DATE_EPOCH")) && *env)
        now = (time_t)strtoll(env, NULL, 10);
    if (!now)
        now = time(NULL);
    format_date(date, sizeof(date), now);

    /* TMX 1.4b, 2.1-2.3 and 3.1: XML declaration, DOCTYPE, root, header
     * with its required attributes. */
    if (xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterWriteDTD(w->xw, BAD_CAST "tmx", NULL, BAD_CAST "tmx14.dtd",
                              NULL) < 0 ||
        xmlTextWriterWriteRaw(w->xw, BAD_CAST "\n") < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST "tmx") < 0 ||
        xmlTextWriterWriteAttribute(w->xw, BAD_CAST "version", BAD_CAST "1.4") <
            0 ||
        indent(w, 1) < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST "header") < 0) {
        error = xw_fail(w);
        goto cleanup;
    }
    if ((error = write_attr(w, "creationtool", "polyalign")) < 0 ||
        (error = write_attr(w, "creationtoolversion", polyalign_version())) <
            0 ||
        (error = write_attr(w, "segtype", "sentence")) < 0 ||
        (error = write_attr(w, "o-tmf", "polyalign")) < 0 ||
        (error = write_attr(w, "adminlang",
                            opts->adminlang ? opts->adminlang : "en")) < 0 ||
        (error = write_attr(w, "srclang", w->srclang ? w->srclang : "*all*")) <
            0 ||
        (error = write_attr(w, "datatype", "plaintext")) < 0 ||
        (error = write_attr(w, "creationdate", date)) < 0)
        goto cleanup;
    if (w->creationid &&
        (error = write_attr(w, "creationid", w->creationid)) < 0)
        goto cleanup;
    if (opts->note) {
        if ((indent(w, 2) < 0 && (error = xw_fail(w)) < 0) ||
            (error = write_element(w, "note", NULL, NULL, opts->note)) < 0)
            goto cleanup;
        if (indent(w, 1) < 0) {
            error = xw_fail(w);
            goto cleanup;
        }
    }
    if (xmlTextWriterEndElement(w->xw) < 0 || indent(w, 1) < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST "body") < 0) {
        error = xw_fail(w);
        goto cleanup;
    }
    *out = w;
    w = NULL;
cleanup:
    if (w)
        polyalign_tmx_writer_abort(w);
    return error;
}

/* Write the content of a seg from a parsed Level 2 fragment. */
static int write_markup_nodes(struct polyalign_tmx_writer *w, xmlNodePtr n)
{
    int error;

    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (xmlTextWriterWriteString(w->xw, n->content) < 0)
                return xw_fail(w);
        } else if (n->type == XML_ELEMENT_NODE) {
            if (!is_inline((const char *)n->name))
                return ctx_error(w->ctx, POLYALIGN_EFORMAT,
                                 "segment markup: <%s> is not a TMX inline "
                                 "element",
                                 (const char *)n->name);
            if (xmlTextWriterStartElement(w->xw, n->name) < 0)
                return xw_fail(w);
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
                int rc = xmlTextWriterWriteAttribute(w->xw, a->name,
                                                     v ? v : BAD_CAST "");
                xmlFree(v);
                if (rc < 0)
                    return xw_fail(w);
            }
            if ((error = write_markup_nodes(w, n->children)) < 0)
                return error;
            /* Full end tag keeps <ph></ph> and <ph/> equal on reading. */
            if (xmlTextWriterEndElement(w->xw) < 0)
                return xw_fail(w);
        }
    }
    return 0;
}

static int write_seg(struct polyalign_tmx_writer *w, const struct tmx_tuv *v)
{
    const char *s;
    xmlDocPtr doc = NULL;
    int error = 0;

    if (xmlTextWriterStartElement(w->xw, BAD_CAST "seg") < 0)
        return xw_fail(w);
    if ((error = clean_text(w, v->markup ? v->markup : v->text, &s)) < 0)
        return error;
    if (!v->markup) {
        if (xmlTextWriterWriteString(w->xw, BAD_CAST s) < 0)
            return xw_fail(w);
    } else {
        if ((error = parse_markup(w->ctx, s, &doc)) < 0)
            return error;
        error = write_markup_nodes(w, xmlDocGetRootElement(doc)->children);
        xmlFreeDoc(doc);
        if (error < 0)
            return error;
    }
    return xmlTextWriterEndElement(w->xw) < 0 ? xw_fail(w) : 0;
}

int polyalign_tmx_writer_add_tu(struct polyalign_tmx_writer *w,
                                const struct polyalign_tmx_tu *tu)
{
    size_t n = 0, src = (size_t)-1;
    int error = 0;

    if (tu->n_tuvs > w->cap_order) {
        size_t *p = realloc(w->order, tu->n_tuvs * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        w->order = p;
        w->cap_order = tu->n_tuvs;
    }
    /* The source language's tuv first (translate-toolkit reads by
     * position); variants with nothing to say are not written, since
     * OmegaT takes an empty segment for a real translation; a TU left
     * with one variant is written only with keep_single. */
    for (size_t i = 0; i < tu->n_tuvs; i++) {
        if (tmx_blank(tu->tuvs[i].text))
            continue;
        if (src == (size_t)-1 && w->srclang &&
            strcasecmp(map_lang(w, tu->tuvs[i].lang), w->srclang) == 0)
            src = i;
        else
            w->order[n++] = i;
    }
    if ((w->srclang && src == (size_t)-1) ||
        n + (src != (size_t)-1) < (w->keep_single ? 1u : 2u)) {
        w->skipped++;
        return 0;
    }
    if (indent(w, 2) < 0 || xmlTextWriterStartElement(w->xw, BAD_CAST "tu") < 0)
        return xw_fail(w);
    for (size_t i = 0; i < tu->n_attrs; i++) {
        const char *k = tu->attrs[i].key;
        if (!tmx_is_tu_attr(k) ||
            (is_date_attr(k) && !tmx_date_valid(tu->attrs[i].value)))
            continue;
        if (strcmp(k, "srclang") == 0) {
            if (w->srclang || strcmp(tu->attrs[i].value, "*all*") == 0)
                continue; /* the header says it */
            if ((error = write_attr(w, k, map_lang(w, tu->attrs[i].value))) < 0)
                return error;
            continue;
        }
        if ((error = write_attr(w, k, tu->attrs[i].value)) < 0)
            return error;
    }
    if (w->creationid && !polyalign_tmx_tu_attr(tu, "creationid") &&
        (error = write_attr(w, "creationid", w->creationid)) < 0)
        return error;
    for (size_t i = 0; i < tu->n_notes; i++) {
        if (indent(w, 3) < 0)
            return xw_fail(w);
        if ((error = write_element(w, "note", NULL, NULL, tu->notes[i])) < 0)
            return error;
    }
    for (size_t i = 0; i < tu->n_props; i++) {
        if (indent(w, 3) < 0)
            return xw_fail(w);
        if ((error = write_element(w, "prop", "type", tu->props[i].key,
                                   tu->props[i].value)) < 0)
            return error;
    }
    for (size_t k = 0; k < n + (src != (size_t)-1); k++) {
        const struct tmx_tuv *v;

        if (src != (size_t)-1)
            v = &tu->tuvs[k == 0 ? src : w->order[k - 1]];
        else
            v = &tu->tuvs[w->order[k]];
        if (indent(w, 3) < 0 ||
            xmlTextWriterStartElement(w->xw, BAD_CAST "tuv") < 0)
            return xw_fail(w);
        if ((error = write_attr(w, "xml:lang", map_lang(w, v->lang))) < 0 ||
            (error = write_seg(w, v)) < 0)
            return error;
        if (xmlTextWriterEndElement(w->xw) < 0)
            return xw_fail(w);
    }
    if (indent(w, 2) < 0 || xmlTextWriterEndElement(w->xw) < 0)
        return xw_fail(w);
    w->written++;
    return 1;
}

void polyalign_tmx_writer_counts(const struct polyalign_tmx_writer *w,
                                 uint64_t *written, uint64_t *skipped)
{
    if (written)
        *written = w->written;
    if (skipped)
        *skipped = w->skipped;
}

int polyalign_tmx_writer_commit(struct polyalign_tmx_writer *w)
{
    int error = 0;
    struct polyalign_output *out = w->out;

    if (indent(w, 1) < 0 || xmlTextWriterEndElement(w->xw) < 0 ||
        indent(w, 0) < 0 || xmlTextWriterEndElement(w->xw) < 0 ||
        xmlTextWriterEndDocument(w->xw) < 0) {
        error = xw_fail(w);
        polyalign_output_abort(out);
        w->out = NULL;
        writer_release(w);
        return error;
    }
    /* Flushes and closes libxml2's buffer; the FILE stays open. */
    xmlFreeTextWriter(w->xw);
    w->xw = NULL;
    w->out = NULL;
    writer_release(w);
    return polyalign_output_commit(out);
}

void polyalign_tmx_writer_abort(struct polyalign_tmx_writer *w)
{
    struct polyalign_output *out;

    if (!w)
        return;
    out = w->out;
    if (w->xw) {
        xmlFreeTextWriter(w->xw);
        w->xw = NULL;
    }
    polyalign_output_abort(out);
    w->out = NULL;
    writer_release(w);
}
