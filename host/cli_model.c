/* cli_model.c: `postcheck model ...`, the trained models' development
 * commands (not listed in --help's summary of everyday commands):
 *
 *   postcheck model features   each line of stdin is one JSON string (a
 *                              post); prints the bucket indices of the
 *                              features of each of its units (judge.h:
 *                              the whole post, then each sentence when
 *                              there are two or more), units separated by
 *                              '|', one line per post, for the training
 *                              script
 *   postcheck model score NAME each line a JSON string; prints the
 *                              model's score of the whole post and the
 *                              highest of its sentences (a rule flags
 *                              when the higher of the two reaches its
 *                              threshold)
 *   postcheck model list       the built-in models and their sizes
 *
 * The text is read from stdin and never written anywhere but stdout. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "postcheck/log.h"
#include "postcheck/judge.h"

#define LINE_CAP (1u << 20)

static const char model_usage[] =
    "usage: postcheck model features | score NAME | list\n"
    "  (stdin: one JSON string per line, a post each)\n";

/* Prints one post's result: its features or its scores. */
static void print_one(const pc_units *u, const pc_model *m)
{
    if (!m) {
        for (size_t k = 0; k < u->n; k++) {
            const pc_feats *f = &u->v[k].f;
            if (k) {
                putchar('|');
            }
            for (size_t i = 0; i < f->n; i++) {
                printf(i ? " %u" : "%u", (unsigned)f->v[i]);
            }
        }
        putchar('\n');
        return;
    }
    double best = 0.0;
    for (size_t i = 1; i < u->n; i++) {
        double s = pc_model_score(m, &u->v[i].f);
        best = s > best ? s : best;
    }
    printf("%.6f %.6f\n", pc_model_score(m, &u->v[0].f),
           u->n > 1 ? best : pc_model_score(m, &u->v[0].f));
}

/* Judges one line (a JSON string). Returns 0, or -1 after a message. */
static int one_line(const pc_detectors *d, const pc_model *m,
                    const char *line, size_t n, long lineno)
{
    json_error_t je;
    json_t *j = json_loadb(line, n, JSON_DECODE_ANY, &je);
    pc_error err = {0};
    pc_text *t = NULL;
    pc_units u = {0};
    int rc = -1;

    if (!j || !json_is_string(j)) {
        pc_log_print("postcheck model: line %ld is not a JSON string\n",
                     lineno);
        goto out;
    }
    t = pc_text_new(json_string_value(j), json_string_length(j), &err);
    if (!t || pc_judge_units(d, t, &u) != PC_OK) {
        pc_log_print("postcheck model: line %ld: %s\n", lineno,
                     t ? "out of memory" : err.text);
        goto out;
    }
    print_one(&u, m);
    rc = 0;
out:
    pc_units_free(&u);
    pc_text_free(t);
    json_decref(j);
    return rc;
}

static int run_lines(const pc_detectors *d, const pc_model *m)
{
    char *line = malloc(LINE_CAP);
    long lineno = 0;
    int rc = PC_EXIT_OK;

    if (!line) {
        pc_log_print("postcheck model: out of memory\n");
        return PC_EXIT_USAGE;
    }
    while (fgets(line, LINE_CAP, stdin)) {
        size_t n = strlen(line);
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            line[--n] = '\0';
        }
        if (one_line(d, m, line, n, lineno) != 0) {
            rc = PC_EXIT_USAGE;
            break;
        }
    }
    free(line);
    return rc;
}

static int list_models(pc_detectors *d)
{
    static const char *const names[] = {"harassment", "disparaging",
                                         "criticism", NULL};

    for (size_t i = 0; names[i]; i++) {
        const pc_model *m = pc_judge_need(d, names[i], NULL) == PC_OK
                            ? pc_judge_model(d, names[i]) : NULL;
        if (m) {
            printf("%s\t%zu weights\n", names[i], pc_model_size(m));
        }
    }
    return PC_EXIT_OK;
}

int pc_cli_model(int argc, char **argv, const pc_cli_globals *g)
{
    pc_error err = {0};
    pc_detectors *d;
    const pc_model *m = NULL;
    int rc;

    (void)g;
    if (argc < 2 || (strcmp(argv[1], "score") == 0) != (argc == 3) ||
        (strcmp(argv[1], "features") != 0 && strcmp(argv[1], "score") != 0 &&
         strcmp(argv[1], "list") != 0)) {
        pc_log_print("%s", model_usage);
        return PC_EXIT_USAGE;
    }
    d = pc_detect_new(&err);
    if (!d) {
        pc_log_print("postcheck model: %s\n", err.text);
        return PC_EXIT_USAGE;
    }
    if (strcmp(argv[1], "score") == 0) {
        m = pc_judge_need(d, argv[2], NULL) == PC_OK
            ? pc_judge_model(d, argv[2]) : NULL;
        if (!m) {
            pc_log_print("postcheck model: no model '%s'\n", argv[2]);
            pc_detect_free(d);
            return PC_EXIT_USAGE;
        }
    }
    rc = strcmp(argv[1], "list") == 0 ? list_models(d) : run_lines(d, m);
    pc_detect_free(d);
    return rc;
}
