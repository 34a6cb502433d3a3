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
 * is there. Runs only when a word saying so is in the post. */
static void labelled_lines(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    if (!pc__find(sc, PC__P_ADDR_CTX, 0, sc->len))
        return;
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
    explicit_streets(sc, PC__P_STREET_TYPE);
    explicit_streets(sc, PC__P_STREET_COMPOUND);
    explicit_streets(sc, PC__P_STREET_JP);
    labelled_lines(sc);
}
