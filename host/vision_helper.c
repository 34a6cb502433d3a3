/* vision_helper.c: the vision helper's process and its socket. Finds
 * postcheck-vision ($POSTCHECK_VISION, "off" turning vision off, else
 * beside the running binary, else in the installed libexec folder),
 * starts it with resource limits (address space, CPU seconds, no files
 * written, no core) and a socket pair as its stdin and stdout, sends
 * bytes to it (at once, or queued to go as the socket takes them), reads
 * its length-prefixed replies before a deadline, and kills it. What is asked over the socket (logos, looks) is
 * vision.c's; so a hostile image can crash or exhaust only the helper,
 * and the host never loads OpenCV or an image decoder.
 * A helper left idle gives its memory back: it is told to exit after
 * HELPER_IDLE_MS and a margin with nothing to read
 * (POSTCHECK_VISION_EXIT_MS), and the host counts it stopped from
 * HELPER_IDLE_MS on (pc__helper_idle_over), so that nothing is ever sent
 * to a helper about to exit. */
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
#include "self.h"
#include "vision_int.h"

#ifndef PC_VISION_LIBEXEC
#define PC_VISION_LIBEXEC "/usr/libexec/postcheck"
#endif
#define HELPER_MEMORY (2048ul << 20)
#define HELPER_CPU_SECONDS 600
/* How long a helper is kept with nothing asked of it (memory: 27-36 MB
 * RSS); POSTCHECK_VISION_IDLE_MS in the host's environment says
 * otherwise (0: kept), for tests. It exits by itself a margin later. */
#define HELPER_IDLE_MS (5 * 60 * 1000)

/* The running helper (pid 0 when none) and the host's end of its socket. */
static pid_t g_pid;
static int g_fd = -1;
/* When a byte last went to it or came from it (pc__helper_now_ms). */
static long long g_last;
/* The bytes queued to go without waiting (pc__helper_queue): len bytes,
 * of which those from at on are still to be sent. */
static struct {
    uint8_t *buf;
    size_t at, len;
} g_out;

static void drop_queue(void)
{
    free(g_out.buf);
    g_out.buf = NULL;
    g_out.at = g_out.len = 0;
}

/* How long a helper may sit idle, in ms (0: for ever). */
static long long idle_ms(void)
{
    const char *env = getenv("POSTCHECK_VISION_IDLE_MS");
    char *end;
    long long n;

    if (!env || !*env) {
        return HELPER_IDLE_MS;
    }
    n = strtoll(env, &end, 10);
    return *end || n < 0 ? HELPER_IDLE_MS : n;
}

/* The margin between the host's counting a helper stopped and its
 * exit: a quarter of the idle time, from 1 to 30 seconds. */
static long long idle_margin(long long idle)
{
    long long m = idle / 4;
    return m < 1000 ? 1000 : m > 30000 ? 30000 : m;
}

/* Finds the helper: returns 0 and fills path, or -1 (vision off). */
static int helper_path(char *path, size_t cap)
{
    const char *env = getenv("POSTCHECK_VISION");

    if (env && *env) {
        if (strcmp(env, "off") == 0) {
            return -1;
        }
        snprintf(path, cap, "%s", env);
        return 0;
    }
    if (pc_self_beside(PC__HELPER_NAME, X_OK, path, cap) == 0) {
        return 0;
    }
    snprintf(path, cap, "%s/" PC__HELPER_NAME, PC_VISION_LIBEXEC);
    return access(path, X_OK) == 0 ? 0 : -1;
}

static void limit(int what, rlim_t n)
{
    struct rlimit r;
    r.rlim_cur = n;
    r.rlim_max = n;
    (void)setrlimit(what, &r);
}

extern char **environ;

/* The helper's environment: the host's, with POSTCHECK_VISION_EXIT_MS
 * (its own idle exit) set in buf, or left out when the helper is kept
 * for ever. Made before the fork, so the child only calls execve. Owned
 * (the strings are environ's and buf), or NULL (no memory: the host's
 * own environment). */
static char **helper_env(char *buf, size_t cap)
{
    static const char key[] = "POSTCHECK_VISION_EXIT_MS=";
    long long idle = idle_ms();
    size_t n = 0, k = 0;
    char **env;

    while (environ && environ[n]) {
        n++;
    }
    env = malloc((n + 2) * sizeof *env);
    if (!env) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (strncmp(environ[i], key, sizeof key - 1) != 0) {
            env[k++] = environ[i];
        }
    }
    if (idle > 0) {
        snprintf(buf, cap, "%s%lld", key, idle + idle_margin(idle));
        env[k++] = buf;
    }
    env[k] = NULL;
    return env;
}

/* In the forked child: limits, the socket as stdin and stdout, exec. */
static void exec_helper(const char *path, int sock, char **env)
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
    argv[0] = (char *)PC__HELPER_NAME;
    argv[1] = NULL;
    execve(path, argv, env ? env : environ);
    _exit(127);
}

int pc__helper_running(void)
{
    return g_pid > 0;
}

int pc__helper_idle_over(void)
{
    long long idle;

    /* No helper (the host's usual state): no environment look-up, no
     * clock read (serve asks before every request, pc_vision_wait). */
    if (g_pid <= 0) {
        return 0;
    }
    idle = idle_ms();
    return idle > 0 && pc__helper_now_ms() - g_last >= idle;
}

int pc__helper_fd(void)
{
    return g_fd;
}

void pc__helper_kill(void)
{
    drop_queue();
    if (g_fd >= 0) {
        close(g_fd);
        g_fd = -1;
    }
    if (g_pid > 0) {
        int status;
        kill(g_pid, SIGKILL);
        while (waitpid(g_pid, &status, 0) < 0 && errno == EINTR) {
        }
        g_pid = 0;
    }
}

pc_status pc__helper_spawn(pc_error *err)
{
    char path[PATH_MAX], exit_ms[64];
    char **env;
    int sv[2];
    pid_t pid;

    if (g_pid > 0) {
        return PC_OK;
    }
    if (helper_path(path, sizeof path) != 0) {
        return pc_error_set(err, PC_ERR_INTERNAL,
                            "vision is off or " PC__HELPER_NAME
                            " is missing");
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        return pc_error_set(err, PC_ERR_INTERNAL, "socketpair: %s",
                            strerror(errno));
    }
    env = helper_env(exit_ms, sizeof exit_ms);
    pid = fork();
    if (pid == 0) {
        close(sv[0]);
        exec_helper(path, sv[1], env);
    }
    free(env);
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return pc_error_set(err, PC_ERR_INTERNAL, "fork: %s",
                            strerror(errno));
    }
    close(sv[1]);
    (void)fcntl(sv[0], F_SETFD, FD_CLOEXEC);
    g_pid = pid;
    g_fd = sv[0];
    g_last = pc__helper_now_ms();
    pc_log(PC_LOG_INFO, "vision: started helper pid %ld", (long)pid);
    return PC_OK;
}

long long pc__helper_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sends what the socket takes of buf, with flags, until it is all sent
 * or send fails (errno says why). Returns the bytes sent. */
static size_t send_upto(const void *buf, size_t n, int flags)
{
    const uint8_t *p = buf;
    size_t at = 0;

    while (at < n) {
        ssize_t k = send(g_fd, p + at, n - at, flags);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            break;
        }
        at += (size_t)k;
        g_last = pc__helper_now_ms();
    }
    return at;
}

int pc__helper_send(const void *buf, size_t n)
{
    return send_upto(buf, n, MSG_NOSIGNAL) == n ? 0 : -1;
}

long pc__helper_send_now(const void *buf, size_t n)
{
    size_t at = send_upto(buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);

    if (at == 0 && n > 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        return -1;
    }
    return (long)at;
}

int pc__helper_queued(void)
{
    return g_out.at < g_out.len;
}

int pc__helper_send_queued(int wait)
{
    long sent;

    if (wait) {
        if (g_out.at < g_out.len &&
            pc__helper_send(g_out.buf + g_out.at, g_out.len - g_out.at) != 0) {
            return -1;
        }
        drop_queue();
        return 0;
    }
    sent = pc__helper_send_now(g_out.buf + g_out.at, g_out.len - g_out.at);
    if (sent < 0) {
        return -1;
    }
    g_out.at += (size_t)sent;
    if (g_out.at == g_out.len) {
        drop_queue();
    }
    return 0;
}

int pc__helper_queue(const void *head, size_t head_len, const void *payload,
                     size_t len)
{
    size_t left = g_out.len - g_out.at;
    uint8_t *buf = malloc(left + head_len + len);

    if (!buf) {
        return -1;
    }
    if (left) {
        memcpy(buf, g_out.buf + g_out.at, left);
    }
    memcpy(buf + left, head, head_len);
    if (len) {
        memcpy(buf + left + head_len, payload, len);
    }
    free(g_out.buf);
    g_out.buf = buf;
    g_out.at = 0;
    g_out.len = left + head_len + len;
    if (!left && pc__helper_send_queued(0) != 0) {
        return -2;
    }
    return 0;
}

/* Reads n bytes before the deadline. */
static int recv_all(void *buf, size_t n, long long deadline)
{
    uint8_t *p = buf;
    while (n) {
        struct pollfd pfd = {g_fd, POLLIN, 0};
        long long left = deadline - pc__helper_now_ms();
        ssize_t k;
        if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
            return -1;
        }
        k = recv(g_fd, p, n, 0);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return -1;
        }
        g_last = pc__helper_now_ms();
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int pc__helper_read_reply(char *text, long long deadline)
{
    uint32_t len;

    if (recv_all(&len, sizeof len, deadline) != 0 ||
        len > PC__REPLY_MAX || recv_all(text, len, deadline) != 0) {
        return -1;
    }
    text[len] = '\0';
    return 0;
}
