/* The subcommands: one cmd_<verb>.c each. */
#ifndef POLYALIGN_CLI_COMMANDS_H
#define POLYALIGN_CLI_COMMANDS_H

struct polyalign_context;

/* One declaration per subcommand. */
int cmd_normalize(struct polyalign_context *ctx, int argc, char **argv);
int cmd_detect(struct polyalign_context *ctx, int argc, char **argv);
int cmd_split(struct polyalign_context *ctx, int argc, char **argv);
int cmd_tmx(struct polyalign_context *ctx, int argc, char **argv);
int cmd_align(struct polyalign_context *ctx, int argc, char **argv);
int cmd_compare(struct polyalign_context *ctx, int argc, char **argv);
int cmd_eval(struct polyalign_context *ctx, int argc, char **argv);

#endif
