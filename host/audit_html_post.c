/* audit_html_post.c: one flagged post of report.html, from its
 * findings.jsonl record: platform, date, kind and link; the text with the
 * flagged spans in <mark> (spans are UTF-16 offsets, as everywhere in the
 * protocol); thumbnails of the media a finding is about, embedded as data:
 * URLs (each up to THUMB_MAX bytes, within the report's budget), other
 * media by name, deleted media marked; then each finding's message and
 * clause. Links are written only for https: URLs. Also the HTML escapes
 * audit_html.c uses: this file calls nothing there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_int.h"

#define MAX_SPANS 256
#define THUMB_MAX (2u * 1024 * 1024)

void pc__html_esc(FILE *f, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(s[i], f);
        }
    }
}

void pc__html_escs(FILE *f, const char *s)
{
    if (s) {
        pc__html_esc(f, s, strlen(s));
    }
}

typedef struct span {
    size_t a, b;
    int error;
} span;

static int by_start(const void *x, const void *y)
{
    const span *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

/* The byte spans of the findings, sorted and merged where they overlap. */
static size_t spans_of(const json_t *fs, const char *text, size_t len,
                       span *out)
{
    size_t i, n = 0, m = 0;

    for (i = 0; i < json_array_size(fs) && n < MAX_SPANS; i++) {
        const json_t *f = json_array_get(fs, i);
        const json_t *s = json_object_get(f, "start");
        const json_t *e = json_object_get(f, "end");
        const char *sev = pc__jstr(f, "severity");
        if (!json_is_integer(s) || !json_is_integer(e)) {
            continue;
        }
        out[n].a = pc__audit_u16_byte(text, len, (long)json_integer_value(s));
        out[n].b = pc__audit_u16_byte(text, len, (long)json_integer_value(e));
        out[n].error = sev && strcmp(sev, "error") == 0;
        n += out[n].b > out[n].a;
    }
    qsort(out, n, sizeof *out, by_start);
    for (i = 0; i < n; i++) {
        if (m > 0 && out[i].a <= out[m - 1].b) {
            out[m - 1].b = out[i].b > out[m - 1].b ? out[i].b : out[m - 1].b;
            out[m - 1].error |= out[i].error;
        } else {
            out[m++] = out[i];
        }
    }
    return m;
}

static void text_marked(FILE *f, const char *text, size_t len,
                        const json_t *fs)
{
    span sp[MAX_SPANS];
    size_t n = spans_of(fs, text, len, sp), i, at = 0;

    fputs("<p class=\"text\">", f);
    for (i = 0; i < n; i++) {
        pc__html_esc(f, text + at, sp[i].a - at);
        fputs(sp[i].error ? "<mark class=\"error\">" : "<mark>", f);
        pc__html_esc(f, text + sp[i].a, sp[i].b - sp[i].a);
        fputs("</mark>", f);
        at = sp[i].b;
    }
    pc__html_esc(f, text + at, len - at);
    fputs("</p>\n", f);
}

static const char *mime_of(const char *path)
{
    static const struct {
        const char *ext, *mime;
    } types[] = {{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
                 {".png", "image/png"}, {".gif", "image/gif"},
                 {".webp", "image/webp"}};
    const char *dot = strrchr(path, '.');
    size_t k;

    for (k = 0; dot && k < sizeof types / sizeof types[0]; k++) {
        if (strcmp(dot, types[k].ext) == 0) {
            return types[k].mime;
        }
    }
    return NULL;
}

static void base64(FILE *f, const unsigned char *p, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;

    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        fputc(tab[v >> 18], f);
        fputc(tab[(v >> 12) & 63], f);
        fputc(tab[(v >> 6) & 63], f);
        fputc(tab[v & 63], f);
    }
    if (i < n) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0);
        fputc(tab[v >> 18], f);
        fputc(tab[(v >> 12) & 63], f);
        fputc(i + 1 < n ? tab[(v >> 6) & 63] : '=', f);
        fputc('=', f);
    }
}

/* Embeds the image at path as a thumbnail; 0 if it could not be. */
static int thumb(FILE *f, const char *path, pc__html_post *ctx)
{
    const char *mime = mime_of(path);
    size_t len = 0;
    pc_error err;
    char *img;

    if (!ctx->a || !mime || ctx->thumb_budget < THUMB_MAX) {
        return 0;
    }
    img = pc_archive_slurp(ctx->a, path, THUMB_MAX, &len, &err);
    if (!img) {
        return 0;
    }
    ctx->thumb_budget -= len;
    fprintf(f, "<img src=\"data:%s;base64,", mime);
    base64(f, (const unsigned char *)img, len);
    fputs("\" alt=\"", f);
    pc__html_escs(f, path);
    fputs("\">", f);
    free(img);
    return 1;
}

/* 1 if a finding is about attachment i. */
static int flagged(const json_t *fs, size_t i)
{
    size_t k;

    for (k = 0; k < json_array_size(fs); k++) {
        const json_t *at = json_object_get(json_array_get(fs, k),
                                           "attachment");
        if (json_is_integer(at) && (size_t)json_integer_value(at) == i) {
            return 1;
        }
    }
    return 0;
}

static void media(FILE *f, const json_t *ms, const json_t *fs,
                  pc__html_post *ctx)
{
    size_t i;

    if (json_array_size(ms) == 0) {
        return;
    }
    fputs("<div class=\"media\">Media: ", f);
    for (i = 0; i < json_array_size(ms); i++) {
        const json_t *m = json_array_get(ms, i);
        const char *path = pc__jstr(m, "path");
        int present = json_is_true(json_object_get(m, "present"));
        if (!path || (present && flagged(fs, i) && thumb(f, path, ctx))) {
            continue;
        }
        fputs(present ? "<span class=\"file\">" : "<span class=\"missing\">",
              f);
        pc__html_escs(f, strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
        fputs(present ? "</span> " : " (deleted from the archive)</span> ",
              f);
    }
    fputs("</div>\n", f);
}

static void findings(FILE *f, const json_t *fs)
{
    size_t i;

    fputs("<ul class=\"findings\">", f);
    for (i = 0; i < json_array_size(fs); i++) {
        const json_t *x = json_array_get(fs, i);
        fputs("<li class=\"", f);
        pc__html_escs(f, pc__jstr(x, "severity"));
        fputs("\"><b>", f);
        pc__html_escs(f, pc__jstr(x, "category"));
        fputs("</b> ", f);
        pc__html_escs(f, pc__jstr(x, "message"));
        if (pc__jstr(x, "clause")) {
            fputs(" <cite>", f);
            pc__html_escs(f, pc__jstr(x, "clause"));
            fputs("</cite>", f);
        }
        fputs("</li>", f);
    }
    fputs("</ul>\n", f);
}

static const char *platform_label(const char *name)
{
    static const char *const names[][2] = {{"x", "X"},
        {"facebook", "Facebook"}, {"instagram", "Instagram"},
        {"linkedin", "LinkedIn"}};
    size_t k;

    for (k = 0; name && k < 4; k++) {
        if (strcmp(name, names[k][0]) == 0) {
            return names[k][1];
        }
    }
    return name;
}

/* Writes the UTC ISO date as local time (the zone the working hours were
 * judged in): "2019-03-19 14:05 GMT". */
static void local_time(FILE *f, const char *iso)
{
    int y, mo, d, h, mi, s;
    long long t;
    time_t tt;
    struct tm tm;
    char out[64];

    if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi,
                       &s) != 6) {
        return;
    }
    t = pc__audit_utc(y, mo, d, h, mi, s);
    tt = (time_t)t;
    if (t < 0 || !localtime_r(&tt, &tm) ||
        strftime(out, sizeof out, "%Y-%m-%d %H:%M %Z", &tm) == 0) {
        return;
    }
    pc__html_escs(f, out);
}

/* The article's opening tag, with the data- attributes the filters use. */
static void open_article(FILE *f, const json_t *rec, const json_t *fs)
{
    const char *date = pc__jstr(rec, "date");
    size_t i;

    fputs("<article class=\"post\" data-cats=\" ", f);
    for (i = 0; i < json_array_size(fs); i++) {
        pc__html_escs(f, pc__jstr(json_array_get(fs, i), "category"));
        fputc(' ', f);
    }
    fputs("\" data-clauses=\"|", f);
    for (i = 0; i < json_array_size(fs); i++) {
        const char *c = pc__jstr(json_array_get(fs, i), "clause");
        pc__html_escs(f, c ? c : "(no clause)");
        fputc('|', f);
    }
    fprintf(f, "\" data-year=\"%.4s\">\n<header>",
            date && strlen(date) >= 4 ? date : "");
}

void pc__audit_html_post(FILE *f, const json_t *rec, pc__html_post *ctx)
{
    const json_t *fs = json_object_get(rec, "findings");
    const char *date = pc__jstr(rec, "date"), *url = pc__jstr(rec, "url");
    const char *text = pc__jstr(rec, "text");

    open_article(f, rec, fs);
    pc__html_escs(f, platform_label(pc__jstr(rec, "platform")));
    fputs(" <time>", f);
    local_time(f, date);
    fputs("</time> <span class=\"kind\">", f);
    pc__html_escs(f, pc__jstr(rec, "kind"));
    fputs("</span>", f);
    if (url && strncmp(url, "https://", 8) == 0) {
        fputs(" <a rel=\"noreferrer noopener\" target=\"_blank\" href=\"", f);
        pc__html_escs(f, url);
        fputs("\">open the post</a>", f);
    }
    fputs("</header>\n", f);
    text_marked(f, text ? text : "", text ? json_string_length(
                                               json_object_get(rec, "text"))
                                          : 0, fs);
    media(f, json_object_get(rec, "media"), fs, ctx);
    findings(f, fs);
    fputs("</article>\n", f);
}
