/* audit_html.c: report.html, one self-contained file (inline style and
 * script, images as data: URLs, a Content-Security-Policy that allows
 * nothing from the network), written from findings.jsonl.
 *
 * Pass 1 counts findings by clause, category and year, and notes where
 * each record is (32 bytes a flagged post); pass 2 writes one <article>
 * per flagged post, newest first: date, text with the flagged spans marked,
 * thumbnails of flagged media, messages and clauses, a link to the post.
 * Filters by category, clause and year are a few lines of script over
 * data- attributes; without script every post is shown. Memory: the
 * counts and one post at a time. One post's markup, and the HTML escapes
 * both files use: audit_html_post.c (which calls nothing here). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "grow.h"
#include "audit_int.h"

#define MAX_KEYS 256
#define YEAR0 1970
#define N_YEARS 200

typedef struct count {
    char *key;
    char *label;
    unsigned long long n;
} count;

typedef struct counts {
    count v[MAX_KEYS];
    size_t n;
} counts;

/* Where a flagged post's record is, to show the newest first. */
typedef struct place {
    char date[24];
    long offset;
} place;

typedef struct html {
    FILE *f;
    place *order;
    size_t n_order, cap_order;
    counts clauses, cats;
    unsigned long long years[N_YEARS];
    pc__html_post ctx;
} html;

/* Adds label to c's comma-separated labels if it is not there yet. */
static void add_label(count *c, const char *label)
{
    size_t n = c->label ? strlen(c->label) : 0, m;
    const char *p = c->label;
    char *more;

    if (!label || !c->label) {
        return;
    }
    m = strlen(label);
    for (; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 2 : NULL) {
        if (strncmp(p, label, m) == 0 && (p[m] == ',' || p[m] == '\0')) {
            return;
        }
    }
    more = realloc(c->label, n + m + 3);
    if (more) {
        snprintf(more + n, m + 3, ", %s", label);
        c->label = more;
    }
}

static void bump(counts *c, const char *key, const char *label)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        if (strcmp(c->v[i].key, key) == 0) {
            c->v[i].n++;
            add_label(&c->v[i], label);
            return;
        }
    }
    if (c->n < MAX_KEYS) {
        c->v[c->n].key = strdup(key);
        c->v[c->n].label = strdup(label ? label : "");
        c->v[c->n].n = c->v[c->n].key && c->v[c->n].label ? 1 : 0;
        c->n++;
    }
}

static void counts_free(counts *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        free(c->v[i].key);
        free(c->v[i].label);
    }
}

static int by_count(const void *x, const void *y)
{
    const count *a = x, *b = y;
    return (a->n < b->n) - (a->n > b->n);
}

/* The year of an ISO date string, or 0. */
static int year_of(const char *date)
{
    return date && strlen(date) >= 4 ? atoi(date) : 0;
}

/* Opens dir/findings.jsonl. */
static FILE *open_findings(const char *dir, pc_error *err)
{
    char path[4200];
    FILE *f;

    snprintf(path, sizeof path, "%s/findings.jsonl", dir);
    f = fopen(path, "rb");
    if (!f) {
        pc_error_set(err, PC_ERR_IO, "%s: %s", path, strerror(errno));
    }
    return f;
}

static void tally(html *h, json_t *o);

/* Remembers where the record at offset is, with its date. */
static int remember(html *h, const json_t *o, long offset)
{
    const char *date = pc__jstr(o, "date");

    place *v = pc__grow(h->order, h->n_order, &h->cap_order, sizeof *v,
                        1024);

    if (!v) {
        return -1;
    }
    h->order = v;
    snprintf(h->order[h->n_order].date, sizeof h->order[0].date, "%s",
             date ? date : "");
    h->order[h->n_order++].offset = offset;
    return 0;
}

/* Newest first; undated last; archive order among equals. */
static int by_date(const void *x, const void *y)
{
    const place *a = x, *b = y;
    int c = strcmp(b->date, a->date);

    return c ? c : (a->offset > b->offset) - (a->offset < b->offset);
}

/* Pass 1: counts every record of the findings file and remembers where
 * it is. -1 on a bad line or no memory. */
static int tally_all(FILE *in, html *h)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;

    rewind(in);
    for (;;) {
        long at = ftell(in);
        json_t *o;
        len = getline(&line, &cap, in);
        if (len <= 0) {
            break;
        }
        o = json_loadb(line, (size_t)len, 0, NULL);
        if (!o || remember(h, o, at) != 0) {
            json_decref(o);
            rc = -1;
            break;
        }
        tally(h, o);
        json_decref(o);
    }
    free(line);
    return rc;
}

static void tally(html *h, json_t *o)
{
    const json_t *fs = json_object_get(o, "findings");
    int y = year_of(pc__jstr(o, "date"));
    size_t i;

    for (i = 0; i < json_array_size(fs); i++) {
        const json_t *f = json_array_get(fs, i);
        const char *clause = pc__jstr(f, "clause");
        const char *cat = pc__jstr(f, "category");
        bump(&h->clauses, clause ? clause : "(no clause)", cat);
        bump(&h->cats, cat ? cat : "?", NULL);
        if (y >= YEAR0 && y < YEAR0 + N_YEARS) {
            h->years[y - YEAR0]++;
        }
    }
}


static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:"
    "60em;padding:1em;color:#1b1b1b;background:#fff}"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.5em}"
    "table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:"
    "left;border-bottom:1px solid #ddd}td.n{text-align:right}"
    "tr.clause{cursor:pointer}tr.clause:hover{background:#f3f3f3}"
    "#filters{position:sticky;top:0;background:#fff;padding:.5em 0;"
    "border-bottom:2px solid #ccc}select{font:inherit;margin-right:1em}"
    "article{border:1px solid #ccc;border-radius:6px;padding:.6em .9em;"
    "margin:.8em 0;content-visibility:auto;contain-intrinsic-size:auto "
    "12em}article header{color:#555;font-size:.9em}"
    ".text{white-space:pre-wrap;overflow-wrap:anywhere}"
    "mark{background:#ffe08a;border-bottom:2px solid #c77700}"
    "mark.error{background:#ffc4c4;border-bottom-color:#b00020}"
    "li.error b{color:#b00020}li.warning b{color:#8a5300}"
    "cite{color:#555}.media img{max-width:160px;max-height:120px;"
    "margin:.3em .3em 0 0;border:1px solid #999}"
    ".missing{color:#777;font-style:italic}"
    ".kind{background:#eee;border-radius:3px;padding:0 .3em}"
    "svg text{font-size:11px}";

static const char script[] =
    "(function(){var c=document.getElementById('f-cat'),"
    "y=document.getElementById('f-year'),"
    "l=document.getElementById('f-clause'),"
    "s=document.getElementById('shown');"
    "function apply(){var n=0,all=document.querySelectorAll("
    "'article.post');for(var i=0;i<all.length;i++){var a=all[i],"
    "ok=(!c.value||a.dataset.cats.indexOf(' '+c.value+' ')>=0)&&"
    "(!y.value||a.dataset.year===y.value)&&"
    "(!l.value||a.dataset.clauses.indexOf('|'+l.value+'|')>=0);"
    "a.hidden=!ok;if(ok)n++;}s.textContent=n;}"
    "c.onchange=y.onchange=l.onchange=apply;"
    "var rows=document.querySelectorAll('tr.clause');"
    "for(var i=0;i<rows.length;i++){rows[i].onclick=function(){"
    "l.value=this.dataset.clause;apply();"
    "document.getElementById('filters').scrollIntoView();};}"
    "apply();})();";

static void head(html *h, const pc_audit_opts *o, const pc_audit_totals *t)
{
    FILE *f = h->f;

    fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\""
          "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
          "script-src 'unsafe-inline'\"><meta name=\"viewport\" "
          "content=\"width=device-width\"><title>postcheck audit: ", f);
    pc__html_escs(f, pc_pack_name(o->pack));
    fprintf(f, "</title><style>%s</style></head><body>\n", style);
    fputs("<h1>Audit of past posts</h1>\n<p>Policy: <b>", f);
    pc__html_escs(f, pc_pack_name(o->pack));
    fputs("</b> (", f);
    pc__html_escs(f, pc_pack_id(o->pack));
    fprintf(f, "), posts from %s account.</p>\n<p id=\"totals\">"
            "<span id=\"n-posts\">%llu</span> posts checked; "
            "<span id=\"n-flagged\">%llu</span> flagged with "
            "<span id=\"n-findings\">%llu</span> findings",
            o->account == PC_ACCOUNT_PERSONAL ? "a personal"
                                              : "an official",
            t->posts, t->flagged, t->findings);
    if (t->acknowledged) {
        fprintf(f, "; %llu reviewed earlier and unchanged, not shown",
                t->acknowledged);
    }
    if (t->damaged) {
        fprintf(f, "; %llu damaged posts skipped", t->damaged);
    }
    fputs(".</p>\n", f);
}

/* One table row: <tr ATTR="key"><td>key</td>[<td>label</td>]<td>n</td>. */
static void row(FILE *f, const char *attr, const count *c, int label)
{
    fprintf(f, "<tr %s=\"", attr);
    pc__html_escs(f, c->key);
    fputs("\"><td>", f);
    pc__html_escs(f, c->key);
    if (label) {
        fputs("</td><td>", f);
        pc__html_escs(f, c->label);
    }
    fprintf(f, "</td><td class=\"n\">%llu</td></tr>\n", c->n);
}

/* The table of clauses (grouped, with counts) and of categories. */
static void tables(html *h)
{
    FILE *f = h->f;
    size_t i;

    /* An empty table's array is NULL, which qsort may not be given. */
    if (h->clauses.n > 1) {
        qsort(h->clauses.v, h->clauses.n, sizeof h->clauses.v[0], by_count);
    }
    if (h->cats.n > 1) {
        qsort(h->cats.v, h->cats.n, sizeof h->cats.v[0], by_count);
    }
    fputs("<h2>Findings by clause</h2>\n<table id=\"clauses\"><tr><th>"
          "Clause</th><th>Category</th><th>Findings</th></tr>\n", f);
    for (i = 0; i < h->clauses.n; i++) {
        row(f, "class=\"clause\" data-clause", &h->clauses.v[i], 1);
    }
    fputs("</table>\n<h2>Findings by category</h2>\n<table id=\"categories\">"
          "<tr><th>Category</th><th>Findings</th></tr>\n", f);
    for (i = 0; i < h->cats.n; i++) {
        row(f, "data-category", &h->cats.v[i], 0);
    }
    fputs("</table>\n", f);
}

/* The first and last year with findings, or -1. */
static void year_span(const html *h, int *lo, int *hi)
{
    int y;

    *lo = *hi = -1;
    for (y = 0; y < N_YEARS; y++) {
        if (h->years[y]) {
            *lo = *lo < 0 ? y : *lo;
            *hi = y;
        }
    }
}

/* A bar chart of findings per year, as inline SVG. */
static void chart(html *h)
{
    FILE *f = h->f;
    unsigned long long max = 1;
    int lo, hi, y, w = 44;

    year_span(h, &lo, &hi);
    if (lo < 0) {
        return;
    }
    for (y = lo; y <= hi; y++) {
        max = h->years[y] > max ? h->years[y] : max;
    }
    fprintf(f, "<h2>Findings per year</h2>\n<svg id=\"chart\" role=\"img\" "
            "aria-label=\"findings per year\" width=\"%d\" height=\"150\">",
            (hi - lo + 1) * w + 10);
    for (y = lo; y <= hi; y++) {
        int bh = (int)(h->years[y] * 110 / max);
        int x = (y - lo) * w + 5;
        fprintf(f, "<g class=\"bar\" data-year=\"%d\" data-count=\"%llu\">"
                "<title>%d: %llu findings</title><rect x=\"%d\" y=\"%d\" "
                "width=\"%d\" height=\"%d\" fill=\"#c77700\"/>"
                "<text x=\"%d\" y=\"%d\">%llu</text><text x=\"%d\" "
                "y=\"146\">%d</text></g>",
                y + YEAR0, h->years[y], y + YEAR0, h->years[y], x,
                125 - bh, w - 8, bh, x, 121 - bh, h->years[y], x,
                y + YEAR0);
    }
    fputs("</svg>\n", f);
}

/* One <option> a key of c. */
static void options(FILE *f, const counts *c)
{
    for (size_t i = 0; i < c->n; i++) {
        fputs("<option>", f);
        pc__html_escs(f, c->v[i].key);
        fputs("</option>", f);
    }
}

static void filters(html *h)
{
    FILE *f = h->f;
    int lo, hi, y;

    fputs("<h2>Flagged posts</h2>\n<div id=\"filters\">Category: <select "
          "id=\"f-cat\"><option value=\"\">all</option>", f);
    options(f, &h->cats);
    fputs("</select>Year: <select id=\"f-year\"><option value=\"\">all"
          "</option>", f);
    year_span(h, &lo, &hi);
    for (y = lo; lo >= 0 && y <= hi; y++) {
        if (h->years[y]) {
            fprintf(f, "<option>%d</option>", y + YEAR0);
        }
    }
    fputs("</select>Clause: <select id=\"f-clause\"><option value=\"\">all"
          "</option>", f);
    options(f, &h->clauses);
    fputs("</select><span id=\"shown\"></span> posts shown</div>\n", f);
}

/* Pass 2: writes the posts, newest first. -1 on a bad line. */
static int posts(FILE *in, html *h)
{
    char *line = NULL;
    size_t cap = 0, i;
    int rc = 0;

    /* Nothing flagged (or all acknowledged): order is NULL. */
    if (h->n_order > 1) {
        qsort(h->order, h->n_order, sizeof *h->order, by_date);
    }
    for (i = 0; i < h->n_order && rc == 0; i++) {
        ssize_t len = -1;
        json_t *o = NULL;
        if (fseek(in, h->order[i].offset, SEEK_SET) == 0) {
            len = getline(&line, &cap, in);
        }
        o = len > 0 ? json_loadb(line, (size_t)len, 0, NULL) : NULL;
        if (o) {
            pc__audit_html_post(h->f, o, &h->ctx);
        }
        rc = o ? 0 : -1;
        json_decref(o);
    }
    free(line);
    return rc;
}

pc_status pc__audit_write_html(const char *dir, const pc_audit_totals *t,
                               const pc_audit_opts *o, pc_archive *a,
                               pc_error *err)
{
    char path[4200], tmp[4300];
    FILE *in = open_findings(dir, err);
    html *h;
    int bad;

    h = in ? calloc(1, sizeof *h) : NULL;
    if (!h) {
        if (in) {
            fclose(in);
        }
        return in ? pc_error_set(err, PC_ERR_NOMEM, "out of memory")
                  : err->code;
    }
    snprintf(path, sizeof path, "%s/report.html", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    h->ctx.a = a;
    h->ctx.thumb_budget = 64ull * 1024 * 1024;
    h->f = fopen(tmp, "wb");
    bad = !h->f || tally_all(in, h) != 0;
    if (!bad) {
        head(h, o, t);
        tables(h);
        chart(h);
        filters(h);
        bad = posts(in, h) != 0;
        fprintf(h->f, "<script>%s</script>\n</body></html>\n", script);
    }
    bad = (h->f && fclose(h->f) != 0) || bad || !h->f;
    fclose(in);
    counts_free(&h->clauses);
    counts_free(&h->cats);
    free(h->order);
    free(h);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return pc_error_set(err, PC_ERR_IO, "%s: cannot write", path);
    }
    return PC_OK;
}
