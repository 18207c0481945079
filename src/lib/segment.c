/* The sentence splitter: SRX 2.0 rules matched with ICU regular
 * expressions, optionally over ICU's sentence break iterator (UAX #29,
 * section 5) as Okapi's useIcu4jBreakRules extension defines.
 *
 * SRX 2.0, section 2.5: at each position between two characters the rules
 * are tried in order; the first whose beforebreak matches the text ending
 * there and whose afterbreak matches the text starting there decides
 * (break or no break).  Where no rule matches, SRX does not break; with the
 * ICU extension, ICU's break stands.  Instead of trying every position we
 * try only the candidates: ICU's breaks (moved back over the white space
 * that ICU leaves before them, as Okapi does) and the ends of the matches of
 * the break rules, found by one search over the paragraph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uset.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "context.h"
#include "segment.h"
#include "srx.h"

struct strbuf {
    char *s;
    size_t len, cap;
};

static int sb_add(struct strbuf *b, const char *s)
{
    size_t n = strlen(s);

    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *ns;
        while (cap < b->len + n + 1)
            cap *= 2;
        ns = realloc(b->s, cap);
        if (!ns)
            return POLYALIGN_ENOMEM;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
    return 0;
}

/* Compile a UTF-8 pattern; NULL with @st set on failure. */
static URegularExpression *compile(const char *pattern, UErrorCode *st)
{
    int32_t n;
    UChar *u = srx_utf16(pattern, &n);
    URegularExpression *re;

    if (!u) {
        *st = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    re = uregex_open(u, n, 0, NULL, st);
    free(u);
    if (U_FAILURE(*st)) {
        uregex_close(re);
        return NULL;
    }
    return re;
}

/* Whether ICU accepts the beforebreak as a look-behind (bounded length). */
static int bounded(const char *before)
{
    struct strbuf b = {0};
    UErrorCode st = U_ZERO_ERROR;
    URegularExpression *re = NULL;

    if (sb_add(&b, "(?<=") == 0 && sb_add(&b, before) == 0 &&
        sb_add(&b, ")") == 0)
        re = compile(b.s, &st);
    free(b.s);
    uregex_close(re);
    return re != NULL;
}

/* Length of one regex atom at @p (a bracket class, an escape, '.', a
 * literal), 0 for anything this scanner does not take apart (a group, an
 * alternation, an anchor, a back-reference).  Used only to rewrite the
 * start of a pattern (search_start, add_exact_alt); ICU parses the rest. */
static size_t atom_len(const char *p)
{
    size_t i = 0;
    int depth = 0;

    switch (p[0]) {
    case '\0': case '(': case ')': case '|': case '^': case '$':
    case '*': case '+': case '?': case '{':
        return 0;
    case '\\':
        if (!p[1])
            return 0;
        if ((p[1] == 'p' || p[1] == 'P') && p[2] == '{') {
            const char *e = strchr(p, '}');
            return e ? (size_t)(e - p) + 1 : 0;
        }
        if (p[1] == 'u' && strlen(p) >= 6)
            return 6;
        if (strchr("bBAGzZQEkx0123456789", p[1]))
            return 0; /* anchors, quoting, references: leave alone */
        return 2;
    case '[':
        for (i = 0; p[i]; i++) {
            if (p[i] == '\\' && p[i + 1]) {
                i++;
            } else if (p[i] == '[') {
                depth++;
            } else if (p[i] == ']' && --depth == 0) {
                return i + 1;
            }
        }
        return 0;
    default:
        return 1; /* a literal (UTF-8 continuation bytes follow) */
    }
}

static size_t quant_len(const char *p, int *optional)
{
    size_t i = 0;

    *optional = 0;
    if (p[0] == '*' || p[0] == '?') {
        *optional = 1;
        i = 1;
    } else if (p[0] == '+') {
        i = 1;
    } else if (p[0] == '{') {
        const char *e = strchr(p, '}');
        if (!e)
            return 0;
        *optional = p[1] == '0';
        i = (size_t)(e - p) + 1;
    }
    if (i && (p[i] == '?' || p[i] == '+'))
        i++;
    return i;
}

/* Whether an atom matches most characters of running text (letters,
 * digits, spaces), which makes it a poor place to start a search. */
static int common_atom(const char *p, size_t n)
{
    static const char *const common[] = {
        "\\p{L", "\\p{N", "\\w", "\\s", "\\d", "\\S", "\\W", "\\D", "\\P{",
        "[^", "a-z", "A-Z", "0-9", "\\p{Alpha", "\\p{Z", NULL,
    };

    if (n == 1 && p[0] == '.')
        return 1;
    for (size_t i = 0; common[i]; i++) {
        size_t k = strlen(common[i]);
        for (size_t j = 0; j + k <= n; j++)
            if (memcmp(p + j, common[i], k) == 0)
                return 1;
    }
    return 0;
}

/* The end of the group that opens at @p, or NULL. */
static const char *group_end(const char *p)
{
    int depth = 0, in_class = 0;

    for (; *p; p++) {
        if (p[0] == '\\' && p[1]) {
            p++;
        } else if (in_class) {
            if (*p == ']')
                in_class = 0;
        } else if (*p == '[') {
            in_class = 1;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')' && --depth == 0) {
            return p + 1;
        }
    }
    return NULL;
}

/* For the candidate search only: skip the leading atoms of a beforebreak
 * that match most text (a word, spaces) or may be absent, up to its first
 * required punctuation-like atom.  Any match of the rest ending at a
 * position contains a match of the whole pattern's tail, so the search
 * still finds every end position the whole pattern would (a superset),
 * while starting far less often. */
static const char *search_start(const char *re)
{
    const char *p = re;

    for (;;) {
        size_t a, q;
        int optional;
        if (p[0] == '\\' && p[1] == 'b') {
            p += 2;
            continue;
        }
        if (p[0] == '(' && p[1] == '?' && p[2] == '<' &&
            (p[3] == '=' || p[3] == '!')) {
            /* A look-behind only narrows the matches: skip it. */
            const char *e = group_end(p);
            if (!e || !*e || *e == '|' || *e == ')')
                break;
            p = e;
            continue;
        }
        a = atom_len(p);
        if (!a)
            break;
        while ((p[a] & 0xC0) == 0x80)
            a++;
        q = quant_len(p + a, &optional);
        if (!optional && !common_atom(p, a))
            break;
        if (!p[a + q] || p[a + q] == '|' || p[a + q] == ')')
            break;
        p += a + q;
    }
    return p;
}

/* Split @re at its top-level '|' and call @fn on each alternative. */
static int each_alternative(struct strbuf *b, const char *re,
                            int (*fn)(struct strbuf *, const char *),
                            const char *sep)
{
    char *copy = strdup(re), *alt;
    int depth = 0, in_class = 0, e = 0;

    if (!copy)
        return POLYALIGN_ENOMEM;
    alt = copy;
    for (size_t i = 0;; i++) {
        char c = copy[i];
        if (c == '\\' && copy[i + 1]) {
            i++;
            continue;
        }
        /* An unclosed '[' or '(' still ends at the end of the string. */
        if (in_class && c != '\0') {
            if (c == '[')
                in_class++;
            else if (c == ']')
                in_class--;
        } else if (c == '[') {
            in_class = 1;
        } else if (c == '(') {
            depth++;
        } else if (c == ')') {
            depth--;
        } else if ((c == '|' && depth == 0) || c == '\0') {
            copy[i] = '\0';
            if (alt != copy)
                e |= sb_add(b, sep);
            e |= fn(b, alt);
            alt = copy + i + 1;
            if (c == '\0')
                break;
        }
    }
    free(copy);
    return e ? POLYALIGN_ENOMEM : 0;
}

static int add_search_alt(struct strbuf *b, const char *alt)
{
    return sb_add(b, search_start(alt));
}

/* An equivalent beforebreak for "some match ends here": a leading atom
 * that may be absent (X*, X?, X{0,n}) changes nothing, and a leading X+ or
 * X{n,m} matches a suffix X{n} too.  The result is often bounded, so it
 * runs as a look-behind, or at least starts its search less often. */
static int add_exact_alt(struct strbuf *b, const char *alt)
{
    const char *p = alt;

    for (;;) {
        size_t a = atom_len(p), q;
        int optional;
        const char *rest;
        char tmp[96];
        if (!a)
            break;
        while ((p[a] & 0xC0) == 0x80)
            a++;
        q = quant_len(p + a, &optional);
        if (q >= 2 && p[a + q - 1] == '+')
            break; /* possessive: dropping it could change the result */
        rest = p + a + q;
        if (optional) {
            if (!*rest || *rest == '|' || *rest == ')')
                break;
            p = rest;
            continue;
        }
        if (q == 0 || a >= sizeof(tmp) - 16)
            break;
        memcpy(tmp, p, a);
        tmp[a] = '\0';
        if (p[a] == '{' && atoi(p + a + 1) > 1)
            snprintf(tmp + a, sizeof(tmp) - a, "{%d}", atoi(p + a + 1));
        if (sb_add(b, tmp) < 0)
            return POLYALIGN_ENOMEM;
        p = rest;
        break;
    }
    return sb_add(b, p);
}

/* Whether @re uses '^' as an anchor (not inside a class). */
static int has_caret(const char *re)
{
    int in_class = 0;

    for (size_t i = 0; re[i]; i++) {
        if (re[i] == '\\' && re[i + 1]) {
            i++;
        } else if (in_class) {
            if (re[i] == '[')
                in_class++;
            else if (re[i] == ']')
                in_class--;
        } else if (re[i] == '[') {
            in_class = 1;
            if (re[i + 1] == '^')
                i++;
        } else if (re[i] == '^') {
            return 1;
        }
    }
    return 0;
}

/* ---- Literal rules ------------------------------------------------------ */

/* ICU's \s: [\t\n\f\r\p{Z}]. */
static int is_space16(UChar32 c)
{
    int8_t t;

    if (c == 9 || c == 10 || c == 12 || c == 13)
        return 1;
    t = u_charType(c);
    return t == U_SPACE_SEPARATOR || t == U_LINE_SEPARATOR ||
           t == U_PARAGRAPH_SEPARATOR;
}

static uint16_t lit_norm(UChar c)
{
    return is_space16(c) ? 0xFFFF : c;
}

static uint32_t lit_hash(const uint16_t *u, size_t n, int norm)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++) {
        h ^= norm ? lit_norm(u[i]) : u[i];
        h *= 16777619u;
    }
    return h;
}

static int lit_add(struct lit_table *t, const struct srx_lits *l,
                   const char *after)
{
    int16_t a = -1;
    size_t total = l->start[l->count];

    if (*after) {
        size_t k;
        for (k = 0; k < t->nafter; k++)
            if (strcmp(t->after_src[k], after) == 0)
                break;
        if (k == t->nafter) {
            char **ns = realloc(t->after_src, (k + 1) * sizeof(*ns));
            if (!ns)
                return POLYALIGN_ENOMEM;
            t->after_src = ns;
            if (k >= INT16_MAX || !(ns[k] = strdup(after)))
                return POLYALIGN_ENOMEM;
            t->nafter++;
        }
        a = (int16_t)k;
    }
    {
        uint16_t *np = realloc(t->pool, (t->poollen + total + 1) *
                                            sizeof(*np));
        if (!np)
            return POLYALIGN_ENOMEM;
        t->pool = np;
    }
    memcpy(t->pool + t->poollen, l->pool, total * sizeof(uint16_t));
    for (size_t i = 0; i < l->count; i++) {
        struct lit_entry *e;
        uint32_t len = l->start[i + 1] - l->start[i];
        if (t->n == t->cap) {
            size_t cap = t->cap ? t->cap * 2 : 64;
            struct lit_entry *ne = realloc(t->e, cap * sizeof(*ne));
            if (!ne)
                return POLYALIGN_ENOMEM;
            t->e = ne;
            t->cap = cap;
        }
        e = &t->e[t->n++];
        e->off = (uint32_t)(t->poollen + l->start[i]);
        e->len = (uint16_t)len;
        e->wb = l->wb[i];
        e->after = a;
        t->lens |= (uint64_t)1 << len;
    }
    t->poollen += total;
    return 0;
}

static int lit_finish(struct lit_table *t)
{
    UErrorCode st = U_ZERO_ERROR;

    t->nbucket = 16;
    while (t->nbucket < 2 * t->n)
        t->nbucket *= 2;
    t->bucket = malloc(t->nbucket * sizeof(*t->bucket));
    t->after = calloc(t->nafter + 1, sizeof(*t->after));
    t->seen = malloc(t->nafter + 1);
    t->after_gen = calloc(t->nafter + 1, sizeof(*t->after_gen));
    if (!t->bucket || !t->after || !t->seen || !t->after_gen)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < t->nbucket; i++)
        t->bucket[i] = UINT32_MAX;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t h = lit_hash(t->pool + t->e[i].off, t->e[i].len, 0) &
                     (uint32_t)(t->nbucket - 1);
        t->e[i].next = t->bucket[h];
        t->bucket[h] = (uint32_t)i;
    }
    for (size_t k = 0; k < t->nafter; k++) {
        t->after[k] = compile(t->after_src[k], &st);
        if (!t->after[k])
            return POLYALIGN_EINTERNAL;
        uregex_useTransparentBounds(t->after[k], 1, &st);
    }
    return 0;
}

static void lit_free(struct lit_table *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->nafter; k++) {
        if (t->after)
            uregex_close(t->after[k]);
        free(t->after_src[k]);
    }
    free(t->after);
    free(t->after_src);
    free(t->pool);
    free(t->e);
    free(t->bucket);
    free(t->seen);
    free(t->after_gen);
    free(t);
}

/* ICU's \w for \b: [\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200c\u200d]. */
static int is_word(UChar32 c)
{
    int8_t t = u_charType(c);

    return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
           t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
           t == U_COMBINING_SPACING_MARK || t == U_DECIMAL_DIGIT_NUMBER ||
           t == U_CONNECTOR_PUNCTUATION || c == 0x200C || c == 0x200D;
}

static int skipped_at_boundary(UChar32 c)
{
    return u_hasBinaryProperty(c, UCHAR_GRAPHEME_EXTEND) ||
           u_charType(c) == U_FORMAT_CHAR;
}

/* ICU's \b at @pos (RegexMatcher::isWordBoundary). */
static int word_boundary(const UChar *u, int32_t n, int32_t pos)
{
    int cw = 0, pw = 0;
    UChar32 c;
    int32_t i = pos;

    if (pos < n) {
        U16_GET(u, 0, pos, n, c);
        if (skipped_at_boundary(c))
            return 0;
        cw = is_word(c);
    }
    while (i > 0) {
        U16_PREV(u, 0, i, c);
        if (!skipped_at_boundary(c)) {
            pw = is_word(c);
            break;
        }
    }
    return cw != pw;
}

/* Give @re the current paragraph, once per paragraph and only when used:
 * most regular expressions are never needed for a short paragraph. */
static void use_text(struct polyalign_splitter *s, URegularExpression *re,
                     unsigned *gen, UErrorCode *st)
{
    if (*gen != s->gen) {
        uregex_setText(re, s->u, s->ulen, st);
        *gen = s->gen;
    }
}

static int lit_match(struct polyalign_splitter *s, struct lit_table *t,
                     int32_t pos, UErrorCode *st)
{
    const UChar *u = s->u;
    int32_t n = s->ulen;

    memset(t->seen, -1, t->nafter + 1);
    for (int32_t len = 1; len < 64 && len <= pos; len++) {
        const UChar *w = u + pos - len;
        uint32_t h;
        if (!(t->lens & ((uint64_t)1 << len)))
            continue;
        h = lit_hash(w, (size_t)len, 1) & (uint32_t)(t->nbucket - 1);
        for (uint32_t i = t->bucket[h]; i != UINT32_MAX; i = t->e[i].next) {
            const struct lit_entry *e = &t->e[i];
            const uint16_t *k = t->pool + e->off;
            int32_t j;
            if (e->len != len)
                continue;
            for (j = 0; j < len && lit_norm(w[j]) == k[j]; j++)
                ;
            if (j < len)
                continue;
            if (e->wb && !word_boundary(u, n, pos - len))
                continue;
            if (e->after >= 0) {
                signed char *seen = &t->seen[e->after];
                if (*seen < 0) {
                    URegularExpression *a = t->after[e->after];
                    use_text(s, a, &t->after_gen[e->after], st);
                    uregex_setRegion(a, pos, n, st);
                    *seen = uregex_lookingAt(a, -1, st) ? 1 : 0;
                }
                if (!*seen)
                    continue;
            }
            return 1;
        }
    }
    return 0;
}

enum rule_form {
    FORM_SEARCH,     /* (?:B), searched in a region ending at the
                        position; A is tried on its own (rule_group.pre) */
    FORM_LOOKBEHIND, /* (?=A)(?<=B), tried at the position */
    FORM_CANDIDATE,  /* (?:B')(?=A) with B' = search_start(B): proposes */
};

static int add_rule(struct strbuf *b, const struct srx_rule *r,
                    const char *before, enum rule_form form)
{
    int e = 0;

    if (b->len)
        e |= sb_add(b, "|");
    /* The afterbreak first: it usually fails at once (a capital, a space),
     * before the look-behind has to try its start positions. */
    if (form == FORM_LOOKBEHIND && *r->after) {
        e |= sb_add(b, "(?=");
        e |= sb_add(b, r->after);
        e |= sb_add(b, ")");
    }
    e |= sb_add(b, form == FORM_LOOKBEHIND ? "(?<=" : "(?:");
    if (form == FORM_CANDIDATE)
        e |= each_alternative(b, r->before, add_search_alt, "|");
    else
        e |= sb_add(b, before);
    e |= sb_add(b, ")");
    if (form == FORM_CANDIDATE && *r->after) {
        e |= sb_add(b, "(?=");
        e |= sb_add(b, r->after);
        e |= sb_add(b, ")");
    }
    return e ? POLYALIGN_ENOMEM : 0;
}

/* The rules of the group being built. */
struct group_build {
    struct strbuf re;  /* the combined regular expression */
    struct strbuf pre; /* search group: its rule's afterbreak */
    struct lit_table *lit;
    int brk, lookbehind, from_start;
};

static int finish_group(struct polyalign_splitter *s, struct group_build *gb)
{
    struct rule_group *g = &s->groups[s->ngroups];
    UErrorCode st = U_ZERO_ERROR;
    int error = 0;

    g->brk = gb->brk;
    g->lookbehind = gb->lookbehind;
    g->from_start = gb->from_start;
    g->lit = gb->lit;
    gb->lit = NULL;
    s->ngroups++;
    if (g->lit && (error = lit_finish(g->lit)) < 0)
        goto cleanup;
    if (gb->re.len && !gb->lookbehind) {
        struct strbuf w = {0};
        if (sb_add(&w, "(?:") | sb_add(&w, gb->re.s) | sb_add(&w, ")\\z")) {
            free(w.s);
            error = POLYALIGN_ENOMEM;
            goto cleanup;
        }
        free(gb->re.s);
        gb->re = w;
        if (gb->pre.len) {
            g->pre = compile(gb->pre.s, &st);
            if (!g->pre) {
                error = POLYALIGN_EINTERNAL;
                goto cleanup;
            }
            uregex_useTransparentBounds(g->pre, 1, &st);
            uregex_useAnchoringBounds(g->pre, 0, &st);
        }
    }
    if (gb->re.len) {
        g->re = compile(gb->re.s, &st);
        if (!g->re) {
            error = POLYALIGN_EINTERNAL;
            goto cleanup;
        }
        uregex_useTransparentBounds(g->re, 1, &st);
        uregex_useAnchoringBounds(g->re, !gb->lookbehind, &st);
    }

cleanup:
    gb->re.len = 0;
    gb->pre.len = 0;
    if (error == POLYALIGN_EINTERNAL)
        return ctx_error(s->ctx, error, "cannot combine SRX rules: %s",
                         u_errorName(st));
    return error;
}

/* Append, as a UnicodeSet pattern, the characters a match of the candidate
 * form of @alt can start with; "\x01" when unknown. */
static int add_first_chars(struct strbuf *b, const char *alt)
{
    const char *p = search_start(alt);
    size_t a = atom_len(p), q;
    int optional;
    char lit[16];

    if (!a && p[0] == '(' && (p[1] != '?' || p[2] == ':')) {
        /* A group: the first characters of its alternatives. */
        const char *in = p + (p[1] == '?' ? 3 : 1);
        int depth = 1, in_class = 0;
        size_t i;
        char *inner;
        for (i = 0; in[i] && depth; i++) {
            if (in[i] == '\\' && in[i + 1])
                i++;
            else if (in_class && in[i] == ']')
                in_class = 0;
            else if (!in_class && in[i] == '[')
                in_class = 1;
            else if (!in_class && in[i] == '(')
                depth++;
            else if (!in_class && in[i] == ')')
                depth--;
        }
        quant_len(in + i, &optional);
        if (depth || optional)
            return sb_add(b, "\x01");
        inner = strndup(in, i - 1);
        if (!inner)
            return POLYALIGN_ENOMEM;
        depth = each_alternative(b, inner, add_first_chars, "");
        free(inner);
        return depth;
    }
    if (!a)
        return sb_add(b, "\x01");
    while ((p[a] & 0xC0) == 0x80)
        a++;
    q = quant_len(p + a, &optional);
    (void)q;
    if (optional || p[0] == '.' || (p[0] == '\\' && strchr("SWDX", p[1])))
        return sb_add(b, "\x01");
    if (p[0] == '\\' && p[1] == 's')
        return sb_add(b, "[\\t\\n\\f\\r\\p{Z}]");
    if (p[0] == '\\' && p[1] == 'd')
        return sb_add(b, "\\p{Nd}");
    if (p[0] == '\\' && p[1] == 'w')
        return sb_add(b, "[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200c\\u200d]");
    if (p[0] != '[' && a >= sizeof(lit) - 2)
        return sb_add(b, "\x01");
    if (p[0] != '[' && p[0] != '\\' && (unsigned char)p[0] < 0x80 &&
        !((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z') ||
          (p[0] >= '0' && p[0] <= '9'))) {
        lit[0] = '\\';
        memcpy(lit + 1, p, a);
        lit[a + 1] = '\0';
    } else if (p[0] == '[') {
        struct strbuf c = {0};
        int e;
        for (size_t i = 0; i < a; i++) {
            char one[3] = {p[i], '\0', '\0'};
            /* "[:" opens a POSIX-like property in a UnicodeSet pattern. */
            if (p[i] == ':' && i > 0 && p[i - 1] == '[') {
                one[0] = '\\';
                one[1] = ':';
            }
            if (sb_add(&c, one) < 0) {
                free(c.s);
                return POLYALIGN_ENOMEM;
            }
        }
        e = sb_add(b, c.s);
        free(c.s);
        return e;
    } else {
        memcpy(lit, p, a);
        lit[a] = '\0';
    }
    return sb_add(b, lit);
}

/* The BMP bitmap of the characters a match of @r's candidate form can
 * start with, or NULL when this cannot tell. */
static uint8_t *first_char_bitmap(const struct srx_rule *r)
{
    struct strbuf b = {0};
    UErrorCode st = U_ZERO_ERROR;
    USet *set = NULL;
    uint8_t *bits = NULL;
    int32_t len;
    UChar *u = NULL;

    if (sb_add(&b, "[") < 0)
        goto cleanup;
    if (each_alternative(&b, r->before, add_first_chars, "") < 0)
        goto cleanup;
    if (sb_add(&b, "]") < 0 || strchr(b.s, '\x01'))
        goto cleanup;
    u = srx_utf16(b.s, &len);
    if (!u)
        goto cleanup;
    set = uset_openPattern(u, len, &st);
    if (U_FAILURE(st))
        goto cleanup;
    /* A supplementary character would need a second look-up. */
    for (int32_t k = 0; k < uset_getItemCount(set); k++) {
        UChar32 lo, hi;
        UErrorCode st2 = U_ZERO_ERROR;
        if (uset_getItem(set, k, &lo, &hi, NULL, 0, &st2) == 0 &&
            hi > 0xFFFF)
            goto cleanup;
    }
    bits = calloc(65536 / 8, 1);
    if (!bits)
        goto cleanup;
    for (UChar32 c = 0; c < 0x10000; c++)
        if (uset_contains(set, c))
            bits[c >> 3] |= (uint8_t)(1u << (c & 7));

cleanup:
    if (set)
        uset_close(set);
    free(u);
    free(b.s);
    return bits;
}

/* The candidate search for break rule @r. */
static int add_scan(struct polyalign_splitter *s, const struct srx_rule *r,
                    struct strbuf *any)
{
    struct break_scan *k = &s->scans[s->nscans];
    struct strbuf b = {0};
    UErrorCode st = U_ZERO_ERROR;

    if (add_rule(&b, r, NULL, FORM_CANDIDATE) < 0) {
        free(b.s);
        return ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
    }
    k->re = compile(b.s, &st);
    free(b.s);
    if (!k->re)
        return ctx_error(s->ctx, POLYALIGN_EINTERNAL,
                         "cannot search for the break rule of line %d: %s",
                         r->line, u_errorName(st));
    s->nscans++;
    /* Started at a position: look-behinds and \b see the text before it,
     * '^' is the paragraph start only. */
    uregex_useTransparentBounds(k->re, 1, &st);
    uregex_useAnchoringBounds(k->re, 0, &st);
    k->first = first_char_bitmap(r);
    if (k->first && add_rule(any, r, NULL, FORM_CANDIDATE) < 0)
        return ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
    if (k->first) {
        if (!s->scan_union && !(s->scan_union = calloc(65536 / 8, 1)))
            return ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
        for (size_t i = 0; i < 65536 / 8; i++)
            s->scan_union[i] |= k->first[i];
        for (unsigned c = 0; c < 128; c++)
            if (k->first[c >> 3] & (1u << (c & 7)))
                s->ascii_first[c >> 6] |= (uint64_t)1 << (c & 63);
    }
    return 0;
}

static int build_groups(struct polyalign_splitter *s,
                        const struct srx_rule **rules, size_t n)
{
    struct group_build gb = {0};
    struct strbuf ex = {0}, any = {0};
    struct srx_lits lits = {0};
    int error = 0, open = 0;
    s->groups = calloc(n ? n : 1, sizeof(*s->groups));
    s->scans = calloc(n ? n : 1, sizeof(*s->scans));
    if (!s->groups || !s->scans)
        return POLYALIGN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct srx_rule *r = rules[i];
        int lb, fs, islit;
        ex.len = 0;
        if (each_alternative(&ex, r->before, add_exact_alt, "|") < 0 ||
            sb_add(&ex, "") < 0)
            goto nomem;
        lb = bounded(ex.s);
        fs = !lb && has_caret(ex.s);
        /* A rule that cannot be a look-behind gets a group of its own:
         * its afterbreak is tried apart, with '$' meaning the paragraph
         * end, not the end of the search region. */
        if (open && (r->brk != gb.brk || lb != gb.lookbehind || !lb ||
                     fs != gb.from_start)) {
            if ((error = finish_group(s, &gb)) < 0)
                goto cleanup;
            open = 0;
        }
        gb.brk = r->brk;
        gb.lookbehind = lb;
        gb.from_start = fs;
        open = 1;
        islit = lb ? srx_expand_literals(r->before, &lits) : 0;
        if (islit < 0)
            goto nomem;
        if (islit) {
            if (!gb.lit && !(gb.lit = calloc(1, sizeof(*gb.lit))))
                goto nomem;
            error = lit_add(gb.lit, &lits, r->after);
            srx_lits_free(&lits);
            if (error < 0)
                goto nomem;
        } else if (add_rule(&gb.re, r, ex.s,
                            lb ? FORM_LOOKBEHIND : FORM_SEARCH) < 0) {
            goto nomem;
        }
        if (!lb && *r->after && sb_add(&gb.pre, r->after) < 0)
            goto nomem;
        if (r->brk && (error = add_scan(s, r, &any)) < 0)
            goto cleanup;
    }
    if (open && (error = finish_group(s, &gb)) < 0)
        goto cleanup;
    if (any.len) {
        UErrorCode st = U_ZERO_ERROR;
        s->scan_any = compile(any.s, &st);
        if (!s->scan_any) {
            error = ctx_error(s->ctx, POLYALIGN_EINTERNAL,
                              "cannot combine the SRX break rules: %s",
                              u_errorName(st));
            goto cleanup;
        }
        uregex_useTransparentBounds(s->scan_any, 1, &st);
        uregex_useAnchoringBounds(s->scan_any, 0, &st);
    }
    goto cleanup;

nomem:
    error = ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
cleanup:
    free(gb.re.s);
    free(gb.pre.s);
    lit_free(gb.lit);
    free(ex.s);
    free(any.s);
    return error;
}

static void destroy_srx(void *p)
{
    polyalign_srx_free(p);
}

static int default_rules(struct polyalign_context *ctx,
                         const struct polyalign_srx **out)
{
    struct polyalign_srx *srx = ctx_resource_get(ctx, "srx:default");
    int error;

    if (!srx) {
        if ((error = polyalign_srx_load_default(&srx, ctx)) < 0)
            return error;
        if ((error = ctx_resource_put(ctx, "srx:default", srx,
                                      destroy_srx)) < 0) {
            polyalign_srx_free(srx);
            return ctx_error(ctx, error, "out of memory");
        }
    }
    *out = srx;
    return 0;
}

int polyalign_splitter_new(struct polyalign_splitter **out,
                           struct polyalign_context *ctx,
                           const struct polyalign_srx *srx, const char *lang)
{
    struct polyalign_splitter *s = NULL;
    const struct srx_rule **rules = NULL;
    size_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    int error = 0;

    *out = NULL;
    if (!lang || !*lang)
        lang = "und";
    if (!srx && (error = default_rules(ctx, &srx)) < 0)
        goto cleanup;
    s = calloc(1, sizeof(*s));
    if (!s) {
        error = ctx_error(ctx, POLYALIGN_ENOMEM, "out of memory");
        goto cleanup;
    }
    s->ctx = ctx;
    s->use_icu = srx->use_icu;
    if ((error = srx_select(srx, lang, &rules, &n)) < 0) {
        error = ctx_error(ctx, error, "%s: cannot select rules for '%s'",
                          srx->name, lang);
        goto cleanup;
    }
    if ((error = build_groups(s, rules, n)) < 0)
        goto cleanup;
    if (s->use_icu) {
        s->bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
        if (U_FAILURE(st)) {
            error = ctx_error(ctx, POLYALIGN_EINTERNAL,
                              "ICU sentence break iterator for '%s': %s",
                              lang, u_errorName(st));
            goto cleanup;
        }
    }
    *out = s;
    s = NULL;

cleanup:
    free(rules);
    polyalign_splitter_free(s);
    return error;
}

void polyalign_splitter_free(struct polyalign_splitter *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ngroups; i++) {
        uregex_close(s->groups[i].re);
        uregex_close(s->groups[i].pre);
        lit_free(s->groups[i].lit);
    }
    free(s->groups);
    for (size_t i = 0; i < s->nscans; i++) {
        uregex_close(s->scans[i].re);
        free(s->scans[i].first);
    }
    free(s->scans);
    free(s->scan_union);
    uregex_close(s->scan_any);
    if (s->bi)
        ubrk_close(s->bi);
    free(s->u);
    free(s->offs);
    free(s->starts);
    free(s->cand);
    free(s->spans);
    free(s);
}

/* Decode the paragraph into s->u with the byte offset of every UTF-16
 * unit.  Returns its length, or -1 (error set) on invalid UTF-8. */
static int32_t decode(struct polyalign_splitter *s, const char *text,
                      size_t len)
{
    const uint8_t *t = (const uint8_t *)text;
    const uint8_t *first = s->scan_union;
    int32_t i = 0, j = 0, n = (int32_t)len;

    /* A UTF-8 text never has more UTF-16 units than bytes. */
    if (len + 1 > s->ucap) {
        UChar *nu = realloc(s->u, (len + 1) * sizeof(*nu));
        uint32_t *no;
        int32_t *ns;
        if (nu)
            s->u = nu;
        no = realloc(s->offs, (len + 1) * sizeof(*no));
        if (no)
            s->offs = no;
        ns = realloc(s->starts, (len + 1) * sizeof(*ns));
        if (ns)
            s->starts = ns;
        if (!nu || !no || !ns) {
            ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
            return -1;
        }
        s->ucap = len + 1;
    }
    s->nstarts = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        /* The common case first: a run of ASCII. */
        for (; i < n && t[i] < 0x80; i++, j++) {
            if ((s->ascii_first[t[i] >> 6] >> (t[i] & 63)) & 1)
                s->starts[s->nstarts++] = j;
            s->offs[j] = (uint32_t)i;
            s->u[j] = t[i];
        }
        if (i == n)
            break;
        at = i;
        U8_NEXT(t, i, n, c);
        if (c < 0) {
            ctx_error(s->ctx, POLYALIGN_EENCODING,
                      "invalid UTF-8 at byte offset %ld", (long)at);
            return -1;
        }
        /* Where the break rules' search may start (see scan_candidates). */
        if (first && c <= 0xFFFF && (first[c >> 3] & (1u << (c & 7))))
            s->starts[s->nstarts++] = j;
        s->offs[j] = (uint32_t)at;
        if (U_IS_BMP(c)) {
            s->u[j++] = (UChar)c;
        } else {
            s->offs[j + 1] = (uint32_t)at;
            s->u[j++] = U16_LEAD(c);
            s->u[j++] = U16_TRAIL(c);
        }
    }
    s->offs[j] = (uint32_t)len;
    return j;
}

static int add_candidate(struct polyalign_splitter *s, int32_t pos, int icu)
{
    if (s->ncand == s->candcap) {
        size_t cap = s->candcap ? s->candcap * 2 : 64;
        struct candidate *nc = realloc(s->cand, cap * sizeof(*nc));
        if (!nc)
            return POLYALIGN_ENOMEM;
        s->cand = nc;
        s->candcap = cap;
    }
    s->cand[s->ncand].pos = pos;
    s->cand[s->ncand].icu = icu;
    s->ncand++;
    return 0;
}

static int by_pos(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;

    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return y->icu - x->icu; /* ICU's first, so that it survives dedup */
}

static int add_span(struct polyalign_splitter *s, int32_t from, int32_t to)
{
    while (from < to && u_isUWhiteSpace(s->u[from]))
        from++;
    while (to > from && u_isUWhiteSpace(s->u[to - 1]))
        to--;
    if (from == to)
        return 0;
    if (s->nspans == s->spancap) {
        size_t cap = s->spancap ? s->spancap * 2 : 16;
        struct polyalign_span *ns = realloc(s->spans, cap * sizeof(*ns));
        if (!ns)
            return POLYALIGN_ENOMEM;
        s->spans = ns;
        s->spancap = cap;
    }
    s->spans[s->nspans].start = s->offs[from];
    s->spans[s->nspans].end = s->offs[to];
    s->nspans++;
    return 0;
}

/* The SRX decision at @pos: 1 break, 0 no break, -1 no rule matched. */
static int decide(struct polyalign_splitter *s, int32_t pos, int32_t n,
                  UErrorCode *st)
{
    for (size_t i = 0; i < s->ngroups; i++) {
        struct rule_group *g = &s->groups[i];
        int hit;

        if (g->lookbehind) {
            hit = g->lit && lit_match(s, g->lit, pos, st);
            if (!hit && g->re) {
                use_text(s, g->re, &g->re_gen, st);
                uregex_setRegion(g->re, pos, n, st);
                hit = uregex_lookingAt(g->re, -1, st);
            }
        } else {
            int32_t from = 0;
            if (g->pre) {
                use_text(s, g->pre, &g->pre_gen, st);
                uregex_setRegion(g->pre, pos, n, st);
                if (!uregex_lookingAt(g->pre, -1, st))
                    continue;
            }
            if (!g->from_start && pos > SEGMENT_LOOKBACK)
                from = pos - SEGMENT_LOOKBACK;
            use_text(s, g->re, &g->re_gen, st);
            uregex_setRegion(g->re, from, pos, st);
            hit = uregex_find(g->re, -1, st);
        }
        if (U_FAILURE(*st))
            return -1;
        if (hit)
            return g->brk;
    }
    return -1;
}

/* A match of a break rule's search over [i, e): its end, and the
 * positions inside it, are candidates (the rule may also match ending
 * there; decide() checks each exactly). */
static int add_match(struct polyalign_splitter *s, int32_t i, int32_t e,
                     int32_t n)
{
    int32_t q = e - i > 64 ? e : i + 1;
    int error = 0;

    for (; q <= e && error == 0; q++)
        if (q > 0 && q < n && !U16_IS_TRAIL(s->u[q]))
            error = add_candidate(s, q, 0);
    return error;
}

/* Propose candidates from every break rule, each searched on its own (an
 * alternation of rules would hide the matches of the later ones): from the
 * start positions decode() collected when the rule's first characters are
 * known, else over the whole paragraph. */
static int scan_candidates(struct polyalign_splitter *s, int32_t n,
                           UErrorCode *st)
{
    int error = 0;

    for (size_t r = 0; r < s->nscans && U_SUCCESS(*st); r++) {
        struct break_scan *k = &s->scans[r];
        if (k->first)
            continue;
        use_text(s, k->re, &k->gen, st);
        while (U_SUCCESS(*st) && uregex_findNext(k->re, st))
            if ((error = add_match(s, uregex_start(k->re, 0, st),
                                   uregex_end(k->re, 0, st), n)) < 0)
                return error;
    }
    if (!s->scan_any)
        return 0;
    use_text(s, s->scan_any, &s->scan_any_gen, st);
    for (size_t j = 0; j < s->nstarts && U_SUCCESS(*st); j++) {
        int32_t i = s->starts[j];
        UChar c = s->u[i];
        /* Usually no break rule matches here (ICU makes the common
         * breaks): one look-up says so for all of them. */
        uregex_setRegion(s->scan_any, i, n, st);
        if (!uregex_lookingAt(s->scan_any, -1, st))
            continue;
        for (size_t r = 0; r < s->nscans; r++) {
            struct break_scan *k = &s->scans[r];
            if (!k->first || !(k->first[c >> 3] & (1u << (c & 7))))
                continue;
            use_text(s, k->re, &k->gen, st);
            uregex_setRegion(k->re, i, n, st);
            if (uregex_lookingAt(k->re, -1, st) &&
                (error = add_match(s, i, uregex_end(k->re, 0, st), n)) < 0)
                return error;
        }
    }
    return 0;
}

int polyalign_splitter_split(struct polyalign_splitter *s, const char *text,
                             size_t len, const struct polyalign_span **spans,
                             size_t *count)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n, prev = 0;
    int error = 0;

    *spans = NULL;
    *count = 0;
    s->nspans = 0;
    s->ncand = 0;
    if (len > (size_t)INT32_MAX / 2)
        return ctx_error(s->ctx, POLYALIGN_ELIMIT,
                         "paragraph of %zu bytes is too long", len);
    if ((n = decode(s, text, len)) < 0)
        return polyalign_context_last_error_code(s->ctx);
    if (n == 0)
        goto done;

    s->gen++;
    s->ulen = n;
    if (s->bi) {
        ubrk_setText(s->bi, s->u, n, &st);
        for (int32_t b = ubrk_first(s->bi); U_SUCCESS(st) &&
             (b = ubrk_next(s->bi)) != UBRK_DONE && b < n;) {
            while (b > 0 && u_isUWhiteSpace(s->u[b - 1]))
                b--;
            if (b > 0 && (error = add_candidate(s, b, 1)) < 0)
                goto nomem;
        }
    }
    if (s->nscans && (error = scan_candidates(s, n, &st)) < 0)
        goto nomem;
    if (U_FAILURE(st))
        goto icu_failed;
    if (s->ncand > 1)
        qsort(s->cand, s->ncand, sizeof(*s->cand), by_pos);

    for (size_t i = 0; i < s->ncand; i++) {
        int32_t p = s->cand[i].pos;
        int d;
        if (i > 0 && s->cand[i - 1].pos == p)
            continue;
        d = decide(s, p, n, &st);
        if (U_FAILURE(st))
            goto icu_failed;
        if (d == 1 || (d < 0 && s->cand[i].icu)) {
            if ((error = add_span(s, prev, p)) < 0)
                goto nomem;
            prev = p;
        }
    }
    if ((error = add_span(s, prev, n)) < 0)
        goto nomem;

done:
    *spans = s->spans;
    *count = s->nspans;
    return 0;

nomem:
    return ctx_error(s->ctx, POLYALIGN_ENOMEM, "out of memory");
icu_failed:
    return ctx_error(s->ctx, POLYALIGN_EINTERNAL, "ICU: %s",
                     u_errorName(st));
}
