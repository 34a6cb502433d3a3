/* audit_li.c: the LinkedIn archive's Shares.csv: a header row naming
 * Date, ShareLink, ShareCommentary, SharedUrl, MediaUrl, Visibility (in
 * any order), then one record per post. Fields follow RFC 4180: quoted
 * fields may hold commas, doubled quotes and line breaks (a commentary
 * spans lines). Read as a stream, one record at a time; a record over
 * PC_AUDIT_MAX_POST bytes, or one cut by the end of the file, is reported
 * and skipped. Media (MediaUrl) lives on LinkedIn's servers, not in the
 * archive, so it is not checked. Dates are UTC ("2021-03-04 10:22:33"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"

#define READ_BUF (256u * 1024u)
#define MAX_FIELDS 32

enum { COL_DATE, COL_LINK, COL_TEXT, N_COLS };

typedef struct csv {
    pc__sbuf rec;                 /* the record's fields, NUL-separated */
    size_t start[MAX_FIELDS];     /* offset of each field in rec */
    size_t len[MAX_FIELDS];
    size_t n;                     /* fields so far */
    int in_q, quote_seen, oversize;
    int col[N_COLS];              /* header: field index of each column */
    unsigned long row;            /* records read, header included */
} csv;

static void end_field(csv *c)
{
    if (c->n < MAX_FIELDS) {
        c->len[c->n] = c->rec.n - c->start[c->n];
        c->n++;
    }
    pc__sbuf_add(&c->rec, "", 1);
    if (c->n < MAX_FIELDS) {
        c->start[c->n] = c->rec.n;
    }
}

static void put(csv *c, char ch)
{
    if (c->rec.n >= PC_AUDIT_MAX_POST) {
        c->oversize = 1;
        return;
    }
    pc__sbuf_add(&c->rec, &ch, 1);
}

static const char *field(const csv *c, int col, size_t *len)
{
    int k = c->col[col];

    if (k < 0 || (size_t)k >= c->n) {
        *len = 0;
        return "";
    }
    *len = c->len[k];
    return c->rec.s + c->start[k];
}

/* Reads the header's column names. */
static void header(csv *c)
{
    static const char *const names[N_COLS] = {"Date", "ShareLink",
                                              "ShareCommentary"};
    size_t k;
    int j;

    for (j = 0; j < N_COLS; j++) {
        c->col[j] = -1;
        for (k = 0; k < c->n; k++) {
            const char *f = c->rec.s + c->start[k];
            /* A byte-order mark may lead the first name. */
            if (k == 0 && strncmp(f, "\xEF\xBB\xBF", 3) == 0) {
                f += 3;
            }
            if (strcmp(f, names[j]) == 0) {
                c->col[j] = (int)k;
            }
        }
    }
}

static long long li_time(const char *s)
{
    int y, mo, d, h, mi, sec;

    if (sscanf(s, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6) {
        return -1;
    }
    return pc__audit_utc(y, mo, d, h, mi, sec);
}

/* Hands one complete record to the sink. */
static int record(pc_archive *a, csv *c)
{
    pc_audit_post p;
    const char *link, *slash;
    size_t n;
    char where[64];

    c->row++;
    snprintf(where, sizeof where, "Shares.csv, post %lu", c->row - 1);
    if (c->row == 1) {
        header(c);
        /* Without the commentary column there is nothing to check. */
        return c->col[COL_TEXT] < 0;
    }
    if (c->oversize || c->rec.bad) {
        return pc__audit_damaged(a, "Shares.csv", c->row - 1,
                                 c->oversize ? "over the size limit"
                                             : "out of memory");
    }
    memset(&p, 0, sizeof p);
    p.platform = PC_AUDIT_LINKEDIN;
    p.kind = "post";
    p.time = li_time(field(c, COL_DATE, &n));
    link = field(c, COL_LINK, &n);
    p.url = strncmp(link, "https://www.linkedin.com/", 25) == 0 ? link
                                                                : NULL;
    slash = strrchr(link, '/');
    p.id = slash && slash[1] ? slash + 1 : where;
    p.text = field(c, COL_TEXT, &p.text_len);
    return pc__audit_emit(a, &p, where);
}

/* Resets c for the next record. */
static void next_record(csv *c)
{
    c->rec.n = 0;
    c->n = 0;
    c->start[0] = 0;
    c->in_q = c->quote_seen = c->oversize = 0;
}

/* Feeds one byte; returns non-zero if the sink stopped. */
static int feed(pc_archive *a, csv *c, char ch)
{
    if (c->in_q) {
        if (ch == '"') {
            c->in_q = 0;
            c->quote_seen = 1;
        } else if (ch != '\r') {
            /* Line breaks inside a post become "\n", as typed. */
            put(c, ch);
        }
        return 0;
    }
    if (ch == '"') {
        /* A doubled quote inside a quoted field is one quote. */
        if (c->quote_seen) {
            put(c, '"');
        }
        c->in_q = 1;
        c->quote_seen = 0;
        return 0;
    }
    c->quote_seen = 0;
    if (ch == ',') {
        end_field(c);
    } else if (ch == '\n') {
        int rc;
        end_field(c);
        rc = c->n > 1 || c->len[0] > 0 ? record(a, c) : 0;
        next_record(c);
        return rc;
    } else if (ch != '\r') {
        put(c, ch);
    }
    return 0;
}

static pc_status read_csv(pc_archive *a, pc__astream *s, csv *c, char *buf,
                          pc_error *err)
{
    long got, i;

    for (;;) {
        got = pc__astream_read(s, buf, READ_BUF, err);
        if (got < 0) {
            return err->code;
        }
        if (got == 0) {
            break;
        }
        for (i = 0; i < got; i++) {
            if (feed(a, c, buf[i])) {
                return PC_ERR_INTERNAL;
            }
        }
    }
    if (c->in_q) {
        c->row++;
        return pc__audit_damaged(a, "Shares.csv", c->row - 1,
                                 "the file ends inside this post")
                   ? PC_ERR_INTERNAL : PC_OK;
    }
    /* A last record without a final line break. */
    if (c->rec.n > 0 || c->n > 0) {
        return feed(a, c, '\n') ? PC_ERR_INTERNAL : PC_OK;
    }
    return PC_OK;
}

pc_status pc__audit_read_linkedin(pc_archive *a, pc_error *err)
{
    unsigned long long size;
    pc__astream *s;
    csv c;
    char *buf;
    pc_status st;

    if (!pc__archive_has(a, "Shares.csv")) {
        return PC_OK;
    }
    pc__archive_plan(a, "Shares.csv");
    s = pc__archive_stream(a, "Shares.csv", &size, err);
    if (!s) {
        return err->code;
    }
    memset(&c, 0, sizeof c);
    buf = malloc(READ_BUF);
    st = buf ? read_csv(a, s, &c, buf, err)
             : pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    if (c.row > 0 && c.col[COL_TEXT] < 0) {
        pc_error_clear(err);
        st = pc_error_set(err, PC_ERR_REQUEST, "Shares.csv has no "
                          "ShareCommentary column");
    }
    free(buf);
    pc__sbuf_free(&c.rec);
    pc__astream_close(s);
    return st;
}
