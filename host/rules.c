/* rules.c: the rule engine. Runs a pack's rules over one post and returns
 * findings with UTF-16 spans of the text as sent.
 *
 * Every match is first mapped to a UTF-16 span of the original, so spans
 * from different views (folded, case-preserving, detectors) can be
 * compared: a match inside an `unless` match is dropped, a `near` rule
 * needs its context within the window, and overlapping matches of one
 * rule give one finding. Attachment, account and schedule rules make
 * findings without spans. Nothing here logs post text. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pack_int.h"
#include "postcheck/budget.h"
#include "postcheck/log.h"
#include "model_int.h"
#include "rules_int.h"

/* Spans sorted by start, with the running maximum of their ends: whether
 * any span starts at or before x and ends at or after y is then one
 * binary search, so filtering n matches against m spans costs
 * O((n + m) log m), not O(n * m). */
typedef struct cover {
    const pc__u16 *v;
    long *maxend;
    size_t n;
} cover;

static int start_cmp(const void *a, const void *b)
{
    const pc__u16 *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Sorts v[0..n) by start and builds cv over it. Returns 0, or -1 when
 * out of memory. Free with free(cv->maxend). */
static int cover_init(cover *cv, pc__u16 *v, size_t n)
{
    cv->v = v;
    cv->n = n;
    cv->maxend = NULL;
    if (n == 0) {
        return 0;
    }
    qsort(v, n, sizeof *v, start_cmp);
    cv->maxend = malloc(n * sizeof *cv->maxend);
    if (!cv->maxend) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        long prev = i ? cv->maxend[i - 1] : v[0].end;
        cv->maxend[i] = v[i].end > prev ? v[i].end : prev;
    }
    return 0;
}

/* 1 if a span of cv starts at or before x and ends at or after y. */
static int cover_any(const cover *cv, long x, long y)
{
    size_t lo = 0, hi = cv->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cv->v[mid].start <= x) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo > 0 && cv->maxend[lo - 1] >= y;
}

/* Drops the mentions that stand inside a look-alike phrase ("alt text"). */
static void drop_not_mentions(pc__ctx *c)
{
    pc__u16 *no = NULL;
    size_t n = 0, k = 0;
    cover cv;

    if (pc__matcher_empty(&c->pack->not_mention) || !c->n_mentions) {
        return;
    }
    if (pc__run_u16(c, &c->pack->not_mention, c->text, &no, &n) != PC_OK ||
        cover_init(&cv, no, n) != 0) {
        c->status = PC_ERR_NOMEM;
        free(no);
        return;
    }
    for (size_t i = 0; i < c->n_mentions; i++) {
        if (!cover_any(&cv, c->mentions[i].start, c->mentions[i].end)) {
            c->mentions[k++] = c->mentions[i];
        }
    }
    c->n_mentions = k;
    free(cv.maxend);
    free(no);
}

/* Whether the post mentions the organisation (found once per check). A
 * rule that asks after the search was cut short is cut short too. */
static int mentioned(pc__ctx *c)
{
    if (!c->mention_done) {
        const char *was = c->why;
        c->why = NULL;
        c->mention_done = 1;
        if (pc__run_u16(c, &c->pack->mention, c->text, &c->mentions,
                        &c->n_mentions) != PC_OK) {
            c->status = PC_ERR_NOMEM;
        }
        c->n_mentions = pc__u16_dedupe(c->mentions, c->n_mentions);
        drop_not_mentions(c);
        c->mention_why = c->why;
        c->why = was ? was : c->why;
    }
    if (c->mention_why && !c->why) {
        c->why = c->mention_why;
    }
    return c->n_mentions > 0;
}

/* The UTF-16 offsets where sentences end in the post (text.h's
 * pc_text_sentence_end on the folded view), ascending. Found once per
 * check, in one pass. */
static void find_stops(pc__ctx *c)
{
    size_t len, n = 0, u0, u1;
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);

    c->stops_done = 1;
    for (int pass = 0; pass < 2; pass++) {
        n = 0;
        for (size_t i = 0; i < len; i++) {
            if (!pc_text_sentence_end(s, len, i)) {
                continue;
            }
            if (pass == 1) {
                pc_text_span(c->text, PC_VIEW_FOLD, i, i + 1, &u0, &u1);
                c->stops[n] = (long)u0;
            }
            n++;
        }
        if (pass == 0) {
            c->stops = malloc((n + 1) * sizeof *c->stops);
            if (!c->stops) {
                return;
            }
        }
    }
    c->n_stops = n;
}

/* The index of the first of stops[0..n) (ascending) at or after x. */
static size_t first_stop(const long *stops, size_t n, long x)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (stops[mid] < x) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The sentence around span s: *after gets the last stop before s->start
 * (or LONG_MIN), *until the first stop at or after s->end (or LONG_MAX).
 * A span t shares s's sentence (no stop between them) exactly when
 * t.end > *after and t.start <= *until. */
static void sentence_of(pc__ctx *c, const pc__u16 *s, long *after,
                        long *until)
{
    size_t n, i;

    if (!c->stops_done) {
        find_stops(c);
    }
    n = c->stops ? c->n_stops : 0;
    i = first_stop(c->stops, n, s->start);
    *after = i > 0 ? c->stops[i - 1] : LONG_MIN;
    i = first_stop(c->stops, n, s->end);
    *until = i < n ? c->stops[i] : LONG_MAX;
}

/* 1 if a span of cv stands within window of s (and, with sentence, in
 * s's sentence). */
static int near_any(pc__ctx *c, const pc__u16 *s, const cover *cv,
                    long window, int sentence)
{
    long x = s->end + window, y = s->start - window;

    if (cv->n == 0) {
        return 0;
    }
    if (sentence) {
        long after, until;
        sentence_of(c, s, &after, &until);
        x = until < x ? until : x;
        y = after != LONG_MIN && after + 1 > y ? after + 1 : y;
    }
    return cover_any(cv, x, y);
}

/* Keeps the spans of m that pass r's unless and near filters. */
static pc_status filter(pc__ctx *c, const pc__rule *r, pc__u16 *v,
                        size_t *n)
{
    pc__u16 *un = NULL, *ne = NULL;
    size_t nu = 0, nn = 0, k = 0;
    cover cu = {0}, cn = {0}, cm = {0};
    pc_status st = pc__run_u16(c, &r->unless, c->text, &un, &nu);
    int has_near = !pc__matcher_empty(&r->near) || r->near_org;
    long w = (long)r->near_window;

    if (st == PC_OK && !pc__matcher_empty(&r->near)) {
        st = pc__run_u16(c, &r->near, c->text, &ne, &nn);
    }
    if (r->near_org) {
        mentioned(c);
    }
    if (st == PC_OK &&
        (cover_init(&cu, un, nu) != 0 || cover_init(&cn, ne, nn) != 0 ||
         (r->near_org &&
          cover_init(&cm, c->mentions, c->n_mentions) != 0))) {
        st = PC_ERR_NOMEM;
    }
    for (size_t i = 0; st == PC_OK && i < *n; i++) {
        if (cover_any(&cu, v[i].start, v[i].end)) {
            continue;
        }
        if (has_near && !near_any(c, &v[i], &cn, w, r->near_sentence) &&
            !(r->near_org &&
              near_any(c, &v[i], &cm, w, r->near_sentence))) {
            continue;
        }
        v[k++] = v[i];
    }
    *n = k;
    free(cu.maxend);
    free(cn.maxend);
    free(cm.maxend);
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
    /* Nothing matched: the unless and near searches could only drop. */
    if (pc__run_u16(c, &r->match, c->text, &v, &n) != PC_OK ||
        (n && filter(c, r, v, &n) != PC_OK)) {
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
        pc_status st = pc__rule_detector_hits(c, r, i, &hits);
        if (st == PC_ERR_LIMIT) {
            pc__cut_short(c);
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
    /* "unless": a hit inside one of its matches is dropped, as a
     * pattern rule's match is (filter; detector rules have no near). */
    if (n && !pc__matcher_empty(&r->unless) &&
        filter(c, r, v, &n) != PC_OK) {
        c->status = PC_ERR_NOMEM;
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
    case PC_RULE_MODEL:
        if (!r->when_mentioned || mentioned(c)) {
            pc__rule_model(c, r);
        }
        break;
    }
}

/* Runs rule r under its deadline: its share of the check's budget, and
 * never past the check's end. A rule cut short keeps its findings when
 * they stand on their own (the hits of a detector rule without `unless`
 * are each checked); other rules drop them, since a cut-short `unless`,
 * `near` or `required` search could turn a pass into a false warning.
 * Either way the rule is listed in out->limited. */
static void run_budgeted(pc__ctx *c, const pc__rule *r, long long share,
                         long long end)
{
    size_t before = c->out->n;
    long long now = pc_clock_ns_near();
    /* The debug line's start is read afresh: pc_clock_ns_near may be up
     * to two ticks above the CPU clock, which made fast rules' times
     * negative. */
    int timed = pc_log_enabled(PC_LOG_DEBUG);
    long long start = timed ? pc_clock_ns() : 0;

    c->deadline = now + share < end ? now + share : end;
    c->why = NULL;
    run_rule(c, r);
    if (timed) {
        pc_log(PC_LOG_DEBUG, "rule %s: %lld us", r->id,
               (pc_clock_ns() - start) / 1000);
    }
    if (!c->why) {
        return;
    }
    pc_log(PC_LOG_WARN, "rule %s was cut short (%s)", r->id, c->why);
    if (r->kind != PC_RULE_DETECTOR || !pc__matcher_empty(&r->unless)) {
        pc_findings_truncate(c->out, before);
    }
    if (pc_findings_limit(c->out, r->id, c->why) != PC_OK) {
        c->status = PC_ERR_NOMEM;
    }
}

/* Runs rules [from, to) of pack over post (see pc__check_raw). */
static pc_status check_rules(const pc_pack *pack, const pc_post *post,
                             size_t from, size_t to, pc_findings *out,
                             int *limited, pc_error *err)
{
    pc__ctx c;
    long long budget = post->budget_ns > 0 ? post->budget_ns
                                           : pc_budget_ns(post->text_len);
    long long end;
    size_t had = out->n_limited, first = out->n;

    memset(&c, 0, sizeof c);
    c.pack = pack;
    c.post = post;
    c.out = out;
    if (!pack->prepared) {
        return pc_error_set(err, PC_ERR_INTERNAL, "policy pack %s is not "
                            "prepared (pc_packset_warm)", pack->id);
    }
    c.text = post->text_valid && post->text
                 ? pc_text_new_valid(post->text, post->text_len, err)
                 : pc_text_new(post->text ? post->text : "", post->text_len,
                               err);
    if (!c.text) {
        return err && err->code ? err->code : PC_ERR_NOMEM;
    }
    /* The budget is for the rules' work on this post, not for making its
     * views. Its start as each rule's (budget.h: at most two clock
     * ticks late, and no system call, which costs more than a short check's
     * rules on a virtual machine). */
    end = pc_clock_ns_near() + budget;
    for (size_t i = from; i < to && c.status == PC_OK; i++) {
        if (pack->rules[i].applies & (unsigned)post->account) {
            run_budgeted(&c, &pack->rules[i],
                         budget / PC_BUDGET_RULE_SHARE, end);
        }
    }
    if (c.status == PC_OK) {
        /* An insult at a person is no put-down of the organisation. */
        pc__rule_aim_putdowns(&c, first, pc__rule_model_units(&c));
    }
    if (limited) {
        *limited = out->n_limited > had;
    }
    pc__cache_free(&c);
    pc__rule_model_done(&c);
    pc__side_free(&c);
    free(c.mentions);
    free(c.stops);
    pc__seen_free(&c.seen);
    pc_text_free(c.text);
    if (c.status != PC_OK) {
        return pc_error_set(err, c.status, "%s", pc_strerror(c.status));
    }
    return PC_OK;
}

pc_status pc__check_raw(const pc_pack *pack, const pc_post *post,
                        pc_findings *out, int *limited, pc_error *err)
{
    return check_rules(pack, post, 0, pack->n_rules, out, limited, err);
}

pc_status pc__check_rule(const pc_pack *pack, size_t rule,
                         const pc_post *post, pc_findings *out,
                         pc_error *err)
{
    if (rule >= pack->n_rules) {
        return pc_error_set(err, PC_ERR_REQUEST, "no rule %zu", rule);
    }
    return check_rules(pack, post, rule, rule + 1, out, NULL, err);
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
        pc_findings mine;
        memset(&mine, 0, sizeof mine);
        /* out->v is NULL while nothing was ever found: no arithmetic on it. */
        mine.v = out->v ? out->v + first : NULL;
        mine.n = out->n - first;
        mine.bytes = out->bytes;
        pc_findings_merge(&mine);
        out->n = first + mine.n;
        out->bytes = mine.bytes;
    }
    return st;
}
