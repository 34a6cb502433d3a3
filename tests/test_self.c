/* test_self.c: host/self.c. Where the running program is, and the pages
 * of its files it gives back (pc_self_drop_pages, the loader's large
 * tables alone, pc_self_drop_tables, and at the end of a preparation's
 * phase only when turned on and no input waits, pc_self_drop_phase):
 * what the process reads after giving them back is what it read before,
 * code runs, symbols are found by name, and a page it has its own copy
 * of (what the loader relocated, a debugger's breakpoint) keeps what was
 * written to it. */
#define _GNU_SOURCE /* mprotect */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "self.h"

/* Read-only data the test writes to (as a debugger writes a breakpoint
 * into code): one page of its own in the program's constants. */
static const unsigned char written[3 * 4096] __attribute__((aligned(4096))) = {
    1, 2, 3};

/* Pointers the loader relocates at start (a position-independent
 * program's .data.rel.ro, made read-only after). */
static const char *const relocated[] = {"first", "second", "third"};

static void test_path(void **state)
{
    char path[4096], beside[4096];

    (void)state;
    assert_int_equal(pc_self_path(path, sizeof path), 0);
    assert_true(path[0] == '/');
    assert_non_null(strstr(path, "test_self"));
    /* The program is beside itself; a name that is not, is not. */
    assert_int_equal(pc_self_beside(strrchr(path, '/') + 1, X_OK, beside,
                                    sizeof beside), 0);
    assert_string_equal(beside, path);
    assert_int_equal(pc_self_beside("no such file here", R_OK, beside,
                                    sizeof beside), -1);
    assert_int_equal(pc_self_path(path, 2), -1);
}

/* The tables of libstdc++ and libicuuc (linked through ICU, as in the
 * host) go; a symbol looked up by name afterwards, which reads them
 * again, is found, and the code that uses them runs. */
static void test_drop_tables(void **state)
{
    json_t *j;

    (void)state;
#if defined(__linux__)
    assert_true(pc_self_drop_tables() > 0);
#else
    assert_int_equal(pc_self_drop_tables(), 0);
#endif
    /* operator delete(void *), defined in libstdc++. */
    assert_non_null(dlsym(RTLD_DEFAULT, "_ZdlPv"));
    assert_null(dlsym(RTLD_DEFAULT, "pc_no_such_symbol_anywhere"));
    j = json_pack("{s:s}", "k", relocated[1]);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "k")),
                        "second");
    json_decref(j);
}

/* Every read-only page goes; the code and constants read back are the
 * same, and so are the pointers the loader relocated. */
static void test_drop_all(void **state)
{
    volatile double x = 1.0;
    json_t *j;

    (void)state;
#if defined(__linux__)
    assert_true(pc_self_drop_pages() > 0);
#else
    assert_int_equal(pc_self_drop_pages(), 0);
#endif
    assert_string_equal(relocated[0], "first");
    assert_string_equal(relocated[2], "third");
    assert_true(exp(x) > 2.718 && exp(x) < 2.719);
    j = json_pack("{s:s}", "k", relocated[1]);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "k")),
                        "second");
    json_decref(j);
}

/* A read-only page the process wrote to keeps what was written: the
 * process's copy is not the file's page, and is never given back. */
static void test_drop_keeps_written_page(void **state)
{
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t p = ((uintptr_t)written + (uintptr_t)page) &
                  ~((uintptr_t)page - 1);
    volatile unsigned char *b = (volatile unsigned char *)p;

    (void)state;
    if (page <= 0 || page > 4096) {
        skip();
    }
    assert_int_equal(b[0], 0);
    assert_int_equal(mprotect((void *)p, (size_t)page,
                              PROT_READ | PROT_WRITE), 0);
    b[0] = 0xAB;
    b[100] = 0xCD;
    assert_int_equal(mprotect((void *)p, (size_t)page, PROT_READ), 0);
    (void)pc_self_drop_pages();
    assert_int_equal(b[0], 0xAB);
    assert_int_equal(b[100], 0xCD);
    /* The page before it was not written: still the file's. */
    assert_int_equal(((volatile const unsigned char *)written)[0], 1);
    assert_int_equal(((volatile const unsigned char *)written)[2], 3);
}

#if defined(__linux__)
/* Read-only data of the program that only the phase tests read, whole
 * pages of its own (64 KB: the largest page size Linux uses), put in a
 * mapping of its own by isolate(). A read maps the pages of the file
 * around it, but only within the mapping it falls in: 64 KB by default,
 * and on kernels that map a whole large folio of the page cache (6.18
 * here) up to 2 MB: in a Release build, reading a string constant at the
 * start of .rodata after the give-back mapped this data's pages 260 KB
 * away again. */
#define PHASE_SIZE (64 * 1024)
#define PHASE_AT (PHASE_SIZE / 2)
static const unsigned char phase_data[PHASE_SIZE]
    __attribute__((aligned(PHASE_SIZE))) = {[PHASE_AT] = 7, 8, 9};

/* Gives phase_data a mapping of its own: the kernel splits a mapping
 * where its advice changes, and MADV_RANDOM changes only its read-ahead
 * from the page cache, not what a read returns or what the host gives
 * back. 1 when done, 0 when it cannot be (phase_data is not whole pages
 * of this system's size where it was loaded). */
static int isolate(void)
{
    long page = sysconf(_SC_PAGESIZE);

    if (page <= 0 || PHASE_SIZE % page != 0 ||
        (uintptr_t)phase_data % (uintptr_t)page != 0) {
        return 0;
    }
    assert_int_equal(madvise((void *)(uintptr_t)phase_data, PHASE_SIZE,
                             MADV_RANDOM), 0);
    return 1;
}

/* 1 when the page holding p is mapped in this process
 * (/proc/self/pagemap's present bit), 0 when not, -1 when unknown. */
static int present(const volatile void *p)
{
    long page = sysconf(_SC_PAGESIZE);
    uint64_t e = 0;
    FILE *f = fopen("/proc/self/pagemap", "rb");
    int ok;

    if (!f || page <= 0) {
        if (f) {
            fclose(f);
        }
        return -1;
    }
    ok = fseek(f, (long)((uintptr_t)p / (uintptr_t)page * sizeof e),
               SEEK_SET) == 0 && fread(&e, sizeof e, 1, f) == 1;
    fclose(f);
    return ok ? (int)(e >> 63) : -1;
}
#endif

/* Turned off (as at start), the end of a phase gives back nothing: a page
 * just read stays mapped. Turned on (as serve does), it goes, and reads
 * back the same. */
static void test_drop_phase(void **state)
{
    (void)state;
#if defined(__linux__)
    volatile const unsigned char *d = phase_data + PHASE_AT;

    if (!isolate()) {
        skip();
    }
    assert_int_equal(d[1], 8);
    if (present(d) != 1) {
        skip(); /* no page map to read */
    }
    assert_int_equal(pc_self_drop_phase(), 0);
    assert_int_equal(present(d), 1);
    pc_self_drop_phases(1, -1);
    assert_true(pc_self_drop_phase() > 0);
    assert_int_equal(present(d), 0);
    assert_int_equal(d[0], 7);
    assert_int_equal(d[2], 9);
    assert_int_equal(present(d), 1);
    pc_self_drop_phases(0, -1);
    assert_int_equal(pc_self_drop_phase(), 0);
    assert_int_equal(present(d), 1);
#else
    pc_self_drop_phases(1, -1);
    assert_int_equal(pc_self_drop_phase(), 0);
    pc_self_drop_phases(0, -1);
#endif
}

/* Turned on with a descriptor to watch (as serve's warm-up does with its
 * requests' pipe), the end of a phase gives nothing back while input is
 * waiting there (a request: it is answered first), and gives back again
 * once it has been read. */
static void test_drop_phase_waits(void **state)
{
    (void)state;
#if defined(__linux__)
    volatile const unsigned char *d = phase_data + PHASE_AT;
    int fds[2];
    char c;

    if (!isolate()) {
        skip();
    }
    assert_int_equal(d[1], 8);
    if (present(d) != 1) {
        skip(); /* no page map to read */
    }
    assert_int_equal(pipe(fds), 0);
    pc_self_drop_phases(1, fds[0]);
    assert_int_equal(write(fds[1], "x", 1), 1);
    assert_int_equal(pc_self_drop_phase(), 0);
    assert_int_equal(present(d), 1);
    assert_int_equal(read(fds[0], &c, 1), 1);
    assert_true(pc_self_drop_phase() > 0);
    assert_int_equal(present(d), 0);
    assert_int_equal(d[1], 8);
    pc_self_drop_phases(0, -1);
    close(fds[0]);
    close(fds[1]);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_drop_tables),
        cmocka_unit_test(test_drop_all),
        cmocka_unit_test(test_drop_keeps_written_page),
        cmocka_unit_test(test_drop_phase),
        cmocka_unit_test(test_drop_phase_waits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
