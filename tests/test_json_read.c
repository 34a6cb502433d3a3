/* test_json_read.c: the one-pass JSON reader (host/json_read.c) as the
 * pack loader uses it (reals read, NUL refused in strings), against
 * jansson with the loader's flags: whatever it reads must equal what
 * json_loadb reads, what jansson refuses it must decline, and it must
 * take every built-in pack, or it would never run; the scanner it reads
 * with (host/json_cur.c) skips a value (pc__json_skip) where jansson
 * reads one. The protocol's use
 * (NUL allowed, reals declined) is test_json_read_protocol.c. */
#include <glob.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_read.h"
#include "postcheck/text.h"
#include "support.h"

#define DEPTH 64
#define FLAGS JSON_REJECT_DUPLICATES

/* Objects of the shapes packs hold, reals included. */
static const char *const packs[] = {
    "{\"format\":1,\"id\":\"p\",\"rules\":[{\"kind\":\"model\","
    "\"threshold\":0.8,\"weights\":[1.5,-0.25,3e2,-4E-3,0.0,-0.0,"
    "12.500,1e+2,2.2250738585072014e-308,1.7976931348623157e308,"
    "1e-400]}],\"settings\":{\"logo_distance\":10,\"hours\":[9,17]}}",
    " {\n  \"a\" : 0.5 ,\n  \"b\" : [ 1 , 2.0 , -3.75e1 ] ,\n  \"c\" : "
    "\"caf\\u00e9 \\\"q\\\"\" , \"d\" : true , \"e\" : null }\n",
    "{\"deep\":[[[{\"x\":[0.1,0.2,0.30000000000000004]}]]]}",
};

/* Input jansson refuses with the loader's flags, or that this reader
 * leaves to it. */
static const char *const declined[] = {
    "",
    "[1.5]",
    "{\"a\":1,\"a\":2}",
    "{\"a\":\"nul \\u0000 inside\"}",
    "{\"a\\u0000b\":1}",
    "{\"a\":1e400}",
    "{\"a\":-1e400}",
    "{\"a\":01.5}",
    "{\"a\":-01.5}",
    "{\"a\":1.}",
    "{\"a\":.5}",
    "{\"a\":1.e5}",
    "{\"a\":1e}",
    "{\"a\":1e+}",
    "{\"a\":-.5}",
    "{\"a\":+1.5}",
    "{\"a\":1.5.5}",
    "{\"a\":1.5e5e5}",
    "{\"a\":1.5x}",
    "{\"a\":1234567890123456789}",
    "{\"a\":0.1234567890123456789012345678901234567890123456789012345678"
    "90123}",
};

/* The members of the object s[0..n) counted by skipping their values
 * with the cursor (as the pack loader's error positions walk a pack),
 * or -1 when the walk does not end at the object's end. */
static long skipped_members(const char *s, size_t n)
{
    pc__json_cur c = {s, n, 0}, whole = {s, n, 0};
    size_t from, end;
    long count = 0;
    int more;

    if (pc__json_skip(&whole) != 0 || !pc__json_end(&whole) ||
        !pc__json_eat(&c, '{')) {
        return -1;
    }
    more = !pc__json_eat(&c, '}');
    while (more) {
        if (pc__json_string(&c, 0, &from, &end) < 0 ||
            !pc__json_eat(&c, ':') || pc__json_skip(&c) != 0) {
            return -1;
        }
        count++;
        more = pc__json_eat(&c, ',');
        if (!more && !pc__json_eat(&c, '}')) {
            return -1;
        }
    }
    return pc__json_end(&c) ? count : -1;
}

/* Fails unless the reader reads s as jansson does. Returns 1. */
static int assert_agrees(const char *s, size_t n)
{
    json_error_t jerr;
    json_t *fast = NULL, *slow;

    pc__json_read(s, n, DEPTH, PC__JSON_REALS, &fast);
    slow = json_loadb(s, n, FLAGS, &jerr);
    if (fast) {
        if (!slow || !json_equal(fast, slow)) {
            fail_msg("read differently from jansson: %.*s", (int)n, s);
        }
    }
    if (json_is_object(slow) &&
        skipped_members(s, n) != (long)json_object_size(slow)) {
        fail_msg("skipped differently from jansson: %.*s", (int)n, s);
    }
    json_decref(fast);
    json_decref(slow);
    return 1;
}

static void test_reads_pack_shapes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof packs / sizeof *packs; i++) {
        json_t *v = NULL;
        if (pc__json_read(packs[i], strlen(packs[i]), DEPTH, PC__JSON_REALS,
                          &v) != PC_OK) {
            fail_msg("declined %s", packs[i]);
        }
        json_decref(v);
        assert_agrees(packs[i], strlen(packs[i]));
    }
}

static void test_reals_as_jansson(void **state)
{
    json_t *v = NULL, *w;

    (void)state;
    assert_int_equal(pc__json_read(packs[0], strlen(packs[0]), DEPTH,
                                   PC__JSON_REALS, &v), PC_OK);
    w = json_object_get(json_array_get(json_object_get(v, "rules"), 0),
                        "weights");
    assert_true(json_is_real(json_array_get(w, 0)));
    assert_true(json_real_value(json_array_get(w, 1)) == -0.25);
    assert_true(json_real_value(json_array_get(w, 2)) == 300.0);
    assert_true(json_real_value(json_array_get(w, 3)) == -0.004);
    assert_true(signbit(json_real_value(json_array_get(w, 5))));
    assert_true(json_real_value(json_array_get(w, 9)) > 1e308);
    /* Underflow is 0 (or a subnormal) in both, not refused. */
    assert_true(json_real_value(json_array_get(w, 10)) < 1e-300);
    json_decref(v);
    /* Without PC__JSON_REALS (the protocol) a real is declined. */
    v = NULL;
    assert_int_equal(pc__json_read(packs[0], strlen(packs[0]), DEPTH, 0, &v),
                     PC_ERR_JSON);
    assert_null(v);
}

static void test_declines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++) {
        json_t *v = NULL;
        if (pc__json_read(declined[i], strlen(declined[i]), DEPTH,
                          PC__JSON_REALS, &v) != PC_ERR_JSON || v) {
            fail_msg("read %s", declined[i]);
        }
        assert_agrees(declined[i], strlen(declined[i]));
    }
}

/* Every built-in pack is read by this reader, to what jansson reads. */
static void test_builtin_packs(void **state)
{
    glob_t g;

    (void)state;
    assert_int_equal(glob(PC_SOURCE_DIR "/host/policies/*.json", 0, NULL,
                          &g), 0);
    assert_true(g.gl_pathc >= 5);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        FILE *f = fopen(g.gl_pathv[i], "rb");
        char *buf = malloc(1 << 20);
        size_t n;
        json_t *v = NULL, *slow;
        assert_non_null(f);
        assert_non_null(buf);
        n = fread(buf, 1, 1 << 20, f);
        fclose(f);
        assert_true(pc_utf8_valid(buf, n, NULL));
        if (pc__json_read(buf, n, DEPTH, PC__JSON_REALS, &v) != PC_OK) {
            fail_msg("declined %s", g.gl_pathv[i]);
        }
        slow = json_loadb(buf, n, FLAGS, NULL);
        assert_non_null(slow);
        assert_true(json_equal(v, slow));
        assert_int_equal(skipped_members(buf, n), json_object_size(slow));
        json_decref(v);
        json_decref(slow);
        free(buf);
    }
    globfree(&g);
}

/* Mutations of the shapes (bytes replaced, inserted, cut) agree with
 * jansson whenever they are valid UTF-8, as the loader checks first. */
static void test_mutations_agree(void **state)
{
    static const char bytes[] = "{}[]\":,\\u0123456789.eE+- \t\n\x01tfnrl";
    long n;

    (void)state;
    n = pc_test_mutants(packs, sizeof packs / sizeof *packs, 60000, 4242,
                        bytes, sizeof bytes - 1, assert_agrees);
    /* Nearly every mutant is valid UTF-8 (the bytes put in are ASCII). */
    assert_true(n > 50000);
}

/* A string's special bytes (an escape, a quote ending it early, a control
 * character, a character past ASCII, DEL, which is plain) at every place
 * of bodies from 0 to 48 bytes, with 0 to 17 bytes after the string: the
 * scanner passes over plain bytes sixteen or eight at a time to the end
 * of the input, so each place falls at every offset in a block and at
 * the input's end. The reader reads what jansson reads, and declines
 * what it refuses. */
static void test_string_specials_everywhere(void **state)
{
    static const char *const specials[] = {
        "\\n", "\\\"", "\\u00e9", "\"", "\x01", "\x1f", "\x7f",
        "\xc3\xa9", "\xf0\x9f\x98\x80"};
    char body[64], doc[160];

    (void)state;
    for (size_t len = 0; len <= 48; len++) {
        for (size_t at = 0; at <= len; at++) {
            for (size_t k = 0; k < sizeof specials / sizeof *specials; k++) {
                for (size_t tail = 0; tail <= 17; tail++) {
                    json_t *fast = NULL, *slow;
                    int n;
                    memset(body, 'a', len);
                    body[len] = '\0';
                    n = snprintf(doc, sizeof doc, "{\"k\":\"%.*s%s%s\"%*s}",
                                 (int)at, body, at < len ? specials[k] : "",
                                 body + at, (int)tail, "");
                    pc__json_read(doc, (size_t)n, DEPTH, 0, &fast);
                    slow = json_loadb(doc, (size_t)n, FLAGS, NULL);
                    if (!fast != !slow || (fast && !json_equal(fast, slow))) {
                        fail_msg("read differently from jansson: %s", doc);
                    }
                    json_decref(fast);
                    json_decref(slow);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_pack_shapes),
        cmocka_unit_test(test_reals_as_jansson),
        cmocka_unit_test(test_declines),
        cmocka_unit_test(test_builtin_packs),
        cmocka_unit_test(test_mutations_agree),
        cmocka_unit_test(test_string_specials_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
