/* termset.c: plain terms (see termset.h), gathered and indexed; the
 * scans are termset_scan.c's. The table is an open-addressing hash from
 * a first token to the list of terms that start with it; a term list
 * lives in one array, the terms of a bucket side by side, sorted by
 * first token within it. The terms' texts live in one buffer (chars),
 * each NUL-terminated, so a term costs no allocation of its own and a
 * set is copied into another in one piece. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "termset_int.h"

typedef pc__term term;
typedef pc__term_bucket bucket;

/* 0-9, A-Z, a-z and '_' are word characters (pc_text_word_at's answer);
 * \t \n \v \f \r and ' ' white space; every byte from 0x80 starts or
 * continues a character beyond ASCII. */
#define MULTI16 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
const unsigned char pc__term_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0,  /* \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* ' ' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  /* 0-9 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,  /* P-Z, '_' */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,  /* p-z */
    MULTI16, MULTI16, MULTI16, MULTI16, MULTI16, MULTI16, MULTI16, MULTI16,
};
#undef MULTI16

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
    free(ts->pairs);
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
    uint32_t h[2];
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
    first_len = pc__term_token((const unsigned char *)text, NULL, len, 0,
                               h, &word);
    t->first_len = first_len;
    t->hash = h[0];
    t->owner = owner;
    k = pc_utf8_char_start(text, len - 1);
    t->end_word = (unsigned char)pc_text_word_at(text, len, k, &cl);
    t->same_first = 0;
    k = first_len;
    t->gap = (unsigned char)(k < len && pc__term_space((unsigned char)text[k]));
    while (k < len && pc__term_space((unsigned char)text[k])) {
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

/* Within a bucket (one first token's hash): by first token, then what
 * follows it (pc__term_after), then text, then owner, so that the terms
 * with one first token stand together, those it ends first, then by the
 * byte that comes next (the order within a bucket changes no match: the
 * longest wins). */
static int term_cmp(const term *x, const term *y, const char *chars)
{
    const char *a = chars + x->text, *b = chars + y->text;
    unsigned p = pc__term_after(x->gap, x->next);
    unsigned q = pc__term_after(y->gap, y->next);
    int c;

    if (x->first_len != y->first_len) {
        return x->first_len < y->first_len ? -1 : 1;
    }
    c = memcmp(a, b, x->first_len);
    c = c ? c : (p > q) - (p < q);
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

/* Sets each term's run_end (see term), from the last term back. */
static void set_runs(pc__termset *ts)
{
    for (size_t i = ts->n; i-- > 0;) {
        term *t = &ts->terms[i];
        const term *u = i + 1 < ts->n ? &ts->terms[i + 1] : NULL;
        t->run_end = u && u->same_first ? u->run_end : (uint32_t)(i + 1);
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

/* Fills ts's filter of first two tokens (pairs): about eight bits a
 * term. Out of memory, no filter (every place whose first token starts
 * a term is looked at). */
static void fill_pairs(pc__termset *ts)
{
    size_t bits = 64;
    unsigned shift = 26;

    while (bits < 8 * ts->n && shift > 8) {
        bits *= 2;
        shift--;
    }
    free(ts->pairs);
    ts->pairs = calloc(bits / 64, sizeof *ts->pairs);
    ts->pair_shift = shift;
    for (size_t i = 0; ts->pairs && i < ts->n; i++) {
        const term *t = &ts->terms[i];
        const unsigned char *p = (const unsigned char *)ts->chars.s + t->text;
        size_t k = t->first_len;
        uint32_t h[2] = {0, 0}, key;
        int word;
        while (k < t->len && pc__term_space(p[k])) {
            k++;
        }
        if (k < t->len) {
            (void)pc__term_token(p, NULL, t->len, k, h, &word);
        }
        key = pc__term_pair(t->hash, k < t->len ? t->gap : PC__TERM_ALONE,
                            h[0]) >> shift;
        ts->pairs[key >> 6] |= (uint64_t)1 << (key & 63);
    }
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
    set_runs(ts);
    fill_pairs(ts);
    return PC_OK;
}
