/* frame.c: length-prefixed frames on file descriptors (native messaging).
 *
 * Owns the byte-level I/O of the host's stdin and stdout. Limits: an
 * inbound frame's length is compared with the caller's cap before any
 * allocation, so the claimed size of an over-long frame is never
 * allocated nor read. Short reads and writes and EINTR are retried; any
 * other error is reported as PC_ERR_IO with errno's text. Never logs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "postcheck/frame.h"

void pc_frame_encode_len(uint32_t len, unsigned char out[4])
{
    /* Native byte order, as both browsers send and expect it. */
    memcpy(out, &len, 4);
}

uint32_t pc_frame_decode_len(const unsigned char in[4])
{
    uint32_t len;

    memcpy(&len, in, 4);
    return len;
}

pc_status pc_frame_read_exact(int fd, void *buf, size_t n, size_t *got,
                              pc_error *err)
{
    unsigned char *p = buf;
    size_t done = 0;

    while (done < n) {
        ssize_t r = read(fd, p + done, n - done);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            if (got) {
                *got = done;
            }
            return pc_error_set(err, PC_ERR_IO, "read failed: %s",
                                strerror(errno));
        }
        if (r == 0) {
            break;
        }
        done += (size_t)r;
    }
    if (got) {
        *got = done;
    }
    if (done == n) {
        return PC_OK;
    }
    if (done == 0) {
        return PC_ERR_EOF;
    }
    return pc_error_set(err, PC_ERR_TRUNCATED,
                        "input ended after %zu of %zu bytes", done, n);
}

pc_status pc_frame_read(int fd, size_t max, char **out, size_t *len,
                        pc_error *err)
{
    unsigned char head[PC_FRAME_HEADER];
    uint32_t claimed;
    pc_status st;
    char *body;

    *out = NULL;
    *len = 0;
    st = pc_frame_read_exact(fd, head, sizeof head, NULL, err);
    if (st != PC_OK) {
        return st;
    }
    claimed = pc_frame_decode_len(head);
    *len = claimed;
    if (claimed > max) {
        return pc_error_set(err, PC_ERR_TOO_LARGE,
                            "frame of %lu bytes is over the limit of %zu",
                            (unsigned long)claimed, max);
    }
    body = malloc((size_t)claimed + 1);
    if (!body) {
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    st = pc_frame_read_exact(fd, body, claimed, NULL, err);
    if (st == PC_ERR_EOF) {
        /* The length arrived, so end of input here is inside a frame. */
        st = pc_error_set(err, PC_ERR_TRUNCATED,
                          "input ended after the length of a %lu-byte frame",
                          (unsigned long)claimed);
    }
    if (st != PC_OK) {
        free(body);
        return st;
    }
    body[claimed] = '\0';
    *out = body;
    return PC_OK;
}

pc_status pc_frame_skip(int fd, size_t n, pc_error *err)
{
    unsigned char chunk[16384];

    while (n > 0) {
        size_t want = n < sizeof chunk ? n : sizeof chunk;
        pc_status st = pc_frame_read_exact(fd, chunk, want, NULL, err);
        if (st == PC_ERR_EOF) {
            return pc_error_set(err, PC_ERR_TRUNCATED,
                                "input ended inside a skipped frame");
        }
        if (st != PC_OK) {
            return st;
        }
        n -= want;
    }
    return PC_OK;
}

pc_status pc_frame_write_all(int fd, const void *buf, size_t n,
                             pc_error *err)
{
    const unsigned char *p = buf;
    size_t done = 0;

    while (done < n) {
        ssize_t w = write(fd, p + done, n - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return pc_error_set(err, PC_ERR_IO, "write failed: %s",
                                strerror(errno));
        }
        done += (size_t)w;
    }
    return PC_OK;
}

/* Advances iov past n written bytes; returns the first unfinished index. */
static int advance_iov(struct iovec *iov, int cnt, int i, size_t n)
{
    while (i < cnt && n >= iov[i].iov_len) {
        n -= iov[i].iov_len;
        iov[i].iov_len = 0;
        i++;
    }
    if (i < cnt) {
        iov[i].iov_base = (char *)iov[i].iov_base + n;
        iov[i].iov_len -= n;
    }
    return i;
}

pc_status pc_frame_write(int fd, const char *buf, size_t len, pc_error *err)
{
    unsigned char head[PC_FRAME_HEADER];
    struct iovec iov[2];
    int i = 0;

    if (len > UINT32_MAX) {
        return pc_error_set(err, PC_ERR_TOO_LARGE,
                            "frame of %zu bytes does not fit its length",
                            len);
    }
    pc_frame_encode_len((uint32_t)len, head);
    /* One writev so the prefix and body usually leave in one system call;
     * the loop finishes whatever a short write left over. */
    iov[0].iov_base = head;
    iov[0].iov_len = sizeof head;
    iov[1].iov_base = (void *)buf;
    iov[1].iov_len = len;
    while (i < 2) {
        ssize_t w = writev(fd, iov + i, 2 - i);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return pc_error_set(err, PC_ERR_IO, "write failed: %s",
                                strerror(errno));
        }
        i = advance_iov(iov, 2, i, (size_t)w);
    }
    return PC_OK;
}
