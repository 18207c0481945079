/* Streaming TMX reader (TMX 1.1 to 1.4b, Level 1 and 2) over libxml2's
 * xmlTextReader.  Hostile input: the parser gets XML_PARSE_NONET and none
 * of XML_PARSE_NOENT / DTDLOAD / DTDATTR / XINCLUDE / HUGE, so no DTD or
 * external entity is ever loaded, libxml2's own limits bound text nodes
 * and entity amplification, and any entity reference left in the content
 * is refused.  Memory per TU is bounded by TMX_MAX_TU_BYTES. */
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <unicode/utf8.h>

#include "context.h"
#include "tmx.h"

#define TMX_MAX_TU_BYTES (4u << 20)

struct polyalign_tmx_reader {
    struct polyalign_context *ctx;
    xmlTextReaderPtr xr;
    char *path;
    unsigned flags;
    char *version;
    struct tmx_kv *header;
    size_t n_header;
    long line;
    int done;
    /* The first error libxml2 reported (its message is more precise than
     * a failing xmlTextReaderRead). */
    char *xml_error;
    long xml_error_line;
    struct tmx_buf text, markup;
};

static void on_xml_error(void *data, xmlErrorPtr e)
{
    struct polyalign_tmx_reader *r = data;
    size_t n;

    if (!e || e->level < XML_ERR_ERROR || r->xml_error)
        return;
    r->xml_error = strdup(e->message ? e->message : "XML error");
    r->xml_error_line = e->line;
    if (r->xml_error && (n = strlen(r->xml_error)) > 0 &&
        r->xml_error[n - 1] == '\n')
        r->xml_error[n - 1] = '\0';
}

static long node_line(struct polyalign_tmx_reader *r)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
    long line = n ? xmlGetLineNo(n) : -1;

    return line > 0 ? line : xmlTextReaderGetParserLineNumber(r->xr);
}

static int fail(struct polyalign_tmx_reader *r, int code, long line,
                const char *fmt, ...) POLYALIGN_PRINTF(4, 5);

static int fail(struct polyalign_tmx_reader *r, int code, long line,
                const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    r->done = 1;
    return ctx_error(r->ctx, code, "%s:%ld: %s", r->path, line, msg);
}

/* xmlTextReaderRead failed: report libxml2's message. */
static int fail_xml(struct polyalign_tmx_reader *r)
{
    if (r->xml_error)
        return fail(r, POLYALIGN_EFORMAT, r->xml_error_line,
                    "not well-formed XML: %s", r->xml_error);
    return fail(r, POLYALIGN_EFORMAT, xmlTextReaderGetParserLineNumber(r->xr),
                "not well-formed XML");
}

/* Next node; 1 read, 0 end of document, <0 error.  Entity references
 * (possible only through a DOCTYPE internal subset, which TMX never
 * needs) are refused. */
static int next_node(struct polyalign_tmx_reader *r)
{
    int rc = xmlTextReaderRead(r->xr);

    if (rc < 0 || r->xml_error)
        return fail_xml(r);
    if (rc == 0)
        return 0;
    if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ENTITY_REFERENCE)
        return fail(r, POLYALIGN_EFORMAT, node_line(r),
                    "entity reference &%s; refused (TMX needs no "
                    "entities but the five predefined ones)",
                    (const char *)xmlTextReaderConstName(r->xr));
    return 1;
}

static int is_start(struct polyalign_tmx_reader *r, const char *name)
{
    return xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstName(r->xr), name) == 0;
}

static int is_end(struct polyalign_tmx_reader *r, const char *name)
{
    int t = xmlTextReaderNodeType(r->xr);

    return (t == XML_READER_TYPE_END_ELEMENT ||
            (t == XML_READER_TYPE_ELEMENT &&
             xmlTextReaderIsEmptyElement(r->xr))) &&
           strcmp((const char *)xmlTextReaderConstName(r->xr), name) == 0;
}

/* The text content of the current simple element (prop, note), appended
 * to r->text; leaves the reader on its end. */
static int read_simple(struct polyalign_tmx_reader *r, const char *name)
{
    int rc, t;

    tmx_buf_reset(&r->text);
    if (tmx_buf_adds(&r->text, "") < 0)
        return POLYALIGN_ENOMEM;
    if (xmlTextReaderIsEmptyElement(r->xr))
        return 0;
    for (;;) {
        if ((rc = next_node(r)) < 0)
            return rc;
        if (rc == 0)
            return fail_xml(r);
        t = xmlTextReaderNodeType(r->xr);
        if (t == XML_READER_TYPE_END_ELEMENT &&
            strcmp((const char *)xmlTextReaderConstName(r->xr), name) == 0)
            return 0;
        if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
            t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
            t == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r->xr);
            if (r->text.len + strlen(v) > TMX_MAX_TU_BYTES)
                return fail(r, POLYALIGN_ELIMIT, node_line(r),
                            "<%s> larger than %u bytes", name,
                            TMX_MAX_TU_BYTES);
            if (tmx_buf_adds(&r->text, v) < 0)
                return POLYALIGN_ENOMEM;
        } else if (t == XML_READER_TYPE_ELEMENT) {
            return fail(r, POLYALIGN_EFORMAT, node_line(r), "<%s> inside <%s>",
                        (const char *)xmlTextReaderConstName(r->xr), name);
        }
    }
}

static int add_escaped(struct tmx_buf *b, const char *s)
{
    xmlChar *e = xmlEncodeSpecialChars(NULL, BAD_CAST s);
    int rc;

    if (!e)
        return POLYALIGN_ENOMEM;
    rc = tmx_buf_adds(b, (const char *)e);
    xmlFree(e);
    return rc;
}

static int is_code_name(const char *name)
{
    return strcmp(name, "bpt") == 0 || strcmp(name, "ept") == 0 ||
           strcmp(name, "it") == 0 || strcmp(name, "ph") == 0 ||
           strcmp(name, "ut") == 0;
}

/* Read a <seg>: plain text into r->text, Level 2 markup into r->markup
 * (serialized again: text escaped by libxml2, attributes in document
 * order).  *has_markup tells whether any inline element was seen.
 * TMX 1.4b, 3.6: the content of bpt/ept/it/ph/ut is native code, that of
 * hi is text, that of sub (inside a code) a subflow. */
static int read_seg(struct polyalign_tmx_reader *r, size_t budget,
                    int *has_markup)
{
    int rc, t, code_depth = 0, depth = 0;
    /* Stack of "entered a code or sub here" flags, by element depth. */
    unsigned char codes[64];

    *has_markup = 0;
    tmx_buf_reset(&r->text);
    tmx_buf_reset(&r->markup);
    if (tmx_buf_adds(&r->text, "") < 0 || tmx_buf_adds(&r->markup, "") < 0)
        return POLYALIGN_ENOMEM;
    if (xmlTextReaderIsEmptyElement(r->xr))
        return 0;
    for (;;) {
        if ((rc = next_node(r)) < 0)
            return rc;
        if (rc == 0)
            return fail_xml(r);
        if (r->text.len + r->markup.len > budget)
            return fail(r, POLYALIGN_ELIMIT, node_line(r),
                        "translation unit larger than %u bytes",
                        TMX_MAX_TU_BYTES);
        t = xmlTextReaderNodeType(r->xr);
        if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
            t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
            t == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r->xr);
            if (!code_depth && tmx_buf_adds(&r->text, v) < 0)
                return POLYALIGN_ENOMEM;
            if (add_escaped(&r->markup, v) < 0)
                return POLYALIGN_ENOMEM;
        } else if (t == XML_READER_TYPE_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstName(r->xr);
            int empty = xmlTextReaderIsEmptyElement(r->xr);
            int code;

            if (strcmp(name, "bpt") && strcmp(name, "ept") &&
                strcmp(name, "it") && strcmp(name, "ph") &&
                strcmp(name, "hi") && strcmp(name, "sub") && strcmp(name, "ut"))
                return fail(r, POLYALIGN_EFORMAT, node_line(r),
                            "<%s> is not allowed in <seg>", name);
            if (depth >= (int)sizeof(codes))
                return fail(r, POLYALIGN_ELIMIT, node_line(r),
                            "inline elements nested too deep");
            *has_markup = 1;
            if (tmx_buf_adds(&r->markup, "<") < 0 ||
                tmx_buf_adds(&r->markup, name) < 0)
                return POLYALIGN_ENOMEM;
            while (xmlTextReaderMoveToNextAttribute(r->xr) == 1) {
                if (tmx_buf_adds(&r->markup, " ") < 0 ||
                    tmx_buf_adds(&r->markup,
                                 (const char *)xmlTextReaderConstName(r->xr)) <
                        0 ||
                    tmx_buf_adds(&r->markup, "=\"") < 0 ||
                    add_escaped(&r->markup,
                                (const char *)xmlTextReaderConstValue(r->xr)) <
                        0 ||
                    tmx_buf_adds(&r->markup, "\"") < 0)
                    return POLYALIGN_ENOMEM;
            }
            xmlTextReaderMoveToElement(r->xr);
            code = is_code_name(name) || strcmp(name, "sub") == 0;
            if (empty) {
                if (tmx_buf_adds(&r->markup, "></") < 0 ||
                    tmx_buf_adds(&r->markup, name) < 0 ||
                    tmx_buf_adds(&r->markup, ">") < 0)
                    return POLYALIGN_ENOMEM;
            } else {
                if (tmx_buf_adds(&r->markup, ">") < 0)
                    return POLYALIGN_ENOMEM;
                codes[depth++] = (unsigned char)code;
                code_depth += code;
            }
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstName(r->xr);

            if (depth == 0)
                return 0; /* </seg> */
            code_depth -= codes[--depth];
            if (tmx_buf_adds(&r->markup, "</") < 0 ||
                tmx_buf_adds(&r->markup, name) < 0 ||
                tmx_buf_adds(&r->markup, ">") < 0)
                return POLYALIGN_ENOMEM;
        }
    }
}

/* A <tuv>: its language (xml:lang in 1.4, lang in 1.1/1.2) and seg. */
static int read_tuv(struct polyalign_tmx_reader *r, struct polyalign_tmx_tu *tu,
                    size_t *used)
{
    char *lang = NULL;
    long line = node_line(r);
    int rc, has_markup = 0, seen_seg = 0;

    while (xmlTextReaderMoveToNextAttribute(r->xr) == 1) {
        const char *n = (const char *)xmlTextReaderConstName(r->xr);
        if (strcmp(n, "xml:lang") == 0 || (strcmp(n, "lang") == 0 && !lang)) {
            free(lang);
            lang = strdup((const char *)xmlTextReaderConstValue(r->xr));
            if (!lang)
                return POLYALIGN_ENOMEM;
        }
    }
    xmlTextReaderMoveToElement(r->xr);
    if (!lang || !*lang) {
        free(lang);
        return fail(r, POLYALIGN_EFORMAT, line, "<tuv> without xml:lang");
    }
    if (xmlTextReaderIsEmptyElement(r->xr)) {
        free(lang);
        return fail(r, POLYALIGN_EFORMAT, line, "<tuv> without <seg>");
    }
    for (;;) {
        if ((rc = next_node(r)) <= 0) {
            free(lang);
            return rc < 0 ? rc : fail_xml(r);
        }
        if (is_end(r, "tuv"))
            break;
        if (is_start(r, "seg")) {
            size_t budget = TMX_MAX_TU_BYTES - *used;
            if (seen_seg) {
                free(lang);
                return fail(r, POLYALIGN_EFORMAT, node_line(r),
                            "<tuv> with two <seg>");
            }
            if ((rc = read_seg(r, budget, &has_markup)) < 0) {
                free(lang);
                return rc;
            }
            seen_seg = 1;
        } else if (is_start(r, "prop") || is_start(r, "note")) {
            char name[8];
            snprintf(name, sizeof(name), "%s",
                     (const char *)xmlTextReaderConstName(r->xr));
            if ((rc = read_simple(r, name)) < 0) {
                free(lang);
                return rc;
            }
        } else if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT &&
                   !is_start(r, "ude")) {
            rc = fail(r, POLYALIGN_EFORMAT, node_line(r),
                      "<%s> is not allowed in <tuv>",
                      (const char *)xmlTextReaderConstName(r->xr));
            free(lang);
            return rc;
        }
    }
    if (!seen_seg) {
        free(lang);
        return fail(r, POLYALIGN_EFORMAT, line, "<tuv> without <seg>");
    }
    *used += r->text.len + r->markup.len;
    rc = tmx_tu_take_variant(tu, lang, strdup(r->text.data),
                             has_markup &&
                                     !(r->flags & POLYALIGN_TMX_READ_FLATTEN)
                                 ? strdup(r->markup.data)
                                 : NULL);
    if (rc == 0 && has_markup && !(r->flags & POLYALIGN_TMX_READ_FLATTEN) &&
        !tu->tuvs[tu->n_tuvs - 1].markup)
        rc = POLYALIGN_ENOMEM;
    return rc;
}

static int read_tu(struct polyalign_tmx_reader *r, struct polyalign_tmx_tu *tu)
{
    size_t used = 0;
    int rc;

    r->line = node_line(r);
    while (xmlTextReaderMoveToNextAttribute(r->xr) == 1) {
        if ((rc = tmx_tu_put_attr(
                 tu, (const char *)xmlTextReaderConstName(r->xr),
                 (const char *)xmlTextReaderConstValue(r->xr))) < 0)
            return rc;
    }
    xmlTextReaderMoveToElement(r->xr);
    if (xmlTextReaderIsEmptyElement(r->xr))
        return fail(r, POLYALIGN_EFORMAT, r->line, "<tu> without <tuv>");
    for (;;) {
        if ((rc = next_node(r)) <= 0)
            return rc < 0 ? rc : fail_xml(r);
        if (is_end(r, "tu"))
            break;
        if (is_start(r, "tuv")) {
            if ((rc = read_tuv(r, tu, &used)) < 0)
                return rc;
        } else if (is_start(r, "prop")) {
            char *type =
                (char *)xmlTextReaderGetAttribute(r->xr, BAD_CAST "type");
            if (!type)
                return fail(r, POLYALIGN_EFORMAT, node_line(r),
                            "<prop> without type");
            rc = read_simple(r, "prop");
            if (rc == 0)
                rc = polyalign_tmx_tu_add_prop(tu, *type ? type : "x-",
                                               r->text.data);
            xmlFree(type);
            if (rc < 0)
                return rc;
            used += r->text.len;
        } else if (is_start(r, "note")) {
            if ((rc = read_simple(r, "note")) < 0 ||
                (rc = polyalign_tmx_tu_add_note(tu, r->text.data)) < 0)
                return rc;
            used += r->text.len;
        } else if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT) {
            return fail(r, POLYALIGN_EFORMAT, node_line(r),
                        "<%s> is not allowed in <tu>",
                        (const char *)xmlTextReaderConstName(r->xr));
        }
        if (used > TMX_MAX_TU_BYTES)
            return fail(r, POLYALIGN_ELIMIT, r->line,
                        "translation unit larger than %u bytes",
                        TMX_MAX_TU_BYTES);
    }
    return 1;
}

static int header_put(struct polyalign_tmx_reader *r, const char *k,
                      const char *v)
{
    struct tmx_kv *p = realloc(r->header, (r->n_header + 1) * sizeof(*p));

    if (!p)
        return POLYALIGN_ENOMEM;
    r->header = p;
    p[r->n_header].key = strdup(k);
    p[r->n_header].value = strdup(v);
    r->n_header++;
    if (!p[r->n_header - 1].key || !p[r->n_header - 1].value)
        return POLYALIGN_ENOMEM;
    return 0;
}

/* From the start of the document to <body>. */
static int read_head(struct polyalign_tmx_reader *r)
{
    int rc, seen_header = 0;
    xmlChar *version;

    do {
        if ((rc = next_node(r)) <= 0)
            return rc < 0 ? rc
                          : fail(r, POLYALIGN_EFORMAT, 1, "empty document");
    } while (xmlTextReaderNodeType(r->xr) != XML_READER_TYPE_ELEMENT);
    if (!is_start(r, "tmx"))
        return fail(r, POLYALIGN_EFORMAT, node_line(r),
                    "not a TMX file: root element <%s>, expected <tmx>",
                    (const char *)xmlTextReaderConstName(r->xr));
    version = xmlTextReaderGetAttribute(r->xr, BAD_CAST "version");
    if (!version)
        return fail(r, POLYALIGN_EFORMAT, node_line(r),
                    "<tmx> without version");
    r->version = strdup((const char *)version);
    xmlFree(version);
    if (!r->version)
        return POLYALIGN_ENOMEM;
    /* TMX 1.1 (1998), 1.2, 1.3, 1.4 (1.4a, 1.4b keep version="1.4"). */
    if (strcmp(r->version, "1.1") && strcmp(r->version, "1.2") &&
        strcmp(r->version, "1.3") && strncmp(r->version, "1.4", 3))
        return fail(r, POLYALIGN_EFORMAT, node_line(r),
                    "unsupported TMX version '%s' (1.1 to 1.4 are read)",
                    r->version);
    for (;;) {
        if ((rc = next_node(r)) <= 0)
            return rc < 0 ? rc : fail_xml(r);
        if (is_start(r, "header")) {
            seen_header = 1;
            while (xmlTextReaderMoveToNextAttribute(r->xr) == 1)
                if ((rc = header_put(
                         r, (const char *)xmlTextReaderConstName(r->xr),
                         (const char *)xmlTextReaderConstValue(r->xr))) < 0)
                    return rc;
            xmlTextReaderMoveToElement(r->xr);
        } else if (is_start(r, "body")) {
            if (!seen_header)
                return fail(r, POLYALIGN_EFORMAT, node_line(r),
                            "<body> before <header>");
            if (xmlTextReaderIsEmptyElement(r->xr))
                r->done = 1;
            return 0;
        } else if (is_end(r, "tmx")) {
            return fail(r, POLYALIGN_EFORMAT, node_line(r),
                        seen_header ? "no <body>" : "no <header>");
        }
    }
}

/* Is @path declared ISO-8859-1 / Latin-1 / Windows-1252 in its XML
 * declaration while its bytes are valid UTF-8 with some non-ASCII
 * character?  Tools that write UTF-8 under a copied Latin-1 declaration
 * exist; read literally, every accented letter would come out as two
 * (bytes C3 A9, an e acute, as two letters).  A Latin-1 text with accents is almost never valid UTF-8,
 * so the bytes are the better witness. */
static int mislabelled_utf8(const char *path)
{
    static const char *const latin[] = {"iso-8859-1", "iso_8859-1",
                                        "latin1", "latin-1",
                                        "windows-1252", "cp1252"};
    unsigned char buf[65536 + 4];
    char head[256], *enc, *end;
    size_t carry = 0, got;
    int declared = 0, multibyte = 0, ok = 1;
    FILE *fp = fopen(path, "rb");

    if (!fp)
        return 0;
    got = fread(head, 1, sizeof(head) - 1, fp);
    head[got] = '\0';
    if (strncmp(head, "<?xml", 5) == 0 && (end = strstr(head, "?>")) &&
        (enc = strstr(head, "encoding")) && enc < end &&
        (enc = strpbrk(enc, "\"'")) && enc < end) {
        for (size_t i = 0; i < sizeof(latin) / sizeof(*latin); i++) {
            size_t n = strlen(latin[i]);
            declared |= strncasecmp(enc + 1, latin[i], n) == 0 &&
                        enc[1 + n] == enc[0];
        }
    }
    if (!declared || fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return 0;
    }
    while (ok && (got = fread(buf + carry, 1, sizeof(buf) - 4 - carry, fp))) {
        int32_t n = (int32_t)(carry + got), i = 0, last = 0;
        int eof = got < sizeof(buf) - 4 - carry;

        while (i < n) {
            UChar32 c;
            last = i;
            U8_NEXT(buf, i, n, c);
            if (c < 0) {
                /* A sequence cut by the buffer's end continues next
                 * time; anything else is not UTF-8. */
                if (!eof && n - last < 4 && i == n) {
                    i = last;
                    break;
                }
                ok = 0;
                break;
            }
            multibyte |= c > 0x7f;
        }
        carry = (size_t)(n - i);
        memmove(buf, buf + i, carry);
    }
    fclose(fp);
    return ok && !carry && multibyte;
}

int polyalign_tmx_reader_open(struct polyalign_tmx_reader **out,
                              struct polyalign_context *ctx, const char *path,
                              unsigned flags)
{
    struct polyalign_tmx_reader *r;
    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
               XML_PARSE_NOWARNING;
    int error = 0;
    FILE *probe;

    *out = NULL;
    if (!(r = calloc(1, sizeof(*r))))
        return POLYALIGN_ENOMEM;
    r->ctx = ctx;
    r->flags = flags;
    if (!path || strcmp(path, "-") == 0) {
        r->path = strdup("<stdin>");
        if (r->path)
            r->xr = xmlReaderForFd(0, NULL, NULL, opts);
    } else {
        r->path = strdup(path);
        if (!(probe = fopen(path, "rb"))) {
            error = ctx_error(ctx, POLYALIGN_EIO, "%s: cannot open: %s", path,
                              strerror(errno));
            goto cleanup;
        }
        fclose(probe);
        if (r->path && mislabelled_utf8(path)) {
            ctx_warn(ctx,
                     "%s: declares a Latin-1 encoding but its bytes are "
                     "UTF-8; reading it as UTF-8",
                     path);
            r->xr = xmlReaderForFile(path, "UTF-8",
                                     opts | XML_PARSE_IGNORE_ENC);
        } else if (r->path) {
            r->xr = xmlReaderForFile(path, NULL, opts);
        }
    }
    if (!r->path || !r->xr) {
        error = r->path
                    ? ctx_error(ctx, POLYALIGN_EIO, "%s: cannot read", r->path)
                    : POLYALIGN_ENOMEM;
        goto cleanup;
    }
    xmlTextReaderSetStructuredErrorHandler(r->xr, on_xml_error, r);
    if ((error = read_head(r)) < 0)
        goto cleanup;
    *out = r;
    r = NULL;
cleanup:
    polyalign_tmx_reader_free(r);
    return error;
}

int polyalign_tmx_reader_next(struct polyalign_tmx_reader *r,
                              struct polyalign_tmx_tu *tu)
{
    int rc;

    polyalign_tmx_tu_clear(tu);
    if (r->done)
        return 0;
    for (;;) {
        if ((rc = next_node(r)) < 0)
            return rc;
        if (rc == 0) {
            r->done = 1;
            return fail_xml(r);
        }
        if (is_start(r, "tu")) {
            rc = read_tu(r, tu);
            if (rc < 0)
                polyalign_tmx_tu_clear(tu);
            return rc;
        }
        if (is_end(r, "body")) {
            r->done = 1;
            /* Read to the end so that trailing garbage is reported. */
            while ((rc = next_node(r)) > 0)
                ;
            return rc < 0 ? rc : 0;
        }
        if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT)
            return fail(r, POLYALIGN_EFORMAT, node_line(r),
                        "<%s> is not allowed in <body>",
                        (const char *)xmlTextReaderConstName(r->xr));
    }
}

const char *polyalign_tmx_reader_header(const struct polyalign_tmx_reader *r,
                                        const char *name)
{
    for (size_t i = 0; i < r->n_header; i++)
        if (strcmp(r->header[i].key, name) == 0)
            return r->header[i].value;
    return NULL;
}

const char *polyalign_tmx_reader_version(const struct polyalign_tmx_reader *r)
{
    return r->version;
}

long polyalign_tmx_reader_line(const struct polyalign_tmx_reader *r)
{
    return r->line;
}

long long polyalign_tmx_reader_bytes(const struct polyalign_tmx_reader *r)
{
    return (long long)xmlTextReaderByteConsumed(r->xr);
}

void polyalign_tmx_reader_free(struct polyalign_tmx_reader *r)
{
    if (!r)
        return;
    if (r->xr)
        xmlFreeTextReader(r->xr);
    for (size_t i = 0; i < r->n_header; i++) {
        free(r->header[i].key);
        free(r->header[i].value);
    }
    free(r->header);
    free(r->version);
    free(r->path);
    free(r->xml_error);
    tmx_buf_free(&r->text);
    tmx_buf_free(&r->markup);
    free(r);
}
