/* detect_pii.c: contact and location personal data: email addresses,
 * UK postcodes, street addresses (UK shapes here, other countries' in
 * detect_addr.c) and dates of birth (a date near "born", "DOB",
 * "birthday", or a child's age tied to a person). Phone numbers are in
 * detect_phone.c.
 *
 * Decisions (see tests/corpus/README.md): an organisation's own contact
 * points are not personal data, so role mailboxes (info@, office@ ...)
 * and addresses or postcodes introduced as a venue or an office
 * ("Suite 110", "registered office") are not reported, unless the post
 * says someone lives there. A date of birth before 1906 is history
 * ("Darwin was born on 12 February 1809"), not personal data. An email
 * address needs a real-looking top-level domain ("en@quot.header" is a
 * file name) and is not on a placeholder domain (example.com). A UK
 * postcode written without its space needs the word "postcode" or a
 * home nearby ("A64FX" is a chip). */
#include <string.h>

#include "detect_int.h"

static const char *const role_boxes[] = {
    "info", "office", "admin", "enquiries", "enquiry", "contact", "hello",
    "marketing", "admissions", "press", "media", "support", "reception",
    "noreply", "no-reply", "sales", "events", "membership", "members",
    "communications", "comms", "news", "help", "team", "bookings",
    "accounts", "finance", "hr", "jobs", "careers", "recruitment",
    "governors", "clerk", "headteacher", "head", "schooloffice", "pta",
    "safeguarding", "dpo", "privacy", "webmaster", "social", "editor",
    "secretary", "chair", "president", "conference", "general",
    "education", "training", "learning", "cpd", "programs", "programmes",
    "chapters", "chapter", "partnerships", "sponsorship", "volunteering",
    "volunteers", "it", "ict", "web", "newsletter", "research", "policy",
    "alumni", "library", "facilities", "payroll", "bursar", "exams",
    "attendance", "senco", "office.manager", "enquire", "studentservices",
    NULL
};

/* Top-level domains beyond the two-letter country codes: the common
 * generic ones and those organisations in the UK and US use. A longer
 * "TLD" not listed is a file name ("en@quot.header", "logo@2x.png"). */
static const char *const long_tlds[] = {
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name",
    "pro", "app", "dev", "online", "site", "tech", "store", "shop", "xyz",
    "club", "academy", "school", "education", "law", "legal", "london",
    "scot", "wales", "cymru", "email", "blog", "charity", "ngo", "solutions",
    "services", "live", "life", "world", "cloud", "digital", "media",
    "news", "agency", "company", "church", "family", "global", "health",
    "network", "social", "team", "uni", "university", NULL
};

/* Documentation and test domains (RFC 2606) are placeholders. */
static const char *const placeholder_domains[] = {
    "example.com", "example.org", "example.net", "test", "invalid",
    "localhost", "email.com", "domain.com", NULL
};

/* Returns 1 if s[0, n) equals one of words, ignoring ASCII case. */
static int in_list(const char *s, size_t n, const char *const *words)
{
    size_t i, k;

    for (i = 0; words[i]; i++) {
        if (strlen(words[i]) != n)
            continue;
        for (k = 0; k < n; k++) {
            char c = s[k];

            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (c != words[i][k])
                break;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

/* Compares n bytes ignoring ASCII case. Returns 0 if equal. */
static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char x = a[i], y = b[i];

        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return x - y;
    }
    return 0;
}

static int has_double_dot(const char *s, size_t a, size_t b)
{
    for (; a + 1 < b; a++)
        if (s[a] == '.' && s[a + 1] == '.')
            return 1;
    return 0;
}

/* The local part of a written-out address ("office [at] ...") is a role
 * mailbox: the organisation's own contact point. */
static int role_local(const char *s, size_t ms, size_t me)
{
    size_t e = ms;

    while (e < me && s[e] != ' ' && s[e] != '[' && s[e] != '(' &&
           s[e] != '{')
        e++;
    return in_list(s + ms, e - ms, role_boxes);
}

/* Returns 1 if an email hit already starts at ms. */
static int covered(const pc__scan *sc, size_t ms)
{
    size_t i;

    for (i = 0; i < sc->out->n; i++)
        if (sc->out->v[i].start == ms)
            return 1;
    return 0;
}

void pc__det_email(pc__scan *sc)
{
    size_t pos = 0, ms, me, ls, le, ts, te, ds, de;

    while (pc__next(sc, PC__P_EMAIL, &pos, &ms, &me)) {
        pc__group(sc, 1, &ls, &le);
        pc__group(sc, 3, &ts, &te);
        if (sc->s[le - 1] == '.' || has_double_dot(sc->s, ls, le))
            continue;
        if (te - ts > 2 && !in_list(sc->s + ts, te - ts, long_tlds))
            continue;
        pc__group(sc, 2, &ds, &de);
        if (in_list(sc->s + ds, de - ds, placeholder_domains) ||
            in_list(sc->s + ts, te - ts, placeholder_domains))
            continue;
        if (in_list(sc->s + ls, le - ls, role_boxes))
            continue;
        pc__hit(sc, ms, me, "email", "an email address");
    }
    pos = 0;
    while (pc__next(sc, PC__P_EMAIL_OBF, &pos, &ms, &me))
        if (!role_local(sc->s, ms, me))
            pc__hit(sc, ms, me, "email", "an email address");
    /* Written out with any domain, an address needs its "at" (the key of
     * PC__P_EMAIL_SPOKEN: no match without one) and an email word: look
     * for both first, which most posts lack, before the costlier scan. */
    if (!pc__has_key(sc, PC__KEY_SPOKEN_AT) ||
        !pc__find(sc, PC__P_EMAIL_CTX, 0, sc->len))
        return;
    pos = 0;
    while (pc__next(sc, PC__P_EMAIL_SPOKEN, &pos, &ms, &me))
        if (!role_local(sc->s, ms, me) && !covered(sc, ms) &&
            pc__near(sc, PC__P_EMAIL_CTX, ms, me, 40, 0))
            pc__hit(sc, ms, me, "email", "an email address");
}

/* A place the organisation publishes (a venue, its office) is not
 * personal data, unless the post also says someone lives there. */
static int public_place(pc__scan *sc, size_t ms, size_t me)
{
    return pc__near(sc, PC__P_VENUE_CTX, ms, me, 80, 20) &&
           !pc__near(sc, PC__P_HOME_CTX, ms, me, 60, 20);
}

void pc__det_postcode(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_POSTCODE, &pos, &ms, &me)) {
        if (pc__near(sc, PC__P_CODE_CTX, ms, me, 25, 0))
            continue;
        /* Written without its space ("A64FX", "U00ZZ") the shape is a
         * product or key code unless the post says it is a postcode. */
        if (!memchr(sc->s + ms, ' ', me - ms) &&
            !pc__near(sc, PC__P_POSTCODE_CTX, ms, me, 40, 0) &&
            !pc__near(sc, PC__P_HOME_CTX, ms, me, 60, 0))
            continue;
        if (public_place(sc, ms, me))
            continue;
        pc__hit(sc, ms, me, "postcode", "a postcode");
    }
}

static const char *const name_stops[] = {
    "The", "Our", "Your", "My", "His", "Her", "Their", "All", "Year",
    "Class", "These", "Those", "Top", "Best", "More", "New", "Every",
    "Each", "Great", "Big", "Key", "Main", NULL
};

/* Returns 1 if s[start, end) (the name words of an address) starts with a
 * word that cannot be a street name ("Year 4 Nature Walk"). */
static int stop_start(const char *s, size_t start, size_t end)
{
    size_t e = start;

    while (e < end && s[e] != ' ' && s[e] != '\t')
        e++;
    return e > start && in_list(s + start, e - start, name_stops);
}

/* Returns 1 if an address hit overlaps [ms, me). */
static int address_at(const pc__scan *sc, size_t ms, size_t me)
{
    size_t i;

    for (i = 0; i < sc->out->n; i++)
        if (sc->out->v[i].start < me && sc->out->v[i].end > ms &&
            !strcmp(sc->out->v[i].kind, "address"))
            return 1;
    return 0;
}

/* Addresses written without capitals ("party at mine, 14 elm close"):
 * only beside a home word or followed by a postcode. */
static void addresses_any_case(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_ADDRESS_CI, &pos, &ms, &me)) {
        if (address_at(sc, ms, me) ||
            pc__find(sc, PC__P_ADDR_LEAD, ms > 30 ? ms - 30 : 0, ms))
            continue;
        if (!pc__near(sc, PC__P_HOME_CTX, ms, me, 60, 20) &&
            !pc__near(sc, PC__P_POSTCODE, ms, me, 0, 40))
            continue;
        if (public_place(sc, ms, me))
            continue;
        pc__hit(sc, ms, me, "address", "a home address");
    }
}

void pc__det_address(pc__scan *sc)
{
    size_t pos = 0, ms, me, ns, ne;

    while (pc__next(sc, PC__P_ADDRESS, &pos, &ms, &me)) {
        pc__group(sc, 2, &ns, &ne);
        if (stop_start(sc->s, ns, ne))
            continue;
        if (pc__find(sc, PC__P_ADDR_LEAD, ms > 30 ? ms - 30 : 0, ms))
            continue;
        if (me - ms >= 17 && memcmp(sc->s + ms, "10 Downing Street", 17) == 0)
            continue;
        if (public_place(sc, ms, me))
            continue;
        pc__hit(sc, ms, me, "address", "a home address");
    }
    addresses_any_case(sc);
    pos = 0;
    while (pc__next(sc, PC__P_ADDRESS_LC, &pos, &ms, &me)) {
        size_t gs, ge;
        size_t i;
        int dup = 0;

        pc__group(sc, 1, &gs, &ge);
        for (i = 0; i < sc->out->n; i++)
            if (sc->out->v[i].start == gs && !strcmp(sc->out->v[i].kind,
                                                     "address"))
                dup = 1;
        if (!dup)
            pc__hit(sc, gs, ge, "address", "a home address");
    }    pc__det_address_world(sc);
}

static int num(const char *s, size_t a, size_t b)
{
    int v = 0;

    for (; a < b; a++)
        v = v * 10 + (s[a] - '0');
    return v;
}

/* Returns the first four-digit year in s[a, b), or 0. */
static int year_in(const char *s, size_t a, size_t b)
{
    size_t i;

    for (i = a; i + 4 <= b; i++)
        if ((i == a || s[i - 1] < '0' || s[i - 1] > '9') &&
            (s[i] == '1' || s[i] == '2') && s[i + 1] >= '0' &&
            s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
            s[i + 3] >= '0' && s[i + 3] <= '9' &&
            (i + 4 == b || s[i + 4] < '0' || s[i + 4] > '9'))
            return num(s, i, i + 4);
    return 0;
}

/* Numeric dates must be a real day and month either way round. Someone
 * born before 1906 is a historical figure, not personal data. */
static int date_ok(const pc__scan *sc, size_t ms, size_t me)
{
    size_t a, b, c, d;
    int year = year_in(sc->s, ms, me);

    if (year && year < 1906)
        return 0;
    if (pc__group(sc, 1, &a, &b) && pc__group(sc, 2, &c, &d)) {
        int x = num(sc->s, a, b), y = num(sc->s, c, d);

        return x >= 1 && y >= 1 && ((x <= 31 && y <= 12) ||
                                    (x <= 12 && y <= 31));
    }
    if (pc__group(sc, 5, &a, &b) && pc__group(sc, 6, &c, &d)) {
        int m = num(sc->s, a, b), day = num(sc->s, c, d);

        return m >= 1 && m <= 12 && day >= 1 && day <= 31;
    }
    return 1;
}

/* A first name (not after a title) within [from, to): the buffer read
 * as if it ended at to, as pc__near reads it. The scan's own state
 * (its windows, keys and verdicts on the whole buffer) serves, and the
 * age being judged (sc->md) is kept. */
static int name_between(pc__scan *sc, size_t from, size_t to)
{
    size_t pos = from, ms, me;

    while (pc__next_before(sc, PC__P_NAME, to, &pos, &ms, &me))
        if (pc__is_first_name(sc->d, sc->s + ms, me - ms) &&
            !pc__find(sc, PC__P_TITLE_BEFORE, ms > 20 ? ms - 20 : 0, ms))
            return 1;
    return 0;
}

/* The age in s[ms, me): its digits, or a number word. Returns 0 if
 * none. */
static int age_value(const char *s, size_t ms, size_t me)
{
    static const char *const words[] = {
        "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", NULL
    };
    char d[4];
    size_t i, k, n = me - ms;

    if (pc__digits(s, ms, me, d, sizeof d) > 2)
        return 0;
    if (d[0])
        return num(d, 0, strlen(d));
    for (i = 0; words[i]; i++) {
        size_t w = strlen(words[i]);

        for (k = 0; k + w <= n; k++)
            if ((k == 0 || s[ms + k - 1] == ' ') &&
                (k + w == n || s[ms + k + w] == ' ' ||
                 s[ms + k + w] == '-') &&
                strncasecmp_ascii(s + ms + k, words[i], w) == 0)
                return (int)i + 1;
    }
    return 0;
}

/* A child's age tied to a person: a first name or "my son" nearby. */
static void ages(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_AGE, &pos, &ms, &me)) {
        int age = age_value(sc->s, ms, me);
        size_t from = ms > 40 ? ms - 40 : 0;
        size_t to = me + 30 < sc->len ? me + 30 : sc->len;

        if (age < 1 || age > 17)
            continue;
        /* "Sophie turned 8", "Evie is 5 today": the person comes before
         * the verb. */
        if (strchr("tTiIwW'", sc->s[ms]) || (unsigned char)sc->s[ms] > 127)
            to = me;
        /* "Caleb (12)", "my girl, 12 today": the person is just before. */
        if (sc->s[ms] == ' ' || sc->s[ms] == '(' || me - ms <= 2) {
            from = ms > 16 ? ms - 16 : 0;
            to = ms;
        }
        if (pc__near(sc, PC__P_KIN, ms, me, 40, to > me ? to - me : 0) ||
            pc__find(sc, PC__P_AGE_WHO, ms > 24 ? ms - 24 : 0, ms) ||
            name_between(sc, from, to))
            pc__hit(sc, ms, me, "dob", "a date of birth or a child's age");
    }
}

void pc__det_dob(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_DATE, &pos, &ms, &me)) {
        if (!date_ok(sc, ms, me))
            continue;
        if (!pc__near(sc, PC__P_DOB_CTX, ms, me, 40, 25))
            continue;
        if (pc__near(sc, PC__P_DOB_NEG, ms, me, 40, 25))
            continue;
        pc__hit(sc, ms, me, "dob", "a date of birth or a child's age");
    }
    pos = 0;
    while (pc__next(sc, PC__P_BDAY_MD, &pos, &ms, &me))
        if (date_ok(sc, ms, me))
            pc__hit(sc, ms, me, "dob", "a date of birth or a child's age");
    pos = 0;
    while (pc__next(sc, PC__P_BORN_YEAR, &pos, &ms, &me))
        if (year_in(sc->s, ms, me) >= 1906)
            pc__hit(sc, ms, me, "dob", "a date of birth or a child's age");
    ages(sc);
}
