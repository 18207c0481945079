/* The subcommands: one cmd_<verb>.c each. */
#ifndef POLYALIGN_CLI_COMMANDS_H
#define POLYALIGN_CLI_COMMANDS_H

struct polyalign_context;

/* One declaration per subcommand. */

#endif
