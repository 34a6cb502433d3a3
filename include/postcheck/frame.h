/* frame.h: native-messaging framing on file descriptors.
 *
 * A frame is a 4-byte length in the machine's native byte order, then that
 * many bytes of UTF-8 JSON (Chrome and Firefox both use native order).
 * Reads and writes loop over short transfers and EINTR. An inbound frame's
 * length is checked against a caller-given cap before anything is
 * allocated, so a hostile or corrupt length costs nothing. */
#ifndef POSTCHECK_FRAME_H
#define POSTCHECK_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include "postcheck/status.h"

/* The largest request the host accepts: 1 MiB. Chrome limits messages to
 * the host at 64 MiB, but a post is a few kilobytes; a longer frame is
 * refused with a `too-large` reply, its body read and thrown away
 * (pc_frame_skip) and the host goes on serving. */
#define PC_FRAME_MAX_IN (1024u * 1024u)

/* The longest over-limit frame the host skips to stay in step (the
 * browsers' own limit for messages to a host); a length over this is not
 * a message a browser sends, the stream cannot be trusted, and the host
 * ends after its `too-large` reply. */
#define PC_FRAME_MAX_SKIP (64u * 1024u * 1024u)

/* The largest reply the host sends: the browsers' 1 MB limit for messages
 * from a native host (1024 * 1024 bytes). */
#define PC_FRAME_MAX_OUT (1024u * 1024u)

/* Size of the length prefix. */
#define PC_FRAME_HEADER 4u

/* Reads one frame from fd. On PC_OK *out gets an owned buffer of *len bytes
 * plus a terminating NUL (not counted), free with free(). max is the
 * largest length accepted (normally PC_FRAME_MAX_IN).
 * Returns:
 *   PC_OK
 *   PC_ERR_EOF        end of input before the first byte of a frame
 *   PC_ERR_TRUNCATED  end of input inside the length or the body
 *   PC_ERR_TOO_LARGE  the length is over max; *len gets the claimed length,
 *                     nothing is allocated and the body is not read
 *   PC_ERR_IO         read() failed (errno in err->text)
 *   PC_ERR_NOMEM
 * On every status but PC_OK, *out is NULL. err may be NULL. */
pc_status pc_frame_read(int fd, size_t max, char **out, size_t *len,
                        pc_error *err);

/* Reads and discards n bytes of fd (the body of a frame refused as too
 * large), a chunk at a time, allocating nothing. Returns PC_OK,
 * PC_ERR_TRUNCATED if input ended first, or PC_ERR_IO. */
pc_status pc_frame_skip(int fd, size_t n, pc_error *err);

/* Writes buf[0..len) to fd as one frame (prefix and body), looping over
 * short writes and EINTR. Returns PC_OK, PC_ERR_TOO_LARGE if len does not
 * fit the 32-bit prefix (nothing written), or PC_ERR_IO (a write failed,
 * e.g. EPIPE when the reader is gone; the frame may be partly written). */
pc_status pc_frame_write(int fd, const char *buf, size_t len,
                         pc_error *err);

/* Reads exactly n bytes into buf, looping over short reads and EINTR.
 * Returns PC_OK, PC_ERR_EOF if end of input came before the first byte,
 * PC_ERR_TRUNCATED if it came after some, or PC_ERR_IO. *got, if not
 * NULL, gets the number of bytes read. */
pc_status pc_frame_read_exact(int fd, void *buf, size_t n, size_t *got,
                              pc_error *err);

/* Writes exactly n bytes of buf, looping over short writes and EINTR.
 * Returns PC_OK or PC_ERR_IO. */
pc_status pc_frame_write_all(int fd, const void *buf, size_t n,
                             pc_error *err);

/* A reader of frames from one file descriptor that takes whatever is
 * waiting in one read() (a frame's length and body together, and any
 * frames behind it), so a request costs one system call instead of two,
 * and none when it was read with the one before. A frame longer than
 * the buffer gets a block of its own, read whole (its body straight from
 * fd). Start with pc_frame_in_init; free with pc_frame_in_free. */
typedef struct pc_frame_in {
    int fd;
    char *buf;            /* PC_FRAME_IN_BUF bytes once first read */
    size_t start, end;    /* the unread bytes: buf[start..end) */
    char *big;            /* the last frame's own block, if it had one */
    size_t held;          /* where the NUL after the last body went... */
    char saved;           /* ...and the byte it replaced */
    int has_saved;
} pc_frame_in;

/* The reader's buffer: a request for a post of a few thousand
 * characters fits in it whole. */
#define PC_FRAME_IN_BUF (16u * 1024u)

void pc_frame_in_init(pc_frame_in *in, int fd);

/* Reads the next frame, as pc_frame_read does (same statuses, same cap,
 * the same NUL after the body), but *out is the reader's: valid until
 * the next call on in, not to be freed. */
pc_status pc_frame_in_next(pc_frame_in *in, size_t max, const char **out,
                           size_t *len, pc_error *err);

/* Reads and discards n bytes (a refused frame's body): the buffered
 * ones first, then from fd (pc_frame_skip). */
pc_status pc_frame_in_skip(pc_frame_in *in, size_t n, pc_error *err);

/* 1 when bytes of a next frame are already read (so a request is
 * waiting, and polling fd would not show it). */
int pc_frame_in_pending(const pc_frame_in *in);

void pc_frame_in_free(pc_frame_in *in);

/* Encodes and decodes the native-order length prefix. */
void pc_frame_encode_len(uint32_t len, unsigned char out[4]);
uint32_t pc_frame_decode_len(const unsigned char in[4]);

#endif
