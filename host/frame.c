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

void pc_frame_in_init(pc_frame_in *in, int fd)
{
    memset(in, 0, sizeof *in);
    in->fd = fd;
}

void pc_frame_in_free(pc_frame_in *in)
{
    free(in->buf);
    free(in->big);
    pc_frame_in_init(in, -1);
}

int pc_frame_in_pending(const pc_frame_in *in)
{
    return in->end > in->start;
}

/* Reads what fd has (up to the buffer's end) after in->end. Returns
 * PC_OK, PC_ERR_EOF (nothing more) or PC_ERR_IO. */
static pc_status fill(pc_frame_in *in, pc_error *err)
{
    for (;;) {
        ssize_t r = read(in->fd, in->buf + in->end, PC_FRAME_IN_BUF - in->end);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            return pc_error_set(err, PC_ERR_IO, "read failed: %s",
                                strerror(errno));
        }
        if (r == 0) {
            return PC_ERR_EOF;
        }
        in->end += (size_t)r;
        return PC_OK;
    }
}

/* Moves the unread bytes to the buffer's start. */
static void compact(pc_frame_in *in)
{
    memmove(in->buf, in->buf + in->start, in->end - in->start);
    in->end -= in->start;
    in->start = 0;
}

/* A body too long for the buffer: a block of its own, the buffered part
 * copied in, the rest read from fd. */
static pc_status read_big(pc_frame_in *in, size_t claimed, const char **out,
                          pc_error *err)
{
    size_t have = in->end - in->start;
    pc_status st;

    in->big = malloc(claimed + 1);
    if (!in->big) {
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    memcpy(in->big, in->buf + in->start, have);
    in->start = in->end = 0;
    st = pc_frame_read_exact(in->fd, in->big + have, claimed - have, NULL,
                             err);
    if (st == PC_ERR_EOF) {
        st = pc_error_set(err, PC_ERR_TRUNCATED,
                          "input ended after %zu of a %zu-byte frame", have,
                          claimed);
    }
    if (st != PC_OK) {
        return st;
    }
    in->big[claimed] = '\0';
    *out = in->big;
    return PC_OK;
}

pc_status pc_frame_in_next(pc_frame_in *in, size_t max, const char **out,
                           size_t *len, pc_error *err)
{
    size_t claimed;
    pc_status st;

    *out = NULL;
    *len = 0;
    if (in->has_saved) {
        in->buf[in->held] = in->saved;
        in->has_saved = 0;
    }
    free(in->big);
    in->big = NULL;
    if (!in->buf) {
        in->buf = malloc(PC_FRAME_IN_BUF);
        if (!in->buf) {
            return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
    }
    if (in->start == in->end || in->start + PC_FRAME_HEADER > PC_FRAME_IN_BUF) {
        compact(in);
    }
    while (in->end - in->start < PC_FRAME_HEADER) {
        st = fill(in, err);
        if (st == PC_ERR_EOF && in->end > in->start) {
            return pc_error_set(err, PC_ERR_TRUNCATED,
                                "input ended after %zu of %u bytes",
                                in->end - in->start, PC_FRAME_HEADER);
        }
        if (st != PC_OK) {
            return st;
        }
    }
    claimed = pc_frame_decode_len((const unsigned char *)in->buf + in->start);
    in->start += PC_FRAME_HEADER;
    *len = claimed;
    if (claimed > max) {
        return pc_error_set(err, PC_ERR_TOO_LARGE,
                            "frame of %zu bytes is over the limit of %zu",
                            claimed, max);
    }
    /* The body and the NUL after it must fit in the buffer. */
    if (claimed >= PC_FRAME_IN_BUF) {
        return read_big(in, claimed, out, err);
    }
    if (in->start + claimed >= PC_FRAME_IN_BUF) {
        compact(in);
    }
    while (in->end - in->start < claimed) {
        st = fill(in, err);
        if (st == PC_ERR_EOF) {
            return pc_error_set(err, PC_ERR_TRUNCATED,
                                "input ended after %zu of a %zu-byte frame",
                                in->end - in->start, claimed);
        }
        if (st != PC_OK) {
            return st;
        }
    }
    *out = in->buf + in->start;
    in->start += claimed;
    /* The byte after the body may be the next frame's: kept aside until
     * the next call. */
    in->held = in->start;
    in->saved = in->buf[in->held];
    in->has_saved = 1;
    in->buf[in->held] = '\0';
    return PC_OK;
}

pc_status pc_frame_in_skip(pc_frame_in *in, size_t n, pc_error *err)
{
    size_t have = in->end - in->start;

    if (in->has_saved) {
        in->buf[in->held] = in->saved;
        in->has_saved = 0;
    }
    have = have < n ? have : n;
    in->start += have;
    return pc_frame_skip(in->fd, n - have, err);
}
