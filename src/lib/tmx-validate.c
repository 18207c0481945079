/* TMX validation: DTD validity against the bundled tmx14.dtd (LISA OSCAR
 * 1.4a, the DTD of TMX 1.4b) with libxml2, then the rules of the TMX 1.4b
 * specification that a DTD cannot express. */
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlreader.h>

#include "context.h"
#include "tmx.h"

struct validation {
    struct polyalign_context *ctx;
    const char *path;
    polyalign_tmx_problem_fn fn;
    void *userdata;
    size_t count;
    char *first;
    xmlHashTablePtr tuids;
    long last_line;
    char last[256];
};

static void problem(struct validation *v, long line, const char *fmt, ...)
    POLYALIGN_PRINTF(3, 4);

static void problem(struct validation *v, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    v->count++;
    if (!v->first) {
        size_t len = strlen(v->path) + n + 32;
        if ((v->first = malloc(len)))
            snprintf(v->first, len, "%s:%ld: %s", v->path, line, msg);
    }
    if (v->fn)
        v->fn(v->userdata, v->path, line, msg);
}

static void on_xml_error(void *data, xmlErrorPtr e)
{
    struct validation *v = data;
    const char *msg;

    if (!e || e->level < XML_ERR_ERROR)
        return;
    msg = e->message ? e->message : "XML error";
    /* libxml2 repeats some errors (entity loops) for each reference. */
    if (e->line == v->last_line && strcmp(msg, v->last) == 0)
        return;
    v->last_line = e->line;
    snprintf(v->last, sizeof(v->last), "%s", msg);
    problem(v, e->line, "%s", msg);
}

static void free_dtd(void *p)
{
    xmlFreeDtd(p);
}

/* The bundled DTD, parsed once per context. */
static int load_dtd(struct polyalign_context *ctx, xmlDtdPtr *out)
{
    xmlDtdPtr dtd = ctx_resource_get(ctx, "tmx/tmx14.dtd");
    char *path;
    int error = 0;

    *out = dtd;
    if (dtd)
        return 0;
    path = polyalign_context_find_data(ctx, "tmx/tmx14.dtd");
    if (!path)
        return ctx_error(ctx, POLYALIGN_ENOTFOUND,
                         "tmx/tmx14.dtd not found in the data directory "
                         "(%s)",
                         polyalign_context_datadir(ctx));
    dtd = xmlParseDTD(NULL, BAD_CAST path);
    if (!dtd) {
        error =
            ctx_error(ctx, POLYALIGN_EFORMAT, "%s: cannot parse the DTD", path);
        goto cleanup;
    }
    if ((error = ctx_resource_put(ctx, "tmx/tmx14.dtd", dtd, free_dtd)) < 0) {
        xmlFreeDtd(dtd);
        goto cleanup;
    }
    *out = dtd;
cleanup:
    free(path);
    return error;
}

static const char *attr(xmlNodePtr n, const char *name, xmlChar **hold)
{
    xmlFree(*hold);
    *hold = xmlGetProp(n, BAD_CAST name);
    return (const char *)*hold;
}

static void check_dates(struct validation *v, xmlNodePtr n)
{
    static const char *const names[] = {"creationdate", "changedate",
                                        "lastusagedate", NULL};
    xmlChar *hold = NULL;

    for (size_t i = 0; names[i]; i++) {
        const char *d = attr(n, names[i], &hold);
        if (d && !tmx_date_valid(d))
            problem(v, xmlGetLineNo(n),
                    "<%s %s=\"%s\">: dates are YYYYMMDDThhmmssZ in UTC "
                    "(TMX 1.4b, 3.1)",
                    (const char *)n->name, names[i], d);
    }
    xmlFree(hold);
}

static void check_lang(struct validation *v, xmlNodePtr n, const char *name,
                       const char *value, int all_ok)
{
    if (all_ok && strcmp(value, "*all*") == 0)
        return;
    if (!tmx_lang_valid(value))
        problem(v, xmlGetLineNo(n),
                "<%s %s=\"%s\">: not a language code (BCP 47, e.g. fr or "
                "fr-FR)",
                (const char *)n->name, name, value);
}

static void flatten(struct validation *v, xmlNodePtr n, int in_code,
                    struct tmx_buf *b)
{
    for (; n; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
            !in_code && n->content)
            tmx_buf_adds(b, (const char *)n->content);
        else if (n->type == XML_ENTITY_REF_NODE)
            problem(v, xmlGetLineNo(n->parent),
                    "entity reference &%s; (TMX needs no entities but the "
                    "five predefined ones)",
                    (const char *)n->name);
        else if (n->type == XML_ELEMENT_NODE)
            flatten(v, n->children,
                    in_code || strcmp((const char *)n->name, "hi") != 0, b);
    }
}

/* TMX 1.4b, 3.6.1: every <bpt i="n"> has exactly one <ept i="n"> after it
 * in the same segment, and the other way round. */
static void check_pairs(struct validation *v, xmlNodePtr seg)
{
    xmlNodePtr open[64];
    xmlChar *ids[64];
    size_t n_open = 0;
    xmlNodePtr stack[32];
    size_t sp = 0;
    xmlNodePtr n = seg->children;

    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            int is_bpt = strcmp((const char *)n->name, "bpt") == 0;
            int is_ept = strcmp((const char *)n->name, "ept") == 0;
            xmlChar *i =
                (is_bpt || is_ept) ? xmlGetProp(n, BAD_CAST "i") : NULL;
            if (is_bpt && i) {
                int dup = 0;
                for (size_t k = 0; k < n_open; k++)
                    if (xmlStrEqual(ids[k], i))
                        dup = 1;
                if (dup) {
                    problem(v, xmlGetLineNo(n),
                            "<bpt i=\"%s\"> repeats an open i", i);
                    xmlFree(i);
                } else if (n_open < 64) {
                    open[n_open] = n;
                    ids[n_open++] = i;
                } else {
                    xmlFree(i);
                }
            } else if (is_ept && i) {
                size_t k;
                for (k = 0; k < n_open; k++)
                    if (xmlStrEqual(ids[k], i))
                        break;
                if (k == n_open) {
                    problem(v, xmlGetLineNo(n),
                            "<ept i=\"%s\"> without a <bpt i=\"%s\"> before "
                            "it in the segment",
                            i, i);
                } else {
                    xmlFree(ids[k]);
                    open[k] = open[n_open - 1];
                    ids[k] = ids[--n_open];
                }
                xmlFree(i);
            }
            if (n->children && sp < 32) {
                stack[sp++] = n;
                n = n->children;
                continue;
            }
        }
        while (!n->next && sp > 0)
            n = stack[--sp];
        n = n->next;
    }
    for (size_t k = 0; k < n_open; k++) {
        problem(v, xmlGetLineNo(open[k]),
                "<bpt i=\"%s\"> without an <ept i=\"%s\"> in the segment",
                ids[k], ids[k]);
        xmlFree(ids[k]);
    }
}

static void check_tuv(struct validation *v, xmlNodePtr tuv)
{
    xmlChar *hold = NULL;
    const char *lang;
    struct tmx_buf b = {0};

    hold = xmlGetNsProp(tuv, BAD_CAST "lang", XML_XML_NAMESPACE);
    lang = (const char *)hold;
    if (lang)
        check_lang(v, tuv, "xml:lang", lang, 0);
    else
        problem(v, xmlGetLineNo(tuv),
                "<tuv> without xml:lang (the lang attribute is TMX 1.1 "
                "and 1.2)");
    xmlFree(hold);
    check_dates(v, tuv);
    for (xmlNodePtr c = tuv->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE ||
            strcmp((const char *)c->name, "seg") != 0)
            continue;
        tmx_buf_reset(&b);
        flatten(v, c->children, 0, &b);
        if (tmx_blank(b.data))
            problem(v, xmlGetLineNo(c),
                    "empty segment (CAT tools take it for a translation)");
        check_pairs(v, c);
    }
    tmx_buf_free(&b);
}

static void check_tu(struct validation *v, xmlNodePtr tu)
{
    xmlChar *hold = NULL;
    const char *s;

    check_dates(v, tu);
    if ((s = attr(tu, "srclang", &hold)))
        check_lang(v, tu, "srclang", s, 1);
    if ((s = attr(tu, "tuid", &hold))) {
        if (xmlHashAddEntry(v->tuids, BAD_CAST s,
                            (void *)(intptr_t)xmlGetLineNo(tu)) < 0) {
            long first = (long)(intptr_t)xmlHashLookup(v->tuids, BAD_CAST s);
            problem(v, xmlGetLineNo(tu), "tuid \"%s\" already used on line %ld",
                    s, first);
        }
    }
    xmlFree(hold);
    for (xmlNodePtr c = tu->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            strcmp((const char *)c->name, "tuv") == 0)
            check_tuv(v, c);
}

static void check_header(struct validation *v, xmlNodePtr h)
{
    xmlChar *hold = NULL;
    const char *s;

    check_dates(v, h);
    if ((s = attr(h, "srclang", &hold)))
        check_lang(v, h, "srclang", s, 1);
    if ((s = attr(h, "adminlang", &hold)))
        check_lang(v, h, "adminlang", s, 0);
    xmlFree(hold);
}

/* DTD validity of one complete element (header, tu) against the bundled
 * DTD, lent to the reader's document for the call. */
static void validate_subtree(xmlValidCtxtPtr vctx, xmlDtdPtr dtd, xmlNodePtr n)
{
    xmlDocPtr doc = n->doc;
    xmlDtdPtr saved = doc->extSubset;

    doc->extSubset = dtd;
    xmlValidateElement(vctx, doc, n);
    doc->extSubset = saved;
}

/* Streaming: the reader expands one <header> or <tu> at a time, which is
 * validated and checked then freed, so memory does not grow with the file
 * (except for the set of tuids).  The content models of <tmx> and <body>
 * are checked here, the rest of the DTD by libxml2 on each subtree. */
int polyalign_tmx_validate(struct polyalign_context *ctx, const char *path,
                           polyalign_tmx_problem_fn fn, void *userdata,
                           size_t *n_problems)
{
    struct validation v = {ctx, path, fn, userdata, 0, NULL, NULL, 0, ""};
    xmlStructuredErrorFunc saved_fn = xmlStructuredError;
    void *saved_data = xmlStructuredErrorContext;
    xmlTextReaderPtr xr = NULL;
    xmlValidCtxtPtr vctx = NULL;
    xmlDtdPtr dtd;
    FILE *probe;
    int error = 0, rc, skip = 0;
    enum { ROOT, HEADER, BODY, TUS } state = ROOT;

    if (n_problems)
        *n_problems = 0;
    if ((error = load_dtd(ctx, &dtd)) < 0)
        return error;
    if (!(probe = fopen(path, "rb")))
        return ctx_error(ctx, POLYALIGN_EIO, "%s: cannot open: %s", path,
                         strerror(errno));
    fclose(probe);
    /* No DTD loading, no entity substitution, no network: the file's
     * DOCTYPE is ignored and the bundled DTD is used instead. */
    if (!(vctx = xmlNewValidCtxt()) || !(v.tuids = xmlHashCreate(1024)) ||
        !(xr = xmlReaderForFile(path, NULL,
                                XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                    XML_PARSE_NOERROR | XML_PARSE_NOWARNING))) {
        error = xr || !vctx || !v.tuids
                    ? POLYALIGN_ENOMEM
                    : ctx_error(ctx, POLYALIGN_EIO, "%s: cannot read", path);
        goto cleanup;
    }
    xmlTextReaderSetStructuredErrorHandler(xr, on_xml_error, &v);
    xmlSetStructuredErrorFunc(&v, on_xml_error);
    for (;;) {
        const char *name;
        xmlNodePtr node;
        int depth;

        rc = skip ? xmlTextReaderNext(xr) : xmlTextReaderRead(xr);
        skip = 0;
        if (rc <= 0)
            break;
        if (xmlTextReaderNodeType(xr) == XML_READER_TYPE_ENTITY_REFERENCE) {
            problem(&v, xmlGetLineNo(xmlTextReaderCurrentNode(xr)),
                    "entity reference &%s; (TMX needs no entities but the "
                    "five predefined ones)",
                    (const char *)xmlTextReaderConstName(xr));
            continue;
        }
        if (xmlTextReaderNodeType(xr) != XML_READER_TYPE_ELEMENT)
            continue;
        name = (const char *)xmlTextReaderConstName(xr);
        depth = xmlTextReaderDepth(xr);
        node = xmlTextReaderCurrentNode(xr);
        if (depth == 0) {
            xmlChar *version =
                xmlTextReaderGetAttribute(xr, BAD_CAST "version");
            if (strcmp(name, "tmx") != 0) {
                problem(&v, xmlGetLineNo(node),
                        "root element <%s>, expected <tmx>", name);
                xmlFree(version);
                break;
            }
            if (!version)
                problem(&v, xmlGetLineNo(node),
                        "<tmx> without the required version attribute");
            else if (strcmp((const char *)version, "1.4") != 0)
                problem(&v, xmlGetLineNo(node),
                        "<tmx version=\"%s\">: this checks TMX 1.4 (the "
                        "reader takes 1.1 to 1.4)",
                        (const char *)version);
            xmlFree(version);
            state = HEADER;
        } else if (depth == 1 && strcmp(name, "header") == 0 &&
                   state == HEADER) {
            if (!(node = xmlTextReaderExpand(xr)))
                break;
            validate_subtree(vctx, dtd, node);
            check_header(&v, node);
            state = BODY;
            skip = 1;
        } else if (depth == 1 && strcmp(name, "body") == 0 && state == BODY) {
            state = TUS;
        } else if (depth == 1) {
            problem(&v, xmlGetLineNo(node),
                    "<%s> here: <tmx> holds a <header>, then a <body>", name);
            skip = 1;
        } else if (depth == 2 && state == TUS) {
            if (strcmp(name, "tu") != 0) {
                problem(&v, xmlGetLineNo(node),
                        "<%s> here: <body> holds only <tu> elements", name);
                skip = 1;
                continue;
            }
            if (!(node = xmlTextReaderExpand(xr)))
                break;
            validate_subtree(vctx, dtd, node);
            check_tu(&v, node);
            skip = 1;
        }
    }
    if (rc < 0 && v.count == 0)
        problem(&v, xmlTextReaderGetParserLineNumber(xr),
                "not well-formed XML");
    else if (rc == 0 && state != TUS && v.count == 0)
        problem(&v, xmlTextReaderGetParserLineNumber(xr),
                state == ROOT     ? "no <tmx> element"
                : state == HEADER ? "no <header>"
                                  : "no <body>");
    xmlSetStructuredErrorFunc(saved_data, saved_fn);
    if (v.count)
        error = ctx_error(ctx, POLYALIGN_EFORMAT, "%s",
                          v.first ? v.first : "invalid TMX");
    if (n_problems)
        *n_problems = v.count;
cleanup:
    xmlSetStructuredErrorFunc(saved_data, saved_fn);
    xmlFreeTextReader(xr);
    xmlHashFree(v.tuids, NULL);
    xmlFreeValidCtxt(vctx);
    free(v.first);
    return error;
}
