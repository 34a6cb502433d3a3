/* support.h: helpers shared by the tests: running the built binary
 * (PC_BINARY) with pipes, writing and reading frames, fixture paths. */
#ifndef POSTCHECK_TEST_SUPPORT_H
#define POSTCHECK_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

/* A running child process with its standard streams on pipes. */
typedef struct pc_child {
    pid_t pid;
    int in;   /* write end: the child's stdin (-1 once closed) */
    int out;  /* read end: the child's stdout */
    int err;  /* read end: the child's stderr */
} pc_child;

/* Starts `PC_BINARY args...` (args NULL-terminated, without the program
 * name). The child gets XDG_CONFIG_HOME pointing at an empty folder, so a
 * developer's own packs never change a test. Returns 0 or -1. */
int pc_test_spawn(pc_child *c, const char *const *args);

/* Writes one frame / raw bytes to the child's stdin. Returns 0 or -1. */
int pc_test_send(pc_child *c, const char *json, size_t len);
int pc_test_send_str(pc_child *c, const char *json);
int pc_test_send_raw(pc_child *c, const void *buf, size_t len);

/* Reads one frame from the child's stdout, waiting at most 20 s. Returns
 * an owned NUL-terminated buffer (free with free()) or NULL on end of
 * output, a timeout or a bad frame. */
char *pc_test_recv(pc_child *c, size_t *len);

/* pc_test_recv, parsed. Returns a new reference or NULL. */
json_t *pc_test_recv_json(pc_child *c);

/* Sends json as a frame and returns the parsed reply (or NULL). */
json_t *pc_test_roundtrip(pc_child *c, const char *json);

/* Closes the child's stdin. */
void pc_test_close_in(pc_child *c);

/* Returns 1 if the child's stdout has no more data (end of output) within
 * 20 s, 0 if bytes arrived. */
int pc_test_out_ends(pc_child *c);

/* Closes stdin, waits for the child and returns its exit status (128+N
 * for a signal N). *err_text, if not NULL, gets what it wrote on stderr
 * (owned, free with free()). */
int pc_test_wait(pc_child *c, char **err_text);

/* The result of running the binary to completion. */
typedef struct pc_run {
    int status;
    char *out;     /* stdout, NUL-terminated */
    size_t out_len;
    char *err;     /* stderr, NUL-terminated */
    size_t err_len;
} pc_run;

/* Runs `PC_BINARY args...` with stdin_data (may be NULL: empty stdin),
 * collecting stdout and stderr. Returns 0 or -1. */
int pc_test_run(const char *const *args, const char *stdin_data,
                size_t stdin_len, pc_run *r);
void pc_run_free(pc_run *r);

/* Asserts the JSON object o has every member of the object the JSON
 * text members holds, each equal (json_equal: the same type and value);
 * o may have more. A failure names the member, what it wants and what
 * o has. */
void pc_test_json_has(json_t *o, const char *members);

/* PC_SOURCE_DIR "/tests/cases/" rel, in a static buffer. */
const char *pc_test_case_path(const char *rel);

/* Reads a whole file (owned, NUL-terminated) or NULL. */
char *pc_test_read_file(const char *path, size_t *len);

/* The mutation test of the one-pass JSON readers: count copies of the
 * seeds (srcs[k % nsrc] for k below count, each at most 1,021 bytes),
 * each mutated 1 to 3 times (k % 3 + 1) from the seeded linear
 * congruential generator (a byte replaced by one of `bytes`, one
 * inserted, or the rest cut), and each copy that is valid UTF-8 (as the
 * readers' callers check first) handed to agrees, which fails the test
 * where the reader and jansson disagree. Returns the sum of what agrees
 * returned. */
long pc_test_mutants(const char *const *srcs, size_t nsrc, int count,
                     uint32_t seed, const char *bytes, size_t nbytes,
                     int (*agrees)(const char *s, size_t n));

#endif
