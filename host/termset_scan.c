/* termset_scan.c: a term set's scans (termset.h): the scan of one set,
 * and the one-pass scan of a set whose terms have several owners, of one
 * view or of two views alike but for ASCII case in one walk of their
 * tokens. Every place a term may start is a token start (termset.h), and
 * a token's first-token hash is read with its bytes (termset_int.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "termset_int.h"

typedef pc__term term;
typedef pc__term_bucket bucket;

/* If term t, whose first token and what follows it to its term byte k
 * are those of s up to i (k = t->first_len, i the token's end: its
 * first token alone), matches s there, returns the end of the match,
 * else 0. */
static size_t match_rest(const term *t, const char *chars,
                         const unsigned char *s, size_t len, size_t i,
                         size_t k)
{
    const unsigned char *p = (const unsigned char *)chars + t->text;
    size_t cl;

    while (k < t->len) {
        if (pc__term_space(p[k])) {
            if (i >= len || !pc__term_space(s[i])) {
                return 0;
            }
            while (k < t->len && pc__term_space(p[k])) {
                k++;
            }
            while (i < len && pc__term_space(s[i])) {
                i++;
            }
        } else if (i < len && s[i] == p[k]) {
            i++;
            k++;
        } else {
            return 0;
        }
    }
    /* The term's last character: a word character needs a boundary. */
    if (t->end_word && i < len && pc_text_word_at((const char *)s, len, i, &cl)) {
        return 0;
    }
    return i;
}

/* If term t (its text in chars) matches s at pos, where a token of tl
 * bytes stands, returns the end of the match, else 0. */
static size_t match_at(const term *t, const char *chars,
                       const unsigned char *s, size_t len, size_t pos,
                       size_t tl)
{
    if (t->first_len != tl || memcmp(s + pos, chars + t->text, tl) != 0) {
        return 0;
    }
    return match_rest(t, chars, s, len, pos + tl, t->first_len);
}

/* The bucket of first-token hash h in table (mask: its size - 1), or
 * NULL. */
static inline const bucket *lookup_in(const bucket *table, size_t mask,
                                      uint32_t h)
{
    size_t slot = h & mask;

    while (table[slot].count) {
        if (table[slot].hash == h) {
            return &table[slot];
        }
        slot = (slot + 1) & mask;
    }
    return NULL;
}

static inline const bucket *lookup(const pc__termset *ts, uint32_t h)
{
    return lookup_in(ts->table, ts->table_size - 1, h);
}

/* Where the token after white space from i of s[0..len) starts (len:
 * none). */
static inline size_t past_space(const unsigned char *s, size_t i,
                                size_t len)
{
    while (i < len && pc__term_space(s[i])) {
        i++;
    }
    return i;
}

/* past_space over a text whose byte at len is a NUL (not white space),
 * which ends the loop. */
static inline size_t past_space_nul(const unsigned char *s, size_t i)
{
    while (pc__term_space(s[i])) {
        i++;
    }
    return i;
}

/* What follows the token that ends at i of s[0..len): whether white
 * space (*gap), and the first other byte, or 256 at the end; *at: where
 * that byte stands. A term can go on matching there only if its gap and
 * next byte are these (match_rest's first steps). */
static int after_token(const unsigned char *s, size_t len, size_t i,
                       int *gap, size_t *at)
{
    *gap = i < len && pc__term_space(s[i]);
    i = past_space(s, i, len);
    *at = i;
    return i < len ? s[i] : 256;
}

/* The first of terms [lo, hi) (one first token's run, by what follows
 * it) with what follows its first token at least here. */
static uint32_t first_after(const term *terms, uint32_t lo, uint32_t hi,
                            unsigned here)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (pc__term_after(terms[mid].gap, terms[mid].next) < here) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Where term t goes on past its next byte (the byte after its first
 * token and the white space after it, which the text's matched). */
static size_t past_next(const term *t, const char *chars)
{
    const unsigned char *p = (const unsigned char *)chars + t->text;
    size_t k = t->first_len;

    while (pc__term_space(p[k])) {
        k++;
    }
    return k + 1;
}

/* One view's part of a one-pass scan: its set and text, and per owner
 * where its next match may start and its longest match at the current
 * place. */
typedef struct side {
    const pc__termset *ts;
    const unsigned char *s;
    pc__termset_emit emit;
    void *arg;
    size_t *next;
    size_t *best;
    uint32_t *touched;          /* owners with a match at this place */
} side;

/* Emits, for each owner free to match at pos, its longest match of the
 * terms of bucket b, whose first token's hash is the one of the token
 * at pos (tl bytes). */
static pc_status match_place(side *sd, const bucket *b, size_t len,
                             size_t pos, size_t tl)
{
    const pc__termset *ts = sd->ts;
    const unsigned char *s = sd->s;
    uint32_t nt = 0;
    size_t at;
    int gap, next = after_token(s, len, pos + tl, &gap, &at);
    unsigned here = pc__term_after((unsigned)gap, (unsigned)next);

    /* The terms of one first token stand together (to run_end, in the
     * bucket, whose terms share its hash), by what follows it: those
     * that are their first token alone, then by gap and next byte. */
    for (uint32_t i = b->first, stop = i + b->count; i < stop; i++) {
        const term *t = &ts->terms[i];
        unsigned after = pc__term_after(t->gap, t->next);
        size_t end;
        /* The first token is compared once for the terms that share
         * it (a run is entered at its first term, or left): not the
         * token here, none of them matches. */
        if (!t->same_first &&
            (t->first_len != tl ||
             memcmp(s + pos, ts->chars.s + t->text, tl) != 0)) {
            i = t->run_end - 1;
            continue;
        }
        if (after && after != here) {
            /* Nor do the terms after it with what follows its first
             * token short of here (found by halving: a common word
             * starts dozens of terms); past here, none of the rest of
             * the run. */
            i = (after < here ? first_after(ts->terms, i + 1, t->run_end,
                                            here)
                              : t->run_end) - 1;
            continue;
        }
        if (pos < sd->next[t->owner]) {
            continue;
        }
        /* A term longer than its first token goes on past the gap and
         * next byte the text has (after == here). */
        end = after && next < 256
                  ? match_rest(t, ts->chars.s, s, len, at + 1,
                               past_next(t, ts->chars.s))
                  : match_rest(t, ts->chars.s, s, len, pos + tl,
                               t->first_len);
        if (end > sd->best[t->owner]) {
            if (sd->best[t->owner] == 0) {
                sd->touched[nt++] = t->owner;
            }
            sd->best[t->owner] = end;
        }
    }
    for (uint32_t k = 0; k < nt; k++) {
        uint32_t o = sd->touched[k];
        pc_status st = sd->emit(sd->arg, o, pos, sd->best[o]);
        /* Go on after the match, as a regex scan does. */
        sd->next[o] = sd->best[o];
        sd->best[o] = 0;
        if (st != PC_OK) {
            return st;
        }
    }
    return PC_OK;
}

/* A scan's state for this many owners (a pack's index has a few dozen
 * sets), and buckets this large, is kept on the stack: three
 * allocations a scan, for a short post, cost a fifth of the scan. */
#define STACK_OWNERS 128

typedef struct side_mem {
    size_t next[STACK_OWNERS];
    size_t best[STACK_OWNERS];
    uint32_t touched[STACK_OWNERS];
} side_mem;

/* Sets up sd's state (in mem when it fits): PC_OK or PC_ERR_NOMEM. */
static pc_status side_open(side *sd, side_mem *mem)
{
    const pc__termset *ts = sd->ts;

    if (ts->n_owners <= STACK_OWNERS && ts->max_bucket <= STACK_OWNERS) {
        memset(mem->next, 0, ts->n_owners * sizeof *mem->next);
        memset(mem->best, 0, ts->n_owners * sizeof *mem->best);
        sd->next = mem->next;
        sd->best = mem->best;
        sd->touched = mem->touched;
        return PC_OK;
    }
    sd->next = calloc(ts->n_owners, sizeof *sd->next);
    sd->best = calloc(ts->n_owners, sizeof *sd->best);
    sd->touched = malloc(ts->max_bucket * sizeof *sd->touched);
    return sd->next && sd->best && sd->touched ? PC_OK : PC_ERR_NOMEM;
}

static void side_close(side *sd, side_mem *mem)
{
    if (sd->next != mem->next) {
        free(sd->next);
        free(sd->best);
        free(sd->touched);
    }
}

/* 1 unless ts's filter says that no term starts with first token h0
 * followed (after white space when gap) by a token of hash h1 (more:
 * there is one), nor is first token h0 alone. */
static inline int may_start(const pc__termset *ts, uint32_t h0, unsigned gap,
                            int more, uint32_t h1)
{
    uint32_t a, k;

    if (!ts->pairs) {
        return 1;
    }
    a = pc__term_pair(h0, PC__TERM_ALONE, 0) >> ts->pair_shift;
    if ((ts->pairs[a >> 6] >> (a & 63)) & 1) {
        return 1;
    }
    k = pc__term_pair(h0, gap, h1) >> ts->pair_shift;
    return more && ((ts->pairs[k >> 6] >> (k & 63)) & 1);
}

/* pc__term_token for the walk, whose place is never white space: a run
 * of ASCII word characters, or one ASCII byte of another kind, read in
 * a loop of a class test and a hash step a byte; a token that meets a
 * byte beyond ASCII is read again by pc__term_token (which asks text.h
 * whether its character is a word character). s[len] is a NUL (class
 * 0: no word, space or multibyte), which ends each loop without a test
 * of the length a byte. */
static inline __attribute__((always_inline)) size_t
read_token(const unsigned char *s, const unsigned char *t, size_t len,
           size_t pos, uint32_t h[2])
{
    uint32_t x = PC__TERM_HASH0, y = PC__TERM_HASH0;
    size_t i = pos;
    int word;

    while (pc__term_class[s[i]] == PC__TERM_WORD) {
        x = pc__term_mix(x, s[i]);
        y = t ? pc__term_mix(y, t[i]) : y;
        i++;
    }
    if (pc__term_class[s[i]] & PC__TERM_MULTI) {
        return pc__term_token(s, t, len, pos, h, &word);
    }
    if (i == pos) {
        x = pc__term_mix(x, s[i]);
        y = t ? pc__term_mix(y, t[i]) : y;
        i++;
    }
    h[0] = x;
    h[1] = y;
    return i - pos;
}

/* Walks the tokens of sd[0]'s text (len bytes) once, and at each place a
 * term may start (a token start but white space: a word's token is a
 * whole word) looks its terms up in sd[0]'s set and, when two, in
 * sd[1]'s over its text, alike but for ASCII case (the same tokens):
 * their first-token hashes read in the same walk, a token ahead, so that
 * a place is looked at only when its first two tokens may start a term
 * (may_start). A match ends at a token start too (a term that ends in a
 * word character needs a non-word character after it), so an owner that
 * skips past its match, as a regex scan does, resumes at a place this
 * walk visits. */
static inline __attribute__((always_inline)) pc_status
walk(side *sd, int two, size_t len)
{
    const unsigned char *s = sd[0].s, *t = two ? sd[1].s : NULL;
    size_t pos = past_space_nul(s, 0), tl = 0;
    uint32_t h[2] = {0, 0};
    pc_status st = PC_OK;
    /* The tables read once, not again at each token (an emit's writes
     * might, for all the compiler knows, change them). */
    const bucket *tab0 = sd[0].ts->table, *tab1 = two ? sd[1].ts->table : NULL;
    size_t mask0 = sd[0].ts->table_size - 1,
           mask1 = two ? sd[1].ts->table_size - 1 : 0;

    if (pos < len) {
        tl = read_token(s, t, len, pos, h);
    }
    while (st == PC_OK && pos < len) {
        const bucket *b;
        uint32_t h1[2] = {0, 0};
        size_t at = past_space_nul(s, pos + tl), tl1 = 0;
        unsigned gap = at > pos + tl;
        if (at < len) {
            tl1 = read_token(s, t, len, at, h1);
        }
        /* About half a post's tokens start no term, and most of the
         * rest no term with the token after: no call for them. */
        b = lookup_in(tab0, mask0, h[0]);
        st = b && may_start(sd[0].ts, h[0], gap, at < len, h1[0])
                 ? match_place(&sd[0], b, len, pos, tl)
                 : PC_OK;
        b = two && st == PC_OK ? lookup_in(tab1, mask1, h[1]) : NULL;
        st = b && may_start(sd[1].ts, h[1], gap, at < len, h1[1])
                 ? match_place(&sd[1], b, len, pos, tl)
                 : st;
        pos = at;
        tl = tl1;
        h[0] = h1[0];
        h[1] = h1[1];
    }
    return st;
}

/* 1 if ts has terms to scan for. */
static int usable(const pc__termset *ts)
{
    return ts && ts->n && ts->table;
}

pc_status pc__termset_scan_alike(const pc__termscan *v, int n, size_t len)
{
    side sd[2];
    side_mem mem[2];
    int k = 0;
    pc_status st = PC_OK;

    /* The usable sets, in order. */
    for (int i = 0; i < n && i < 2; i++) {
        if (usable(v[i].ts)) {
            sd[k].ts = v[i].ts;
            sd[k].s = (const unsigned char *)v[i].s;
            sd[k].emit = v[i].emit;
            sd[k].arg = v[i].arg;
            sd[k].next = sd[k].best = NULL;
            sd[k].touched = NULL;
            k++;
        }
    }
    for (int i = 0; i < k; i++) {
        pc_status o = side_open(&sd[i], &mem[i]);
        st = st == PC_OK ? o : st;
    }
    if (st == PC_OK && k) {
        st = k == 2 ? walk(sd, 1, len) : walk(sd, 0, len);
    }
    for (int i = 0; i < k; i++) {
        side_close(&sd[i], &mem[i]);
    }
    return st;
}

/* The scan of one set, which skips ahead past each match; the one-pass
 * scan above must give each owner exactly this (tests/test_match_seen.c
 * compares the two). */
pc_status pc__termset_scan(const pc__termset *ts, const char *str,
                           size_t len,
                           pc_status (*emit)(void *arg, size_t start,
                                             size_t end),
                           void *arg)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t pos = 0;
    int prev_word = 0;

    if (!usable(ts)) {
        return PC_OK;
    }
    while (pos < len) {
        size_t cl, best = 0;
        uint32_t h[2];
        int word;
        size_t tl = pc__term_token(s, NULL, len, pos, h, &word);
        const bucket *b = NULL;
        if (!pc__term_space(s[pos]) && !(word && prev_word)) {
            b = lookup(ts, h[0]);
        }
        for (uint32_t i = 0; b && i < b->count; i++) {
            const term *t = &ts->terms[b->first + i];
            size_t end = match_at(t, ts->chars.s, s, len, pos, tl);
            best = end > best ? end : best;
        }
        if (best) {
            pc_status st = emit(arg, pos, best);
            if (st != PC_OK) {
                return st;
            }
            /* Go on after the match, as a regex scan does. */
            prev_word = 0;
            for (size_t k = pos; k < best; k += cl) {
                prev_word = pc_text_word_at(str, best, k, &cl);
            }
            pos = best;
            continue;
        }
        prev_word = word;
        pos += tl;
    }
    return PC_OK;
}
