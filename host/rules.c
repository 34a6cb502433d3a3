/* rules.c: the rule engine. Runs a pack's rules over one post and returns
 * findings with UTF-16 spans of the text as sent.
 *
 * Every match is first mapped to a UTF-16 span of the original, so spans
 * from different views (folded, case-preserving, detectors) can be
 * compared: a match inside an `unless` match is dropped, a `near` rule
 * needs its context within the window, and overlapping matches of one
 * rule give one finding. Attachment, account and schedule rules make
 * findings without spans. Nothing here logs post text. */
#include <stdlib.h>
#include <string.h>

#include "pack_int.h"
#include "postcheck/log.h"
#include "rules_int.h"

static int inside_any(const pc__u16 *s, const pc__u16 *v, size_t n);

/* Drops the mentions that stand inside a look-alike phrase ("alt text"). */
static void drop_not_mentions(pc__ctx *c)
{
    pc__u16 *no = NULL;
    size_t n = 0, k = 0;

    if (pc__matcher_empty(&c->pack->not_mention) || !c->n_mentions) {
        return;
    }
    if (pc__run_u16(c, &c->pack->not_mention, c->text, &no, &n) != PC_OK) {
        c->status = PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->n_mentions; i++) {
        if (!inside_any(&c->mentions[i], no, n)) {
            c->mentions[k++] = c->mentions[i];
        }
    }
    c->n_mentions = k;
    free(no);
}

static int mentioned(pc__ctx *c)
{
    if (!c->mention_done) {
        c->mention_done = 1;
        if (pc__run_u16(c, &c->pack->mention, c->text, &c->mentions,
                        &c->n_mentions) != PC_OK) {
            c->status = PC_ERR_NOMEM;
        }
        c->n_mentions = pc__u16_dedupe(c->mentions, c->n_mentions);
        drop_not_mentions(c);
    }
    return c->n_mentions > 0;
}

static int inside_any(const pc__u16 *s, const pc__u16 *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].start <= s->start && v[i].end >= s->end) {
            return 1;
        }
    }
    return 0;
}

/* The UTF-16 offsets where sentences end in the post: after '.', '!' or
 * '?' followed by white space, and at every line break. Found once per
 * check, in one pass. */
static void find_stops(pc__ctx *c)
{
    size_t len, u16 = 0;
    const unsigned char *s =
        (const unsigned char *)pc_text_original(c->text, &len);

    c->stops_done = 1;
    c->stops = malloc((len + 1) * sizeof *c->stops);
    if (!c->stops) {
        return;
    }
    for (size_t i = 0; i < len;) {
        unsigned char b = s[i];
        int stop = b == '\n' ||
                   ((b == '.' || b == '!' || b == '?') &&
                    (i + 1 == len || s[i + 1] == ' ' || s[i + 1] == '\n' ||
                     s[i + 1] == '\t' || s[i + 1] == '\r'));
        if (stop) {
            c->stops[c->n_stops++] = (long)u16;
        }
        u16 += b >= 0xF0 ? 2 : ((b & 0xC0) == 0x80 ? 0 : 1);
        i++;
    }
}

/* Whether no sentence ends between spans a and b. */
static int same_sentence(pc__ctx *c, const pc__u16 *a, const pc__u16 *b)
{
    long lo = a->end < b->end ? a->end : b->end;
    long hi = a->start > b->start ? a->start : b->start;

    if (!c->stops_done) {
        find_stops(c);
    }
    for (size_t i = 0; c->stops && i < c->n_stops; i++) {
        if (c->stops[i] >= lo && c->stops[i] < hi) {
            return 0;
        }
    }
    return 1;
}

static int near_any(pc__ctx *c, const pc__u16 *s, const pc__u16 *v,
                    size_t n, long window, int sentence)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].end >= s->start - window && v[i].start <= s->end + window &&
            (!sentence || same_sentence(c, s, &v[i]))) {
            return 1;
        }
    }
    return 0;
}

/* Keeps the spans of m that pass r's unless and near filters. */
static pc_status filter(pc__ctx *c, const pc__rule *r, pc__u16 *v,
                        size_t *n)
{
    pc__u16 *un = NULL, *ne = NULL;
    size_t nu = 0, nn = 0, k = 0;
    pc_status st = pc__run_u16(c, &r->unless, c->text, &un, &nu);
    int has_near = !pc__matcher_empty(&r->near) || r->near_org;

    if (st == PC_OK && !pc__matcher_empty(&r->near)) {
        st = pc__run_u16(c, &r->near, c->text, &ne, &nn);
    }
    if (r->near_org) {
        mentioned(c);
    }
    for (size_t i = 0; st == PC_OK && i < *n; i++) {
        long w = (long)r->near_window;
        if (inside_any(&v[i], un, nu)) {
            continue;
        }
        if (has_near && !near_any(c, &v[i], ne, nn, w, r->near_sentence) &&
            !(r->near_org && near_any(c, &v[i], c->mentions, c->n_mentions,
                                      w, r->near_sentence))) {
            continue;
        }
        v[k++] = v[i];
    }
    *n = k;
    free(un);
    free(ne);
    return st;
}

static void rule_pattern(pc__ctx *c, const pc__rule *r)
{
    pc__u16 *v;
    size_t n;

    if (r->when_mentioned && !mentioned(c)) {
        return;
    }
    if (pc__run_u16(c, &r->match, c->text, &v, &n) != PC_OK ||
        filter(c, r, v, &n) != PC_OK) {
        c->status = PC_ERR_NOMEM;
    }
    n = pc__u16_dedupe(v, n);
    for (size_t i = 0; i < n; i++) {
        pc__emit(c, r, v[i].start, v[i].end, -1, NULL, NULL);
    }
    free(v);
}

static void rule_requires(pc__ctx *c, const pc__rule *r)
{
    pc__u16 *trig = NULL, *req = NULL;
    size_t nt = 0, nr = 0;

    if (r->trigger_org) {
        if (!mentioned(c)) {
            return;
        }
    } else if (pc__run_u16(c, &r->match, c->text, &trig, &nt) != PC_OK) {
        c->status = PC_ERR_NOMEM;
        return;
    }
    if ((r->trigger_org || nt) &&
        pc__run_u16(c, &r->required, c->text, &req, &nr) == PC_OK &&
        nr == 0) {
        const pc__u16 *v = r->trigger_org ? c->mentions : trig;
        size_t n = r->trigger_org ? c->n_mentions : pc__u16_dedupe(trig, nt);
        for (size_t i = 0; i < n; i++) {
            pc__emit(c, r, v[i].start, v[i].end, -1, NULL, NULL);
        }
    }
    free(trig);
    free(req);
}

static void rule_detector(pc__ctx *c, const pc__rule *r)
{
    pc_hits hits = {0};
    pc__u16 *v;
    size_t n = 0;
    const pc_detectors *det;

    if (r->when_mentioned && !mentioned(c)) {
        return;
    }
    det = c->pack->detectors;
    if (!det) {
        c->status = PC_ERR_INTERNAL;
        return;
    }
    for (size_t i = 0; i < r->n_detectors; i++) {
        pc_status st = pc_detect_run(det, r->detectors[i], c->text, &hits);
        if (st == PC_ERR_LIMIT) {
            *c->limited = 1;
        } else if (st != PC_OK) {
            c->status = st;
        }
    }
    v = malloc((hits.n + 1) * sizeof *v);
    if (!v) {
        c->status = PC_ERR_NOMEM;
        pc_hits_free(&hits);
        return;
    }
    for (size_t i = 0; i < hits.n; i++) {
        size_t a, b;
        pc_text_span(c->text, PC_VIEW_CASED, hits.v[i].start, hits.v[i].end,
                     &a, &b);
        if (b > a) {
            v[n].start = (long)a;
            v[n].end = (long)b;
            v[n++].hit = i;
        }
    }
    n = pc__u16_dedupe(v, n);
    for (size_t i = 0; i < n; i++) {
        const pc_hit *h = &hits.v[v[i].hit];
        pc__emit(c, r, v[i].start, v[i].end, -1, h->label, h->kind);
    }
    free(v);
    pc_hits_free(&hits);
}

static void rule_schedule(pc__ctx *c, const pc__rule *r)
{
    const pc_pack *p = c->pack;
    const pc_post *post = c->post;

    if (!p->has_hours || !post->has_now ||
        !(p->hours_days & (1u << post->now_wday))) {
        return;
    }
    if (post->now_minute >= p->hours_start && post->now_minute < p->hours_end) {
        pc__emit(c, r, -1, -1, -1, NULL, NULL);
    }
}

static void run_rule(pc__ctx *c, const pc__rule *r)
{
    switch (r->kind) {
    case PC_RULE_PATTERN: rule_pattern(c, r); break;
    case PC_RULE_REQUIRES: rule_requires(c, r); break;
    case PC_RULE_DETECTOR: rule_detector(c, r); break;
    case PC_RULE_ATTACHMENT: pc__rule_attachment(c, r); break;
    case PC_RULE_ACCOUNT: pc__rule_account(c, r); break;
    case PC_RULE_SCHEDULE: rule_schedule(c, r); break;
    }
}

pc_status pc__check_raw(const pc_pack *pack, const pc_post *post,
                        pc_findings *out, int *limited, pc_error *err)
{
    pc__ctx c;
    int lim = 0;

    memset(&c, 0, sizeof c);
    c.pack = pack;
    c.post = post;
    c.out = out;
    c.limited = limited ? limited : &lim;
    if (!pack->prepared) {
        return pc_error_set(err, PC_ERR_INTERNAL, "policy pack %s is not "
                            "prepared (pc_packset_warm)", pack->id);
    }
    c.text = pc_text_new(post->text ? post->text : "", post->text_len, err);
    if (!c.text) {
        return err && err->code ? err->code : PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < pack->n_rules && c.status == PC_OK; i++) {
        if (pack->rules[i].applies & (unsigned)post->account) {
            size_t before = out->n;
            int was = *c.limited;
            *c.limited = 0;
            run_rule(&c, &pack->rules[i]);
            if (*c.limited) {
                pc_log(PC_LOG_WARN, "rule %s hit a pattern limit and was "
                       "skipped", pack->rules[i].id);
                pc_findings_truncate(out, before);
            }
            *c.limited |= was;
        }
    }
    free(c.mentions);
    free(c.stops);
    if (c.grams) {
        pc__gramset_free(&c.grams[0]);
        pc__gramset_free(&c.grams[1]);
        free(c.grams);
    }
    pc_text_free(c.text);
    if (c.status != PC_OK) {
        return pc_error_set(err, c.status, "%s", pc_strerror(c.status));
    }
    return PC_OK;
}

pc_status pc_check(const pc_pack *pack, const pc_post *post,
                   pc_findings *out, int *limited, pc_error *err)
{
    size_t first = out->n;
    pc_status st = pc__check_raw(pack, post, out, limited, err);

    if (st == PC_OK) {
        /* One warning per thing, inside the engine so that every caller
         * (protocol, CLI, lint, audit) sees the same findings. Only this
         * check's findings are merged. */
        pc_findings mine = {out->v + first, out->n - first, 0};
        pc_findings_merge(&mine);
        out->n = first + mine.n;
    }
    return st;
}
