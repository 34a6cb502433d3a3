/* detect_keyshape.c: what stands around a run of digits that may begin
 * a match of a keyed date or age pattern (detect_pats.c's PC__P_DATE,
 * PC__P_AGE): the keys' finder (detect_keyfind.c) asks it of every run
 * of one to four digits, so that a run no match may begin with ("year
 * 4 class", "at 9 tomorrow") is no key and no search runs there.
 * tests/test_detect_keys.c holds the keyed search to a plain one. */
#include <string.h>

#include "detect_int.h"

/* The months of detect_pats.c's MONTH, in lower case. */
static const char *const months[] = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april",
    "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
    "september", "oct", "october", "nov", "november", "dec", "december",
};

/* 1 if the ASCII letters s[a, b) are a month in either case. Every
 * month is 3 to 9 letters long and begins with one of "jfmasond": a
 * word that is not ("year 4", "at 9") is let go without a look at the
 * list. */
static int month_word(const char *s, size_t a, size_t b)
{
    if (b - a < 3 || b - a > 9 || !memchr("jfmasond", s[a] | 0x20, 8))
        return 0;
    for (size_t m = 0; m < sizeof months / sizeof *months; m++) {
        size_t k = 0;
        if (strlen(months[m]) != b - a)
            continue;
        while (k < b - a && ((unsigned char)s[a + k] | 0x20) ==
                                (unsigned char)months[m][k])
            k++;
        if (k == b - a)
            return 1;
    }
    return 0;
}

int pc__key_date_shape(const char *s, size_t i, size_t e, size_t to)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = e - i, j = e, b;

    if (n != 1 && n != 2)
        return n == 4 && e < to && (u[e] == '/' || u[e] == '.' ||
                                    u[e] == '-');
    if (e < to && (u[e] == '/' || u[e] == '.' || u[e] == '-'))
        return 1;
    /* After: the suffix, white space, a month's or "of"'s first letter. */
    if (j + 1 < to && u[j] < 0x80 && u[j + 1] < 0x80) {
        unsigned x = (unsigned)(u[j] | 0x20) << 8 | (u[j + 1] | 0x20);
        if (x == ('s' << 8 | 't') || x == ('n' << 8 | 'd') ||
            x == ('r' << 8 | 'd') || x == ('t' << 8 | 'h'))
            j += 2;
    }
    if (j < to && (u[j] >= 0x80 || pc__ascii_space(u[j]))) {
        while (j < to && pc__ascii_space(u[j]))
            j++;
        if (j < to && (u[j] >= 0x80 || memchr("jfmasond", u[j] | 0x20, 8)))
            return 1;
    }
    /* Before: white space, '.' or not, a month. */
    if (i == 0 || !(u[i - 1] >= 0x80 || pc__ascii_space(u[i - 1])))
        return 0;
    for (b = i; b > 0 && pc__ascii_space(u[b - 1]); b--)
        ;
    if (b > 0 && u[b - 1] == '.')
        b--;
    for (j = b; j > 0 && (unsigned char)((u[j - 1] | 0x20) - 'a') < 26; j--)
        ;
    return (j > 0 && u[j - 1] >= 0x80) || (b > 0 && u[b - 1] >= 0x80) ||
           month_word(s, j, b);
}

/* What an ASCII byte may be next to an age (pc__key_age_shape), a bit
 * each, letters in either case. */
enum {
    AGE_BEFORE = 1,   /* the last letter of "age(d)", "is", "be", "turn"... */
    AGE_AFTER = 2,    /* the first of "st", "nd", "rd", "th" */
    AGE_NEXT = 4,     /* the first of "years", or ')' */
    HOORAY = 8,       /* ',', '!', ':' */
    TODAY = 16,       /* the first letter of "today", "tomorrow" */
    NOW = 32,         /* the last letter of "now" */
    AND = 64,         /* the first of "and", '&', ',', "now", "already" */
};

#define BOTH(c, bits) [c] = (bits), [(c) - 32] = (bits)
static const unsigned char age_next_to[128] = {
    BOTH('e', AGE_BEFORE), BOTH('d', AGE_BEFORE), BOTH('g', AGE_BEFORE),
    BOTH('s', AGE_BEFORE | AGE_AFTER), BOTH('r', AGE_AFTER),
    BOTH('n', AGE_BEFORE | AGE_AFTER | AND),
    BOTH('t', AGE_AFTER | TODAY), BOTH('y', AGE_NEXT), [')'] = AGE_NEXT,
    [','] = HOORAY | AND, ['!'] = HOORAY, [':'] = HOORAY,
    BOTH('w', NOW), BOTH('a', AND), ['&'] = AND,
};
#undef BOTH

int pc__key_age_shape(const char *s, size_t i, size_t e, size_t to)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char before = 0, a1 = 0, a2 = 0;
    size_t j;

    for (j = i; j > 0 && pc__ascii_space(u[j - 1]); j--)
        ;
    if (j > 0)
        before = u[j - 1];
    if (e < to)
        a1 = u[e];
    for (j = e; j < to && (pc__ascii_space(u[j]) || u[j] == '-'); j++)
        ;
    if (j < to)
        a2 = u[j];
    if (before >= 0x80 || a1 >= 0x80 || a2 >= 0x80)
        return 1;
    before = age_next_to[before];
    a1 = age_next_to[a1];
    a2 = age_next_to[a2];
    /* "aged 7", "is 5", "'s 5", "will be 5", "are 7", "turns 7";
     * "7th birthday", "happy 7th"; "7 years old", "Caleb (7)" */
    if ((before & AGE_BEFORE) || (a1 & AGE_AFTER) || (a2 & AGE_NEXT))
        return 1;
    /* "hooray, 7 today"; "are now 5 and 7 now", "now 5and" */
    return ((before & HOORAY) && (a2 & TODAY)) ||
           ((before & NOW) && (a2 & AND));
}
