/* main.c: the postcheck command line: global options, then dispatch to a
 * subcommand (host/cli_*.c, host/install.c). A browser starting the host
 * is recognised by its arguments and sent to native messaging. Nothing
 * here writes to stdout except --help and --version. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "grow.h"
#include "postcheck/config.h"
#include "postcheck/install.h"
#include "postcheck/log.h"

#define MAX_POLICY_DIRS 32

static const char usage_text[] =
    "Usage: postcheck [--policy-dir DIR]... COMMAND [OPTIONS]\n"
    "\n"
    "Checks social-media posts against your organisation's policy.\n"
    "\n"
    "Commands:\n"
    "  check [TEXT | -f FILE | -]   check a post (stdin when no TEXT)\n"
    "      --policy ID      policy pack to use (default: the first one)\n"
    "      --official       post from an official account (default)\n"
    "      --personal       post from a personal account\n"
    "      --handle @NAME   the account's handle\n"
    "      --display-name N the account's display name\n"
    "      --site HOST      the site (x.com, facebook.com, ...)\n"
    "      --attach NAME[:DHASH]  an attached image (repeatable); DHASH is\n"
    "                       its 64-bit difference hash, 16 hex digits\n"
    "      --image PATH     an image file (JPEG, PNG, WebP; repeatable):\n"
    "                       decoded in the postcheck-vision helper, faces\n"
    "                       counted, dHash taken; at most 50 megapixels\n"
    "      --now ISO        local time of posting (2026-11-23T10:15:00)\n"
    "      --json           print the protocol's result object\n"
    "    Prints one finding per line: line:col severity category message\n"
    "    [clause] (col counts characters; an attachment's finding starts\n"
    "    with its name); then a line per rule not fully checked (its\n"
    "    time budget ran out or a pattern hit a match limit). Put --\n"
    "    before TEXT that starts with '-'.\n"
    "    Exit 0: nothing at warning or above; 1: findings; 2: usage or\n"
    "    input error.\n"
    "  policy list          list the policy packs\n"
    "  policy show ID       describe a pack's rules\n"
    "  policy lint FILE...  validate packs and run their examples\n"
    "  policy detectors     list the built-in detectors\n"
    "  audit --policy ID [--personal|--official] [--out DIR] ARCHIVE\n"
    "                       check every post of an X, Facebook, Instagram\n"
    "                       or LinkedIn archive (.zip or its folder), each\n"
    "                       as of its own date; writes DIR/report.html,\n"
    "                       findings.jsonl and findings.csv (default DIR:\n"
    "                       postcheck-report). Posts reviewed with --ack\n"
    "                       are left out unless changed (--all shows them).\n"
    "                       Images are looked at for logos and faces\n"
    "                       (--no-images: by name only)\n"
    "  audit --ack DIR/ack.json   mark the report's posts as reviewed\n"
    "  serve                native messaging on stdin/stdout\n"
    "  install | uninstall | doctor   register the host with browsers\n"
    "  model features | score NAME | list   the trained models' inputs\n"
    "                       and scores (for training; stdin: one JSON\n"
    "                       string per line)\n"
    "\n"
    "Global options:\n"
    "  --policy-dir DIR     also load every *.json pack in DIR\n"
    "  --help, --version\n"
    "\n"
    "Started by a browser (Chrome: chrome-extension://ID/; Firefox: the\n"
    "manifest path and add-on id) it serves native messaging, for the\n"
    "postcheck extension only. POSTCHECK_ALLOW_ORIGINS (comma-separated\n"
    "extension ids or origins) allows others, for development.\n"
    "POSTCHECK_LOG=error|warn|info|debug sets how much goes to stderr.\n"
    "Protocol: docs/PROTOCOL.md.\n";

/* Runs the command at argv[0]. */
static int dispatch(int argc, char **argv, const pc_cli_globals *g)
{
    const char *cmd = argv[0];

    if (strcmp(cmd, "check") == 0) {
        return pc_cli_check(argc, argv, g);
    }
    if (strcmp(cmd, "policy") == 0) {
        return pc_cli_policy(argc, argv, g);
    }
    if (strcmp(cmd, "model") == 0) {
        return pc_cli_model(argc, argv, g);
    }
    if (strcmp(cmd, "audit") == 0) {
        return pc_cli_audit(argc, argv, g);
    }
    if (strcmp(cmd, "serve") == 0) {
        return pc_cli_serve(argc, argv, g);
    }
    if (strcmp(cmd, "install") == 0 || strcmp(cmd, "uninstall") == 0 ||
        strcmp(cmd, "doctor") == 0) {
        return pc_install_main(argc, argv);
    }
    if (strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return PC_EXIT_OK;
    }
    pc_log_print("postcheck: unknown command '%s' (see postcheck "
            "--help)\n", cmd);
    return PC_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    const char *dirs[MAX_POLICY_DIRS];
    pc_cli_globals g = {dirs, 0};
    int i = 1;

    pc_log_from_env();
    pc__heap_init(0); /* grow.h */
    if (pc_cli_is_browser(argc, argv)) {
        return pc_cli_browser(argc, argv, &g);
    }
    while (i < argc && argv[i][0] == '-') {
        const char *dir;
        int r = pc_cli_opt_value(argc, argv, &i, "--policy-dir", &dir);
        if (r < 0) {
            return PC_EXIT_USAGE;
        }
        if (r > 0 && g.n_policy_dirs < MAX_POLICY_DIRS) {
            dirs[g.n_policy_dirs++] = dir;
        } else if (r > 0) {
            pc_log_print("%s", "postcheck: too many --policy-dir options\n");
            return PC_EXIT_USAGE;
        } else if (strcmp(argv[i], "--help") == 0 ||
                   strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return PC_EXIT_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("postcheck %s (protocol %d)\n", PC_VERSION, PC_PROTOCOL);
            return PC_EXIT_OK;
        } else {
            pc_log_print("postcheck: unknown option '%s' (see "
                    "postcheck --help)\n", argv[i]);
            return PC_EXIT_USAGE;
        }
        i++;
    }
    if (i >= argc) {
        pc_log_print("%s", usage_text);
        return PC_EXIT_USAGE;
    }
    return dispatch(argc - i, argv + i, &g);
}
