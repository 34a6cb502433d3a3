/* vision_int.h: the host side of vision shared between vision.c (what is
 * asked of the helper: logos, looks), vision_helper.c (the helper's
 * process and socket) and vision_cache.c (results by dHash). Internal to
 * the host. */
#ifndef POSTCHECK_VISION_INT_H
#define POSTCHECK_VISION_INT_H

#include "postcheck/vision.h"

/* Keeps r (faces, size, and which of logos[0..n) were found and looked
 * for) as what image dhash shows, replacing the oldest result when the
 * cache is full. */
void pc__vision_remember(uint64_t dhash, const pc_vision_logo_ref *logos,
                         size_t n, const pc_vision_result *r);

/* Empties the cache. */
void pc__vision_forget(void);

#define PC__HELPER_NAME "postcheck-vision"
/* The longest reply the host reads from the helper, in bytes. */
#define PC__REPLY_MAX 8192

/* Starts the helper, unless it is running: PC_OK, or PC_ERR_INTERNAL
 * (vision off, the helper missing, no socket or fork) with err set. */
pc_status pc__helper_spawn(pc_error *err);

/* Is a helper running? */
int pc__helper_running(void);

/* Has the running helper been idle so long that it is to be counted
 * stopped (it exits by itself a margin later)? */
int pc__helper_idle_over(void);

/* The host's end of the running helper's socket, or -1. */
int pc__helper_fd(void);

/* Closes the socket and kills and reaps the helper, if any. */
void pc__helper_kill(void);

/* A monotonic clock in milliseconds, for deadlines. */
long long pc__helper_now_ms(void);

/* Sends buf[0..n) whole, waiting as needed. Returns 0 or -1. */
int pc__helper_send(const void *buf, size_t n);

/* Sends what of buf[0..n) the socket takes now, without waiting.
 * Returns the bytes sent (maybe 0, the socket full), or -1 when the
 * socket failed. */
long pc__helper_send_now(const void *buf, size_t n);

/* Queues head[0..head_len) and payload[0..len) to go to the helper
 * without waiting: behind what is queued already; what the socket takes
 * now goes now, the rest as the socket takes it (pc__helper_send_queued).
 * The queue is dropped when the helper is killed. Returns 0; -1 when
 * nothing was queued (no memory); -2 when the socket failed (the caller
 * kills the helper). */
int pc__helper_queue(const void *head, size_t head_len, const void *payload,
                     size_t len);

/* Is anything queued (pc__helper_queue) still to be sent? */
int pc__helper_queued(void);

/* Sends what is queued: all of it, waiting as needed (wait), or what the
 * socket takes now. Returns 0, or -1 when the socket failed. */
int pc__helper_send_queued(int wait);

/* Reads one reply's text into text (PC__REPLY_MAX + 1 bytes,
 * NUL-terminated) before deadline (pc__helper_now_ms's clock). Returns
 * 0, or -1 (the helper failed, or the deadline passed). */
int pc__helper_read_reply(char *text, long long deadline);

#endif
