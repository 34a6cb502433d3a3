/* detect_keyfind.c: where the keys of a keyed detector pattern stand
 * (pc__pat_def.key in detect_int.h; detect_keys.c searches around them).
 * For each kind of key, what begins one (a digit run, an age in words,
 * the spoken "at", a password word, a sort code's start, a generic
 * token); and the index of a scan's keys of the kinds its runs search
 * by (pc_detect_scan_slots; every kind by default) but the token, found
 * in one pass over the buffer at its first keyed search
 * (find_keys), which pc__find_key answers from. A key's word as PCRE2
 * reads it (pc__key_word_at) is detect_keyword.c's; the places of keys
 * thirty-two bytes a step (pc__key_places32), detect_keywide.c's.
 * tests/test_detect_keys.c holds the keyed search to a plain one. */
#include <stdlib.h>
#include <string.h>

#include "detect_int.h"
#include "detect_masks.h"
#include "grow.h"

/* The ages in words of detect_pats.c's NUMW, in lower case, by their
 * first two letters (age_word_at). Of two ages where one begins the
 * other ("four", "fourteen"), only the shorter is listed: where the
 * longer stands, so does the shorter. */
static const struct {
    char two[3];
    const char *word[2];
} age_words[] = {
    {"on", {"one", NULL}},      {"tw", {"two", "twelve"}},
    {"th", {"three", "thirteen"}}, {"te", {"ten", NULL}},
    {"fo", {"four", NULL}},     {"fi", {"five", "fifteen"}},
    {"si", {"six", NULL}},      {"se", {"seven", NULL}},
    {"ei", {"eight", NULL}},    {"el", {"eleven", NULL}},
    {"ni", {"nine", NULL}},
};

/* 1 if c is an ASCII letter, digit or '_' (\w, so no \b after it). */
static int ascii_word(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 ||
           (unsigned char)(c - '0') < 10 || c == '_';
}

/* 1 if an age in words starts at s[i]. Its first two letters pick the
 * ages to look at: a word start among the common "the", "on", "for" is
 * let go after one or two of them. No age has an 's' second. */
static int age_word_at(const char *s, size_t i, size_t to)
{
    unsigned char c = (unsigned char)s[i];
    char first = (char)(c == 0xC5 ? 's' : c | 0x20);
    size_t n = c == 0xC5 ? 2 : 1;
    char second;

    if (i + n >= to)
        return 0;
    second = (char)((unsigned char)s[i + n] | 0x20);
    for (size_t a = 0; a < sizeof age_words / sizeof *age_words; a++) {
        if (age_words[a].two[0] != first || age_words[a].two[1] != second)
            continue;
        for (size_t w = 0; w < 2 && age_words[a].word[w]; w++) {
            /* Its third letter first, which lets most such word starts
             * ("the", "this", "for", "one's") go without the call. No
             * age has 's' third, so a byte beyond ASCII there is none. */
            if (i + n + 1 >= to || ((unsigned char)s[i + n + 1] | 0x20) !=
                                       (unsigned char)age_words[a].word[w][2])
                continue;
            if (pc__key_word_at(s, i, to, age_words[a].word[w]))
                return 1;
        }
        return 0;
    }
    return 0;
}

/* 1 if c may stand in a domain's word ([a-z0-9-], caseless) as an
 * ASCII byte. */
static int domain_byte(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 ||
           (unsigned char)(c - '0') < 10 || c == '-';
}

/* 1 if s[i, to) starts with "at" between white space (a byte beyond
 * ASCII may be a space) and what PC__P_EMAIL_SPOKEN has after its "at":
 * white space, a word of the domain and, right after the word, '.' or
 * white space and "dot" ("at school dot", "at school.org"). The word is
 * its whole run of [A-Za-z0-9-]: PCRE2 cannot end it sooner, as what
 * follows it is no such byte. A byte beyond ASCII where the look is
 * (which may be a space, or U+212A or U+017F in the word) ends it, the
 * key kept. The key of an address written out: "at" in prose ("day at
 * the fair!") is rarely one. */
static int spoken_at(const char *s, size_t i, size_t to)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t j = i + 2, w;

    if (!(i > 0 && j < to && (u[i + 1] | 0x20) == 't' &&
          (pc__ascii_space(u[i - 1]) || u[i - 1] >= 0x80) &&
          (pc__ascii_space(u[j]) || u[j] >= 0x80)))
        return 0;
    while (j < to && pc__ascii_space(u[j]))
        j++;
    for (w = j; j < to && domain_byte(u[j]); j++)
        ;
    if (j < to && u[j] >= 0x80)
        return 1;
    if (j == w || j >= to)
        return 0;
    if (u[j] == '.')
        return 1;
    if (!pc__ascii_space(u[j]))
        return 0;
    while (j < to && pc__ascii_space(u[j]))
        j++;
    return j < to && (u[j] >= 0x80 || pc__key_word_at(s, j, to, "dot"));
}

static int is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

/* The end of the run of ASCII digits at s[i] within s[0, to); i itself
 * if s[i] is not one. */
static size_t digits_end(const char *s, size_t i, size_t to)
{
    while (i < to && is_digit(s[i]))
        i++;
    return i;
}

/* 1 if the lower-case ASCII word w stands at s[i, to) as a caseless UTF
 * match reads it (text.h), inline where the keys ask it of many word
 * starts. */
static int word_at(const char *s, size_t i, size_t to, const char *w)
{
    return pc_text_caseless_at(s, i, to, w, PC_TEXT_TO_NUL) != 0;
}

/* 1 if s[i] (within s[0, to)) is 's', 'S' or U+017F, which a caseless
 * UTF match takes for 's'; *n is set to its length. */
static int s_at(const char *s, size_t i, size_t to, size_t *n)
{
    *n = pc_text_caseless_at(s, i, to, "s", 1);
    return *n != 0;
}

/* 1 if a password pattern's key word begins at s[i]: the start of
 * "pass", "p@ss", "p4$$", "pw", "log", "user", "wi-fi", "wifi",
 * "network" or "router" (PC__P_PASSWORD's words after its optional first
 * word), in either case, not after a \w byte or '$', '@', '#' (the
 * pattern's lookbehind, or the white space after its first word). */
static int password_key(const char *s, size_t i, size_t to)
{
    unsigned char p = i > 0 ? (unsigned char)s[i - 1] : ' ';
    size_t n;

    if (ascii_word(p) || p == '$' || p == '@' || p == '#' || i + 1 >= to)
        return 0;
    switch ((unsigned char)s[i] | 0x20) {
    case 'p': {
        unsigned char c = (unsigned char)s[i + 1];
        if ((c | 0x20) == 'w')
            return 1;
        if ((c | 0x20) != 'a' && c != '@' && c != '4')
            return 0;
        c = i + 2 < to ? (unsigned char)s[i + 2] : 0;
        return c == '$' || c == '5' || s_at(s, i + 2, to, &n);
    }
    case 'l':
        return word_at(s, i + 1, to, "og");
    case 'u':
        return s_at(s, i + 1, to, &n) && word_at(s, i + 1 + n, to, "e");
    case 'w':
        return word_at(s, i + 1, to, "i") && i + 2 < to &&
               (s[i + 2] == '-' || (s[i + 2] | 0x20) == 'f');
    case 'n':
        return word_at(s, i + 1, to, "et");
    case 'r':
        return word_at(s, i + 1, to, "ou");
    default:
        return 0;
    }
}

/* 1 if a sort code's key begins at s[i] (PC__P_SORTCODE), after no
 * ASCII \w byte (\b or the pattern's lookbehind): a run of exactly two
 * digits within s[0, to) after no '-' either (its first pair), or "sort"
 * or "s/c" in either case ('s' may be U+017F). */
static int sortcode_key(const char *s, size_t i, size_t to)
{
    unsigned char p = i > 0 ? (unsigned char)s[i - 1] : ' ';
    size_t n;

    if (ascii_word(p))
        return 0;
    if (is_digit(s[i]))
        return p != '-' && digits_end(s, i, to) - i == 2;
    return s_at(s, i, to, &n) &&
           (word_at(s, i + n, to, "ort") ||
            (i + n + 1 < to && s[i + n] == '/' &&
             (s[i + n + 1] | 0x20) == 'c'));
}

/* A byte of a generic token (PC__P_TOKEN_GENERIC): [A-Za-z0-9_+/=-]. */
static int token_byte(unsigned char c)
{
    return ascii_word(c) || c == '+' || c == '/' || c == '=' || c == '-';
}

/* The first generic token key at or after i in s[0, to), or to: the
 * start of a run of 24 to 200 token bytes within s[0, to), after no byte
 * of the pattern's lookbehind. A match is such a run, whole: it starts
 * after a byte that is not a token byte (the lookbehind refuses every
 * token byte), and it ends where the run does (its lookahead refuses
 * every token byte after it). */
static size_t next_token_key(const char *s, size_t i, size_t to)
{
    const unsigned char *u = (const unsigned char *)s;

    while (i > 0 && i < to && token_byte(u[i - 1]))
        i++;
    while (i < to) {
        size_t e = i;
        unsigned char p = i > 0 ? u[i - 1] : ' ';
        if (!token_byte(u[i])) {
            i++;
            continue;
        }
        while (e < to && token_byte(u[e]))
            e++;
        if (e - i >= 24 && e - i <= 200 &&
            !(p == '.' || p == '#' || p == '@' || p == ':' || p == '%' ||
              p == '?' || p == '&' || p == '~'))
            return i;
        i = e;
    }
    return to;
}

/* The most digits a run may hold where a match of kind has its first
 * digit: a date's (a year, "2019-05-06") or an age's ("aged 7"). */
static size_t max_run(int kind)
{
    return kind == PC__KEY_DIGIT ? 4 : 2;
}

/* 1 if the digit s[i] is a key of kind (PC__KEY_DIGIT, PC__KEY_AGE): it
 * begins a run of digits (after a byte that is not one: s is read before
 * i too, as PCRE2's lookbehind and \b read it) of at most max_run(kind)
 * within s[0, to), with what a date (pc__key_date_shape) or an age
 * (pc__key_age_shape) has around it. A match's first digit is one of
 * those, as every alternative of the date and age patterns has before
 * its first digit no \w (a space, a bracket, "aged") or a lookbehind
 * refusing one, and after its one to four digits (an age's one or two)
 * no digit. *e gets the end of the run. */
static int digit_key(int kind, const char *s, size_t i, size_t to,
                     size_t *e)
{
    *e = digits_end(s, i, to);
    return (i == 0 || !is_digit(s[i - 1])) && *e - i <= max_run(kind) &&
           (kind == PC__KEY_DIGIT ? pc__key_date_shape(s, i, *e, to)
                                  : pc__key_age_shape(s, i, *e, to));
}

#define KB(kind) (1u << (kind))
#define DIGIT_KEYS (KB(PC__KEY_DIGIT) | KB(PC__KEY_AGE) | KB(PC__KEY_SORTCODE))
#define PW KB(PC__KEY_PASSWORD)
#define AGE KB(PC__KEY_AGE)

/* Per byte, the kinds of key that may begin with it, a bit each: for
 * PC__KEY_DIGIT the digits; PC__KEY_AGE the digits, the first letters of
 * the ages in words in either case and U+017F's lead byte; PC__KEY_SORTCODE
 * the digits, 's' in either case and U+017F's lead byte;
 * PC__KEY_SPOKEN_AT 'a' in either case; PC__KEY_PASSWORD the first
 * letters of password_key's words in either case. */
static const unsigned char key_bytes[256] = {
    ['0'] = DIGIT_KEYS, ['1'] = DIGIT_KEYS, ['2'] = DIGIT_KEYS,
    ['3'] = DIGIT_KEYS, ['4'] = DIGIT_KEYS, ['5'] = DIGIT_KEYS,
    ['6'] = DIGIT_KEYS, ['7'] = DIGIT_KEYS, ['8'] = DIGIT_KEYS,
    ['9'] = DIGIT_KEYS,
    ['e'] = AGE, ['E'] = AGE, ['f'] = AGE, ['F'] = AGE,
    ['o'] = AGE, ['O'] = AGE, ['t'] = AGE, ['T'] = AGE,
    ['n'] = AGE | PW, ['N'] = AGE | PW,
    ['s'] = AGE | KB(PC__KEY_SORTCODE), ['S'] = AGE | KB(PC__KEY_SORTCODE),
    [0xC5] = AGE | KB(PC__KEY_SORTCODE),
    ['a'] = KB(PC__KEY_SPOKEN_AT), ['A'] = KB(PC__KEY_SPOKEN_AT),
    ['p'] = PW, ['P'] = PW, ['l'] = PW, ['L'] = PW, ['u'] = PW, ['U'] = PW,
    ['w'] = PW, ['W'] = PW, ['r'] = PW, ['R'] = PW,
};

/* Of the kinds key_bytes gives the ASCII letter c, those whose key may
 * begin with c then byte d, as key_at reads them (an age in words by
 * its first two letters, "at", the password words, "sort", "s/c"); a
 * byte beyond ASCII (U+017F, a space) may begin any. Only a filter. */
static unsigned pair_kinds(unsigned char c, unsigned char d)
{
    unsigned l = d | 0x20u;

    if (d >= 0x80)
        return key_bytes[c];
    switch (c | 0x20) {
    case 'a': return l == 't' ? KB(PC__KEY_SPOKEN_AT) : 0;
    case 'e': return l == 'i' || l == 'l' ? AGE : 0;
    case 'f': return l == 'o' || l == 'i' ? AGE : 0;
    case 'o': return l == 'n' ? AGE : 0;
    case 't': return l == 'w' || l == 'h' || l == 'e' ? AGE : 0;
    case 'n': return (l == 'i' ? AGE : 0) | (l == 'e' ? PW : 0);
    case 's':
        return (l == 'i' || l == 'e' ? AGE : 0) |
               (l == 'o' || d == '/' ? KB(PC__KEY_SORTCODE) : 0);
    case 'p': return l == 'w' || l == 'a' || d == '@' || d == '4' ? PW : 0;
    case 'l': case 'r': return l == 'o' ? PW : 0;
    case 'u': return l == 's' ? PW : 0;
    case 'w': return l == 'i' ? PW : 0;
    default: return 0;
    }
}

#undef KB
#undef DIGIT_KEYS
#undef PW
#undef AGE

/* 1 if a key of kind (not PC__KEY_TOKEN) begins at s[i], a byte
 * key_bytes gives kind's bit; else 0, and *next is the next place one
 * may (past a run of digits none of which is a key). */
static int key_at(int kind, const char *s, size_t i, size_t to,
                  size_t *next)
{
    unsigned char c = (unsigned char)s[i];
    size_t e;

    *next = i + 1;
    switch (kind) {
    case PC__KEY_SORTCODE:
        /* A run of digits whose first is not a key holds none. */
        if (is_digit((char)c))
            *next = digits_end(s, i, to);
        return sortcode_key(s, i, to);
    case PC__KEY_PASSWORD:
        return password_key(s, i, to);
    case PC__KEY_SPOKEN_AT:
        return spoken_at(s, i, to);
    default: /* PC__KEY_DIGIT, PC__KEY_AGE */
        if (is_digit((char)c)) {
            int key = digit_key(kind, s, i, to, &e);
            *next = e;
            return key;
        }
        /* An age in words after no \w byte: a match has \b or white
         * space before it. */
        return (i == 0 || !ascii_word((unsigned char)s[i - 1])) &&
               age_word_at(s, i, to);
    }
}

/* The first key of kind at or after i in s[0, to), or to: the bytes no
 * key of kind begins with are passed over by a table look-up each. */
size_t pc__next_key(int kind, const char *s, size_t i, size_t to)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned bit = 1u << kind;

    if (kind == PC__KEY_TOKEN)
        return next_token_key(s, i, to);
    for (;;) {
        size_t next;
        while (i < to && !(key_bytes[u[i]] & bit))
            i++;
        if (i >= to)
            return to;
        if (key_at(kind, s, i, to, &next))
            return i;
        i = next;
    }
}

static void push_key(struct pc__keys *kx, int kind, size_t i)
{
    size_t *v = kx->bad ? NULL
                        : pc__grow(kx->at[kind], kx->n[kind], &kx->cap[kind],
                                   sizeof *v, 64);

    if (!v) {
        kx->bad = 1;
        return;
    }
    kx->at[kind] = v;
    v[kx->n[kind]++] = i;
}

/* Of the sixteen bytes m says (detect_masks.h), those where a key of an indexed kind may
 * begin, as key_at says for each kind: the first digit of a run of
 * digits (no later digit of a run is a key of any kind: each asks for
 * no digit, or no \w, before it), and every letter, '_' or byte beyond
 * ASCII after no ASCII \w byte (an age in words, "sort", "s/c" and the
 * password words ask for none before them, the spoken "at" for white
 * space). *before holds the masks of the sixteen bytes before (all 0 at
 * the start), and gets m. */
static unsigned key_places(struct pc__masks m, struct pc__masks *before)
{
    unsigned dig_before = (m.dig << 1) | (before->dig >> 15);
    unsigned word_before = (m.word << 1) | (before->word >> 15);

    *before = m;
    return ((m.dig & ~dig_before) |
            (((m.word & ~m.dig) | m.high) & ~word_before)) & 0xFFFFu;
}

/* Indexes the keys of the kinds kx holds that the run of digits at s[i]
 * begins. */
static void digit_keys(struct pc__keys *kx, const char *s, size_t i,
                       size_t len)
{
    size_t e = digits_end(s, i, len);

    if ((kx->kinds & (1u << PC__KEY_DIGIT)) &&
        e - i <= max_run(PC__KEY_DIGIT) && pc__key_date_shape(s, i, e, len))
        push_key(kx, PC__KEY_DIGIT, i);
    if ((kx->kinds & (1u << PC__KEY_AGE)) && e - i <= max_run(PC__KEY_AGE) &&
        pc__key_age_shape(s, i, e, len))
        push_key(kx, PC__KEY_AGE, i);
    if ((kx->kinds & (1u << PC__KEY_SORTCODE)) && e - i == 2 &&
        sortcode_key(s, i, len))
        push_key(kx, PC__KEY_SORTCODE, i);
}

/* Indexes the keys of the kinds kx holds that begin at s[i], not a
 * digit, after no \w byte:
 * most word starts ("the", "to") begin none; no key is one letter at the
 * buffer's end. */
static void word_keys(struct pc__keys *kx, const char *s, size_t i,
                      size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned bits = key_bytes[u[i]] & kx->kinds;
    size_t next;

    if (bits && u[i] < 0x80)
        bits &= i + 1 < len ? pair_kinds(u[i], u[i + 1]) : 0;
    for (int kind = PC__KEY_DIGIT; bits && kind < PC__KEYS_INDEXED; kind++)
        if ((bits & (1u << kind)) && key_at(kind, s, i, len, &next))
            push_key(kx, kind, i);
}

/* The kinds of key that may begin with a digit. */
#define DIGIT_KINDS                                                        \
    ((1u << PC__KEY_DIGIT) | (1u << PC__KEY_AGE) | (1u << PC__KEY_SORTCODE))

/* Indexes the keys of the kinds kx holds that begin at the places m
 * gives (bit k: s[i + k]), each a digit run's first digit or a byte
 * after no \w. push_key does nothing once out of memory: no test a key. */
static void visit(struct pc__keys *kx, const char *s, size_t len, size_t i,
                  unsigned m)
{
    for (; m; m &= m - 1) {
        size_t k = i + (size_t)__builtin_ctz(m);
        if (!is_digit(s[k]))
            word_keys(kx, s, k, len);
        else if (kx->kinds & DIGIT_KINDS)
            digit_keys(kx, s, k, len);
    }
}

/* Steps of thirty-two bytes find_keys takes from pc__key_places32 a call. */
#define WIDE_STEPS 64

/* Finds the keys of every indexed kind in s[0, len), as key_at says for
 * each kind: only at the places key_places gives, found sixteen bytes at
 * a time; where the CPU has AVX2, thirty-two bytes a step at the places
 * pc__key_places32 gives (WIDE_STEPS steps a call), which passes over
 * most word starts ("the", "to", "with") and the bytes beyond ASCII but
 * U+017F's lead unvisited. When b is not NULL, it puts in b where the
 * digits and capitals stand, which the same steps read (the needs' bits:
 * a second pass over a long post, pc__bytebits_new, not made); 0 if it
 * stopped short (out of memory), b then not whole. */
static int find_keys(struct pc__keys *kx, const char *s, size_t len,
                     pc__bytebits *b)
{
    const unsigned char *u = (const unsigned char *)s;
    struct pc__masks before = {0, 0, 0, 0};
    unsigned last = 0, m[WIDE_STEPS];
    size_t i;

    if (pc__keys_wide()) {
        for (i = 0; i < len && !kx->bad; i += 32 * WIDE_STEPS) {
            size_t n = (len - i + 31) / 32;
            n = n < WIDE_STEPS ? n : WIDE_STEPS;
            pc__key_places32(s, i, len, &last, n, m,
                             b ? (unsigned char *)b->v + i / 8 : NULL,
                             b ? (unsigned char *)(b->v + (b->capital -
                                                           b->digit)) +
                                     i / 8
                               : NULL);
            for (size_t k = 0; k < n; k++) {
                /* Most steps have no place: no call for those. */
                if (m[k])
                    visit(kx, s, len, i + 32 * k, m[k]);
            }
        }
        return i >= len;
    }
    for (i = 0; i < len && !kx->bad; i += 16) {
        struct pc__masks m16 = pc__masks_at(u, i, len);
        if (b)
            pc__bytebits_put(b, i, 16, m16.dig, m16.cap);
        visit(kx, s, len, i, key_places(m16, &before));
    }
    return i >= len;
}

void pc__keys_free(pc__scan *sc)
{
    for (int kind = 0; kind < PC__KEYS_INDEXED; kind++)
        free(sc->keys.at[kind]);
    memset(&sc->keys, 0, sizeof sc->keys);
}

void pc__keys_clear(pc__scan *sc)
{
    memset(sc->keys.n, 0, sizeof sc->keys.n);
    sc->keys.made = 0;
    sc->keys.kinds = 0;
    sc->keys.bad = 0;
}

/* The scan's index of keys, made at the first call; NULL when out of
 * memory (then the bytes are read as before). Its pass also makes the
 * scan's bits of digits and capitals (pc__scan.bits) when no need has
 * yet and one of the scan's runs will read them (not bits_unread): a
 * scan that reads them asks a key first. */
static const struct pc__keys *keys_of(pc__scan *sc)
{
    if (!sc->keys.made) {
        pc__bytebits *b = sc->bits_state || sc->bits_unread
                              ? NULL
                              : pc__bytebits_alloc(sc->len);
        sc->keys.made = 1;
        /* Only the kinds some run of the scan searches by. */
        sc->keys.kinds = (unsigned char)(~sc->keys_unread &
                                         ~(1u << PC__KEY_TOKEN) &
                                         ((1u << PC__KEYS_INDEXED) - 2));
        if (find_keys(&sc->keys, sc->s, sc->len, b) && b) {
            sc->bits = b;
            sc->bits_state = 1;
        } else {
            pc__bytebits_free(b);
        }
    }
    return sc->keys.bad ? NULL : &sc->keys;
}

int pc__has_key(pc__scan *sc, int kind)
{
    const struct pc__keys *kx;

    /* The index is made here too: every pack that runs a detector
     * asking this (email) also runs dob, whose keyed searches make it,
     * and reading the buffer for one kind first cost as much again. */
    kx = kind != PC__KEY_TOKEN ? keys_of(sc) : NULL;
    if (kx && (kx->kinds & (1u << kind)))
        return kx->n[kind] > 0;
    return pc__next_key(kind, sc->s, 0, sc->len) < sc->len;
}

/* pc__next_key over the scan's buffer, from the index when it serves: the
 * first key of kind at or after i in s[0, to), or to. The index holds
 * the keys of the whole buffer; those of s[0, to) are among them but
 * for a run of digits that `to` cuts (a run cut short may be a key the
 * whole run is not), so then the bytes are read as before. A key of
 * the whole buffer that s[0, to) would not have (a word cut short) only
 * widens a search: a search from any place finds a match only where
 * there is one, and the ranges still hold every place one may start. */
size_t pc__find_key(pc__scan *sc, int kind, size_t i, size_t to)
{
    const struct pc__keys *kx;
    size_t lo = 0, hi;

    if (kind == PC__KEY_TOKEN ||
        (to < sc->len && to > 0 && is_digit(sc->s[to - 1]) &&
         is_digit(sc->s[to])))
        return pc__next_key(kind, sc->s, i, to);
    kx = keys_of(sc);
    if (!kx || !(kx->kinds & (1u << kind)))
        return pc__next_key(kind, sc->s, i, to);
    hi = kx->n[kind];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kx->at[kind][mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < kx->n[kind] && kx->at[kind][lo] < to ? kx->at[kind][lo]
                                                     : to;
}
