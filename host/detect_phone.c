/* detect_phone.c: phone numbers: the UK and North American plans by
 * hand, the world's through libphonenumber's metadata (phone_plan.h), and
 * the words that say a number is a phone number or something else. See
 * docs/PERSONAL-DATA.md.
 *
 * Decisions (see tests/corpus/README.md): an organisation's own numbers
 * are not personal data, so numbers introduced as an office or helpline
 * and the non-geographic UK ranges (03, 080x) are not reported unless a
 * phone word says they are someone's. */
#include <string.h>

#include "detect_int.h"
#include "phone_plan.h"

/* A candidate's digits (d, n of them, at most 15) and digit groups (g,
 * ng of them), read once and asked by both checks. */
struct digits {
    char d[32];
    size_t n;
    int g[12], ng;
};

static int phone_uk_na_ok(pc__scan *sc, size_t ms, size_t me,
                          const struct digits *x);

/* Digit-group lengths of s[start, end), split at any non-digit. */
static int groups(const char *s, size_t start, size_t end, int *g, int cap)
{
    int n = 0;
    size_t i;

    for (i = start; i < end; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (i == start || s[i - 1] < '0' || s[i - 1] > '9') {
                if (n == cap)
                    return -1;
                g[n++] = 0;
            }
            g[n - 1]++;
        }
    }
    return n;
}

/* A North American number: NXX NXX XXXX (digits without the 1). */
static int nanp_ok(const char *d)
{
    return d[0] >= '2' && d[3] >= '2' && !(d[1] == '1' && d[2] == '1');
}

/* The area code alone is valid: people (and TV, "(555) 010-1234") write
 * exchanges that the plan does not issue. Enough when the number is
 * written as a phone number is: "+1", brackets or a call word. */
static int nanp_area_ok(const char *d)
{
    return d[0] >= '2' && !(d[1] == '1' && d[2] == '1');
}

/* A UK national number after the leading 0 (9 or 10 digits). */
static int uk_national_ok(const char *d, size_t n)
{
    if (d[0] == '7')
        return n == 10;
    if (d[0] == '1')
        return n == 9 || n == 10;
    if (d[0] == '2')
        return n == 10;
    return 0; /* 03, 05, 08, 09: organisations, pagers, premium */
}

/* Separators as people write phone numbers: spaces, dashes or dots, one
 * pair of brackets opening a group; dots never mixed with the others
 * ("0.2.9 (2001-10-27" is a version and a date, "129.241.36.200" an
 * address). */
static int seps_ok(const char *s, size_t a, size_t b)
{
    int dots = 0, other = 0, open = 0, close = 0;
    size_t i;

    for (i = a; i < b; i++) {
        char c = s[i];

        if (c == '.')
            dots++;
        else if (c == ' ' || c == '-')
            other++;
        if (c == '(' && (open++ || (i > a && s[i - 1] != ' ')))
            return 0;
        if (c == ')' && (close++ || !open))
            return 0;
        if ((c == '.' || c == '-') && i + 1 < b &&
            (s[i + 1] == '.' || s[i + 1] == '-' || s[i + 1] == ' '))
            return 0;
    }
    return open == close && !(dots && (other || open));
}

/* An international number: cc is the digits after "+" or "00". UK and
 * North American numbers are checked against their plans; others only by
 * length (E.164 allows at most 15 digits). */
static int intl_ok(const char *cc, size_t cn)
{
    if (cc[0] == '4' && cc[1] == '4') {
        const char *nat = cc + 2;
        size_t nn = cn - 2;

        if (nat[0] == '0') { /* "+44 (0)20 ..." */
            nat++;
            nn--;
        }
        return uk_national_ok(nat, nn);
    }
    if (cc[0] == '1')
        return cn == 11 && nanp_area_ok(cc + 1);
    return cn >= 9 && cn <= 14;
}

/* Digit groups shaped like a date or a span of years, not a phone
 * number: 2024-03-12, 12.03.2024, 1998-2004, 1998 2004. */
static int date_shaped(const char *d, const int *g, int ng)
{
    int y1 = (d[0] == '1' && d[1] == '9') || (d[0] == '2' && d[1] == '0');

    if (ng == 3 && g[0] == 4 && g[1] <= 2 && g[2] <= 2)
        return y1;
    if (ng == 3 && g[0] <= 2 && g[1] <= 2 && g[2] == 4) {
        const char *y = d + g[0] + g[1];

        return (y[0] == '1' && y[1] == '9') || (y[0] == '2' && y[1] == '0');
    }
    if (ng == 2 && g[0] == 4 && g[1] == 4)
        return y1 && ((d[4] == '1' && d[5] == '9') ||
                      (d[4] == '2' && d[5] == '0'));
    return 0;
}

/* A candidate the UK and North American checks turned down, checked
 * against the numbering plans (phone_plan.h): written internationally it
 * must fit its country's plan; written nationally, a home region's. A
 * number that fits only by length, or is written as one bare run of
 * digits, needs a phone word near it ("call", "Phone:", "my number");
 * with one, any number of 8 to 15 digits laid out as phone numbers are
 * is taken as the person says. A UK number outside the ranges people
 * have (03, 08, 09: organisations) also needs one. Eight digits in
 * groups are numbers in Denmark or Norway ("28 55 70 78"). */
static int phone_plan_ok(pc__scan *sc, size_t ms, size_t me, const char *d,
                         size_t n, const int *g, int ng)
{
    int word = pc__near(sc, PC__P_PHONE_POS, ms, me, 30, 20);
    int intl = sc->s[ms] == '+' || (d[0] == '0' && d[1] == '0');
    const char *region = "";
    int fit;

    if (n < 8 || n > 15 || date_shaped(d, g, ng))
        return 0;
    if (word)
        return 1;
    /* One bare run of digits is a phone number only when it is written
     * with its trunk zero or its country code and is ten digits or more
     * ("0766043991"); shorter runs are counts, codes and years. */
    if (ng == 1 && !(n >= 10 && (intl || d[0] == '0')))
        return 0;
    /* Three, three and four digits is North America's layout, which
     * phone_uk_na_ok decided ("Catalogue 555-010-1234"). */
    if (!intl && d[0] != '0' && ng == 3 && g[0] == 3 && g[1] == 3 &&
        g[2] == 4)
        return 0;
    if (!pc__plan_load())
        return 0;
    if (intl) {
        size_t k = sc->s[ms] == '+' ? 0 : 2;

        if (pc__plan_intl(d + k, n - k) != PC__PLAN_VALID)
            return 0;
        /* +44: the UK ranges by hand decided already (organisations). */
        return !(d[k] == '4' && d[k + 1] == '4');
    }
    /* A UK number the ranges by hand turned down is an organisation's,
     * unless another region issues it ("030 1234 5678" in Berlin). */
    fit = pc__plan_national(d, n, NULL, &region);
    if (fit == PC__PLAN_VALID && !strcmp(region, "GB") &&
        !uk_national_ok(d + 1, n - 1))
        fit = pc__plan_national(d, n, "GB", &region);
    return fit == PC__PLAN_VALID;
}

/* Validates a phone candidate: its digits, separators and groups read
 * once, for both checks. */
static int phone_ok(pc__scan *sc, size_t ms, size_t me)
{
    struct digits x;

    x.n = pc__digits(sc->s, ms, me, x.d, sizeof x.d);
    if (x.n > 15 || !seps_ok(sc->s, ms, me))
        return 0;
    x.ng = groups(sc->s, ms, me, x.g, 12);
    if (x.ng < 0)
        return 0;
    return phone_uk_na_ok(sc, ms, me, &x) ||
           phone_plan_ok(sc, ms, me, x.d, x.n, x.g, x.ng);
}

/* The UK and North American plans, by hand (as before the world's plans
 * were added): these decide the corpus's cases. x: the candidate's
 * digits and groups, its separators found fit (phone_ok). bare: written
 * without separators. */
static int phone_uk_na_ok(pc__scan *sc, size_t ms, size_t me,
                          const struct digits *x)
{
    const char *d = x->d;
    const int *g = x->g;
    size_t n = x->n;
    int ng = x->ng, bare = ng == 1;

    if (n < 10)
        return 0;
    if (sc->s[ms] == '+' || (d[0] == '0' && d[1] == '0'))
        return intl_ok(d + (d[0] == '0' ? 2 : 0), n - (d[0] == '0' ? 2 : 0));
    if (d[0] == '0')
        return uk_national_ok(d + 1, n - 1) && (!bare || d[1] == '7' ||
                                                pc__near(sc, PC__P_PHONE_POS,
                                                         ms, me, 30, 0));
    if (n == 11 && d[0] == '1')
        return !bare && (nanp_ok(d + 1) ||
                         (nanp_area_ok(d + 1) &&
                          pc__near(sc, PC__P_PHONE_POS, ms, me, 30, 0)));
    if (n != 10 || !nanp_area_ok(d))
        return 0;
    if (bare)
        return nanp_ok(d) && pc__near(sc, PC__P_PHONE_POS, ms, me, 30, 0);
    if (!(ng == 3 && g[0] == 3 && g[1] == 3 && g[2] == 4))
        return 0;
    return nanp_ok(d) || sc->s[ms] == '(' ||
           pc__near(sc, PC__P_PHONE_POS, ms, me, 30, 0);
}

void pc__det_phone(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_PHONE, &pos, &ms, &me)) {
        if (!phone_ok(sc, ms, me))
            continue;
        if (pc__near(sc, PC__P_PHONE_NEG, ms, me, 30, 0) &&
            !pc__near(sc, PC__P_PHONE_POS, ms, me, 12, 0))
            continue;
        if (pc__near(sc, PC__P_ORG_CTX, ms, me, 40, 30))
            continue;
        pc__hit(sc, ms, me, "phone", "a phone number");
    }
}

