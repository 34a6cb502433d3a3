/* fuzz_frame.c: libFuzzer target for framing (frame.h).
 *
 * The input is a byte stream as a browser (or anything else) might write
 * it to the host's stdin. Frames are read until a status other than
 * PC_OK, with a small cap so over-long lengths are common. Checked: every
 * frame read is exactly the bytes after its prefix, NUL-terminated and
 * within the cap; the status that ends the stream is the one the bytes
 * call for (EOF only between frames, TRUNCATED inside one, TOO_LARGE for
 * a length over the cap); a frame written back reads back the same. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "postcheck/frame.h"

#define FUZZ_FRAME_MAX 4096u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes buf as a frame to a fresh memfd and reads it back. */
static void round_trip(const char *buf, size_t len)
{
    int fd = memfd_create("fuzz-out", 0);
    char *back = NULL;
    size_t back_len = 0;

    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(pc_frame_write(fd, buf, len, NULL) == PC_OK);
    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
    FUZZ_CHECK(pc_frame_read(fd, FUZZ_FRAME_MAX, &back, &back_len, NULL) ==
               PC_OK);
    FUZZ_CHECK(back_len == len && memcmp(back, buf, len) == 0);
    free(back);
    FUZZ_CHECK(pc_frame_read(fd, FUZZ_FRAME_MAX, &back, &back_len, NULL) ==
               PC_ERR_EOF);
    FUZZ_CHECK(back == NULL);
    close(fd);
}

/* The status the bytes at data[pos..size) call for, and the claimed
 * length of the frame there. */
static pc_status expected(const uint8_t *data, size_t size, size_t pos,
                          uint32_t *claimed)
{
    if (pos == size) {
        return PC_ERR_EOF;
    }
    if (size - pos < PC_FRAME_HEADER) {
        return PC_ERR_TRUNCATED;
    }
    *claimed = pc_frame_decode_len(data + pos);
    if (*claimed > FUZZ_FRAME_MAX) {
        return PC_ERR_TOO_LARGE;
    }
    if (size - pos - PC_FRAME_HEADER < *claimed) {
        return PC_ERR_TRUNCATED;
    }
    return PC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_memfd(data, size);
    size_t pos = 0, len;
    uint32_t claimed = 0;
    pc_status st, want;
    pc_error err;
    char *body;

    for (;;) {
        pc_error_clear(&err);
        want = expected(data, size, pos, &claimed);
        st = pc_frame_read(fd, FUZZ_FRAME_MAX, &body, &len, &err);
        FUZZ_CHECK(st == want);
        if (st != PC_OK) {
            FUZZ_CHECK(body == NULL);
            break;
        }
        FUZZ_CHECK(len == claimed && body[len] == '\0');
        FUZZ_CHECK(memcmp(body, data + pos + PC_FRAME_HEADER, len) == 0);
        round_trip(body, len);
        free(body);
        pos += PC_FRAME_HEADER + len;
    }
    close(fd);
    return 0;
}
