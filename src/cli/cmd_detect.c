/* polyalign detect: what encoding and language polyalign decides, and why. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static void help(FILE *fp)
{
    fprintf(fp,
        "Usage: polyalign detect [options] FILE...\n"
        "\n"
        "Print, for each FILE, the encoding and language polyalign decides\n"
        "and why: FILE, encoding, language, script, method (option,\n"
        "filename, hunspell, script), confidence, reason; tab-separated.\n"
        "\n"
        "Options:\n"
        "  -e, --encoding E   charset of the input; default: detected\n"
        "      --no-filename  ignore language tags in file names\n"
        "  -h, --help         this help\n");
}

int cmd_detect(struct polyalign_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"encoding", required_argument, NULL, 'e'},
        {"no-filename", no_argument, NULL, 'N'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct polyalign_doc_options opts = {0};
    int c, no_filename = 0, rc = EXIT_OK;

    optind = 1;
    while ((c = getopt_long(argc, argv, "e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': opts.encoding = optarg; break;
        case 'N': no_filename = 1; break;
        case 'h': help(stdout); return EXIT_OK;
        default: return cli_usage_error("detect", "bad option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("detect", "no input FILE");
    for (int i = optind; i < argc; i++) {
        struct polyalign_doc *doc = NULL;
        const struct polyalign_langid *id;
        struct polyalign_langid detected;
        const char *text;
        size_t len;
        int error = polyalign_doc_load_file(&doc, ctx, argv[i], &opts);

        if (error < 0) {
            rc = cli_fail(ctx, error);
            continue;
        }
        id = polyalign_doc_langid(doc);
        if (no_filename && strcmp(id->method, "filename") == 0) {
            text = polyalign_doc_text(doc, &len);
            if (polyalign_langid_detect(ctx, text, len, &detected) == 0)
                id = &detected;
        }
        printf("%s\t%s\t%s\t%s\t%s\t%.2f\t%s\n", argv[i],
               polyalign_doc_encoding(doc), id->lang, id->script, id->method,
               id->confidence, id->reason);
        polyalign_doc_free(doc);
    }
    return rc;
}
