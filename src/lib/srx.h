/* Private part of the SRX module: the parsed rule file.
 *
 * An SRX 2.0 document (LISA SRX 2.0, section 2) is a list of named language
 * rules, each an ordered list of break / no-break rules, and an ordered list
 * of language maps (regular expressions over language codes) that choose the
 * language rules for a language.  The parsed form is immutable after loading
 * and shared read-only between splitters and threads; each splitter compiles
 * its own matchers (src/lib/segment.c). */
#ifndef POLYALIGN_LIB_SRX_H
#define POLYALIGN_LIB_SRX_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

#include "polyalign/segment.h"

struct srx_rule {
    int brk;      /* break="yes" */
    char *before; /* beforebreak regex (UTF-8), "" when absent */
    char *after;  /* afterbreak regex (UTF-8), "" when absent */
    int line;     /* line of the <rule> element, for messages */
};

struct srx_langrule {
    char *name;
    struct srx_rule *rules;
    size_t count;
};

struct srx_map {
    char *pattern; /* languagepattern */
    size_t langrule; /* index into langrules */
    int line;
};

struct polyalign_srx {
    char *name;        /* file name or caller's name, for messages */
    int cascade;       /* header cascade="yes" (SRX 2.0, 2.4.2) */
    int use_icu;       /* Okapi extension: useIcu4jBreakRules="yes" */
    struct srx_langrule *langrules;
    size_t nlangrules;
    struct srx_map *maps;
    size_t nmaps;
    size_t nrules;
};

/* The rules that apply to @lang, in order: the language rules of the first
 * matching language map, or with cascade those of every matching map in map
 * order (SRX 2.0, 2.4.2).  @out receives a new array of borrowed pointers to
 * free with free(); it may be empty.  Returns 0, POLYALIGN_ENOMEM or
 * POLYALIGN_EINTERNAL. */
int srx_select(const struct polyalign_srx *srx, const char *lang,
               const struct srx_rule ***out, size_t *count);

/* A beforebreak that is a finite set of literal strings (most abbreviation
 * rules: "\b(M|Mme|[Dd]r)\."), which the splitter looks up in a hash table
 * instead of running a regular expression. */
#define SRX_LIT_MAX_LEN 48     /* UTF-16 units per string */
#define SRX_LIT_MAX_COUNT 4096 /* strings per rule */

struct srx_lits {
    uint16_t *pool;    /* the strings, UTF-16, back to back */
    uint32_t *start;   /* offset of string i in pool; start[count] = end */
    unsigned char *wb; /* string i must start at a word boundary (\b) */
    size_t count;
};

/* Expand @before into @out when it only uses literals, escaped
 * punctuation, classes of literal characters, groups with alternatives,
 * '?', \s (stored as U+0020, matching any white space) and \b at the
 * start.  Returns 1 (expanded; free with srx_lits_free), 0 (not a literal
 * set) or POLYALIGN_ENOMEM. */
int srx_expand_literals(const char *before, struct srx_lits *out);
void srx_lits_free(struct srx_lits *lits);

/* Convert UTF-8 @s to a newly allocated NUL-terminated UTF-16 string;
 * NULL on ENOMEM or invalid UTF-8.  @len receives its length. */
UChar *srx_utf16(const char *s, int32_t *len);

#endif
