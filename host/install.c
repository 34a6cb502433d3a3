/* install.c: `postcheck install|uninstall|doctor`, registering the native
 * messaging host with browsers. First version: parses options only. */
#include <stdio.h>
#include <string.h>

#include "postcheck/install.h"

static int usage(FILE *out)
{
    fprintf(out, "usage: postcheck install|uninstall|doctor "
                 "[--browser NAME | --all] [--system] [--dry-run]\n");
    return 2;
}

int pc_install_main(int argc, char **argv)
{
    int i;

    if (argc < 1) {
        return usage(stderr);
    }
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
    }
    fprintf(stderr, "postcheck %s: not implemented yet\n", argv[0]);
    return 1;
}
