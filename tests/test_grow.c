/* test_grow.c: growable arrays (host/grow.h): the first allocation, the
 * doubling, no reallocation while there is room, and a size that would
 * overflow refused with the array left as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grow.h"

static void test_first_then_double(void **state)
{
    int *v = NULL, *w;
    size_t n = 0, cap = 0;

    (void)state;
    for (int i = 0; i < 100; i++) {
        w = pc__grow(v, n, &cap, sizeof *v, 8);
        assert_non_null(w);
        v = w;
        v[n++] = i;
        assert_true(cap >= n);
        if (n == 1) {
            assert_int_equal(cap, 8);
        }
    }
    /* 8, 16, 32, 64, 128: never more than twice what is held. */
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(v[i], i);
    }
    free(v);
}

static void test_room_left_is_same_array(void **state)
{
    size_t cap = 0;
    char *v = pc__grow(NULL, 0, &cap, 1, 4);

    (void)state;
    assert_non_null(v);
    assert_ptr_equal(pc__grow(v, 3, &cap, 1, 4), v);
    assert_int_equal(cap, 4);
    free(v);
}

static void test_overflow_refused(void **state)
{
    size_t cap = SIZE_MAX / 4 + 1;
    char *v = malloc(1);

    (void)state;
    assert_non_null(v);
    /* Twice cap elements of 4 bytes would not fit in a size_t. */
    assert_null(pc__grow(v, cap, &cap, 4, 8));
    assert_int_equal(cap, SIZE_MAX / 4 + 1);
    cap = SIZE_MAX / 2 + 1;
    assert_null(pc__grow(v, cap, &cap, 1, 8));
    assert_int_equal(cap, SIZE_MAX / 2 + 1);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_then_double),
        cmocka_unit_test(test_room_left_is_same_array),
        cmocka_unit_test(test_overflow_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
