/* detect_addr.c: street addresses in the shapes of many countries, beside
 * the UK-first patterns of detect_pii.c: the house number before the
 * street (UK, Ireland, US, Canada, Australia, France), the street word
 * first ("Calle Mayor 5", "Via Roma 12", "ul. Długa 3"), the street word
 * ending the name and the number after it (Germany, the Netherlands, the
 * Nordic countries, Finland, Hungary), and Japan's chōme-banchi-gō.
 *
 * Decisions: with the number first, many street words are everyday
 * English nouns ("Island", "Lights", "Summit": the USPS's suffixes), so
 * the shape needs more: a flat, suite or town after it ("..., Port
 * Ciara"), or a word saying it is an address ("Address:", "send it to",
 * "I live at"); a bare "14 Acacia Avenue" is detect_pii.c's to judge. The
 * foreign street words (Rue, Calle, Via, -straße, -vej, -tie, utca ...)
 * and Japanese addresses are enough by themselves.
 * As in detect_pii.c, an address introduced as a venue is not reported
 * unless the post says someone lives there, and counts and labels before
 * the number ("Season 3", "Table 12") are not house numbers. */
#include <string.h>

#include "detect_int.h"

/* Returns 1 if an address or postcode hit overlaps [ms, me). */
static int known(const pc__scan *sc, size_t ms, size_t me)
{
    size_t i;

    for (i = 0; i < sc->out->n; i++)
        if (sc->out->v[i].start < me && sc->out->v[i].end > ms &&
            (!strcmp(sc->out->v[i].kind, "address") ||
             !strcmp(sc->out->v[i].kind, "postcode")))
            return 1;
    return 0;
}

/* A venue or an office named before or in the address ("Unit 4", "PO
 * Box 1142"), and nobody said they live there. */
static int venue(pc__scan *sc, size_t ms, size_t me)
{
    return pc__near(sc, PC__P_VENUE_CTX, ms, me, 80, 0) &&
           !pc__near(sc, PC__P_HOME_CTX, ms, me, 60, 20);
}

/* A word saying this is an address or someone's home. */
static int labelled(pc__scan *sc, size_t ms, size_t me)
{
    return pc__near(sc, PC__P_ADDR_CTX, ms, me, 60, 30);
}

/* A flat or suite, then a town or postcode, right after me. */
static int town_after(pc__scan *sc, size_t me)
{
    return pc__find(sc, PC__P_ADDR_TAIL, me, me + 60);
}

/* A count or label before the number ("Season 3", "Table 12"). */
static int led(pc__scan *sc, size_t ms)
{
    return pc__find(sc, PC__P_ADDR_LEAD, ms > 30 ? ms - 30 : 0, ms);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A word that can name a street: capitalised (or starting with a
 * non-ASCII letter, which may be a capital), abbreviated ("Str.", "ul."),
 * or a Hungarian street word written in lower case. w[0, n). */
static int street_word(const char *w, size_t n)
{
    static const struct {
        const char *w;
        size_t n;
    } lower[] = {
        {"tér", sizeof "tér" - 1},     {"út", sizeof "út" - 1},
        {"utca", sizeof "utca" - 1},   {"körút", sizeof "körút" - 1},
        {"köz", sizeof "köz" - 1},     {"sor", sizeof "sor" - 1},
    };

    if (n == 0)
        return 0;
    if ((w[0] >= 'A' && w[0] <= 'Z') || (unsigned char)w[0] >= 0xC0 ||
        w[n - 1] == '.')
        return 1;
    for (size_t i = 0; i < sizeof lower / sizeof *lower; i++)
        if (lower[i].n == n && memcmp(lower[i].w, w, n) == 0)
            return 1;
    return 0;
}

/* 1 if the post has "s/n" (Spanish "sin número", no number). */
static int has_sn(const char *s, size_t len)
{
    const char *p = len ? memchr(s, '/', len) : NULL;

    for (; p; p = memchr(p + 1, '/', len - (size_t)(p - s) - 1)) {
        size_t k = (size_t)(p - s);
        if (k > 0 && s[k - 1] == 's' && k + 1 < len && s[k + 1] == 'n')
            return 1;
    }
    return 0;
}

/* Returns 1 if some house number in sc->s has a street word right
 * before it or right after it ("Calle Mayor 5", "12 Rue ..."), or the
 * post has "s/n". Every shape below needs one, so most posts ("year 4
 * class", "at 9 tomorrow") skip the costlier patterns. The runs of
 * digits are found from the scan's bits (pc__next_digit), the "s/n" by
 * its '/'. */
static int street_hint(pc__scan *sc)
{
    const char *s = sc->s;
    size_t len = sc->len;

    if (has_sn(s, len))
        return 1;
    for (size_t i = pc__next_digit_fast(sc, 0, len); i < len;
         i = pc__next_digit_fast(sc, i, len)) {
        size_t a, b, e;

        for (a = i; i < len && is_digit(s[i]); i++)
            ;
        /* The word before: back over ", " to its end, then its start. */
        e = a;
        while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == ',' ||
                         s[e - 1] == '\t'))
            e--;
        for (b = e; b > 0 && s[b - 1] != ' ' && s[b - 1] != '\t' &&
                    s[b - 1] != '\n' && s[b - 1] != ',';)
            b--;
        if (e < a && street_word(s + b, e - b))
            return 1;
        /* The word after: past a house letter ("21b") and ", ". */
        b = i;
        if (b < len && s[b] >= 'a' && s[b] <= 'z')
            b++;
        while (b < len && (s[b] == ' ' || s[b] == ',' || s[b] == '\t'))
            b++;
        if (b > i && b < len && ((s[b] >= 'A' && s[b] <= 'Z') ||
                                 (unsigned char)s[b] >= 0xC0))
            return 1;
    }
    return 0;
}

static void report(pc__scan *sc, size_t ms, size_t me)
{
    pc__hit(sc, ms, me, "address", "a home address");
}

static void number_first(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_STREET_NUM, &pos, &ms, &me)) {
        /* The street word may be a venue word ("Summit", "Station"):
         * only a venue named before the number counts. */
        if (known(sc, ms, me) || led(sc, ms) || venue(sc, ms, ms))
            continue;
        if (!town_after(sc, me) && !labelled(sc, ms, me))
            continue;
        report(sc, ms, me);
    }
}

/* Returns 1 if s[a, b) has a house number: a digit, or ends in "s/n"
 * (Spanish "sin número", no number). */
static int numbered(const char *s, size_t a, size_t b)
{
    size_t i;

    for (i = a; i < b; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    if (b > a && s[b - 1] == '.')
        b--;
    return b - a > 3 && s[b - 1] == 'n' && s[b - 2] == '/' &&
           s[b - 3] == 's';
}

/* The street word first, the compound street names and Japan's: their
 * street words are explicit, so the shape with its number is enough. */
static void explicit_streets(pc__scan *sc, int p)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, p, &pos, &ms, &me)) {
        if (!numbered(sc->s, ms, me) || known(sc, ms, me) ||
            led(sc, ms) || venue(sc, ms, me))
            continue;
        report(sc, ms, me);
    }
}

/* Any street line with a town after it, where the post says an address
 * is there. */
static void labelled_lines(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_STREET_ANY, &pos, &ms, &me)) {
        if (known(sc, ms, me) || led(sc, ms) || venue(sc, ms, me) ||
            !town_after(sc, me) || !labelled(sc, ms, me))
            continue;
        /* "Dates: Jan 15, Feb 19" */
        if (pc__find(sc, PC__P_DATE, ms, me))
            continue;
        report(sc, ms, me);
    }
}

void pc__det_address_world(pc__scan *sc)
{
    number_first(sc);
    explicit_streets(sc, PC__P_STREET_JP);
    if (!street_hint(sc))
        return;
    explicit_streets(sc, PC__P_STREET_TYPE);
    explicit_streets(sc, PC__P_STREET_COMPOUND);
    labelled_lines(sc);
}
