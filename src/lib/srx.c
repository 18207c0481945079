/* SRX 2.0 rule files: parsing with libxml2, validation of every regular
 * expression with ICU, language-map selection.
 *
 * Follows LISA SRX 2.0 (2008): <header cascade>, <languagerules> of
 * <languagerule languagerulename> with <rule break> holding <beforebreak>
 * and <afterbreak>, and <maprules> of <languagemap languagepattern
 * languagerulename>.  Okapi's extension element
 * <okpsrx:options useIcu4jBreakRules="yes"/> (namespace
 * http://okapi.sf.net/srx-extensions) makes ICU's sentence break iterator the
 * base segmenter, the SRX rules confirming or vetoing its breaks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "context.h"
#include "srx.h"

#define SRX_MAX_FILE (64u * 1024u * 1024u)

UChar *srx_utf16(const char *s, int32_t *len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    UChar *u;

    u_strFromUTF8(NULL, 0, &n, s, -1, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return NULL;
    st = U_ZERO_ERROR;
    u = malloc(((size_t)n + 1) * sizeof(UChar));
    if (!u)
        return NULL;
    u_strFromUTF8(u, n + 1, NULL, s, -1, &st);
    if (U_FAILURE(st)) {
        free(u);
        return NULL;
    }
    if (len)
        *len = n;
    return u;
}

static void srx_release(struct polyalign_srx *srx)
{
    for (size_t i = 0; i < srx->nlangrules; i++) {
        struct srx_langrule *lr = &srx->langrules[i];
        for (size_t j = 0; j < lr->count; j++) {
            free(lr->rules[j].before);
            free(lr->rules[j].after);
        }
        free(lr->rules);
        free(lr->name);
    }
    free(srx->langrules);
    for (size_t i = 0; i < srx->nmaps; i++)
        free(srx->maps[i].pattern);
    free(srx->maps);
    free(srx->name);
    free(srx);
}

void polyalign_srx_free(struct polyalign_srx *srx)
{
    if (srx)
        srx_release(srx);
}

size_t polyalign_srx_rule_count(const struct polyalign_srx *srx)
{
    return srx ? srx->nrules : 0;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static int attr_is(const xmlNode *n, const char *attr, const char *value)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int yes = v && strcmp((const char *)v, value) == 0;

    xmlFree(v);
    return yes;
}

static char *attr_dup(const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    char *s;

    if (!v)
        return NULL;
    s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

static size_t count_children(const xmlNode *n, const char *name)
{
    size_t k = 0;

    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_elem(c, name))
            k++;
    return k;
}

/* Compile @pattern with ICU to report a bad one with its file and line;
 * the splitter compiles its own copies later. */
static int check_regex(struct polyalign_context *ctx, const char *file,
                       int line, const char *what, const char *pattern)
{
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe = {0};
    URegularExpression *re;
    int32_t n;
    UChar *u;

    if (!*pattern)
        return 0; /* an empty context matches everywhere */
    u = srx_utf16(pattern, &n);
    if (!u)
        return ctx_error(ctx, POLYALIGN_ENOMEM, "%s:%d: out of memory",
                         file, line);
    re = uregex_open(u, n, 0, &pe, &st);
    free(u);
    uregex_close(re);
    if (U_FAILURE(st))
        return ctx_error(ctx, POLYALIGN_EFORMAT,
                         "%s:%d: bad regular expression in %s (%s at "
                         "offset %d): %s",
                         file, line, what, u_errorName(st), pe.offset,
                         pattern);
    return 0;
}

static char *node_text(const xmlNode *n)
{
    xmlChar *v;
    char *s;

    if (!n)
        return strdup("");
    v = xmlNodeGetContent(n);
    s = strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static int parse_rules(struct polyalign_context *ctx, struct polyalign_srx *srx,
                       const xmlNode *lrnode, struct srx_langrule *lr)
{
    size_t n = count_children(lrnode, "rule"), k = 0;
    int error = 0;

    lr->rules = calloc(n ? n : 1, sizeof(*lr->rules));
    if (!lr->rules)
        return ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
    for (const xmlNode *c = lrnode->children; c; c = c->next) {
        struct srx_rule *r;
        if (!is_elem(c, "rule"))
            continue;
        r = &lr->rules[k++];
        lr->count = k;
        r->line = (int)xmlGetLineNo(c);
        /* SRX 2.0, 2.4.3: break defaults to "yes". */
        r->brk = !attr_is(c, "break", "no");
        r->before = node_text(child(c, "beforebreak"));
        r->after = node_text(child(c, "afterbreak"));
        if (!r->before || !r->after)
            return ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
        if ((error = check_regex(ctx, srx->name, r->line, "beforebreak",
                                 r->before)) < 0 ||
            (error = check_regex(ctx, srx->name, r->line, "afterbreak",
                                 r->after)) < 0)
            return error;
    }
    srx->nrules += lr->count;
    return 0;
}

static int parse_doc(struct polyalign_context *ctx, struct polyalign_srx *srx,
                     const xmlNode *root)
{
    const xmlNode *header, *body, *lrs, *maps;
    size_t n;
    int error = 0;

    if (!root || !is_elem(root, "srx"))
        return ctx_error(ctx, POLYALIGN_EFORMAT,
                         "%s:%d: not an SRX file (root element is not <srx>)",
                         srx->name, root ? (int)xmlGetLineNo(root) : 1);
    header = child(root, "header");
    body = child(root, "body");
    if (!body)
        return ctx_error(ctx, POLYALIGN_EFORMAT, "%s:%d: <srx> has no <body>",
                         srx->name, (int)xmlGetLineNo(root));
    if (header) {
        srx->cascade = attr_is(header, "cascade", "yes");
        for (const xmlNode *c = header->children; c; c = c->next)
            if (is_elem(c, "options") && c->ns && c->ns->href &&
                strstr((const char *)c->ns->href, "okapi"))
                srx->use_icu = attr_is(c, "useIcu4jBreakRules", "yes");
    }
    lrs = child(body, "languagerules");
    maps = child(body, "maprules");
    n = count_children(lrs, "languagerule");
    srx->langrules = calloc(n ? n : 1, sizeof(*srx->langrules));
    if (!srx->langrules)
        return ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
    for (const xmlNode *c = lrs ? lrs->children : NULL; c; c = c->next) {
        struct srx_langrule *lr;
        if (!is_elem(c, "languagerule"))
            continue;
        lr = &srx->langrules[srx->nlangrules++];
        lr->name = attr_dup(c, "languagerulename");
        if (!lr->name)
            return ctx_error(ctx, POLYALIGN_EFORMAT,
                             "%s:%d: <languagerule> without "
                             "languagerulename",
                             srx->name, (int)xmlGetLineNo(c));
        if ((error = parse_rules(ctx, srx, c, lr)) < 0)
            return error;
    }
    n = count_children(maps, "languagemap");
    srx->maps = calloc(n ? n : 1, sizeof(*srx->maps));
    if (!srx->maps)
        return ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
    for (const xmlNode *c = maps ? maps->children : NULL; c; c = c->next) {
        struct srx_map *m;
        char *name;
        size_t i;
        if (!is_elem(c, "languagemap"))
            continue;
        m = &srx->maps[srx->nmaps];
        m->line = (int)xmlGetLineNo(c);
        m->pattern = attr_dup(c, "languagepattern");
        name = attr_dup(c, "languagerulename");
        if (!m->pattern || !name) {
            free(name);
            free(m->pattern);
            return ctx_error(ctx, POLYALIGN_EFORMAT,
                             "%s:%d: <languagemap> needs languagepattern "
                             "and languagerulename",
                             srx->name, m->line);
        }
        srx->nmaps++;
        for (i = 0; i < srx->nlangrules; i++)
            if (strcmp(srx->langrules[i].name, name) == 0)
                break;
        if (i == srx->nlangrules) {
            error = ctx_error(ctx, POLYALIGN_EFORMAT,
                              "%s:%d: <languagemap> names an unknown "
                              "languagerule '%s'",
                              srx->name, m->line, name);
            free(name);
            return error;
        }
        free(name);
        m->langrule = i;
        if ((error = check_regex(ctx, srx->name, m->line, "languagepattern",
                                 m->pattern)) < 0)
            return error;
    }
    return 0;
}

/* The first XML error: libxml2 keeps parsing after a fatal error and its
 * "last error" is often a consequence ("premature end of data"). */
struct first_error {
    int line;
    char message[256];
};

static void keep_first_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr pctx = data;
    struct first_error *fe = pctx ? pctx->_private : NULL;

    if (!fe || fe->line || !e || e->level < XML_ERR_ERROR)
        return;
    fe->line = e->line > 0 ? e->line : 1;
    snprintf(fe->message, sizeof(fe->message), "%s",
             e->message ? e->message : "unreadable");
    fe->message[strcspn(fe->message, "\n")] = '\0';
}

int polyalign_srx_load_memory(struct polyalign_srx **out,
                              struct polyalign_context *ctx, const char *name,
                              const char *data, size_t len)
{
    struct polyalign_srx *srx = NULL;
    xmlParserCtxtPtr pctx = NULL;
    xmlDocPtr doc = NULL;
    struct first_error fe = {0, ""};
    int error = 0;
    /* No network, no external DTD or entity loading, no entity
     * substitution: a rule file is data, never a fetch instruction. */
    const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
                     XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

    *out = NULL;
    if (len > INT32_MAX)
        return ctx_error(ctx, POLYALIGN_ELIMIT, "%s: file too large", name);
    srx = calloc(1, sizeof(*srx));
    if (!srx || !(srx->name = strdup(name))) {
        error = ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
        goto cleanup;
    }
    pctx = xmlNewParserCtxt();
    if (!pctx) {
        error = ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
        goto cleanup;
    }
    pctx->_private = &fe;
    pctx->sax->serror = keep_first_error;
    doc = xmlCtxtReadMemory(pctx, data, (int)len, name, NULL, opts);
    if (!doc || fe.line) {
        error = ctx_error(ctx, POLYALIGN_EFORMAT, "%s:%d: bad XML: %s", name,
                          fe.line ? fe.line : 1,
                          fe.line ? fe.message : "unreadable");
        goto cleanup;
    }
    if ((error = parse_doc(ctx, srx, xmlDocGetRootElement(doc))) < 0)
        goto cleanup;
    *out = srx;
    srx = NULL;

cleanup:
    if (doc)
        xmlFreeDoc(doc);
    if (pctx)
        xmlFreeParserCtxt(pctx);
    if (srx)
        srx_release(srx);
    return error;
}

int polyalign_srx_load_file(struct polyalign_srx **out,
                            struct polyalign_context *ctx, const char *path)
{
    FILE *fp = NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    int error = 0;

    *out = NULL;
    fp = fopen(path, "rb");
    if (!fp) {
        error = ctx_error(ctx, POLYALIGN_EIO, "%s: %s", path,
                          strerror(errno));
        goto cleanup;
    }
    do {
        if (n == cap) {
            char *nb;
            cap = cap ? cap * 2 : 65536;
            if (cap > SRX_MAX_FILE) {
                error = ctx_error(ctx, POLYALIGN_ELIMIT,
                                  "%s: larger than %u bytes", path,
                                  SRX_MAX_FILE);
                goto cleanup;
            }
            nb = realloc(buf, cap);
            if (!nb) {
                error = ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
                goto cleanup;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
    } while (got > 0);
    if (ferror(fp)) {
        error = ctx_error(ctx, POLYALIGN_EIO, "%s: read error", path);
        goto cleanup;
    }
    error = polyalign_srx_load_memory(out, ctx, path, buf, n);

cleanup:
    if (fp)
        fclose(fp);
    free(buf);
    return error;
}

int polyalign_srx_load_default(struct polyalign_srx **out,
                               struct polyalign_context *ctx)
{
    char *path = polyalign_context_find_data(ctx, "segment/default.srx");
    int error;

    *out = NULL;
    if (!path)
        return ctx_error(ctx, POLYALIGN_ENOTFOUND,
                         "segment/default.srx not found in the data "
                         "directory (%s); set POLYALIGN_DATADIR",
                         polyalign_context_datadir(ctx));
    error = polyalign_srx_load_file(out, ctx, path);
    free(path);
    return error;
}

static int lang_matches(const char *pattern, const char *lang, int *match)
{
    UErrorCode st = U_ZERO_ERROR;
    URegularExpression *re = NULL;
    int32_t pn, ln;
    UChar *up = srx_utf16(pattern, &pn), *ul = srx_utf16(lang, &ln);
    int error = 0;

    *match = 0;
    if (!up || !ul) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    /* Language codes are case-insensitive (BCP 47, 2.1.1). */
    re = uregex_open(up, pn, UREGEX_CASE_INSENSITIVE, NULL, &st);
    uregex_setText(re, ul, ln, &st);
    *match = uregex_matches(re, 0, &st) != 0;
    if (U_FAILURE(st))
        error = POLYALIGN_EINTERNAL;

cleanup:
    uregex_close(re);
    free(up);
    free(ul);
    return error;
}

int srx_select(const struct polyalign_srx *srx, const char *lang,
               const struct srx_rule ***out, size_t *count)
{
    const struct srx_rule **list;
    unsigned char *used;
    size_t n = 0;
    int error = 0, match;

    *out = NULL;
    *count = 0;
    list = calloc(srx->nrules ? srx->nrules : 1, sizeof(*list));
    used = calloc(srx->nlangrules + 1, 1);
    if (!list || !used) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < srx->nmaps; i++) {
        const struct srx_langrule *lr;
        if ((error = lang_matches(srx->maps[i].pattern, lang, &match)) < 0)
            goto cleanup;
        if (!match)
            continue;
        /* A language rule mapped twice contributes its rules once. */
        lr = used[srx->maps[i].langrule]
                 ? NULL : &srx->langrules[srx->maps[i].langrule];
        used[srx->maps[i].langrule] = 1;
        for (size_t j = 0; lr && j < lr->count && n < srx->nrules; j++)
            list[n++] = &lr->rules[j];
        if (!srx->cascade)
            break;
    }
    *out = list;
    *count = n;
    list = NULL;

cleanup:
    free(list);
    free(used);
    return error;
}

/* ---- Literal sets (see srx_expand_literals) ---------------------------- */

#define LIT_SPACE 0xFFFF /* \s in a literal string */

struct lstr {
    uint16_t u[SRX_LIT_MAX_LEN];
    uint8_t len;
    uint8_t wb;
};

struct sset {
    struct lstr *v;
    size_t n, cap;
};

struct lparse {
    const char *p;
    int fail; /* 1: not a literal set; -1: out of memory */
};

static void sset_free(struct sset *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

static int sset_push(struct lparse *lp, struct sset *s, const struct lstr *x)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        struct lstr *nv;
        if (s->n >= SRX_LIT_MAX_COUNT) {
            lp->fail = 1;
            return -1;
        }
        nv = realloc(s->v, cap * sizeof(*nv));
        if (!nv) {
            lp->fail = -1;
            return -1;
        }
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = *x;
    return 0;
}

static int sset_char(struct lparse *lp, struct sset *s, UChar32 c)
{
    struct lstr x = {{0}, 0, 0};

    if (c == 0x20) { /* a literal space: \s is exact, ' ' would not be */
        lp->fail = 1;
        return -1;
    }
    if (c == LIT_SPACE) {
        x.u[x.len++] = LIT_SPACE;
    } else if (U_IS_BMP(c)) {
        x.u[x.len++] = (uint16_t)c;
    } else {
        x.u[x.len++] = U16_LEAD(c);
        x.u[x.len++] = U16_TRAIL(c);
    }
    return sset_push(lp, s, &x);
}

/* @a := @a x @b (every string of a followed by every string of b). */
static int sset_concat(struct lparse *lp, struct sset *a, const struct sset *b)
{
    struct sset r = {0};

    for (size_t i = 0; i < a->n; i++) {
        for (size_t j = 0; j < b->n; j++) {
            struct lstr x = a->v[i];
            if (x.len + b->v[j].len > SRX_LIT_MAX_LEN) {
                lp->fail = 1;
                sset_free(&r);
                return -1;
            }
            memcpy(x.u + x.len, b->v[j].u, b->v[j].len * sizeof(uint16_t));
            x.len = (uint8_t)(x.len + b->v[j].len);
            if (sset_push(lp, &r, &x) < 0) {
                sset_free(&r);
                return -1;
            }
        }
    }
    sset_free(a);
    *a = r;
    return 0;
}

static UChar32 lit_escape(struct lparse *lp)
{
    const char *p = lp->p; /* at the backslash */
    UChar32 c;

    if (p[1] == 's') {
        lp->p += 2;
        return LIT_SPACE;
    }
    if (p[1] == 'u') {
        char hex[5] = {0};
        char *end;
        memcpy(hex, p + 2, 4);
        c = (UChar32)strtol(hex, &end, 16);
        if (end != hex + 4)
            return -1;
        lp->p += 6;
        return c;
    }
    if (p[1] && (unsigned char)p[1] < 0x80 &&
        strchr(".-&'/()[]{}|?*+^$\\\"#,:;!<>=%@~`_", p[1])) {
        lp->p += 2;
        return (UChar32)p[1];
    }
    return -1; /* \d \w \p{..} \b ...: not literal */
}

static UChar32 lit_utf8(struct lparse *lp)
{
    const uint8_t *t = (const uint8_t *)lp->p;
    int32_t i = 0, n = (int32_t)strnlen(lp->p, 4);
    UChar32 c;

    U8_NEXT(t, i, n, c);
    lp->p += i;
    return c;
}

static int lit_class(struct lparse *lp, struct sset *out)
{
    lp->p++; /* [ */
    if (*lp->p == '^')
        return lp->fail = 1, -1;
    while (*lp->p && *lp->p != ']') {
        UChar32 c, hi;
        if (*lp->p == '[' || *lp->p == '&')
            return lp->fail = 1, -1;
        c = *lp->p == '\\' ? lit_escape(lp) : lit_utf8(lp);
        if (c < 0 || c == LIT_SPACE)
            return lp->fail = 1, -1;
        hi = c;
        if (lp->p[0] == '-' && lp->p[1] && lp->p[1] != ']') {
            lp->p++;
            hi = *lp->p == '\\' ? lit_escape(lp) : lit_utf8(lp);
            if (hi < c || hi - c > 64 || hi == LIT_SPACE)
                return lp->fail = 1, -1;
        }
        for (UChar32 k = c; k <= hi; k++)
            if (sset_char(lp, out, k) < 0)
                return -1;
    }
    if (*lp->p != ']')
        return lp->fail = 1, -1;
    lp->p++;
    return 0;
}

static int lit_alt(struct lparse *lp, struct sset *out, int top);

static int lit_seq(struct lparse *lp, struct sset *out, int top)
{
    struct lstr empty = {{0}, 0, 0};

    if (top && lp->p[0] == '\\' && lp->p[1] == 'b') {
        empty.wb = 1;
        lp->p += 2;
    }
    if (sset_push(lp, out, &empty) < 0)
        return -1;
    while (*lp->p && *lp->p != '|' && *lp->p != ')') {
        struct sset a = {0};
        int r = 0;
        UChar32 c;
        switch (*lp->p) {
        case '(':
            if (lp->p[1] == '?') {
                if (lp->p[2] != ':')
                    return lp->fail = 1, -1;
                lp->p += 3;
            } else {
                lp->p++;
            }
            r = lit_alt(lp, &a, 0);
            if (r == 0 && *lp->p != ')')
                r = (lp->fail = 1, -1);
            if (r == 0)
                lp->p++;
            break;
        case '[':
            r = lit_class(lp, &a);
            break;
        case '.': case '^': case '$': case '*': case '+': case '?':
        case '{': case '}': case ' ':
            r = (lp->fail = 1, -1);
            break;
        default:
            c = *lp->p == '\\' ? lit_escape(lp) : lit_utf8(lp);
            r = c < 0 ? (lp->fail = 1, -1) : sset_char(lp, &a, c);
            break;
        }
        if (r == 0 && *lp->p == '?') {
            lp->p++;
            if (*lp->p == '?' || *lp->p == '+')
                r = (lp->fail = 1, -1);
            else if ((r = sset_push(lp, &a, &empty)) == 0)
                a.v[a.n - 1].wb = 0;
        } else if (r == 0 && (*lp->p == '*' || *lp->p == '+' ||
                              *lp->p == '{')) {
            r = (lp->fail = 1, -1);
        }
        if (r == 0)
            r = sset_concat(lp, out, &a);
        sset_free(&a);
        if (r < 0)
            return -1;
    }
    return 0;
}

static int lit_alt(struct lparse *lp, struct sset *out, int top)
{
    for (;;) {
        struct sset s = {0};
        int r = lit_seq(lp, &s, top);
        for (size_t i = 0; r == 0 && i < s.n; i++)
            r = sset_push(lp, out, &s.v[i]);
        sset_free(&s);
        if (r < 0)
            return -1;
        if (*lp->p != '|')
            return 0;
        lp->p++;
    }
}

void srx_lits_free(struct srx_lits *lits)
{
    free(lits->pool);
    free(lits->start);
    free(lits->wb);
    memset(lits, 0, sizeof(*lits));
}

int srx_expand_literals(const char *before, struct srx_lits *out)
{
    struct lparse lp = {before, 0};
    struct sset set = {0};
    size_t total = 0;
    int ret = 0;

    memset(out, 0, sizeof(*out));
    if (!*before || lit_alt(&lp, &set, 1) < 0 || *lp.p) {
        ret = lp.fail < 0 ? POLYALIGN_ENOMEM : 0;
        goto cleanup;
    }
    for (size_t i = 0; i < set.n; i++) {
        if (set.v[i].len == 0)
            goto cleanup; /* matches everywhere: leave it to ICU */
        total += set.v[i].len;
    }
    out->pool = malloc((total ? total : 1) * sizeof(uint16_t));
    out->start = malloc((set.n + 1) * sizeof(uint32_t));
    out->wb = malloc(set.n ? set.n : 1);
    if (!out->pool || !out->start || !out->wb) {
        srx_lits_free(out);
        ret = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    total = 0;
    for (size_t i = 0; i < set.n; i++) {
        out->start[i] = (uint32_t)total;
        out->wb[i] = set.v[i].wb;
        memcpy(out->pool + total, set.v[i].u, set.v[i].len * sizeof(uint16_t));
        total += set.v[i].len;
    }
    out->start[set.n] = (uint32_t)total;
    out->count = set.n;
    ret = 1;

cleanup:
    sset_free(&set);
    return ret;
}
