/* detect_hostile_sent.c: one sentence of a post as the hostile detector
 * (detect_hostile.c) reads it: cut into tokens (words and @handles,
 * folded to ASCII lower case, with their capitals, quote marks and
 * acronyms noted), and every TARGET in it marked at both ends: second
 * person, an @handle, a person by title, a role, a collective, a group by
 * a protected characteristic (see detect_hostile.c for the whole). */
#include <string.h>

#include "detect_hostile.h"

/* pc__hx_word_byte beyond ASCII: the byte belongs to a word character
 * (text.h's one definition: letters, numbers, marks, '_'). s is valid
 * UTF-8, so the character's sequence is whole. */
int pc__hx_word_byte_multi(const char *s, size_t i)
{
    size_t cl;

    i = pc_utf8_char_start(s, i);
    return pc_text_word_at(s, i + 4, i, &cl);
}

#define W(c) [c] = PC__HX_B_WORD | (c)
#define U(c) [c] = PC__HX_B_WORD | PC__HX_B_UPPER | ((c) + 32)
#define A16(c)                                                             \
    [c] = PC__HX_B_ASK, [c + 1] = PC__HX_B_ASK, [c + 2] = PC__HX_B_ASK,    \
    [c + 3] = PC__HX_B_ASK, [c + 4] = PC__HX_B_ASK, [c + 5] = PC__HX_B_ASK, \
    [c + 6] = PC__HX_B_ASK, [c + 7] = PC__HX_B_ASK, [c + 8] = PC__HX_B_ASK, \
    [c + 9] = PC__HX_B_ASK, [c + 10] = PC__HX_B_ASK,                       \
    [c + 11] = PC__HX_B_ASK, [c + 12] = PC__HX_B_ASK,                      \
    [c + 13] = PC__HX_B_ASK, [c + 14] = PC__HX_B_ASK, [c + 15] = PC__HX_B_ASK

const unsigned short pc__hx_byte[256] = {
    W('a'), W('b'), W('c'), W('d'), W('e'), W('f'), W('g'), W('h'), W('i'),
    W('j'), W('k'), W('l'), W('m'), W('n'), W('o'), W('p'), W('q'), W('r'),
    W('s'), W('t'), W('u'), W('v'), W('w'), W('x'), W('y'), W('z'),
    U('A'), U('B'), U('C'), U('D'), U('E'), U('F'), U('G'), U('H'), U('I'),
    U('J'), U('K'), U('L'), U('M'), U('N'), U('O'), U('P'), U('Q'), U('R'),
    U('S'), U('T'), U('U'), U('V'), U('W'), U('X'), U('Y'), U('Z'),
    W('0'), W('1'), W('2'), W('3'), W('4'), W('5'), W('6'), W('7'), W('8'),
    W('9'), W('_'),
    ['\''] = PC__HX_B_ASK, ['-'] = PC__HX_B_ASK,
    A16(0x80), A16(0x90), A16(0xA0), A16(0xB0), A16(0xC0), A16(0xD0),
    A16(0xE0), A16(0xF0),
};

#undef W
#undef U
#undef A16

#if defined(__SSE2__)
#include <emmintrin.h>

/* The lanes of x in [lo, lo + n) (n < 128), as signed bytes: x - lo
 * moved by -128, so that the range starts at the least signed byte, then
 * one signed compare. Two instructions where the compare on each side
 * (and GCC's "less than" as "not greater") took four. */
#define IN_RANGE(x, lo, n)                                                 \
    _mm_cmpgt_epi8(_mm_set1_epi8((char)((n) - 128)),                       \
                   _mm_add_epi8((x), _mm_set1_epi8((char)(128 - (lo)))))

/* The window's 64 bytes from src, 16 at a time: a capital is a byte of
 * 'A' to 'Z' (so none beyond ASCII), a word byte a letter of either
 * case, a digit or '_' (pc__hx_byte's PC__HX_B_WORD), its lowered form
 * the byte with 0x20 set if a capital. Returns the mask of its
 * spaces. */
static uint64_t win_masks(struct pc__hx_win *w, const unsigned char *src)
{
    uint64_t word = 0, upper = 0, space = 0;

    for (unsigned k = 0; k < PC__HX_WIN; k += 16) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(src + k));
        const __m128i up = IN_RANGE(x, 'A', 26);
        const __m128i az =
            IN_RANGE(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 26);
        const __m128i wd =
            _mm_or_si128(_mm_or_si128(az, IN_RANGE(x, '0', 10)),
                         _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));

        _mm_storeu_si128((__m128i *)(w->low + k),
                         _mm_or_si128(x, _mm_and_si128(
                                             up, _mm_set1_epi8(0x20))));
        word |= (uint64_t)(unsigned)_mm_movemask_epi8(wd) << k;
        upper |= (uint64_t)(unsigned)_mm_movemask_epi8(up) << k;
        space |= (uint64_t)(unsigned)_mm_movemask_epi8(
                     _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')))
                 << k;
    }
    w->word = word;
    w->upper = upper;
    return space;
}
#undef IN_RANGE
#else
/* The same, a byte at a time through pc__hx_byte. */
static uint64_t win_masks(struct pc__hx_win *w, const unsigned char *src)
{
    uint64_t space = 0;

    w->word = w->upper = 0;
    for (unsigned k = 0; k < PC__HX_WIN; k++) {
        unsigned b = pc__hx_byte[src[k]];
        w->low[k] = (b & PC__HX_B_WORD) ? (unsigned char)b : src[k];
        w->word |= (uint64_t)((b & PC__HX_B_WORD) != 0) << k;
        w->upper |= (uint64_t)((b & PC__HX_B_UPPER) != 0) << k;
        space |= (uint64_t)(src[k] == ' ') << k;
    }
    return space;
}
#endif

void pc__hx_win_fill(struct pc__hx_win *w, const char *s, size_t len,
                     size_t at)
{
    const unsigned char *src = (const unsigned char *)s + at;
    unsigned char pad[PC__HX_WIN];
    uint64_t in = ~(uint64_t)0, space;

    if (len - at < PC__HX_WIN) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, src, len - at);
        src = pad;
        in = ((uint64_t)1 << (len - at)) - 1;
    }
    w->at = at;
    memset(w->low + PC__HX_WIN, 0, WORD_CAP);
    space = win_masks(w, src);
    w->ev = (~space & ~w->word & in) | (w->word & ~(w->word << 1));
}

/* Reads the token at *i (a word, or an @handle) into t, with the hash
 * of its folded copy (pc__hx_hash); advances *i. ASCII letters, digits
 * and '_' (the word bytes of most posts) are read without a call; an
 * acronym is noted as the bytes go by. Its own loop rather than
 * text_words.h's cutter, on purpose: the word characters are text.h's
 * (pc_text_word_at beyond ASCII) with '_' inside a word as text.h has
 * it (the cutter ends a word there), and the hash, the capitals
 * and the acronym are taken in the same pass, in the detector's hot
 * loop. */
void pc__hx_read_tok(const char *s, size_t len, size_t *i, struct tok *t)
{
    size_t k = 0, p = *i, aw;
    int too_long = 0, caps = 1;

    t->s = p;
    t->cap = s[p] >= 'A' && s[p] <= 'Z';
    if (s[p] == '@') {
        t->w[k++] = s[p++];
        caps = 0;
    }
    while (p < len) {
        unsigned char c = (unsigned char)s[p];
        char ch;

        if ((unsigned char)((c | 0x20) - 'a') < 26) {
            ch = (char)(c | 0x20);
            caps &= c <= 'Z';
            p++;
        } else if ((unsigned char)(c - '0') < 10 || c == '_') {
            ch = (char)c;
            caps = 0;
            p++;
        } else if (c >= 0x80 && pc__hx_word_byte(s, p)) {
            ch = (char)c;
            caps = 0;
            p++;
        } else if ((aw = pc__hx_apos(s, len, p)) && p + aw < len &&
                   (unsigned char)s[p + aw] < 0x80 &&
                   pc__hx_word_byte(s, p + aw)) {
            ch = '\'';
            caps = 0;
            p += aw;
        } else if (c == '-' && p + 1 < len && pc__hx_word_byte(s, p + 1)) {
            ch = '-';
            caps = 0;
            p++;
        } else {
            break;
        }
        if (k + 1 < WORD_CAP) {
            t->w[k++] = ch;
        } else {
            too_long = 1;
        }
    }
    t->w[too_long ? 0 : k] = '\0';
    t->n = (unsigned char)(too_long ? 0 : k);
    t->head = pc__hx_head(t->w, t->n);
    t->hash = pc__hx_hash(t->head, t->n);
    t->e = p;
    t->acr = caps && p - t->s >= 2 && p - t->s <= 6;
    *i = p;
}

/* ---- targets ---- */

static int followed_by_thing(const struct sent *st, size_t j)
{
    return j + 1 < st->n && IN(st->t[j + 1], things);
}

int pc__hx_ends_s(const char *w)
{
    size_t n = strlen(w);

    return n > 2 && w[n - 2] == '\'' && w[n - 1] == 's';
}

/* "in my class", "in Year 9", "in leadership" after a collective: the
 * number of tokens it adds to the target. */
static size_t in_place(const struct sent *st, size_t j)
{
    const struct tok *t = st->t;

    if (j + 1 >= st->n || strcmp(t[j].w, "in") != 0)
        return 0;
    if (j + 2 < st->n && (IN(t[j + 1], determiners) ||
                          strcmp(t[j + 1].w, "year") == 0))
        return 3;
    return 2;
}

/* A word that may stand before a role or collective: "new", "chapter"
 * (board), an acronym ("the ALT board"). */
static int modifier(const struct tok *t)
{
    return t->acr || IN(*t, role_adj) || IN(*t, det_collectives);
}

/* A target opened by a determiner: "the head", "our new deputy", "the
 * board", "my line manager". Returns its class and sets *len. */
static unsigned det_target(const struct sent *st, size_t i, size_t *len)
{
    const struct tok *t = st->t;
    size_t j = i + 1, e;

    /* "our new deputy", "the deputy head": a role word may also be an
     * adjective before another role. */
    while (j + 1 < st->n && j < i + 3 && modifier(&t[j]) &&
           (modifier(&t[j + 1]) || IN(t[j + 1], roles) ||
            IN(t[j + 1], leaders) || IN(t[j + 1], collectives)))
        j++;
    /* One plain word naming a subject or job: "the maths teacher", "our
     * behaviour lead". */
    if (j + 2 < st->n && modifier(&t[j]) && IN(t[j + 2], roles))
        j++;
    if (j + 1 < st->n && !t[j].cap && t[j].w[0] &&
        !IN(t[j], roles) && !IN(t[j], leaders) &&
        IN(t[j + 1], roles))
        j++;
    if (j >= st->n || followed_by_thing(st, j))
        return 0;
    e = j + 1;
    if (IN(t[j], roles) || IN(t[j], leaders)) {
        /* A deputy or assistant head is a colleague, not the leader. */
        int lead = IN(t[j], leaders) &&
                   !(j > i + 1 && (strcmp(t[j - 1].w, "deputy") == 0 ||
                                   strcmp(t[j - 1].w, "assistant") == 0 ||
                                   strcmp(t[j - 1].w, "vice") == 0));

        if (e < st->n && (strcmp(t[e].w, "teacher") == 0 ||
                          strcmp(t[e].w, "manager") == 0 ||
                          strcmp(t[e].w, "manager's") == 0))
            e++;
        else if (e + 1 < st->n && strcmp(t[j].w, "head") == 0 &&
                 strcmp(t[e].w, "of") == 0) {
            e += 2; /* "the head of maths": a colleague */
            lead = 0;
        }
        else if (strcmp(t[j].w, "line") == 0 ||
                 strcmp(t[j].w, "supply") == 0)
            return 0;
        *len = e - i;
        return (lead ? T_GROUP : T_PERSON) |
               (pc__hx_ends_s(t[e - 1].w) ? T_CLITIC : 0);
    }
    if (IN(t[j], collectives) || IN(t[j], det_collectives)) {
        *len = e - i;
        return T_GROUP | (pc__hx_ends_s(t[j].w) ? T_CLITIC : 0);
    }
    if (e < st->n && IN(t[j], protected_adj) &&
        IN(t[e], people_nouns)) {
        *len = e + 1 - i;
        return T_PERSON;
    }
    return 0;
}

/* The target starting at token i, if any: its class, and *len tokens. */
static unsigned target_at(const struct sent *st, size_t i, size_t *len)
{
    const struct tok *t = st->t;
    const char *w = t[i].w;
    unsigned c;

    *len = 1;
    if (w[0] == '@' && w[1])
        return T_PERSON;
    if (IN(t[i], second_clitic))
        return T_PERSON | T_2P | T_CLITIC;
    if (IN(t[i], second_person))
        return i > 0 && (strcmp(t[i - 1].w, "thank") == 0 ||
                         strcmp(t[i - 1].w, "see") == 0)
                   ? 0 : T_PERSON | T_2P;
    if (strcmp(w, "your") == 0 && i + 1 < st->n &&
        !IN(t[i + 1], things) && (c = det_target(st, i, len)) == 0) {
        *len = 2;
        return T_PERSON | T_2P | T_POSS;
    }
    if ((IN(t[i], titles) || (t[i].cap && IN(t[i], cap_titles))) &&
        i + 1 < st->n && t[i + 1].cap) {
        *len = i + 2 < st->n && t[i + 2].cap ? 3 : 2;
        return T_PERSON | (pc__hx_ends_s(t[i + *len - 1].w) ? T_CLITIC : 0);
    }
    if (IN(t[i], determiners) && (c = det_target(st, i, len)) != 0)
        return c;
    if (t[i].acr && i + 1 < st->n && (IN(t[i + 1], collectives) ||
                                      IN(t[i + 1], det_collectives)) &&
        !followed_by_thing(st, i + 1)) {
        *len = 2;
        return T_GROUP;
    }
    if (IN(t[i], collectives) && !followed_by_thing(st, i)) {
        if (i + 1 < st->n && strcmp(t[i + 1].w, "team") == 0)
            *len = 2;
        *len += in_place(st, i + *len);
        return T_GROUP | (pc__hx_ends_s(w) ? T_CLITIC : 0);
    }
    if (IN(t[i], protected_groups) && !followed_by_thing(st, i)) {
        *len += in_place(st, i + 1);
        return T_PERSON;
    }
    if (i + 1 < st->n && IN(t[i], protected_adj) &&
        IN(t[i + 1], people_nouns)) {
        *len = 2;
        return T_PERSON;
    }
    return 0;
}

/* Marks every target of the sentence at both its ends. */
void pc__hx_mark_targets(struct sent *st)
{
    size_t i = 0, len;

    memset(st->tend, 0, st->n);
    memset(st->tbeg, 0, st->n);
    while (i < st->n) {
        unsigned c = target_at(st, i, &len);

        if (!c) {
            i++;
            continue;
        }
        if (i + len > st->n)
            len = st->n - i;
        st->tbeg[i] = (unsigned char)(i + len);
        st->tcls_b[i] = c;
        st->tend[i + len - 1] = (unsigned char)(i + 1);
        st->tcls[i + len - 1] = c;
        i += len;
    }
}
