/* detect.c: the detector registry (names and groups), compiling every
 * detector pattern once (PCRE2 with JIT, match and depth limits set), the
 * first-names list, the hit list, and the scanning helpers the detector
 * files share (detect_int.h).
 *
 * Limits: a pattern that hits its match limit stops that detector and the
 * run returns PC_ERR_LIMIT, keeping the hits found so far. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "builtin.h"
#include "detect_int.h"
#include "match.h"
#include "model_int.h"
#include "precompiled.h"

#define MATCH_LIMIT 2000000u
#define DEPTH_LIMIT 20000u

typedef void (*det_fn)(pc__scan *sc);

struct det {
    const char *name;
    det_fn fn;
    int group; /* 1: personal-data, 2: credentials */
    int bits;  /* 1: it reads the scan's bits of digits and capitals (a
                  pattern's need, pc__next_digit, pc__next_capital) */
    unsigned keys; /* the kinds of key its keyed patterns search by, a
                      bit (1u << kind) each (detect_pats.c) */
};

#define K(kind) (1u << PC__KEY_##kind)

static const struct det dets[] = {
    {"email", pc__det_email, 1, 1, K(SPOKEN_AT)},
    {"phone", pc__det_phone, 1, 1, 0},
    {"postcode", pc__det_postcode, 1, 1, 0},
    {"address", pc__det_address, 1, 1, K(DIGIT)},
    {"dob", pc__det_dob, 1, 0, K(DIGIT) | K(AGE)},
    {"ni-number", pc__det_ni, 1, 1, 0},
    {"payment-card", pc__det_card, 1, 1, 0},
    {"bank-account", pc__det_bank, 1, 1, K(SORTCODE)},
    {"us-ssn", pc__det_ssn, 1, 0, 0},
    {"id-document", pc__det_id_document, 1, 1, 0},
    {"child-name", pc__det_child_name, 1, 1, 0},
    {"security-answer", pc__det_security, 1, 1, 0},
    {"password", pc__det_password, 2, 0, K(PASSWORD)},
    {"secret-token", pc__det_token, 2, 0, K(TOKEN)},
    {"hostile", pc__det_hostile, 0, 0, 0},
    {"hostile-person", pc__det_hostile_person, 0, 0, 0},
    {"hostile-group", pc__det_hostile_group, 0, 0, 0},
};

#undef K

#define N_DETS (sizeof dets / sizeof dets[0])
_Static_assert(N_DETS <= 32, "pc_detect_scan_slots takes a slot a bit");

static const char *const all_names[] = {
    "email", "phone", "postcode", "address", "dob", "ni-number",
    "payment-card", "bank-account", "us-ssn", "id-document", "child-name",
    "security-answer", "password", "secret-token", "personal-data",
    "credentials", "hostile", "hostile-person", "hostile-group", NULL
};

const char *const *pc_detect_names(void)
{
    return all_names;
}

int pc_detect_known(const char *name)
{
    size_t i;

    for (i = 0; name && all_names[i]; i++)
        if (strcmp(all_names[i], name) == 0)
            return 1;
    return 0;
}

/* The names of the first-names list while it is read (load_names). */
struct name_list {
    const char **v;
    size_t n, cap;
};

/* Adds one line of the first-names list, s[0, n) (already trimmed, in
 * d->name_text), to l: made lower case and NUL-terminated in place. */
static int add_name(struct name_list *l, char *s, size_t n)
{
    const char **v;
    size_t i;

    v = pc__grow(l->v, l->n, &l->cap, sizeof *v, 256);
    if (!v)
        return -1;
    l->v = v;
    for (i = 0; i < n; i++)
        s[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    s[n] = '\0';
    l->v[l->n++] = s;
    return 0;
}

/* Puts the names of l in d's hash slots, at least twice as many. */
static int hash_names(pc_detectors *d, const struct name_list *l)
{
    d->name_mask = 63;
    while (d->name_mask + 1 < 2 * l->n)
        d->name_mask = d->name_mask * 2 + 1;
    d->name_slot = calloc(d->name_mask + 1, sizeof *d->name_slot);
    if (!d->name_slot)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        const char *w = l->v[i];
        size_t k = pc__name_hash(w, strlen(w)) & d->name_mask;
        while (d->name_slot[k] && strcmp(d->name_slot[k], w) != 0)
            k = (k + 1) & d->name_mask;
        d->name_slot[k] = w;
    }
    return 0;
}

/* Loads the built-in first-names list: one name a line, '#' comments. A
 * missing list leaves the set empty (child-name then finds nothing).
 * The names are read in one copy of the list and only hashed: the
 * detector asks whether a word is one, never for them in order (a
 * malloc a name and a sort of them were a quarter of pc_detect_new's
 * work at start). */
static int load_names(pc_detectors *d)
{
    const struct pc__blob *b = pc__builtin_list("first-names");
    struct name_list l = {NULL, 0, 0};
    char *p, *end;
    int rc = 0;

    if (!b)
        return 0;
    d->name_text = malloc(b->len + 1);
    if (!d->name_text)
        return -1;
    memcpy(d->name_text, b->data, b->len);
    d->name_text[b->len] = '\0';
    p = d->name_text;
    end = d->name_text + b->len;
    while (p < end && rc == 0) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        char *q = e;

        while (q > p && (q[-1] == ' ' || q[-1] == '\r' || q[-1] == '\t'))
            q--;
        while (p < q && (*p == ' ' || *p == '\t'))
            p++;
        if (q > p && *p != '#')
            rc = add_name(&l, p, (size_t)(q - p));
        p = nl ? nl + 1 : end;
    }
    if (rc == 0 && l.n > 0)
        rc = hash_names(d, &l);
    free(l.v);
    return rc;
}

static pc_status compile_one(pc_detectors *d, int i, pc_error *err)
{
    int code;
    PCRE2_SIZE off;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
                    pc__pat_defs[i].flags |
                    (pc__pat_defs[i].key ? PCRE2_USE_OFFSET_LIMIT : 0);

    d->re[i] = pc__precompiled_compile_at(pc__pat_defs[i].re, opts, &code,
                                          &off, &d->stored[i]);
    d->jit_id[i] = pc__jit_id();
    if (!d->re[i]) {
        PCRE2_UCHAR msg[120];

        pcre2_get_error_message(code, msg, sizeof msg);
        return pc_error_set(err, PC_ERR_INTERNAL,
                            "detector pattern %d: %s at offset %lu", i,
                            (const char *)msg, (unsigned long)off);
    }
    /* The trigrams a match needs, read from the pattern's text: only
     * caseless is set from outside it (the prefilter compares in lower
     * case); any other option leaves the pattern unfiltered. */
    if ((pc__pat_defs[i].flags & ~(unsigned)PCRE2_CASELESS) == 0 &&
        pc__prefilter_build_at(pc__pat_defs[i].re, d->stored[i],
                               &d->pf[i]) != PC_OK) {
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    /* What no match reads, for long posts (match_span.c); the same
     * options as the prefilter. */
    if ((pc__pat_defs[i].flags & ~(unsigned)PCRE2_CASELESS) == 0) {
        int b = pc__precompiled_barriers(d->stored[i]);
        d->barriers[i] = b >= 0 ? (unsigned)b
                                : pc__barriers(pc__pat_defs[i].re);
    }
    return PC_OK;
}

/* Gives every pattern its query, once: the build's (precompiled.h) or
 * derived; only caseless is set from outside a pattern's text. Out of
 * memory a pattern has none (its trigram sets still filter). */
static void attach_queries(pc_detectors *d)
{
    if (d->queried) {
        return;
    }
    d->queried = 1;
    for (int i = 0; i < PC__P_COUNT; i++) {
        if ((pc__pat_defs[i].flags & ~(unsigned)PCRE2_CASELESS) == 0 &&
            !pc__query_stored(d->stored[i], &d->q[i])) {
            (void)pc__query_derive(pc__pat_defs[i].re, &d->q[i]);
        }
    }
    pc__precompiled_drop_queries();
}

/* JIT-compiles the patterns of d that match_jit.c's record says to (all:
 * every one not yet compiled). Returns how many. */
static size_t jit_some(pc_detectors *d, int all)
{
    size_t n = 0;

    attach_queries(d);
    for (int i = 0; i < PC__P_COUNT; i++) {
        if (pc__jit_take_id(d->jit_id[i], all)) {
            /* JIT is an optimisation: without it (no JIT support on this
             * CPU) the interpreter runs the same pattern. */
            (void)pcre2_jit_compile(d->re[i], PCRE2_JIT_COMPLETE);
            n++;
        }
    }
    return n;
}

void pc_detect_jit(pc_detectors *d)
{
    if (d && !d->jitted) {
        jit_some(d, 1);
        d->jitted = 1;
    }
}

size_t pc_detect_warm(pc_detectors *d)
{
    return d && !d->jitted ? jit_some(d, 0) : 0;
}

pc_detectors *pc_detect_new(pc_error *err)
{
    pc_detectors *d = pc_detect_new_lazy(err);

    pc_detect_jit(d);
    return d;
}

pc_detectors *pc_detect_new_lazy(pc_error *err)
{
    pc_detectors *d = calloc(1, sizeof *d);
    int i;

    if (!d) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    d->mctx = pcre2_match_context_create(NULL);
    d->hostile = pc__hostile_new();
    if (!d->mctx || !d->hostile || load_names(d)) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        pc_detect_free(d);
        return NULL;
    }
    d->models = pc__models_load(err);
    if (!d->models) {
        pc_detect_free(d);
        return NULL;
    }
    pcre2_set_match_limit(d->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(d->mctx, DEPTH_LIMIT);
    for (i = 0; i < PC__P_COUNT; i++) {
        if (compile_one(d, i, err) != PC_OK) {
            pc__precompiled_trim();
            pc_detect_free(d);
            return NULL;
        }
    }
    pc__precompiled_trim();
    return d;
}

void pc_detect_free(pc_detectors *d)
{
    size_t i;

    if (!d)
        return;
    for (i = 0; i < PC__P_COUNT; i++) {
        pc__jit_forget_id(d->jit_id[i]);
        pcre2_code_free(d->re[i]);
        pc__prefilter_free(&d->pf[i]);
        pc__query_free(&d->q[i]);
    }
    pcre2_match_context_free(d->mctx);
    pc__hostile_free(d->hostile);
    pc__models_free(d->models);
    free(d->name_text);
    free(d->name_slot);
    free(d);
}

size_t pc_detect_count(void)
{
    return N_DETS;
}

const char *pc_detect_slot_name(size_t slot)
{
    return slot < N_DETS ? dets[slot].name : NULL;
}

int pc_detect_slot_bits(size_t slot)
{
    return slot < N_DETS && dets[slot].bits;
}

void pc_detect_scan_slots(pc__scan *sc, uint32_t slots)
{
    unsigned bits = 0, keys = 0;

    if (!sc)
        return;
    for (size_t k = 0; k < N_DETS; k++) {
        if (slots & ((uint32_t)1 << k)) {
            bits |= (unsigned)dets[k].bits;
            keys |= dets[k].keys;
        }
    }
    sc->bits_unread = !bits;
    sc->keys_unread = (unsigned char)~keys;
}

size_t pc_detect_members(const char *name, const char **out, size_t cap)
{
    return pc_detect_members_at(name, out, NULL, cap);
}

/* The names of dets and of the groups, hashed for pc_detect_members_at
 * (a check asks for every rule's detector): slot k holds 0 when empty,
 * else 1 + the name's place in dets, or N_DETS + a group. Made at the
 * first call; the host is single-threaded. */
#define NAME_SLOTS 64
static unsigned char name_slot[NAME_SLOTS];
static int name_hashed;

/* The slot a name of n bytes starts looking in: its length and its first
 * and last bytes (every name is confirmed by strcmp, so two alike only
 * cost a step). */
static size_t name_start(const char *name, size_t n)
{
    return (n * 31u + (unsigned char)name[0] * 7u +
            (unsigned char)name[n - 1]) & (NAME_SLOTS - 1);
}

static const char *slot_name(unsigned v)
{
    return v <= N_DETS ? dets[v - 1].name
           : v == N_DETS + 1 ? "personal-data" : "credentials";
}

static void hash_dets(void)
{
    for (unsigned v = 1; v <= N_DETS + 2; v++) {
        const char *name = slot_name(v);
        size_t k = name_start(name, strlen(name));
        while (name_slot[k])
            k = (k + 1) & (NAME_SLOTS - 1);
        name_slot[k] = (unsigned char)v;
    }
}

/* 1 + the place in dets of the detector named name, N_DETS + its group
 * (1: personal-data, 2: credentials) for a group's name, or 0. */
static unsigned name_lookup(const char *name)
{
    size_t n = strlen(name), k;

    if (!name_hashed) {
        hash_dets();
        name_hashed = 1;
    }
    if (n == 0)
        return 0;
    for (k = name_start(name, n); name_slot[k]; k = (k + 1) & (NAME_SLOTS - 1))
        if (strcmp(slot_name(name_slot[k]), name) == 0)
            return name_slot[k];
    return 0;
}

size_t pc_detect_members_at(const char *name, const char **out,
                            size_t *slot, size_t cap)
{
    unsigned v = name ? name_lookup(name) : 0;
    int group = v > N_DETS ? (int)(v - N_DETS) : 0;
    size_t i, n = 0;

    if (v == 0)
        return 0;
    for (i = group ? 0 : v - 1; i < N_DETS; i++) {
        if (!group || dets[i].group == group) {
            if (n < cap) {
                if (out)
                    out[n] = dets[i].name;
                if (slot)
                    slot[n] = i;
            }
            n++;
            /* A detector's name stands for it alone (no two share one). */
            if (!group)
                break;
        }
    }
    return n;
}

/* Runs every detector selected by name. Returns 0 if name is unknown. */
static int run_selected(pc__scan *sc, const char *name)
{
    size_t slot[N_DETS], n;
    const char *names[N_DETS];

    for (size_t i = 0; i < N_DETS; i++) {
        if (dets[i].name == name) {
            /* A name from pc_detect_members: that one detector. */
            if (sc->st == PC_OK)
                dets[i].fn(sc);
            return 1;
        }
    }
    n = pc_detect_members_at(name, names, slot, N_DETS);
    for (size_t k = 0; k < n && sc->st == PC_OK; k++)
        dets[slot[k]].fn(sc);
    return n > 0;
}

pc_status pc__detect_run_buf(const pc_detectors *d, const char *name,
                             const char *buf, size_t len, pc_hits *out)
{
    return pc__detect_run_until(d, name, buf, len, 0, NULL, out);
}

pc_status pc__detect_hostile_buf(const pc_detectors *d, const char *buf,
                                 size_t len, pc_hits *out[3], size_t cut,
                                 pc_hits *judged)
{
    pc__scan sc;

    if (!d || !buf || !out)
        return PC_ERR_REQUEST;
    memset(&sc, 0, sizeof sc);
    sc.d = d;
    sc.s = buf;
    sc.len = len;
    sc.out = out[0];
    pc__det_hostile_kinds(&sc, out, cut, judged);
    return sc.st;
}

/* A scan freed and kept for the next (pc_detect_scan_free): the rule
 * engine makes one a check, and its match data, keyed context and key
 * lists serve every check after (the host is single-threaded). */
static pc__scan *spare_scan;

/* Frees all that sc holds for its buffer: its windows, bits of digits
 * and capitals, and key lists (or empties those to keep, when keep). */
static void scan_drop(pc__scan *sc, int keep)
{
    pc__bytebits_free(sc->bits);
    for (int p = 0; p < PC__P_COUNT; p++) {
        /* Most patterns made no windows: no call for those. */
        if (sc->win[p])
            free(sc->win[p]);
    }
    if (keep)
        pc__keys_clear(sc);
    else
        pc__keys_free(sc);
}

pc__scan *pc__detect_scan_buf(const pc_detectors *d, const char *buf,
                              size_t len, const pc__gramset *grams)
{
    pc__scan *sc;

    if (!d || !buf)
        return NULL;
    sc = spare_scan;
    spare_scan = NULL;
    if (sc) {
        /* All zero as calloc would give but what it kept. */
        pcre2_match_data *md = sc->md, *cmd = sc->cmd;
        pcre2_match_context *kctx = sc->kctx;
        struct pc__keys keys = sc->keys;
        if (kctx && sc->d != d) {
            /* A copy of other detectors' context (the same limits as
             * every one's, but made from theirs): made again from d's. */
            pcre2_match_context_free(kctx);
            kctx = NULL;
        }
        memset(sc, 0, sizeof *sc);
        sc->md = md;
        sc->cmd = cmd;
        sc->kctx = kctx;
        sc->keys = keys;
    } else {
        sc = calloc(1, sizeof *sc);
        if (!sc)
            return NULL;
        sc->md = pcre2_match_data_create(40, NULL);
        sc->cmd = pcre2_match_data_create(40, NULL);
        if (!sc->md || !sc->cmd) {
            pc_detect_scan_free(sc);
            return NULL;
        }
    }
    sc->grams = grams;
    sc->d = d;
    sc->s = buf;
    sc->len = len;
    return sc;
}

void pc_detect_scan_free(pc__scan *sc)
{
    if (!sc)
        return;
    if (!spare_scan && sc->md && sc->cmd) {
        scan_drop(sc, 1);
        spare_scan = sc;
        return;
    }
    scan_drop(sc, 0);
    pcre2_match_data_free(sc->md);
    pcre2_match_data_free(sc->cmd);
    pcre2_match_context_free(sc->kctx);
    free(sc);
}

/* What one run over sc's buffer leaves for the next: the windows, the
 * patterns' verdicts on the buffer, the match data and keyed context;
 * its failure and output are its own. */
pc_status pc_detect_scan_run(pc__scan *sc, const char *name,
                             long long deadline, pc_hits *out)
{
    if (!sc || !name || !out)
        return PC_ERR_REQUEST;
    sc->st = PC_OK;
    sc->deadline = deadline;
    sc->out = out;
    return run_selected(sc, name) ? sc->st : PC_ERR_REQUEST;
}

pc_status pc__detect_run_until(const pc_detectors *d, const char *name,
                               const char *buf, size_t len,
                               long long deadline,
                               const pc__gramset *grams, pc_hits *out)
{
    pc__scan *sc;
    pc_status st;

    if (!d || !name || !buf || !out)
        return PC_ERR_REQUEST;
    sc = pc__detect_scan_buf(d, buf, len, grams);
    if (!sc)
        return PC_ERR_NOMEM;
    st = pc_detect_scan_run(sc, name, deadline, out);
    pc_detect_scan_free(sc);
    return st;
}
