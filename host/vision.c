/* vision.c: the host's side of vision: starts postcheck-vision on the
 * first image, sends it thumbnails or image files over a socket pair and
 * reads back faces; caches results by dHash.
 *
 * The helper runs in its own process with resource limits (address
 * space, CPU seconds, no files written, no core), so a hostile image can
 * crash or exhaust only the helper; a helper that dies, or takes longer
 * than HELPER_TIMEOUT_MS, is killed and started again on the next image.
 * The host never loads OpenCV or an image decoder: its start stays lean.
 * Where the helper is: $POSTCHECK_VISION ("off" turns vision off), else
 * beside the running binary, else in the installed libexec folder.
 * Limits: CACHE_SLOTS results; one request at a time (the host is single
 * threaded). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "postcheck/log.h"
#include "postcheck/vision.h"
#include "vision_wire.h"

#ifndef PC_VISION_LIBEXEC
#define PC_VISION_LIBEXEC "/usr/libexec/postcheck"
#endif
#define HELPER_NAME "postcheck-vision"
#define HELPER_TIMEOUT_MS 20000
#define HELPER_MEMORY (2048ul << 20)
#define HELPER_CPU_SECONDS 600
#define CACHE_SLOTS 64
#define REPLY_MAX 8192

#if defined(__SANITIZE_ADDRESS__)
#define PC_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PC_UNDER_ASAN 1
#endif
#endif

static struct {
    pid_t pid;
    int fd;
    int warned;
    size_t next;
    size_t used;
    uint64_t key[CACHE_SLOTS];
    pc_vision_result val[CACHE_SLOTS];
} V = {0, -1, 0, 0, 0, {0}, {{0}}};

/* Finds the helper: returns 0 and fills path, or -1 (vision off). */
static int helper_path(char *path, size_t cap)
{
    const char *env = getenv("POSTCHECK_VISION");
    char self[PATH_MAX - sizeof HELPER_NAME - 1];
    ssize_t n;
    char *slash;

    if (env && *env) {
        if (strcmp(env, "off") == 0) {
            return -1;
        }
        snprintf(path, cap, "%s", env);
        return 0;
    }
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        slash = strrchr(self, '/');
        if (slash) {
            *slash = '\0';
            snprintf(path, cap, "%s/" HELPER_NAME, self);
            if (access(path, X_OK) == 0) {
                return 0;
            }
        }
    }
    snprintf(path, cap, "%s/" HELPER_NAME, PC_VISION_LIBEXEC);
    return access(path, X_OK) == 0 ? 0 : -1;
}

static void limit(int what, rlim_t n)
{
    struct rlimit r;
    r.rlim_cur = n;
    r.rlim_max = n;
    (void)setrlimit(what, &r);
}

/* In the forked child: limits, the socket as stdin and stdout, exec. */
static void exec_helper(const char *path, int sock)
{
    char *argv[2];

    if (dup2(sock, 0) < 0 || dup2(sock, 1) < 0) {
        _exit(127);
    }
    for (int fd = 3; fd < 1024; fd++) {
        close(fd);
    }
#ifndef PC_UNDER_ASAN
    limit(RLIMIT_AS, HELPER_MEMORY);
#endif
    limit(RLIMIT_CPU, HELPER_CPU_SECONDS);
    limit(RLIMIT_FSIZE, 0);
    limit(RLIMIT_CORE, 0);
    argv[0] = (char *)HELPER_NAME;
    argv[1] = NULL;
    execv(path, argv);
    _exit(127);
}

static void stop_helper(void)
{
    if (V.fd >= 0) {
        close(V.fd);
        V.fd = -1;
    }
    if (V.pid > 0) {
        int status;
        kill(V.pid, SIGKILL);
        while (waitpid(V.pid, &status, 0) < 0 && errno == EINTR) {
        }
        V.pid = 0;
    }
}

static pc_status start_helper(pc_error *err)
{
    char path[PATH_MAX];
    int sv[2];
    pid_t pid;

    if (V.pid > 0) {
        return PC_OK;
    }
    if (helper_path(path, sizeof path) != 0) {
        return pc_error_set(err, PC_ERR_INTERNAL,
                            "vision is off or " HELPER_NAME " is missing");
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        return pc_error_set(err, PC_ERR_INTERNAL, "socketpair: %s",
                            strerror(errno));
    }
    pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return pc_error_set(err, PC_ERR_INTERNAL, "fork: %s",
                            strerror(errno));
    }
    if (pid == 0) {
        close(sv[0]);
        exec_helper(path, sv[1]);
    }
    close(sv[1]);
    (void)fcntl(sv[0], F_SETFD, FD_CLOEXEC);
    V.pid = pid;
    V.fd = sv[0];
    pc_log(PC_LOG_INFO, "vision: started helper pid %ld", (long)pid);
    return PC_OK;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int send_all(const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n) {
        ssize_t k = send(V.fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Reads n bytes before the deadline. */
static int recv_all(void *buf, size_t n, long long deadline)
{
    uint8_t *p = buf;
    while (n) {
        struct pollfd pfd = {V.fd, POLLIN, 0};
        long long left = deadline - now_ms();
        ssize_t k;
        if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
            return -1;
        }
        k = recv(V.fd, p, n, 0);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Parses the helper's reply text into out. */
static pc_status parse_reply(char *text, pc_vision_result *out, pc_error *err)
{
    unsigned long long hash;
    size_t n, k = 0;
    int code, used = 0;
    char *line;

    if (sscanf(text, "err %d %n", &code, &used) == 1 && used > 0) {
        text[strcspn(text, "\n")] = '\0';
        return pc_error_set(err, code == PC_ERR_TOO_LARGE ? PC_ERR_TOO_LARGE
                                 : code == PC_ERR_REQUEST ? PC_ERR_REQUEST
                                                          : PC_ERR_INTERNAL,
                            "%s", text + used);
    }
    if (sscanf(text, "ok %u %u %llx %zu", &out->width, &out->height, &hash,
               &n) != 4) {
        return pc_error_set(err, PC_ERR_INTERNAL, "bad reply from helper");
    }
    out->faces = n > INT_MAX ? INT_MAX : (int)n;
    out->has_dhash = 1;
    out->dhash = hash;
    for (line = strchr(text, '\n'); line && k < PC_VISION_MAX_FACES;
         line = strchr(line + 1, '\n')) {
        pc_vision_box *b = &out->box[k];
        if (sscanf(line + 1, "face %f %f %f %f %f", &b->x, &b->y, &b->w,
                   &b->h, &b->score) == 5) {
            k++;
        }
    }
    return PC_OK;
}

/* Sends one request and reads its reply; kills the helper on failure. */
static pc_status ask(const pc_vision_wire *req, const void *payload,
                     pc_vision_result *out, pc_error *err)
{
    char text[REPLY_MAX + 1];
    uint32_t len;
    long long deadline;
    pc_status st = start_helper(err);

    if (st != PC_OK) {
        return st;
    }
    deadline = now_ms() + HELPER_TIMEOUT_MS;
    if (send_all(req, sizeof *req) != 0 || send_all(payload, req->len) != 0 ||
        recv_all(&len, sizeof len, deadline) != 0 || len > REPLY_MAX ||
        recv_all(text, len, deadline) != 0) {
        stop_helper();
        return pc_error_set(err, PC_ERR_INTERNAL,
                            HELPER_NAME " failed or timed out");
    }
    text[len] = '\0';
    return parse_reply(text, out, err);
}

static void remember(uint64_t key, const pc_vision_result *r)
{
    V.key[V.next] = key;
    V.val[V.next] = *r;
    V.next = (V.next + 1) % CACHE_SLOTS;
    if (V.used < CACHE_SLOTS) {
        V.used++;
    }
}

int pc_vision_cached(uint64_t dhash, pc_vision_result *out)
{
    for (size_t i = 0; i < V.used; i++) {
        if (V.key[i] == dhash) {
            *out = V.val[i];
            return 1;
        }
    }
    return 0;
}

static void unknown(pc_vision_result *out)
{
    memset(out, 0, sizeof *out);
    out->faces = -1;
}

pc_status pc_vision_look_pixels(const uint8_t *rgb, unsigned w, unsigned h,
                                int has_dhash, uint64_t dhash,
                                pc_vision_result *out)
{
    pc_vision_wire req = {PC_VISION_MAGIC, PC_VISION_OP_PIXELS, w, h, 0};
    uint64_t key;
    pc_error err;

    unknown(out);
    if (w == 0 || h == 0 || w > PC_VISION_MAX_THUMB ||
        h > PC_VISION_MAX_THUMB) {
        return PC_ERR_REQUEST;
    }
    key = has_dhash ? dhash : pc_vision_dhash(rgb, w, h);
    if (pc_vision_cached(key, out)) {
        return PC_OK;
    }
    req.len = w * h * 3;
    pc_error_clear(&err);
    if (ask(&req, rgb, out, &err) != PC_OK) {
        if (!V.warned) {
            pc_log(PC_LOG_WARN, "vision: %s", err.text);
            V.warned = 1;
        }
        unknown(out);
        return PC_OK;
    }
    out->has_dhash = 1;
    out->dhash = key;
    remember(key, out);
    return PC_OK;
}

pc_status pc_vision_look_file(const uint8_t *data, size_t len,
                              pc_vision_result *out, pc_error *err)
{
    pc_vision_wire req = {PC_VISION_MAGIC, PC_VISION_OP_FILE, 0, 0, 0};
    pc_status st;

    unknown(out);
    if (len > PC_VISION_MAX_FILE) {
        return pc_error_set(err, PC_ERR_TOO_LARGE, "the file is over %u MiB",
                            PC_VISION_MAX_FILE >> 20);
    }
    req.len = (uint32_t)len;
    st = ask(&req, data, out, err);
    if (st != PC_OK) {
        unknown(out);
    }
    return st;
}

void pc_vision_shutdown(void)
{
    stop_helper();
    V.used = 0;
    V.next = 0;
}
