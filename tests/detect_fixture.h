/* detect_fixture.h: the cmocka group fixture shared by the detector tests
 * (test_detect.c, test_detect_hostile.c): the detectors compiled once for
 * the whole group, in `dets`. Include it once, in a test file. */
#ifndef POSTCHECK_TEST_DETECT_FIXTURE_H
#define POSTCHECK_TEST_DETECT_FIXTURE_H

#include "postcheck/detect.h"

static pc_detectors *dets;

static int setup(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    dets = pc_detect_new(&err);
    return dets ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pc_detect_free(dets);
    return 0;
}

#endif
