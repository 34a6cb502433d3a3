/* cli_check.c: `postcheck check`: checks one post given as arguments, a
 * file or stdin, and prints findings the way linters do, or the
 * protocol's result object with --json.
 *
 * Output: one line per finding, "line:col severity category message
 * [clause]"; line and column are 1-based, the column counts characters
 * (code points). A finding about the whole post is placed at 1:1; one
 * about an attachment starts with the attachment's name instead. Lines
 * are sorted by position (whole post, text, attachments); --json keeps
 * the engine's order, as the protocol does.
 * Limits: input up to MAX_POST_BYTES bytes, MAX_ATTACH attachments. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "postcheck/log.h"
#include "postcheck/protocol.h"
#include "postcheck/rules.h"
#include "postcheck/text.h"

#define MAX_ATTACH 64
#define MAX_POST_BYTES (64u * 1024u * 1024u)

typedef struct check_opts {
    const char *policy;
    const char *file;        /* -f FILE, or "-" for stdin */
    const char *now;
    int json;
    pc_post post;
    pc_attachment att[MAX_ATTACH];
    char *att_names[MAX_ATTACH]; /* owned */
    const char *images[MAX_ATTACH]; /* --image PATH of the slot, or NULL */
    char *text;                  /* owned */
    size_t text_len;
} check_opts;

/* Parses NAME[:DHASH] into the next attachment. */
static int add_attach(check_opts *o, const char *spec)
{
    const char *colon = strrchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
    pc_attachment *a;
    char *name;

    if (o->post.n_attachments >= MAX_ATTACH) {
        pc_log_print("postcheck: at most %d --attach\n", MAX_ATTACH);
        return -1;
    }
    a = &o->att[o->post.n_attachments];
    if (colon && pc_parse_dhash(colon + 1, &a->dhash) != PC_OK) {
        pc_log_print("postcheck: --attach %s: the dHash after ':' must "
                "be 16 hex digits\n", spec);
        return -1;
    }
    name = malloc(n + 1);
    if (!name) {
        return -1;
    }
    memcpy(name, spec, n);
    name[n] = '\0';
    o->att_names[o->post.n_attachments] = name;
    a->kind = "image";
    a->name = name;
    a->has_dhash = colon != NULL;
    o->post.n_attachments++;
    return 0;
}

/* Keeps the next attachment for image file path, read once the pack is
 * known (read_images), since vision looks for the pack's logos. */
static int add_image(check_opts *o, const char *path)
{
    size_t k = o->post.n_attachments;

    if (k >= MAX_ATTACH) {
        pc_log_print("postcheck: at most %d attachments\n", MAX_ATTACH);
        return -1;
    }
    o->images[k] = path;
    o->post.n_attachments++;
    return 0;
}

/* Reads the --image files into their attachments (cli_image.c). */
static int read_images(check_opts *o, const pc_pack *pack)
{
    for (size_t k = 0; k < o->post.n_attachments; k++) {
        if (o->images[k] &&
            pc_cli_image(o->images[k], pack, &o->att[k],
                         &o->att_names[k]) != 0) {
            return -1;
        }
    }
    return 0;
}

/* Handles the option at argv[*i]. Returns 0, or -1 on a usage error. */
static int parse_option(check_opts *o, int argc, char **argv, int *i)
{
    static const char *const names[] = {"--policy", "--handle",
        "--display-name", "--site", "--now", "--attach", "--image", "-f"};
    const char **slots[] = {&o->policy, &o->post.handle,
        &o->post.display_name, &o->post.site, &o->now, NULL, NULL,
        &o->file};
    const char *arg = argv[*i], *v;
    size_t k;

    if (strcmp(arg, "--json") == 0) {
        o->json = 1;
        return 0;
    }
    if (strcmp(arg, "--personal") == 0 || strcmp(arg, "--official") == 0) {
        o->post.account = arg[2] == 'p' ? PC_ACCOUNT_PERSONAL
                                        : PC_ACCOUNT_OFFICIAL;
        return 0;
    }
    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        int r = pc_cli_opt_value(argc, argv, i, names[k], &v);
        if (r < 0) {
            return -1;
        }
        if (r > 0 && !slots[k]) {
            return names[k][2] == 'a' ? add_attach(o, v) : add_image(o, v);
        }
        if (r > 0) {
            *slots[k] = v;
            return 0;
        }
    }
    pc_log_print("postcheck: check: unknown option '%s'\n", arg);
    return -1;
}

/* Reads all of f into o->text. */
static int read_all(check_opts *o, FILE *f, const char *what)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);

    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0 || len > MAX_POST_BYTES) {
            break;
        }
        if (len == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (!buf || ferror(f) || len > MAX_POST_BYTES) {
        pc_log_print("postcheck: cannot read %s%s\n", what,
                len > MAX_POST_BYTES ? ": over 64 MiB" : "");
        free(buf);
        return -1;
    }
    o->text = buf;
    o->text_len = len;
    return 0;
}

/* Joins the words argv[first..argc) with spaces into o->text. */
static int join_words(check_opts *o, char **words, int n)
{
    size_t len = 0;
    int k;

    for (k = 0; k < n; k++) {
        len += strlen(words[k]) + 1;
    }
    o->text = calloc(len + 1, 1);
    if (!o->text) {
        return -1;
    }
    for (k = 0; k < n; k++) {
        strcat(o->text, words[k]);
        if (k + 1 < n) {
            strcat(o->text, " ");
        }
    }
    o->text_len = strlen(o->text);
    return 0;
}

/* Gets the post's text from words, -f FILE or stdin. */
static int get_text(check_opts *o, char **words, int n_words)
{
    FILE *f;
    int rc;

    if (n_words > 0 && o->file) {
        pc_log_print("%s", "postcheck: check: give TEXT or -f FILE, not both\n");
        return -1;
    }
    if (n_words > 0) {
        return join_words(o, words, n_words);
    }
    if (!o->file || strcmp(o->file, "-") == 0) {
        if (isatty(0)) {
            pc_log_print("%s", "postcheck: reading the post from the terminal; end it "
                  "with Ctrl-D\n");
        }
        return read_all(o, stdin, "standard input");
    }
    f = fopen(o->file, "rb");
    if (!f) {
        pc_log_print("%s: %s\n", o->file, strerror(errno));
        return -1;
    }
    rc = read_all(o, f, o->file);
    fclose(f);
    return rc;
}

/* Parses argv; words (the TEXT arguments) are collected into words. */
static int parse_args(check_opts *o, int argc, char **argv, char **words,
                      int *n_words)
{
    int i, options = 1;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options && strcmp(arg, "--") == 0) {
            options = 0;
        } else if (options && strcmp(arg, "-") == 0) {
            o->file = "-";
        } else if (options && arg[0] == '-') {
            if (parse_option(o, argc, argv, &i) != 0) {
                return -1;
            }
        } else {
            words[(*n_words)++] = argv[i];
        }
    }
    if (o->now && pc_post_set_now(&o->post, o->now) != PC_OK) {
        pc_log_print("postcheck: --now %s: not an ISO 8601 time such as "
                "2026-11-23T10:15:00\n", o->now);
        return -1;
    }
    return 0;
}

/* The pack named by --policy, or the first one (saying so on stderr),
 * prepared for checking. */
static const pc_pack *pick_pack(pc_packset *ps, const char *id)
{
    const pc_pack *p;
    pc_error err;

    if (!id && pc_packset_count(ps) == 0) {
        pc_log_print("%s", "postcheck: no policy packs are loaded\n");
        return NULL;
    }
    if (!id) {
        id = pc_pack_id(pc_packset_at(ps, 0));
        pc_log_print("postcheck: checking against '%s', the first "
                "policy; choose one with --policy ID\n", id);
    }
    pc_error_clear(&err);
    p = pc_packset_ready(ps, id, &err);
    if (!p && err.code == PC_ERR_POLICY) {
        pc_log_print("postcheck: unknown policy '%s' (see postcheck "
                "policy list)\n", id);
    } else if (!p) {
        pc_log_print("postcheck: policy '%s' cannot be prepared: %s\n",
                id, err.text);
    }
    return p;
}

/* Line and column (1-based, column in characters) of UTF-16 offset u16. */
static void line_col(const char *s, size_t len, long u16, long *line,
                     long *col)
{
    pc_text_cursor c;
    size_t end;

    pc_text_cursor_init(&c, s, len);
    end = pc_text_cursor_to_u16(&c, u16 > 0 ? (size_t)u16 : 0);
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < end; i += pc_utf8_seq_len((unsigned char)s[i])) {
        if (s[i] == '\n') {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
    }
}

/* Prints one finding as a linter line. */
static void print_finding(const check_opts *o, const pc_finding *f)
{
    long line = 1, col = 1;

    if (f->attachment >= 0 && (size_t)f->attachment < o->post.n_attachments) {
        printf("%s ", o->att[f->attachment].name);
    } else {
        if (f->start >= 0) {
            line_col(o->text, o->text_len, f->start, &line, &col);
        }
        printf("%ld:%ld ", line, col);
    }
    printf("%s %s %s", pc_severity_name(f->severity), f->category,
           f->message);
    printf(f->clause ? " [%s]\n" : "\n", f->clause);
}

/* Where a finding sorts in the text output: whole-post findings first,
 * then spans by position, then attachments by index. */
static long sort_key(const pc_finding *f)
{
    if (f->attachment >= 0) {
        return LONG_MAX / 2 + f->attachment;
    }
    return f->start;
}

static int by_position(const void *a, const void *b)
{
    const pc_finding *x = *(const pc_finding *const *)a;
    const pc_finding *y = *(const pc_finding *const *)b;
    long kx = sort_key(x), ky = sort_key(y);

    if (kx != ky) {
        return kx < ky ? -1 : 1;
    }
    /* Equal places keep the engine's order (rule order). */
    return x < y ? -1 : x > y;
}

/* Prints the findings as linter lines, in order of position. */
static int print_lines(const check_opts *o, const pc_findings *found)
{
    const pc_finding **order = calloc(found->n + 1, sizeof *order);
    size_t i;

    if (!order) {
        pc_log_print("%s", "postcheck: out of memory\n");
        return -1;
    }
    for (i = 0; i < found->n; i++) {
        order[i] = &found->v[i];
    }
    qsort(order, found->n, sizeof *order, by_position);
    for (i = 0; i < found->n; i++) {
        print_finding(o, order[i]);
    }
    free(order);
    /* A rule cut short is said, never passed over in silence. */
    for (i = 0; i < found->n_limited; i++) {
        printf("-: not fully checked: rule %s (%s)\n",
               found->limited[i].rule, found->limited[i].why);
    }
    if (found->dropped > 0) {
        printf("-: %zu more findings not shown\n", found->dropped);
    }
    return 0;
}

/* Prints the protocol's result object. */
static int print_json(const pc_pack *pack, const pc_findings *found,
                      long elapsed_us)
{
    size_t len;
    char *js = pc_protocol_result_json(pc_pack_id(pack), found, elapsed_us,
                                       SIZE_MAX, &len);

    if (!js) {
        pc_log_print("%s", "postcheck: out of memory\n");
        return -1;
    }
    fwrite(js, 1, len, stdout);
    putchar('\n');
    free(js);
    return 0;
}

/* Prints the findings (text or JSON); returns the exit status. */
static int report(const check_opts *o, const pc_pack *pack,
                  const pc_findings *found, long elapsed_us)
{
    int worst = PC_EXIT_OK;
    size_t i;

    for (i = 0; i < found->n; i++) {
        if (found->v[i].severity >= PC_SEV_WARNING) {
            worst = PC_EXIT_FOUND;
        }
    }
    if ((o->json ? print_json(pack, found, elapsed_us)
                 : print_lines(o, found)) != 0) {
        return PC_EXIT_USAGE;
    }
    return worst;
}

/* Checks o's post against pack and reports. */
static int run(check_opts *o, const pc_pack *pack)
{
    pc_findings found = {0};
    pc_error err;
    pc_status st;
    struct timespec t0, t1;
    int rc;

    pc_error_clear(&err);
    o->post.text = o->text;
    o->post.text_len = o->text_len;
    o->post.attachments = o->att;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = pc_check(pack, &o->post, &found, NULL, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st != PC_OK) {
        pc_log_print("postcheck: %s%s%s\n", pc_strerror(st),
                err.text[0] ? ": " : "", err.text);
        pc_findings_free(&found);
        return PC_EXIT_USAGE;
    }
    rc = report(o, pack, &found,
                (t1.tv_sec - t0.tv_sec) * 1000000L +
                    (t1.tv_nsec - t0.tv_nsec) / 1000);
    pc_findings_free(&found);
    return rc;
}

int pc_cli_check(int argc, char **argv, const pc_cli_globals *g)
{
    check_opts o;
    char **words = calloc((size_t)argc + 1, sizeof *words);
    int n_words = 0, rc = PC_EXIT_USAGE;
    pc_packset *ps = NULL;
    const pc_pack *pack;
    size_t i;

    memset(&o, 0, sizeof o);
    o.post.account = PC_ACCOUNT_OFFICIAL;
    if (!words || parse_args(&o, argc, argv, words, &n_words) != 0 ||
        get_text(&o, words, n_words) != 0) {
        goto out;
    }
    ps = pc_cli_load(g);
    pack = ps ? pick_pack(ps, o.policy) : NULL;
    if (pack && read_images(&o, pack) == 0) {
        rc = run(&o, pack);
    }
out:
    for (i = 0; i < o.post.n_attachments; i++) {
        free(o.att_names[i]);
    }
    free(o.text);
    free(words);
    pc_packset_free(ps);
    return rc;
}
