/* The review page: a small model (columns, rows of cells, scores,
 * highlight spans) written as one self-contained HTML5 file.  The page is
 * a libxml2 HTML tree (htmlNewDocNoDtD, xmlNewChild, xmlNewProp, text
 * nodes) serialized by htmlDocContentDumpFormatOutput: libxml2 escapes
 * text and attributes, and writes the contents of <style> and <script>
 * as they are.  Bidirectional text follows the HTML Living Standard's
 * advice for embedded runs (the dir attribute, "auto" on highlighted
 * spans) and UAX #9's isolates (CSS unicode-bidi: isolate), so that a
 * Latin name or a number inside an Arabic sentence does not reorder its
 * neighbours. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <unicode/uloc.h>
#include <unicode/utf8.h>

#include "context.h"
#include "polyalign/report.h"

struct span {
    size_t start, end;
    int kind;    /* the strongest kind merged into it */
    char *title; /* one line per match */
    char *links; /* match ids, space-separated */
};

/* A label inside a cell's text (the index of its second sentence...). */
struct inlabel {
    size_t offset;
    char *text;
};

struct cell {
    int set;
    char *label;
    struct inlabel *labels; /* by offset */
    size_t nlabels;
    char *text;
    size_t len;
    struct span *spans;
    size_t nspans, capspans;
};

struct row {
    double score; /* < 0: none */
    char *note;
    int flagged;
    struct cell *cells;
};

struct column {
    char *file;
    char *lang;
    int rtl;
};

struct polyalign_report {
    struct polyalign_context *ctx;
    char *title, *score_label, *row_noun;
    double lo, hi;
    struct column *cols;
    size_t ncols, capcols;
    struct row *rows;
    size_t nrows, caprows;
    size_t nmatches;
};

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

/* printf into a new string. */
static char *fmt_str(const char *fmt, ...) POLYALIGN_PRINTF(1, 2);
static char *fmt_str(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(p = malloc((size_t)n + 1)))
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int polyalign_report_new(struct polyalign_report **out,
                         struct polyalign_context *ctx,
                         const struct polyalign_report_options *opts)
{
    struct polyalign_report *r;

    if (!out)
        return POLYALIGN_EINVAL;
    *out = NULL;
    if (!ctx)
        return POLYALIGN_EINVAL;
    if (opts && opts->score_max < opts->score_min)
        return ctx_error(ctx, POLYALIGN_EINVAL, "report: score range "
                         "[%g, %g] is empty", opts->score_min,
                         opts->score_max);
    if (!(r = calloc(1, sizeof(*r))))
        return POLYALIGN_ENOMEM;
    r->ctx = ctx;
    r->lo = 0;
    r->hi = 1;
    if (opts && (opts->score_min != 0 || opts->score_max != 0)) {
        r->lo = opts->score_min;
        r->hi = opts->score_max;
    }
    r->title = dup_str(opts && opts->title ? opts->title
                                           : "polyalign review");
    r->score_label = dup_str(opts && opts->score_label ? opts->score_label
                                                       : "confidence");
    r->row_noun = dup_str(opts && opts->row_noun ? opts->row_noun
                                                 : "aligned");
    if (!r->title || !r->score_label || !r->row_noun) {
        polyalign_report_free(r);
        return POLYALIGN_ENOMEM;
    }
    *out = r;
    return 0;
}

static void cell_clear(struct cell *c)
{
    for (size_t i = 0; i < c->nspans; i++) {
        free(c->spans[i].title);
        free(c->spans[i].links);
    }
    free(c->spans);
    for (size_t i = 0; i < c->nlabels; i++)
        free(c->labels[i].text);
    free(c->labels);
    free(c->label);
    free(c->text);
}

void polyalign_report_free(struct polyalign_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t c = 0; c < r->ncols; c++)
            cell_clear(&r->rows[i].cells[c]);
        free(r->rows[i].cells);
        free(r->rows[i].note);
    }
    for (size_t c = 0; c < r->ncols; c++) {
        free(r->cols[c].file);
        free(r->cols[c].lang);
    }
    free(r->rows);
    free(r->cols);
    free(r->title);
    free(r->score_label);
    free(r->row_noun);
    free(r);
}

int polyalign_report_add_column(struct polyalign_report *r, const char *file,
                                const char *lang, size_t *out)
{
    struct column *c;

    if (!r || !file)
        return POLYALIGN_EINVAL;
    if (r->nrows)
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: columns must "
                         "be added before the rows");
    if (r->ncols == r->capcols) {
        size_t cap = r->capcols ? 2 * r->capcols : 4;
        struct column *p = realloc(r->cols, cap * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        r->cols = p;
        r->capcols = cap;
    }
    c = &r->cols[r->ncols];
    c->file = dup_str(file);
    c->lang = dup_str(lang && *lang ? lang : "und");
    if (!c->file || !c->lang) {
        free(c->file);
        free(c->lang);
        return POLYALIGN_ENOMEM;
    }
    /* ICU knows which scripts run right to left (from likely subtags:
     * ar, fa, he, ur, ... and ar-Latn stays left to right). */
    c->rtl = uloc_isRightToLeft(c->lang) ? 1 : 0;
    if (out)
        *out = r->ncols;
    r->ncols++;
    return 0;
}

int polyalign_report_add_row(struct polyalign_report *r, double score,
                             const char *note, int flagged, size_t *out)
{
    struct row *w;

    if (!r)
        return POLYALIGN_EINVAL;
    if (!r->ncols)
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: add the "
                         "columns first");
    if (r->nrows == r->caprows) {
        size_t cap = r->caprows ? 2 * r->caprows : 64;
        struct row *p = realloc(r->rows, cap * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        r->rows = p;
        r->caprows = cap;
    }
    w = &r->rows[r->nrows];
    memset(w, 0, sizeof(*w));
    w->score = isnan(score) || score < 0 ? -1 : score;
    w->flagged = flagged != 0;
    if (!(w->cells = calloc(r->ncols, sizeof(*w->cells))))
        return POLYALIGN_ENOMEM;
    if (note && !(w->note = dup_str(note))) {
        free(w->cells);
        return POLYALIGN_ENOMEM;
    }
    if (out)
        *out = r->nrows;
    r->nrows++;
    return 0;
}

/* Byte offset of the first invalid UTF-8 sequence, or -1. */
static long invalid_utf8(const char *s, size_t len)
{
    int32_t i = 0;

    if (len > INT32_MAX)
        return 0;
    while (i < (int32_t)len) {
        int32_t at = i;
        UChar32 c;

        U8_NEXT(s, i, (int32_t)len, c);
        if (c < 0)
            return at;
    }
    return -1;
}

int polyalign_report_set_cell(struct polyalign_report *r, size_t row,
                              size_t col, const char *label,
                              const char *text, size_t len)
{
    struct cell *c;
    long bad;

    if (!r || (len && !text))
        return POLYALIGN_EINVAL;
    if (row >= r->nrows || col >= r->ncols)
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: no cell (%zu, "
                         "%zu)", row, col);
    c = &r->rows[row].cells[col];
    if (c->set)
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: cell (%zu, "
                         "%zu) is already set", row, col);
    if ((bad = invalid_utf8(text, len)) >= 0)
        return ctx_error(r->ctx, POLYALIGN_EENCODING, "report: cell (%zu, "
                         "%zu): byte offset %ld: invalid UTF-8", row, col,
                         bad);
    if (!(c->text = malloc(len + 1)))
        return POLYALIGN_ENOMEM;
    if (len)
        memcpy(c->text, text, len);
    c->text[len] = '\0';
    c->len = len;
    if (label && !(c->label = dup_str(label))) {
        free(c->text);
        c->text = NULL;
        return POLYALIGN_ENOMEM;
    }
    c->set = 1;
    return 0;
}

int polyalign_report_add_label(struct polyalign_report *r, size_t row,
                               size_t col, size_t offset, const char *label)
{
    struct cell *c;
    struct inlabel *p;
    size_t k;

    if (!r || !label)
        return POLYALIGN_EINVAL;
    if (row >= r->nrows || col >= r->ncols ||
        !(c = &r->rows[row].cells[col])->set || offset > c->len ||
        (offset < c->len && U8_IS_TRAIL((uint8_t)c->text[offset])))
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: no character "
                         "at byte %zu of cell (%zu, %zu)", offset, row, col);
    if (!(p = realloc(c->labels, (c->nlabels + 1) * sizeof(*p))))
        return POLYALIGN_ENOMEM;
    c->labels = p;
    for (k = c->nlabels; k > 0 && p[k - 1].offset > offset; k--)
        p[k] = p[k - 1];
    if (!(p[k].text = dup_str(label))) {
        for (; k < c->nlabels; k++)
            p[k] = p[k + 1];
        return POLYALIGN_ENOMEM;
    }
    p[k].offset = offset;
    c->nlabels++;
    return 0;
}

/* Is [start, end) a non-empty range of whole characters of the cell? */
static int valid_range(const struct cell *c, size_t start, size_t end)
{
    return c->set && start < end && end <= c->len &&
           !U8_IS_TRAIL((uint8_t)c->text[start]) &&
           (end == c->len || !U8_IS_TRAIL((uint8_t)c->text[end]));
}

/* Append "sep" and @add to the string *@s. */
static int append(char **s, const char *sep, const char *add)
{
    char *p = fmt_str("%s%s%s", *s, sep, add);

    if (!p)
        return POLYALIGN_ENOMEM;
    free(*s);
    *s = p;
    return 0;
}

/* Does [start, end) overlap a span of @c without being the same bytes? */
static int partial_overlap(const struct cell *c, size_t start, size_t end)
{
    for (size_t i = 0; i < c->nspans; i++) {
        const struct span *s = &c->spans[i];
        if (start < s->end && s->start < end &&
            (s->start != start || s->end != end))
            return 1;
    }
    return 0;
}

/* Add (or merge) a span of cell @c. */
static int cell_span(struct cell *c, size_t start, size_t end, int kind,
                     const char *title, const char *link)
{
    struct span *s;
    int error;

    for (size_t i = 0; i < c->nspans; i++) {
        s = &c->spans[i];
        if (s->start == start && s->end == end) {
            if (strstr(s->title, title) == NULL &&
                (error = append(&s->title, "\n", title)) < 0)
                return error;
            if ((error = append(&s->links, " ", link)) < 0)
                return error;
            if (kind < s->kind)
                s->kind = kind;
            return 0;
        }
    }
    if (c->nspans == c->capspans) {
        size_t cap = c->capspans ? 2 * c->capspans : 8;
        struct span *p = realloc(c->spans, cap * sizeof(*p));
        if (!p)
            return POLYALIGN_ENOMEM;
        c->spans = p;
        c->capspans = cap;
    }
    s = &c->spans[c->nspans];
    s->start = start;
    s->end = end;
    s->kind = kind;
    s->title = dup_str(title);
    s->links = dup_str(link);
    if (!s->title || !s->links) {
        free(s->title);
        free(s->links);
        return POLYALIGN_ENOMEM;
    }
    c->nspans++;
    return 0;
}

int polyalign_report_add_match(struct polyalign_report *r, size_t row,
                               size_t col_a, size_t a_start, size_t a_end,
                               size_t col_b, size_t b_start, size_t b_end,
                               enum polyalign_match_kind kind)
{
    struct cell *a, *b;
    char *ta = NULL, *tb = NULL, link[32];
    const char *kn = polyalign_match_kind_name(kind);
    int error;

    if (!r)
        return POLYALIGN_EINVAL;
    if (row >= r->nrows || col_a >= r->ncols || col_b >= r->ncols ||
        col_a == col_b || (unsigned)kind >= POLYALIGN_MATCH_KINDS)
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: bad match in "
                         "row %zu", row);
    a = &r->rows[row].cells[col_a];
    b = &r->rows[row].cells[col_b];
    if (!valid_range(a, a_start, a_end) || !valid_range(b, b_start, b_end))
        return ctx_error(r->ctx, POLYALIGN_EINVAL, "report: row %zu: match "
                         "bytes [%zu, %zu) / [%zu, %zu) are not whole "
                         "characters of the cells", row, a_start, a_end,
                         b_start, b_end);
    /* A match that would cut across an earlier span on either side is
     * left out on both (tokens of one cell never partly overlap: this is
     * for callers that mix tokenizations). */
    if (partial_overlap(a, a_start, a_end) ||
        partial_overlap(b, b_start, b_end))
        return 0;
    /* "lexicon: président ↔ президент (ru)" on each side. */
    ta = fmt_str("%s: %.*s \u2194 %.*s (%s)", kn, (int)(a_end - a_start),
                 a->text + a_start, (int)(b_end - b_start),
                 b->text + b_start, r->cols[col_b].lang);
    tb = fmt_str("%s: %.*s \u2194 %.*s (%s)", kn, (int)(b_end - b_start),
                 b->text + b_start, (int)(a_end - a_start),
                 a->text + a_start, r->cols[col_a].lang);
    snprintf(link, sizeof(link), "%zu", r->nmatches);
    error = ta && tb ? 0 : POLYALIGN_ENOMEM;
    if (!error)
        error = cell_span(a, a_start, a_end, (int)kind, ta, link);
    if (!error)
        error = cell_span(b, b_start, b_end, (int)kind, tb, link);
    if (!error)
        r->nmatches++;
    free(ta);
    free(tb);
    return error;
}

size_t polyalign_report_row_count(const struct polyalign_report *r)
{
    return r ? r->nrows : 0;
}

/* ------------------------------------------------------------------------
 * The page. */

/* Legible at a glance on a 1366x768 laptop screen: a fixed top bar
 * (title, counts, filter, legend), the table scrolling under it with a
 * sticky header row, compact rows, one colour per evidence kind. */
static const char css[] =
    "*{box-sizing:border-box}\n"
    "html,body{margin:0;height:100%}\n"
    "body{font:13px/1.35 system-ui,'DejaVu Sans',sans-serif;color:#1d1d1f;"
    "background:#f4f5f7;display:flex;flex-direction:column}\n"
    "#bar{flex:none;background:#233044;color:#eef;padding:6px 12px;"
    "display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px}\n"
    "#bar h1{font-size:15px;margin:0;font-weight:600}\n"
    "#summary{margin:0;color:#c9d3e6}\n"
    "#controls{display:flex;align-items:center;gap:10px}\n"
    "#controls input[type=range]{width:160px}\n"
    "#shown{color:#c9d3e6}\n"
    "#legend{display:flex;gap:6px;flex-wrap:wrap}\n"
    "#legend mark{font-size:12px;padding:0 5px;color:#1d1d1f;cursor:help}\n"
    "#scroll{flex:1;overflow:auto}\n"
    "table{border-collapse:separate;border-spacing:0;width:100%;"
    "table-layout:fixed;background:#fff}\n"
    "th{position:sticky;top:0;z-index:1;background:#dfe4ec;text-align:left;"
    "padding:4px 8px;border-bottom:2px solid #9aa6b8;font-weight:600;"
    "white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n"
    "th small{font-weight:400;color:#556;margin-left:6px}\n"
    "th.sc{width:92px}\n"
    "td{padding:3px 8px;vertical-align:top;border-bottom:1px solid #e3e6eb;"
    "overflow-wrap:anywhere}\n"
    "td.sc{text-align:center;font-variant-numeric:tabular-nums;"
    "border-right:1px solid #d0d5dd;overflow-wrap:normal}\n"
    "td.sc b{display:block;font-size:13px}\n"
    "td.sc small{display:block;color:#445;font-size:11px}\n"
    "tr.flag td.sc small{color:#a40000;font-weight:600}\n"
    "td.gap{background:repeating-linear-gradient(135deg,#f7f7f9 0 6px,"
    "#eceef2 6px 12px)}\n"
    "tr.un td.sc{color:#889;background:#f7f7f9}\n"
    "tr.un td{padding-top:1px;padding-bottom:1px;color:#4a4a55}\n"
    "tr.un td.c:not(.gap){background:#fffbea}\n"
    "td[dir=rtl]{text-align:right;font-size:14px}\n"
    ".ix{color:#8a93a3;font-size:10px;margin-inline-end:5px;"
    "unicode-bidi:isolate;font-variant-numeric:tabular-nums;"
    "background:#eef1f6;border-radius:3px;padding:0 3px}\n"
    "mark{unicode-bidi:isolate;border-radius:3px;padding:0 1px;"
    "color:inherit;border-bottom:2px solid}\n"
    "mark.k-number{background:#ffe2b8;border-color:#d9820b}\n"
    "mark.k-name{background:#cfe2ff;border-color:#2f6fd0}\n"
    "mark.k-identical{background:#e7e7e7;border-color:#7b7b7b}\n"
    "mark.k-lemma{background:#eadcff;border-color:#8a4fd8}\n"
    "mark.k-lexicon{background:#d4f1cf;border-color:#3b9a2c}\n"
    "mark.k-cognate{background:#fde0ee;border-color:#c2477f;"
    "border-bottom-style:dotted}\n"
    "mark.on{outline:2px solid #111;background:#fff36b}\n"
    "tr[hidden]{display:none}\n";

/* Filter rows by score (range slider, "show unaligned" toggle; preset
 * from the address: review.html#min=0.8&unal=0), count what is shown, and
 * light up both sides of a match under the pointer.  data-filter="ready"
 * and data-shown on <body> say the script ran. */
static const char script[] =
    "(function(){\n"
    "var rows=Array.prototype.slice.call("
    "document.querySelectorAll('#review tbody tr'));\n"
    "var s=document.getElementById('min'),u=document.getElementById('unal'),"
    "o=document.getElementById('shown'),v=document.getElementById('minv');\n"
    "function apply(){var m=parseFloat(s.value),n=0;\n"
    " rows.forEach(function(r){var d=r.getAttribute('data-score');\n"
    "  var show=d===null?u.checked:parseFloat(d)>=m;\n"
    "  r.hidden=!show;if(show)n++;});\n"
    " v.textContent=m.toFixed(2);\n"
    " o.textContent=n+' of '+rows.length+' rows shown';\n"
    " document.body.setAttribute('data-shown',String(n));}\n"
    "function hl(e,on){var k=e.target;if(!k||k.tagName!=='MARK')return;\n"
    " var ids=(k.getAttribute('data-m')||'').split(' ');\n"
    " var tr=k.closest('tr');if(!tr)return;\n"
    " tr.querySelectorAll('mark').forEach(function(x){\n"
    "  var xs=(x.getAttribute('data-m')||'').split(' ');\n"
    "  if(xs.some(function(i){return ids.indexOf(i)>=0;}))"
    "x.classList.toggle('on',on);});}\n"
    "document.addEventListener('mouseover',function(e){hl(e,true);});\n"
    "document.addEventListener('mouseout',function(e){hl(e,false);});\n"
    "s.addEventListener('input',apply);u.addEventListener('change',apply);\n"
    "var h=/min=([0-9.]+)/.exec(location.hash);if(h)s.value=h[1];\n"
    "if(/unal=0/.test(location.hash))u.checked=false;\n"
    "apply();document.body.setAttribute('data-filter','ready');\n"
    "})();\n";

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');

    return b && b[1] ? b + 1 : path;
}

/* New child element with an optional text content (a text node: never
 * parsed for entities). */
static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);

    if (n && text && !xmlAddChild(n, xmlNewDocText(parent->doc,
                                                   BAD_CAST text)))
        return NULL;
    return n;
}

static int prop(xmlNodePtr n, const char *name, const char *value)
{
    if (!n || !xmlNewProp(n, BAD_CAST name, BAD_CAST value))
        return POLYALIGN_ENOMEM;
    return 0;
}

static int text_node(xmlNodePtr parent, const char *s, size_t len)
{
    xmlNodePtr t;

    if (!len)
        return 0;
    if (len > INT32_MAX ||
        !(t = xmlNewDocTextLen(parent->doc, BAD_CAST s, (int)len)))
        return POLYALIGN_ENOMEM;
    if (!xmlAddChild(parent, t)) {
        xmlFreeNode(t);
        return POLYALIGN_ENOMEM;
    }
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

/* Position of a score in the range, in [0, 1]. */
static double frac(const struct polyalign_report *r, double s)
{
    double f = r->hi > r->lo ? (s - r->lo) / (r->hi - r->lo) : 1;

    return f < 0 ? 0 : f > 1 ? 1 : f;
}

static int label_node(xmlNodePtr parent, const char *text)
{
    return prop(el(parent, "span", text), "class", "ix");
}

/* Plain text [*at, to) of a cell, with the inline labels that fall in it
 * (*li: the next label; one at @to, before what starts there; one inside
 * a highlight, after it). */
static int plain(xmlNodePtr td, const struct cell *c, size_t *at, size_t to,
                 size_t *li)
{
    int error;

    for (; *li < c->nlabels && c->labels[*li].offset <= to; ++*li) {
        size_t off = c->labels[*li].offset;
        if (off > *at) {
            if ((error = text_node(td, c->text + *at, off - *at)) < 0)
                return error;
            *at = off;
        }
        if ((error = label_node(td, c->labels[*li].text)) < 0)
            return error;
    }
    error = text_node(td, c->text + *at, to - *at);
    *at = to;
    return error;
}

static int write_cell(xmlNodePtr tr, const struct column *col,
                      struct cell *c)
{
    xmlNodePtr td = el(tr, "td", NULL);
    size_t at = 0, li = 0;
    int error;

    if (!td)
        return POLYALIGN_ENOMEM;
    if ((error = prop(td, "class", c->set ? "c" : "c gap")) < 0 ||
        (error = prop(td, "lang", col->lang)) < 0 ||
        (error = prop(td, "dir", col->rtl ? "rtl" : "ltr")) < 0)
        return error;
    if (!c->set)
        return 0;
    if (c->label && (error = label_node(td, c->label)) < 0)
        return error;
    if (c->nspans > 1)
        qsort(c->spans, c->nspans, sizeof(*c->spans), cmp_span);
    for (size_t i = 0; i < c->nspans; i++) {
        const struct span *s = &c->spans[i];
        xmlNodePtr m;
        char cls[32];

        if ((error = plain(td, c, &at, s->start, &li)) < 0)
            return error;
        if (!(m = el(td, "mark", NULL)))
            return POLYALIGN_ENOMEM;
        snprintf(cls, sizeof(cls), "k-%s",
                 polyalign_match_kind_name((enum polyalign_match_kind)
                                           s->kind));
        if ((error = prop(m, "class", cls)) < 0 ||
            (error = prop(m, "dir", "auto")) < 0 ||
            (error = prop(m, "title", s->title)) < 0 ||
            (error = prop(m, "data-m", s->links)) < 0 ||
            (error = text_node(m, c->text + s->start, s->end - s->start)) < 0)
            return error;
        at = s->end;
    }
    if ((error = plain(td, c, &at, c->len, &li)) < 0)
        return error;
    for (; li < c->nlabels; li++) /* at the very end */
        if ((error = label_node(td, c->labels[li].text)) < 0)
            return error;
    return 0;
}

static int write_row(const struct polyalign_report *r, xmlNodePtr tbody,
                     struct row *w)
{
    xmlNodePtr tr = el(tbody, "tr", NULL), td;
    char buf[96];
    int error;

    if (!tr)
        return POLYALIGN_ENOMEM;
    if (w->score >= 0) {
        double f = frac(r, w->score);
        snprintf(buf, sizeof(buf), "%.4f", w->score);
        if ((error = prop(tr, "data-score", buf)) < 0 ||
            (w->flagged && (error = prop(tr, "class", "flag")) < 0))
            return error;
        snprintf(buf, sizeof(buf), "%.2f", w->score);
        td = el(tr, "td", NULL);
        if (!td || !el(td, "b", buf))
            return POLYALIGN_ENOMEM;
        /* Red (0) through amber to green (120) over the score range. */
        snprintf(buf, sizeof(buf),
                 "background:hsl(%d,70%%,84%%);"
                 "border-left:5px solid hsl(%d,65%%,42%%)",
                 (int)lround(f * 120), (int)lround(f * 120));
        if ((error = prop(td, "style", buf)) < 0)
            return error;
        snprintf(buf, sizeof(buf), "%s %.4f", r->score_label, w->score);
        if ((error = prop(td, "title", buf)) < 0)
            return error;
    } else {
        if ((error = prop(tr, "class", "un")) < 0)
            return error;
        if (!(td = el(tr, "td", NULL)) || !el(td, "b", "\u2014"))
            return POLYALIGN_ENOMEM;
    }
    if ((error = prop(td, "class", "sc")) < 0)
        return error;
    if (w->note && !el(td, "small", w->note))
        return POLYALIGN_ENOMEM;
    else if (!w->note && w->score < 0 && !el(td, "small", "unaligned"))
        return POLYALIGN_ENOMEM;
    for (size_t c = 0; c < r->ncols; c++)
        if ((error = write_cell(tr, &r->cols[c], &w->cells[c])) < 0)
            return error;
    return 0;
}

/* "41 rows · 35 aligned (30 with all 3 documents) · ..." */
static char *summary(const struct polyalign_report *r)
{
    size_t aligned = 0, full = 0, un = 0, hi = 0, mid = 0, lo = 0, flag = 0;
    char *s, *per = dup_str(""), flagged[48];

    if (!per)
        return NULL;
    for (size_t i = 0; i < r->nrows; i++) {
        const struct row *w = &r->rows[i];
        size_t set = 0;
        for (size_t c = 0; c < r->ncols; c++)
            set += (size_t)w->cells[c].set;
        if (w->score < 0) {
            un += set;
            continue;
        }
        aligned++;
        full += set == r->ncols;
        flag += (size_t)w->flagged;
        double f = frac(r, w->score);
        hi += f >= 0.8;
        mid += f >= 0.5 && f < 0.8;
        lo += f < 0.5;
    }
    for (size_t c = 0; c < r->ncols; c++) {
        size_t n = 0;
        char one[64];
        for (size_t i = 0; i < r->nrows; i++)
            n += r->rows[i].score < 0 && r->rows[i].cells[c].set;
        snprintf(one, sizeof(one), "%s%s %zu", c ? ", " : "",
                 r->cols[c].lang, n);
        if (append(&per, "", one) < 0) {
            free(per);
            return NULL;
        }
    }
    snprintf(flagged, sizeof(flagged), ", %zu flagged", flag);
    s = fmt_str("%zu rows \u00b7 %zu %s (%zu with all %zu documents%s) "
                "\u00b7 %zu unaligned sentences (%s) \u00b7 "
                "%s: %zu high (\u2265 %.2f), %zu middle, %zu low "
                "(< %.2f)",
                r->nrows, aligned, r->row_noun, full, r->ncols,
                flag ? flagged : "", un, per, r->score_label, hi,
                r->lo + 0.8 * (r->hi - r->lo), mid, lo,
                r->lo + 0.5 * (r->hi - r->lo));
    free(per);
    return s;
}

static int build_bar(const struct polyalign_report *r, xmlNodePtr body)
{
    xmlNodePtr bar = el(body, "div", NULL), ctl, in, lab, leg, m;
    char *sum = summary(r), lo[32], hi[32], step[32];
    int error = POLYALIGN_ENOMEM;

    if (!bar || !sum)
        goto cleanup;
    if ((error = prop(bar, "id", "bar")) < 0)
        goto cleanup;
    error = POLYALIGN_ENOMEM;
    if (!el(bar, "h1", r->title))
        goto cleanup;
    if ((error = prop(el(bar, "p", sum), "id", "summary")) < 0)
        goto cleanup;
    if (!(ctl = el(bar, "div", NULL)) || (error = prop(ctl, "id",
                                                       "controls")) < 0)
        goto cleanup;
    snprintf(lo, sizeof(lo), "%g", r->lo);
    snprintf(hi, sizeof(hi), "%g", r->hi);
    snprintf(step, sizeof(step), "%g", (r->hi - r->lo) / 100);
    if (!(lab = el(ctl, "label", NULL)))
        goto cleanup;
    {
        char *t = fmt_str("min %s ", r->score_label);
        error = t && text_node(lab, t, strlen(t)) == 0 ? 0 : POLYALIGN_ENOMEM;
        free(t);
        if (error < 0)
            goto cleanup;
    }
    in = el(lab, "input", NULL);
    if ((error = prop(in, "type", "range")) < 0 ||
        (error = prop(in, "id", "min")) < 0 ||
        (error = prop(in, "min", lo)) < 0 ||
        (error = prop(in, "max", hi)) < 0 ||
        (error = prop(in, "step", step)) < 0 ||
        (error = prop(in, "value", lo)) < 0 ||
        (error = prop(el(lab, "output", lo), "id", "minv")) < 0)
        goto cleanup;
    if (!(lab = el(ctl, "label", NULL)))
        goto cleanup;
    in = el(lab, "input", NULL);
    if ((error = prop(in, "type", "checkbox")) < 0 ||
        (error = prop(in, "id", "unal")) < 0 ||
        (error = prop(in, "checked", "checked")) < 0 ||
        (error = text_node(lab, " show unaligned", 15)) < 0 ||
        (error = prop(el(ctl, "span", ""), "id", "shown")) < 0)
        goto cleanup;
    if (!(leg = el(bar, "div", NULL)) || (error = prop(leg, "id",
                                                       "legend")) < 0)
        goto cleanup;
    for (int k = 0; k < POLYALIGN_MATCH_KINDS; k++) {
        const char *kn = polyalign_match_kind_name(
            (enum polyalign_match_kind)k);
        char cls[32];
        static const char *const what[POLYALIGN_MATCH_KINDS] = {
            "the same number",
            ("a name (transliteration skeleton) or an entity (US, UN...)"),
            "the same word",
            "a shared lemma",
            "a translation in the bilingual lexicon",
            "the same first four letters",
        };
        snprintf(cls, sizeof(cls), "k-%s", kn);
        m = el(leg, "mark", kn);
        if ((error = prop(m, "class", cls)) < 0 ||
            (error = prop(m, "title", what[k])) < 0)
            goto cleanup;
    }
    error = 0;
cleanup:
    free(sum);
    return error;
}

static int build_table(struct polyalign_report *r, xmlNodePtr body)
{
    xmlNodePtr sc = el(body, "div", NULL), table, tr, th, tbody;
    int error;

    if ((error = prop(sc, "id", "scroll")) < 0)
        return error;
    table = el(sc, "table", NULL);
    if ((error = prop(table, "id", "review")) < 0)
        return error;
    if (!(tr = el(el(table, "thead", NULL), "tr", NULL)) ||
        !(th = el(tr, "th", "score")))
        return POLYALIGN_ENOMEM;
    if ((error = prop(th, "class", "sc")) < 0 ||
        (error = prop(th, "title", r->score_label)) < 0)
        return error;
    for (size_t c = 0; c < r->ncols; c++) {
        const struct column *col = &r->cols[c];
        if (!(th = el(tr, "th", base_name(col->file))) ||
            !el(th, "small", col->lang))
            return POLYALIGN_ENOMEM;
        if ((error = prop(th, "title", col->file)) < 0 ||
            (error = prop(th, "dir", "ltr")) < 0)
            return error;
    }
    if (!(tbody = el(table, "tbody", NULL)))
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < r->nrows; i++)
        if ((error = write_row(r, tbody, &r->rows[i])) < 0)
            return error;
    return 0;
}

static int build(struct polyalign_report *r, xmlDocPtr doc)
{
    xmlNodePtr html, head, body, n;
    int error;

    if (!xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL) ||
        !(html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL)))
        return POLYALIGN_ENOMEM;
    xmlDocSetRootElement(doc, html);
    if ((error = prop(html, "lang", "en")) < 0 ||
        !(head = el(html, "head", NULL)))
        return error < 0 ? error : POLYALIGN_ENOMEM;
    if ((error = prop(el(head, "meta", NULL), "charset", "utf-8")) < 0)
        return error;
    n = el(head, "meta", NULL);
    if ((error = prop(n, "name", "viewport")) < 0 ||
        (error = prop(n, "content", "width=device-width")) < 0)
        return error;
    if (!el(head, "title", r->title) || !el(head, "style", css) ||
        !(body = el(html, "body", NULL)))
        return POLYALIGN_ENOMEM;
    if ((error = build_bar(r, body)) < 0 ||
        (error = build_table(r, body)) < 0)
        return error;
    return el(body, "script", script) ? 0 : POLYALIGN_ENOMEM;
}

int polyalign_report_write(struct polyalign_report *r, FILE *fp)
{
    xmlDocPtr doc = NULL;
    xmlOutputBufferPtr buf = NULL;
    int error = 0;

    if (!r || !fp)
        return POLYALIGN_EINVAL;
    if (!(doc = htmlNewDocNoDtD(NULL, NULL))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    if ((error = build(r, doc)) < 0)
        goto cleanup;
    /* No encoder: libxml2 keeps the tree's UTF-8 as it is. */
    if (!(buf = xmlOutputBufferCreateFile(fp, NULL))) {
        error = POLYALIGN_ENOMEM;
        goto cleanup;
    }
    htmlDocContentDumpFormatOutput(buf, doc, NULL, 1);
    error = xmlOutputBufferClose(buf) < 0 ? POLYALIGN_EIO : 0;
    buf = NULL;
    if (error < 0 || ferror(fp))
        error = ctx_error(r->ctx, POLYALIGN_EIO, "report: cannot write the "
                          "page");
cleanup:
    if (buf)
        xmlOutputBufferClose(buf);
    xmlFreeDoc(doc);
    return error;
}
