/* audit_out.c: one checked post as the machine-readable outputs write
 * it: a line of findings.jsonl (one object per flagged post, findings
 * with the protocol's fields and UTF-16 spans) and rows of findings.csv
 * (one per finding, for a spreadsheet), plus the post's key and hash for
 * acknowledgements.
 *
 * CSV cells that a spreadsheet would run as a formula (starting with =,
 * +, -, @, tab or CR) get a leading apostrophe. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_int.h"
#include "postcheck/text.h"

#define FNV_OFFSET 1469598103934665603ull
#define FNV_PRIME 1099511628211ull

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h = (h ^ b[i]) * FNV_PRIME;
    }
    return h;
}

uint64_t pc__audit_hash(const pc_audit_post *p, const pc_findings *f)
{
    uint64_t h = fnv(FNV_OFFSET, p->text, p->text_len);
    size_t i;

    for (i = 0; i < f->n; i++) {
        long span[3] = {f->v[i].start, f->v[i].end, f->v[i].attachment};
        h = fnv(h, f->v[i].rule, strlen(f->v[i].rule) + 1);
        h = fnv(h, span, sizeof span);
    }
    return h;
}

const char *pc_audit_platform_name(pc_audit_platform p)
{
    static const char *const names[] = {"x", "facebook", "instagram",
                                        "linkedin"};
    return (unsigned)p < 4 ? names[p] : "unknown";
}

void pc__audit_key(pc_audit_platform pf, const char *id, char *out,
                   size_t n)
{
    snprintf(out, n, "%s:%s", pc_audit_platform_name(pf), id);
}

void pc__audit_iso(long long t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (t < 0 || !gmtime_r(&tt, &tm)) {
        snprintf(out, n, "%s", "");
        return;
    }
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

size_t pc__audit_u16_byte(const char *s, size_t len, long u16)
{
    pc_text_cursor c;

    pc_text_cursor_init(&c, s, len);
    return pc_text_cursor_to_u16(&c, u16 > 0 ? (size_t)u16 : 0);
}

static json_t *finding_json(const pc_finding *f)
{
    json_t *o = json_object();

    json_object_set_new(o, "rule", json_string(f->rule));
    json_object_set_new(o, "category", json_string(f->category));
    json_object_set_new(o, "severity",
                        json_string(pc_severity_name(f->severity)));
    json_object_set_new(o, "message", json_string(f->message));
    if (f->clause) {
        json_object_set_new(o, "clause", json_string(f->clause));
    }
    if (f->quote) {
        json_object_set_new(o, "quote", json_string(f->quote));
    }
    if (f->start >= 0) {
        json_object_set_new(o, "start", json_integer(f->start));
        json_object_set_new(o, "end", json_integer(f->end));
    }
    if (f->attachment >= 0) {
        json_object_set_new(o, "attachment", json_integer(f->attachment));
    }
    if (f->suggestion) {
        json_object_set_new(o, "suggestion", json_string(f->suggestion));
    }
    return o;
}

static json_t *media_json(const pc_audit_post *p)
{
    json_t *arr = json_array();
    size_t i;

    for (i = 0; i < p->n_media; i++) {
        json_t *m = json_object();
        json_object_set_new(m, "path", json_string(p->media[i].path));
        json_object_set_new(m, "present",
                            json_boolean(p->media[i].present));
        json_array_append_new(arr, m);
    }
    return arr;
}

int pc__audit_write_jsonl(FILE *f, const pc__audit_rec *r)
{
    const pc_audit_post *p = r->post;
    json_t *o = json_object(), *fs = json_array();
    char date[32], hash[17];
    size_t i;
    int rc;

    pc__audit_iso(p->time, date, sizeof date);
    snprintf(hash, sizeof hash, "%016" PRIx64, r->hash);
    json_object_set_new(o, "platform",
                        json_string(pc_audit_platform_name(p->platform)));
    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "date", date[0] ? json_string(date)
                                           : json_null());
    json_object_set_new(o, "kind", json_string(p->kind));
    json_object_set_new(o, "url", p->url ? json_string(p->url)
                                         : json_null());
    json_object_set_new(o, "text", json_stringn(p->text, p->text_len));
    json_object_set_new(o, "media", media_json(p));
    json_object_set_new(o, "hash", json_string(hash));
    for (i = 0; i < r->f->n; i++) {
        json_array_append_new(fs, finding_json(&r->f->v[i]));
    }
    json_object_set_new(o, "findings", fs);
    rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc != 0 || fputc('\n', f) == EOF) {
        return -1;
    }
    return 0;
}

/* Writes s[0..n) as one quoted CSV cell, then sep. */
static void cell(FILE *f, const char *s, size_t n, char sep)
{
    size_t i;

    fputc('"', f);
    if (n > 0 && strchr("=+-@\t\r", s[0])) {
        fputc('\'', f);
    }
    for (i = 0; i < n; i++) {
        if (s[i] == '"') {
            fputc('"', f);
        }
        fputc(s[i], f);
    }
    fputc('"', f);
    fputc(sep, f);
}

static void cells(FILE *f, const char *s, char sep)
{
    cell(f, s ? s : "", s ? strlen(s) : 0, sep);
}

int pc__audit_write_csv_header(FILE *f)
{
    fputs("platform,id,date,kind,url,severity,category,rule,clause,"
          "message,matched,text\r\n", f);
    return ferror(f) ? -1 : 0;
}

int pc__audit_write_csv(FILE *f, const pc__audit_rec *r)
{
    const pc_audit_post *p = r->post;
    char date[32];
    size_t i;

    pc__audit_iso(p->time, date, sizeof date);
    for (i = 0; i < r->f->n; i++) {
        const pc_finding *fd = &r->f->v[i];
        size_t a = 0, b = 0;
        if (fd->start >= 0) {
            a = pc__audit_u16_byte(p->text, p->text_len, fd->start);
            b = pc__audit_u16_byte(p->text, p->text_len, fd->end);
        }
        cells(f, pc_audit_platform_name(p->platform), ',');
        cells(f, p->id, ',');
        cells(f, date, ',');
        cells(f, p->kind, ',');
        cells(f, p->url, ',');
        cells(f, pc_severity_name(fd->severity), ',');
        cells(f, fd->category, ',');
        cells(f, fd->rule, ',');
        cells(f, fd->clause, ',');
        cells(f, fd->message, ',');
        cell(f, p->text + a, b > a ? b - a : 0, ',');
        cell(f, p->text, p->text_len, '\r');
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
