/* polyalign eval: strict and lax precision, recall and F1 of system
 * alignments against gold ones. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"

static void eval_usage(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign eval --gold GOLD... --system SYSTEM... "
        "[--per-doc]\n"
        "       polyalign eval [--per-doc] GOLD_DIR SYSTEM_DIR\n"
        "\n"
        "Score alignments (bead files, one `[i, j]:[k]` a line, 0-based,\n"
        "`[]` for an empty side, an optional `:confidence` ignored) against\n"
        "gold ones, as published sentence-alignment results are scored:\n"
        "strict hits are identical beads; lax hits share a source-target\n"
        "pair with a gold bead.  Precision runs over all system beads,\n"
        "recall over gold beads with both sides non-empty; counts are\n"
        "summed over all documents.  The i-th GOLD goes with the i-th\n"
        "SYSTEM; with two folders, files with the same name are paired.\n"
        "\n"
        "  --per-doc   a line per document before the total\n"
        "  -h, --help  this help\n");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* The regular files of @dir, sorted, as paths; NULL on error. */
static char **list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t n = 0, cap = 0;

    *count = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        char *p;

        if (e->d_name[0] == '.')
            continue;
        p = join_path(dir, e->d_name);
        if (!p || is_dir(p)) {
            free(p);
            continue;
        }
        if (n == cap) {
            char **nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));

            if (!nv) {
                free(p);
                break;
            }
            v = nv;
        }
        v[n++] = p;
    }
    closedir(d);
    if (v)
        qsort(v, n, sizeof(*v), cmp_str);
    *count = n;
    return v ? v : calloc(1, sizeof(*v));
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');

    return s ? s + 1 : p;
}

static void print_row(const char *name, const struct polyalign_eval_counts *c)
{
    struct polyalign_eval_scores s;

    polyalign_eval_scores(c, &s);
    printf("%-24s %6zu %6zu  %.4f %.4f %.4f  %.4f %.4f %.4f\n", name,
           c->gold, c->system, s.strict_p, s.strict_r, s.strict_f1, s.lax_p,
           s.lax_r, s.lax_f1);
}

int cmd_eval(struct polyalign_context *ctx, int argc, char **argv)
{
    char **gold = NULL, **sys = NULL;
    size_t ngold = 0, nsys = 0;
    int per_doc = 0, rc = EXIT_OK, error, owned = 0;
    const char *pos[2];
    int npos = 0, mode = 0; /* 1: after --gold, 2: after --system */
    struct polyalign_eval_counts total = {0};

    gold = calloc((size_t)argc + 1, sizeof(*gold));
    sys = calloc((size_t)argc + 1, sizeof(*sys));
    if (!gold || !sys) {
        rc = cli_fail(ctx, POLYALIGN_ENOMEM);
        goto cleanup;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            eval_usage(stdout);
            goto cleanup;
        } else if (strcmp(a, "--per-doc") == 0) {
            per_doc = 1;
        } else if (strcmp(a, "--gold") == 0) {
            mode = 1;
        } else if (strcmp(a, "--system") == 0) {
            mode = 2;
        } else if (a[0] == '-' && a[1] == '-') {
            rc = cli_usage_error("eval", "unknown option '%s'", a);
            goto cleanup;
        } else if (mode == 1) {
            gold[ngold++] = argv[i];
        } else if (mode == 2) {
            sys[nsys++] = argv[i];
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            rc = cli_usage_error("eval", "too many arguments");
            goto cleanup;
        }
    }
    if (npos == 2 && ngold == 0 && nsys == 0) {
        size_t n;
        char **g;

        if (!is_dir(pos[0]) || !is_dir(pos[1])) {
            rc = cli_usage_error("eval", "'%s' and '%s' must be folders "
                                 "(or use --gold and --system)",
                                 pos[0], pos[1]);
            goto cleanup;
        }
        free(gold);
        free(sys);
        sys = NULL;
        gold = list_dir(pos[0], &n);
        if (!gold) {
            fprintf(stderr, "polyalign: error: cannot read folder %s\n",
                    pos[0]);
            rc = EXIT_INPUT;
            goto cleanup;
        }
        owned = 1;
        ngold = n;
        g = gold;
        sys = calloc(n + 1, sizeof(*sys));
        if (!sys) {
            rc = cli_fail(ctx, POLYALIGN_ENOMEM);
            goto cleanup;
        }
        for (size_t k = 0; k < n; k++) {
            sys[k] = join_path(pos[1], base_name(g[k]));
            if (!sys[k]) {
                rc = cli_fail(ctx, POLYALIGN_ENOMEM);
                goto cleanup;
            }
        }
        nsys = n;
    } else if (npos) {
        rc = cli_usage_error("eval", "give --gold and --system, or two "
                                     "folders");
        goto cleanup;
    }
    if (ngold == 0 || ngold != nsys) {
        rc = cli_usage_error("eval", "%zu gold and %zu system files: give "
                             "as many of each (at least one)", ngold, nsys);
        goto cleanup;
    }
    if (per_doc)
        printf("%-24s %6s %6s  %-20s  %-20s\n", "", "gold", "system",
               "strict P / R / F1", "lax P / R / F1");
    for (size_t k = 0; k < ngold; k++) {
        struct polyalign_beadset *g = NULL, *s = NULL;
        struct polyalign_eval_counts doc = {0};

        if ((error = polyalign_beadset_load_file(&g, ctx, gold[k])) < 0 ||
            (error = polyalign_beadset_load_file(&s, ctx, sys[k])) < 0 ||
            (error = polyalign_eval_add(&doc, g, s)) < 0) {
            polyalign_beadset_free(g);
            polyalign_beadset_free(s);
            rc = cli_fail(ctx, error);
            goto cleanup;
        }
        polyalign_beadset_free(g);
        polyalign_beadset_free(s);
        if (per_doc)
            print_row(base_name(gold[k]), &doc);
        total.system += doc.system;
        total.p_strict_hits += doc.p_strict_hits;
        total.p_lax_hits += doc.p_lax_hits;
        total.gold += doc.gold;
        total.r_strict_hits += doc.r_strict_hits;
        total.r_lax_hits += doc.r_lax_hits;
    }
    if (per_doc) {
        char label[64];

        snprintf(label, sizeof(label), "all (%zu documents)", ngold);
        print_row(label, &total);
    } else {
        struct polyalign_eval_scores s;

        polyalign_eval_scores(&total, &s);
        printf("documents %zu, gold beads %zu, system beads %zu\n", ngold,
               total.gold, total.system);
        printf("strict  P %.4f  R %.4f  F1 %.4f\n", s.strict_p, s.strict_r,
               s.strict_f1);
        printf("lax     P %.4f  R %.4f  F1 %.4f\n", s.lax_p, s.lax_r,
               s.lax_f1);
    }
cleanup:
    if (owned) {
        for (size_t k = 0; k < ngold; k++)
            free(gold[k]);
        for (size_t k = 0; sys && k < nsys; k++)
            free(sys[k]);
    }
    free(gold);
    free(sys);
    return rc;
}
