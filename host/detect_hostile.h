/* detect_hostile.h: what detect_hostile.c (the scan) and
 * detect_hostile_words.c (the lexicon and the word classes) share.
 * Internal to the host. */
#ifndef POSTCHECK_DETECT_HOSTILE_H
#define POSTCHECK_DETECT_HOSTILE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "detect_int.h"

enum ev_type { EV_TRAIT = 0, EV_PRED = 1, EV_ATT = 2, EV_CMD = 3 };

struct lex_entry {
    char *p;              /* words separated by one space, in text */
    size_t first;         /* length of the first word */
    int type;             /* enum ev_type */
};

struct hx_slot {
    const char *w;        /* NULL: empty; not NUL-terminated */
    size_t n;
    uint64_t head;        /* pc__hx_head of w: the look-up's first test */
    unsigned long cls;
    size_t lex_lo, lex_hi; /* the lexicon entries whose first word this
                              is: v[lex_lo, lex_hi), side by side in
                              the sorted lexicon */
};

struct pc__hostile {
    struct lex_entry *v;  /* sorted by p */
    size_t n;
    char *text;           /* one copy of the list, the phrases in it */
    struct hx_slot *slot; /* every word of every class, hashed */
    size_t nslot;         /* a power of two */
};

/* The word classes as bits of a token's cls. */
enum {
    PC__HX_second_person = 1ul << 0,
    PC__HX_second_clitic = 1ul << 1,
    PC__HX_titles = 1ul << 2,
    PC__HX_cap_titles = 1ul << 3,
    PC__HX_determiners = 1ul << 4,
    PC__HX_role_adj = 1ul << 5,
    PC__HX_leaders = 1ul << 6,
    PC__HX_roles = 1ul << 7,
    PC__HX_collectives = 1ul << 8,
    PC__HX_det_collectives = 1ul << 9,
    PC__HX_protected_groups = 1ul << 10,
    PC__HX_protected_adj = 1ul << 11,
    PC__HX_people_nouns = 1ul << 12,
    PC__HX_things = 1ul << 13,
    PC__HX_fillers = 1ul << 14,
    PC__HX_linkers = 1ul << 15,
    PC__HX_att_fillers = 1ul << 16,
    PC__HX_attr_fillers = 1ul << 17,
    PC__HX_negators = 1ul << 18,
    PC__HX_cues = 1ul << 19,
    PC__HX_lex = 1ul << 20 /* the first word of a lexicon phrase */
};

/* The first min(n, 8) bytes of w[0, n) as one word (in memory order),
 * its other bytes 0: a slot's word and a token's are the same when
 * these, their lengths and their bytes past the eighth are. Reads 8
 * bytes of w whatever n is. The bytes kept are picked by a mask of a
 * table, with no branch and no shift by the length (a token's length
 * is as often under 8 as not). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define PC__HX_KEEP(n) (~(~(uint64_t)0 >> (8 * (n))))
#else
#define PC__HX_KEEP(n) ((((uint64_t)1 << (8 * (n))) - 1))
#endif
static const uint64_t pc__hx_keep[9] = {
    0, PC__HX_KEEP(1), PC__HX_KEEP(2), PC__HX_KEEP(3), PC__HX_KEEP(4),
    PC__HX_KEEP(5), PC__HX_KEEP(6), PC__HX_KEEP(7), ~(uint64_t)0,
};
#undef PC__HX_KEEP

static inline uint64_t pc__hx_head(const char *w, size_t n)
{
    uint64_t x;

    memcpy(&x, w, 8);
    return x & pc__hx_keep[n < 8 ? n : 8];
}

/* The hash the slots are placed by, of a word of n bytes whose
 * pc__hx_head is head: its first 8 bytes and its length only (words
 * alike in both share a chain; the look-up tells them apart), so a
 * reader that has the head needs no pass over the bytes for it. The
 * bits above the 32nd of a multiply by 2^64 / phi, where every byte of
 * head counts. */
static inline unsigned long pc__hx_hash(uint64_t head, size_t n)
{
    return (unsigned long)(((head + n) * 0x9E3779B97F4A7C15ull) >> 32);
}

/* The slot of word w[0, n) (its classes, its lexicon entries), or NULL
 * when it is in none: one hash look-up. */
const struct hx_slot *pc__hx_lookup(const struct pc__hostile *h,
                                    const char *w, size_t n);

/* pc__hx_lookup with the word's hash (pc__hx_hash) already known, as
 * the token readers give it. */
const struct hx_slot *pc__hx_lookup_hashed(const struct pc__hostile *h,
                                           const char *w, size_t n,
                                           unsigned long hash);

/* The word classes (NULL-terminated); see detect_hostile_words.c. */
extern const char *const pc__hx_second_person[];
extern const char *const pc__hx_second_clitic[];
extern const char *const pc__hx_titles[];
extern const char *const pc__hx_cap_titles[];
extern const char *const pc__hx_determiners[];
extern const char *const pc__hx_role_adj[];
extern const char *const pc__hx_leaders[];
extern const char *const pc__hx_roles[];
extern const char *const pc__hx_collectives[];
extern const char *const pc__hx_det_collectives[];
extern const char *const pc__hx_protected_groups[];
extern const char *const pc__hx_protected_adj[];
extern const char *const pc__hx_people_nouns[];
extern const char *const pc__hx_things[];
extern const char *const pc__hx_fillers[];
extern const char *const pc__hx_linkers[];
extern const char *const pc__hx_att_fillers[];
extern const char *const pc__hx_attr_fillers[];
extern const char *const pc__hx_negators[];
extern const char *const pc__hx_cues[];

/* ---- one sentence, tokens and targets (detect_hostile_sent.c) ---- */

/* Whether token tk is in word class `list` (detect_hostile_words.c). */
#define IN(tk, list) (((tk).cls & PC__HX_##list) != 0)

#define MAX_TOK 96    /* tokens of one sentence looked at together */
#define WORD_CAP 24   /* a token's folded copy */

/* Target classes (bits). */
#define T_PERSON 1u   /* harassment: you, a handle, a named person */
#define T_GROUP 2u    /* disparaging: roles, collectives, organisation */
#define T_POSS 4u     /* "your X": needs a linking word */
#define T_CLITIC 8u   /* "you're": the copula is in the target */
#define T_2P 16u      /* second person */


struct tok {
    size_t s, e;          /* bytes in the buffer */
    char w[WORD_CAP];     /* ASCII lower case, "’" as "'" */
    unsigned char n;      /* strlen(w) */
    unsigned char cap;    /* starts with a capital */
    unsigned char quoted; /* inside quote marks */
    unsigned char pb;     /* punctuation (not only space) before it */
    unsigned char acr;    /* an acronym: 2 to 6 capitals ("ALT") */
    unsigned long cls;    /* its word classes (PC__HX_* bits) */
    size_t lex_lo, lex_hi; /* the lexicon entries it may begin (its
                              slot's), when IN(tok, lex) */
    uint64_t head;        /* pc__hx_head of w[0, n) */
    unsigned long hash;   /* pc__hx_hash of w[0, n) */
};

struct sent {
    struct tok t[MAX_TOK];
    size_t n;
    unsigned char lexi[MAX_TOK];  /* its tokens that may begin a lexicon
                                     phrase (IN(t, lex)), ascending: with
                                     none, no evaluation is in it */
    size_t n_lex;
    unsigned char tend[MAX_TOK];  /* 1 + start of a target ending here */
    unsigned char tbeg[MAX_TOK];  /* 1 + end of a target starting here */
    unsigned tcls[MAX_TOK];       /* its class, at both ends */
    unsigned tcls_b[MAX_TOK];
    unsigned char lex_n[MAX_TOK]; /* tokens of the longest lexicon phrase
                                     starting here (0: none), and its */
    unsigned char lex_type[MAX_TOK]; /* type (where lex_n is not 0):
                                        looked up once a sentence */
};

/* pc__hx_lookup_hashed(h, t->w, t->n, t->hash), inline, as the scan
 * asks it of every token, given h's slot table and h->nslot - 1: each
 * slot it passes is told apart by its head (t->head) and length, with no
 * call (a word of 8 bytes or fewer, most of them, is then found or not
 * without memcmp). tests/test_detect_hostile.c holds the two to the same
 * slots. */
static inline const struct hx_slot *pc__hx_find(const struct hx_slot *slot,
                                                size_t mask, uint64_t head,
                                                size_t n, unsigned long hash,
                                                const char *w)
{
    if (n == 0)
        return NULL;
    for (size_t k = (size_t)hash & mask; slot[k].w; k = (k + 1) & mask) {
        const struct hx_slot *x = &slot[k];
        if (x->head == head && x->n == n &&
            (n <= 8 || memcmp(x->w + 8, w + 8, n - 8u) == 0))
            return x;
    }
    return NULL;
}

/* pc__hx_find in h's table. */
static inline const struct hx_slot *pc__hx_lookup_tok(
    const struct pc__hostile *h, const struct tok *t)
{
    return h->nslot ? pc__hx_find(h->slot, h->nslot - 1, t->head, t->n,
                                  t->hash, t->w)
                    : NULL;
}

/* The third byte of a General Punctuation character (E2 80 xx) at s[i],
 * or 0. Inline, as the next two: the scan asks them of most bytes. */
static inline unsigned pc__hx_gpunct(const char *s, size_t len, size_t i)
{
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 &&
        (unsigned char)s[i + 1] == 0x80)
        return (unsigned char)s[i + 2];
    return 0;
}

/* pc__hx_word_byte for a byte beyond ASCII (detect_hostile_sent.c). */
int pc__hx_word_byte_multi(const char *s, size_t i);

/* 1 if the byte at s[i] belongs to a word character (text.h's one
 * definition: letters, numbers, marks, '_'); ASCII answered inline. */
static inline int pc__hx_word_byte(const char *s, size_t i)
{
    size_t cl;

    if ((unsigned char)s[i] >= 0x80)
        return pc__hx_word_byte_multi(s, i);
    return pc_text_word_at(s, i + 1, i, &cl);
}

/* The width of an apostrophe (' or U+2019) at s[i], or 0. */
static inline size_t pc__hx_apos(const char *s, size_t len, size_t i)
{
    if (s[i] == '\'')
        return 1;
    return pc__hx_gpunct(s, len, i) == 0x99 ? 3 : 0;
}

/* Reads the token at *i (a word, or an @handle) into t, its hash
 * included; advances *i. */
void pc__hx_read_tok(const char *s, size_t len, size_t *i, struct tok *t);

/* The token reader's byte classes (pc__hx_byte, detect_hostile_sent.c):
 * an ASCII letter, digit or '_' is WORD, its folded form (lower case) in
 * the low byte, UPPER too if a capital; '\'', '-' and every byte beyond
 * ASCII are ASK (a word may go on past them: pc__hx_read_tok decides);
 * the rest are 0 (a word ends before them). */
#define PC__HX_B_WORD 0x100u
#define PC__HX_B_UPPER 0x200u
#define PC__HX_B_ASK 0x400u
extern const unsigned short pc__hx_byte[256];

/* A window of the text for the scan (detect_hostile.c): the PC__HX_WIN
 * bytes from `at` (zeros past the text's end), their ASCII capitals
 * lowered, and as bit masks (bit k: the byte at + k) which are word
 * bytes (ASCII letters, digits, '_': PC__HX_B_WORD), which capitals,
 * and `ev`, the places where the scan has something to read: every byte
 * in the text but a space and a word byte after a word byte (the first
 * byte of the window counts as after none). All made 16 bytes at a
 * time (pc__hx_win_fill, detect_hostile_sent.c). The next place to read
 * is found with one count of bits, past any spaces, a token's end with
 * another, and its key is one load of its lowered bytes, where the scan
 * took each byte through a table. low has WORD_CAP bytes of room past
 * the window (zeros), so that a token's copy is one fixed-size move. */
#define PC__HX_WIN 64

struct pc__hx_win {
    size_t at;
    uint64_t word, upper, ev;
    unsigned char low[PC__HX_WIN + WORD_CAP];
};

/* Opens the window of s[0, len) at `at` (at < len). */
void pc__hx_win_fill(struct pc__hx_win *w, const char *s, size_t len,
                     size_t at);

/* pc__hx_read_tok at *i, a word byte (PC__HX_B_WORD) in window wn of
 * s[0, len) whose run of word bytes ends in it: the same token, read
 * from the window when it is a run of at most WORD_CAP - 1 ASCII
 * letters, digits and '_' ending before a byte of class 0 of
 * pc__hx_byte or the text's end (most tokens of most posts). Any other
 * token (a byte beyond ASCII, an apostrophe or a hyphen after the run,
 * a long word) is read by pc__hx_read_tok. tests/test_detect_hostile.c
 * holds the two to the same tokens on texts made at random.
 *
 * pc__hx_tok_win is its first half, on the window's masks as the scan
 * keeps them (in locals, word and upper; low its bytes; the token at
 * p0, off bytes into it): it reads a token of the window's kind into t
 * and returns where it ends (after p0), or returns 0, t untouched, when
 * pc__hx_read_tok must read it. */
static inline size_t pc__hx_tok_win(const unsigned char *low, uint64_t word,
                                    uint64_t upper, size_t off, size_t p0,
                                    struct tok *t)
{
    const unsigned k = (unsigned)__builtin_ctzll(~(word >> off));
    const size_t p = p0 + k;
    const uint64_t up = upper >> off;

    /* The byte after the run is in the window (low[off + k]: 0 past the
     * text's end), as lowered only if a capital, which no ASK byte is. */
    if (k >= WORD_CAP || (pc__hx_byte[low[off + k]] & PC__HX_B_ASK))
        return 0;
    memcpy(t->w, low + off, WORD_CAP);
    t->w[k] = '\0';
    t->n = (unsigned char)k;
    t->head = pc__hx_head(t->w, k);
    t->hash = pc__hx_hash(t->head, k);
    t->s = p0;
    t->e = p;
    t->cap = (unsigned char)(up & 1);
    t->acr = (unsigned char)((up & 1) && k >= 2 && k <= 6 &&
                             (~up & (((uint64_t)1 << k) - 1)) == 0);
    return p;
}

static inline void pc__hx_read_tok_win(const struct pc__hx_win *wn,
                                       const char *s, size_t len,
                                       size_t *i, struct tok *t)
{
    size_t p = pc__hx_tok_win(wn->low, wn->word, wn->upper, *i - wn->at,
                              *i, t);

    if (p)
        *i = p;
    else
        pc__hx_read_tok(s, len, i, t);
}

/* 1 if word w ends in "'s". */
int pc__hx_ends_s(const char *w);

/* Marks every target of the sentence at both its ends (tbeg, tend and
 * their classes). */
void pc__hx_mark_targets(struct sent *st);

#endif
