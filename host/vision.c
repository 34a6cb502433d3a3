/* vision.c: what the host asks of postcheck-vision (vision_helper.c
 * starts it, on the first image attachment through pc_vision_start, or
 * at the first look, and carries the bytes): hands it the pack's logos
 * once (it keeps them in numbered slots; at the image attachment, without
 * waiting for it to read them), sends it thumbnails or image files and
 * reads back faces and logos found; the results are cached by dHash
 * (vision_cache.c).
 *
 * A helper that fails, or takes longer than HELPER_TIMEOUT_MS, is killed
 * and started again on the next image; the check goes on without it.
 * Limits: PC_VISION_SLOTS logos held by the helper (the oldest not asked
 * for is replaced); one request at a time (the host is single threaded). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/log.h"
#include "postcheck/vision.h"
#include "vision_int.h"
#include "vision_wire.h"

#define HELPER_TIMEOUT_MS 20000
#define BAD_LOGOS 16
/* In pending: the reply owed is a warm-up look's, read and dropped. */
#define WARM_LOOK PC_VISION_SLOTS
/* The warm-up look's thumbnail: small (57.6 KB), so that the helper
 * has it soon after the pack's logos. */
#define WARM_W 160
#define WARM_H 120

/* The logos the helper holds (slot s holds the logo keyed key[s]
 * when used bit s is set; next: the slot to replace next) and the logos
 * it could not read (by key, so they are not sent again). Logos handed
 * ahead (pc_vision_start) are sent without waiting: slot
 * pending[i] is to hold the logo keyed key[pending[i]] once the i-th of
 * the n_pending replies owed says so (their bits are in
 * pending_mask, or is a warm-up look's when pending[i] is WARM_LOOK;
 * primed: this helper was sent one). What of those requests the socket
 * did not take yet is queued in vision_helper.c, sent as the socket takes
 * it while the host waits (pc_vision_wait), else before the next
 * request. */
static struct {
    int warned;
    uint32_t used;
    unsigned next;
    uint64_t key[PC_VISION_SLOTS];
    uint64_t bad[BAD_LOGOS];
    size_t n_bad;
    uint32_t pending_mask;
    unsigned pending[PC_VISION_SLOTS + 1];
    size_t bytes[PC_VISION_SLOTS];
    size_t n_pending;
    int primed;
} V = {0, 0, 0, {0}, {0}, 0, 0, {0}, {0}, 0, 0};

static void stop_helper(void)
{
    pc__helper_kill();
    V.used = 0;
    V.pending_mask = 0;
    V.n_pending = 0;
    V.primed = 0;
}

/* A helper idle so long that it exits by itself soon (vision_helper.c)
 * is stopped before anything is asked of it; the next image, or the
 * hello of a composer taking the focus, starts another and hands it the
 * pack's logos again. What was found stays cached by dHash. */
static void drop_idle(void)
{
    if (pc__helper_idle_over()) {
        pc_log(PC_LOG_INFO, "vision: the helper was idle: stopped");
        stop_helper();
    }
}

static void remember_bad(uint64_t key, size_t len, const char *why)
{
    pc_log(PC_LOG_WARN, "vision: a logo (%zu bytes) cannot be read: %s", len,
           why);
    V.bad[V.n_bad++ % BAD_LOGOS] = key;
    V.n_bad = V.n_bad > BAD_LOGOS ? BAD_LOGOS : V.n_bad;
}

/* Sends what is left of the requests handed ahead and reads the replies
 * they are owed, in order (the helper answers in the order asked): a
 * logo it read is held from then on, one it could not is remembered as
 * bad; a warm-up look's reply is dropped. Returns 0, or -1 when the
 * helper failed (the caller stops it). */
static int settle(long long deadline)
{
    char text[PC__REPLY_MAX + 1];

    if (pc__helper_send_queued(1) != 0) {
        return -1;
    }
    for (size_t i = 0; i < V.n_pending; i++) {
        unsigned s = V.pending[i];
        int used = 0;
        if (pc__helper_read_reply(text, deadline) != 0) {
            return -1;
        }
        if (s == WARM_LOOK) {
            continue;
        }
        if (strncmp(text, "ok ", 3) == 0) {
            V.used |= 1u << s;
        } else {
            (void)sscanf(text, "err %*d %n", &used);
            text[strcspn(text, "\n")] = '\0';
            remember_bad(V.key[s], V.bytes[s], used > 0 ? text + used : text);
        }
    }
    V.n_pending = 0;
    V.pending_mask = 0;
    return 0;
}

/* Sends one request and reads its reply text into text (PC__REPLY_MAX + 1
 * bytes, NUL-terminated), after the replies owed to requests handed
 * ahead; kills the helper on failure. A reply "err STATUS MESSAGE"
 * becomes that status and message. */
static pc_status ask(const pc_vision_wire *req, const void *payload,
                     char *text, pc_error *err)
{
    long long deadline;
    int code, used = 0;
    pc_status st = pc__helper_spawn(err);

    if (st != PC_OK) {
        return st;
    }
    deadline = pc__helper_now_ms() + HELPER_TIMEOUT_MS;
    if (settle(deadline) != 0 || pc__helper_send(req, sizeof *req) != 0 ||
        pc__helper_send(payload, req->len) != 0 || pc__helper_read_reply(text, deadline) != 0) {
        stop_helper();
        return pc_error_set(err, PC_ERR_INTERNAL,
                            PC__HELPER_NAME " failed or timed out");
    }
    if (sscanf(text, "err %d %n", &code, &used) == 1 && used > 0) {
        text[strcspn(text, "\n")] = '\0';
        return pc_error_set(err, code == PC_ERR_TOO_LARGE ? PC_ERR_TOO_LARGE
                                 : code == PC_ERR_REQUEST ? PC_ERR_REQUEST
                                                          : PC_ERR_INTERNAL,
                            "%s", text + used);
    }
    return PC_OK;
}

/* Parses the helper's reply to a look into out; slot_ref[s] is the
 * request's index of the logo in slot s (or -1). */
static pc_status parse_look(const char *text, const int *slot_ref,
                            pc_vision_result *out, pc_error *err)
{
    unsigned long long hash;
    size_t n, k = 0;
    const char *line;

    if (sscanf(text, "ok %u %u %llx %zu", &out->width, &out->height, &hash,
               &n) != 4) {
        return pc_error_set(err, PC_ERR_INTERNAL, "bad reply from helper");
    }
    out->faces = n > INT_MAX ? INT_MAX : (int)n;
    out->has_dhash = 1;
    out->dhash = hash;
    for (line = strchr(text, '\n'); line; line = strchr(line + 1, '\n')) {
        pc_vision_box *b = &out->box[k];
        unsigned slot;
        int found;
        if (k < PC_VISION_MAX_FACES &&
            sscanf(line + 1, "face %f %f %f %f %f", &b->x, &b->y, &b->w,
                   &b->h, &b->score) == 5) {
            k++;
        } else if (sscanf(line + 1, "logo %u %d", &slot, &found) == 2 &&
                   slot < PC_VISION_SLOTS && slot_ref[slot] >= 0) {
            uint32_t bit = 1u << slot_ref[slot];
            out->logos_known |= bit;
            out->logos |= found ? bit : 0;
        }
    }
    return PC_OK;
}

/* The slot in mask holding the logo keyed key, else PC_VISION_SLOTS. */
static unsigned slot_of(uint64_t key, uint32_t mask)
{
    unsigned s = 0;

    while (s < PC_VISION_SLOTS && !((mask & (1u << s)) && V.key[s] == key)) {
        s++;
    }
    return s;
}

static int is_bad(uint64_t key)
{
    for (size_t i = 0; i < V.n_bad; i++) {
        if (V.bad[i] == key) {
            return 1;
        }
    }
    return 0;
}

/* Hands logo l to the helper into slot s. */
static pc_status put_logo(unsigned s, const pc_vision_logo_ref *l,
                          pc_error *err)
{
    pc_vision_wire req = {PC_VISION_MAGIC, PC_VISION_OP_LOGO, s, 0, 0, 0};
    char text[PC__REPLY_MAX + 1];
    pc_status st;

    if (l->len > PC_VISION_MAX_LOGO_FILE) {
        return pc_error_set(err, PC_ERR_TOO_LARGE, "the logo's file is "
                            "over %u MiB", PC_VISION_MAX_LOGO_FILE >> 20);
    }
    req.len = (uint32_t)l->len;
    V.used &= ~(1u << s);
    st = ask(&req, l->data, text, err);
    if (st == PC_OK) {
        V.key[s] = l->key;
        V.used |= 1u << s;
    }
    return st;
}

/* A slot to put a new logo in: a free one, else the next one not in
 * keep (nor owed a reply). Returns PC_VISION_SLOTS when every slot is
 * kept. */
static unsigned free_slot(uint32_t keep)
{
    for (unsigned s = 0; s < PC_VISION_SLOTS; s++) {
        if (!((V.used | V.pending_mask) & (1u << s))) {
            return s;
        }
    }
    for (unsigned i = 0; i < PC_VISION_SLOTS; i++) {
        unsigned s = (V.next + i) % PC_VISION_SLOTS;
        if (!((keep | V.pending_mask) & (1u << s))) {
            V.next = (s + 1) % PC_VISION_SLOTS;
            return s;
        }
    }
    return PC_VISION_SLOTS;
}

/* Makes sure the helper holds logos[0..n): fills slot_ref and returns
 * the mask of slots to look for. A logo the helper cannot read is
 * remembered as bad, logged once and left out; a helper that fails
 * gives PC_ERR_INTERNAL. */
static pc_status place_logos(const pc_vision_logo_ref *logos, size_t n,
                             int *slot_ref, uint32_t *mask, pc_error *err)
{
    *mask = 0;
    for (unsigned s = 0; s < PC_VISION_SLOTS; s++) {
        slot_ref[s] = -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned s = slot_of(logos[i].key, V.used);
        pc_error why;
        if (s == PC_VISION_SLOTS && !is_bad(logos[i].key)) {
            pc_status st;
            s = free_slot(*mask);
            pc_error_clear(&why);
            st = s < PC_VISION_SLOTS ? put_logo(s, &logos[i], &why)
                                     : PC_ERR_INTERNAL;
            if (st == PC_ERR_INTERNAL) {
                return pc_error_set(err, PC_ERR_INTERNAL, "%s", why.text);
            }
            if (st != PC_OK) {
                remember_bad(logos[i].key, logos[i].len, why.text);
                continue;
            }
        }
        if (s < PC_VISION_SLOTS) {
            slot_ref[s] = (int)i;
            *mask |= 1u << s;
        }
    }
    return PC_OK;
}

/* Asks the helper to look at payload (op, w, h as the wire says) for
 * faces and logos. */
static pc_status look(uint32_t op, unsigned w, unsigned h,
                      const void *payload, size_t len,
                      const pc_vision_logo_ref *logos, size_t n_logos,
                      pc_vision_result *out, pc_error *err)
{
    pc_vision_wire req = {PC_VISION_MAGIC, op, w, h, (uint32_t)len, 0};
    char text[PC__REPLY_MAX + 1];
    int slot_ref[PC_VISION_SLOTS];
    pc_status st;

    if (n_logos > PC_VISION_MAX_LOGOS) {
        return pc_error_set(err, PC_ERR_REQUEST, "more than %d logos",
                            PC_VISION_MAX_LOGOS);
    }
    drop_idle();
    st = pc__helper_spawn(err);
    if (st == PC_OK && settle(pc__helper_now_ms() + HELPER_TIMEOUT_MS) != 0) {
        stop_helper();
        st = pc_error_set(err, PC_ERR_INTERNAL,
                          PC__HELPER_NAME " failed or timed out");
    }
    if (st == PC_OK) {
        st = place_logos(logos, n_logos, slot_ref, &req.logos, err);
    }
    if (st == PC_OK) {
        st = ask(&req, payload, text, err);
    }
    return st == PC_OK ? parse_look(text, slot_ref, out, err) : st;
}

static void unknown(pc_vision_result *out)
{
    memset(out, 0, sizeof *out);
    out->faces = -1;
}

/* Are a thumbnail's sides and its logo count within the helper's limits? */
static int thumb_fits(unsigned w, unsigned h, size_t n_logos)
{
    return w > 0 && h > 0 && w <= PC_VISION_MAX_THUMB &&
           h <= PC_VISION_MAX_THUMB && n_logos <= PC_VISION_MAX_LOGOS;
}

/* Does the cache answer for image key and each of logos? (fills out) */
static int cached_in_full(uint64_t key, const pc_vision_logo_ref *logos,
                          size_t n_logos, pc_vision_result *out)
{
    uint32_t all = n_logos >= 32 ? ~0u : (1u << n_logos) - 1;

    return pc_vision_cached(key, logos, n_logos, out) &&
           (out->logos_known & all) == all;
}

/* A thumbnail the helper could not look at (err says why; warned of
 * once): its faces and logos stay unknown and the check goes on. */
static pc_status look_failed(const pc_error *err, pc_vision_result *out)
{
    if (!V.warned) {
        pc_log(PC_LOG_WARN, "vision: %s", err->text);
        V.warned = 1;
    }
    unknown(out);
    return PC_OK;
}

pc_status pc_vision_look_pixels(const uint8_t *rgb, unsigned w, unsigned h,
                                int has_dhash, uint64_t dhash,
                                const pc_vision_logo_ref *logos,
                                size_t n_logos, pc_vision_result *out)
{
    uint64_t key;
    pc_error err;

    unknown(out);
    if (!thumb_fits(w, h, n_logos)) {
        return PC_ERR_REQUEST;
    }
    key = has_dhash ? dhash : pc_vision_dhash(rgb, w, h);
    if (cached_in_full(key, logos, n_logos, out)) {
        return PC_OK;
    }
    unknown(out);
    pc_error_clear(&err);
    if (look(PC_VISION_OP_PIXELS, w, h, rgb, (size_t)w * h * 3, logos,
             n_logos, out, &err) != PC_OK) {
        return look_failed(&err, out);
    }
    out->has_dhash = 1;
    out->dhash = key;
    pc__vision_remember(key, logos, n_logos, out);
    return PC_OK;
}

pc_status pc_vision_look_jpeg(const uint8_t *jpeg, size_t len, unsigned w,
                              unsigned h, int has_dhash, uint64_t dhash,
                              const pc_vision_logo_ref *logos,
                              size_t n_logos, pc_vision_result *out)
{
    pc_status st;
    pc_error err;

    unknown(out);
    if (!thumb_fits(w, h, n_logos) || len < 3 || len > (size_t)w * h * 3 ||
        jpeg[0] != 0xff || jpeg[1] != 0xd8 || jpeg[2] != 0xff) {
        return PC_ERR_REQUEST;
    }
    if (has_dhash && cached_in_full(dhash, logos, n_logos, out)) {
        return PC_OK;
    }
    unknown(out);
    pc_error_clear(&err);
    /* The helper decodes it as it does a file (in its own process, with
     * its limits): at most PC_VISION_MAX_THUMB a side, so a thumbnail's
     * pixels are looked at as they are. */
    st = look(PC_VISION_OP_FILE, 0, 0, jpeg, len, logos, n_logos, out, &err);
    if ((st == PC_OK && (out->width != w || out->height != h)) ||
        st == PC_ERR_REQUEST || st == PC_ERR_TOO_LARGE) {
        unknown(out);
        return PC_ERR_REQUEST;
    }
    if (st != PC_OK) {
        return look_failed(&err, out);
    }
    if (has_dhash) {
        out->dhash = dhash;
    }
    pc__vision_remember(out->dhash, logos, n_logos, out);
    return PC_OK;
}

pc_status pc_vision_look_file(const uint8_t *data, size_t len,
                              const pc_vision_logo_ref *logos,
                              size_t n_logos, pc_vision_result *out,
                              pc_error *err)
{
    pc_status st;

    unknown(out);
    if (len > PC_VISION_MAX_FILE) {
        return pc_error_set(err, PC_ERR_TOO_LARGE, "the file is over %u MiB",
                            PC_VISION_MAX_FILE >> 20);
    }
    st = look(PC_VISION_OP_FILE, 0, 0, data, len, logos, n_logos, out, err);
    if (st != PC_OK) {
        unknown(out);
    }
    return st;
}

pc_status pc_vision_logo_check(const uint8_t *data, size_t len,
                               pc_error *err)
{
    pc_vision_logo_ref l = {pc_vision_key(data, len), data, len};
    pc_status st;

    drop_idle();
    st = pc__helper_spawn(err);

    if (st != PC_OK) {
        return st;
    }
    return put_logo(free_slot(0), &l, err);
}

/* Queues a request (its header req and req->len bytes of payload) to go
 * without waiting (pc__helper_queue). Returns 0, or -1 (nothing of it
 * queued; when the socket failed the helper is stopped). */
static int queue_ahead(const pc_vision_wire *req, const void *payload)
{
    int r = pc__helper_queue(req, sizeof *req, payload, req->len);

    if (r == -2) {
        /* Not queued: what was there before is gone too, so stop. */
        stop_helper();
    }
    return r == 0 ? 0 : -1;
}

int pc_vision_sending(void)
{
    drop_idle();
    return pc__helper_queued() && pc__helper_running();
}

int pc_vision_wait(int in_fd, int timeout_ms)
{
    /* The clock only for a wait with a timeout, not serve's every poll. */
    long long deadline = timeout_ms > 0 ? pc__helper_now_ms() + timeout_ms : 0;

    for (;;) {
        struct pollfd p[2] = {{in_fd, POLLIN, 0}, {pc__helper_fd(), POLLOUT, 0}};
        int sending = pc_vision_sending(), wait = timeout_ms, r;
        if (!sending && timeout_ms < 0) {
            return 0;
        }
        if (timeout_ms > 0) {
            long long left = deadline - pc__helper_now_ms();
            wait = left > 0 ? (int)left : 0;
        }
        r = poll(p, sending ? 2 : 1, wait);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0 || p[0].revents) {
            return 1;
        }
        if (r == 0) {
            return 0;
        }
        if (sending &&
            (p[1].revents & ~POLLOUT || pc__helper_send_queued(0) != 0)) {
            /* The helper is gone: the next image starts another. */
            stop_helper();
        }
    }
}

/* Queues logo l's request for slot s without waiting (queue_ahead).
 * Returns 0, or -1 (the logo is handed at the first look instead). */
static int hand_ahead(unsigned s, const pc_vision_logo_ref *l)
{
    pc_vision_wire req = {PC_VISION_MAGIC, PC_VISION_OP_LOGO, s, 0,
                          (uint32_t)l->len, 0};

    if (l->len > PC_VISION_MAX_LOGO_FILE || queue_ahead(&req, l->data) != 0) {
        return -1;
    }
    V.key[s] = l->key;
    V.bytes[s] = l->len;
    V.used &= ~(1u << s);
    V.pending_mask |= 1u << s;
    V.pending[V.n_pending++] = s;
    return 0;
}

/* Queues, once a helper, a look at a made-up thumbnail for faces and
 * every logo held or handed, whose reply is dropped: the helper's first
 * look costs more than the next (OpenCV's first run of the face model
 * and of the logo finder: 60-160 ms of CPU against 20-70 ms, measured
 * through `postcheck serve` at load average 23), and this one is paid
 * before the first photo comes. */
static void prime(void)
{
    pc_vision_wire req = {PC_VISION_MAGIC, PC_VISION_OP_PIXELS, WARM_W,
                          WARM_H, WARM_W * WARM_H * 3, 0};
    uint8_t *rgb;

    if (V.primed || !pc__helper_running() ||
        !(rgb = malloc((size_t)WARM_W * WARM_H * 3))) {
        return;
    }
    /* A gradient with a grid: the finder has edges and colours to
     * work on, as in a photo. */
    for (unsigned y = 0; y < WARM_H; y++) {
        for (unsigned x = 0; x < WARM_W; x++) {
            uint8_t *p = rgb + ((size_t)y * WARM_W + x) * 3;
            int line = x % 48 < 3 || y % 48 < 3;
            p[0] = line ? 20 : (uint8_t)(x * 255 / WARM_W);
            p[1] = line ? 20 : (uint8_t)(y * 255 / WARM_H);
            p[2] = line ? 20 : (uint8_t)((x + y) * 255 / (WARM_W + WARM_H));
        }
    }
    req.logos = V.used | V.pending_mask;
    if (queue_ahead(&req, rgb) == 0) {
        V.pending[V.n_pending++] = WARM_LOOK;
        V.primed = 1;
    }
    free(rgb);
}

void pc_vision_start(const pc_vision_logo_ref *logos, size_t n_logos)
{
    static int missing;

    /* A missing helper is not looked for at every attachment; one that
     * was stopped (it failed, timed out, or was idle) is started again. */
    drop_idle();
    if (!pc__helper_running() && !missing &&
        pc__helper_spawn(NULL) != PC_OK) {
        missing = 1;
        pc_log(PC_LOG_INFO, "vision: no helper to start early");
    }
    /* The logos go now, read by the helper as soon as it has started,
     * while the host answers this check and the page draws the image;
     * their replies are read before the next request's. */
    for (size_t i = 0; pc__helper_running() && i < n_logos && i < PC_VISION_MAX_LOGOS;
         i++) {
        unsigned s;
        if (slot_of(logos[i].key, V.used | V.pending_mask) < PC_VISION_SLOTS ||
            is_bad(logos[i].key)) {
            continue;
        }
        /* A free slot only (every slot kept): none held is replaced
         * ahead of a look. */
        s = free_slot(~0u);
        if (s == PC_VISION_SLOTS || hand_ahead(s, &logos[i]) != 0) {
            break;
        }
    }
}

void pc_vision_prepare(const pc_vision_logo_ref *logos, size_t n_logos)
{
    pc_vision_start(logos, n_logos);
    prime();
}

void pc_vision_shutdown(void)
{
    stop_helper();
    pc__vision_forget();
}
