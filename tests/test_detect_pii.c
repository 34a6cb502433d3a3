/* test_detect_pii.c: personal data written as people in many countries
 * write it (phone numbers by numbering plan, addresses, bank and card
 * numbers, context words), and the look-alikes that must pass: dates,
 * times, prices, years, scores, order and reference numbers. Each case
 * names the exact text a hit must cover. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "detect_int.h"
#include "phone_plan.h"

#include "detect_fixture.h"

/* Returns 1 if detector name reports exactly want (a substring of text,
 * or NULL for "nothing at all"); on a mismatch prints what it found. */
static int reports(const char *name, const char *text, const char *want)
{
    pc_hits h = {0};
    size_t i;
    int ok = want == NULL;

    assert_int_equal(pc__detect_run_buf(dets, name, text, strlen(text), &h),
                     PC_OK);
    for (i = 0; i < h.n; i++) {
        size_t len = h.v[i].end - h.v[i].start;

        if (want && strlen(want) == len &&
            memcmp(text + h.v[i].start, want, len) == 0)
            ok = 1;
        else if (!want || !ok)
            print_error("%s: \"%.*s\" in \"%s\"\n", name, (int)len,
                        text + h.v[i].start, text);
    }
    if (!want)
        ok = h.n == 0;
    pc_hits_free(&h);
    return ok;
}

struct hit {
    const char *text;
    const char *span; /* NULL: nothing may be found */
};

static void check_all(const char *name, const struct hit *c, size_t n)
{
    size_t i;
    int bad = 0;

    for (i = 0; i < n; i++)
        if (!reports(name, c[i].text, c[i].span)) {
            print_error("%s: want \"%s\" in \"%s\"\n", name,
                        c[i].span ? c[i].span : "(nothing)", c[i].text);
            bad = 1;
        }
    if (bad)
        fail();
}

#define CHECK(name, arr) check_all(name, arr, sizeof arr / sizeof *arr)

static void test_plan(void **state)
{
    (void)state;
    assert_int_equal(pc__plan_load(), 1);
    /* +44 20 7946 0018: a London number; +44 20 7946 001 is too short. */
    assert_int_equal(pc__plan_intl("442079460018", 12), PC__PLAN_VALID);
    assert_int_not_equal(pc__plan_intl("44207946001", 11), PC__PLAN_VALID);
    /* +999 is no country's code. */
    assert_int_equal(pc__plan_intl("999123456789", 12), PC__PLAN_NONE);
    {
        const char *r = NULL;

        /* A French mobile, written nationally. */
        assert_int_equal(pc__plan_national("0612345678", 10, NULL, &r),
                         PC__PLAN_VALID);
        assert_non_null(r);
        assert_true(strlen(r) == 2);
    }
}

static void test_phone_world(void **state)
{
    static const struct hit c[] = {
        /* Written nationally, in the layouts of their countries. */
        {"Lost my phone, new one is 06 12 34 56 78", "06 12 34 56 78"},
        {"back Monday. 0612 345 678", "0612 345 678"},
        {"Still 030 1234 5678 as before", "030 1234 5678"},
        {"Any news? (03) 9123 4567", "(03) 9123 4567"},
        {"Usual one: 0412 345 678", "0412 345 678"},
        {"Sorted, 087 123 4567 from tomorrow", "087 123 4567"},
        {"see you there 0766043991", "0766043991"},
        {"Still 28 55 70 78 as before", "28 55 70 78"},
        /* With the country code. */
        {"+33 6 12 34 56 78", "+33 6 12 34 56 78"},
        {"Cheers! +49 30 12345678", "+49 30 12345678"},
        {"still 0046 70 123 45 67", "0046 70 123 45 67"},
        /* A phone word makes any phone-shaped number one. */
        {"Phone: 0490 75 40 81", "0490 75 40 81"},
        {"call me at (37) 788-063", "(37) 788-063"},
        {"my number is 699 956 915", "699 956 915"},
        /* Look-alikes. */
        {"The meeting moved to 2024-03-12 at 10:30.", NULL},
        {"Open 9:00-17:30, Monday to Friday", NULL},
        {"In 1998-2004 the club won 12 titles", NULL},
        {"Final score 3-1, then 102-98 in the rematch", NULL},
        {"Tickets cost €129.99 or 1 299 kr at the door", NULL},
        {"Order number 0612345678, arriving Tuesday", NULL},
        {"Ring me when order 0612345678 arrives", NULL},
        {"Update to version 12.4.1 (build 204811)", NULL},
        {"Reference INV-2024-00123", NULL},
        {"Tracking 265888420162 (DHL)", NULL},
        {"The population grew from 612 345 to 698 221", NULL},
        {"Call me after the meeting on 12.03.2024 at 18:00", NULL},
        {"We had 12345678 views", NULL},
        {"Back in 20220207 we", NULL},
    };

    (void)state;
    CHECK("phone", c);
}

static void test_address_world(void **state)
{
    static const struct hit c[] = {
        /* The number first, with a street word the USPS lists. */
        {"Address: 3814 Morar-Bergnaum Divide, 22884 Port Ciara",
         "3814 Morar-Bergnaum Divide"},
        {"44192 Laverne Land, A7D 7Y7 Bahringerville", "44192 Laverne Land"},
        {"Send it to 6113 O'Hara Plaza Apt. 466, Thomsonburgh 3096",
         "6113 O'Hara Plaza"},
        /* The street word first. */
        {"my flat is 9 Rue du Faubourg-Saint-Denis, La Seyne-sur-Mer",
         "9 Rue du Faubourg-Saint-Denis"},
        {"Envíalo a Calle Mayor 5, 28013 Madrid", "Calle Mayor 5"},
        {"Strada Ulberto 77, Piano 6", "Strada Ulberto 77"},
        {"Home: ul. Długa 3, 00-238 Warszawa", "ul. Długa 3"},
        /* The street word ending the name, the number after it. */
        {"Forward my post to Wolf-Vostell-Str. 397, Horakscheid",
         "Wolf-Vostell-Str. 397"},
        {"Driessenweg 405\n2183 EY Schimmertsluis", "Driessenweg 405"},
        {"Hovedgaden 67, 7652 Hjallerup", "Hovedgaden 67"},
        {"Johanssons Väg 2\nEkfors 25564", "Johanssons Väg 2"},
        {"Petteritie 1 A 40, Helsinki", "Petteritie 1"},
        {"233 Erzsébet tér 19., Domoszló", "Erzsébet tér 19."},
        {"Meet at my house, 6丁目9番5号, 286-6320", "6丁目9番5号"},
        {"Rambla de Catalunya s/n, 08007 Barcelona",
         "Rambla de Catalunya s/n"},
        /* A street word that is also a venue word. */
        {"Home: 578 Shanny Summit, South Danafort", "578 Shanny Summit"},
        /* Any street line, with a town after it and an address word. */
        {"I live at Skovbrynet 21B\nOdder", "Skovbrynet 21B"},
        {"Home: 889 The Maltings\nSouth Price", "889 The Maltings"},
        /* Not addresses. */
        {"Season 3, Episode 4 was the best", NULL},
        {"Track 12, Side B of the new album", NULL},
        {"Departure Gate 12, Terminal 2", NULL},
        {"Highway 61 was closed for 3 hours", NULL},
        {"We saw 3 Green Lights, then turned", NULL},
        {"The calendar is live! Dates: Jan 15, Feb 19, Mar 19", NULL},
        {"Our new address from 1 March: Unit 4, Mill Yard, Skipton", NULL},
        {"Our mailing address is PO Box 1142, Austin, TX", NULL},
        {"Join us at the conference centre, 12 Harbour Island, Leeds",
         NULL},
    };

    (void)state;
    CHECK("address", c);
}

/* Card numbers made valid here (Luhn) for each network's ranges. */
static void test_cards(void **state)
{
    static const struct hit c[] = {
        {"card 3530 1113 3330 0000", "3530 1113 3330 0000"},       /* JCB */
        {"JCB 180012345678905 please", "180012345678905"},     /* JCB 15 */
        {"Mir 2200 0000 0000 0004", "2200 0000 0000 0004"},
        {"pay with 6759 6498 2643 8453", "6759 6498 2643 8453"}, /* Maestro */
        {"my maestro card 675964982648", "675964982648"},   /* 12 digits */
        {"Diners 3056 930902 5904", "3056 930902 5904"},
        {"use 6250 9410 0652 8599", "6250 9410 0652 8599"},  /* UnionPay */
        {"UATP card 122000000000003", "122000000000003"},
        /* Not cards: the wrong length or check digit, a 12-digit or UATP
         * shape with no card word, numbers said to be something else. */
        {"Invoice 4111 1111 1111 1112 paid", NULL},
        {"Tracking 675964982648 (DHL)", NULL},
        {"Flight ref 122000000000003", NULL},
        {"Tracking number 6011000990139424", NULL},
        {"Barcode 6304000000000000", NULL},
    };

    (void)state;
    CHECK("payment-card", c);
}

static void test_bank(void **state)
{
    static const struct hit c[] = {
        /* IBANs of several countries, with and without spaces. */
        {"IBAN: DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"},
        {"pay into FR1420041010050500013M02606 by Friday",
         "FR1420041010050500013M02606"},
        {"my account NO9386011117947", "NO9386011117947"},
        {"Sort code 12-34-56, account 12345678", "12-34-56"},
        {"Routing number 021000021, account 12345678", "021000021"},
        /* The right check digits but the wrong length for the country
         * (GB is 22), or the wrong check digits. */
        {"Product code GB08 WEST 1234 5698 765", NULL},
        {"IBAN: DE89 3704 0044 0532 0130 01", NULL},
        /* A date beside an order number is not a sort code. */
        {"Order 27539480 on 27-12-22", NULL},
    };

    (void)state;
    CHECK("bank-account", c);
}

static void test_dob_formats(void **state)
{
    static const struct hit c[] = {
        {"I was born on 1960. 02. 16.", "1960. 02. 16."},
        {"DOB: 1974/2/6", "1974/2/6"},
        {"Meeting on 2026/12/04 at noon", NULL},
    };

    (void)state;
    CHECK("dob", c);
}

/* A child's age is personal data when tied to a person: here by a first
 * name near it (detect_pii.c's name_between), the other ties (kin, "she
 * is") absent. The name must stand where the age's shape says the person
 * is, and not after a title. */
static void test_age_names(void **state)
{
    static const struct hit c[] = {
        /* Up to 40 bytes before "aged", or 30 after it. */
        {"Oliver is sporty and loves football, aged 7", "aged 7"},
        {"aged 7 and already reading, Oliver", "aged 7"},
        {"aged 7 and already reading every night, Oliver", NULL},
        {"Oliver is sporty and loves football and cricket, aged 7", NULL},
        /* Before the verb only: the person comes first. */
        {"Sophie turned 8 this week", "turned 8"},
        {"The club turned 8 this week, said Sophie", NULL},
        /* Right before a bracket: within 16 bytes. */
        {"Caleb (12) won", " (12)"},
        {"Caleb and his best friends (12) won", NULL},
        /* A name after a title is an adult's; another name still counts. */
        {"Thanks Coach Oliver, aged 12 at heart", NULL},
        {"Coach Oliver and Mia, aged 12", "aged 12"},
        /* A capitalised word that is no first name. */
        {"Football Club, aged 12 this season", NULL},
    };

    (void)state;
    CHECK("dob", c);
}

/* Two ages in one post: each is judged by the names near it, and
 * looking for a name does not lose the age being judged. */
static void test_age_names_two(void **state)
{
    static const char text[] =
        "Mia, aged 7, came first. The rest of the team ran very well too "
        "and all of them are aged 9";
    pc_hits h = {0};

    (void)state;
    assert_int_equal(pc__detect_run_buf(dets, "dob", text, strlen(text), &h),
                     PC_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.v[0].start, 5);
    assert_int_equal(h.v[0].end, 11);
    pc_hits_free(&h);
}

static void test_id_document(void **state)
{
    static const struct hit c[] = {
        {"Passport number: 533401372", "533401372"},
        {"my passport no. is GB1234567, exp 2030", "GB1234567"},
        {"Reisepass Nr. C01X00T47", "C01X00T47"},
        {"driver's license # D123-4567-8901", "D123-4567-8901"},
        {"DL: K2877306", "K2877306"},
        /* A UK driving licence number is one without a label. */
        {"found a licence MORGA753116SM9IJ on the bus", "MORGA753116SM9IJ"},
        /* Not identity numbers: no label, no number after the label. */
        {"Booking reference 971GSC4", NULL},
        {"My passport expires in 2032, renewing now", NULL},
        {"Passport photos cost 12 pounds", NULL},
        {"Licence key 8WV5OV2Y5NVDSA52", NULL},
        {"Driving test on 12/3/2026 at 8:30", NULL},
    };

    (void)state;
    CHECK("id-document", c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_phone_world),
        cmocka_unit_test(test_address_world),
        cmocka_unit_test(test_cards),
        cmocka_unit_test(test_bank),
        cmocka_unit_test(test_dob_formats),
        cmocka_unit_test(test_age_names),
        cmocka_unit_test(test_age_names_two),
        cmocka_unit_test(test_id_document),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
