/* termset.c: plain terms matched in one pass (see termset.h). The table
 * is an open-addressing hash from a first token to the list of terms that
 * start with it; a term list lives in one array, the terms of a bucket
 * side by side, sorted by first token within it. The terms' texts live in
 * one buffer (chars), each NUL-terminated, so a term costs no allocation
 * of its own and a set is copied into another in one piece. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "postcheck/text.h"
#include "termset.h"

typedef struct term {
    uint32_t text;              /* offset of its text in chars */
    size_t len;
    size_t first_len;           /* length of the first token */
    uint32_t hash;              /* hash of the first token */
    uint32_t owner;             /* whose term (pc__termset_add_owned) */
    unsigned char end_word;     /* it ends with a word character */
    unsigned char same_first;   /* once finished: its first token is the
                                   one of the term before it */
    unsigned char gap;          /* white space follows the first token */
    unsigned char next;         /* the first other byte after it, or 0
                                   when the term is its first token */
    uint32_t skip;              /* once finished: the first term after it
                                   with another first token, gap or
                                   next byte (the scan passes over the
                                   terms between when this one's gap or
                                   next byte is not the text's) */
} term;

typedef struct bucket {
    uint32_t hash;
    uint32_t first;             /* index of the first term with this hash */
    uint32_t count;             /* 0: empty slot */
} bucket;

struct pc__termset {
    term *terms;
    size_t n;
    size_t cap;
    pc__sbuf chars;             /* the terms' texts, each NUL-terminated */
    bucket *table;
    size_t table_size;          /* a power of two */
    uint32_t n_owners;          /* 1 + the largest owner */
    uint32_t max_bucket;        /* the most terms sharing a first token */
};

/* 1 if the character at s[0] (n bytes available) is a word character
 * (text.h's one definition); *clen gets its length. */
static int word_char(const unsigned char *s, size_t n, size_t *clen)
{
    return pc_text_word_at((const char *)s, n, 0, clen);
}

/* Classes of the ASCII bytes, for the token walk, which asks of every
 * byte of a view: a word character (pc_text_word_at's answer: letters,
 * digits, '_') or white space (is_space's). A look-up, where the
 * comparisons cost several instructions a byte; bytes from 0x80 go to
 * text.h. */
enum { C_WORD = 1, C_SPACE = 2 };
static const unsigned char ascii_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0,  /* \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* ' ' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  /* 0-9 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,  /* P-Z, '_' */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,  /* p-z */
};

static int is_space(unsigned char c)
{
    return c < 0x80 && (ascii_class[c] & C_SPACE);
}

/* Length of the token at s (n > 0 bytes): a run of word characters
 * (*word 1), or one other character (*word 0). */
static size_t token_len(const unsigned char *s, size_t n, int *word)
{
    size_t i = 0, cl = 1;

    while (i < n) {
        if (s[i] < 0x80) {
            if (!(ascii_class[s[i]] & C_WORD)) {
                cl = 1;
                break;
            }
            i++;
        } else if (pc_text_word_at_multibyte((const char *)s, n, i, &cl)) {
            i += cl;
        } else {
            break;
        }
    }
    *word = i > 0;
    return i > 0 ? i : cl;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    }
    return h;
}

pc__termset *pc__termset_new(void)
{
    return calloc(1, sizeof(pc__termset));
}

void pc__termset_free(pc__termset *ts)
{
    if (!ts) {
        return;
    }
    pc__sbuf_free(&ts->chars);
    free(ts->terms);
    free(ts->table);
    free(ts);
}

size_t pc__termset_count(const pc__termset *ts)
{
    return ts ? ts->n : 0;
}

pc_status pc__termset_add(pc__termset *ts, const char *text)
{
    return pc__termset_add_owned(ts, text, 0);
}

/* Room for one more term; NULL when out of memory. */
static term *new_term(pc__termset *ts)
{
    term *v = pc__grow(ts->terms, ts->n, &ts->cap, sizeof *v, 16);

    if (!v) {
        return NULL;
    }
    ts->terms = v;
    return &v[ts->n];
}

pc_status pc__termset_add_owned(pc__termset *ts, const char *text,
                                uint32_t owner)
{
    size_t len = strlen(text), first_len, k, cl;
    term *t = new_term(ts);
    int word;

    if (!t || len > UINT32_MAX || ts->chars.n > UINT32_MAX - len - 1) {
        return PC_ERR_NOMEM;
    }
    t->text = (uint32_t)ts->chars.n;
    pc__sbuf_add(&ts->chars, text, len);
    if (ts->chars.bad) {
        return PC_ERR_NOMEM;
    }
    ts->chars.n++; /* past the NUL pc__sbuf_add wrote: the term's own */
    t->len = len;
    first_len = token_len((const unsigned char *)text, len, &word);
    t->first_len = first_len;
    t->hash = hash_bytes(text, first_len);
    t->owner = owner;
    k = pc_utf8_char_start(text, len - 1);
    t->end_word = (unsigned char)word_char((const unsigned char *)text + k,
                                           len - k, &cl);
    t->same_first = 0;
    k = first_len;
    t->gap = (unsigned char)(k < len && is_space((unsigned char)text[k]));
    while (k < len && is_space((unsigned char)text[k])) {
        k++;
    }
    t->next = k < len ? (unsigned char)text[k] : 0;
    ts->n_owners = owner >= ts->n_owners ? owner + 1 : ts->n_owners;
    ts->n++;
    return PC_OK;
}

/* The terms of from are copied as they are, texts and all (one copy of
 * from's texts), only their owner set: nothing is read or hashed again. */
pc_status pc__termset_add_set(pc__termset *ts, const pc__termset *from,
                              uint32_t owner)
{
    size_t base = ts->chars.n;

    if (!from || from->n == 0) {
        return PC_OK;
    }
    if (from->chars.n > UINT32_MAX - base) {
        return PC_ERR_NOMEM;
    }
    pc__sbuf_add(&ts->chars, from->chars.s, from->chars.n);
    if (ts->chars.bad) {
        return PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < from->n; i++) {
        term *t = new_term(ts);
        if (!t) {
            return PC_ERR_NOMEM;
        }
        *t = from->terms[i];
        t->text += (uint32_t)base;
        t->owner = owner;
        t->same_first = 0;
        ts->n++;
    }
    ts->n_owners = owner >= ts->n_owners ? owner + 1 : ts->n_owners;
    return PC_OK;
}

/* Within a bucket (one first token's hash): by first token, then text,
 * then owner, so that the terms with one first token stand together
 * (the order within a bucket changes no match: the longest wins). */
static int term_cmp(const term *x, const term *y, const char *chars)
{
    const char *a = chars + x->text, *b = chars + y->text;
    int c;

    if (x->first_len != y->first_len) {
        return x->first_len < y->first_len ? -1 : 1;
    }
    c = memcmp(a, b, x->first_len);
    c = c ? c : strcmp(a, b);
    return c ? c : (x->owner > y->owner) - (x->owner < y->owner);
}

/* Sorts v[0..m) by term_cmp, stably, with tmp[0..m) as scratch: insertion
 * for a few terms (most buckets hold one to three), else merging. */
static void sort_terms(term *v, term *tmp, size_t m, const char *chars)
{
    size_t h = m / 2, i = 0, j = h, k = 0;

    if (m <= 8) {
        for (size_t a = 1; a < m; a++) {
            term t = v[a];
            size_t b = a;
            for (; b > 0 && term_cmp(&v[b - 1], &t, chars) > 0; b--) {
                v[b] = v[b - 1];
            }
            v[b] = t;
        }
        return;
    }
    sort_terms(v, tmp, h, chars);
    sort_terms(v + h, tmp + h, m - h, chars);
    while (i < h && j < m) {
        tmp[k++] = term_cmp(&v[j], &v[i], chars) < 0 ? v[j++] : v[i++];
    }
    memcpy(tmp + k, v + i, (h - i) * sizeof *v);
    memcpy(tmp + k + (h - i), v + j, (m - j) * sizeof *v);
    memcpy(v, tmp, m * sizeof *v);
}

/* 1 if terms a and b start with the same token. */
static int same_first(const term *a, const term *b, const char *chars)
{
    return a->hash == b->hash && a->first_len == b->first_len &&
           memcmp(chars + a->text, chars + b->text, a->first_len) == 0;
}

/* Sets each term's skip (see term), from the last term back. */
static void set_skips(pc__termset *ts)
{
    for (size_t i = ts->n; i-- > 0;) {
        term *t = &ts->terms[i];
        const term *u = i + 1 < ts->n ? &ts->terms[i + 1] : NULL;
        t->skip = (uint32_t)(i + 1);
        if (u && u->same_first && u->next == t->next && u->gap == t->gap) {
            t->skip = u->skip;
        }
    }
}

/* The bucket of hash h in ts's table, or the empty slot where it goes. */
static bucket *slot_of(const pc__termset *ts, uint32_t h)
{
    size_t slot = h & (ts->table_size - 1);

    while (ts->table[slot].count && ts->table[slot].hash != h) {
        slot = (slot + 1) & (ts->table_size - 1);
    }
    return &ts->table[slot];
}

/* The terms are grouped by bucket without comparing them: counted into
 * the table, each bucket given its range (in the table's order), placed
 * there in the order they came, then each bucket sorted (a few terms). */
pc_status pc__termset_finish(pc__termset *ts)
{
    size_t size = 16, at = 0;
    term *v;

    while (size < ts->n * 2) {
        size *= 2;
    }
    free(ts->table);
    ts->table = calloc(size, sizeof *ts->table);
    v = malloc((ts->n ? ts->n : 1) * sizeof *v);
    if (!ts->table || !v) {
        free(v);
        return PC_ERR_NOMEM;
    }
    ts->table_size = size;
    for (size_t i = 0; i < ts->n; i++) {
        bucket *b = slot_of(ts, ts->terms[i].hash);
        b->hash = ts->terms[i].hash;
        b->count++;
    }
    for (size_t s = 0; s < size; s++) {
        ts->table[s].first = (uint32_t)at;
        at += ts->table[s].count;
        if (ts->table[s].count > ts->max_bucket) {
            ts->max_bucket = ts->table[s].count;
        }
    }
    /* Each bucket's first moves on as its terms are placed, ... */
    for (size_t i = 0; i < ts->n; i++) {
        v[slot_of(ts, ts->terms[i].hash)->first++] = ts->terms[i];
    }
    /* ... and is set back, its range sorted with the old array as
     * scratch. */
    for (size_t s = 0; s < size; s++) {
        bucket *b = &ts->table[s];
        b->first -= b->count;
        if (b->count > 1) {
            sort_terms(v + b->first, ts->terms, b->count, ts->chars.s);
        }
    }
    free(ts->terms);
    ts->terms = v;
    ts->cap = ts->n;
    for (size_t i = 0; i < ts->n; i++) {
        ts->terms[i].same_first = (unsigned char)(
            i > 0 && same_first(&ts->terms[i - 1], &ts->terms[i],
                                ts->chars.s));
    }
    set_skips(ts);
    return PC_OK;
}

/* If term t, whose first token is s[pos..i) (the token there), matches
 * s at pos, returns the end of the match, else 0. */
static size_t match_rest(const term *t, const char *chars,
                         const unsigned char *s, size_t len, size_t i)
{
    const unsigned char *p = (const unsigned char *)chars + t->text;
    size_t k = t->first_len, cl;

    while (k < t->len) {
        if (is_space(p[k])) {
            if (i >= len || !is_space(s[i])) {
                return 0;
            }
            while (k < t->len && is_space(p[k])) {
                k++;
            }
            while (i < len && is_space(s[i])) {
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
    if (t->end_word && i < len && word_char(s + i, len - i, &cl)) {
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
    return match_rest(t, chars, s, len, pos + tl);
}

static const bucket *lookup(const pc__termset *ts, uint32_t h)
{
    size_t slot = h & (ts->table_size - 1);

    while (ts->table[slot].count) {
        if (ts->table[slot].hash == h) {
            return &ts->table[slot];
        }
        slot = (slot + 1) & (ts->table_size - 1);
    }
    return NULL;
}

/* The state of one scan: per owner, where its next match may start and
 * its longest match at the current place. */
typedef struct scan_state {
    size_t *next;
    size_t *best;
    uint32_t *touched;          /* owners with a match at this place */
} scan_state;

/* What follows the token that ends at i of s[0..len): whether white
 * space (*gap), and the first other byte, or 256 at the end. A term can
 * go on matching there only if its gap and next byte are these
 * (match_rest's first steps). */
static int after_token(const unsigned char *s, size_t len, size_t i,
                       int *gap)
{
    *gap = i < len && is_space(s[i]);
    while (i < len && is_space(s[i])) {
        i++;
    }
    return i < len ? s[i] : 256;
}

/* Looks up the terms whose first token is the one at pos (tl bytes) and
 * emits, for each owner free to match there, its longest match. */
static pc_status match_place(const pc__termset *ts, scan_state *ss,
                             const unsigned char *s, size_t len, size_t pos,
                             size_t tl, pc__termset_emit emit, void *arg)
{
    const bucket *b = lookup(ts, hash_bytes((const char *)s + pos, tl));
    uint32_t nt = 0;
    int first = 0, gap, next = b ? after_token(s, len, pos + tl, &gap) : 0;

    for (uint32_t i = b ? b->first : 0, stop = b ? i + b->count : 0;
         i < stop; i++) {
        const term *t = &ts->terms[i];
        size_t end;
        if (t->first_len != tl) {
            continue;
        }
        /* The first token is compared once for the terms that share it
         * (a term of the same first_len before t was compared too). */
        if (!t->same_first) {
            first = memcmp(s + pos, ts->chars.s + t->text, tl) == 0;
        }
        if (first && t->next && (t->next != next || t->gap != gap)) {
            /* Nor do the terms after it with its gap and next byte:
             * they are sorted together (skip stays in the bucket, whose
             * terms share a first token's hash). */
            i = t->skip - 1;
            continue;
        }
        if (!first || pos < ss->next[t->owner]) {
            continue;
        }
        end = match_rest(t, ts->chars.s, s, len, pos + tl);
        if (end > ss->best[t->owner]) {
            if (ss->best[t->owner] == 0) {
                ss->touched[nt++] = t->owner;
            }
            ss->best[t->owner] = end;
        }
    }
    for (uint32_t k = 0; k < nt; k++) {
        uint32_t o = ss->touched[k];
        pc_status st = emit(arg, o, pos, ss->best[o]);
        /* Go on after the match, as a regex scan does. */
        ss->next[o] = ss->best[o];
        ss->best[o] = 0;
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

/* Every place a term may start is a token start: the scan walks them all
 * once, whatever the number of owners. A match ends at a token start too
 * (a term that ends in a word character needs a non-word character after
 * it), so an owner that skips past its match, as a regex scan does,
 * resumes at a place this walk visits. */
pc_status pc__termset_scan_owned(const pc__termset *ts, const char *str,
                                 size_t len, pc__termset_emit emit,
                                 void *arg)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t pos = 0, next[STACK_OWNERS], best[STACK_OWNERS];
    uint32_t touched[STACK_OWNERS];
    int prev_word = 0, on_stack;
    pc_status st = PC_OK;
    scan_state ss = {next, best, touched};

    if (!ts || !ts->n || !ts->table) {
        return PC_OK;
    }
    on_stack = ts->n_owners <= STACK_OWNERS &&
               ts->max_bucket <= STACK_OWNERS;
    if (on_stack) {
        memset(next, 0, ts->n_owners * sizeof *next);
        memset(best, 0, ts->n_owners * sizeof *best);
    } else {
        ss.next = calloc(ts->n_owners, sizeof *ss.next);
        ss.best = calloc(ts->n_owners, sizeof *ss.best);
        ss.touched = malloc(ts->max_bucket * sizeof *ss.touched);
    }
    if (!ss.next || !ss.best || !ss.touched) {
        st = PC_ERR_NOMEM;
    }
    while (st == PC_OK && pos < len) {
        int word;
        size_t tl = token_len(s + pos, len - pos, &word);
        if (!is_space(s[pos]) && !(word && prev_word)) {
            st = match_place(ts, &ss, s, len, pos, tl, emit, arg);
        }
        prev_word = word;
        pos += tl;
    }
    if (!on_stack) {
        free(ss.next);
        free(ss.best);
        free(ss.touched);
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

    if (!ts || !ts->n || !ts->table) {
        return PC_OK;
    }
    while (pos < len) {
        size_t cl, best = 0;
        int word;
        size_t tl = token_len(s + pos, len - pos, &word);
        const bucket *b = NULL;
        if (!is_space(s[pos]) && !(word && prev_word)) {
            b = lookup(ts, hash_bytes(str + pos, tl));
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
                prev_word = word_char(s + k, best - k, &cl);
            }
            pos = best;
            continue;
        }
        prev_word = word;
        pos += tl;
    }
    return PC_OK;
}
