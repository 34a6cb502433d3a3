/* detect_num.c: identity and money numbers checked by their own rules:
 * UK National Insurance numbers (HMRC prefix rules), payment cards (Luhn
 * and issuer ranges), bank details (UK sort code with an account number,
 * IBAN with its mod-97 check, US ABA routing numbers with their checksum)
 * and US Social Security numbers (SSA area, group and serial rules). */
#include <string.h>

#include "detect_int.h"

static const char *const ni_bad_prefixes[] = {
    "BG", "GB", "NK", "KN", "TN", "NT", "ZZ", NULL
};

void pc__det_ni(pc__scan *sc)
{
    size_t pos = 0, ms, me, ps, pe, ss, se;

    while (pc__next(sc, PC__P_NI, &pos, &ms, &me)) {
        int bad = 0, i;

        pc__group(sc, 1, &ps, &pe);
        for (i = 0; ni_bad_prefixes[i]; i++)
            if (memcmp(sc->s + ps, ni_bad_prefixes[i], 2) == 0)
                bad = 1;
        if (bad)
            continue;
        /* Without the suffix letter the shape is common (a product code),
         * so it needs the words "NI" or "National Insurance" nearby. */
        if (!pc__group(sc, 5, &ss, &se) &&
            !pc__near(sc, PC__P_NI_CTX, ms, me, 40, 0))
            continue;
        pc__hit(sc, ms, me, "ni-number", "a National Insurance number");
    }
}

static int luhn_ok(const char *d, size_t n)
{
    int sum = 0, dbl = 0;
    size_t i;

    for (i = n; i-- > 0;) {
        int v = d[i] - '0';

        if (dbl) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

static int prefix(const char *d, int len)
{
    int v = 0, i;

    for (i = 0; i < len; i++)
        v = v * 10 + (d[i] - '0');
    return v;
}

/* Issuer ranges (IIN) and the lengths each network issues. Returns 2
 * for a card number, 1 for one that needs a card word beside it (a
 * 12-digit Maestro, a UATP airline card: shapes many other numbers
 * have), 0 for none. */
static int iin_ok(const char *d, size_t n)
{
    int p2 = prefix(d, 2), p3 = prefix(d, 3), p4 = prefix(d, 4);
    int p6 = prefix(d, 6);

    if (d[0] == '4') /* Visa, Visa Electron */
        return (n == 13 || n == 16 || n == 19) ? 2 : 0;
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
        return n == 16 ? 2 : 0; /* Mastercard */
    if (p2 == 34 || p2 == 37) /* American Express */
        return n == 15 ? 2 : 0;
    if (p4 >= 2200 && p4 <= 2204) /* Mir */
        return n >= 16 && n <= 19 ? 2 : 0;
    if (p4 == 1800 || p4 == 2131) /* JCB, 15 digits */
        return n == 15 ? 2 : 0;
    if (p4 >= 3528 && p4 <= 3589) /* JCB */
        return n >= 16 && n <= 19 ? 2 : 0;
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39)
        return n >= 14 && n <= 19 ? 2 : 0; /* Diners Club */
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || p2 == 62 ||
        p3 == 636) /* Discover, UnionPay, InterPayment */
        return n >= 16 && n <= 19 ? 2 : 0;
    if ((p6 >= 506099 && p6 <= 506198) || (p6 >= 650002 && p6 <= 650027))
        return n == 16 || n == 18 || n == 19 ? 2 : 0; /* Verve */
    if (p4 == 9792 || p2 == 81 || p2 == 82) /* Troy, RuPay */
        return n == 16 ? 2 : 0;
    if (p2 == 50 || (p2 >= 56 && p2 <= 69)) /* Maestro, Dankort, ... */
        return n >= 13 && n <= 19 ? 2 : n == 12;
    if (d[0] == '1') /* UATP */
        return n == 15;
    return 0;
}

/* Separated digits must be grouped as cards print them (4 4 4 4, 4 6 5). */
static int card_groups_ok(const char *s, size_t a, size_t b)
{
    size_t run = 0, i;
    int groups = 0;

    for (i = a; i <= b; i++) {
        if (i < b && s[i] >= '0' && s[i] <= '9') {
            run++;
            continue;
        }
        if (groups == 0 && run != 4 && run < 12)
            return 0;
        if (run > 6 && run < 12)
            return 0;
        groups++;
        run = 0;
    }
    return 1;
}

void pc__det_card(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_CARD, &pos, &ms, &me)) {
        char d[24];
        size_t n = pc__digits(sc->s, ms, me, d, sizeof d);
        int iin = n >= 12 && n <= 19 ? iin_ok(d, n) : 0;

        if (!iin || !luhn_ok(d, n))
            continue;
        if (iin == 1 && !pc__near(sc, PC__P_CARD_CTX, ms, me, 40, 20))
            continue;
        if (!card_groups_ok(sc->s, ms, me))
            continue;
        /* "Tracking number 6768...", "Barcode 6645...": said to be
         * something else, and no card word says otherwise. */
        if (pc__near(sc, PC__P_PHONE_NEG, ms, me, 30, 0) &&
            !pc__near(sc, PC__P_CARD_CTX, ms, me, 40, 20))
            continue;
        pc__hit(sc, ms, me, "payment-card", "a payment card number");
    }
}

static const char *const bank_label = "bank account details";

/* UK: a sort code, with an 8-digit account number near it or the words
 * "sort code"; a date such as 12-05-24 alone is not reported. */
static void sort_codes(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_SORTCODE, &pos, &ms, &me)) {
        int labelled = !(sc->s[ms] >= '0' && sc->s[ms] <= '9') ||
                       pc__near(sc, PC__P_BANK_CTX, ms, me, 40, 0);

        if (!labelled && !pc__near(sc, PC__P_ACCT8, ms, me, 50, 50))
            continue;
        /* "Order 27539480 on 27-12-22": a date beside an order number. */
        if (!labelled && pc__near(sc, PC__P_PHONE_NEG, ms, me, 40, 0))
            continue;
        pc__hit(sc, ms, me, "bank-account", bank_label);
    }
}

static void account_numbers(pc__scan *sc)
{
    size_t pos = 0, ms, me, gs, ge;

    while (pc__next(sc, PC__P_ACCT_LABEL, &pos, &ms, &me)) {
        pc__group(sc, 1, &gs, &ge);
        if (!pc__near(sc, PC__P_BANK_CTX, ms, me, 60, 60) &&
            !pc__near(sc, PC__P_SORTCODE, ms, me, 60, 60))
            continue;
        pc__hit(sc, gs, ge, "bank-account", bank_label);
    }
}

static int aba_ok(const char *d)
{
    int v[9], i, p2 = prefix(d, 2);

    for (i = 0; i < 9; i++)
        v[i] = d[i] - '0';
    if (!((p2 <= 12) || (p2 >= 21 && p2 <= 32) || (p2 >= 61 && p2 <= 72) ||
          p2 == 80))
        return 0;
    return (3 * (v[0] + v[3] + v[6]) + 7 * (v[1] + v[4] + v[7]) +
            (v[2] + v[5] + v[8])) % 10 == 0;
}

static void routing_numbers(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_ROUTING, &pos, &ms, &me)) {
        char d[12];

        pc__digits(sc->s, ms, me, d, sizeof d);
        if (!aba_ok(d) || !pc__near(sc, PC__P_ROUTING_CTX, ms, me, 100, 0))
            continue;
        pc__hit(sc, ms, me, "bank-account", bank_label);
    }
}

/* Each country's IBAN length (the SWIFT IBAN registry): country code,
 * then length. */
static const char iban_lengths[] =
    "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24"
    "DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27"
    "GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20"
    "LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24"
    "PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25"
    "SV28TL23TN24TR26UA29VA22VG24XK20YE30";

/* The IBAN length of country s[0..1], or 0 for a country without IBANs. */
static size_t iban_length(const char *s)
{
    const char *p;

    for (p = iban_lengths; *p; p += 4)
        if (p[0] == s[0] && p[1] == s[1])
            return (size_t)((p[2] - '0') * 10 + (p[3] - '0'));
    return 0;
}

/* IBAN: the length its country's registry entry gives; letters count as
 * 10..35, the whole moved-round number mod 97 is 1. */
static int iban_ok(const char *s, size_t a, size_t b)
{
    unsigned rem = 0;
    size_t i, n = 0, k;

    for (k = 0; k < 2; k++) {
        for (i = k == 0 ? a + 4 : a; i < (k == 0 ? b : a + 4); i++) {
            char c = s[i];

            if (c == ' ')
                continue;
            n++;
            if (c >= '0' && c <= '9')
                rem = (rem * 10 + (unsigned)(c - '0')) % 97;
            else
                rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
        }
    }
    return n == iban_length(s + a) && rem == 1;
}

static void ibans(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_IBAN, &pos, &ms, &me))
        if (iban_ok(sc->s, ms, me))
            pc__hit(sc, ms, me, "bank-account", bank_label);
}

void pc__det_bank(pc__scan *sc)
{
    sort_codes(sc);
    routing_numbers(sc);
    account_numbers(sc);
    ibans(sc);
}

/* SSA rules: area not 000, 666 or 900-999; group not 00; serial not
 * 0000; and not the numbers voided after appearing in advertising. */
static int ssn_ok(const char *d)
{
    int area = prefix(d, 3), grp = prefix(d + 3, 2), ser = prefix(d + 5, 4);

    if (area == 0 || area == 666 || area >= 900 || grp == 0 || ser == 0)
        return 0;
    return strcmp(d, "078051120") != 0 && strcmp(d, "219099999") != 0;
}

void pc__det_ssn(pc__scan *sc)
{
    size_t pos = 0, ms, me;
    char d[12];

    while (pc__next(sc, PC__P_SSN, &pos, &ms, &me)) {
        pc__digits(sc->s, ms, me, d, sizeof d);
        if (ssn_ok(d))
            pc__hit(sc, ms, me, "us-ssn", "a Social Security number");
    }
    pos = 0;
    while (pc__next(sc, PC__P_SSN_LABEL, &pos, &ms, &me)) {
        size_t gs, ge, i;
        int dup = 0;

        pc__group(sc, 1, &gs, &ge);
        pc__digits(sc->s, gs, me, d, sizeof d);
        for (i = 0; i < sc->out->n; i++)
            if (sc->out->v[i].start == gs)
                dup = 1;
        if (!dup && ssn_ok(d))
            pc__hit(sc, gs, me, "us-ssn", "a Social Security number");
    }
}
