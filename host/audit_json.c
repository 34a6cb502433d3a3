/* audit_json.c: reading the big JSON arrays of an archive one element at
 * a time (X's tweets.js, Facebook's and Instagram's post files), and the
 * text repairs those platforms need.
 *
 * The scanner tracks strings, escapes and depth only; each element is
 * then parsed on its own with jansson. So memory is one element (at most
 * PC_AUDIT_MAX_POST bytes) plus a read buffer, whatever the file's size,
 * and one bad element is reported and skipped without losing the rest. */
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "postcheck/text.h"

#define READ_BUF (256u * 1024u)

pc_status pc__jscan_init(pc__jscan *j, pc__astream *s)
{
    memset(j, 0, sizeof *j);
    j->in = s;
    j->buf = malloc(READ_BUF);
    return j->buf ? PC_OK : PC_ERR_NOMEM;
}

void pc__jscan_free(pc__jscan *j)
{
    free(j->buf);
    pc__sbuf_free(&j->el);
    free(j->replay);
    memset(j, 0, sizeof *j);
}

/* Makes j->buf[pos] readable. 1 if a byte is there, 0 at end, -1 error. */
static int fill(pc__jscan *j, pc_error *err)
{
    long got;

    if (j->pos < j->len) {
        return 1;
    }
    if (j->replay_pos < j->replay_len) {
        size_t n = j->replay_len - j->replay_pos;
        n = n < READ_BUF ? n : READ_BUF;
        memcpy(j->buf, j->replay + j->replay_pos, n);
        j->replay_pos += n;
        j->pos = 0;
        j->len = n;
        return 1;
    }
    got = pc__astream_read(j->in, j->buf, READ_BUF, err);
    if (got < 0) {
        return -1;
    }
    j->pos = 0;
    j->len = (size_t)got;
    return got > 0;
}

/* Appends buf[from..to) to the element unless it is over the limit. */
static int keep(pc__jscan *j, size_t from, size_t to, int *oversize)
{
    size_t n = to - from;

    if (*oversize || j->el.n + n > PC_AUDIT_MAX_POST) {
        *oversize = 1;
        return 0;
    }
    pc__sbuf_add(&j->el, j->buf + from, n);
    return j->el.bad ? -1 : 0;
}

/* Skips to the array's '[' (first call) and then to the next element's
 * first byte. 1 at an element, 0 at the array's end, -1 on error. */
static int skip_to_element(pc__jscan *j, pc_error *err)
{
    int r;

    for (r = fill(j, err); r > 0; r = fill(j, err)) {
        char c = j->buf[j->pos];
        if (!j->started) {
            j->started = c == '[';
        } else if (c == ']') {
            j->pos++;
            return 0;
        } else if (c != ',' && c != ' ' && c != '\n' && c != '\r' &&
                   c != '\t') {
            j->el_col = j->col;
            return 1;
        }
        j->col = c == '\n' ? 0 : j->col + 1;
        j->pos++;
    }
    if (r == 0) {
        pc_error_set(err, PC_ERR_JSON, "%s",
                     j->started ? "the file ends inside its list of posts"
                                : "no list of posts ('[') in the file");
    }
    return -1;
}

typedef struct scan_state {
    int depth, in_str, esc, oversize;
} scan_state;

/* Scans bytes of one element; returns 1 when it is complete (pos after
 * it), 0 if more input is needed. */
static int scan_bytes(pc__jscan *j, scan_state *s, int *nomem)
{
    size_t from = j->pos, i;
    int done = 0;

    for (i = j->pos; i < j->len && !done; i++) {
        char c = j->buf[i];
        if (s->in_str) {
            if (s->esc) {
                s->esc = 0;
            } else if (c == '\\') {
                s->esc = 1;
            } else if (c == '"') {
                s->in_str = 0;
                done = s->depth == 0;
            }
        } else if (c == '"') {
            s->in_str = 1;
        } else if (c == '{' || c == '[') {
            s->depth++;
        } else if ((c == '}' || c == ']') && s->depth == 0) {
            /* The list's own ']' after a bare scalar. */
            i--;
            done = 1;
        } else if (c == '}' || c == ']') {
            s->depth--;
            done = s->depth == 0;
        } else if (s->depth == 0 && (c == ',' || c == ' ' || c == '\n' ||
                                     c == '\r' || c == '\t')) {
            /* The end of a bare scalar; the byte is not part of it. */
            i--;
            done = 1;
        }
    }
    if (keep(j, from, i, &s->oversize) < 0) {
        *nomem = 1;
    }
    j->pos = i;
    return done;
}

/* After an element that did not parse or never closed: finds, in its
 * bytes, a line that starts a new element at the same indentation ("\n"
 * + as many blanks as the element's column + "{"), and queues the bytes
 * from there (then what was still unread in the buffer) to be read again.
 * Pretty-printed archives indent inner objects deeper, so only a real
 * next post matches. Returns 0 if found, -1 if not. */
static int resync(pc__jscan *j)
{
    size_t i, k, tail = j->len - j->pos, old = j->replay_len - j->replay_pos;
    size_t n;
    char *rest;

    for (i = 1; i + j->el_col + 1 < j->el.n; i++) {
        if (j->el.s[i] != '\n') {
            continue;
        }
        for (k = 0; k < j->el_col && (j->el.s[i + 1 + k] == ' ' ||
                                      j->el.s[i + 1 + k] == '\t'); k++) {
        }
        if (k == j->el_col && j->el.s[i + 1 + k] == '{') {
            break;
        }
    }
    if (i + j->el_col + 1 >= j->el.n) {
        return -1;
    }
    /* Each resync starts later in what is left, so it ends. */
    n = j->el.n - i;
    rest = malloc(n + tail + old);
    if (!rest) {
        return -1;
    }
    memcpy(rest, j->el.s + i, n);
    if (tail) {
        memcpy(rest + n, j->buf + j->pos, tail);
    }
    if (old) {
        memcpy(rest + n + tail, j->replay + j->replay_pos, old);
    }
    free(j->replay);
    j->replay = rest;
    j->replay_len = n + tail + old;
    j->replay_pos = 0;
    j->pos = j->len;
    j->col = 0;
    return 0;
}

int pc__jscan_next(pc__jscan *j, json_t **el, char *why, size_t why_len,
                   pc_error *err)
{
    scan_state s = {0, 0, 0, 0};
    json_error_t jerr;
    int r, nomem = 0;

    *el = NULL;
    if (j->ended) {
        return 0;
    }
    r = skip_to_element(j, err);
    if (r <= 0) {
        j->ended = 1;
        return r;
    }
    j->el.n = 0;
    j->index++;
    while (!scan_bytes(j, &s, &nomem)) {
        r = fill(j, err);
        if (r < 0) {
            return -1;
        }
        if (r == 0) {
            /* A truncated file loses this post; an unbalanced one is read
             * again from the next line that starts a post. */
            j->ended = resync(j) != 0;
            snprintf(why, why_len, "%s", j->ended
                     ? "the file ends inside this post"
                     : "its brackets do not match (skipped to the next "
                       "post)");
            return 1;
        }
    }
    if (nomem) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return -1;
    }
    if (s.oversize) {
        snprintf(why, why_len, "over %u bytes", PC_AUDIT_MAX_POST);
        return 1;
    }
    *el = json_loadb(j->el.s, j->el.n, 0, &jerr);
    if (!*el) {
        /* jansson's message quotes the text near the error: only the
         * position is reported, never post text. */
        int again = resync(j) == 0;
        snprintf(why, why_len, "not valid JSON (at byte %d of the post)%s",
                 jerr.position, again ? "; read on from the next post" : "");
    }
    return 1;
}

size_t pc__audit_demojibake(char *s, size_t len)
{
    unsigned char *tmp;
    size_t i = 0, n = 0, high = 0;

    if (!pc_utf8_valid(s, len, NULL)) {
        return len;
    }
    tmp = malloc(len + 1);
    if (!tmp) {
        return len;
    }
    while (i < len) {
        uint32_t c = pc_utf8_next(s, len, &i);
        if (c > 0xFF) {
            free(tmp);
            return len;
        }
        high += c >= 0x80;
        tmp[n++] = (unsigned char)c;
    }
    if (high > 0 && pc_utf8_valid((const char *)tmp, n, NULL)) {
        memcpy(s, tmp, n);
        s[n] = '\0';
        len = n;
    }
    free(tmp);
    return len;
}

size_t pc__audit_unentity(char *s, size_t len)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
                {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
    size_t i = 0, o = 0, k;

    while (i < len) {
        int hit = 0;
        if (s[i] == '&') {
            for (k = 0; k < sizeof ents / sizeof ents[0] && !hit; k++) {
                size_t m = strlen(ents[k].ent);
                if (len - i >= m && memcmp(s + i, ents[k].ent, m) == 0) {
                    s[o++] = ents[k].c;
                    i += m;
                    hit = 1;
                }
            }
        }
        if (!hit) {
            s[o++] = s[i++];
        }
    }
    if (o < len) {
        s[o] = '\0';
    }
    return o;
}

const char *pc__jstr(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

pc_status pc__audit_each(pc_archive *a, const char *name, pc__elem_fn fn,
                         void *ctx, pc_error *err)
{
    unsigned long long size;
    pc__astream *s = pc__archive_stream(a, name, &size, err);
    pc__jscan j;
    pc_status st = PC_OK;
    char why[256];
    json_t *el;
    int r;

    if (!s) {
        return err ? err->code : PC_ERR_IO;
    }
    if (pc__jscan_init(&j, s) != PC_OK) {
        pc__astream_close(s);
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    for (;;) {
        int stop;
        r = pc__jscan_next(&j, &el, why, sizeof why, err);
        if (r <= 0) {
            break;
        }
        stop = el ? fn(a, name, j.index, el, ctx)
                  : pc__audit_damaged(a, name, j.index, why);
        json_decref(el);
        if (stop) {
            st = PC_ERR_INTERNAL;
            break;
        }
    }
    if (st == PC_OK && r < 0) {
        st = err && err->code ? err->code : PC_ERR_IO;
        if (st == PC_ERR_JSON) {
            /* A file that is not the list we expect is damaged, not the
             * end of the run. */
            char msg[PC_ERROR_TEXT];
            snprintf(msg, sizeof msg, "%s", err->text);
            pc_error_clear(err);
            st = pc__audit_damaged(a, name, j.index + 1, msg)
                     ? PC_ERR_INTERNAL : PC_OK;
        }
    }
    pc__jscan_free(&j);
    pc__astream_close(s);
    return st;
}
