/* serve.c: native messaging over two file descriptors: reads a frame
 * (pc_frame_in: one read() for a request's length and body, none for a
 * request that came with the one before), hands its bytes to the
 * protocol, frames the reply (one writev), and, the first time no
 * request is waiting, prepares the pack a hello named (the warm-up).
 * The vision helper is not started here: the first request with an
 * image attachment, or a hello saying images may come, starts it
 * (protocol_pixels.c, vision.c); while the host waits for a request,
 * pc_vision_wait sends it what it was handed ahead. Before the packs
 * load, pc_serve_prefault gives back the libraries' large symbol tables
 * the loader read (pc_self_drop_tables) and maps the heap the first
 * check will write in a few system calls (serve.h). A warm-up step gives
 * back the pages of the program's and its libraries' files at the end of
 * each phase of a pack's preparation (pc_self_drop_phases: the detectors
 * made, a pack parsed), so the phases' reads do not add up to the peak
 * RSS, unless a request has come meanwhile: a request is answered first,
 * and a pack it prepares gives nothing back on its way. At the end of
 * the first warm-ups, the host idle, and at the start of those that
 * follow checks, those pages are given back again (pc_self_drop_pages,
 * WARMUPS_GIVEN_BACK): what the first checks and the JIT's compiler read
 * once; the next check reads back what it uses. Before a read that may
 * wait, the CPU clock is read (pc_clock_wait), so the check after a
 * pause does not read it on the way to its reply.
 *
 * Policy: every frame gets exactly one reply. A frame over
 * PC_FRAME_MAX_IN is read past without being kept and answered
 * "too-large", so one tab's oversize draft does not restart the host all
 * tabs share; only a length over PC_FRAME_MAX_SKIP (no browser sends one:
 * the stream cannot be trusted) ends the loop. Logs (log.c) carry
 * request numbers, lengths and codes, never text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postcheck/budget.h"
#include "postcheck/frame.h"
#include "postcheck/log.h"
#include "postcheck/protocol.h"
#include "postcheck/serve.h"
#include "postcheck/vision.h"
#include "grow.h"
#include "self.h"

/* How long the host waits, idle, before it gives back the memory a long
 * post's check left in malloc's keeping (pc__heap_release): longer than
 * the pauses of someone typing, so checks in a row reuse it. */
#define IDLE_RELEASE_MS 2000

/* How many warm-ups give back the pages of the program's files
 * (pc_self_drop_pages): at their end, what the warm-up read, and, for
 * one that follows checks, also at their start, what those checks read
 * once, before PCRE2's JIT compiler (0.2-0.4 MB of its code) adds its
 * own. The first warm-up may end before the first check, which reads what
 * later checks do not (lazily bound library symbols, ICU's first
 * normalisation); the JIT of the regexes the first checks ran is the
 * next ones. Given back at the end only, of the first two, llmat's host
 * peaked at 6.2-7.0 MB over 2100 checks; at the start too, of the first
 * four, at 6.1-6.3 MB. Later warm-ups are rare (the JIT of a regex no
 * check had run) and would give back mostly what the next check reads
 * again. */
#define WARMUPS_GIVEN_BACK 4

/* The warm-up's state in pc_serve_run. */
typedef struct warm_state {
    int warmed;      /* nothing is left to prepare or JIT-compile */
    int after_check; /* the next warm-up follows checks (a request found
                        warmed set and left it unset) */
    int given_back;  /* warm-ups whose pages were given back */
} warm_state;

/* A request longer than this (bytes) may leave memory in malloc's
 * keeping: the next idle time is watched for (release_while_idle). */
#define SPARE_AFTER (16 * 1024)

/* Answers a frame over the limit. Returns 0 when its body was skipped
 * and the host can go on, or -1 when the conversation ends (a length no
 * browser sends, or input that ended or failed while skipping). */
static int refuse_too_large(pc_frame_in *in, int out_fd, size_t claimed)
{
    pc_status st = PC_ERR_TOO_LARGE;
    pc_error err;
    char msg[128];
    size_t len;
    char *reply;

    pc_error_clear(&err);
    if (claimed <= PC_FRAME_MAX_SKIP) {
        /* Read past the body first: the reply then answers this frame
         * and the next frame starts where the host reads. */
        st = pc_frame_in_skip(in, claimed, &err);
    }
    snprintf(msg, sizeof msg, "the request is %zu bytes; the limit is %u "
             "bytes", claimed, PC_FRAME_MAX_IN);
    reply = pc_protocol_error_reply(PC_ERR_TOO_LARGE, msg, &len);
    if (reply) {
        pc_frame_write(out_fd, reply, len, NULL);
    }
    free(reply);
    if (st == PC_OK) {
        pc_log(PC_LOG_WARN, "request of %zu bytes is over the limit of %u; "
               "skipped", claimed, PC_FRAME_MAX_IN);
        return 0;
    }
    pc_log(PC_LOG_ERROR, "request of %zu bytes is over the limit of %u; "
           "ending", claimed, PC_FRAME_MAX_IN);
    return -1;
}

/* Handles one request frame and writes its reply. Returns 0 or -1 when
 * the reply could not be written. */
static int serve_one(pc_packset *ps, int out_fd, const char *req,
                     size_t len, unsigned long n, char *hint, size_t hint_size)
{
    static const char nomem[] = "{\"type\":\"error\",\"id\":null,"
                                "\"code\":\"internal\",\"message\":"
                                "\"out of memory\"}";
    char *reply = NULL;
    size_t reply_len = 0;
    pc_error err;
    pc_status st;
    int rc = 0;

    pc_error_clear(&err);
    st = pc_protocol_handle_hint(ps, req, len, &reply, &reply_len, hint,
                                  hint_size);
    pc_log(PC_LOG_DEBUG, "request %lu: %zu bytes, %s, reply %zu bytes", n,
           len, st == PC_OK ? "ok" : pc_protocol_code(st), reply_len);
    if (!reply) {
        st = pc_frame_write(out_fd, nomem, sizeof nomem - 1, &err);
    } else {
        st = pc_frame_write(out_fd, reply, reply_len, &err);
    }
    if (st != PC_OK) {
        pc_log(PC_LOG_ERROR, "request %lu: cannot write the reply: %s", n,
               err.text);
        rc = -1;
    }
    pc_protocol_reply_free(reply); /* kept for the next reply */
    return rc;
}

/* Gives back the pages of the program's and its libraries' files
 * (self.h), at the start or end of a warm-up (when). */
static void give_back(const char *when)
{
    size_t pages = pc_self_drop_pages();

    pc_log(PC_LOG_DEBUG, "%zu pages of the program's files given back %s",
           pages, when);
}

/* While no request is waiting, prepares the pack a hello named (every
 * pack if none was named; built-in packs are only read when needed; a
 * hello naming another pack starts it again for that one), a
 * step at a time: the pack, then the detectors' JIT, then one rule a
 * step (pc_packset_warm_step), and again after a check that ran regexes
 * the JIT has not had. A request that comes in is answered
 * before the next step, so it waits for one step at most; checks before
 * the JIT is done give the same findings, interpreted. The first
 * WARMUPS_GIVEN_BACK warm-ups give back the pages of the program's files
 * at their end, and at their start when they follow checks. */
static void warm_while_idle(pc_packset *ps, int in_fd, warm_state *w,
                            int *spare, const char *hint)
{
    pc_error err;

    while (!w->warmed && pc_vision_wait(in_fd, 0) == 0) {
        if (w->after_check && w->given_back < WARMUPS_GIVEN_BACK) {
            give_back("before a warm-up");
        }
        w->after_check = 0;
        pc_error_clear(&err);
        /* What each phase of preparing the pack read is given back at
         * its end, unless a request is waiting by then (self.h). */
        pc_self_drop_phases(1, in_fd);
        w->warmed = !pc_packset_warm_step(ps, hint[0] ? hint : NULL, &err);
        pc_self_drop_phases(0, -1);
        *spare = 1;
        if (err.code != PC_OK) {
            pc_log(PC_LOG_INFO, "cannot prepare policy %s: %s",
                   hint[0] ? hint : "(all)", err.text);
        }
        if (w->warmed) {
            pc_log(PC_LOG_DEBUG, "policy %s is prepared",
                   hint[0] ? hint : "(all)");
        }
        if (w->warmed && w->given_back < WARMUPS_GIVEN_BACK) {
            /* The pack ready: what loading, preparing and compiling read
             * and checks do not (the next check reads its own back). */
            give_back("after a warm-up");
            w->given_back++;
        }
    }
}

/* Once no request has come for IDLE_RELEASE_MS, gives back the memory
 * malloc keeps unused (a request that comes first is read at once).
 * Only when there is some to give back (pc__heap_spare), looked at
 * after what can leave some (*spare: a warm-up step, a request over
 * SPARE_AFTER bytes); a short check does not, and the loop then reads
 * without a poll first. */
static void release_while_idle(int in_fd, int *spare)
{
    if (*spare && !pc__heap_spare()) {
        *spare = 0;
    }
    if (!*spare) {
        return;
    }
    if (pc_vision_wait(in_fd, IDLE_RELEASE_MS) == 0) {
        *spare = 0;
        if (pc__heap_release()) {
            pc_log(PC_LOG_DEBUG, "%s", "idle: memory given back");
        }
    }
}

void pc_serve_prefault(void)
{
    size_t pages = pc_self_drop_tables(); /* self.h */

    pc_log(PC_LOG_DEBUG, "%zu pages of the libraries' tables given back",
           pages);
    pc__heap_init(PC_SERVE_PREFAULT); /* grow.h */
}

int pc_serve_run(pc_packset *ps, int in_fd, int out_fd)
{
    unsigned long n;
    warm_state w = {0, 0, 0};
    int spare = 0, rc = 0;
    char hint[128] = "", named[sizeof hint];
    pc_frame_in in;

    pc_frame_in_init(&in, in_fd);
    for (n = 1;; n++) {
        const char *req = NULL;
        size_t len = 0;
        pc_error err;
        pc_status st;
        int waits;

        /* A request already read (it came with the one before) is
         * waiting: no warm-up step and no poll before it. Else the read
         * may wait: the CPU clock is read before it, not by the check
         * after it (budget.h). */
        waits = !pc_frame_in_pending(&in);
        if (n > 1 && waits) {
            warm_while_idle(ps, in_fd, &w, &spare, hint);
            release_while_idle(in_fd, &spare);
            (void)pc_vision_wait(in_fd, -1); /* requests handed ahead */
        }
        if (waits) {
            pc_clock_wait();
        }
        pc_error_clear(&err);
        st = pc_frame_in_next(&in, PC_FRAME_MAX_IN, &req, &len, &err);
        if (waits) {
            pc_clock_woke();
        }
        if (st == PC_ERR_EOF) {
            break;
        }
        if (st == PC_ERR_TOO_LARGE) {
            spare = 1;
            if (refuse_too_large(&in, out_fd, len) != 0) {
                rc = 1;
                break;
            }
            continue;
        }
        if (st != PC_OK) {
            pc_log(PC_LOG_ERROR, "request %lu: %s", n, err.text);
            rc = 1;
            break;
        }
        spare |= len > SPARE_AFTER;
        /* hint is NUL-terminated within its size: copied whole, no
         * formatting (snprintf was about 580 instructions a request). */
        memcpy(named, hint, sizeof named);
        rc = serve_one(ps, out_fd, req, len, n, hint, sizeof hint);
        w.after_check |= w.warmed;
        w.warmed = w.warmed && strcmp(named, hint) == 0 &&
                   !pc_packset_warm_wanted(ps);
        w.after_check &= !w.warmed;
        if (rc != 0) {
            rc = 1;
            break;
        }
    }
    pc_frame_in_free(&in);
    return rc;
}
