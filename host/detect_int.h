/* detect_int.h: declarations shared by the detector files (detect.c,
 * detect_pats.c, detect_pii.c, detect_phone.c, detect_addr.c,
 * detect_num.c, detect_people.c, detect_cred.c, detect_hostile.c,
 * detect_keys.c, detect_keyfind.c, detect_keywide.c, detect_keyshape.c,
 * detect_keyword.c, detect_need.c).
 * Internal to the host; the contract is include/postcheck/detect.h.
 *
 * Every detector works on a plain (char *, len) buffer, the PC_VIEW_CASED
 * view of a post, so it can be tested without ICU. */
#ifndef POSTCHECK_DETECT_INT_H
#define POSTCHECK_DETECT_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "postcheck/detect.h"
#include "prefilter.h"

/* Every compiled pattern, by id. The texts are in detect_pats.c. */
enum pc__pat {
    PC__P_EMAIL, PC__P_EMAIL_OBF, PC__P_EMAIL_SPOKEN, PC__P_EMAIL_CTX,
    PC__P_PHONE, PC__P_PHONE_NEG, PC__P_PHONE_POS, PC__P_ORG_CTX,
    PC__P_POSTCODE, PC__P_POSTCODE_CTX, PC__P_CODE_CTX, PC__P_VENUE_CTX, PC__P_HOME_CTX,
    PC__P_ADDRESS, PC__P_ADDRESS_LC, PC__P_ADDRESS_CI, PC__P_ADDR_LEAD,
    PC__P_STREET_NUM, PC__P_STREET_TYPE, PC__P_STREET_COMPOUND,
    PC__P_STREET_JP, PC__P_STREET_ANY, PC__P_ADDR_TAIL, PC__P_ADDR_CTX,
    PC__P_DATE, PC__P_BDAY_MD, PC__P_BORN_YEAR, PC__P_DOB_CTX, PC__P_DOB_NEG,
    PC__P_AGE, PC__P_AGE_WHO, PC__P_KIN,
    PC__P_NI, PC__P_NI_CTX,
    PC__P_CARD, PC__P_CARD_CTX,
    PC__P_SORTCODE, PC__P_ACCT8, PC__P_ACCT_LABEL, PC__P_BANK_CTX,
    PC__P_ROUTING, PC__P_ROUTING_CTX, PC__P_IBAN,
    PC__P_SSN, PC__P_SSN_LABEL, PC__P_ID_LABELLED, PC__P_UK_LICENCE,
    PC__P_NAME, PC__P_TITLE_BEFORE, PC__P_CN_STRONG_BEFORE,
    PC__P_CN_STRONG_AFTER, PC__P_CN_PARENT, PC__P_CN_PRAISE, PC__P_SCHOOL_CTX,
    PC__P_ADULT_CTX, PC__P_CN_NOT_CHILD, PC__P_CN_ORG, PC__P_LIST_SEP,
    PC__P_SEC,
    PC__P_PASSWORD, PC__P_PIN, PC__P_CRED_PAIR,
    PC__P_TOKEN_KNOWN, PC__P_TOKEN_CTX, PC__P_TOKEN_GENERIC,
    PC__P_COUNT
};

struct pc__bytebits;

/* A need (pc__pat_def.need below; detect_need.c): the first place at or
 * after `from` in s where what it looks for starts, ending before `to`,
 * or `to` if there is none. b, when not NULL, holds where s's digits and
 * capitals stand (pc__bytebits_new over s, to no further than b->len):
 * the same result, found from it. */
typedef size_t pc__need_fn(const struct pc__bytebits *b, const char *s,
                           size_t from, size_t to);

/* A pattern's text and compile options (PCRE2_UTF and PCRE2_UCP are
 * always added). */
struct pc__pat_def {
    const char *re;
    unsigned int flags;
    /* When not 0: an ASCII byte every match holds, the first of it in a
     * match at most `reach` bytes after the match's start; a search then
     * begins `reach` bytes before the first such byte, and none is run
     * without one (detect_scan.c). Only a cost: the same matches. */
    char anchor;
    unsigned char reach;
    /* When not NULL (with an anchor): 1 for the bytes that may stand in a
     * match before its first anchor, all ASCII; a search then begins
     * where the run of them before the first anchor begins, if that is
     * less than reach bytes before it. Only a cost: the same matches. */
    int (*lead)(unsigned char c);
    /* When not NULL (without an anchor): the first place at or after
     * `from` where a run of bytes every match holds (ASCII, or "丁目")
     * starts, the run ending before `to`, or `to` if there is none
     * (detect_need.c); the first such run in a match starts at most
     * `reach` bytes after the match's start. A search then begins `reach` bytes before that
     * place, and none is run without one. Only a cost: the same
     * matches. */
    pc__need_fn *need;
    /* When not 0 (a pc__key): what every match holds, a key, and what
     * may stand in a match before its key; a search then runs only at
     * the places a key allows (detect_keys.c). Only a cost: the same
     * matches. The pattern is compiled with PCRE2_USE_OFFSET_LIMIT. */
    unsigned char key;
};

/* The keys of pc__pat_def.key, and what a match may hold before its
 * key (detect_keys.c). */
enum pc__key {
    PC__KEY_NONE,
    PC__KEY_DIGIT,      /* an ASCII digit beginning a run of at most
                           four that may begin a date (what is after
                           or before it, pc__key_date_shape);
                           before it ASCII letters, apostrophes,
                           ASCII white space, '(', '.' and bytes beyond
                           ASCII, with at most two runs of letters and
                           apostrophes */
    PC__KEY_AGE,        /* the same with a run of at most two digits
                           that may be an age (detect_keyshape.c), or
                           an age in words (NUMW in detect_pats.c) at a
                           word's start */
    PC__KEY_SPOKEN_AT,  /* "at" between white space, then a word and
                           '.' or "dot" after it; before it words of an
                           address with "dot" between them */
    PC__KEY_PASSWORD,   /* the start of "pass", "pw", "log", "user",
                           "wifi", "network" or "router" after no \w;
                           before it one word and white space */
    PC__KEY_TOKEN,      /* the start of a run of 24 to 200 token bytes;
                           nothing before it */
    PC__KEY_SORTCODE    /* a run of two digits, "sort" or "s/c" after no
                           \w; nothing before it */
};

extern const struct pc__pat_def pc__pat_defs[PC__P_COUNT];

/* Where the ASCII digits and the ASCII capitals of a buffer stand, a bit
 * a byte (byte i is bit i % 64 of word i / 64), found in one pass over
 * it (detect_need.c): the needs look for their next digit or capital
 * here, 64 bytes a step, where each read the bytes on its own. */
typedef struct pc__bytebits {
    size_t len;         /* the buffer's length, which the bits cover */
    const uint64_t *digit;
    const uint64_t *capital;
    uint64_t v[];       /* the words of both */
} pc__bytebits;

/* The first set bit at or after place i of the bits v, before place to
 * (v covers it), or to: 64 places a step. Inline where a detector walks
 * a long post's capitals or digits one at a time. */
static inline size_t pc__bits_next(const uint64_t *v, size_t i, size_t to)
{
    size_t w, last;
    uint64_t x;

    if (i >= to)
        return to;
    w = i / 64;
    last = (to - 1) / 64;
    x = v[w] & (~(uint64_t)0 << (i % 64));
    while (!x) {
        if (++w > last)
            return to;
        x = v[w];
    }
    i = w * 64 + (size_t)__builtin_ctzll(x);
    return i < to ? i : to;
}

/* The bits of s[0, len): owned, free with pc__bytebits_free(); NULL when
 * out of memory. */
pc__bytebits *pc__bytebits_new(const char *s, size_t len);

/* Room for the bits of a buffer of len bytes, not filled: the pass that
 * makes the index of keys (detect_keyfind.c) fills them with
 * pc__bytebits_put as it goes, where pc__bytebits_new read the buffer
 * again. NULL when out of memory. */
pc__bytebits *pc__bytebits_alloc(size_t len);

/* Puts the bits of the n (16 or 32) bytes from place i (a multiple of
 * n): dig where the ASCII digits stand, cap the capitals (bit k: place
 * i + k; none past the buffer's end, whose last word pc__bytebits_alloc
 * zeroed). On a little-endian machine bits i to i + n of the words are
 * bytes i / 8 to (i + n) / 8: two stores. */
static inline void pc__bytebits_put(pc__bytebits *b, size_t i, size_t n,
                                    unsigned dig, unsigned cap)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy((char *)b->v + i / 8, &dig, n / 8);
    memcpy((char *)(b->v + (b->capital - b->digit)) + i / 8, &cap, n / 8);
#else
    uint64_t *d = b->v, *c = b->v + (b->capital - b->digit);
    size_t w = i / 64;
    unsigned at = (unsigned)(i % 64);
    uint64_t keep = ~((~(uint64_t)0 >> (64 - n)) << at);

    d[w] = (d[w] & keep) | (uint64_t)dig << at;
    c[w] = (c[w] & keep) | (uint64_t)cap << at;
#endif
}

/* Frees b. pc__bytebits_free(NULL) does nothing. */
void pc__bytebits_free(pc__bytebits *b);

/* The first ASCII digit (capital) at or after `from`, or `to`: needs
 * of a digit (a capital) read from b (as for those below) or, b NULL,
 * from the bytes. */
pc__need_fn pc__bytebits_next_digit, pc__bytebits_next_capital;

/* The needs of pc__pat_def.need (detect_need.c): eight and nine digits
 * in a row; a digit and two capitals; two capitals, a space or not, and
 * a digit; five capitals or nines and six digits; twelve digits with at
 * most a space or a '-' between two. */
pc__need_fn pc__need_8_digits, pc__need_9_digits, pc__need_digit_caps,
    pc__need_caps_digit, pc__need_licence, pc__need_card;
/* A digit and seven bytes of [0-9 ().-] (PC__P_PHONE). */
pc__need_fn pc__need_phone;
/* And for street addresses: a house number then a capital or an
 * ordinal (PC__P_ADDRESS), a house number then a capital or a byte
 * beyond ASCII (PC__P_STREET_NUM), and "丁目" (PC__P_STREET_JP, which
 * reads no bits). */
pc__need_fn pc__need_house, pc__need_street, pc__need_chome;
/* What every match of PC__P_EMAIL_OBF holds: "[at]", "(at)", "{at}" or
 * "[@]", a mail provider's name ("gmail", ...), or '@' after white
 * space; answered as pc__need_sec's (detect_pats_words.c). */
pc__need_fn pc__need_email_obf;
/* One of the words every match of PC__P_SEC holds, a security answer's
 * question ("first", "maiden", "born", ...): `from` if there is one in
 * s[from, to), else `to` (detect_pats_words.c; reads no bits). */
pc__need_fn pc__need_sec;

/* The compiled state of every detector (detect.c builds it; the scan
 * helpers in detect_scan.c read it). */
struct pc_detectors {
    pcre2_code *re[PC__P_COUNT];
    pcre2_match_context *mctx;
    char *name_text; /* one copy of the first-names list, the names in
                        it lower case and NUL-terminated */
    const char **name_slot; /* its names hashed (pc__name_hash), open
                               addressing; NULL: none */
    size_t name_mask;       /* slots - 1, slots a power of two */
    struct pc__hostile *hostile;
    struct pc__models *models;  /* the trained models (model_judge.c) */
    int jitted;                 /* pc_detect_jit done */
    int queried;                /* every pattern's query attached */
    uint32_t jit_id[PC__P_COUNT]; /* each pattern's id in match_jit.c's
                                     record of what checks ran */
    pc__prefilter pf[PC__P_COUNT]; /* trigrams each pattern needs */
    pc__query q[PC__P_COUNT];   /* leaves each pattern needs */
    long stored[PC__P_COUNT];   /* each query's place in the build's
                                   table (pc__precompiled_index), or -1 */
    unsigned barriers[PC__P_COUNT]; /* match.h's pc__barriers */
};

/* The kinds a scan's index of keys holds: every kind but PC__KEY_TOKEN
 * (and PC__KEY_NONE, which stays empty). */
#define PC__KEYS_INDEXED (PC__KEY_SORTCODE + 1)

/* The keys of each indexed kind in a scan's whole buffer, in order
 * (detect_keyfind.c): all zero until made. */
struct pc__keys {
    size_t *at[PC__KEYS_INDEXED];
    size_t n[PC__KEYS_INDEXED], cap[PC__KEYS_INDEXED];
    unsigned char made;
    unsigned char kinds; /* the kinds it holds, a bit (1u << kind) each */
    unsigned char bad; /* out of memory while finding them: not used */
};

/* The state of one detector run over one buffer. */
typedef struct pc__scan {
    const pc_detectors *d;
    const char *s;          /* the buffer (PC_VIEW_CASED view) */
    size_t len;
    pc_hits *out;
    pcre2_match_data *md;   /* the current match */
    pcre2_match_data *cmd;  /* context look-ups, so md is kept */
    pc_status st;           /* first failure: NOMEM or LIMIT */
    long long deadline;     /* pc_clock_ns() time to stop at; 0 = none */
    const pc__gramset *grams; /* trigrams of s, or NULL (prefilter.h) */
    /* Per pattern, where in a long s it can match (match.h), found at its
     * first pc__next: win_n[p] windows at win[p], or PC__SPAN_WHOLE. */
    struct pc__window *win[PC__P_COUNT];
    size_t win_n[PC__P_COUNT];
    unsigned char win_done[PC__P_COUNT];
    /* Per pattern, whether its trigrams and leaves are in s: 0 not yet
     * asked, 1 yes, -1 no (it cannot match). */
    signed char may[PC__P_COUNT];
    /* The keyed searches' match context (detect_keys.c), made at the
     * first; the caller frees it. */
    pcre2_match_context *kctx;
    /* Where in s the keys stand, of every kind but PC__KEY_TOKEN and
     * those of keys_unread, found in one pass at the first keyed search
     * (detect_keyfind.c); free with pc__keys_free(). Kept in the scan:
     * no allocation for a post with no key. */
    struct pc__keys keys;
    /* Where s's digits and capitals stand, for the needs: made at the
     * first need (bits_state 1; 2: out of memory, the needs read the
     * bytes); the caller frees it with pc__bytebits_free(). */
    pc__bytebits *bits;
    unsigned char bits_state;
    /* 1: no run of this scan reads the bits (pc_detect_scan_slots): the
     * pass that finds the keys does not make them. */
    unsigned char bits_unread;
    /* The kinds of key (a bit, 1u << kind, each) no run of this scan
     * searches by (pc_detect_scan_slots): the index leaves them out, and
     * a search by one reads the bytes. */
    unsigned char keys_unread;
} pc__scan;

/* pcre2_match of sc->d->re[p] over s[0, to) from `from` into md, run only
 * where pattern p's key allows a match to start: the same result, or
 * PCRE2_ERROR_NOMATCH, or an error code. */
int pc__keyed_match(pc__scan *sc, int p, size_t from, size_t to,
                    pcre2_match_data *md);

/* Frees what sc->keys holds (what pc__keyed_match found) and makes it
 * all zero again. */
void pc__keys_free(pc__scan *sc);

/* Empties sc->keys for another buffer, keeping its lists' room. */
void pc__keys_clear(pc__scan *sc);

/* plain 1: the index of keys is found sixteen bytes a step, visiting
 * every word start, even where the CPU has AVX2; 0: as the CPU allows
 * (the default). The same keys either way; for the tests
 * (detect_keywide.c). */
void pc__keys_plain(int plain);

/* 1 if the index of keys is found thirty-two bytes a step, by
 * pc__key_places32: the CPU has AVX2 and pc__keys_plain(1) was not
 * called. */
int pc__keys_wide(void);

/* Of each step k < n, s[i + 32 k, i + 32 k + 32) within s[0, len) (i a
 * multiple of 32, i + 32 (n - 1) < len), bit j of m[k] set where a key of
 * an indexed kind may begin at s[i + 32 k + j]: the first digit of a run
 * of ASCII digits, and a letter or a byte beyond ASCII after no ASCII \w
 * byte where its first two to four bytes may begin one (every key's
 * first byte is among them, and most word starts are not). *last holds
 * the top bits of the digits and the \w bytes of the 32 before (0 at the
 * start), and is updated. When dig is not NULL, the four bytes at
 * dig + 4 k get where step k's ASCII digits stand and those at cap + 4 k
 * its ASCII capitals, bit j of the little-endian word for s[i + 32 k + j]
 * (0 past len): the scan's pc__bytebits, from its byte i / 8. Only when
 * pc__keys_wide() says 1 (on x86-64, little-endian). */
void pc__key_places32(const char *s, size_t i, size_t len, unsigned *last,
                      size_t n, unsigned *m, unsigned char *dig,
                      unsigned char *cap);

/* The first key of kind (a pc__key) at or after i in sc->s[0, to), or
 * to; from the scan's index of keys, made at the first call
 * (detect_keyfind.c). A key the index holds that s[0, to) would not
 * (a word cut short at to) only widens a keyed search. */
size_t pc__find_key(pc__scan *sc, int kind, size_t i, size_t to);

/* 1 if sc->s holds a key of kind (a pc__key) anywhere: a keyed pattern
 * has no match in a buffer without one. From the scan's index of keys,
 * made at the first call if not yet made (PC__KEY_TOKEN, which it does
 * not hold, reads the buffer for that kind alone). */
int pc__has_key(pc__scan *sc, int kind);

/* 1 if s[i, to) starts with word (lower case) as PCRE2's caseless UTF
 * match reads it: ASCII letters in either case, U+017F for 's'
 * (detect_keyword.c). */
int pc__key_word_at(const char *s, size_t i, size_t to, const char *word);

/* 1 if c is PCRE2's \s among ASCII bytes: what the keyed patterns'
 * white space is, for the keys' finders (detect_keys.c, detect_keyfind.c,
 * detect_keyshape.c). */
static inline int pc__ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* 1 if the run of ASCII digits s[i, e) (after no digit, within s[0, to))
 * may be the first of a date (PC__P_DATE): one or two digits and '/',
 * '.' or '-' ("14/8"), four and one of those ("2019-05-06"); one or two,
 * "st", "nd", "rd" or "th" or not, white space and a month or "of" ("5
 * May", "1st of June"); or a month, '.' or not, and white space before
 * one or two ("May 5"). A match's first digits are such a run, whole
 * (the pattern takes no digit before them, and its runs end where the
 * digits do). A byte beyond ASCII where the look is (white space, or
 * U+017F for an 's') keeps the run a key (detect_keyshape.c). */
int pc__key_date_shape(const char *s, size_t i, size_t e, size_t to);

/* 1 if the run of one or two ASCII digits s[i, e) (after no digit,
 * within s[0, to)) may be the age of a match of PC__P_AGE, by what
 * stands next to it, white space passed over: before it the last letter
 * of "age(d)", "is", "was", "be", "are", "'s" or "turn(s|ed|ing)"
 * ("aged 7", "turns 7"); after it "st", "nd", "rd", "th" ("7th
 * birthday"), "years" ("7 years old") or ')' ("Caleb (7)"); ',', '!' or
 * ':' before and "today" or "tomorrow" after ("hooray, 7 today"); "now"
 * before and "and", '&', ',', "now" or "already" after ("are now 5 and 7
 * now"). Each alternative of the pattern with its age in figures has
 * one of those; a byte beyond ASCII where the look is (white space, or
 * U+017F for an 's') keeps the run a key (detect_keyshape.c). */
int pc__key_age_shape(const char *s, size_t i, size_t e, size_t to);

/* The first key of kind (a pc__key) at or after i in s[0, to), or to,
 * read from the bytes (the index of pc__find_key holds what this
 * finds). */
size_t pc__next_key(int kind, const char *s, size_t i, size_t to);

/* The first ASCII digit at or after i in sc->s[0, to), or to: from the
 * scan's bits of where its digits stand (made at the first call, as at
 * the first need). */
size_t pc__next_digit(pc__scan *sc, size_t i, size_t to);

/* The same for an ASCII capital. */
size_t pc__next_capital(pc__scan *sc, size_t i, size_t to);

/* pc__next_digit (pc__next_capital) inline once the scan's bits are
 * made and cover to: a detector that walks every digit or capital of a
 * long post calls them hundreds of times. */
static inline size_t pc__next_digit_fast(pc__scan *sc, size_t i, size_t to)
{
    return sc->bits && to <= sc->bits->len
               ? pc__bits_next(sc->bits->digit, i, to)
               : pc__next_digit(sc, i, to);
}

static inline size_t pc__next_capital_fast(pc__scan *sc, size_t i,
                                           size_t to)
{
    return sc->bits && to <= sc->bits->len
               ? pc__bits_next(sc->bits->capital, i, to)
               : pc__next_capital(sc, i, to);
}

/* Finds the next match of pattern p starting at or after *pos. Returns 1
 * and sets [*ms, *me) and *pos (past the match) when found; 0 when none,
 * or on a failure, which is recorded in sc->st. */
int pc__next(pc__scan *sc, int p, size_t *pos, size_t *ms, size_t *me);

/* pc__next over s[0, to) (to no further than sc->len), as if the buffer
 * ended at to, into sc->cmd: the current match (sc->md) is kept, and
 * pc__group does not read this one. Same returns. */
int pc__next_before(pc__scan *sc, int p, size_t to, size_t *pos,
                    size_t *ms, size_t *me);

/* The span of capture group g of the current match (sc->md). Returns 1
 * if the group is set, else 0. */
int pc__group(const pc__scan *sc, int g, size_t *gs, size_t *ge);

/* Returns 1 if pattern p matches anywhere in sc->s[from, to) (lookbehind
 * may see before from). The current match (sc->md) is kept. */
int pc__find(pc__scan *sc, int p, size_t from, size_t to);

/* Returns 1 if pattern p matches within `before` bytes before start or
 * `after` bytes after end. */
int pc__near(pc__scan *sc, int p, size_t start, size_t end, size_t before,
             size_t after);

/* Appends a hit; a failure is recorded in sc->st. */
void pc__hit(pc__scan *sc, size_t start, size_t end, const char *kind,
             const char *label);

/* Copies the digits of s[start, end) into buf (at most cap - 1, NUL
 * terminated). Returns the number of digits (which may exceed cap - 1:
 * then the number is too long for any check). */
size_t pc__digits(const char *s, size_t start, size_t end, char *buf,
                  size_t cap);

/* The hash of the first-names table (FNV-1a over s[0, n)): it starts
 * at PC__NAME_HASH_BASIS and takes each byte by pc__name_hash_step
 * (pc__is_first_name hashes a word so as it lowers it). */
#define PC__NAME_HASH_BASIS ((size_t)2166136261u)
static inline size_t pc__name_hash_step(size_t x, unsigned char c)
{
    return (x ^ c) * 16777619u;
}
size_t pc__name_hash(const char *s, size_t n);

/* Returns 1 if word s[0, n) is in the first-names list (any case). */
int pc__is_first_name(const pc_detectors *d, const char *s, size_t n);

/* The hostile detector's lexicon (policies/lists/hostile-words.txt). */
struct pc__hostile;

/* Loads the lexicon from the built-in list. Returns an owned table (empty
 * if the list is missing), free with pc__hostile_free(), or NULL when out
 * of memory. */
struct pc__hostile *pc__hostile_new(void);

/* Frees h. pc__hostile_free(NULL) does nothing. */
void pc__hostile_free(struct pc__hostile *h);

/* The lexicon d loaded (never NULL for a d from pc_detect_new). */
const struct pc__hostile *pc__detect_hostile_lex(const pc_detectors *d);

/* The detectors. Each scans sc->s and appends its hits. */
void pc__det_email(pc__scan *sc);
void pc__det_phone(pc__scan *sc);
void pc__det_postcode(pc__scan *sc);
void pc__det_address(pc__scan *sc);
/* Street addresses in the shapes of many countries (detect_addr.c); called
 * by pc__det_address, adds hits that do not overlap its own. */
void pc__det_address_world(pc__scan *sc);
void pc__det_dob(pc__scan *sc);
void pc__det_ni(pc__scan *sc);
void pc__det_card(pc__scan *sc);
void pc__det_bank(pc__scan *sc);
void pc__det_ssn(pc__scan *sc);
void pc__det_id_document(pc__scan *sc);
void pc__det_child_name(pc__scan *sc);
void pc__det_security(pc__scan *sc);
void pc__det_password(pc__scan *sc);
void pc__det_token(pc__scan *sc);
void pc__det_hostile(pc__scan *sc);
void pc__det_hostile_person(pc__scan *sc);
void pc__det_hostile_group(pc__scan *sc);
/* The three above in one scan (they share each sentence's tokens and
 * targets): out[0], out[1], out[2] get the hits of hostile,
 * hostile-person and hostile-group, as their own scans would give. When
 * judged is not NULL, it also gets the hits of hostile over sc->s[0,
 * cut) (all of them when cut >= sc->len), as pc__det_hostile over a
 * buffer that ends at cut would give, without a second scan: the scan
 * of the whole goes on from its last sentence that ends well before cut
 * (LOOK bytes, detect_hostile.c) to cut on its own. */
void pc__det_hostile_kinds(pc__scan *sc, pc_hits *out[3], size_t cut,
                           pc_hits *judged);

/* Runs detector or group name over buf[0, len), appending hits to out:
 * pc_detect_run without the pc_text and with no deadline, for tests.
 * Same returns. */
pc_status pc__detect_run_buf(const pc_detectors *d, const char *name,
                             const char *buf, size_t len, pc_hits *out);

/* pc_detect_hostile_kinds over buf[0, len) (detect.h); judged, when not
 * NULL, also gets the hits of hostile over buf[0, cut)
 * (pc__det_hostile_kinds). */
pc_status pc__detect_hostile_buf(const pc_detectors *d, const char *buf,
                                 size_t len, pc_hits *out[3], size_t cut,
                                 pc_hits *judged);

/* pc_detect_scan_new over buf[0, len) (detect.h). */
pc__scan *pc__detect_scan_buf(const pc_detectors *d, const char *buf,
                              size_t len, const pc__gramset *grams);

/* pc__detect_run_buf until deadline (pc_clock_ns() time; 0 = none).
 * grams, when not NULL, are the trigrams of buf (pc__gramset_fill): a
 * pattern none of whose required trigrams is there is not run (it could
 * not match). */
pc_status pc__detect_run_until(const pc_detectors *d, const char *name,
                               const char *buf, size_t len,
                               long long deadline,
                               const pc__gramset *grams, pc_hits *out);

#endif
