/* The subcommands: one cmd_<verb>.c each. */
#ifndef POLYALIGN_CLI_COMMANDS_H
#define POLYALIGN_CLI_COMMANDS_H

#include <stddef.h>

struct polyalign_context;

/* One declaration per subcommand. */
int cmd_normalize(struct polyalign_context *ctx, int argc, char **argv);
int cmd_detect(struct polyalign_context *ctx, int argc, char **argv);
int cmd_split(struct polyalign_context *ctx, int argc, char **argv);
int cmd_tmx(struct polyalign_context *ctx, int argc, char **argv);
int cmd_align(struct polyalign_context *ctx, int argc, char **argv);
int cmd_compare(struct polyalign_context *ctx, int argc, char **argv);
int cmd_eval(struct polyalign_context *ctx, int argc, char **argv);
int cmd_report(struct polyalign_context *ctx, int argc, char **argv);

/* The review page (cmd_report.c) of align's and compare's results, written
 * to @output ("-" or NULL: standard output); they return an exit status. */
struct polyalign_doc;
struct polyalign_multi;
struct polyalign_compare;
struct polyalign_evidence_options;
int cli_report_multi(struct polyalign_context *ctx,
                     struct polyalign_doc *const *docs,
                     const char *const *paths, size_t n,
                     const struct polyalign_multi *m,
                     const struct polyalign_evidence_options *eopts,
                     const char *output);
int cli_report_compare(struct polyalign_context *ctx,
                       struct polyalign_doc *const *docs,
                       const char *const *paths, size_t n,
                       const struct polyalign_compare *cmp,
                       double threshold, const char *output);

#endif
